//! Absence cases (控辍保学) through a session: registered by the head teacher or a carer,
//! each bring-back attempt (劝返) logged, the written report's printing noted, closed only with
//! an outcome. The attempts only grow; a closed case stays as it was closed.

use super::StoreError;
use super::session_ops::SessionWriter;
use super::session_read::SessionReader;
use crate::domain::access::Operation;
use crate::model::*;
use chrono::NaiveDate;

/// What a person enters for an attempt; who logged it and when are the session's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AttemptInput {
    pub on: NaiveDate,
    pub went: String,
    pub way: AttemptWay,
    pub met: String,
    pub result: String,
    pub failed: bool,
}

impl SessionWriter<'_> {
    /// Registers a child's absence: one open case a child at a time.
    pub fn register_absence(
        &mut self,
        child: ChildId,
        kind: AbsenceKind,
        first_day: NaiveDate,
        note: &str,
    ) -> Result<AbsenceCase, StoreError> {
        self.allow_child(Operation::RegisterAbsence, child)?;
        let Some(stored) = self.w.get::<Child>(child.0)? else {
            return Err(StoreError::NotFound {
                what: format!("child {child}"),
            });
        };
        if first_day > self.w.now().date() {
            return Err(StoreError::Refused(Refusal::Absence(
                AbsenceRefusal::FirstDayFuture,
            )));
        }
        if self
            .w
            .absences_of_child(child)?
            .iter()
            .any(AbsenceCase::is_open)
        {
            return Err(StoreError::Refused(Refusal::Absence(
                AbsenceRefusal::AlreadyOpen,
            )));
        }
        let case = AbsenceCase {
            id: AbsenceId(self.w.next_id()?),
            child,
            kind,
            first_day,
            note: note.trim().to_string(),
            registered_by: self.session.who().id,
            registered_at: self.w.now(),
            attempts: Vec::new(),
            report_printed: None,
            incidents: Vec::new(),
            from_incident: None,
            closed: None,
        };
        self.w.put(&case)?;
        self.set_enrolment(stored, kind.enrolment())?;
        self.w.audit(
            AuditAction::Create,
            RecordRef::Child(child.0),
            Detail::AbsenceRegistered(kind),
        )?;
        Ok(case)
    }

    /// The case sets the child's enrolment state (就学状态), kept in the child's history like
    /// any change of the record; the quarterly update carries it.
    fn set_enrolment(&mut self, mut child: Child, enrolment: Enrolment) -> Result<(), StoreError> {
        if child.enrolment != enrolment {
            child.enrolment = enrolment;
            self.w.put_child(&child)?;
        }
        Ok(())
    }

    /// An open case of a child in scope, for `FollowAbsence`.
    fn open_case(&mut self, id: AbsenceId) -> Result<AbsenceCase, StoreError> {
        let case = self
            .w
            .get::<AbsenceCase>(id.0)?
            .ok_or(StoreError::Refused(Refusal::Absence(AbsenceRefusal::Gone)))?;
        self.allow_child(Operation::FollowAbsence, case.child)?;
        if !case.is_open() {
            return Err(StoreError::Refused(Refusal::Absence(
                AbsenceRefusal::Closed,
            )));
        }
        Ok(case)
    }

    fn save(&mut self, case: &AbsenceCase, what: Detail) -> Result<(), StoreError> {
        self.w.put(case)?;
        self.w
            .audit(AuditAction::Update, RecordRef::Child(case.child.0), what)
    }

    /// Logs an attempt to bring the child back.
    pub fn log_attempt(
        &mut self,
        id: AbsenceId,
        input: AttemptInput,
    ) -> Result<AbsenceCase, StoreError> {
        let mut case = self.open_case(id)?;
        if input.went.trim().is_empty() {
            return Err(StoreError::Refused(Refusal::Absence(
                AbsenceRefusal::NeedsWent,
            )));
        }
        if input.result.trim().is_empty() {
            return Err(StoreError::Refused(Refusal::Absence(
                AbsenceRefusal::NeedsResult,
            )));
        }
        case.attempts.push(Attempt {
            on: input.on,
            went: input.went.trim().to_string(),
            way: input.way,
            met: input.met.trim().to_string(),
            result: input.result.trim().to_string(),
            failed: input.failed,
            logged_by: self.session.who().id,
            logged_at: self.w.now(),
        });
        self.save(
            &case,
            Detail::AbsenceAttempt {
                failed: input.failed,
            },
        )?;
        Ok(case)
    }

    /// Notes that the written report (书面报告) was printed now.
    pub fn absence_report_printed(&mut self, id: AbsenceId) -> Result<AbsenceCase, StoreError> {
        let mut case = self.open_case(id)?;
        case.report_printed = Some(self.w.now());
        self.save(&case, Detail::AbsenceReportPrinted)?;
        Ok(case)
    }

    /// Closes a case with its outcome; "reported in vain" only once the report was printed.
    pub fn close_absence(
        &mut self,
        id: AbsenceId,
        outcome: AbsenceOutcome,
        note: &str,
    ) -> Result<AbsenceCase, StoreError> {
        let mut case = self.open_case(id)?;
        if outcome == AbsenceOutcome::ReportedIneffective && case.report_printed.is_none() {
            return Err(StoreError::Refused(Refusal::Absence(
                AbsenceRefusal::NeedsReportFirst,
            )));
        }
        case.closed = Some(AbsenceClosure {
            at: self.w.now(),
            by: self.session.who().id,
            outcome,
            note: note.trim().to_string(),
        });
        self.w.put(&case)?;
        if let Some(child) = self.w.get::<Child>(case.child.0)? {
            self.set_enrolment(child, outcome.enrolment(case.kind))?;
        }
        self.w.audit(
            AuditAction::Close,
            RecordRef::Child(case.child.0),
            Detail::AbsenceClosed(outcome),
        )?;
        Ok(case)
    }

    /// Opening a case on a screen: its child in scope, and a view event, as an archive's.
    pub fn view_absence(&mut self, id: AbsenceId) -> Result<(), StoreError> {
        let case = self
            .w
            .get::<AbsenceCase>(id.0)?
            .ok_or(StoreError::Refused(Refusal::Absence(AbsenceRefusal::Gone)))?;
        self.allow_child(Operation::ViewChild, case.child)?;
        self.w.audit(
            AuditAction::View,
            RecordRef::Child(case.child.0),
            Detail::AbsenceViewed,
        )
    }

    /// A real danger found on the way (the child living alone…) is a mandatory report: it is
    /// raised as every report is (`raise_incident`: the store makes its id, the reporter is
    /// this person), about the case's child, and the case keeps its id.
    pub fn raise_from_absence(
        &mut self,
        id: AbsenceId,
        described: &Incident,
    ) -> Result<(AbsenceCase, Incident), StoreError> {
        let mut case = self.open_case(id)?;
        if described.child != Some(case.child) {
            return Err(StoreError::Refused(Refusal::Incident(
                IncidentRefusal::SameChild,
            )));
        }
        let incident = self.raise_incident(described)?;
        case.incidents.push(incident.id);
        self.save(&case, Detail::AbsenceIncident)?;
        Ok((case, incident))
    }
}

impl SessionReader<'_> {
    /// A child's absence cases, oldest first, if the child is in scope.
    pub fn absences_of_child(&self, child: ChildId) -> Result<Vec<AbsenceCase>, StoreError> {
        self.allow_child_view(child)?;
        self.raw().absences_of_child(child)
    }

    /// One case, if its child is in scope.
    pub fn absence(&self, id: AbsenceId) -> Result<Option<AbsenceCase>, StoreError> {
        let case = self.raw().get::<AbsenceCase>(id.0)?;
        if let Some(c) = &case {
            self.allow_child_view(c.child)?;
        }
        Ok(case)
    }

    /// The open cases of the children this person may see.
    pub fn open_absences(&self) -> Result<Vec<AbsenceCase>, StoreError> {
        let mut out = Vec::new();
        for case in self.raw().open_absences()? {
            if self.sees_child(case.child)? {
                out.push(case);
            }
        }
        Ok(out)
    }
}
