//! Every file Shouwang writes for the user (exports, backups, printed replies) is written here,
//! by the same rules: never over the store or a file it keeps beside it, never over an existing
//! file without `--force`, owner-only (the files hold medical histories), with no name until it
//! is whole (a crash or a kill leaves no file or the whole file), and with the export's audit
//! event written before its first byte. Standard output (`--out -`) is watched for a closed
//! pipe, which ends the program quietly.

use super::ExportError;
use std::fs::File;
use std::io::{self, BufWriter, ErrorKind, Write};
use std::path::{Path, PathBuf};

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
/// `before` runs once the target is known to be allowed and before the first byte is written:
/// the audit event of an export of personal data, so that no copy exists that the audit does
/// not know of, even when the process is killed halfway.
pub fn write_to<E: From<ExportError>>(
    out: Option<&Path>,
    guard: Guard,
    before: impl FnOnce() -> Result<(), E>,
    f: impl FnOnce(&mut dyn Write) -> Result<(), E>,
) -> Result<(), E> {
    match file_target(out) {
        None => {
            before()?;
            to_stdout(f)
        }
        Some(path) => write_file(path, guard, before, |file| {
            let mut w = BufWriter::new(file);
            f(&mut w)?;
            w.flush().map_err(|e| io_error(path, &e).into())
        }),
    }
}

/// Writes the file at `path` through `fill`, which gets the file to fill (empty, owner-only);
/// `before` runs as in `write_to`. The file has no name while it is filled (Linux: `O_TMPFILE`,
/// linked in once synced), so a process killed halfway leaves nothing behind; where the
/// platform or the file system cannot do that, it is filled under a temporary name holding the
/// process id (`.shouwang-<pid>-….part`), renamed at the end, and the parts of processes that
/// no longer run are removed at the next write in that folder.
pub fn write_file<E: From<ExportError>>(
    path: &Path,
    guard: Guard,
    before: impl FnOnce() -> Result<(), E>,
    fill: impl FnOnce(&mut File) -> Result<(), E>,
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
    if !dir.is_dir() {
        return Err(io_error(path, &io::Error::from(ErrorKind::NotFound)).into());
    }
    sweep_stale_parts(dir);
    let mut part = Part::new(dir).map_err(|e| io_error(path, &e))?;
    if let Err(e) = before() {
        part.discard();
        return Err(e);
    }
    if let Err(e) = fill(&mut part.file) {
        part.discard();
        return Err(e);
    }
    // The contents reach the disk before the name does: a crash leaves the old state or the
    // whole new file.
    if let Err(e) = part.file.sync_all() {
        part.discard();
        return Err(io_error(path, &e).into());
    }
    part.name_it(path, guard.force)
        .map_err(|e| match e.kind() {
            ErrorKind::AlreadyExists => ExportError::Exists {
                target: target.clone(),
            },
            _ => io_error(path, &e),
        })?;
    sync_dir(dir);
    Ok(())
}

/// The file being written, and the temporary name it has if the platform could not keep it
/// nameless.
struct Part {
    file: File,
    name: Option<PathBuf>,
}

const PART_PREFIX: &str = ".shouwang-";
const PART_SUFFIX: &str = ".part";

impl Part {
    fn new(dir: &Path) -> io::Result<Part> {
        // The name is given through /proc at the end: without it, a named part.
        #[cfg(target_os = "linux")]
        if Path::new("/proc/self/fd").is_dir()
            && let Ok(file) = nameless_in(dir)
        {
            return Ok(Part { file, name: None });
        }
        let (file, name) = named_in(dir)?;
        Ok(Part {
            file,
            name: Some(name),
        })
    }

    fn discard(self) {
        if let Some(name) = &self.name {
            let _ = std::fs::remove_file(name);
        }
    }

    /// Gives the finished file its name: never over an existing file unless `force`.
    fn name_it(self, path: &Path, force: bool) -> io::Result<()> {
        let Part { file, name } = self;
        // Elsewhere the second arm is only `unreachable!`.
        #[cfg_attr(not(target_os = "linux"), allow(clippy::manual_let_else))]
        let named = match name {
            Some(name) => name,
            None => {
                #[cfg(target_os = "linux")]
                {
                    if !force {
                        // A link never replaces a file: an existing one is `AlreadyExists`.
                        return crate::sys::link_nameless(&file, path);
                    }
                    // Linked under a temporary name first, renamed over the old file at once.
                    let (_, spare) = spare_name(path.parent().unwrap_or(Path::new(".")));
                    crate::sys::link_nameless(&file, &spare)?;
                    spare
                }
                #[cfg(not(target_os = "linux"))]
                unreachable!("only Linux writes nameless files")
            }
        };
        drop(file);
        let done = if force {
            std::fs::rename(&named, path)
        } else {
            // A hard link refuses an existing file; rename is the fallback without links.
            match std::fs::hard_link(&named, path) {
                Ok(()) => std::fs::remove_file(&named),
                Err(e) if e.kind() == ErrorKind::AlreadyExists => Err(e),
                Err(_) if path.symlink_metadata().is_err() => std::fs::rename(&named, path),
                Err(e) => Err(e),
            }
        };
        if done.is_err() {
            let _ = std::fs::remove_file(&named);
        }
        done
    }
}

/// An unnamed file in `dir`, owner-only (Linux `O_TMPFILE`).
#[cfg(target_os = "linux")]
fn nameless_in(dir: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    crate::owner_only::open(
        std::fs::OpenOptions::new()
            .read(true)
            .write(true)
            .custom_flags(libc::O_TMPFILE),
        dir,
    )
}

/// A free temporary name in `dir` that carries this process's id, and its random part.
fn spare_name(dir: &Path) -> (u32, PathBuf) {
    let pid = std::process::id();
    loop {
        let tag = crate::store::random_tag();
        let name = dir.join(format!("{PART_PREFIX}{pid}-{tag:016x}{PART_SUFFIX}"));
        if name.symlink_metadata().is_err() {
            return (pid, name);
        }
    }
}

/// A new owner-only file under a temporary name in `dir`.
fn named_in(dir: &Path) -> io::Result<(File, PathBuf)> {
    loop {
        let (_, name) = spare_name(dir);
        let mut options = std::fs::OpenOptions::new();
        options.read(true).write(true).create_new(true);
        match crate::owner_only::open(&mut options, &name) {
            Ok(file) => return Ok((file, name)),
            Err(e) if e.kind() == ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Removes the temporary files of writes in `dir` whose process is gone (killed halfway).
/// A part of a process still running is left alone; on platforms where that cannot be told
/// from the id, an open file cannot be removed (Windows), which keeps it safe the same way.
fn sweep_stale_parts(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let Some(rest) = name
            .strip_prefix(PART_PREFIX)
            .and_then(|r| r.strip_suffix(PART_SUFFIX))
        else {
            continue;
        };
        // Parts named before the process id was in the name are stale too.
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        if pid.is_some_and(crate::sys::process_runs) {
            continue;
        }
        if entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
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
    ExportError::io(path, e)
}

/// Makes the rename (or link) itself durable where the platform allows it; a failure here loses nothing
/// already written, so it is not reported.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = std::fs::File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// Whether a write failed because the reader of the pipe went away (`| head`). The standard
/// library calls Unix's EPIPE and Windows' ERROR_BROKEN_PIPE and ERROR_NO_DATA a broken pipe;
/// wine reports the same closed pipe as ERROR_PIPE_NOT_CONNECTED, which it leaves unnamed.
pub fn is_closed_pipe(e: &io::Error) -> bool {
    e.kind() == ErrorKind::BrokenPipe
        || (cfg!(windows) && e.raw_os_error().is_some_and(windows_closed_pipe))
}

/// The Windows error codes of a pipe whose reader is gone: ERROR_BROKEN_PIPE (109),
/// ERROR_NO_DATA (232, Windows' answer to a write into a closed pipe) and
/// ERROR_PIPE_NOT_CONNECTED (233, wine's). Taking the raw code, it is tested on every system.
fn windows_closed_pipe(code: i32) -> bool {
    matches!(code, 109 | 232 | 233)
}

/// Standard output, remembering whether the reader went away (`| head`).
struct Watched<W: Write> {
    inner: W,
    closed: bool,
}

impl<W: Write> Watched<W> {
    fn note<T>(&mut self, r: io::Result<T>) -> io::Result<T> {
        if let Err(e) = &r
            && is_closed_pipe(e)
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
        Err(e) if is_closed_pipe(&e) => Err(ExportError::ClosedPipe),
        Err(e) => Err(ExportError::Io {
            target: "stdout".into(),
            detail: e.to_string(),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_closed_pipe_is_told_by_its_kind_or_by_windows_and_wines_codes() {
        assert!(is_closed_pipe(&io::Error::from(ErrorKind::BrokenPipe)));
        assert!(!is_closed_pipe(&io::Error::from(
            ErrorKind::PermissionDenied
        )));
        for code in [109, 232, 233] {
            assert!(windows_closed_pipe(code), "{code}");
        }
        // A sharing violation (32), access denied (5), a full disk (112): real failures.
        for code in [5, 32, 112, 234] {
            assert!(!windows_closed_pipe(code), "{code}");
        }
        // On Windows the raw codes themselves count, whatever the standard library calls them.
        assert_eq!(
            is_closed_pipe(&io::Error::from_raw_os_error(233)),
            cfg!(windows)
        );
    }

    fn guard(store: &Path, force: bool) -> Guard<'_> {
        Guard { store, force }
    }

    fn write(path: &Path, store: &Path, force: bool, text: &str) -> Result<(), ExportError> {
        write_to(
            Some(path),
            guard(store, force),
            || Ok(()),
            |w| w.write_all(text.as_bytes()).map_err(|e| io_error(path, &e)),
        )
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
        let r: Result<(), ExportError> = write_to(
            Some(&out),
            guard(&store, false),
            || Ok(()),
            |_| {
                Err(ExportError::Io {
                    target: "x".into(),
                    detail: "disk full".into(),
                })
            },
        );
        assert!(r.is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
    }

    /// Issue 18 item 2.6: the audit comes before the first byte, and the file has no name in
    /// the folder until it is whole (a kill halfway leaves nothing).
    #[test]
    fn the_audit_comes_first_and_the_file_is_nameless_until_whole() {
        let dir = tempfile::tempdir().unwrap();
        let store = dir.path().join("s.redb");
        let out = dir.path().join("out.json");
        let order = std::cell::RefCell::new(Vec::new());
        let names = |d: &Path| std::fs::read_dir(d).unwrap().count();
        let written: Result<(), ExportError> = write_to(
            Some(&out),
            guard(&store, false),
            || {
                order.borrow_mut().push("audit");
                Ok(())
            },
            |w| {
                order.borrow_mut().push("write");
                w.write_all(b"{}").unwrap();
                w.flush().unwrap();
                #[cfg(target_os = "linux")]
                assert_eq!(names(dir.path()), 0, "a name before the file is whole");
                Ok(())
            },
        );
        written.unwrap();
        assert_eq!(*order.borrow(), ["audit", "write"]);
        assert_eq!(std::fs::read(&out).unwrap(), b"{}");
        assert_eq!(names(dir.path()), 1);
        // An audit that cannot be written stops the export before anything is.
        let refused: Result<(), ExportError> = write_to(
            Some(&dir.path().join("no.json")),
            guard(&store, false),
            || Err(ExportError::ClosedPipe),
            |_| panic!("written without its audit"),
        );
        assert!(refused.is_err());
        assert_eq!(names(dir.path()), 1);
    }

    /// Where a file must be named while it is written, the parts of processes that are gone
    /// (killed halfway) are removed at the next write; a running process's part is left.
    #[test]
    fn stale_parts_are_swept_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let gone = dir.path().join(".shouwang-4294967-00ff.part");
        let old_style = dir.path().join(".shouwang-Ab12Cd.part");
        let mine = dir
            .path()
            .join(format!(".shouwang-{}-0001.part", std::process::id()));
        for p in [&gone, &old_style, &mine] {
            std::fs::write(p, b"half an export").unwrap();
        }
        let (file, name) = named_in(dir.path()).unwrap();
        drop(file);
        assert!(
            name.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(&format!(".shouwang-{}-", std::process::id()))
        );
        let store = dir.path().join("s.redb");
        write(&dir.path().join("out.txt"), &store, false, "x").unwrap();
        assert!(!gone.exists() && !old_style.exists());
        assert!(
            mine.exists() && name.exists(),
            "this process's parts are its own"
        );
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
