//! The app left open overnight: the school's day moves on, and the app with it. Its `today`
//! was fixed when it started, and a note saved after midnight took yesterday's date with
//! today's time.

use crate::common;

use chrono::NaiveDate;
use common::school::school_at;

#[test]
fn the_day_moves_on_while_the_app_stays_open() {
    // The store's clock reads Friday 27 November; the app was opened on Thursday.
    let school = school_at("2026-11-27T00:10");
    let thursday = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let (mut app, _dir) = common::app_in(school, "李老师", thursday);
    assert_eq!(app.today, thursday);
    assert!(common::render(&mut app, 80, 24).contains("2026-11-26 周四"));
    app.tick();
    let friday = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    assert_eq!(app.today, friday);
    let screen = common::render(&mut app, 80, 24);
    assert!(screen.contains("2026-11-27 周五"), "{screen}");
    // The clock never takes the day back.
    app.today = NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
    app.tick();
    assert_eq!(app.today, NaiveDate::from_ymd_opt(2026, 11, 28).unwrap());
}
