//! The plans' monthly contacts (issue 23, 6): "每月与父母、任课教师、托管人联系两次" — a
//! contact with the child's teachers (联系任课教师) twice a month, by rule, not only by name.

use super::*;
use crate::config::Term;
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn teachers(on: NaiveDate) -> Contact {
    Contact {
        kind: NoteKind::TeacherContact,
        at: on.and_hms_opt(15, 30, 0).unwrap(),
    }
}

/// The defaults over one term a year, Jan 1 to Dec 31: no break moves a day here.
fn no_breaks() -> Config {
    Config {
        breaks: Vec::new(),
        terms: (2020..2040)
            .map(|y| Term {
                name: y.to_string(),
                start: d(y, 1, 1),
                end: d(y, 12, 31),
            })
            .collect(),
        ..Config::default()
    }
}

fn status(today: NaiveDate, contacts: &[Contact]) -> RuleStatus {
    evaluate(&no_breaks(), today, d(2026, 1, 1), contacts)
        .into_iter()
        .find(|s| &*s.rule == "teacher_contact")
        .expect("the default rules hold teacher_contact")
}

/// Two contacts within a month meet the rule until a month after the earlier of them; one
/// does not, and a call with the parents or a talk is not a contact with the teachers.
#[test]
fn the_childs_teachers_are_contacted_twice_a_month() {
    let overdue = DueState::Overdue {
        since: d(2026, 2, 1),
        days: 47,
    };
    assert_eq!(status(d(2026, 3, 20), &[]).state, overdue);
    let one = [teachers(d(2026, 3, 2))];
    let s = status(d(2026, 3, 20), &one);
    assert_eq!(s.state, overdue, "once is not enough");
    assert_eq!(s.last_done, Some(d(2026, 3, 2)));
    let two = [one[0], teachers(d(2026, 3, 12))];
    let s = status(d(2026, 3, 20), &two);
    assert_eq!(
        s.state,
        DueState::Done {
            next_due: d(2026, 4, 2)
        }
    );
    let s = status(d(2026, 4, 3), &two);
    assert_eq!(
        s.state,
        DueState::Overdue {
            since: d(2026, 4, 2),
            days: 1
        }
    );
    let at = |kind, on: NaiveDate| Contact {
        kind,
        at: on.and_hms_opt(9, 0, 0).unwrap(),
    };
    let others = [
        at(NoteKind::ParentCall, d(2026, 3, 2)),
        at(NoteKind::Talk, d(2026, 3, 12)),
    ];
    assert_eq!(status(d(2026, 3, 20), &others).state, overdue);
}
