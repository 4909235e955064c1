//! Writing and removing index rows. Unique indexes refuse a second record with the same key.

use super::StoreError;
use super::tables::*;
use redb::{ReadableTable, WriteTransaction};

pub fn insert(tx: &WriteTransaction, entry: &Entry) -> Result<(), StoreError> {
    match entry {
        Entry::CounselorName(name, id) => {
            let mut t = tx.open_table(COUNSELOR_BY_NAME)?;
            if let Some(old) = t.get(name.as_str())?
                && old.value() != *id
            {
                return Err(StoreError::DuplicateCounselor { name: name.clone() });
            }
            t.insert(name.as_str(), id)?;
        }
        Entry::StudentId(sid, id) => {
            let mut t = tx.open_table(CHILD_BY_STUDENT_ID)?;
            if let Some(old) = t.get(sid.as_str())?
                && old.value() != *id
            {
                return Err(StoreError::DuplicateStudentId {
                    student_id: sid.clone(),
                });
            }
            t.insert(sid.as_str(), id)?;
        }
        Entry::NameBirth(name, day, id) => {
            let mut t = tx.open_table(CHILD_BY_NAME_BIRTH)?;
            if let Some(old) = t.get((name.as_str(), *day))?
                && old.value() != *id
            {
                let birth = chrono::NaiveDate::from_num_days_from_ce_opt(*day)
                    .map(|d| d.to_string())
                    .unwrap_or_default();
                return Err(StoreError::DuplicateChild {
                    name: name.clone(),
                    birth_date: birth,
                });
            }
            t.insert((name.as_str(), *day), id)?;
        }
        Entry::ClassChild(class, id) => {
            tx.open_multimap_table(CHILDREN_BY_CLASS)?
                .insert(class.as_str(), id)?;
        }
        Entry::CounselorChild(counselor, child) => {
            tx.open_multimap_table(CHILDREN_BY_COUNSELOR)?
                .insert(counselor, child)?;
        }
        Entry::ChildAssignment(child, a) => {
            tx.open_multimap_table(ASSIGNMENTS_BY_CHILD)?
                .insert(child, a)?;
        }
        Entry::ChildNote(c, at, n, kind) => {
            tx.open_table(NOTES_BY_CHILD)?
                .insert((*c, *at, *n), *kind)?;
        }
        Entry::CounselorNote(c, at, n) => {
            tx.open_table(NOTES_BY_COUNSELOR)?
                .insert((*c, *at, *n), ())?;
        }
        Entry::ChildMood(c, at, m) => {
            tx.open_table(MOODS_BY_CHILD)?.insert((*c, *at, *m), ())?;
        }
        Entry::OpenFollowUp(day, f) => {
            tx.open_table(OPEN_FOLLOWUPS_BY_DUE)?
                .insert((*day, *f), ())?;
        }
        Entry::ChildFollowUp(c, f) => {
            tx.open_table(FOLLOWUPS_BY_CHILD)?.insert((*c, *f), ())?;
        }
        Entry::LetterNumber(y, w, s, id) => {
            let mut t = tx.open_table(LETTER_BY_NUMBER)?;
            if let Some(old) = t.get((*y, *w, *s))?
                && old.value() != *id
            {
                let number = crate::model::LetterNumber {
                    year: *y,
                    week: *w,
                    seq: *s,
                };
                return Err(StoreError::DuplicateLetter {
                    number: number.to_string(),
                });
            }
            t.insert((*y, *w, *s), id)?;
        }
        Entry::LetterStatus(st, y, w, s, id) => {
            tx.open_table(LETTERS_BY_STATUS)?
                .insert((*st, *y, *w, *s), id)?;
        }
        Entry::OpenIncident(i) => {
            tx.open_table(OPEN_INCIDENTS)?.insert(i, ())?;
        }
        Entry::ChildIncident(c, i) => {
            tx.open_table(INCIDENTS_BY_CHILD)?.insert((*c, *i), ())?;
        }
    }
    Ok(())
}

pub fn remove(tx: &WriteTransaction, entry: &Entry) -> Result<(), StoreError> {
    match entry {
        Entry::CounselorName(name, _) => {
            tx.open_table(COUNSELOR_BY_NAME)?.remove(name.as_str())?;
        }
        Entry::StudentId(sid, _) => {
            tx.open_table(CHILD_BY_STUDENT_ID)?.remove(sid.as_str())?;
        }
        Entry::NameBirth(name, day, _) => {
            tx.open_table(CHILD_BY_NAME_BIRTH)?
                .remove((name.as_str(), *day))?;
        }
        Entry::ClassChild(class, id) => {
            tx.open_multimap_table(CHILDREN_BY_CLASS)?
                .remove(class.as_str(), id)?;
        }
        Entry::CounselorChild(counselor, child) => {
            tx.open_multimap_table(CHILDREN_BY_COUNSELOR)?
                .remove(counselor, child)?;
        }
        Entry::ChildAssignment(child, a) => {
            tx.open_multimap_table(ASSIGNMENTS_BY_CHILD)?
                .remove(child, a)?;
        }
        Entry::ChildNote(c, at, n, _) => {
            tx.open_table(NOTES_BY_CHILD)?.remove((*c, *at, *n))?;
        }
        Entry::CounselorNote(c, at, n) => {
            tx.open_table(NOTES_BY_COUNSELOR)?.remove((*c, *at, *n))?;
        }
        Entry::ChildMood(c, at, m) => {
            tx.open_table(MOODS_BY_CHILD)?.remove((*c, *at, *m))?;
        }
        Entry::OpenFollowUp(day, f) => {
            tx.open_table(OPEN_FOLLOWUPS_BY_DUE)?.remove((*day, *f))?;
        }
        Entry::ChildFollowUp(c, f) => {
            tx.open_table(FOLLOWUPS_BY_CHILD)?.remove((*c, *f))?;
        }
        Entry::LetterNumber(y, w, s, _) => {
            tx.open_table(LETTER_BY_NUMBER)?.remove((*y, *w, *s))?;
        }
        Entry::LetterStatus(st, y, w, s, _) => {
            tx.open_table(LETTERS_BY_STATUS)?
                .remove((*st, *y, *w, *s))?;
        }
        Entry::OpenIncident(i) => {
            tx.open_table(OPEN_INCIDENTS)?.remove(i)?;
        }
        Entry::ChildIncident(c, i) => {
            tx.open_table(INCIDENTS_BY_CHILD)?.remove((*c, *i))?;
        }
    }
    Ok(())
}
