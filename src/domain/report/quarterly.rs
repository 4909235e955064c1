//! The quarterly roster update for the district (季度动态更新): every child in the programme
//! during the quarter, with the counselor at its end, and what changed in it since the
//! previous quarter — read from the record history, not by comparing two files:
//!
//! - **new**: the child's care first began in the quarter (the first assignment's first day);
//! - **left**: the child left the programme, with the reason: the leaving day is in the
//!   quarter, or the leaving was recorded in it (a day given afterwards, in the previous
//!   quarter, is still news to the district);
//! - **counselor changed**: a new assignment began in the quarter after an earlier one;
//! - **guardian changed**: the guardian's name, relation, phone or address;
//! - **parents' contact changed**: the father's or the mother's phone or work place;
//! - **flags changed**: difficulty flags added or removed.
//!
//! The last three compare the record as it stood when the quarter began with the record as it
//! stood when it ended, from the child's earlier versions (`ChildRevision`, kept by the store
//! on every change): a change made and undone within the quarter is no change, and the day
//! given is that of the last change in the quarter to that part of the record. They are not
//! given for a new child (everything about them is new) nor for changes made before the
//! store kept a record history (schema 5), which it cannot know of.
//!
//! Each row lists the record as it stood at the quarter's end, or as it stands now for the
//! quarter in progress; a child who left and came back within the quarter is listed as they
//! were at its end.

use super::Range;
use crate::model::{
    Assignment, Child, ChildId, ChildRevision, ChildStatus, CounselorId, Flag, Guardian,
    LeaveReason, Parent,
};
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeSet, HashMap};
use std::fmt;

/// A calendar quarter, e.g. `2026Q4` (October to December 2026).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quarter {
    pub year: i32,
    /// 1 to 4.
    pub q: u32,
}

impl Quarter {
    /// `2026Q4`, `2026-Q4`, `2026q4` or `2026 Q4`.
    pub fn parse(s: &str) -> Option<Quarter> {
        let s = s.trim().to_ascii_uppercase();
        let (year, q) = s.split_once('Q')?;
        let year: i32 = year.trim().trim_end_matches('-').trim().parse().ok()?;
        let q: u32 = q.trim().parse().ok()?;
        ((1..=4).contains(&q) && (1000..=9999).contains(&year)).then_some(Quarter { year, q })
    }

    /// The quarter `day` is in.
    pub fn of(day: NaiveDate) -> Quarter {
        Quarter {
            year: day.year(),
            q: day.month0() / 3 + 1,
        }
    }

    pub fn range(self) -> Range {
        let first = NaiveDate::from_ymd_opt(self.year, 3 * self.q - 2, 1).unwrap_or_default();
        let next = match self.q {
            4 => NaiveDate::from_ymd_opt(self.year + 1, 1, 1),
            q => NaiveDate::from_ymd_opt(self.year, 3 * q + 1, 1),
        };
        let last = next.and_then(|n| n.pred_opt()).unwrap_or(first);
        Range {
            from: first,
            to: last,
        }
    }

    pub fn previous(self) -> Quarter {
        match self.q {
            1 => Quarter {
                year: self.year - 1,
                q: 4,
            },
            q => Quarter {
                year: self.year,
                q: q - 1,
            },
        }
    }
}

impl fmt::Display for Quarter {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}Q{}", self.year, self.q)
    }
}

/// What happened to a child in the quarter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Change {
    /// The child's care first began on `from`.
    New { from: NaiveDate },
    Left {
        date: NaiveDate,
        reason: LeaveReason,
        note: String,
    },
    /// Care moved to another counselor on `on`.
    CounselorChanged {
        from: CounselorId,
        to: CounselorId,
        on: NaiveDate,
    },
    /// The guardian's name, relation, phone or address, last changed on `on`; `before` as
    /// the quarter began.
    GuardianChanged { on: NaiveDate, before: Guardian },
    /// A parent's phone or work place, last changed on `on`; `father` and `mother` as the
    /// quarter began.
    ParentsContactChanged {
        on: NaiveDate,
        father: Parent,
        mother: Parent,
    },
    /// Difficulty flags added and removed since the quarter began, last changed on `on`.
    FlagsChanged {
        on: NaiveDate,
        added: BTreeSet<Flag>,
        removed: BTreeSet<Flag>,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct QuarterRow {
    /// The record as it stood at the quarter's end (now, for the quarter in progress).
    pub child: Child,
    /// In the programme at the quarter's end (false: left in it).
    pub active: bool,
    /// The counselor on the quarter's last day, or on the day the child left.
    pub counselor: Option<CounselorId>,
    pub changes: Vec<Change>,
}

/// What the update is worked out from, as a session reads it for the coordinator.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QuarterlyRecords {
    /// Every child, as the record stands now.
    pub children: Vec<Child>,
    /// Every assignment, past and current.
    pub assignments: Vec<Assignment>,
    /// The children's earlier versions replaced on or after the quarter's first day (those
    /// replaced before it say nothing about the quarter), in any order.
    pub revisions: Vec<ChildRevision>,
}

/// The update for `quarter`: every child not gone before it began and not yet arrived after it
/// ended, by class and name.
pub fn quarterly(quarter: Quarter, records: QuarterlyRecords) -> Vec<QuarterRow> {
    let range = quarter.range();
    let QuarterlyRecords {
        children,
        assignments,
        revisions,
    } = records;
    let mut by_child: HashMap<ChildId, Vec<&Assignment>> = HashMap::new();
    for a in &assignments {
        by_child.entry(a.child).or_default().push(a);
    }
    let mut versions: HashMap<ChildId, Vec<ChildRevision>> = HashMap::new();
    for r in revisions {
        versions.entry(r.child).or_default().push(r);
    }
    let mut rows: Vec<QuarterRow> = children
        .into_iter()
        .filter_map(|child| {
            let mut cares = by_child.remove(&child.id).unwrap_or_default();
            cares.sort_by_key(|a| (a.from, a.id));
            let mut earlier = versions.remove(&child.id).unwrap_or_default();
            earlier.sort_by_key(|r| (r.replaced_at, r.id));
            row(History::new(child, earlier, range), &cares, range)
        })
        .collect();
    rows.sort_by(|a, b| {
        (a.child.class.as_str(), a.child.name.as_str(), a.child.id).cmp(&(
            b.child.class.as_str(),
            b.child.name.as_str(),
            b.child.id,
        ))
    });
    rows
}

/// One child's versions, and which of them the quarter began and ended with.
struct History {
    /// Oldest first, the record now last: version `k` stood until `days[k]`.
    chain: Vec<Child>,
    days: Vec<NaiveDate>,
    start: usize,
    end: usize,
}

impl History {
    /// From the record now and its earlier versions (oldest first).
    fn new(now: Child, earlier: Vec<ChildRevision>, range: Range) -> History {
        let days: Vec<NaiveDate> = earlier.iter().map(|r| r.replaced_at.date()).collect();
        let mut chain: Vec<Child> = earlier.into_iter().map(|r| r.before).collect();
        chain.push(now);
        // The quarter began with the version replaced first on or after its first day, and
        // ended with the one replaced first after its last day (or with the record now); the
        // days are in order.
        let start = days.partition_point(|d| *d < range.from);
        let end = days.partition_point(|d| *d <= range.to);
        History {
            chain,
            days,
            start,
            end,
        }
    }

    fn start(&self) -> &Child {
        &self.chain[self.start]
    }

    fn end(&self) -> &Child {
        &self.chain[self.end]
    }

    fn into_end(mut self) -> Child {
        self.chain.swap_remove(self.end)
    }

    /// The last day in the quarter on which a part of the record changed, when that part
    /// (what `same` compares) differs between the quarter's start and its end.
    fn changed(&self, same: impl Fn(&Child, &Child) -> bool) -> Option<NaiveDate> {
        if same(self.start(), self.end()) {
            return None;
        }
        (self.start..self.end)
            .rev()
            .find(|&k| !same(&self.chain[k], &self.chain[k + 1]))
            .map(|k| self.days[k])
    }
}

fn left_status(child: &Child) -> Option<(NaiveDate, LeaveReason, String)> {
    match &child.status {
        ChildStatus::Left { date, reason, note } => Some((*date, *reason, note.clone())),
        ChildStatus::Active => None,
    }
}

fn parents_contact(c: &Child) -> [&str; 4] {
    [
        &c.father.phone,
        &c.father.work_place,
        &c.mother.phone,
        &c.mother.work_place,
    ]
}

fn row(history: History, cares: &[&Assignment], range: Range) -> Option<QuarterRow> {
    let left = left_status(history.end());
    // Gone before the quarter, and known to be gone when it began.
    let left_before = |c: &Child| left_status(c).is_some_and(|(date, ..)| date < range.from);
    if left_before(history.end()) && left_before(history.start()) {
        return None;
    }
    // A child whose care begins after the quarter was not in the programme in it yet.
    if cares.first().is_some_and(|a| a.from > range.to) {
        return None;
    }
    let mut changes = Vec::new();
    let new = cares.first().filter(|a| range.contains(a.from));
    if let Some(first) = new {
        changes.push(Change::New { from: first.from });
    }
    for pair in cares.windows(2) {
        let (before, after) = (pair[0], pair[1]);
        if range.contains(after.from) && before.counselor != after.counselor {
            changes.push(Change::CounselorChanged {
                from: before.counselor,
                to: after.counselor,
                on: after.from,
            });
        }
    }
    if new.is_none() {
        record_changes(&history, &mut changes);
    }
    let active = left.as_ref().is_none_or(|(date, ..)| *date > range.to);
    let recorded_in_quarter = left_status(history.start()).is_none();
    let left_in = left
        .filter(|(date, ..)| range.contains(*date) || (*date < range.from && recorded_in_quarter));
    let end = left_in.as_ref().map_or(range.to, |(date, ..)| *date);
    if let Some((date, reason, note)) = left_in {
        changes.push(Change::Left { date, reason, note });
    }
    let counselor = cares
        .iter()
        .rev()
        .find(|a| a.covers(end))
        .map(|a| a.counselor);
    Some(QuarterRow {
        active,
        child: history.into_end(),
        counselor,
        changes,
    })
}

/// The guardian's, the parents' contact and the flags' changes between the quarter's start
/// and its end.
fn record_changes(h: &History, changes: &mut Vec<Change>) {
    let (start, end) = (h.start(), h.end());
    if let Some(on) = h.changed(|a, b| a.guardian == b.guardian) {
        changes.push(Change::GuardianChanged {
            on,
            before: start.guardian.clone(),
        });
    }
    if let Some(on) = h.changed(|a, b| parents_contact(a) == parents_contact(b)) {
        changes.push(Change::ParentsContactChanged {
            on,
            father: start.father.clone(),
            mother: start.mother.clone(),
        });
    }
    if let Some(on) = h.changed(|a, b| a.flags == b.flags) {
        changes.push(Change::FlagsChanged {
            on,
            added: end.flags.difference(&start.flags).copied().collect(),
            removed: start.flags.difference(&end.flags).copied().collect(),
        });
    }
}

#[cfg(test)]
#[path = "quarterly_tests.rs"]
mod tests;
