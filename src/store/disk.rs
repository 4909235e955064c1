//! The store when the disk fails it (a full disk, above all). After one I/O error redb answers
//! every later call with "Previous I/O error occurred"; the store then opens its file again
//! by itself before the next operation, keeping who has unlocked and the keys, so that a save
//! succeeds once space is freed. An audit event that could not be written for lack of space
//! (a login) is kept here and written first in the next write transaction that succeeds.

use super::{Store, StoreError, Writer};
use crate::model::AuditEvent;
use redb::{Database, ReadTransaction, ReadableDatabase};
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

    /// Keeps an audit event that could not be written (the disk was full) until the next
    /// write transaction that succeeds.
    pub(super) fn keep_pending(&self, event: AuditEvent) {
        self.pending
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .push(event);
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

    pub(super) fn written(&self, count: usize) {
        if count > 0 {
            let mut pending = self.pending.lock().unwrap_or_else(|e| e.into_inner());
            let count = count.min(pending.len());
            pending.drain(..count);
        }
    }
}
