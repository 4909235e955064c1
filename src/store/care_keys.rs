//! Who holds each child's key, kept in step with the care (issue 20): the one rule that
//! turns the permission table's scope into grants. A child's carers are the counselor the
//! child is assigned to now and the head teachers of the child's class, while they are on
//! the staff; coordinators derive every key and need no grant (`keyring`).
//!
//! `sync` runs for every child a coordinator's transaction touched, before it commits: a
//! carer without a grant is given one; a grant held by someone who is no longer a carer (a
//! handover, a care ended, a class given up, a deactivation) moves the child's key to a new
//! generation, seals the child's records again under it and grants it to the carers left
//! (`rotate`). Only a coordinator's keys can grant, so only their writes sync; the
//! permission table leaves every change of care to them.

use super::codec::{Codec, sealed_by_outsider};
use super::crypto::PersonKey;
use super::keyring::{self, ChildKeys, Granter};
use super::tables::*;
use super::{Indexed, StoreError, Writer};
use crate::model::*;
use redb::{ReadTransaction, ReadableTable, WriteTransaction};
use std::collections::{BTreeSet, HashMap};

/// What a transaction's syncs share: the head teachers by class, the staff's public keys and
/// the boxes to them. Dropped when a staff record is written.
#[derive(Default)]
pub(super) struct Cache {
    head_teachers: Option<HashMap<String, Vec<CounselorId>>>,
    publics: HashMap<u64, Option<[u8; 32]>>,
    granter: Option<Granter>,
}

/// Whether the store's records are sealed under children's keys.
pub(super) fn in_use(read: &ReadTransaction) -> Result<bool, StoreError> {
    Ok(read.open_table(META)?.get(META_CHILD_KEYS)?.is_some())
}

/// The child keys of an unlock: a coordinator's generations, or a carer's grants opened.
pub(super) fn load(
    read: &ReadTransaction,
    who: CounselorId,
    person: Option<&PersonKey>,
    school_public: Option<[u8; 32]>,
    keys: &ChildKeys,
) -> Result<(), StoreError> {
    if !in_use(read)? {
        return Ok(());
    }
    keys.set_in_use(true);
    if keys.derives() {
        let table = read.open_table(CHILD_GENERATIONS)?;
        let mut generations = HashMap::new();
        for row in table.iter()? {
            let (k, v) = row?;
            generations.insert(k.value(), v.value());
        }
        keys.set_generations(generations);
        return Ok(());
    }
    let (Some(person), Some(school_public)) = (person, school_public) else {
        return Ok(());
    };
    let opener = keyring::grant_opener(&school_public, person);
    let table = read.open_table(CHILD_GRANTS)?;
    for row in table.range((who.0, 0)..=(who.0, u64::MAX))? {
        let (k, v) = row?;
        let child = k.value().1;
        let key = keyring::open_grant(&opener, child, who.0, v.value()).map_err(|_| {
            StoreError::Damaged {
                detail: format!("the grant of child {child}'s key to staff {}", who.0),
            }
        })?;
        keys.add_granted(child, key);
    }
    Ok(())
}

/// Whether this write grants and rotates: a coordinator's keys, on a store that uses keys
/// per child.
fn syncs(w: &Writer) -> Option<std::sync::Arc<super::crypto::Keys>> {
    let keys = w.keys()?;
    (keys.children().in_use() && keys.school().is_some()).then_some(keys)
}

/// Brings the grants of `child`'s key in step with the child's carers (module doc).
pub(super) fn sync(w: &mut Writer, cache: &mut Cache, child: ChildId) -> Result<(), StoreError> {
    let Some(keys) = syncs(w) else {
        return Ok(());
    };
    let carers = carers(w, cache, child)?;
    let holders: BTreeSet<u64> = {
        let table = w.tx().open_table(GRANTEES)?;
        let mut v = BTreeSet::new();
        for row in table.range((child.0, 0)..=(child.0, u64::MAX))? {
            v.insert(row?.0.value().1);
        }
        v
    };
    let to_grant: Vec<u64> = if holders.is_subset(&carers) {
        carers.difference(&holders).copied().collect()
    } else {
        rotate(w, &keys, child, &holders)?;
        carers.into_iter().collect()
    };
    if to_grant.is_empty() {
        return Ok(());
    }
    let Some(key) = keys.children().current(child.0) else {
        return Ok(());
    };
    let Some(school) = keys.school() else {
        return Ok(());
    };
    for staff in to_grant {
        let granter = cache.granter.get_or_insert_with(|| Granter::new(school));
        let Some(public) = public_key(w.tx(), &mut cache.publics, staff)? else {
            continue;
        };
        let sealed = granter
            .grant(&public, child.0, key.generation, staff, &key.key)
            .map_err(|_| StoreError::Internal("granting a child's key".into()))?;
        w.tx()
            .open_table(CHILD_GRANTS)?
            .insert((staff, child.0), sealed.as_slice())?;
        w.tx().open_table(GRANTEES)?.insert((child.0, staff), ())?;
    }
    Ok(())
}

fn public_key(
    tx: &WriteTransaction,
    cache: &mut HashMap<u64, Option<[u8; 32]>>,
    staff: u64,
) -> Result<Option<[u8; 32]>, StoreError> {
    if let Some(found) = cache.get(&staff) {
        return Ok(*found);
    }
    let public = {
        let table = tx.open_table(PERSON_KEYS)?;
        let found = table.get(staff)?;
        found.and_then(|v| v.value().try_into().ok())
    };
    cache.insert(staff, public);
    Ok(public)
}

/// The staff who care for `child` now and are not coordinators (who derive the key): the
/// counselor of the current assignment and the head teachers of the child's class, on the
/// staff.
fn carers(w: &Writer, cache: &mut Cache, child: ChildId) -> Result<BTreeSet<u64>, StoreError> {
    let mut out = BTreeSet::new();
    let Some(record) = w.get::<Child>(child.0)? else {
        return Ok(out);
    };
    if cache.head_teachers.is_none() {
        let mut by_class: HashMap<String, Vec<CounselorId>> = HashMap::new();
        for c in w.all::<Counselor>()? {
            if c.active && c.role == Role::HeadTeacher {
                for class in &c.classes {
                    by_class.entry(class.clone()).or_default().push(c.id);
                }
            }
        }
        cache.head_teachers = Some(by_class);
    }
    if let Some(heads) = cache
        .head_teachers
        .as_ref()
        .and_then(|h| h.get(&record.class))
    {
        out.extend(heads.iter().map(|c| c.0));
    }
    for a in w.assignments_of_child(child)? {
        if a.is_current()
            && let Some(c) = w.get::<Counselor>(a.counselor.0)?
            && c.active
            && c.role != Role::Coordinator
        {
            out.insert(c.id.0);
        }
    }
    Ok(out)
}

/// Moves `child`'s key to a new generation: every record of the child is sealed again under
/// it, and the grants of the old one go (`holders`), so a key taken before opens nothing
/// in a copy made afterwards.
fn rotate(
    w: &mut Writer,
    keys: &super::crypto::Keys,
    child: ChildId,
    holders: &BTreeSet<u64>,
) -> Result<(), StoreError> {
    let generation = keys
        .children()
        .current(child.0)
        .map_or(keyring::FIRST_GENERATION, |k| k.generation)
        + 1;
    w.tx()
        .open_table(CHILD_GENERATIONS)?
        .insert(child.0, generation)?;
    keys.children().set_generation(child.0, generation);
    {
        let mut grants = w.tx().open_table(CHILD_GRANTS)?;
        let mut grantees = w.tx().open_table(GRANTEES)?;
        for staff in holders {
            grants.remove((*staff, child.0))?;
            grantees.remove((child.0, *staff))?;
        }
    }
    reseal_child(w.tx(), w.codec(), child)
}

/// Seals every record of `child` again with `codec`'s keys in force.
pub(super) fn reseal_child(
    tx: &WriteTransaction,
    codec: &Codec,
    child: ChildId,
) -> Result<(), StoreError> {
    let c = child.0;
    reseal::<Child>(tx, codec, &[c])?;
    reseal::<ChildSummary>(tx, codec, &[c])?;
    let ids3 = |def: TableDefinition<(u64, i64, u64), ()>| -> Result<Vec<u64>, StoreError> {
        let t = tx.open_table(def)?;
        let mut v = Vec::new();
        for row in t.range((c, i64::MIN, 0)..=(c, i64::MAX, u64::MAX))? {
            v.push(row?.0.value().2);
        }
        Ok(v)
    };
    let ids2 = |def: TableDefinition<(u64, u64), ()>| -> Result<Vec<u64>, StoreError> {
        let t = tx.open_table(def)?;
        let mut v = Vec::new();
        for row in t.range((c, 0)..=(c, u64::MAX))? {
            v.push(row?.0.value().1);
        }
        Ok(v)
    };
    let notes: Vec<u64> = {
        let t = tx.open_table(NOTES_BY_CHILD)?;
        let mut v = Vec::new();
        for row in t.range((c, i64::MIN, 0)..=(c, i64::MAX, u64::MAX))? {
            v.push(row?.0.value().2);
        }
        v
    };
    reseal::<Note>(tx, codec, &notes)?;
    reseal::<ChildRevision>(tx, codec, &ids3(REVISIONS_BY_CHILD)?)?;
    reseal::<MoodEntry>(tx, codec, &ids3(MOODS_BY_CHILD)?)?;
    reseal::<FollowUp>(tx, codec, &ids2(FOLLOWUPS_BY_CHILD)?)?;
    reseal::<Incident>(tx, codec, &ids2(INCIDENTS_BY_CHILD)?)?;
    reseal::<AbsenceCase>(tx, codec, &ids2(ABSENCES_BY_CHILD)?)?;
    Ok(())
}

use redb::TableDefinition;

/// Writes the records `ids` again as `codec` seals them now (no index moves: the records do
/// not change).
pub(super) fn reseal<R: Indexed>(
    tx: &WriteTransaction,
    codec: &Codec,
    ids: &[u64],
) -> Result<(), StoreError> {
    let mut table = tx.open_table(R::table())?;
    for &id in ids {
        let record: Option<R> = match table.get(id)? {
            Some(v) => Some(codec.decode(id, v.value())?),
            None => None,
        };
        if let Some(record) = record {
            table.insert(id, codec.encode(&record)?.as_slice())?;
        }
    }
    Ok(())
}

/// Moves a store whose records are under the data key to keys per child (item 5), in this
/// coordinator's transaction: every child's records are sealed under the child's key, then
/// each child's carers are granted it. In batches, so that a county's records are not held
/// at once. True when it ran.
pub(super) fn move_over(w: &mut Writer) -> Result<bool, StoreError> {
    let Some(keys) = w.keys() else {
        return Ok(false);
    };
    if keys.school().is_none() || w.tx().open_table(META)?.get(META_CHILD_KEYS)?.is_some() {
        return Ok(false);
    }
    w.tx().open_table(META)?.insert(META_CHILD_KEYS, 1)?;
    keys.children().set_in_use(true);
    let codec = w.codec().clone();
    reseal_children_tables(w.tx(), &codec)?;
    let children: Vec<u64> = {
        let t = w.tx().open_table(Child::table())?;
        let mut v = Vec::new();
        for row in t.iter()? {
            v.push(row?.0.value());
        }
        v
    };
    let mut cache = Cache::default();
    for child in children {
        sync(w, &mut cache, ChildId(child))?;
    }
    Ok(true)
}

/// Whether a sealed store still waits to move to keys per child (`move_over`).
pub(super) fn move_pending(db: &redb::Database) -> Result<bool, StoreError> {
    use redb::ReadableDatabase;
    let read = db.begin_read()?;
    let meta = read.open_table(META)?;
    let sealed = meta.get(META_ENCRYPTION)?.map(|v| v.value()) == Some(ENCRYPTION_SEALED);
    Ok(sealed && meta.get(META_CHILD_KEYS)?.is_none())
}

/// Marks a store made today (its first coordinator's, or one just encrypted with its records
/// sealed by `move_over`) as using keys per child from its first record.
pub(super) fn start(w: &mut Writer) -> Result<(), StoreError> {
    if let Some(keys) = w.keys()
        && keys.school().is_some()
    {
        w.tx().open_table(META)?.insert(META_CHILD_KEYS, 1)?;
        keys.children().set_in_use(true);
    }
    Ok(())
}

/// Writes every record a child owns (`Owner::Child`, `Owner::Children`) again as `codec` seals
/// them now: the move to keys per child, and back for its test.
fn reseal_children_tables(tx: &WriteTransaction, codec: &Codec) -> Result<(), StoreError> {
    reseal_all::<Child>(tx, codec)?;
    reseal_all::<ChildSummary>(tx, codec)?;
    reseal_all::<ChildRevision>(tx, codec)?;
    reseal_all::<Note>(tx, codec)?;
    reseal_all::<MoodEntry>(tx, codec)?;
    reseal_all::<FollowUp>(tx, codec)?;
    reseal_all::<Incident>(tx, codec)?;
    reseal_all::<AbsenceCase>(tx, codec)
}

pub(super) fn reseal_all<R: Indexed>(
    tx: &WriteTransaction,
    codec: &Codec,
) -> Result<(), StoreError> {
    const BATCH: usize = 10_000;
    let mut next = 0u64;
    loop {
        let ids: Vec<u64> = {
            let table = tx.open_table(R::table())?;
            let mut v = Vec::with_capacity(BATCH);
            for row in table.range(next..)?.take(BATCH) {
                v.push(row?.0.value());
            }
            v
        };
        let Some(&last) = ids.last() else {
            return Ok(());
        };
        reseal::<R>(tx, codec, &ids)?;
        next = last + 1;
    }
}

/// What a coordinator's unlock does for the care keys: reports raised from outside a child's
/// care are sealed under the child's key (so the carers read them), and the summaries they
/// left waiting are brought up to date.
pub(super) fn after_coordinator_unlock(w: &mut Writer) -> Result<(), StoreError> {
    if syncs(w).is_none() {
        return Ok(());
    }
    let outsiders: Vec<u64> = {
        let table = w.tx().open_table(Incident::table())?;
        let mut v = Vec::new();
        for row in table.iter()? {
            let (k, bytes) = row?;
            if sealed_by_outsider(bytes.value()) {
                v.push(k.value());
            }
        }
        v
    };
    let codec = w.codec().clone();
    reseal::<Incident>(w.tx(), &codec, &outsiders)?;
    // Their children's summaries count them now (a carer may have summed without them).
    for id in outsiders {
        if let Some(child) = w.get::<Incident>(id)?.and_then(|i| i.child) {
            super::writer::refresh_summary(w.tx(), &codec, child)?;
        }
    }
    grant_pending(w)?;
    refresh_stale(w.tx(), &codec)
}

/// Brings up to date the waiting summaries these keys open.
pub(super) fn refresh_stale(tx: &WriteTransaction, codec: &Codec) -> Result<(), StoreError> {
    let stale: Vec<u64> = {
        let table = tx.open_table(STALE_SUMMARIES)?;
        let mut v = Vec::new();
        for row in table.iter()? {
            v.push(row?.0.value());
        }
        v
    };
    for child in stale {
        if codec.opens_child(child) {
            super::writer::refresh_summary(tx, codec, ChildId(child))?;
            tx.open_table(STALE_SUMMARIES)?.remove(child)?;
        }
    }
    Ok(())
}

/// The children whose carers a change of `before` into `after` (a staff record) may change:
/// those whose key they hold, those assigned to them, and those of their classes, then and
/// now.
pub(super) fn touched_by_staff_change(
    w: &Writer,
    before: &Counselor,
    after: &Counselor,
) -> Result<Vec<u64>, StoreError> {
    if (before.role, &before.classes, before.active) == (after.role, &after.classes, after.active) {
        return Ok(Vec::new());
    }
    let mut out = BTreeSet::new();
    {
        let table = w.tx().open_table(CHILD_GRANTS)?;
        for row in table.range((before.id.0, 0)..=(before.id.0, u64::MAX))? {
            out.insert(row?.0.value().1);
        }
    }
    out.extend(w.children_of_counselor(after.id)?.into_iter().map(|c| c.0));
    for class in before.classes.iter().chain(&after.classes) {
        out.extend(w.children_of_class(class)?.into_iter().map(|c| c.0));
    }
    Ok(out.into_iter().collect())
}

/// Keeps `child`'s summary waiting for keys that open the child (`refresh_stale`).
pub(super) fn mark_stale(tx: &WriteTransaction, child: ChildId) -> Result<(), StoreError> {
    tx.open_table(STALE_SUMMARIES)?.insert(child.0, ())?;
    Ok(())
}

/// Someone's new key pair: the grants to their old one open no more and go, and the children
/// they care for are granted again, at this commit when a coordinator writes, or else at a
/// coordinator's next unlock (`META_CARE_PENDING`).
pub(super) fn new_key_pair(w: &mut Writer, c: &Counselor) -> Result<(), StoreError> {
    let children: Vec<u64> = {
        let mut grants = w.tx().open_table(CHILD_GRANTS)?;
        let mut grantees = w.tx().open_table(GRANTEES)?;
        let mut v = Vec::new();
        for row in grants.range((c.id.0, 0)..=(c.id.0, u64::MAX))? {
            v.push(row?.0.value().1);
        }
        for child in &v {
            grants.remove((c.id.0, *child))?;
            grantees.remove((*child, c.id.0))?;
        }
        v
    };
    // The mailbox's grant was sealed to the old pair too: given again by whoever holds it.
    super::mailbox_key::revoke(w, c.id)?;
    w.mailbox_changed();
    let mut touched = cared_for(w, c)?;
    touched.extend(children);
    if syncs(w).is_some() {
        w.care_changed(touched);
    } else if w.tx().open_table(META)?.get(META_CHILD_KEYS)?.is_some() {
        w.tx()
            .open_table(META)?
            .insert(format!("{META_CARE_PENDING}{}", c.id.0).as_str(), 1)?;
    }
    Ok(())
}

/// The children `c` cares for by the table's rule: assigned, and those of the classes led.
fn cared_for(w: &Writer, c: &Counselor) -> Result<Vec<u64>, StoreError> {
    let mut out: Vec<u64> = w
        .children_of_counselor(c.id)?
        .into_iter()
        .map(|c| c.0)
        .collect();
    if c.role == Role::HeadTeacher {
        for class in &c.classes {
            out.extend(w.children_of_class(class)?.into_iter().map(|c| c.0));
        }
    }
    Ok(out)
}

/// The grants waiting for a coordinator (`new_key_pair`): made at their unlock.
fn grant_pending(w: &mut Writer) -> Result<(), StoreError> {
    let pending: Vec<String> = {
        let meta = w.tx().open_table(META)?;
        let mut v = Vec::new();
        for row in meta.range(META_CARE_PENDING..META_CARE_PENDING_END)? {
            v.push(row?.0.value().to_string());
        }
        v
    };
    for key in pending {
        let id = key
            .strip_prefix(META_CARE_PENDING)
            .and_then(|id| id.parse::<u64>().ok());
        if let Some(c) = id.map(|id| w.get::<Counselor>(id)).transpose()?.flatten() {
            let touched = cared_for(w, &c)?;
            w.care_changed(touched);
        }
        w.tx().open_table(META)?.remove(key.as_str())?;
    }
    Ok(())
}

/// Puts a store back as schema 10 left it (every record under the data key, no grants of
/// children's keys), for the test of `move_over`.
#[cfg(test)]
pub(super) fn move_back(w: &mut Writer) -> Result<(), StoreError> {
    if let Some(keys) = w.keys() {
        keys.children().set_in_use(false);
    }
    w.tx().open_table(META)?.remove(META_CHILD_KEYS)?;
    let codec = w.codec().clone();
    reseal_children_tables(w.tx(), &codec)?;
    w.tx().delete_table(CHILD_GRANTS)?;
    w.tx().delete_table(GRANTEES)?;
    w.tx().open_table(CHILD_GRANTS)?;
    w.tx().open_table(GRANTEES)?;
    Ok(())
}
