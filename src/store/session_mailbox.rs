//! The whisper mailbox's writes and the editors' drafts, as a session's operations: a letter
//! taken in, read, replied to (or its reply kept as a draft), marked for attention, printed,
//! and the report a letter raises. Each asks the permission table, numbers the letter, and
//! writes the audit event, which names the letter only, never a child and never free text.
//! The mailbox's own rules (danger words, dates a letter may carry) are `crate::mailbox`'s.

use super::StoreError;
use super::session_ops::SessionWriter;
use crate::domain::access::Operation;
use crate::domain::letters::incident_raisable;
use crate::model::*;
use chrono::NaiveDate;

/// A letter as typed in or read from a file, with the mailbox's verdict on its words.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LetterIntake {
    pub received: NaiveDate,
    pub pseudonym: Option<String>,
    pub text: String,
    pub needs_attention: bool,
    /// Why it needs attention (the danger words found), or empty.
    pub attention_reason: String,
}

/// How a letter came in, as its audit event says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LetterVia {
    /// Typed in on the intake screen.
    Typed,
    /// Read from a file (`import letters`).
    Imported,
}

/// Whose unsaved text a draft holds: a person's own note, or a letter's reply.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DraftOf {
    /// The note editor's, of the person whose session writes or reads it.
    Note,
    Reply(LetterId),
}

impl DraftOf {
    /// The key in the drafts table (`note:<staff id>`, `reply:<letter id>`).
    pub(super) fn key(self, who: CounselorId) -> String {
        match self {
            DraftOf::Note => format!("note:{}", who.0),
            DraftOf::Reply(letter) => format!("reply:{}", letter.0),
        }
    }
}

impl SessionWriter<'_> {
    /// Stores one letter, numbered next in the ISO week it was received, audited under its
    /// number as typed in or imported.
    pub fn take_in_letter(
        &mut self,
        intake: LetterIntake,
        via: LetterVia,
    ) -> Result<Letter, StoreError> {
        self.allow(Operation::TakeInLetters)?;
        let letter = Letter {
            id: LetterId(self.w.next_id()?),
            number: self.w.next_letter_number(intake.received)?,
            received: intake.received,
            pseudonym: intake.pseudonym.filter(|p| !p.trim().is_empty()),
            text: intake.text,
            status: LetterStatus::New,
            needs_attention: intake.needs_attention,
            attention_reason: intake.attention_reason,
            reply: String::new(),
            replied_by: None,
            replied_at: None,
            printed: false,
            attention_closed: None,
            incident: None,
        };
        self.put_letter(Operation::TakeInLetters, &letter)?;
        let action = match via {
            LetterVia::Typed => AuditAction::Create,
            LetterVia::Imported => AuditAction::Import,
        };
        self.w.audit(
            action,
            RecordRef::Letter(letter.id.0),
            letter.number.to_string(),
        )?;
        Ok(letter)
    }

    /// A letter opened to be read: a view event naming the letter.
    pub fn open_letter(&mut self, id: LetterId) -> Result<Option<Letter>, StoreError> {
        let letter = self.letter(id)?;
        if let Some(l) = &letter {
            self.w.audit(
                AuditAction::View,
                RecordRef::Letter(id.0),
                l.number.to_string(),
            )?;
        }
        Ok(letter)
    }

    /// Saves a finished reply: status replied, by this person, now; the reply's draft goes.
    /// Refused once the letter is printed.
    pub fn reply_letter(&mut self, id: LetterId, reply: &str) -> Result<Letter, StoreError> {
        let mut letter = self.unprinted_letter(id)?;
        letter.reply = reply.trim_end().to_string();
        letter.status = LetterStatus::Replied;
        letter.replied_by = Some(self.session.who().id);
        letter.replied_at = Some(self.w.now());
        self.put_letter(Operation::ReplyLetters, &letter)?;
        self.clear_draft(DraftOf::Reply(id))?;
        self.w.audit(
            AuditAction::Reply,
            RecordRef::Letter(id.0),
            letter.number.to_string(),
        )?;
        Ok(letter)
    }

    /// Keeps an unfinished reply on the letter (status draft, or new when emptied; a replied
    /// letter stays replied) when the editor is left; the editor's draft goes.
    pub fn keep_reply_draft(&mut self, id: LetterId, reply: &str) -> Result<Letter, StoreError> {
        let mut letter = self.unprinted_letter(id)?;
        letter.reply = reply.trim_end().to_string();
        if letter.status != LetterStatus::Replied {
            letter.status = if letter.reply.is_empty() {
                LetterStatus::New
            } else {
                LetterStatus::Draft
            };
        }
        self.put_letter(Operation::ReplyLetters, &letter)?;
        self.clear_draft(DraftOf::Reply(id))?;
        self.w.audit(
            AuditAction::Update,
            RecordRef::Letter(id.0),
            Detail::LetterDraft(letter.number.to_string()),
        )?;
        Ok(letter)
    }

    /// Marks a letter as needing attention by hand, with the reason kept on the letter; the
    /// audit event says only what changed. A mark ends only with `close_letter_attention`.
    pub fn mark_letter_attention(
        &mut self,
        id: LetterId,
        reason: &str,
    ) -> Result<Letter, StoreError> {
        let mut letter = self.existing_letter(id)?;
        letter.needs_attention = true;
        letter.attention_reason = reason.trim().to_string();
        letter.attention_closed = None;
        self.put_letter(Operation::ReplyLetters, &letter)?;
        self.w.audit(
            AuditAction::Update,
            RecordRef::Letter(id.0),
            Detail::LetterAttention {
                number: letter.number.to_string(),
                on: true,
            },
        )?;
        Ok(letter)
    }

    /// Marks these letters printed, one audit event each (naming the letter only). Letters
    /// printed before (a jammed printer) stay printed.
    pub fn mark_replies_printed(&mut self, letters: &[Letter]) -> Result<(), StoreError> {
        for l in letters {
            let mut l = l.clone();
            l.printed = true;
            self.put_letter(Operation::PrintReplies, &l)?;
            self.w.audit(
                AuditAction::Print,
                RecordRef::Letter(l.id.0),
                l.number.to_string(),
            )?;
        }
        Ok(())
    }

    /// Saves a report (as the incident form completed it) raised by letter `id`: checked
    /// again in the transaction, no child ever, audited under the letter's number, and the
    /// letter shows that a report exists (never which child: it names none).
    pub fn raise_letter_incident(
        &mut self,
        id: LetterId,
        described: &Incident,
    ) -> Result<Incident, StoreError> {
        let letter = self.existing_letter(id)?;
        let raised = self.letter_incidents()?;
        if let Err(why) = incident_raisable(&letter, &raised) {
            return Err(StoreError::Refused(why.refusal(&letter)));
        }
        let incident = Incident {
            id: IncidentId(self.w.next_id()?),
            child: None,
            reported_by: self.session.who().id,
            events: Vec::new(),
            revisions: Vec::new(),
            closed: None,
            ..described.clone()
        };
        self.allow_incident(Operation::RaiseIncident, None)?;
        self.w.put_incident(&incident)?;
        self.w.audit(
            AuditAction::Create,
            RecordRef::Incident(incident.id.0),
            Detail::FromLetter(letter.number.to_string()),
        )?;
        let mut linked = letter;
        linked.incident = Some(incident.id);
        self.put_letter(Operation::ReplyLetters, &linked)?;
        Ok(incident)
    }

    /// Keeps an editor's unsaved text: a person's own note, or a letter's reply (for whom
    /// the table lets reply).
    pub fn save_draft(&mut self, of: DraftOf, bytes: &[u8]) -> Result<(), StoreError> {
        if let DraftOf::Reply(_) = of {
            self.allow(Operation::ReplyLetters)?;
        }
        let who = self.session.who().id;
        let owner = match of {
            DraftOf::Note => super::codec::DraftOwner::Own(who.0),
            DraftOf::Reply(_) => super::codec::DraftOwner::Mailbox,
        };
        self.w.save_draft(&of.key(who), bytes, Some(owner))
    }

    /// Drops an editor's draft (saved or discarded).
    pub fn clear_draft(&mut self, of: DraftOf) -> Result<(), StoreError> {
        let key = of.key(self.session.who().id);
        self.w.clear_draft(&key)
    }

    fn existing_letter(&mut self, id: LetterId) -> Result<Letter, StoreError> {
        self.letter(id)?
            .ok_or(StoreError::Refused(Refusal::Letter(LetterRefusal::Gone)))
    }

    /// A letter whose reply may still change: not printed yet.
    fn unprinted_letter(&mut self, id: LetterId) -> Result<Letter, StoreError> {
        let letter = self.existing_letter(id)?;
        if letter.printed {
            return Err(StoreError::Refused(Refusal::Letter(
                LetterRefusal::ReplyLocked,
            )));
        }
        Ok(letter)
    }
}
