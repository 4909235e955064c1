//! The coordinator's caseload is read on a worker from login (issue 21, item 2): the screen
//! takes it when the store has not moved on since, and reads again when it has.
use crate::common;

use common::school::{closed, logged_in, term_school};
use shouwang::action::Action;
use shouwang::model::{Child, ChildId, Gender};

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()
}

#[test]
fn the_caseload_read_ahead_is_the_one_read_when_asked() {
    let (_dir, path) = closed(term_school());
    let mut app = logged_in(&path, "周主任", today());
    app.dispatch(Action::GotoCaseload);
    let ahead = common::render(&mut app, 120, 40);
    // Asked again, it is read anew (the one read ahead is taken once): the same screen.
    app.dispatch(Action::GotoThisWeek);
    app.dispatch(Action::GotoCaseload);
    assert_eq!(common::render(&mut app, 120, 40), ahead);
    assert!(ahead.contains("张伟"), "{ahead}");
}

#[test]
fn a_change_after_login_is_on_the_caseload_read_ahead_or_not() {
    let (_dir, path) = closed(term_school());
    let mut app = logged_in(&path, "周主任", today());
    let boss = app.user.clone().unwrap();
    let session = app.store.session(&boss).unwrap();
    session
        .write(|w| {
            let mut c = Child::new(
                ChildId(w.next_id()?),
                "覃晓梦".into(),
                Gender::Female,
                chrono::NaiveDate::from_ymd_opt(2015, 5, 6).unwrap(),
            );
            c.class = "四年级(2)班".into();
            w.add_child(&c)
        })
        .unwrap();
    drop(session);
    app.dispatch(Action::GotoCaseload);
    let screen = common::render(&mut app, 120, 40);
    assert!(screen.contains("覃晓梦"), "{screen}");
}
