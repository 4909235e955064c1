//! The full-screen app's loop, above both `app` and `ui`: it owns the terminal (`terminal`),
//! draws the `App` with `ui::draw`, waits for input and feeds it to `app`, and lets time pass.

use crate::app::{App, handle_event};
use crate::terminal::TerminalGuard;
use crossterm::event;
use std::io;
use std::time::Duration;

/// How long the first key of a sequence such as `g g` waits for the second.
const SEQUENCE_TIMEOUT: Duration = Duration::from_millis(1500);
/// How often the loop wakes while a note draft is pending (it is written 1 s after the last key).
const DRAFT_POLL: Duration = Duration::from_millis(250);
/// How often the loop wakes while a roster is checked or imported: the progress bar moves.
const WORK_POLL: Duration = Duration::from_millis(100);

/// Runs the app until it quits. `started` is when the process began: the time to the first
/// screen is logged, as SPEC §6 asks for it within 0.2 s.
pub fn run(app: &mut App, started: std::time::Instant) -> io::Result<()> {
    let mut guard = TerminalGuard::enter()?;
    let mut first = true;
    let mut shown = None;
    loop {
        // A new screen is drawn on a cleared terminal: a wide character (an emoji flag, say)
        // that the terminal drew wider than ratatui counted would otherwise leave a remnant.
        let now_showing = (std::mem::discriminant(&app.screen), app.hidden);
        if shown.is_some_and(|s| s != now_showing) {
            guard.terminal.clear()?;
        }
        shown = Some(now_showing);
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
        // While a draft waits to be written, wake up often enough to write it on time.
        let wait = if app.working() {
            WORK_POLL
        } else if app.draft_pending() {
            DRAFT_POLL
        } else {
            SEQUENCE_TIMEOUT
        };
        if event::poll(wait)? {
            handle_event(app, event::read()?);
        } else {
            app.input_timed_out();
        }
        app.tick();
    }
}
