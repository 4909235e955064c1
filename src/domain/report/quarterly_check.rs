//! What the quarterly update tells the township and the civil affairs bureau besides its rows
//! (issue 23, 5): the plan's five focus categories (重点排查: "义务教育阶段辍学、家庭生活困难、
//! 监护人缺失、事实无人抚养、残疾"), the counts (in the programme, new, left, each category),
//! and the check before it is sent: what would make it wrong.

use super::quarterly::{Change, Quarter, QuarterRow};
use crate::domain::left_behind::{self, Gap};
use crate::model::{Child, ChildId, Enrolment, Flag};

/// The plan's five focus categories, in its order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Focus {
    /// 义务教育阶段辍学: the enrolment state says dropped out (an absence case sets it).
    DroppedOut,
    /// 家庭生活困难: the difficulty flag.
    Hardship,
    /// 监护人缺失: the difficulty flag 监护缺失.
    NoGuardian,
    /// 事实无人抚养: the difficulty flag.
    Unsupported,
    /// 残疾: the difficulty flag.
    Disability,
}

impl Focus {
    pub const ALL: [Focus; 5] = [
        Focus::DroppedOut,
        Focus::Hardship,
        Focus::NoGuardian,
        Focus::Unsupported,
        Focus::Disability,
    ];

    /// A stable English key (the CSV's column keys are built from it).
    pub fn code(self) -> &'static str {
        match self {
            Focus::DroppedOut => "dropped_out",
            Focus::Hardship => "hardship",
            Focus::NoGuardian => "no_guardian",
            Focus::Unsupported => "unsupported",
            Focus::Disability => "disability",
        }
    }

    /// Whether `child` is in this category. Four are the roster's difficulty flags; a
    /// dropout is the enrolment state, not the flag 辍学风险 (a risk is not a dropout).
    pub fn of(self, child: &Child) -> bool {
        let flag = |f: Flag| child.flags.contains(&f);
        match self {
            Focus::DroppedOut => child.enrolment == Enrolment::DroppedOut,
            Focus::Hardship => flag(Flag::Hardship),
            Focus::NoGuardian => flag(Flag::NoGuardianship),
            Focus::Unsupported => flag(Flag::Unsupported),
            Focus::Disability => flag(Flag::Disability),
        }
    }
}

/// The update's figures.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// In the programme at the quarter's end.
    pub total: usize,
    /// Whose care began in the quarter.
    pub new: usize,
    /// Who left the programme in the quarter.
    pub left: usize,
    /// In the programme at the quarter's end and in each category, in `Focus::ALL` order.
    pub focus: [usize; 5],
}

pub fn counts(rows: &[QuarterRow]) -> Counts {
    let mut n = Counts::default();
    for r in rows {
        n.new += usize::from(r.changes.iter().any(|c| matches!(c, Change::New { .. })));
        n.left += usize::from(r.changes.iter().any(|c| matches!(c, Change::Left { .. })));
        if r.active {
            n.total += 1;
            for (count, f) in n.focus.iter_mut().zip(Focus::ALL) {
                *count += usize::from(f.of(&r.child));
            }
        }
    }
    n
}

/// What would make a child's row wrong if the update were sent as it stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Problem {
    /// Not a left-behind child by the definition on the quarter's last day: one parent away
    /// while the other can care (or it is not recorded), or 16 by then.
    Outside(Gap),
    /// No phone for the guardian: the township cannot reach whoever looks after the child.
    NoGuardianPhone,
    /// Not at school: an absence case is open (or its outcome not recorded), so the
    /// enrolment state the update carries may change any day.
    NotAtSchool(Enrolment),
}

/// A child the check names, with what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    pub child: ChildId,
    pub name: String,
    pub class: String,
    pub problems: Vec<Problem>,
}

/// The check before the update for `quarter` is sent: every child in the programme at its
/// end whose row would be wrong, in the rows' order. A child who left is not checked: the
/// update only says they left.
pub fn check(quarter: Quarter, rows: &[QuarterRow]) -> Vec<Finding> {
    let last = quarter.range().to;
    rows.iter()
        .filter(|r| r.active)
        .filter_map(|r| {
            let c = &r.child;
            let mut problems: Vec<Problem> = left_behind::gaps(c, last)
                .into_iter()
                .map(Problem::Outside)
                .collect();
            if c.guardian.phone.trim().is_empty() {
                problems.push(Problem::NoGuardianPhone);
            }
            if c.enrolment != Enrolment::AtSchool {
                problems.push(Problem::NotAtSchool(c.enrolment));
            }
            (!problems.is_empty()).then(|| Finding {
                child: c.id,
                name: c.name.clone(),
                class: c.class.clone(),
                problems,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Capacity, ChildStatus, Gender, LeaveReason};
    use chrono::NaiveDate;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn row(id: u64, edit: impl Fn(&mut Child), changes: Vec<Change>) -> QuarterRow {
        let mut c = Child::new(
            ChildId(id),
            format!("孩子{id}"),
            Gender::Female,
            d(2014, 5, 1),
        );
        c.left_behind_type = "父母均外出".into();
        c.guardian.phone = "13800000000".into();
        edit(&mut c);
        QuarterRow {
            active: c.is_active(),
            child: c,
            counselor: None,
            changes,
        }
    }

    #[test]
    fn the_five_categories_are_the_flags_and_the_enrolment_state() {
        let mut c = Child::new(ChildId(1), "王芳".into(), Gender::Female, d(2014, 5, 1));
        let none: Vec<Focus> = Vec::new();
        let of = |c: &Child| {
            Focus::ALL
                .into_iter()
                .filter(|f| f.of(c))
                .collect::<Vec<_>>()
        };
        assert_eq!(of(&c), none);
        // A risk of dropping out is a flag of its own, not the category.
        c.flags.insert(Flag::DropoutRisk);
        assert_eq!(of(&c), none);
        c.enrolment = Enrolment::Truant;
        assert_eq!(of(&c), none);
        c.enrolment = Enrolment::DroppedOut;
        c.flags
            .extend([Flag::Hardship, Flag::NoGuardianship, Flag::Unsupported]);
        c.flags.insert(Flag::Disability);
        assert_eq!(of(&c), Focus::ALL);
    }

    #[test]
    fn counts_are_the_children_at_the_end_the_new_the_left_and_each_category() {
        let left = ChildStatus::Left {
            date: d(2026, 10, 30),
            reason: LeaveReason::ParentsReturned,
            note: String::new(),
        };
        let rows = [
            row(
                1,
                |c| {
                    c.flags.insert(Flag::Hardship);
                },
                vec![Change::New {
                    from: d(2026, 10, 12),
                }],
            ),
            row(2, |c| c.enrolment = Enrolment::DroppedOut, vec![]),
            // Who left is counted as leaving, not in a category.
            row(
                3,
                |c| {
                    c.flags.insert(Flag::Disability);
                    c.status = left.clone();
                },
                vec![Change::Left {
                    date: d(2026, 10, 30),
                    reason: LeaveReason::ParentsReturned,
                    note: String::new(),
                }],
            ),
        ];
        assert_eq!(
            counts(&rows),
            Counts {
                total: 2,
                new: 1,
                left: 1,
                focus: [1, 1, 0, 0, 0],
            }
        );
    }

    /// The test: one parent away with a capable parent at home is flagged, and a 16th
    /// birthday in the quarter is flagged (on its last day too, 31 December); so are a missing
    /// guardian phone and a child not at school. A child who left is not checked.
    #[test]
    fn the_check_names_each_child_whose_row_would_be_wrong() {
        let q4 = Quarter { year: 2026, q: 4 };
        let rows = [
            row(1, |_| {}, vec![]),
            row(
                2,
                |c| {
                    c.left_behind_type = "父亲外出".into();
                    c.guardian_capacity = Some(Capacity::Able);
                },
                vec![],
            ),
            row(3, |c| c.birth_date = d(2010, 12, 31), vec![]),
            row(4, |c| c.birth_date = d(2011, 1, 1), vec![]),
            row(
                5,
                |c| {
                    c.guardian.phone = " ".into();
                    c.enrolment = Enrolment::Truant;
                },
                vec![],
            ),
            row(
                6,
                |c| {
                    c.guardian.phone.clear();
                    c.status = ChildStatus::Left {
                        date: d(2026, 11, 1),
                        reason: LeaveReason::Moved,
                        note: String::new(),
                    };
                },
                vec![],
            ),
        ];
        let found: Vec<(String, Vec<Problem>)> = check(q4, &rows)
            .into_iter()
            .map(|f| (f.name, f.problems))
            .collect();
        assert_eq!(
            found,
            [
                (
                    "孩子2".to_string(),
                    vec![Problem::Outside(Gap::HomeParentCan)]
                ),
                (
                    "孩子3".to_string(),
                    vec![Problem::Outside(Gap::Sixteen {
                        on: d(2026, 12, 31)
                    })]
                ),
                (
                    "孩子5".to_string(),
                    vec![
                        Problem::NoGuardianPhone,
                        Problem::NotAtSchool(Enrolment::Truant)
                    ]
                ),
            ]
        );
        // Born on a leap day: 16 on 29 February 2028, in that year's first quarter.
        let leap = [row(7, |c| c.birth_date = d(2012, 2, 29), vec![])];
        assert_eq!(check(Quarter { year: 2027, q: 4 }, &leap), []);
        let found = check(Quarter { year: 2028, q: 1 }, &leap);
        assert_eq!(
            found[0].problems,
            [Problem::Outside(Gap::Sixteen { on: d(2028, 2, 29) })]
        );
    }
}
