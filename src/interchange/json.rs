//! The file format of the full JSON export, version 1: plain structs kept apart from the model
//! so that the model can change while the file format stays put. Export converts into them,
//! import out of them.

use crate::model::*;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use super::json_absence::{AbsenceClosureJson, AbsenceJson, AttemptJson};

pub const FORMAT: &str = "shouwang-export";
pub const VERSION: u64 = 1;

/// How many records of each kind went into (or came out of) a JSON export.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct JsonCounts {
    pub counselors: usize,
    pub children: usize,
    pub assignments: usize,
    pub notes: usize,
    pub moods: usize,
    pub followups: usize,
    pub letters: usize,
    pub incidents: usize,
    /// Absence cases (控辍保学); exports made before them have none.
    pub absences: usize,
    /// Earlier versions of children's records.
    pub child_revisions: usize,
    /// Zero when the audit trail was not asked for.
    pub audit: usize,
}

impl std::fmt::Display for JsonCounts {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&crate::tr!(
            "store.json.counts",
            counselors = crate::trn!("ui.count.staff", count = self.counselors),
            children = crate::trn!("ui.count.children", count = self.children),
            assignments = crate::trn!("ui.count.assignments", count = self.assignments),
            notes = crate::trn!("ui.count.notes", count = self.notes),
            moods = crate::trn!("ui.count.moods", count = self.moods),
            followups = crate::trn!("ui.count.followups", count = self.followups),
            letters = crate::trn!("ui.count.letters", count = self.letters),
            incidents = crate::trn!("ui.count.incidents", count = self.incidents),
            absences = crate::trn!("ui.count.absences", count = self.absences)
        ))
    }
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CounselorJson {
    pub id: u64,
    pub name: String,
    pub role: String,
    pub classes: Vec<String>,
    /// Always empty: a passphrase's hash would let whoever holds the file try passphrases
    /// offline, and without the key slot (never exported) it opens nothing. Kept in the
    /// layout so that older exports still read.
    pub passphrase_hash: Option<String>,
    pub created: Timestamp,
    pub active: bool,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StudyJson {
    pub term: String,
    pub text: String,
}

/// The roster's English column names (SPEC §5), then what the archive adds.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChildJson {
    pub id: u64,
    pub student_id: Option<String>,
    pub name: String,
    pub gender: String,
    pub birth_date: NaiveDate,
    pub class: String,
    pub village: String,
    pub left_behind_type: String,
    pub father_name: String,
    pub father_work_place: String,
    pub father_phone: String,
    pub mother_name: String,
    pub mother_work_place: String,
    pub mother_phone: String,
    pub guardian_name: String,
    pub guardian_relation: String,
    pub guardian_phone: String,
    pub guardian_address: String,
    pub personality: String,
    pub hobbies: String,
    pub medical_history: String,
    pub boarding: Option<bool>,
    pub flags: Vec<String>,
    pub remarks: String,
    pub concerns: Vec<String>,
    pub study: Vec<StudyJson>,
    /// `active` or `left`; a child who left also has the three `left_*` keys.
    pub status: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left_date: Option<NaiveDate>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub left_note: Option<String>,
    // The definition's fields (issue 23, 4) and the enrolment state: exports made before
    // them lack the keys, read as not recorded and at school.
    #[serde(default)]
    pub guardian_capacity: Option<String>,
    #[serde(default)]
    pub entrusted_to: String,
    #[serde(default)]
    pub entrusted_since: Option<NaiveDate>,
    #[serde(default = "at_school")]
    pub enrolment: String,
}

fn at_school() -> String {
    Enrolment::AtSchool.code().to_string()
}

/// An earlier version of a child's record (the record history): `before` as the child
/// object was until `replaced_at`. Exports made before the history was kept have no
/// `child_revisions` list; import reads them as having none.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChildRevisionJson {
    pub id: u64,
    pub child: u64,
    pub replaced_at: Timestamp,
    pub replaced_by: ActorJson,
    pub before: ChildJson,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssignmentJson {
    pub id: u64,
    pub child: u64,
    pub counselor: u64,
    pub from: NaiveDate,
    pub until: Option<NaiveDate>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteRevisionJson {
    pub replaced_at: Timestamp,
    pub replaced_by: u64,
    pub kind: String,
    pub at: Timestamp,
    pub text: String,
}

/// Who did something and when, with a reason or a note: deletions, closures, done follow-ups.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeletionJson {
    pub at: Timestamp,
    pub by: u64,
    pub reason: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NoteJson {
    pub id: u64,
    pub children: Vec<u64>,
    pub counselor: u64,
    pub kind: String,
    pub at: Timestamp,
    pub duration_min: Option<u16>,
    pub text: String,
    pub mood: Option<u8>,
    pub support: String,
    pub follow_up: Option<u64>,
    pub created: Timestamp,
    pub revisions: Vec<NoteRevisionJson>,
    pub deleted: Option<DeletionJson>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoodJson {
    pub id: u64,
    pub child: u64,
    pub at: Timestamp,
    pub score: u8,
    pub feelings: Vec<String>,
    pub observer: u64,
    pub note: String,
    pub follow_up: Option<NaiveDate>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUpDoneJson {
    pub at: Timestamp,
    pub by: u64,
    pub note: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FollowUpJson {
    pub id: u64,
    pub child: u64,
    pub counselor: u64,
    pub due: NaiveDate,
    pub text: String,
    pub note: Option<u64>,
    pub created: Timestamp,
    pub done: Option<FollowUpDoneJson>,
}

/// A letter carries nothing that could name a child or a staff member: the model's
/// `replied_by` is deliberately left out, and comes back as `None` on import.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LetterJson {
    pub id: u64,
    pub number: String,
    pub pseudonym: Option<String>,
    pub received: NaiveDate,
    pub text: String,
    pub status: String,
    pub needs_attention: bool,
    pub attention_reason: String,
    pub reply: String,
    pub replied_at: Option<Timestamp>,
    pub printed: bool,
    /// When and why "needs attention" was closed (not who: a letter names no staff member).
    /// Exports made before it lack the key.
    #[serde(default)]
    pub attention_closed: Option<AttentionClosedJson>,
    /// The incident raised from the letter, which names no child.
    #[serde(default)]
    pub incident: Option<u64>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttentionClosedJson {
    pub at: Timestamp,
    pub reason: String,
}

/// Every key a letter object may have; a test holds the export to it.
pub const LETTER_KEYS: &[&str] = &[
    "id",
    "number",
    "pseudonym",
    "received",
    "text",
    "status",
    "needs_attention",
    "attention_reason",
    "reply",
    "replied_at",
    "printed",
    "attention_closed",
    "incident",
];

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentEventJson {
    pub at: Timestamp,
    pub by: u64,
    pub text: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentRevisionJson {
    pub replaced_at: Timestamp,
    pub replaced_by: u64,
    pub kind: String,
    /// What "other" meant (absent from exports made before the kind existed).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub other: String,
    pub found: String,
    pub reported_to: String,
    pub receipt: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct IncidentJson {
    pub id: u64,
    pub child: Option<u64>,
    pub kind: String,
    /// For the kind `other`, what it is (absent from exports made before the kind existed).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub other: String,
    pub found: String,
    pub found_at: Timestamp,
    pub reported_by: u64,
    pub reported_to: String,
    pub reported_at: Option<Timestamp>,
    pub receipt: String,
    pub events: Vec<IncidentEventJson>,
    pub revisions: Vec<IncidentRevisionJson>,
    pub closed: Option<DeletionJson>,
}

/// `{"counselor": 3}` or `{"command_line": "login"}`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", deny_unknown_fields)]
pub enum ActorJson {
    Counselor(u64),
    CommandLine(String),
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetJson {
    pub kind: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<u64>,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AuditJson {
    pub id: u64,
    pub at: Timestamp,
    pub actor: ActorJson,
    pub action: String,
    pub target: TargetJson,
    pub detail: String,
}

impl From<&Counselor> for CounselorJson {
    fn from(c: &Counselor) -> Self {
        CounselorJson {
            id: c.id.0,
            name: c.name.clone(),
            role: c.role.code().to_string(),
            classes: c.classes.clone(),
            passphrase_hash: None,
            created: c.created,
            active: c.active,
        }
    }
}

impl From<&Child> for ChildJson {
    fn from(c: &Child) -> Self {
        let (status, left_date, left_reason, left_note) = match &c.status {
            ChildStatus::Active => ("active", None, None, None),
            ChildStatus::Left { date, reason, note } => (
                "left",
                Some(*date),
                Some(reason.code().to_string()),
                Some(note.clone()),
            ),
        };
        ChildJson {
            id: c.id.0,
            student_id: c.student_id.clone(),
            name: c.name.clone(),
            gender: c.gender.code().to_string(),
            birth_date: c.birth_date,
            class: c.class.clone(),
            village: c.village.clone(),
            left_behind_type: c.left_behind_type.clone(),
            father_name: c.father.name.clone(),
            father_work_place: c.father.work_place.clone(),
            father_phone: c.father.phone.clone(),
            mother_name: c.mother.name.clone(),
            mother_work_place: c.mother.work_place.clone(),
            mother_phone: c.mother.phone.clone(),
            guardian_name: c.guardian.name.clone(),
            guardian_relation: c.guardian.relation.clone(),
            guardian_phone: c.guardian.phone.clone(),
            guardian_address: c.guardian.address.clone(),
            personality: c.personality.clone(),
            hobbies: c.hobbies.clone(),
            medical_history: c.medical_history.clone(),
            boarding: c.boarding,
            flags: c.flags.iter().map(|f| f.code().to_string()).collect(),
            remarks: c.remarks.clone(),
            concerns: c.concerns.iter().map(|f| f.code().to_string()).collect(),
            study: c
                .study
                .iter()
                .map(|s| StudyJson {
                    term: s.term.clone(),
                    text: s.text.clone(),
                })
                .collect(),
            status: status.to_string(),
            left_date,
            left_reason,
            left_note,
            guardian_capacity: c.guardian_capacity.map(|g| g.code().to_string()),
            entrusted_to: c.entrustment.to.clone(),
            entrusted_since: c.entrustment.since,
            enrolment: c.enrolment.code().to_string(),
        }
    }
}

impl From<&ChildRevision> for ChildRevisionJson {
    fn from(r: &ChildRevision) -> Self {
        ChildRevisionJson {
            id: r.id.0,
            child: r.child.0,
            replaced_at: r.replaced_at,
            replaced_by: ActorJson::from(&r.replaced_by),
            before: ChildJson::from(&r.before),
        }
    }
}

impl From<&Actor> for ActorJson {
    fn from(a: &Actor) -> Self {
        match a {
            Actor::Counselor(c) => ActorJson::Counselor(c.0),
            Actor::CommandLine(login) => ActorJson::CommandLine(login.clone()),
        }
    }
}

impl From<ActorJson> for Actor {
    fn from(a: ActorJson) -> Self {
        match a {
            ActorJson::Counselor(c) => Actor::Counselor(CounselorId(c)),
            ActorJson::CommandLine(login) => Actor::CommandLine(login),
        }
    }
}

impl From<&Assignment> for AssignmentJson {
    fn from(a: &Assignment) -> Self {
        AssignmentJson {
            id: a.id.0,
            child: a.child.0,
            counselor: a.counselor.0,
            from: a.from,
            until: a.until,
        }
    }
}

impl From<&Note> for NoteJson {
    fn from(n: &Note) -> Self {
        NoteJson {
            id: n.id.0,
            children: n.children.iter().map(|c| c.0).collect(),
            counselor: n.counselor.0,
            kind: n.kind.code().to_string(),
            at: n.at,
            duration_min: n.duration_min,
            text: n.text.clone(),
            mood: n.mood,
            support: n.support.clone(),
            follow_up: n.follow_up.map(|f| f.0),
            created: n.created,
            revisions: n
                .revisions
                .iter()
                .map(|r| NoteRevisionJson {
                    replaced_at: r.replaced_at,
                    replaced_by: r.replaced_by.0,
                    kind: r.kind.code().to_string(),
                    at: r.at,
                    text: r.text.clone(),
                })
                .collect(),
            deleted: n.deleted.as_ref().map(|d| DeletionJson {
                at: d.at,
                by: d.by.0,
                reason: d.reason.clone(),
            }),
        }
    }
}

impl From<&MoodEntry> for MoodJson {
    fn from(m: &MoodEntry) -> Self {
        MoodJson {
            id: m.id.0,
            child: m.child.0,
            at: m.at,
            score: m.score,
            feelings: m.feelings.clone(),
            observer: m.observer.0,
            note: m.note.clone(),
            follow_up: m.follow_up,
        }
    }
}

impl From<&FollowUp> for FollowUpJson {
    fn from(f: &FollowUp) -> Self {
        FollowUpJson {
            id: f.id.0,
            child: f.child.0,
            counselor: f.counselor.0,
            due: f.due,
            text: f.text.clone(),
            note: f.note.map(|n| n.0),
            created: f.created,
            done: f.done.as_ref().map(|d| FollowUpDoneJson {
                at: d.at,
                by: d.by.0,
                note: d.note.clone(),
            }),
        }
    }
}

impl From<&Letter> for LetterJson {
    fn from(l: &Letter) -> Self {
        LetterJson {
            id: l.id.0,
            number: l.number.to_string(),
            pseudonym: l.pseudonym.clone(),
            received: l.received,
            text: l.text.clone(),
            status: l.status.code().to_string(),
            needs_attention: l.needs_attention,
            attention_reason: l.attention_reason.clone(),
            reply: l.reply.clone(),
            replied_at: l.replied_at,
            printed: l.printed,
            attention_closed: l.attention_closed.as_ref().map(|c| AttentionClosedJson {
                at: c.at,
                reason: c.reason.clone(),
            }),
            incident: l.incident.map(|i| i.0),
        }
    }
}

impl From<&Incident> for IncidentJson {
    fn from(i: &Incident) -> Self {
        IncidentJson {
            id: i.id.0,
            child: i.child.map(|c| c.0),
            kind: i.kind.code().to_string(),
            other: i.other.clone(),
            found: i.found.clone(),
            found_at: i.found_at,
            reported_by: i.reported_by.0,
            reported_to: i.reported_to.clone(),
            reported_at: i.reported_at,
            receipt: i.receipt.clone(),
            events: i
                .events
                .iter()
                .map(|e| IncidentEventJson {
                    at: e.at,
                    by: e.by.0,
                    text: e.text.clone(),
                })
                .collect(),
            revisions: i
                .revisions
                .iter()
                .map(|r| IncidentRevisionJson {
                    replaced_at: r.replaced_at,
                    replaced_by: r.replaced_by.0,
                    kind: r.kind.code().to_string(),
                    other: r.other.clone(),
                    found: r.found.clone(),
                    reported_to: r.reported_to.clone(),
                    receipt: r.receipt.clone(),
                })
                .collect(),
            closed: i.closed.as_ref().map(|c| DeletionJson {
                at: c.at,
                by: c.by.0,
                reason: c.reason.clone(),
            }),
        }
    }
}

/// The audit action's stable spelling in the file.
pub fn action_code(a: AuditAction) -> &'static str {
    match a {
        AuditAction::Create => "create",
        AuditAction::Update => "update",
        AuditAction::Delete => "delete",
        AuditAction::View => "view",
        AuditAction::Import => "import",
        AuditAction::Export => "export",
        AuditAction::Print => "print",
        AuditAction::Reply => "reply",
        AuditAction::Assign => "assign",
        AuditAction::Unassign => "unassign",
        AuditAction::Close => "close",
        AuditAction::Backup => "backup",
        AuditAction::Restore => "restore",
        AuditAction::Refused => "refused",
        AuditAction::Login => "login",
        AuditAction::LoginFailed => "login_failed",
        AuditAction::Lock => "lock",
        AuditAction::Passphrase => "passphrase",
    }
}

pub const AUDIT_ACTIONS: [AuditAction; 18] = [
    AuditAction::Create,
    AuditAction::Update,
    AuditAction::Delete,
    AuditAction::View,
    AuditAction::Import,
    AuditAction::Export,
    AuditAction::Print,
    AuditAction::Reply,
    AuditAction::Assign,
    AuditAction::Unassign,
    AuditAction::Close,
    AuditAction::Backup,
    AuditAction::Restore,
    AuditAction::Refused,
    AuditAction::Login,
    AuditAction::LoginFailed,
    AuditAction::Lock,
    AuditAction::Passphrase,
];

/// The target's kind and id; `Store` has no id.
pub fn target_parts(t: RecordRef) -> (&'static str, Option<u64>) {
    match t {
        RecordRef::Store => ("store", None),
        RecordRef::Counselor(id) => ("counselor", Some(id)),
        RecordRef::Child(id) => ("child", Some(id)),
        RecordRef::Assignment(id) => ("assignment", Some(id)),
        RecordRef::Note(id) => ("note", Some(id)),
        RecordRef::Mood(id) => ("mood", Some(id)),
        RecordRef::FollowUp(id) => ("followup", Some(id)),
        RecordRef::Letter(id) => ("letter", Some(id)),
        RecordRef::Incident(id) => ("incident", Some(id)),
    }
}

impl From<&AuditEvent> for AuditJson {
    fn from(a: &AuditEvent) -> Self {
        let (kind, id) = target_parts(a.target);
        AuditJson {
            id: a.id.0,
            at: a.at,
            actor: ActorJson::from(&a.actor),
            action: action_code(a.action).to_string(),
            target: TargetJson {
                kind: kind.to_string(),
                id,
            },
            detail: a.detail.clone(),
        }
    }
}
