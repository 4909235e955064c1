//! What can go wrong with the store, as data: each error carries its facts (a path, a
//! number, the refusal), and is put into words at the edge, in the reader's language
//! (`labels::store_error`, which is this type's `Display`).

use crate::domain::access::Denial;
use crate::model::Refusal;
use std::path::PathBuf;

#[derive(Debug)]
pub enum StoreError {
    AlreadyOpen {
        path: PathBuf,
    },
    NotAStore {
        path: PathBuf,
    },
    /// A folder, a pipe, a device: only a regular file can be a store (or a config file).
    NotAFile {
        path: PathBuf,
    },
    /// A file of 0 bytes where a store was expected: refused, never turned into a new store.
    EmptyFile {
        path: PathBuf,
    },
    /// No store file at the path a command that needs one was given.
    Missing {
        path: PathBuf,
    },
    /// The folder a new store would go in does not exist.
    NoFolder {
        path: PathBuf,
        dir: PathBuf,
    },
    TooNew {
        path: PathBuf,
        found: u64,
        supported: u64,
    },
    PermissionDenied {
        path: PathBuf,
    },
    Io {
        path: PathBuf,
        detail: String,
    },
    /// The disk the store is on has no space left: nothing was changed, what is there can
    /// still be read.
    DiskFull {
        path: PathBuf,
        detail: String,
    },
    Damaged {
        detail: String,
    },
    /// A backup given to `restore` that cannot be read as a sound Shouwang store; the store in
    /// use is not touched.
    BackupDamaged {
        path: PathBuf,
        detail: String,
    },
    BackupNotAStore {
        path: PathBuf,
    },
    DuplicateCounselor {
        name: String,
    },
    DuplicateStudentId {
        student_id: String,
    },
    DuplicateChild {
        name: String,
        birth_date: String,
    },
    DuplicateLetter {
        number: String,
    },
    NotFound {
        what: String,
    },
    /// A rule of the domain refused the change: which, with its facts.
    Refused(Refusal),
    /// The permission table refused the person acting (who, what, why); the refusal is in
    /// the audit.
    NotAllowed(Denial),
    Internal(String),
    /// The store is encrypted and its keys are not at hand (locked, or nobody logged in).
    Locked,
    /// A value sealed to the school's key (the audit trail), and whoever unlocked is not a
    /// coordinator.
    ForCoordinators,
    /// A value sealed to a child whose key whoever unlocked does not hold: outside their care.
    OutOfCare,
    /// Letters are sealed under the mailbox's key, and this reader has not been given it yet
    /// (it is given at the next unlock of someone who holds it).
    NoMailboxKey,
    /// A wrong passphrase; `wait` is the backoff (seconds) before the next attempt.
    WrongPassphrase {
        wait: u64,
    },
    /// Too many wrong passphrases lately: no attempt before `wait` seconds have passed.
    TooSoon {
        wait: u64,
    },
    /// The staff member has no passphrase (and so no key) yet.
    NoPassphrase {
        name: String,
    },
    /// A store made before encryption: the coordinator must encrypt it before real use.
    NotEncrypted,
    /// No staff member has this name (as typed: shown to the person who typed it, never
    /// kept in the audit).
    UnknownName {
        name: String,
    },
    /// The staff member was deactivated by the coordinator: they cannot open the store.
    Deactivated {
        name: String,
    },
}

impl std::error::Error for StoreError {}

impl From<Refusal> for StoreError {
    fn from(r: Refusal) -> StoreError {
        StoreError::Refused(r)
    }
}

impl From<Denial> for StoreError {
    fn from(d: Denial) -> StoreError {
        StoreError::NotAllowed(d)
    }
}

macro_rules! internal_from {
    ($($t:ty),*) => {$(
        impl From<$t> for StoreError {
            fn from(e: $t) -> Self {
                StoreError::from_redb(e.into())
            }
        }
    )*};
}

internal_from!(
    redb::TransactionError,
    redb::TableError,
    redb::StorageError,
    redb::CommitError,
    redb::DatabaseError
);

impl StoreError {
    pub(super) fn from_redb(e: redb::Error) -> StoreError {
        match e {
            redb::Error::Corrupted(detail) => StoreError::Damaged { detail },
            // The program's tables never change their types but through a migration: a stored
            // definition that disagrees was garbled on disk.
            e @ (redb::Error::TypeDefinitionChanged { .. }
            | redb::Error::TableTypeMismatch { .. }
            | redb::Error::TableIsMultimap(_)
            | redb::Error::TableIsNotMultimap(_)) => StoreError::Damaged {
                detail: e.to_string(),
            },
            // A garbled length sends redb past the end of the file.
            redb::Error::Io(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
                StoreError::Damaged {
                    detail: io.to_string(),
                }
            }
            redb::Error::Io(io) if io.kind() == std::io::ErrorKind::PermissionDenied => {
                StoreError::PermissionDenied {
                    path: PathBuf::new(),
                }
            }
            // The store's path is added where the error is noted (`Store::noted`).
            redb::Error::Io(io) if is_disk_full(&io) => StoreError::DiskFull {
                path: PathBuf::new(),
                detail: io.to_string(),
            },
            redb::Error::Io(io) => StoreError::Io {
                path: PathBuf::new(),
                detail: io.to_string(),
            },
            redb::Error::PreviousIo => StoreError::previous_io(),
            other => StoreError::Internal(other.to_string()),
        }
    }

    /// redb's "Previous I/O error occurred", said as what it means (an I/O error with no
    /// detail of its own: `labels` words it).
    pub(super) fn previous_io() -> StoreError {
        StoreError::Io {
            path: PathBuf::new(),
            detail: String::new(),
        }
    }

    /// An error of the disk under the store (full, or failing), after which redb must be
    /// opened again.
    pub(super) fn is_disk_fault(&self) -> bool {
        matches!(self, StoreError::DiskFull { .. } | StoreError::Io { .. })
    }

    /// The error with the store's path where redb gave none.
    pub(super) fn at_path(self, store: &std::path::Path) -> StoreError {
        match self {
            StoreError::DiskFull { path, detail } if path.as_os_str().is_empty() => {
                StoreError::DiskFull {
                    path: store.to_path_buf(),
                    detail,
                }
            }
            StoreError::Io { path, detail } if path.as_os_str().is_empty() => StoreError::Io {
                path: store.to_path_buf(),
                detail,
            },
            other => other,
        }
    }
}

/// No space left on the device (ENOSPC), or a quota reached.
pub(super) fn is_disk_full(e: &std::io::Error) -> bool {
    matches!(
        e.kind(),
        std::io::ErrorKind::StorageFull | std::io::ErrorKind::QuotaExceeded
    ) || e.raw_os_error() == Some(28)
}
