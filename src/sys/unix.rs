//! What a write needs of Unix beyond the standard library (`export::output`): `linkat`, which
//! names a file made without a name (Linux), and `kill(pid, 0)`, which asks whether a process
//! still runs.

#[cfg(target_os = "linux")]
use std::fs::File;
use std::io;
#[cfg(target_os = "linux")]
use std::io::ErrorKind;
#[cfg(target_os = "linux")]
use std::path::Path;

/// Gives the unnamed `file` the name `path`; fails if `path` exists.
#[cfg(target_os = "linux")]
pub fn link_nameless(file: &File, path: &Path) -> io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    use std::os::unix::io::AsRawFd;
    let from = CString::new(format!("/proc/self/fd/{}", file.as_raw_fd()))
        .map_err(|_| io::Error::from(ErrorKind::InvalidInput))?;
    let to = CString::new(path.as_os_str().as_bytes())
        .map_err(|_| io::Error::from(ErrorKind::InvalidInput))?;
    // SAFETY: both are valid NUL-terminated paths that live across the call.
    let r = unsafe {
        libc::linkat(
            libc::AT_FDCWD,
            from.as_ptr(),
            libc::AT_FDCWD,
            to.as_ptr(),
            libc::AT_SYMLINK_FOLLOW,
        )
    };
    if r == 0 {
        Ok(())
    } else {
        Err(io::Error::last_os_error())
    }
}

/// Whether the process `pid` still runs (this one does).
pub fn process_runs(pid: u32) -> bool {
    if pid == std::process::id() {
        return true;
    }
    let Ok(pid) = libc::pid_t::try_from(pid) else {
        return false;
    };
    // SAFETY: signal 0 only asks whether the process exists.
    let r = unsafe { libc::kill(pid, 0) };
    r == 0 || io::Error::last_os_error().raw_os_error() == Some(libc::EPERM)
}

/// No core file for this process (`RLIMIT_CORE` 0), and on Linux not dumpable at all
/// (`PR_SET_DUMPABLE` 0): no core on a crash, and no other process of the same user may
/// attach to it or read its memory or environment through `/proc`.
pub fn forbid_core_dumps() -> io::Result<()> {
    let none = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: `none` is a valid rlimit that lives across the call.
    if unsafe { libc::setrlimit(libc::RLIMIT_CORE, &raw const none) } != 0 {
        return Err(io::Error::last_os_error());
    }
    #[cfg(target_os = "linux")]
    {
        let off: libc::c_ulong = 0;
        // SAFETY: PR_SET_DUMPABLE reads one integer argument; the rest are ignored.
        if unsafe { libc::prctl(libc::PR_SET_DUMPABLE, off, off, off, off) } != 0 {
            return Err(io::Error::last_os_error());
        }
    }
    Ok(())
}

/// Whether the process may be dumped (Linux's `PR_GET_DUMPABLE`): for the tests.
#[cfg(target_os = "linux")]
pub fn dumpable() -> bool {
    // SAFETY: PR_GET_DUMPABLE takes no argument and returns the flag.
    unsafe { libc::prctl(libc::PR_GET_DUMPABLE) > 0 }
}

unsafe extern "C" {
    /// The process's environment as the C library keeps it.
    static mut environ: *mut *mut libc::c_char;
}

/// Overwrites the value of `name` where the environment keeps it, then removes the variable:
/// the bytes the process started with are what `/proc/PID/environ` shows for its whole life,
/// and removing the variable alone leaves them there.
///
/// Called by `main` before any other thread exists (the environment is not thread-safe).
pub fn scrub_env(name: &str) {
    let prefix = format!("{name}=");
    // SAFETY: only `main` calls this, first, while the process has one thread, so nothing
    // reads or changes the environment meanwhile. `environ` is a NULL-terminated array of
    // NUL-terminated strings, each writable (the start-up block on the stack, or memory
    // `setenv` allocated); the value is overwritten within its own length, NUL kept.
    unsafe {
        let mut entry = std::ptr::read(&raw const environ);
        while !entry.is_null() && !(*entry).is_null() {
            let text = std::ffi::CStr::from_ptr(*entry);
            let bytes = text.to_bytes();
            if bytes.starts_with(prefix.as_bytes()) {
                let value = (*entry).add(prefix.len());
                std::ptr::write_bytes(value, 0, bytes.len() - prefix.len());
            }
            entry = entry.add(1);
        }
        std::env::remove_var(name);
    }
}

/// Keeps the `len` bytes at `at` out of swap, where the system lets this process lock memory
/// (best effort: a limit reached leaves them as they were).
pub fn keep_out_of_swap(at: *const u8, len: usize) {
    // SAFETY: mlock only changes how the pages holding the range are paged; it reads and
    // writes nothing, and the range is the caller's live allocation.
    let _ = unsafe { libc::mlock(at.cast(), len) };
}
