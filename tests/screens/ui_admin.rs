//! The Admin screen (管理) as the coordinator uses it, driven by keys as a person types, and
//! drawn on ratatui's `TestBackend` at 80×24 and 160×48 in both languages. The school of
//! tests/common/school.rs: 周主任 (coordinator), 李老师 caring for 张伟, 曾小燕 and 王芳, 陈老师
//! (head teacher of 八年级(3)班), 刘洋 with no counselor.

use crate::common;

use chrono::NaiveDate;
use common::school::{School, add_staff, passphrase, session};
use common::{PASSPHRASE, ctrl, key, render, send, snapshot_both, type_text};
use crossterm::event::KeyCode;
use shouwang::app::{AdminTab, App, ChildFilter, Dialog, RosterStep, Screen};
use shouwang::config::Config;
use shouwang::domain::agenda::Section;
use shouwang::i18n::{self, Lang};
use shouwang::keymap::Keymap;
use shouwang::model::*;
use shouwang::store::Store;

fn thursday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

/// The school of these tests, its store's clock on the Thursday they look at (every write is
/// stamped with it).
fn school() -> School {
    common::school::school_at(NOW)
}

/// The clock of these tests' stores.
const NOW: &str = "2026-11-26T10:00";

/// The app as `user`, on the store's clock.
fn app_as(store: Store, user: &str) -> App {
    let mut app = App::new(
        store,
        Config::default(),
        Keymap::default(),
        vec![],
        thursday(),
    );
    app.login_by_name(user, Some(&passphrase())).unwrap();
    app
}

fn admin(app: &App) -> &shouwang::app::AdminState {
    match &app.screen {
        Screen::Admin(s) => s,
        _ => panic!("not on the Admin screen: {:?}", app.status),
    }
}

fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

/// The names of the children in `name`'s care now, sorted.
fn in_care(store: &Store, name: &str) -> Vec<String> {
    let boss = session(store, "周主任");
    let r = boss.reader().unwrap();
    let who = r.counselor_by_name(name).unwrap().unwrap();
    let mut names: Vec<String> = r
        .children_in_care_of(&who)
        .unwrap()
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    names.sort();
    names
}

/// Searches the assignments for `query`, leaves the box, marks the first hit.
fn mark(app: &mut App, query: &str) {
    key(app, KeyCode::Char('/'));
    for _ in 0..8 {
        key(app, KeyCode::Backspace);
    }
    type_text(app, query);
    send(app, "<esc><space>");
}

#[test]
fn the_admin_screen_in_both_languages() {
    for (lang, code) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let School { _dir, store } = school();
        i18n::set_lang(lang);
        let mut app = app_as(store, "周主任");
        key(&mut app, KeyCode::Char('5'));
        assert_eq!(admin(&app).tab, AdminTab::Staff);
        snapshot_both!(&format!("admin_staff_{code}"), &mut app);
        key(&mut app, KeyCode::Tab);
        mark(&mut app, "zw");
        mark(&mut app, "ly");
        snapshot_both!(&format!("admin_assignments_{code}"), &mut app);
        key(&mut app, KeyCode::Char('h'));
        snapshot_both!(&format!("admin_handover_{code}"), &mut app);
        send(&mut app, "<esc><tab>");
        snapshot_both!(&format!("admin_roster_{code}"), &mut app);
        key(&mut app, KeyCode::Tab);
        snapshot_both!(&format!("admin_readers_{code}"), &mut app);
    }
}

#[test]
fn only_the_coordinator_opens_admin() {
    let School { _dir, store } = school();
    i18n::set_lang(Lang::Zh);
    let mut app = app_as(store, "李老师");
    key(&mut app, KeyCode::Char('5'));
    assert!(matches!(app.screen, Screen::ThisWeek(_)));
    assert!(status(&app).contains("只有政教处"), "{}", status(&app));
    let boss = session(&app.store, "周主任");
    let events = boss.reader().unwrap().audit_events().unwrap();
    // Reading the audit is a login of the coordinator's: the event before it.
    let last = events.iter().rev().find(|e| e.action != AuditAction::Login);
    assert_eq!(
        last.map(|e| (e.action, e.detail.as_str())),
        Some((AuditAction::Refused, "change_staff")),
        "the refusal is audited"
    );
}

#[test]
fn a_new_staff_member_gets_a_role_classes_and_a_first_passphrase_typed_twice() {
    let School { _dir, store } = school();
    i18n::set_lang(Lang::Zh);
    let mut app = app_as(store, "周主任");
    send(&mut app, "5a");
    type_text(&mut app, "赵老师");
    send(&mut app, "<tab><right><tab>");
    // The classes on the roster by grade, to tick: 八年级(3)班 is the fourth.
    let Some(Dialog::AddStaff(form)) = &admin(&app).dialog else {
        panic!("the staff form")
    };
    assert_eq!(form.role, Role::HeadTeacher);
    assert_eq!(form.classes.options[0], "五年级(1)班");
    send(&mut app, "<down><down><down><space><ret>");
    snapshot_both!("admin_first_passphrase_zh", &mut app);
    // Too short, then two that differ: asked again, nothing added.
    type_text(&mut app, "短");
    key(&mut app, KeyCode::Enter);
    assert!(app.status.as_ref().is_some_and(|s| s.is_error));
    type_text(&mut app, PASSPHRASE);
    key(&mut app, KeyCode::Enter);
    type_text(&mut app, "另一句完全不同的口令");
    key(&mut app, KeyCode::Enter);
    assert_eq!(status(&app), "两次输入的口令不一样，请重新输入。");
    assert!(
        !app.store
            .staff()
            .unwrap()
            .iter()
            .any(|c| c.name == "赵老师")
    );
    type_text(&mut app, PASSPHRASE);
    key(&mut app, KeyCode::Enter);
    type_text(&mut app, PASSPHRASE);
    key(&mut app, KeyCode::Enter);
    assert!(status(&app).contains("赵老师"), "{}", status(&app));
    assert!(admin(&app).dialog.is_none());
    // The passphrase opens the store as them; they lead the class ticked.
    let zhao = app.store.unlock("赵老师", &passphrase()).unwrap();
    assert_eq!(zhao.who().role, Role::HeadTeacher);
    assert_eq!(zhao.who().classes, ["八年级(3)班"]);
    // A new passphrase for someone who forgot theirs: the old one stops working.
    let admin_state = admin(&app);
    let li = admin_state
        .staff
        .iter()
        .position(|s| s.who.name == "李老师")
        .unwrap();
    if let Screen::Admin(s) = &mut app.screen {
        s.staff_selected = li;
    }
    key(&mut app, KeyCode::Char('p'));
    for _ in 0..2 {
        type_text(&mut app, "山高水长 new 2026");
        key(&mut app, KeyCode::Enter);
    }
    assert!(status(&app).contains("李老师"), "{}", status(&app));
    assert!(app.store.unlock("李老师", &passphrase()).is_err());
    assert!(
        app.store
            .unlock(
                "李老师",
                &shouwang::store::Passphrase::new("山高水长 new 2026")
            )
            .is_ok()
    );
}

#[test]
fn three_children_marked_are_assigned_at_once_then_handed_over() {
    let School { _dir, store } = school();
    let boss = session(&store, "周主任").who().clone();
    add_staff(&store, &boss, "王老师", Role::Counselor, vec![]);
    i18n::set_lang(Lang::Zh);
    let mut app = app_as(store, "周主任");
    send(&mut app, "5<tab>");
    for q in ["zw", "zxy", "ly"] {
        mark(&mut app, q);
    }
    assert_eq!(admin(&app).children.marked.len(), 3);
    key(&mut app, KeyCode::Char('a'));
    // 王老师 has no children: offered first.
    let Some(Dialog::Assign { options, .. }) = &admin(&app).dialog else {
        panic!("the assign dialog")
    };
    assert_eq!(options[0].1, "王老师");
    key(&mut app, KeyCode::Enter);
    assert_eq!(in_care(&app.store, "王老师"), ["刘洋", "张伟", "曾小燕"]);
    assert!(admin(&app).children.marked.is_empty());
    // The loads: 王老师 3, 李老师 1 (王芳).
    let loads: Vec<(String, usize)> = admin(&app)
        .staff
        .iter()
        .map(|s| (s.who.name.clone(), s.in_care))
        .collect();
    assert!(loads.contains(&("王老师".into(), 3)) && loads.contains(&("李老师".into(), 1)));
    // 陈老师 leads 王芳's class: one child, as `counselor list` says.
    assert!(loads.contains(&("陈老师".into(), 1)), "{loads:?}");
    // A handover of 王老师's children to 李老师, from a day typed in the dialog.
    mark(&mut app, "zw");
    key(&mut app, KeyCode::Char('h'));
    let Some(Dialog::Handover(form)) = &admin(&app).dialog else {
        panic!("the handover dialog")
    };
    assert_eq!(form.giver().map(|g| g.1.as_str()), Some("王老师"));
    assert_eq!(form.chosen().len(), 1, "only the marked child of 王老师");
    // All of them instead: unmark by going back, then open again.
    send(&mut app, "<esc><esc><esc>");
    assert!(admin(&app).children.marked.is_empty());
    key(&mut app, KeyCode::Char('h'));
    let Some(Dialog::Handover(form)) = &admin(&app).dialog else {
        panic!("the handover dialog")
    };
    // Those with the fewest children come first: 李老师 and 陈老师 (one each: 王芳 in his
    // care, in her class), by name.
    let to = form.taker().map(|t| t.1.clone());
    assert_eq!(to.as_deref(), Some("李老师"));
    key(&mut app, KeyCode::Tab);
    for _ in 0..12 {
        key(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "2026-11-30");
    key(&mut app, KeyCode::Enter);
    assert!(status(&app).contains("2026-11-30"), "{}", status(&app));
    assert!(in_care(&app.store, "王老师").is_empty());
    assert_eq!(
        in_care(&app.store, "李老师"),
        ["刘洋", "张伟", "曾小燕", "王芳"]
    );
}

#[test]
fn deactivating_waits_for_a_handover_and_the_mailbox_readers_are_ticked() {
    let School { _dir, store } = school();
    i18n::set_lang(Lang::Zh);
    let mut app = app_as(store, "周主任");
    key(&mut app, KeyCode::Char('5'));
    let li = admin(&app)
        .staff
        .iter()
        .position(|s| s.who.name == "李老师")
        .unwrap();
    for _ in 0..li {
        key(&mut app, KeyCode::Down);
    }
    key(&mut app, KeyCode::Char('d'));
    assert!(
        status(&app).contains("还在帮扶 3 个孩子"),
        "{}",
        status(&app)
    );
    assert!(admin(&app).staff[li].who.active);
    // The readers: tick 李老师, then nobody again.
    key(&mut app, KeyCode::BackTab);
    assert_eq!(admin(&app).tab, AdminTab::Readers);
    let row = admin(&app)
        .active_staff()
        .iter()
        .position(|s| s.who.name == "李老师")
        .unwrap();
    for _ in 0..row {
        key(&mut app, KeyCode::Down);
    }
    key(&mut app, KeyCode::Char(' '));
    let li_id = admin(&app).staff[li].who.id;
    assert_eq!(admin(&app).readers, vec![li_id]);
    let chen_reads = |app: &App| {
        let chen = session(&app.store, "陈老师");
        chen.reader().unwrap().reads_letters().unwrap()
    };
    assert!(!chen_reads(&app));
    key(&mut app, KeyCode::Char(' '));
    assert!(admin(&app).readers.is_empty());
    assert!(chen_reads(&app));
}

#[test]
fn the_coordinators_this_week_opens_the_assignments_on_a_child_with_no_counselor() {
    let School { _dir, store } = school();
    i18n::set_lang(Lang::Zh);
    let mut app = app_as(store, "周主任");
    let Screen::ThisWeek(week) = &app.screen else {
        panic!("This week first")
    };
    let row = week
        .items
        .iter()
        .position(|i| i.section == Section::NoCounselor)
        .unwrap();
    for _ in 0..row {
        key(&mut app, KeyCode::Down);
    }
    key(&mut app, KeyCode::Enter);
    let state = admin(&app);
    assert_eq!(state.tab, AdminTab::Assignments);
    assert_eq!(state.children.filter, ChildFilter::NoCounselor);
    let selected = state.children.selected_child().unwrap();
    assert_eq!(state.children.row(selected).unwrap().name, "刘洋");
}

/// Opens the profile form of `sid` from the assignments list, and moves to the status.
fn profile_at_status(app: &mut App, query: &str) {
    send(app, "5<tab>/");
    type_text(app, query);
    key(app, KeyCode::Enter);
    assert!(matches!(app.screen, Screen::Child(_)), "{:?}", app.status);
    key(app, KeyCode::Char('e'));
    let Screen::ProfileForm(form) = &mut app.screen else {
        panic!("the profile form")
    };
    form.focus = form
        .fields
        .iter()
        .position(|(f, _)| *f == shouwang::app::FormField::Status)
        .unwrap();
}

#[test]
fn the_profile_form_records_a_child_leaving_and_coming_back_and_the_study_of_the_term() {
    let School { _dir, store } = school();
    i18n::set_lang(Lang::Zh);
    let mut app = app_as(store, "周主任");
    profile_at_status(&mut app, "wangf");
    key(&mut app, KeyCode::Right);
    // The day (today by default) and why.
    send(&mut app, "<tab><tab>");
    type_text(&mut app, "随父母回乡");
    snapshot_both!("admin_profile_leaving_zh", &mut app);
    ctrl(&mut app, 's');
    assert!(matches!(app.screen, Screen::Child(_)), "{}", status(&app));
    let wf = session(&app.store, "周主任")
        .reader()
        .unwrap()
        .child_by_student_id("T003")
        .unwrap()
        .unwrap();
    assert_eq!(
        wf.status,
        ChildStatus::Left {
            date: thursday(),
            reason: LeaveReason::ParentsReturned,
            note: "随父母回乡".into()
        }
    );
    assert_eq!(in_care(&app.store, "李老师"), ["张伟", "曾小燕"]);
    // Back in the programme, and this term's study situation written.
    key(&mut app, KeyCode::Char('e'));
    let Screen::ProfileForm(form) = &mut app.screen else {
        panic!("the profile form")
    };
    let study = form
        .fields
        .iter()
        .position(|(f, _)| *f == shouwang::app::FormField::Study)
        .unwrap();
    form.focus = study;
    type_text(&mut app, "数学进步明显");
    send(&mut app, "<tab><left><C-s>");
    assert!(matches!(app.screen, Screen::Child(_)), "{}", status(&app));
    let wf = session(&app.store, "周主任")
        .reader()
        .unwrap()
        .child(wf.id)
        .unwrap()
        .unwrap();
    assert!(wf.is_active());
    assert_eq!(
        wf.study,
        [StudyNote {
            term: "2026秋".into(),
            text: "数学进步明显".into()
        }]
    );
    assert_eq!(in_care(&app.store, "李老师"), ["张伟", "曾小燕", "王芳"]);
}

#[test]
fn a_counselor_cannot_choose_a_childs_status() {
    let School { _dir, store } = school();
    i18n::set_lang(Lang::Zh);
    let mut app = app_as(store, "李老师");
    send(&mut app, "2<ret>e");
    let Screen::ProfileForm(form) = &mut app.screen else {
        panic!("the profile form")
    };
    form.focus = form
        .fields
        .iter()
        .position(|(f, _)| *f == shouwang::app::FormField::Status)
        .unwrap();
    key(&mut app, KeyCode::Right);
    assert!(status(&app).contains("只有政教处"), "{}", status(&app));
    let Screen::ProfileForm(form) = &app.screen else {
        panic!("still the form")
    };
    assert_eq!(form.status, 0);
}

#[test]
fn the_welcome_leads_the_first_coordinator_to_the_roster() {
    i18n::set_lang(Lang::Zh);
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("s.redb"), common::clock(NOW)).unwrap();
    let mut app = App::new(
        store,
        Config::default(),
        Keymap::default(),
        vec![],
        thursday(),
    );
    send(&mut app, "<down><ret>");
    type_text(&mut app, "周主任");
    key(&mut app, KeyCode::Enter);
    for _ in 0..2 {
        type_text(&mut app, PASSPHRASE);
        key(&mut app, KeyCode::Enter);
    }
    let state = admin(&app);
    assert_eq!(state.tab, AdminTab::Roster);
    assert!(matches!(state.roster.step, RosterStep::Path(_)));
    assert!(
        status(&app).contains("先导入学校的名单"),
        "{}",
        status(&app)
    );
    // The first coordinator made on the welcome screen made themselves: the audit says so,
    // not that the command line did.
    app.dispatch(shouwang::action::Action::GotoAudit);
    let Screen::Audit(audit) = &app.screen else {
        panic!("the audit screen: {}", status(&app))
    };
    let trail = &audit.trail;
    let first = trail
        .events
        .iter()
        .find(|e| e.action == AuditAction::Create)
        .unwrap();
    assert_eq!(trail.who(&first.actor), "周主任");
    assert_eq!(trail.record(first.target), "周主任");
    assert_eq!(
        trail.detail(first),
        "第一位教师（政教处），建立在空的数据文件上"
    );
    assert!(
        trail
            .events
            .iter()
            .all(|e| !trail.who(&e.actor).contains("命令行")),
        "{:?}",
        trail.events
    );
    // A coordinator of a school with its roster opens on This week.
    let School { _dir, store } = school();
    let app = app_as(store, "周主任");
    assert!(matches!(app.screen, Screen::ThisWeek(_)));
}

/// The last line drawn at 80×24: the footer's hints.
fn footer(app: &mut App) -> String {
    render(app, 80, 24).lines().last().unwrap_or("").to_string()
}

/// The assignments' search box has the keyboard while it is focused (space is a letter
/// there, and the footer offers the way to the list); Down or Enter hands it to the list,
/// where space marks; clearing the search keeps the selected child selected.
#[test]
fn down_from_the_search_gives_the_list_the_keyboard_and_space_marks() {
    let School { _dir, store } = school();
    i18n::set_lang(Lang::Zh);
    let mut app = app_as(store, "周主任");
    send(&mut app, "5<tab>");
    let name = |app: &App| {
        let kids = &admin(app).children;
        kids.selected_child()
            .and_then(|c| kids.row(c))
            .map(|r| r.name.clone())
            .unwrap_or_default()
    };
    key(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "w");
    assert!(admin(&app).children.search_focused);
    let typing = footer(&mut app);
    assert!(
        typing.starts_with("down 到列表勾选   enter 打开档案   esc 退出搜索")
            && !typing.contains("space"),
        "{typing}"
    );
    // Down leaves the box: the best hit stays selected, and space now marks it.
    let first = name(&app);
    key(&mut app, KeyCode::Down);
    assert!(!admin(&app).children.search_focused);
    assert_eq!(name(&app), first);
    assert!(
        footer(&mut app).contains("space 勾选"),
        "{}",
        footer(&mut app)
    );
    key(&mut app, KeyCode::Down);
    let second = name(&app);
    assert_ne!(second, first);
    key(&mut app, KeyCode::Char(' '));
    assert_eq!(admin(&app).children.query(), "w", "space typed nothing");
    let marked: Vec<String> = admin(&app)
        .children
        .marked
        .iter()
        .filter_map(|c| admin(&app).children.row(*c))
        .map(|r| r.name.clone())
        .collect();
    assert_eq!(marked, std::slice::from_ref(&second));
    // Up from the box hands over too.
    key(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "x");
    send(&mut app, "<backspace><up>");
    assert!(!admin(&app).children.search_focused);
    assert_eq!(name(&app), first, "the best hit, where it was");
    // Another hit selected, then the search cleared: it stays selected.
    key(&mut app, KeyCode::Down);
    let kept = name(&app);
    assert_eq!(kept, second);
    key(&mut app, KeyCode::Esc);
    assert_eq!(admin(&app).children.query(), "");
    assert_eq!(name(&app), kept);
    assert_ne!(
        admin(&app).children.selected,
        0,
        "{kept} is not first in the list"
    );
}

#[test]
fn the_staff_tab_counts_a_head_teachers_children_as_counselor_list_does() {
    let School { _dir, store } = school();
    i18n::set_lang(Lang::Zh);
    let mut app = app_as(store, "周主任");
    key(&mut app, KeyCode::Char('5'));
    // What `counselor list` prints comes from the session's caseload_of.
    let listed: Vec<(&str, usize)> = {
        let boss = session(&app.store, "周主任");
        let r = boss.reader().unwrap();
        ["陈老师", "李老师"]
            .into_iter()
            .map(|name| {
                let who = r.counselor_by_name(name).unwrap().unwrap();
                (name, r.caseload_of(&who).unwrap().unwrap().in_care)
            })
            .collect()
    };
    assert_eq!(listed, [("陈老师", 1), ("李老师", 3)]);
    let screen = render(&mut app, 160, 48);
    for (name, n) in listed {
        let row = screen
            .lines()
            .find(|l| l.contains(name))
            .unwrap_or_default();
        let row_load = admin(&app)
            .staff
            .iter()
            .find(|s| s.who.name == name)
            .unwrap()
            .in_care;
        assert_eq!(row_load, n, "{name}");
        assert!(row.contains(&format!(" {n} ")), "{name}: {row}\n{screen}");
    }
}
