//! The app's daily backups (SPEC §6 "Nothing lost", issue 10 item 5): once a day, a consistent
//! copy of the store in `backups/` beside it, named by the day; the oldest beyond the number
//! the school keeps are removed. A copy is written whole under a temporary name first, so a
//! crash leaves a complete backup or none.

use super::{Store, StoreError};
use crate::model::{Actor, AuditAction, RecordRef};
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

impl Store {
    /// The folder the daily backups of this store go in.
    pub fn daily_backup_dir(&self) -> PathBuf {
        self.path()
            .parent()
            .map(|p| p.join("backups"))
            .unwrap_or_else(|| PathBuf::from("backups"))
    }

    /// Makes today's backup unless it exists, then keeps the `keep` newest. Returns the new
    /// backup's path, if one was made. `keep == 0` makes none and removes none.
    pub fn keep_daily_backup(
        &self,
        today: NaiveDate,
        keep: usize,
    ) -> Result<Option<PathBuf>, StoreError> {
        if keep == 0 {
            return Ok(None);
        }
        let dir = self.daily_backup_dir();
        let io = |e: std::io::Error| StoreError::Io {
            path: dir.clone(),
            detail: e.to_string(),
        };
        crate::paths::create_private_dir(&dir).map_err(io)?;
        let stem = self.backup_stem();
        let target = dir.join(format!("{stem}-{today}.redb"));
        let made = if target.exists() {
            None
        } else {
            let partial = dir.join(format!(".{stem}-{today}.partial"));
            let _ = std::fs::remove_file(&partial);
            let copied = self
                .copy_file_to(&partial)
                .and_then(|()| std::fs::rename(&partial, &target).map_err(io));
            if let Err(e) = copied {
                // No half copy is left beside the good ones.
                let _ = std::fs::remove_file(&partial);
                return Err(e);
            }
            // No one chose this copy: the audit names the app's own daily round.
            self.write(&Actor::daily_backup(), |w| {
                w.audit(
                    AuditAction::Backup,
                    RecordRef::Store,
                    target.display().to_string(),
                )
            })?;
            Some(target)
        };
        for old in daily_backups(&dir, &stem).into_iter().rev().skip(keep) {
            std::fs::remove_file(&old).map_err(io)?;
        }
        Ok(made)
    }

    /// The day's copy: the file as it stands, the store closed for the moment of the copy
    /// (issue 21: on a county's store, seconds and no memory, where rebuilding a store took
    /// half a minute and a gigabyte). Refused while locked, as every backup is: someone at
    /// work asks for it.
    fn copy_file_to(&self, target: &Path) -> Result<(), StoreError> {
        if self.codec().is_locked() {
            return Err(StoreError::Locked);
        }
        let id = self.store_id()?;
        super::damage::shielded(|| {
            self.with_file_closed(|path| super::files::copy_closed_store(path, target, id))
        })
    }

    fn backup_stem(&self) -> String {
        self.path()
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| "shouwang".into())
    }
}

/// This store's daily backups in `dir`, oldest first (the names sort by day).
fn daily_backups(dir: &Path, stem: &str) -> Vec<PathBuf> {
    let prefix = format!("{stem}-");
    let mut found: Vec<PathBuf> = std::fs::read_dir(dir)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.path())
        .filter(|p| {
            let name = p.file_name().map(|n| n.to_string_lossy().into_owned());
            name.is_some_and(|n| {
                n.strip_prefix(&prefix)
                    .and_then(|rest| rest.strip_suffix(".redb"))
                    .is_some_and(|day| NaiveDate::parse_from_str(day, "%Y-%m-%d").is_ok())
            })
        })
        .collect();
    found.sort();
    found
}
