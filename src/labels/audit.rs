//! The detail of an audit event in words, in the reader's language, from what the event keeps
//! as data (`model::Detail`). Names come from the caller (`export::audit`), which reads them
//! through what the reader may see.

use crate::domain::access::Operation;
use crate::labels;
use crate::model::{Detail, EncryptRefusal, Refusal, RestoreRefusal};
use crate::{tr, trn};

/// `staff` names a staff member by id (a handover's receiver), when the reader may know it.
pub fn audit_detail(d: &Detail, staff: &dyn Fn(u64) -> Option<String>) -> String {
    match d {
        Detail::None => String::new(),
        Detail::Text(s) | Detail::Letter(s) | Detail::File(s) => s.clone(),
        Detail::Reason(reason) => tr!("audit.detail.reason", reason = reason),
        Detail::Role(role) => labels::role(*role),
        Detail::FirstStaff(role) => tr!("audit.detail.first_staff", role = labels::role(*role)),
        Detail::Classes(n) => trn!("audit.detail.classes", count = *n),
        Detail::Deactivated => tr!("audit.detail.deactivated"),
        Detail::Reactivated => tr!("audit.detail.reactivated"),
        Detail::MailboxReaders => tr!("audit.detail.mailbox_readers"),
        Detail::Roster => tr!("audit.detail.roster"),
        Detail::RosterImport {
            added,
            updated,
            unchanged,
            rejected,
        } => tr!(
            "audit.detail.roster_import",
            added = added,
            updated = updated,
            unchanged = unchanged,
            rejected = rejected
        ),
        Detail::JsonImport {
            file,
            children,
            notes,
            letters,
        } => tr!(
            "audit.detail.json_import",
            file = file,
            children = children,
            notes = notes,
            letters = letters
        ),
        Detail::Demo { seed } => tr!("audit.detail.demo", seed = seed),
        Detail::Left(reason) => tr!("audit.detail.left", reason = labels::leave_reason(*reason)),
        Detail::Returned => tr!("audit.detail.returned"),
        Detail::Handover {
            to,
            children,
            followups,
        } => tr!(
            "audit.detail.handover",
            name = staff(*to).unwrap_or_else(|| tr!("audit.who.unknown_staff", id = to)),
            children = children,
            followups = followups
        ),
        Detail::FollowUpOfMood => tr!("audit.detail.followup_of_mood"),
        Detail::FollowUpOfNote => tr!("audit.detail.followup_of_note"),
        Detail::FollowUpHandedOver => tr!("audit.detail.followup_handed_over"),
        Detail::FollowUpDone => tr!("audit.detail.followup_done"),
        Detail::Score(score) => tr!("audit.detail.score", score = score),
        Detail::NoteKind(kind) => labels::note_kind(*kind),
        Detail::IncidentKind(kind) => labels::incident_kind(*kind),
        Detail::IncidentEvent => tr!("audit.detail.incident_event"),
        Detail::FromLetter(number) => tr!("audit.detail.from_letter", number = number),
        Detail::LetterDraft(number) => tr!("audit.detail.letter_draft", number = number),
        Detail::LetterAttention { number, on: true } => {
            tr!("audit.detail.attention_on", number = number)
        }
        Detail::LetterAttention { number, on: false } => {
            tr!("audit.detail.attention_off", number = number)
        }
        Detail::Refused(code) => refused(code),
        Detail::Refusal(r) => refusal(r),
        Detail::FailedLogins(n) => tr!("audit.detail.failed_logins", count = n),
        Detail::Encrypted => tr!("audit.detail.encrypted"),
        Detail::Export { what, to } => tr!("audit.detail.written", what = written(what), to = to),
        Detail::Report { what, to } => tr!("audit.detail.written", what = report(what), to = to),
        Detail::AuditExport { format, events, to } => tr!(
            "audit.detail.audit_export",
            format = format.to_uppercase(),
            count = events,
            to = to
        ),
        Detail::AbsenceRegistered(kind) => tr!(
            "audit.detail.absence_registered",
            kind = labels::absence_kind(*kind)
        ),
        Detail::AbsenceAttempt { failed: true } => tr!("audit.detail.absence_attempt_failed"),
        Detail::AbsenceAttempt { failed: false } => tr!("audit.detail.absence_attempt_back"),
        Detail::AbsenceReportPrinted => tr!("audit.detail.absence_report_printed"),
        Detail::AbsenceIncident => tr!("audit.detail.absence_incident"),
        Detail::AbsenceClosed(outcome) => tr!(
            "audit.detail.absence_closed",
            outcome = labels::absence_outcome(*outcome)
        ),
        Detail::AbsenceViewed => tr!("audit.detail.absence_viewed"),
    }
}

/// The refused operation in words (its code when the program no longer knows it).
fn refused(code: &str) -> String {
    Operation::ALL
        .into_iter()
        .find(|op| op.key().strip_prefix("access.op.") == Some(code))
        .map_or_else(
            || code.to_string(),
            |op| crate::i18n::text(op.key()).to_string(),
        )
}

/// A refusal the store decided, in words (a file's path kept as data).
pub fn refusal(r: &Refusal) -> String {
    match r {
        Refusal::UnlockTooSoon(wait) => trn!("audit.refusal.unlock_too_soon", count = *wait),
        Refusal::UnlockDeactivated => tr!("audit.refusal.unlock_deactivated"),
        Refusal::UnlockStaffRecordChanged => tr!("audit.refusal.unlock_staff_record_changed"),
        Refusal::UnlockUnknownName(chars) => {
            trn!("audit.refusal.unlock_unknown_name", count = *chars)
        }
        Refusal::Encrypt(why) => tr!(
            "audit.refusal.encrypt",
            why = match why {
                EncryptRefusal::NoName => tr!("audit.refusal.encrypt_no_name"),
                EncryptRefusal::AlreadyEncrypted => tr!("audit.refusal.encrypt_already"),
                EncryptRefusal::Demo => tr!("audit.refusal.encrypt_demo"),
                EncryptRefusal::PassphraseTooShort => tr!("audit.refusal.encrypt_short"),
                EncryptRefusal::PassphraseWeak => tr!("audit.refusal.encrypt_weak"),
                EncryptRefusal::Role => tr!("audit.refusal.encrypt_role"),
            }
        ),
        Refusal::Restore { from, why } => tr!(
            "audit.refusal.restore",
            from = from,
            why = match why {
                RestoreRefusal::DamagedBackup => tr!("audit.refusal.restore_damaged"),
                RestoreRefusal::NotAStore => tr!("audit.refusal.restore_not_a_store"),
                RestoreRefusal::NoSuchFile => tr!("audit.refusal.restore_no_file"),
                RestoreRefusal::NotThisStore => tr!("audit.refusal.restore_other_store"),
                RestoreRefusal::Failed => tr!("audit.refusal.restore_failed"),
            }
        ),
        // Never audited (an answer to a change not made): said as the person heard it.
        other => super::refusals::refusal(other),
    }
}

/// What an export wrote, in words.
fn written(what: &str) -> String {
    match what {
        "json" => tr!("audit.detail.what_json"),
        "csv" => tr!("audit.detail.what_csv"),
        "xlsx" => tr!("audit.detail.what_xlsx"),
        other => other.to_string(),
    }
}

/// A report as its writer named it ("semester 李老师 2026-09-01..2027-01-20"): the kind in
/// words, what follows (a name, a range) as data.
fn report(what: &str) -> String {
    let (kind, rest) = what.split_once(' ').unwrap_or((what, ""));
    let kind = match kind {
        "semester" => tr!("audit.detail.report_semester"),
        "quarterly" => tr!("audit.detail.report_quarterly"),
        "stats" => tr!("audit.detail.report_stats"),
        "archive" => tr!("audit.detail.report_archive"),
        "absence" => tr!("audit.detail.report_absence"),
        _ => return what.to_string(),
    };
    format!("{kind} {rest}").trim_end().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, set_lang};
    use crate::model::{AbsenceKind, AbsenceOutcome, IncidentKind, LeaveReason, NoteKind, Role};

    /// Every detail the program writes reads as Chinese in Chinese (what is data aside: a
    /// name, a number, a path) and as English in English.
    #[test]
    fn every_detail_has_words_in_both_languages() {
        let staff = |id: u64| (id == 5).then(|| "王老师".to_string());
        let all = [
            Detail::Role(Role::HeadTeacher),
            Detail::FirstStaff(Role::Coordinator),
            Detail::Classes(2),
            Detail::Deactivated,
            Detail::Reactivated,
            Detail::MailboxReaders,
            Detail::Roster,
            Detail::RosterImport {
                added: 1,
                updated: 2,
                unchanged: 3,
                rejected: 4,
            },
            Detail::Demo { seed: 7 },
            Detail::Left(LeaveReason::Moved),
            Detail::Returned,
            Detail::Handover {
                to: 5,
                children: 3,
                followups: 1,
            },
            Detail::FollowUpOfMood,
            Detail::FollowUpOfNote,
            Detail::FollowUpHandedOver,
            Detail::FollowUpDone,
            Detail::Score(2),
            Detail::NoteKind(NoteKind::HomeVisit),
            Detail::IncidentKind(IncidentKind::SelfHarm),
            Detail::IncidentEvent,
            Detail::FromLetter("2026-W48-03".into()),
            Detail::LetterDraft("2026-W48-03".into()),
            Detail::LetterAttention {
                number: "2026-W48-03".into(),
                on: true,
            },
            Detail::Refused("export_personal".into()),
            Detail::FailedLogins(3),
            Detail::Encrypted,
            Detail::Report {
                what: "semester 李老师 2026-09-01..2027-01-20".into(),
                to: "stdout".into(),
            },
            Detail::AbsenceRegistered(AbsenceKind::DroppedOut),
            Detail::AbsenceAttempt { failed: true },
            Detail::AbsenceAttempt { failed: false },
            Detail::AbsenceReportPrinted,
            Detail::AbsenceIncident,
            Detail::AbsenceClosed(AbsenceOutcome::Returned),
            Detail::AbsenceViewed,
            Detail::Refusal(Refusal::UnlockStaffRecordChanged),
            Detail::Report {
                what: "absence".into(),
                to: "stdout".into(),
            },
        ];
        set_lang(Lang::Zh);
        for d in &all {
            let words = audit_detail(d, &staff);
            let latin = words
                .replace("2026-W48-03", "")
                .replace("stdout", "")
                .chars()
                .any(|c| c.is_ascii_alphabetic());
            assert!(!latin && !words.is_empty(), "{d:?}: {words}");
        }
        assert_eq!(
            audit_detail(&all[11], &staff),
            "交接给王老师：孩子 3 人，跟进事项 1 条"
        );
        set_lang(Lang::En);
        assert_eq!(
            audit_detail(&all[11], &staff),
            "handed over to 王老师: children 3, follow-ups 1"
        );
        assert_eq!(audit_detail(&all[23], &staff), "export personal data");
        for d in &all {
            assert!(
                !audit_detail(d, &staff)
                    .chars()
                    .any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
                    || matches!(d, Detail::Handover { .. } | Detail::Report { .. }),
                "{d:?}"
            );
        }
        set_lang(Lang::Zh);
    }

    /// Every refusal the store writes reads as words in both languages, never as its code;
    /// read back from the detail the store keeps, as the audit screen reads it.
    #[test]
    fn every_refusal_the_store_writes_has_words_in_both_languages() {
        use crate::model::{AuditAction, RecordRef, Refusal};
        let staff = |_: u64| None;
        let path = "/backups/shouwang-2026-12-01.redb";
        for r in Refusal::every_kind() {
            let read = Detail::read(AuditAction::Refused, RecordRef::Store, &r.code());
            assert_eq!(read, Detail::Refusal(r.clone()));
            set_lang(Lang::Zh);
            let zh = audit_detail(&read, &staff);
            assert!(
                !zh.replace(path, "")
                    .chars()
                    .any(|c| c.is_ascii_alphabetic()),
                "{r:?}: {zh}"
            );
            set_lang(Lang::En);
            let en = audit_detail(&read, &staff);
            assert!(
                !en.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))
                    && !en.contains(&r.code())
                    && !en.contains('_'),
                "{r:?}: {en}"
            );
        }
        set_lang(Lang::En);
        assert_eq!(
            refusal(&Refusal::UnlockTooSoon(1)),
            "unlock tried during the wait after wrong passphrases (1 second left)"
        );
        set_lang(Lang::Zh);
    }
}
