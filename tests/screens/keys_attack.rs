//! The issue-20 attack through the app's own screens: a counselor copies the store, edits her
//! staff record to coordinator in the file, and opens the copy with her own passphrase. The
//! shipped program refuses an unsigned edit (`store::tests::child_keys`); here the edit is
//! made to get past it, as a program of her own would, and the screens offer her a
//! coordinator's menus: every list shows her own children and no other. The keys, not the
//! program, keep the rest closed.
use crate::common;

use common::school::{TERM_NOW, closed, logged_in, passphrase, term_school};
use redb::TableDefinition;
use shouwang::action::Action;
use shouwang::model::Role;
use shouwang::store::Store;

const COUNSELORS: TableDefinition<u64, &[u8]> = TableDefinition::new("counselors");
const SIGNATURES: TableDefinition<u64, &[u8]> = TableDefinition::new("staff_signatures");

/// 李老师's role becomes coordinator in the file at `path`, with a signature that verifies:
/// the record and its signature as a coordinator's real change of her role wrote them in
/// another copy (the stand-in for a program that skips the check), put in place with bytes.
/// Her grants stay as they were: no school key, no other child's.
fn edit_her_role(path: &std::path::Path) {
    let signed = path.with_extension("signed.redb");
    std::fs::copy(path, &signed).unwrap();
    let li = {
        let store = Store::open(&signed, common::clock(TERM_NOW)).unwrap();
        let boss = store.unlock("周主任", &passphrase()).unwrap();
        let li = store.staff_named("李老师").unwrap().id;
        boss.write(|w| w.set_role(li, Role::Coordinator).map(|_| ()))
            .unwrap();
        li.0
    };
    let (record, signature) = {
        let db = redb::Database::open(&signed).unwrap();
        let read = redb::ReadableDatabase::begin_read(&db).unwrap();
        let row = |table: TableDefinition<u64, &[u8]>| -> Vec<u8> {
            let t = read.open_table(table).unwrap();
            t.get(li).unwrap().unwrap().value().to_vec()
        };
        (row(COUNSELORS), row(SIGNATURES))
    };
    let db = redb::Database::open(path).unwrap();
    let tx = db.begin_write().unwrap();
    tx.open_table(COUNSELORS)
        .unwrap()
        .insert(li, record.as_slice())
        .unwrap();
    tx.open_table(SIGNATURES)
        .unwrap()
        .insert(li, signature.as_slice())
        .unwrap();
    tx.commit().unwrap();
}

#[test]
fn a_counselor_made_coordinator_in_the_file_sees_only_her_children_on_every_screen() {
    let (_dir, path) = closed(term_school());
    edit_her_role(&path);
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
    let mut app = logged_in(&path, "李老师", today);
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
    let mut boss = logged_in(&path, "周主任", today);
    boss.dispatch(Action::GotoCaseload);
    let screen = common::render(&mut boss, 160, 48);
    assert!(screen.contains("王芳"), "{screen}");
}
