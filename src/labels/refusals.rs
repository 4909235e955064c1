//! A refusal in words, for the person refused: the store, the domain and the model answer with
//! data (`model::Refusal`, `domain::access::Denial`, `model::limits::FieldError`), and these
//! functions say it in the language in force, naming what the data names (a name made safe to
//! show, a date, a number).

use crate::domain::access::{Denial, Why};
use crate::model::limits::{FieldError, FieldName, LetterDate, PHONE_CHARS, Problem, grouped};
use crate::model::{
    AbsenceRefusal, BackupRefusal, HandoverRefusal, IncidentRefusal, LetterRefusal, NoteRefusal,
    Objection, Refusal, limits,
};
use crate::text::safe;
use crate::{labels, tr};
use std::fmt::Display;

impl Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&refusal(self))
    }
}

impl Display for Denial {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&denial(self))
    }
}

/// What the person refused reads.
pub fn refusal(r: &Refusal) -> String {
    match r {
        Refusal::Staff { name, objection } => staff(name, *objection),
        Refusal::NotHeadTeacher { name } => tr!("admin.staff.not_head_teacher", name = safe(name)),
        Refusal::Handover(why) => handover(why),
        Refusal::NotInProgramme { child } => {
            tr!("admin.leave.not_in_programme", child = safe(child))
        }
        Refusal::AlreadyLeft { child } => tr!("admin.leave.already", child = safe(child)),
        Refusal::LeaveInFuture { date } => tr!("admin.leave.future", date = date),
        Refusal::NotLeft { child } => tr!("admin.leave.not_left", child = safe(child)),
        Refusal::StatusNotInProfile => tr!("admin.leave.not_in_profile"),
        Refusal::ChangedMeanwhile { child } => {
            tr!("ui.form.changed_meanwhile", child = safe(child))
        }
        Refusal::UnlockStaffRecordChanged => tr!("privacy.staff_record_changed"),
        Refusal::ChildExists => tr!("store.child_exists"),
        Refusal::CounselorNeedsName => tr!("store.counselor_needs_name"),
        Refusal::Field(e) => field_error(e),
        Refusal::PassphraseTooShort { min, have } => {
            tr!("privacy.passphrase_too_short", min = min, have = have)
        }
        Refusal::PassphraseWeak {
            names_someone: true,
        } => tr!("privacy.passphrase_names_someone"),
        Refusal::PassphraseWeak {
            names_someone: false,
        } => tr!("privacy.passphrase_weak"),
        Refusal::Note(why) => say(match why {
            NoteRefusal::NeedsChild => "notes.needs_child",
            NoteRefusal::AlreadyDeleted => "notes.already_deleted",
            NoteRefusal::DeleteNeedsReason => "notes.delete_needs_reason",
            NoteRefusal::NotAuthor => "notes.not_author",
        }),
        Refusal::Letter(why) => letter(why),
        Refusal::Incident(why) => incident(*why),
        Refusal::FollowUpAlreadyDone => tr!("care.followup.already_done"),
        Refusal::Absence(why) => say(match why {
            AbsenceRefusal::AlreadyOpen => "absence.already_open",
            AbsenceRefusal::FirstDayFuture => "absence.first_day_future",
            AbsenceRefusal::Gone => "absence.gone",
            AbsenceRefusal::Closed => "absence.closed",
            AbsenceRefusal::NeedsWent => "absence.needs_went",
            AbsenceRefusal::NeedsResult => "absence.needs_result",
            AbsenceRefusal::NeedsReportFirst => "absence.needs_report_first",
            AbsenceRefusal::NotAnIncident => "absence.not_an_incident",
        }),
        Refusal::Backup { path, why } => {
            let key = match why {
                BackupRefusal::NoStaff => "store.restore_no_staff",
                BackupRefusal::NotSealed => "store.restore_not_sealed",
                BackupRefusal::OtherStore => "store.restore_other_store",
                BackupRefusal::Empty => "store.restore_empty",
                BackupRefusal::Exists => "store.backup_exists",
            };
            crate::i18n::fill(&crate::i18n::text(key), &[("path", path as &dyn Display)])
        }
        Refusal::NoSuchStudent {
            student_id,
            assigning,
        } => {
            let quoted = crate::text::quote(student_id, limits::QUOTED_CHARS);
            if *assigning {
                tr!("cli.no_such_student", student_id = quoted)
            } else {
                tr!("admin.cli.no_such_student", student_id = quoted)
            }
        }
        Refusal::DemoNotEmpty { path } => tr!("demo.not_empty", path = path),
        Refusal::NameYourself => tr!("access.name_yourself_app"),
        Refusal::LetterDate(d) => letter_date(d),
        Refusal::Encrypt(crate::model::EncryptRefusal::AlreadyEncrypted) => {
            tr!("privacy.already_encrypted")
        }
        Refusal::Encrypt(crate::model::EncryptRefusal::Demo) => tr!("privacy.demo_not_encrypted"),
        // The audited refusals the store answers with another error (`TooSoon`,
        // `Deactivated`…): said as the audit says them.
        Refusal::UnlockTooSoon(_)
        | Refusal::UnlockDeactivated
        | Refusal::UnlockUnknownName(_)
        | Refusal::Encrypt(_)
        | Refusal::Restore { .. } => labels::audit::refusal(r),
    }
}

fn staff(name: &str, objection: Objection) -> String {
    match objection {
        Objection::Yourself => tr!("admin.staff.yourself"),
        Objection::LastCoordinator => tr!("admin.staff.last_coordinator", name = safe(name)),
        Objection::StillCaring(count) => {
            tr!("admin.staff.still_caring", name = safe(name), count = count)
        }
        Objection::LastMailboxKey => tr!("admin.staff.last_mailbox_key", name = safe(name)),
    }
}

fn handover(why: &HandoverRefusal) -> String {
    match why {
        HandoverRefusal::Same => tr!("admin.handover.same"),
        HandoverRefusal::Inactive { name } => tr!("admin.handover.inactive", name = safe(name)),
        HandoverRefusal::NotTheirs { child, name } => tr!(
            "admin.handover.not_theirs",
            child = safe(child),
            name = safe(name)
        ),
        HandoverRefusal::Nobody { name } => tr!("admin.handover.nobody", name = safe(name)),
        HandoverRefusal::BeforeCare { child, name, since } => tr!(
            "admin.handover.before_care",
            child = safe(child),
            name = safe(name),
            since = since
        ),
    }
}

fn letter(why: &LetterRefusal) -> String {
    match why {
        LetterRefusal::AttentionOnlyClosed => tr!("mailbox.attention_only_closed"),
        LetterRefusal::IncidentLink => tr!("mailbox.incident_link"),
        LetterRefusal::ReasonNeeded => tr!("mailbox.reason_needed"),
        LetterRefusal::Gone => tr!("mailbox.letter_gone"),
        LetterRefusal::AttentionNotOn { number } => {
            tr!("mailbox.attention_not_on", number = number)
        }
        LetterRefusal::ReplyLocked => tr!("mailbox.reply_locked"),
        LetterRefusal::IncidentNeedsAttention => tr!("mailbox.incident_needs_attention"),
        LetterRefusal::IncidentExists { number } => {
            tr!("mailbox.incident_exists", number = number)
        }
    }
}

fn incident(why: IncidentRefusal) -> String {
    say(match why {
        IncidentRefusal::NeedsFound => "care.guard.needs_found",
        IncidentRefusal::NeedsReason => "care.guard.needs_reason",
        IncidentRefusal::SameChild => "care.guard.same_child",
        IncidentRefusal::EventsKept => "care.guard.events_kept",
        IncidentRefusal::RevisionsKept => "care.guard.revisions_kept",
        IncidentRefusal::ClosureKept => "care.guard.closure_kept",
        IncidentRefusal::HistoryKept => "care.guard.history_kept",
        IncidentRefusal::NeedsEvent => "care.incident.needs_event",
        IncidentRefusal::AlreadyClosed => "care.incident.already_closed",
        IncidentRefusal::NeedsOther => "care.incident.needs_other",
        IncidentRefusal::OtherOnlyForOther => "care.incident.other_only_for_other",
    })
}

/// A sentence without slots, by its key (the keys are the literals beside each call).
fn say(key: &str) -> String {
    crate::i18n::text(key).to_string()
}

/// The name of the field a limit refused, in the language in force.
pub fn field_name(f: FieldName) -> String {
    match f {
        FieldName::Key(key) => crate::i18n::text(key).to_string(),
        FieldName::Column { zh, en } => match crate::i18n::lang() {
            crate::i18n::Lang::Zh => zh.to_string(),
            crate::i18n::Lang::En => en.to_string(),
        },
    }
}

/// A value the limits refused: the field named, and the limit said.
pub fn field_error(e: &FieldError) -> String {
    let field = field_name(e.field);
    match &e.problem {
        Problem::Bidi => tr!("limits.bidi", field = field),
        Problem::Control { multi_line: true } => tr!("limits.control_text", field = field),
        Problem::Control { multi_line: false } => tr!("limits.control_line", field = field),
        Problem::TooLong { length, max } => tr!(
            "limits.too_long",
            field = field,
            length = grouped(*length as u64),
            max = grouped(*max as u64)
        ),
        Problem::Phone { value } => tr!(
            "limits.phone",
            field = field,
            value = value,
            max = PHONE_CHARS
        ),
        Problem::Empty => tr!("limits.empty", field = field),
        Problem::OutOfRange { value, min, max } => tr!(
            "limits.out_of_range",
            field = field,
            value = value,
            min = min,
            max = max
        ),
    }
}

pub fn letter_date(d: &LetterDate) -> String {
    match d {
        LetterDate::Future { date, today } => {
            tr!("limits.letter_future", date = date, today = today)
        }
        LetterDate::TooOld { date } => tr!(
            "limits.letter_too_old",
            date = date,
            earliest = limits::earliest_letter()
        ),
    }
}

/// What the person refused by the table or their session reads.
pub fn denial(d: &Denial) -> String {
    match d {
        Denial::Table { who, role, op, why } => {
            let who = safe(who);
            let what = crate::i18n::text(op.key()).to_string();
            match why {
                Why::RoleOnly => tr!(
                    "access.role_only",
                    who = who,
                    role = labels::role(*role),
                    what = what
                ),
                Why::OutOfScope => tr!("access.out_of_scope", who = who, what = what),
                Why::NotAReader => tr!("access.not_a_reader", who = who, what = what),
                Why::NotActive => tr!("access.not_active", what = what),
            }
        }
        Denial::Gone { who } => tr!("access.gone", who = safe(who)),
        Denial::NotEmpty => tr!("access.not_empty"),
        Denial::ReportNotYours { who } => tr!("report.not_yours", who = safe(who)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::access::Operation;
    use crate::i18n::{Lang, set_thread_lang};
    use crate::model::{IncidentKind, Role, check_kind};

    #[test]
    fn the_incident_kinds_rule_is_said_in_the_readers_language() {
        set_thread_lang(Lang::Zh);
        let said = |kind, other| refusal(&check_kind(kind, other).unwrap_err());
        assert_eq!(
            said(IncidentKind::Other, "  "),
            "类别为“其他”时，请写明是什么情况（如 校园欺凌）。"
        );
        assert_eq!(
            said(IncidentKind::Abuse, "校园欺凌"),
            "只有类别为“其他”时才写类别说明。"
        );
        set_thread_lang(Lang::En);
        assert!(
            said(IncidentKind::Other, "").starts_with("For the kind \"other\", say what it is")
        );
    }

    #[test]
    fn a_limit_names_the_field_and_the_numbers() {
        set_thread_lang(Lang::En);
        let long = limits::check(limits::FieldKind::Text, &"a".repeat(20_001))
            .unwrap_err()
            .of(FieldName::Key("limits.field.remarks"));
        let e = field_error(&long);
        assert!(e.contains("20,001") && e.contains("20,000"), "{e}");
        set_thread_lang(Lang::Zh);
        let column = Problem::Bidi.of(FieldName::Column {
            zh: "备注",
            en: "remarks",
        });
        assert!(field_error(&column).contains("备注"));
        set_thread_lang(Lang::En);
        assert!(field_error(&column).contains("remarks"));
        assert!(field_error(&column).contains("direction"));
    }

    #[test]
    fn a_denial_is_worded_with_the_role_and_the_operation() {
        set_thread_lang(Lang::En);
        let said = denial(&Denial::Table {
            who: "李老师".into(),
            role: Role::Counselor,
            op: Operation::Backup,
            why: Why::RoleOnly,
        });
        assert!(said.starts_with("李老师 (counselor) may not "), "{said}");
        assert!(said.contains(&crate::tr!("access.op.backup")), "{said}");
    }
}
