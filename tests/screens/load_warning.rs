//! The load warning on the Admin screen (issue 23, 6): the plans pair a teacher with about two
//! children, so the default threshold is 5, and a school sets its own (`[caseload]
//! most_children`); the screen flags a counselor above the threshold in force, not a fixed one.

use crate::common;

use chrono::NaiveDate;
use common::school::{passphrase, school_at};
use common::{key, render};
use crossterm::event::KeyCode;
use shouwang::app::App;
use shouwang::config::Config;
use shouwang::i18n::{self, Lang};
use shouwang::keymap::Keymap;

/// The staff tab at 160×48 as 周主任, under `config`: 李老师's row (three children in care).
fn li_row(config: Config) -> String {
    let school = school_at("2026-11-26T10:00");
    i18n::set_lang(Lang::Zh);
    let mut app = App::new(
        school.store,
        config,
        Keymap::default(),
        vec![],
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
    );
    app.login_by_name("周主任", Some(&passphrase())).unwrap();
    key(&mut app, KeyCode::Char('5'));
    let screen = render(&mut app, 160, 48);
    screen
        .lines()
        .find(|l| l.contains("李老师") && l.contains(" 3 "))
        .unwrap_or_else(|| panic!("no row for 李老师:\n{screen}"))
        .to_string()
}

#[test]
fn the_load_warning_follows_the_schools_threshold() {
    let too_many = "孩子过多";
    assert_eq!(Config::default().most_children, 5);
    let row = li_row(Config::default());
    assert!(!row.contains(too_many), "3 of 5: {row}");
    let strict = Config {
        most_children: 2,
        ..Config::default()
    };
    let row = li_row(strict);
    assert!(row.contains(too_many), "3 of 2: {row}");
    let at_the_limit = Config {
        most_children: 3,
        ..Config::default()
    };
    assert!(!li_row(at_the_limit).contains(too_many), "3 of 3");
}
