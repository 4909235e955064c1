use super::*;
use crate::config::Term;
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn c(kind: NoteKind, day: NaiveDate) -> Contact {
    Contact {
        kind,
        at: day.and_hms_opt(15, 30, 0).unwrap(),
    }
}

/// The defaults, but one term a year from Jan 1 to Dec 31: no breaks to think about.
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

fn status(cfg: &Config, id: &str, today: NaiveDate, care: NaiveDate, cs: &[Contact]) -> RuleStatus {
    evaluate(cfg, today, care, cs)
        .into_iter()
        .find(|s| &*s.rule == id)
        .unwrap()
}

use NoteKind::*;

#[test]
fn the_week_runs_monday_to_sunday() {
    assert_eq!(
        week_of(d(2026, 11, 29)),
        (d(2026, 11, 23), d(2026, 11, 29)),
        "Sunday"
    );
    assert_eq!(
        week_of(d(2026, 11, 30)),
        (d(2026, 11, 30), d(2026, 12, 6)),
        "Monday"
    );
    assert_eq!(week_of(d(2026, 11, 25)), (d(2026, 11, 23), d(2026, 11, 29)));
    assert_eq!(
        week_of(d(2026, 12, 31)),
        (d(2026, 12, 28), d(2027, 1, 3)),
        "across years"
    );
}

#[test]
fn a_talk_on_sunday_then_monday() {
    let cfg = no_breaks();
    let care = d(2026, 9, 1);
    let sunday = d(2026, 11, 22);
    let monday = d(2026, 11, 23);
    // Talk on Sunday: due again next Sunday, which is in the week that starts Monday.
    let s = status(&cfg, "talk", monday, care, &[c(Talk, sunday)]);
    assert_eq!(s.last_done, Some(sunday));
    assert_eq!(
        s.state,
        DueState::DueSoon {
            due: d(2026, 11, 29)
        }
    );
    assert!(s.state.is_due_this_week());
    // Another talk on Monday moves it into next week.
    let s = status(
        &cfg,
        "talk",
        monday,
        care,
        &[c(Talk, sunday), c(Talk, monday)],
    );
    assert_eq!(
        s.state,
        DueState::Done {
            next_due: d(2026, 11, 30)
        }
    );
    assert!(!s.state.is_due_this_week());
    // On the Sunday it is due that day, on the Monday after overdue by one day.
    let s = status(&cfg, "talk", d(2026, 11, 29), care, &[c(Talk, sunday)]);
    assert_eq!(s.state, DueState::DueToday);
    let s = status(&cfg, "talk", d(2026, 11, 30), care, &[c(Talk, sunday)]);
    assert_eq!(
        s.state,
        DueState::Overdue {
            since: d(2026, 11, 29),
            days: 1
        }
    );
}

#[test]
fn a_break_pauses_school_rules() {
    let cfg = Config::default(); // autumn term ends 2027-01-20, spring starts 2027-02-20
    let care = d(2026, 9, 1);
    // Due on the first day of winter break: due again on the first day of the next term.
    let talk = [c(Talk, d(2027, 1, 14))];
    let s = status(&cfg, "talk", d(2027, 1, 25), care, &talk);
    assert_eq!(s.state, DueState::Paused);
    assert_eq!(s.due, d(2027, 2, 20));
    assert_eq!(
        status(&cfg, "talk", d(2027, 2, 20), care, &talk).state,
        DueState::DueToday
    );
    let s = status(&cfg, "talk", d(2027, 2, 22), care, &talk);
    assert_eq!(
        s.state,
        DueState::Overdue {
            since: d(2027, 2, 20),
            days: 2
        }
    );
    // Overdue before the break: the break's 30 days do not count.
    let s = status(
        &cfg,
        "talk",
        d(2027, 2, 21),
        care,
        &[c(Talk, d(2027, 1, 5))],
    );
    assert_eq!(
        s.state,
        DueState::Overdue {
            since: d(2027, 1, 12),
            days: 8 + 2
        }
    );
    // Every school rule is paused in the summer.
    for s in evaluate(&cfg, d(2027, 8, 1), care, &talk) {
        assert_eq!(
            s.state == DueState::Paused,
            &*s.rule != "holiday_check",
            "{s:?}"
        );
    }
}

#[test]
fn the_holiday_rule_applies_only_in_breaks() {
    let cfg = Config::default();
    let care = d(2026, 9, 1);
    let in_term = status(&cfg, "holiday_check", d(2026, 12, 1), care, &[]);
    assert_eq!(in_term.state, DueState::Paused);
    assert_eq!(
        in_term.due,
        d(2027, 2, 3),
        "two weeks into the coming winter break"
    );
    // Its clock starts on the first day of the break, not at the start of care.
    let s = status(&cfg, "holiday_check", d(2027, 1, 25), care, &[]);
    assert_eq!(
        s.state,
        DueState::Done {
            next_due: d(2027, 2, 3)
        }
    );
    let s = status(&cfg, "holiday_check", d(2027, 2, 4), care, &[]);
    assert_eq!(
        s.state,
        DueState::Overdue {
            since: d(2027, 2, 3),
            days: 1
        }
    );
    // A guardian call or home visit counts; a check-in last summer does not.
    let cs = [
        c(HolidaySafetyCheck, d(2026, 8, 20)),
        c(GuardianCall, d(2027, 1, 28)),
    ];
    let s = status(&cfg, "holiday_check", d(2027, 2, 4), care, &cs);
    assert_eq!(
        s.state,
        DueState::Done {
            next_due: d(2027, 2, 11)
        }
    );
    let cs = [c(HolidaySafetyCheck, d(2026, 8, 20))];
    let s = status(&cfg, "holiday_check", d(2027, 2, 4), care, &cs);
    assert!(matches!(s.state, DueState::Overdue { .. }));
    // A talk does not count as a holiday check-in.
    let s = status(
        &cfg,
        "holiday_check",
        d(2027, 2, 4),
        care,
        &[c(Talk, d(2027, 2, 1))],
    );
    assert!(matches!(s.state, DueState::Overdue { .. }));
}

#[test]
fn a_child_assigned_mid_term_is_not_overdue() {
    let cfg = Config::default();
    let care = d(2026, 10, 14); // a Wednesday
    for s in evaluate(&cfg, d(2026, 10, 15), care, &[]) {
        assert!(!matches!(s.state, DueState::Overdue { .. }), "{s:?}");
    }
    let s = status(&cfg, "talk", d(2026, 10, 15), care, &[]);
    assert_eq!(
        s.state,
        DueState::Done {
            next_due: d(2026, 10, 21)
        }
    );
    assert_eq!(s.last_done, None);
    // Earlier contacts (another counselor, last year) show, but the clock starts at care.
    let s = status(
        &cfg,
        "talk",
        d(2026, 10, 15),
        care,
        &[c(Talk, d(2026, 5, 1))],
    );
    assert_eq!(s.last_done, Some(d(2026, 5, 1)));
    assert_eq!(s.due, d(2026, 10, 21));
    // Assigned in the summer: the clock starts with the term.
    let s = status(&cfg, "talk", d(2026, 9, 3), d(2026, 8, 10), &[]);
    assert_eq!(s.due, d(2026, 9, 7));
    assert!(!matches!(s.state, DueState::Overdue { .. }));
}

#[test]
fn twice_a_week_with_one_two_and_three_tutorings() {
    let cfg = no_breaks();
    let care = d(2026, 1, 5);
    let today = d(2026, 3, 11); // Wednesday
    let one = [c(Tutoring, d(2026, 3, 9))];
    let s = status(&cfg, "tutoring", today, care, &one);
    assert!(
        matches!(s.state, DueState::Overdue { .. }),
        "one in a week is not enough"
    );
    assert_eq!(s.last_done, Some(d(2026, 3, 9)));
    let two = [c(Tutoring, d(2026, 3, 5)), c(Tutoring, d(2026, 3, 9))];
    let s = status(&cfg, "tutoring", today, care, &two);
    assert_eq!(
        s.state,
        DueState::DueSoon {
            due: d(2026, 3, 12)
        },
        "from the older of two"
    );
    let three = [
        c(Tutoring, d(2026, 3, 9)),
        c(Tutoring, d(2026, 3, 2)),
        c(Tutoring, d(2026, 3, 5)),
    ];
    assert_eq!(
        status(&cfg, "tutoring", today, care, &three).due,
        d(2026, 3, 12)
    );
    // Two sessions on the same day are one day of tutoring.
    let same_day = [c(Tutoring, d(2026, 3, 9)), c(Tutoring, d(2026, 3, 9))];
    let s = status(&cfg, "tutoring", today, care, &same_day);
    assert!(matches!(s.state, DueState::Overdue { .. }));
    // Just assigned, one session done: due a week after care began.
    let s = status(&cfg, "tutoring", d(2026, 3, 11), d(2026, 3, 9), &one);
    assert_eq!(s.due, d(2026, 3, 16));
}

#[test]
fn a_missed_month_does_not_pile_up() {
    let cfg = no_breaks();
    let care = d(2025, 9, 1);
    let old = [c(LetterToParents, d(2026, 1, 10))];
    let s = status(&cfg, "letter_to_parents", d(2026, 4, 15), care, &old);
    assert_eq!(
        s.state,
        DueState::Overdue {
            since: d(2026, 2, 10),
            days: 64
        }
    );
    // One letter clears it: nothing is owed for February and March.
    let caught_up = [old[0], c(LetterToParents, d(2026, 4, 15))];
    let s = status(&cfg, "letter_to_parents", d(2026, 4, 15), care, &caught_up);
    assert_eq!(
        s.state,
        DueState::Done {
            next_due: d(2026, 5, 15)
        }
    );
}

#[test]
fn month_lengths() {
    let cfg = no_breaks();
    let care = d(2025, 9, 1);
    let jan31 = [c(LetterToParents, d(2026, 1, 31))];
    assert_eq!(
        status(&cfg, "letter_to_parents", d(2026, 2, 1), care, &jan31).due,
        d(2026, 2, 28)
    );
    let leap = [c(LetterToParents, d(2028, 1, 31))];
    let s = status(&cfg, "letter_to_parents", d(2028, 2, 29), care, &leap);
    assert_eq!((s.due, s.state), (d(2028, 2, 29), DueState::DueToday));
    let mar31 = [c(GroupCounseling, d(2026, 3, 31))];
    assert_eq!(
        status(&cfg, "group_counseling", d(2026, 4, 1), care, &mar31).due,
        d(2026, 4, 30)
    );
}

#[test]
fn parents_target_twice_a_month_minimum_once() {
    let cfg = no_breaks();
    let care = d(2026, 1, 1);
    let one = [c(ParentCall, d(2026, 3, 1))];
    let s = status(&cfg, "parent_contact", d(2026, 3, 20), care, &one);
    assert_eq!(s.deadline, d(2026, 4, 1));
    assert_eq!(
        s.state,
        DueState::PastTarget {
            target: d(2026, 2, 1),
            deadline: d(2026, 4, 1)
        }
    );
    assert!(s.state.is_due_this_week());
    let two = [one[0], c(ParentCall, d(2026, 3, 10))];
    let s = status(&cfg, "parent_contact", d(2026, 3, 20), care, &two);
    assert_eq!((s.due, s.deadline), (d(2026, 4, 1), d(2026, 4, 10)));
    assert_eq!(
        s.state,
        DueState::Done {
            next_due: d(2026, 4, 1)
        }
    );
    // A guardian call is not a call with the parents.
    let s = status(
        &cfg,
        "parent_contact",
        d(2026, 3, 20),
        care,
        &[c(GuardianCall, d(2026, 3, 19))],
    );
    assert!(matches!(s.state, DueState::Overdue { .. }));
}

#[test]
fn semester_rules_reset_at_the_term_start() {
    let cfg = Config::default();
    let care = d(2026, 9, 1);
    let visit = [c(HomeVisit, d(2026, 10, 10))];
    // Visited this term: the minimum is met until the end of next term; the target (every
    // month of school days, 每月一访) comes first.
    let s = status(&cfg, "home_visit", d(2026, 11, 2), care, &visit);
    assert_eq!(s.deadline, d(2027, 7, 5));
    assert_eq!(
        s.state,
        DueState::Done {
            next_due: d(2026, 11, 10)
        }
    );
    // In the spring term the autumn visit no longer counts: due again by the end of spring.
    let s = status(&cfg, "home_visit", d(2027, 2, 22), care, &visit);
    assert_eq!(s.deadline, d(2027, 7, 5));
    assert_eq!(
        s.state,
        DueState::PastTarget {
            target: d(2026, 11, 10),
            deadline: d(2027, 7, 5)
        }
    );
    let spring = [visit[0], c(HomeVisit, d(2027, 3, 1))];
    let s = status(&cfg, "home_visit", d(2027, 3, 2), care, &spring);
    assert_eq!(s.deadline, d(2028, 1, 20));
    // No visit at all: due by the end of this term, not before.
    let s = status(&cfg, "home_visit", d(2026, 9, 2), care, &[]);
    assert_eq!(s.deadline, d(2027, 1, 20));
    // Forum: twice a semester.
    let once = [c(Forum, d(2026, 10, 1))];
    assert_eq!(
        status(&cfg, "forum", d(2027, 1, 20), care, &once).state,
        DueState::DueToday
    );
    assert_eq!(
        status(&cfg, "forum", d(2027, 1, 18), care, &once).state,
        DueState::DueSoon {
            due: d(2027, 1, 20)
        }
    );
    let twice = [once[0], c(Forum, d(2026, 12, 1))];
    let s = status(&cfg, "forum", d(2027, 1, 18), care, &twice);
    assert_eq!(
        s.state,
        DueState::Done {
            next_due: d(2027, 7, 5)
        }
    );
}

#[test]
fn several_counselors_contacts_count_for_the_child() {
    let cfg = no_breaks();
    let care = d(2026, 1, 1);
    let by_a = [c(Talk, d(2026, 3, 2)), c(Tutoring, d(2026, 3, 3))];
    let by_b = [c(Talk, d(2026, 3, 4)), c(Tutoring, d(2026, 3, 5))];
    let mixed: Vec<Contact> = by_a.iter().chain(&by_b).copied().collect();
    let today = d(2026, 3, 6);
    assert!(matches!(
        status(&cfg, "tutoring", today, care, &by_a).state,
        DueState::Overdue { .. }
    ));
    let s = status(&cfg, "tutoring", today, care, &mixed);
    assert_eq!(
        s.state,
        DueState::Done {
            next_due: d(2026, 3, 10)
        }
    );
    assert_eq!(
        status(&cfg, "talk", today, care, &mixed).last_done,
        Some(d(2026, 3, 4))
    );
}

#[test]
fn future_contacts_are_ignored() {
    let cfg = no_breaks();
    let s = status(
        &cfg,
        "talk",
        d(2026, 3, 20),
        d(2026, 1, 1),
        &[c(Talk, d(2026, 3, 25))],
    );
    assert_eq!(s.last_done, None);
    assert!(matches!(s.state, DueState::Overdue { .. }));
}

#[test]
fn need_score_puts_the_most_overdue_first() {
    let st = |state| RuleStatus {
        rule: "talk".into(),
        last_done: None,
        due: d(2026, 1, 1),
        deadline: d(2026, 1, 1),
        state,
    };
    let since = d(2026, 1, 1);
    let long = need_score(&[st(DueState::Overdue { since, days: 10 })]);
    let short = need_score(&[st(DueState::Overdue { since, days: 1 })]);
    let today = need_score(&[st(DueState::DueToday)]);
    let soon = need_score(&[st(DueState::DueSoon { due: since })]);
    let done = need_score(&[st(DueState::Done { next_due: since }), st(DueState::Paused)]);
    assert!(long > short && short > today && today > soon && soon > done);
    assert_eq!(done, 0);
    let two = need_score(&[
        st(DueState::DueToday),
        st(DueState::Overdue { since, days: 1 }),
    ]);
    assert!(two > short, "more duties, more need");
    // A whole year overdue does not overflow or swamp everything else without bound.
    assert_eq!(
        need_score(&[st(DueState::Overdue {
            since,
            days: 100_000
        })]),
        100 + 3650
    );
}

#[test]
fn no_terms_means_no_breaks() {
    let cfg = Config {
        terms: vec![],
        ..Config::default()
    };
    let s = status(
        &cfg,
        "talk",
        d(2026, 8, 1),
        d(2026, 7, 1),
        &[c(Talk, d(2026, 7, 20))],
    );
    assert_eq!(
        s.state,
        DueState::Overdue {
            since: d(2026, 7, 27),
            days: 5
        }
    );
    let h = status(&cfg, "holiday_check", d(2026, 8, 1), d(2026, 7, 1), &[]);
    assert_eq!(h.state, DueState::Paused);
}

/// The plans' calendar has breaks inside the terms (国庆, 劳动节): they pause the weekly
/// rules as the winter and summer breaks do, and the holiday check covers each of them.
#[test]
fn a_break_in_october_pauses_the_weekly_rules() {
    let cfg = Config::default();
    let care = d(2026, 9, 1);
    let talk = [c(Talk, d(2026, 9, 28))]; // a Monday
    // In the National Day break the weekly talk waits.
    let s = status(&cfg, "talk", d(2026, 10, 3), care, &talk);
    assert_eq!(s.state, DueState::Paused);
    assert!(!is_school_day(&cfg, d(2026, 10, 3)));
    assert!(is_school_day(&cfg, d(2026, 10, 8)));
    // After it, the week counts only school days: two before the break, five after.
    let s = status(&cfg, "talk", d(2026, 10, 9), care, &talk);
    assert_eq!(s.deadline, d(2026, 10, 12));
    assert_eq!(
        s.state,
        DueState::Done {
            next_due: d(2026, 10, 12)
        }
    );
    // Twice a week of tutoring is not overdue on the Thursday the school is back.
    let tut = [c(Tutoring, d(2026, 9, 28)), c(Tutoring, d(2026, 9, 30))];
    let s = status(&cfg, "tutoring", d(2026, 10, 8), care, &tut);
    assert!(!matches!(s.state, DueState::Overdue { .. }), "{s:?}");
    // May Day too.
    let s = status(&cfg, "talk", d(2027, 5, 3), care, &[]);
    assert_eq!(s.state, DueState::Paused);
    // The holiday check runs in the break, and is due before it ends.
    let s = status(&cfg, "holiday_check", d(2026, 10, 5), care, &[]);
    assert_eq!(
        s.state,
        DueState::DueSoon {
            due: d(2026, 10, 7)
        }
    );
    let done = [c(HolidaySafetyCheck, d(2026, 10, 2))];
    let s = status(&cfg, "holiday_check", d(2026, 10, 5), care, &done);
    assert!(matches!(s.state, DueState::Done { .. }), "{s:?}");
    // A check in the October break says nothing about the winter one.
    let s = status(&cfg, "holiday_check", d(2027, 1, 25), care, &done);
    assert_eq!(s.due, d(2027, 2, 3));
    // The semester is still the whole term: a visit in September counts after the break.
    let visit = [c(HomeVisit, d(2026, 9, 10))];
    let s = status(&cfg, "home_visit", d(2026, 10, 9), care, &visit);
    assert_eq!(s.deadline, d(2027, 7, 5));
}

/// 放学后 is a key period too: in term the safety check is asked for after school.
#[test]
fn the_after_school_check_rule_is_due() {
    let cfg = Config::default();
    let care = d(2026, 9, 1);
    let s = status(&cfg, "after_school_check", d(2026, 11, 2), care, &[]);
    assert!(matches!(s.state, DueState::Overdue { .. }), "{s:?}");
    let checked = [c(HolidaySafetyCheck, d(2026, 10, 20))];
    let s = status(&cfg, "after_school_check", d(2026, 11, 2), care, &checked);
    assert_eq!(
        s.state,
        DueState::Done {
            next_due: d(2026, 11, 20)
        }
    );
    // Due within the month's last week.
    let s = status(&cfg, "after_school_check", d(2026, 11, 16), care, &checked);
    assert_eq!(
        s.state,
        DueState::DueSoon {
            due: d(2026, 11, 20)
        }
    );
    // It is a school-day rule: paused in the winter break, when the holiday check runs.
    let s = status(&cfg, "after_school_check", d(2027, 1, 25), care, &[]);
    assert_eq!(s.state, DueState::Paused);
}

/// A break across the year's end (元旦, set by a school) in ISO week 53 of 2026.
#[test]
fn a_break_across_new_year_in_week_53() {
    let cfg = Config::from_toml("[[breaks]]\nname = \"元旦\"\ndays = \"12-31..01-02\"\n").unwrap();
    assert_eq!(d(2027, 1, 1).iso_week().week(), 53);
    for day in [d(2026, 12, 31), d(2027, 1, 1), d(2027, 1, 2)] {
        assert!(!is_school_day(&cfg, day), "{day}");
    }
    assert!(is_school_day(&cfg, d(2026, 12, 30)));
    assert!(is_school_day(&cfg, d(2027, 1, 3)));
    // The school's own list replaces the built-in breaks.
    assert!(is_school_day(&cfg, d(2026, 10, 3)));
    let care = d(2026, 9, 1);
    let talk = [c(Talk, d(2026, 12, 28))]; // Monday of week 53
    // Two school days before the break, then 01-03 onwards: due on Thursday 01-07.
    let s = status(&cfg, "talk", d(2027, 1, 4), care, &talk);
    assert_eq!(s.due, d(2027, 1, 7));
    assert_eq!(s.state, DueState::DueSoon { due: d(2027, 1, 7) });
    let s = status(&cfg, "talk", d(2027, 1, 1), care, &talk);
    assert_eq!(s.state, DueState::Paused);
}
