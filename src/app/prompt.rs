//! A one-line question asked before a small write: the note when a follow-up is done, the
//! reason an incident is closed, an event that followed an incident.

use crate::model::{FollowUpId, IncidentId};
use ratatui_textarea::TextArea;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PromptPurpose {
    FollowUpDone(FollowUpId),
    CloseIncident(IncidentId),
    AddEvent(IncidentId),
}

impl PromptPurpose {
    /// A closing reason and an event say something; a follow-up's note may be left empty.
    pub fn requires_text(self) -> bool {
        !matches!(self, PromptPurpose::FollowUpDone(_))
    }
}

pub struct Prompt {
    pub purpose: PromptPurpose,
    pub title: String,
    /// What the question is about (the follow-up's text, the incident's kind and child).
    pub subject: String,
    pub input: TextArea<'static>,
}

impl Prompt {
    pub fn new(purpose: PromptPurpose, title: String, subject: String) -> Prompt {
        Prompt {
            purpose,
            title,
            subject,
            input: TextArea::default(),
        }
    }

    pub fn text(&self) -> String {
        super::mood_form::text_of(&self.input)
    }
}

impl super::Component for Prompt {
    fn handle(&mut self, action: crate::action::Action, cx: &mut super::Cx) -> super::Effect {
        self.handle_action(action, cx)
    }
    fn context(&self) -> crate::keymap::Context {
        crate::keymap::Context::Prompt
    }
    fn focused_input(&mut self) -> Option<&mut TextArea<'static>> {
        Some(&mut self.input)
    }
}
