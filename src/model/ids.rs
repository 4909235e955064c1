//! Typed record ids. All ids come from one counter in the store, so an id never repeats,
//! not even across record types or after a record is deleted.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! ids {
    ($($(#[$doc:meta])* $name:ident),* $(,)?) => {$(
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub u64);

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

ids!(
    /// A counselor, head teacher or coordinator.
    CounselorId,
    /// A child's archive (一人一档).
    ChildId,
    AssignmentId,
    NoteId,
    MoodId,
    FollowUpId,
    /// A whisper-mailbox letter. Never stored next to a child id.
    LetterId,
    IncidentId,
    AuditId,
    /// An earlier version of a child's record, kept when a change replaced it.
    ChildRevisionId,
    /// An absence case (控辍保学).
    AbsenceId,
);
