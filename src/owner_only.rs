//! Files and folders readable by their owner only (the store, its folder, backups, exports:
//! they hold children's medical and family histories). The one place rights are set, on
//! both systems: on Unix the mode (0600 for a file, 0700 for a folder), given when the file
//! or folder is made; on Windows a protected DACL (no rights inherited from the folder above)
//! with one entry, the current user's full control, set right after it is made and before
//! any byte is written into it. A folder's entry is inherited by what is made in it later.
//! Administrators (root on Unix) can still take what they want: no file right stops them.
//! A file system that keeps no rights (FAT or exFAT, as on most USB sticks) keeps none on
//! either system. The Windows calls are `sys::windows`'s.

use std::fs::{File, OpenOptions};
use std::io;
use std::path::Path;

/// Opens `path` with `options`; a file this makes is owner-only before the caller writes a
/// byte. On Unix the mode applies only to a file the open creates; on Windows the file's
/// rights are set whether it was made now or not, so `options` should create it (every
/// caller makes a new file, or its own log).
pub fn open(options: &mut OpenOptions, path: &Path) -> io::Result<File> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(path)?;
    #[cfg(windows)]
    crate::sys::windows::restrict(path, false)?;
    Ok(file)
}

/// Makes `dir` and its missing parents; the ones it makes are owner-only (a folder that
/// exists is left as it is: it may be a shared folder the user chose).
pub fn create_dir_all(dir: &Path) -> io::Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
    }
    #[cfg(not(unix))]
    {
        // The missing ones, outermost first, each made and restricted before the next.
        let missing: Vec<&Path> = dir
            .ancestors()
            .take_while(|d| !d.as_os_str().is_empty() && !d.is_dir())
            .collect();
        for d in missing.into_iter().rev() {
            match std::fs::create_dir(d) {
                Ok(()) => {
                    #[cfg(windows)]
                    crate::sys::windows::restrict(d, true)?;
                }
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists && d.is_dir() => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }
}

#[cfg(all(test, windows))]
mod tests {
    use crate::sys::windows::read_back::{ACCESS_ALLOWED, dacl_of};
    use std::path::Path;
    use windows_sys::Win32::Security::{CONTAINER_INHERIT_ACE, OBJECT_INHERIT_ACE};
    use windows_sys::Win32::Storage::FileSystem::FILE_ALL_ACCESS;

    /// Issue 24 item 2: a file and a folder made owner-only carry a protected DACL with
    /// exactly one entry, the current user's full control (the folder's inherited by what
    /// is made in it: a file made there later has the same one entry).
    #[test]
    fn a_file_and_a_folder_have_the_owners_entry_only() {
        let dir = tempfile::tempdir().unwrap();
        let folder = dir.path().join("数据").join("shouwang");
        crate::owner_only::create_dir_all(&folder).unwrap();
        let file = folder.join("school.redb");
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        drop(crate::owner_only::open(&mut options, &file).unwrap());
        // wine (8) accepts the DACL but keeps none: it answers with one made from the Unix
        // mode. The calls above succeeded; what they set is read back on Windows only.
        let system32 = std::env::var_os("WINDIR").map(|w| Path::new(&w).join("system32"));
        if system32.is_some_and(|d| d.join("winecfg.exe").exists()) {
            eprintln!("skipped under wine: it keeps no file DACL to read back");
            return;
        }
        let inherit = (OBJECT_INHERIT_ACE | CONTAINER_INHERIT_ACE) as u8;
        for (path, flags) in [
            (folder.parent().unwrap(), inherit),
            (folder.as_path(), inherit),
            (file.as_path(), 0),
        ] {
            let (protected, aces) = dacl_of(path);
            assert_eq!(
                aces,
                [(ACCESS_ALLOWED, flags, FILE_ALL_ACCESS, true)],
                "{path:?}"
            );
            assert!(protected, "{path:?} takes rights from the folder above");
        }
        // Made in an owner-only folder by anyone's code: the folder's entry, inherited.
        let later = folder.join("later.txt");
        std::fs::write(&later, b"x").unwrap();
        let (_, aces) = dacl_of(&later);
        assert_eq!(aces.len(), 1, "{aces:?}");
        assert!(aces[0].3 && aces[0].2 == FILE_ALL_ACCESS, "{aces:?}");
    }
}
