//! Issue 13, item 2: one focus rule for every form. The caret starts in the first field a
//! person fills, tab and shift-tab move in screen order, and a key meant for one field never
//! changes another.
use crate::common;

use common::{key, send, type_text};

use chrono::NaiveDate;
use common::school::school;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use shouwang::action::Action;
use shouwang::app::{
    App, Dialog, EditorField, FormField, IncidentField, IntakeField, MoodField, Screen, StaffField,
    handle_key,
};

fn app_on(day: NaiveDate) -> (App, tempfile::TempDir) {
    app_as("李老师", day)
}

fn app_as(user: &str, day: NaiveDate) -> (App, tempfile::TempDir) {
    common::app_in(school(), user, day)
}

/// The sentence shown, if any.
fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

/// Letters a hurried teacher might type on a choice: quit, a screen's number, a search.
const STRAY: &str = "q6/x";

fn thursday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
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

#[test]
fn the_profile_form_starts_at_the_top_and_tabs_down_its_fields() {
    let (mut app, _d) = app_on(thursday());
    app.dispatch(Action::GotoCaseload);
    app.dispatch(Action::Open);
    app.dispatch(Action::EditProfile);
    let form = |app: &App| match &app.screen {
        Screen::ProfileForm(f) => (
            f.focus,
            f.fields.iter().map(|(f, _)| *f).collect::<Vec<_>>(),
        ),
        _ => panic!("not the profile form"),
    };
    let (focus, fields) = form(&app);
    assert_eq!(focus, 0, "the caret starts in the first field drawn");
    for step in 1..=fields.len() {
        key(&mut app, KeyCode::Tab);
        assert_eq!(form(&app).0, step % fields.len());
    }
    key(&mut app, KeyCode::BackTab);
    assert_eq!(form(&app).0, fields.len() - 1);
    // The status is a choice: letters typed on it change nothing, leave nothing, and the
    // line below says which keys it takes.
    let status_at = fields.iter().position(|f| *f == FormField::Status).unwrap();
    while form(&app).0 != status_at {
        key(&mut app, KeyCode::Tab);
    }
    type_text(&mut app, STRAY);
    let Screen::ProfileForm(f) = &app.screen else {
        panic!("a stray letter left the profile form")
    };
    assert_eq!(f.status, 0);
    assert!(!f.is_changed());
    assert!(!app.quit);
    assert!(status(&app).contains("tab"), "{}", status(&app));
}

#[test]
fn the_incident_form_starts_at_its_kind_and_letters_there_type_nothing() {
    let (mut app, _d) = app_on(thursday());
    app.dispatch(Action::GotoCaseload);
    app.dispatch(Action::Open);
    app.dispatch(Action::NewIncident);
    let form = |app: &App| match &app.screen {
        Screen::IncidentForm(f) => (f.focus, f.kind, f.found.lines().concat()),
        _ => panic!("not the incident form"),
    };
    assert_eq!(form(&app), (IncidentField::Kind, 0, String::new()));
    type_text(&mut app, STRAY);
    assert_eq!(form(&app), (IncidentField::Kind, 0, String::new()));
    assert!(!app.quit);
    // Drawn top to bottom: what kind, then what was found, typed with its digits and spaces.
    key(&mut app, KeyCode::Tab);
    assert_eq!(form(&app).0, IncidentField::Found);
    type_text(&mut app, "q 6");
    assert_eq!(form(&app).2, "q 6");
    key(&mut app, KeyCode::Tab);
    assert_eq!(form(&app).0, IncidentField::When);
    send(&mut app, "<S-tab><S-tab>");
    assert_eq!(form(&app).0, IncidentField::Kind);
}

#[test]
fn a_mood_with_a_score_is_not_left_by_a_stray_key_and_quitting_asks() {
    let (mut app, _d) = app_on(thursday());
    app.dispatch(Action::GotoCaseload);
    app.dispatch(Action::Open);
    app.dispatch(Action::NewMood);
    key(&mut app, KeyCode::Char('3'));
    type_text(&mut app, STRAY);
    let Screen::MoodForm(f) = &app.screen else {
        panic!("a stray letter left the mood form")
    };
    assert_eq!((f.focus, f.score), (MoodField::Score, Some(3)));
    assert!(!app.quit);
    // The line below names the keys of the field the caret is on, no other's.
    let said = status(&app);
    assert!(said.contains("1~5") && !said.contains("space"), "{said}");
    key(&mut app, KeyCode::Tab);
    type_text(&mut app, "x");
    let said = status(&app);
    assert!(said.contains("space") && !said.contains("1~5"), "{said}");
    key(&mut app, KeyCode::BackTab);
    let ctrl_c = KeyEvent::new(KeyCode::Char('c'), KeyModifiers::CONTROL);
    handle_key(&mut app, ctrl_c);
    assert!(!app.quit, "the first ctrl-c only asks");
    assert!(status(&app).contains("ctrl-c"), "{}", status(&app));
    handle_key(&mut app, ctrl_c);
    assert!(app.quit);
}

#[test]
fn a_letter_on_the_role_of_a_new_staff_member_stays_in_the_dialog() {
    let (mut app, _d) = app_as("周主任", thursday());
    app.dispatch(Action::GotoAdmin);
    app.dispatch(Action::AddStaff);
    let dialog = |app: &App| match &app.screen {
        Screen::Admin(a) => match &a.dialog {
            Some(Dialog::AddStaff(f)) => (f.focus, f.role, f.name.lines().concat()),
            _ => panic!("no staff dialog"),
        },
        _ => panic!("not the Admin screen"),
    };
    assert_eq!(
        dialog(&app).0,
        StaffField::Name,
        "the caret starts in the name"
    );
    type_text(&mut app, "覃老师");
    key(&mut app, KeyCode::Tab);
    let (focus, role, name) = dialog(&app);
    assert_eq!((focus, name.as_str()), (StaffField::Role, "覃老师"));
    type_text(&mut app, STRAY);
    assert_eq!(dialog(&app), (StaffField::Role, role, "覃老师".to_string()));
    assert!(!app.quit);
}
