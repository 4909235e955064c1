//! A shared screen: the app locks itself after idle minutes (back to the same person's
//! passphrase, the unsaved text kept as an encrypted draft, the keys dropped), a hide key
//! blanks the screen at once, and a person changes their own passphrase.

use super::start::{Ask, AskPurpose};
use super::{App, Cx, Effect, Screen, StartState};
use crate::action::Action;
use crate::tr;
use std::time::{Duration, Instant};

impl App {
    /// A key, a click or a paste at `now`: the idle clock starts again. Idle time is measured
    /// on the monotonic clock (`Clock::monotonic`), never the school's: with `SHOUWANG_NOW`
    /// fixed, the school's clock stands still and the app would never lock.
    pub fn note_activity(&mut self, now: Instant) {
        self.last_activity = now;
    }

    /// Locks when nobody has touched the app for `[privacy] lock_after_minutes` by `now`.
    /// Returns whether it locked. A demo store has no keys to drop and never locks.
    pub fn lock_if_idle(&mut self, now: Instant) -> bool {
        let minutes = u64::from(self.config.lock_after_minutes);
        let idle = now.saturating_duration_since(self.last_activity);
        if minutes == 0
            || self.user.is_none()
            || !self.store.needs_passphrase()
            || idle < Duration::from_secs(minutes * 60)
        {
            return false;
        }
        self.lock();
        true
    }

    /// Today's backup beside the store unless it is made, keeping as many as the school's
    /// config says. A sealed store is copied only while someone has it open (someone at work
    /// asks for every copy): locked, nothing is made and nothing is said, as when the app is
    /// closed at the passphrase prompt.
    pub fn keep_daily_backup(
        &mut self,
    ) -> Result<Option<std::path::PathBuf>, crate::store::StoreError> {
        self.settle_caseload_ahead();
        // The copy is of the closed file: not while a roster job reads or writes it on its
        // worker. It is made at the next lock or at quit.
        if self.working() {
            tracing::info!("daily backup put off: a roster job is running");
            return Ok(None);
        }
        if self.user.is_none() && self.store.needs_passphrase() {
            tracing::info!("daily backup skipped: the store is locked");
            return Ok(None);
        }
        let made = self
            .store
            .keep_daily_backup(self.today, self.config.backups_kept);
        match &made {
            Ok(Some(_)) => tracing::info!("daily backup written"),
            Ok(None) => {}
            Err(e) => tracing::warn!(kind = %crate::logging::kind(e), "daily backup failed"),
        }
        made
    }

    /// Keeps the unsaved text as a draft, drops the keys and every screen that showed
    /// records, and asks the same person for their passphrase again.
    pub fn lock(&mut self) {
        let Some(who) = self.user.clone() else {
            return;
        };
        if !self.store.needs_passphrase() {
            return;
        }
        self.flush_draft();
        // Whoever locks has left the desk, so nobody waits: the day's backup is made now,
        // while someone is at work (a store still locked when the app quits is not copied).
        let backup = self.keep_daily_backup();
        self.store.lock(Some(who.id));
        self.user = None;
        self.help = None;
        self.hidden = false;
        self.back_stack.clear();
        self.ask_passphrase(&who.name, AskPurpose::Unlock);
        self.set_status(tr!("ui.locked", name = crate::text::safe(&who.name)));
        if let Err(e) = backup {
            self.set_error(tr!("cli.daily_backup_failed", detail = e));
        }
    }

    /// The start screen, asking `name` for their passphrase (at `--user`, after a lock).
    pub(super) fn ask_passphrase(&mut self, name: &str, purpose: AskPurpose) {
        let staff = self.store.staff().unwrap_or_default();
        self.screen = Screen::Start(Box::new(StartState::load(staff).asking(name, purpose)));
    }

    /// The hide key: the screen goes blank until the next key.
    pub fn hide(&mut self) {
        self.hidden = true;
    }

    /// The passphrase screen for changing one's own: current, new, and the new again.
    pub(super) fn show_change_passphrase(&mut self) {
        let Some(who) = &self.user else {
            return;
        };
        if self.store.is_demo() {
            self.set_status(tr!("privacy.demo_not_encrypted"));
            return;
        }
        let ask = Ask::new(&who.name, AskPurpose::Change);
        self.push(Screen::Passphrase(Box::new(ask)));
    }
}

impl Ask {
    /// The passphrase screen's keys: Enter takes the current passphrase, then the new one
    /// twice; Esc leaves.
    pub(super) fn handle_action(&mut self, action: Action, cx: &mut Cx) -> Effect {
        match action {
            Action::Cancel | Action::Back => Effect::Back,
            Action::Save | Action::Open => self.answer_change(cx),
            _ => Effect::Stay,
        }
    }

    fn answer_change(&mut self, cx: &mut Cx) -> Effect {
        let typed = self.take();
        let Some(current) = self.current.clone() else {
            self.current = Some(typed);
            cx.clear_status();
            return Effect::Stay;
        };
        match self.first.take() {
            None => {
                match cx.store.passphrase_problem(&typed, None) {
                    Err(e) => cx.set_error(e.to_string()),
                    Ok(Some(problem)) => cx.set_error(crate::labels::refusals::refusal(&problem)),
                    Ok(None) => {
                        self.first = Some(typed);
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
        let Some(user) = cx.user else {
            return Effect::Stay;
        };
        let changed = cx
            .store
            .session(user)
            .and_then(|s| s.change_passphrase(&current, &typed));
        match changed {
            Ok(()) => {
                cx.set_status(tr!("privacy.changed", name = crate::text::safe(&user.name)));
                Effect::Back
            }
            Err(e) => {
                // A wrong current passphrase starts again from the top.
                self.current = None;
                cx.set_error(e.to_string());
                Effect::Stay
            }
        }
    }
}
