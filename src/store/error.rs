//! What can go wrong with the store, as sentences a counselor can act on.

use crate::tr;
use std::fmt;
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
    /// A rule of the domain refused the change; the text is already a full sentence.
    Refused(String),
    /// The permission table refused the person acting (a full sentence: what, why, what to
    /// do); the refusal is in the audit.
    NotAllowed(String),
    Internal(String),
    /// The store is encrypted and its keys are not at hand (locked, or nobody logged in).
    Locked,
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

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            StoreError::AlreadyOpen { path } => tr!("store.already_open", path = path.display()),
            StoreError::NotAStore { path } => tr!("store.not_a_store", path = path.display()),
            StoreError::NotAFile { path } => tr!("store.not_a_file", path = path.display()),
            StoreError::EmptyFile { path } => tr!("store.empty_file", path = path.display()),
            StoreError::Missing { path } => tr!("store.missing", path = path.display()),
            StoreError::NoFolder { path, dir } => {
                tr!(
                    "store.no_folder",
                    path = path.display(),
                    dir = dir.display()
                )
            }
            StoreError::TooNew {
                path,
                found,
                supported,
            } => {
                tr!(
                    "store.too_new",
                    path = path.display(),
                    found = found,
                    supported = supported
                )
            }
            StoreError::PermissionDenied { path } => tr!("store.permission", path = path.display()),
            StoreError::Io { path, detail } => {
                tr!("store.io", path = path.display(), detail = detail)
            }
            StoreError::DiskFull { path, .. } => tr!("store.disk_full", path = path.display()),
            StoreError::Damaged { detail } => tr!("store.damaged", detail = detail),
            StoreError::BackupDamaged { path, detail } => tr!(
                "store.backup_damaged",
                path = path.display(),
                detail = detail
            ),
            StoreError::BackupNotAStore { path } => {
                tr!("store.backup_not_a_store", path = path.display())
            }
            StoreError::DuplicateCounselor { name } => {
                tr!("store.duplicate_counselor", name = name)
            }
            StoreError::DuplicateStudentId { student_id } => {
                tr!("store.duplicate_student_id", student_id = student_id)
            }
            StoreError::DuplicateChild { name, birth_date } => {
                tr!(
                    "store.duplicate_child",
                    name = name,
                    birth_date = birth_date
                )
            }
            StoreError::DuplicateLetter { number } => {
                tr!("store.duplicate_letter", number = number)
            }
            StoreError::NotFound { what } => tr!("store.not_found", what = what),
            StoreError::Refused(sentence) | StoreError::NotAllowed(sentence) => sentence.clone(),
            StoreError::Internal(detail) => tr!("store.internal", detail = detail),
            StoreError::Locked => tr!("privacy.locked"),
            StoreError::WrongPassphrase { wait: 0 } => tr!("privacy.wrong"),
            StoreError::WrongPassphrase { wait } => crate::trn!("privacy.wrong_wait", wait = *wait),
            StoreError::TooSoon { wait } => crate::trn!("privacy.too_soon", wait = *wait),
            StoreError::NoPassphrase { name } => {
                tr!("privacy.no_passphrase", name = crate::text::safe(name))
            }
            StoreError::NotEncrypted => tr!("privacy.not_encrypted"),
            StoreError::UnknownName { name } => {
                tr!("ui.start.no_such_user", name = crate::text::safe(name))
            }
            StoreError::Deactivated { name } => {
                tr!("privacy.deactivated", name = crate::text::safe(name))
            }
        };
        f.write_str(&s)
    }
}

impl std::error::Error for StoreError {}

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

    /// redb's "Previous I/O error occurred", said as what it means.
    pub(super) fn previous_io() -> StoreError {
        StoreError::Io {
            path: PathBuf::new(),
            detail: tr!("store.previous_io"),
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
