//! When someone leaves, the keys they could have kept change (issue 20, item 2).
//!
//! Every staff member's grants open the data key (the directory of children, the
//! assignments), and a coordinator's open the school's secret, from which every child's key
//! is derived. A departed teacher who kept the data key from a copy of her day, or a former
//! coordinator who kept the school's secret, must open nothing in a copy made after she
//! left. So a departure (`deactivate`), and a coordinator given another role, ends in a new
//! data key, and a coordinator's in a new school key too, in the same transaction:
//!
//! - every value sealed under the data key is sealed again under the new one, and the index
//!   keys that are keyed hashes of personal text (student id, class, name and birth day) are
//!   hashed again;
//! - with a new school key, every value the old secret opened (children's records, the audit
//!   trail) is sealed again under keys derived from the new one, every carer's grants are
//!   made again from the new key pair, the staff table is signed again, and the coordinators
//!   left are given the new secret;
//! - everyone still on the staff is given the new data key through their key pair. A slot of
//!   an earlier version (the data key itself under a passphrase, from before key pairs) can
//!   not be given it: it goes, and its holder is given a new passphrase by a coordinator.
//!
//! The letters stay under the mailbox's key, which has its own readers (`mailbox_key`), and a
//! person's drafts under their own. Only a coordinator's write can do this: it needs the
//! school's secret.

use super::codec::{Codec, sealed_under_data_key, sealed_under_school_secret};
use super::crypto::{self, DataKey, PersonKey};
use super::keyring::Granter;
use super::tables::*;
use super::{Indexed, StoreError, Writer, index, school_key};
use crate::model::*;
use redb::{ReadableTable, WriteTransaction};
use std::sync::Arc;

/// What left with the person who left.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Departed {
    /// The data key (every staff member held it).
    DataKey,
    /// The data key and the school's secret (a coordinator).
    SchoolKey,
}

/// Gives the store new keys for what `departed` took with them (module doc), in this
/// transaction; the writer seals with them from now on and the store holds them once it
/// commits. Nothing on a plain or demo store, or a store from before the school's key.
pub(super) fn after_departure(w: &mut Writer, departed: Departed) -> Result<(), StoreError> {
    let Some(old) = w.keys() else {
        return Ok(());
    };
    let Some(old_school) = old.school() else {
        return Ok(());
    };
    let school_changes = departed == Departed::SchoolKey && old.children().in_use();
    if school_changes {
        // Reports from outside a child's care are boxed to the old school key: under the
        // child's key first, so that they move with the rest.
        super::care_keys::after_coordinator_unlock(w)?;
    }
    let school = if school_changes {
        PersonKey::generate()
    } else {
        PersonKey::from_secret(&old_school.secret())
    };
    let data = DataKey::generate();
    let children = old
        .children()
        .carried_over(school_changes.then_some(&school));
    let keys = data
        .keys()
        .with_school(
            Some(school.public()),
            Some(PersonKey::from_secret(&school.secret())),
        )
        .with_children(children);
    let from = w.codec().clone();
    let to = Codec::open(Arc::new(keys));

    let tx = w.tx();
    // The children's index keys first: hashing them again reads the children as they are.
    hash_child_indexes_again(tx, &from, &to)?;
    seal_again::<Counselor>(tx, &from, &to, school_changes)?;
    seal_again::<Child>(tx, &from, &to, school_changes)?;
    seal_again::<ChildSummary>(tx, &from, &to, school_changes)?;
    seal_again::<ChildListing>(tx, &from, &to, school_changes)?;
    seal_again::<ChildRevision>(tx, &from, &to, school_changes)?;
    seal_again::<Assignment>(tx, &from, &to, school_changes)?;
    seal_again::<Note>(tx, &from, &to, school_changes)?;
    seal_again::<MoodEntry>(tx, &from, &to, school_changes)?;
    seal_again::<FollowUp>(tx, &from, &to, school_changes)?;
    seal_again::<Letter>(tx, &from, &to, school_changes)?;
    seal_again::<Incident>(tx, &from, &to, school_changes)?;
    seal_again::<AbsenceCase>(tx, &from, &to, school_changes)?;
    seal_again::<AuditEvent>(tx, &from, &to, school_changes)?;
    drafts_again(tx, &from, &to)?;
    grant_data_key(w, &data)?;
    w.rekey(to);
    if school_changes {
        school_key::keep_public(w, &school)?;
        let stale: Vec<(&str, u64)> = {
            let grants = w.tx().open_table(GRANTS)?;
            let mut v = Vec::new();
            for row in grants
                .range((school_key::SCHOOL_GRANT, 0)..=(school_key::SCHOOL_GRANT, u64::MAX))?
            {
                v.push((school_key::SCHOOL_GRANT, row?.0.value().1));
            }
            v
        };
        let mut grants = w.tx().open_table(GRANTS)?;
        for key in stale {
            grants.remove(key)?;
        }
        drop(grants);
        school_key::sign_all_staff(w)?;
        school_key::grant_to_coordinators(w)?;
        grant_children_again(w, &school)?;
    }
    Ok(())
}

/// Seals again the values of `R`'s table that the keys changing open: those under the data
/// key always, those the school's secret opens when it changes. Letters under the mailbox's
/// key, and what a person sealed for themselves, stay as they are. In batches, so that a
/// county's records are not held at once.
fn seal_again<R: Indexed>(
    tx: &WriteTransaction,
    from: &Codec,
    to: &Codec,
    school_changes: bool,
) -> Result<(), StoreError> {
    const BATCH: usize = 10_000;
    let mut next = 0u64;
    loop {
        let mut batch: Vec<(u64, Vec<u8>)> = Vec::with_capacity(BATCH);
        let mut last = None;
        {
            let table = tx.open_table(R::table())?;
            for row in table.range(next..)?.take(BATCH) {
                let (k, v) = row?;
                let id = k.value();
                last = Some(id);
                let bytes = v.value();
                if sealed_under_data_key(bytes) {
                    if let Some(again) = from.rekey_data_value::<R>(to, id, bytes)? {
                        batch.push((id, again));
                    }
                } else if school_changes && sealed_under_school_secret(bytes) {
                    let record: R = from.decode(id, bytes)?;
                    batch.push((id, to.encode(&record)?));
                }
            }
        }
        let Some(last) = last else {
            return Ok(());
        };
        let mut table = tx.open_table(R::table())?;
        for (id, bytes) in batch {
            table.insert(id, bytes.as_slice())?;
        }
        next = last + 1;
    }
}

/// Drafts sealed under the data key (before drafts had owners) go under the new one.
fn drafts_again(tx: &WriteTransaction, from: &Codec, to: &Codec) -> Result<(), StoreError> {
    let again: Vec<(String, Vec<u8>)> = {
        let table = tx.open_table(DRAFTS)?;
        let mut v = Vec::new();
        for row in table.iter()? {
            let (k, bytes) = row?;
            if let Some(sealed) = from.rekey_data_draft(to, k.value(), bytes.value())? {
                v.push((k.value().to_string(), sealed));
            }
        }
        v
    };
    let mut table = tx.open_table(DRAFTS)?;
    for (key, sealed) in again {
        table.insert(key.as_str(), sealed.as_slice())?;
    }
    Ok(())
}

/// The index keys that are keyed hashes (a child's student id, class, name and birth day),
/// hashed again with the new data key: the old one no longer tells whether a name is there.
fn hash_child_indexes_again(
    tx: &WriteTransaction,
    from: &Codec,
    to: &Codec,
) -> Result<(), StoreError> {
    let hashed = |e: &Entry| {
        matches!(
            e,
            Entry::StudentId(..) | Entry::NameBirth(..) | Entry::ClassChild(..)
        )
    };
    let mut entries = Vec::new();
    {
        let table = tx.open_table(Child::table())?;
        for row in table.iter()? {
            let (k, v) = row?;
            let child: Child = from.decode(k.value(), v.value())?;
            entries.extend(child.entries().into_iter().filter(hashed));
        }
    }
    for e in &entries {
        index::remove(tx, from, e)?;
    }
    for e in &entries {
        index::insert(tx, to, e)?;
    }
    Ok(())
}

/// Everyone on the staff is given the new data key through their key pair; slots of an
/// earlier version, which hold the old data key itself, go (module doc).
fn grant_data_key(w: &mut Writer, data: &DataKey) -> Result<(), StoreError> {
    let staff = w.all::<Counselor>()?;
    let tx = w.tx();
    let publics = tx.open_table(PERSON_KEYS)?;
    let mut grants = tx.open_table(GRANTS)?;
    let mut slots = tx.open_table(KEY_SLOTS)?;
    for c in staff {
        grants.remove((crypto::DATA_GRANT, c.id.0))?;
        let older = slots
            .get(c.id.0)?
            .is_some_and(|slot| !crypto::slot_holds_person_key(slot.value()));
        if older {
            slots.remove(c.id.0)?;
            continue;
        }
        if !c.active {
            continue;
        }
        let public: Option<[u8; 32]> = publics.get(c.id.0)?.and_then(|v| v.value().try_into().ok());
        if let Some(public) = public {
            let sealed = data
                .grant_to(&public, c.id.0)
                .map_err(|_| StoreError::Internal("granting the data key".into()))?;
            grants.insert((crypto::DATA_GRANT, c.id.0), sealed.as_slice())?;
        }
    }
    Ok(())
}

/// Every carer's grants made again from the school's new key pair, of the same generations
/// under the keys the new secret derives.
fn grant_children_again(w: &mut Writer, school: &PersonKey) -> Result<(), StoreError> {
    let Some(keys) = w.keys() else {
        return Ok(());
    };
    let held: Vec<(u64, u64)> = {
        let table = w.tx().open_table(CHILD_GRANTS)?;
        let mut v = Vec::new();
        for row in table.iter()? {
            v.push(row?.0.value());
        }
        v
    };
    let mut granter = Granter::new(school);
    let publics = w.tx().open_table(PERSON_KEYS)?;
    let mut grants = w.tx().open_table(CHILD_GRANTS)?;
    for (staff, child) in held {
        let public: Option<[u8; 32]> = publics.get(staff)?.and_then(|v| v.value().try_into().ok());
        let (Some(public), Some(key)) = (public, keys.children().current(child)) else {
            // No key pair to give it to (cannot be: a grant was made to one): the grant goes,
            // and the next sync of the child's care gives it again.
            grants.remove((staff, child))?;
            w.tx().open_table(GRANTEES)?.remove((child, staff))?;
            continue;
        };
        let sealed = granter
            .grant(&public, child, key.generation, staff, &key.key)
            .map_err(|_| StoreError::Internal("granting a child's key".into()))?;
        grants.insert((staff, child), sealed.as_slice())?;
    }
    Ok(())
}
