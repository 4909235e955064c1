//! A shared screen (issue 10, item 4): the app locks itself after idle minutes, keeping the
//! unsaved note as an encrypted draft and dropping the keys, and opens again on the same
//! person's passphrase; the hide key blanks the screen at once. Idle time is counted on the
//! monotonic clock the app is given (issue 18, item 2.1: never the school's clock, which
//! `SHOUWANG_NOW` stops), and never the wall clock.
use crate::common;

use chrono::NaiveDate;
use common::school::school;
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use shouwang::action::Action;
use shouwang::app::{App, AskPurpose, Screen, handle_event};
use std::time::Duration;

use shouwang::store::StoreError;

fn thursday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn app() -> (App, tempfile::TempDir) {
    common::app_in(school(), "李老师", thursday())
}

fn render(app: &mut App) -> String {
    let mut terminal = Terminal::new(TestBackend::new(80, 24)).unwrap();
    terminal.draw(|f| shouwang::ui::draw(f, app)).unwrap();
    let buffer = terminal.backend().buffer();
    // Spaces dropped: a wide character's second cell would split the words otherwise.
    buffer
        .content()
        .iter()
        .map(|c| c.symbol())
        .filter(|s| !s.trim().is_empty())
        .collect()
}

const MINUTE: Duration = Duration::from_secs(60);

fn key(code: KeyCode) -> Event {
    Event::Key(KeyEvent::new(code, KeyModifiers::NONE))
}

#[test]
fn idle_minutes_lock_the_app_keep_the_draft_and_ask_the_same_person() {
    let (mut app, _dir) = app();
    let t0 = app.store.clock().monotonic();
    app.note_activity(t0);
    // A note being typed when the counselor is called away.
    app.dispatch(Action::NewNote);
    let Screen::NoteEditor(editor) = &mut app.screen else {
        panic!("no note editor");
    };
    editor.focus = shouwang::app::EditorField::Text;
    for c in "奶奶说她最近吃饭少".chars() {
        handle_event(&mut app, key(KeyCode::Char(c)));
    }
    app.note_activity(t0);
    assert!(!app.lock_if_idle(t0 + MINUTE * 4));
    assert!(app.user.is_some());
    assert!(app.lock_if_idle(t0 + MINUTE * 5));
    // Locked: nobody is logged in, the keys are gone, and the same person is asked.
    assert!(app.user.is_none());
    let Screen::Start(state) = &app.screen else {
        panic!("not on the start screen");
    };
    let ask = state.ask.as_ref().expect("no passphrase asked");
    assert_eq!(ask.name, "李老师");
    assert_eq!(ask.purpose, AskPurpose::Unlock);
    let li = app
        .store
        .staff()
        .unwrap()
        .into_iter()
        .find(|c| c.name == "李老师")
        .unwrap();
    assert!(matches!(app.store.session(&li), Err(StoreError::Locked)));
    // Nobody was waiting: the day's backup was made before the keys went, so quitting now,
    // locked, has nothing left to copy.
    let backups: Vec<String> = std::fs::read_dir(app.store.daily_backup_dir())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(backups.len(), 1, "{backups:?}");
    assert!(backups[0].ends_with("2026-11-26.redb"), "{backups:?}");
    assert!(matches!(app.keep_daily_backup(), Ok(None)));
    let shown = render(&mut app);
    assert!(
        !shown.contains("奶奶说"),
        "the note stays on screen:\n{shown}"
    );
    // The passphrase opens it again, and the unsaved note comes back from its draft.
    for c in common::PASSPHRASE.chars() {
        handle_event(&mut app, key(KeyCode::Char(c)));
    }
    handle_event(&mut app, key(KeyCode::Enter));
    assert_eq!(app.user.as_ref().map(|u| u.name.as_str()), Some("李老师"));
    let Screen::NoteEditor(editor) = &app.screen else {
        panic!("the draft was not offered back");
    };
    assert!(editor.text.lines().concat().contains("奶奶说她最近吃饭少"));
}

#[test]
fn a_wrong_passphrase_after_a_lock_is_said_and_nothing_opens() {
    let (mut app, _dir) = app();
    app.lock();
    for c in "not the passphrase".chars() {
        handle_event(&mut app, key(KeyCode::Char(c)));
    }
    handle_event(&mut app, key(KeyCode::Enter));
    assert!(app.user.is_none());
    let status = app
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(status.contains("口令不对"), "{status}");
}

#[test]
fn no_lock_when_turned_off_and_the_hide_key_blanks_the_screen_until_a_key() {
    let (mut app, _dir) = app();
    app.config.lock_after_minutes = 0;
    let t0 = app.store.clock().monotonic();
    app.note_activity(t0);
    assert!(!app.lock_if_idle(t0 + MINUTE * 180));
    app.dispatch(Action::HideScreen);
    let shown = render(&mut app);
    assert!(!shown.contains("李老师"), "{shown}");
    assert!(!shown.contains("张伟"), "{shown}");
    handle_event(&mut app, key(KeyCode::Char('x')));
    assert!(!app.hidden);
    assert!(render(&mut app).contains("李老师"));
}
