//! Who cares for which child, from when to when. Ending an assignment keeps it as history.

use super::{AssignmentId, ChildId, CounselorId};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Assignment {
    pub id: AssignmentId,
    pub child: ChildId,
    pub counselor: CounselorId,
    pub from: NaiveDate,
    /// The last day of care; `None` while it lasts.
    pub until: Option<NaiveDate>,
}

impl Assignment {
    pub fn is_current(&self) -> bool {
        self.until.is_none()
    }

    pub fn covers(&self, day: NaiveDate) -> bool {
        self.from <= day && self.until.is_none_or(|u| day <= u)
    }
}
