//! One letter read beside its reply: the reply editor (multi-line, templates, a draft kept in
//! the store a moment after each pause in typing), and the letter's own triage prompt.

use super::mailbox::ReasonPrompt;
use crate::model::Letter;
use ratatui_textarea::TextArea;
use std::time::{Duration, Instant};

/// After this long without a key the draft is written; while typing on, at least this often.
pub const DRAFT_PAUSE: Duration = Duration::from_millis(800);
pub const DRAFT_MAX_AGE: Duration = Duration::from_secs(2);

pub struct LetterState {
    pub letter: Letter,
    /// Danger words the letter holds (by the list in force).
    pub matched: Vec<String>,
    pub reply: TextArea<'static>,
    /// The reply editor has the keyboard.
    pub editing: bool,
    /// The template last put in (so the key can move on to the next one).
    pub template: Option<usize>,
    /// The first unsaved change and the last key, for the draft tick.
    pub unsaved_since: Option<Instant>,
    pub last_edit: Option<Instant>,
    pub prompt: Option<ReasonPrompt>,
    /// Who ended the letter's attention, by name.
    pub closed_by: Option<String>,
    /// The letters after this one as the mailbox listed them when it was opened, before the
    /// list re-sorts: a saved reply selects the next of them still waiting.
    pub next_waiting: Vec<crate::model::LetterId>,
}

impl LetterState {
    pub fn new(letter: Letter, matched: Vec<String>) -> LetterState {
        let mut reply = TextArea::default();
        reply.insert_str(&letter.reply);
        LetterState {
            letter,
            matched,
            reply,
            editing: false,
            template: None,
            unsaved_since: None,
            last_edit: None,
            prompt: None,
            closed_by: None,
            next_waiting: Vec::new(),
        }
    }

    pub fn reply_text(&self) -> String {
        self.reply.lines().join("\n")
    }

    pub fn set_reply(&mut self, text: &str) {
        self.reply = TextArea::default();
        self.reply.insert_str(text);
    }

    pub fn is_changed(&self) -> bool {
        self.reply_text().trim_end() != self.letter.reply.trim_end()
    }

    pub fn edited(&mut self, now: Instant) {
        self.unsaved_since.get_or_insert(now);
        self.last_edit = Some(now);
    }

    /// Whether the tick should write the draft now.
    pub fn draft_due(&self, now: Instant) -> bool {
        match (self.unsaved_since, self.last_edit) {
            (Some(first), Some(last)) => {
                now.duration_since(last) >= DRAFT_PAUSE
                    || now.duration_since(first) >= DRAFT_MAX_AGE
            }
            _ => false,
        }
    }

    pub fn draft_written(&mut self) {
        self.unsaved_since = None;
        self.last_edit = None;
    }

    /// Puts in the next template. Only when the reply is empty or still the last template:
    /// a template is a start, never written over the counselor's own words.
    pub fn next_template(&mut self, templates: &[String]) -> bool {
        if templates.is_empty() {
            return false;
        }
        let current = self.reply_text();
        let untouched = current.trim().is_empty()
            || self
                .template
                .and_then(|i| templates.get(i))
                .is_some_and(|t| t.trim() == current.trim());
        if !untouched {
            return false;
        }
        let next = self.template.map_or(0, |i| (i + 1) % templates.len());
        self.template = Some(next);
        self.set_reply(&templates[next]);
        true
    }
}

impl super::Component for LetterState {
    fn handle(&mut self, action: crate::action::Action, cx: &mut super::Cx) -> super::Effect {
        self.handle_action(action, cx)
    }
    fn draft_pending(&self) -> bool {
        self.editing && self.unsaved_since.is_some()
    }
    fn write_draft(&mut self, cx: &mut super::Cx, due: Option<Instant>) {
        self.keep_draft(cx, due);
    }
    fn context(&self) -> crate::keymap::Context {
        if self.editing {
            crate::keymap::Context::Editor
        } else {
            crate::keymap::Context::Letter
        }
    }
    fn contexts(&self) -> Vec<crate::keymap::Context> {
        use crate::keymap::Context;
        if self.editing {
            // The reply editor also takes the letter's own keys (the template key).
            vec![Context::Editor, Context::Letter, Context::Global]
        } else {
            vec![Context::Letter, Context::Global]
        }
    }
    fn focused_input(&mut self) -> Option<&mut ratatui_textarea::TextArea<'static>> {
        match &mut self.prompt {
            Some(p) => Some(&mut p.input),
            None if self.editing => Some(&mut self.reply),
            None => None,
        }
    }
    fn focused_input_kind(&self) -> Option<super::InputKind> {
        if self.prompt.is_some() {
            Some(super::InputKind::SingleLine)
        } else if self.editing {
            Some(super::InputKind::MultiLine)
        } else {
            None
        }
    }
    fn editing_text(&self) -> bool {
        self.editing || self.focused_input_kind() == Some(super::InputKind::MultiLine)
    }
    fn input_changed(&mut self) {
        if self.editing && self.prompt.is_none() {
            self.edited(Instant::now());
        }
    }
    fn tab(&self) -> Option<crate::action::Action> {
        Some(crate::action::Action::GotoMailbox)
    }
}
