//! The mood entry form: a score 1–5, feelings ticked from the configured list, a note and an
//! optional follow-up date. Saved as one transaction by the store's `add_mood`: the entry, its
//! follow-up, the audit.

use crate::action::Action;
use crate::domain::when::{WhenError, parse_due};
use crate::model::*;
use crate::tr;
use chrono::NaiveDate;
use ratatui_textarea::TextArea;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MoodField {
    Score,
    Feelings,
    Note,
    FollowUp,
}

impl MoodField {
    pub const ALL: [MoodField; 4] = [
        MoodField::Score,
        MoodField::Feelings,
        MoodField::Note,
        MoodField::FollowUp,
    ];

    pub fn label(self) -> String {
        match self {
            MoodField::Score => tr!("care.mood.score"),
            MoodField::Feelings => tr!("care.mood.feelings"),
            MoodField::Note => tr!("care.mood.note"),
            MoodField::FollowUp => tr!("care.mood.follow_up"),
        }
    }
}

pub struct MoodForm {
    pub child: ChildId,
    pub child_name: String,
    pub score: Option<u8>,
    /// The configured feelings, each ticked or not.
    pub feelings: Vec<(String, bool)>,
    pub feeling_cursor: usize,
    pub note: TextArea<'static>,
    pub follow_up: TextArea<'static>,
    pub focus: MoodField,
    /// Set after a first Esc with something entered: a second Esc leaves without saving.
    pub confirm_discard: bool,
}

/// What the form describes, checked: ready to be written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MoodInput {
    pub score: u8,
    pub feelings: Vec<String>,
    pub note: String,
    pub follow_up: Option<NaiveDate>,
}

impl MoodForm {
    pub fn new(child: &Child, feelings: &[String]) -> MoodForm {
        MoodForm {
            child: child.id,
            child_name: child.name.clone(),
            score: None,
            feelings: feelings.iter().map(|f| (f.clone(), false)).collect(),
            feeling_cursor: 0,
            note: TextArea::default(),
            follow_up: TextArea::default(),
            focus: MoodField::Score,
            confirm_discard: false,
        }
    }

    pub fn focused_input(&mut self) -> Option<&mut TextArea<'static>> {
        match self.focus {
            MoodField::Note => Some(&mut self.note),
            MoodField::FollowUp => Some(&mut self.follow_up),
            MoodField::Score | MoodField::Feelings => None,
        }
    }

    pub fn is_changed(&self) -> bool {
        self.score.is_some()
            || self.feelings.iter().any(|(_, on)| *on)
            || !text_of(&self.note).is_empty()
            || !text_of(&self.follow_up).is_empty()
    }

    pub fn select(&mut self, row: usize) {
        if let Some(f) = MoodField::ALL.get(row) {
            self.focus = *f;
        }
    }

    pub fn action(&mut self, action: Action) {
        let fields = MoodField::ALL.len();
        let i = MoodField::ALL
            .iter()
            .position(|f| *f == self.focus)
            .unwrap_or(0);
        let n = self.feelings.len();
        match action {
            Action::NextField | Action::SelectNext => self.focus = MoodField::ALL[(i + 1) % fields],
            Action::PrevField | Action::SelectPrev => {
                self.focus = MoodField::ALL[(i + fields - 1) % fields]
            }
            // A digit is a score only on the score: elsewhere it is not silently taken as one.
            Action::Score1 if self.focus == MoodField::Score => self.score = Some(1),
            Action::Score2 if self.focus == MoodField::Score => self.score = Some(2),
            Action::Score3 if self.focus == MoodField::Score => self.score = Some(3),
            Action::Score4 if self.focus == MoodField::Score => self.score = Some(4),
            Action::Score5 if self.focus == MoodField::Score => self.score = Some(5),
            Action::NextChoice | Action::PrevChoice if self.focus == MoodField::Score => {
                let s = self.score.unwrap_or(3);
                self.score = Some(if action == Action::NextChoice {
                    (s + 1).min(5)
                } else {
                    s.saturating_sub(1).max(1)
                });
            }
            Action::NextChoice if n > 0 => self.feeling_cursor = (self.feeling_cursor + 1) % n,
            Action::PrevChoice if n > 0 => self.feeling_cursor = (self.feeling_cursor + n - 1) % n,
            Action::Toggle if self.focus == MoodField::Feelings => {
                if let Some((_, on)) = self.feelings.get_mut(self.feeling_cursor) {
                    *on = !*on;
                }
            }
            _ => {}
        }
    }

    /// The entry as the form describes it, or the first problem as a sentence; on a problem
    /// the focus moves to the field at fault. A follow-up date before `today` is refused.
    pub fn validated(&mut self, today: NaiveDate) -> Result<MoodInput, String> {
        let Some(score) = self.score else {
            self.focus = MoodField::Score;
            return Err(tr!("care.mood.needs_score"));
        };
        let typed = text_of(&self.follow_up);
        let follow_up = if typed.is_empty() {
            None
        } else {
            match parse_due(&typed, today) {
                Ok(d) => Some(d),
                Err(WhenError::Past) => {
                    self.focus = MoodField::FollowUp;
                    return Err(tr!("care.mood.follow_up_past", date = typed));
                }
                Err(_) => {
                    self.focus = MoodField::FollowUp;
                    return Err(tr!("care.bad_date", value = typed));
                }
            }
        };
        Ok(MoodInput {
            score,
            feelings: self
                .feelings
                .iter()
                .filter(|(_, on)| *on)
                .map(|(f, _)| f.clone())
                .collect(),
            note: text_of(&self.note),
            follow_up,
        })
    }
}

/// What the store is asked to write for `input`, observed on `child` at `at`: the entry, and
/// its follow-up when the form has a date, described in words (the form asks no text for it).
pub fn mood_to_write(child: ChildId, at: Timestamp, input: &MoodInput) -> crate::store::MoodInput {
    let follow_up = input.follow_up.map(|due| {
        let text = if input.feelings.is_empty() {
            tr!("care.mood.follow_up_text", score = input.score)
        } else {
            tr!(
                "care.mood.follow_up_feelings",
                score = input.score,
                feelings = crate::labels::feelings(&input.feelings)
            )
        };
        (text, due)
    });
    crate::store::MoodInput {
        child,
        at,
        score: input.score,
        feelings: input.feelings.clone(),
        note: input.note.clone(),
        follow_up,
    }
}

/// A single-line input's text, trimmed.
pub fn text_of(input: &TextArea) -> String {
    input.lines().join(" ").trim().to_string()
}

impl super::Component for MoodForm {
    fn handle(&mut self, action: crate::action::Action, cx: &mut super::Cx) -> super::Effect {
        self.handle_action(action, cx)
    }
    fn context(&self) -> crate::keymap::Context {
        crate::keymap::Context::RecordForm
    }
    // Never the global keys: on a selector a stray `q` or `6` would leave unsaved work.
    fn contexts(&self) -> Vec<crate::keymap::Context> {
        vec![self.context()]
    }
    fn focused_input(&mut self) -> Option<&mut TextArea<'static>> {
        MoodForm::focused_input(self)
    }
    fn form_changed(&self) -> bool {
        self.is_changed()
    }
    fn input_changed(&mut self) {
        self.confirm_discard = false;
    }
    fn choice_actions(&self) -> Option<&'static [crate::action::Action]> {
        use crate::action::Action;
        Some(match self.focus {
            MoodField::Score => &[
                Action::Score1,
                Action::Score5,
                Action::PrevChoice,
                Action::NextChoice,
            ],
            MoodField::Feelings => &[Action::Toggle, Action::PrevChoice, Action::NextChoice],
            _ => &[],
        })
    }
    fn select(&mut self, row: usize) {
        MoodForm::select(self, row);
    }
}
