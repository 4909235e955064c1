//! The event loop: draw, wait for input, turn it into text for a focused input or into an
//! `Action` through the keymap. Mouse wheel scrolls, a click selects, a paste goes into the
//! focused input as one piece.

use super::App;
use crate::action::Action;
use crate::keymap::Resolved;
use crate::terminal::TerminalGuard;
use crossterm::event::{
    self, Event, KeyCode, KeyEvent, KeyEventKind, KeyModifiers, MouseButton, MouseEventKind,
};
use std::io;
use std::time::Duration;

/// How long the first key of a sequence such as `g g` waits for the second.
const SEQUENCE_TIMEOUT: Duration = Duration::from_millis(1500);

/// Runs the app until it quits. `started` is when the process began: the time to the first
/// screen is logged, as SPEC §6 asks for it within 0.2 s.
pub fn run(app: &mut App, started: std::time::Instant) -> io::Result<()> {
    let mut guard = TerminalGuard::enter()?;
    let mut first = true;
    loop {
        guard.terminal.draw(|frame| crate::ui::draw(frame, app))?;
        if first {
            first = false;
            tracing::info!(
                ms = started.elapsed().as_secs_f64() * 1000.0,
                "first screen drawn"
            );
        }
        if app.quit {
            return Ok(());
        }
        if event::poll(SEQUENCE_TIMEOUT)? {
            handle_event(app, event::read()?);
        } else {
            app.pending_keys.clear();
        }
        // The poll above wakes at least every 1.5 s, so a draft is never older than that.
        app.tick(std::time::Instant::now());
    }
}

pub fn handle_event(app: &mut App, event: Event) {
    match event {
        Event::Key(key) if key.kind != KeyEventKind::Release => on_key(app, key),
        Event::Paste(text) => {
            let multiline = app.focused_is_multiline();
            if let Some(input) = app.focused_input() {
                if multiline {
                    // Keep the lines; Windows line ends become one break, not two.
                    input.insert_str(text.replace("\r\n", "\n").replace('\r', "\n"));
                } else {
                    // A one-line input: a pasted line break becomes a space.
                    let flat: String = text
                        .chars()
                        .map(|c| if c == '\n' || c == '\r' { ' ' } else { c })
                        .collect();
                    input.insert_str(flat.trim_end());
                }
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

/// Keys that edit text: printable characters (with or without shift) and the editing keys;
/// in a multi-line input also Enter (a new line) and Up/Down (move between lines).
fn edits_text(key: &KeyEvent, multiline: bool) -> bool {
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
        KeyCode::Enter | KeyCode::Up | KeyCode::Down => plain && multiline,
        _ => false,
    }
}

pub fn on_key(app: &mut App, key: KeyEvent) {
    if edits_text(&key, app.focused_is_multiline()) && app.focused_input().is_some() {
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
        Resolved::Pending | Resolved::Unbound => {}
    }
}
