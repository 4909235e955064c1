//! The screens as a counselor sees them: the app state driven by actions (no terminal), then
//! drawn on ratatui's `TestBackend` at 80×24 and 160×48 and compared with insta snapshots.
//! The data is the small invented school of tests/common/school.rs (Chinese names).

use crate::common;

use chrono::NaiveDate;
use common::school::{School, school, session};
use common::{render, snapshot_both};
use shouwang::action::Action;
use shouwang::app::{App, Screen};
use shouwang::config::Config;
use shouwang::i18n::{self, Lang};
use shouwang::keymap::Keymap;
use shouwang::model::*;
use shouwang::store::Store;

/// Thursday of ISO week 48, 2026: mid-week, in the autumn term.
fn thursday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn app_for(school: School, user: &str, today: NaiveDate) -> (App, tempfile::TempDir) {
    common::app_in(school, user, today)
}

#[test]
fn this_week_lists_incidents_moods_overdue_and_follow_ups() {
    let (mut app, _d) = app_for(school(), "李老师", thursday());
    let Screen::ThisWeek(state) = &app.screen else {
        panic!("login opens This week")
    };
    let names: Vec<&str> = state.items.iter().map(|i| i.name.as_str()).collect();
    assert!(names.contains(&"曾小燕"), "{names:?}");
    // The open incident comes before everything else and is urgent.
    assert_eq!(state.items[0].name, "曾小燕");
    assert!(state.items[0].urgent);
    // 王芳's mood fell: 1, 1 in a row.
    assert!(
        state
            .items
            .iter()
            .any(|i| i.name == "王芳" && i.section == shouwang::domain::agenda::Section::Mood)
    );
    // 张伟 had his talk this week, so he is not due for one.
    assert!(
        !state.items.iter().any(|i| i.name == "张伟"
            && shouwang::labels::agenda_detail(
                i,
                &shouwang::config::Config::default(),
                thursday()
            )
            .starts_with("谈心")),
        "{:?}",
        state.items
    );
    snapshot_both!("this_week_zh", &mut app);
}

#[test]
fn caseload_shows_exactly_my_children_sorted_by_need() {
    let (mut app, _d) = app_for(school(), "李老师", thursday());
    app.dispatch(Action::GotoCaseload);
    let Screen::Caseload(state) = &app.screen else {
        panic!()
    };
    let names: Vec<&str> = state
        .visible
        .iter()
        .map(|(i, _)| state.rows[*i].name.as_str())
        .collect();
    assert_eq!(names.len(), 3, "刘洋 is not assigned to 李老师: {names:?}");
    assert!(!names.contains(&"刘洋"));
    assert_eq!(
        names[0], "曾小燕",
        "the child with an open incident needs me most"
    );
    snapshot_both!("caseload_zh", &mut app);
}

#[test]
fn coordinator_and_head_teacher_see_what_their_role_allows() {
    let (mut app, _d) = app_for(school(), "周主任", thursday());
    app.dispatch(Action::GotoCaseload);
    let Screen::Caseload(state) = &app.screen else {
        panic!()
    };
    assert_eq!(state.rows.len(), 4);
    let (mut app, _d) = app_for(school(), "陈老师", thursday());
    app.dispatch(Action::GotoCaseload);
    let Screen::Caseload(state) = &app.screen else {
        panic!()
    };
    let names: Vec<&str> = state.rows.iter().map(|r| r.name.as_str()).collect();
    assert_eq!(
        names,
        ["王芳"],
        "a head teacher sees the children of their class"
    );
}

/// As on Admin → Assignments (issue 18, 3.5): the caseload's search box keeps the keyboard
/// (space is a letter there) until Down or Up hands it to the list, where space marks a child
/// for a group note; before, Down moved the row and a space typed into the search.
#[test]
fn down_from_the_caseload_search_gives_the_list_the_keyboard_and_space_marks() {
    use crossterm::event::{KeyCode, KeyEvent};
    let press = |app: &mut App, code: KeyCode| shouwang::app::handle_key(app, KeyEvent::from(code));
    let (mut app, _d) = app_for(school(), "李老师", thursday());
    app.dispatch(Action::GotoCaseload);
    press(&mut app, KeyCode::Char('/'));
    for c in "zxy".chars() {
        press(&mut app, KeyCode::Char(c));
    }
    let state = |app: &App| match &app.screen {
        Screen::Caseload(s) => (
            s.search_focused,
            s.query(),
            s.selected_child(),
            s.marked.clone(),
        ),
        _ => panic!("the caseload"),
    };
    let (focused, _, best, _) = state(&app);
    assert!(focused && best.is_some());
    press(&mut app, KeyCode::Down);
    let (focused, query, selected, _) = state(&app);
    assert!(!focused, "Down hands the keyboard to the list");
    assert_eq!(
        (query.as_str(), selected),
        ("zxy", best),
        "the best hit stays selected"
    );
    press(&mut app, KeyCode::Char(' '));
    let (_, query, _, marked) = state(&app);
    assert_eq!(query, "zxy", "space typed nothing");
    assert_eq!(marked, best.into_iter().collect::<Vec<_>>());
    // Up from the box hands over too.
    press(&mut app, KeyCode::Char('/'));
    press(&mut app, KeyCode::Up);
    assert!(!state(&app).0);
}

/// 曾小燕 as the plan's definition records her (child layout 2): her father away, her mother
/// at home unable to care, her care entrusted to her grandmother, and truant since Monday.
fn with_definition_recorded(school: School) -> School {
    record_definition(&school.store);
    school
}

fn record_definition(store: &Store) {
    let li = session(store, "李老师");
    let mut zx = li
        .reader()
        .unwrap()
        .child_by_student_id("T002")
        .unwrap()
        .unwrap();
    zx.left_behind_type = "父亲外出".into();
    zx.guardian_capacity = Some(Capacity::Unable);
    zx.entrustment = Entrustment {
        to: "曾秀英".into(),
        since: NaiveDate::from_ymd_opt(2025, 8, 20),
    };
    li.write(|w| {
        w.update_child(&zx)?;
        w.register_absence(
            zx.id,
            AbsenceKind::Truancy,
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            "",
        )
    })
    .unwrap();
}

#[test]
fn search_by_pinyin_initials_and_open_the_child() {
    let (mut app, _d) = app_for(with_definition_recorded(school()), "李老师", thursday());
    app.dispatch(Action::GotoCaseload);
    app.dispatch(Action::FocusSearch);
    for c in "zxy".chars() {
        let key = crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char(c));
        shouwang::app::handle_key(&mut app, key);
    }
    let Screen::Caseload(state) = &app.screen else {
        panic!()
    };
    assert_eq!(state.visible.len(), 1);
    assert_eq!(state.rows[state.visible[0].0].name, "曾小燕");
    snapshot_both!("caseload_search_zh", &mut app);
    // Typing q in the search box does not quit.
    shouwang::app::handle_key(
        &mut app,
        crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Char('q')),
    );
    assert!(!app.quit);
    shouwang::app::handle_key(
        &mut app,
        crossterm::event::KeyEvent::from(crossterm::event::KeyCode::Backspace),
    );
    app.dispatch(Action::Open);
    let Screen::Child(state) = &app.screen else {
        panic!("enter opens the child")
    };
    assert_eq!(state.child.name, "曾小燕");
    snapshot_both!("child_profile_zh", &mut app);
}

#[test]
fn child_archive_hides_private_details_until_asked_and_shows_each_tab() {
    let (mut app, _d) = app_for(school(), "李老师", thursday());
    app.dispatch(Action::GotoCaseload);
    app.dispatch(Action::SelectLast);
    app.dispatch(Action::Open);
    let hidden = render(&mut app, 80, 24);
    assert!(
        !hidden.contains("哮喘"),
        "medical history must be hidden:\n{hidden}"
    );
    app.dispatch(Action::TogglePrivate);
    let shown = render(&mut app, 80, 24);
    assert!(shown.contains("哮喘"), "{shown}");
    for tab in ["timeline", "moods", "incidents", "assignments"] {
        app.dispatch(Action::NextTab);
        snapshot_both!(&format!("child_{tab}_zh"), &mut app);
    }
}

#[test]
fn a_counselor_cannot_open_a_child_outside_their_care() {
    let (mut app, _d) = app_for(school(), "李老师", thursday());
    let liu = session(&app.store, "周主任")
        .reader()
        .unwrap()
        .child_by_student_id("T004")
        .unwrap()
        .unwrap();
    app.open_child(liu.id);
    assert!(!matches!(app.screen, Screen::Child(_)));
    assert!(app.status.as_ref().is_some_and(|s| s.is_error));
}

#[test]
fn profile_form_validates_and_saves_in_one_step() {
    let (mut app, _d) = app_for(school(), "李老师", thursday());
    let (log, _guard) = common::capture_log();
    app.dispatch(Action::GotoCaseload);
    app.dispatch(Action::Open);
    app.dispatch(Action::EditProfile);
    snapshot_both!("profile_form_zh", &mut app);
    // Move to the birth date field and type a bad date.
    let Screen::ProfileForm(form) = &mut app.screen else {
        panic!()
    };
    let birth = form
        .fields
        .iter()
        .position(|(f, _)| f.label(None) == "出生日期")
        .unwrap();
    form.focus = birth;
    let input = app.focused_input().unwrap();
    input.select_all();
    input.cut();
    input.insert_str("2013年13月1日");
    app.dispatch(Action::Save);
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.is_error && s.text.contains("出生日期")),
        "{:?}",
        app.status
    );
    // The log says an error was shown, not the date typed nor whose it was.
    let logged = common::logged(&log);
    assert!(logged.contains("an error was shown"), "{logged}");
    assert!(!logged.contains("2013年13月1日"), "{logged}");
    let Screen::ProfileForm(form) = &app.screen else {
        panic!()
    };
    let name = form.fields[0].1.lines()[0].clone();
    assert!(
        !name.is_empty() && !logged.contains(&name),
        "{name}: {logged}"
    );
    let input = app.focused_input().unwrap();
    input.select_all();
    input.cut();
    input.insert_str("2013/7/21");
    app.dispatch(Action::Save);
    assert!(
        matches!(app.screen, Screen::Child(_)),
        "saved and back on the archive: {:?}",
        app.status
    );
    let Screen::Child(state) = &app.screen else {
        panic!()
    };
    assert_eq!(
        state.child.birth_date,
        NaiveDate::from_ymd_opt(2013, 7, 21).unwrap()
    );
}

#[test]
fn leaving_a_changed_form_asks_first() {
    let (mut app, _d) = app_for(school(), "李老师", thursday());
    app.dispatch(Action::GotoCaseload);
    app.dispatch(Action::Open);
    app.dispatch(Action::EditProfile);
    app.focused_input().unwrap().insert_str("改");
    app.dispatch(Action::Cancel);
    assert!(
        matches!(app.screen, Screen::ProfileForm(_)),
        "the first Esc only asks"
    );
    app.dispatch(Action::Cancel);
    assert!(matches!(app.screen, Screen::Child(_)));
}

#[test]
fn help_is_generated_from_the_keymap_in_force() {
    let (mut app, _d) = app_for(school(), "李老师", thursday());
    app.dispatch(Action::ToggleHelp);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("按键说明"));
    let (keymap, problems) = Keymap::with_user_text("[global]\n\"ctrl-q\" = \"quit\"\n");
    assert!(problems.is_empty(), "{problems:?}");
    app.keymap = keymap;
    let lines: Vec<String> = shouwang::ui::help_lines(&app)
        .iter()
        .map(|l| l.to_string())
        .collect();
    assert!(
        lines
            .iter()
            .any(|l| l.contains("ctrl-q") && l.contains("退出守望")),
        "{lines:#?}"
    );
    snapshot_both!("help_zh", &mut app);
}

#[test]
fn english_screens() {
    let (mut app, _d) = app_for(school(), "李老师", thursday());
    i18n::set_lang(Lang::En);
    app.refresh();
    let week = render(&mut app, 80, 24);
    i18n::set_lang(Lang::Zh);
    assert!(week.contains("This week"), "{week}");
    insta::assert_snapshot!("this_week_en_80x24", week);
}

#[test]
fn tiny_terminals_show_a_notice_and_never_panic() {
    let (mut app, _d) = app_for(school(), "李老师", thursday());
    for (w, h) in [(1, 1), (2, 1), (10, 3), (39, 9), (40, 10), (80, 24)] {
        let _ = render(&mut app, w, h);
    }
    assert!(render(&mut app, 30, 8).contains("窗口太小"));
}

#[test]
fn start_screen_lists_staff_and_welcome_on_an_empty_store() {
    i18n::set_lang(Lang::Zh);
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(
        &dir.path().join("empty.redb"),
        common::clock(common::school::TERM_NOW),
    )
    .unwrap();
    let mut app = App::new(
        store,
        Config::default(),
        Keymap::default(),
        vec![],
        thursday(),
    );
    let Screen::Start(state) = &app.screen else {
        panic!()
    };
    assert!(state.welcome.is_some());
    snapshot_both!("welcome_zh", &mut app);
    // Create the first coordinator from the welcome.
    app.dispatch(Action::SelectNext);
    app.dispatch(Action::Open);
    app.focused_input().unwrap().insert_str("周主任");
    app.dispatch(Action::Open);
    // Then the passphrase that encrypts the store, typed twice.
    for _ in 0..2 {
        app.focused_input().unwrap().insert_str(common::PASSPHRASE);
        app.dispatch(Action::Open);
    }
    assert_eq!(app.user.as_ref().map(|u| u.role), Some(Role::Coordinator));

    let (mut app, _d) = {
        let School { _dir, store } = school();
        (
            App::new(
                store,
                Config::default(),
                Keymap::default(),
                vec![],
                thursday(),
            ),
            _dir,
        )
    };
    snapshot_both!("start_zh", &mut app);
    app.dispatch(Action::Open);
    // The store is encrypted: the passphrase of the person chosen, typed as stars.
    assert!(app.user.is_none());
    app.focused_input().unwrap().insert_str(common::PASSPHRASE);
    snapshot_both!("start_passphrase_zh", &mut app);
    // The keys the prompt names are the keymap's, not words of the catalogue.
    let (keymap, problems) = Keymap::with_user_text(concat!(
        "[start]\n\"enter\" = \"select_next\"\n\"ctrl-o\" = \"open\"\n",
        "[global]\n\"esc\" = \"toggle_help\"\n\"ctrl-g\" = \"back\"\n"
    ));
    assert!(problems.is_empty(), "{problems:?}");
    let default = std::mem::replace(&mut app.keymap, keymap);
    let remapped = render(&mut app, 160, 48);
    assert!(
        remapped.contains("按 ctrl-o 打开 · 按 ctrl-g 返回")
            && remapped.contains("按 ctrl-g 选择其他人"),
        "{remapped}"
    );
    app.keymap = default;
    app.dispatch(Action::Open);
    assert!(app.user.is_some());
}

#[test]
fn every_coordinator_sees_open_incidents_on_this_week() {
    let (app, _d) = app_for(school(), "周主任", thursday());
    let Screen::ThisWeek(state) = &app.screen else {
        panic!()
    };
    assert!(
        state.items.iter().any(
            |i| i.section == shouwang::domain::agenda::Section::Incidents && i.name == "曾小燕"
        ),
        "{:?}",
        state.items
    );
    // The coordinator has no children of their own: nothing else is due for them, but the
    // child nobody cares for (刘洋) waits for them to assign a counselor.
    use shouwang::domain::agenda::Section;
    assert!(
        state.items.iter().all(|i| i.section == Section::Incidents
            || (i.section == Section::NoCounselor && i.name == "刘洋")),
        "{:?}",
        state.items
    );
    assert!(
        state
            .items
            .iter()
            .any(|i| i.section == Section::NoCounselor)
    );
}

/// Issue 13, item 4: space marks a child, and the caseload says how many are marked.
#[test]
fn the_caseload_counts_the_children_marked_for_one_note() {
    let (mut app, _d) = app_for(school(), "李老师", thursday());
    app.dispatch(Action::GotoCaseload);
    app.dispatch(Action::ToggleMark);
    app.dispatch(Action::SelectNext);
    app.dispatch(Action::ToggleMark);
    let shown = render(&mut app, 80, 24);
    assert!(shown.contains("已勾选 2 人，按 n 一起写记录"), "{shown}");
    app.dispatch(Action::ToggleMark);
    let shown = render(&mut app, 80, 24);
    assert!(shown.contains("已勾选 1 人"), "{shown}");
}

/// Issue 13, item 4: after saving a note, the archive shows the timeline with it selected.
#[test]
fn a_saved_note_is_shown_selected_on_the_timeline() {
    let (mut app, _d) = app_for(school(), "李老师", thursday());
    app.dispatch(Action::GotoCaseload);
    app.dispatch(Action::Open);
    let Screen::Child(state) = &app.screen else {
        panic!("no archive")
    };
    assert_eq!(state.tab, shouwang::app::ChildTab::Profile);
    app.dispatch(Action::NewNote);
    app.focused_input().unwrap().insert_str("刚写好的一条记录");
    app.dispatch(Action::Save);
    let Screen::Child(state) = &app.screen else {
        panic!("not back on the archive")
    };
    assert_eq!(state.tab, shouwang::app::ChildTab::Timeline);
    let selected = state.timeline.selected_index().map(|i| &state.notes[i]);
    assert_eq!(selected.map(|n| n.text.as_str()), Some("刚写好的一条记录"));
}

/// Issue 13, item 4: a guardian's relation or a village finds the child, and the row shows
/// why (the matched field, highlighted).
#[test]
fn searching_a_relation_or_a_village_finds_the_child_and_shows_why() {
    let (mut app, _d) = app_for(school(), "李老师", thursday());
    app.dispatch(Action::GotoCaseload);
    for (query, child, why) in [
        ("叔叔", "王芳", "王建国(叔叔)"),
        ("龙潭", "曾小燕", "龙潭村"),
    ] {
        app.dispatch(Action::FocusSearch);
        let Screen::Caseload(state) = &mut app.screen else {
            panic!()
        };
        state.search = Default::default();
        state.search.insert_str(query);
        app.input_changed();
        let Screen::Caseload(state) = &app.screen else {
            panic!()
        };
        let found: Vec<&str> = state
            .visible
            .iter()
            .map(|(i, _)| state.rows[*i].name.as_str())
            .collect();
        assert_eq!(found, [child], "{query}");
        let shown = render(&mut app, 80, 24);
        assert!(shown.contains(why), "{query}: {shown}");
    }
}

/// Issue 13, item 4: j/k/G scroll the profile tab, and marks say there is more.
#[test]
fn the_profile_tab_scrolls_and_says_when_there_is_more() {
    let (mut app, _d) = app_for(school(), "李老师", thursday());
    app.dispatch(Action::GotoCaseload);
    app.dispatch(Action::Open);
    app.dispatch(Action::TogglePrivate);
    let top = render(&mut app, 80, 16);
    assert!(top.contains('↓') && !top.contains('↑'), "{top}");
    app.dispatch(Action::SelectNext);
    let moved = render(&mut app, 80, 16);
    assert!(moved.contains('↑'), "{moved}");
    assert_ne!(top, moved, "j scrolls");
    app.dispatch(Action::SelectLast);
    let bottom = render(&mut app, 80, 16);
    assert!(bottom.contains('↑') && !bottom.contains('↓'), "{bottom}");
    app.dispatch(Action::SelectFirst);
    assert_eq!(render(&mut app, 80, 16), top);
}
