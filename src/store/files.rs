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
    if super::error::is_disk_full(&e) {
        StoreError::DiskFull {
            path: path.to_path_buf(),
            detail: e.to_string(),
        }
    } else if e.kind() == ErrorKind::PermissionDenied {
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
    match crate::owner_only::open(OpenOptions::new().write(true).create_new(true), path) {
        Ok(_) => Ok(()),
        Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(()),
        Err(e) => Err(io_error(path, e)),
    }
}

/// Only a regular file can be a store, and only one that begins with redb's magic: anything
/// else (a folder, a pipe, a device, an empty file, somebody's document) is refused before
/// redb sees it, so it is left exactly as it was. A pipe is refused before it is opened,
/// which would wait for a writer for ever.
fn refuse_foreign_file(path: &Path) -> Result<(), StoreError> {
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(e) if e.kind() == ErrorKind::NotFound => {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            });
        }
        Err(e) => return Err(io_error(path, e)),
    };
    if !meta.is_file() {
        return Err(StoreError::NotAFile {
            path: path.to_path_buf(),
        });
    }
    if meta.len() == 0 {
        return Err(StoreError::EmptyFile {
            path: path.to_path_buf(),
        });
    }
    let mut file = fs::File::open(path).map_err(|e| io_error(path, e))?;
    let mut head = Vec::with_capacity(REDB_MAGIC.len());
    file.by_ref()
        .take(REDB_MAGIC.len() as u64)
        .read_to_end(&mut head)
        .map_err(|e| io_error(path, e))?;
    if head == REDB_MAGIC {
        Ok(())
    } else {
        Err(StoreError::NotAStore {
            path: path.to_path_buf(),
        })
    }
}

fn builder() -> redb::Builder {
    let mut b = Database::builder();
    b.set_cache_size(CACHE_BYTES);
    b
}

fn open_error(path: &Path, e: DatabaseError) -> StoreError {
    match e {
        DatabaseError::DatabaseAlreadyOpen => StoreError::AlreadyOpen {
            path: path.to_path_buf(),
        },
        DatabaseError::UpgradeRequired(_) => StoreError::TooNew {
            path: path.to_path_buf(),
            found: 0,
            supported: 0,
        },
        // A length garbled on disk sends redb past the end of the file: damage, not a disk fault.
        DatabaseError::Storage(redb::StorageError::Io(io))
            if io.kind() == ErrorKind::UnexpectedEof =>
        {
            StoreError::Damaged {
                detail: io.to_string(),
            }
        }
        DatabaseError::Storage(redb::StorageError::Io(io)) => io_error(path, io),
        DatabaseError::Storage(redb::StorageError::Corrupted(detail)) => {
            StoreError::Damaged { detail }
        }
        other => StoreError::Io {
            path: path.to_path_buf(),
            detail: other.to_string(),
        },
    }
}

/// Opens the store file at `path`, which must exist and be a store (`refuse_foreign_file`).
pub fn open_database(path: &Path) -> Result<Database, StoreError> {
    refuse_foreign_file(path)?;
    super::schema::refuse_newer_untouched(path)?;
    super::damage::shielded(|| builder().create(path).map_err(|e| open_error(path, e)))
}

/// Opens the store file at `path` for reading only (`read_only.rs`): the file is never written,
/// and may be one its user cannot write. `None` when the file needs the repair of a store that
/// was not closed cleanly, which only a writable open makes.
pub fn open_read_only(path: &Path) -> Result<Option<Database>, StoreError> {
    refuse_foreign_file(path)?;
    super::schema::refuse_newer_untouched(path)?;
    super::damage::shielded(|| {
        // It reads nothing but the header: it is there for redb's shared lock.
        let mut lock = Database::builder();
        lock.set_cache_size(0);
        let shared = match lock.open_read_only(path) {
            Ok(db) => db,
            Err(DatabaseError::RepairAborted) => return Ok(None),
            Err(e) => return Err(open_error(path, e)),
        };
        let file = fs::File::open(path).map_err(|e| io_error(path, e))?;
        let overlay =
            super::read_only::Overlay::new(file, shared).map_err(|e| io_error(path, e))?;
        builder()
            .create_with_backend(overlay)
            .map(Some)
            .map_err(|e| open_error(path, e))
    })
}

/// Makes a new store at `path` (which does not exist), only in a folder that exists: a
/// mistyped path must not leave folders and an empty store behind. The store is built under
/// a temporary name and `init` commits its first transaction there; only then is it linked
/// to `path`. A process killed on the way leaves no file at `path` (never a zero-filled one
/// that no later start could open), at most the temporary one, which the next try removes.
pub fn create_database(
    path: &Path,
    init: impl FnOnce(&Database) -> Result<(), StoreError>,
) -> Result<Database, StoreError> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        return Err(StoreError::NoFolder {
            path: path.to_path_buf(),
            dir: dir.to_path_buf(),
        });
    }
    let tmp = beside(path, CREATING);
    // A file left by a creation that was killed: it never was a store anyone used.
    let _ = fs::remove_file(&tmp);
    create_private_file(&tmp)?;
    let made = builder()
        .create(&tmp)
        .map_err(|e| open_error(&tmp, e))
        .and_then(|db| init(&db));
    if let Err(e) = made {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    // A hard link never replaces a file: a store another process made meanwhile is kept.
    let linked = match fs::hard_link(&tmp, path) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::AlreadyExists => Ok(()),
        // A file system without hard links: the rename is the next best.
        Err(_) if !path.exists() => fs::rename(&tmp, path),
        Err(e) => Err(e),
    };
    let _ = fs::remove_file(&tmp);
    linked.map_err(|e| io_error(path, e))?;
    sync_dir(dir);
    open_database(path)
}

/// A new, empty file at `path`, owner-only; an existing file is an error (`Io`).
pub fn create_new_private(path: &Path) -> Result<fs::File, StoreError> {
    crate::owner_only::open(
        OpenOptions::new().read(true).write(true).create_new(true),
        path,
    )
    .map_err(|e| io_error(path, e))
}

/// The database of the store named `path` over `backend`, as it was made
/// (`Store::open_with_backend`), with the page cache of every store.
pub fn open_backend(
    path: &Path,
    backend: std::io::Result<impl redb::StorageBackend>,
) -> Result<Database, StoreError> {
    let backend = backend.map_err(|e| io_error(path, e))?;
    super::damage::shielded(|| {
        builder()
            .create_with_backend(backend)
            .map_err(|e| open_error(path, e))
    })
}

/// A new store in `file` (empty, open for reading and writing): a backup being written.
pub fn create_in(file: fs::File) -> Result<Database, StoreError> {
    let backend =
        redb::backends::FileBackend::new(file).map_err(|e| open_error(Path::new(""), e))?;
    builder()
        .create_with_backend(backend)
        .map_err(|e| open_error(Path::new(""), e))
}

/// `path` with `suffix` added to its file name, in the same folder.
fn beside(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_os_string();
    name.push(suffix);
    path.with_file_name(name)
}

/// Makes a rename or a link durable where the platform allows; a failure loses nothing
/// already written, so it is not reported.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// The suffixes of the files the store keeps beside itself: the copy being restored, the
/// stores a restore replaced (`<name>.before-restore-<time>`) and a store being made.
const RESTORING: &str = ".restoring";
const BEFORE_RESTORE: &str = ".before-restore-";
/// A new store while its first transaction is written (`create_database`).
const CREATING: &str = ".creating";

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
        && other.strip_prefix(name.as_ref()).is_some_and(|rest| {
            rest == RESTORING || rest == CREATING || rest.starts_with(BEFORE_RESTORE)
        })
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

/// Copies the backup at `source` to `<store>.restoring` beside the store at `path` (owner-only),
/// after checking that `source` is a regular file that starts like a store, and gives the
/// copy's path: the backup itself is only read, never opened by redb (which would write to it).
pub fn copy_for_restore(path: &Path, source: &Path) -> Result<PathBuf, StoreError> {
    match refuse_foreign_file(source) {
        Ok(()) => {}
        Err(StoreError::Missing { .. }) => {
            return Err(StoreError::NotFound {
                what: source.display().to_string(),
            });
        }
        Err(StoreError::EmptyFile { .. }) => {
            return Err(StoreError::Refused(crate::model::Refusal::Backup {
                path: source.display().to_string(),
                why: crate::model::BackupRefusal::Empty,
            }));
        }
        Err(StoreError::NotAStore { .. } | StoreError::NotAFile { .. }) => {
            return Err(StoreError::BackupNotAStore {
                path: source.to_path_buf(),
            });
        }
        Err(e) => return Err(e),
    }
    if let Some(dir) = path.parent() {
        create_private_dir(dir)?;
    }
    let tmp = beside(path, RESTORING);
    let _ = fs::remove_file(&tmp);
    create_private_file(&tmp)?;
    // The bytes only: `fs::copy` would carry the backup's rights over (on Windows its
    // read-only mark, which would leave the copy unwritable), and the copy is owner-only.
    let copied = fs::File::open(source)
        .map_err(|e| io_error(source, e))
        .and_then(|mut from| {
            let mut to = OpenOptions::new()
                .write(true)
                .open(&tmp)
                .map_err(|e| io_error(&tmp, e))?;
            std::io::copy(&mut from, &mut to)
                .and_then(|_| to.sync_all())
                .map_err(|e| io_error(&tmp, e))
        });
    if let Err(e) = copied {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    Ok(tmp)
}

/// Copies the closed store at `path` byte for byte to `target`, a new owner-only file, and
/// makes the copy durable; the copy is then opened for reading only and must be a store with
/// the same id (`id`). No record is opened: it stays sealed as it was. A failure leaves no
/// file at `target`.
pub fn copy_closed_store(path: &Path, target: &Path, id: Option<u64>) -> Result<(), StoreError> {
    let copied = create_new_private(target).and_then(|mut to| {
        let mut from = fs::File::open(path).map_err(|e| io_error(path, e))?;
        // `io::copy` between files is the kernel's copy where there is one (copy_file_range):
        // no buffer in the process, whatever the store's size.
        std::io::copy(&mut from, &mut to)
            .and_then(|_| to.sync_all())
            .map_err(|e| io_error(target, e))?;
        let Some(copy) = open_read_only(target)? else {
            return Err(StoreError::Damaged {
                detail: "the backup's copy needs a repair".into(),
            });
        };
        let read = redb::ReadableDatabase::begin_read(&copy)?;
        let there = read
            .open_table(super::tables::META)?
            .get(super::tables::META_STORE_ID)?
            .map(|v| v.value());
        if there != id {
            return Err(StoreError::Damaged {
                detail: "the backup's copy is not this store".into(),
            });
        }
        Ok(())
    });
    if copied.is_err() {
        let _ = fs::remove_file(target);
    }
    copied
}

/// Puts the prepared copy `ready` in the place of the store at `path`. The store it replaces
/// (if any) is kept beside it under a name of its own: `<name>.before-restore-<time>`, with
/// `-2`, `-3`… when a restore in the same second kept one already. A hard link never replaces
/// a file, so no kept store is ever written over, and the store's name points at the old
/// store or at the restored one at every moment. `now` (the school's clock) names it.
pub fn swap_in(
    path: &Path,
    ready: &Path,
    now: chrono::NaiveDateTime,
) -> Result<Option<PathBuf>, StoreError> {
    let kept = if path.symlink_metadata().is_ok() {
        Some(keep_aside(path, now)?)
    } else {
        None
    };
    fs::rename(ready, path).map_err(|e| io_error(path, e))?;
    if let Some(dir) = path.parent() {
        sync_dir(dir);
    }
    Ok(kept)
}

/// Links the store at `path` to the first free `<name>.before-restore-<time>[-n]`.
fn keep_aside(path: &Path, now: chrono::NaiveDateTime) -> Result<PathBuf, StoreError> {
    let stamp = now.format("%Y%m%d-%H%M%S").to_string();
    for n in 1..10_000u32 {
        let suffix = match n {
            1 => format!("{BEFORE_RESTORE}{stamp}"),
            n => format!("{BEFORE_RESTORE}{stamp}-{n}"),
        };
        let candidate = beside(path, &suffix);
        match fs::hard_link(path, &candidate) {
            Ok(()) => return Ok(candidate),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
            // No hard links on this file system: a free name, then the old store moves there.
            Err(_) if candidate.symlink_metadata().is_err() => {
                fs::rename(path, &candidate).map_err(|e| io_error(path, e))?;
                return Ok(candidate);
            }
            Err(e) => return Err(io_error(&candidate, e)),
        }
    }
    Err(StoreError::Io {
        path: path.to_path_buf(),
        detail: "no free name for the replaced store".into(),
    })
}

/// Removes what `copy_for_restore` made when the restore does not go ahead.
pub fn discard(tmp: &Path) {
    let _ = fs::remove_file(tmp);
}
