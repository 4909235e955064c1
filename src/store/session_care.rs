//! The care records a session writes beside its notes: a mood entry with its follow-up, a
//! follow-up marked done, a mandatory report raised, corrected, added to and closed, and the
//! views of an archive or a report. Each operation asks the permission table, makes the ids,
//! keeps the record's history rule and writes its audit event: a screen only describes.

use super::StoreError;
use super::session_ops::SessionWriter;
use crate::domain::access::Operation;
use crate::model::*;
use chrono::NaiveDate;

/// A mood as the mood form describes it, observed at `at`: everything but the ids.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MoodInput {
    pub child: ChildId,
    pub at: Timestamp,
    pub score: u8,
    pub feelings: Vec<String>,
    pub note: String,
    /// Something to do later, and by when: a follow-up record for the child.
    pub follow_up: Option<(String, NaiveDate)>,
}

impl SessionWriter<'_> {
    /// A mood entry observed by this person for a child in their scope, and its follow-up
    /// when it asks for one, each with its audit event.
    pub fn add_mood(&mut self, input: MoodInput) -> Result<MoodEntry, StoreError> {
        self.allow_child(Operation::WriteMood, input.child)?;
        let observer = self.session.who().id;
        let entry = MoodEntry {
            id: MoodId(self.w.next_id()?),
            child: input.child,
            at: input.at,
            score: input.score,
            feelings: input.feelings,
            observer,
            note: input.note,
            follow_up: input.follow_up.as_ref().map(|(_, due)| *due),
        };
        self.w.put(&entry)?;
        self.w.audit(
            AuditAction::Create,
            RecordRef::Mood(entry.id.0),
            Detail::Score(entry.score),
        )?;
        if let Some((text, due)) = input.follow_up {
            self.allow_child(Operation::WriteFollowUp, input.child)?;
            let f = FollowUp {
                id: FollowUpId(self.w.next_id()?),
                child: input.child,
                counselor: observer,
                due,
                text,
                note: None,
                created: input.at,
                done: None,
            };
            self.w.put(&f)?;
            self.w
                .audit(AuditAction::Create, RecordRef::FollowUp(f.id.0), "mood")?;
        }
        Ok(entry)
    }

    /// Marks a follow-up of a child in scope done at `at`, by this person, with a note. Done
    /// twice is refused, so a second press cannot overwrite who did it and when.
    pub fn mark_followup_done(
        &mut self,
        id: FollowUpId,
        at: Timestamp,
        note: &str,
    ) -> Result<FollowUp, StoreError> {
        let mut f = self
            .w
            .get::<FollowUp>(id.0)?
            .ok_or_else(|| StoreError::NotFound {
                what: format!("follow-up {id}"),
            })?;
        self.allow_child(Operation::WriteFollowUp, f.child)?;
        if f.done.is_some() {
            return Err(StoreError::Refused(Refusal::FollowUpAlreadyDone));
        }
        f.done = Some(FollowUpDone {
            at,
            by: self.session.who().id,
            note: note.trim().to_string(),
        });
        self.w.put(&f)?;
        self.w
            .audit(AuditAction::Update, RecordRef::FollowUp(f.id.0), "done")?;
        Ok(f)
    }

    /// A new mandatory report as the incident form describes it (its id, events, revisions
    /// and closure are the store's): reported by this person, about a child in their scope
    /// (or about none, from a letter: `raise_letter_incident`).
    pub fn raise_incident(&mut self, described: &Incident) -> Result<Incident, StoreError> {
        let incident = Incident {
            id: IncidentId(self.w.next_id()?),
            reported_by: self.session.who().id,
            events: Vec::new(),
            revisions: Vec::new(),
            closed: None,
            ..described.clone()
        };
        self.allow_incident(Operation::RaiseIncident, incident.child)?;
        self.w.put_incident(&incident)?;
        self.w.audit(
            AuditAction::Create,
            RecordRef::Incident(incident.id.0),
            incident.kind.code(),
        )?;
        Ok(incident)
    }

    /// Corrects a report's kind, finding, office, receipt or time reported as the form
    /// describes them (`described.id` names it): the values replaced are kept as a revision
    /// by this person at `at`; the child, the time found, the events and the closure stay.
    pub fn correct_incident(
        &mut self,
        described: &Incident,
        at: Timestamp,
    ) -> Result<Incident, StoreError> {
        let mut i = self.stored_incident(Operation::CorrectIncident, described.id)?;
        let before = (i.kind, &i.other, &i.found, &i.reported_to, &i.receipt);
        let after = (
            described.kind,
            &described.other,
            &described.found,
            &described.reported_to,
            &described.receipt,
        );
        if before != after {
            i.revisions.push(IncidentRevision {
                replaced_at: at,
                replaced_by: self.session.who().id,
                kind: i.kind,
                other: i.other.clone(),
                found: i.found.clone(),
                reported_to: i.reported_to.clone(),
                receipt: i.receipt.clone(),
            });
            i.kind = described.kind;
            i.other = described.other.clone();
            i.found = described.found.clone();
            i.reported_to = described.reported_to.clone();
            i.receipt = described.receipt.clone();
        }
        i.reported_at = described.reported_at;
        self.w.put_incident(&i)?;
        self.w.audit(
            AuditAction::Update,
            RecordRef::Incident(i.id.0),
            i.kind.code(),
        )?;
        Ok(i)
    }

    /// Adds what followed (a bring-back attempt, a reply from the police) to an open report.
    pub fn add_incident_event(
        &mut self,
        id: IncidentId,
        at: Timestamp,
        text: &str,
    ) -> Result<Incident, StoreError> {
        let text = text.trim();
        if text.is_empty() {
            return Err(StoreError::Refused(Refusal::Incident(
                IncidentRefusal::NeedsEvent,
            )));
        }
        let mut i = self.open_incident(Operation::CorrectIncident, id)?;
        i.events.push(IncidentEvent {
            at,
            by: self.session.who().id,
            text: text.to_string(),
        });
        self.w.put_incident(&i)?;
        self.w
            .audit(AuditAction::Update, RecordRef::Incident(id.0), "event")?;
        Ok(i)
    }

    /// Closes a report with a reason; an empty reason, or closing twice, is refused.
    pub fn close_incident(
        &mut self,
        id: IncidentId,
        at: Timestamp,
        reason: &str,
    ) -> Result<Incident, StoreError> {
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(StoreError::Refused(Refusal::Incident(
                IncidentRefusal::NeedsReason,
            )));
        }
        let mut i = self.open_incident(Operation::CorrectIncident, id)?;
        i.closed = Some(Closure {
            at,
            by: self.session.who().id,
            reason: reason.to_string(),
        });
        self.w.put_incident(&i)?;
        self.w
            .audit(AuditAction::Close, RecordRef::Incident(id.0), reason)?;
        Ok(i)
    }

    /// Opening a child's archive: the child in scope, and a view event.
    pub fn view_child(&mut self, id: ChildId) -> Result<(), StoreError> {
        self.allow_child(Operation::ViewChild, id)?;
        self.w.audit(AuditAction::View, RecordRef::Child(id.0), "")
    }

    /// Opening a mandatory report: in scope (or one's own: anyone may raise one about any
    /// child and follow it), and a view event.
    pub fn view_incident(&mut self, id: IncidentId) -> Result<(), StoreError> {
        let who = self.session.who().id;
        let own = self
            .w
            .get::<Incident>(id.0)?
            .is_some_and(|i| i.child.is_some() && i.reported_by == who);
        if !own {
            self.incident(id)?;
        }
        self.w
            .audit(AuditAction::View, RecordRef::Incident(id.0), "")
    }

    /// A stored report `op` may change.
    fn stored_incident(&mut self, op: Operation, id: IncidentId) -> Result<Incident, StoreError> {
        let i = self
            .w
            .get::<Incident>(id.0)?
            .ok_or_else(|| StoreError::NotFound {
                what: format!("incident {id}"),
            })?;
        self.allow_incident(op, i.child)?;
        Ok(i)
    }

    /// As `stored_incident`, refused once the report is closed.
    fn open_incident(&mut self, op: Operation, id: IncidentId) -> Result<Incident, StoreError> {
        let i = self.stored_incident(op, id)?;
        if !i.is_open() {
            return Err(StoreError::Refused(Refusal::Incident(
                IncidentRefusal::AlreadyClosed,
            )));
        }
        Ok(i)
    }
}
