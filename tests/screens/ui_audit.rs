//! The audit screen (操作日志) as the coordinator sees it, drawn on ratatui's `TestBackend` at
//! 80×24 and 160×48 in both languages. The store is made by the real binary at fixed times
//! (`Home::school_with_history`), so every event on screen carries a known time.

use crate::common;

use chrono::NaiveDate;
use common::{Home, LOGIN, key, send, snapshot_both, type_text};
use crossterm::event::KeyCode;
use shouwang::action::Action;
use shouwang::app::{App, AuditState, Screen};
use shouwang::config::Config;
use shouwang::i18n::{self, Lang};
use shouwang::keymap::Keymap;
use shouwang::model::*;

/// The day after the history's last step.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
}

/// The app as `user`, logged in at 08:00 on `today()`: the login is the trail's newest event.
fn app_as(home: &Home, db: &str, user: &str) -> App {
    i18n::set_lang(Lang::Zh);
    let store =
        shouwang::store::Store::open(std::path::Path::new(db), common::clock("2026-11-30T08:00"))
            .unwrap();
    let mut app = App::new(store, Config::default(), Keymap::default(), vec![], today());
    assert_eq!(app.exports_dir, home.path().join("exports"));
    app.login_by_name(user, Some(&common::school::passphrase()))
        .unwrap();
    app
}

fn audit(app: &App) -> &AuditState {
    match &app.screen {
        Screen::Audit(s) => s,
        _ => panic!("not on the audit screen"),
    }
}

/// What the screen shows, as (who, action, record) of each row.
fn rows(app: &App) -> Vec<(String, AuditAction, String)> {
    let s = audit(app);
    s.shown
        .iter()
        .map(|&i| {
            let e = &s.trail.events[i];
            (s.trail.who(&e.actor), e.action, s.trail.record(e.target))
        })
        .collect()
}

#[test]
fn the_coordinator_reads_who_did_what_newest_first() {
    let home = Home::new();
    let db = home.school_with_history();
    let mut app = app_as(&home, &db, "周主任");
    key(&mut app, KeyCode::Char('6'));
    let all = rows(&app);
    // Each command that named someone logged in; this app's own login is the newest event.
    assert_eq!(all.len(), 26, "{all:#?}");
    assert_eq!(all[0].1, AuditAction::Login);
    assert_eq!(
        all[1],
        ("周主任".into(), AuditAction::Backup, "数据文件".into())
    );
    // The refused export names the counselor who tried.
    assert!(all.contains(&("李老师".into(), AuditAction::Refused, "数据文件".into())));
    // Each child the roster added, by name.
    assert!(all.contains(&("周主任".into(), AuditAction::Create, "曾小燕".into())));
    // The very first event: the store's first staff member, made from the command line.
    assert_eq!(
        all[25],
        (
            format!("命令行 {LOGIN}"),
            AuditAction::Create,
            "周主任".into()
        )
    );
    snapshot_both!("audit_zh", &mut app);
    i18n::set_lang(Lang::En);
    snapshot_both!("audit_en", &mut app);
    i18n::set_lang(Lang::Zh);
    no_english_in_chinese_rows(&app);
}

/// The other side of `ui_english.rs`: in Chinese, what a row says (the action, the record, the
/// detail) holds no English word. Data may be Latin (a file's name, a login), so a word with a
/// dot or a slash (a path) is data, and a file format's name is a name; any other run of two
/// Latin letters is English.
fn no_english_in_chinese_rows(app: &App) {
    let s = audit(app);
    let mut english = Vec::new();
    for e in &s.trail.events {
        let said = [
            labels_action(e.action),
            s.trail.record(e.target),
            s.trail.detail(e),
        ]
        .join(" ");
        let latin = said
            .split(|c: char| c.is_whitespace() || "，、：（）→".contains(c))
            .filter(|w| !w.contains('.') && !w.contains('/'))
            // The names of file formats read the same in Chinese.
            .filter(|w| !["CSV", "JSON", "Excel", "XLSX", "HTML"].contains(w))
            .any(|w| {
                w.chars()
                    .collect::<Vec<_>>()
                    .windows(2)
                    .any(|p| p.iter().all(|c| c.is_ascii_alphabetic()))
            });
        if latin {
            english.push(said);
        }
    }
    assert!(english.is_empty(), "English in Chinese rows: {english:#?}");
}

fn labels_action(a: AuditAction) -> String {
    shouwang::labels::audit_action(a)
}

#[test]
fn filters_step_through_people_and_actions_and_ask_for_a_child_and_days() {
    let home = Home::new();
    let db = home.school_with_history();
    let mut app = app_as(&home, &db, "周主任");
    app.dispatch(Action::GotoAudit);
    // People in the log: the staff in their order, then the command-line login.
    key(&mut app, KeyCode::Char('p'));
    assert_eq!(
        rows(&app).len(),
        23,
        "everything 周主任 did, logins included"
    );
    key(&mut app, KeyCode::Char('p'));
    assert_eq!(
        rows(&app),
        vec![
            ("李老师".into(), AuditAction::Refused, "数据文件".into()),
            ("李老师".into(), AuditAction::Login, "李老师".into())
        ]
    );
    send(&mut app, "PP");
    assert!(audit(&app).filter.person.is_none(), "back to everyone");
    // Actions in the log, in their order: created first, then assigned.
    key(&mut app, KeyCode::Char('a'));
    assert_eq!(audit(&app).filter.action, Some(AuditAction::Create));
    key(&mut app, KeyCode::Char('x'));
    assert!(audit(&app).filter.is_empty());

    // A child by name: its archive and its assignments.
    key(&mut app, KeyCode::Char('c'));
    type_text(&mut app, "曾小燕");
    key(&mut app, KeyCode::Enter);
    let child = rows(&app);
    assert_eq!(
        child.iter().map(|r| r.1).collect::<Vec<_>>(),
        vec![
            AuditAction::Assign,
            AuditAction::Unassign,
            AuditAction::Assign,
            AuditAction::Create
        ],
        "{child:#?}"
    );
    assert_eq!(audit(&app).child_label.as_deref(), Some("曾小燕 (T002)"));

    // Days: a slip is said and the question stays; a first day after the last is refused.
    key(&mut app, KeyCode::Char('f'));
    type_text(&mut app, "星期八");
    key(&mut app, KeyCode::Enter);
    assert!(app.status.as_ref().is_some_and(|s| s.is_error));
    assert!(audit(&app).prompt.is_some());
    let Screen::Audit(state) = &mut app.screen else {
        panic!()
    };
    state.prompt.as_mut().unwrap().input = Default::default();
    type_text(&mut app, "2026-11-28");
    key(&mut app, KeyCode::Enter);
    assert_eq!(rows(&app).len(), 2, "the move to 王老师 on the 28th");
    snapshot_both!("audit_filtered_zh", &mut app);
    key(&mut app, KeyCode::Char('t'));
    type_text(&mut app, "2026-11-27");
    key(&mut app, KeyCode::Enter);
    let status = app.status.clone().unwrap();
    assert!(
        status.is_error && status.text.contains("2026-11-28"),
        "{status:?}"
    );
    key(&mut app, KeyCode::Esc);
    assert!(audit(&app).prompt.is_none());
    assert_eq!(
        audit(&app).filter.to,
        None,
        "the refused day is not applied"
    );
    key(&mut app, KeyCode::Char('c'));
    type_text(&mut app, "赵无名");
    key(&mut app, KeyCode::Enter);
    assert!(app.status.as_ref().unwrap().text.contains("赵无名"));
}

#[test]
fn the_export_writes_what_is_shown_beside_the_store_and_is_audited() {
    let home = Home::new();
    let db = home.school_with_history();
    let mut app = app_as(&home, &db, "周主任");
    app.dispatch(Action::GotoAudit);
    // A student id as a Chinese input method may type it: full-width.
    key(&mut app, KeyCode::Char('c'));
    type_text(&mut app, "Ｔ００２");
    key(&mut app, KeyCode::Enter);
    assert_eq!(audit(&app).child_label.as_deref(), Some("曾小燕 (T002)"));
    key(&mut app, KeyCode::Char('e'));
    let path = home.path().join("exports").join("操作日志-2026-11-30.csv");
    let status = app.status.clone().unwrap();
    assert!(!status.is_error, "{status:?}");
    assert!(
        status.text.contains(&path.display().to_string()),
        "{status:?}"
    );
    let csv = std::fs::read_to_string(&path).unwrap();
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "\u{feff}event_id,time,who,who_kind,action_code,action,record_kind,record_id,record_name,detail"
    );
    assert_eq!(lines.len(), 5, "{csv}");
    assert!(lines[4].contains(",2026-11-26 10:00:00,周主任,staff,create,新建,child,"));
    assert!(lines[4].ends_with(",曾小燕,名单导入"), "{}", lines[4]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&path).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    // A second export never replaces the first.
    key(&mut app, KeyCode::Char('e'));
    assert!(
        home.path()
            .join("exports/操作日志-2026-11-30-2.csv")
            .exists()
    );
    // The export is in the log, which the screen read again; the child filter still holds.
    assert_eq!(rows(&app).len(), 4);
    // (Stamped by this process's clock, not the binary's fixed one: found by its id.)
    key(&mut app, KeyCode::Char('x'));
    let trail = &audit(&app).trail;
    let latest = trail.events.iter().max_by_key(|e| e.id).unwrap();
    assert_eq!(latest.action, AuditAction::Export);
    assert!(
        matches!(
            Detail::read(latest.action, latest.target, &latest.detail),
            Detail::AuditExport { ref format, events: 4, .. } if format == "csv"
        ),
        "{}",
        latest.detail
    );
}

#[test]
fn only_the_coordinator_gets_the_screen() {
    let home = Home::new();
    let db = home.school_with_history();
    let mut app = app_as(&home, &db, "李老师");
    key(&mut app, KeyCode::Char('6'));
    assert!(matches!(app.screen, Screen::ThisWeek(_)));
    let status = app.status.clone().unwrap();
    assert!(status.is_error, "{status:?}");
    assert!(
        status.text.contains("李老师") && status.text.contains("操作日志"),
        "{status:?}"
    );
}

#[test]
fn the_screens_keys_are_in_the_help() {
    let home = Home::new();
    let db = home.school_with_history();
    let mut app = app_as(&home, &db, "周主任");
    app.dispatch(Action::GotoAudit);
    app.dispatch(Action::ToggleHelp);
    let lines: Vec<String> = shouwang::ui::help_lines(&app)
        .iter()
        .map(|l| l.to_string())
        .collect();
    // The screen's own table comes first.
    assert_eq!(lines[0], "操作日志");
    for (key, words) in [
        ("p", "按人员筛选"),
        ("a", "按操作筛选"),
        ("c", "按孩子筛选"),
        ("f", "从哪天起"),
        ("t", "到哪天为止"),
        ("x", "清除所有筛选"),
        ("e", "导出为 CSV"),
        ("6", "操作日志"),
    ] {
        assert!(
            lines
                .iter()
                .any(|l| l.trim_start().starts_with(&format!("{key} ")) && l.contains(words)),
            "{key} {words}: {lines:#?}"
        );
    }
}
