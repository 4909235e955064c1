//! A damaged store is said to be damaged, never a panic. redb answers some garbled pages with a
//! panic (`entered unreachable code`, `range end index … out of range`) instead of an error;
//! the store's doors (opening, `check`, every write, and the whole of a command or of the app's
//! loop through `shield`) run redb inside `shielded`, which turns such a panic into
//! `StoreError::Damaged`. A panic raised by anything but redb is a bug: it is printed as ever
//! and goes on unwinding.

use super::StoreError;
use std::path::{Path, PathBuf};

/// Runs `f`, which reaches into redb; a panic redb raises on damaged pages becomes
/// `StoreError::Damaged`. Shields nest: the innermost one that sees the panic answers.
pub fn shielded<T>(f: impl FnOnce() -> Result<T, StoreError>) -> Result<T, StoreError> {
    crate::contain::contained("redb", f).unwrap_or_else(|said| {
        Err(StoreError::Damaged {
            detail: crate::tr!("store.damaged_panic", detail = crate::text::safe(&said)),
        })
    })
}

/// The newest daily copy of the store at `store` in its `backups/` folder, if any.
pub fn newest_backup(store: &Path) -> Option<PathBuf> {
    let dir = store
        .parent()
        .map_or_else(|| PathBuf::from("backups"), |p| p.join("backups"));
    let stem = store.file_stem()?.to_string_lossy().into_owned();
    let prefix = format!("{stem}-");
    std::fs::read_dir(dir)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            p.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .is_some_and(|n| n.starts_with(&prefix) && n.ends_with(".redb"))
        })
        .max()
}

/// What to do about a damaged store at `store`: the newest copy in `backups/` and the command
/// that puts it back, or where to look when there is none.
pub fn advice(store: &Path) -> String {
    match newest_backup(store) {
        Some(copy) => crate::tr!(
            "store.damaged_restore",
            backup = copy.display(),
            store = store.display()
        ),
        None => crate::tr!("store.damaged_no_backup", store = store.display()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_of_our_own_is_not_called_damage() {
        let ours = std::panic::catch_unwind(|| {
            let _ = shielded(|| -> Result<(), StoreError> { panic!("a bug") });
        });
        assert!(ours.is_err());
    }

    #[test]
    fn the_newest_daily_copy_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("school.redb");
        assert_eq!(newest_backup(&store), None);
        std::fs::create_dir(dir.path().join("backups")).unwrap();
        for day in ["2026-12-01", "2026-12-03", "2026-12-02"] {
            std::fs::write(dir.path().join(format!("backups/school-{day}.redb")), b"x").unwrap();
        }
        std::fs::write(dir.path().join("backups/other-2026-12-09.redb"), b"x").unwrap();
        assert_eq!(
            newest_backup(&store).unwrap(),
            dir.path().join("backups/school-2026-12-03.redb")
        );
    }
}
