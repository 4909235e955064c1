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

/// How long the screen took to answer each key, click or paste (handled and drawn): logged
/// when the app quits, so that a slow screen shows in the log of the computer it was slow on.
#[derive(Default)]
struct TickTimes(Vec<Duration>);

impl TickTimes {
    fn add(&mut self, took: Duration) {
        tracing::debug!(ms = took.as_secs_f64() * 1000.0, "answered");
        self.0.push(took);
    }

    fn log(&mut self) {
        if self.0.is_empty() {
            return;
        }
        self.0.sort_unstable();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let at = |q: f64| self.0[((self.0.len() - 1) as f64 * q).round() as usize];
        tracing::info!(
            answers = self.0.len(),
            median_ms = ms(at(0.5)),
            p99_ms = ms(at(0.99)),
            longest_ms = ms(at(1.0)),
            "screen ticks"
        );
    }
}

/// Runs the app until it quits. `started` is when the process began: the time to the first
/// screen is logged, as SPEC §6 asks for it within 0.2 s.
pub fn run(app: &mut App, started: std::time::Instant) -> io::Result<()> {
    let mut guard = TerminalGuard::enter()?;
    let mut first = true;
    let mut shown = None;
    let mut ticks = TickTimes::default();
    let mut answering: Option<std::time::Instant> = None;
    loop {
        // A new screen is drawn on a cleared terminal: a wide character (an emoji flag, say)
        // that the terminal drew wider than ratatui counted would otherwise leave a remnant.
        let now_showing = (std::mem::discriminant(&app.screen), app.hidden);
        if shown.is_some_and(|s| s != now_showing) {
            guard.terminal.clear()?;
        }
        shown = Some(now_showing);
        guard.terminal.draw(|frame| crate::ui::draw(frame, app))?;
        if let Some(since) = answering.take() {
            ticks.add(since.elapsed());
        }
        if first {
            first = false;
            tracing::info!(
                ms = started.elapsed().as_secs_f64() * 1000.0,
                "first screen drawn"
            );
        }
        if app.quit {
            ticks.log();
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
            let event = event::read()?;
            answering = Some(std::time::Instant::now());
            handle_event(app, event);
        } else {
            app.input_timed_out();
        }
        app.tick();
    }
}
