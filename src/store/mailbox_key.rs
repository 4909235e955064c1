//! The mailbox's key (issue 20): the letters, the reports they raise and the replies being
//! written are sealed under one random key, granted to the mailbox readers alone (every staff
//! member while the coordinator names none, as the permission table reads). A letter stays
//! anonymous: no key ties it to a child.
//!
//! Only someone who holds the key can grant it, and a coordinator need not be a reader: so
//! `sync` runs wherever the key is at hand (each holder's unlock, and any commit of theirs
//! that changed the staff or the readers). A reader named while no holder is at work is given
//! the key at the next holder's unlock; until then the store tells her so
//! (`StoreError::NoMailboxKey`). Someone who stops being a reader keeps her grant until a
//! holder's `sync` moves the key to a new generation, seals every letter again and grants it
//! to the readers left: then her passphrase opens no letter in a copy made afterwards. The
//! last person holding the key cannot be deactivated (`Objection::LastMailboxKey`): the
//! letters would open for nobody.

use super::crypto::{self, PersonKey};
use super::keyring::{self, ChildKey, ChildKeys};
use super::tables::*;
use super::{Indexed, StoreError, Writer};
use crate::model::*;
use redb::{ReadTransaction, ReadableTable};
use std::collections::BTreeSet;

/// The name of a mailbox grant's row.
pub const MAILBOX_GRANT: &str = "mailbox";

/// What a grant of the key of `generation` is sealed as: a grant kept from an earlier
/// generation does not open as today's.
fn grant_name(generation: u32) -> String {
    format!("{MAILBOX_GRANT}/{generation}")
}

fn generation_in(meta: &impl ReadableTable<&'static str, u64>) -> Result<Option<u32>, StoreError> {
    Ok(meta
        .get(META_MAILBOX_GENERATION)?
        .and_then(|v| u32::try_from(v.value()).ok()))
}

/// The mailbox's key of an unlock: letters in use under it, and the key when `who` holds it.
pub(super) fn load(
    read: &ReadTransaction,
    who: CounselorId,
    person: Option<&PersonKey>,
    keys: &ChildKeys,
) -> Result<(), StoreError> {
    let Some(generation) = generation_in(&read.open_table(META)?)? else {
        return Ok(());
    };
    let held = match person {
        Some(person) => {
            let grants = read.open_table(GRANTS)?;
            let found = grants.get((MAILBOX_GRANT, who.0))?;
            match found {
                Some(sealed) => {
                    let key =
                        crypto::open_grant(person, &grant_name(generation), who.0, sealed.value())
                            .map_err(|_| StoreError::Damaged {
                                detail: format!("the mailbox key's grant to staff {}", who.0),
                            })?;
                    Some(ChildKey {
                        generation,
                        key: zeroize::Zeroizing::new(*key),
                    })
                }
                None => None,
            }
        }
        None => None,
    };
    keys.set_mailbox(held);
    Ok(())
}

/// Who should hold the key: the named readers on the staff, or everyone on it while none is
/// named; only those with a key pair can be given it.
fn holders(w: &Writer) -> Result<BTreeSet<u64>, StoreError> {
    let named: BTreeSet<u64> = w.mailbox_readers()?.into_iter().map(|c| c.0).collect();
    let mut out = BTreeSet::new();
    let publics = w.tx().open_table(PERSON_KEYS)?;
    for c in w.all::<Counselor>()? {
        if c.active
            && (named.is_empty() || named.contains(&c.id.0))
            && publics.get(c.id.0)?.is_some()
        {
            out.insert(c.id.0);
        }
    }
    Ok(out)
}

fn grantees(w: &Writer) -> Result<BTreeSet<u64>, StoreError> {
    let table = w.tx().open_table(GRANTS)?;
    let mut out = BTreeSet::new();
    for row in table.range((MAILBOX_GRANT, 0)..=(MAILBOX_GRANT, u64::MAX))? {
        out.insert(row?.0.value().1);
    }
    Ok(out)
}

/// Brings the mailbox's grants in step with its readers, when this write holds the key (or,
/// on a store whose letters are still under the data key, when a holder writes: the key is
/// made then).
pub(super) fn sync(w: &mut Writer) -> Result<(), StoreError> {
    let Some(keys) = w.keys() else {
        return Ok(());
    };
    let holders = holders(w)?;
    let generation = generation_in(&w.tx().open_table(META)?)?;
    let Some(generation) = generation else {
        let writer = match w.actor() {
            Actor::Counselor(id) => Some(id.0),
            Actor::CommandLine(_) => None,
        };
        if writer.is_some_and(|id| holders.contains(&id)) {
            let key = ChildKey {
                generation: keyring::FIRST_GENERATION,
                key: keyring::random_key(),
            };
            rotate(w, &keys, key, &holders)?;
        }
        return Ok(());
    };
    let granted = grantees(w)?;
    let Some(held) = keys.children().mailbox() else {
        // Not at hand: someone no longer a holder loses their grant at once, as long as a
        // holder keeps one to pass the key on; the key itself changes at a holder's sync.
        if granted.iter().any(|g| holders.contains(g)) {
            for gone in granted.difference(&holders) {
                w.tx().open_table(GRANTS)?.remove((MAILBOX_GRANT, *gone))?;
                w.tx().open_table(META)?.insert(META_MAILBOX_ROTATE, 1)?;
            }
        }
        return Ok(());
    };
    let rotate_asked = w.tx().open_table(META)?.get(META_MAILBOX_ROTATE)?.is_some();
    if granted.is_subset(&holders) && !rotate_asked {
        let missing: Vec<u64> = holders.difference(&granted).copied().collect();
        return grant(w, &held, &missing);
    }
    if holders.is_empty() {
        return Ok(());
    }
    let key = ChildKey {
        generation: generation + 1,
        key: keyring::random_key(),
    };
    rotate(w, &keys, key, &holders)
}

/// Seals every letter, the reports they raised and the replies being written under `key`,
/// takes every grant of the earlier key away and grants `key` to `holders`. Everything is read
/// under the earlier key first: the mailbox of a school is small.
fn rotate(
    w: &mut Writer,
    keys: &super::crypto::Keys,
    key: ChildKey,
    holders: &BTreeSet<u64>,
) -> Result<(), StoreError> {
    let codec = w.codec().clone();
    let letters: Vec<Letter> = w.all()?;
    let reports: Vec<Incident> = {
        let table = w.tx().open_table(Incident::table())?;
        let mut v = Vec::new();
        for row in table.iter()? {
            let (k, bytes) = row?;
            let report: Option<Incident> = codec.decode_visible(k.value(), bytes.value())?;
            v.extend(report.filter(|r| r.child.is_none()));
        }
        v
    };
    let replies: Vec<(String, Vec<u8>)> = {
        let drafts = w.tx().open_table(DRAFTS)?;
        let mut v = Vec::new();
        for row in drafts.range("reply:".."reply;")? {
            let (k, bytes) = row?;
            let name = k.value().to_string();
            let text = codec.open_draft(&name, bytes.value())?;
            v.push((name, text));
        }
        v
    };
    {
        let mut meta = w.tx().open_table(META)?;
        meta.insert(META_MAILBOX_GENERATION, u64::from(key.generation))?;
        meta.remove(META_MAILBOX_ROTATE)?;
    }
    keys.children().set_mailbox(Some(key.clone()));
    {
        let mut table = w.tx().open_table(Letter::table())?;
        for letter in &letters {
            table.insert(letter.id.0, codec.encode(letter)?.as_slice())?;
        }
        let mut table = w.tx().open_table(Incident::table())?;
        for report in &reports {
            table.insert(report.id.0, codec.encode(report)?.as_slice())?;
        }
        let mut drafts = w.tx().open_table(DRAFTS)?;
        for (name, text) in &replies {
            let sealed = codec.seal_draft(name, text, Some(super::codec::DraftOwner::Mailbox))?;
            drafts.insert(name.as_str(), sealed.as_slice())?;
        }
    }
    for staff in grantees(w)? {
        w.tx().open_table(GRANTS)?.remove((MAILBOX_GRANT, staff))?;
    }
    let holders: Vec<u64> = holders.iter().copied().collect();
    grant(w, &key, &holders)
}

fn grant(w: &mut Writer, key: &ChildKey, to: &[u64]) -> Result<(), StoreError> {
    for &staff in to {
        let public: Option<[u8; 32]> = {
            let table = w.tx().open_table(PERSON_KEYS)?;
            let found = table.get(staff)?;
            found.and_then(|v| v.value().try_into().ok())
        };
        let Some(public) = public else {
            continue;
        };
        let sealed = crypto::grant(&public, &grant_name(key.generation), staff, &key.key)
            .map_err(|_| StoreError::Internal("granting the mailbox key".into()))?;
        w.tx()
            .open_table(GRANTS)?
            .insert((MAILBOX_GRANT, staff), sealed.as_slice())?;
    }
    Ok(())
}

/// Whether `who` is the last person on the staff who holds the mailbox's key: deactivating
/// them would leave the letters opening for nobody.
pub(super) fn is_last_holder(w: &Writer, who: CounselorId) -> Result<bool, StoreError> {
    if generation_in(&w.tx().open_table(META)?)?.is_none() {
        return Ok(false);
    }
    let granted = grantees(w)?;
    if !granted.contains(&who.0) {
        return Ok(false);
    }
    for other in granted {
        if other != who.0 && w.get::<Counselor>(other)?.is_some_and(|c| c.active) {
            return Ok(false);
        }
    }
    Ok(true)
}

/// Takes `who`'s grant of the mailbox's key away: a new key pair it no longer opens for.
pub(super) fn revoke(w: &mut Writer, who: CounselorId) -> Result<(), StoreError> {
    w.tx().open_table(GRANTS)?.remove((MAILBOX_GRANT, who.0))?;
    Ok(())
}

/// `who` leaves the staff: their grant goes now, and the key changes at the next sync that
/// holds it (this commit's, when the coordinator is a reader).
pub(super) fn leave(w: &mut Writer, who: CounselorId) -> Result<(), StoreError> {
    if w.tx()
        .open_table(GRANTS)?
        .remove((MAILBOX_GRANT, who.0))?
        .is_some()
    {
        w.tx().open_table(META)?.insert(META_MAILBOX_ROTATE, 1)?;
    }
    Ok(())
}
