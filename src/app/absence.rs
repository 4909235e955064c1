//! One absence case (控辍保学) on a screen: the child, 旷课 or 辍学, the first day away, what is
//! known, where the case stands (failed attempts against the school's number, the written
//! report due or printed, the outcome), the bring-back attempts oldest first and the mandatory
//! reports raised from it. Its keys log an attempt, print the written report, close the case
//! and raise a report; the forms are `absence_form.rs`.

use super::absence_form::AbsenceForm;
use super::incident_form::IncidentForm;
use super::{Cx, Effect, Screen};
use crate::action::Action;
use crate::model::*;
use crate::store::{SessionReader, StoreError};
use crate::tr;
use std::collections::HashMap;

pub struct AbsenceState {
    pub case: AbsenceCase,
    pub child: Child,
    /// The mandatory reports raised from the case, in the order raised.
    pub incidents: Vec<Incident>,
    pub staff: HashMap<CounselorId, String>,
    /// The selected row: the attempts first (oldest first), then the reports.
    pub selected: usize,
}

/// A row of the case's list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AbsenceRow {
    Attempt(usize),
    Incident(usize),
}

impl AbsenceState {
    /// Loads a case for the reader's person (its child must be in their scope).
    pub fn load(reader: &SessionReader, id: AbsenceId) -> Result<AbsenceState, StoreError> {
        let case = reader
            .absence(id)?
            .ok_or(StoreError::Refused(Refusal::Absence(AbsenceRefusal::Gone)))?;
        let child = reader
            .child(case.child)?
            .ok_or_else(|| StoreError::NotFound {
                what: format!("child {}", case.child),
            })?;
        let mut incidents = Vec::new();
        for i in &case.incidents {
            incidents.extend(reader.incident(*i)?);
        }
        let staff = reader
            .counselors()?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        Ok(AbsenceState {
            case,
            child,
            incidents,
            staff,
            selected: 0,
        })
    }

    pub fn staff_name(&self, id: CounselorId) -> String {
        self.staff
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("#{id}"))
    }

    pub fn rows(&self) -> usize {
        self.case.attempts.len() + self.incidents.len()
    }

    pub fn row(&self, i: usize) -> Option<AbsenceRow> {
        let attempts = self.case.attempts.len();
        if i < attempts {
            Some(AbsenceRow::Attempt(i))
        } else if i < self.rows() {
            Some(AbsenceRow::Incident(i - attempts))
        } else {
            None
        }
    }

    /// Whether This week asks for the written report (the school's number of failed attempts).
    pub fn report_due(&self, attempts_before_report: u32) -> bool {
        self.case.needs_written_report(attempts_before_report)
    }

    /// An open case: a closed one is kept as it was closed.
    fn open_or_say(&self, cx: &mut Cx) -> bool {
        if !self.case.is_open() {
            cx.set_error(crate::labels::refusals::refusal(&Refusal::Absence(
                AbsenceRefusal::Closed,
            )));
        }
        self.case.is_open()
    }

    pub fn handle_action(&mut self, action: Action, cx: &mut Cx) -> Effect {
        let id = self.case.id;
        match action {
            Action::Back | Action::Cancel => Effect::Back,
            Action::LogAttempt if self.open_or_say(cx) => {
                let form = AbsenceForm::attempt(&self.case, &self.child.name, cx.today);
                Effect::Push(Screen::AbsenceForm(Box::new(form)))
            }
            Action::CloseAbsence if self.open_or_say(cx) => {
                let form = AbsenceForm::close(&self.case, &self.child.name);
                Effect::Push(Screen::AbsenceForm(Box::new(form)))
            }
            Action::NewIncident if self.open_or_say(cx) => {
                let reporter = cx.user.map(|u| u.name.clone()).unwrap_or_default();
                let form = IncidentForm::from_absence(&self.child, id, &reporter, cx.now());
                Effect::Push(Screen::IncidentForm(Box::new(form)))
            }
            Action::PrintAbsenceReport if self.open_or_say(cx) => {
                super::reports::print_absence_report(id, cx);
                self.reload(cx);
                Effect::Stay
            }
            Action::LogAttempt
            | Action::CloseAbsence
            | Action::NewIncident
            | Action::PrintAbsenceReport => Effect::Stay,
            Action::Open => match self.row(self.selected) {
                Some(AbsenceRow::Incident(i)) => match self.incidents.get(i) {
                    Some(incident) => cx.open_incident(incident.id),
                    None => Effect::Stay,
                },
                Some(AbsenceRow::Attempt(_)) | None => {
                    cx.set_status(tr!("absence.screen.open_hint"));
                    Effect::Stay
                }
            },
            other => {
                self.selected = super::list::moved(self.selected, self.rows(), other);
                Effect::Stay
            }
        }
    }

    /// Read again after a form saved (or a print), the selection kept where it can be.
    pub fn reload(&mut self, cx: &mut Cx) {
        let (id, selected) = (self.case.id, self.selected);
        let loaded = cx.read_as_user(|r| AbsenceState::load(r, id));
        if let Some(mut fresh) = cx.report(loaded) {
            fresh.selected = selected.min(fresh.rows().saturating_sub(1));
            *self = fresh;
        }
    }
}

/// Opens a case above the screen shown, for the person logged in.
pub(super) fn open_case(id: AbsenceId, cx: &mut Cx) -> Effect {
    // Opened as an archive is: read, then the view recorded.
    let loaded = cx.session().and_then(|s| {
        let state = AbsenceState::load(&s.reader()?, id)?;
        s.write(|w| w.view_absence(id))?;
        Ok(state)
    });
    match cx.report(loaded) {
        Some(state) => Effect::Push(Screen::Absence(Box::new(state))),
        None => Effect::Stay,
    }
}

impl super::Component for AbsenceState {
    fn context(&self) -> crate::keymap::Context {
        crate::keymap::Context::Absence
    }
    fn handle(&mut self, action: Action, cx: &mut Cx) -> Effect {
        self.handle_action(action, cx)
    }
    fn reload(&mut self, cx: &mut Cx) {
        AbsenceState::reload(self, cx);
    }
    fn select(&mut self, row: usize) {
        self.selected = row.min(self.rows().saturating_sub(1));
    }
    fn note_children(&self) -> Vec<(ChildId, String)> {
        vec![(self.child.id, self.child.name.clone())]
    }
}
