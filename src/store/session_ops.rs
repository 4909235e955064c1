//! The writes a session may make: named operations only, each asking the permission table
//! and the scope before it runs the store's rule (notes keep their earlier text, incidents
//! never lose history). A refusal abandons the transaction and is audited in its own.

use super::session::{Denied, Session};
use super::{Assigned, NoteInput, StoreError, Writer};
use crate::domain::access::Operation;
use crate::model::*;
use chrono::NaiveDate;

/// One write transaction of a session.
pub struct SessionWriter<'w> {
    pub(super) session: &'w Session<'w>,
    pub(super) w: &'w mut Writer,
    refused: Option<Denied>,
}

impl Session<'_> {
    /// Runs `f` in one write transaction as this person; on any error nothing is written,
    /// and a refusal is audited.
    pub fn write<T>(
        &self,
        f: impl FnOnce(&mut SessionWriter) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        let mut refused = None;
        let done = self.store().write(&self.actor(), |w| {
            let mut sw = SessionWriter {
                session: self,
                w,
                refused: None,
            };
            let value = f(&mut sw);
            refused = sw.refused;
            value
        });
        match (done, refused) {
            (Err(_), Some(refusal)) => Err(self.record(refusal)),
            (done, _) => done,
        }
    }
}

impl SessionWriter<'_> {
    pub fn now(&self) -> Timestamp {
        self.w.now()
    }

    pub(super) fn allow(&mut self, op: Operation) -> Result<(), StoreError> {
        match self.session.denial(op, None)? {
            None => Ok(()),
            Some(r) => self.refuse(r),
        }
    }

    pub(super) fn allow_child(&mut self, op: Operation, child: ChildId) -> Result<(), StoreError> {
        match self.session.denial_with(&*self.w, op, child)? {
            None => Ok(()),
            Some(r) => self.refuse(r),
        }
    }

    fn refuse(&mut self, refusal: Denied) -> Result<(), StoreError> {
        self.refused = Some(refusal);
        // Audited after this transaction ends (`Session::record`).
        Err(StoreError::NotAllowed(self.session.denied(refusal)))
    }

    pub fn add_counselor(
        &mut self,
        name: &str,
        role: Role,
        classes: Vec<String>,
    ) -> Result<Counselor, StoreError> {
        self.allow(Operation::AddStaff)?;
        self.w.add_counselor(name, role, classes)
    }

    pub fn assign(
        &mut self,
        child: ChildId,
        counselor: CounselorId,
        from: NaiveDate,
    ) -> Result<Assigned, StoreError> {
        self.allow(Operation::Assign)?;
        self.may_be_cared_for(child)?;
        self.w.assign(child, counselor, from)
    }

    pub fn end_assignment(&mut self, child: ChildId, until: NaiveDate) -> Result<bool, StoreError> {
        self.allow(Operation::Assign)?;
        self.w.end_assignment(child, until)
    }

    /// Names the mailbox readers (none: every staff member reads the mailbox).
    pub fn set_mailbox_readers(&mut self, readers: &[CounselorId]) -> Result<(), StoreError> {
        self.allow(Operation::SetMailboxReaders)?;
        self.w.set_mailbox_readers(readers)?;
        self.w
            .audit(AuditAction::Update, RecordRef::Store, "mailbox_readers")
    }

    /// The child's student id lookup, within the scope of `ViewChild`.
    pub fn child_by_student_id(&mut self, student_id: &str) -> Result<Option<Child>, StoreError> {
        let Some(id) = self.w.child_id_by_student_id(student_id)? else {
            return Ok(None);
        };
        self.allow_child(Operation::ViewChild, id)?;
        self.w.get(id.0)
    }

    /// A note by this person on children in their scope.
    pub fn add_note(&mut self, input: NoteInput) -> Result<Note, StoreError> {
        for child in &input.children {
            self.allow_child(Operation::WriteNote, *child)?;
        }
        self.w.add_note(self.session.who().id, input)
    }

    pub fn revise_note(&mut self, id: NoteId, input: NoteInput) -> Result<Note, StoreError> {
        self.allow_note(id)?;
        self.w.revise_note(id, input)
    }

    pub fn delete_note(&mut self, id: NoteId, reason: &str) -> Result<Note, StoreError> {
        self.allow_note(id)?;
        self.w.delete_note(id, reason)
    }

    /// A note's children must all be in scope to change it (the author rule is the note's).
    fn allow_note(&mut self, id: NoteId) -> Result<(), StoreError> {
        if let Some(note) = self.w.get::<Note>(id.0)? {
            for child in note.children {
                self.allow_child(Operation::WriteNote, child)?;
            }
        }
        Ok(())
    }

    // The record primitives below (`next_id`, `put_mood`, `put_followup`, `put_incident`,
    // `put_letter`, `audit`) are checked by the table like every operation, and are what the
    // named operations (`session_care.rs`, `session_mailbox.rs`) and the tests' fixtures are
    // made of. Product code outside the store calls the named operations only: ids, audit
    // events and the records' history are the store's (`store/doors_tests.rs` keeps it).

    /// A mood recorded for a child in scope.
    pub fn put_mood(&mut self, entry: &MoodEntry) -> Result<(), StoreError> {
        self.allow_child(Operation::WriteMood, entry.child)?;
        if let Some(old) = self.w.get::<MoodEntry>(entry.id.0)? {
            self.allow_child(Operation::WriteMood, old.child)?;
        }
        self.w.put(entry)
    }

    /// A follow-up (new, or marked done) for a child in scope.
    pub fn put_followup(&mut self, f: &FollowUp) -> Result<(), StoreError> {
        self.allow_child(Operation::WriteFollowUp, f.child)?;
        if let Some(old) = self.w.get::<FollowUp>(f.id.0)? {
            self.allow_child(Operation::WriteFollowUp, old.child)?;
        }
        self.w.put(f)
    }

    /// An incident, new or changed, for a child in scope, under `put_incident`'s rules.
    pub fn put_incident(&mut self, incident: &Incident) -> Result<(), StoreError> {
        let op = if self.w.get::<Incident>(incident.id.0)?.is_some() {
            Operation::CorrectIncident
        } else {
            Operation::RaiseIncident
        };
        self.allow_incident(op, incident.child)?;
        if let Some(old) = self.w.get::<Incident>(incident.id.0)? {
            self.allow_incident(op, old.child)?;
        }
        self.w.put_incident(incident)
    }

    /// A child's incident needs the child in scope; one raised from an anonymous letter (no
    /// child) is the mailbox readers' business.
    pub(super) fn allow_incident(
        &mut self,
        op: Operation,
        child: Option<ChildId>,
    ) -> Result<(), StoreError> {
        match child {
            Some(child) => self.allow_child(op, child),
            None => self.allow(Operation::ReadLetters),
        }
    }

    /// A new child record (what a roster row adds): for whom the table lets import a roster.
    pub fn add_child(&mut self, child: &Child) -> Result<(), StoreError> {
        self.allow(Operation::ImportRoster)?;
        if self.w.get::<Child>(child.id.0)?.is_some() {
            return Err(StoreError::Refused(Refusal::ChildExists));
        }
        self.w.put_child(child)?;
        self.w
            .audit(AuditAction::Create, RecordRef::Child(child.id.0), "")
    }

    /// The profile form's save of `child`, edited from `base` (the child as the form was
    /// opened on): refused when someone else changed the child meanwhile (a roster import,
    /// another teacher), so that nothing is overwritten unseen. The enrolment is not compared:
    /// it is the absence cases' to set, and kept as stored (`update_child`).
    pub fn update_child_from(&mut self, base: &Child, child: &Child) -> Result<(), StoreError> {
        self.allow_child(Operation::EditChild, child.id)?;
        if let Some(stored) = self.w.get::<Child>(child.id.0)? {
            let mut seen = base.clone();
            seen.enrolment = stored.enrolment;
            if seen != stored {
                return Err(StoreError::Refused(Refusal::ChangedMeanwhile {
                    child: stored.name,
                }));
            }
        }
        self.update_child(child)
    }

    /// A child's fields written as given: the child must be in scope before and after. The
    /// version it replaces is kept in the child's record history (`Writer::put_child`).
    pub fn update_child(&mut self, child: &Child) -> Result<(), StoreError> {
        self.allow_child(Operation::EditChild, child.id)?;
        // Leaving and coming back end or restore care: only `child_leaves` and
        // `child_returns` change the status (`session_admin.rs`).
        let mut child = child.clone();
        if let Some(stored) = self.w.get::<Child>(child.id.0)? {
            if stored.status != child.status {
                return Err(StoreError::Refused(Refusal::StatusNotInProfile));
            }
            // The enrolment state is the absence cases' to set (`session_absence.rs`): a
            // profile opened before a case was registered must not put it back.
            child.enrolment = stored.enrolment;
        }
        self.w.put_child(&child)?;
        self.w
            .audit(AuditAction::Update, RecordRef::Child(child.id.0), "")
    }

    /// A letter taken in, replied to, marked or printed. "Needs attention" ends only through
    /// `close_letter_attention`, and the incident link is set only to an incident that names
    /// no child: neither a reply nor a print can take the mark away.
    pub fn put_letter(&mut self, op: Operation, letter: &Letter) -> Result<(), StoreError> {
        debug_assert!(matches!(
            op,
            Operation::TakeInLetters | Operation::ReplyLetters | Operation::PrintReplies
        ));
        self.allow(op)?;
        let stored = self.w.get::<Letter>(letter.id.0)?;
        let (was_on, was_closed, was_linked) = match &stored {
            Some(s) => (s.needs_attention, s.attention_closed.clone(), s.incident),
            None => (false, None, None),
        };
        let closed_here =
            letter.attention_closed.is_some() && letter.attention_closed != was_closed;
        if (was_on && !letter.needs_attention) || closed_here {
            return Err(StoreError::Refused(Refusal::Letter(
                LetterRefusal::AttentionOnlyClosed,
            )));
        }
        if letter.incident != was_linked {
            let named_none = match letter.incident {
                Some(i) => self
                    .w
                    .get::<Incident>(i.0)?
                    .is_some_and(|i| i.child.is_none()),
                None => false,
            };
            if !named_none {
                return Err(StoreError::Refused(Refusal::Letter(
                    LetterRefusal::IncidentLink,
                )));
            }
        }
        self.w.put(letter)
    }

    /// Ends a letter's "needs attention": a mailbox reader's act, with who, when and why kept
    /// on the letter (sealed like it) and an audit event that names the letter only, never
    /// the reason.
    pub fn close_letter_attention(
        &mut self,
        id: LetterId,
        reason: &str,
    ) -> Result<Letter, StoreError> {
        self.allow(Operation::CloseAttention)?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(StoreError::Refused(Refusal::Letter(
                LetterRefusal::ReasonNeeded,
            )));
        }
        let mut letter = self
            .w
            .get::<Letter>(id.0)?
            .ok_or(StoreError::Refused(Refusal::Letter(LetterRefusal::Gone)))?;
        if !letter.needs_attention {
            return Err(StoreError::Refused(Refusal::Letter(
                LetterRefusal::AttentionNotOn {
                    number: letter.number.to_string(),
                },
            )));
        }
        letter.needs_attention = false;
        letter.attention_closed = Some(AttentionClosed {
            at: self.w.now(),
            by: Some(self.session.who().id),
            reason: reason.to_string(),
        });
        self.w.put(&letter)?;
        self.w.audit(
            AuditAction::Close,
            RecordRef::Letter(id.0),
            crate::model::Detail::LetterAttention {
                number: letter.number.to_string(),
                on: false,
            },
        )?;
        Ok(letter)
    }

    pub fn next_id(&mut self) -> Result<u64, StoreError> {
        self.w.next_id()
    }

    pub fn next_letter_number(&self, day: NaiveDate) -> Result<LetterNumber, StoreError> {
        self.w.next_letter_number(day)
    }

    /// A letter, for a mailbox reader.
    pub fn letter(&mut self, id: LetterId) -> Result<Option<Letter>, StoreError> {
        self.allow(Operation::ReadLetters)?;
        self.w.get(id.0)
    }

    /// Every letter, for a mailbox reader.
    pub fn letters(&mut self) -> Result<Vec<Letter>, StoreError> {
        self.allow(Operation::ReadLetters)?;
        self.w.all()
    }

    /// The incidents raised from letters (whether a letter already raised one).
    pub fn letter_incidents(&mut self) -> Result<Vec<Incident>, StoreError> {
        self.allow(Operation::ReadLetters)?;
        let mut all = self.w.all::<Incident>()?;
        all.retain(|i| i.child.is_none());
        Ok(all)
    }

    /// A follow-up of a child in scope.
    pub fn followup(&mut self, id: FollowUpId) -> Result<Option<FollowUp>, StoreError> {
        let f = self.w.get::<FollowUp>(id.0)?;
        if let Some(f) = &f {
            self.allow_child(Operation::ViewChild, f.child)?;
        }
        Ok(f)
    }

    /// An incident of a child in scope.
    pub fn incident(&mut self, id: IncidentId) -> Result<Option<Incident>, StoreError> {
        let incident = self.w.get::<Incident>(id.0)?;
        if let Some(i) = &incident {
            self.allow_incident(Operation::ViewChild, i.child)?;
        }
        Ok(incident)
    }

    pub fn audit(
        &mut self,
        action: AuditAction,
        target: RecordRef,
        detail: impl Into<String>,
    ) -> Result<(), StoreError> {
        self.w.audit(action, target, detail)
    }
}
