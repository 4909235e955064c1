//! Where Shouwang keeps its files on each platform, and the owner-only folders it makes.

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

/// Where the user's keymap and config files live.
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
