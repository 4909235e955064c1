//! The store's schema version: creating a new store, migrating an older one forward in one
//! transaction, refusing a newer one; plus the whole-store walks that `check` and `backup` use.

use super::StoreError;
use super::codec::{Codec, Record};
use super::index;
use super::tables::*;
use crate::model::*;
use redb::{
    Database, MultimapTableHandle, ReadTransaction, ReadableDatabase, ReadableMultimapTable,
    ReadableTable, ReadableTableMetadata, TableError, TableHandle, WriteTransaction,
};
use std::collections::BTreeMap;
use std::path::Path;

/// The schema this program writes. Raise it with a new entry in `MIGRATIONS`.
pub const SCHEMA_VERSION: u64 = 11;

/// A step, given the transaction, the codec and `now` on the store's clock (what a record the
/// step closes or makes is stamped with).
type Migration = fn(&WriteTransaction, &Codec, Timestamp) -> Result<(), StoreError>;

/// (the version a step upgrades from, the step). Steps run in order, all in one transaction.
const MIGRATIONS: &[(u64, Migration)] = &[
    // Version 2 added the class index that head teachers' caseloads are read from.
    (1, |tx, codec, _| rebuild_indexes(tx, codec)),
    // Version 3 added the per-child summaries that the caseload and This week read, and
    // passed drafts through the codec like every other value.
    (2, |tx, codec, _| rebuild_summaries(tx, codec)),
    (2, |tx, codec, _| seal_drafts(tx, codec)),
    // Version 4 added the key slots of encrypted stores (the table is made by
    // `create_tables`). Encrypting an older store needs a coordinator's passphrase, so it is
    // its own step: `Store::encrypt`.
    (3, |_, _, _| Ok(())),
    // Version 5 keeps a child's earlier versions (`child_revisions` and its index, made by
    // `create_tables`). Nothing to convert: the history starts with the next change, and
    // the step reads no record (migrations run before anyone unlocks).
    (4, |_, _, _| Ok(())),
    // Version 6 gave a letter the closing of its attention and the incident it raised
    // (letter layout 2). Plain letters are rewritten here; sealed ones cannot be before an
    // unlock, and are read through layout 1 until they are next written.
    (5, |tx, codec, _| rewrite_plain_letters(tx, codec)),
    // Version 7 reads a child's one mood history from the notes too (`ix_child_note_moods`,
    // made by `create_tables`). Its rows come from the notes, which a sealed store opens only
    // with someone's passphrase: a plain store gets them now, a sealed one at the next unlock
    // (`finish_after_unlock`).
    (6, |tx, codec, _| index_note_moods_when_readable(tx, codec)),
    // Version 8 gave a child the parent at home's capacity, the entrustment and the enrolment
    // state (child layout 2, and revision layout 2 around it). Nothing to convert: a child of
    // layout 1 reads as not recorded and at school (`older.rs`) until it is next written;
    // the version keeps a program of schema 7 from misreading a child of layout 2 as damage.
    (7, |_, _, _| Ok(())),
    // Version 9 keeps absence cases (控辍保学, table `absences` and its indexes, made by
    // `create_tables`) apart from mandatory reports: each open incident of the kinds 无故旷课
    // and 辍学 becomes an open case (`absences_from_incidents`); a sealed store's incidents open
    // only with a passphrase, so there at the next unlock.
    (8, super::migrate_absences::when_readable),
    // Version 10 gives each staff member a key pair (`person_keys`, and `grants` of the data
    // key sealed to it; both made by `create_tables`, with `staff_signatures`). Nothing to convert: a slot of version 1
    // holds the data key and becomes the person's at their next unlock, when their passphrase
    // is there to wrap the new secret.
    (9, |_, _, _| Ok(())),
    // Version 11 seals each child's records under the child's key (issue 20: `keyring`,
    // `care_keys`; the grants' tables are made by `create_tables`), which a coordinator's
    // next unlock moves them to, and keeps the school's directory of children apart
    // (`listings`), derived from the summaries: a plain store's now, a sealed one's at the
    // next unlock.
    (10, |tx, codec, _| list_children_when_readable(tx, codec)),
    (10, |tx, codec, _| {
        index_letter_days_when_readable(tx, codec)
    }),
];

/// Set while a sealed store still lacks the rows of `ix_letter_days` (schema 11).
const META_PENDING_LETTER_DAYS: &str = "pending/letter_days";

fn index_letter_days_when_readable(tx: &WriteTransaction, codec: &Codec) -> Result<(), StoreError> {
    if !waits_for_keys(tx, codec, META_PENDING_LETTER_DAYS)? && !index_letter_days(tx, codec)? {
        tx.open_table(META)?.insert(META_PENDING_LETTER_DAYS, 1)?;
    }
    Ok(())
}

/// Adds every letter's row of `ix_letter_days`; false (nothing written) when some letter
/// does not open with these keys: a mailbox reader's unlock does it then.
fn index_letter_days(tx: &WriteTransaction, codec: &Codec) -> Result<bool, StoreError> {
    let mut rows = Vec::new();
    {
        let table = tx.open_table(Letter::table())?;
        for row in table.iter()? {
            let (k, bytes) = row?;
            match codec.decode::<Letter>(k.value(), bytes.value()) {
                Ok(letter) => rows.extend(
                    letter
                        .entries()
                        .into_iter()
                        .filter(|e| matches!(e, Entry::LetterDay(..))),
                ),
                Err(StoreError::OutOfCare) => return Ok(false),
                Err(e) => return Err(e),
            }
        }
    }
    for e in &rows {
        index::insert(tx, codec, e)?;
    }
    Ok(true)
}

/// Set while a sealed store still lacks the directory rows (`listings`) of schema 11.
const META_PENDING_LISTINGS: &str = "pending/listings";

fn list_children_when_readable(tx: &WriteTransaction, codec: &Codec) -> Result<(), StoreError> {
    if waits_for_keys(tx, codec, META_PENDING_LISTINGS)? {
        return Ok(());
    }
    list_children(tx, codec)
}

/// Writes every child's directory row from their summary.
fn list_children(tx: &WriteTransaction, codec: &Codec) -> Result<(), StoreError> {
    let summaries: Vec<ChildSummary> = {
        let table = tx.open_table(ChildSummary::table())?;
        let mut v = Vec::new();
        for row in table.iter()? {
            let (k, bytes) = row?;
            v.extend(codec.decode_visible::<ChildSummary>(k.value(), bytes.value())?);
        }
        v
    };
    let mut listings = tx.open_table(ChildListing::table())?;
    for s in &summaries {
        listings.insert(s.child.0, codec.encode(&ChildListing::of(s))?.as_slice())?;
    }
    Ok(())
}

/// Whether a migration step must wait for the keys: the store is sealed and nobody has
/// unlocked it. The step is then marked `pending` in meta, for `finish_after_unlock`.
pub(super) fn waits_for_keys(
    tx: &WriteTransaction,
    codec: &Codec,
    pending: &str,
) -> Result<bool, StoreError> {
    let sealed = tx
        .open_table(META)?
        .get(META_ENCRYPTION)?
        .map(|v| v.value())
        == Some(ENCRYPTION_SEALED);
    if sealed && codec.keys().is_none() {
        tx.open_table(META)?.insert(pending, 1)?;
        return Ok(true);
    }
    Ok(false)
}

/// Set while a sealed store still lacks the rows of `ix_child_note_moods` for the notes it
/// held before schema 7; the first unlock makes them and clears it.
const META_PENDING_NOTE_MOODS: &str = "pending/note_moods";

fn index_note_moods_when_readable(tx: &WriteTransaction, codec: &Codec) -> Result<(), StoreError> {
    if waits_for_keys(tx, codec, META_PENDING_NOTE_MOODS)? {
        return Ok(());
    }
    index_note_moods(tx, codec)
}

/// The steps a migration left for when the keys are there: run by `Store::unlock`, in a
/// transaction of their own, at `now` on the store's clock. True when something was done.
pub fn finish_after_unlock(
    tx: &WriteTransaction,
    codec: &Codec,
    now: Timestamp,
) -> Result<bool, StoreError> {
    let mut done = false;
    if tx.open_table(META)?.get(META_PENDING_NOTE_MOODS)?.is_some() {
        index_note_moods(tx, codec)?;
        tx.open_table(META)?.remove(META_PENDING_NOTE_MOODS)?;
        done = true;
    }
    done |= super::migrate_absences::finish_after_unlock(tx, codec, now)?;
    if tx
        .open_table(META)?
        .get(META_PENDING_LETTER_DAYS)?
        .is_some()
        && index_letter_days(tx, codec)?
    {
        tx.open_table(META)?.remove(META_PENDING_LETTER_DAYS)?;
        done = true;
    }
    if tx.open_table(META)?.get(META_PENDING_LISTINGS)?.is_some() {
        list_children(tx, codec)?;
        tx.open_table(META)?.remove(META_PENDING_LISTINGS)?;
        done = true;
    }
    Ok(done)
}

/// Whether a step is waiting for the keys (a read, so that an unlock with nothing to do takes
/// no write lock).
pub fn pending_after_unlock(db: &Database) -> Result<bool, StoreError> {
    let read = db.begin_read()?;
    let meta = read.open_table(META)?;
    Ok(meta.get(META_PENDING_NOTE_MOODS)?.is_some()
        || meta.get(META_PENDING_LISTINGS)?.is_some()
        || meta.get(META_PENDING_LETTER_DAYS)?.is_some()
        || meta.get(super::migrate_absences::PENDING)?.is_some())
}

/// Adds the mood rows of every note (`Note::mood_of`) and rebuilds the summaries of the
/// children they name, so that moods written in notes before schema 7 join the history. In
/// batches, so that a county's notes are not held in memory at once.
fn index_note_moods(tx: &WriteTransaction, codec: &Codec) -> Result<(), StoreError> {
    const BATCH: usize = 10_000;
    let mut children = std::collections::BTreeSet::new();
    let mut next = 0u64;
    loop {
        let mut rows = Vec::new();
        let mut last = None;
        {
            let table = tx.open_table(Note::table())?;
            for row in table.range(next..)?.take(BATCH) {
                let (k, bytes) = row?;
                last = Some(k.value());
                let note = codec.decode::<Note>(k.value(), bytes.value())?;
                rows.extend(
                    note.entries()
                        .into_iter()
                        .filter(|e| matches!(e, Entry::ChildNoteMood(..))),
                );
            }
        }
        for e in &rows {
            children.extend(e.child());
            index::insert(tx, codec, e)?;
        }
        match last {
            Some(id) => next = id + 1,
            None => break,
        }
    }
    for child in children {
        super::writer::refresh_summary(tx, codec, ChildId(child))?;
    }
    Ok(())
}

/// Makes a new store's tables, or migrates an older one forward at `now` on the store's clock,
/// or refuses a newer one or a file that is not a store.
pub fn prepare(
    db: &Database,
    codec: &Codec,
    path: &Path,
    now: Timestamp,
) -> Result<(), StoreError> {
    let found = {
        let read = db.begin_read()?;
        let version = stored_version(&read)?;
        if version.is_none() && read.list_tables()?.next().is_some() {
            // A redb file, but not one of ours.
            return Err(StoreError::NotAStore {
                path: path.to_path_buf(),
            });
        }
        version
    };
    match found {
        None => {
            let tx = db.begin_write()?;
            create_tables(&tx)?;
            {
                let mut meta = tx.open_table(META)?;
                meta.insert(META_SCHEMA, SCHEMA_VERSION)?;
                meta.insert(META_NEXT_ID, 1)?;
                meta.insert(META_STORE_ID, super::crypto::random_u64())?;
            }
            tx.commit()?;
        }
        Some(v) if v > SCHEMA_VERSION => {
            return Err(StoreError::TooNew {
                path: path.to_path_buf(),
                found: v,
                supported: SCHEMA_VERSION,
            });
        }
        Some(v) if v < SCHEMA_VERSION => migrate(db, codec, v, now)?,
        Some(_) => {}
    }
    Ok(())
}

/// Reads the schema version without writing to the file: a writable open already changes
/// bytes on disk, and a store from a newer Shouwang must be refused untouched. Any trouble here
/// (a store open elsewhere, one that needs repair) is left to the writable open to report.
pub fn refuse_newer_untouched(path: &Path) -> Result<(), StoreError> {
    let Ok(db) = redb::ReadOnlyDatabase::open(path) else {
        return Ok(());
    };
    let Ok(read) = db.begin_read() else {
        return Ok(());
    };
    match stored_version(&read) {
        Ok(Some(found)) if found > SCHEMA_VERSION => Err(StoreError::TooNew {
            path: path.to_path_buf(),
            found,
            supported: SCHEMA_VERSION,
        }),
        _ => Ok(()),
    }
}

fn stored_version(read: &ReadTransaction) -> Result<Option<u64>, StoreError> {
    match read.open_table(META) {
        Ok(t) => Ok(t.get(META_SCHEMA)?.map(|v| v.value())),
        Err(TableError::TableDoesNotExist(_)) => Ok(None),
        Err(e) => Err(e.into()),
    }
}

fn migrate(db: &Database, codec: &Codec, from: u64, now: Timestamp) -> Result<(), StoreError> {
    tracing::info!(from, to = SCHEMA_VERSION, "migrating store");
    let tx = db.begin_write()?;
    create_tables(&tx)?;
    for (step_from, step) in MIGRATIONS {
        if *step_from >= from {
            step(&tx, codec, now)?;
        }
    }
    tx.open_table(META)?.insert(META_SCHEMA, SCHEMA_VERSION)?;
    tx.commit()?;
    Ok(())
}

/// Opening a table in a write transaction creates it; readers can then rely on every table.
fn create_tables(tx: &WriteTransaction) -> Result<(), StoreError> {
    tx.open_table(META)?;
    tx.open_table(DRAFTS)?;
    tx.open_table(KEY_SLOTS)?;
    tx.open_table(PERSON_KEYS)?;
    tx.open_table(GRANTS)?;
    tx.open_table(STAFF_SIGNATURES)?;
    for t in record_tables() {
        tx.open_table(t)?;
    }
    tx.open_table(COUNSELOR_BY_NAME)?;
    tx.open_table(CHILD_BY_STUDENT_ID)?;
    tx.open_table(CHILD_BY_NAME_BIRTH)?;
    tx.open_multimap_table(CHILDREN_BY_CLASS)?;
    tx.open_multimap_table(CHILDREN_BY_COUNSELOR)?;
    tx.open_multimap_table(ASSIGNMENTS_BY_CHILD)?;
    tx.open_table(NOTES_BY_CHILD)?;
    tx.open_table(NOTES_BY_COUNSELOR)?;
    tx.open_table(MOODS_BY_CHILD)?;
    tx.open_table(NOTE_MOODS_BY_CHILD)?;
    tx.open_table(OPEN_FOLLOWUPS_BY_DUE)?;
    tx.open_table(FOLLOWUPS_BY_CHILD)?;
    tx.open_table(LETTER_BY_NUMBER)?;
    tx.open_table(LETTERS_BY_STATUS)?;
    tx.open_table(LETTER_DAYS)?;
    tx.open_table(OPEN_INCIDENTS)?;
    tx.open_table(INCIDENTS_BY_CHILD)?;
    tx.open_table(REVISIONS_BY_CHILD)?;
    tx.open_table(OPEN_ABSENCES)?;
    tx.open_table(ABSENCES_BY_CHILD)?;
    tx.open_table(ChildSummary::table())?;
    tx.open_table(ChildListing::table())?;
    tx.open_table(CHILD_GRANTS)?;
    tx.open_table(GRANTEES)?;
    tx.open_table(CHILD_GENERATIONS)?;
    tx.open_table(STALE_SUMMARIES)?;
    Ok(())
}

fn record_tables() -> [RecordTable; 11] {
    [
        Counselor::table(),
        Child::table(),
        Assignment::table(),
        Note::table(),
        MoodEntry::table(),
        FollowUp::table(),
        Letter::table(),
        Incident::table(),
        AuditEvent::table(),
        ChildRevision::table(),
        AbsenceCase::table(),
    ]
}

fn index_table_names() -> Vec<&'static str> {
    vec![
        COUNSELOR_BY_NAME.name(),
        CHILD_BY_STUDENT_ID.name(),
        CHILD_BY_NAME_BIRTH.name(),
        CHILDREN_BY_CLASS.name(),
        CHILDREN_BY_COUNSELOR.name(),
        ASSIGNMENTS_BY_CHILD.name(),
        NOTES_BY_CHILD.name(),
        NOTES_BY_COUNSELOR.name(),
        MOODS_BY_CHILD.name(),
        NOTE_MOODS_BY_CHILD.name(),
        OPEN_FOLLOWUPS_BY_DUE.name(),
        FOLLOWUPS_BY_CHILD.name(),
        LETTER_BY_NUMBER.name(),
        LETTERS_BY_STATUS.name(),
        LETTER_DAYS.name(),
        OPEN_INCIDENTS.name(),
        INCIDENTS_BY_CHILD.name(),
        REVISIONS_BY_CHILD.name(),
        OPEN_ABSENCES.name(),
        ABSENCES_BY_CHILD.name(),
    ]
}

impl Entry {
    fn table_name(&self) -> &'static str {
        match self {
            Entry::CounselorName(..) => COUNSELOR_BY_NAME.name(),
            Entry::StudentId(..) => CHILD_BY_STUDENT_ID.name(),
            Entry::NameBirth(..) => CHILD_BY_NAME_BIRTH.name(),
            Entry::ClassChild(..) => CHILDREN_BY_CLASS.name(),
            Entry::CounselorChild(..) => CHILDREN_BY_COUNSELOR.name(),
            Entry::ChildAssignment(..) => ASSIGNMENTS_BY_CHILD.name(),
            Entry::ChildNote(..) => NOTES_BY_CHILD.name(),
            Entry::CounselorNote(..) => NOTES_BY_COUNSELOR.name(),
            Entry::ChildMood(..) => MOODS_BY_CHILD.name(),
            Entry::ChildNoteMood(..) => NOTE_MOODS_BY_CHILD.name(),
            Entry::OpenFollowUp(..) => OPEN_FOLLOWUPS_BY_DUE.name(),
            Entry::ChildFollowUp(..) => FOLLOWUPS_BY_CHILD.name(),
            Entry::LetterNumber(..) => LETTER_BY_NUMBER.name(),
            Entry::LetterStatus(..) => LETTERS_BY_STATUS.name(),
            Entry::LetterDay(..) => LETTER_DAYS.name(),
            Entry::OpenIncident(..) => OPEN_INCIDENTS.name(),
            Entry::ChildIncident(..) => INCIDENTS_BY_CHILD.name(),
            Entry::ChildRevision(..) => REVISIONS_BY_CHILD.name(),
            Entry::OpenAbsence(..) => OPEN_ABSENCES.name(),
            Entry::ChildAbsence(..) => ABSENCES_BY_CHILD.name(),
        }
    }
}

/// Drops every index and derives it again from the records.
pub fn rebuild_indexes(tx: &WriteTransaction, codec: &Codec) -> Result<(), StoreError> {
    for name in index_table_names() {
        let multimap = [
            CHILDREN_BY_CLASS.name(),
            CHILDREN_BY_COUNSELOR.name(),
            ASSIGNMENTS_BY_CHILD.name(),
        ];
        if multimap.contains(&name) {
            tx.delete_multimap_table(redb::MultimapTableDefinition::<&str, u64>::new(name))?;
        } else {
            tx.delete_table(redb::TableDefinition::<&str, u64>::new(name))?;
        }
    }
    create_tables(tx)?;
    fn reindex<R: Indexed>(tx: &WriteTransaction, codec: &Codec) -> Result<(), StoreError> {
        let records: Vec<R> = {
            let table = tx.open_table(R::table())?;
            let mut v = Vec::new();
            for row in table.iter()? {
                let (k, value) = row?;
                v.push(codec.decode::<R>(k.value(), value.value())?);
            }
            v
        };
        for r in &records {
            for e in r.entries() {
                index::insert(tx, codec, &e)?;
            }
        }
        Ok(())
    }
    reindex::<Counselor>(tx, codec)?;
    reindex::<Child>(tx, codec)?;
    reindex::<Assignment>(tx, codec)?;
    reindex::<Note>(tx, codec)?;
    reindex::<MoodEntry>(tx, codec)?;
    reindex::<FollowUp>(tx, codec)?;
    reindex::<Letter>(tx, codec)?;
    reindex::<Incident>(tx, codec)?;
    reindex::<ChildRevision>(tx, codec)?;
    reindex::<AbsenceCase>(tx, codec)?;
    Ok(())
}

/// Derives every child's summary again from the records and indexes.
pub fn rebuild_summaries(tx: &WriteTransaction, codec: &Codec) -> Result<(), StoreError> {
    tx.delete_table(ChildSummary::table())?;
    tx.open_table(ChildSummary::table())?;
    tx.delete_table(ChildListing::table())?;
    tx.open_table(ChildListing::table())?;
    let children: Vec<ChildId> = {
        let table = tx.open_table(Child::table())?;
        let mut v = Vec::new();
        for row in table.iter()? {
            v.push(ChildId(row?.0.value()));
        }
        v
    };
    for child in children {
        super::writer::refresh_summary(tx, codec, child)?;
    }
    Ok(())
}

/// Rewrites the letters stored unsealed at an older layout at the current one.
fn rewrite_plain_letters(tx: &WriteTransaction, codec: &Codec) -> Result<(), StoreError> {
    let mut table = tx.open_table(Letter::table())?;
    let mut old = Vec::new();
    for row in table.iter()? {
        let (k, bytes) = row?;
        let bytes = bytes.value();
        if bytes
            .first()
            .is_some_and(|&b| b != Letter::VERSION && b & 0x80 == 0)
        {
            old.push(Codec::plain().decode::<Letter>(k.value(), bytes)?);
        }
    }
    for letter in old {
        table.insert(letter.id.0, codec.encode(&letter)?.as_slice())?;
    }
    Ok(())
}

/// Drafts written before they passed through the codec were the editor's bytes as they are.
fn seal_drafts(tx: &WriteTransaction, codec: &Codec) -> Result<(), StoreError> {
    let mut table = tx.open_table(DRAFTS)?;
    let old: Vec<(String, Vec<u8>)> = {
        let mut v = Vec::new();
        for row in table.iter()? {
            let (k, bytes) = row?;
            v.push((k.value().to_string(), bytes.value().to_vec()));
        }
        v
    };
    for (key, text) in old {
        table.insert(
            key.as_str(),
            codec.seal_draft(&key, &text, None)?.as_slice(),
        )?;
    }
    Ok(())
}

/// Every child's stored summary is the one its history implies; returns the problems.
fn verify_summaries(
    read: ReadTransaction,
    codec: &Codec,
    partial: bool,
) -> Result<Vec<String>, StoreError> {
    // A summary written from outside the child's care waits for the child's keys.
    let waiting: std::collections::BTreeSet<u64> = {
        let table = read.open_table(STALE_SUMMARIES)?;
        let mut v = std::collections::BTreeSet::new();
        for row in table.iter()? {
            v.insert(row?.0.value());
        }
        v
    };
    let reader = super::Reader::new(read, codec.clone());
    let mut problems = Vec::new();
    let children: Vec<Child> = reader.all()?;
    for child in &children {
        if waiting.contains(&child.id.0) {
            continue;
        }
        let want = reader.summary_from_history(child.id)?;
        let have = reader.get::<ChildSummary>(child.id.0)?;
        if have != want {
            problems.push(crate::tr!("store.check_summary", child = child.id));
        }
    }
    let have = reader.count::<ChildSummary>()?;
    if have != children.len() as u64 && !partial {
        problems.push(crate::tr!(
            "store.check_index",
            index = ChildSummary::NAME,
            have = have,
            want = children.len()
        ));
    }
    Ok(problems)
}

/// Every record decodes, every index holds as many rows as the records imply, and every
/// summary agrees with the history.
pub fn verify(db: &Database, codec: &Codec) -> Result<Vec<String>, StoreError> {
    if codec.is_locked() {
        // Sealed records open only with someone's passphrase: redb's own check has run.
        return Ok(Vec::new());
    }
    let read = db.begin_read()?;
    let mut problems = Vec::new();
    let mut expected: BTreeMap<&'static str, u64> =
        index_table_names().into_iter().map(|n| (n, 0)).collect();
    // Whether some record is out of the keys' care: a carer checks what their keys open, and
    // the counts of the indexes need every record.
    let mut partial = false;
    fn walk<R: Indexed>(
        read: &ReadTransaction,
        codec: &Codec,
        expected: &mut BTreeMap<&'static str, u64>,
        problems: &mut Vec<String>,
        partial: &mut bool,
    ) -> Result<(), StoreError> {
        let table = read.open_table(R::table())?;
        for row in table.iter()? {
            let (k, v) = row?;
            match codec.decode::<R>(k.value(), v.value()) {
                Ok(r) => {
                    for e in r.entries() {
                        *expected.entry(e.table_name()).or_default() += 1;
                    }
                }
                Err(StoreError::OutOfCare) => *partial = true,
                Err(e) => problems.push(format!("{} {}: {e}", R::NAME, k.value())),
            }
        }
        Ok(())
    }
    walk::<Counselor>(&read, codec, &mut expected, &mut problems, &mut partial)?;
    walk::<Child>(&read, codec, &mut expected, &mut problems, &mut partial)?;
    walk::<Assignment>(&read, codec, &mut expected, &mut problems, &mut partial)?;
    walk::<Note>(&read, codec, &mut expected, &mut problems, &mut partial)?;
    walk::<MoodEntry>(&read, codec, &mut expected, &mut problems, &mut partial)?;
    walk::<FollowUp>(&read, codec, &mut expected, &mut problems, &mut partial)?;
    walk::<Letter>(&read, codec, &mut expected, &mut problems, &mut partial)?;
    walk::<Incident>(&read, codec, &mut expected, &mut problems, &mut partial)?;
    // The audit trail opens only with the school's key: checked by a coordinator's run.
    if codec.opens_school_values() {
        walk::<AuditEvent>(&read, codec, &mut expected, &mut problems, &mut partial)?;
    }
    walk::<ChildRevision>(&read, codec, &mut expected, &mut problems, &mut partial)?;
    walk::<AbsenceCase>(&read, codec, &mut expected, &mut problems, &mut partial)?;
    let mut actual: BTreeMap<String, u64> = BTreeMap::new();
    for handle in read.list_tables()? {
        let len = read.open_untyped_table(handle.clone())?.len()?;
        actual.insert(handle.name().to_string(), len);
    }
    for handle in read.list_multimap_tables()? {
        let len = read.open_untyped_multimap_table(handle.clone())?.len()?;
        actual.insert(handle.name().to_string(), len);
    }
    for (name, want) in expected {
        let have = actual.get(name).copied().unwrap_or(0);
        if have != want && !partial {
            problems.push(crate::tr!(
                "store.check_index",
                index = name,
                have = have,
                want = want
            ));
        }
    }
    problems.extend(verify_person_keys(&read, codec)?);
    problems.extend(verify_summaries(read, codec, partial)?);
    Ok(problems)
}

/// Each active person whose slot holds their own key has its public key and the data key's
/// grant beside it: without them their passphrase would open nothing. What they hold cannot be
/// checked without the passphrase.
fn verify_person_keys(read: &ReadTransaction, codec: &Codec) -> Result<Vec<String>, StoreError> {
    let staff = read.open_table(Counselor::table())?;
    let slots = read.open_table(KEY_SLOTS)?;
    let keys = read.open_table(PERSON_KEYS)?;
    let grants = read.open_table(GRANTS)?;
    let mut problems = Vec::new();
    for row in slots.iter()? {
        let (who, slot) = row?;
        let who = who.value();
        // A deactivated person holds no grant: nothing of theirs to check.
        let active = match staff.get(who)? {
            Some(c) => codec.decode::<Counselor>(who, c.value())?.active,
            None => false,
        };
        if active
            && super::crypto::slot_holds_person_key(slot.value())
            && (keys.get(who)?.is_none() || grants.get((super::crypto::DATA_GRANT, who))?.is_none())
        {
            problems.push(crate::tr!("store.check_person_key", id = who));
        }
    }
    Ok(problems)
}

/// Copies every table of `src` into the new store `dst` as it stands, sealed values, indexes
/// and summaries alike: nothing is opened, so a backup needs no key of any record (a
/// coordinator who is not a mailbox reader backs up the letters too) and costs no decoding.
/// `src` is one consistent snapshot, so the copy is.
pub fn copy_all(src: &Database, dst: &Database) -> Result<(), StoreError> {
    macro_rules! copy {
        ($read:expr, $tx:expr; $($def:expr),* $(,)?) => {{
            $({
                let from = $read.open_table($def)?;
                let mut to = $tx.open_table($def)?;
                for row in from.iter()? {
                    let (k, v) = row?;
                    to.insert(k.value(), v.value())?;
                }
            })*
        }};
    }
    macro_rules! copy_multimap {
        ($read:expr, $tx:expr; $($def:expr),* $(,)?) => {{
            $({
                let from = $read.open_multimap_table($def)?;
                let mut to = $tx.open_multimap_table($def)?;
                for row in from.iter()? {
                    let (k, values) = row?;
                    for v in values {
                        to.insert(k.value(), v?.value())?;
                    }
                }
            })*
        }};
    }
    let read = src.begin_read()?;
    let tx = dst.begin_write()?;
    create_tables(&tx)?;
    copy!(read, tx; META, DRAFTS, KEY_SLOTS, PERSON_KEYS, STAFF_SIGNATURES, GRANTS);
    copy!(read, tx; CHILD_GRANTS, GRANTEES, CHILD_GENERATIONS, STALE_SUMMARIES);
    for def in record_tables() {
        copy!(read, tx; def);
    }
    copy!(read, tx; ChildSummary::table(), ChildListing::table());
    copy!(read, tx; COUNSELOR_BY_NAME, CHILD_BY_STUDENT_ID, CHILD_BY_NAME_BIRTH);
    copy!(read, tx; NOTES_BY_CHILD, NOTES_BY_COUNSELOR, MOODS_BY_CHILD, NOTE_MOODS_BY_CHILD);
    copy!(read, tx; OPEN_FOLLOWUPS_BY_DUE, FOLLOWUPS_BY_CHILD);
    copy!(read, tx; LETTER_BY_NUMBER, LETTERS_BY_STATUS, LETTER_DAYS);
    copy!(read, tx; OPEN_INCIDENTS, INCIDENTS_BY_CHILD, REVISIONS_BY_CHILD);
    copy!(read, tx; OPEN_ABSENCES, ABSENCES_BY_CHILD);
    copy_multimap!(read, tx; CHILDREN_BY_CLASS, CHILDREN_BY_COUNSELOR, ASSIGNMENTS_BY_CHILD);
    tx.commit()?;
    Ok(())
}

/// Encrypts a plain store in place, inside `tx`: every record and draft read with `plain` is
/// written again with `sealed`, then the indexes (keyed hashes now) and summaries are derived
/// again. Records go in batches, so that a county's store is not held in memory at once.
pub fn seal_all(tx: &WriteTransaction, plain: &Codec, sealed: &Codec) -> Result<(), StoreError> {
    fn reseal<R: Indexed>(
        tx: &WriteTransaction,
        plain: &Codec,
        sealed: &Codec,
    ) -> Result<(), StoreError> {
        const BATCH: usize = 10_000;
        let mut next = 0u64;
        loop {
            let batch: Vec<(u64, R)> = {
                let table = tx.open_table(R::table())?;
                let mut v = Vec::with_capacity(BATCH);
                for row in table.range(next..)?.take(BATCH) {
                    let (k, bytes) = row?;
                    v.push((k.value(), plain.decode::<R>(k.value(), bytes.value())?));
                }
                v
            };
            let Some(&(last, _)) = batch.last() else {
                return Ok(());
            };
            let mut table = tx.open_table(R::table())?;
            for (id, record) in &batch {
                table.insert(*id, sealed.encode(record)?.as_slice())?;
            }
            next = last + 1;
        }
    }
    reseal::<Child>(tx, plain, sealed)?;
    reseal::<Assignment>(tx, plain, sealed)?;
    reseal::<Note>(tx, plain, sealed)?;
    reseal::<MoodEntry>(tx, plain, sealed)?;
    reseal::<FollowUp>(tx, plain, sealed)?;
    reseal::<Letter>(tx, plain, sealed)?;
    reseal::<Incident>(tx, plain, sealed)?;
    reseal::<AuditEvent>(tx, plain, sealed)?;
    reseal::<ChildRevision>(tx, plain, sealed)?;
    reseal::<AbsenceCase>(tx, plain, sealed)?;
    {
        let mut drafts = tx.open_table(DRAFTS)?;
        let old: Vec<(String, Vec<u8>)> = {
            let mut v = Vec::new();
            for row in drafts.iter()? {
                let (k, bytes) = row?;
                let key = k.value().to_string();
                let text = plain.open_draft(&key, bytes.value())?;
                v.push((key, text));
            }
            v
        };
        for (key, text) in old {
            drafts.insert(
                key.as_str(),
                sealed.seal_draft(&key, &text, None)?.as_slice(),
            )?;
        }
    }
    rebuild_indexes(tx, sealed)?;
    rebuild_summaries(tx, sealed)
}
