//! The store: the only module that touches redb. One file holds everything; every user
//! action is one durable write transaction (`Store::write`), and every value passes through
//! `codec`. Outside the crate the only way in is a person's `Session` (or `bootstrap` for the
//! first staff); the raw `Reader`/`Writer` are the crate's own.

mod codec;
mod crypto;
mod daily;
mod error;
mod files;
mod index;
mod login;
mod lookups;
mod notes;
mod older;
mod reader;
mod schema;
mod session;
mod session_admin;
mod session_ops;
mod session_read;
mod tables;
#[cfg(test)]
mod tests;
mod writer;

pub use codec::{Codec, Record, Sealing};
pub use crypto::{MIN_PASSPHRASE_CHARS, Passphrase};
pub use error::StoreError;
pub use files::{default_path, is_store_file};
pub use login::{Encryption, KeyRing};
pub use notes::NoteInput;
pub(crate) use reader::Reader;
pub use schema::SCHEMA_VERSION;
pub use session::Session;
pub use session_admin::HandedOver;
pub use session_ops::SessionWriter;
pub use session_read::SessionReader;
pub use tables::Indexed;
pub use writer::Assigned;
pub(crate) use writer::Writer;

use crate::model::Actor;
use redb::{Database, ReadableDatabase};
use std::path::{Path, PathBuf};

pub struct Store {
    db: Database,
    path: PathBuf,
    /// How the store keeps its values, the codec that reads them now (with the keys once
    /// someone has unlocked) and who has unlocked it (`login.rs`).
    keys: std::sync::RwLock<login::KeyState>,
}

impl Store {
    /// Opens the store at `path`, refusing with a sentence when there is no file there: what
    /// every command that only reads or changes a store uses.
    pub fn open_existing(path: &Path) -> Result<Store, StoreError> {
        if path.symlink_metadata().is_err() {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        Store::open(path)
    }

    /// Opens the store at `path`, creating it (mode 0600) if it does not exist — only in a
    /// folder that exists — and migrating it forward if it was written by an older Shouwang.
    /// For what may make a store: the app, `demo`, `import json`, the first `counselor add`.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let db = files::open_database(path)?;
        schema::prepare(&db, &Codec::plain(), path)?;
        let keys = login::KeyState::read(&db)?;
        Ok(Store {
            db,
            path: path.to_path_buf(),
            keys: std::sync::RwLock::new(keys),
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A consistent snapshot for reading, past every permission: the store's own use and the
    /// crate's bulk paths once their operation is allowed. Everyone else reads through a
    /// `Session`.
    pub(crate) fn reader(&self) -> Result<Reader, StoreError> {
        Ok(Reader::new(self.db.begin_read()?, self.codec()))
    }

    /// Runs `f` in one write transaction and commits it durably; on any error nothing is
    /// written. `actor` is who the audit events of this transaction name.
    pub(crate) fn write<T>(
        &self,
        actor: &Actor,
        f: impl FnOnce(&mut Writer) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut writer = Writer::new(self.db.begin_write()?, self.codec(), actor.clone());
        let value = f(&mut writer)?;
        writer.commit()?;
        self.after_first_staff()?;
        Ok(value)
    }

    /// A write transaction begun here, to be carried out and committed on another thread (a
    /// roster import that must not stop the screen), with a snapshot taken once it began to
    /// plan it on: no other commit can come between them. Until `Writer::finish`, other
    /// writes wait. For a store with staff only (`write` also settles a store's first staff).
    pub(crate) fn begin_write_elsewhere(
        &self,
        actor: &Actor,
    ) -> Result<(Reader, Writer), StoreError> {
        let writer = Writer::new(self.db.begin_write()?, self.codec(), actor.clone());
        Ok((self.reader()?, writer))
    }

    /// Like `write`, but the commit is not flushed to disk: for bulk loads (the demo), which
    /// end with one durable `write`. A crash in between loses only the unflushed batches.
    pub(crate) fn write_unflushed<T>(
        &self,
        actor: &Actor,
        f: impl FnOnce(&mut Writer) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut tx = self.db.begin_write()?;
        tx.set_durability(redb::Durability::None)
            .map_err(|e| StoreError::Internal(e.to_string()))?;
        let mut writer = Writer::new(tx, self.codec(), actor.clone());
        let value = f(&mut writer)?;
        writer.commit()?;
        self.after_first_staff()?;
        Ok(value)
    }

    /// Verifies the file (redb's own integrity check) and then that every record decodes and
    /// every index agrees with the records. Returns the problems found, empty when all is well.
    pub fn check(mut self) -> Result<Vec<String>, StoreError> {
        let mut problems = Vec::new();
        match self.db.check_integrity() {
            Ok(true) => {}
            Ok(false) => problems.push(crate::tr!("store.check_repaired")),
            // Only a corrupted file is damage; an open reader, say, is not.
            Err(redb::DatabaseError::Storage(redb::StorageError::Corrupted(detail))) => {
                return Err(StoreError::Damaged { detail });
            }
            Err(e) => return Err(e.into()),
        }
        problems.extend(schema::verify(&self.db, &self.codec())?);
        Ok(problems)
    }

    /// Writes a consistent copy of this store to `target`, which must not exist or be empty (the
    /// temporary file of `export::output`): every record is copied through one read snapshot
    /// and the indexes are rebuilt in the copy.
    pub(crate) fn backup_to(&self, target: &Path) -> Result<(), StoreError> {
        if std::fs::metadata(target).is_ok_and(|m| m.len() > 0) {
            return Err(StoreError::Refused(crate::tr!(
                "store.backup_exists",
                path = target.display()
            )));
        }
        let copy = files::open_database(target)?;
        schema::copy_all(&self.db, &copy, &self.codec())?;
        Ok(())
    }

    /// Replaces the store at `path` by the backup at `source`. The backup is checked first
    /// (with `keys`, the keys of whoever restores, its sealed records are opened too); the
    /// store it replaces is kept beside it as `<name>.before-restore-<time>` so nothing is lost.
    /// The audit only ever grows: the replaced store's events that the backup lacks are carried
    /// into the restored store, followed by one restore event naming `actor`. Who may restore
    /// is the caller's question (the table, through the replaced store's session).
    pub fn restore(
        path: &Path,
        source: &Path,
        actor: &Actor,
        keys: Option<&KeyRing>,
    ) -> Result<Option<PathBuf>, StoreError> {
        let kept = files::restore(path, source, keys)?;
        let restored = Store::open(path)?;
        restored.adopt(keys);
        let carried = match &kept {
            Some(old) => {
                let old = Store::open(old)?;
                old.adopt(keys);
                restored.carry_audit(&old)?
            }
            None => Vec::new(),
        };
        restored.write(actor, |w| {
            for event in &carried {
                w.carry_audit_event(event)?;
            }
            w.audit(
                crate::model::AuditAction::Restore,
                crate::model::RecordRef::Store,
                source.display().to_string(),
            )
        })?;
        Ok(kept)
    }

    /// The audit events of `old` that this store does not hold (same time, actor, action,
    /// target and detail), in their order.
    fn carry_audit(&self, old: &Store) -> Result<Vec<crate::model::AuditEvent>, StoreError> {
        use crate::model::AuditEvent;
        let here = self.reader()?.all::<AuditEvent>()?;
        let same = |a: &AuditEvent, b: &AuditEvent| {
            (a.at, &a.actor, a.action, a.target, &a.detail)
                == (b.at, &b.actor, b.action, b.target, &b.detail)
        };
        let mut missing = old.reader()?.all::<AuditEvent>()?;
        missing.retain(|e| !here.iter().any(|h| same(h, e)));
        Ok(missing)
    }
}
