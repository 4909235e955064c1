//! Which keys go where: the keymap tables that apply on the screen shown, the text box that
//! has the keyboard (it takes printable keys before any binding), and what typing changes.
//! Each screen answers for itself (`Component`); the help overlay comes first.

use super::{App, InputKind};
use crate::action::Action;
use crate::keymap::Context;

impl App {
    /// The keymap tables that apply now, most specific first. The editor and the forms do
    /// not fall through to `[global]` (their `Component::contexts` say so).
    pub fn contexts(&self) -> Vec<Context> {
        if self.help.is_some() {
            return vec![Context::Help, Context::Global];
        }
        self.screen.component().contexts()
    }

    /// The text input that has the keyboard now, if any: it gets printable keys first.
    pub fn focused_input(&mut self) -> Option<&mut ratatui_textarea::TextArea<'static>> {
        if self.help.is_some() {
            return None;
        }
        self.screen.component_mut().focused_input()
    }

    /// How the focused input treats Enter and Up/Down (a note's text takes them as lines).
    /// Several lines (the note's text, a reply, a letter being typed in) take Enter as a new
    /// line and Up/Down inside the text; `None` when no input has the focus.
    pub fn focused_input_kind(&self) -> Option<InputKind> {
        if self.help.is_some() {
            return None;
        }
        self.screen.component().focused_input_kind()
    }

    /// A form (mood, mandatory report, profile) with something entered and not saved.
    pub(super) fn form_changed(&self) -> bool {
        self.screen.component().form_changed()
    }

    /// Whether a text editor has the keyboard: the note, a reply, the letter intake.
    pub(super) fn editing_text(&self) -> bool {
        // The overlay hides the input, not the editor under it.
        self.screen.component().editing_text()
    }

    /// A focused input's text changed: searches run again as the user types.
    pub fn input_changed(&mut self) {
        self.quit_asked = false;
        self.screen.component_mut().input_changed();
    }

    /// The actions the focused choice takes (a selector, tick boxes, the score): what a letter
    /// typed there is told to use instead. `None` when the screen does not say which field
    /// has the focus in these terms (the Admin dialogs: their table's choice keys are named).
    pub(super) fn choice_actions(&self) -> Option<&'static [Action]> {
        self.screen.component().choice_actions()
    }
}
