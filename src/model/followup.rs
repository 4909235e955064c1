//! Follow-ups: a dated thing to do for a child.

use super::{ChildId, CounselorId, FollowUpId, NoteId, Timestamp};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpDone {
    pub at: Timestamp,
    pub by: CounselorId,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub id: FollowUpId,
    pub child: ChildId,
    pub counselor: CounselorId,
    pub due: NaiveDate,
    pub text: String,
    /// The note that asked for it, if any.
    pub note: Option<NoteId>,
    pub created: Timestamp,
    pub done: Option<FollowUpDone>,
}

impl FollowUp {
    pub fn is_open(&self) -> bool {
        self.done.is_none()
    }
}
