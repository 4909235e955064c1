//! Mood entries: a 1–5 score with feelings, observed by a counselor.

use super::{ChildId, CounselorId, MoodId, Timestamp};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// The feelings offered by default; the config may replace them.
pub const DEFAULT_FEELINGS: &[&str] = &["想念父母", "孤独", "焦虑", "自卑", "愤怒", "开心", "平静"];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MoodEntry {
    pub id: MoodId,
    pub child: ChildId,
    pub at: Timestamp,
    /// 1 (very low) to 5 (very good).
    pub score: u8,
    pub feelings: Vec<String>,
    pub observer: CounselorId,
    pub note: String,
    pub follow_up: Option<NaiveDate>,
}
