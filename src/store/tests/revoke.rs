//! Deactivating someone takes their keys away (issue 20, item 2): their passphrase opens
//! nothing in a copy of the store made afterwards; a copy made before keeps what it held.
//! Back on the staff, the coordinator grants the keys again without their passphrase.

use super::sealed::{pass, school};
use crate::model::*;
use crate::store::crypto::{self, DataKey, Opened};
use crate::store::tables::GRANTS;
use crate::store::{Store, StoreError};
use redb::ReadableTable;
use std::path::Path;

fn reopen(path: &Path) -> Store {
    Store::open(path, super::clock()).unwrap()
}

/// The grants of `who` in `store`, by name.
fn grants_of(store: &Store, who: CounselorId) -> Vec<(String, Vec<u8>)> {
    let read = store.begin_read().unwrap();
    let table = read.open_table(GRANTS).unwrap();
    table
        .iter()
        .unwrap()
        .map(|r| r.unwrap())
        .filter(|(k, _)| k.value().1 == who.0)
        .map(|(k, v)| (k.value().0.to_string(), v.value().to_vec()))
        .collect()
}

#[test]
fn a_deactivated_persons_passphrase_opens_nothing_in_a_copy_made_afterwards() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let before = dir.path().join("before.redb");
    let after = dir.path().join("after.redb");
    let li = {
        let (store, _) = school(&path);
        store.staff_named("李老师").unwrap()
    };
    std::fs::copy(&path, &before).unwrap();
    {
        let store = reopen(&path);
        let boss = store.unlock("周主任", &pass()).unwrap();
        boss.write(|w| w.deactivate(li.id).map(|_| ())).unwrap();
    }
    std::fs::copy(&path, &after).unwrap();
    // Her own program: her passphrase still opens her slot, as it is her own key, but no
    // grant in the later copy is sealed to it.
    let copy = reopen(&after);
    let slot = copy.key_slot(li.id).unwrap().unwrap();
    let Ok(Opened::Person(person)) = crypto::unwrap(&slot, &pass(), li.id.0) else {
        panic!("her own key");
    };
    assert!(grants_of(&copy, li.id).is_empty());
    // The copy made before still holds her grant of the data key.
    let old = reopen(&before);
    let granted = grants_of(&old, li.id);
    let (_, sealed) = granted
        .iter()
        .find(|(n, _)| n == crypto::DATA_GRANT)
        .unwrap();
    assert!(DataKey::from_grant(&person, li.id.0, sealed).is_ok());
    // Back on the staff: granted again, no passphrase asked; she opens the store.
    let store = reopen(&path);
    let boss = store.unlock("周主任", &pass()).unwrap();
    boss.write(|w| w.reactivate(li.id).map(|_| ())).unwrap();
    drop(boss);
    store.lock(None);
    store.unlock("李老师", &pass()).unwrap();
}

#[test]
fn a_slot_of_an_earlier_version_goes_with_the_deactivation() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let (store, _) = school(&path);
    let li = store.staff_named("李老师").unwrap();
    // As an older version left it: the data key itself in her slot.
    let keys = store.keys_held().unwrap();
    let old_slot = crypto::wrap_data_key_at(
        keys.data_key(),
        &pass(),
        li.id.0,
        crypto::KdfCost::current(),
    )
    .unwrap();
    drop(keys);
    store
        .write(&Actor::CommandLine("t".into()), |w| {
            w.tx()
                .open_table(crate::store::tables::KEY_SLOTS)?
                .insert(li.id.0, old_slot.as_slice())?;
            Ok(())
        })
        .unwrap();
    let boss = store.unlock("周主任", &pass()).unwrap();
    boss.write(|w| w.deactivate(li.id).map(|_| ())).unwrap();
    assert!(store.key_slot(li.id).unwrap().is_none());
    boss.write(|w| w.reactivate(li.id).map(|_| ())).unwrap();
    drop(boss);
    store.lock(None);
    assert!(matches!(
        store.unlock("李老师", &pass()),
        Err(StoreError::NoPassphrase { .. })
    ));
}
