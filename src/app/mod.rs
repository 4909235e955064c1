//! The app's state and its one entry point for change: keys and mouse become `Action`s (or
//! text for a focused input), and `dispatch` carries an action out. Nothing here draws; the
//! `ui` module renders an `&App`. Screens get their data from the store through the loaders
//! in this module's children, never by themselves.

mod absence;
mod absence_form;
mod absence_report;
mod admin;
mod admin_children;
mod admin_dialog;
mod admin_roster;
mod audit;
mod care;
mod care_flow;
mod caseload;
mod child;
mod events;
pub mod incident_form;
mod incident_view;
mod input;
mod intake;
mod letter;
mod list;
mod lock;
mod mailbox;
mod mailbox_actions;
pub mod mood_form;
mod note_editor;
mod notes_flow;
mod profile_form;
mod prompt;
mod reports;
mod screen;
mod start;
mod this_week;
mod timeline;

pub use absence::{AbsenceRow, AbsenceState};
pub use absence_form::{AbsenceField, AbsenceForm, AbsencePurpose};
pub use admin::{AdminState, AdminTab, StaffRow};
pub use admin_children::{ChildFilter, ChildList, ChildRow};
pub use admin_dialog::{ClassPick, Dialog, HandoverField, HandoverForm, StaffField, StaffForm};
pub use admin_roster::{PathInput, RosterPane, RosterStep};
pub use audit::{AuditAsk, AuditPrompt, AuditState};
pub use caseload::{CaseloadRow, CaseloadState, RowMatch};
pub use child::{ChildState, ChildTab};
pub use events::{handle_event, on_key as handle_key};
pub use incident_form::{IncidentField, IncidentForm};
pub use incident_view::IncidentView;
pub use intake::{IntakeField, IntakeState, TakenIn};
pub use letter::LetterState;
pub use mailbox::{MailboxRow, MailboxSection, MailboxState, ReasonPrompt};
pub use mood_form::{MoodField, MoodForm};
pub use note_editor::{DRAFT_DELAY, Draft, EditorField, InputKind, NoteEditor};
pub use profile_form::{FormField, ProfileForm, StatusChange};
pub use prompt::{Prompt, PromptPurpose};
pub use reports::{Breakdown, RangePicker, ReportTab, ReportsState};
pub use screen::{Component, Cx, Dirs, Effect, Handback};
pub use start::{Ask, AskPurpose, StartState, Welcome};
pub use this_week::ThisWeekState;
pub use timeline::{NoteQuery, NoteSearchState, Timeline, filter_notes};

use crate::action::Action;
use crate::config::Config;
use crate::keymap::{Context, Keymap};
use crate::model::{Actor, Counselor};
use crate::store::{SessionReader, Store, StoreError};
use crate::tr;
use chrono::NaiveDate;
use crossterm::event::KeyEvent;
use ratatui::layout::Rect;
use std::path::PathBuf;

/// The one list of the screens, each with the state it holds: `with_screens!(m)` calls the
/// macro `m` with it. `Screen` and `Screen::component` here and `ui::drawn` are made from it,
/// so a screen is added in this one place (its state a `Component` in its file here, a
/// `ui::Drawn` in its file in `ui`).
macro_rules! with_screens {
    ($m:ident) => {
        $m! {
            Start(StartState),
            ThisWeek(ThisWeekState),
            Caseload(CaseloadState),
            Child(ChildState),
            ProfileForm(ProfileForm),
            MoodForm(MoodForm),
            IncidentForm(IncidentForm),
            Incident(IncidentView),
            Absence(AbsenceState),
            AbsenceForm(AbsenceForm),
            Prompt(Prompt),
            Mailbox(MailboxState),
            Letter(LetterState),
            Intake(IntakeState),
            NoteEditor(NoteEditor),
            NoteSearch(NoteSearchState),
            /// Changing one's own passphrase.
            Passphrase(Ask),
            Audit(AuditState),
            Reports(ReportsState),
            Admin(AdminState),
        }
    };
}
pub(crate) use with_screens;

/// `Screen` from the list: each state boxed (the enum stays small whatever a screen holds).
macro_rules! screen_enum {
    ($($(#[$doc:meta])* $screen:ident($state:ty)),* $(,)?) => {
        /// The screen shown (or one under it): which one, with its state.
        pub enum Screen {
            $($(#[$doc])* $screen(Box<$state>)),*
        }

        impl Screen {
            /// The screen shown, as the app sees every screen.
            pub fn component(&self) -> &dyn Component {
                match self {
                    $(Screen::$screen(s) => &**s),*
                }
            }

            pub fn component_mut(&mut self) -> &mut dyn Component {
                match self {
                    $(Screen::$screen(s) => &mut **s),*
                }
            }
        }
    };
}
with_screens!(screen_enum);

impl Screen {
    pub fn context(&self) -> Context {
        self.component().context()
    }
}

/// The app's own moves a screen may ask for (`Effect::Go`): they reach beyond one screen.
pub enum Go {
    /// The start screen let this person in (and may have something to say after).
    LogIn {
        who: Counselor,
        said: Option<String>,
    },
    /// A coordinator gave a passphrase to a store made before encryption: it is sealed, and
    /// they are let in.
    Encrypt {
        name: String,
        passphrase: crate::store::Passphrase,
    },
    /// The welcome screen opened another store (the demo store): the app works in it now.
    OpenStore {
        store: Box<Store>,
        said: String,
    },
    OpenChild(crate::model::ChildId),
    NewNote,
    SearchNotes,
    Mailbox,
    /// The Admin screen's assignments, at the children with no counselor (this one selected).
    AssignFrom(Option<crate::model::ChildId>),
}

/// A one-line message at the bottom of the screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Status {
    pub text: String,
    pub is_error: bool,
}

/// Where the last frame drew clickable lists, so a mouse click can find its row.
#[derive(Clone, Copy, Debug, Default)]
pub struct HitAreas {
    /// The rows of the current screen's main list (first row's area and the list's offset).
    pub list: Option<(Rect, usize)>,
}

pub struct App {
    pub store: Store,
    pub config: Config,
    pub keymap: Keymap,
    /// Problems found in the user's keymap or config file, shown until dismissed.
    pub warnings: Vec<String>,
    pub today: NaiveDate,
    pub user: Option<Counselor>,
    pub screen: Screen,
    back_stack: Vec<Screen>,
    /// `Some(scroll)` while the help overlay is open.
    pub help: Option<u16>,
    pub status: Option<Status>,
    pending_keys: Vec<KeyEvent>,
    pub quit: bool,
    /// The hide key blanked the screen; the next key shows it again.
    pub hidden: bool,
    /// A quit key was pressed once in an editor; a second press quits.
    quit_asked: bool,
    /// The last key, click or paste: the idle lock counts from it.
    pub last_activity: std::time::Instant,
    pub hit_areas: HitAreas,
    /// Where the welcome screen builds a demo store, away from the real one.
    pub demo_path: PathBuf,
    /// The time of day `now()` uses instead of the clock (tests), like `today` for the date.
    pub clock_time: Option<chrono::NaiveTime>,
    /// Where `print` in the mailbox writes the week's replies.
    pub replies_dir: PathBuf,
    /// Where the audit screen's export writes.
    pub exports_dir: PathBuf,
    /// Where the Reports screen writes the reports it exports.
    pub reports_dir: PathBuf,
    /// The coordinator's caseload, being read on a worker since login (`CaseloadState::prepare`).
    caseload_ahead: Option<CaseloadAhead>,
}

type CaseloadAhead =
    std::thread::JoinHandle<(crate::store::Stamp, Result<CaseloadState, StoreError>)>;

impl App {
    /// Opens on the start screen, or straight on This week when `user` names someone.
    pub fn new(
        store: Store,
        config: Config,
        keymap: Keymap,
        warnings: Vec<String>,
        today: NaiveDate,
    ) -> App {
        // The demo store and printed replies go beside the store in use, never into the
        // default data folder when `--db` names another store.
        let beside = store
            .path()
            .parent()
            .map(std::path::Path::to_path_buf)
            .unwrap_or_default();
        let demo_path = beside.join("demo.redb");
        let replies_dir = beside.join("replies");
        let exports_dir = beside.join("exports");
        let reports_dir = beside.join("reports");
        let started = store.clock().monotonic();
        let mut app = App {
            store,
            config,
            keymap,
            warnings,
            today,
            user: None,
            screen: Screen::Start(Box::new(StartState::empty())),
            back_stack: Vec::new(),
            help: None,
            status: None,
            pending_keys: Vec::new(),
            quit: false,
            hidden: false,
            quit_asked: false,
            last_activity: started,
            hit_areas: HitAreas::default(),
            demo_path,
            clock_time: None,
            replies_dir,
            exports_dir,
            reports_dir,
            caseload_ahead: None,
        };
        app.reload_start();
        app
    }

    /// Logs in as `name` (the `--user` option), with `passphrase` when the store is
    /// encrypted; without one the app opens on that person's passphrase prompt.
    pub fn login_by_name(
        &mut self,
        name: &str,
        passphrase: Option<&crate::store::Passphrase>,
    ) -> Result<(), StoreError> {
        // An unknown or deactivated name is refused (and audited) by the store.
        let who = self.store.staff_named(name)?;
        let who = match (self.store.encryption(), passphrase) {
            (crate::store::Encryption::Sealed, Some(p)) => {
                self.store.unlock(name, p)?.who().clone()
            }
            (crate::store::Encryption::Sealed, None) => {
                self.ask_passphrase(name, AskPurpose::Unlock);
                return Ok(());
            }
            (crate::store::Encryption::Unencrypted, _) => return Err(StoreError::NotEncrypted),
            _ => self.store.session(&who)?.who().clone(),
        };
        self.login(who);
        Ok(())
    }

    pub fn login(&mut self, who: Counselor) {
        self.settle_caseload_ahead();
        let coordinator = who.role == crate::model::Role::Coordinator;
        self.user = Some(who);
        self.back_stack.clear();
        self.show_this_week();
        // The whole school's caseload is read while This week is on screen: a county's takes
        // a quarter of a second, and its search index as long again.
        if coordinator {
            self.caseload_ahead = self
                .user
                .as_ref()
                .and_then(|u| self.store.session(u).and_then(|s| s.snapshot()).ok())
                .map(|snapshot| CaseloadState::prepare(snapshot, self.config.clone(), self.today));
        }
        // A coordinator with no roster yet starts where the school is set up.
        let no_roster = self.read_as_user(|r| {
            Ok(r.may(crate::domain::access::Operation::ImportRoster)?
                && r.children_on_roster()? == 0)
        });
        if no_roster.unwrap_or(false) {
            self.lead_to_roster();
            return;
        }
        // Unsaved typing comes first; otherwise, on Friday afternoon the box is opened.
        let draft_offered = self.offer_draft();
        if !draft_offered && chrono::Datelike::weekday(&self.today) == chrono::Weekday::Fri {
            self.show_mailbox();
        }
    }

    /// Reads as the person logged in, through their store session: lists are cut to their
    /// scope and a child outside it is refused, whatever the screen asked for.
    pub(crate) fn read_as_user<T>(
        &self,
        f: impl FnOnce(&crate::store::SessionReader) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        screen::read_as(&self.store, self.user.as_ref(), f)
    }

    pub fn actor(&self) -> Actor {
        match &self.user {
            Some(u) => Actor::Counselor(u.id),
            None => Actor::CommandLine(String::new()),
        }
    }

    pub fn set_status(&mut self, text: String) {
        self.status = Some(Status {
            text,
            is_error: false,
        });
    }

    pub fn set_error(&mut self, text: String) {
        // The sentence quotes what was typed (a note's text in the When field): the log says
        // only that one was shown (`report` adds the kind of a store error).
        tracing::warn!("an error was shown to the user");
        self.status = Some(Status {
            text,
            is_error: true,
        });
    }

    /// Shows a store error as a sentence; the screen stays as it was.
    fn report<T>(&mut self, result: Result<T, StoreError>) -> Option<T> {
        match result {
            Ok(v) => Some(v),
            Err(e) => {
                tracing::warn!(kind = %crate::logging::kind(&e), "store error");
                self.set_error(e.to_string());
                None
            }
        }
    }

    fn push(&mut self, screen: Screen) {
        let previous = std::mem::replace(&mut self.screen, screen);
        self.back_stack.push(previous);
    }

    fn reload_start(&mut self) {
        let state = self.store.staff().map(StartState::load);
        if let Some(state) = self.report(state) {
            self.screen = Screen::Start(Box::new(state));
        }
    }

    /// Opens a top-level screen read for the person logged in, in place of the one shown;
    /// a refusal (the audit, Admin) is said on the status line.
    fn show_top(
        &mut self,
        load: impl FnOnce(&SessionReader, &Config, NaiveDate) -> Result<Screen, StoreError>,
    ) {
        if self.user.is_none() {
            return;
        }
        let screen = self.read_as_user(|r| load(r, &self.config, self.today));
        if let Some(screen) = self.report(screen) {
            self.replace_top(screen);
        }
    }

    pub fn show_this_week(&mut self) {
        self.show_top(|r, config, today| {
            let state = ThisWeekState::load(r, config, today)?;
            Ok(Screen::ThisWeek(Box::new(state)))
        });
    }

    pub fn show_caseload(&mut self) {
        if let Some(state) = self.take_caseload_ahead() {
            self.replace_top(Screen::Caseload(Box::new(state)));
            return;
        }
        self.show_top(|r, config, today| {
            let state = CaseloadState::load(r, config, today)?;
            Ok(Screen::Caseload(Box::new(state)))
        });
    }

    pub fn show_mailbox(&mut self) {
        self.show_top(|r, config, today| {
            let state = MailboxState::load(r, config, today)?;
            Ok(Screen::Mailbox(Box::new(state)))
        });
    }

    pub fn show_audit(&mut self) {
        self.show_top(|r, _, _| Ok(Screen::Audit(Box::new(AuditState::load(r)?))));
    }

    fn show_reports(&mut self) {
        self.show_top(|r, config, today| {
            let state = ReportsState::new(r, config, today)?;
            Ok(Screen::Reports(Box::new(state)))
        });
    }

    /// The caseload read ahead since login, if it is still what the store holds; taken once.
    fn take_caseload_ahead(&mut self) -> Option<CaseloadState> {
        let ahead = self.caseload_ahead.take()?;
        let (stamp, state) = ahead.join().ok()?;
        match state {
            Ok(state) if stamp.is_current() && self.user.is_some() => Some(state),
            _ => None,
        }
    }

    /// Waits for the caseload being read ahead and lets it go: its read of the file ends
    /// (before the store is closed for its backup, or someone else logs in).
    pub(crate) fn settle_caseload_ahead(&mut self) {
        if let Some(ahead) = self.caseload_ahead.take() {
            let _ = ahead.join();
        }
    }

    /// The top-level screens (This week, Caseload) replace each other instead of piling up.
    /// (The start screen is never under another, so leaving it clears nothing there is.)
    fn replace_top(&mut self, screen: Screen) {
        let top_level = |s: &Screen| s.component().top_level();
        if top_level(&self.screen) {
            self.screen = screen;
            self.back_stack.retain(|s| !top_level(s));
        } else {
            self.back_stack.clear();
            self.screen = screen;
        }
    }

    pub fn open_child(&mut self, child: crate::model::ChildId) {
        let Some(user) = self.user.clone() else {
            return;
        };
        let state = self
            .store
            .session(&user)
            .and_then(|s| ChildState::open(&s, child));
        if let Some(state) = self.report(state) {
            self.push(Screen::Child(Box::new(state)));
        }
    }

    /// Opens an incident above the screen shown (the look is audited).
    pub fn open_incident(&mut self, id: crate::model::IncidentId) {
        let (_, mut cx) = self.parts();
        let effect = cx.open_incident(id);
        self.apply(effect);
    }

    fn go_back(&mut self) {
        if let Some(previous) = self.back_stack.pop() {
            self.screen = previous;
            self.refresh();
        } else {
            // Back from a top-level screen with nothing under it goes to This week.
            let shown = self.screen.component();
            if shown.top_level() && shown.tab() != Some(Action::GotoThisWeek) {
                self.show_this_week();
            }
        }
    }

    /// Reloads the current screen's data (after a save, or coming back to it).
    pub fn refresh(&mut self) {
        let (screen, mut cx) = self.parts();
        screen.component_mut().reload(&mut cx);
    }

    /// Carries out one action. Every key press ends here or in a focused text input.
    pub fn dispatch(&mut self, action: Action) {
        self.status = None;
        // ctrl-c in an editor asks first: teachers on Windows press it to copy.
        let asked = std::mem::take(&mut self.quit_asked);
        if action == Action::Quit && !asked && self.editing_text() {
            // The typing is safe whatever comes next.
            self.flush_draft();
            self.quit_asked = true;
            self.set_status(tr!("ui.quit_from_editor"));
            return;
        }
        if action == Action::Quit && !asked && self.form_changed() {
            self.quit_asked = true;
            let key = self.keymap.key_for_in(&self.contexts(), Action::Quit);
            self.set_status(tr!("ui.quit_from_form", key = key.unwrap_or_default()));
            return;
        }
        if self.help.is_some() {
            match action {
                Action::ToggleHelp | Action::Back | Action::Cancel => self.help = None,
                Action::Quit => {
                    self.flush_draft();
                    self.quit = true;
                }
                Action::SelectNext => self.help = self.help.map(|s| s.saturating_add(1)),
                Action::SelectPrev => self.help = self.help.map(|s| s.saturating_sub(1)),
                Action::PageDown => self.help = self.help.map(|s| s.saturating_add(10)),
                Action::PageUp => self.help = self.help.map(|s| s.saturating_sub(10)),
                Action::SelectFirst => self.help = Some(0),
                _ => {}
            }
            return;
        }
        if self.busy_refuses(action) {
            return;
        }
        match action {
            Action::Quit => {
                self.flush_draft();
                self.quit = true;
            }
            Action::ToggleHelp => self.help = Some(0),
            Action::HideScreen => self.hide(),
            Action::Lock => self.lock(),
            Action::ChangePassphrase if self.user.is_some() => self.show_change_passphrase(),
            Action::GotoThisWeek if self.user.is_some() => self.show_this_week(),
            Action::GotoCaseload if self.user.is_some() => self.show_caseload(),
            Action::GotoMailbox if self.user.is_some() => self.show_mailbox(),
            Action::GotoAudit if self.user.is_some() => self.show_audit(),
            Action::GotoReports if self.user.is_some() => self.show_reports(),
            Action::GotoAdmin if self.user.is_some() => self.show_admin(AdminTab::Staff),
            Action::GotoThisWeek
            | Action::GotoCaseload
            | Action::GotoMailbox
            | Action::GotoReports
            | Action::GotoAdmin
            | Action::GotoAudit => {
                self.set_status(tr!("ui.start.choose_first"));
            }
            _ => self.dispatch_to_screen(action),
        }
    }

    /// The screen shown, and the world it may ask of while it handles an action.
    fn parts(&mut self) -> (&mut Screen, Cx<'_>) {
        let cx = Cx {
            store: &self.store,
            user: self.user.as_ref(),
            config: &self.config,
            keymap: &self.keymap,
            today: self.today,
            clock_time: self.clock_time,
            status: &mut self.status,
            dirs: Dirs {
                demo_path: &self.demo_path,
                replies: &self.replies_dir,
                exports: &self.exports_dir,
                reports: &self.reports_dir,
            },
        };
        (&mut self.screen, cx)
    }

    /// Seals a store made before encryption with `name`'s passphrase (a backup of the plain
    /// one is kept, and said until dismissed), and lets them in.
    fn encrypt(&mut self, name: &str, passphrase: &crate::store::Passphrase) {
        let who = self.store.encrypt(name, passphrase).map(|(backup, who)| {
            self.warnings
                .push(tr!("privacy.encrypt_backup", path = backup.display()));
            who
        });
        if let Some(who) = self.report(who) {
            self.login(who);
            self.set_status(tr!("privacy.encrypted", name = name));
        }
    }

    /// Carries out what a screen answered.
    fn apply(&mut self, effect: Effect) {
        match effect {
            Effect::Stay | Effect::Pass => {}
            Effect::Push(screen) => self.push(screen),
            Effect::Back => self.back_keeping_status(),
            Effect::BackWith(handback) => {
                self.back_keeping_status();
                self.screen.component_mut().take_back(handback);
            }
            Effect::Replace(screen) => self.screen = screen,
            Effect::Refresh => self.refresh(),
            Effect::Quit => {
                self.flush_draft();
                self.quit = true;
            }
            Effect::Go(go) => self.go(go),
        }
    }

    fn go(&mut self, go: Go) {
        match go {
            Go::OpenChild(child) => self.open_child(child),
            Go::NewNote => self.new_note(),
            Go::SearchNotes => self.show_note_search(),
            Go::Mailbox => self.show_mailbox(),
            Go::AssignFrom(child) => self.assign_from_this_week(child),
            Go::LogIn { who, said } => {
                self.login(who);
                if let Some(said) = said {
                    self.set_status(said);
                }
            }
            Go::Encrypt { name, passphrase } => self.encrypt(&name, &passphrase),
            Go::OpenStore { store, said } => {
                self.store = *store;
                self.reload_start();
                self.set_status(said);
            }
        }
    }

    /// Back to the screen under this one; what the screen said as it closed ("saved") stays
    /// over what reloading the one below says.
    fn back_keeping_status(&mut self) {
        let said = self.status.take();
        self.go_back();
        if said.is_some() {
            self.status = said;
        }
    }

    fn dispatch_to_screen(&mut self, action: Action) {
        let (screen, mut cx) = self.parts();
        let effect = screen.component_mut().handle(action, &mut cx);
        self.apply(effect);
    }
}
