//! The store: the only module that touches redb. One file holds everything; every user
//! action is one durable write transaction (`Store::write`), and every value passes through
//! `codec`. Outside the crate the only way in is a person's `Session` (or `bootstrap` for the
//! first staff); the raw `Reader`/`Writer` are the crate's own.

mod care_keys;
mod codec;
mod crypto;
mod daily;
mod damage;
mod disk;
mod error;
mod files;
mod index;
mod keyed_forms;
mod keyring;
mod login;
mod lookups;
mod mailbox_key;
mod migrate_absences;
mod notes;
mod older;
mod passphrases;
mod read_only;
mod reader;
mod rekey;
mod restore;
mod schema;
mod school_key;
mod session;
mod session_absence;
mod session_admin;
mod session_care;
mod session_mailbox;
mod session_ops;
mod session_read;
mod snapshot;
mod tables;
#[cfg(test)]
mod tests;
mod writer;

pub use codec::{Codec, Owner, Record, Sealing};
pub use crypto::{MIN_PASSPHRASE_CHARS, Passphrase, random_u64 as random_tag};
pub use damage::{advice as damage_advice, newest_backup, shielded as shield};
pub use error::StoreError;
pub use files::{default_path, is_store_file};
pub use login::{Encryption, KeyRing, computer_login};
pub use notes::NoteInput;
pub(crate) use reader::Reader;
pub use schema::SCHEMA_VERSION;
pub use session::Session;
pub use session_absence::AttemptInput;
pub use session_admin::HandedOver;
pub use session_care::MoodInput;
pub use session_mailbox::{DraftOf, LetterIntake, LetterVia};
pub use session_ops::SessionWriter;
pub use session_read::{Reportable, SessionReader};
pub use snapshot::{Snapshot, Stamp};
pub use tables::Indexed;
pub use writer::Assigned;
pub(crate) use writer::Writer;

use crate::clock::Clock;
use crate::model::Actor;
use redb::Database;
use std::path::{Path, PathBuf};

pub struct Store {
    /// `None` only while it is being opened again after an I/O error (`disk.rs`).
    db: std::sync::RwLock<Option<Database>>,
    path: PathBuf,
    /// How the store keeps its values, the codec that reads them now (with the keys once
    /// someone has unlocked) and who has unlocked it (`login.rs`).
    keys: std::sync::RwLock<login::KeyState>,
    /// redb met an I/O error: the database is opened again before the next operation.
    io_failed: std::sync::Arc<std::sync::atomic::AtomicBool>,
    reopen: disk::Reopen,
    /// Audit events not yet written for lack of space (a login on a full disk), written
    /// first in the next write transaction that succeeds, and kept meanwhile in a file beside
    /// the store (`disk.rs`).
    pending: std::sync::Mutex<Vec<crate::model::AuditEvent>>,
    /// The clocks this store's writers, logins and sessions read, given when it is opened:
    /// the one place the store learns the time.
    clock: Clock,
    /// How many write transactions this store has committed since it was opened: what was
    /// read for a screen ahead of time (`Snapshot`) is still current while it has not moved.
    commits: std::sync::Arc<std::sync::atomic::AtomicU64>,
}

impl Store {
    /// Opens the store at `path`, refusing with a sentence when there is no file there: what
    /// every command that only reads or changes a store uses.
    pub fn open_existing(path: &Path, clock: Clock) -> Result<Store, StoreError> {
        if path.symlink_metadata().is_err() {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        Store::open(path, clock)
    }

    /// Opens the store at `path` to read it only (`check`): its file is opened for reading and
    /// never written, so a backup is the same afterwards and one its user cannot write is read
    /// all the same. What the store would write (an older store's migration, a login's audit
    /// event) is kept in memory and dropped with it (`read_only.rs`). A store that was not
    /// closed cleanly needs redb's repair, which writes: it is opened as `open_existing` does.
    pub fn open_to_read(path: &Path, clock: Clock) -> Result<Store, StoreError> {
        if path.symlink_metadata().is_err() {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        damage::shielded(|| {
            let Some(db) = files::open_read_only(path)? else {
                return Store::open(path, clock);
            };
            schema::prepare(&db, &Codec::plain(), path, clock.now())?;
            let reopen_path = path.to_path_buf();
            Store::with_database(
                db,
                path,
                Box::new(move || {
                    files::open_read_only(&reopen_path)?.ok_or_else(StoreError::previous_io)
                }),
                true,
                clock,
            )
        })
    }

    /// Opens the store at `path`, creating it (mode 0600) if it does not exist — only in a
    /// folder that exists — and migrating it forward if it was written by an older Shouwang.
    /// For what may make a store: the app, `demo`, `import json`, the first `counselor add`.
    /// A new store gets its name only once its tables are committed (`files::create_database`).
    pub fn open(path: &Path, clock: Clock) -> Result<Store, StoreError> {
        damage::shielded(|| {
            let db = match std::fs::metadata(path) {
                Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                    files::create_database(path, |db| {
                        schema::prepare(db, &Codec::plain(), path, clock.now())
                    })?
                }
                _ => {
                    let db = files::open_database(path)?;
                    schema::prepare(&db, &Codec::plain(), path, clock.now())?;
                    db
                }
            };
            let reopen_path = path.to_path_buf();
            Store::with_database(
                db,
                path,
                Box::new(move || files::open_database(&reopen_path)),
                false,
                clock,
            )
        })
    }

    /// The store over `db`, opened at `path`, which `reopen` opens again after an I/O error.
    /// A store opened to be read only (`open_to_read`) leaves the audit events waiting beside
    /// it (`disk.rs`) for the next opening that can write them: its own writes are dropped.
    fn with_database(
        db: Database,
        path: &Path,
        reopen: disk::Reopen,
        read_only: bool,
        clock: Clock,
    ) -> Result<Store, StoreError> {
        let keys = login::KeyState::read(&db)?;
        let store = Store {
            db: std::sync::RwLock::new(Some(db)),
            path: path.to_path_buf(),
            keys: std::sync::RwLock::new(keys),
            io_failed: std::sync::Arc::default(),
            reopen,
            pending: std::sync::Mutex::new(Vec::new()),
            clock,
            commits: std::sync::Arc::default(),
        };
        // What an earlier run could not write for lack of space (`disk.rs`).
        if !read_only {
            store.pick_up_waiting();
        }
        Ok(store)
    }

    /// Opens the store named `path` over the storage that `backend` makes, migrating it as
    /// `open` does; `backend` is called again to open the store anew after an I/O error
    /// (`disk.rs`), where `open` opens its file again. Why it is public: the fault suite
    /// (`examples/fault_suite`) puts stores on a disk that fails at chosen points (a write, a
    /// sync, no space…) through the library's public API only. `path` names the store in
    /// sentences and is where it keeps what it keeps beside itself (`<store>.pending-audit`);
    /// the backend holds its bytes.
    pub fn open_with_backend<B: redb::StorageBackend>(
        path: &Path,
        clock: Clock,
        backend: impl Fn() -> std::io::Result<B> + Send + Sync + 'static,
    ) -> Result<Store, StoreError> {
        let at = path.to_path_buf();
        damage::shielded(|| {
            Store::with_backend(path, clock, move || files::open_backend(&at, backend()))
        })
    }

    /// A store over a database made by `open` (and made again by it after an I/O error):
    /// `open_with_backend`, and the tests' way to put the store on a disk that fills up.
    pub(crate) fn with_backend(
        path: &Path,
        clock: Clock,
        open: impl Fn() -> Result<Database, StoreError> + Send + Sync + 'static,
    ) -> Result<Store, StoreError> {
        let db = open()?;
        schema::prepare(&db, &Codec::plain(), path, clock.now())?;
        Store::with_database(db, path, Box::new(open), false, clock)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The clocks the store was opened with: what its writers stamp, what its sessions call
    /// today, and what the app beside it reads.
    pub fn clock(&self) -> Clock {
        self.clock
    }

    /// A consistent snapshot for reading, past every permission: the store's own use and the
    /// crate's bulk paths once their operation is allowed. Everyone else reads through a
    /// `Session`.
    pub(crate) fn reader(&self) -> Result<Reader, StoreError> {
        damage::shielded(|| Ok(Reader::new(self.begin_read()?, self.codec())))
    }

    /// Runs `f` in one write transaction and commits it durably; on any error nothing is
    /// written. `actor` is who the audit events of this transaction name.
    pub(crate) fn write<T>(
        &self,
        actor: &Actor,
        f: impl FnOnce(&mut Writer) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        damage::shielded(|| {
            let (value, carried) = self.with_db(|db| {
                let mut writer = Writer::new(
                    db.begin_write()?,
                    self.codec(),
                    actor.clone(),
                    self.clock,
                    self.commits.clone(),
                );
                let carried = self.write_pending(&mut writer)?;
                let value = f(&mut writer)?;
                if let Some(keys) = writer.commit()? {
                    self.take_keys(keys);
                }
                Ok((value, carried))
            })?;
            self.written(carried);
            self.after_first_staff()?;
            Ok(value)
        })
    }

    /// A write transaction begun here, to be carried out and committed on another thread (a
    /// roster import that must not stop the screen), with a snapshot taken once it began to
    /// plan it on: no other commit can come between them. Until `Writer::finish`, other
    /// writes wait. For a store with staff only (`write` also settles a store's first staff).
    pub(crate) fn begin_write_elsewhere(
        &self,
        actor: &Actor,
    ) -> Result<(Reader, Writer), StoreError> {
        let writer = self.with_db(|db| {
            Ok(Writer::new(
                db.begin_write()?,
                self.codec(),
                actor.clone(),
                self.clock,
                self.commits.clone(),
            )
            .elsewhere(self.io_failed.clone(), self.path.clone()))
        })?;
        Ok((self.reader()?, writer))
    }

    /// Like `write`, but the commit is not flushed to disk: for bulk loads (the demo), which
    /// end with one durable `write`. A crash in between loses only the unflushed batches.
    pub(crate) fn write_unflushed<T>(
        &self,
        actor: &Actor,
        f: impl FnOnce(&mut Writer) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        damage::shielded(|| {
            let value = self.with_db(|db| {
                let mut tx = db.begin_write()?;
                tx.set_durability(redb::Durability::None)
                    .map_err(|e| StoreError::Internal(e.to_string()))?;
                let mut writer = Writer::new(
                    tx,
                    self.codec(),
                    actor.clone(),
                    self.clock,
                    self.commits.clone(),
                );
                let value = f(&mut writer)?;
                if let Some(keys) = writer.commit()? {
                    self.take_keys(keys);
                }
                Ok(value)
            })?;
            self.after_first_staff()?;
            Ok(value)
        })
    }

    /// The steps of a migration that need the keys (the notes' moods of a sealed store made
    /// before schema 6), once someone has unlocked; nothing when none is waiting.
    fn finish_upgrade(&self) -> Result<(), StoreError> {
        self.with_db(|db| {
            if !schema::pending_after_unlock(db)? {
                return Ok(());
            }
            let tx = db.begin_write()?;
            if schema::finish_after_unlock(&tx, &self.codec(), self.clock.now())? {
                tx.commit()?;
            }
            Ok(())
        })
    }

    /// Verifies the file (redb's own integrity check) and then that every record decodes and
    /// every index agrees with the records. Returns the problems found, empty when all is well.
    pub fn check(mut self) -> Result<Vec<String>, StoreError> {
        damage::shielded(move || {
            let mut problems = Vec::new();
            match self.db_mut()?.check_integrity() {
                Ok(true) => {}
                Ok(false) => problems.push(crate::tr!("store.check_repaired")),
                // Only a corrupted file is damage; an open reader, say, is not.
                Err(redb::DatabaseError::Storage(redb::StorageError::Corrupted(detail))) => {
                    return Err(StoreError::Damaged { detail });
                }
                Err(e) => return Err(e.into()),
            }
            let codec = self.codec();
            problems.extend(schema::verify(self.db_mut()?, &codec)?);
            Ok(problems)
        })
    }

    /// redb's own check of the file (each page against its checksum), without the walk over
    /// every record that `check` adds: what a report or an export runs before it reads. redb
    /// reads pages without their checksums, so a key garbled in an index page can hide a record
    /// from a figure while every read succeeds; this says it is damage instead.
    pub fn verify_file(&mut self) -> Result<(), StoreError> {
        damage::shielded(|| match self.db_mut()?.check_integrity() {
            // `false`: a file not closed cleanly, repaired; what it holds is sound.
            Ok(_) => Ok(()),
            Err(redb::DatabaseError::Storage(redb::StorageError::Corrupted(detail))) => {
                Err(StoreError::Damaged { detail })
            }
            Err(e) => Err(e.into()),
        })
    }

    /// Writes a consistent copy of this store to `target`, a new file (never one that exists):
    /// every record is copied through one read snapshot and the indexes are rebuilt in the copy.
    pub(crate) fn backup_to(&self, target: &Path) -> Result<(), StoreError> {
        let file = files::create_new_private(target).map_err(|e| match e {
            StoreError::Io { .. } if target.exists() => {
                StoreError::Refused(crate::model::Refusal::Backup {
                    path: target.display().to_string(),
                    why: crate::model::BackupRefusal::Exists,
                })
            }
            other => other,
        })?;
        let copied = self.backup_into(file);
        if copied.is_err() {
            let _ = std::fs::remove_file(target);
        }
        copied
    }

    /// Writes a consistent copy of this store into `file`, empty and open for writing (the
    /// unnamed file of `export::output`, linked in once the copy is whole).
    pub(crate) fn backup_into(&self, file: std::fs::File) -> Result<(), StoreError> {
        // The copy opens nothing, but a locked store is copied by no one: someone at work
        // asks for it (the coordinator's backup, the daily round of an unlocked app).
        if self.codec().is_locked() {
            return Err(StoreError::Locked);
        }
        damage::shielded(|| {
            let copy = files::create_in(file)?;
            self.with_db(|db| schema::copy_all(db, &copy))
        })
    }
}
