//! A disk in memory that fails when told to: redb's `StorageBackend` over two images of the
//! file, the bytes as written (what the system holds for a program that goes on, or that is
//! killed) and the bytes as of the last sync (what is left after a power cut: every write not
//! yet synced is dropped). Its I/O calls are counted by kind while it is armed, and the k-th
//! call of the chosen kind fails.

use std::fmt;
use std::io;
use std::ops::Bound;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fault {
    /// A write fails (EIO), nothing written.
    Write,
    /// A flush of the file's length fails (`set_len`, EIO).
    Flush,
    /// A sync fails (EIO): what was written is not known to be on the disk.
    Sync,
    /// A write puts down its first half, then fails.
    ShortWrite,
    /// The disk is full (ENOSPC) from that write on: every write and every growth fails.
    NoSpace,
    /// A read fails (EIO).
    Read,
}

pub const FAULTS: [Fault; 6] = [
    Fault::Write,
    Fault::Flush,
    Fault::Sync,
    Fault::ShortWrite,
    Fault::NoSpace,
    Fault::Read,
];

impl Fault {
    pub fn name(self) -> &'static str {
        match self {
            Fault::Write => "write",
            Fault::Flush => "flush",
            Fault::Sync => "sync",
            Fault::ShortWrite => "short write",
            Fault::NoSpace => "no space",
            Fault::Read => "read",
        }
    }
}

/// How many calls of each kind an operation made.
#[derive(Clone, Copy, Debug, Default)]
pub struct Calls {
    pub writes: u64,
    pub set_lens: u64,
    pub syncs: u64,
    pub reads: u64,
}

impl Calls {
    /// The calls a fault of this kind can strike.
    pub fn of(&self, fault: Fault) -> u64 {
        match fault {
            Fault::Write | Fault::ShortWrite | Fault::NoSpace => self.writes,
            Fault::Flush => self.set_lens,
            Fault::Sync => self.syncs,
            Fault::Read => self.reads,
        }
    }
}

#[derive(Default)]
struct Images {
    written: Vec<u8>,
    synced: Vec<u8>,
}

#[derive(Default)]
struct State {
    images: Mutex<Images>,
    armed: AtomicBool,
    writes: AtomicU64,
    set_lens: AtomicU64,
    syncs: AtomicU64,
    reads: AtomicU64,
    /// The fault and the call (1-based, of its kind) it strikes.
    plan: Mutex<Option<(Fault, u64)>>,
    fired: AtomicBool,
    full: AtomicBool,
}

/// The disk; clones are handles on the same bytes (the store opens it again after an error).
#[derive(Clone, Default)]
pub struct Disk(Arc<State>);

impl fmt::Debug for Disk {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Disk")
    }
}

fn eio() -> io::Error {
    io::Error::other("injected I/O error")
}

impl Disk {
    /// A disk holding `bytes`, all of them synced.
    pub fn with(bytes: Vec<u8>) -> Disk {
        let disk = Disk::default();
        *disk.images() = Images {
            written: bytes.clone(),
            synced: bytes,
        };
        disk
    }

    fn images(&self) -> MutexGuard<'_, Images> {
        self.0.images.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// From now on calls are counted, and `fault` strikes.
    pub fn arm(&self, fault: Option<(Fault, u64)>) {
        for c in [
            &self.0.writes,
            &self.0.set_lens,
            &self.0.syncs,
            &self.0.reads,
        ] {
            c.store(0, Ordering::SeqCst);
        }
        *self.0.plan.lock().unwrap_or_else(|e| e.into_inner()) = fault;
        self.0.fired.store(false, Ordering::SeqCst);
        self.0.full.store(false, Ordering::SeqCst);
        self.0.armed.store(true, Ordering::SeqCst);
    }

    /// Stops counting and failing; the calls counted.
    pub fn disarm(&self) -> Calls {
        self.0.armed.store(false, Ordering::SeqCst);
        self.0.full.store(false, Ordering::SeqCst);
        Calls {
            writes: self.0.writes.load(Ordering::SeqCst),
            set_lens: self.0.set_lens.load(Ordering::SeqCst),
            syncs: self.0.syncs.load(Ordering::SeqCst),
            reads: self.0.reads.load(Ordering::SeqCst),
        }
    }

    pub fn fired(&self) -> bool {
        self.0.fired.load(Ordering::SeqCst)
    }

    /// The bytes as written, and as of the last sync.
    pub fn images_now(&self) -> (Vec<u8>, Vec<u8>) {
        let i = self.images();
        (i.written.clone(), i.synced.clone())
    }

    /// Counts a call of `kind`; which fault, if any, it meets.
    fn call(&self, counter: &AtomicU64, kinds: &[Fault]) -> Option<Fault> {
        if !self.0.armed.load(Ordering::SeqCst) {
            return None;
        }
        let n = counter.fetch_add(1, Ordering::SeqCst) + 1;
        let plan = *self.0.plan.lock().unwrap_or_else(|e| e.into_inner());
        match plan {
            Some((fault, at)) if at == n && kinds.contains(&fault) => {
                self.0.fired.store(true, Ordering::SeqCst);
                Some(fault)
            }
            _ => None,
        }
    }
}

fn write_at(image: &mut Vec<u8>, offset: u64, data: &[u8]) -> io::Result<()> {
    let start = usize::try_from(offset).map_err(|_| eio())?;
    let end = start + data.len();
    if image.len() < end {
        image.resize(end, 0);
    }
    if let Some(dest) = image.get_mut(start..end) {
        dest.copy_from_slice(data);
    }
    Ok(())
}

impl redb::StorageBackend for Disk {
    fn len(&self) -> Result<u64, io::Error> {
        Ok(self.images().written.len() as u64)
    }

    fn read(&self, offset: u64, out: &mut [u8]) -> Result<(), io::Error> {
        if self.call(&self.0.reads, &[Fault::Read]).is_some() {
            return Err(eio());
        }
        let i = self.images();
        let start = usize::try_from(offset).map_err(|_| eio())?;
        let src = i
            .written
            .get(start..start + out.len())
            .ok_or_else(|| io::Error::from(io::ErrorKind::UnexpectedEof))?;
        out.copy_from_slice(src);
        Ok(())
    }

    fn set_len(&self, len: u64) -> Result<(), io::Error> {
        if self.call(&self.0.set_lens, &[Fault::Flush]).is_some() {
            return Err(eio());
        }
        let mut i = self.images();
        if self.0.full.load(Ordering::SeqCst) && len > i.written.len() as u64 {
            return Err(io::Error::from_raw_os_error(28));
        }
        i.written
            .resize(usize::try_from(len).map_err(|_| eio())?, 0);
        Ok(())
    }

    fn sync_data(&self) -> Result<(), io::Error> {
        if self.call(&self.0.syncs, &[Fault::Sync]).is_some() {
            return Err(eio());
        }
        let mut i = self.images();
        i.synced = i.written.clone();
        Ok(())
    }

    fn write(&self, offset: u64, data: &[u8]) -> Result<(), io::Error> {
        let kinds = [Fault::Write, Fault::ShortWrite, Fault::NoSpace];
        let struck = self.call(&self.0.writes, &kinds);
        let mut i = self.images();
        match struck {
            Some(Fault::ShortWrite) => {
                let half = data.get(..data.len() / 2).unwrap_or_default();
                write_at(&mut i.written, offset, half)?;
                return Err(eio());
            }
            Some(Fault::NoSpace) => self.0.full.store(true, Ordering::SeqCst),
            Some(_) => return Err(eio()),
            None => {}
        }
        if self.0.full.load(Ordering::SeqCst) {
            return Err(io::Error::from_raw_os_error(28));
        }
        write_at(&mut i.written, offset, data)
    }

    // One process holds the disk: every lock is granted.
    fn try_lock_range(&self, _: Bound<u64>, _: Bound<u64>) -> Result<bool, redb::BackendError> {
        Ok(true)
    }
    fn try_lock_shared_range(
        &self,
        _: Bound<u64>,
        _: Bound<u64>,
    ) -> Result<bool, redb::BackendError> {
        Ok(true)
    }
    fn lock_range(&self, _: Bound<u64>, _: Bound<u64>) -> Result<(), redb::BackendError> {
        Ok(())
    }
    fn lock_shared_range(&self, _: Bound<u64>, _: Bound<u64>) -> Result<(), redb::BackendError> {
        Ok(())
    }
    fn unlock_range(&self, _: Bound<u64>, _: Bound<u64>) -> Result<(), redb::BackendError> {
        Ok(())
    }
    fn query_lock_range(&self, _: Bound<u64>, _: Bound<u64>) -> Result<bool, redb::BackendError> {
        Ok(false)
    }
}
