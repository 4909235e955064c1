//! A store file opened to be read only (`check`, issue 24 item 3): its bytes are the same
//! afterwards, and a file its user cannot write (a backup made read-only, on a read-only folder
//! or medium) is read all the same. redb's `ReadOnlyDatabase` opens such a file, but it cannot
//! run redb's integrity check (every page against its checksum: that check repairs, so it needs
//! a writable database), nor migrate an older store in order to read it. So the file is opened
//! twice, both times for reading only: a `ReadOnlyDatabase`, which holds redb's shared lock for
//! as long as the store is open (no Shouwang writes to the file meanwhile, and one that has it
//! open is refused as ever), and a `Database` over `Overlay`, which reads the file and keeps
//! whatever redb writes (a repair of the allocator, a migration, a login's audit event) in
//! memory, where it is dropped with the store. Only the pages written are held.

use std::collections::HashMap;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::sync::Mutex;

/// The unit the overlay keeps: redb's page size, so a page written is one block.
const BLOCK: u64 = 4096;

/// The file read as it is, under the blocks written since (in memory only).
pub struct Overlay {
    state: Mutex<State>,
    /// redb's shared lock on the file, let go when the database over this overlay closes.
    _shared: redb::ReadOnlyDatabase,
}

struct State {
    file: File,
    /// The length redb sees.
    len: u64,
    /// Bytes of the file below this are what the file holds; above it (a length cut and grown
    /// again) they read as zero, as a backend's new bytes must.
    from_file: u64,
    written: HashMap<u64, Box<[u8]>>,
}

impl Overlay {
    /// `file` is opened for reading only; `shared` is redb's read-only open of the same file.
    pub fn new(mut file: File, shared: redb::ReadOnlyDatabase) -> io::Result<Overlay> {
        let len = file.seek(SeekFrom::End(0))?;
        Ok(Overlay {
            state: Mutex::new(State {
                file,
                len,
                from_file: len,
                written: HashMap::new(),
            }),
            _shared: shared,
        })
    }

    fn state(&self) -> std::sync::MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl State {
    /// Block `index` as it reads now: written, or from the file (zero past `from_file`).
    fn block(&mut self, index: u64) -> io::Result<Box<[u8]>> {
        if let Some(b) = self.written.get(&index) {
            return Ok(b.clone());
        }
        let mut block = vec![0u8; BLOCK as usize].into_boxed_slice();
        let start = index * BLOCK;
        if start < self.from_file {
            let n = (self.from_file - start).min(BLOCK) as usize;
            self.file.seek(SeekFrom::Start(start))?;
            self.file.read_exact(&mut block[..n])?;
        }
        Ok(block)
    }

    fn past_end(&self, offset: u64, count: usize) -> io::Result<u64> {
        let end = offset
            .checked_add(count as u64)
            .ok_or_else(|| io::Error::from(io::ErrorKind::InvalidInput))?;
        if end > self.len {
            return Err(io::Error::new(
                io::ErrorKind::UnexpectedEof,
                "read past the end of the store",
            ));
        }
        Ok(end)
    }
}

impl std::fmt::Debug for Overlay {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let state = self.state();
        f.debug_struct("Overlay")
            .field("len", &state.len)
            .field("written_blocks", &state.written.len())
            .finish()
    }
}

impl redb::StorageBackend for Overlay {
    fn len(&self) -> io::Result<u64> {
        Ok(self.state().len)
    }

    fn read(&self, offset: u64, out: &mut [u8]) -> io::Result<()> {
        let mut state = self.state();
        state.past_end(offset, out.len())?;
        let mut done = 0;
        while done < out.len() {
            let at = offset + done as u64;
            let (index, within) = (at / BLOCK, (at % BLOCK) as usize);
            let n = (BLOCK as usize - within).min(out.len() - done);
            // A block not written is read straight from the file, not copied first.
            if !state.written.contains_key(&index) && at + n as u64 <= state.from_file {
                state.file.seek(SeekFrom::Start(at))?;
                state.file.read_exact(&mut out[done..done + n])?;
            } else {
                let block = state.block(index)?;
                out[done..done + n].copy_from_slice(&block[within..within + n]);
            }
            done += n;
        }
        Ok(())
    }

    fn set_len(&self, len: u64) -> io::Result<()> {
        let mut state = self.state();
        if len < state.len {
            state.from_file = state.from_file.min(len);
            let last = len / BLOCK;
            state.written.retain(|&i, _| i <= last);
            let within = (len % BLOCK) as usize;
            if let Some(b) = state.written.get_mut(&last) {
                b[within..].fill(0);
            }
        }
        state.len = len;
        Ok(())
    }

    fn sync_data(&self) -> io::Result<()> {
        Ok(())
    }

    fn write(&self, offset: u64, data: &[u8]) -> io::Result<()> {
        let mut state = self.state();
        state.past_end(offset, data.len())?;
        let mut done = 0;
        while done < data.len() {
            let at = offset + done as u64;
            let (index, within) = (at / BLOCK, (at % BLOCK) as usize);
            let n = (BLOCK as usize - within).min(data.len() - done);
            let mut block = match state.written.remove(&index) {
                Some(b) => b,
                None => state.block(index)?,
            };
            block[within..within + n].copy_from_slice(&data[done..done + n]);
            state.written.insert(index, block);
            done += n;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use redb::StorageBackend;

    fn overlay(dir: &std::path::Path, bytes: &[u8]) -> (Overlay, std::path::PathBuf) {
        let path = dir.join("f");
        // A real store for the lock: the overlay's own file is another.
        let lock = dir.join("lock.redb");
        drop(redb::Database::create(&lock).unwrap());
        std::fs::write(&path, bytes).unwrap();
        let shared = redb::ReadOnlyDatabase::open(&lock).unwrap();
        (
            Overlay::new(File::open(&path).unwrap(), shared).unwrap(),
            path,
        )
    }

    #[test]
    fn writes_are_read_back_and_never_reach_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let original: Vec<u8> = (0..10_000u32).map(|i| (i % 251) as u8).collect();
        let (o, path) = overlay(dir.path(), &original);
        let mut seen = original.clone();
        // Across a block boundary, inside one, and after growing.
        o.write(4090, b"abcdefghijkl").unwrap();
        seen[4090..4102].copy_from_slice(b"abcdefghijkl");
        o.write(5, b"xy").unwrap();
        seen[5..7].copy_from_slice(b"xy");
        o.set_len(12_000).unwrap();
        seen.resize(12_000, 0);
        o.write(11_000, b"end").unwrap();
        seen[11_000..11_003].copy_from_slice(b"end");
        let mut all = vec![0; 12_000];
        o.read(0, &mut all).unwrap();
        assert_eq!(all, seen);
        assert!(o.read(11_999, &mut [0; 2]).is_err(), "past the end");
        // Cut and grown again: the cut bytes read as zero, never the file's.
        o.set_len(100).unwrap();
        o.set_len(9_000).unwrap();
        let mut again = vec![1; 9_000];
        o.read(0, &mut again).unwrap();
        assert_eq!(&again[..100], &seen[..100]);
        assert!(again[100..].iter().all(|&b| b == 0));
        assert_eq!(std::fs::read(&path).unwrap(), original);
    }
}
