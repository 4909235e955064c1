//! `StoreError` in words: its `Display`, written here so that the store names no sentence.
//! Every edge that shows a store error (a screen's status line, a command's message, an
//! import's report) formats it with `{}`, in the language in force where it is shown; the
//! error itself carries only data, so it can cross threads and be worded later.

use super::refusals::{denial, refusal};
use crate::store::StoreError;
use crate::text::safe;
use crate::{tr, trn};
use std::fmt;

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&store_error(self))
    }
}

/// What a person reads for a store error.
pub fn store_error(e: &StoreError) -> String {
    match e {
        StoreError::AlreadyOpen { path } => tr!("store.already_open", path = path.display()),
        StoreError::NotAStore { path } => tr!("store.not_a_store", path = path.display()),
        StoreError::NotAFile { path } => tr!("store.not_a_file", path = path.display()),
        StoreError::EmptyFile { path } => tr!("store.empty_file", path = path.display()),
        StoreError::Missing { path } => tr!("store.missing", path = path.display()),
        StoreError::NoFolder { path, dir } => tr!(
            "store.no_folder",
            path = path.display(),
            dir = dir.display()
        ),
        StoreError::TooNew {
            path,
            found,
            supported,
        } => tr!(
            "store.too_new",
            path = path.display(),
            found = found,
            supported = supported
        ),
        StoreError::PermissionDenied { path } => tr!("store.permission", path = path.display()),
        // redb's "previous I/O error" has no detail of its own (`StoreError::previous_io`).
        StoreError::Io { path, detail } if detail.is_empty() => tr!(
            "store.io",
            path = path.display(),
            detail = tr!("store.previous_io")
        ),
        StoreError::Io { path, detail } => tr!("store.io", path = path.display(), detail = detail),
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
        StoreError::DuplicateCounselor { name } => tr!("store.duplicate_counselor", name = name),
        StoreError::DuplicateStudentId { student_id } => {
            tr!("store.duplicate_student_id", student_id = student_id)
        }
        StoreError::DuplicateChild { name, birth_date } => tr!(
            "store.duplicate_child",
            name = name,
            birth_date = birth_date
        ),
        StoreError::DuplicateLetter { number } => tr!("store.duplicate_letter", number = number),
        StoreError::NotFound { what } => tr!("store.not_found", what = what),
        StoreError::Refused(r) => refusal(r),
        StoreError::NotAllowed(d) => denial(d),
        StoreError::Internal(detail) => tr!("store.internal", detail = detail),
        StoreError::Locked => tr!("privacy.locked"),
        StoreError::ForCoordinators => tr!("privacy.for_coordinators"),
        StoreError::OutOfCare => tr!("privacy.out_of_care"),
        StoreError::NoMailboxKey => tr!("privacy.no_mailbox_key"),
        StoreError::WrongPassphrase { wait: 0 } => tr!("privacy.wrong"),
        StoreError::WrongPassphrase { wait } => trn!("privacy.wrong_wait", wait = *wait),
        StoreError::TooSoon { wait } => trn!("privacy.too_soon", wait = *wait),
        StoreError::NoPassphrase { name } => tr!("privacy.no_passphrase", name = safe(name)),
        StoreError::NotEncrypted => tr!("privacy.not_encrypted"),
        StoreError::UnknownName { name } => tr!("ui.start.no_such_user", name = safe(name)),
        StoreError::Deactivated { name } => tr!("privacy.deactivated", name = safe(name)),
    }
}
