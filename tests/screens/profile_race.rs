//! Two people on one child's profile (issue 22, item 2): the second to save is told, and
//! sees the other's changes; nothing is overwritten unseen.
use crate::common;

use common::school::{boss, school};
use common::{ctrl, key, type_text};
use crossterm::event::KeyCode;
use shouwang::action::Action;
use shouwang::app::{App, FormField, Screen};
use shouwang::interchange::columns::Column;
use shouwang::model::Child;

fn thursday() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn form(app: &App) -> &shouwang::app::ProfileForm {
    match &app.screen {
        Screen::ProfileForm(f) => f,
        _ => panic!("not the profile form"),
    }
}

fn field_text(app: &App, column: Column) -> String {
    let f = form(app);
    let (_, input) = f
        .fields
        .iter()
        .find(|(field, _)| *field == FormField::Column(column))
        .unwrap();
    input.lines().concat()
}

fn focus_on(app: &mut App, column: Column) {
    while form(app).fields[form(app).focus].0 != FormField::Column(column) {
        key(app, KeyCode::Tab);
    }
}

fn stored(app: &App, id: shouwang::model::ChildId) -> Child {
    let session = boss(&app.store);
    session.reader().unwrap().child(id).unwrap().unwrap()
}

/// 李老师's app on the profile form of the first child of her caseload, and that child.
fn profile_opened() -> (App, tempfile::TempDir, shouwang::model::ChildId) {
    let (mut app, dir) = common::app_in(school(), "李老师", thursday());
    app.dispatch(Action::GotoCaseload);
    app.dispatch(Action::Open);
    app.dispatch(Action::EditProfile);
    let id = form(&app).original.id;
    (app, dir, id)
}

#[test]
fn the_second_to_save_a_profile_is_told_and_keeps_both_changes() {
    let (mut app, _d, id) = profile_opened();
    let village_was = field_text(&app, Column::Village);

    // Meanwhile the coordinator moves the child's village and the guardian's phone.
    {
        let session = boss(&app.store);
        let mut child = session.reader().unwrap().child(id).unwrap().unwrap();
        child.village = "河湾村".into();
        child.guardian.phone = "13900001111".into();
        session.write(|w| w.update_child(&child)).unwrap();
    }
    assert_ne!(village_was, "河湾村");

    // The teacher changes the guardian's phone too, and saves.
    focus_on(&mut app, Column::GuardianPhone);
    key(&mut app, KeyCode::End);
    for _ in 0..20 {
        key(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "13700002222");
    ctrl(&mut app, 's');

    // Told, still on the form, nothing written over.
    let said = app
        .status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default();
    assert!(said.contains("被别人改过"), "{said}");
    assert!(said.contains("村") && said.contains("监护人电话"), "{said}");
    assert_eq!(
        field_text(&app, Column::Village),
        "河湾村",
        "their change is shown"
    );
    assert_eq!(
        field_text(&app, Column::GuardianPhone),
        "13700002222",
        "hers is kept"
    );
    let now = stored(&app, id);
    assert_eq!(
        (now.village.as_str(), now.guardian.phone.as_str()),
        ("河湾村", "13900001111")
    );

    // Saved again, knowingly: both changes are in.
    ctrl(&mut app, 's');
    assert!(
        !matches!(app.screen, Screen::ProfileForm(_)),
        "the form closes"
    );
    let now = stored(&app, id);
    assert_eq!(
        (now.village.as_str(), now.guardian.phone.as_str()),
        ("河湾村", "13700002222")
    );
}

#[test]
fn a_profile_nobody_else_touched_saves_at_once() {
    let (mut app, _d, id) = profile_opened();
    focus_on(&mut app, Column::Hobbies);
    type_text(&mut app, "跳绳");
    ctrl(&mut app, 's');
    assert!(!matches!(app.screen, Screen::ProfileForm(_)));
    assert!(stored(&app, id).hobbies.contains("跳绳"));
    // Her own save is no one else's change: the form opened again saves at once too.
    app.dispatch(Action::EditProfile);
    focus_on(&mut app, Column::Hobbies);
    type_text(&mut app, "、画画");
    ctrl(&mut app, 's');
    assert!(!matches!(app.screen, Screen::ProfileForm(_)));
    assert!(stored(&app, id).hobbies.contains("跳绳、画画"));
}
