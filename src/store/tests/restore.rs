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
    let store = Store::open(path, super::clock()).unwrap();
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
    let store = Store::open(path, super::clock()).unwrap();
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
    let store = Store::open(path, super::clock()).unwrap();
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
    drop(Store::open(&unstaffed, super::clock()).unwrap());
    // A store of its own, made elsewhere: another school's.
    let other = dir.path().join("other.redb");
    drop(plain_store(&other, &["别校的孩子"]));

    for (bad, says) in [
        (&empty, "is empty"),
        (&unstaffed, "no staff"),
        (&other, "another store"),
    ] {
        let err = Store::restore(&path, bad, &cli(), None, super::clock()).unwrap_err();
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
    let store = Store::open(&path, super::clock()).unwrap();
    store
        .bootstrap(&cli(), "周主任", Role::Coordinator, vec![], &pass)
        .unwrap();
    drop(store);
    let store = Store::open(&path, super::clock()).unwrap();
    let boss = store.unlock("周主任", &pass).unwrap();
    let keys = store.key_ring();
    drop(boss);
    drop(store);

    let demo = dir.path().join("demo.redb");
    drop(made_store(&demo, &["演示孩子"], true));
    let plain = dir.path().join("plain.redb");
    drop(plain_store(&plain, &["未加密"]));
    for bad in [&demo, &plain] {
        let err = Store::restore(&path, bad, &cli(), keys.as_ref(), super::clock()).unwrap_err();
        assert!(matches!(err, StoreError::Refused(_)), "{err:?}");
        assert!(err.to_string().contains("is encrypted"), "{err}");
    }
    assert_eq!(
        Store::open(&path, super::clock()).unwrap().encryption(),
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
    let first = Store::restore(&path, &backup, &cli(), None, super::clock())
        .unwrap()
        .unwrap();
    // Most often in the same second: the name is then taken, and the next is found.
    let second = Store::restore(&path, &backup, &cli(), None, super::clock())
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
    let restores = Store::open(&path, super::clock())
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

fn bytes_of(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap()
}

/// A sealed store with a coordinator and a child, and a backup of it beside it; the keys of
/// the coordinator.
fn sealed_with_backup(dir: &Path) -> (PathBuf, PathBuf, Option<crate::store::KeyRing>) {
    let path = dir.join("s.redb");
    let pass = Passphrase::new("梧桐树下 2026 秋");
    let store = Store::open(&path, super::clock()).unwrap();
    store
        .bootstrap(&cli(), "周主任", Role::Coordinator, vec![], &pass)
        .unwrap();
    drop(store);
    let store = Store::open(&path, super::clock()).unwrap();
    let boss = store.unlock("周主任", &pass).unwrap();
    let keys = store.key_ring();
    drop(boss);
    let backup = dir.join("backups").join("s-2026-12-04.redb");
    std::fs::create_dir(dir.join("backups")).unwrap();
    store.backup_to(&backup).unwrap();
    (path, backup, keys)
}

/// Checks the store at `path` as `shouwang check --user 周主任` does: opened to be read, the
/// coordinator's login (whose audit event has nowhere to go), every page and record.
fn check_as_coordinator(path: &Path) -> Vec<String> {
    let store = Store::open_to_read(path, super::clock()).unwrap();
    drop(
        store
            .unlock("周主任", &Passphrase::new("梧桐树下 2026 秋"))
            .unwrap(),
    );
    store.check().unwrap()
}

/// Issue 24 item 3: checking a backup and restoring from it leave its bytes as they were (it
/// grew from 81,920 to 98,304 bytes when `check` and `restore` opened it for writing).
#[test]
fn checking_or_restoring_from_a_backup_leaves_its_bytes_alone() {
    let dir = tempfile::tempdir().unwrap();
    let (path, backup, keys) = sealed_with_backup(dir.path());
    let before = bytes_of(&backup);
    // An audit event left waiting beside it (`disk.rs`) waits on for an opening that writes.
    let event = {
        let store = Store::open(&path, super::clock()).unwrap();
        drop(
            store
                .unlock("周主任", &Passphrase::new("梧桐树下 2026 秋"))
                .unwrap(),
        );
        store.reader().unwrap().all::<AuditEvent>().unwrap()[0].clone()
    };
    let waiting = crate::store::disk::waiting_path(&backup);
    let line = format!("{}\n", serde_json::to_string(&event).unwrap());
    std::fs::write(&waiting, &line).unwrap();
    assert_eq!(check_as_coordinator(&backup), Vec::<String>::new());
    assert!(bytes_of(&backup) == before, "check changed the backup");
    assert_eq!(std::fs::read_to_string(&waiting).unwrap(), line);
    std::fs::remove_file(&waiting).unwrap();
    Store::restore(&path, &backup, &cli(), keys.as_ref(), super::clock()).unwrap();
    assert!(bytes_of(&backup) == before, "restore changed the backup");
    // The store checked is the same too, and what a check would write is nowhere.
    let store_before = bytes_of(&path);
    assert_eq!(check_as_coordinator(&path), Vec::<String>::new());
    assert!(bytes_of(&path) == store_before, "check changed the store");
}

/// Makes `paths` unwritable for this process, whoever it runs as: mode 0400 (0500 for a
/// folder), and where modes do not bind (root) the immutable mark as well. `None` when
/// neither binds here; the marks are taken off when the guard goes.
#[cfg(target_os = "linux")]
fn unwritable(paths: &[&Path]) -> Option<Unwritable> {
    use std::os::unix::fs::PermissionsExt;
    for p in paths {
        let mode = if p.is_dir() { 0o500 } else { 0o400 };
        std::fs::set_permissions(p, std::fs::Permissions::from_mode(mode)).unwrap();
    }
    let guard = Unwritable(paths.iter().map(|p| p.to_path_buf()).collect(), false);
    let binds = |guard: &Unwritable| {
        guard.0.iter().all(|p| {
            if p.is_dir() {
                std::fs::write(p.join("probe"), b"x").is_err()
            } else {
                std::fs::OpenOptions::new().write(true).open(p).is_err()
            }
        })
    };
    if binds(&guard) {
        return Some(guard);
    }
    let mut guard = guard;
    let marked = std::process::Command::new("chattr")
        .arg("+i")
        .args(&guard.0)
        .status()
        .is_ok_and(|s| s.success());
    guard.1 = marked;
    (marked && binds(&guard)).then_some(guard)
}

#[cfg(target_os = "linux")]
struct Unwritable(Vec<PathBuf>, bool);

#[cfg(target_os = "linux")]
impl Drop for Unwritable {
    fn drop(&mut self) {
        use std::os::unix::fs::PermissionsExt;
        if self.1 {
            let _ = std::process::Command::new("chattr")
                .arg("-i")
                .args(&self.0)
                .status();
        }
        for p in &self.0 {
            let _ = std::fs::set_permissions(p, std::fs::Permissions::from_mode(0o700));
        }
    }
}

/// Issue 24 item 3: a backup its user cannot write (mode 0400, in a folder of mode 0500) is
/// checked and restored from, and is the same afterwards.
#[cfg(target_os = "linux")]
#[test]
fn a_backup_that_cannot_be_written_is_checked_and_restored() {
    let dir = tempfile::tempdir().unwrap();
    let (path, backup, keys) = sealed_with_backup(dir.path());
    let before = bytes_of(&backup);
    let folder = backup.parent().unwrap().to_path_buf();
    let Some(_guard) = unwritable(&[&backup, &folder]) else {
        // Where CI runs it, it must run: a skip there would pass silently.
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must be able to make a file unwritable (modes, or chattr as root)"
        );
        eprintln!("skipped: nothing here makes a file unwritable for this process");
        return;
    };
    assert_eq!(check_as_coordinator(&backup), Vec::<String>::new());
    let kept = Store::restore(&path, &backup, &cli(), keys.as_ref(), super::clock()).unwrap();
    assert!(kept.is_some());
    assert!(bytes_of(&backup) == before);
    // The restored store is the school's to write: owner-only, not the backup's rights.
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    assert!(
        Store::open(&path, super::clock())
            .unwrap()
            .has_staff()
            .unwrap()
    );
}
