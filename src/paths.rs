//! Where Shouwang keeps its files on each platform, the owner-only folders it makes, and what
//! a refused file means (another program holding it).

use std::path::{Path, PathBuf};

fn project_dirs() -> Option<directories::ProjectDirs> {
    directories::ProjectDirs::from("", "", "shouwang")
}

/// `~/.local/share/shouwang` on Linux, `%APPDATA%\shouwang\data` on Windows, `~/Library/Application
/// Support/shouwang` on macOS; `./.shouwang` if the platform gives no home.
pub fn data_dir() -> PathBuf {
    project_dirs().map_or_else(
        || PathBuf::from(".shouwang"),
        |d| d.data_dir().to_path_buf(),
    )
}

/// Where the user's keymap and config files live: `~/.config/shouwang` on Linux,
/// `%APPDATA%\shouwang\config` on Windows, `~/Library/Application Support/shouwang` on macOS.
pub fn config_dir() -> PathBuf {
    project_dirs().map_or_else(
        || PathBuf::from(".shouwang"),
        |d| d.config_dir().to_path_buf(),
    )
}

/// Creates `dir` and its missing parents; the ones it creates are readable by the owner only
/// (`owner_only`, on every system).
pub fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    crate::owner_only::create_dir_all(dir)
}

/// Reads the whole file at `path`, refusing before opening it anything that is not a regular
/// file: opening a pipe (FIFO) waits for a writer for ever, a device may never end.
pub fn read_regular(path: &Path) -> std::io::Result<Vec<u8>> {
    let meta = std::fs::metadata(path)?;
    if !meta.is_file() {
        return Err(std::io::Error::new(
            std::io::ErrorKind::InvalidInput,
            crate::tr!("store.not_regular"),
        ));
    }
    std::fs::read(path)
}

/// Whether `e` says that another program holds the file: Windows refuses to open, read or
/// replace a file that a program keeps open without sharing it, as Excel and WPS keep the
/// workbook they show. Reading and writing alike then tell the person to close it there.
pub fn held_by_another_program(e: &std::io::Error) -> bool {
    // The same numbers mean other things elsewhere (32 is a closed pipe on Linux).
    cfg!(windows) && e.raw_os_error().is_some_and(is_held_code)
}

/// Windows' `ERROR_SHARING_VIOLATION` (32) and `ERROR_LOCK_VIOLATION` (33).
fn is_held_code(code: i32) -> bool {
    matches!(code, 32 | 33)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Error;

    #[test]
    fn windows_sharing_and_lock_violations_are_a_file_held_by_another_program() {
        assert!(is_held_code(32) && is_held_code(33));
        assert!(!is_held_code(5), "access denied is another matter");
        assert!(!is_held_code(2));
    }

    #[cfg(windows)]
    #[test]
    fn a_file_open_in_excel_is_held() {
        assert!(held_by_another_program(&Error::from_raw_os_error(32)));
        assert!(held_by_another_program(&Error::from_raw_os_error(33)));
        assert!(!held_by_another_program(&Error::from_raw_os_error(5)));
    }

    #[cfg(not(windows))]
    #[test]
    fn elsewhere_the_same_numbers_are_not_a_held_file() {
        assert!(!held_by_another_program(&Error::from_raw_os_error(32)));
        assert!(!held_by_another_program(&Error::from_raw_os_error(33)));
    }
}
