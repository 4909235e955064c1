//! The app's side of contact notes: opening the editor from a child, This week or a group
//! picked in the caseload; saving, cancelling, drafts on a timer and after a crash; editing
//! and deleting from the timeline; the "all my notes" search screen.

use super::note_editor::{Draft, NoteEditor};
use super::timeline::NoteSearchState;
use super::{App, ChildTab, Screen};
use crate::action::Action;
use crate::model::{ChildId, FollowUp, NoteId, Timestamp};
use crate::tr;
use std::time::Instant;

impl App {
    /// Now as the app sees it: today's date (fixed in tests) at the clock's time of day.
    pub fn now(&self) -> Timestamp {
        let time = self
            .clock_time
            .unwrap_or_else(|| crate::clock::now().time());
        self.today.and_time(time)
    }

    /// Each person has their own draft, so two teachers sharing a computer never see each
    /// other's unsaved text.
    fn draft_key(&self) -> Option<String> {
        self.user.as_ref().map(|u| format!("note:{}", u.id))
    }

    /// `new_note`: for the child on screen, the child selected on This week, or the children
    /// marked in the caseload (a group session) — else the selected one.
    pub fn new_note(&mut self) {
        let children: Vec<(ChildId, String)> = match &self.screen {
            Screen::Child(s) => vec![(s.child.id, s.child.name.clone())],
            Screen::ThisWeek(s) => s
                .items
                .get(s.selected)
                .and_then(|i| i.child.map(|c| (c, i.name.clone())))
                .into_iter()
                .collect(),
            Screen::Caseload(s) => s.note_children(),
            _ => Vec::new(),
        };
        if children.is_empty() {
            self.set_status(tr!("notes.choose_child"));
            return;
        }
        let editor = NoteEditor::new(children, self.now());
        self.push(Screen::NoteEditor(Box::new(editor)));
    }

    fn child_names(&self, ids: &[ChildId]) -> Vec<(ChildId, String)> {
        let names = self.read_as_user(|r| {
            Ok(ids
                .iter()
                .map(|id| {
                    let name = r
                        .child(*id)
                        .ok()
                        .flatten()
                        .map_or_else(|| format!("#{id}"), |c| c.name);
                    (*id, name)
                })
                .collect())
        });
        names.unwrap_or_else(|_| ids.iter().map(|id| (*id, format!("#{id}"))).collect())
    }

    pub(super) fn editor_action(&mut self, action: Action) {
        match action {
            Action::Save => self.save_note(),
            Action::Cancel | Action::Back => self.cancel_note(),
            other => {
                if let Screen::NoteEditor(ed) = &mut self.screen {
                    ed.action(other, Instant::now());
                }
            }
        }
    }

    /// One transaction: the note (and its follow-up), the audit event, the draft cleared.
    fn save_note(&mut self) {
        let now = self.now();
        let (true, Some(key)) = (self.user.is_some(), self.draft_key()) else {
            return;
        };
        let Screen::NoteEditor(ed) = &mut self.screen else {
            return;
        };
        let input = match ed.validated(now) {
            Ok(input) => input,
            Err(problem) => {
                self.set_error(problem);
                return;
            }
        };
        let editing = ed.editing;
        let count = input.children.len();
        let saved = self.write_as_user(|w| {
            let note = match editing {
                Some(id) => w.revise_note(id, input)?,
                None => w.add_note(input)?,
            };
            w.clear_draft(&key)?;
            Ok(note)
        });
        if let Some(note) = self.report(saved) {
            self.go_back();
            // Back on the archive, the timeline shows the note just saved, selected.
            if let Screen::Child(state) = &mut self.screen {
                state.tab = super::ChildTab::Timeline;
                let notes = &state.notes;
                state.timeline.select_note(notes, note.id);
            }
            let kind = crate::i18n::labels::note_kind(note.kind);
            self.set_status(if editing.is_some() {
                tr!("notes.updated", kind = kind)
            } else {
                crate::trn!("notes.saved", count = count, kind = kind)
            });
        }
    }

    /// Esc: leave at once when nothing was typed; else ask, and a second Esc discards the
    /// typing and its draft.
    fn cancel_note(&mut self) {
        let Screen::NoteEditor(ed) = &mut self.screen else {
            return;
        };
        if ed.is_changed() && !ed.confirm_discard {
            ed.confirm_discard = true;
            self.set_status(tr!("notes.discard_confirm"));
            return;
        }
        if let Some(key) = self.draft_key() {
            let cleared = self.write_as_user(|w| w.clear_draft(&key));
            self.report(cleared);
        }
        self.go_back();
        self.set_status(tr!("notes.discarded"));
    }

    /// Called by the event loop after each event and when it waited without one.
    pub fn tick(&mut self) {
        self.poll_roster_job();
        let now = crate::clock::monotonic();
        self.tick_at(now);
        self.lock_if_idle(now);
    }

    /// Writes the open editor's draft (a note, or a reply to a letter) once its last change is
    /// old enough at `now`.
    pub fn tick_at(&mut self, now: Instant) {
        self.write_reply_draft_if_due(now);
        let Screen::NoteEditor(ed) = &self.screen else {
            return;
        };
        if let Some(draft) = ed.draft_due(now) {
            self.write_draft(&draft);
        }
    }

    /// Whether unsaved typing waits to be written as a draft (the event loop polls sooner).
    pub fn draft_pending(&self) -> bool {
        match &self.screen {
            Screen::NoteEditor(ed) => ed.last_edit.is_some(),
            Screen::Letter(letter) => letter.editing && letter.unsaved_since.is_some(),
            _ => false,
        }
    }

    /// Writes the open editor's draft (a note or a reply) now, whatever its age (before
    /// quitting).
    pub(super) fn flush_draft(&mut self) {
        self.flush_reply_draft();
        if let Screen::NoteEditor(ed) = &self.screen
            && ed.last_edit.is_some()
        {
            let draft = ed.draft();
            self.write_draft(&draft);
        }
    }

    fn write_draft(&mut self, draft: &Draft) {
        let Some(key) = self.draft_key() else {
            return;
        };
        let bytes = match serde_json::to_vec(draft) {
            Ok(b) => b,
            Err(e) => {
                self.set_error(tr!("notes.draft_failed", detail = e.to_string()));
                return;
            }
        };
        let written = self.write_as_user(|w| w.save_draft(&key, &bytes));
        if self.report(written).is_some()
            && let Screen::NoteEditor(ed) = &mut self.screen
        {
            ed.last_edit = None;
            ed.draft_kept = true;
        }
    }

    /// After login: a draft left by a crash, a kill or a power cut opens in the editor again.
    pub(super) fn offer_draft(&mut self) {
        let Some(key) = self.draft_key() else {
            return;
        };
        let found = self.read_as_user(|r| r.draft(&key));
        let Some(Some(bytes)) = self.report(found) else {
            return;
        };
        let Ok(draft) = serde_json::from_slice::<Draft>(&bytes) else {
            tracing::warn!("an unreadable note draft was left as it is");
            return;
        };
        let ids: Vec<ChildId> = draft.children.iter().map(|c| ChildId(*c)).collect();
        let children = self.child_names(&ids);
        let editor = NoteEditor::restored(&draft, children);
        self.push(Screen::NoteEditor(Box::new(editor)));
        self.set_status(tr!("notes.draft_restored"));
    }

    /// Timeline actions on the child's archive; false when the action is not one of them.
    pub(super) fn timeline_action(&mut self, action: Action) -> bool {
        let Screen::Child(state) = &mut self.screen else {
            return false;
        };
        let state = &mut **state;
        match action {
            Action::FocusSearch => {
                state.tab = ChildTab::Timeline;
                state.timeline.search_focused = true;
            }
            Action::FilterKind if state.tab == ChildTab::Timeline => {
                state.timeline.cycle_filter(&state.notes);
            }
            Action::ToggleHistory if state.tab == ChildTab::Timeline => {
                state.timeline.expanded = !state.timeline.expanded;
            }
            Action::Open if state.timeline.deleting.is_some() => self.confirm_delete(),
            Action::DeleteNote if state.tab == ChildTab::Timeline => {
                match state.timeline.selected_index().map(|i| &state.notes[i]) {
                    Some(n) if n.is_deleted() => self.set_status(tr!("notes.already_deleted")),
                    Some(_) => {
                        state.timeline.deleting = Some(Default::default());
                        self.set_status(tr!("notes.delete_prompt"));
                    }
                    None => {}
                }
            }
            Action::EditNote if state.tab == ChildTab::Timeline => {
                let Some(note) = state
                    .timeline
                    .selected_index()
                    .map(|i| state.notes[i].clone())
                else {
                    return true;
                };
                if note.is_deleted() {
                    self.set_status(tr!("notes.already_deleted"));
                    return true;
                }
                let follow_up = note.follow_up.and_then(|f| {
                    state
                        .followups
                        .iter()
                        .find(|x| x.id == f)
                        .map(|x: &FollowUp| (x.text.clone(), x.due.to_string()))
                });
                let children = self.child_names(&note.children);
                let editor = NoteEditor::edit(&note, children, follow_up);
                self.push(Screen::NoteEditor(Box::new(editor)));
            }
            _ => return false,
        }
        true
    }

    fn confirm_delete(&mut self) {
        let Screen::Child(state) = &mut self.screen else {
            return;
        };
        let Some(reason) = state
            .timeline
            .deleting
            .as_ref()
            .map(|t| t.lines().join(" "))
        else {
            return;
        };
        let Some(id) = state.timeline.selected_index().map(|i| state.notes[i].id) else {
            return;
        };
        let deleted = self.write_as_user(|w| w.delete_note(id, &reason));
        if self.report(deleted).is_some() {
            if let Screen::Child(state) = &mut self.screen {
                state.timeline.deleting = None;
            }
            self.refresh();
            self.set_status(tr!("notes.deleted"));
        }
    }

    pub fn show_note_search(&mut self) {
        if self.user.is_none() {
            return;
        }
        let state = self.read_as_user(NoteSearchState::load);
        if let Some(state) = self.report(state) {
            self.push(Screen::NoteSearch(Box::new(state)));
        }
    }

    pub(super) fn note_search_action(&mut self, action: Action) {
        let Screen::NoteSearch(state) = &mut self.screen else {
            return;
        };
        match action {
            Action::Back | Action::Cancel => self.go_back(),
            Action::Open => {
                let Some((child, note)) = state
                    .selected_note()
                    .and_then(|n| n.children.first().map(|c| (*c, n.id)))
                else {
                    return;
                };
                self.open_child(child);
                self.select_note(note);
            }
            other => state.list_action(other),
        }
    }

    /// Shows the timeline with `note` selected (after opening a child from a search hit).
    fn select_note(&mut self, note: NoteId) {
        if let Screen::Child(state) = &mut self.screen {
            state.tab = ChildTab::Timeline;
            if let Some(pos) = state
                .timeline
                .visible
                .iter()
                .position(|i| state.notes[*i].id == note)
            {
                state.timeline.selected = pos;
            }
        }
    }
}
