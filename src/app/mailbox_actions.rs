//! What the mailbox's actions do: open the box (intake), read, reply (with its draft tick),
//! set attention by hand, raise an incident without a name, print the week's replies.
//! Every write is one transaction through `crate::mailbox`, whose audit names only letters.

use super::{
    Cx, Effect, Handback, IncidentForm, IntakeState, LetterState, MailboxState, ReasonPrompt,
    Screen, TakenIn,
};
use crate::action::Action;
use crate::export::ExportError;
use crate::export::output;
use crate::export::replies::{self, ReplyFormat};
use crate::mailbox;
use crate::model::LetterId;
use crate::store::{DraftOf, LetterVia};
use crate::tr;
use std::time::Instant;

/// Sets or ends a letter's attention with the reason typed; the letter comes back as saved.
fn finish_attention(
    cx: &mut Cx,
    id: LetterId,
    on: bool,
    reason: String,
) -> Option<crate::model::Letter> {
    if reason.is_empty() {
        cx.set_error(tr!("mailbox.reason_needed"));
        return None;
    }
    let saved = cx.write_as_user(|w| {
        if on {
            w.mark_letter_attention(id, &reason)
        } else {
            w.close_letter_attention(id, &reason)
        }
    });
    let letter = cx.report(saved)?;
    cx.set_status(if on {
        tr!("mailbox.attention_set", number = letter.number)
    } else {
        tr!("mailbox.attention_cleared", number = letter.number)
    });
    Some(letter)
}

/// Opens the incident form prefilled from the letter (its kind, the words found, no
/// child), so the office, the time reported and the receipt can be entered before saving.
fn raise_incident(cx: &mut Cx, id: LetterId) -> Effect {
    let Some((user, reporter)) = cx.user.map(|u| (u.id, u.name.clone())) else {
        return Effect::Stay;
    };
    let now = cx.now();
    let words = &cx.config.danger_words;
    let draft = cx.read_as_user(|r| {
        let draft = mailbox::letter_incident(r, id, user, words, now)?;
        let number = r.letter(id)?.map(|l| l.number);
        Ok((draft, number))
    });
    let Some((draft, number)) = cx.report(draft) else {
        return Effect::Stay;
    };
    let subject = number
        .map(|n| tr!("mailbox.incident_subject", number = n))
        .unwrap_or_default();
    let form = IncidentForm::from_letter(id, &draft, &subject, &reporter);
    Effect::Push(Screen::IncidentForm(Box::new(form)))
}

impl MailboxState {
    /// Reloads the mailbox keeping the search and the selected letter.
    pub(super) fn reload(&mut self, cx: &mut Cx) {
        let query = self.query();
        let focused = self.search_focused;
        let letter = self.selected_letter().map(|l| l.id);
        let loaded = cx.read_as_user(|r| MailboxState::load(r, cx.config, cx.today));
        if let Some(mut fresh) = cx.report(loaded) {
            fresh.restore(&query, letter);
            fresh.search_focused = focused;
            *self = fresh;
        }
    }

    pub(super) fn handle_action(&mut self, action: Action, cx: &mut Cx) -> Effect {
        if let Some(prompt) = &self.prompt {
            match action {
                Action::Open | Action::Save => {
                    let (id, on, reason) = (prompt.letter, prompt.turn_on, prompt.reason());
                    if finish_attention(cx, id, on, reason).is_some() {
                        self.prompt = None;
                        // The status says what was done, over what reloading says.
                        let said = cx.status.take();
                        self.reload(cx);
                        *cx.status = said;
                    }
                }
                Action::Back | Action::Cancel => self.prompt = None,
                _ => {}
            }
            return Effect::Stay;
        }
        let selected = self.selected_letter().map(|l| l.id);
        match action {
            Action::FocusSearch => self.search_focused = true,
            Action::Open if self.search_focused => self.search_focused = false,
            Action::Open => {
                if let Some(id) = selected {
                    return self.open_letter(cx, id, false);
                }
            }
            Action::Reply => {
                self.search_focused = false;
                if let Some(id) = selected {
                    return self.open_letter(cx, id, true);
                }
            }
            Action::OpenMailbox => {
                let day = mailbox::default_received(cx.today);
                return Effect::Push(Screen::Intake(Box::new(IntakeState::new(day))));
            }
            Action::ToggleAttention => {
                if let Some(l) = self.selected_letter() {
                    self.prompt = Some(ReasonPrompt::new(l));
                }
            }
            Action::RaiseIncident => {
                if let Some(id) = selected {
                    return raise_incident(cx, id);
                }
            }
            Action::Print => {
                let week = self.focus_week();
                self.print_week(cx, week);
            }
            Action::Back if !self.back() => return Effect::Back,
            Action::Back => {}
            other => self.list_action(other),
        }
        Effect::Stay
    }

    /// Opens a letter to read (audited as a view of the letter), with the reply editor
    /// focused when `reply` is asked and the letter is not printed yet.
    fn open_letter(&self, cx: &mut Cx, id: LetterId, reply: bool) -> Effect {
        let names = cx.read_as_user(super::mailbox::staff_names);
        let Some(names) = cx.report(names) else {
            return Effect::Stay;
        };
        let letter = cx.write_as_user(|w| w.open_letter(id));
        let Some(Some(letter)) = cx.report(letter) else {
            return Effect::Stay;
        };
        let matched = cx
            .config
            .danger_words_in(&letter.text)
            .into_iter()
            .map(String::from)
            .collect();
        let closed_by = closed_by_name(&letter, &names);
        let mut state = LetterState::new(letter, matched);
        state.closed_by = closed_by;
        state.next_waiting = self.after(id);
        if reply {
            state.start_reply(cx);
        }
        Effect::Push(Screen::Letter(Box::new(state)))
    }

    /// Writes the week's answered letters to `replies/回信-<week>.html` beside the store (a
    /// folder of mode 0700), and only once the file is written whole marks them printed. A
    /// reprint of the week gets a new file name: nothing printed before is written over.
    fn print_week(&mut self, cx: &mut Cx, (year, week): (i32, u32)) {
        let Some(user) = cx.user else {
            return;
        };
        let label = mailbox::week_label(year, week);
        let to_print = match cx
            .store
            .session(user)
            .map_err(ExportError::from)
            .and_then(|s| replies::week_to_print(&s, year, week))
        {
            Ok(w) => w,
            Err(e) => {
                cx.set_error(e.to_string());
                return;
            }
        };
        if to_print.answered.is_empty() {
            cx.set_error(tr!("mailbox.print.nothing", week = label));
            return;
        }
        let stem = format!("{}-{label}", tr!("mailbox.print.file_stem"));
        let path = output::free_name(cx.dirs.replies, &stem, ReplyFormat::Html.extension());
        let target = path.display().to_string();
        let guard = output::Guard {
            store: cx.store.path(),
            force: false,
        };
        // The page is for a child: the school's language, not this reader's.
        let style = replies::PrintStyle::of(cx.config);
        let written = crate::paths::create_private_dir(cx.dirs.replies)
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
            cx.set_error(e.to_string());
            return;
        }
        let printed = match cx
            .store
            .session(user)
            .map_err(ExportError::from)
            .and_then(|s| replies::mark_printed(&s, &to_print))
        {
            Ok(p) => p,
            Err(e) => {
                cx.set_error(e.to_string());
                return;
            }
        };
        self.reload(cx);
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
        cx.set_status(msg);
    }
}

impl LetterState {
    pub(super) fn handle_action(&mut self, action: Action, cx: &mut Cx) -> Effect {
        if let Some(prompt) = &self.prompt {
            match action {
                Action::Open | Action::Save => {
                    let (id, on, reason) = (prompt.letter, prompt.turn_on, prompt.reason());
                    if let Some(letter) = finish_attention(cx, id, on, reason) {
                        self.prompt = None;
                        self.letter = letter;
                        self.closed_by = cx.user.map(|u| u.name.clone());
                    }
                }
                Action::Back | Action::Cancel => self.prompt = None,
                _ => {}
            }
            return Effect::Stay;
        }
        let id = self.letter.id;
        if self.editing {
            match action {
                Action::Save => return self.save_reply(cx),
                Action::Cancel | Action::Back => return self.leave_reply(cx),
                Action::NextTemplate => {
                    if !self.next_template(&cx.config.reply_templates) {
                        cx.set_status(tr!("mailbox.template_not_over_text"));
                    } else {
                        self.edited(Instant::now());
                    }
                }
                _ => {}
            }
            return Effect::Stay;
        }
        match action {
            Action::Reply | Action::Open => self.start_reply(cx),
            Action::ToggleAttention => self.prompt = Some(ReasonPrompt::new(&self.letter)),
            Action::RaiseIncident => return raise_incident(cx, id),
            Action::Back | Action::Cancel => return Effect::Back,
            _ => {}
        }
        Effect::Stay
    }

    /// The reply editor takes the keyboard, with an unsaved draft restored if there is one.
    fn start_reply(&mut self, cx: &mut Cx) {
        if let Some(why) = mailbox::reply_locked_reason(&self.letter) {
            cx.set_error(why);
            return;
        }
        let of = DraftOf::Reply(self.letter.id);
        let draft = cx.read_as_user(|r| r.draft_of(of));
        let draft = cx.report(draft).flatten();
        self.editing = true;
        if let Some(bytes) = draft
            && let Ok(text) = String::from_utf8(bytes)
            && text.trim_end() != self.letter.reply.trim_end()
        {
            self.set_reply(&text);
            cx.set_status(tr!("mailbox.draft_restored"));
        }
    }

    fn save_reply(&mut self, cx: &mut Cx) -> Effect {
        let text = self.reply_text();
        if text.trim().is_empty() {
            cx.set_error(tr!("mailbox.reply_empty"));
            return Effect::Stay;
        }
        let id = self.letter.id;
        let saved = cx.write_as_user(|w| w.reply_letter(id, &text));
        let Some(letter) = cx.report(saved) else {
            return Effect::Stay;
        };
        cx.set_status(tr!("mailbox.reply_saved", number = letter.number));
        Effect::BackWith(Handback::ReplySaved(std::mem::take(&mut self.next_waiting)))
    }

    /// Esc in the reply editor: what was typed stays on the letter as a draft reply.
    fn leave_reply(&mut self, cx: &mut Cx) -> Effect {
        if !self.is_changed() {
            return Effect::Back;
        }
        let (id, text) = (self.letter.id, self.reply_text());
        let kept = cx.write_as_user(|w| w.keep_reply_draft(id, &text));
        match cx.report(kept) {
            Some(letter) => {
                cx.set_status(tr!("mailbox.draft_kept", number = letter.number));
                Effect::Back
            }
            None => Effect::Stay,
        }
    }
}

impl IntakeState {
    pub(super) fn handle_action(&mut self, action: Action, cx: &mut Cx) -> Effect {
        match action {
            Action::Save => self.save(cx),
            Action::NextField => self.next_field(true),
            Action::PrevField => self.next_field(false),
            Action::Cancel | Action::Back => {
                if self.has_typing() && !self.confirm_end {
                    self.confirm_end = true;
                    cx.set_status(tr!("mailbox.intake.end_confirm"));
                } else {
                    let count = self.taken.len();
                    cx.set_status(crate::trn!("mailbox.intake.ended", count = count));
                    return Effect::Back;
                }
            }
            _ => {}
        }
        Effect::Stay
    }

    fn save(&mut self, cx: &mut Cx) {
        let text = self.letter_text();
        if text.is_empty() {
            self.focus = super::IntakeField::Text;
            cx.set_error(tr!("mailbox.intake.empty"));
            return;
        }
        let received = match self.received(cx.today) {
            Ok(d) => d,
            Err(why) => {
                self.focus = super::IntakeField::Date;
                cx.set_error(why);
                return;
            }
        };
        let pseudonym = self.pseudonym_text();
        let words = &cx.config.danger_words;
        let today = cx.today;
        let saved = cx.write_as_user(|w| {
            mailbox::take_in(w, words, today, received, pseudonym, text, LetterVia::Typed)
        });
        let Some(letter) = cx.report(saved) else {
            return;
        };
        self.taken.push(TakenIn {
            number: letter.number.to_string(),
            attention: letter.needs_attention,
        });
        self.clear_letter();
        cx.set_status(if letter.needs_attention {
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
        let of = DraftOf::Reply(self.letter.id);
        let text = self.reply_text();
        let saved = cx.write_as_user(|w| w.save_draft(of, text.as_bytes()));
        if cx.report(saved).is_some() {
            self.draft_written();
        }
    }
}
