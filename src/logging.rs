//! Diagnostics go to `shouwang.log` in the data folder, never to the screen: the full-screen
//! app owns the terminal, and a counselor should not read stack traces.
//!
//! The log holds no personal data (SPEC §6): it records the kind of an error (`kind`) and
//! record ids, never a sentence shown to a person (those quote what was typed: a note's text
//! typed into the When field, a child's name with her birth date) nor a path. It is kept to
//! `LOG_CAP` bytes, with one older file beside it.

use std::fs::{File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

/// The log's size before it is moved aside to `shouwang.log.1` (the one older file kept).
pub const LOG_CAP: u64 = 1024 * 1024;

/// Starts logging at the level in `SHOUWANG_LOG` (default `info`). If the log file cannot be
/// opened, Shouwang runs without a log rather than refusing to start.
pub fn init() {
    let dir = crate::paths::data_dir();
    if crate::paths::create_private_dir(&dir).is_err() {
        return;
    }
    let Ok(file) = RotatingFile::open(&dir.join("shouwang.log"), LOG_CAP) else {
        return;
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("SHOUWANG_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(Mutex::new(file))
        .try_init();
}

/// The kind of an error, for the log: the names of its variants as `Debug` shows them
/// (`Import/BadLetterDate`), stopping before the first value, so that no text, name or path
/// an error carries reaches the log.
pub fn kind(e: &impl std::fmt::Debug) -> String {
    let debug = format!("{e:?}");
    let mut names: Vec<&str> = Vec::new();
    let mut rest = debug.as_str();
    loop {
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let name = &rest[..end];
        // A type or variant name: what follows a value (a quoted text, a number) is not one.
        if name.is_empty() || !name.starts_with(|c: char| c.is_ascii_uppercase()) {
            break;
        }
        names.push(name);
        match rest[end..].strip_prefix('(') {
            Some(inner) => rest = inner,
            None => break,
        }
    }
    if names.is_empty() {
        "error".to_string()
    } else {
        names.join("/")
    }
}

/// A log file that moves itself aside when it would pass `cap` bytes: the log never holds
/// more than twice the cap, however long the program runs or how often it starts.
pub struct RotatingFile {
    path: PathBuf,
    file: File,
    written: u64,
    cap: u64,
}

impl RotatingFile {
    pub fn open(path: &Path, cap: u64) -> std::io::Result<RotatingFile> {
        let file = open_private(path)?;
        let written = file.metadata()?.len();
        let mut log = RotatingFile {
            path: path.to_path_buf(),
            file,
            written,
            cap,
        };
        if log.written >= cap {
            log.rotate()?;
        }
        Ok(log)
    }

    /// The older file, `shouwang.log.1`.
    pub fn older(path: &Path) -> PathBuf {
        let mut name = path.as_os_str().to_owned();
        name.push(".1");
        PathBuf::from(name)
    }

    fn rotate(&mut self) -> std::io::Result<()> {
        self.file.flush()?;
        std::fs::rename(&self.path, Self::older(&self.path))?;
        self.file = open_private(&self.path)?;
        self.written = 0;
        Ok(())
    }
}

fn open_private(path: &Path) -> std::io::Result<File> {
    crate::owner_only::open(OpenOptions::new().create(true).append(true), path)
}

impl Write for RotatingFile {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.written > 0 && self.written + buf.len() as u64 > self.cap {
            // A log that cannot be moved aside keeps growing rather than losing the line.
            let _ = self.rotate();
        }
        let n = self.file.write(buf)?;
        self.written += n as u64;
        Ok(n)
    }

    fn flush(&mut self) -> std::io::Result<()> {
        self.file.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    #[allow(dead_code)]
    enum Inner {
        BadLetterDate { path: PathBuf, value: String },
        Text(String),
        Unit,
    }

    #[derive(Debug)]
    #[allow(dead_code)]
    enum Outer {
        Import(Inner),
    }

    #[test]
    fn an_error_is_logged_by_its_kind_without_its_values() {
        let e = Outer::Import(Inner::BadLetterDate {
            path: "/home/王芳/信.txt".into(),
            value: "Secret 孩子说晚上想妈妈".into(),
        });
        assert_eq!(kind(&e), "Import/BadLetterDate");
        assert_eq!(
            kind(&Outer::Import(Inner::Text("Wang Fang".into()))),
            "Import/Text"
        );
        assert_eq!(kind(&Outer::Import(Inner::Unit)), "Import/Unit");
        assert_eq!(kind(&"张伟 2014-03-02"), "error");
        assert_eq!(kind(&std::io::Error::other("x")), "Custom");
    }

    #[test]
    fn the_log_is_kept_to_its_cap_with_one_older_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("shouwang.log");
        let mut log = RotatingFile::open(&path, 1000).unwrap();
        let line = [b'x'; 99];
        for _ in 0..50 {
            log.write_all(&line).unwrap();
            log.write_all(b"\n").unwrap();
        }
        log.flush().unwrap();
        let size = |p: &Path| std::fs::metadata(p).unwrap().len();
        assert!(size(&path) <= 1000, "{}", size(&path));
        let older = RotatingFile::older(&path);
        assert!(size(&older) <= 1000 && size(&older) > 0);
        let files = std::fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(files, 2, "one older file only");
        // A log already over the cap when the program starts is moved aside first.
        drop(log);
        std::fs::write(&path, vec![b'y'; 1500]).unwrap();
        let log = RotatingFile::open(&path, 1000).unwrap();
        assert_eq!(log.written, 0);
        assert_eq!(size(&older), 1500);
    }
}
