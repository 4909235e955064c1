//! Every file Shouwang writes for the user (exports, backups, printed replies) is written here,
//! by the same rules: never over the store or a file it keeps beside it, never over an existing
//! file without `--force`, owner-only (the files hold medical histories), and through a
//! temporary file in the same folder renamed into place, so a crash leaves no file or the whole
//! file. Standard output (`--out -`) is watched for a closed pipe, which ends the program quietly.

use super::ExportError;
use std::io::{self, BufWriter, ErrorKind, Write};
use std::path::Path;
use tempfile::NamedTempFile;

/// What a write must not destroy.
#[derive(Clone, Copy, Debug)]
pub struct Guard<'a> {
    /// The store in use: it, and the files it keeps beside it, are never written over.
    pub store: &'a Path,
    /// `--force`: an existing file (not the store) may be replaced.
    pub force: bool,
}

/// The file an `--out` names, or `None` for standard output (no `--out`, or `--out -`).
pub fn file_target(out: Option<&Path>) -> Option<&Path> {
    out.filter(|p| p.as_os_str() != "-")
}

/// Writes what `f` produces to `out` (a file, or standard output for `None` and `-`).
pub fn write_to<E: From<ExportError>>(
    out: Option<&Path>,
    guard: Guard,
    f: impl FnOnce(&mut dyn Write) -> Result<(), E>,
) -> Result<(), E> {
    match file_target(out) {
        None => to_stdout(f),
        Some(path) => write_file(path, guard, |tmp| {
            let mut w = BufWriter::new(tmp.as_file_mut());
            f(&mut w)?;
            w.flush().map_err(|e| io_error(path, &e).into())
        }),
    }
}

/// Writes the file at `path` through `fill`, which gets the temporary file (empty, owner-only)
/// to fill by its handle or its path; on success it is synced and renamed to `path`.
pub fn write_file<E: From<ExportError>>(
    path: &Path,
    guard: Guard,
    fill: impl FnOnce(&mut NamedTempFile) -> Result<(), E>,
) -> Result<(), E> {
    let target = path.display().to_string();
    if crate::store::is_store_file(guard.store, path) {
        return Err(ExportError::IsStore { target }.into());
    }
    if !guard.force && path.symlink_metadata().is_ok() {
        return Err(ExportError::Exists { target }.into());
    }
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".shouwang-")
        .suffix(".part")
        .tempfile_in(dir)
        .map_err(|e| io_error(path, &e))?;
    make_private(tmp.path()).map_err(|e| io_error(path, &e))?;
    fill(&mut tmp)?;
    // The contents reach the disk before the name does: a crash leaves the old state or the
    // whole new file.
    tmp.as_file().sync_all().map_err(|e| io_error(path, &e))?;
    let persisted = if guard.force {
        tmp.persist(path)
    } else {
        tmp.persist_noclobber(path)
    };
    persisted.map_err(|e| match e.error.kind() {
        ErrorKind::AlreadyExists => ExportError::Exists {
            target: target.clone(),
        },
        _ => io_error(path, &e.error),
    })?;
    sync_dir(dir);
    Ok(())
}

/// A free name in `dir`: `dir/stem.ext`, or `dir/stem-2.ext`, `-3`... when that file exists
/// already. What the app writes from a screen (printed replies, the audit, a report) replaces
/// nothing.
pub fn free_name(dir: &Path, stem: &str, ext: &str) -> std::path::PathBuf {
    let first = dir.join(format!("{stem}.{ext}"));
    if first.symlink_metadata().is_err() {
        return first;
    }
    (2..)
        .map(|n| dir.join(format!("{stem}-{n}.{ext}")))
        .find(|p| p.symlink_metadata().is_err())
        .unwrap_or(first)
}

fn io_error(path: &Path, e: &io::Error) -> ExportError {
    ExportError::Io {
        target: path.display().to_string(),
        detail: e.to_string(),
    }
}

fn make_private(path: &Path) -> io::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    #[cfg(not(unix))]
    let _ = path;
    Ok(())
}

/// Makes the rename itself durable where the platform allows it; a failure here loses nothing
/// already written, so it is not reported.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Standard output, remembering whether the reader went away (`| head`).
struct Watched<W: Write> {
    inner: W,
    closed: bool,
}

impl<W: Write> Watched<W> {
    fn note<T>(&mut self, r: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &r
            && e.kind() == ErrorKind::BrokenPipe
        {
            self.closed = true;
        }
        r
    }
}

impl<W: Write> Write for Watched<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let r = self.inner.write(buf);
        self.note(r)
    }
    fn flush(&mut self) -> io::Result<()> {
        let r = self.inner.flush();
        self.note(r)
    }
}

fn to_stdout<E: From<ExportError>>(
    f: impl FnOnce(&mut dyn Write) -> Result<(), E>,
) -> Result<(), E> {
    let stdout = io::stdout();
    let mut w = Watched {
        inner: BufWriter::new(stdout.lock()),
        closed: false,
    };
    let written = f(&mut w);
    let flushed = w.flush();
    // Whatever error the writer made of it, a closed pipe is the reader's choice, not a failure.
    if w.closed {
        return Err(ExportError::ClosedPipe.into());
    }
    written?;
    flushed.map_err(|e| {
        ExportError::Io {
            target: "stdout".into(),
            detail: e.to_string(),
        }
        .into()
    })
}

/// Writes `line` and a line break to standard output; a closed pipe is `ClosedPipe`.
pub fn stdout_line(line: &str) -> Result<(), ExportError> {
    let mut out = io::stdout().lock();
    match writeln!(out, "{line}").and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == ErrorKind::BrokenPipe => Err(ExportError::ClosedPipe),
        Err(e) => Err(ExportError::Io {
            target: "stdout".into(),
            detail: e.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn guard(store: &Path, force: bool) -> Guard<'_> {
        Guard { store, force }
    }

    fn write(path: &Path, store: &Path, force: bool, text: &str) -> Result<(), ExportError> {
        write_to(Some(path), guard(store, force), |w| {
            w.write_all(text.as_bytes()).map_err(|e| io_error(path, &e))
        })
    }

    #[test]
    fn refuses_the_store_an_existing_file_and_writes_a_new_one_privately() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("s.redb");
        std::fs::write(&store, b"records").unwrap();
        let err = write(&store, &store, true, "x").unwrap_err();
        assert!(matches!(err, ExportError::IsStore { .. }), "{err:?}");
        let kept = dir.path().join("s.redb.before-restore-20261126-100000");
        assert!(matches!(
            write(&kept, &store, true, "x"),
            Err(ExportError::IsStore { .. })
        ));
        assert_eq!(std::fs::read(&store).unwrap(), b"records");

        let out = dir.path().join("out.json");
        write(&out, &store, false, "first").unwrap();
        assert!(matches!(
            write(&out, &store, false, "second"),
            Err(ExportError::Exists { .. })
        ));
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "first");
        write(&out, &store, true, "second").unwrap();
        assert_eq!(std::fs::read_to_string(&out).unwrap(), "second");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&out).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let names: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 2, "no temporary file is left: {names:?}");
    }

    #[test]
    fn a_failed_write_leaves_no_file() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("s.redb");
        let out = dir.path().join("out.json");
        let r: Result<(), ExportError> = write_to(Some(&out), guard(&store, false), |_| {
            Err(ExportError::Io {
                target: "x".into(),
                detail: "disk full".into(),
            })
        });
        assert!(r.is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    #[test]
    fn a_dash_is_standard_output() {
        assert_eq!(file_target(Some(Path::new("-"))), None);
        assert_eq!(
            file_target(Some(Path::new("a.csv"))),
            Some(Path::new("a.csv"))
        );
    }
}
