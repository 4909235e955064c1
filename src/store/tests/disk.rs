//! A full disk does not lock the school out (issue 18, 2.8): a login on a full disk reads,
//! its audit event waits for space, and after redb's I/O error the store opens its file again
//! by itself so that a save succeeds once space is freed.

use crate::model::*;
use crate::store::{Passphrase, Store, StoreError};
use chrono::NaiveDate;
use redb::StorageBackend;
use redb::backends::FileBackend;
use std::io;
use std::ops::Bound;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// A file on a disk that fills up when `full` is set: the file cannot grow and no page can be
/// written (ENOSPC, as Linux says it) but the header at its start, which redb writes over in
/// place when it opens a file again. Harsher than a real disk, where a small change may find
/// room in pages the file already has: here every write fails, so the test is certain to meet
/// the full disk.
#[derive(Debug)]
struct Disk {
    file: FileBackend,
    full: Arc<AtomicBool>,
}

fn no_space() -> io::Error {
    io::Error::from_raw_os_error(28)
}

impl StorageBackend for Disk {
    fn len(&self) -> Result<u64, io::Error> {
        self.file.len()
    }
    fn read(&self, offset: u64, out: &mut [u8]) -> Result<(), io::Error> {
        self.file.read(offset, out)
    }
    fn set_len(&self, len: u64) -> Result<(), io::Error> {
        if self.full.load(Ordering::SeqCst) && len > self.file.len()? {
            return Err(no_space());
        }
        self.file.set_len(len)
    }
    fn sync_data(&self) -> Result<(), io::Error> {
        self.file.sync_data()
    }
    fn write(&self, offset: u64, data: &[u8]) -> Result<(), io::Error> {
        if self.full.load(Ordering::SeqCst) && offset > 0 {
            return Err(no_space());
        }
        self.file.write(offset, data)
    }
    fn close(&self) -> Result<(), io::Error> {
        self.file.close()
    }
    fn try_lock_range(&self, s: Bound<u64>, e: Bound<u64>) -> Result<bool, redb::BackendError> {
        self.file.try_lock_range(s, e)
    }
    fn try_lock_shared_range(
        &self,
        s: Bound<u64>,
        e: Bound<u64>,
    ) -> Result<bool, redb::BackendError> {
        self.file.try_lock_shared_range(s, e)
    }
    fn lock_range(&self, s: Bound<u64>, e: Bound<u64>) -> Result<(), redb::BackendError> {
        self.file.lock_range(s, e)
    }
    fn lock_shared_range(&self, s: Bound<u64>, e: Bound<u64>) -> Result<(), redb::BackendError> {
        self.file.lock_shared_range(s, e)
    }
    fn unlock_range(&self, s: Bound<u64>, e: Bound<u64>) -> Result<(), redb::BackendError> {
        self.file.unlock_range(s, e)
    }
    fn query_lock_range(&self, s: Bound<u64>, e: Bound<u64>) -> Result<bool, redb::BackendError> {
        self.file.query_lock_range(s, e)
    }
}

/// A store at `path` on a disk that `full` fills.
fn store_on_disk(path: &Path, full: Arc<AtomicBool>) -> Store {
    let at: PathBuf = path.to_path_buf();
    Store::with_backend(path, super::clock(), move || {
        let file = std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .create(true)
            .truncate(false)
            .open(&at)
            .map_err(|e| StoreError::Internal(e.to_string()))?;
        let file = FileBackend::new(file)?;
        Ok(redb::Builder::new().create_with_backend(Disk {
            file,
            full: full.clone(),
        })?)
    })
    .unwrap()
}

fn pass() -> Passphrase {
    Passphrase::new("梧桐树下 2026 秋")
}

fn actor() -> Actor {
    Actor::CommandLine("t".into())
}

fn add_child(w: &mut crate::store::SessionWriter, name: &str) -> Result<ChildId, StoreError> {
    let mut c = Child::new(
        ChildId(w.next_id()?),
        name.into(),
        Gender::Female,
        NaiveDate::from_ymd_opt(2015, 3, 9).unwrap(),
    );
    // Long enough that the record needs pages the file does not have yet.
    c.guardian.address = "奶奶照顾，".repeat(400);
    w.add_child(&c)?;
    Ok(c.id)
}

#[test]
fn a_full_disk_lets_a_person_in_to_read_and_a_save_succeeds_once_space_is_freed() {
    crate::i18n::set_lang(crate::i18n::Lang::Zh);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let full = Arc::new(AtomicBool::new(false));
    let store = store_on_disk(&path, full.clone());
    let boss = store
        .bootstrap(&actor(), "周主任", Role::Coordinator, vec![], &pass())
        .unwrap();
    let child = store
        .session(&boss)
        .unwrap()
        .write(|w| add_child(w, "覃语桐"))
        .unwrap();
    store.lock(Some(boss.id));

    full.store(true, Ordering::SeqCst);
    let session = store
        .unlock("周主任", &pass())
        .expect("a full disk lets the coordinator in");
    let read = session.reader().unwrap();
    assert_eq!(read.child(child).unwrap().unwrap().name, "覃语桐");
    drop(read);
    let pending = store.pending_events();
    assert_eq!(pending.len(), 1);
    assert_eq!(pending[0].action, AuditAction::Login);

    // A save on the full disk is refused with a sentence, not redb's words.
    let refused = session.write(|w| add_child(w, "韦小雨")).unwrap_err();
    assert!(
        matches!(refused, StoreError::DiskFull { .. }),
        "{refused:?}"
    );
    let said = refused.to_string();
    assert!(said.starts_with("磁盘已满"), "{said}");
    assert!(!said.contains("Previous I/O"), "{said}");
    // Reading still works after redb's I/O error.
    assert!(session.reader().unwrap().child(child).unwrap().is_some());

    // Space freed: the next save succeeds without restarting, the login written before it.
    full.store(false, Ordering::SeqCst);
    let second = session.write(|w| add_child(w, "韦小雨")).unwrap();
    assert!(store.pending_events().is_empty());
    let events = store.reader().unwrap().all::<AuditEvent>().unwrap();
    let login = events
        .iter()
        .rposition(|e| e.action == AuditAction::Login)
        .expect("the login is audited");
    let created = events
        .iter()
        .position(|e| e.target == RecordRef::Child(second.0))
        .expect("the save is audited");
    assert!(login < created, "{events:?}");
    assert_eq!(events[login].actor, Actor::Counselor(boss.id));
    assert!(session.reader().unwrap().child(second).unwrap().is_some());
}

/// A store with a coordinator, locked, on a disk that `full` fills; the coordinator's id.
fn locked_store(path: &Path, full: &Arc<AtomicBool>) -> (Store, CounselorId) {
    let store = store_on_disk(path, full.clone());
    let boss = store
        .bootstrap(&actor(), "周主任", Role::Coordinator, vec![], &pass())
        .unwrap();
    store.lock(Some(boss.id));
    (store, boss.id)
}

#[test]
fn a_login_on_a_full_disk_outlives_a_quit_before_any_save_and_is_written_at_the_next_opening() {
    crate::i18n::set_lang(crate::i18n::Lang::Zh);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let full = Arc::new(AtomicBool::new(false));
    let (store, boss) = locked_store(&path, &full);

    full.store(true, Ordering::SeqCst);
    let session = store.unlock("周主任", &pass()).unwrap();
    assert!(session.reader().is_ok());
    let waiting = crate::store::disk::waiting_path(&path);
    assert!(
        waiting.exists(),
        "the login is kept beside the store at once"
    );
    // The person quits with no save, the disk still full: closing tries and fails.
    drop(session);
    drop(store);
    assert!(waiting.exists());
    // The file holds what a plain event before unlocking holds: no name.
    let kept = std::fs::read_to_string(&waiting).unwrap();
    assert!(!kept.contains("周主任"), "{kept}");

    // Space comes back; the next opening writes the login into the audit table.
    full.store(false, Ordering::SeqCst);
    let store = store_on_disk(&path, full.clone());
    assert!(store.pending_events().is_empty());
    assert!(!waiting.exists());
    // Reading a sealed store's audit needs an unlock, itself a second login.
    assert_eq!(logins(&store, boss), 2);
    drop(store);
    // Written once: a later opening finds nothing waiting (this unlock is the third).
    let store = store_on_disk(&path, full.clone());
    assert_eq!(logins(&store, boss), 3);
}

/// How many logins of `boss` the audit table holds, read after unlocking as `boss`.
fn logins(store: &Store, boss: CounselorId) -> usize {
    store.unlock("周主任", &pass()).unwrap();
    let events = store.reader().unwrap().all::<AuditEvent>().unwrap();
    events
        .iter()
        .filter(|e| e.action == AuditAction::Login && e.actor == Actor::Counselor(boss))
        .count()
}

#[test]
fn a_login_on_a_full_disk_is_written_when_the_store_is_closed_if_space_came_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let full = Arc::new(AtomicBool::new(false));
    let (store, boss) = locked_store(&path, &full);
    full.store(true, Ordering::SeqCst);
    drop(store.unlock("周主任", &pass()).unwrap());
    full.store(false, Ordering::SeqCst);
    drop(store);
    assert!(!crate::store::disk::waiting_path(&path).exists());
    let store = store_on_disk(&path, full.clone());
    assert_eq!(logins(&store, boss), 2);
}

#[test]
fn a_login_whose_event_fits_nowhere_is_refused_and_leaves_nobody_unlocked() {
    crate::i18n::set_lang(crate::i18n::Lang::Zh);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let full = Arc::new(AtomicBool::new(false));
    let (store, boss) = locked_store(&path, &full);
    // Nothing can be written beside the store either (a folder where the file would go).
    std::fs::create_dir(crate::store::disk::waiting_path(&path)).unwrap();
    full.store(true, Ordering::SeqCst);
    let Err(refused) = store.unlock("周主任", &pass()) else {
        panic!("a login that cannot be audited anywhere goes on");
    };
    assert!(refused.is_disk_fault(), "{refused:?}");
    assert!(store.pending_events().is_empty());
    let who = store.staff_named("周主任").unwrap();
    assert_eq!(who.id, boss);
    assert!(store.session(&who).is_err(), "nobody is left unlocked");
}
