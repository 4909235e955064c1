//! Writing contact notes: a new note (with its follow-up) in one transaction, an edit that
//! keeps the earlier version, and a soft delete with its reason — each with its audit event.

use super::{Reader, StoreError, Writer};
use crate::model::*;
use chrono::NaiveDate;

/// What the editor says a note is: everything but the ids and the history.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoteInput {
    pub children: Vec<ChildId>,
    pub kind: NoteKind,
    pub at: Timestamp,
    pub duration_min: Option<u16>,
    pub text: String,
    pub mood: Option<u8>,
    pub support: String,
    /// Something to do later, and by when.
    pub follow_up: Option<(String, NaiveDate)>,
}

impl Writer {
    /// The counselor this transaction acts for; notes are always someone's.
    fn acting_counselor(&self, fallback: CounselorId) -> CounselorId {
        match self.actor() {
            Actor::Counselor(id) => *id,
            Actor::CommandLine(_) => fallback,
        }
    }

    /// Saves a new note by `counselor`; a follow-up in the input becomes a FollowUp record
    /// for each child (the note links the first), in the same transaction.
    pub fn add_note(
        &mut self,
        counselor: CounselorId,
        input: NoteInput,
    ) -> Result<Note, StoreError> {
        if input.children.is_empty() {
            return Err(StoreError::Refused(Refusal::Note(NoteRefusal::NeedsChild)));
        }
        let id = NoteId(self.next_id()?);
        let follow_up = match &input.follow_up {
            Some((text, due)) => self.add_follow_ups(id, counselor, &input.children, text, *due)?,
            None => None,
        };
        let note = Note {
            id,
            children: input.children,
            counselor,
            kind: input.kind,
            at: input.at,
            duration_min: input.duration_min,
            text: input.text,
            mood: input.mood,
            support: input.support,
            follow_up,
            created: self.now(),
            revisions: Vec::new(),
            deleted: None,
        };
        self.put(&note)?;
        self.audit(AuditAction::Create, RecordRef::Note(id.0), note.kind.code())?;
        Ok(note)
    }

    fn add_follow_ups(
        &mut self,
        note: NoteId,
        counselor: CounselorId,
        children: &[ChildId],
        text: &str,
        due: NaiveDate,
    ) -> Result<Option<FollowUpId>, StoreError> {
        let mut first = None;
        for child in children {
            let f = FollowUp {
                id: FollowUpId(self.next_id()?),
                child: *child,
                counselor,
                due,
                text: text.to_string(),
                note: Some(note),
                created: self.now(),
                done: None,
            };
            self.put(&f)?;
            self.audit(AuditAction::Create, RecordRef::FollowUp(f.id.0), "note")?;
            first.get_or_insert(f.id);
        }
        Ok(first)
    }

    /// Replaces a note's content, keeping the version it replaces in `revisions`. A follow-up
    /// added by the edit is created; the children of a note do not change.
    pub fn revise_note(&mut self, id: NoteId, input: NoteInput) -> Result<Note, StoreError> {
        let mut note = self.existing_note(id)?;
        if note.is_deleted() {
            return Err(StoreError::Refused(Refusal::Note(
                NoteRefusal::AlreadyDeleted,
            )));
        }
        let unchanged = note.kind == input.kind
            && note.at == input.at
            && note.text == input.text
            && note.duration_min == input.duration_min
            && note.mood == input.mood
            && note.support == input.support
            && (input.follow_up.is_none() || note.follow_up.is_some());
        if unchanged {
            return Ok(note);
        }
        note.revisions.push(NoteRevision {
            replaced_at: self.now(),
            replaced_by: self.acting_counselor(note.counselor),
            kind: note.kind,
            at: note.at,
            text: note.text.clone(),
        });
        if note.follow_up.is_none()
            && let Some((text, due)) = &input.follow_up
        {
            note.follow_up = self.add_follow_ups(id, note.counselor, &note.children, text, *due)?;
        }
        note.kind = input.kind;
        note.at = input.at;
        note.duration_min = input.duration_min;
        note.text = input.text;
        note.mood = input.mood;
        note.support = input.support;
        self.put(&note)?;
        self.audit(AuditAction::Update, RecordRef::Note(id.0), "")?;
        Ok(note)
    }

    /// Marks a note deleted with a reason. It stays in the store and in the timeline (greyed);
    /// its index rows mark it deleted, so the cadence no longer counts it.
    pub fn delete_note(&mut self, id: NoteId, reason: &str) -> Result<Note, StoreError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(StoreError::Refused(Refusal::Note(
                NoteRefusal::DeleteNeedsReason,
            )));
        }
        let mut note = self.existing_note(id)?;
        if note.is_deleted() {
            return Ok(note);
        }
        note.deleted = Some(Deletion {
            at: self.now(),
            by: self.acting_counselor(note.counselor),
            reason: reason.to_string(),
        });
        self.put(&note)?;
        self.audit(AuditAction::Delete, RecordRef::Note(id.0), reason)?;
        Ok(note)
    }

    /// The note, if the actor may change it: its author or a coordinator (the command line
    /// acts for the machine's owner).
    fn existing_note(&self, id: NoteId) -> Result<Note, StoreError> {
        let note = self
            .get::<Note>(id.0)?
            .ok_or_else(|| StoreError::NotFound {
                what: format!("note {id}"),
            })?;
        if let Actor::Counselor(who) = self.actor()
            && *who != note.counselor
        {
            let role = self.get::<Counselor>(who.0)?.map(|c| c.role);
            if role != Some(Role::Coordinator) {
                return Err(StoreError::Refused(Refusal::Note(NoteRefusal::NotAuthor)));
            }
        }
        Ok(note)
    }
}

impl Reader {
    /// Notes written by one counselor, newest first, read from the counselor's index.
    pub fn notes_of_counselor(&self, counselor: CounselorId) -> Result<Vec<Note>, StoreError> {
        let ids = self.note_ids_of_counselor(counselor)?;
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.extend(self.follow_visible::<Note>(id.0, "notes_by_counselor", None)?);
        }
        Ok(out)
    }
}
