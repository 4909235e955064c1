//! The shape every screen has (gitui's components, helix's compositor layers): a screen owns
//! its state and answers for it — which keymap tables apply, which text box has the keyboard,
//! what a click or a typed letter does, what an action does — through `Component`. What it
//! asks of the world comes in a `Cx` (the store and the person, the config, today, the status
//! line); what it answers is an `Effect` the app carries out (stay, push, back, replace,
//! quit, or one of the app's own moves). `Screen` holds whichever is shown; `Screen::component`
//! is the one place that tells them apart for the app.

use super::{InputKind, Status};
use crate::action::Action;
use crate::config::Config;
use crate::keymap::{Context, Keymap};
use crate::model::{Actor, ChildId, Counselor, CounselorId, IncidentId, NoteId, Timestamp};
use crate::store::{Session, SessionReader, SessionWriter, Store, StoreError};
use chrono::NaiveDate;
use ratatui_textarea::TextArea;
use std::path::Path;
use std::time::Instant;

/// What a screen is to the app: its keys, its focused input and its actions.
pub trait Component {
    /// The keymap table of this screen (the help overlay's heading, the footer's hints).
    fn context(&self) -> Context;

    /// The keymap tables that apply, most specific first.
    fn contexts(&self) -> Vec<Context> {
        vec![self.context(), Context::Global]
    }

    /// The text input that has the keyboard, if any: it gets printable keys first.
    fn focused_input(&mut self) -> Option<&mut TextArea<'static>> {
        None
    }

    /// How the focused input treats Enter and Up/Down, when the screen says (several lines
    /// take Enter as a new line); `None` for a single line or no input.
    fn focused_input_kind(&self) -> Option<InputKind> {
        None
    }

    /// Whether a text editor has the keyboard (the note, a reply, the letter intake): a quit
    /// key there asks first.
    fn editing_text(&self) -> bool {
        self.focused_input_kind() == Some(InputKind::MultiLine)
    }

    /// A form with something entered and not saved: a quit key asks first.
    fn form_changed(&self) -> bool {
        false
    }

    /// The focused input's text changed (searches run again as the user types).
    fn input_changed(&mut self) {}

    /// The actions the focused choice takes (what a letter typed there is told to use
    /// instead); `None` when the screen does not name its choice fields this way.
    fn choice_actions(&self) -> Option<&'static [Action]> {
        Some(&[])
    }

    /// A click on row `row` of the screen's main list.
    fn select(&mut self, _row: usize) {}

    /// The tab of the title bar this screen belongs to.
    fn tab(&self) -> Option<Action> {
        None
    }

    /// A top-level screen (reached by a tab): such screens replace each other instead of
    /// piling up, and Back with nothing under them goes to This week.
    fn top_level(&self) -> bool {
        false
    }

    /// Carries out one action. `Effect::Pass` leaves it to the app (the global moves).
    fn handle(&mut self, _action: Action, _cx: &mut Cx) -> Effect {
        Effect::Pass
    }

    /// Reloads the screen's data in place (after a save, or coming back to it). A form keeps
    /// what is typed; the Reports keep the figures read for their range.
    fn reload(&mut self, _cx: &mut Cx) {}

    /// Work of the screen runs in the background (a roster preview or import): the event loop
    /// wakes often to show its progress, and only the keys that stop it are taken.
    fn working(&self) -> bool {
        false
    }

    /// Takes in what the background work has done; called on every tick.
    fn poll(&mut self, _cx: &mut Cx) {}

    /// What the screen above handed back as it closed (`Effect::BackWith`).
    fn take_back(&mut self, _handback: Handback) {}

    /// The children a new note is for, from this screen (the one shown, the one selected,
    /// the ones marked).
    fn note_children(&self) -> Vec<(ChildId, String)> {
        Vec::new()
    }

    /// Unsaved typing waits to be written as a draft (the event loop polls sooner).
    fn draft_pending(&self) -> bool {
        false
    }

    /// Writes unsaved typing as a draft: once its last change is old enough at `due`, or at
    /// once when `due` is `None` (before quitting).
    fn write_draft(&mut self, _cx: &mut Cx, _due: Option<Instant>) {}
}

/// What a screen hands to the one under it as it closes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Handback {
    /// The note editor saved this note: the archive shows it selected on the timeline.
    NoteSaved(NoteId),
    /// A reply was saved: the mailbox selects the first of these letters still waiting.
    ReplySaved(Vec<crate::model::LetterId>),
}

/// What a screen answers to an action.
pub enum Effect {
    /// Done here; the screen stays.
    Stay,
    /// Not this screen's: the app carries it out.
    Pass,
    /// Open a screen above this one (Back returns here).
    Push(super::Screen),
    /// Leave this screen for the one under it.
    Back,
    /// Leave this screen, handing something to the one under it.
    BackWith(Handback),
    /// Put a screen in this one's place.
    Replace(super::Screen),
    /// Reload this screen's data (after a save).
    Refresh,
    /// Leave the program.
    Quit,
    /// One of the app's own moves, which reach beyond a screen (log in, open a child…).
    Go(super::Go),
}

/// What a screen may ask of the world while it handles an action: the store through the
/// person's session, the school's settings, the keys, the day, and the status line.
pub struct Cx<'a> {
    pub store: &'a Store,
    pub user: Option<&'a Counselor>,
    pub config: &'a Config,
    pub keymap: &'a Keymap,
    pub today: NaiveDate,
    /// The time of day `now()` uses instead of the clock (tests), like `today` for the date.
    pub clock_time: Option<chrono::NaiveTime>,
    pub status: &'a mut Option<Status>,
    /// Where the welcome screen builds a demo store, the mailbox prints, the audit screen
    /// and the Reports screen export.
    pub dirs: Dirs<'a>,
}

/// The folders beside the store where screens write.
#[derive(Clone, Copy)]
pub struct Dirs<'a> {
    pub demo_path: &'a Path,
    pub replies: &'a Path,
    pub exports: &'a Path,
    pub reports: &'a Path,
}

impl<'a> Cx<'a> {
    /// The person's own session, for what it does itself (the staff, passphrases, a roster
    /// job's thread).
    pub fn session(&self) -> Result<Session<'a>, StoreError> {
        session_of(self.store, self.user)
    }

    /// Reads as the person logged in, through their store session: lists are cut to their
    /// scope and a child outside it is refused, whatever the screen asked for.
    pub fn read_as_user<T>(
        &self,
        f: impl FnOnce(&SessionReader) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        read_as(self.store, self.user, f)
    }

    /// One write transaction as the person logged in: the permission table and their scope
    /// decide, whatever the screen offered.
    pub fn write_as_user<T>(
        &self,
        f: impl FnOnce(&mut SessionWriter) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        write_as(self.store, self.user, f)
    }

    /// Now as the app sees it: today's date (fixed in tests) at the clock's time of day.
    pub fn now(&self) -> Timestamp {
        now_at(self.today, self.clock_time, self.store.clock())
    }

    pub fn user_id(&self) -> Option<CounselorId> {
        self.user.map(|u| u.id)
    }

    /// The children's names as this person may read them (`#id` for one they may not).
    pub fn child_names(&self, ids: &[ChildId]) -> Vec<(ChildId, String)> {
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

    /// A child's archive, opened for the person logged in (the look is audited).
    pub fn open_child(&mut self, child: ChildId) -> Option<super::ChildState> {
        let user = self.user?;
        let state = self
            .store
            .session(user)
            .and_then(|s| super::ChildState::open(&s, child));
        self.report(state)
    }

    /// An incident read for the person logged in, the look recorded in the audit.
    pub fn view_incident(&mut self, id: IncidentId) -> Option<super::IncidentView> {
        let user = self.user?;
        let view = self
            .store
            .session(user)
            .and_then(|s| super::IncidentView::open(&s, id));
        self.report(view)
    }

    /// Opens an incident above the screen shown.
    pub fn open_incident(&mut self, id: IncidentId) -> Effect {
        match self.view_incident(id) {
            Some(view) => Effect::Push(super::Screen::Incident(Box::new(view))),
            None => Effect::Stay,
        }
    }

    pub fn actor(&self) -> Actor {
        match self.user {
            Some(u) => Actor::Counselor(u.id),
            None => Actor::CommandLine(String::new()),
        }
    }

    pub fn set_status(&mut self, text: String) {
        *self.status = Some(Status {
            text,
            is_error: false,
        });
    }

    pub fn set_error(&mut self, text: String) {
        set_error(self.status, text);
    }

    /// Nothing to say: what the last step said is gone.
    pub fn clear_status(&mut self) {
        *self.status = None;
    }

    /// Shows a store error as a sentence; the screen stays as it was.
    pub fn report<T>(&mut self, result: Result<T, StoreError>) -> Option<T> {
        report(self.status, result)
    }
}

fn session_of<'a>(store: &'a Store, user: Option<&Counselor>) -> Result<Session<'a>, StoreError> {
    let user = user.ok_or(StoreError::Refused(crate::model::Refusal::NameYourself))?;
    store.session(user)
}

pub(super) fn read_as<T>(
    store: &Store,
    user: Option<&Counselor>,
    f: impl FnOnce(&SessionReader) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    let session = session_of(store, user)?;
    let reader = session.reader()?;
    f(&reader)
}

pub(super) fn write_as<T>(
    store: &Store,
    user: Option<&Counselor>,
    f: impl FnOnce(&mut SessionWriter) -> Result<T, StoreError>,
) -> Result<T, StoreError> {
    session_of(store, user)?.write(f)
}

pub(super) fn set_error(status: &mut Option<Status>, text: String) {
    // The sentence quotes what was typed (a note's text in the When field): the log says
    // only that one was shown (`report` adds the kind of a store error).
    tracing::warn!("an error was shown to the user");
    *status = Some(Status {
        text,
        is_error: true,
    });
}

pub(super) fn report<T>(status: &mut Option<Status>, result: Result<T, StoreError>) -> Option<T> {
    match result {
        Ok(v) => Some(v),
        Err(e) => {
            tracing::warn!(kind = %crate::logging::kind(&e), "store error");
            set_error(status, e.to_string());
            None
        }
    }
}

/// `today` at `clock_time`, or at the time of day on `clock` (the store's).
pub(super) fn now_at(
    today: NaiveDate,
    clock_time: Option<chrono::NaiveTime>,
    clock: crate::clock::Clock,
) -> Timestamp {
    let time = clock_time.unwrap_or_else(|| clock.now().time());
    today.and_time(time)
}
