//! Writing and removing index rows. Unique indexes refuse a second record with the same key.
//! Keys that carry personal text (a student id, a child's name and birth day, a class) pass
//! through the codec, which makes them keyed hashes in an encrypted store.

use super::StoreError;
use super::codec::Codec;
use super::tables::*;
use redb::{ReadableTable, WriteTransaction};
use std::borrow::Cow;

pub fn student_id_key<'t>(codec: &Codec, sid: &'t str) -> Result<Cow<'t, str>, StoreError> {
    codec.blind("student_id", sid)
}

pub fn class_key<'t>(codec: &Codec, class: &'t str) -> Result<Cow<'t, str>, StoreError> {
    codec.blind("class", class)
}

/// A child's name and birth day; hashed together (the day then kept as 0) when the store is
/// encrypted, so that the index reveals no birthdays either.
pub fn name_birth_key<'t>(
    codec: &Codec,
    name: &'t str,
    day: i32,
) -> Result<(Cow<'t, str>, i32), StoreError> {
    if codec.blinds() {
        let text = format!("{name}\0{day}");
        Ok((
            Cow::Owned(codec.blind("name_birth", &text)?.into_owned()),
            0,
        ))
    } else {
        Ok((Cow::Borrowed(name), day))
    }
}

pub fn insert(tx: &WriteTransaction, codec: &Codec, entry: &Entry) -> Result<(), StoreError> {
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
            let key = student_id_key(codec, sid)?;
            if let Some(old) = t.get(key.as_ref())?
                && old.value() != *id
            {
                return Err(StoreError::DuplicateStudentId {
                    student_id: sid.clone(),
                });
            }
            t.insert(key.as_ref(), id)?;
        }
        Entry::NameBirth(name, day, id) => {
            let mut t = tx.open_table(CHILD_BY_NAME_BIRTH)?;
            let (key, key_day) = name_birth_key(codec, name, *day)?;
            if let Some(old) = t.get((key.as_ref(), key_day))?
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
            t.insert((key.as_ref(), key_day), id)?;
        }
        Entry::ClassChild(class, id) => {
            tx.open_multimap_table(CHILDREN_BY_CLASS)?
                .insert(class_key(codec, class)?.as_ref(), id)?;
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
        Entry::ChildNoteMood(c, at, n, score) => {
            tx.open_table(NOTE_MOODS_BY_CHILD)?
                .insert((*c, *at, *n), *score)?;
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
        Entry::LetterDay(y, w, s, day, attention) => {
            tx.open_table(LETTER_DAYS)?
                .insert((*y, *w, *s), (*day, *attention))?;
        }
        Entry::OpenIncident(i) => {
            tx.open_table(OPEN_INCIDENTS)?.insert(i, ())?;
        }
        Entry::ChildIncident(c, i) => {
            tx.open_table(INCIDENTS_BY_CHILD)?.insert((*c, *i), ())?;
        }
        Entry::ChildRevision(c, at, r) => {
            tx.open_table(REVISIONS_BY_CHILD)?
                .insert((*c, *at, *r), ())?;
        }
        Entry::OpenAbsence(a) => {
            tx.open_table(OPEN_ABSENCES)?.insert(a, ())?;
        }
        Entry::ChildAbsence(c, a) => {
            tx.open_table(ABSENCES_BY_CHILD)?.insert((*c, *a), ())?;
        }
    }
    Ok(())
}

pub fn remove(tx: &WriteTransaction, codec: &Codec, entry: &Entry) -> Result<(), StoreError> {
    match entry {
        Entry::CounselorName(name, _) => {
            tx.open_table(COUNSELOR_BY_NAME)?.remove(name.as_str())?;
        }
        Entry::StudentId(sid, _) => {
            tx.open_table(CHILD_BY_STUDENT_ID)?
                .remove(student_id_key(codec, sid)?.as_ref())?;
        }
        Entry::NameBirth(name, day, _) => {
            let (key, key_day) = name_birth_key(codec, name, *day)?;
            tx.open_table(CHILD_BY_NAME_BIRTH)?
                .remove((key.as_ref(), key_day))?;
        }
        Entry::ClassChild(class, id) => {
            tx.open_multimap_table(CHILDREN_BY_CLASS)?
                .remove(class_key(codec, class)?.as_ref(), id)?;
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
        Entry::ChildNoteMood(c, at, n, _) => {
            tx.open_table(NOTE_MOODS_BY_CHILD)?.remove((*c, *at, *n))?;
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
        Entry::LetterDay(y, w, s, ..) => {
            tx.open_table(LETTER_DAYS)?.remove((*y, *w, *s))?;
        }
        Entry::OpenIncident(i) => {
            tx.open_table(OPEN_INCIDENTS)?.remove(i)?;
        }
        Entry::ChildIncident(c, i) => {
            tx.open_table(INCIDENTS_BY_CHILD)?.remove((*c, *i))?;
        }
        Entry::ChildRevision(c, at, r) => {
            tx.open_table(REVISIONS_BY_CHILD)?.remove((*c, *at, *r))?;
        }
        Entry::OpenAbsence(a) => {
            tx.open_table(OPEN_ABSENCES)?.remove(a)?;
        }
        Entry::ChildAbsence(c, a) => {
            tx.open_table(ABSENCES_BY_CHILD)?.remove((*c, *a))?;
        }
    }
    Ok(())
}
