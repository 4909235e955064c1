//! Table definitions and the index entries each record implies. Indexes are derived from the
//! record alone (`Indexed::entries`), so a put can remove the old entries and add the new ones,
//! and a migration can rebuild every index from the records.

use super::codec::{Owner, Record, Sealing};
use crate::model::limits;
use crate::model::*;
use redb::{MultimapTableDefinition, TableDefinition};

pub type RecordTable = TableDefinition<'static, u64, &'static [u8]>;

pub const META: TableDefinition<&str, u64> = TableDefinition::new("meta");
pub const DRAFTS: TableDefinition<&str, &[u8]> = TableDefinition::new("drafts");
/// Staff id → that person's key slot: their secret key (`crypto::PersonKey`) wrapped under
/// their passphrase (the data key itself in a slot of an earlier version).
pub const KEY_SLOTS: TableDefinition<u64, &[u8]> = TableDefinition::new("key_slots");
/// Staff id → that person's public key, to which what they are granted is sealed.
pub const PERSON_KEYS: TableDefinition<u64, &[u8]> = TableDefinition::new("person_keys");
/// Staff id → the coordinators' signature of that staff record (its name, role, classes and
/// active flag); row 0 holds the key that verifies them (`school_key::sign_staff`).
pub const STAFF_SIGNATURES: TableDefinition<u64, &[u8]> = TableDefinition::new("staff_signatures");
/// (grant name, staff id) → a key sealed to that person's public key (`crypto::grant`): the
/// store's data key (`data`) today.
pub const GRANTS: TableDefinition<(&str, u64), &[u8]> = TableDefinition::new("grants");
/// A child's key granted to a carer: (staff, child) → `keyring::Granter::grant`.
pub const CHILD_GRANTS: TableDefinition<(u64, u64), &[u8]> = TableDefinition::new("child_grants");
/// The same grants by child: (child, staff).
pub const GRANTEES: TableDefinition<(u64, u64), ()> = TableDefinition::new("ix_child_grantees");
/// The generation in force of each child's key rotated at least once (the first is 1).
pub const CHILD_GENERATIONS: TableDefinition<u64, u32> = TableDefinition::new("child_generations");
/// Children whose summary waits for someone who holds their key (a report written from
/// outside their care touched them).
pub const STALE_SUMMARIES: TableDefinition<u64, ()> = TableDefinition::new("stale_summaries");

pub const COUNSELOR_BY_NAME: TableDefinition<&str, u64> = TableDefinition::new("ix_counselor_name");
pub const CHILD_BY_STUDENT_ID: TableDefinition<&str, u64> =
    TableDefinition::new("ix_child_student_id");
pub const CHILD_BY_NAME_BIRTH: TableDefinition<(&str, i32), u64> =
    TableDefinition::new("ix_child_name_birth");
pub const CHILDREN_BY_CLASS: MultimapTableDefinition<&str, u64> =
    MultimapTableDefinition::new("ix_class_children");
/// Current assignments only: counselor → child.
pub const CHILDREN_BY_COUNSELOR: MultimapTableDefinition<u64, u64> =
    MultimapTableDefinition::new("ix_counselor_children");
pub const ASSIGNMENTS_BY_CHILD: MultimapTableDefinition<u64, u64> =
    MultimapTableDefinition::new("ix_child_assignments");
/// (child, seconds, note) → the note's kind (`NoteKind as u8`, or `DELETED_NOTE`): a child's
/// timeline in time order, and what the cadence engine needs without decoding any note.
pub const NOTES_BY_CHILD: TableDefinition<(u64, i64, u64), u8> =
    TableDefinition::new("ix_child_notes");
pub const DELETED_NOTE: u8 = u8::MAX;
pub const NOTES_BY_COUNSELOR: TableDefinition<(u64, i64, u64), ()> =
    TableDefinition::new("ix_counselor_notes");
pub const MOODS_BY_CHILD: TableDefinition<(u64, i64, u64), ()> =
    TableDefinition::new("ix_child_moods");
/// (child, seconds, note) → the mood the note observed of that child (`Note::mood_of`): the
/// notes' part of the child's one mood history, read beside `ix_child_moods` without
/// decoding any note. Derived from the note, so an edit or a soft delete keeps it in step.
pub const NOTE_MOODS_BY_CHILD: TableDefinition<(u64, i64, u64), u8> =
    TableDefinition::new("ix_child_note_moods");
/// Open follow-ups only: (due day, follow-up).
pub const OPEN_FOLLOWUPS_BY_DUE: TableDefinition<(i32, u64), ()> =
    TableDefinition::new("ix_followups_open_due");
pub const FOLLOWUPS_BY_CHILD: TableDefinition<(u64, u64), ()> =
    TableDefinition::new("ix_child_followups");
pub const LETTER_BY_NUMBER: TableDefinition<(i32, u32, u32), u64> =
    TableDefinition::new("ix_letter_number");
/// (status, year, week, seq) → letter: letters by status, then week.
pub const LETTERS_BY_STATUS: TableDefinition<(u8, i32, u32, u32), u64> =
    TableDefinition::new("ix_letter_status");
/// Each letter's day received and whether it needs attention, by number: what the school's
/// statistics count, readable without the mailbox's key (no text, no child).
pub const LETTER_DAYS: TableDefinition<(i32, u32, u32), (i32, u8)> =
    TableDefinition::new("ix_letter_days");
pub const OPEN_INCIDENTS: TableDefinition<u64, ()> = TableDefinition::new("ix_incidents_open");
pub const INCIDENTS_BY_CHILD: TableDefinition<(u64, u64), ()> =
    TableDefinition::new("ix_child_incidents");
/// Open absence cases (控辍保学) only.
pub const OPEN_ABSENCES: TableDefinition<u64, ()> = TableDefinition::new("ix_absences_open");
pub const ABSENCES_BY_CHILD: TableDefinition<(u64, u64), ()> =
    TableDefinition::new("ix_child_absences");
/// (child, seconds replaced, revision): a child's earlier versions in the order they were
/// replaced.
pub const REVISIONS_BY_CHILD: TableDefinition<(u64, i64, u64), ()> =
    TableDefinition::new("ix_child_revisions");

pub const META_SCHEMA: &str = "schema_version";
pub const META_NEXT_ID: &str = "next_id";
/// How the store keeps its values: absent in a store made before encryption (plain, and it
/// must be encrypted before real use), or one of `ENCRYPTION_*`.
pub const META_ENCRYPTION: &str = "encryption";
/// A random number given to a store when it is made, carried by its backups: a restore
/// refuses a backup of another store (stores made before it have none, and are not compared).
pub const META_STORE_ID: &str = "store_id";
pub const ENCRYPTION_SEALED: u64 = 1;
/// A demo store: invented children, plain on purpose, and says so on every screen.
pub const ENCRYPTION_DEMO: u64 = 2;
/// `login_failures/<staff id>` → wrong passphrases in a row; `login_failed_at/<staff id>` →
/// when the last one was given (seconds): the backoff before the next attempt.
pub const META_LOGIN_FAILURES: &str = "login_failures/";
pub const META_LOGIN_FAILED_AT: &str = "login_failed_at/";
/// `mailbox_reader/<counselor id>` → 1 for each mailbox reader the coordinator named; none
/// named means every staff member reads the mailbox.
/// Set once every child's records are sealed under the child's key (issue 20).
pub const META_CHILD_KEYS: &str = "child_keys";
/// A staff member whose new key pair waits for a coordinator to grant their children's keys.
pub const META_CARE_PENDING: &str = "care_pending/";
pub const META_CARE_PENDING_END: &str = "care_pending0";
/// The generation of the mailbox's key in force; none while letters are under the data key.
pub const META_MAILBOX_GENERATION: &str = "mailbox_generation";
/// Set when someone who held the mailbox's key left its holders: the next holder's sync
/// moves it to a new generation.
pub const META_MAILBOX_ROTATE: &str = "mailbox_rotate";
pub const META_MAILBOX_READER: &str = "mailbox_reader/";
/// Just past every `mailbox_reader/…` key ('0' follows '/').
pub const META_MAILBOX_READER_END: &str = "mailbox_reader0";

/// One index row implied by a record.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Entry {
    CounselorName(String, u64),
    StudentId(String, u64),
    NameBirth(String, i32, u64),
    ClassChild(String, u64),
    CounselorChild(u64, u64),
    ChildAssignment(u64, u64),
    ChildNote(u64, i64, u64, u8),
    CounselorNote(u64, i64, u64),
    ChildMood(u64, i64, u64),
    ChildNoteMood(u64, i64, u64, u8),
    OpenFollowUp(i32, u64),
    ChildFollowUp(u64, u64),
    LetterNumber(i32, u32, u32, u64),
    LetterStatus(u8, i32, u32, u32, u64),
    LetterDay(i32, u32, u32, i32, u8),
    OpenIncident(u64),
    ChildIncident(u64, u64),
    ChildRevision(u64, i64, u64),
    OpenAbsence(u64),
    ChildAbsence(u64, u64),
}

pub trait Indexed: Record {
    fn table() -> RecordTable;
    fn entries(&self) -> Vec<Entry>;
    /// The limits of `model::limits` this record must keep; checked on every put, so that no
    /// way in can store what the others refuse.
    fn check(&self) -> Result<(), Refusal> {
        Ok(())
    }
}

/// The records `Writer::put` may overwrite as they are. A child is not one of them: a change
/// to a child goes through `Writer::put_child`, which keeps the version it replaces, so no
/// operation (present or future) can rewrite a child and lose its history.
pub trait PutInPlace: Indexed {}

impl PutInPlace for Counselor {}
impl PutInPlace for Assignment {}
impl PutInPlace for Note {}
impl PutInPlace for MoodEntry {}
impl PutInPlace for FollowUp {}
impl PutInPlace for Letter {}
impl PutInPlace for Incident {}
impl PutInPlace for AuditEvent {}
impl PutInPlace for ChildRevision {}
impl PutInPlace for AbsenceCase {}

pub fn seconds(t: Timestamp) -> i64 {
    t.and_utc().timestamp()
}

pub use crate::model::day_number;

/// `record!(Type, "table", version [+ reader of older layouts] [, sealing], |r| index rows [, check])`.
macro_rules! record {
    ($ty:ty, $name:literal, $version:literal $(+ $older:path)? $(, $sealing:ident)?, |$r:ident| $entries:expr $(, $check:expr)? $(; owner |$o:ident| $owner:expr)?) => {
        impl Record for $ty {
            const NAME: &'static str = $name;
            const VERSION: u8 = $version;
            $(const SEALING: Sealing = Sealing::$sealing;)?
            fn key(&self) -> u64 {
                self.id.0
            }
            $(
                fn owner(&self) -> Owner {
                    let $o = self;
                    $owner
                }
            )?
            $(
                fn older(version: u8, body: &[u8]) -> Option<Result<Self, String>> {
                    $older(version, body)
                }
            )?
        }
        impl Indexed for $ty {
            fn table() -> RecordTable {
                TableDefinition::new($name)
            }
            fn entries(&self) -> Vec<Entry> {
                let $r = self;
                $entries
            }
            $(
                fn check(&self) -> Result<(), Refusal> {
                    let check: fn(&$ty) -> Result<(), Refusal> = $check;
                    check(self)
                }
            )?
        }
    };
}

record!(
    Counselor,
    "counselors",
    1,
    Never,
    |c| vec![Entry::CounselorName(c.name.clone(), c.id.0)],
    |r| limits::check_counselor(r).map_err(Refusal::Field)
);

// Layout 2 (schema 8) added the parent at home's capacity, the entrustment and the
// enrolment state.
record!(
    Child,
    "children",
    2 + super::older::child,
    |c| {
        let mut e = vec![
            Entry::NameBirth(c.name.clone(), day_number(c.birth_date), c.id.0),
            Entry::ClassChild(c.class.clone(), c.id.0),
        ];
        if let Some(sid) = &c.student_id {
            e.push(Entry::StudentId(sid.clone(), c.id.0));
        }
        e
    },
    |r| limits::check_child(r).map_err(Refusal::Field);
    owner |c| Owner::Child(c.id.0)
);

record!(Assignment, "assignments", 1, |a| {
    let mut e = vec![Entry::ChildAssignment(a.child.0, a.id.0)];
    if a.is_current() {
        e.push(Entry::CounselorChild(a.counselor.0, a.child.0));
    }
    e
});

record!(
    Note,
    "notes",
    1,
    |n| {
        let at = seconds(n.at);
        let kind = if n.is_deleted() {
            DELETED_NOTE
        } else {
            n.kind as u8
        };
        let mut e: Vec<Entry> = n
            .children
            .iter()
            .map(|c| Entry::ChildNote(c.0, at, n.id.0, kind))
            .collect();
        e.extend(n.children.iter().filter_map(|c| {
            n.mood_of(*c)
                .map(|score| Entry::ChildNoteMood(c.0, at, n.id.0, score))
        }));
        e.push(Entry::CounselorNote(n.counselor.0, at, n.id.0));
        e
    },
    |r| limits::check_note(r).map_err(Refusal::Field);
    owner |n| Owner::Children(n.children.iter().map(|c| c.0).collect())
);

record!(
    MoodEntry,
    "moods",
    1,
    |m| vec![Entry::ChildMood(m.child.0, seconds(m.at), m.id.0)],
    |r| limits::check_mood(r).map_err(Refusal::Field);
    owner |m| Owner::Child(m.child.0)
);

record!(FollowUp, "followups", 1, |f| {
    let mut e = vec![Entry::ChildFollowUp(f.child.0, f.id.0)];
    if f.is_open() {
        e.push(Entry::OpenFollowUp(day_number(f.due), f.id.0));
    }
    e
}; owner |f| Owner::Child(f.child.0));

// Layout 2 (schema 6) added the closing of attention and the incident link.
record!(
    Letter,
    "letters",
    2 + super::older::letter,
    |l| {
        let n = l.number;
        vec![
            Entry::LetterNumber(n.year, n.week, n.seq, l.id.0),
            Entry::LetterStatus(l.status as u8, n.year, n.week, n.seq, l.id.0),
            Entry::LetterDay(
                n.year,
                n.week,
                n.seq,
                day_number(l.received),
                u8::from(l.needs_attention),
            ),
        ]
    },
    |r| limits::check_letter(r).map_err(Refusal::Field);
    owner |_l| Owner::Mailbox
);

// Layout 2 added `other` (what the kind "other" is) to the incident and its revisions.
record!(
    Incident,
    "incidents",
    2 + super::older::incident,
    |i| {
        let mut e = Vec::new();
        if i.is_open() {
            e.push(Entry::OpenIncident(i.id.0));
        }
        if let Some(c) = i.child {
            e.push(Entry::ChildIncident(c.0, i.id.0));
        }
        e
    },
    |i| {
        crate::model::check_kind(i.kind, &i.other)?;
        i.revisions
            .iter()
            .try_for_each(|r| crate::model::check_kind(r.kind, &r.other))
    };
    // A letter's report (no child) is the mailbox's.
    owner |i| i.child.map_or(Owner::Mailbox, |c| Owner::Child(c.0))
);

record!(AuditEvent, "audit", 1, ToSchool, |_a| Vec::new());

record!(
    AbsenceCase,
    "absences",
    1,
    |a| {
        let mut e = vec![Entry::ChildAbsence(a.child.0, a.id.0)];
        if a.is_open() {
            e.push(Entry::OpenAbsence(a.id.0));
        }
        e
    },
    |a| limits::check_absence(a).map_err(Refusal::Field);
    owner |a| Owner::Child(a.child.0)
);

// Layout 2: the child inside is of layout 2.
record!(
    ChildRevision,
    "child_revisions",
    2 + super::older::child_revision,
    |r| vec![Entry::ChildRevision(
        r.child.0,
        seconds(r.replaced_at),
        r.id.0
    )];
    owner |r| Owner::Child(r.child.0)
);

/// Derived like an index (rebuilt with them, never exported), but a record in its own table.
impl Record for ChildSummary {
    const NAME: &'static str = "summaries";
    const VERSION: u8 = 1;
    fn key(&self) -> u64 {
        self.child.0
    }
    fn owner(&self) -> Owner {
        Owner::Child(self.child.0)
    }
}
impl Indexed for ChildSummary {
    fn table() -> RecordTable {
        TableDefinition::new("summaries")
    }
    fn entries(&self) -> Vec<Entry> {
        Vec::new()
    }
}

/// The directory row of a child (`ChildListing`), kept with the summary, under the data key.
impl Record for ChildListing {
    const NAME: &'static str = "listings";
    const VERSION: u8 = 1;
    fn key(&self) -> u64 {
        self.child.0
    }
}
impl Indexed for ChildListing {
    fn table() -> RecordTable {
        TableDefinition::new("listings")
    }
    fn entries(&self) -> Vec<Entry> {
        Vec::new()
    }
}

impl Entry {
    /// The child whose summary this row bears on, if any: a write that adds or removes the
    /// row changes what the child's summary must say.
    pub fn child(&self) -> Option<u64> {
        match *self {
            Entry::NameBirth(_, _, c)
            | Entry::ChildAssignment(c, _)
            | Entry::ChildNote(c, ..)
            | Entry::ChildMood(c, ..)
            | Entry::ChildNoteMood(c, ..)
            | Entry::ChildFollowUp(c, _)
            | Entry::ChildIncident(c, _)
            | Entry::ChildAbsence(c, _) => Some(c),
            _ => None,
        }
    }
}
