//! Input into the app: a key becomes text for a focused input or an `Action` through the
//! keymap. Mouse wheel scrolls, a click selects, a paste goes into the focused input as one
//! piece. The loop that reads the terminal and draws is `crate::tui`, above `app` and `ui`.

use super::{App, InputKind};
use crate::action::Action;
use crate::keymap::{Context, Resolved};
use crate::tr;
use crossterm::event::{
    Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};

impl App {
    /// No input for as long as a key sequence waits: a half-typed sequence (`g`) is dropped.
    pub fn input_timed_out(&mut self) {
        self.pending_keys.clear();
    }

    /// A click on row `row` of the current list.
    pub fn click_row(&mut self, row: usize) {
        self.screen.component_mut().select(row);
    }

    /// Whether the screen's work runs in the background (a roster job): the event loop wakes
    /// often to show its progress.
    pub fn working(&self) -> bool {
        self.screen.component().working()
    }

    /// While such work runs only its own keys (stop it, the help) are taken: the import's
    /// transaction holds the store, and leaving the screen would leave the job unseen.
    pub(super) fn busy_refuses(&mut self, action: Action) -> bool {
        if !self.working() {
            return false;
        }
        match action {
            Action::Cancel | Action::Back | Action::ToggleHelp => false,
            _ => {
                self.set_error(tr!("admin.roster.busy"));
                true
            }
        }
    }

    /// Takes in what the screen's background work has done: called on every tick. While it
    /// runs the idle lock waits: the person is watching it.
    pub(super) fn poll_work(&mut self) {
        let (screen, mut cx) = self.parts();
        screen.component_mut().poll(&mut cx);
        if self.working() {
            self.note_activity(self.store.clock().monotonic());
        }
    }

    /// Waits for a running roster job to end (a test that drives the app without a loop).
    pub fn finish_roster_job(&mut self) {
        while self.working() {
            std::thread::sleep(std::time::Duration::from_millis(10));
            self.poll_work();
        }
    }
}

/// One terminal event into the app: a key, a paste into the focused input, a wheel or a click.
pub fn handle_event(app: &mut App, event: Event) {
    if matches!(event, Event::Key(_) | Event::Paste(_) | Event::Mouse(_)) {
        app.note_activity(app.store.clock().monotonic());
    }
    if app.hidden {
        // Whatever brings the person back shows the screen again, and does nothing else.
        if matches!(event, Event::Key(_)) {
            app.hidden = false;
        }
        return;
    }
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => on_key(app, key),
        Event::Paste(text) => {
            let multi = app.focused_input_kind() == Some(InputKind::MultiLine);
            if multi && let Some(input) = app.focused_input() {
                input.insert_str(text.replace("\r\n", "\n").replace('\r', "\n"));
                app.input_changed();
            } else if let Some(input) = app.focused_input() {
                // Single-line inputs: a pasted line break becomes a space.
                let flat: String = text
                    .chars()
                    .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
                    .collect();
                input.insert_str(flat.trim_end());
                app.input_changed();
            }
        }
        Event::Mouse(mouse) => match mouse.kind {
            MouseEventKind::ScrollDown => app.dispatch(Action::SelectNext),
            MouseEventKind::ScrollUp => app.dispatch(Action::SelectPrev),
            MouseEventKind::Down(MouseButton::Left) => {
                if let Some((area, offset)) = app.hit_areas.list
                    && mouse.column >= area.x
                    && mouse.column < area.x + area.width
                    && mouse.row >= area.y
                    && mouse.row < area.y + area.height
                {
                    app.click_row(offset + usize::from(mouse.row - area.y));
                }
            }
            _ => {}
        },
        _ => {}
    }
}

/// Keys that edit text: printable characters (with or without shift) and the editing keys.
fn edits_text(key: &KeyEvent) -> bool {
    let plain = !key
        .modifiers
        .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT);
    match key.code {
        KeyCode::Char(_) => plain,
        KeyCode::Backspace
        | KeyCode::Delete
        | KeyCode::Left
        | KeyCode::Right
        | KeyCode::Home
        | KeyCode::End => plain,
        _ => false,
    }
}

/// Keys that a multi-line input takes as well: Enter for a new line, Up/Down between lines.
fn edits_lines(key: &KeyEvent) -> bool {
    key.modifiers.is_empty() && matches!(key.code, KeyCode::Enter | KeyCode::Up | KeyCode::Down)
}

pub fn on_key(app: &mut App, key: KeyEvent) {
    let multi = app.focused_input_kind() == Some(InputKind::MultiLine);
    let text_key = edits_text(&key) || (multi && edits_lines(&key));
    if text_key && app.focused_input().is_some() {
        app.pending_keys.clear();
        if let Some(input) = app.focused_input() {
            input.input(key);
        }
        app.input_changed();
        return;
    }
    let contexts = app.contexts();
    match app.keymap.resolve(&contexts, &mut app.pending_keys, key) {
        Resolved::Action(action) => app.dispatch(action),
        Resolved::Unbound if edits_text(&key) && matches!(key.code, KeyCode::Char(_)) => {
            explain_stray_key(app, contexts.first().copied())
        }
        Resolved::Pending | Resolved::Unbound => {}
    }
}

/// A letter typed on a form's choice (a selector, tick boxes, the score) types nothing: say
/// which keys the field takes instead of dropping the letter in silence.
fn explain_stray_key(app: &mut App, context: Option<Context>) {
    let Some(form) = context.filter(|c| {
        matches!(
            c,
            Context::Editor | Context::Form | Context::RecordForm | Context::AdminDialog
        )
    }) else {
        return;
    };
    let keys = |actions: &[Action], sep: &str| -> Option<String> {
        let keys: Option<Vec<String>> = actions
            .iter()
            .map(|a| app.keymap.key_for(form, *a))
            .collect();
        keys.map(|k| k.join(sep))
    };
    // What the focused field takes, when the screen says; else every choice key of the table.
    let takes = app.choice_actions();
    let takes = |a: Action| takes.is_none_or(|t| t.contains(&a));
    let choices: Vec<String> = [
        (Action::Score1, keys(&[Action::Score1, Action::Score5], "~")),
        (Action::Toggle, keys(&[Action::Toggle], "")),
        (
            Action::NextChoice,
            keys(&[Action::PrevChoice, Action::NextChoice], "/"),
        ),
    ]
    .into_iter()
    .filter(|(a, _)| takes(*a))
    .filter_map(|(_, k)| k)
    .collect();
    let (Some(next), false) = (keys(&[Action::NextField], ""), choices.is_empty()) else {
        return;
    };
    app.set_status(tr!(
        "ui.form.not_typed",
        keys = choices.join(&crate::labels::list_separator()),
        next = next
    ));
}
