//! Opening the mailbox (开信箱): letters typed in one after another — the text (multi-line),
//! the pseudonym if signed, the day received (the latest Friday unless changed).

use crate::tr;
use chrono::NaiveDate;
use ratatui_textarea::TextArea;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IntakeField {
    Text,
    Pseudonym,
    Date,
}

impl IntakeField {
    pub const ALL: [IntakeField; 3] =
        [IntakeField::Text, IntakeField::Pseudonym, IntakeField::Date];

    pub fn label(self) -> String {
        match self {
            IntakeField::Text => tr!("mailbox.intake.text"),
            IntakeField::Pseudonym => tr!("mailbox.intake.pseudonym"),
            IntakeField::Date => tr!("mailbox.intake.date"),
        }
    }
}

/// A letter saved in this batch, as the screen lists it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TakenIn {
    pub number: String,
    pub attention: bool,
}

pub struct IntakeState {
    pub text: TextArea<'static>,
    pub pseudonym: TextArea<'static>,
    pub date: TextArea<'static>,
    pub focus: IntakeField,
    pub taken: Vec<TakenIn>,
    /// Set after a first Esc with text typed: a second Esc ends the batch without saving it.
    pub confirm_end: bool,
}

impl IntakeState {
    pub fn new(default_day: NaiveDate) -> IntakeState {
        let mut date = TextArea::default();
        date.insert_str(default_day.to_string());
        IntakeState {
            text: TextArea::default(),
            pseudonym: TextArea::default(),
            date,
            focus: IntakeField::Text,
            taken: Vec::new(),
            confirm_end: false,
        }
    }

    pub fn focused_input(&mut self) -> &mut TextArea<'static> {
        match self.focus {
            IntakeField::Text => &mut self.text,
            IntakeField::Pseudonym => &mut self.pseudonym,
            IntakeField::Date => &mut self.date,
        }
    }

    pub fn letter_text(&self) -> String {
        self.text.lines().join("\n").trim().to_string()
    }

    pub fn pseudonym_text(&self) -> Option<String> {
        let p = self.pseudonym.lines().concat().trim().to_string();
        (!p.is_empty()).then_some(p)
    }

    pub fn has_typing(&self) -> bool {
        !self.letter_text().is_empty() || self.pseudonym_text().is_some()
    }

    /// The day received, or a sentence saying what is wrong with it.
    pub fn received(&self, today: NaiveDate) -> Result<NaiveDate, String> {
        let raw = self.date.lines().concat();
        let day = crate::domain::when::parse_date(raw.trim())
            .ok_or_else(|| tr!("mailbox.intake.bad_date", value = raw.trim()))?;
        // The mailbox's own rule (take_in checks it again), said while the date has the focus.
        crate::model::limits::check_letter_date(day, today)
            .map_err(|e| crate::labels::refusals::letter_date(&e))?;
        Ok(day)
    }

    /// After a save: the text and pseudonym go, the day stays for the next letter.
    pub fn clear_letter(&mut self) {
        self.text = TextArea::default();
        self.pseudonym = TextArea::default();
        self.focus = IntakeField::Text;
        self.confirm_end = false;
    }

    pub fn next_field(&mut self, forward: bool) {
        let all = IntakeField::ALL;
        let i = all.iter().position(|f| *f == self.focus).unwrap_or(0);
        let n = all.len();
        self.focus = all[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
    }
}

impl super::Component for IntakeState {
    fn handle(&mut self, action: crate::action::Action, cx: &mut super::Cx) -> super::Effect {
        self.handle_action(action, cx)
    }
    fn context(&self) -> crate::keymap::Context {
        crate::keymap::Context::Editor
    }
    fn focused_input(&mut self) -> Option<&mut TextArea<'static>> {
        Some(IntakeState::focused_input(self))
    }
    fn focused_input_kind(&self) -> Option<super::InputKind> {
        Some(if self.focus == IntakeField::Text {
            super::InputKind::MultiLine
        } else {
            super::InputKind::SingleLine
        })
    }
    fn editing_text(&self) -> bool {
        true
    }
    fn input_changed(&mut self) {
        self.confirm_end = false;
    }
    fn tab(&self) -> Option<crate::action::Action> {
        Some(crate::action::Action::GotoMailbox)
    }
}
