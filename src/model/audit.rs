//! Audit events: who did what to which record, and when — views of an archive included.
//! A letter's events name the letter only, never a child.

use super::{AuditId, CounselorId, Timestamp};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Who acted: a logged-in staff member, or the command line run by the machine's user.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Actor {
    Counselor(CounselorId),
    /// A command-line run without `--user`; holds the operating-system login name.
    CommandLine(String),
}

impl Actor {
    /// The login the app's own daily backup is recorded under: with a space, it cannot be an
    /// operating-system login, so the audit can name it in words.
    pub const DAILY_BACKUP: &'static str = "daily backup";

    /// The app's own daily backup, which nobody chose.
    pub fn daily_backup() -> Actor {
        Actor::CommandLine(Actor::DAILY_BACKUP.to_string())
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AuditAction {
    Create,
    Update,
    Delete,
    View,
    Import,
    Export,
    Print,
    Reply,
    Assign,
    Unassign,
    Close,
    Backup,
    Restore,
    /// The permission table refused an operation; the detail names it.
    Refused,
    /// A staff member unlocked the store with their passphrase.
    Login,
    /// A wrong passphrase was given for the staff member named by the event's actor.
    LoginFailed,
    /// The screen locked itself (idle) or was locked; the keys were dropped.
    Lock,
    /// A passphrase was changed (by its owner) or reset (by the coordinator).
    Passphrase,
}

/// The record an event is about. Externally tagged on purpose: the store's codec (postcard)
/// cannot read tagged enums back.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RecordRef {
    Store,
    Counselor(u64),
    Child(u64),
    Assignment(u64),
    Note(u64),
    Mood(u64),
    FollowUp(u64),
    Letter(u64),
    Incident(u64),
}

impl fmt::Display for RecordRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            RecordRef::Store => f.write_str("store"),
            RecordRef::Counselor(id) => write!(f, "counselor {id}"),
            RecordRef::Child(id) => write!(f, "child {id}"),
            RecordRef::Assignment(id) => write!(f, "assignment {id}"),
            RecordRef::Note(id) => write!(f, "note {id}"),
            RecordRef::Mood(id) => write!(f, "mood {id}"),
            RecordRef::FollowUp(id) => write!(f, "follow-up {id}"),
            RecordRef::Letter(id) => write!(f, "letter {id}"),
            RecordRef::Incident(id) => write!(f, "incident {id}"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEvent {
    pub id: AuditId,
    pub at: Timestamp,
    pub actor: Actor,
    pub action: AuditAction,
    pub target: RecordRef,
    /// A short free description (e.g. "roster import: 23 added, 2 updated").
    pub detail: String,
}
