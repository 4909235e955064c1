//! Issue 23, item 3 on the screens: an absence case (控辍保学) done whole in the app. Registered
//! from the child's archive, three failed bring-back attempts logged through the attempt form,
//! This week asking for the written report, the report printed, the case closed as 复学: the
//! row leaves This week, the child is at school again, and no screen on the way speaks of the
//! police. The case screen and the attempt form drawn at 80×24 and 160×48.

use crate::common;

use chrono::NaiveDate;
use common::school::{school_at, session};
use common::{render, send, snapshot_both};
use shouwang::action::Action;
use shouwang::app::{AbsenceField, App, Screen};
use shouwang::domain::agenda::{AgendaKind, Section};
use shouwang::model::*;
use shouwang::store::AttemptInput;

/// Thursday 3 December 2026, in the autumn term; the store's clock is the same morning.
fn thursday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 3).unwrap()
}

fn app() -> (App, tempfile::TempDir) {
    common::app_after_school(school_at("2026-12-03T10:00"), "李老师", thursday())
}

fn zhang_wei(app: &App) -> Child {
    session(&app.store, "周主任")
        .reader()
        .unwrap()
        .children()
        .unwrap()
        .into_iter()
        .find(|c| c.name == "张伟")
        .unwrap()
}

fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

fn cases(app: &App) -> Vec<AbsenceCase> {
    let id = zhang_wei(app).id;
    session(&app.store, "周主任")
        .reader()
        .unwrap()
        .absences_of_child(id)
        .unwrap()
}

fn absence_rows(app: &mut App) -> Vec<shouwang::domain::agenda::AgendaItem> {
    app.dispatch(Action::GotoThisWeek);
    let Screen::ThisWeek(state) = &app.screen else {
        panic!("not on This week")
    };
    state
        .items
        .iter()
        .filter(|i| i.section == Section::Absences)
        .cloned()
        .collect()
}

/// Every screen drawn on the way, and every status said, at the smallest size: none names the
/// police (an absence case is never a police report).
fn no_police(app: &mut App, seen: &mut Vec<String>) {
    let shown = render(app, 80, 24);
    assert!(!shown.contains("派出所"), "{shown}");
    assert!(!status(app).contains("派出所"), "{}", status(app));
    seen.push(shown);
}

/// The archive of 张伟, then `a`: the register form, 辍学 chosen, first day typed.
fn register(app: &mut App, seen: &mut Vec<String>) {
    let id = zhang_wei(app).id;
    app.open_child(id);
    send(app, "a");
    assert!(matches!(app.screen, Screen::AbsenceForm(_)));
    send(
        app,
        "<right><tab>2026-11-30<tab>爷爷说孩子不想读了，在家帮忙放牛",
    );
    no_police(app, seen);
    send(app, "<C-s>");
    assert!(
        matches!(app.screen, Screen::Absence(_)),
        "saved, the case shown: {}",
        status(app)
    );
    no_police(app, seen);
}

/// `a` on the case: an attempt by 李老师, a home visit, the child still away (the default).
fn log_failed_attempt(app: &mut App, seen: &mut Vec<String>) {
    send(app, "a");
    let Screen::AbsenceForm(form) = &app.screen else {
        panic!("a opens the attempt form: {}", status(app))
    };
    assert_eq!(form.focus, AbsenceField::Went, "the date is today already");
    send(
        app,
        "李老师、村主任<tab><right><tab>爷爷<tab>孩子不肯来，说下周再说",
    );
    no_police(app, seen);
    send(app, "<C-s>");
    assert!(
        matches!(app.screen, Screen::Absence(_)),
        "logged and back: {}",
        status(app)
    );
}

#[test]
fn a_dropout_from_registering_to_back_at_school_without_the_police() {
    let (mut app, dir) = app();
    let mut seen = Vec::new();
    register(&mut app, &mut seen);
    let case = cases(&app).pop().unwrap();
    assert_eq!(case.kind, AbsenceKind::DroppedOut);
    assert_eq!(
        case.first_day,
        NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
    );
    assert_eq!(zhang_wei(&app).enrolment, Enrolment::DroppedOut);
    for _ in 0..3 {
        log_failed_attempt(&mut app, &mut seen);
    }
    assert!(status(&app).contains("请打印书面报告"), "{}", status(&app));
    let case = cases(&app).pop().unwrap();
    assert_eq!(case.failed_attempts(), 3);
    assert_eq!(case.attempts[0].way, AttemptWay::HomeVisit);
    assert_eq!(case.attempts[0].on, thursday());

    // This week asks for the written report, and its row opens the case.
    let rows = absence_rows(&mut app);
    assert!(
        matches!(
            rows.as_slice(),
            [item] if matches!(item.kind, AgendaKind::Absence { report_due: true, failed: 3, .. })
        ),
        "{rows:?}"
    );
    let week = render(&mut app, 160, 48);
    assert!(week.contains("请书面报告教育局和镇（街道）"), "{week}");
    no_police(&mut app, &mut seen);
    let Screen::ThisWeek(state) = &mut app.screen else {
        panic!("on This week")
    };
    state.selected = state
        .items
        .iter()
        .position(|i| i.section == Section::Absences)
        .unwrap();
    send(&mut app, "<enter>");
    assert!(matches!(app.screen, Screen::Absence(_)), "{}", status(&app));

    // The written report is printed into reports/.
    send(&mut app, "P");
    let printed: Vec<_> = std::fs::read_dir(dir.path().join("reports"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    assert_eq!(printed.len(), 1, "{}", status(&app));
    assert!(cases(&app).pop().unwrap().report_printed.is_some());
    no_police(&mut app, &mut seen);

    // Closed as 复学 (the first outcome): the row goes, the child is at school.
    send(&mut app, "c");
    assert!(matches!(app.screen, Screen::AbsenceForm(_)));
    no_police(&mut app, &mut seen);
    send(&mut app, "<tab>已返校上课<C-s>");
    assert!(matches!(app.screen, Screen::Absence(_)), "{}", status(&app));
    no_police(&mut app, &mut seen);
    let case = cases(&app).pop().unwrap();
    assert_eq!(
        case.closed.as_ref().map(|c| c.outcome),
        Some(AbsenceOutcome::Returned)
    );
    assert_eq!(zhang_wei(&app).enrolment, Enrolment::AtSchool);
    assert!(absence_rows(&mut app).is_empty());
    no_police(&mut app, &mut seen);
    assert_eq!(seen.len(), 10, "every screen on the way was looked at");
    // No mandatory report was made on the way.
    let boss = session(&app.store, "周主任");
    let reports = boss
        .reader()
        .unwrap()
        .incidents_of_child(zhang_wei(&app).id)
        .unwrap();
    assert!(reports.is_empty(), "{reports:?}");
}

#[test]
fn closing_in_vain_before_the_report_is_printed_is_refused_on_the_form() {
    let (mut app, _dir) = app();
    register(&mut app, &mut Vec::new());
    send(&mut app, "c<right><right>");
    let Screen::AbsenceForm(form) = &app.screen else {
        panic!("c opens the close form")
    };
    assert_eq!(form.outcome(), AbsenceOutcome::ReportedIneffective);
    send(&mut app, "<C-s>");
    assert!(
        matches!(app.screen, Screen::AbsenceForm(_)),
        "the form stays"
    );
    assert_eq!(
        status(&app),
        "“劝返无效已书面报告”结案前，请先打印书面报告。"
    );
    assert!(cases(&app).pop().unwrap().is_open());
    // Leaving with the outcome changed asks first, then leaves.
    send(&mut app, "<esc>");
    assert!(matches!(app.screen, Screen::AbsenceForm(_)));
    send(&mut app, "<esc>");
    assert!(matches!(app.screen, Screen::Absence(_)));
}

#[test]
fn a_danger_found_on_the_way_is_raised_from_the_case_and_listed_there() {
    let (mut app, _dir) = app();
    register(&mut app, &mut Vec::new());
    send(&mut app, "i");
    let Screen::IncidentForm(form) = &app.screen else {
        panic!("i opens the incident form: {}", status(&app))
    };
    assert!(form.absence.is_some());
    send(&mut app, "<tab>家访时发现孩子一人在家，爷爷外出打工<C-s>");
    let Screen::Absence(state) = &app.screen else {
        panic!("saved and back on the case: {}", status(&app))
    };
    assert_eq!(state.incidents.len(), 1);
    assert_eq!(state.incidents[0].kind, IncidentKind::LivingAlone);
    let case = cases(&app).pop().unwrap();
    assert_eq!(case.incidents, vec![state.incidents[0].id]);
    let shown = render(&mut app, 80, 24);
    assert!(shown.contains("强制报告"), "{shown}");
    // Enter on the report's row opens it.
    send(&mut app, "<enter>");
    assert!(
        matches!(app.screen, Screen::Incident(_)),
        "{}",
        status(&app)
    );
}

/// The case of 张伟 with three failed attempts of different ways, written through the
/// sessions, opened from the archive's 控辍保学 tab.
fn case_with_three_attempts() -> (App, tempfile::TempDir) {
    let (mut app, dir) = app();
    let id = zhang_wei(&app).id;
    let li = session(&app.store, "李老师");
    li.write(|w| {
        let case = w.register_absence(
            id,
            AbsenceKind::DroppedOut,
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            "爷爷说孩子不想读了，在家帮忙放牛",
        )?;
        for (d, way, went, met, result) in [
            (
                24,
                AttemptWay::Call,
                "班主任李老师",
                "爷爷",
                "电话没人接，托邻居带话",
            ),
            (
                26,
                AttemptWay::HomeVisit,
                "李老师、王老师",
                "孩子本人",
                "孩子说跟不上，不想读了",
            ),
            (
                1,
                AttemptWay::WithVillage,
                "李老师、村主任",
                "爷爷、奶奶",
                "爷爷同意劝，孩子仍不肯回校",
            ),
        ] {
            let month = if d == 1 { 12 } else { 11 };
            w.log_attempt(
                case.id,
                AttemptInput {
                    on: NaiveDate::from_ymd_opt(2026, month, d).unwrap(),
                    went: went.into(),
                    way,
                    met: met.into(),
                    result: result.into(),
                    failed: true,
                },
            )?;
        }
        Ok(())
    })
    .unwrap();
    drop(li);
    app.open_child(id);
    send(&mut app, "<S-tab>");
    send(&mut app, "<enter>");
    assert!(matches!(app.screen, Screen::Absence(_)), "{}", status(&app));
    (app, dir)
}

#[test]
fn the_case_screen_with_three_attempts() {
    let (mut app, _dir) = case_with_three_attempts();
    snapshot_both!("case_three_attempts", &mut app);
}

#[test]
fn the_attempt_form() {
    let (mut app, _dir) = case_with_three_attempts();
    send(
        &mut app,
        "a李老师<tab><right><tab>爷爷<tab>孩子答应下周一回校",
    );
    snapshot_both!("attempt_form", &mut app);
}
