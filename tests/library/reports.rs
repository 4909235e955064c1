//! The reports' arithmetic on a store built as the app builds one (tests/common/school.rs's
//! `term_school`), whose answers are worked out by hand: term edges, a group session, a deleted
//! note, a child assigned mid-term, a child who left, a counselor replaced mid-term.

use crate::common;

use chrono::NaiveDate;
use common::school::{session, term_school};
use shouwang::config::Config;
use shouwang::domain::report::quarterly::{Change, Quarter, quarterly};
use shouwang::domain::report::semester::semester;
use shouwang::domain::report::stats::StatsBuilder;
use shouwang::domain::report::{Range, default_range};
use shouwang::model::*;

fn d(m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, day).unwrap()
}

fn today() -> NaiveDate {
    d(12, 4)
}

/// September to November: the term so far, with edges the notes sit on.
fn autumn() -> Range {
    Range::new(d(9, 1), d(11, 30)).unwrap()
}

fn talks(c: &shouwang::domain::report::semester::ChildSemester) -> u32 {
    c.contacts[NoteKind::Talk as usize]
}

fn groups(c: &shouwang::domain::report::semester::ChildSemester) -> u32 {
    c.contacts[NoteKind::GroupCounseling as usize]
}

#[test]
fn semester_counts_by_the_rules_of_the_issue() {
    let school = term_school();
    let li = session(&school.store, "李老师");
    let reader = li.reader().unwrap();
    let records = reader.semester_records(li.who().id, autumn()).unwrap();
    let s = semester(&Config::default(), li.who().id, autumn(), today(), &records);
    let names: Vec<&str> = s.children.iter().map(|c| c.name.as_str()).collect();
    // 王芳 was handed over and 刘洋 left: both were in 李老师's care on days of the range.
    assert_eq!(names, ["刘洋", "张伟", "曾小燕", "王芳"]);
    let [liu, zhang, zeng, wang] = &s.children[..] else {
        panic!()
    };
    // 张伟: 08-31 and 12-01 are outside, 10-15 was deleted: the talks of 09-01 and 11-30.
    assert_eq!(talks(zhang), 2);
    // The group session counts for every child in it.
    assert_eq!(
        [groups(liu), groups(zhang), groups(zeng), groups(wang)],
        [1, 1, 1, 1]
    );
    // 曾小燕 was assigned on 10-12: the talk of 10-05 is before her care.
    assert_eq!(zeng.care, vec![Range::new(d(10, 12), d(11, 30)).unwrap()]);
    assert_eq!(talks(zeng), 0);
    // 王芳 until the handover (11-01): 李老师's talk, not 王老师's of 11-10.
    assert_eq!(wang.care, vec![Range::new(d(9, 1), d(11, 1)).unwrap()]);
    assert_eq!(talks(wang), 1);
    // 刘洋 left on 10-30: the coordinator's goodbye visit of 11-05 is after.
    assert_eq!(liu.left, Some(d(10, 30)));
    assert_eq!(talks(liu), 1);
    assert_eq!(s.totals.children, 4);
    assert_eq!(s.totals.contacts[NoteKind::Talk as usize], 4);
    assert_eq!(s.totals.contacts[NoteKind::GroupCounseling as usize], 4);

    // 张伟's weekly talk: kept 09-01..09-08 and on 11-30, of 91 days less the National Day
    // break (10-01..10-07), when school-day rules rest.
    let talk = s.rules.iter().position(|r| &**r == "talk").unwrap();
    assert_eq!(
        (zhang.rules[talk].kept_days, zhang.rules[talk].running_days),
        (9, 84)
    );
    // Monthly group counseling, a month of school days: not yet due to 10-08 (09-02..09-30
    // and 10-08, past the break; nothing done since the start of care: not judged), overdue
    // 10-09..10-19, kept 10-20..11-20, overdue again to 11-30.
    let group = s
        .rules
        .iter()
        .position(|r| &**r == "group_counseling")
        .unwrap();
    assert_eq!(
        (
            zhang.rules[group].kept_days,
            zhang.rules[group].running_days
        ),
        (32, 84 - 31)
    );
    // Fourteen weeks from 08-31 to 11-30, a talk in the first and the last.
    assert_eq!((zhang.weeks, zhang.weeks_without_talk), (14, 12));

    // 王老师 has 王芳 from the handover: their own talk only.
    let wang_teacher = session(&school.store, "王老师");
    let reader = wang_teacher.reader().unwrap();
    let records = reader
        .semester_records(wang_teacher.who().id, autumn())
        .unwrap();
    let s = semester(
        &Config::default(),
        wang_teacher.who().id,
        autumn(),
        today(),
        &records,
    );
    assert_eq!(s.children.len(), 1);
    assert_eq!(
        s.children[0].care,
        vec![Range::new(d(11, 2), d(11, 30)).unwrap()]
    );
    assert_eq!((talks(&s.children[0]), groups(&s.children[0])), (1, 0));
}

#[test]
fn a_counselor_gets_their_own_semester_and_the_coordinator_anyones() {
    let school = term_school();
    let li = session(&school.store, "李老师");
    let wang = session(&school.store, "王老师");
    let err = li
        .reader()
        .unwrap()
        .semester_records(wang.who().id, autumn())
        .unwrap_err();
    assert!(err.to_string().contains("李老师"), "{err}");
    let boss = session(&school.store, "周主任");
    let records = boss
        .reader()
        .unwrap()
        .semester_records(li.who().id, autumn())
        .unwrap();
    assert_eq!(records.len(), 4);
    // Quarterly and statistics are the coordinator's.
    let q4 = Quarter::parse("2026Q4").unwrap();
    assert!(li.reader().unwrap().quarterly_records(q4).is_err());
    let mut b = StatsBuilder::new(autumn(), today());
    assert!(li.reader().unwrap().feed_stats(&mut b).is_err());
    // Each refusal is in the audit.
    let refused = boss
        .reader()
        .unwrap()
        .audit_events()
        .unwrap()
        .into_iter()
        .filter(|e| e.action == AuditAction::Refused)
        .count();
    assert_eq!(refused, 3);
}

#[test]
fn the_quarter_names_who_came_who_left_and_who_changed_hands() {
    let school = term_school();
    let boss = session(&school.store, "周主任");
    let staff = |name: &str| session(&school.store, name).who().id;
    let records = |q: Quarter| boss.reader().unwrap().quarterly_records(q).unwrap();
    let q4 = Quarter::parse("2026Q4").unwrap();
    let q4 = quarterly(q4, records(q4));
    let change = |name: &str| {
        q4.iter()
            .find(|r| r.child.name == name)
            .map(|r| r.changes.clone())
            .unwrap()
    };
    assert_eq!(q4.len(), 4);
    assert_eq!(change("张伟"), vec![]);
    assert_eq!(change("曾小燕"), vec![Change::New { from: d(10, 12) }]);
    let wf = change("王芳");
    assert_eq!(
        wf[0],
        Change::CounselorChanged {
            from: staff("李老师"),
            to: staff("王老师"),
            on: d(11, 2)
        }
    );
    assert!(
        matches!(&wf[1], Change::GuardianChanged { on, before } if *on == d(12, 4) && before.phone == "13800000000"),
        "{wf:?}"
    );
    // The changes of the record, from its history: each with the day it was made.
    assert!(
        matches!(&wf[2], Change::ParentsContactChanged { on, father, .. } if *on == d(12, 4) && father.work_place == "广东东莞"),
        "{wf:?}"
    );
    assert_eq!(
        wf[3],
        Change::FlagsChanged {
            on: d(12, 4),
            added: [Flag::DropoutRisk].into(),
            removed: Default::default()
        }
    );
    assert_eq!(wf.len(), 4);
    assert!(matches!(
        change("刘洋")[..],
        [Change::Left { date, reason: LeaveReason::ParentsReturned, .. }] if date == d(10, 30)
    ));
    // In the third quarter 曾小燕 was not in the programme yet; the others came on 09-01.
    let q3 = Quarter::parse("2026Q3").unwrap();
    let q3 = quarterly(q3, records(q3));
    assert_eq!(q3.len(), 3);
    assert!(
        q3.iter()
            .all(|r| r.changes == vec![Change::New { from: d(9, 1) }])
    );
    // Each listed as the record stood when the quarter ended.
    let wf = q3.iter().find(|r| r.child.name == "王芳").unwrap();
    assert_eq!(wf.child.guardian.phone, "13800000000");
    assert!(q3.iter().all(|r| r.active && r.child.is_active()));
}

#[test]
fn the_school_statistics_count_live_notes_children_in_care_and_letters() {
    let school = term_school();
    let boss = session(&school.store, "周主任");
    let mut b = StatsBuilder::new(autumn(), today());
    boss.reader().unwrap().feed_stats(&mut b).unwrap();
    let s = b.finish();
    // 刘洋 left: three children in the programme.
    assert_eq!(s.children, 3);
    assert_eq!(
        s.by_village,
        vec![("青山村".to_string(), 2), ("龙潭村".to_string(), 1)]
    );
    assert_eq!(s.by_flag[0], (Flag::Hardship, 1));
    // Eight live notes in the range: 张伟's two, the group session once, 曾小燕's, 王芳's
    // two, 刘洋's two. 08-31, 12-01 and the deleted one are not counted.
    assert_eq!(s.contacts(), 8);
    let row = |name: &str| s.workload.iter().find(|w| w.name == name).unwrap().clone();
    let li = row("李老师");
    assert_eq!(
        (li.children, li.contacts_range, li.contacts_month),
        (2, 6, 1)
    );
    let wang = row("王老师");
    assert_eq!(
        (wang.children, wang.contacts_range, wang.contacts_month),
        (1, 1, 1)
    );
    assert_eq!(row("周主任").contacts_range, 1);
    assert_eq!(s.letters(), (2, 1));
    let week45 = s.weeks.iter().find(|w| w.monday == d(11, 2)).unwrap();
    assert_eq!(
        (week45.contacts, week45.letters, week45.attention),
        (1, 2, 1)
    );
}

#[test]
fn the_default_range_is_the_configured_term() {
    assert_eq!(
        default_range(&Config::default(), today()),
        Range::new(d(9, 1), NaiveDate::from_ymd_opt(2027, 1, 20).unwrap()).unwrap()
    );
}
