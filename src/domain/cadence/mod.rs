//! The cadence engine: for one child, which duties of SPEC §1 are done, due or overdue today,
//! counted from the last completed contact, paused in term breaks. Plain data in and out.

mod calendar;
#[cfg(test)]
mod plan_tests;
#[cfg(test)]
mod tests;

use crate::config::{CadenceRule, Config, Interval, Period};
use crate::model::{NoteKind, day_number};
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
    /// The rule's id; `Config::rule(id)` gives the rule and its label. Shared with the
    /// config, not copied: a county's caseload judges half a million rules at once.
    pub rule: std::sync::Arc<str>,
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

/// Whether school-day rules run on `day` (a term day, or any day when no terms are set);
/// on the other days the holiday rule runs instead. Reports count weeks and rules by it.
pub fn is_school_day(config: &Config, day: NaiveDate) -> bool {
    (config.terms.is_empty() || config.term_at(day).is_some()) && !config.in_break(day)
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
    let mut by_kind = vec![Vec::new(); NoteKind::ALL.len()];
    for c in contacts {
        by_kind[c.kind as usize].push(day_number(c.at.date()));
    }
    for days in &mut by_kind {
        days.sort_unstable_by(|a, b| b.cmp(a));
        days.dedup();
    }
    let by_kind: Vec<&[i32]> = by_kind.iter().map(Vec::as_slice).collect();
    evaluate_days(config, today, care_started, &by_kind)
}

/// `evaluate` over contact days already grouped: for each kind (in `NoteKind::ALL` order)
/// its distinct days as day numbers, newest first — the form the child summary keeps, so the
/// whole county's caseload is judged without turning a date into text or back.
pub fn evaluate_days(
    config: &Config,
    today: NaiveDate,
    care_started: NaiveDate,
    by_kind: &[&[i32]],
) -> Vec<RuleStatus> {
    Judge::new(config, today).evaluate(care_started, by_kind)
}

/// The rules as they stand on one day: what every child's evaluation shares (the calendar,
/// which clocks run today, the end of the week, the holiday clock's start), worked out once
/// for a whole caseload.
pub struct Judge<'a> {
    config: &'a Config,
    cal: Calendar<'a>,
    today: NaiveDate,
    today_n: i32,
    sunday: NaiveDate,
    school_runs: bool,
    holiday_runs: bool,
    holiday_floor: NaiveDate,
}

impl<'a> Judge<'a> {
    pub fn new(config: &'a Config, today: NaiveDate) -> Judge<'a> {
        let cal = Calendar::new(config);
        Judge {
            today,
            today_n: day_number(today),
            sunday: week_of(today).1,
            school_runs: cal.runs(Clock::School, today),
            holiday_runs: cal.runs(Clock::Holiday, today),
            // The holiday clock starts afresh in each break: a check-in last summer says
            // nothing about this winter.
            holiday_floor: cal.break_start(today).pred_opt().unwrap_or(today),
            cal,
            config,
        }
    }

    /// The day a rule's clock counts from on this day: the start of care for a school rule;
    /// for the holiday rule, the eve of this break when that is later. A report tells a rule
    /// met by a contact from one not yet due by it.
    pub fn clock_start(&self, holiday: bool, care_started: NaiveDate) -> NaiveDate {
        if holiday {
            care_started.max(self.holiday_floor)
        } else {
            care_started
        }
    }

    /// Every cadence rule for one child, then the holiday rule, in the config's order.
    pub fn evaluate(&self, care_started: NaiveDate, by_kind: &[&[i32]]) -> Vec<RuleStatus> {
        self.config
            .cadence
            .iter()
            .map(|r| (r, Clock::School))
            .chain(std::iter::once((&self.config.holiday_rule, Clock::Holiday)))
            .map(|(r, clock)| self.rule(r, clock, care_started, by_kind))
            .collect()
    }

    fn rule(
        &self,
        rule: &CadenceRule,
        clock: Clock,
        care_started: NaiveDate,
        by_kind: &[&[i32]],
    ) -> RuleStatus {
        let (cal, today) = (&self.cal, self.today);
        // Most rules count one kind, whose days are already newest first and distinct; a
        // rule of several kinds merges theirs on the stack.
        let mut buffer = [0i32; MERGED_DAYS];
        let days: &[i32] = match rule.kinds.as_slice() {
            [kind] => by_kind.get(*kind as usize).copied().unwrap_or_default(),
            kinds => {
                let mut n = 0;
                for k in kinds {
                    for d in by_kind.get(*k as usize).copied().unwrap_or_default() {
                        if n < MERGED_DAYS {
                            buffer[n] = *d;
                            n += 1;
                        }
                    }
                }
                let merged = &mut buffer[..n];
                merged.sort_unstable_by(|a, b| b.cmp(a));
                let mut len = 0;
                for i in 0..merged.len() {
                    if len == 0 || merged[len - 1] != merged[i] {
                        merged[len] = merged[i];
                        len += 1;
                    }
                }
                &buffer[..len]
            }
        };
        // Contacts after today (a note dated ahead) do not count yet.
        let days = &days[days.partition_point(|d| *d > self.today_n)..];
        let (floor, runs) = match clock {
            Clock::School => (care_started, self.school_runs),
            Clock::Holiday => (care_started.max(self.holiday_floor), self.holiday_runs),
        };
        let mut deadline = due_by(cal, clock, rule.minimum, days, floor, today);
        // Every break has its check, however short (a week in October): one not yet made in
        // this break is due by its last day.
        if clock == Clock::Holiday && runs {
            let made = days.iter().filter(|d| **d > day_number(floor)).count();
            if made < rule.minimum.times.max(1) as usize {
                deadline = deadline.min(cal.break_end(today));
            }
        }
        let target = rule
            .target
            .map(|t| due_by(cal, clock, t, days, floor, today));
        let due = target.map_or(deadline, |t| t.min(deadline));
        let state = if !runs {
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
        } else if due <= self.sunday {
            DueState::DueSoon { due }
        } else {
            DueState::Done { next_due: due }
        };
        RuleStatus {
            rule: rule.id.clone(),
            last_done: days.first().and_then(|d| from_day_number(*d)),
            due,
            deadline,
            state,
        }
    }
}

/// Room for the days of a rule counting several kinds: each kind keeps at most
/// `CONTACT_DAYS_KEPT`, and no rule counts more than a dozen kinds.
const MERGED_DAYS: usize = crate::model::CONTACT_DAYS_KEPT * NoteKind::ALL.len();

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

/// When `interval` next runs out. `days` are the distinct contact days (day numbers), newest
/// first.
fn due_by(
    cal: &Calendar,
    clock: Clock,
    interval: Interval,
    days: &[i32],
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
            Some(term)
                if days
                    .iter()
                    .filter(|d| **d >= day_number(term.start))
                    .count()
                    < times =>
            {
                term.end
            }
            _ => cal.next_term(today).map_or(NaiveDate::MAX, |t| t.end),
        };
    }
    // "Twice a week" is due a week after the older of the last two contacts; with fewer
    // contacts than that the clock runs from the start of care.
    let anchor = days
        .get(times - 1)
        .and_then(|d| from_day_number(*d))
        .unwrap_or(floor)
        .max(floor);
    cal.advance(clock, anchor, length(interval.per, anchor))
}

fn from_day_number(n: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(n)
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
