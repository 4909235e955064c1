//! The plan's definition of a left-behind child on This week (issue 23, 4): "不满十六周岁" — a
//! child who turns 16 by Sunday is flagged there, with the day and what to do; one who turns
//! 16 the Monday after is not yet.

use crate::common;

use chrono::NaiveDate;
use common::render;
use common::school::{school, session};
use shouwang::app::Screen;
use shouwang::domain::agenda::Section;

/// This week as 李老师 on Thursday 26 November 2026, 王芳 born on `born`: the names of the
/// turning-16 rows, and the screen at 160×48.
fn this_week_with_wang_born(born: NaiveDate) -> (Vec<String>, String) {
    let school = school();
    {
        let li = session(&school.store, "李老师");
        let mut wf = li
            .reader()
            .unwrap()
            .child_by_student_id("T003")
            .unwrap()
            .unwrap();
        wf.birth_date = born;
        li.write(|w| w.update_child(&wf)).unwrap();
    }
    let thursday = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
    let (mut app, _dir) = common::app_in(school, "李老师", thursday);
    let Screen::ThisWeek(state) = &app.screen else {
        panic!("login opens This week")
    };
    let sixteen = (state.items.iter())
        .filter(|i| i.section == Section::Sixteen)
        .map(|i| i.name.clone())
        .collect();
    (sixteen, render(&mut app, 160, 48))
}

#[test]
fn this_week_flags_a_child_turning_16_by_sunday() {
    let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
    let (flagged, screen) = this_week_with_wang_born(ymd(2010, 11, 29));
    assert_eq!(flagged, ["王芳"]);
    assert!(
        screen.contains("11-29 年满十六周岁，不再属于留守儿童：请退出留守儿童名册"),
        "{screen}"
    );
    // 16 on Monday 30 November: next week's.
    let (flagged, screen) = this_week_with_wang_born(ymd(2010, 11, 30));
    assert!(flagged.is_empty(), "{flagged:?}");
    assert!(!screen.contains("年满十六周岁"), "{screen}");
}
