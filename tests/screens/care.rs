//! Mood entries, follow-ups and mandatory reports as a counselor meets them: the app driven by
//! actions and keys, the store checked after each save, the screens drawn at 80×24 and 160×48.
//! The fixture is the invented school of tests/common/school.rs, shared with tests/screens/ui.rs.
use crate::common;

use chrono::NaiveDate;
use common::school::{at, school, session};
use common::{key, render, send, snapshot_both, type_text};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use shouwang::action::Action;
use shouwang::app::handle_key;
use shouwang::app::{App, Screen};

use shouwang::domain::agenda::Section as ThisWeekSection;

use shouwang::model::*;

/// Thursday of ISO week 48, 2026: mid-week, in the autumn term.
fn thursday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn child_id(app: &App, name: &str) -> ChildId {
    let boss = session(&app.store, "周主任");
    boss.reader()
        .unwrap()
        .children()
        .unwrap()
        .into_iter()
        .find(|c| c.name == name)
        .unwrap()
        .id
}

fn week_items(app: &mut App) -> Vec<shouwang::domain::agenda::AgendaItem> {
    app.dispatch(Action::GotoThisWeek);
    let Screen::ThisWeek(state) = &app.screen else {
        panic!("not on This week")
    };
    state.items.clone()
}

fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

/// Opens the mood form for `name`, picks `score` with its digit key and saves.
fn save_mood(app: &mut App, name: &str, score: char) {
    let id = child_id(app, name);
    app.open_child(id);
    key(app, KeyCode::Char('m'));
    assert!(
        matches!(app.screen, Screen::MoodForm(_)),
        "m opens the mood form"
    );
    key(app, KeyCode::Char(score));
    handle_key(
        app,
        KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL),
    );
    assert!(
        matches!(app.screen, Screen::Child(_)),
        "saved and back: {}",
        status(app)
    );
}

#[test]
fn a_lowest_mood_saved_through_the_form_puts_the_child_on_this_week() {
    let (mut app, _d) = common::app_after_school(school(), "李老师", thursday());
    let falling = |app: &mut App| {
        week_items(app)
            .iter()
            .any(|i| i.name == "张伟" && i.section == ThisWeekSection::Mood)
    };
    assert!(!falling(&mut app));
    save_mood(&mut app, "张伟", '3');
    assert!(!falling(&mut app), "one middling entry is nothing");
    // 1 is the lowest a counselor can record: one such entry is enough.
    save_mood(&mut app, "张伟", '1');
    assert!(falling(&mut app));
    let entries = session(&app.store, "周主任")
        .reader()
        .unwrap()
        .moods_of_child(child_id(&app, "张伟"))
        .unwrap();
    assert_eq!(entries.len(), 2);
    assert!(entries.iter().all(|m| m.at.date() == thursday()));
    let audit = session(&app.store, "周主任")
        .reader()
        .unwrap()
        .audit_events()
        .unwrap();
    assert_eq!(
        audit
            .iter()
            .filter(|e| matches!(e.target, RecordRef::Mood(_)) && e.action == AuditAction::Create)
            .count(),
        2
    );
}

#[test]
fn a_fall_from_a_good_term_alerts_even_with_few_entries() {
    // Four good weeks and two good talks (their moods are in the same history), then three
    // poor entries typed in through the form: the last three average 2, three below every
    // earlier entry. Averaging the three into the "term average" (5,5,5,5,5,5,2,2,2 → 4.0)
    // would hide part of this fall; the rule compares with the earlier entries.
    let school = school();
    let zw = session(&school.store, "周主任")
        .reader()
        .unwrap()
        .child_by_student_id("T001")
        .unwrap()
        .unwrap();
    session(&school.store, "周主任")
        .write(|w| {
            for i in 0..4u64 {
                let m = MoodEntry {
                    id: MoodId(w.next_id()?),
                    child: zw.id,
                    at: at(2026, 9, 10, 10) + chrono::Days::new(14 * i),
                    score: 5,
                    feelings: vec!["开心".into()],
                    observer: CounselorId(2),
                    note: String::new(),
                    follow_up: None,
                };
                w.put_mood(&m)?;
            }
            Ok(())
        })
        .unwrap();
    // The fixture's talk and tutoring with 张伟 this week observed him at 5.
    let li = session(&school.store, "李老师");
    let notes: Vec<Note> = li
        .reader()
        .unwrap()
        .note_ids_of_child(zw.id)
        .unwrap()
        .into_iter()
        .filter_map(|n| li.reader().unwrap().note(n).unwrap())
        .filter(|n| n.children == [zw.id])
        .collect();
    assert_eq!(notes.len(), 2);
    li.write(|w| {
        for n in &notes {
            w.revise_note(
                n.id,
                shouwang::store::NoteInput {
                    children: n.children.clone(),
                    kind: n.kind,
                    at: n.at,
                    duration_min: n.duration_min,
                    text: n.text.clone(),
                    mood: Some(5),
                    support: n.support.clone(),
                    follow_up: None,
                },
            )?;
        }
        Ok(())
    })
    .unwrap();
    drop(li);
    let (mut app, _d) = common::app_after_school(school, "李老师", thursday());
    save_mood(&mut app, "张伟", '2');
    assert!(
        !week_items(&mut app)
            .iter()
            .any(|i| i.name == "张伟" && i.section == ThisWeekSection::Mood),
        "one poor day after good weeks: the last three average 4"
    );
    save_mood(&mut app, "张伟", '2');
    save_mood(&mut app, "张伟", '2');
    let items = week_items(&mut app);
    let item = items
        .iter()
        .find(|i| i.name == "张伟" && i.section == ThisWeekSection::Mood)
        .expect("张伟's mood fell");
    assert!(item.urgent);
    assert!(
        shouwang::labels::agenda_detail(item, &shouwang::config::Config::default(), thursday())
            .contains("2.0")
            && shouwang::labels::agenda_detail(
                item,
                &shouwang::config::Config::default(),
                thursday()
            )
            .contains("5.0"),
        "{}",
        shouwang::labels::agenda_detail(item, &shouwang::config::Config::default(), thursday())
    );
}

#[test]
fn mood_form_refuses_a_missing_score_and_a_bad_date_and_saves_the_follow_up() {
    let (mut app, _d) = common::app_after_school(school(), "李老师", thursday());
    app.open_child(child_id(&app, "曾小燕"));
    app.dispatch(Action::NewMood);
    app.dispatch(Action::Save);
    assert!(matches!(app.screen, Screen::MoodForm(_)));
    assert!(status(&app).contains("1 到 5"), "{}", status(&app));
    key(&mut app, KeyCode::Char('2'));
    // The digit set the score and left the caret there; tab goes on to the feelings.
    assert!(
        matches!(&app.screen, Screen::MoodForm(f) if f.focus == shouwang::app::MoodField::Score)
    );
    key(&mut app, KeyCode::Tab);
    // Feelings: tick the first and the third.
    send(&mut app, "<space><right><right><space><tab>");
    type_text(&mut app, "奶奶住院，晚上睡不好");
    key(&mut app, KeyCode::Tab);
    type_text(&mut app, "12月4日");
    app.dispatch(Action::Save);
    assert!(status(&app).contains("不是日期"), "{}", status(&app));
    for _ in 0.."12月4日".chars().count() {
        key(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "2026-11-28");
    app.dispatch(Action::Save);
    assert!(matches!(app.screen, Screen::Child(_)), "{}", status(&app));
    let boss = session(&app.store, "周主任");
    let r = boss.reader().unwrap();
    let id = child_id(&app, "曾小燕");
    let m = r.moods_of_child(id).unwrap().pop().unwrap();
    assert_eq!(m.score, 2);
    assert_eq!(m.feelings, vec!["想念父母".to_string(), "焦虑".to_string()]);
    assert_eq!(m.note, "奶奶住院，晚上睡不好");
    assert_eq!(m.follow_up, NaiveDate::from_ymd_opt(2026, 11, 28));
    let f = r.followups_of_child(id).unwrap();
    assert_eq!(f.len(), 1);
    assert_eq!(f[0].due, NaiveDate::from_ymd_opt(2026, 11, 28).unwrap());
    drop(r);
    assert!(
        week_items(&mut app)
            .iter()
            .any(|i| i.name == "曾小燕" && i.section == ThisWeekSection::FollowUps)
    );
}

#[test]
fn a_follow_up_marked_done_leaves_this_week_and_overdue_ones_are_red() {
    let school = school();
    let zx = session(&school.store, "周主任")
        .reader()
        .unwrap()
        .child_by_student_id("T002")
        .unwrap()
        .unwrap();
    session(&school.store, "周主任")
        .write(|w| {
            let f = FollowUp {
                id: FollowUpId(w.next_id()?),
                child: zx.id,
                counselor: CounselorId(2),
                due: NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
                text: "给奶奶打电话问病情".into(),
                note: None,
                created: at(2026, 11, 16, 9),
                done: None,
            };
            w.put_followup(&f)
        })
        .unwrap();
    let (mut app, _d) = common::app_after_school(school, "李老师", thursday());
    let items = week_items(&mut app);
    let late = items
        .iter()
        .find(|i| {
            shouwang::labels::agenda_detail(i, &shouwang::config::Config::default(), thursday())
                .contains("给奶奶打电话")
        })
        .unwrap();
    assert!(late.urgent, "due last week: red");
    let soon = items
        .iter()
        .position(|i| {
            shouwang::labels::agenda_detail(i, &shouwang::config::Config::default(), thursday())
                .contains("订正错题")
                && i.section == ThisWeekSection::FollowUps
        })
        .unwrap();
    assert!(!items[soon].urgent, "due tomorrow: not red");
    // Mark tomorrow's done from This week, with a note.
    if let Screen::ThisWeek(state) = &mut app.screen {
        state.selected = soon;
    }
    key(&mut app, KeyCode::Char('d'));
    assert!(matches!(app.screen, Screen::Prompt(_)));
    type_text(&mut app, "错题都订正了");
    key(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.screen, Screen::ThisWeek(_)),
        "{}",
        status(&app)
    );
    let items = week_items(&mut app);
    assert!(
        !items.iter().any(|i| shouwang::labels::agenda_detail(
            i,
            &shouwang::config::Config::default(),
            thursday()
        )
        .contains("订正错题")),
        "{items:?}"
    );
    assert!(items.iter().any(|i| {
        shouwang::labels::agenda_detail(i, &shouwang::config::Config::default(), thursday())
            .contains("给奶奶打电话")
    }));
    let boss = session(&app.store, "周主任");
    let r = boss.reader().unwrap();
    let done: Vec<FollowUp> = r
        .children()
        .unwrap()
        .into_iter()
        .flat_map(|c| r.followups_of_child(c.id).unwrap())
        .filter(|f| f.done.is_some())
        .collect();
    assert_eq!(done.len(), 1);
    let d = done[0].done.as_ref().unwrap();
    assert_eq!(d.note, "错题都订正了");
    assert_eq!(Some(d.by), app.user.as_ref().map(|u| u.id));
    assert!(
        r.audit_events()
            .unwrap()
            .iter()
            .any(|e| e.action == AuditAction::Update
                && e.target == RecordRef::FollowUp(done[0].id.0))
    );
    drop(r);
    // From the archive: `d` offers the open one (the overdue call).
    app.open_child(zx.id);
    key(&mut app, KeyCode::Char('d'));
    let Screen::Prompt(p) = &app.screen else {
        panic!("no prompt")
    };
    assert!(p.subject.contains("给奶奶打电话"), "{}", p.subject);
    key(&mut app, KeyCode::Enter);
    assert!(
        !week_items(&mut app)
            .iter()
            .any(|i| i.section == ThisWeekSection::FollowUps)
    );
}

/// 李老师 records a report about 张伟 through the form.
fn report_through_the_form(app: &mut App) -> IncidentId {
    app.open_child(child_id(app, "张伟"));
    key(app, KeyCode::Char('i'));
    assert!(matches!(app.screen, Screen::IncidentForm(_)));
    // Kind: six steps right from 脱离监护单独居住生活 is 疑似遭受意外伤害或不法侵害.
    for _ in 0..6 {
        key(app, KeyCode::Right);
    }
    key(app, KeyCode::Tab);
    type_text(app, "右臂大片淤青，说是在家摔的，爷爷联系不上。");
    send(app, "<tab><tab><down>");
    type_text(app, "（青山镇）");
    key(app, KeyCode::Tab);
    type_text(app, "QS-2026-131");
    handle_key(
        app,
        KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL),
    );
    assert!(matches!(app.screen, Screen::Child(_)), "{}", status(app));
    let open = session(&app.store, "周主任")
        .reader()
        .unwrap()
        .open_incidents()
        .unwrap();
    let i = open
        .into_iter()
        .find(|i| i.child == Some(child_id(app, "张伟")))
        .unwrap();
    assert_eq!(i.kind, IncidentKind::Injury);
    assert_eq!(i.reported_to, "派出所（青山镇）");
    assert_eq!(i.receipt, "QS-2026-131");
    assert_eq!(i.found_at.date(), thursday());
    assert_eq!(Some(i.reported_by), app.user.as_ref().map(|u| u.id));
    i.id
}

fn lists_incident(app: &mut App, id: IncidentId) -> bool {
    week_items(app)
        .iter()
        .any(|i| i.target() == Some(RecordRef::Incident(id.0)) && i.urgent)
}

#[test]
fn an_incident_stays_on_this_week_for_every_coordinator_until_closed_with_a_reason() {
    let school = school();
    session(&school.store, "周主任")
        .write(|w| {
            w.add_counselor("吴副主任", Role::Coordinator, vec![])
                .map(|_| ())
        })
        .unwrap();
    common::school::give_passphrases(&school.store);
    let (mut app, _d) = common::app_after_school(school, "李老师", thursday());
    let id = report_through_the_form(&mut app);
    for who in ["周主任", "吴副主任", "李老师"] {
        app.login_by_name(who, Some(&common::school::passphrase()))
            .unwrap();
        assert!(lists_incident(&mut app, id), "{who} does not see it");
    }
    // 陈老师 leads another class and does not care for 张伟.
    app.login_by_name("陈老师", Some(&common::school::passphrase()))
        .unwrap();
    assert!(!lists_incident(&mut app, id));
    // A bring-back attempt, then an attempt to close without a reason.
    app.login_by_name("周主任", Some(&common::school::passphrase()))
        .unwrap();
    app.open_incident(id);
    key(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "和村主任一起家访，爷爷说周一带去卫生院。");
    key(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.screen, Screen::Incident(_)),
        "{}",
        status(&app)
    );
    key(&mut app, KeyCode::Char('c'));
    type_text(&mut app, "   ");
    key(&mut app, KeyCode::Enter);
    assert!(
        matches!(app.screen, Screen::Prompt(_)),
        "an empty reason is refused"
    );
    assert!(app.status.as_ref().is_some_and(|s| s.is_error));
    key(&mut app, KeyCode::Esc);
    for who in ["周主任", "吴副主任"] {
        app.login_by_name(who, Some(&common::school::passphrase()))
            .unwrap();
        assert!(lists_incident(&mut app, id), "still open for {who}");
    }
    app.open_incident(id);
    key(&mut app, KeyCode::Char('c'));
    type_text(&mut app, "孩子已返校，每天由爷爷接送。");
    key(&mut app, KeyCode::Enter);
    for who in ["周主任", "吴副主任", "李老师"] {
        app.login_by_name(who, Some(&common::school::passphrase()))
            .unwrap();
        assert!(!lists_incident(&mut app, id), "closed, gone for {who}");
    }
    let i = session(&app.store, "周主任")
        .reader()
        .unwrap()
        .incident(id)
        .unwrap()
        .unwrap();
    assert_eq!(i.events.len(), 1);
    assert_eq!(
        i.closed.as_ref().unwrap().reason,
        "孩子已返校，每天由爷爷接送。"
    );
    let audit = session(&app.store, "周主任")
        .reader()
        .unwrap()
        .audit_events()
        .unwrap();
    let actions: Vec<AuditAction> = audit
        .iter()
        .filter(|e| e.target == RecordRef::Incident(id.0))
        .map(|e| e.action)
        .collect();
    let changes: Vec<AuditAction> = actions
        .iter()
        .copied()
        .filter(|a| *a != AuditAction::View)
        .collect();
    assert_eq!(
        changes,
        vec![AuditAction::Create, AuditAction::Update, AuditAction::Close]
    );
    // Opening the report to close it is a look at the child's record, and is recorded.
    assert!(actions.contains(&AuditAction::View), "{actions:?}");
}

#[test]
fn put_incident_refuses_every_way_of_losing_history() {
    let (app, _d) = common::app_after_school(school(), "李老师", thursday());
    let li = session(&app.store, "李老师");
    let mut i = li.reader().unwrap().open_incidents().unwrap().remove(0);
    let by = i.reported_by;
    // Adding an event is fine.
    i.events.push(IncidentEvent {
        at: at(2026, 11, 24, 9),
        by,
        text: "派出所回电：已联系孩子姑姑。".into(),
    });
    li.write(|w| w.put_incident(&i)).unwrap();
    let refused = |bad: &Incident| {
        let e = li.write(|w| w.put_incident(bad)).unwrap_err();
        assert!(
            matches!(e, shouwang::store::StoreError::Refused(_)),
            "{e:?}"
        );
        e.to_string()
    };
    let mut bad = i.clone();
    bad.events.clear();
    assert!(refused(&bad).contains("后续记录"));
    let mut bad = i.clone();
    bad.events[0].text = "改写过的".into();
    refused(&bad);
    // A correction without keeping the earlier version.
    let mut bad = i.clone();
    bad.receipt = "QS-2026-999".into();
    assert!(refused(&bad).contains("保留原来的内容"));
    // Closing with an empty reason.
    let mut bad = i.clone();
    bad.closed = Some(Closure {
        at: at(2026, 11, 25, 9),
        by,
        reason: " ".into(),
    });
    assert!(refused(&bad).contains("原因"));
    // Moving it to another child.
    let mut bad = i.clone();
    bad.child = Some(ChildId(9999));
    refused(&bad);
    // A proper correction, then a closure; then neither can be undone.
    let mut fixed = i.clone();
    fixed.revisions.push(IncidentRevision {
        replaced_at: at(2026, 11, 25, 8),
        replaced_by: by,
        kind: fixed.kind,
        other: String::new(),
        found: fixed.found.clone(),
        reported_to: fixed.reported_to.clone(),
        receipt: fixed.receipt.clone(),
    });
    fixed.receipt = "QS-2026-119".into();
    li.write(|w| w.put_incident(&fixed)).unwrap();
    let mut bad = fixed.clone();
    bad.revisions.clear();
    refused(&bad);
    let mut closed = fixed.clone();
    closed.closed = Some(Closure {
        at: at(2026, 11, 26, 9),
        by,
        reason: "奶奶出院回家，孩子由奶奶照顾。".into(),
    });
    li.write(|w| w.put_incident(&closed)).unwrap();
    assert!(refused(&fixed).contains("重新打开"));
    let mut bad = closed.clone();
    bad.closed.as_mut().unwrap().reason = "误报".into();
    refused(&bad);
    let stored = li.reader().unwrap().incident(i.id).unwrap().unwrap();
    assert_eq!(stored, closed);
    // And there is no action that deletes a report (notes have a soft delete; reports none).
    assert!(
        shouwang::action::Action::ALL
            .iter()
            .all(|a| !(a.name().contains("delete") && a.name().contains("incident"))),
    );
}

#[test]
fn a_correction_through_the_form_keeps_the_earlier_text() {
    let (mut app, _d) = common::app_after_school(school(), "李老师", thursday());
    let id = report_through_the_form(&mut app);
    app.open_incident(id);
    key(&mut app, KeyCode::Char('e'));
    assert!(matches!(app.screen, Screen::IncidentForm(_)));
    key(&mut app, KeyCode::Tab);
    type_text(&mut app, "第四天仍未到校。");
    handle_key(
        &mut app,
        KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL),
    );
    assert!(
        matches!(app.screen, Screen::Incident(_)),
        "{}",
        status(&app)
    );
    let i = session(&app.store, "周主任")
        .reader()
        .unwrap()
        .incident(id)
        .unwrap()
        .unwrap();
    assert_eq!(i.revisions.len(), 1);
    assert_eq!(
        i.revisions[0].found,
        "右臂大片淤青，说是在家摔的，爷爷联系不上。"
    );
    assert!(i.found.ends_with("第四天仍未到校。"));
    let Screen::Incident(view) = &app.screen else {
        panic!()
    };
    assert_eq!(view.incident, i, "the view shows the saved version");
}

#[test]
fn snapshots_of_the_mood_form_and_chart() {
    let (mut app, _d) = common::app_after_school(school(), "李老师", thursday());
    let wf = child_id(&app, "王芳");
    app.open_child(wf);
    app.dispatch(Action::NewMood);
    send(&mut app, "2<tab><space><right><space><tab>");
    type_text(&mut app, "说想妈妈，晚上偷偷哭");
    key(&mut app, KeyCode::Tab);
    type_text(&mut app, "2026-11-30");
    snapshot_both!("mood_form_zh", &mut app);
    app.dispatch(Action::Save);
    // A follow-up done earlier, for the chart's marks.
    session(&app.store, "李老师")
        .write(|w| {
            let f = FollowUp {
                id: FollowUpId(w.next_id()?),
                child: wf,
                counselor: CounselorId(2),
                due: NaiveDate::from_ymd_opt(2026, 10, 23).unwrap(),
                text: "找王芳单独谈心".into(),
                note: None,
                created: at(2026, 10, 19, 9),
                done: Some(FollowUpDone {
                    at: at(2026, 10, 23, 16),
                    by: CounselorId(2),
                    note: "谈过了".into(),
                }),
            };
            w.put_followup(&f)
        })
        .unwrap();
    app.refresh();
    app.dispatch(Action::NextTab);
    app.dispatch(Action::NextTab);
    let screen = render(&mut app, 80, 24);
    assert!(
        screen.contains("09-0") && screen.contains("11-"),
        "dates on the x axis:\n{screen}"
    );
    snapshot_both!("mood_chart_zh", &mut app);
}

#[test]
fn snapshots_of_the_incident_form_and_detail() {
    let (mut app, _d) = common::app_after_school(school(), "李老师", thursday());
    app.open_child(child_id(&app, "曾小燕"));
    app.dispatch(Action::NewIncident);
    send(&mut app, "<right><right><tab>");
    type_text(&mut app, "奶奶住院后，姑姑也外出打工，孩子无人照看。");
    send(&mut app, "<tab><tab><down><down>");
    snapshot_both!("incident_form_zh", &mut app);
    send(&mut app, "<esc><esc>");
    // The fixture's open incident, with an event and a correction.
    let id = session(&app.store, "周主任")
        .reader()
        .unwrap()
        .open_incidents()
        .unwrap()[0]
        .id;
    app.open_incident(id);
    key(&mut app, KeyCode::Char('a'));
    type_text(&mut app, "派出所民警上门，联系上在县城打工的姑姑。");
    send(&mut app, "<ret>e");
    for _ in 0..3 {
        key(&mut app, KeyCode::Tab);
    }
    for _ in 0.."QS-2026-118".len() {
        key(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "QS-2026-0118");
    handle_key(
        &mut app,
        KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL),
    );
    assert!(
        matches!(app.screen, Screen::Incident(_)),
        "{}",
        status(&app)
    );
    snapshot_both!("incident_detail_zh", &mut app);
    // The archive's title bar says there is an open report.
    app.dispatch(Action::Back);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("强制报告未结 1 件"), "{screen}");
}
