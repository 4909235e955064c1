//! Issue 18 item 2.4: a restore never loses a store. What is not a backup of a store like the
//! one in use is refused (and the refusal audited); the store in use is untouched.

use crate::model::*;
use crate::store::{Passphrase, Store, StoreError};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

fn cli() -> Actor {
    Actor::CommandLine("tester".into())
}

/// A plain store at `path` with a coordinator and the children named.
fn plain_store(path: &Path, children: &[&str]) -> Store {
    made_store(path, children, false)
}

fn made_store(path: &Path, children: &[&str], demo: bool) -> Store {
    let store = Store::open(path).unwrap();
    if demo {
        store.mark_demo().unwrap();
    }
    store
        .write(&cli(), |w| {
            w.add_counselor("周主任", Role::Coordinator, vec![])?;
            for name in children {
                let c = Child::new(
                    ChildId(w.next_id()?),
                    (*name).into(),
                    Gender::Female,
                    NaiveDate::from_ymd_opt(2014, 3, 9).unwrap(),
                );
                w.put_child(&c)?;
            }
            Ok(())
        })
        .unwrap();
    store
}

fn children(path: &Path) -> Vec<String> {
    let store = Store::open(path).unwrap();
    let mut names: Vec<String> = store
        .reader()
        .unwrap()
        .all::<Child>()
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    names.sort();
    names
}

fn refusals(path: &Path) -> Vec<String> {
    let store = Store::open(path).unwrap();
    store
        .reader()
        .unwrap()
        .all::<AuditEvent>()
        .unwrap()
        .into_iter()
        .filter(|e| e.action == AuditAction::Refused)
        .map(|e| e.detail)
        .collect()
}

fn kept_beside(dir: &Path) -> Vec<PathBuf> {
    let mut kept: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().contains("before-restore"))
        .collect();
    kept.sort();
    kept
}

#[test]
fn what_is_not_a_backup_of_this_store_is_refused_and_audited() {
    crate::i18n::set_lang(crate::i18n::Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    drop(plain_store(&path, &["王小花"]));

    let empty = dir.path().join("empty.redb");
    std::fs::write(&empty, b"").unwrap();
    // A store with no staff: restored, anyone could add a coordinator.
    let unstaffed = dir.path().join("unstaffed.redb");
    drop(Store::open(&unstaffed).unwrap());
    // A store of its own, made elsewhere: another school's.
    let other = dir.path().join("other.redb");
    drop(plain_store(&other, &["别校的孩子"]));

    for (bad, says) in [
        (&empty, "is empty"),
        (&unstaffed, "no staff"),
        (&other, "another store"),
    ] {
        let err = Store::restore(&path, bad, &cli(), None).unwrap_err();
        let said = err.to_string();
        assert!(said.contains(says), "{bad:?}: {said}");
        assert!(said.contains("not touched"), "{said}");
        assert_eq!(children(&path), ["王小花"], "the store in use is the same");
    }
    assert_eq!(
        std::fs::read(&empty).unwrap(),
        b"",
        "the empty file is left as it was"
    );
    let refused = refusals(&path);
    assert_eq!(refused.len(), 3, "{refused:?}");
    assert!(
        refused.iter().all(|d| d.starts_with("restore ")),
        "{refused:?}"
    );
    assert!(kept_beside(dir.path()).is_empty());
    let beside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("restoring") || n.contains("creating"))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
}

#[test]
fn a_demo_or_plain_store_never_replaces_a_sealed_one() {
    crate::i18n::set_lang(crate::i18n::Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let pass = Passphrase::new("梧桐树下 2026 秋");
    let store = Store::open(&path).unwrap();
    store
        .bootstrap(&cli(), "周主任", Role::Coordinator, vec![], &pass)
        .unwrap();
    drop(store);
    let store = Store::open(&path).unwrap();
    let boss = store.unlock("周主任", &pass).unwrap();
    let keys = store.key_ring();
    drop(boss);
    drop(store);

    let demo = dir.path().join("demo.redb");
    drop(made_store(&demo, &["演示孩子"], true));
    let plain = dir.path().join("plain.redb");
    drop(plain_store(&plain, &["未加密"]));
    for bad in [&demo, &plain] {
        let err = Store::restore(&path, bad, &cli(), keys.as_ref()).unwrap_err();
        assert!(matches!(err, StoreError::Refused(_)), "{err:?}");
        assert!(err.to_string().contains("is encrypted"), "{err}");
    }
    assert_eq!(
        Store::open(&path).unwrap().encryption(),
        crate::store::Encryption::Sealed
    );
    assert!(kept_beside(dir.path()).is_empty());
}

#[test]
fn restores_keep_every_replaced_store_under_its_own_name() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let backup = dir.path().join("backup.redb");
    {
        let store = plain_store(&path, &["甲"]);
        store.backup_to(&backup).unwrap();
        store
            .write(&cli(), |w| {
                let c = Child::new(
                    ChildId(w.next_id()?),
                    "乙".into(),
                    Gender::Male,
                    NaiveDate::from_ymd_opt(2014, 3, 9).unwrap(),
                );
                w.put_child(&c)
            })
            .unwrap();
    }
    let first = Store::restore(&path, &backup, &cli(), None)
        .unwrap()
        .unwrap();
    // Most often in the same second: the name is then taken, and the next is found.
    let second = Store::restore(&path, &backup, &cli(), None)
        .unwrap()
        .unwrap();
    assert_ne!(first, second);
    assert_eq!(
        children(&first),
        ["乙", "甲"],
        "the first kept store is whole"
    );
    assert_eq!(children(&second), ["甲"]);
    assert_eq!(children(&path), ["甲"]);
    let restores = Store::open(&path)
        .unwrap()
        .reader()
        .unwrap()
        .all::<AuditEvent>()
        .unwrap()
        .into_iter()
        .filter(|e| e.action == AuditAction::Restore)
        .count();
    assert_eq!(
        restores, 2,
        "each restore is audited, the earlier one carried over"
    );
}
