//! What the app knows about each child in someone's care this week: cadence states, last
//! talk, recent moods, open incidents and how much the child needs attention. This week and
//! the caseload are both views of this one summary.

use crate::cadence::{self, Contact, RuleStatus};
use crate::config::Config;
use crate::model::{Child, ChildId, Counselor, NoteKind};
use crate::mood::{self, MoodAlert};
use crate::store::{Reader, StoreError};
use chrono::NaiveDate;
use std::collections::HashMap;

pub struct Care {
    pub child: Child,
    pub statuses: Vec<RuleStatus>,
    pub last_talk: Option<NaiveDate>,
    /// The latest mood scores, oldest first (for the sparkline).
    pub moods: Vec<u8>,
    pub mood_alert: Option<MoodAlert>,
    pub open_incidents: usize,
    /// Higher means the child needs the counselor more.
    pub need: i64,
}

const SPARK_LEN: usize = 8;

/// Whose children a summary covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Everyone this person may see (the caseload; a coordinator sees the whole school).
    Visible,
    /// The children in this person's own care (This week: who needs *me*).
    InMyCare,
}

/// The active children of `scope`, each with their summary, most in need first.
pub fn load(
    reader: &Reader,
    who: &Counselor,
    scope: Scope,
    config: &Config,
    today: NaiveDate,
) -> Result<Vec<Care>, StoreError> {
    let mut incidents: HashMap<ChildId, usize> = HashMap::new();
    for i in reader.open_incidents()? {
        if let Some(c) = i.child {
            *incidents.entry(c).or_default() += 1;
        }
    }
    let term_start = term_start(config, today);
    let mut out = Vec::new();
    let children = match scope {
        Scope::Visible => reader.children_visible_to(who)?,
        Scope::InMyCare => reader.children_in_care_of(who)?,
    };
    for child in children {
        if !child.is_active() {
            continue;
        }
        let contacts: Vec<Contact> = reader
            .contacts_of_child(child.id)?
            .into_iter()
            .map(|(at, kind)| Contact { kind, at })
            .collect();
        let last_talk = contacts
            .iter()
            .rev()
            .find(|c| c.kind == NoteKind::Talk)
            .map(|c| c.at.date());
        let care_started = reader
            .assignments_of_child(child.id)?
            .iter()
            .filter(|a| a.is_current())
            .map(|a| a.from)
            .min()
            .unwrap_or(term_start);
        let statuses = cadence::evaluate(config, today, care_started, &contacts);
        let mood_entries = reader.moods_of_child(child.id)?;
        let mood_alert = mood::alert(&mood_entries, term_start, &config.mood);
        let moods: Vec<u8> = mood_entries
            .iter()
            .rev()
            .take(SPARK_LEN)
            .rev()
            .map(|m| m.score)
            .collect();
        let open_incidents = incidents.get(&child.id).copied().unwrap_or(0);
        // An open mandatory report outranks everything, a falling mood outranks a missed duty.
        let need = cadence::need_score(&statuses)
            + if mood_alert.is_some() { 50_000 } else { 0 }
            + 1_000_000 * open_incidents as i64;
        out.push(Care {
            child,
            statuses,
            last_talk,
            moods,
            mood_alert,
            open_incidents,
            need,
        });
    }
    out.sort_by(|a, b| {
        b.need
            .cmp(&a.need)
            .then_with(|| a.child.name.cmp(&b.child.name))
    });
    Ok(out)
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

/// How a rule's state reads on This week, e.g. "talk: overdue by 3 days".
pub fn rule_label(config: &Config, status: &RuleStatus) -> String {
    config
        .rule(&status.rule)
        .map_or_else(|| status.rule.clone(), |r| r.label())
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
