use super::*;
use crate::config::Term;
use crate::model::*;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn at(day: NaiveDate) -> Timestamp {
    day.and_hms_opt(15, 0, 0).unwrap()
}

/// The talk rule alone (once a week), and terms that fill whole years: no breaks.
fn talks_only() -> Config {
    let mut config = Config::default();
    config.cadence.retain(|r| &*r.id == "talk");
    config.terms = (2020..2040)
        .map(|y| Term {
            name: y.to_string(),
            start: d(y, 1, 1),
            end: d(y, 12, 31),
        })
        .collect();
    config.breaks.clear();
    config
}

const LI: CounselorId = CounselorId(1);
const WANG: CounselorId = CounselorId(2);

fn records(id: u64, care: &[(CounselorId, NaiveDate, Option<NaiveDate>)]) -> ChildRecords {
    let child = Child::new(
        ChildId(id),
        format!("孩子{id}"),
        Gender::Female,
        d(2014, 1, 1),
    );
    ChildRecords {
        assignments: care
            .iter()
            .enumerate()
            .map(|(i, (c, from, until))| Assignment {
                id: AssignmentId(100 * id + i as u64),
                child: child.id,
                counselor: *c,
                from: *from,
                until: *until,
            })
            .collect(),
        child,
        contacts: Vec::new(),
        moods: Vec::new(),
        followups: Vec::new(),
        incidents: Vec::new(),
    }
}

fn september() -> Range {
    Range::new(d(2026, 9, 1), d(2026, 9, 30)).unwrap()
}

fn talk(rec: &mut ChildRecords, day: NaiveDate) {
    rec.contacts.push((at(day), NoteKind::Talk));
}

#[test]
fn a_weekly_talk_missed_twice_is_kept_on_sixteen_days_of_thirty() {
    let mut rec = records(1, &[(LI, d(2026, 9, 1), None)]);
    talk(&mut rec, d(2026, 9, 1));
    talk(&mut rec, d(2026, 9, 15));
    let s = semester(&talks_only(), LI, september(), d(2026, 12, 1), &[rec]);
    assert_eq!(s.rules, vec![Arc::from("talk")]);
    let c = &s.children[0];
    // Due by 09-08, overdue 09-09..09-14 (6 days); due by 09-22, overdue 09-23..09-30 (8).
    assert_eq!(c.rules[0].running_days, 30);
    assert_eq!(c.rules[0].kept_days, 16);
    assert_eq!(c.rules[0].contacts, 2);
    assert_eq!(c.contacts[NoteKind::Talk as usize], 2);
    // Weeks (Monday first) touching September: 08-31, 09-07, 09-14, 09-21, 09-28.
    assert_eq!((c.weeks, c.weeks_without_talk), (5, 3));
}

#[test]
fn contacts_count_on_the_range_edges_and_not_outside() {
    let mut rec = records(1, &[(LI, d(2026, 8, 1), None)]);
    for day in [
        d(2026, 8, 31),
        d(2026, 9, 1),
        d(2026, 9, 30),
        d(2026, 10, 1),
    ] {
        talk(&mut rec, day);
    }
    let s = semester(&talks_only(), LI, september(), d(2026, 12, 1), &[rec]);
    assert_eq!(s.children[0].contacts[NoteKind::Talk as usize], 2);
    // Kept 09-01..09-08 by the talk of 09-01, then on 09-30 by the one that day.
    assert_eq!(s.children[0].rules[0].kept_days, 8 + 1);
}

#[test]
fn a_child_assigned_mid_term_counts_from_the_assignment() {
    let mut rec = records(1, &[(LI, d(2026, 9, 21), None)]);
    talk(&mut rec, d(2026, 9, 10)); // before: another school's business
    talk(&mut rec, d(2026, 9, 22));
    let s = semester(&talks_only(), LI, september(), d(2026, 12, 1), &[rec]);
    let c = &s.children[0];
    assert_eq!(
        c.care,
        vec![Range::new(d(2026, 9, 21), d(2026, 9, 30)).unwrap()]
    );
    assert_eq!(c.contacts[NoteKind::Talk as usize], 1);
    // Ten days of care: 09-21 is not judged (nothing due yet, nothing done: the talk of
    // 09-10 was before the care), the talk of 09-22 keeps the rule to 09-29, overdue 09-30.
    assert_eq!((c.rules[0].running_days, c.rules[0].kept_days), (9, 8));
}

#[test]
fn a_counselor_replaced_mid_term_keeps_the_days_before_the_handover() {
    let mut rec = records(
        1,
        &[
            (LI, d(2026, 9, 1), Some(d(2026, 9, 15))),
            (WANG, d(2026, 9, 16), None),
        ],
    );
    talk(&mut rec, d(2026, 9, 2));
    talk(&mut rec, d(2026, 9, 20));
    talk(&mut rec, d(2026, 9, 27));
    let config = talks_only();
    let li = semester(&config, LI, september(), d(2026, 12, 1), &[rec.clone()]);
    let wang = semester(&config, WANG, september(), d(2026, 12, 1), &[rec]);
    assert_eq!(li.children[0].contacts[NoteKind::Talk as usize], 1);
    assert_eq!(wang.children[0].contacts[NoteKind::Talk as usize], 2);
    // 王's clock starts at the handover: 09-16..09-19 not yet due and nothing done (not
    // judged), then kept to 09-30 by the two talks.
    assert_eq!(wang.children[0].rules[0].running_days, 11);
    assert_eq!(wang.children[0].rules[0].kept_days, 11);
    // 李: 09-01 not judged, the talk of 09-02 keeps it to 09-09, then overdue 09-10..09-15.
    assert_eq!(li.children[0].rules[0].running_days, 14);
    assert_eq!(li.children[0].rules[0].kept_days, 8);
    // Someone else's children are not in the summary at all.
    let other = semester(&config, CounselorId(9), september(), d(2026, 12, 1), &[]);
    assert!(other.children.is_empty());
}

#[test]
fn a_child_who_left_counts_until_the_day_they_left() {
    let mut rec = records(1, &[(LI, d(2026, 9, 1), None)]);
    rec.child.status = ChildStatus::Left {
        date: d(2026, 9, 10),
        reason: LeaveReason::ParentsReturned,
        note: String::new(),
    };
    talk(&mut rec, d(2026, 9, 3));
    talk(&mut rec, d(2026, 9, 12)); // a goodbye visit after leaving
    let s = semester(&talks_only(), LI, september(), d(2026, 12, 1), &[rec]);
    let c = &s.children[0];
    assert_eq!(c.left, Some(d(2026, 9, 10)));
    assert_eq!(c.contacts[NoteKind::Talk as usize], 1);
    // 09-01..09-02 not yet due, 09-03..09-10 kept by the talk of 09-03.
    assert_eq!(c.rules[0].running_days, 8);
    assert_eq!(c.rules[0].kept_days, 8);
}

#[test]
fn only_days_up_to_today_are_judged() {
    let rec = records(1, &[(LI, d(2026, 9, 1), None)]);
    let s = semester(&talks_only(), LI, september(), d(2026, 9, 10), &[rec]);
    assert_eq!(s.as_of, d(2026, 9, 10));
    // Due by 09-08 from the start of care (not judged until then: nothing was due and
    // nothing done), overdue on 09-09 and 09-10.
    assert_eq!(s.children[0].rules[0].running_days, 2);
    assert_eq!(s.children[0].rules[0].kept_days, 0);
    assert_eq!(s.totals.rules[0].percent(), Some(0.0));
}

#[test]
fn the_holiday_rule_is_reported_only_when_the_range_has_break_days() {
    let config = Config::default();
    let term = Range::new(d(2026, 10, 8), d(2027, 1, 20)).unwrap();
    let rec = records(1, &[(LI, d(2026, 9, 1), None)]);
    let s = semester(&config, LI, term, d(2027, 3, 1), std::slice::from_ref(&rec));
    assert!(!s.rules.iter().any(|r| &**r == "holiday_check"));
    assert_eq!(s.rules.len(), config.cadence.len());
    // The whole autumn term holds the National Day break: its check is reported.
    let autumn = Range::new(d(2026, 9, 1), d(2027, 1, 20)).unwrap();
    let s = semester(
        &config,
        LI,
        autumn,
        d(2027, 3, 1),
        std::slice::from_ref(&rec),
    );
    assert!(s.rules.iter().any(|r| &**r == "holiday_check"));
    let winter = Range::new(d(2027, 1, 10), d(2027, 2, 10)).unwrap();
    let s = semester(&config, LI, winter, d(2027, 3, 1), &[rec]);
    let holiday = s
        .rules
        .iter()
        .position(|r| &**r == "holiday_check")
        .unwrap();
    // 01-21..02-10 is the break: 21 days on the holiday clock, the check-in due every two
    // weeks from its eve: not yet due to 02-03, overdue (and judged) 02-04..02-10.
    assert_eq!(s.children[0].rules[holiday].running_days, 7);
    assert_eq!(s.children[0].rules[holiday].kept_days, 0);
}

#[test]
fn moods_follow_ups_and_incidents_of_the_care() {
    let mut rec = records(1, &[(LI, d(2026, 9, 1), None)]);
    for (i, (day, score)) in [(d(2026, 8, 20), 5), (d(2026, 9, 2), 4), (d(2026, 9, 29), 2)]
        .into_iter()
        .enumerate()
    {
        // The history holds the mood form's entries and the notes' moods alike.
        let source = if i % 2 == 0 {
            MoodSource::Entry(MoodId(i as u64))
        } else {
            MoodSource::Note(NoteId(i as u64))
        };
        rec.moods.push(MoodPoint {
            at: at(day),
            score,
            source,
        });
    }
    let followup = |id: u64, due: NaiveDate, done: Option<NaiveDate>| FollowUp {
        id: FollowUpId(id),
        child: ChildId(1),
        counselor: LI,
        due,
        text: "家访".into(),
        note: None,
        created: at(d(2026, 9, 1)),
        done: done.map(|day| FollowUpDone {
            at: at(day),
            by: LI,
            note: String::new(),
        }),
    };
    rec.followups = vec![
        followup(1, d(2026, 9, 5), Some(d(2026, 9, 4))), // done in time
        followup(2, d(2026, 9, 10), None),               // overdue
        followup(3, d(2026, 9, 12), Some(d(2026, 10, 3))), // done after the range: overdue in it
        followup(4, d(2026, 9, 30), None),               // due on the last day: not yet overdue
    ];
    let s = semester(&talks_only(), LI, september(), d(2026, 12, 1), &[rec]);
    let c = &s.children[0];
    assert_eq!(
        (c.mood_start, c.mood_end, c.mood_entries),
        (Some(4), Some(2), 2)
    );
    assert_eq!(c.trend(), Some(Trend::Falling));
    assert_eq!((c.followups_done, c.followups_overdue), (1, 2));
    assert_eq!((s.totals.falling, s.totals.followups_overdue), (1, 2));
}

/// The home visit (once a semester) and the talk (once a week), judged over one term.
fn visits_and_talks() -> Config {
    let mut config = Config::default();
    config
        .cadence
        .retain(|r| &*r.id == "talk" || &*r.id == "home_visit");
    config
}

fn rule_index(s: &Semester, id: &str) -> usize {
    s.rules.iter().position(|r| &**r == id).unwrap()
}

#[test]
fn a_rule_not_yet_due_is_not_due_never_one_hundred_percent() {
    // Four weeks of care, nothing done: the talk has been overdue since its first week, the
    // home visit is due only by the end of the term.
    let config = visits_and_talks();
    let term = Range::new(d(2026, 9, 1), d(2027, 1, 20)).unwrap();
    let rec = records(1, &[(LI, d(2026, 11, 6), None)]);
    let s = semester(&config, LI, term, d(2026, 12, 4), &[rec]);
    let (talk, visit) = (rule_index(&s, "talk"), rule_index(&s, "home_visit"));
    let c = &s.children[0];
    assert_eq!(c.contacts_total(), 0);
    assert_eq!(c.rules[visit].running_days, 0);
    assert_eq!(c.rules[visit].percent(), None, "not due: —");
    assert_eq!(s.totals.rules[visit].percent(), None);
    // Due by 11-13, overdue 11-14..12-04: 21 days judged, none kept.
    assert_eq!(
        (c.rules[talk].running_days, c.rules[talk].kept_days),
        (21, 0)
    );
    assert_eq!(c.rules[talk].percent(), Some(0.0));
    assert_eq!(s.totals.rules[talk].percent(), Some(0.0));
}

#[test]
fn a_rule_met_by_a_contact_is_kept_from_that_day() {
    let config = visits_and_talks();
    let term = Range::new(d(2026, 9, 1), d(2027, 1, 20)).unwrap();
    let mut rec = records(1, &[(LI, d(2026, 11, 2), None)]);
    // A talk every Monday from the first day of care, and one home visit.
    for week in 0..5 {
        talk(&mut rec, d(2026, 11, 2) + chrono::Days::new(7 * week));
    }
    rec.contacts
        .push((at(d(2026, 11, 20)), NoteKind::HomeVisit));
    let s = semester(&config, LI, term, d(2026, 12, 4), &[rec]);
    let (talk_rule, visit) = (rule_index(&s, "talk"), rule_index(&s, "home_visit"));
    let c = &s.children[0];
    // 11-02..12-04: 33 days, every one kept by a talk (the first on the first day of care).
    assert_eq!(
        (
            c.rules[talk_rule].running_days,
            c.rules[talk_rule].kept_days
        ),
        (33, 33)
    );
    assert_eq!(c.rules[talk_rule].percent(), Some(100.0));
    // The visit counts from its day: 11-20..12-04, 15 days; before it, not yet due.
    assert_eq!(
        (c.rules[visit].running_days, c.rules[visit].kept_days),
        (15, 15)
    );
    assert_eq!(c.rules[visit].percent(), Some(100.0));
}
