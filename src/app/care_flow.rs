//! The actions of the care screens (mood form, incident form and view, the one-line prompt)
//! and the entry points from the child's archive and This week. Each save is one transaction.

use super::incident_form::{self, IncidentForm};
use super::incident_view::IncidentView;
use super::mood_form::{self, MoodForm};
use super::prompt::{Prompt, PromptPurpose};
use super::{App, ChildTab, Screen};
use crate::action::Action;
use crate::model::*;
use crate::tr;

impl App {
    fn user_id(&self) -> Option<CounselorId> {
        self.user.as_ref().map(|u| u.id)
    }

    /// `Child` screen actions that belong to the care screens; false when not one of them.
    pub(super) fn child_care_action(&mut self, action: Action) -> bool {
        if let (Screen::Caseload(list), Action::NewMood) = (&self.screen, action) {
            // From the caseload: a mood for the selected child, without opening the archive.
            let Some(id) = list.selected_child() else {
                return true;
            };
            let child = self.read_as_user(|r| r.child(id));
            if let Some(Some(child)) = self.report(child) {
                let form = MoodForm::new(&child, &self.config.feelings);
                self.push(Screen::MoodForm(Box::new(form)));
            }
            return true;
        }
        let Screen::Child(state) = &self.screen else {
            return false;
        };
        match action {
            Action::NewMood => {
                let form = MoodForm::new(&state.child, &self.config.feelings);
                self.push(Screen::MoodForm(Box::new(form)));
            }
            Action::NewIncident => {
                let reporter = self
                    .user
                    .as_ref()
                    .map(|u| u.name.clone())
                    .unwrap_or_default();
                let form = IncidentForm::new(&state.child, &reporter, self.now());
                self.push(Screen::IncidentForm(Box::new(form)));
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
                        self.ask(PromptPurpose::FollowUpDone(id), text);
                    }
                    None => self.set_status(tr!("care.followup.none_open")),
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
                    Some(id) => self.open_incident(id),
                    None => self.set_status(tr!("ui.child.no_incidents")),
                }
            }
            _ => return false,
        }
        true
    }

    /// `ThisWeek` actions on a follow-up or incident row; false when not one of them.
    pub(super) fn this_week_care_action(&mut self, action: Action) -> bool {
        let Screen::ThisWeek(state) = &self.screen else {
            return false;
        };
        let Some(item) = state.items.get(state.selected) else {
            return false;
        };
        match (action, item.target()) {
            (Action::MarkDone, Some(RecordRef::FollowUp(id))) => {
                let subject = format!(
                    "{} · {}",
                    item.name,
                    crate::i18n::labels::agenda_detail(item, &self.config)
                );
                self.ask(PromptPurpose::FollowUpDone(FollowUpId(id)), subject);
            }
            (Action::MarkDone, _) => self.set_status(tr!("care.followup.select_one")),
            (Action::Open, Some(RecordRef::Incident(id))) => self.open_incident(IncidentId(id)),
            _ => return false,
        }
        true
    }

    pub fn open_incident(&mut self, id: IncidentId) {
        if let Some(view) = self.view_incident(id) {
            self.push(Screen::Incident(Box::new(view)));
        }
    }

    /// An incident read for the person logged in, the look recorded in the audit.
    fn view_incident(&mut self, id: IncidentId) -> Option<IncidentView> {
        let user = self.user.clone()?;
        let view = self
            .store
            .session(&user)
            .and_then(|s| IncidentView::open(&s, id));
        self.report(view)
    }

    fn ask(&mut self, purpose: PromptPurpose, subject: String) {
        let title = match purpose {
            PromptPurpose::FollowUpDone(_) => tr!("care.prompt.done_title"),
            PromptPurpose::CloseIncident(_) => tr!("care.prompt.close_title"),
            PromptPurpose::AddEvent(_) => tr!("care.prompt.event_title"),
        };
        self.push(Screen::Prompt(Box::new(Prompt::new(
            purpose, title, subject,
        ))));
    }

    /// Cancel on a form: a first press with something entered asks, a second leaves.
    fn leave_form(&mut self, changed: bool) {
        let confirm = match &mut self.screen {
            Screen::MoodForm(f) => &mut f.confirm_discard,
            Screen::IncidentForm(f) => &mut f.confirm_discard,
            _ => return self.go_back(),
        };
        if changed && !*confirm {
            *confirm = true;
            self.set_status(tr!("ui.form.discard_confirm"));
        } else {
            self.go_back();
        }
    }

    pub(super) fn mood_form_action(&mut self, action: Action) {
        let Screen::MoodForm(form) = &mut self.screen else {
            return;
        };
        match action {
            Action::Save => self.save_mood(),
            Action::Cancel | Action::Back => {
                let changed = form.is_changed();
                self.leave_form(changed);
            }
            other => {
                form.confirm_discard = false;
                form.action(other);
            }
        }
    }

    fn save_mood(&mut self) {
        let today = self.today;
        let at = self.now();
        let (Some(by), Screen::MoodForm(form)) = (self.user_id(), &mut self.screen) else {
            return;
        };
        let child = form.child;
        let name = form.child_name.clone();
        match form.validated(today) {
            Err(problem) => self.set_error(problem),
            Ok(input) => {
                let saved = self.write_as_user(|w| mood_form::write_mood(w, child, by, at, &input));
                if self.report(saved).is_some() {
                    self.go_back();
                    self.set_status(tr!("care.mood.saved", name = name));
                }
            }
        }
    }

    pub(super) fn incident_form_action(&mut self, action: Action) {
        let Screen::IncidentForm(form) = &mut self.screen else {
            return;
        };
        match action {
            Action::Save => self.save_incident(),
            Action::Cancel | Action::Back => {
                let changed = form.is_changed();
                self.leave_form(changed);
            }
            other => {
                form.confirm_discard = false;
                form.action(other);
            }
        }
    }

    fn save_incident(&mut self) {
        let now = self.now();
        let (Some(by), Screen::IncidentForm(form)) = (self.user_id(), &mut self.screen) else {
            return;
        };
        let name = form.child_name.clone();
        let correcting = form.original.is_some();
        let letter = form.letter;
        match form.validated(by, now) {
            Err(problem) => self.set_error(problem),
            Ok(incident) => {
                let saved = match letter {
                    // A letter's incident names no child: the mailbox's own rules keep it.
                    Some(id) => {
                        self.write_as_user(|w| crate::mailbox::raise_incident(w, id, incident))
                    }
                    None => self.write_as_user(|w| incident_form::write_incident(w, incident)),
                };
                if let Some(saved) = self.report(saved) {
                    self.go_back();
                    let said = match letter.map(|id| self.read_as_user(|r| r.letter(id))) {
                        // From a letter: who in the school acts next, not only the police.
                        Some(Ok(Some(l))) => crate::mailbox::incident_next_steps(&l.number, &saved),
                        _ => incident_form::saved_message(&saved, &name, correcting),
                    };
                    self.set_status(said);
                }
            }
        }
    }

    pub(super) fn incident_view_action(&mut self, action: Action) {
        let Screen::Incident(view) = &mut self.screen else {
            return;
        };
        let id = view.incident.id;
        let open = view.incident.is_open();
        let subject = format!(
            "{} · {}",
            view.child_name,
            crate::i18n::labels::incident_kind_of(view.incident.kind, &view.incident.other)
        );
        match action {
            Action::Back | Action::Cancel => self.go_back(),
            Action::AddEvent | Action::CloseIncident if !open => {
                self.set_error(tr!("care.incident.already_closed"))
            }
            Action::AddEvent => self.ask(PromptPurpose::AddEvent(id), subject),
            Action::CloseIncident => self.ask(PromptPurpose::CloseIncident(id), subject),
            Action::CorrectIncident => {
                let reporter = view.staff_name(view.incident.reported_by);
                let form = IncidentForm::correct(&view.incident, &view.child_name, &reporter);
                self.push(Screen::IncidentForm(Box::new(form)));
            }
            Action::NextTab | Action::PrevTab => {
                if let Some(other) = view.sibling(action == Action::NextTab)
                    && let Some(v) = self.view_incident(other)
                {
                    self.screen = Screen::Incident(Box::new(v));
                }
            }
            other => view.scroll = super::list::moved(view.scroll, usize::MAX, other),
        }
    }

    pub(super) fn prompt_action(&mut self, action: Action) {
        let Screen::Prompt(prompt) = &self.screen else {
            return;
        };
        match action {
            Action::Cancel | Action::Back => self.go_back(),
            Action::Save => {
                let (purpose, text) = (prompt.purpose, prompt.text());
                if purpose.requires_text() && text.is_empty() {
                    let problem = match purpose {
                        PromptPurpose::CloseIncident(_) => tr!("care.guard.needs_reason"),
                        _ => tr!("care.incident.needs_event"),
                    };
                    self.set_error(problem);
                    return;
                }
                let Some(by) = self.user_id() else {
                    return;
                };
                let at = self.now();
                let saved = self.write_as_user(|w| match purpose {
                    PromptPurpose::FollowUpDone(id) => {
                        mood_form::mark_followup_done(w, id, by, at, &text).map(|_| ())
                    }
                    PromptPurpose::CloseIncident(id) => {
                        incident_form::close(w, id, by, at, &text).map(|_| ())
                    }
                    PromptPurpose::AddEvent(id) => {
                        incident_form::add_event(w, id, by, at, &text).map(|_| ())
                    }
                });
                if self.report(saved).is_some() {
                    self.go_back();
                    self.set_status(match purpose {
                        PromptPurpose::FollowUpDone(_) => tr!("care.followup.done"),
                        PromptPurpose::CloseIncident(_) => tr!("care.incident.closed"),
                        PromptPurpose::AddEvent(_) => tr!("care.incident.event_added"),
                    });
                }
            }
            _ => {}
        }
    }

    /// Reloads an incident view after a change (coming back from a prompt or a correction).
    pub(super) fn refresh_incident(&mut self) {
        let Screen::Incident(view) = &self.screen else {
            return;
        };
        let (id, scroll) = (view.incident.id, view.scroll);
        let loaded = self.read_as_user(|r| IncidentView::load(r, id));
        if let Some(mut v) = self.report(loaded) {
            v.scroll = scroll;
            self.screen = Screen::Incident(Box::new(v));
        }
    }
}
