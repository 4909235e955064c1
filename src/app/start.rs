//! The start screen: choose who you are, then give your passphrase; on an empty store, a
//! welcome that opens a demo store (a separate file, so the real one stays clean) or creates
//! the first coordinator with theirs. After an idle lock it opens on the same person's
//! passphrase.

use super::{Cx, Effect, Go};
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

impl StartState {
    /// The start screen with `name` asked for their passphrase (at `--user`, after a lock).
    pub(super) fn asking(mut self, name: &str, purpose: AskPurpose) -> StartState {
        self.ask = Some(Ask::new(name, purpose));
        self
    }

    fn handle_action(&mut self, action: Action, cx: &mut Cx) -> Effect {
        if self.ask.is_some() {
            match action {
                Action::Back | Action::Cancel => self.ask = None,
                Action::Open | Action::Save => return self.answer_ask(cx),
                _ => {}
            }
            return Effect::Stay;
        }
        match action {
            Action::SelectNext => self.step(1),
            Action::SelectPrev => self.step(-1),
            Action::SelectFirst => self.select(0),
            Action::SelectLast => self.step(isize::MAX),
            Action::Back | Action::Cancel => {
                if let Some(w) = &mut self.welcome {
                    w.naming = false;
                }
            }
            Action::Open | Action::Save => match &mut self.welcome {
                Some(w) if w.choice == 0 => return open_demo(cx),
                Some(w) if !w.naming => w.naming = true,
                Some(w) => {
                    let name = w.name.lines().concat();
                    if name.trim().is_empty() {
                        cx.set_error(tr!("store.counselor_needs_name"));
                    } else {
                        self.ask = Some(Ask::new(&name, AskPurpose::Create));
                    }
                }
                None => {
                    if let Some(who) = self.counselors.get(self.selected).cloned() {
                        return self.choose(who, cx);
                    }
                }
            },
            _ => {}
        }
        Effect::Stay
    }

    /// Someone chose themselves: their passphrase is asked, unless the store is a demo.
    fn choose(&mut self, who: Counselor, cx: &mut Cx) -> Effect {
        let purpose = match cx.store.encryption() {
            Encryption::Sealed => AskPurpose::Unlock,
            Encryption::Unencrypted if who.role == Role::Coordinator => AskPurpose::Encrypt,
            Encryption::Unencrypted => {
                cx.set_error(crate::store::StoreError::NotEncrypted.to_string());
                return Effect::Stay;
            }
            Encryption::Demo | Encryption::Empty => {
                let session = cx.store.session(&who).map(|s| s.who().clone());
                return match cx.report(session) {
                    Some(who) => Effect::Go(Go::LogIn { who, said: None }),
                    None => Effect::Stay,
                };
            }
        };
        self.ask = Some(Ask::new(&who.name, purpose));
        Effect::Stay
    }

    /// Enter on the passphrase: unlock, or take a new passphrase's first or second typing.
    fn answer_ask(&mut self, cx: &mut Cx) -> Effect {
        let Some(ask) = &mut self.ask else {
            return Effect::Stay;
        };
        let typed = ask.take();
        let name = ask.name.clone();
        let purpose = ask.purpose;
        if purpose != AskPurpose::Unlock {
            match ask.first.take() {
                None => {
                    match cx.store.passphrase_problem(&typed, Some(&name)) {
                        Err(e) => cx.set_error(e.to_string()),
                        Ok(Some(problem)) => {
                            cx.set_error(crate::labels::refusals::refusal(&problem));
                        }
                        Ok(None) => {
                            ask.first = Some(typed);
                            cx.clear_status();
                        }
                    }
                    return Effect::Stay;
                }
                Some(first) if !first.same_as(&typed) => {
                    cx.set_error(tr!("privacy.passphrases_differ"));
                    return Effect::Stay;
                }
                Some(_) => {}
            }
        }
        let who = match purpose {
            AskPurpose::Unlock => cx
                .store
                .unlock(&name, &typed)
                .map(|session| session.who().clone()),
            AskPurpose::Create => {
                cx.store
                    .bootstrap(&cx.actor(), &name, Role::Coordinator, Vec::new(), &typed)
            }
            AskPurpose::Change => return Effect::Stay,
            // The store itself changes: the app does it.
            AskPurpose::Encrypt => {
                return Effect::Go(Go::Encrypt {
                    name,
                    passphrase: typed,
                });
            }
        };
        let Some(who) = cx.report(who) else {
            return Effect::Stay;
        };
        let said = match purpose {
            AskPurpose::Create => Some(tr!("ui.start.created", name = name)),
            AskPurpose::Unlock | AskPurpose::Change | AskPurpose::Encrypt => None,
        };
        Effect::Go(Go::LogIn { who, said })
    }
}

/// Opens the demo store beside the real one, filling it on first use; the app then works
/// in it.
fn open_demo(cx: &mut Cx) -> Effect {
    let path = cx.dirs.demo_path.to_path_buf();
    let today = cx.today;
    let opened = Store::open(&path, cx.store.clock()).and_then(|store| {
        let empty = !store.has_staff()?;
        if empty {
            let options = crate::demo::DemoOptions::on(today);
            let actor = crate::model::Actor::CommandLine(String::new());
            crate::demo::fill(&store, None, &actor, &options, &mut |_, _| {})?;
        }
        Ok(store)
    });
    match cx.report(opened) {
        Some(store) => Effect::Go(Go::OpenStore {
            store: Box::new(store),
            said: tr!("ui.start.demo_opened", path = path.display()),
        }),
        None => Effect::Stay,
    }
}

impl super::Component for StartState {
    fn handle(&mut self, action: Action, cx: &mut Cx) -> Effect {
        self.handle_action(action, cx)
    }
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
    fn handle(&mut self, action: Action, cx: &mut Cx) -> Effect {
        self.handle_action(action, cx)
    }
    fn context(&self) -> crate::keymap::Context {
        crate::keymap::Context::Prompt
    }
    fn focused_input(&mut self) -> Option<&mut TextArea<'static>> {
        Some(&mut self.input)
    }
}
