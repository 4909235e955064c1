//! Whisper-mailbox letters (悄悄话信箱). Anonymous by design: this type has no field that
//! could point to a child or to a counselor's view of one, and none may be added.

use super::{CounselorId, IncidentId, LetterId, Timestamp};
use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};
use std::fmt;

/// `2026-W48-03`: ISO week-year, ISO week, order of opening within that week.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct LetterNumber {
    pub year: i32,
    pub week: u32,
    pub seq: u32,
}

impl LetterNumber {
    /// The number's week part for a day: ISO week-year and week (late December may be week 1
    /// of the next year, early January week 52 or 53 of the last).
    pub fn week_of(day: NaiveDate) -> (i32, u32) {
        let w = day.iso_week();
        (w.year(), w.week())
    }

    pub fn parse(s: &str) -> Option<LetterNumber> {
        let mut parts = s.trim().split('-');
        let year = parts.next()?.parse().ok()?;
        let week = parts.next()?.strip_prefix(['W', 'w'])?.parse().ok()?;
        let seq = parts.next()?.parse().ok()?;
        if parts.next().is_some() || !(1..=53).contains(&week) || seq == 0 {
            return None;
        }
        Some(LetterNumber { year, week, seq })
    }
}

impl fmt::Display for LetterNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}-W{:02}-{:02}", self.year, self.week, self.seq)
    }
}

impl Serialize for LetterNumber {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for LetterNumber {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        LetterNumber::parse(&s)
            .ok_or_else(|| serde::de::Error::custom(format!("not a letter number: {s}")))
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LetterStatus {
    New,
    /// A reply has been started but not finished.
    Draft,
    Replied,
}

impl LetterStatus {
    pub fn code(self) -> &'static str {
        match self {
            LetterStatus::New => "new",
            LetterStatus::Draft => "draft",
            LetterStatus::Replied => "replied",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Letter {
    pub id: LetterId,
    pub number: LetterNumber,
    pub received: NaiveDate,
    pub pseudonym: Option<String>,
    pub text: String,
    pub status: LetterStatus,
    pub needs_attention: bool,
    /// Why attention was set or cleared by hand, or the danger words that matched.
    pub attention_reason: String,
    pub reply: String,
    /// The staff member who answered; never printed on the reply.
    pub replied_by: Option<CounselorId>,
    pub replied_at: Option<Timestamp>,
    pub printed: bool,
    /// How the last "needs attention" ended: only a mailbox reader closing it with a reason
    /// ends it (printing or replying never does). `None` while it is on or never was.
    pub attention_closed: Option<AttentionClosed>,
    /// The incident raised from this letter: the letter shows that one exists, and never
    /// which child (an incident raised from a letter has none).
    pub incident: Option<IncidentId>,
}

/// Who ended a letter's "needs attention", when, and why (as an incident is closed).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttentionClosed {
    pub at: Timestamp,
    /// `None` only for a letter brought in by a JSON import, which names no staff member.
    pub by: Option<CounselorId>,
    pub reason: String,
}
