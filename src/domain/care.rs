//! How much each child needs their counselor today: the cadence states, the last talk, the
//! recent moods and their alert, open reports, folded into one need score. Computed from the
//! child's stored summary alone, so a caseload of the whole county costs one read per child.

use crate::config::Config;
use crate::domain::cadence::{self, Contact, RuleStatus};
use crate::domain::mood::{self, MoodAlert};
use crate::model::{ChildSummary, NoteKind};
use chrono::{NaiveDate, NaiveTime};

/// Mood scores shown in a row's sparkline.
pub const SPARK_LEN: usize = 8;

#[derive(Clone, Debug)]
pub struct Care {
    pub child: ChildSummary,
    pub statuses: Vec<RuleStatus>,
    pub last_talk: Option<NaiveDate>,
    /// The latest mood scores, oldest first (for the sparkline).
    pub moods: Vec<u8>,
    pub mood_alert: Option<MoodAlert>,
    pub open_incidents: u32,
    /// Higher means the child needs the counselor more.
    pub need: i64,
}

impl Care {
    /// How many of the child's duties are overdue.
    pub fn overdue(&self) -> usize {
        self.statuses
            .iter()
            .filter(|s| matches!(s.state, cadence::DueState::Overdue { .. }))
            .count()
    }
}

/// The child's care as of `today`.
pub fn assess(child: ChildSummary, config: &Config, today: NaiveDate) -> Care {
    let term_start = term_start(config, today);
    let contacts: Vec<Contact> = child
        .contacts()
        .map(|(day, kind)| Contact {
            kind,
            at: day.and_time(NaiveTime::MIN),
        })
        .collect();
    let care_started = child.care_started.unwrap_or(term_start);
    let statuses = cadence::evaluate(config, today, care_started, &contacts);
    let mood_alert = mood::alert(&child.moods, term_start, &config.mood);
    let moods: Vec<u8> = child
        .moods
        .iter()
        .rev()
        .take(SPARK_LEN)
        .rev()
        .map(|(_, score)| *score)
        .collect();
    // An open mandatory report outranks everything, a falling mood outranks a missed duty.
    let need = cadence::need_score(&statuses)
        + if mood_alert.is_some() { 50_000 } else { 0 }
        + 1_000_000 * i64::from(child.open_incidents);
    Care {
        last_talk: child.last(NoteKind::Talk),
        open_incidents: child.open_incidents,
        statuses,
        moods,
        mood_alert,
        need,
        child,
    }
}

/// Most in need first; equal need by name.
pub fn by_need(cares: &mut [Care]) {
    cares.sort_by(|a, b| {
        b.need
            .cmp(&a.need)
            .then_with(|| a.child.name.cmp(&b.child.name))
    });
}

/// The start of the term `today` is in or, in a break, of the term just ended: where a
/// semester's averages begin.
pub fn term_start(config: &Config, today: NaiveDate) -> NaiveDate {
    config
        .terms
        .iter()
        .filter(|t| t.start <= today)
        .map(|t| t.start)
        .max()
        .unwrap_or_else(|| today - chrono::Days::new(180))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn term_start_is_the_current_or_last_term() {
        let config = Config::default();
        let in_term = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let start = term_start(&config, in_term);
        assert!(
            start <= in_term && (in_term - start).num_days() < 200,
            "{start}"
        );
        assert!(config.term_at(in_term).is_none_or(|t| t.start == start));
    }
}
