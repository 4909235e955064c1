//! Restoring a backup without losing a store. The backup is copied beside the store, opened and
//! checked there (never the backup itself, which redb would write to), refused unless it is a
//! backup of a store like the one in use, given the audit of the store it replaces and its own
//! restore event, and only then put in place; the store it replaces is kept under a name of
//! its own. Every restore and every refused restore is audited.

use super::Clock;
use super::tables::{META, META_STORE_ID};
use super::{Encryption, KeyRing, Store, StoreError, files};
use crate::model::{
    Actor, AuditAction, AuditEvent, BackupRefusal, RecordRef, Refusal, RestoreRefusal,
};
use std::path::{Path, PathBuf};

impl Store {
    /// Replaces the store at `path` by the backup at `source`, and gives the name the replaced
    /// store is kept under. The backup is checked first (with `keys`, the keys of whoever
    /// restores, its sealed records are opened too) and refused when it is not a backup of a
    /// store like this one: no staff (anyone could then add a coordinator), a demo or
    /// unencrypted store over an encrypted one, a backup of another store. The audit only ever
    /// grows: the replaced store's events that the backup lacks are carried into the restored
    /// store, followed by one restore event naming `actor`; a refusal is an event of the store
    /// in use. Who may restore is the caller's question (the table, through the store's session).
    /// Every store it opens reads `clock`.
    pub fn restore(
        path: &Path,
        source: &Path,
        actor: &Actor,
        keys: Option<&KeyRing>,
        clock: Clock,
    ) -> Result<Option<PathBuf>, StoreError> {
        // The store in use, if it opens: what the backup must match, where refusals are
        // written. A store that is damaged, empty or missing is what a restore is for.
        let current = match Store::open_existing(path, clock) {
            Ok(store) => {
                store.adopt(keys);
                Some(store)
            }
            Err(
                StoreError::Missing { .. }
                | StoreError::Damaged { .. }
                | StoreError::EmptyFile { .. }
                | StoreError::NotAStore { .. },
            ) => None,
            Err(e) => return Err(e),
        };
        let refused = |e: StoreError| {
            if let Some(store) = &current {
                let detail = Refusal::Restore {
                    from: source.display().to_string(),
                    why: refusal_code(&e),
                };
                let _ = store.write(actor, |w| {
                    w.audit(AuditAction::Refused, RecordRef::Store, detail)
                });
            }
            e
        };
        let ready = files::copy_for_restore(path, source).map_err(refused)?;
        if let Err(e) = prepare(&ready, source, current.as_ref(), actor, keys, clock) {
            files::discard(&ready);
            return Err(refused(e));
        }
        // Its lock is let go only now: a store open in another window was refused above.
        drop(current);
        files::swap_in(path, &ready, clock.now()).inspect_err(|_| files::discard(&ready))
    }

    /// The audit events of `old` that this store does not hold (same time, actor, action,
    /// target and detail), in their order.
    fn carry_audit(&self, old: &Store) -> Result<Vec<AuditEvent>, StoreError> {
        let here = self.reader()?.all::<AuditEvent>()?;
        let same = |a: &AuditEvent, b: &AuditEvent| {
            (a.at, &a.actor, a.action, a.target, &a.detail)
                == (b.at, &b.actor, b.action, b.target, &b.detail)
        };
        let mut missing = old.reader()?.all::<AuditEvent>()?;
        missing.retain(|e| !here.iter().any(|h| same(h, e)));
        Ok(missing)
    }

    /// The random id the store was given when it was made (`None` for older stores).
    pub(super) fn store_id(&self) -> Result<Option<u64>, StoreError> {
        let read = self.begin_read()?;
        Ok(read
            .open_table(META)?
            .get(META_STORE_ID)?
            .map(|v| v.value()))
    }
}

/// Checks the copy `ready` of the backup `source`, judges it against the store in use and
/// writes into it what the restore adds (the carried audit, the restore event).
fn prepare(
    ready: &Path,
    source: &Path,
    current: Option<&Store>,
    actor: &Actor,
    keys: Option<&KeyRing>,
    clock: Clock,
) -> Result<(), StoreError> {
    verify_backup(ready, source, keys, clock)?;
    let restored = Store::open(ready, clock).map_err(|e| as_backup_error(e, source))?;
    restored.adopt(keys);
    judge(current, &restored, source)?;
    let carried = match current {
        Some(old) => restored.carry_audit(old)?,
        None => Vec::new(),
    };
    restored.write(actor, |w| {
        for event in &carried {
            w.carry_audit_event(event)?;
        }
        w.audit(
            AuditAction::Restore,
            RecordRef::Store,
            source.display().to_string(),
        )
    })
}

/// Whether the backup may replace the store in use.
fn judge(current: Option<&Store>, backup: &Store, source: &Path) -> Result<(), StoreError> {
    let path = source.display();
    if !backup.has_staff()? {
        return Err(StoreError::Refused(Refusal::Backup {
            path: path.to_string(),
            why: BackupRefusal::NoStaff,
        }));
    }
    let Some(current) = current else {
        return Ok(());
    };
    if current.encryption() == Encryption::Sealed && backup.encryption() != Encryption::Sealed {
        return Err(StoreError::Refused(Refusal::Backup {
            path: path.to_string(),
            why: BackupRefusal::NotSealed,
        }));
    }
    if let (Some(here), Some(there)) = (current.store_id()?, backup.store_id()?)
        && here != there
    {
        return Err(StoreError::Refused(Refusal::Backup {
            path: path.to_string(),
            why: BackupRefusal::OtherStore,
        }));
    }
    Ok(())
}

/// Opening and checking the copy proves it is a readable Shouwang store of a version we
/// understand. When it is not, the sentence names the backup and says the store in use was not
/// touched.
fn verify_backup(
    ready: &Path,
    source: &Path,
    keys: Option<&KeyRing>,
    clock: Clock,
) -> Result<(), StoreError> {
    let checked = Store::open(ready, clock).and_then(|backup| {
        backup.adopt(keys);
        backup.check()
    });
    match checked {
        Ok(problems) if problems.is_empty() => Ok(()),
        Ok(problems) => Err(StoreError::BackupDamaged {
            path: source.to_path_buf(),
            detail: problems.join("; "),
        }),
        Err(e) => Err(as_backup_error(e, source)),
    }
}

/// An error met opening the backup's copy, said of the backup.
fn as_backup_error(e: StoreError, source: &Path) -> StoreError {
    match e {
        StoreError::Damaged { detail } | StoreError::Io { detail, .. } => {
            StoreError::BackupDamaged {
                path: source.to_path_buf(),
                detail,
            }
        }
        StoreError::NotAStore { .. } | StoreError::EmptyFile { .. } => {
            StoreError::BackupNotAStore {
                path: source.to_path_buf(),
            }
        }
        other => other,
    }
}

/// What the audit says of a refused restore (the detail names no person or child).
fn refusal_code(e: &StoreError) -> RestoreRefusal {
    match e {
        StoreError::BackupDamaged { .. } => RestoreRefusal::DamagedBackup,
        StoreError::BackupNotAStore { .. } => RestoreRefusal::NotAStore,
        StoreError::NotFound { .. } => RestoreRefusal::NoSuchFile,
        StoreError::Refused(_) => RestoreRefusal::NotThisStore,
        _ => RestoreRefusal::Failed,
    }
}
