//! The Reports screen: a counselor's own semester summary, the coordinator's counselors,
//! school and quarter, drawn at 80×24 and 160×48 in both languages; the period picker and the
//! export from the screen. On the term school of tests/common/school.rs, whose figures
//! tests/library/reports.rs checks.

use crate::common;

use common::render;

use chrono::NaiveDate;
use common::school::term_school;
use crossterm::event::{KeyCode, KeyEvent};
use shouwang::action::Action;
use shouwang::app::{App, ReportTab, Screen};

use shouwang::domain::report::Range;
use shouwang::i18n::{self, Lang};

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()
}

fn reports_of(user: &str) -> (App, tempfile::TempDir) {
    let (mut app, dir) = common::app_in(term_school(), user, today());
    app.dispatch(Action::GotoReports);
    assert!(matches!(app.screen, Screen::Reports(_)), "{:?}", app.status);
    (app, dir)
}

/// Both sizes, in Chinese and in English.
fn snapshot_all(name: &str, app: &mut App) {
    for (lang, code) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        i18n::set_lang(lang);
        insta::assert_snapshot!(format!("{name}_{code}_80x24"), render(app, 80, 24));
        insta::assert_snapshot!(format!("{name}_{code}_160x48"), render(app, 160, 48));
    }
    i18n::set_lang(Lang::Zh);
}

fn state(app: &App) -> &shouwang::app::ReportsState {
    match &app.screen {
        Screen::Reports(s) => s,
        _ => panic!("not on Reports"),
    }
}

#[test]
fn a_counselor_sees_their_own_semester_summary() {
    let (mut app, _d) = reports_of("李老师");
    let s = state(&app);
    assert_eq!(s.tabs, vec![ReportTab::Semester], "a counselor's only tab");
    let semester = s.semester.as_ref().unwrap();
    assert_eq!(semester.children.len(), 4);
    assert_eq!(
        s.range,
        Range::new(
            NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
            NaiveDate::from_ymd_opt(2027, 1, 20).unwrap()
        )
        .unwrap(),
        "the term by default"
    );
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("李老师 · 孩子 4 人"), "{screen}");
    // The screen says how it judges, in the written report's words; a rule nobody was due
    // by yet (家访 in the first term) shows —, never 100%.
    assert!(
        screen.contains(&shouwang::tr!("report.semester.judging")),
        "{screen}"
    );
    assert!(!screen.contains("100%"), "{screen}");
    snapshot_all("reports_semester", &mut app);
}

#[test]
fn the_period_is_picked_by_typing_or_by_term() {
    let (mut app, _d) = reports_of("李老师");
    app.dispatch(Action::PickRange);
    // Clear what the picker offers, then type a period.
    for _ in 0..30 {
        shouwang::app::handle_key(&mut app, KeyEvent::from(KeyCode::Backspace));
    }
    for c in "2026-09-01 .. 2026-11-30".chars() {
        shouwang::app::handle_key(&mut app, KeyEvent::from(KeyCode::Char(c)));
    }
    shouwang::app::handle_key(&mut app, KeyEvent::from(KeyCode::Enter));
    let s = state(&app);
    assert!(s.picker.is_none());
    let semester = s.semester.as_ref().unwrap();
    assert_eq!(
        semester.as_of,
        NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
    );
    let talk = shouwang::model::NoteKind::Talk as usize;
    assert_eq!(
        semester.totals.contacts[talk], 4,
        "as tests/library/reports.rs counts"
    );
    // Up steps to the term before: the spring term of 2026.
    app.dispatch(Action::PickRange);
    shouwang::app::handle_key(&mut app, KeyEvent::from(KeyCode::Up));
    shouwang::app::handle_key(&mut app, KeyEvent::from(KeyCode::Enter));
    let s = state(&app);
    assert_eq!(s.range.from, NaiveDate::from_ymd_opt(2026, 9, 1).unwrap());
    app.dispatch(Action::PickRange);
    shouwang::app::handle_key(&mut app, KeyEvent::from(KeyCode::Up));
    shouwang::app::handle_key(&mut app, KeyEvent::from(KeyCode::Enter));
    let s = state(&app);
    assert_eq!(s.range.from, NaiveDate::from_ymd_opt(2026, 2, 20).unwrap());
    assert!(s.semester.as_ref().unwrap().children.is_empty());
    // Nonsense is refused with a sentence, and the picker stays open.
    app.dispatch(Action::PickRange);
    app.focused_input().unwrap().insert_str("下周");
    app.dispatch(Action::Save);
    assert!(app.status.as_ref().unwrap().is_error);
    assert!(state(&app).picker.is_some());
}

#[test]
fn the_coordinator_sees_every_counselor_the_school_and_the_quarter() {
    let (mut app, _d) = reports_of("周主任");
    let s = state(&app);
    assert_eq!(s.tabs[0], ReportTab::Counselors);
    let names: Vec<&str> = s
        .stats
        .as_ref()
        .unwrap()
        .workload
        .iter()
        .map(|w| w.name.as_str())
        .collect();
    assert_eq!(names, ["周主任", "李老师", "王老师"]);
    i18n::set_lang(Lang::Zh);
    insta::assert_snapshot!("reports_counselors_zh_80x24", render(&mut app, 80, 24));
    insta::assert_snapshot!("reports_counselors_zh_160x48", render(&mut app, 160, 48));
    // Enter on 王老师 opens his semester summary.
    app.dispatch(Action::SelectLast);
    app.dispatch(Action::Open);
    let s = state(&app);
    assert_eq!(s.current(), ReportTab::Semester);
    assert_eq!(s.counselor.name, "王老师");
    assert_eq!(s.semester.as_ref().unwrap().children.len(), 1);
    app.dispatch(Action::NextTab);
    assert_eq!(state(&app).current(), ReportTab::School);
    snapshot_all("reports_school", &mut app);
    // The weeks, charted.
    app.dispatch(Action::SelectLast);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("每周联系"), "{screen}");
    app.dispatch(Action::NextTab);
    assert_eq!(state(&app).current(), ReportTab::Quarter);
    let (q, rows) = state(&app).quarter.clone().unwrap();
    assert_eq!(q.to_string(), "2026Q4");
    assert_eq!(rows.len(), 3, "only the children with a change");
    insta::assert_snapshot!("reports_quarter_zh_80x24", render(&mut app, 80, 24));
    insta::assert_snapshot!("reports_quarter_zh_160x48", render(&mut app, 160, 48));
}

/// The check before the quarterly update is sent (issue 23, 5), on the Quarter tab: a child
/// with no change but no guardian phone is listed, with what to put right.
#[test]
fn the_quarter_tab_lists_what_would_make_the_update_wrong() {
    let school = term_school();
    common::school::boss(&school.store)
        .write(|w| {
            let mut zw = w.child_by_student_id("T001")?.unwrap();
            zw.guardian.phone.clear();
            w.update_child(&zw)
        })
        .unwrap();
    let (mut app, _d) = common::app_in(school, "周主任", today());
    app.dispatch(Action::GotoReports);
    for _ in 0..3 {
        app.dispatch(Action::NextTab);
    }
    assert_eq!(state(&app).current(), ReportTab::Quarter);
    assert_eq!(state(&app).quarter.as_ref().unwrap().1.len(), 4);
    i18n::set_lang(Lang::Zh);
    let screen = render(&mut app, 160, 48);
    let line = screen.lines().find(|l| l.contains("张伟")).unwrap();
    assert!(line.contains("报送前请核对：未填写监护人电话"), "{screen}");
}

#[test]
fn a_report_is_exported_from_the_screen_and_the_path_shown_until_a_key() {
    let (mut app, dir) = reports_of("李老师");
    app.dispatch(Action::ExportReport);
    let status = app.status.clone().unwrap();
    assert!(!status.is_error, "{}", status.text);
    let path = std::path::PathBuf::from(status.text.lines().last().unwrap());
    assert!(path.starts_with(dir.path().join("reports")), "{path:?}");
    assert!(path.to_string_lossy().ends_with(".xlsx"));
    assert!(path.exists());
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("报表已写入"), "{screen}");
    // A second export does not write over the first.
    app.dispatch(Action::ExportReport);
    let second = app.status.clone().unwrap();
    assert_ne!(second.text, status.text);
    app.dispatch(Action::SelectNext);
    assert!(
        app.status.is_none(),
        "the path stays until a key is pressed"
    );
    let files = std::fs::read_dir(dir.path().join("reports"))
        .unwrap()
        .count();
    assert_eq!(files, 2);
}

#[test]
fn a_child_opened_from_the_summary_prints_their_archive_page() {
    let (mut app, dir) = reports_of("李老师");
    // The summary lists by name: 刘洋, 张伟, …; 刘洋 has left but is still 李老师's to see.
    app.dispatch(Action::SelectNext);
    app.dispatch(Action::Open);
    let Screen::Child(child) = &app.screen else {
        panic!("{:?}", app.status)
    };
    assert_eq!(child.child.name, "张伟");
    app.dispatch(Action::PrintArchive);
    let status = app.status.clone().unwrap();
    assert!(!status.is_error, "{}", status.text);
    let path = std::path::PathBuf::from(status.text.lines().last().unwrap());
    assert!(path.starts_with(dir.path().join("reports")), "{path:?}");
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(html.contains("<h1>一人一档 · 张伟</h1>"));
    assert!(html.contains("data-section=\"contacts\""));
    assert!(
        !html.contains("data-section=\"incidents\""),
        "not from the screen"
    );
    // Back to the summary, as it was.
    app.dispatch(Action::Back);
    assert!(matches!(app.screen, Screen::Reports(_)));
}

/// The coordinator's semester tab starts on a counselor's summary, not on a head teacher's
/// (whose own is usually empty) even when the head teacher's name comes first.
#[test]
fn the_coordinators_semester_tab_starts_on_a_counselor() {
    let school = term_school();
    let boss = school
        .store
        .staff()
        .unwrap()
        .into_iter()
        .find(|c| c.name == "周主任")
        .unwrap();
    common::school::add_staff(
        &school.store,
        &boss,
        "丁老师",
        shouwang::model::Role::HeadTeacher,
        vec!["七年级(1)班".into()],
    );
    let (mut app, _dir) = common::app_in(school, "周主任", today());
    app.dispatch(Action::GotoReports);
    assert_eq!(state(&app).counselor.name, "李老师");
}
