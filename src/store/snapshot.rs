//! A person's read of the store, taken now and carried to another thread (issue 21, item 2):
//! the coordinator's caseload is made ready while This week is on screen. It reads what the
//! person's session reads, and says whether the store has moved on since.

use super::reader::Reader;
use super::{Session, StoreError};
use crate::model::{ChildSummary, Counselor};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

pub struct Snapshot {
    who: Counselor,
    r: Reader,
    /// The store's count of commits when it was taken, and the count itself.
    taken_at: u64,
    commits: Arc<AtomicU64>,
}

impl Session<'_> {
    /// This session's read of the store as it stands, for another thread.
    pub fn snapshot(&self) -> Result<Snapshot, StoreError> {
        let commits = self.store().commits.clone();
        // Counted before the read begins: a commit in between makes the snapshot look older
        // than it is, never newer.
        let taken_at = commits.load(Ordering::Acquire);
        Ok(Snapshot {
            who: self.who().clone(),
            r: self.store().reader()?,
            taken_at,
            commits,
        })
    }
}

impl Snapshot {
    pub fn who(&self) -> &Counselor {
        &self.who
    }

    /// The summaries of the children this person may see, a chunk at a time (as
    /// `SessionReader::visit_summaries`).
    pub fn visit_summaries(
        &self,
        chunk: usize,
        f: impl FnMut(Vec<ChildSummary>),
    ) -> Result<(), StoreError> {
        self.r.visit_summaries_visible_to(&self.who, chunk, f)
    }

    /// When it was taken, to ask later whether the store has moved on (the snapshot itself,
    /// which holds a read of the file, need not be kept for that).
    pub fn stamp(&self) -> Stamp {
        Stamp {
            taken_at: self.taken_at,
            commits: self.commits.clone(),
        }
    }
}

/// When a snapshot was taken.
#[derive(Clone, Debug)]
pub struct Stamp {
    taken_at: u64,
    commits: Arc<AtomicU64>,
}

impl Stamp {
    /// Whether the store has committed nothing since.
    pub fn is_current(&self) -> bool {
        self.commits.load(Ordering::Acquire) == self.taken_at
    }
}

#[cfg(test)]
mod tests {
    /// A snapshot goes to a worker thread.
    #[test]
    fn a_snapshot_is_send() {
        fn send<T: Send + 'static>() {}
        send::<super::Snapshot>();
    }
}
