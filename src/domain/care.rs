//! How much each child needs their counselor today: the cadence states, the last talk, the
//! recent moods and their alert, open reports, folded into one need score. Computed from the
//! child's stored summary alone, so a caseload of the whole county costs one read per child.

use crate::config::Config;
use crate::domain::cadence::{self, RuleStatus};
use crate::domain::mood::{self, MoodAlert};
use crate::model::{ChildSummary, NoteKind};
use chrono::NaiveDate;

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

    /// The overdue duties (the rule's id and the days overdue), the longest overdue first.
    pub fn overdue_rules(&self) -> Vec<(std::sync::Arc<str>, i64)> {
        let mut rules: Vec<(std::sync::Arc<str>, i64)> = self
            .statuses
            .iter()
            .filter_map(|s| match s.state {
                cadence::DueState::Overdue { days, .. } => Some((s.rule.clone(), days)),
                _ => None,
            })
            .collect();
        rules.sort_by_key(|r| std::cmp::Reverse(r.1));
        rules
    }
}

/// The child's care as of `today`.
pub fn assess(child: ChildSummary, config: &Config, today: NaiveDate) -> Care {
    assess_with(&cadence::Judge::new(config, today), child, config, today)
}

fn assess_with(
    judge: &cadence::Judge<'_>,
    child: ChildSummary,
    config: &Config,
    today: NaiveDate,
) -> Care {
    let term_start = term_start(config, today);
    let care_started = child.care_started.unwrap_or(term_start);
    let statuses = judge.evaluate(care_started, &child.days_by_kind());
    // Compared as seconds, as the summary keeps them: no date is rebuilt per entry.
    let since = term_start
        .and_time(chrono::NaiveTime::MIN)
        .and_utc()
        .timestamp();
    let term_scores: Vec<u8> = child
        .moods
        .iter()
        .filter(|(at, _)| *at >= since)
        .map(|(_, score)| *score)
        .collect();
    let mood_alert = mood::alert_on_scores(&term_scores, &config.mood);
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

/// Every child's care, most in need first.
pub fn assess_all(children: Vec<ChildSummary>, config: &Config, today: NaiveDate) -> Vec<Care> {
    let mut cares = assess_each(children, config, today, |care| care);
    by_need(&mut cares);
    cares
}

/// Each child's care turned into `T` by `f`, in no particular order. A county's fifty
/// thousand children are judged on every core the computer has, each child alone (so the
/// split does not change any result), and `f` runs there too, so building a screen's rows
/// costs no extra pass.
pub fn assess_each<T: Send>(
    children: Vec<ChildSummary>,
    config: &Config,
    today: NaiveDate,
    f: impl Fn(Care) -> T + Sync,
) -> Vec<T> {
    const PER_THREAD: usize = 5_000;
    let judge = cadence::Judge::new(config, today);
    let (judge, f) = (&judge, &f);
    let threads = std::thread::available_parallelism()
        .map_or(1, |n| n.get())
        .min(children.len() / PER_THREAD)
        .max(1);
    if threads == 1 {
        return children
            .into_iter()
            .map(|c| f(assess_with(judge, c, config, today)))
            .collect();
    }
    let chunk = children.len().div_ceil(threads);
    let mut children = children;
    let mut parts = Vec::new();
    while children.len() > chunk {
        parts.push(children.split_off(children.len() - chunk));
    }
    parts.push(children);
    std::thread::scope(|s| {
        let handles: Vec<_> = parts
            .into_iter()
            .map(|part| {
                s.spawn(move || {
                    part.into_iter()
                        .map(|c| f(assess_with(judge, c, config, today)))
                        .collect::<Vec<T>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// Most in need first; equal need by name, then by record (a total order, so the unstable
/// sort, which moves these large values least, gives one answer).
pub fn by_need(cares: &mut [Care]) {
    cares.sort_unstable_by(|a, b| {
        b.need
            .cmp(&a.need)
            .then_with(|| a.child.name.cmp(&b.child.name))
            .then_with(|| a.child.child.cmp(&b.child.child))
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
