//! Issue 9, item 3: roles on the command line. One permission table decides; a counselor
//! cannot do the coordinator's work, nobody unnamed can do anything that needs a role, an
//! empty store is set up without a name, and a restore never shrinks the audit.

use crate::common;

use common::{COORDINATOR, FOUR_CHILDREN, Home};
use shouwang::model::{AuditAction, AuditEvent};
use shouwang::store::Store;
use std::process::Output;

fn fails_with(out: &Output, words: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {err}");
    assert!(err.contains(words), "expected {words:?} in: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// The school, with a second counselor whose child 李老师 may not take.
fn school() -> (Home, String) {
    let home = Home::new();
    let db = home.school(FOUR_CHILDREN);
    let me = ["--db", db.as_str(), "--user", COORDINATOR];
    home.run(&[&me[..], &["counselor", "add", "王老师"]].concat());
    let sid = first_student(&home, &db);
    home.run(&[&me[..], &["assign", &sid, "--to", "王老师"]].concat());
    (home, db)
}

fn first_student(_home: &Home, _db: &str) -> String {
    FOUR_CHILDREN
        .lines()
        .nth(1)
        .and_then(|l| l.split(',').next())
        .unwrap()
        .to_string()
}

/// The audit, read as the coordinator (who alone may read it).
fn audit(store: &Store) -> Vec<AuditEvent> {
    let boss = store
        .unlock("周主任", &common::school::passphrase())
        .unwrap();
    // Reading unlocks the store, which is itself audited: those logins are left out.
    let mut events = boss.reader().unwrap().audit_events().unwrap();
    events.retain(|e| e.action != AuditAction::Login);
    events
}

fn refusals(db: &str) -> Vec<AuditEvent> {
    let store = Store::open(std::path::Path::new(db), common::clock(common::NOW)).unwrap();
    let mut all = audit(&store);
    all.retain(|e| e.action == AuditAction::Refused);
    all
}

fn coordinator_only(home: &Home, db: &str) -> Vec<Vec<String>> {
    let sid = first_student(home, db);
    let roster = home.file("r.csv", FOUR_CHILDREN.as_bytes());
    let backup = home.path().join("b.redb");
    let json = home.path().join("all.json");
    [
        vec!["counselor", "add", "X", "--role", "coordinator"],
        vec!["assign", &sid, "--to", "李老师"],
        vec!["backup", backup.to_str().unwrap()],
        vec!["restore", backup.to_str().unwrap()],
        vec!["import", "roster", roster.to_str().unwrap()],
        vec!["export", "json", "--out", json.to_str().unwrap()],
        vec!["export", "csv"],
    ]
    .into_iter()
    .map(|v| v.into_iter().map(str::to_string).collect())
    .collect()
}

#[test]
fn a_counselor_cannot_do_the_coordinators_work_and_each_refusal_is_audited() {
    let (home, db) = school();
    // The backup to restore must exist for `restore` to reach its permission check last.
    home.run(&[
        "--db",
        &db,
        "--user",
        COORDINATOR,
        "backup",
        home.path().join("b.redb").to_str().unwrap(),
    ]);
    std::fs::rename(home.path().join("b.redb"), home.path().join("keep.redb")).unwrap();
    let before = refusals(&db).len();
    let commands = coordinator_only(&home, &db);
    for args in &commands {
        let mut full = vec!["--db", db.as_str(), "--lang", "en", "--user", "李老师"];
        full.extend(args.iter().map(String::as_str));
        let out = home.command(&full).output().unwrap();
        fails_with(&out, "only a coordinator may");
    }
    assert_eq!(refusals(&db).len(), before + commands.len());
    // Nothing was made: no staff member X, no backup, no export.
    assert!(!home.path().join("b.redb").exists());
    assert!(!home.path().join("all.json").exists());
    let list = home.run(&["--db", &db, "counselor", "list"]);
    assert!(!String::from_utf8_lossy(&list.stdout).contains("X\t"));
}

#[test]
fn without_user_a_command_that_needs_a_role_asks_to_name_oneself() {
    let (home, db) = school();
    for args in coordinator_only(&home, &db) {
        let mut full = vec!["--db", db.as_str(), "--lang", "en"];
        full.extend(args.iter().map(String::as_str));
        let out = home.command(&full).output().unwrap();
        fails_with(&out, "say who you are with --user NAME");
    }
    // Anyone lists the staff (names and roles, no numbers) and checks the store.
    let list = home.run(&["--db", &db, "--lang", "en", "counselor", "list"]);
    let text = String::from_utf8_lossy(&list.stdout);
    assert!(text.contains("李老师\tcounselor"), "{text}");
    assert!(!text.contains("children"), "{text}");
    home.run(&["--db", &db, "check"]);
}

#[test]
fn an_empty_store_gets_its_first_staff_without_a_name() {
    let home = Home::new();
    let db = home.db();
    home.run(&[
        "--db",
        &db,
        "counselor",
        "add",
        "周主任",
        "--role",
        "coordinator",
    ]);
    // Once there is staff, adding more needs the coordinator.
    let out = home
        .command(&["--db", &db, "--lang", "en", "counselor", "add", "李老师"])
        .output()
        .unwrap();
    fails_with(&out, "--user");
    home.run(&[
        "--db",
        &db,
        "--user",
        "周主任",
        "counselor",
        "add",
        "李老师",
    ]);
}

#[test]
fn a_counselor_takes_in_letters_while_no_mailbox_readers_are_named() {
    let (home, db) = school();
    let letters = home.file("letters.txt", "我想妈妈。\n".as_bytes());
    home.run(&[
        "--db",
        &db,
        "--user",
        "李老师",
        "import",
        "letters",
        letters.to_str().unwrap(),
    ]);
}

#[test]
fn restore_keeps_the_later_audit_events_and_adds_its_own() {
    let (home, db) = school();
    let me = ["--db", db.as_str(), "--user", COORDINATOR];
    let backup = home.path().join("b.redb");
    home.run(&[&me[..], &["backup", backup.to_str().unwrap()]].concat());
    // Written after the backup: a staff member and a refused attempt.
    home.run(&[&me[..], &["counselor", "add", "后来的老师"]].concat());
    let _ = home
        .command(&["--db", &db, "--user", "李老师", "backup", "x.redb"])
        .output()
        .unwrap();
    let before: Vec<AuditEvent> = {
        let store = Store::open(std::path::Path::new(&db), common::clock(common::NOW)).unwrap();
        audit(&store)
    };
    home.run(&[&me[..], &["restore", backup.to_str().unwrap()]].concat());
    let store = Store::open(std::path::Path::new(&db), common::clock(common::NOW)).unwrap();
    let after = audit(&store);
    for e in &before {
        assert!(
            after
                .iter()
                .any(|a| (a.at, &a.actor, a.action, a.target, &a.detail)
                    == (e.at, &e.actor, e.action, e.target, &e.detail)),
            "lost {e:?}"
        );
    }
    assert!(after.len() > before.len());
    assert_eq!(after.last().map(|e| e.action), Some(AuditAction::Restore));
    // The staff member added after the backup is gone with the restore; its trace is not.
    assert!(
        store
            .staff()
            .unwrap()
            .iter()
            .all(|c| c.name != "后来的老师")
    );
}
