//! What the mailbox's actions do: open the box (intake), read, reply (with its draft tick),
//! set attention by hand, raise an incident without a name, print the week's replies.
//! Every write is one transaction through `crate::mailbox`, whose audit names only letters.

use super::{
    App, IncidentForm, IntakeState, LetterState, MailboxState, ReasonPrompt, Screen, TakenIn,
};
use crate::action::Action;
use crate::export::ExportError;
use crate::export::output;
use crate::export::replies::{self, ReplyFormat};
use crate::mailbox;
use crate::model::{AuditAction, LetterId, RecordRef};
use crate::tr;
use std::time::Instant;

impl App {
    pub fn show_mailbox(&mut self) {
        if self.user.is_none() {
            return;
        }
        let state = self.read_as_user(|r| MailboxState::load(r, &self.config, self.today));
        if let Some(state) = self.report(state) {
            self.replace_top(Screen::Mailbox(Box::new(state)));
        }
    }

    /// Reloads the mailbox keeping the search and the selected letter.
    pub(super) fn refresh_mailbox(&mut self) {
        let Screen::Mailbox(state) = &self.screen else {
            return;
        };
        let query = state.query();
        let focused = state.search_focused;
        let letter = state.selected_letter().map(|l| l.id);
        let loaded = self.read_as_user(|r| MailboxState::load(r, &self.config, self.today));
        if let Some(mut fresh) = self.report(loaded) {
            fresh.restore(&query, letter);
            fresh.search_focused = focused;
            self.screen = Screen::Mailbox(Box::new(fresh));
        }
    }

    pub(super) fn mailbox_action(&mut self, action: Action) {
        let Screen::Mailbox(state) = &mut self.screen else {
            return;
        };
        if let Some(prompt) = &state.prompt {
            match action {
                Action::Open | Action::Save => {
                    let (id, on, reason) = (prompt.letter, prompt.turn_on, prompt.reason());
                    self.finish_attention(id, on, reason);
                }
                Action::Back | Action::Cancel => state.prompt = None,
                _ => {}
            }
            return;
        }
        let selected = state.selected_letter().map(|l| l.id);
        match action {
            Action::FocusSearch => state.search_focused = true,
            Action::Open if state.search_focused => state.search_focused = false,
            Action::Open => {
                if let Some(id) = selected {
                    self.open_letter(id, false);
                }
            }
            Action::Reply => {
                state.search_focused = false;
                if let Some(id) = selected {
                    self.open_letter(id, true);
                }
            }
            Action::OpenMailbox => {
                let day = mailbox::default_received(self.today);
                self.push(Screen::Intake(Box::new(IntakeState::new(day))));
            }
            Action::ToggleAttention => {
                if let Some(l) = state.selected_letter() {
                    state.prompt = Some(ReasonPrompt::new(l));
                }
            }
            Action::RaiseIncident => {
                if let Some(id) = selected {
                    self.raise_incident(id);
                }
            }
            Action::Print => {
                let week = state.focus_week();
                self.print_week(week);
            }
            Action::Back => {
                if !state.back() {
                    self.go_back();
                }
            }
            other => state.list_action(other),
        }
    }

    /// Opens a letter to read (audited as a view of the letter), with the reply editor
    /// focused when `reply` is asked and the letter is not printed yet.
    fn open_letter(&mut self, id: LetterId, reply: bool) {
        let names = self.read_as_user(super::mailbox::staff_names);
        let Some(names) = self.report(names) else {
            return;
        };
        let letter = self.write_as_user(|w| {
            let letter = w.letter(id)?;
            if let Some(l) = &letter {
                w.audit(
                    AuditAction::View,
                    RecordRef::Letter(id.0),
                    l.number.to_string(),
                )?;
            }
            Ok(letter)
        });
        let Some(Some(letter)) = self.report(letter) else {
            return;
        };
        let matched = self
            .config
            .danger_words_in(&letter.text)
            .into_iter()
            .map(String::from)
            .collect();
        let closed_by = closed_by_name(&letter, &names);
        let mut state = LetterState::new(letter, matched);
        state.closed_by = closed_by;
        self.push(Screen::Letter(Box::new(state)));
        if reply {
            self.start_reply();
        }
    }

    /// The reply editor takes the keyboard, with an unsaved draft restored if there is one.
    fn start_reply(&mut self) {
        let Screen::Letter(state) = &mut self.screen else {
            return;
        };
        if let Some(why) = mailbox::reply_locked_reason(&state.letter) {
            self.set_error(why);
            return;
        }
        let key = mailbox::draft_key(state.letter.id);
        let draft = self.read_as_user(|r| r.draft(&key));
        let draft = self.report(draft).flatten();
        let Screen::Letter(state) = &mut self.screen else {
            return;
        };
        state.editing = true;
        if let Some(bytes) = draft
            && let Ok(text) = String::from_utf8(bytes)
            && text.trim_end() != state.letter.reply.trim_end()
        {
            state.set_reply(&text);
            self.set_status(tr!("mailbox.draft_restored"));
        }
    }

    pub(super) fn letter_action(&mut self, action: Action) {
        let Screen::Letter(state) = &mut self.screen else {
            return;
        };
        if let Some(prompt) = &state.prompt {
            match action {
                Action::Open | Action::Save => {
                    let (id, on, reason) = (prompt.letter, prompt.turn_on, prompt.reason());
                    self.finish_attention(id, on, reason);
                }
                Action::Back | Action::Cancel => state.prompt = None,
                _ => {}
            }
            return;
        }
        let id = state.letter.id;
        if state.editing {
            match action {
                Action::Save => self.save_reply(),
                Action::Cancel | Action::Back => self.leave_reply(),
                Action::NextTemplate => {
                    if !state.next_template(&self.config.reply_templates) {
                        self.set_status(tr!("mailbox.template_not_over_text"));
                    } else {
                        state.edited(Instant::now());
                    }
                }
                _ => {}
            }
            return;
        }
        match action {
            Action::Reply | Action::Open => self.start_reply(),
            Action::ToggleAttention => state.prompt = Some(ReasonPrompt::new(&state.letter)),
            Action::RaiseIncident => self.raise_incident(id),
            Action::Back | Action::Cancel => self.go_back(),
            _ => {}
        }
    }

    fn save_reply(&mut self) {
        let Screen::Letter(state) = &self.screen else {
            return;
        };
        let text = state.reply_text();
        if text.trim().is_empty() {
            self.set_error(tr!("mailbox.reply_empty"));
            return;
        }
        let Some(user) = self.user.as_ref().map(|u| u.id) else {
            return;
        };
        let id = state.letter.id;
        // The letters after this one as the list showed them, before it re-sorts.
        let next = self.back_stack.iter().rev().find_map(|s| match s {
            Screen::Mailbox(list) => Some(list.after(id)),
            _ => None,
        });
        let saved = self.write_as_user(|w| mailbox::save_reply(w, id, user, &text));
        if let Some(letter) = self.report(saved) {
            self.go_back();
            if let (Screen::Mailbox(list), Some(next)) = (&mut self.screen, next) {
                list.select_next_waiting(&next);
            }
            self.set_status(tr!("mailbox.reply_saved", number = letter.number));
        }
    }

    /// Esc in the reply editor: what was typed stays on the letter as a draft reply.
    fn leave_reply(&mut self) {
        let Screen::Letter(state) = &self.screen else {
            return;
        };
        if !state.is_changed() {
            self.go_back();
            return;
        }
        let (id, text) = (state.letter.id, state.reply_text());
        let kept = self.write_as_user(|w| mailbox::keep_draft_reply(w, id, &text));
        if let Some(letter) = self.report(kept) {
            self.go_back();
            self.set_status(tr!("mailbox.draft_kept", number = letter.number));
        }
    }

    fn finish_attention(&mut self, id: LetterId, on: bool, reason: String) {
        if reason.is_empty() {
            self.set_error(tr!("mailbox.reason_needed"));
            return;
        }
        let saved = self.write_as_user(|w| {
            if on {
                mailbox::set_attention(w, id, &reason)
            } else {
                mailbox::close_attention(w, id, &reason)
            }
        });
        let Some(letter) = self.report(saved) else {
            return;
        };
        match &mut self.screen {
            Screen::Letter(state) => {
                state.prompt = None;
                state.letter = letter.clone();
                state.closed_by = self.user.as_ref().map(|u| u.name.clone());
            }
            Screen::Mailbox(state) => state.prompt = None,
            _ => {}
        }
        self.refresh_mailbox();
        self.set_status(if on {
            tr!("mailbox.attention_set", number = letter.number)
        } else {
            tr!("mailbox.attention_cleared", number = letter.number)
        });
    }

    /// Opens the incident form prefilled from the letter (its kind, the words found, no
    /// child), so the office, the time reported and the receipt can be entered before saving.
    fn raise_incident(&mut self, id: LetterId) {
        let Some((user, reporter)) = self.user.as_ref().map(|u| (u.id, u.name.clone())) else {
            return;
        };
        let now = self.now();
        let draft = self.read_as_user(|r| {
            let draft = mailbox::letter_incident(r, id, user, &self.config.danger_words, now)?;
            let number = r.letter(id)?.map(|l| l.number);
            Ok((draft, number))
        });
        let Some((draft, number)) = self.report(draft) else {
            return;
        };
        let subject = number
            .map(|n| tr!("mailbox.incident_subject", number = n))
            .unwrap_or_default();
        let form = IncidentForm::from_letter(id, &draft, &subject, &reporter);
        self.push(Screen::IncidentForm(Box::new(form)));
    }

    /// Writes the week's answered letters to `replies/回信-<week>.html` beside the store (a
    /// folder of mode 0700), and only once the file is written whole marks them printed. A
    /// reprint of the week gets a new file name: nothing printed before is written over.
    fn print_week(&mut self, (year, week): (i32, u32)) {
        let Some(user) = self.user.clone() else {
            return;
        };
        let label = mailbox::week_label(year, week);
        let to_print = match self
            .store
            .session(&user)
            .map_err(ExportError::from)
            .and_then(|s| replies::week_to_print(&s, year, week))
        {
            Ok(w) => w,
            Err(e) => {
                self.set_error(e.to_string());
                return;
            }
        };
        if to_print.answered.is_empty() {
            self.set_error(tr!("mailbox.print.nothing", week = label));
            return;
        }
        let stem = format!("{}-{label}", tr!("mailbox.print.file_stem"));
        let path = output::free_name(&self.replies_dir, &stem, ReplyFormat::Html.extension());
        let target = path.display().to_string();
        let guard = output::Guard {
            store: self.store.path(),
            force: false,
        };
        // The page is for a child: the school's language, not this reader's.
        let style = replies::PrintStyle::of(&self.config);
        let written = crate::paths::create_private_dir(&self.replies_dir)
            .map_err(|e| ExportError::Io {
                target: target.clone(),
                detail: e.to_string(),
            })
            .and_then(|()| {
                // No child is named in replies: the printed mark of each letter is the audit.
                output::write_to(
                    Some(&path),
                    guard,
                    || Ok(()),
                    |w| {
                        replies::write_replies(&to_print.answered, ReplyFormat::Html, &style, w)
                            .map_err(|e| ExportError::Io {
                                target: target.clone(),
                                detail: e.to_string(),
                            })
                    },
                )
            });
        if let Err(e) = written {
            self.set_error(e.to_string());
            return;
        }
        let printed = match self
            .store
            .session(&user)
            .map_err(ExportError::from)
            .and_then(|s| replies::mark_printed(&s, &to_print))
        {
            Ok(p) => p,
            Err(e) => {
                self.set_error(e.to_string());
                return;
            }
        };
        self.refresh_mailbox();
        // What was done is a file written (the letters marked printed): it says where.
        let mut msg = crate::trn!("mailbox.print.done", count = printed.numbers.len());
        // The path on a line of its own: the status grows to show it whole.
        msg.push('\n');
        msg.push_str(&target);
        if printed.unanswered > 0 {
            msg.push('\n');
            msg.push_str(
                crate::trn!("mailbox.print.unanswered", count = printed.unanswered).trim(),
            );
        }
        self.set_status(msg);
    }

    pub(super) fn intake_action(&mut self, action: Action) {
        let Screen::Intake(state) = &mut self.screen else {
            return;
        };
        match action {
            Action::Save => self.save_intake(),
            Action::NextField => state.next_field(true),
            Action::PrevField => state.next_field(false),
            Action::Cancel | Action::Back => {
                if state.has_typing() && !state.confirm_end {
                    state.confirm_end = true;
                    self.set_status(tr!("mailbox.intake.end_confirm"));
                } else {
                    let count = state.taken.len();
                    self.go_back();
                    self.set_status(crate::trn!("mailbox.intake.ended", count = count));
                }
            }
            _ => {}
        }
    }

    fn save_intake(&mut self) {
        let Screen::Intake(state) = &mut self.screen else {
            return;
        };
        let text = state.letter_text();
        if text.is_empty() {
            state.focus = super::IntakeField::Text;
            self.set_error(tr!("mailbox.intake.empty"));
            return;
        }
        let received = match state.received(self.today) {
            Ok(d) => d,
            Err(why) => {
                state.focus = super::IntakeField::Date;
                self.set_error(why);
                return;
            }
        };
        let pseudonym = state.pseudonym_text();
        let words = self.config.danger_words.clone();
        let today = self.today;
        let saved = self.write_as_user(|w| {
            mailbox::take_in(
                w,
                &words,
                today,
                received,
                pseudonym,
                text,
                AuditAction::Create,
            )
        });
        let Some(letter) = self.report(saved) else {
            return;
        };
        if let Screen::Intake(state) = &mut self.screen {
            state.taken.push(TakenIn {
                number: letter.number.to_string(),
                attention: letter.needs_attention,
            });
            state.clear_letter();
        }
        self.set_status(if letter.needs_attention {
            tr!(
                "mailbox.intake.saved_attention",
                number = letter.number,
                reason = letter.attention_reason
            )
        } else {
            tr!("mailbox.intake.saved", number = letter.number)
        });
    }
}

/// The name of who ended `letter`'s attention.
fn closed_by_name(
    letter: &crate::model::Letter,
    names: &std::collections::HashMap<crate::model::CounselorId, String>,
) -> Option<String> {
    let id = letter.attention_closed.as_ref()?.by?;
    Some(names.get(&id).cloned().unwrap_or_else(|| format!("#{id}")))
}

impl LetterState {
    /// Writes the reply's unsaved typing as a draft: once it is old enough at `due`, or at
    /// once when `due` is `None` (before quitting, as the note editor does).
    pub(super) fn keep_draft(&mut self, cx: &mut super::Cx, due: Option<Instant>) {
        let wanted = match due {
            Some(now) => self.draft_due(now),
            None => self.unsaved_since.is_some(),
        };
        if !self.editing || !wanted {
            return;
        }
        let key = mailbox::draft_key(self.letter.id);
        let text = self.reply_text();
        let saved = cx.write_as_user(|w| w.save_draft(&key, text.as_bytes()));
        if cx.report(saved).is_some() {
            self.draft_written();
        }
    }
}
