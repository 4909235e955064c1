//! The domain model of SPEC §2: plain data, no I/O.
//! Every record is serde-serialisable; the store encodes it, the exports reshape it.

mod absence;
mod assignment;
mod audit;
mod audit_detail;
mod child;
mod counselor;
mod followup;
mod ids;
mod incident;
mod letter;
pub mod limits;
mod measure;
mod mood;
mod note;
mod refusal;
mod summary;

pub use absence::{AbsenceCase, AbsenceClosure, AbsenceKind, AbsenceOutcome, Attempt, AttemptWay};
pub use assignment::Assignment;
pub use audit::{Actor, AuditAction, AuditEvent, RecordRef};
pub use audit_detail::Detail;
pub use child::{
    Capacity, Child, ChildRevision, ChildStatus, Concern, Enrolment, Entrustment, Flag, Gender,
    Guardian, LEFT_BEHIND_TYPES, LeaveReason, Parent, StudyNote,
};
pub use counselor::{Counselor, Role};
pub use followup::{FollowUp, FollowUpDone};
pub use ids::{
    AbsenceId, AssignmentId, AuditId, ChildId, ChildRevisionId, CounselorId, FollowUpId,
    IncidentId, LetterId, MoodId, NoteId,
};
pub use incident::{Closure, Incident, IncidentEvent, IncidentKind, IncidentRevision, check_kind};
pub use letter::{AttentionClosed, Letter, LetterNumber, LetterStatus};
pub use measure::{Minutes, MoodScore};
pub use mood::{DEFAULT_FEELINGS, MoodEntry, MoodPoint, MoodSource, mood_history};
pub use note::{Deletion, Note, NoteKind, NoteRevision};
pub use refusal::{
    AbsenceRefusal, BackupRefusal, EncryptRefusal, HandoverRefusal, IncidentRefusal, LetterRefusal,
    NoteRefusal, Objection, Refusal, RestoreRefusal,
};
pub use summary::{CONTACT_DAYS_KEPT, ChildListing, ChildSummary, History, MOODS_KEPT, day_number};

/// Local wall-clock time of the school computer: the unit every record is dated in.
pub type Timestamp = chrono::NaiveDateTime;
