//! The issue-20 attack through the app's own screens: a counselor copies the store, edits her
//! staff record to coordinator in the file (and takes the staff table's verifying key out so
//! the program lets the edit through), and opens the copy with her own passphrase. The screens
//! now offer her a coordinator's menus, and every list shows her own children and no other:
//! the keys, not the program, keep the rest closed.
use crate::common;

use common::school::{TERM_NOW, closed, passphrase, term_school};
use redb::{ReadableTable, TableDefinition};
use shouwang::action::Action;
use shouwang::app::App;
use shouwang::model::{Counselor, Role};
use shouwang::store::{Codec, Store};

const COUNSELORS: TableDefinition<u64, &[u8]> = TableDefinition::new("counselors");
const SIGNATURES: TableDefinition<u64, &[u8]> = TableDefinition::new("staff_signatures");

/// What a hex editor does to the file: 李老师's role becomes coordinator.
fn edit_her_role(path: &std::path::Path) {
    let db = redb::Database::open(path).unwrap();
    let tx = db.begin_write().unwrap();
    {
        let codec = Codec::plain();
        let mut table = tx.open_table(COUNSELORS).unwrap();
        let (id, mut li): (u64, Counselor) = table
            .iter()
            .unwrap()
            .map(|row| {
                let (k, v) = row.unwrap();
                (
                    k.value(),
                    codec.decode::<Counselor>(k.value(), v.value()).unwrap(),
                )
            })
            .find(|(_, c)| c.name == "李老师")
            .unwrap();
        li.role = Role::Coordinator;
        table
            .insert(id, codec.encode(&li).unwrap().as_slice())
            .unwrap();
        tx.open_table(SIGNATURES).unwrap().remove(0).unwrap();
    }
    tx.commit().unwrap();
}

#[test]
fn a_counselor_made_coordinator_in_the_file_sees_only_her_children_on_every_screen() {
    let (_dir, path) = closed(term_school());
    edit_her_role(&path);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
    let mut app = app_as(&path, "李老师", today);
    assert_eq!(
        app.user.as_ref().unwrap().role,
        Role::Coordinator,
        "the edit got through"
    );
    // Her children now: 张伟 and 曾小燕. 王芳 was handed over to 王老师 and 刘洋 left the
    // register: both were sealed again under keys she never held.
    for go in [
        Action::GotoThisWeek,
        Action::GotoCaseload,
        Action::GotoReports,
    ] {
        app.dispatch(go);
        for (w, h) in [(100, 30), (160, 48)] {
            let screen = common::render(&mut app, w, h);
            for other in ["王芳", "刘洋"] {
                assert!(!screen.contains(other), "{other} on {go:?}:\n{screen}");
            }
        }
    }
    app.dispatch(Action::GotoCaseload);
    let screen = common::render(&mut app, 160, 48);
    assert!(
        screen.contains("张伟") && screen.contains("曾小燕"),
        "{screen}"
    );
    // The audit trail opens with the school's key alone.
    app.dispatch(Action::GotoAudit);
    let screen = common::render(&mut app, 160, 48);
    assert!(!screen.contains("王芳"), "{screen}");
    // The same screen, for the real coordinator, lists the children she could not open.
    drop(app);
    let mut boss = app_as(&path, "周主任", today);
    boss.dispatch(Action::GotoCaseload);
    let screen = common::render(&mut boss, 160, 48);
    assert!(screen.contains("王芳"), "{screen}");
}

fn app_as(path: &std::path::Path, who: &str, today: chrono::NaiveDate) -> App {
    let store = Store::open(path, common::clock(TERM_NOW)).unwrap();
    let mut app = App::new(
        store,
        shouwang::config::Config::default(),
        shouwang::keymap::Keymap::default(),
        vec![],
        today,
    );
    app.login_by_name(who, Some(&passphrase())).unwrap();
    app
}
