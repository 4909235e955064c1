//! The system calls the standard library does not wrap, each behind a safe function: the
//! program's only `unsafe` (`lib.rs` allows it in this module alone; `Cargo.toml` denies it
//! everywhere else). Each `unsafe` block says why it is sound (`// SAFETY:`).

#[cfg(unix)]
mod unix;
#[cfg(windows)]
pub mod windows;

#[cfg(target_os = "linux")]
pub use unix::{dumpable, link_nameless};

/// No core dump of this process (see `unix::forbid_core_dumps`); on Windows nothing is
/// changed: Windows Error Reporting keeps no dump unless the machine was set up to.
pub fn forbid_core_dumps() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        unix::forbid_core_dumps()
    }
    #[cfg(not(unix))]
    {
        Ok(())
    }
}

/// Takes the variable `name` out of the environment, its bytes overwritten where Unix keeps
/// them. Only for `main`, before any other thread exists.
pub fn scrub_env(name: &str) {
    #[cfg(unix)]
    unix::scrub_env(name);
    #[cfg(not(unix))]
    // SAFETY: called by `main` alone, while the process has one thread.
    unsafe {
        std::env::remove_var(name);
    }
}

/// Keeps a key's memory out of swap where the system allows (Unix `mlock`; Windows
/// `VirtualLock`), best effort.
pub fn keep_out_of_swap<T>(value: &T) {
    let at = std::ptr::from_ref(value).cast::<u8>();
    let len = std::mem::size_of::<T>();
    #[cfg(unix)]
    unix::keep_out_of_swap(at, len);
    #[cfg(windows)]
    windows::keep_out_of_swap(at, len);
}

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

/// The binary's allocator: the system's, with every block cleared before it is given back. A
/// record read while the store was open (a letter, a note, a student id) leaves nothing in
/// freed memory once the screens that held it are dropped: after a lock, or after a screen is
/// left. `main` installs it; the tests run with the system's.
pub struct ClearOnFree;

// SAFETY: every call is passed to `System` unchanged; `dealloc` first writes zeros over the
// block it was given, which the caller owns until the call returns.
unsafe impl std::alloc::GlobalAlloc for ClearOnFree {
    unsafe fn alloc(&self, layout: std::alloc::Layout) -> *mut u8 {
        // SAFETY: the caller's contract for `alloc` is `System.alloc`'s.
        unsafe { std::alloc::System.alloc(layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: std::alloc::Layout) -> *mut u8 {
        // SAFETY: the caller's contract for `alloc_zeroed` is `System.alloc_zeroed`'s.
        unsafe { std::alloc::System.alloc_zeroed(layout) }
    }

    unsafe fn dealloc(&self, block: *mut u8, layout: std::alloc::Layout) {
        use zeroize::Zeroize;
        // SAFETY: `block` is a live allocation of `layout.size()` bytes made by this
        // allocator; it is cleared (volatile writes, so the clearing is not optimised away
        // before the free) and then given back as `System.dealloc` expects.
        unsafe {
            std::slice::from_raw_parts_mut(block, layout.size()).zeroize();
            std::alloc::System.dealloc(block, layout);
        }
    }
}
