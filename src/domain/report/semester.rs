//! The semester summary per counselor (学期总结): for each child in the counselor's care on a
//! day of the range, the contacts by kind, how well each cadence rule was kept, the weeks
//! without a talk, the mood at the start and the end, follow-ups done and overdue, incidents;
//! then the counselor's totals.
//!
//! Counting rules: a contact counts when its day is in the range and in the counselor's care
//! of the child — from the assignment's first day (a child assigned mid-term counts from
//! then), to its last (a counselor replaced mid-term keeps the days before the handover, the
//! new one has the days after) or the day the child left the programme. A group session is
//! a contact of every child in it; a deleted note is none. Contacts by any staff member count:
//! the summary is about the child's care. A rule is judged by the cadence engine on every day
//! of care up to today. A day counts once the rule has come due (the child is overdue by it)
//! or has been met by a contact since its clock started; before either, the rule is not yet
//! due and the day is not judged. The figure is the share of the judged days on which the
//! child was not overdue; a rule with no judged day is not due (shown as —), never 100%.

use super::{ChildRecords, Range};
use crate::config::Config;
use crate::domain::cadence::{self, DueState, Judge};
use crate::model::{CONTACT_DAYS_KEPT, ChildId, CounselorId, NoteKind, day_number};
use chrono::NaiveDate;
use std::collections::BTreeSet;
use std::sync::Arc;

/// How many kinds of contact there are: one count for each, in `NoteKind::ALL` order.
pub const KINDS: usize = NoteKind::ALL.len();

/// One cadence rule over a child's care, or summed over a counselor's children.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleTally {
    /// The rule's id (`Config::rule` has its name).
    pub rule: Arc<str>,
    /// Contacts of the rule's kinds.
    pub contacts: u32,
    /// Days the rule was judged on: its clock ran (a school rule in term, the holiday rule
    /// in breaks) and it had come due or been met by a contact…
    pub running_days: u32,
    /// …and of them, the days the child was not overdue by it.
    pub kept_days: u32,
}

impl RuleTally {
    /// The share of the judged days the rule was kept, in percent; `None` when it was never
    /// due in the range (not due: no figure, rather than a 100% nobody earned).
    pub fn percent(&self) -> Option<f64> {
        (self.running_days > 0)
            .then(|| 100.0 * f64::from(self.kept_days) / f64::from(self.running_days))
    }

    fn add(&mut self, other: &RuleTally) {
        self.contacts += other.contacts;
        self.running_days += other.running_days;
        self.kept_days += other.kept_days;
    }
}

/// Where a child's mood went over the care: the last entry against the first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Trend {
    Rising,
    Steady,
    Falling,
}

#[derive(Clone, Debug, PartialEq)]
pub struct ChildSemester {
    pub child: ChildId,
    pub student_id: Option<String>,
    pub name: String,
    pub class: String,
    /// The parts of the range in this counselor's care.
    pub care: Vec<Range>,
    /// The day the child left the programme, when it is in the range.
    pub left: Option<NaiveDate>,
    /// Contacts by kind, in `NoteKind::ALL` order.
    pub contacts: [u32; KINDS],
    /// One per rule of `Semester::rules`, in that order.
    pub rules: Vec<RuleTally>,
    /// The weeks of care with a school day in them, up to today…
    pub weeks: u32,
    /// …and those of them without a talk (谈心).
    pub weeks_without_talk: u32,
    pub mood_entries: u32,
    pub mood_start: Option<u8>,
    pub mood_end: Option<u8>,
    /// Follow-ups done on a day of care.
    pub followups_done: u32,
    /// Follow-ups due on a day of care and still not done at its end (or today).
    pub followups_overdue: u32,
    /// Incidents found on a day of care, and how many of those are still open.
    pub incidents: u32,
    pub incidents_open: u32,
}

impl ChildSemester {
    /// `None` with fewer than two mood entries.
    pub fn trend(&self) -> Option<Trend> {
        if self.mood_entries < 2 {
            return None;
        }
        let (start, end) = (self.mood_start?, self.mood_end?);
        Some(match end.cmp(&start) {
            std::cmp::Ordering::Greater => Trend::Rising,
            std::cmp::Ordering::Equal => Trend::Steady,
            std::cmp::Ordering::Less => Trend::Falling,
        })
    }

    /// All contacts, every kind.
    pub fn contacts_total(&self) -> u32 {
        self.contacts.iter().sum()
    }
}

/// The counselor's figures: the children's summed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Totals {
    pub children: u32,
    pub contacts: [u32; KINDS],
    pub rules: Vec<RuleTally>,
    pub weeks: u32,
    pub weeks_without_talk: u32,
    pub rising: u32,
    pub steady: u32,
    pub falling: u32,
    pub followups_done: u32,
    pub followups_overdue: u32,
    pub incidents: u32,
    pub incidents_open: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Semester {
    pub counselor: CounselorId,
    pub range: Range,
    /// The last day judged: the range's end, or today while the range runs on.
    pub as_of: NaiveDate,
    /// The rules reported on, in the config's order: every school rule, and the holiday
    /// rule when the range has break days.
    pub rules: Vec<Arc<str>>,
    /// By name.
    pub children: Vec<ChildSemester>,
    pub totals: Totals,
}

/// The summary of `counselor` over `range`, as of `today`, from the records of the children
/// they cared for (others in `records` are left out).
pub fn semester(
    config: &Config,
    counselor: CounselorId,
    range: Range,
    today: NaiveDate,
    records: &[ChildRecords],
) -> Semester {
    let as_of = range.to.min(today);
    // The rules as they stand on each day, worked out once for all the children.
    let judges: Vec<(NaiveDate, Judge)> = match Range::new(range.from, as_of) {
        Some(judged) => judged.days().map(|d| (d, Judge::new(config, d))).collect(),
        None => Vec::new(),
    };
    let holiday_runs = range.days().any(|d| !cadence::is_school_day(config, d));
    let shown: Vec<usize> = (0..config.cadence.len())
        .chain(holiday_runs.then_some(config.cadence.len()))
        .collect();
    let rule_of = |i: usize| config.cadence.get(i).unwrap_or(&config.holiday_rule);
    let rules: Vec<Arc<str>> = shown.iter().map(|i| rule_of(*i).id.clone()).collect();

    let mut children: Vec<ChildSemester> = records
        .iter()
        .filter_map(|rec| {
            let care = care_windows(rec, counselor, range);
            (!care.is_empty()).then(|| child_semester(config, rec, &care, &shown, &judges, today))
        })
        .collect();
    children.sort_by(|a, b| a.name.cmp(&b.name).then(a.child.cmp(&b.child)));

    let mut totals = Totals {
        children: children.len() as u32,
        rules: rules
            .iter()
            .map(|r| RuleTally {
                rule: r.clone(),
                contacts: 0,
                running_days: 0,
                kept_days: 0,
            })
            .collect(),
        ..Totals::default()
    };
    for c in &children {
        for (sum, n) in totals.contacts.iter_mut().zip(c.contacts) {
            *sum += n;
        }
        for (sum, r) in totals.rules.iter_mut().zip(&c.rules) {
            sum.add(r);
        }
        totals.weeks += c.weeks;
        totals.weeks_without_talk += c.weeks_without_talk;
        match c.trend() {
            Some(Trend::Rising) => totals.rising += 1,
            Some(Trend::Steady) => totals.steady += 1,
            Some(Trend::Falling) => totals.falling += 1,
            None => {}
        }
        totals.followups_done += c.followups_done;
        totals.followups_overdue += c.followups_overdue;
        totals.incidents += c.incidents;
        totals.incidents_open += c.incidents_open;
    }
    Semester {
        counselor,
        range,
        as_of,
        rules,
        children,
        totals,
    }
}

/// The parts of `range` in which `counselor` cared for the child, each with the day that care
/// began; cut at the day the child left.
fn care_windows(
    rec: &ChildRecords,
    counselor: CounselorId,
    range: Range,
) -> Vec<(Range, NaiveDate)> {
    let left = rec.left_on();
    rec.assignments
        .iter()
        .filter(|a| a.counselor == counselor)
        .filter_map(|a| {
            let until = a.until.unwrap_or(NaiveDate::MAX);
            let until = left.map_or(until, |l| until.min(l));
            let care = Range::new(a.from, until)?.intersect(range)?;
            Some((care, a.from))
        })
        .collect()
}

fn child_semester(
    config: &Config,
    rec: &ChildRecords,
    care: &[(Range, NaiveDate)],
    shown: &[usize],
    judges: &[(NaiveDate, Judge)],
    today: NaiveDate,
) -> ChildSemester {
    let window = |day: NaiveDate| care.iter().find(|(w, _)| w.contains(day));
    let in_care = |day: NaiveDate| window(day).is_some();

    let mut contacts = [0u32; KINDS];
    for (at, kind) in &rec.contacts {
        if in_care(at.date()) {
            contacts[*kind as usize] += 1;
        }
    }
    let rule_of = |i: usize| config.cadence.get(i).unwrap_or(&config.holiday_rule);
    let mut rules: Vec<RuleTally> = shown
        .iter()
        .map(|i| {
            let rule = rule_of(*i);
            RuleTally {
                rule: rule.id.clone(),
                contacts: rule.kinds.iter().map(|k| contacts[*k as usize]).sum(),
                running_days: 0,
                kept_days: 0,
            }
        })
        .collect();

    // The whole history, as the engine reads it: per kind the distinct days, newest first.
    let mut days: Vec<Vec<i32>> = vec![Vec::new(); KINDS];
    for (at, kind) in &rec.contacts {
        days[*kind as usize].push(day_number(at.date()));
    }
    for d in &mut days {
        d.sort_unstable_by(|a, b| b.cmp(a));
        d.dedup();
    }
    let mut weeks = BTreeSet::new();
    for (day, judge) in judges {
        let Some((_, care_started)) = window(*day) else {
            continue;
        };
        if cadence::is_school_day(config, *day) {
            weeks.insert(cadence::week_of(*day).0);
        }
        // What the child's summary would have held that day: the latest days up to it.
        let n = day_number(*day);
        let mut by_kind: [&[i32]; KINDS] = [&[]; KINDS];
        for (slot, d) in by_kind.iter_mut().zip(&days) {
            let start = d.partition_point(|x| *x > n);
            *slot = &d[start..(start + CONTACT_DAYS_KEPT).min(d.len())];
        }
        let statuses = judge.evaluate(*care_started, &by_kind);
        // The same day with nothing done: where the start of care alone puts each rule.
        let untouched = judge.evaluate(*care_started, &[&[] as &[i32]; KINDS]);
        for (tally, i) in rules.iter_mut().zip(shown) {
            let Some(status) = statuses.get(*i) else {
                continue;
            };
            match status.state {
                DueState::Paused => {}
                DueState::Overdue { .. } => tally.running_days += 1,
                _ => {
                    let start = judge.clock_start(*i == config.cadence.len(), *care_started);
                    let met = status.last_done.is_some_and(|d| d >= start)
                        || untouched
                            .get(*i)
                            .is_none_or(|u| u.deadline != status.deadline);
                    // Not overdue and nothing done yet: not due, not kept.
                    if met {
                        tally.running_days += 1;
                        tally.kept_days += 1;
                    }
                }
            }
        }
    }
    let talked: BTreeSet<NaiveDate> = rec
        .contacts
        .iter()
        .filter(|(at, kind)| *kind == NoteKind::Talk && in_care(at.date()))
        .map(|(at, _)| cadence::week_of(at.date()).0)
        .collect();

    let mut moods: Vec<_> = rec.moods.iter().filter(|m| in_care(m.at.date())).collect();
    moods.sort_by_key(|m| (m.at, m.source.id()));

    let (mut followups_done, mut followups_overdue) = (0, 0);
    for f in &rec.followups {
        if f.done.as_ref().is_some_and(|d| in_care(d.at.date())) {
            followups_done += 1;
        }
        if let Some((w, _)) = window(f.due) {
            let end = w.to.min(today);
            let done_by_end = f.done.as_ref().is_some_and(|d| d.at.date() <= end);
            if f.due < end && !done_by_end {
                followups_overdue += 1;
            }
        }
    }
    let incidents: Vec<_> = rec
        .incidents
        .iter()
        .filter(|i| in_care(i.found_at.date()))
        .collect();

    ChildSemester {
        child: rec.child.id,
        student_id: rec.child.student_id.clone(),
        name: rec.child.name.clone(),
        class: rec.child.class.clone(),
        care: care.iter().map(|(w, _)| *w).collect(),
        left: rec.left_on().filter(|d| in_care(*d)),
        contacts,
        rules,
        weeks: weeks.len() as u32,
        weeks_without_talk: weeks.iter().filter(|w| !talked.contains(w)).count() as u32,
        mood_entries: moods.len() as u32,
        mood_start: moods.first().map(|m| m.score),
        mood_end: moods.last().map(|m| m.score),
        followups_done,
        followups_overdue,
        incidents: incidents.len() as u32,
        incidents_open: incidents.iter().filter(|i| i.is_open()).count() as u32,
    }
}

#[cfg(test)]
#[path = "semester_tests.rs"]
mod tests;
