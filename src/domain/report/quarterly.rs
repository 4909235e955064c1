//! The quarterly roster update for the district (季度动态更新): every child in the programme
//! during the quarter, with the counselor at its end, and what changed in it — read from the
//! record history, not by comparing two files:
//!
//! - **new**: the child's care first began in the quarter (the first assignment's first day);
//! - **left**: the child left the programme on a day of the quarter (status, date, reason);
//! - **counselor changed**: a new assignment began in the quarter after an earlier one.
//!
//! Changes to a guardian's or the parents' contact details and to the difficulty flags are not
//! reported: a child record is kept as it stands now, without earlier versions, so the store
//! cannot say when they changed. The fields listed are the record as it stands.

use super::Range;
use crate::model::{Assignment, Child, ChildId, ChildStatus, CounselorId, LeaveReason};
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;
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
}

#[derive(Clone, Debug, PartialEq)]
pub struct QuarterRow {
    /// The record as the store holds it now.
    pub child: Child,
    /// In the programme at the quarter's end (false: left in it).
    pub active: bool,
    /// The counselor on the quarter's last day, or on the day the child left.
    pub counselor: Option<CounselorId>,
    pub changes: Vec<Change>,
}

/// The update for `quarter`: every child not gone before it began and not yet arrived after it
/// ended, by class and name, from the children and every assignment.
pub fn quarterly(
    quarter: Quarter,
    children: Vec<Child>,
    assignments: &[Assignment],
) -> Vec<QuarterRow> {
    let range = quarter.range();
    let mut by_child: HashMap<ChildId, Vec<&Assignment>> = HashMap::new();
    for a in assignments {
        by_child.entry(a.child).or_default().push(a);
    }
    let mut rows: Vec<QuarterRow> = children
        .into_iter()
        .filter_map(|child| {
            let mut cares = by_child.remove(&child.id).unwrap_or_default();
            cares.sort_by_key(|a| (a.from, a.id));
            row(child, &cares, range)
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

fn row(child: Child, cares: &[&Assignment], range: Range) -> Option<QuarterRow> {
    let left = match &child.status {
        ChildStatus::Left { date, reason, note } => Some((*date, *reason, note.clone())),
        ChildStatus::Active => None,
    };
    if left.as_ref().is_some_and(|(date, ..)| *date < range.from) {
        return None;
    }
    // A child whose care begins after the quarter was not in the programme in it yet.
    if cares.first().is_some_and(|a| a.from > range.to) {
        return None;
    }
    let mut changes = Vec::new();
    if let Some(first) = cares.first().filter(|a| range.contains(a.from)) {
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
    let active = left.as_ref().is_none_or(|(date, ..)| *date > range.to);
    let left_in = left.filter(|(date, ..)| range.contains(*date));
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
        child,
        counselor,
        changes,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AssignmentId, Gender};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn child(id: u64, class: &str) -> Child {
        let mut c = Child::new(
            ChildId(id),
            format!("孩子{id}"),
            Gender::Male,
            d(2014, 1, 1),
        );
        c.class = class.into();
        c
    }

    fn care(
        id: u64,
        child: u64,
        counselor: u64,
        from: NaiveDate,
        until: Option<NaiveDate>,
    ) -> Assignment {
        Assignment {
            id: AssignmentId(id),
            child: ChildId(child),
            counselor: CounselorId(counselor),
            from,
            until,
        }
    }

    #[test]
    fn quarters_parse_and_span_their_months() {
        let q4 = Quarter::parse("2026Q4").unwrap();
        assert_eq!(q4, Quarter { year: 2026, q: 4 });
        assert_eq!(
            Quarter::parse("2026-q1"),
            Some(Quarter { year: 2026, q: 1 })
        );
        assert_eq!(Quarter::parse("2026Q5"), None);
        assert_eq!(Quarter::parse("Q4"), None);
        assert_eq!(
            q4.range(),
            Range::new(d(2026, 10, 1), d(2026, 12, 31)).unwrap()
        );
        assert_eq!(Quarter::parse("2028Q1").unwrap().range().to, d(2028, 3, 31));
        assert_eq!(q4.previous().to_string(), "2026Q3");
        assert_eq!(
            Quarter { year: 2027, q: 1 }.previous(),
            Quarter { year: 2026, q: 4 }
        );
        assert_eq!(Quarter::of(d(2026, 11, 26)), q4);
    }

    #[test]
    fn new_left_and_handed_over_children_are_named_with_their_change() {
        let q4 = Quarter::parse("2026Q4").unwrap();
        let mut gone = child(4, "七年级(1)班");
        gone.status = ChildStatus::Left {
            date: d(2026, 11, 15),
            reason: LeaveReason::ParentsReturned,
            note: "父母回乡创业".into(),
        };
        let mut long_gone = child(5, "七年级(1)班");
        long_gone.status = ChildStatus::Left {
            date: d(2026, 9, 1),
            reason: LeaveReason::Moved,
            note: String::new(),
        };
        let children = vec![
            child(1, "八年级(3)班"),
            child(2, "七年级(1)班"),
            child(3, "七年级(1)班"),
            gone,
            long_gone,
            child(6, "七年级(1)班"),
        ];
        let cares = [
            care(10, 1, 100, d(2026, 9, 1), None),
            care(11, 2, 100, d(2026, 10, 12), None),
            care(12, 3, 100, d(2026, 9, 1), Some(d(2026, 11, 1))),
            care(13, 3, 200, d(2026, 11, 2), None),
            care(14, 4, 200, d(2026, 9, 1), None),
            care(15, 6, 200, d(2027, 1, 4), None),
        ];
        let rows = quarterly(q4, children, &cares);
        let ids: Vec<u64> = rows.iter().map(|r| r.child.id.0).collect();
        // 5 left before the quarter, 6 arrives after it; by class then name.
        assert_eq!(ids, vec![2, 3, 4, 1]);
        assert_eq!(
            rows[0].changes,
            vec![Change::New {
                from: d(2026, 10, 12)
            }]
        );
        assert_eq!(
            rows[1].changes,
            vec![Change::CounselorChanged {
                from: CounselorId(100),
                to: CounselorId(200),
                on: d(2026, 11, 2)
            }]
        );
        assert_eq!(rows[1].counselor, Some(CounselorId(200)));
        assert!(matches!(
            rows[2].changes[..],
            [Change::Left { date, reason: LeaveReason::ParentsReturned, .. }] if date == d(2026, 11, 15)
        ));
        assert!(!rows[2].active);
        assert_eq!(
            rows[2].counselor,
            Some(CounselorId(200)),
            "on the day they left"
        );
        assert!(rows[3].changes.is_empty() && rows[3].active);
    }
}
