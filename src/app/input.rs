//! Which keys go where: the keymap tables that apply on the screen shown, the text box that
//! has the keyboard (it takes printable keys before any binding), and what typing changes.

use super::{
    App, EditorField, FormField, IncidentField, InputKind, IntakeField, MoodField, Screen,
};
use crate::action::Action;
use crate::keymap::Context;

impl App {
    /// The keymap tables that apply now, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        if self.help.is_some() {
            return vec![Context::Help, Context::Global];
        }
        match &self.screen {
            // The note editor never falls through to the global keys: a stray `q` or `1` typed
            // while the kind field has the focus must not leave the note.
            Screen::NoteEditor(_) => vec![Context::Editor],
            // Nor do the forms: on a selector a stray `q` or `6` would leave unsaved work.
            // Their tables carry the few global keys that cannot be typed (f1, ctrl-…).
            Screen::MoodForm(_) | Screen::IncidentForm(_) | Screen::ProfileForm(_) => {
                vec![self.screen.context()]
            }
            // The reply editor also takes the letter's own keys (the template key).
            Screen::Letter(s) if s.editing => {
                vec![Context::Editor, Context::Letter, Context::Global]
            }
            Screen::Admin(state) => state.contexts(),
            _ => vec![self.screen.context(), Context::Global],
        }
    }

    /// The text input that has the keyboard now, if any: it gets printable keys first.
    pub fn focused_input(&mut self) -> Option<&mut ratatui_textarea::TextArea<'static>> {
        if self.help.is_some() {
            return None;
        }
        match &mut self.screen {
            Screen::Caseload(state) if state.search_focused => Some(&mut state.search),
            Screen::ProfileForm(form) => form.focused_input(),
            Screen::Start(state) => state.focused_input(),
            Screen::MoodForm(form) => form.focused_input(),
            Screen::IncidentForm(form) => form.focused_input(),
            Screen::Prompt(prompt) => Some(&mut prompt.input),
            Screen::Passphrase(ask) => Some(&mut ask.input),
            Screen::Mailbox(state) => match &mut state.prompt {
                Some(p) => Some(&mut p.input),
                None if state.search_focused => Some(&mut state.search),
                None => None,
            },
            Screen::Letter(state) => match &mut state.prompt {
                Some(p) => Some(&mut p.input),
                None if state.editing => Some(&mut state.reply),
                None => None,
            },
            Screen::Intake(state) => Some(state.focused_input()),
            Screen::NoteEditor(ed) => ed.focused_input(),
            Screen::NoteSearch(state) => Some(&mut state.search),
            Screen::Child(state) => state.timeline_input(),
            Screen::Audit(state) => state.prompt.as_mut().map(|p| &mut p.input),
            Screen::Reports(state) => state.picker.as_mut().map(|p| &mut p.input),
            Screen::Admin(state) => state.focused_input(),
            _ => None,
        }
    }

    /// How the focused input treats Enter and Up/Down (a note's text takes them as lines).
    /// Several lines (the note's text, a reply, a letter being typed in) take Enter as a new
    /// line and Up/Down inside the text; `None` when no input has the focus.
    pub fn focused_input_kind(&self) -> Option<InputKind> {
        if self.help.is_some() {
            return None;
        }
        let multi = |yes: bool| {
            Some(if yes {
                InputKind::MultiLine
            } else {
                InputKind::SingleLine
            })
        };
        match &self.screen {
            Screen::NoteEditor(ed) => ed.focused_kind(),
            Screen::Letter(s) if s.prompt.is_some() => multi(false),
            Screen::Letter(s) if s.editing => multi(true),
            Screen::Intake(s) => multi(s.focus == IntakeField::Text),
            _ => None,
        }
    }

    /// A form (mood, mandatory report, profile) with something entered and not saved.
    pub(super) fn form_changed(&self) -> bool {
        match &self.screen {
            Screen::MoodForm(f) => f.is_changed(),
            Screen::IncidentForm(f) => f.is_changed(),
            Screen::ProfileForm(f) => f.is_changed(),
            _ => false,
        }
    }

    /// Whether a text editor has the keyboard: the note, a reply, the letter intake.
    pub(super) fn editing_text(&self) -> bool {
        matches!(self.focused_input_kind(), Some(InputKind::MultiLine))
            || matches!(self.screen, Screen::NoteEditor(_) | Screen::Intake(_))
            || matches!(&self.screen, Screen::Letter(l) if l.editing)
    }

    /// A focused input's text changed: searches run again as the user types.
    pub fn input_changed(&mut self) {
        self.quit_asked = false;
        match &mut self.screen {
            Screen::Caseload(state) => state.run_search(),
            Screen::ProfileForm(form) => form.confirm_discard = false,
            Screen::MoodForm(form) => form.confirm_discard = false,
            Screen::IncidentForm(form) => {
                form.confirm_discard = false;
                form.suggestion = None;
            }
            Screen::Mailbox(state) if state.prompt.is_none() => state.run_search(),
            Screen::Letter(state) if state.editing && state.prompt.is_none() => {
                state.edited(std::time::Instant::now());
            }
            Screen::Intake(state) => state.confirm_end = false,
            Screen::NoteEditor(ed) => ed.touched(std::time::Instant::now()),
            Screen::NoteSearch(state) => state.run_search(),
            Screen::Child(state) => {
                let state = &mut **state;
                state.timeline.refilter(&state.notes);
            }
            Screen::Admin(state) => state.input_changed(),
            _ => {}
        }
    }

    /// The actions the focused choice takes (a selector, tick boxes, the score): what a letter
    /// typed there is told to use instead. `None` when the screen does not say which field
    /// has the focus in these terms (the Admin dialogs: their table's choice keys are named).
    pub(super) fn choice_actions(&self) -> Option<&'static [Action]> {
        const STEP: &[Action] = &[Action::PrevChoice, Action::NextChoice];
        const SCORE: &[Action] = &[
            Action::Score1,
            Action::Score5,
            Action::PrevChoice,
            Action::NextChoice,
        ];
        const TICK: &[Action] = &[Action::Toggle, Action::PrevChoice, Action::NextChoice];
        Some(match &self.screen {
            Screen::NoteEditor(ed) if ed.focus == EditorField::Kind => STEP,
            Screen::MoodForm(f) if f.focus == MoodField::Score => SCORE,
            Screen::MoodForm(f) if f.focus == MoodField::Feelings => TICK,
            Screen::IncidentForm(f) if f.focus == IncidentField::Kind => STEP,
            Screen::ProfileForm(f)
                if matches!(f.fields.get(f.focus), Some((FormField::Status, _))) =>
            {
                STEP
            }
            Screen::Admin(_) => return None,
            _ => &[],
        })
    }
}
