//! The system calls the standard library does not wrap, each behind a safe function: the
//! program's only `unsafe` (`lib.rs` allows it in this module alone; `Cargo.toml` denies it
//! everywhere else). Each `unsafe` block says why it is sound (`// SAFETY:`).

#[cfg(unix)]
mod unix;
#[cfg(windows)]
pub mod windows;

#[cfg(target_os = "linux")]
pub use unix::link_nameless;

/// Whether the process `pid` still runs (this one does).
pub fn process_runs(pid: u32) -> bool {
    #[cfg(unix)]
    {
        unix::process_runs(pid)
    }
    #[cfg(not(unix))]
    {
        pid == std::process::id()
    }
}
