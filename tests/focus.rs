//! Issue 13, item 2: one focus rule for every form. The caret starts in the first field a
//! person fills, tab and shift-tab move in screen order, and a key meant for one field never
//! changes another.
mod common;

use chrono::NaiveDate;
use common::school::{School, school};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use shouwang::action::Action;
use shouwang::app::{App, EditorField, IntakeField, MoodField, Screen, handle_key};
use shouwang::config::Config;
use shouwang::keymap::Keymap;

fn app_on(day: NaiveDate) -> (App, tempfile::TempDir) {
    let School { _dir, store } = school();
    let mut app = App::new(store, Config::default(), Keymap::default(), vec![], day);
    app.login_by_name("李老师", Some(&common::school::passphrase()))
        .unwrap();
    (app, _dir)
}

fn thursday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn key(app: &mut App, code: KeyCode) {
    handle_key(app, KeyEvent::new(code, KeyModifiers::NONE));
}

fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        key(app, KeyCode::Char(c));
    }
}

#[test]
fn the_note_editor_opens_in_the_text_and_tabs_in_screen_order() {
    let (mut app, _d) = app_on(thursday());
    app.dispatch(Action::GotoCaseload);
    app.dispatch(Action::Open);
    app.dispatch(Action::NewNote);
    let Screen::NoteEditor(ed) = &app.screen else {
        panic!("no editor")
    };
    assert_eq!(ed.focus, EditorField::Text);
    let order = ed.fields();
    let kind_before = ed.kind;
    // A space and letters typed at once are the note's, not a change of kind.
    type_text(&mut app, "课间 聊天");
    let Screen::NoteEditor(ed) = &app.screen else {
        panic!()
    };
    assert_eq!(ed.kind, kind_before);
    assert_eq!(ed.text.lines().concat(), "课间 聊天");
    // Tab and shift-tab walk the fields in the order they are drawn, round the ends.
    let start = order.iter().position(|f| *f == EditorField::Text).unwrap();
    for step in 1..=order.len() {
        app.dispatch(Action::NextField);
        let Screen::NoteEditor(ed) = &app.screen else {
            panic!()
        };
        assert_eq!(ed.focus, order[(start + step) % order.len()]);
    }
    app.dispatch(Action::PrevField);
    let Screen::NoteEditor(ed) = &app.screen else {
        panic!()
    };
    assert_eq!(ed.focus, order[(start + order.len() - 1) % order.len()]);
}

#[test]
fn the_mood_form_takes_a_digit_as_the_score_only_on_the_score() {
    let (mut app, _d) = app_on(thursday());
    app.dispatch(Action::GotoCaseload);
    app.dispatch(Action::Open);
    app.dispatch(Action::NewMood);
    let focus = |app: &App| match &app.screen {
        Screen::MoodForm(f) => (f.focus, f.score),
        _ => panic!("not the mood form"),
    };
    assert_eq!(focus(&app), (MoodField::Score, None));
    key(&mut app, KeyCode::Char('2'));
    assert_eq!(focus(&app), (MoodField::Score, Some(2)), "the caret stays");
    key(&mut app, KeyCode::Tab);
    assert_eq!(focus(&app).0, MoodField::Feelings);
    // On the feelings a digit is not a score, and space ticks.
    key(&mut app, KeyCode::Char('5'));
    assert_eq!(focus(&app).1, Some(2));
    key(&mut app, KeyCode::Char(' '));
    let Screen::MoodForm(f) = &app.screen else {
        panic!()
    };
    assert!(f.feelings[0].1, "space ticks the first feeling");
    // In the remark, space and digits are text.
    key(&mut app, KeyCode::Tab);
    type_text(&mut app, "说 3 次");
    let Screen::MoodForm(f) = &app.screen else {
        panic!()
    };
    assert_eq!(f.focus, MoodField::Note);
    assert_eq!(f.score, Some(2));
    assert!(f.note.lines().concat().contains("说 3 次"));
}

#[test]
fn the_letter_intake_starts_in_the_letter_and_tabs_down_the_screen() {
    let friday = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let (mut app, _d) = app_on(friday);
    app.dispatch(Action::GotoMailbox);
    app.dispatch(Action::OpenMailbox);
    let focus = |app: &App| match &app.screen {
        Screen::Intake(s) => s.focus,
        _ => panic!("not the intake"),
    };
    // Drawn top to bottom: the letter, then who signed it and when it came.
    assert_eq!(focus(&app), IntakeField::Text);
    app.dispatch(Action::NextField);
    assert_eq!(focus(&app), IntakeField::Pseudonym);
    app.dispatch(Action::NextField);
    assert_eq!(focus(&app), IntakeField::Date);
    app.dispatch(Action::PrevField);
    assert_eq!(focus(&app), IntakeField::Pseudonym);
}

#[test]
fn ctrl_c_in_an_editor_asks_before_quitting() {
    let (mut app, _d) = app_on(thursday());
    app.dispatch(Action::GotoCaseload);
    app.dispatch(Action::Open);
    app.dispatch(Action::NewNote);
    type_text(&mut app, "还没写完");
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    handle_key(&mut app, ctrl_c);
    assert!(!app.quit, "the first ctrl-c only asks");
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.text.contains("ctrl-c"))
    );
    // Typing on forgets the question; asked again, the second press quits.
    type_text(&mut app, "。");
    handle_key(&mut app, ctrl_c);
    assert!(!app.quit);
    handle_key(&mut app, ctrl_c);
    assert!(app.quit);
}
