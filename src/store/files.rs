//! Where the store lives and how its file is opened: permissions, the redb magic check and the
//! translation of redb's open errors into sentences.

use super::StoreError;
use redb::{Database, DatabaseError};
use std::fs::{self, OpenOptions};
use std::io::{ErrorKind, Read};
use std::path::{Path, PathBuf};

/// redb's page cache. Its default (1 GiB) would let a county-scale store push the app far past
/// the 150 MB that SPEC §6 allows; the hot pages (indexes, this week's records) fit in this.
const CACHE_BYTES: usize = 48 * 1024 * 1024;

/// The first bytes of every redb file.
const REDB_MAGIC: [u8; 9] = [b'r', b'e', b'd', b'b', 0x1A, 0x0A, 0xA9, 0x0D, 0x0A];

/// `~/.local/share/shouwang/shouwang.redb` on Linux, the platform's data folder elsewhere.
pub fn default_path() -> PathBuf {
    crate::paths::data_dir().join("shouwang.redb")
}

fn io_error(path: &Path, e: std::io::Error) -> StoreError {
    if e.kind() == ErrorKind::PermissionDenied {
        StoreError::PermissionDenied {
            path: path.to_path_buf(),
        }
    } else {
        StoreError::Io {
            path: path.to_path_buf(),
            detail: e.to_string(),
        }
    }
}

fn create_private_dir(dir: &Path) -> Result<(), StoreError> {
    crate::paths::create_private_dir(dir).map_err(|e| io_error(dir, e))
}

/// Creates an empty file readable and writable by the owner only; redb fills it.
fn create_private_file(path: &Path) -> Result<(), StoreError> {
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    match options.open(path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(io_error(path, e)),
    }
}

/// A file that exists, is not empty and does not start with redb's magic is somebody else's:
/// refuse it before redb sees it, so it is left exactly as it was.
fn refuse_foreign_file(path: &Path) -> Result<(), StoreError> {
    let mut file = match fs::File::open(path) {
        Ok(f) => f,
        Err(e) if e.kind() == ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(io_error(path, e)),
    };
    if file.metadata().map_err(|e| io_error(path, e))?.is_dir() {
        return Err(StoreError::NotAStore {
            path: path.to_path_buf(),
        });
    }
    let mut head = Vec::with_capacity(REDB_MAGIC.len());
    file.by_ref()
        .take(REDB_MAGIC.len() as u64)
        .read_to_end(&mut head)
        .map_err(|e| io_error(path, e))?;
    if head.is_empty() || head == REDB_MAGIC {
        Ok(())
    } else {
        Err(StoreError::NotAStore {
            path: path.to_path_buf(),
        })
    }
}

/// Opens the redb file at `path`, making a new one if there is none, but only in a folder that
/// exists: a mistyped path must not leave folders and an empty store behind.
pub fn open_database(path: &Path) -> Result<Database, StoreError> {
    refuse_foreign_file(path)?;
    super::schema::refuse_newer_untouched(path)?;
    if let Some(dir) = path.parent()
        && !dir.as_os_str().is_empty()
        && !dir.is_dir()
    {
        return Err(StoreError::NoFolder {
            path: path.to_path_buf(),
            dir: dir.to_path_buf(),
        });
    }
    create_private_file(path)?;
    Database::builder()
        .set_cache_size(CACHE_BYTES)
        .create(path)
        .map_err(|e| match e {
            DatabaseError::DatabaseAlreadyOpen => StoreError::AlreadyOpen {
                path: path.to_path_buf(),
            },
            DatabaseError::UpgradeRequired(_) => StoreError::TooNew {
                path: path.to_path_buf(),
                found: 0,
                supported: 0,
            },
            DatabaseError::Storage(redb::StorageError::Io(io)) => io_error(path, io),
            DatabaseError::Storage(redb::StorageError::Corrupted(detail)) => {
                StoreError::Damaged { detail }
            }
            other => StoreError::Io {
                path: path.to_path_buf(),
                detail: other.to_string(),
            },
        })
}

/// The suffixes of the files the store keeps beside itself: the copy being restored and the
/// stores a restore replaced (`<name>.before-restore-<time>`).
const RESTORING: &str = ".restoring";
const BEFORE_RESTORE: &str = ".before-restore-";

/// Whether writing a file at `target` would overwrite the store at `store` or a file it keeps
/// beside it, whatever the spelling: relative or absolute, `..`, a symbolic link, a hard link.
pub fn is_store_file(store: &Path, target: &Path) -> bool {
    let (Some(store), Some(target)) = (resolved(store), resolved(target)) else {
        return false;
    };
    if store == target || same_inode(&store, &target) {
        return true;
    }
    let (Some(name), Some(other)) = (store.file_name(), target.file_name()) else {
        return false;
    };
    let (name, other) = (name.to_string_lossy(), other.to_string_lossy());
    store.parent() == target.parent()
        && other
            .strip_prefix(name.as_ref())
            .is_some_and(|rest| rest == RESTORING || rest.starts_with(BEFORE_RESTORE))
}

/// The canonical form of `path`, or of its folder joined with its name when the file does not
/// exist yet; `None` when even the folder cannot be found.
fn resolved(path: &Path) -> Option<PathBuf> {
    if let Ok(p) = fs::canonicalize(path) {
        return Some(p);
    }
    let name = path.file_name()?;
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    Some(fs::canonicalize(dir).ok()?.join(name))
}

#[cfg(unix)]
fn same_inode(a: &Path, b: &Path) -> bool {
    use std::os::unix::fs::MetadataExt;
    match (fs::metadata(a), fs::metadata(b)) {
        (Ok(a), Ok(b)) => a.dev() == b.dev() && a.ino() == b.ino(),
        _ => false,
    }
}

/// Without device and inode numbers the canonical path is the comparison.
#[cfg(not(unix))]
fn same_inode(_: &Path, _: &Path) -> bool {
    false
}

pub fn restore(
    path: &Path,
    source: &Path,
    keys: Option<&super::KeyRing>,
) -> Result<Option<PathBuf>, StoreError> {
    if !source.exists() {
        return Err(StoreError::NotFound {
            what: source.display().to_string(),
        });
    }
    verify_backup(source, keys)?;
    if let Some(dir) = path.parent() {
        create_private_dir(dir)?;
    }
    // Copy beside the store first, so a failed copy leaves the current store where it was.
    let mut tmp_name = path.file_name().unwrap_or_default().to_os_string();
    tmp_name.push(RESTORING);
    let tmp = path.with_file_name(tmp_name);
    let _ = fs::remove_file(&tmp);
    create_private_file(&tmp)?;
    fs::copy(source, &tmp).map_err(|e| io_error(&tmp, e))?;
    make_private(&tmp)?;
    let kept = if path.exists() {
        // Opening the current store takes its lock, so a store open in another window is refused.
        drop(super::Store::open(path)?);
        let stamp = crate::clock::now().format("%Y%m%d-%H%M%S");
        let mut name = path.file_name().unwrap_or_default().to_os_string();
        name.push(format!("{BEFORE_RESTORE}{stamp}"));
        let kept = path.with_file_name(name);
        fs::rename(path, &kept).map_err(|e| io_error(path, e))?;
        Some(kept)
    } else {
        None
    };
    fs::rename(&tmp, path).map_err(|e| io_error(path, e))?;
    Ok(kept)
}

/// Opening and checking the backup proves it is a readable Shouwang store of a version we
/// understand. When it is not, the sentence names the backup and says the store in use was not
/// touched (nothing of it has been opened yet).
fn verify_backup(source: &Path, keys: Option<&super::KeyRing>) -> Result<(), StoreError> {
    let damaged = |detail: String| StoreError::BackupDamaged {
        path: source.to_path_buf(),
        detail,
    };
    // redb can panic on pages garbled in a way its checksums miss (an `unreachable!` in its
    // b-tree); a damaged backup still deserves a sentence, so the panic is caught here, its
    // message kept off the screen.
    let hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(|_| {}));
    let checked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let backup = super::Store::open(source)?;
        backup.adopt(keys);
        backup.check()
    }));
    std::panic::set_hook(hook);
    match checked {
        Err(_) => Err(damaged(crate::tr!("store.backup_unreadable"))),
        Ok(Ok(problems)) if problems.is_empty() => Ok(()),
        Ok(Ok(problems)) => Err(damaged(problems.join("; "))),
        Ok(Err(StoreError::Damaged { detail } | StoreError::Io { detail, .. })) => {
            Err(damaged(detail))
        }
        Ok(Err(StoreError::NotAStore { .. })) => Err(StoreError::BackupNotAStore {
            path: source.to_path_buf(),
        }),
        Ok(Err(other)) => Err(other),
    }
}

/// `fs::copy` carries the source's mode over; a store is always owner-only.
fn make_private(path: &Path) -> Result<(), StoreError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::set_permissions(path, fs::Permissions::from_mode(0o600))
            .map_err(|e| io_error(path, e))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}
