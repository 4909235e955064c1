//! The child's archive (一人一档): profile, timeline of contacts, moods, incidents and the
//! history of who cared for the child. Opening it is recorded in the audit log.

use crate::action::Action;
use crate::model::*;
use crate::store::{Session, SessionReader, StoreError};
use crate::tr;
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChildTab {
    Profile,
    Timeline,
    Moods,
    Incidents,
    Assignments,
    /// The child's absence cases (控辍保学), newest first; Enter opens the one selected.
    Absences,
}

impl ChildTab {
    pub const ALL: [ChildTab; 6] = [
        ChildTab::Profile,
        ChildTab::Timeline,
        ChildTab::Moods,
        ChildTab::Incidents,
        ChildTab::Assignments,
        ChildTab::Absences,
    ];

    pub fn title(self) -> String {
        match self {
            ChildTab::Profile => tr!("ui.child.tab_profile"),
            ChildTab::Timeline => tr!("ui.child.tab_timeline"),
            ChildTab::Moods => tr!("ui.child.tab_moods"),
            ChildTab::Incidents => tr!("ui.child.tab_incidents"),
            ChildTab::Assignments => tr!("ui.child.tab_assignments"),
            ChildTab::Absences => tr!("ui.child.tab_absences"),
        }
    }

    fn index(self) -> usize {
        ChildTab::ALL.iter().position(|t| *t == self).unwrap_or(0)
    }
}

pub struct ChildState {
    pub child: Child,
    pub tab: ChildTab,
    /// Medical history and family details stay hidden until asked for (a shared screen).
    pub show_private: bool,
    /// Newest first.
    pub notes: Vec<Note>,
    /// The child's one mood history (the mood form's entries and the notes' moods), oldest
    /// first; the details of each are in `mood_entries` and `notes`.
    pub moods: Vec<MoodPoint>,
    pub mood_entries: Vec<MoodEntry>,
    pub incidents: Vec<Incident>,
    pub followups: Vec<FollowUp>,
    pub assignments: Vec<Assignment>,
    /// The child's absence cases, oldest first (the tab lists them newest first).
    pub absences: Vec<AbsenceCase>,
    pub staff: HashMap<CounselorId, String>,
    /// Scroll position within the current tab.
    pub scroll: usize,
    pub timeline: super::timeline::Timeline,
}

impl ChildState {
    /// Opens a child's archive for `who`, refusing a child not in their care, and records the view.
    pub fn open(session: &Session, id: ChildId) -> Result<ChildState, StoreError> {
        let state = ChildState::load(&session.reader()?, id)?;
        session.write(|w| w.view_child(id))?;
        Ok(state)
    }

    pub fn load(reader: &SessionReader, id: ChildId) -> Result<ChildState, StoreError> {
        let child = reader.child(id)?.ok_or_else(|| StoreError::NotFound {
            what: format!("child {id}"),
        })?;
        let mut notes = Vec::new();
        for note_id in reader.note_ids_of_child(id)? {
            notes.extend(reader.note(note_id)?);
        }
        let staff = reader
            .counselors()?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        Ok(ChildState {
            timeline: super::timeline::Timeline::new(&notes),
            notes,
            moods: reader.mood_history(id)?,
            mood_entries: reader.moods_of_child(id)?,
            incidents: reader.incidents_of_child(id)?,
            followups: reader.followups_of_child(id)?,
            assignments: reader.assignments_of_child(id)?,
            absences: reader.absences_of_child(id)?,
            child,
            tab: ChildTab::Profile,
            show_private: false,
            staff,
            scroll: 0,
        })
    }

    pub fn staff_name(&self, id: CounselorId) -> String {
        self.staff
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("#{id}"))
    }

    pub fn select(&mut self, row: usize) {
        self.scroll = row;
    }

    /// The case selected on the Absence tab: the tab lists them newest first, one a row, and
    /// the scroll position is the selection.
    pub fn selected_absence(&self) -> Option<&AbsenceCase> {
        let n = self.absences.len();
        let row = self.scroll.min(n.saturating_sub(1));
        n.checked_sub(row + 1).and_then(|i| self.absences.get(i))
    }

    /// The timeline's delete-reason prompt or search box, when one has the keyboard.
    pub fn timeline_input(&mut self) -> Option<&mut ratatui_textarea::TextArea<'static>> {
        if self.tab != ChildTab::Timeline {
            return None;
        }
        let t = &mut self.timeline;
        match (&mut t.deleting, t.search_focused) {
            (Some(reason), _) => Some(reason),
            (None, true) => Some(&mut t.search),
            (None, false) => None,
        }
    }

    pub fn action(&mut self, action: Action) {
        let tabs = ChildTab::ALL.len();
        if self.tab == ChildTab::Timeline
            && matches!(
                action,
                Action::SelectNext
                    | Action::SelectPrev
                    | Action::SelectFirst
                    | Action::SelectLast
                    | Action::PageDown
                    | Action::PageUp
            )
        {
            self.timeline.search_focused = false;
            self.timeline.list_action(action);
            return;
        }
        match action {
            Action::NextTab => {
                self.tab = ChildTab::ALL[(self.tab.index() + 1) % tabs];
                self.scroll = 0;
            }
            Action::PrevTab => {
                self.tab = ChildTab::ALL[(self.tab.index() + tabs - 1) % tabs];
                self.scroll = 0;
            }
            Action::TogglePrivate => self.show_private = !self.show_private,
            Action::SelectNext => self.scroll += 1,
            Action::SelectPrev => self.scroll = self.scroll.saturating_sub(1),
            Action::PageDown => self.scroll += 10,
            Action::PageUp => self.scroll = self.scroll.saturating_sub(10),
            Action::SelectFirst => self.scroll = 0,
            // To the end: the drawing stops at the last screenful.
            Action::SelectLast => self.scroll = usize::from(u16::MAX),
            _ => {}
        }
    }
}

impl super::Component for ChildState {
    /// Read again (not audited again: the look was at opening), on the same tab, the
    /// timeline's filter and selection carried over.
    fn reload(&mut self, cx: &mut super::Cx) {
        let (id, tab) = (self.child.id, self.tab);
        let loaded = cx.read_as_user(|r| ChildState::load(r, id));
        if let Some(mut fresh) = cx.report(loaded) {
            fresh.tab = tab;
            fresh
                .timeline
                .carry_over(&self.timeline, &self.notes, &fresh.notes);
            *self = fresh;
        }
    }
    fn handle(&mut self, action: Action, cx: &mut super::Cx) -> super::Effect {
        use super::Effect;
        match super::care_flow::child_care_action(self, action, cx) {
            Effect::Pass => {}
            effect => return effect,
        }
        match action {
            Action::Back => {
                if self.tab == ChildTab::Timeline && self.timeline.back(&self.notes) {
                    Effect::Stay
                } else {
                    Effect::Back
                }
            }
            Action::EditProfile => super::profile_form::edit_profile(self, cx),
            Action::NewNote => Effect::Go(super::Go::NewNote),
            Action::PrintArchive => {
                super::reports::print_archive(self.child.id, cx);
                Effect::Stay
            }
            other => match super::notes_flow::timeline_action(self, other, cx) {
                Effect::Pass => {
                    self.action(other);
                    Effect::Stay
                }
                effect => effect,
            },
        }
    }
    fn take_back(&mut self, handback: super::Handback) {
        match handback {
            // Back on the archive, the timeline shows the note just saved, selected.
            super::Handback::NoteSaved(note) => {
                self.tab = ChildTab::Timeline;
                self.timeline.select_note(&self.notes, note);
            }
            super::Handback::ReplySaved(_) => {}
        }
    }
    fn note_children(&self) -> Vec<(ChildId, String)> {
        vec![(self.child.id, self.child.name.clone())]
    }
    fn context(&self) -> crate::keymap::Context {
        crate::keymap::Context::Child
    }
    fn focused_input(&mut self) -> Option<&mut ratatui_textarea::TextArea<'static>> {
        self.timeline_input()
    }
    fn input_changed(&mut self) {
        self.timeline.refilter(&self.notes);
    }
    fn select(&mut self, row: usize) {
        ChildState::select(self, row);
    }
}
