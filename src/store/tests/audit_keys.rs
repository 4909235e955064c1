//! The audit trail in the keys (issue 20, item 1): sealed to the school's public key, so
//! anyone at work appends events and only a coordinator, to whom the school's secret is
//! granted, reads them — with the program or with a program of one's own.

use super::sealed::{pass, school};
use crate::model::*;
use crate::store::Indexed;
use crate::store::codec::Codec;
use crate::store::tables::{GRANTS, PERSON_KEYS};
use crate::store::{Store, StoreError};
use redb::ReadableTable;
use std::path::Path;

fn reopen(path: &Path) -> Store {
    Store::open(path, super::clock()).unwrap()
}

fn audit_rows(store: &Store) -> u64 {
    store.reader().unwrap().count::<AuditEvent>().unwrap()
}

fn actor() -> Actor {
    Actor::CommandLine("t".into())
}

#[test]
fn a_counselor_appends_audit_events_and_cannot_read_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    drop(school(&path));
    // 李老师 alone, in a process of her own.
    let store = reopen(&path);
    let li = store.unlock("李老师", &pass()).unwrap();
    let before = audit_rows(&store);
    li.write(|w| w.audit(AuditAction::View, RecordRef::Store, ""))
        .unwrap();
    assert_eq!(audit_rows(&store), before + 1, "she appends");
    // The permission table refuses her, and under it the keys: her data key opens no event.
    assert!(matches!(
        li.reader().unwrap().audit_events(),
        Err(StoreError::NotAllowed(_))
    ));
    assert!(matches!(
        store.reader().unwrap().all::<AuditEvent>(),
        Err(StoreError::ForCoordinators)
    ));
    // Her check does not call the trail damaged.
    drop(li);
    assert!(reopen_checked(store), "check as 李老师");
    // The coordinator reads every event, hers among them.
    let store = reopen(&path);
    let boss = store.unlock("周主任", &pass()).unwrap();
    let events = boss.reader().unwrap().audit_events().unwrap();
    let li_id = store.staff_named("李老师").unwrap().id;
    assert!(
        events
            .iter()
            .any(|e| e.actor == Actor::Counselor(li_id) && e.action == AuditAction::View)
    );
}

fn reopen_checked(store: Store) -> bool {
    store.check().unwrap().is_empty()
}

#[test]
fn a_new_coordinator_is_given_the_school_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    {
        let (store, _) = school(&path);
        let boss = store.unlock("周主任", &pass()).unwrap();
        let li = store.staff_named("李老师").unwrap();
        boss.write(|w| w.set_role(li.id, Role::Coordinator).map(|_| ()))
            .unwrap();
    }
    let store = reopen(&path);
    let li = store.unlock("李老师", &pass()).unwrap();
    assert!(!li.reader().unwrap().audit_events().unwrap().is_empty());
}

/// A store sealed before the school's key (schema 10 without it): the first coordinator to
/// unlock makes it and seals the whole trail to it, so the events written before no longer
/// open with a counselor's key either.
#[test]
fn an_older_store_gets_the_school_key_at_a_coordinators_unlock() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    {
        let (store, _) = school(&path);
        // As a store of schema 10 before the school's key: records under the data key, no
        // key, no grants, no signatures, the trail sealed under the data key.
        store
            .write(&actor(), crate::store::care_keys::move_back)
            .unwrap();
        let keys = store.keys_held().unwrap();
        let data_only = Codec::open(std::sync::Arc::new(keys.data_key().keys()));
        store
            .write(&actor(), |w| {
                w.tx().open_table(PERSON_KEYS)?.remove(0)?;
                w.tx()
                    .delete_table(crate::store::tables::STAFF_SIGNATURES)?;
                w.tx().open_table(crate::store::tables::STAFF_SIGNATURES)?;
                let mut grants = w.tx().open_table(GRANTS)?;
                for id in 0..100 {
                    grants.remove(("school", id))?;
                }
                let events = w.all::<AuditEvent>()?;
                let mut table = w.tx().open_table(AuditEvent::table())?;
                for e in events {
                    table.insert(e.id.0, data_only.encode(&e)?.as_slice())?;
                }
                Ok(())
            })
            .unwrap();
    }
    {
        // Without a school key, events are sealed under the data key, as before.
        let store = reopen(&path);
        let li = store.unlock("李老师", &pass()).unwrap();
        li.write(|w| w.audit(AuditAction::View, RecordRef::Store, ""))
            .unwrap();
        assert!(under_the_data_key(&store) > 0);
    }
    {
        let store = reopen(&path);
        store.unlock("周主任", &pass()).unwrap();
        assert_eq!(
            under_the_data_key(&store),
            0,
            "the whole trail is sealed to the school"
        );
    }
    let store = reopen(&path);
    store.unlock("李老师", &pass()).unwrap();
    assert!(matches!(
        store.reader().unwrap().all::<AuditEvent>(),
        Err(StoreError::ForCoordinators)
    ));
}

/// Audit events sealed under the data key (the version byte's sealed bit without the
/// school's), read from the raw table.
fn under_the_data_key(store: &Store) -> usize {
    use redb::ReadableTable;
    let read = store.begin_read().unwrap();
    let table = read.open_table(AuditEvent::table()).unwrap();
    table
        .iter()
        .unwrap()
        .filter(|row| {
            let (_, v) = row.as_ref().unwrap();
            v.value()[0] & 0xC0 == 0x80
        })
        .count()
}

/// The probe's attack: 李老师's role edited in the plain staff table (as a hex editor would,
/// no signature made). The shipped program refuses her and audits it; a coordinator's change
/// of her role, signed, is taken.
#[test]
fn a_staff_record_edited_outside_shouwang_is_refused_at_unlock() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let li = {
        let (store, _) = school(&path);
        let mut li = store.staff_named("李老师").unwrap();
        li.role = Role::Coordinator;
        // The bytes in the file, as a hex editor changes them: no writer, no signature.
        store
            .write(&actor(), |w| {
                let bytes = Codec::plain().encode(&li)?;
                w.tx()
                    .open_table(Counselor::table())?
                    .insert(li.id.0, bytes.as_slice())?;
                Ok(())
            })
            .unwrap();
        li
    };
    let store = reopen(&path);
    assert!(matches!(
        store.unlock("李老师", &pass()),
        Err(StoreError::Refused(Refusal::UnlockStaffRecordChanged))
    ));
    // The coordinator opens the store, sees the refusal, and sets the role herself. Her
    // unlock gives the school's key to every coordinator on the staff: not to a role
    // edited in the file.
    let boss = store.unlock("周主任", &pass()).unwrap();
    let granted = |store: &Store| {
        store
            .write(&actor(), |w| {
                Ok(w.tx()
                    .open_table(GRANTS)?
                    .get(("school", li.id.0))?
                    .is_some())
            })
            .unwrap()
    };
    assert!(
        !granted(&store),
        "the edited role was given the school's key"
    );
    let refused = boss
        .reader()
        .unwrap()
        .audit_events()
        .unwrap()
        .into_iter()
        .any(|e| e.target == RecordRef::Counselor(li.id.0) && e.action == AuditAction::Refused);
    assert!(refused, "the refusal is in the trail");
    boss.write(|w| w.set_role(li.id, Role::Counselor).map(|_| ()))
        .unwrap();
    boss.write(|w| w.set_role(li.id, Role::Coordinator).map(|_| ()))
        .unwrap();
    drop(boss);
    store.lock(None);
    store.unlock("李老师", &pass()).unwrap();
}

/// The county's store is built as a school would have it: the demo filled into a sealed store
/// by its coordinator. The staff the demo adds are signed like any other, so each of them,
/// once given a passphrase, opens the store.
#[test]
fn staff_the_demo_adds_to_a_sealed_store_are_signed_and_open_it() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("s.redb"), super::clock()).unwrap();
    let boss = store
        .bootstrap(&actor(), "周主任", Role::Coordinator, vec![], &pass())
        .unwrap();
    let session = store.session(&boss).unwrap();
    let options = crate::demo::DemoOptions {
        children: 12,
        notes_per_child: 1,
        seed: 1,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
    };
    crate::demo::fill(&store, Some(&session), &actor(), &options, &mut |_, _| {}).unwrap();
    let li = store.staff_named("李老师").unwrap();
    session.reset_passphrase(li.id, &pass()).unwrap();
    drop(session);
    store.lock(None);
    store.unlock("李老师", &pass()).unwrap();
}
