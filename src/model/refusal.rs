//! Why the store refused something that the permission table does not decide, as data: which
//! rule, and the facts its sentence names (who, which record, the numbers). The store, the
//! domain and the model make no sentences: a refusal is put into words only at the edges
//! (`labels::refusals` for the person refused, `labels::audit` for the trail), in the reader's
//! language, so no thread needs a language to be refused.
//!
//! The first five (an unlock, a sealing, a restore) are also written in a refusal's audit
//! event: their codes are written and read here, and each has words in both languages
//! (`labels::audit`). The detail keeps the code as text ("unlock deactivated",
//! "restore <file>: damaged backup"), as the store has always written it. The others are
//! answers to a change that was not made, never kept (`#[serde(skip)]`).

use super::limits::{FieldError, LetterDate};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// A try during the wait after wrong passphrases: seconds still to wait.
    UnlockTooSoon(u64),
    /// A deactivated staff member tried to open the store.
    UnlockDeactivated,
    /// A name nobody has, kept by its length only (what was typed may be anything).
    UnlockUnknownName(u32),
    Encrypt(EncryptRefusal),
    /// A restore refused: the file it would have come from, and why.
    Restore {
        from: String,
        why: RestoreRefusal,
    },
    /// A change to a staff member (`name`) the school cannot take (`domain::staffing`).
    #[serde(skip)]
    Staff {
        name: String,
        objection: Objection,
    },
    /// Only a head teacher leads classes.
    #[serde(skip)]
    NotHeadTeacher {
        name: String,
    },
    #[serde(skip)]
    Handover(HandoverRefusal),
    /// A child who left the programme would be put in someone's care.
    #[serde(skip)]
    NotInProgramme {
        child: String,
    },
    /// A child who already left would leave again.
    #[serde(skip)]
    AlreadyLeft {
        child: String,
    },
    /// A child would leave on a day still to come.
    #[serde(skip)]
    LeaveInFuture {
        date: NaiveDate,
    },
    /// A child in the programme would come back.
    #[serde(skip)]
    NotLeft {
        child: String,
    },
    /// The profile would change a child's status (leaving is an operation of its own).
    #[serde(skip)]
    StatusNotInProfile,
    /// The child was changed by someone else since the profile form was opened.
    #[serde(skip)]
    ChangedMeanwhile {
        child: String,
    },
    /// A new child record whose id is already taken.
    #[serde(skip)]
    ChildExists,
    /// A staff member with no name.
    #[serde(skip)]
    CounselorNeedsName,
    /// A value over its limit, or holding characters its field does not take.
    #[serde(skip)]
    Field(FieldError),
    /// A passphrase shorter than the minimum (`min` characters; `have` typed).
    #[serde(skip)]
    PassphraseTooShort {
        min: usize,
        have: usize,
    },
    /// A passphrase among the first an attacker tries (zxcvbn's estimate); `names_someone`
    /// when it is built on a staff member's name.
    #[serde(skip)]
    PassphraseWeak {
        names_someone: bool,
    },
    #[serde(skip)]
    Note(NoteRefusal),
    #[serde(skip)]
    Letter(LetterRefusal),
    #[serde(skip)]
    Incident(IncidentRefusal),
    /// A follow-up already done would be done again.
    #[serde(skip)]
    FollowUpAlreadyDone,
    #[serde(skip)]
    Absence(AbsenceRefusal),
    /// A backup the store will not restore from (or write to): the file and why.
    #[serde(skip)]
    Backup {
        path: String,
        why: BackupRefusal,
    },
    /// No child has this student id (as typed); `assigning` says the command assigns.
    #[serde(skip)]
    NoSuchStudent {
        student_id: String,
        assigning: bool,
    },
    /// The demo fills only a store with no children (`path`).
    #[serde(skip)]
    DemoNotEmpty {
        path: String,
    },
    /// Nobody has said who they are yet (the app before its start screen).
    #[serde(skip)]
    NameYourself,
    /// A letter's date outside the days a letter can have.
    #[serde(skip)]
    LetterDate(LetterDate),
    /// The staff record of whoever unlocks does not carry the coordinators' signature: it was
    /// changed outside Shouwang (a role, classes or the active flag edited in the file).
    UnlockStaffRecordChanged,
}

/// Why a change to a staff member is refused (`domain::staffing::objection`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Objection {
    /// The school would have no active coordinator left to keep the roster and the staff.
    LastCoordinator,
    /// A coordinator may not take their own role or account away: another coordinator must.
    Yourself,
    /// Someone who leaves still cares for this many children: they are handed over first, so
    /// that no child is left with a counselor who can no longer log in.
    StillCaring(usize),
    /// They are the last on the staff who holds the mailbox's key: the letters would open for
    /// nobody. Another reader opens Shouwang first, and is given it.
    LastMailboxKey,
}

/// Why a handover of children is refused; names as the staff table and the children hold them.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum HandoverRefusal {
    /// From a counselor to themselves.
    Same,
    /// To someone deactivated.
    Inactive { name: String },
    /// A chosen child the giver does not care for.
    NotTheirs { child: String, name: String },
    /// The giver cares for no child (or none was chosen).
    Nobody { name: String },
    /// The day is before the giver's care of the child began (`since`).
    BeforeCare {
        child: String,
        name: String,
        since: NaiveDate,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NoteRefusal {
    /// A note about nobody.
    NeedsChild,
    /// An edit of a deleted note.
    AlreadyDeleted,
    /// A deletion without a reason.
    DeleteNeedsReason,
    /// A change by someone who did not write the note.
    NotAuthor,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LetterRefusal {
    /// "Needs attention" would end other than by closing it with a reason.
    AttentionOnlyClosed,
    /// The letter would be linked to an incident that names a child.
    IncidentLink,
    /// "Needs attention" closed without a reason.
    ReasonNeeded,
    /// The letter is no longer in the store.
    Gone,
    /// The letter (by its number) does not need attention.
    AttentionNotOn { number: String },
    /// The reply went into a print file and is marked printed.
    ReplyLocked,
    /// Only a letter that needs attention raises an incident.
    IncidentNeedsAttention,
    /// The letter (by its number) already raised an open incident.
    IncidentExists { number: String },
}

/// The incident guard (`Writer::put_incident`) and the incident form's own refusals.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IncidentRefusal {
    /// What was found is empty.
    NeedsFound,
    /// A closure (or another ending) without a reason.
    NeedsReason,
    /// The child or the reporter would change.
    SameChild,
    /// An event would be removed or changed.
    EventsKept,
    /// A revision would be removed or changed.
    RevisionsKept,
    /// A closure would be undone or changed.
    ClosureKept,
    /// A correction without its revision.
    HistoryKept,
    /// An event with nothing in it.
    NeedsEvent,
    /// A closed report would change.
    AlreadyClosed,
    /// The kind "other" says what it is.
    NeedsOther,
    /// Only the kind "other" carries a line of its own.
    OtherOnlyForOther,
}

/// The rules of an absence case (控辍保学, `store/session_absence.rs`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AbsenceRefusal {
    /// The child already has an open case.
    AlreadyOpen,
    /// The first day away is after today.
    FirstDayFuture,
    /// The case is not in the store.
    Gone,
    /// The case is closed.
    Closed,
    /// An attempt says nobody went.
    NeedsWent,
    /// An attempt says nothing of what came of it.
    NeedsResult,
    /// Closed as reported in writing before the report was printed.
    NeedsReportFirst,
    /// A mandatory report of the old kinds 无故旷课 / 辍学.
    NotAnIncident,
}

/// Why a file is refused as a backup to restore from, or to write to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BackupRefusal {
    /// The backup has no staff (its passphrases would open nothing).
    NoStaff,
    /// The store in use is sealed and the backup is not.
    NotSealed,
    /// The backup is another store's.
    OtherStore,
    /// The file is empty.
    Empty,
    /// A backup would overwrite a file already there.
    Exists,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum EncryptRefusal {
    /// Nobody named themselves.
    NoName,
    AlreadyEncrypted,
    /// A demo store (or an empty one) is plain on purpose.
    Demo,
    PassphraseTooShort,
    /// Only the coordinator seals the store.
    Role,
    PassphraseWeak,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum RestoreRefusal {
    DamagedBackup,
    NotAStore,
    NoSuchFile,
    NotThisStore,
    Failed,
}

impl EncryptRefusal {
    pub const ALL: [EncryptRefusal; 6] = [
        EncryptRefusal::NoName,
        EncryptRefusal::AlreadyEncrypted,
        EncryptRefusal::Demo,
        EncryptRefusal::PassphraseTooShort,
        EncryptRefusal::Role,
        EncryptRefusal::PassphraseWeak,
    ];

    pub fn code(self) -> &'static str {
        match self {
            EncryptRefusal::NoName => "no_name",
            EncryptRefusal::AlreadyEncrypted => "already_encrypted",
            EncryptRefusal::Demo => "demo",
            EncryptRefusal::PassphraseTooShort => "passphrase_too_short",
            EncryptRefusal::Role => "role",
            EncryptRefusal::PassphraseWeak => "passphrase_weak",
        }
    }
}

impl RestoreRefusal {
    pub const ALL: [RestoreRefusal; 5] = [
        RestoreRefusal::DamagedBackup,
        RestoreRefusal::NotAStore,
        RestoreRefusal::NoSuchFile,
        RestoreRefusal::NotThisStore,
        RestoreRefusal::Failed,
    ];

    pub fn code(self) -> &'static str {
        match self {
            RestoreRefusal::DamagedBackup => "damaged backup",
            RestoreRefusal::NotAStore => "not a store",
            RestoreRefusal::NoSuchFile => "no such file",
            RestoreRefusal::NotThisStore => "not a backup of this store",
            RestoreRefusal::Failed => "failed",
        }
    }
}

impl Refusal {
    /// The detail as the audit event keeps it.
    pub fn code(&self) -> String {
        match self {
            Refusal::UnlockTooSoon(wait) => format!("unlock too_soon {wait}"),
            Refusal::UnlockDeactivated => "unlock deactivated".into(),
            Refusal::UnlockUnknownName(chars) => format!("unlock unknown_name {chars}"),
            Refusal::UnlockStaffRecordChanged => "unlock staff_record_changed".into(),
            Refusal::Encrypt(why) => format!("encrypt {}", why.code()),
            Refusal::Restore { from, why } => format!("restore {from}: {}", why.code()),
            // Never audited: their kind only, as the log names an error.
            other => crate::logging::kind(other),
        }
    }

    /// The refusal a detail keeps, if it is one of these.
    pub fn parse(s: &str) -> Option<Refusal> {
        let s = s.trim();
        if let Some(rest) = s.strip_prefix("unlock ") {
            return match rest.split_once(' ') {
                Some(("too_soon", n)) => n.trim().parse().ok().map(Refusal::UnlockTooSoon),
                Some(("unknown_name", n)) => n.trim().parse().ok().map(Refusal::UnlockUnknownName),
                _ if rest == "staff_record_changed" => Some(Refusal::UnlockStaffRecordChanged),
                _ => (rest == "deactivated").then_some(Refusal::UnlockDeactivated),
            };
        }
        if let Some(code) = s.strip_prefix("encrypt ") {
            return EncryptRefusal::ALL
                .into_iter()
                .find(|why| why.code() == code)
                .map(Refusal::Encrypt);
        }
        let rest = s.strip_prefix("restore ")?;
        // The file's name may hold ": " itself: the reason is what follows the last one.
        let (from, code) = rest.rsplit_once(": ")?;
        RestoreRefusal::ALL
            .into_iter()
            .find(|why| why.code() == code)
            .map(|why| Refusal::Restore {
                from: from.to_string(),
                why,
            })
    }

    /// One of each refusal the store writes: what the catalogues' test walks.
    pub fn every_kind() -> Vec<Refusal> {
        let mut all = vec![
            Refusal::UnlockTooSoon(30),
            Refusal::UnlockDeactivated,
            Refusal::UnlockUnknownName(3),
            Refusal::UnlockStaffRecordChanged,
        ];
        all.extend(EncryptRefusal::ALL.map(Refusal::Encrypt));
        all.extend(RestoreRefusal::ALL.map(|why| Refusal::Restore {
            from: "/backups/shouwang-2026-12-01.redb".into(),
            why,
        }));
        all
    }
}

impl From<Refusal> for String {
    fn from(r: Refusal) -> String {
        r.code()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_refusal_reads_back_as_written() {
        for r in Refusal::every_kind() {
            assert_eq!(Refusal::parse(&r.code()), Some(r.clone()), "{}", r.code());
        }
        assert_eq!(Refusal::parse("export_personal"), None);
        let odd = Refusal::Restore {
            from: "C:\\a: b.redb".into(),
            why: RestoreRefusal::NotAStore,
        };
        assert_eq!(Refusal::parse(&odd.code()), Some(odd));
    }
}
