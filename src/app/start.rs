//! The start screen: choose who you are, then give your passphrase; on an empty store, a
//! welcome that opens a demo store (a separate file, so the real one stays clean) or creates
//! the first coordinator with theirs. After an idle lock it opens on the same person's
//! passphrase.

use super::{App, Screen};
use crate::action::Action;
use crate::model::{Counselor, Role};
use crate::store::{Encryption, Passphrase, Store};
use crate::tr;
use ratatui_textarea::TextArea;

pub struct StartState {
    pub counselors: Vec<Counselor>,
    pub selected: usize,
    pub welcome: Option<Welcome>,
    /// Asking for a passphrase (after a name was chosen), masked.
    pub ask: Option<Ask>,
}

/// A passphrase being typed on the start screen.
pub struct Ask {
    /// Whose it is (shown, and unlocked or created).
    pub name: String,
    pub purpose: AskPurpose,
    pub input: TextArea<'static>,
    /// A new passphrase's first typing, while it is typed again.
    pub first: Option<Passphrase>,
    /// The current passphrase, when changing one's own.
    pub current: Option<Passphrase>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AskPurpose {
    /// Open the encrypted store as this person.
    Unlock,
    /// The first coordinator of an empty store chooses one (which encrypts the store).
    Create,
    /// A coordinator encrypts a store made before encryption.
    Encrypt,
    /// Someone logged in changes their own: current, then the new one twice.
    Change,
}

impl Ask {
    pub fn new(name: &str, purpose: AskPurpose) -> Ask {
        Ask {
            name: name.trim().to_string(),
            purpose,
            input: TextArea::default(),
            first: None,
            current: None,
        }
    }

    /// The typed passphrase, taken out of the input (which is cleared).
    pub(super) fn take(&mut self) -> Passphrase {
        let typed = Passphrase::new(self.input.lines().concat());
        self.input = TextArea::default();
        typed
    }
}

pub struct Welcome {
    /// 0: open a demo store; 1: create the first coordinator.
    pub choice: usize,
    /// `true` while the coordinator's name is being typed.
    pub naming: bool,
    pub name: TextArea<'static>,
}

impl StartState {
    pub fn empty() -> StartState {
        StartState {
            counselors: Vec::new(),
            selected: 0,
            welcome: None,
            ask: None,
        }
    }

    /// The start screen for `staff` (names and roles only: `Store::staff`), before anyone
    /// has chosen themselves.
    pub fn load(staff: Vec<Counselor>) -> StartState {
        let mut counselors: Vec<Counselor> = staff.into_iter().filter(|c| c.active).collect();
        // Coordinators first, then by name: the order people look for themselves in.
        counselors.sort_by(|a, b| b.role.cmp(&a.role).then_with(|| a.name.cmp(&b.name)));
        let welcome = counselors.is_empty().then(|| Welcome {
            choice: 0,
            naming: false,
            name: TextArea::default(),
        });
        StartState {
            counselors,
            selected: 0,
            welcome,
            ask: None,
        }
    }

    pub fn focused_input(&mut self) -> Option<&mut TextArea<'static>> {
        if let Some(ask) = &mut self.ask {
            return Some(&mut ask.input);
        }
        self.welcome
            .as_mut()
            .filter(|w| w.naming)
            .map(|w| &mut w.name)
    }

    pub fn select(&mut self, row: usize) {
        match &mut self.welcome {
            Some(w) if !w.naming => w.choice = row.min(1),
            Some(_) => {}
            None => self.selected = row.min(self.counselors.len().saturating_sub(1)),
        }
    }

    fn step(&mut self, delta: isize) {
        let len = if self.welcome.is_some() {
            2
        } else {
            self.counselors.len()
        };
        let current = self.welcome.as_ref().map_or(self.selected, |w| w.choice);
        let next = current
            .saturating_add_signed(delta)
            .min(len.saturating_sub(1));
        self.select(next);
    }
}

impl App {
    pub(super) fn start_action(&mut self, action: Action) {
        let Screen::Start(state) = &mut self.screen else {
            return;
        };
        if state.ask.is_some() {
            match action {
                Action::Back | Action::Cancel => state.ask = None,
                Action::Open | Action::Save => self.answer_ask(),
                _ => {}
            }
            return;
        }
        match action {
            Action::SelectNext => state.step(1),
            Action::SelectPrev => state.step(-1),
            Action::SelectFirst => state.select(0),
            Action::SelectLast => state.step(isize::MAX),
            Action::Back | Action::Cancel => {
                if let Some(w) = &mut state.welcome {
                    w.naming = false;
                }
            }
            Action::Open | Action::Save => match &mut state.welcome {
                Some(w) if w.choice == 0 => self.open_demo(),
                Some(w) if !w.naming => w.naming = true,
                Some(w) => {
                    let name = w.name.lines().concat();
                    if name.trim().is_empty() {
                        self.set_error(tr!("store.counselor_needs_name"));
                    } else {
                        state.ask = Some(Ask::new(&name, AskPurpose::Create));
                    }
                }
                None => {
                    if let Some(who) = state.counselors.get(state.selected).cloned() {
                        self.choose(who);
                    }
                }
            },
            _ => {}
        }
    }

    /// Someone chose themselves: their passphrase is asked, unless the store is a demo.
    fn choose(&mut self, who: Counselor) {
        let purpose = match self.store.encryption() {
            Encryption::Sealed => AskPurpose::Unlock,
            Encryption::Unencrypted if who.role == Role::Coordinator => AskPurpose::Encrypt,
            Encryption::Unencrypted => {
                self.set_error(crate::store::StoreError::NotEncrypted.to_string());
                return;
            }
            Encryption::Demo | Encryption::Empty => {
                let session = self.store.session(&who).map(|s| s.who().clone());
                if let Some(who) = self.report(session) {
                    self.login(who);
                }
                return;
            }
        };
        self.ask_passphrase(&who.name, purpose);
    }

    /// The start screen, asking `name` for their passphrase (after an idle lock, too).
    pub(super) fn ask_passphrase(&mut self, name: &str, purpose: AskPurpose) {
        if let Screen::Start(state) = &mut self.screen {
            state.ask = Some(Ask::new(name, purpose));
        }
    }

    /// Enter on the passphrase: unlock, or take a new passphrase's first or second typing.
    fn answer_ask(&mut self) {
        let Screen::Start(state) = &mut self.screen else {
            return;
        };
        let Some(ask) = &mut state.ask else {
            return;
        };
        let typed = ask.take();
        let name = ask.name.clone();
        let purpose = ask.purpose;
        if purpose != AskPurpose::Unlock {
            match ask.first.take() {
                None => {
                    if let Some(problem) = typed.problem() {
                        self.set_error(problem);
                    } else {
                        ask.first = Some(typed);
                        self.status = None;
                    }
                    return;
                }
                Some(first) if !first.same_as(&typed) => {
                    self.set_error(tr!("privacy.passphrases_differ"));
                    return;
                }
                Some(_) => {}
            }
        }
        let who = match purpose {
            AskPurpose::Unlock => self
                .store
                .unlock(&name, &typed)
                .map(|session| session.who().clone()),
            AskPurpose::Create => {
                let actor = self.actor();
                self.store
                    .bootstrap(&actor, &name, Role::Coordinator, Vec::new(), &typed)
            }
            AskPurpose::Change => return,
            AskPurpose::Encrypt => self.store.encrypt(&name, &typed).map(|(backup, who)| {
                self.warnings
                    .push(tr!("privacy.encrypt_backup", path = backup.display()));
                who
            }),
        };
        if let Some(who) = self.report(who) {
            self.login(who);
            match purpose {
                AskPurpose::Create => self.set_status(tr!("ui.start.created", name = name)),
                AskPurpose::Encrypt => self.set_status(tr!("privacy.encrypted", name = name)),
                AskPurpose::Unlock | AskPurpose::Change => {}
            }
        }
    }

    /// Switches to the demo store beside the real one, filling it on first use.
    fn open_demo(&mut self) {
        let path = self.demo_path.clone();
        let opened = Store::open(&path).and_then(|store| {
            let empty = !store.has_staff()?;
            if empty {
                let options = crate::demo::DemoOptions {
                    today: self.today,
                    ..Default::default()
                };
                let actor = crate::model::Actor::CommandLine(String::new());
                crate::demo::fill(&store, None, &actor, &options, &mut |_, _| {})?;
            }
            Ok(store)
        });
        if let Some(store) = self.report(opened) {
            self.store = store;
            self.reload_start();
            self.set_status(tr!("ui.start.demo_opened", path = path.display()));
        }
    }
}

impl super::Component for StartState {
    fn context(&self) -> crate::keymap::Context {
        crate::keymap::Context::Start
    }
    fn focused_input(&mut self) -> Option<&mut TextArea<'static>> {
        StartState::focused_input(self)
    }
    fn select(&mut self, row: usize) {
        StartState::select(self, row);
    }
}

/// Changing one's own passphrase.
impl super::Component for Ask {
    fn context(&self) -> crate::keymap::Context {
        crate::keymap::Context::Prompt
    }
    fn focused_input(&mut self) -> Option<&mut TextArea<'static>> {
        Some(&mut self.input)
    }
}
