//! The start screen: choose who you are; on an empty store, a welcome that opens a demo
//! store (a separate file, so the real one stays clean) or creates the first coordinator.

use super::{App, Screen};
use crate::action::Action;
use crate::model::{Counselor, Role};
use crate::store::Store;
use crate::tr;
use ratatui_textarea::TextArea;

pub struct StartState {
    pub counselors: Vec<Counselor>,
    pub selected: usize,
    pub welcome: Option<Welcome>,
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
        }
    }

    pub fn focused_input(&mut self) -> Option<&mut TextArea<'static>> {
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
                    self.create_first_coordinator(&name);
                }
                None => {
                    if let Some(who) = state.counselors.get(state.selected).cloned() {
                        self.login(who);
                    }
                }
            },
            _ => {}
        }
    }

    fn create_first_coordinator(&mut self, name: &str) {
        let actor = self.actor();
        let created = self
            .store
            .bootstrap(&actor, name, Role::Coordinator, Vec::new());
        if let Some(who) = self.report(created) {
            self.login(who);
            self.set_status(tr!("ui.start.created", name = name.trim()));
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
