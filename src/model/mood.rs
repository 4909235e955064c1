//! Mood entries: a 1–5 score with feelings, observed by a counselor; and a child's one mood
//! history (SPEC §2), which holds the mood form's entries and the moods observed during the
//! contact notes about that child alone (`Note::mood_of`).

use super::{ChildId, CounselorId, MoodId, NoteId, Timestamp};
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

/// Where a score of a child's mood history was recorded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MoodSource {
    /// The mood form (`m`).
    Entry(MoodId),
    /// The mood observed during a contact note.
    Note(NoteId),
}

impl MoodSource {
    /// The record's id: ids come from one sequence, so they order entries and notes of the
    /// same second in the order they were made.
    pub fn id(self) -> u64 {
        match self {
            MoodSource::Entry(id) => id.0,
            MoodSource::Note(id) => id.0,
        }
    }
}

/// One score of a child's mood history, whichever form recorded it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct MoodPoint {
    pub at: Timestamp,
    /// 1 (very low) to 5 (very good).
    pub score: u8,
    pub source: MoodSource,
}

/// A child's one mood history: the mood entries and the notes' moods (when, note, score),
/// oldest first, those of the same second in the order they were made. What the mood chart,
/// the caseload's sparkline, the falling-mood rule and the reports read.
pub fn mood_history(entries: &[MoodEntry], notes: &[(Timestamp, NoteId, u8)]) -> Vec<MoodPoint> {
    let mut points: Vec<MoodPoint> = entries
        .iter()
        .map(|m| MoodPoint {
            at: m.at,
            score: m.score,
            source: MoodSource::Entry(m.id),
        })
        .chain(notes.iter().map(|&(at, id, score)| MoodPoint {
            at,
            score,
            source: MoodSource::Note(id),
        }))
        .collect();
    points.sort_unstable_by_key(|p| (p.at, p.source.id()));
    points
}
