//! A child's record history: a change through the store's operations (the profile form, a
//! roster import) keeps the version it replaces, with when and by whom; a save that changes
//! nothing keeps nothing; the history is checked, copied by a backup, and its table is made by
//! the migration from schema 4.

use crate::model::*;
use crate::store::{Passphrase, SCHEMA_VERSION, Store};
use chrono::NaiveDate;
use redb::{ReadableDatabase, TableDefinition, TableHandle};
use std::path::Path;

const META: TableDefinition<&str, u64> = TableDefinition::new("meta");

fn pass() -> Passphrase {
    Passphrase::new("梧桐树下 2026 秋")
}

/// A sealed store whose coordinator has added one child, guardian's phone `13900000001`.
fn school(path: &Path) -> (Store, Counselor, Child) {
    crate::i18n::set_lang(crate::i18n::Lang::Zh);
    let store = Store::open(path, super::clock()).unwrap();
    let actor = Actor::CommandLine("t".into());
    let boss = store
        .bootstrap(&actor, "周主任", Role::Coordinator, vec![], &pass())
        .unwrap();
    let child = store
        .session(&boss)
        .unwrap()
        .write(|w| {
            let mut c = Child::new(
                ChildId(w.next_id()?),
                "覃语桐".into(),
                Gender::Female,
                NaiveDate::from_ymd_opt(2013, 3, 9).unwrap(),
            );
            c.student_id = Some("S2026001".into());
            c.class = "六年级(1)班".into();
            c.guardian.phone = "13900000001".into();
            w.add_child(&c)?;
            Ok(c)
        })
        .unwrap();
    (store, boss, child)
}

#[test]
fn the_profile_form_keeps_the_version_it_replaces() {
    let dir = tempfile::tempdir().unwrap();
    let (store, boss, first) = school(&dir.path().join("s.redb"));
    let session = store.session(&boss).unwrap();
    let history = || {
        store
            .reader()
            .unwrap()
            .revisions_of_child(first.id)
            .unwrap()
    };
    assert!(history().is_empty(), "a new child has no earlier version");

    let mut second = first.clone();
    second.guardian.phone = "13900000002".into();
    let when = session
        .write(|w| w.update_child(&second).map(|_| w.now()))
        .unwrap();
    let kept = history();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].before, first);
    assert_eq!(kept[0].child, first.id);
    assert_eq!(kept[0].replaced_at, when);
    assert_eq!(kept[0].replaced_by, Actor::Counselor(boss.id));

    // Saving what is there keeps nothing more.
    session.write(|w| w.update_child(&second)).unwrap();
    assert_eq!(history().len(), 1);

    let mut third = second.clone();
    third.flags.insert(Flag::Hardship);
    session.write(|w| w.update_child(&third)).unwrap();
    let kept = history();
    let befores: Vec<&Child> = kept.iter().map(|r| &r.before).collect();
    assert_eq!(befores, vec![&first, &second], "in the order replaced");
    assert_eq!(
        store.reader().unwrap().get::<Child>(first.id.0).unwrap(),
        Some(third)
    );
    // The session reads the same history, for whom may see the child.
    assert_eq!(
        session.reader().unwrap().child_revisions(first.id).unwrap(),
        kept
    );

    // A backup carries the history and its index; `check` walks both.
    drop(session);
    let copy = dir.path().join("backup.redb");
    store.backup_to(&copy).unwrap();
    let problems = store.check().unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    let backup = Store::open(&copy, super::clock()).unwrap();
    backup.unlock("周主任", &pass()).unwrap();
    let r = backup.reader().unwrap();
    assert_eq!(r.revisions_of_child(first.id).unwrap(), kept);
}

#[test]
fn a_roster_update_keeps_the_version_it_replaces() {
    let dir = tempfile::tempdir().unwrap();
    let (store, boss, first) = school(&dir.path().join("s.redb"));
    let session = store.session(&boss).unwrap();
    let roster = dir.path().join("roster.csv");
    let row = |phone: &str| {
        format!(
            "学号,姓名,性别,出生日期,年级班级,监护人电话\nS2026001,覃语桐,女,2013-03-09,六年级(1)班,{phone}\n"
        )
    };
    std::fs::write(&roster, row("13900000001")).unwrap();
    let report = crate::import::roster::import_roster(&session, &roster, false).unwrap();
    assert_eq!(report.unchanged, 1);
    let history = || {
        store
            .reader()
            .unwrap()
            .revisions_of_child(first.id)
            .unwrap()
    };
    assert!(history().is_empty(), "an unchanged row keeps nothing");

    std::fs::write(&roster, row("13900000009")).unwrap();
    let report = crate::import::roster::import_roster(&session, &roster, false).unwrap();
    let updated: Vec<&str> = report.updated.iter().map(|u| u.name.as_str()).collect();
    assert_eq!(updated, ["覃语桐"]);
    let kept = history();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].before, first);
    assert_eq!(kept[0].replaced_by, Actor::Counselor(boss.id));
    let now = store.reader().unwrap().get::<Child>(first.id.0).unwrap();
    assert_eq!(now.unwrap().guardian.phone, "13900000009");
}

#[test]
fn the_migration_from_schema_4_makes_the_history_table() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let actor = Actor::CommandLine("t".into());
    let child = {
        let store = Store::open(&path, super::clock()).unwrap();
        store
            .write(&actor, |w| {
                let c = Child::new(
                    ChildId(w.next_id()?),
                    "张伟".into(),
                    Gender::Male,
                    NaiveDate::from_ymd_opt(2013, 7, 21).unwrap(),
                );
                w.put_child(&c)?;
                Ok(c)
            })
            .unwrap()
    };
    // As schema 4 left a store: no history tables.
    {
        let db = redb::Database::create(&path).unwrap();
        let tx = db.begin_write().unwrap();
        tx.open_table(META)
            .unwrap()
            .insert("schema_version", 4)
            .unwrap();
        for name in ["child_revisions", "ix_child_revisions"] {
            assert!(
                tx.delete_table(TableDefinition::<u64, ()>::new(name))
                    .unwrap()
            );
        }
        tx.commit().unwrap();
    }
    let store = Store::open(&path, super::clock()).unwrap();
    let mut changed = child.clone();
    changed.hobbies = "航模".into();
    store.write(&actor, |w| w.put_child(&changed)).unwrap();
    let kept = store
        .reader()
        .unwrap()
        .revisions_of_child(child.id)
        .unwrap();
    assert_eq!(kept.len(), 1);
    assert_eq!(kept[0].before, child);
    let problems = store.check().unwrap();
    assert!(problems.is_empty(), "{problems:?}");
    let db = redb::Database::create(&path).unwrap();
    let read = db.begin_read().unwrap();
    let version = read
        .open_table(META)
        .unwrap()
        .get("schema_version")
        .unwrap();
    assert_eq!(version.unwrap().value(), SCHEMA_VERSION);
    let names: Vec<String> = read
        .list_tables()
        .unwrap()
        .map(|t| t.name().to_string())
        .collect();
    assert!(names.contains(&"child_revisions".to_string()), "{names:?}");
}
