//! Issue 23, item 3: a dropout is its own case (控辍保学), not a police report. Registered by
//! the head teacher or a carer, each bring-back attempt logged, the written report asked after
//! the configured number of failed attempts, closed only with an outcome.

use chrono::NaiveDate;
use shouwang::config::Config;
use shouwang::model::*;
use shouwang::store::{AttemptInput, Passphrase, Store, StoreError};

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

/// The store's clock: a Friday after the days the cases are about, on any day the tests run.
fn clock() -> shouwang::clock::Clock {
    shouwang::clock::Clock::fixed(day(27).and_hms_opt(16, 0, 0).unwrap())
}

fn pass() -> Passphrase {
    Passphrase::new("青山绿水 test 2026")
}

fn attempt(d: u32, way: AttemptWay) -> AttemptInput {
    AttemptInput {
        on: day(d),
        went: "班主任陈老师、村主任".into(),
        way,
        met: "爷爷".into(),
        result: "孩子说不想读了，爷爷劝不动".into(),
        failed: true,
    }
}

#[test]
fn an_absence_case_through_three_failed_attempts_to_its_outcome() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("s.redb"), clock()).unwrap();
    let me = Actor::CommandLine("test".into());
    let boss = store
        .bootstrap(&me, "周主任", Role::Coordinator, vec![], &pass())
        .unwrap();
    let (head, other, child) = store
        .session(&boss)
        .unwrap()
        .write(|w| {
            let head = w.add_counselor("陈老师", Role::HeadTeacher, vec!["七年级(1)班".into()])?;
            let other = w.add_counselor("王老师", Role::Counselor, vec![])?;
            let mut c = Child::new(
                ChildId(w.next_id()?),
                "张伟".into(),
                Gender::Male,
                NaiveDate::from_ymd_opt(2012, 3, 2).unwrap(),
            );
            c.class = "七年级(1)班".into();
            w.add_child(&c)?;
            Ok((head, other, c.id))
        })
        .unwrap();
    let coordinator = store.session(&boss).unwrap();
    for who in [&head, &other] {
        coordinator.reset_passphrase(who.id, &pass()).unwrap();
        store.unlock(&who.name, &pass()).unwrap();
    }
    let config = Config::default();
    let head = store.session(&head).unwrap();
    let case = head
        .write(|w| w.register_absence(child, AbsenceKind::DroppedOut, day(2), "说要去广东找妈妈"))
        .unwrap();
    // The case sets the child's enrolment state, which the quarterly update carries.
    let enrolment =
        |s: &shouwang::store::Session| s.reader().unwrap().child(child).unwrap().unwrap().enrolment;
    assert_eq!(enrolment(&head), Enrolment::DroppedOut);
    // A profile opened before the case was registered, saved after, does not put it back;
    // nor is the case a change by someone else that stops the save (the form's door).
    let mut opened = head.reader().unwrap().child(child).unwrap().unwrap();
    opened.enrolment = Enrolment::AtSchool;
    let mut stale = opened.clone();
    stale.hobbies = "画画".into();
    head.write(|w| w.update_child_from(&opened, &stale))
        .unwrap();
    assert_eq!(enrolment(&head), Enrolment::DroppedOut);
    let saved = head.reader().unwrap().child(child).unwrap().unwrap();
    assert_eq!(saved.hobbies, "画画");
    // A form opened on an older version of the child is refused with a sentence.
    let mut older = opened.clone();
    older.hobbies = "唱歌".into();
    let refused = head
        .write(|w| w.update_child_from(&opened, &older))
        .unwrap_err();
    assert!(refused.to_string().contains("被别人改过"), "{refused}");
    // One open case a child: a second is refused, and a counselor who does not care for the
    // child registers none.
    assert!(matches!(
        head.write(|w| w.register_absence(child, AbsenceKind::Truancy, day(3), "")),
        Err(StoreError::Refused(_))
    ));
    let outsider = store.session(&other).unwrap();
    assert!(matches!(
        outsider.write(|w| w.register_absence(child, AbsenceKind::Truancy, day(3), "")),
        Err(StoreError::NotAllowed(_))
    ));
    assert!(matches!(
        outsider.write(|w| w.log_attempt(case.id, attempt(4, AttemptWay::Call))),
        Err(StoreError::NotAllowed(_))
    ));

    for (d, way) in [(4, AttemptWay::Call), (6, AttemptWay::HomeVisit)] {
        let case = head
            .write(|w| w.log_attempt(case.id, attempt(d, way)))
            .unwrap();
        assert!(!case.needs_written_report(config.absence_attempts));
    }
    let case = head
        .write(|w| w.log_attempt(case.id, attempt(9, AttemptWay::WithVillage)))
        .unwrap();
    assert!(case.needs_written_report(config.absence_attempts));
    let ways: Vec<AttemptWay> = case.attempts.iter().map(|a| a.way).collect();
    assert_eq!(
        ways,
        [
            AttemptWay::Call,
            AttemptWay::HomeVisit,
            AttemptWay::WithVillage
        ]
    );
    // The coordinator sees the open case; it is no mandatory report.
    let open = coordinator.reader().unwrap().open_absences().unwrap();
    assert_eq!(open.iter().map(|c| c.id).collect::<Vec<_>>(), [case.id]);
    assert!(
        coordinator
            .reader()
            .unwrap()
            .open_incidents()
            .unwrap()
            .is_empty()
    );

    // "Reported in writing" only once the report is printed; then 复学 closes it, and the
    // report is no longer asked.
    assert!(matches!(
        head.write(|w| w.close_absence(case.id, AbsenceOutcome::ReportedIneffective, "")),
        Err(StoreError::Refused(_))
    ));
    let closed = head
        .write(|w| w.close_absence(case.id, AbsenceOutcome::Returned, "周一回校上课"))
        .unwrap();
    assert!(!closed.needs_written_report(config.absence_attempts));
    assert_eq!(enrolment(&head), Enrolment::AtSchool);
    assert_eq!(
        closed.closed.as_ref().unwrap().outcome,
        AbsenceOutcome::Returned
    );
    assert!(head.reader().unwrap().open_absences().unwrap().is_empty());
    // A closed case takes nothing more.
    assert!(matches!(
        head.write(|w| w.log_attempt(case.id, attempt(12, AttemptWay::Call))),
        Err(StoreError::Refused(_))
    ));
    let kept = head.reader().unwrap().absences_of_child(child).unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].attempts.len(), 3);
    // Opening the case is a view, as an archive's; someone without the child opens nothing.
    head.write(|w| w.view_absence(case.id)).unwrap();
    assert!(matches!(
        outsider.write(|w| w.view_absence(case.id)),
        Err(StoreError::NotAllowed(_))
    ));
    // The trail keeps each step as data, about the child, the refusals too.
    let details: Vec<Detail> = coordinator
        .reader()
        .unwrap()
        .audit_events()
        .unwrap()
        .into_iter()
        .filter(|e| e.target == RecordRef::Child(child.0))
        .map(|e| Detail::read(e.action, e.target, &e.detail))
        .filter(|d| !matches!(d, Detail::None | Detail::Roster))
        .collect();
    assert_eq!(
        details,
        [
            Detail::AbsenceRegistered(AbsenceKind::DroppedOut),
            Detail::Refused("register_absence".into()),
            Detail::Refused("follow_absence".into()),
            Detail::AbsenceAttempt { failed: true },
            Detail::AbsenceAttempt { failed: true },
            Detail::AbsenceAttempt { failed: true },
            Detail::AbsenceClosed(AbsenceOutcome::Returned),
            Detail::AbsenceViewed,
            Detail::Refused("view_child".into()),
        ]
    );
}

#[test]
fn a_danger_found_on_the_way_is_raised_as_a_mandatory_report_from_the_case() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("s.redb"), clock()).unwrap();
    let me = Actor::CommandLine("test".into());
    let boss = store
        .bootstrap(&me, "周主任", Role::Coordinator, vec![], &pass())
        .unwrap();
    let s = store.session(&boss).unwrap();
    let child = s
        .write(|w| {
            let c = Child::new(
                ChildId(w.next_id()?),
                "李娜".into(),
                Gender::Female,
                NaiveDate::from_ymd_opt(2013, 6, 1).unwrap(),
            );
            w.add_child(&c)?;
            Ok(c.id)
        })
        .unwrap();
    let case = s
        .write(|w| w.register_absence(child, AbsenceKind::Truancy, day(2), ""))
        .unwrap();
    let found = Incident {
        id: IncidentId(0),
        child: Some(child),
        kind: IncidentKind::LivingAlone,
        other: String::new(),
        found: "家访时发现孩子一个人住，奶奶住院半个月了。".into(),
        found_at: day(4).and_hms_opt(16, 0, 0).unwrap(),
        reported_by: boss.id,
        reported_to: "镇派出所".into(),
        reported_at: None,
        receipt: String::new(),
        events: vec![],
        revisions: vec![],
        closed: None,
    };
    let (case, incident) = s.write(|w| w.raise_from_absence(case.id, &found)).unwrap();
    assert_eq!(case.incidents, [incident.id]);
    let open = s.reader().unwrap().open_incidents().unwrap();
    assert_eq!(
        open.iter().map(|i| i.kind).collect::<Vec<_>>(),
        [IncidentKind::LivingAlone]
    );
    // An absence itself is no report.
    let mut absent = found.clone();
    absent.kind = IncidentKind::DroppedOut;
    assert!(matches!(
        s.write(|w| w.raise_incident(&absent)),
        Err(StoreError::Refused(_))
    ));
}

use crate::common;

/// The test on This week: three failed attempts ask for the written report (80×24
/// and wide, Chinese); closing the case as 复学 clears it; no police prompt anywhere.
#[test]
fn this_week_asks_for_the_written_report_after_three_failed_attempts() {
    use common::school::{school, session};
    let s = school();
    let head = session(&s.store, "李老师");
    let child = head
        .reader()
        .unwrap()
        .children()
        .unwrap()
        .into_iter()
        .find(|c| c.name == "张伟")
        .unwrap()
        .id;
    let case = head
        .write(|w| w.register_absence(child, AbsenceKind::DroppedOut, day(16), "说要去广东找妈妈"))
        .unwrap();
    for (d, way) in [
        (17, AttemptWay::Call),
        (19, AttemptWay::HomeVisit),
        (23, AttemptWay::WithVillage),
    ] {
        head.write(|w| w.log_attempt(case.id, attempt(d, way)))
            .unwrap();
    }
    drop(head);
    let (mut app, _d) = common::app_in(s, "李老师", day(26));
    let shouwang::app::Screen::ThisWeek(state) = &app.screen else {
        panic!("login opens This week")
    };
    let item = state
        .items
        .iter()
        .find(|i| i.section == shouwang::domain::agenda::Section::Absences)
        .expect("the case is on This week");
    assert!(item.urgent);
    let detail = shouwang::labels::agenda_detail(item, &Config::default(), day(26));
    assert!(detail.contains("书面报告"), "{detail}");
    assert!(detail.contains("劝返 3 次未果"), "{detail}");
    common::snapshot_both!("this_week_absence_zh", &mut app);
    let screen = common::render(&mut app, 160, 48);
    assert!(!screen.contains("派出所"), "{screen}");
    app.store
        .session(&app.user.clone().unwrap())
        .unwrap()
        .write(|w| w.close_absence(case.id, AbsenceOutcome::Returned, "周一回校"))
        .unwrap();
    app.refresh();
    let screen = common::render(&mut app, 160, 48);
    assert!(!screen.contains("书面报告"), "{screen}");
    assert!(!screen.contains("派出所"), "{screen}");
}
