//! The cadence engine: for one child, which duties of SPEC §1 are done, due or overdue today,
//! counted from the last completed contact, paused in term breaks. Plain data in and out.

mod calendar;
#[cfg(test)]
mod tests;

use crate::config::{CadenceRule, Config, Interval, Period};
use crate::model::NoteKind;
use calendar::{Calendar, Clock};
use chrono::{Datelike, Days, Months, NaiveDate, NaiveDateTime};

/// One completed contact with the child, by any counselor: the caller decides which notes
/// count (not deleted, this child, the kinds it wants).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Contact {
    pub kind: NoteKind,
    pub at: NaiveDateTime,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DueState {
    /// In good standing; next due on `next_due` (after this week).
    Done {
        next_due: NaiveDate,
    },
    /// Due later this week (on or before Sunday).
    DueSoon {
        due: NaiveDate,
    },
    DueToday,
    /// The school's target (e.g. parents twice a month) has passed but the minimum (once a
    /// month) has not: worth doing, not yet overdue.
    PastTarget {
        target: NaiveDate,
        deadline: NaiveDate,
    },
    /// Past the minimum since `since`; `days` counts only days the rule's clock runs on
    /// (break days do not make a school rule more overdue).
    Overdue {
        since: NaiveDate,
        days: i64,
    },
    /// The rule does not apply today: a school rule in a break, the holiday rule in term.
    Paused,
}

impl DueState {
    /// Belongs on the "This week" screen: overdue, due today, past target or due by Sunday.
    pub fn is_due_this_week(&self) -> bool {
        !matches!(self, DueState::Done { .. } | DueState::Paused)
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RuleStatus {
    /// The rule's id; `Config::rule(id)` gives the rule and its label.
    pub rule: String,
    /// The day of the most recent matching contact, if any (up to today).
    pub last_done: Option<NaiveDate>,
    /// When the next contact should happen: the target's date when the rule has one, else
    /// the minimum's. For a paused rule, when it will be due once its clock runs again.
    pub due: NaiveDate,
    /// When the minimum runs out (the child is overdue the day after).
    pub deadline: NaiveDate,
    pub state: DueState,
}

/// "This week": the ISO week, Monday to Sunday, that `today` is in.
pub fn week_of(today: NaiveDate) -> (NaiveDate, NaiveDate) {
    let back = u64::from(today.weekday().num_days_from_monday());
    let monday = today.checked_sub_days(Days::new(back)).unwrap_or(today);
    let sunday = monday.checked_add_days(Days::new(6)).unwrap_or(monday);
    (monday, sunday)
}

/// Every cadence rule for one child, then the holiday rule, in the config's order.
/// `care_started` is when the child's care began (the assignment start): no clock starts
/// before it, so a child assigned yesterday is not overdue. Contacts after `today` are
/// ignored; several contacts on one day count as one.
pub fn evaluate(
    config: &Config,
    today: NaiveDate,
    care_started: NaiveDate,
    contacts: &[Contact],
) -> Vec<RuleStatus> {
    let cal = Calendar::new(&config.terms);
    config
        .cadence
        .iter()
        .map(|r| evaluate_rule(&cal, r, Clock::School, today, care_started, contacts))
        .chain(std::iter::once(evaluate_rule(
            &cal,
            &config.holiday_rule,
            Clock::Holiday,
            today,
            care_started,
            contacts,
        )))
        .collect()
}

/// Higher = needs a visit sooner: overdue rules weigh most, more so the longer overdue.
pub fn need_score(statuses: &[RuleStatus]) -> i64 {
    statuses
        .iter()
        .map(|s| match s.state {
            DueState::Overdue { days, .. } => 100 + 10 * days.clamp(0, 365),
            DueState::DueToday => 60,
            DueState::PastTarget { .. } => 30,
            DueState::DueSoon { .. } => 10,
            DueState::Done { .. } | DueState::Paused => 0,
        })
        .sum()
}

fn evaluate_rule(
    cal: &Calendar,
    rule: &CadenceRule,
    clock: Clock,
    today: NaiveDate,
    care_started: NaiveDate,
    contacts: &[Contact],
) -> RuleStatus {
    let mut days: Vec<NaiveDate> = contacts
        .iter()
        .filter(|c| rule.counts(c.kind))
        .map(|c| c.at.date())
        .filter(|d| *d <= today)
        .collect();
    days.sort_unstable_by(|a, b| b.cmp(a));
    days.dedup();
    // The holiday clock starts afresh in each break: a check-in last summer says nothing
    // about this winter.
    let floor = match clock {
        Clock::School => care_started,
        Clock::Holiday => care_started.max(cal.break_start(today).pred_opt().unwrap_or(today)),
    };
    let deadline = due_by(cal, clock, rule.minimum, &days, floor, today);
    let target = rule
        .target
        .map(|t| due_by(cal, clock, t, &days, floor, today));
    let due = target.map_or(deadline, |t| t.min(deadline));
    let state = if !cal.runs(clock, today) {
        DueState::Paused
    } else if today > deadline {
        DueState::Overdue {
            since: deadline,
            days: cal.count(clock, deadline, today),
        }
    } else if today == due || today == deadline {
        DueState::DueToday
    } else if let Some(t) = target.filter(|t| *t < today) {
        DueState::PastTarget {
            target: t,
            deadline,
        }
    } else if due <= week_of(today).1 {
        DueState::DueSoon { due }
    } else {
        DueState::Done { next_due: due }
    };
    RuleStatus {
        rule: rule.id.clone(),
        last_done: days.first().copied(),
        due,
        deadline,
        state,
    }
}

/// When `interval` next runs out. `days` are the distinct contact days, newest first.
fn due_by(
    cal: &Calendar,
    clock: Clock,
    interval: Interval,
    days: &[NaiveDate],
    floor: NaiveDate,
    today: NaiveDate,
) -> NaiveDate {
    let times = interval.times.max(1) as usize;
    if interval.per == Period::Semester {
        // Counted within the current term, due by its end; met, it is next due by the end
        // of the following term. Semesters mean nothing to the holiday clock.
        if clock == Clock::Holiday {
            return NaiveDate::MAX;
        }
        return match cal.term_at(today) {
            Some(term) if days.iter().filter(|d| **d >= term.start).count() < times => term.end,
            _ => cal.next_term(today).map_or(NaiveDate::MAX, |t| t.end),
        };
    }
    // "Twice a week" is due a week after the older of the last two contacts; with fewer
    // contacts than that the clock runs from the start of care.
    let anchor = days.get(times - 1).copied().unwrap_or(floor).max(floor);
    cal.advance(clock, anchor, length(interval.per, anchor))
}

/// The period's length in days, counted from `anchor` (months by the calendar: Jan 31 +
/// 1 month is the end of February).
fn length(per: Period, anchor: NaiveDate) -> i64 {
    match per {
        Period::Days(n) => i64::from(n),
        Period::Weeks(n) => 7 * i64::from(n),
        Period::Months(n) => anchor
            .checked_add_months(Months::new(n))
            .map_or(30 * i64::from(n), |d| (d - anchor).num_days()),
        Period::Semester => 180,
    }
}
