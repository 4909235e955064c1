//! The app's side of contact notes: opening the editor from a child, This week or a group
//! picked in the caseload; saving, cancelling, drafts on a timer and after a crash; editing
//! and deleting from the timeline; the "all my notes" search screen.

use super::note_editor::{Draft, NoteEditor};
use super::timeline::NoteSearchState;
use super::{App, ChildState, ChildTab, Cx, Effect, Handback, Screen};
use crate::action::Action;
use crate::model::{ChildId, FollowUp, Timestamp};
use crate::store::DraftOf;
use crate::tr;
use std::time::Instant;

impl App {
    /// Now as the app sees it: today's date (fixed in tests) at the clock's time of day.
    pub fn now(&self) -> Timestamp {
        super::screen::now_at(self.today, self.clock_time, self.store.clock())
    }

    /// `new_note`: for the child on screen, the child selected on This week, or the children
    /// marked in the caseload (a group session) — else the selected one.
    pub fn new_note(&mut self) {
        let children = self.screen.component().note_children();
        if children.is_empty() {
            self.set_status(tr!("notes.choose_child"));
            return;
        }
        let editor = NoteEditor::new(children, self.now());
        self.push(Screen::NoteEditor(Box::new(editor)));
    }

    /// Called by the event loop after each event and when it waited without one.
    pub fn tick(&mut self) {
        self.poll_work();
        self.follow_the_day();
        let now = self.store.clock().monotonic();
        self.tick_at(now);
        self.lock_if_idle(now);
    }

    /// The school's day moves on while the app stays open (overnight, locked or not): `today`
    /// follows the store's clock forward, and the screen shown is read again for the new day,
    /// so a note saved after midnight is dated that day and This week is the new day's.
    fn follow_the_day(&mut self) {
        let day = self.store.clock().today();
        if day > self.today {
            self.today = day;
            self.refresh();
        }
    }

    /// Writes the open editor's draft (a note, or a reply to a letter) once its last change is
    /// old enough at `now`.
    pub fn tick_at(&mut self, now: Instant) {
        let (screen, mut cx) = self.parts();
        screen.component_mut().write_draft(&mut cx, Some(now));
    }

    /// Whether unsaved typing waits to be written as a draft (the event loop polls sooner).
    pub fn draft_pending(&self) -> bool {
        self.screen.component().draft_pending()
    }

    /// Writes the open editor's draft (a note or a reply) now, whatever its age (before
    /// quitting).
    pub(super) fn flush_draft(&mut self) {
        let (screen, mut cx) = self.parts();
        screen.component_mut().write_draft(&mut cx, None);
    }

    /// After login: a draft left by a crash, a kill or a power cut opens in the editor again.
    /// Returns whether it did.
    pub(super) fn offer_draft(&mut self) -> bool {
        // Each person has their own draft (`DraftOf::Note`), so two teachers sharing a
        // computer never see each other's unsaved text.
        if self.user.is_none() {
            return false;
        }
        let found = self.read_as_user(|r| r.draft_of(DraftOf::Note));
        let Some(Some(bytes)) = self.report(found) else {
            return false;
        };
        let Ok(draft) = serde_json::from_slice::<Draft>(&bytes) else {
            tracing::warn!("an unreadable note draft was left as it is");
            return false;
        };
        let ids: Vec<ChildId> = draft.children.iter().map(|c| ChildId(*c)).collect();
        let (_, cx) = self.parts();
        let children = cx.child_names(&ids);
        let editor = NoteEditor::restored(&draft, children);
        self.push(Screen::NoteEditor(Box::new(editor)));
        self.set_status(tr!("notes.draft_restored"));
        true
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
}

impl NoteEditor {
    pub(super) fn handle_action(&mut self, action: Action, cx: &mut Cx) -> Effect {
        match action {
            Action::Save => self.save(cx),
            Action::Cancel | Action::Back => self.cancel(cx),
            other => {
                self.action(other, Instant::now());
                Effect::Stay
            }
        }
    }

    /// One transaction: the note (and its follow-up), the audit event, the draft cleared.
    fn save(&mut self, cx: &mut Cx) -> Effect {
        let now = cx.now();
        if cx.user.is_none() {
            return Effect::Stay;
        }
        let input = match self.validated(now) {
            Ok(input) => input,
            Err(problem) => {
                cx.set_error(problem);
                return Effect::Stay;
            }
        };
        let editing = self.editing;
        let count = input.children.len();
        let saved = cx.write_as_user(|w| {
            let note = match editing {
                Some(id) => w.revise_note(id, input)?,
                None => w.add_note(input)?,
            };
            w.clear_draft(DraftOf::Note)?;
            Ok(note)
        });
        let Some(note) = cx.report(saved) else {
            return Effect::Stay;
        };
        let kind = crate::labels::note_kind(note.kind);
        cx.set_status(if editing.is_some() {
            tr!("notes.updated", kind = kind)
        } else {
            crate::trn!("notes.saved", count = count, kind = kind)
        });
        Effect::BackWith(Handback::NoteSaved(note.id))
    }

    /// Esc: leave at once when nothing was typed; else ask, and a second Esc discards the
    /// typing and its draft.
    fn cancel(&mut self, cx: &mut Cx) -> Effect {
        if self.is_changed() && !self.confirm_discard {
            self.confirm_discard = true;
            cx.set_status(tr!("notes.discard_confirm"));
            return Effect::Stay;
        }
        if cx.user.is_some() {
            let cleared = cx.write_as_user(|w| w.clear_draft(DraftOf::Note));
            cx.report(cleared);
        }
        cx.set_status(tr!("notes.discarded"));
        Effect::Back
    }

    /// Writes the typing as a draft when one is due at `due` (or at once, `None`).
    pub(super) fn keep_draft(&mut self, cx: &mut Cx, due: Option<Instant>) {
        let draft = match due {
            Some(now) => self.draft_due(now),
            None => self.last_edit.is_some().then(|| self.draft()),
        };
        let (Some(draft), Some(_)) = (draft, cx.user) else {
            return;
        };
        let bytes = match serde_json::to_vec(&draft) {
            Ok(b) => b,
            Err(e) => {
                cx.set_error(tr!("notes.draft_failed", detail = e.to_string()));
                return;
            }
        };
        let written = cx.write_as_user(|w| w.save_draft(DraftOf::Note, &bytes));
        if cx.report(written).is_some() {
            self.last_edit = None;
            self.draft_kept = true;
        }
    }
}

/// Timeline actions on the child's archive; `Pass` when the action is not one of them.
pub(super) fn timeline_action(state: &mut ChildState, action: Action, cx: &mut Cx) -> Effect {
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
        Action::Open if state.timeline.deleting.is_some() => return confirm_delete(state, cx),
        Action::DeleteNote if state.tab == ChildTab::Timeline => {
            match state.timeline.selected_index().map(|i| &state.notes[i]) {
                Some(n) if n.is_deleted() => cx.set_status(tr!("notes.already_deleted")),
                Some(_) => {
                    state.timeline.deleting = Some(Default::default());
                    cx.set_status(tr!("notes.delete_prompt"));
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
                return Effect::Stay;
            };
            if note.is_deleted() {
                cx.set_status(tr!("notes.already_deleted"));
                return Effect::Stay;
            }
            let follow_up = note.follow_up.and_then(|f| {
                state
                    .followups
                    .iter()
                    .find(|x| x.id == f)
                    .map(|x: &FollowUp| (x.text.clone(), x.due.to_string()))
            });
            let children = cx.child_names(&note.children);
            let editor = NoteEditor::edit(&note, children, follow_up);
            return Effect::Push(Screen::NoteEditor(Box::new(editor)));
        }
        _ => return Effect::Pass,
    }
    Effect::Stay
}

fn confirm_delete(state: &mut ChildState, cx: &mut Cx) -> Effect {
    let Some(reason) = state
        .timeline
        .deleting
        .as_ref()
        .map(|t| t.lines().join(" "))
    else {
        return Effect::Stay;
    };
    let Some(id) = state.timeline.selected_index().map(|i| state.notes[i].id) else {
        return Effect::Stay;
    };
    let deleted = cx.write_as_user(|w| w.delete_note(id, &reason));
    if cx.report(deleted).is_none() {
        return Effect::Stay;
    }
    state.timeline.deleting = None;
    cx.set_status(tr!("notes.deleted"));
    Effect::Refresh
}

impl NoteSearchState {
    pub(super) fn handle_action(&mut self, action: Action, cx: &mut Cx) -> Effect {
        match action {
            Action::Back | Action::Cancel => Effect::Back,
            Action::Open => {
                let Some((child, note)) = self
                    .selected_note()
                    .and_then(|n| n.children.first().map(|c| (*c, n.id)))
                else {
                    return Effect::Stay;
                };
                let Some(mut state) = cx.open_child(child) else {
                    return Effect::Stay;
                };
                // The timeline, with the note found selected.
                state.tab = ChildTab::Timeline;
                if let Some(pos) = state
                    .timeline
                    .visible
                    .iter()
                    .position(|i| state.notes[*i].id == note)
                {
                    state.timeline.selected = pos;
                }
                Effect::Push(Screen::Child(Box::new(state)))
            }
            other => {
                self.list_action(other);
                Effect::Stay
            }
        }
    }
}
