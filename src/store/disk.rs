//! The store when the disk fails it (a full disk, above all). After one I/O error redb answers
//! every later call with "Previous I/O error occurred"; the store then opens its file again
//! by itself before the next operation, keeping who has unlocked and the keys, so that a save
//! succeeds once space is freed. An audit event that could not be written for lack of space
//! (a login) is kept here and written first in the next write transaction that succeeds.
//!
//! So that such an event is never lost when the program stops before any later save
//! succeeds, it is also written at once, before the login goes on, to a small file beside the
//! store (`<store>.pending-audit`, one JSON line an event: ids, a time, a kind — what a plain
//! pre-unlock event holds, no personal data). Each opening of the store picks that file up and
//! writes its events into the audit table; the file is removed once they are committed. A
//! login whose event fits neither in the store nor in that file is refused (`login.rs`).
//! A crash in the instant between that commit and the removal writes an event twice at
//! the next opening, never loses it.

use super::{Store, StoreError, Writer};
use crate::model::AuditEvent;
use redb::{Database, ReadTransaction, ReadableDatabase};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

/// How the store's file is opened again after an I/O error: by its path, or (a test) through
/// the backend that plays a full disk.
pub(super) type Reopen = Box<dyn Fn() -> Result<Database, StoreError> + Send + Sync>;

impl Store {
    /// Runs `f` on the database, first opening it again if an earlier operation met an I/O
    /// error; an I/O error `f` meets marks the database to be opened again.
    pub(super) fn with_db<T>(
        &self,
        f: impl FnOnce(&Database) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.recover()?;
        let ran = {
            let slot = self.db.read().unwrap_or_else(|e| e.into_inner());
            match slot.as_ref() {
                Some(db) => f(db),
                None => Err(StoreError::previous_io()),
            }
        };
        ran.map_err(|e| self.noted(e))
    }

    /// The database for an operation that holds the store alone (`check`, compacting).
    pub(super) fn db_mut(&mut self) -> Result<&mut Database, StoreError> {
        self.recover()?;
        self.db
            .get_mut()
            .unwrap_or_else(|e| e.into_inner())
            .as_mut()
            .ok_or_else(StoreError::previous_io)
    }

    pub(super) fn begin_read(&self) -> Result<ReadTransaction, StoreError> {
        self.with_db(|db| Ok(db.begin_read()?))
    }

    /// An I/O error marks the database to be opened again before the next operation, and is
    /// said with the store's path.
    pub(super) fn noted(&self, e: StoreError) -> StoreError {
        if e.is_disk_fault() {
            self.io_failed.store(true, Ordering::Release);
            tracing::warn!(kind = %crate::logging::kind(&e), "the store met an I/O error; it will be opened again");
            return e.at_path(&self.path);
        }
        e
    }

    /// Opens the database again after an I/O error: the old one is closed first (it holds the
    /// file's lock). Until an opening succeeds, every operation says why it could not.
    fn recover(&self) -> Result<(), StoreError> {
        if !self.io_failed.load(Ordering::Acquire) {
            return Ok(());
        }
        let mut slot = self.db.write().unwrap_or_else(|e| e.into_inner());
        // Another thread may have opened it again meanwhile.
        if !self.io_failed.load(Ordering::Acquire) {
            return Ok(());
        }
        *slot = None;
        let db = (self.reopen)().map_err(|e| e.at_path(&self.path))?;
        *slot = Some(db);
        self.io_failed.store(false, Ordering::Release);
        tracing::info!("the store was opened again after an I/O error");
        Ok(())
    }

    /// Runs `f` on the store's file while the store is closed (the day's backup copies it
    /// as it stands): the database is closed cleanly first, every other operation waits, and
    /// it is opened again after. An opening that fails then is tried again before the next
    /// operation, as after an I/O error.
    pub(super) fn with_file_closed<T>(
        &self,
        f: impl FnOnce(&Path) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.recover()?;
        let mut slot = self.db.write().unwrap_or_else(|e| e.into_inner());
        *slot = None;
        let ran = f(&self.path);
        match (self.reopen)() {
            Ok(db) => *slot = Some(db),
            Err(e) => {
                self.io_failed.store(true, Ordering::Release);
                tracing::warn!(kind = %crate::logging::kind(&e), "the store could not be opened again after its backup; it will be tried again");
            }
        }
        ran
    }

    /// Keeps an audit event that could not be written (the disk was full) until the next
    /// write transaction that succeeds, and at once in the file beside the store, so that it
    /// outlives the program. Err when even that file cannot be written: the event would live
    /// only in memory, and the caller must not go on as if it were kept.
    pub(super) fn keep_pending(&self, event: AuditEvent) -> Result<(), StoreError> {
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        append_waiting(&self.path, &event)?;
        pending.push(event);
        Ok(())
    }

    /// The audit events still to write, oldest first.
    pub(crate) fn pending_events(&self) -> Vec<AuditEvent> {
        self.pending
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Writes the pending events at the start of `w`'s transaction; returns how many, to
    /// forget once it is committed (`written`).
    pub(super) fn write_pending(&self, w: &mut Writer) -> Result<usize, StoreError> {
        let pending = self.pending_events();
        for event in &pending {
            w.carry_audit_event(event)?;
        }
        Ok(pending.len())
    }

    /// Forgets the first `count` pending events, now committed, and the file beside the
    /// store with them (or writes it again with the ones a login added meanwhile).
    pub(super) fn written(&self, count: usize) {
        if count == 0 {
            return;
        }
        let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
        let count = count.min(pending.len());
        pending.drain(..count);
        let kept = if pending.is_empty() {
            match std::fs::remove_file(waiting_path(&self.path)) {
                Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
                _ => Ok(()),
            }
        } else {
            rewrite_waiting(&self.path, &pending)
        };
        // The events are in the store: at worst the next opening writes them a second time.
        if let Err(e) = kept {
            tracing::warn!(kind = ?e.kind(), "the file of waiting audit events was not updated");
        }
    }

    /// Reads the events a run that stopped before it could write them left beside the store,
    /// and tries to write them now. They stay waiting (in memory and in their file) when the
    /// store cannot take them yet: a full disk, a store opened only to read.
    pub(super) fn pick_up_waiting(&self) {
        let events = read_waiting(&self.path);
        if events.is_empty() {
            return;
        }
        self.pending
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend(events);
        self.write_waiting();
    }

    /// One transaction with nothing but the waiting events: at an opening, and when the
    /// store is closed (the program's end, a command's end).
    pub(super) fn write_waiting(&self) {
        let Some(first) = self.pending_events().into_iter().next() else {
            return;
        };
        match self.write(&first.actor, |_| Ok(())) {
            Ok(()) => tracing::info!("waiting audit events were written"),
            Err(e) => {
                tracing::warn!(kind = %crate::logging::kind(&e), "waiting audit events still wait")
            }
        }
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        self.write_waiting();
    }
}

/// The file beside the store that keeps the audit events the store could not take yet.
pub(super) fn waiting_path(store: &Path) -> PathBuf {
    let mut name = store.file_name().unwrap_or_default().to_os_string();
    name.push(".pending-audit");
    store.with_file_name(name)
}

fn open_waiting(store: &Path, append: bool) -> std::io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.create(true).write(true);
    if append {
        options.append(true);
    } else {
        options.truncate(true);
    }
    crate::owner_only::open(&mut options, &waiting_path(store))
}

fn line(event: &AuditEvent) -> std::io::Result<Vec<u8>> {
    let mut line = serde_json::to_vec(event)?;
    line.push(b'\n');
    Ok(line)
}

fn append_waiting(store: &Path, event: &AuditEvent) -> Result<(), StoreError> {
    let written = (|| {
        let mut file = open_waiting(store, true)?;
        file.write_all(&line(event)?)?;
        file.sync_all()
    })();
    written.map_err(|e| StoreError::from_redb(redb::Error::Io(e)).at_path(store))
}

fn rewrite_waiting(store: &Path, events: &[AuditEvent]) -> std::io::Result<()> {
    let mut file = open_waiting(store, false)?;
    for event in events {
        file.write_all(&line(event)?)?;
    }
    file.sync_all()
}

/// The waiting events, oldest first. A line that does not read as an event (cut short by a
/// crash before its login went on) is passed over.
fn read_waiting(store: &Path) -> Vec<AuditEvent> {
    let Ok(text) = std::fs::read(waiting_path(store)) else {
        return Vec::new();
    };
    text.split(|b| *b == b'\n')
        .filter(|l| !l.is_empty())
        .filter_map(|l| serde_json::from_slice(l).ok())
        .collect()
}
