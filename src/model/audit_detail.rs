//! What an audit event adds to its action and record, as data: ids, kinds, counts, a file's
//! path, a letter's number, a reason a person typed. Stored in `AuditEvent::detail` as JSON
//! (`Detail::stored`) and put into words only when read (`labels::audit::audit_detail`), in the
//! reader's language. Events written before details were data hold short codes or English
//! sentences; `Detail::read` understands the ones the program wrote and keeps anything else as
//! text, shown as stored.

use super::{
    AbsenceKind, AbsenceOutcome, AuditAction, IncidentKind, LeaveReason, NoteKind, RecordRef,
    Refusal, Role,
};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Detail {
    /// The action and the record say it all.
    None,
    /// Kept from before details were data: shown as stored.
    Text(String),
    /// A reason a person typed (a note deleted, a report closed): shown as typed.
    Reason(String),
    /// A staff member added with this role, or given it.
    Role(Role),
    /// The store's first staff member, with this role.
    FirstStaff(Role),
    /// A head teacher now leads this many classes.
    Classes(u32),
    Deactivated,
    Reactivated,
    /// The mailbox readers were named again.
    MailboxReaders,
    /// A child added or changed by a roster import.
    Roster,
    RosterImport {
        added: u32,
        updated: u32,
        unchanged: u32,
        rejected: u32,
    },
    JsonImport {
        file: String,
        children: u32,
        notes: u32,
        letters: u32,
    },
    Demo {
        seed: u64,
    },
    /// A child left the programme.
    Left(LeaveReason),
    /// A child is in the programme again.
    Returned,
    /// A counselor's children went to staff member `to`.
    Handover {
        to: u64,
        children: u32,
        followups: u32,
    },
    /// A follow-up made from a mood entry.
    FollowUpOfMood,
    /// A follow-up made from a note.
    FollowUpOfNote,
    /// A follow-up moved with its child in a handover.
    FollowUpHandedOver,
    FollowUpDone,
    /// A mood entry's score.
    Score(u8),
    NoteKind(NoteKind),
    IncidentKind(IncidentKind),
    /// Something that followed was added to a report.
    IncidentEvent,
    /// A report raised from the letter with this number.
    FromLetter(String),
    /// A letter, by its number (taken in, read, replied, printed).
    Letter(String),
    /// A reply kept as a draft.
    LetterDraft(String),
    /// "Needs attention" set or cleared by hand.
    LetterAttention {
        number: String,
        on: bool,
    },
    /// The operation the permission table refused (its code, `access.op.<code>`).
    Refused(String),
    /// A refusal the store decided (an unlock, a sealing, a restore), kept as its code.
    Refusal(Refusal),
    /// Wrong passphrases in a row so far.
    FailedLogins(u32),
    /// The store was sealed.
    Encrypted,
    /// Personal data written out: what (`json`, `csv`, `xlsx`, `audit csv`…) and where.
    Export {
        what: String,
        to: String,
    },
    /// A report written out: which and where.
    Report {
        what: String,
        to: String,
    },
    /// The audit trail written out: its format, how many events, where.
    AuditExport {
        format: String,
        events: u32,
        to: String,
    },
    /// A file a backup went to, or a restore came from.
    File(String),
    /// An absence case (控辍保学) registered, of this kind.
    AbsenceRegistered(AbsenceKind),
    /// An attempt to bring the child back logged; `failed` when the child is still away.
    AbsenceAttempt {
        failed: bool,
    },
    /// An absence case's written report printed.
    AbsenceReportPrinted,
    /// A mandatory report raised from an absence case.
    AbsenceIncident,
    /// An absence case closed with this outcome.
    AbsenceClosed(AbsenceOutcome),
    /// An absence case opened on a screen.
    AbsenceViewed,
}

impl Detail {
    /// The detail as `AuditEvent::detail` keeps it.
    pub fn stored(&self) -> String {
        match self {
            Detail::None => String::new(),
            // Serialising a plain enum of strings and numbers cannot fail.
            d => serde_json::to_string(d).unwrap_or_default(),
        }
    }

    /// The detail of an event as stored, whenever it was written.
    pub fn read(action: AuditAction, target: RecordRef, stored: &str) -> Detail {
        let s = stored.trim();
        if s.is_empty() {
            return Detail::None;
        }
        if (s.starts_with('{') || s.starts_with('"'))
            && let Ok(d) = serde_json::from_str::<Detail>(s)
        {
            return d;
        }
        legacy(action, target, s).unwrap_or_else(|| Detail::Text(stored.to_string()))
    }
}

impl From<Detail> for String {
    fn from(d: Detail) -> String {
        d.stored()
    }
}

/// The details written before they were data, as the program wrote them.
fn legacy(action: AuditAction, target: RecordRef, s: &str) -> Option<Detail> {
    use AuditAction as A;
    use RecordRef as R;
    let num = |t: &str| t.trim().parse::<u32>().ok();
    // "a → b": what was written out and where.
    let arrow = |t: &str| {
        t.split_once(" → ")
            .map(|(a, b)| (a.trim().to_string(), b.trim().to_string()))
    };
    Some(match (action, target, s) {
        (_, R::FollowUp(_), "mood") => Detail::FollowUpOfMood,
        (_, R::FollowUp(_), "note") => Detail::FollowUpOfNote,
        (_, R::FollowUp(_), "handover") => Detail::FollowUpHandedOver,
        (_, R::FollowUp(_), "done") => Detail::FollowUpDone,
        (_, R::Child(_), "roster") => Detail::Roster,
        (_, R::Child(_), "returned") => Detail::Returned,
        (_, R::Counselor(_), "deactivated") => Detail::Deactivated,
        (_, R::Counselor(_), "reactivated") => Detail::Reactivated,
        (_, R::Store, "mailbox_readers") => Detail::MailboxReaders,
        (_, R::Store, "encrypted") => Detail::Encrypted,
        (_, R::Incident(_), "event") => Detail::IncidentEvent,
        (A::Refused, _, code) => match Refusal::parse(code) {
            Some(r) => Detail::Refusal(r),
            None => Detail::Refused(code.to_string()),
        },
        (A::LoginFailed, _, n) => Detail::FailedLogins(num(n)?),
        (A::Close | A::Delete, _, reason) => Detail::Reason(reason.to_string()),
        (A::Backup | A::Restore, R::Store, path) => Detail::File(path.to_string()),
        (A::Create, R::Counselor(_), role) => Detail::Role(Role::from_code(role)?),
        (_, R::Counselor(_), t) if t.starts_with("role: ") => {
            Detail::Role(Role::from_code(&t[6..])?)
        }
        (_, R::Counselor(_), t) if t.starts_with("classes: ") => Detail::Classes(num(&t[9..])?),
        (A::Assign, R::Counselor(_), t) if t.starts_with("handover to staff ") => {
            // "handover to staff 5: 3 children, 2 follow-ups"
            let (to, rest) = t["handover to staff ".len()..].split_once(": ")?;
            let (children, followups) = rest.split_once(", ")?;
            Detail::Handover {
                to: to.trim().parse().ok()?,
                children: num(children.split_whitespace().next()?)?,
                followups: num(followups.split_whitespace().next()?)?,
            }
        }
        (_, R::Child(_), t) if t.starts_with("left: ") => {
            Detail::Left(LeaveReason::parse(&t[6..])?)
        }
        (A::Create, R::Mood(_), t) if t.starts_with("score ") => {
            Detail::Score(t[6..].trim().parse().ok()?)
        }
        (A::Create, R::Note(_), kind) => Detail::NoteKind(NoteKind::parse(kind)?),
        (A::Create, R::Incident(_), t) if t.starts_with("letter ") => {
            Detail::FromLetter(t[7..].trim().to_string())
        }
        (A::Create | A::Update, R::Incident(_), kind) => {
            Detail::IncidentKind(IncidentKind::parse(kind)?)
        }
        (_, R::Letter(_), t) if t.ends_with(" draft") => {
            Detail::LetterDraft(t.trim_end_matches(" draft").to_string())
        }
        (_, R::Letter(_), t) if t.contains(" needs_attention=") => {
            let (number, on) = t.split_once(" needs_attention=")?;
            Detail::LetterAttention {
                number: number.to_string(),
                on: on == "true",
            }
        }
        (_, R::Letter(_), number) if super::LetterNumber::parse(number).is_some() => {
            Detail::Letter(number.to_string())
        }
        (A::Import, R::Store, t) if t.starts_with("roster import: ") => {
            // "roster import: 4 added, 0 updated, 0 unchanged, 0 rejected"
            let n: Vec<u32> = t["roster import: ".len()..]
                .split(", ")
                .map(|p| num(p.split_whitespace().next().unwrap_or("")))
                .collect::<Option<_>>()?;
            let [added, updated, unchanged, rejected] = n[..] else {
                return None;
            };
            Detail::RosterImport {
                added,
                updated,
                unchanged,
                rejected,
            }
        }
        (A::Export, R::Store, t) if t.starts_with("audit ") => {
            // "audit csv, 4 events → path"
            let (head, to) = arrow(t)?;
            let (format, events) = head["audit ".len()..].split_once(", ")?;
            Detail::AuditExport {
                format: format.to_string(),
                events: num(events.split_whitespace().next()?)?,
                to,
            }
        }
        (A::Export, _, t) if t.starts_with("report ") => {
            let (what, to) = arrow(&t["report ".len()..])?;
            Detail::Report { what, to }
        }
        (A::Export, R::Store, t) => {
            let (what, to) = arrow(t)?;
            Detail::Export { what, to }
        }
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_detail_is_kept_as_data_and_read_back() {
        for d in [
            Detail::Handover {
                to: 5,
                children: 3,
                followups: 1,
            },
            Detail::Role(Role::HeadTeacher),
            Detail::Letter("2026-W48-03".into()),
            Detail::Reason("写错了孩子".into()),
            Detail::Refused("export_personal".into()),
        ] {
            let stored = d.stored();
            assert!(
                stored.is_ascii() || matches!(d, Detail::Reason(_)),
                "{stored}"
            );
            assert_eq!(
                Detail::read(AuditAction::Update, RecordRef::Store, &stored),
                d
            );
        }
        assert_eq!(Detail::None.stored(), "");
    }

    /// What earlier versions wrote is understood, not shown as English.
    #[test]
    fn the_details_of_old_events_are_read() {
        use AuditAction as A;
        use RecordRef as R;
        let read = Detail::read;
        assert_eq!(
            read(
                A::Assign,
                R::Counselor(4),
                "handover to staff 5: 3 children, 2 follow-ups"
            ),
            Detail::Handover {
                to: 5,
                children: 3,
                followups: 2
            }
        );
        assert_eq!(
            read(A::Create, R::Counselor(4), "head-teacher"),
            Detail::Role(Role::HeadTeacher)
        );
        assert_eq!(read(A::Create, R::Child(4), "roster"), Detail::Roster);
        assert_eq!(
            read(
                A::Import,
                R::Store,
                "roster import: 4 added, 0 updated, 1 unchanged, 2 rejected"
            ),
            Detail::RosterImport {
                added: 4,
                updated: 0,
                unchanged: 1,
                rejected: 2
            }
        );
        assert_eq!(
            read(A::Export, R::Store, "csv → 名单.csv"),
            Detail::Export {
                what: "csv".into(),
                to: "名单.csv".into()
            }
        );
        assert_eq!(
            read(A::Export, R::Store, "audit csv, 4 events → /tmp/a.csv"),
            Detail::AuditExport {
                format: "csv".into(),
                events: 4,
                to: "/tmp/a.csv".into()
            }
        );
        assert_eq!(
            read(A::Update, R::Letter(3), "2026-W48-03 needs_attention=true"),
            Detail::LetterAttention {
                number: "2026-W48-03".into(),
                on: true
            }
        );
        assert_eq!(
            read(A::Create, R::Incident(3), "letter 2026-W48-03"),
            Detail::FromLetter("2026-W48-03".into())
        );
        assert_eq!(
            read(A::Create, R::Incident(3), "self_harm"),
            Detail::IncidentKind(IncidentKind::SelfHarm)
        );
        assert_eq!(
            read(A::Refused, R::Store, "export_personal"),
            Detail::Refused("export_personal".into())
        );
        assert_eq!(
            read(A::Update, R::Child(2), "left: moved"),
            Detail::Left(LeaveReason::Moved)
        );
        // Anything else stays as it was written.
        assert_eq!(
            read(A::Create, R::Store, "演示数据"),
            Detail::Text("演示数据".into())
        );
    }
}
