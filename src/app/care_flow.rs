//! The actions of the care screens (mood form, incident form and view, the one-line prompt)
//! and what the child's archive, the caseload and This week open of them. Each save is one
//! transaction.

use super::incident_form::{self, IncidentForm};
use super::incident_view::IncidentView;
use super::mood_form::{self, MoodForm};
use super::prompt::{Prompt, PromptPurpose};
use super::{ChildState, ChildTab, Cx, Effect, Screen};
use crate::action::Action;
use crate::model::*;
use crate::tr;

/// The one-line question before a small write, above the screen shown.
pub(super) fn ask(purpose: PromptPurpose, subject: String) -> Effect {
    let title = match purpose {
        PromptPurpose::FollowUpDone(_) => tr!("care.prompt.done_title"),
        PromptPurpose::CloseIncident(_) => tr!("care.prompt.close_title"),
        PromptPurpose::AddEvent(_) => tr!("care.prompt.event_title"),
    };
    Effect::Push(Screen::Prompt(Box::new(Prompt::new(
        purpose, title, subject,
    ))))
}

/// Cancel on a form: a first press with something entered asks, a second leaves.
fn leave_form(changed: bool, confirm: &mut bool, cx: &mut Cx) -> Effect {
    if changed && !*confirm {
        *confirm = true;
        cx.set_status(tr!("ui.form.discard_confirm"));
        Effect::Stay
    } else {
        Effect::Back
    }
}

/// A mood for a child, from the caseload's selected row without opening the archive.
pub(super) fn new_mood_for(id: Option<ChildId>, cx: &mut Cx) -> Effect {
    let Some(id) = id else {
        return Effect::Stay;
    };
    let child = cx.read_as_user(|r| r.child(id));
    match cx.report(child) {
        Some(Some(child)) => {
            let form = MoodForm::new(&child, &cx.config.feelings);
            Effect::Push(Screen::MoodForm(Box::new(form)))
        }
        _ => Effect::Stay,
    }
}

/// The archive's actions that open the care screens; `Pass` when not one of them.
pub(super) fn child_care_action(state: &ChildState, action: Action, cx: &mut Cx) -> Effect {
    match action {
        Action::NewMood => {
            let form = MoodForm::new(&state.child, &cx.config.feelings);
            Effect::Push(Screen::MoodForm(Box::new(form)))
        }
        Action::NewIncident => {
            let reporter = cx.user.map(|u| u.name.clone()).unwrap_or_default();
            let form = IncidentForm::new(&state.child, &reporter, cx.now());
            Effect::Push(Screen::IncidentForm(Box::new(form)))
        }
        Action::MarkDone => {
            // From the archive: the open follow-up due first (the profile lists them so).
            let next = state
                .followups
                .iter()
                .filter(|f| f.is_open())
                .min_by_key(|f| (f.due, f.id));
            match next {
                Some(f) => {
                    let (id, text) = (f.id, format!("{} · {}", f.due, f.text));
                    ask(PromptPurpose::FollowUpDone(id), text)
                }
                None => {
                    cx.set_status(tr!("care.followup.none_open"));
                    Effect::Stay
                }
            }
        }
        Action::Open if state.tab == ChildTab::Incidents => {
            let pick = state
                .incidents
                .iter()
                .rev()
                .find(|i| i.is_open())
                .or(state.incidents.last())
                .map(|i| i.id);
            match pick {
                Some(id) => cx.open_incident(id),
                None => {
                    cx.set_status(tr!("ui.child.no_incidents"));
                    Effect::Stay
                }
            }
        }
        Action::NewAbsence => {
            let form = super::AbsenceForm::register(&state.child);
            Effect::Push(Screen::AbsenceForm(Box::new(form)))
        }
        Action::Open if state.tab == ChildTab::Absences => match state.selected_absence() {
            Some(case) => super::absence::open_case(case.id, cx),
            None => {
                cx.set_status(tr!("ui.child.no_absences"));
                Effect::Stay
            }
        },
        _ => Effect::Pass,
    }
}

/// This week's actions on a follow-up or incident row; `Pass` when not one of them.
pub(super) fn this_week_care_action(
    state: &super::ThisWeekState,
    action: Action,
    cx: &mut Cx,
) -> Effect {
    let Some(item) = state.items.get(state.selected) else {
        return Effect::Pass;
    };
    match (action, item.target()) {
        (Action::MarkDone, Some(RecordRef::FollowUp(id))) => {
            let subject = format!(
                "{} · {}",
                item.name,
                crate::labels::agenda_detail(item, cx.config, cx.today)
            );
            ask(PromptPurpose::FollowUpDone(FollowUpId(id)), subject)
        }
        (Action::MarkDone, _) => {
            cx.set_status(tr!("care.followup.select_one"));
            Effect::Stay
        }
        (Action::Open, Some(RecordRef::Incident(id))) => cx.open_incident(IncidentId(id)),
        // An absence row opens its case, where the next step (an attempt, the written
        // report) is taken.
        (Action::Open, None) => match &item.kind {
            crate::domain::agenda::AgendaKind::Absence { id, .. } => {
                super::absence::open_case(*id, cx)
            }
            _ => Effect::Pass,
        },
        _ => Effect::Pass,
    }
}

impl MoodForm {
    pub(super) fn handle_action(&mut self, action: Action, cx: &mut Cx) -> Effect {
        match action {
            Action::Save => self.save(cx),
            Action::Cancel | Action::Back => {
                let changed = self.is_changed();
                leave_form(changed, &mut self.confirm_discard, cx)
            }
            other => {
                self.confirm_discard = false;
                self.action(other);
                Effect::Stay
            }
        }
    }

    fn save(&mut self, cx: &mut Cx) -> Effect {
        let (today, at) = (cx.today, cx.now());
        let child = self.child;
        match self.validated(today) {
            Err(problem) => cx.set_error(problem),
            Ok(input) => {
                let mood = mood_form::mood_to_write(child, at, &input);
                let saved = cx.write_as_user(|w| w.add_mood(mood));
                if cx.report(saved).is_some() {
                    cx.set_status(tr!("care.mood.saved", name = self.child_name));
                    return Effect::Back;
                }
            }
        }
        Effect::Stay
    }
}

impl IncidentForm {
    pub(super) fn handle_action(&mut self, action: Action, cx: &mut Cx) -> Effect {
        match action {
            Action::Save => self.save(cx),
            Action::Cancel | Action::Back => {
                let changed = self.is_changed();
                leave_form(changed, &mut self.confirm_discard, cx)
            }
            other => {
                self.confirm_discard = false;
                self.action(other);
                Effect::Stay
            }
        }
    }

    fn save(&mut self, cx: &mut Cx) -> Effect {
        let now = cx.now();
        let Some(by) = cx.user_id() else {
            return Effect::Stay;
        };
        let correcting = self.original.is_some();
        let (letter, absence) = (self.letter, self.absence);
        match self.validated(by, now) {
            Err(problem) => cx.set_error(problem),
            Ok(incident) => {
                let saved = cx.write_as_user(|w| match (letter, absence) {
                    // A letter's incident names no child: the store's letter rules keep it.
                    (Some(id), _) => w.raise_letter_incident(id, &incident),
                    _ if correcting => w.correct_incident(&incident, now),
                    // Raised from an absence case: the case keeps its id.
                    (None, Some(case)) => w
                        .raise_from_absence(case, &incident)
                        .map(|(_, raised)| raised),
                    (None, None) => w.raise_incident(&incident),
                });
                if let Some(saved) = cx.report(saved) {
                    let said = match letter.map(|id| cx.read_as_user(|r| r.letter(id))) {
                        // From a letter: who in the school acts next, not only the police.
                        Some(Ok(Some(l))) => crate::mailbox::incident_next_steps(&l.number, &saved),
                        _ => incident_form::saved_message(&saved, &self.child_name, correcting),
                    };
                    cx.set_status(said);
                    return Effect::Back;
                }
            }
        }
        Effect::Stay
    }
}

impl IncidentView {
    pub(super) fn handle_action(&mut self, action: Action, cx: &mut Cx) -> Effect {
        let id = self.incident.id;
        let open = self.incident.is_open();
        let subject = format!(
            "{} · {}",
            self.child_name,
            crate::labels::incident_kind_of(self.incident.kind, &self.incident.other)
        );
        match action {
            Action::Back | Action::Cancel => Effect::Back,
            Action::AddEvent | Action::CloseIncident if !open => {
                cx.set_error(tr!("care.incident.already_closed"));
                Effect::Stay
            }
            Action::AddEvent => ask(PromptPurpose::AddEvent(id), subject),
            Action::CloseIncident => ask(PromptPurpose::CloseIncident(id), subject),
            Action::CorrectIncident => {
                let reporter = self.staff_name(self.incident.reported_by);
                let form = IncidentForm::correct(&self.incident, &self.child_name, &reporter);
                Effect::Push(Screen::IncidentForm(Box::new(form)))
            }
            Action::NextTab | Action::PrevTab => {
                match self
                    .sibling(action == Action::NextTab)
                    .and_then(|other| cx.view_incident(other))
                {
                    Some(v) => Effect::Replace(Screen::Incident(Box::new(v))),
                    None => Effect::Stay,
                }
            }
            other => {
                self.scroll = super::list::moved(self.scroll, usize::MAX, other);
                Effect::Stay
            }
        }
    }

    /// Reloads the view after a change (coming back from a prompt or a correction).
    pub(super) fn reload(&mut self, cx: &mut Cx) {
        let (id, scroll) = (self.incident.id, self.scroll);
        let loaded = cx.read_as_user(|r| IncidentView::load(r, id));
        if let Some(mut v) = cx.report(loaded) {
            v.scroll = scroll;
            *self = v;
        }
    }
}

impl Prompt {
    pub(super) fn handle_action(&mut self, action: Action, cx: &mut Cx) -> Effect {
        match action {
            Action::Cancel | Action::Back => Effect::Back,
            Action::Save => self.save(cx),
            _ => Effect::Stay,
        }
    }

    fn save(&mut self, cx: &mut Cx) -> Effect {
        let (purpose, text) = (self.purpose, self.text());
        if purpose.requires_text() && text.is_empty() {
            let problem = match purpose {
                PromptPurpose::CloseIncident(_) => tr!("care.guard.needs_reason"),
                _ => tr!("care.incident.needs_event"),
            };
            cx.set_error(problem);
            return Effect::Stay;
        }
        if cx.user.is_none() {
            return Effect::Stay;
        }
        let at = cx.now();
        let saved = cx.write_as_user(|w| match purpose {
            PromptPurpose::FollowUpDone(id) => w.mark_followup_done(id, at, &text).map(|_| ()),
            PromptPurpose::CloseIncident(id) => w.close_incident(id, at, &text).map(|_| ()),
            PromptPurpose::AddEvent(id) => w.add_incident_event(id, at, &text).map(|_| ()),
        });
        if cx.report(saved).is_none() {
            return Effect::Stay;
        }
        cx.set_status(match purpose {
            PromptPurpose::FollowUpDone(_) => tr!("care.followup.done"),
            PromptPurpose::CloseIncident(_) => tr!("care.incident.closed"),
            PromptPurpose::AddEvent(_) => tr!("care.incident.event_added"),
        });
        Effect::Back
    }
}
