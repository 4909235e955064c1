//! Schema 9: absence cases (控辍保学) leave the mandatory reports. A version before 9 filed
//! 无故旷课 and 辍学 as incidents; each open one becomes an open absence case here, and a
//! sealed store's incidents, which open only with a passphrase, at the next unlock.

use super::StoreError;
use super::codec::{Codec, Record};
use super::index;
use super::tables::*;
use crate::model::*;
use redb::{ReadableTable, WriteTransaction};

/// Set while a sealed store's open absence incidents still wait to become absence cases.
pub(super) const PENDING: &str = "pending/absences";

/// The migration step: now if the incidents can be read, else at the next unlock. `now` (the
/// store's clock) is when the incidents moved are closed.
pub(super) fn when_readable(
    tx: &WriteTransaction,
    codec: &Codec,
    now: Timestamp,
) -> Result<(), StoreError> {
    if super::schema::waits_for_keys(tx, codec, PENDING)? {
        return Ok(());
    }
    absences_from_incidents(tx, codec, now)
}

/// The step left for the keys, if it was; true when it ran.
pub(super) fn finish_after_unlock(
    tx: &WriteTransaction,
    codec: &Codec,
    now: Timestamp,
) -> Result<bool, StoreError> {
    if tx.open_table(META)?.get(PENDING)?.is_none() {
        return Ok(false);
    }
    absences_from_incidents(tx, codec, now)?;
    tx.open_table(META)?.remove(PENDING)?;
    Ok(true)
}

/// Each open incident of the kinds 无故旷课 / 辍学 about a child becomes an open absence case:
/// the first day is the day it was found, what was found is the case's note, each event an
/// attempt (how it was made not recorded then, the child still away), the child's enrolment
/// follows the case, and the case remembers the incident. The incident is closed with a
/// reason that names the case, so it leaves the police reports and is never lost. A closed
/// one stays as it was, read as it always was: its outcome is free text, which no outcome can
/// be read from.
pub(super) fn absences_from_incidents(
    tx: &WriteTransaction,
    codec: &Codec,
    now: Timestamp,
) -> Result<(), StoreError> {
    let old: Vec<Incident> = {
        let table = tx.open_table(Incident::table())?;
        let mut v = Vec::new();
        for row in table.iter()? {
            let (k, bytes) = row?;
            let i = codec.decode::<Incident>(k.value(), bytes.value())?;
            if i.kind.is_absence() && i.is_open() && i.child.is_some() {
                v.push(i);
            }
        }
        v
    };
    for mut incident in old {
        let Some(child) = incident.child else {
            continue;
        };
        let id = {
            let mut meta = tx.open_table(META)?;
            let id = meta.get(META_NEXT_ID)?.map_or(1, |v| v.value());
            meta.insert(META_NEXT_ID, id + 1)?;
            id
        };
        let case = AbsenceCase {
            id: AbsenceId(id),
            child,
            kind: match incident.kind {
                IncidentKind::DroppedOut => AbsenceKind::DroppedOut,
                _ => AbsenceKind::Truancy,
            },
            first_day: incident.found_at.date(),
            note: incident.found.clone(),
            registered_by: incident.reported_by,
            registered_at: incident.found_at,
            attempts: (incident.events.iter())
                .map(|e| Attempt {
                    on: e.at.date(),
                    went: String::new(),
                    way: AttemptWay::NotRecorded,
                    met: String::new(),
                    result: e.text.clone(),
                    failed: true,
                    logged_by: e.by,
                    logged_at: e.at,
                })
                .collect(),
            report_printed: None,
            incidents: Vec::new(),
            from_incident: Some(incident.id),
            closed: None,
        };
        let before = incident.entries();
        incident.closed = Some(Closure {
            at: now,
            by: incident.reported_by,
            // Kept text, in the language of whoever opened the store with this version.
            reason: crate::tr!("absence.moved_to_case", id = id),
        });
        rewrite(tx, codec, &before, &incident)?;
        for e in &case.entries() {
            index::insert(tx, codec, e)?;
        }
        tx.open_table(AbsenceCase::table())?
            .insert(case.id.0, codec.encode(&case)?.as_slice())?;
        let stored = tx
            .open_table(Child::table())?
            .get(child.0)?
            .map(|b| codec.decode::<Child>(child.0, b.value()))
            .transpose()?;
        if let Some(mut c) = stored {
            let before = c.entries();
            c.enrolment = case.kind.enrolment();
            rewrite(tx, codec, &before, &c)?;
        }
        super::writer::refresh_summary(tx, codec, child)?;
    }
    Ok(())
}

/// Writes a record in place of its stored version, its index rows moved with it.
fn rewrite<R: Record + super::tables::Indexed>(
    tx: &WriteTransaction,
    codec: &Codec,
    before: &[Entry],
    record: &R,
) -> Result<(), StoreError> {
    for e in before {
        index::remove(tx, codec, e)?;
    }
    for e in &record.entries() {
        index::insert(tx, codec, e)?;
    }
    tx.open_table(R::table())?
        .insert(record.key(), codec.encode(record)?.as_slice())?;
    Ok(())
}
