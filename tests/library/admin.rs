//! The coordinator's desk through the store's sessions, as the Admin screen and the command
//! line use it: assigning several children, a handover with the follow-ups moving, staff
//! roles, classes and deactivation, a child leaving the programme and coming back. The invented
//! school of tests/common/school.rs: 李老师 cares for 张伟, 曾小燕 and 王芳 since 09-01 (张伟
//! has an open follow-up of hers), 陈老师 leads 八年级(3)班, 刘洋 has no counselor.

use crate::common;

use chrono::NaiveDate;
use common::school::{add_staff, passphrase, session};
use shouwang::config::Config;
use shouwang::domain::agenda::{AgendaKind, Section};
use shouwang::model::*;
use shouwang::store::{Store, StoreError};

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

/// Every test's school, its clock at the Monday after the school's week.
fn school() -> common::school::School {
    common::school::school_at("2026-11-30T08:00")
}

fn child(store: &Store, sid: &str) -> Child {
    session(store, "周主任")
        .reader()
        .unwrap()
        .child_by_student_id(sid)
        .unwrap()
        .unwrap()
}

fn staff(store: &Store, name: &str) -> Counselor {
    store
        .staff()
        .unwrap()
        .into_iter()
        .find(|c| c.name == name)
        .unwrap()
}

/// The names of the children in `name`'s care now, sorted.
fn in_care(store: &Store, name: &str) -> Vec<String> {
    let boss = session(store, "周主任");
    let r = boss.reader().unwrap();
    let who = r.counselor_by_name(name).unwrap().unwrap();
    let mut names: Vec<String> = r
        .children_in_care_of(&who)
        .unwrap()
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    names.sort();
    names
}

fn refusal(e: StoreError) -> String {
    match e {
        e @ (StoreError::Refused(_) | StoreError::NotAllowed(_)) => e.to_string(),
        other => panic!("not a refusal: {other:?}"),
    }
}

#[test]
fn the_coordinator_assigns_several_children_at_once_and_sees_the_loads() {
    let s = school();
    let boss = staff(&s.store, "周主任");
    let wang = add_staff(&s.store, &boss, "王老师", Role::Counselor, vec![]);
    let ids: Vec<ChildId> = ["T001", "T002", "T004"]
        .iter()
        .map(|sid| child(&s.store, sid).id)
        .collect();
    session(&s.store, "周主任")
        .write(|w| {
            for id in &ids {
                w.assign(*id, wang.id, day(11, 30))?;
            }
            Ok(())
        })
        .unwrap();
    assert_eq!(in_care(&s.store, "王老师"), ["刘洋", "张伟", "曾小燕"]);
    assert_eq!(in_care(&s.store, "李老师"), ["王芳"]);
    let boss_session = session(&s.store, "周主任");
    let loads = boss_session.reader().unwrap().staff_caseloads().unwrap();
    let count = |name: &str| {
        loads
            .iter()
            .find(|(c, _)| c.name == name)
            .unwrap()
            .1
            .in_care
    };
    // 陈老师 leads 王芳's class: one child, on the Admin screen as in `counselor list`.
    assert_eq!(
        (count("王老师"), count("李老师"), count("陈老师")),
        (3, 1, 1)
    );
    // One count: what the Admin screen reads is what `counselor list` prints and what This
    // week lists, for every staff member.
    let r = boss_session.reader().unwrap();
    for (who, load) in &loads {
        assert_eq!(r.caseload_of(who).unwrap(), Some(*load), "{}", who.name);
        assert_eq!(
            r.children_in_care_of(who).unwrap().unwrap().len(),
            load.in_care,
            "{}",
            who.name
        );
    }
    let chen = loads.iter().find(|(c, _)| c.name == "陈老师").unwrap().1;
    assert_eq!(
        chen.assigned, 0,
        "a handover has nothing of 陈老师's to move"
    );
    // Nobody else sees the staff's loads, and the refusal is audited.
    let li = session(&s.store, "李老师");
    assert!(matches!(
        li.reader().unwrap().staff_caseloads(),
        Err(StoreError::NotAllowed(_))
    ));
}

#[test]
fn a_handover_moves_every_child_and_their_open_follow_ups_keeping_the_history() {
    let s = school();
    let boss = staff(&s.store, "周主任");
    let wang = add_staff(&s.store, &boss, "王老师", Role::Counselor, vec![]);
    let li = staff(&s.store, "李老师");
    let done = session(&s.store, "周主任")
        .write(|w| w.hand_over(li.id, wang.id, day(12, 1), &[]))
        .unwrap();
    assert_eq!(done.children.len(), 3);
    assert_eq!(done.followups, 1, "张伟's open follow-up goes with him");
    assert_eq!(in_care(&s.store, "王老师"), ["张伟", "曾小燕", "王芳"]);
    assert!(in_care(&s.store, "李老师").is_empty());
    let boss_session = session(&s.store, "周主任");
    let r = boss_session.reader().unwrap();
    let zw = child(&s.store, "T001").id;
    let history = r.assignments_of_child(zw).unwrap();
    assert_eq!(history.len(), 2, "the earlier care stays in the history");
    assert_eq!(
        (history[0].counselor, history[0].until),
        (li.id, Some(day(11, 30)))
    );
    assert_eq!(
        (history[1].counselor, history[1].from, history[1].until),
        (wang.id, day(12, 1), None)
    );
    let followups = r.followups_of_child(zw).unwrap();
    assert_eq!(followups.len(), 1);
    assert_eq!(followups[0].counselor, wang.id);
    // The new counselor's This week has the follow-up; the summary names him.
    let wang_session = session(&s.store, "王老师");
    let wr = wang_session.reader().unwrap();
    let week = shouwang::app::ThisWeekState::load(&wr, &Config::default(), day(11, 30)).unwrap();
    assert!(
        week.items
            .iter()
            .any(|i| i.section == Section::FollowUps && i.name == "张伟"),
        "{:?}",
        week.items
    );
    let summary = wr
        .summaries()
        .unwrap()
        .into_iter()
        .find(|s| s.child == zw)
        .unwrap();
    assert_eq!(summary.counselor, Some(wang.id));
    // The audit says what happened.
    let events = r.audit_events().unwrap();
    assert!(
        events
            .iter()
            .any(|e| e.target == RecordRef::Counselor(li.id.0)
                && e.action == AuditAction::Assign
                && matches!(
                    Detail::read(e.action, e.target, &e.detail),
                    Detail::Handover {
                        children: 3,
                        followups: 1,
                        ..
                    }
                )),
        "no handover event"
    );
}

#[test]
fn a_handover_of_a_chosen_few_leaves_the_others_and_refuses_what_cannot_be() {
    let s = school();
    let boss = staff(&s.store, "周主任");
    let wang = add_staff(&s.store, &boss, "王老师", Role::Counselor, vec![]);
    let li = staff(&s.store, "李老师");
    let chen = staff(&s.store, "陈老师");
    let (zw, ly) = (child(&s.store, "T001").id, child(&s.store, "T004").id);
    let boss_session = session(&s.store, "周主任");
    let done = boss_session
        .write(|w| w.hand_over(li.id, wang.id, day(12, 1), &[zw]))
        .unwrap();
    assert_eq!(done.children, vec![zw]);
    assert_eq!(in_care(&s.store, "王老师"), ["张伟"]);
    assert_eq!(in_care(&s.store, "李老师"), ["曾小燕", "王芳"]);
    // 刘洋 is nobody's: nothing at all is handed over, not even the child that was hers.
    let wf = child(&s.store, "T003").id;
    let e = boss_session
        .write(|w| w.hand_over(li.id, wang.id, day(12, 1), &[wf, ly]))
        .unwrap_err();
    assert!(refusal(e).contains("刘洋"));
    assert_eq!(in_care(&s.store, "李老师"), ["曾小燕", "王芳"]);
    for (from, to, on, says) in [
        (li.id, li.id, day(12, 1), "另一位"),
        (chen.id, wang.id, day(12, 1), "没有需要交接"),
        (li.id, wang.id, day(8, 1), "09-01"),
    ] {
        let e = boss_session
            .write(|w| w.hand_over(from, to, on, &[]))
            .unwrap_err();
        let e = refusal(e);
        assert!(e.contains(says), "{e}");
    }
    // Only the coordinator hands over.
    let li_session = session(&s.store, "李老师");
    assert!(matches!(
        li_session.write(|w| w.hand_over(li.id, wang.id, day(12, 1), &[])),
        Err(StoreError::NotAllowed(_))
    ));
}

#[test]
fn a_deactivated_teacher_cannot_log_in_keeps_their_notes_and_may_come_back() {
    let s = school();
    let boss = staff(&s.store, "周主任");
    let wang = add_staff(&s.store, &boss, "王老师", Role::Counselor, vec![]);
    let li = staff(&s.store, "李老师");
    let boss_session = session(&s.store, "周主任");
    boss_session
        .write(|w| w.set_mailbox_readers(&[li.id, boss.id]))
        .unwrap();
    // Still caring for three children: handed over first.
    let e = boss_session.write(|w| w.deactivate(li.id)).unwrap_err();
    assert!(refusal(e).contains("3"), "the sentence counts the children");
    boss_session
        .write(|w| {
            w.hand_over(li.id, wang.id, day(12, 1), &[])?;
            w.deactivate(li.id)
        })
        .unwrap();
    assert!(!staff(&s.store, "李老师").active);
    assert!(
        s.store.unlock("李老师", &passphrase()).is_err(),
        "a deactivated teacher's passphrase no longer opens the store"
    );
    assert!(s.store.session(&li).is_err());
    let r = boss_session.reader().unwrap();
    assert_eq!(
        r.mailbox_readers().unwrap(),
        vec![boss.id],
        "they stop reading the mailbox"
    );
    // Their notes keep their author.
    let zw = child(&s.store, "T001").id;
    let authors: Vec<CounselorId> = r
        .note_ids_of_child(zw)
        .unwrap()
        .into_iter()
        .map(|n| r.note(n).unwrap().unwrap().counselor)
        .collect();
    assert!(authors.contains(&li.id));
    drop(r);
    // Nobody deactivates themselves; the last coordinator keeps the role.
    let e = boss_session.write(|w| w.deactivate(boss.id)).unwrap_err();
    assert!(refusal(e).contains("另一位老师"));
    let e = boss_session
        .write(|w| w.set_role(boss.id, Role::Counselor))
        .unwrap_err();
    assert!(refusal(e).contains("另一位老师"));
    // Back again: the same passphrase opens the store.
    boss_session.write(|w| w.reactivate(li.id)).unwrap();
    assert!(s.store.unlock("李老师", &passphrase()).is_ok());
}

#[test]
fn roles_and_classes_decide_what_a_teacher_sees() {
    let s = school();
    let li = staff(&s.store, "李老师");
    let boss_session = session(&s.store, "周主任");
    let e = boss_session
        .write(|w| w.set_classes(li.id, vec!["五年级(1)班".into()]))
        .unwrap_err();
    assert!(refusal(e).contains("不是班主任"));
    let li_now = boss_session
        .write(|w| {
            w.set_role(li.id, Role::HeadTeacher)?;
            w.set_classes(li.id, vec![" 五年级(1)班".into(), "五年级(1)班".into()])
        })
        .unwrap();
    assert_eq!(li_now.classes, ["五年级(1)班"], "trimmed, each once");
    // 刘洋 is in 五年级(1)班: a head teacher of the class sees him.
    let li_session = session(&s.store, "李老师");
    let seen: Vec<String> = li_session
        .reader()
        .unwrap()
        .children()
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    assert!(seen.contains(&"刘洋".to_string()), "{seen:?}");
    // Back to counselor: the classes go with the role.
    let li_now = boss_session
        .write(|w| w.set_role(li.id, Role::Counselor))
        .unwrap();
    assert!(li_now.classes.is_empty());
    // A head teacher may not change roles.
    let chen = session(&s.store, "陈老师");
    assert!(matches!(
        chen.write(|w| w.set_role(li.id, Role::Coordinator)),
        Err(StoreError::NotAllowed(_))
    ));
}

#[test]
fn a_child_who_left_leaves_every_list_keeps_the_archive_and_may_come_back() {
    let s = school();
    let li = staff(&s.store, "李老师");
    let wf = child(&s.store, "T003");
    let boss_session = session(&s.store, "周主任");
    boss_session
        .write(|w| w.child_leaves(wf.id, day(11, 27), LeaveReason::Moved, "转到县城读书"))
        .unwrap();
    assert_eq!(in_care(&s.store, "李老师"), ["张伟", "曾小燕"]);
    let li_session = session(&s.store, "李老师");
    let lr = li_session.reader().unwrap();
    assert!(
        !lr.summaries_in_care()
            .unwrap()
            .iter()
            .any(|c| c.child == wf.id)
    );
    let week = shouwang::app::ThisWeekState::load(&lr, &Config::default(), day(11, 30)).unwrap();
    assert!(
        !week.items.iter().any(|i| i.child == Some(wf.id)),
        "her falling mood no longer shows: she left"
    );
    drop(lr);
    // The coordinator still reads her archive; the care ended the day she left.
    let r = boss_session.reader().unwrap();
    let archive = r.child(wf.id).unwrap().unwrap();
    assert_eq!(
        archive.status,
        ChildStatus::Left {
            date: day(11, 27),
            reason: LeaveReason::Moved,
            note: "转到县城读书".into()
        }
    );
    assert_eq!(
        r.assignments_of_child(wf.id).unwrap()[0].until,
        Some(day(11, 27))
    );
    // The quarterly update lists her as having left.
    let quarter = shouwang::domain::report::quarterly::Quarter::of(day(11, 27));
    let records = r.quarterly_records(quarter).unwrap();
    let rows = shouwang::domain::report::quarterly::quarterly(quarter, records);
    let row = rows.iter().find(|r| r.child.id == wf.id).unwrap();
    assert!(!row.active);
    drop(r);
    // Nobody assigns her while she is away; the profile form cannot quietly bring her back.
    let e = boss_session
        .write(|w| w.assign(wf.id, li.id, day(11, 30)))
        .unwrap_err();
    assert!(refusal(e).contains("已退出留守儿童名册"));
    let mut back = archive.clone();
    back.status = ChildStatus::Active;
    assert!(boss_session.write(|w| w.update_child(&back)).is_err());
    // A counselor may not record it either way.
    assert!(matches!(
        li_session.write(|w| w.child_returns(wf.id, day(11, 30))),
        Err(StoreError::NotAllowed(_))
    ));
    // Undo: active again, back with 李老师 from the next day.
    let with = boss_session
        .write(|w| w.child_returns(wf.id, day(11, 28)))
        .unwrap();
    assert_eq!(with.map(|c| c.id), Some(li.id));
    assert_eq!(in_care(&s.store, "李老师"), ["张伟", "曾小燕", "王芳"]);
    let r = boss_session.reader().unwrap();
    let history = r.assignments_of_child(wf.id).unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(history[1].from, day(11, 28));
    assert!(r.child(wf.id).unwrap().unwrap().is_active());
    // Leaving in the future, or twice, is refused.
    let e = boss_session
        .write(|w| w.child_leaves(wf.id, day(12, 24), LeaveReason::Graduated, ""))
        .unwrap_err();
    assert!(refusal(e).contains("将来"));
}

#[test]
fn the_coordinators_this_week_lists_the_children_nobody_cares_for() {
    let s = school();
    let boss_session = session(&s.store, "周主任");
    let r = boss_session.reader().unwrap();
    let week = shouwang::app::ThisWeekState::load(&r, &Config::default(), day(11, 30)).unwrap();
    let without: Vec<&str> = week
        .items
        .iter()
        .filter(|i| i.section == Section::NoCounselor)
        .map(|i| i.name.as_str())
        .collect();
    assert_eq!(without, ["刘洋"]);
    assert!(week.items.iter().any(|i| matches!(
        &i.kind,
        AgendaKind::NoCounselor { class } if class == "五年级(1)班"
    )));
    // A counselor's week has no such section.
    let li = session(&s.store, "李老师");
    let lr = li.reader().unwrap();
    let week = shouwang::app::ThisWeekState::load(&lr, &Config::default(), day(11, 30)).unwrap();
    assert!(!week.items.iter().any(|i| i.section == Section::NoCounselor));
}

#[test]
fn an_assignment_and_a_handover_on_the_same_day_leave_one_care() {
    let s = school();
    let boss = staff(&s.store, "周主任");
    let wang = add_staff(&s.store, &boss, "王老师", Role::Counselor, vec![]);
    let zhao = add_staff(&s.store, &boss, "赵老师", Role::Counselor, vec![]);
    let li = staff(&s.store, "李老师");
    let zw = child(&s.store, "T001").id;
    // 张伟 goes to 王老师 on 11-30, and the same day 王老师's children go to 赵老师.
    session(&s.store, "周主任")
        .write(|w| {
            w.assign(zw, wang.id, day(11, 30))?;
            w.hand_over(wang.id, zhao.id, day(11, 30), &[])
        })
        .unwrap();
    let boss_session = session(&s.store, "周主任");
    let r = boss_session.reader().unwrap();
    let history = r.assignments_of_child(zw).unwrap();
    let cares: Vec<_> = history
        .iter()
        .map(|a| (a.counselor, a.from, a.until))
        .collect();
    // No care of one day for 王老师: 李老师 to 11-29, 赵老师 from 11-30.
    assert_eq!(
        cares,
        [
            (li.id, day(9, 1), Some(day(11, 29))),
            (zhao.id, day(11, 30), None)
        ]
    );
    assert_eq!(in_care(&s.store, "赵老师"), ["张伟"]);
    assert!(in_care(&s.store, "王老师").is_empty());

    // The reports read afterwards: 王老师 has nobody in the semester, and the quarter shows
    // one change of counselor, 李老师 to 赵老师.
    use shouwang::domain::report::quarterly::{Change, Quarter, quarterly};
    use shouwang::domain::report::{Range, semester::semester};
    let term = Range::new(day(9, 1), day(11, 30)).unwrap();
    let config = Config::default();
    let of = |who: &Counselor| {
        let records = r.semester_records(who.id, term).unwrap();
        semester(&config, who.id, term, day(11, 30), &records)
    };
    assert!(of(&wang).children.is_empty(), "{:?}", of(&wang).children);
    let zhao_term = of(&zhao);
    assert_eq!(zhao_term.children.len(), 1);
    assert_eq!(
        zhao_term.children[0].care,
        vec![Range::new(day(11, 30), day(11, 30)).unwrap()]
    );
    let q = Quarter::of(day(11, 30));
    let rows = quarterly(q, r.quarterly_records(q).unwrap());
    let row = rows.iter().find(|row| row.child.id == zw).unwrap();
    let moves: Vec<&Change> = row
        .changes
        .iter()
        .filter(|c| matches!(c, Change::CounselorChanged { .. }))
        .collect();
    assert_eq!(
        moves,
        [&Change::CounselorChanged {
            from: li.id,
            to: zhao.id,
            on: day(11, 30)
        }]
    );
    // The audit keeps what was done: 王老师's assignment, then its end.
    let events = r.audit_events().unwrap();
    let on_record = |action| {
        events
            .iter()
            .filter(|e| e.action == action && matches!(e.target, RecordRef::Assignment(_)))
            .count()
    };
    assert!(on_record(AuditAction::Assign) >= 2 && on_record(AuditAction::Unassign) >= 2);
}
