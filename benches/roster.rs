//! The roster preview and import from the app (issue 12): how long a county's file takes, and
//! that the screen never waits on it. The app is driven as the event loop drives it: the
//! coordinator types the path on the Admin screen's roster tab, and every 100 ms (the loop's
//! pace while work runs) a tick polls the worker and a frame is drawn, at 100×30; the longest
//! tick-and-draw is what a person could feel. Then the same file again, every row unchanged.
//!
//!     shouwang --db /tmp/r.redb demo --children 50000 --notes-per-child 0
//!     shouwang --db /tmp/r.redb --user 周主任 export csv --out /tmp/roster-50000.csv
//!     SHOUWANG_BENCH_ROSTER=/tmp/roster-50000.csv cargo bench --bench roster
//!
//! A plain program (no criterion): one import of 50,000 rows is the measurement.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a bench on bad data stops

use ratatui::Terminal;
use ratatui::backend::TestBackend;
use shouwang::action::Action;
use shouwang::app::{AdminTab, App, RosterStep, Screen};
use shouwang::config::Config;
use shouwang::keymap::Keymap;
use shouwang::model::{Actor, Role};
use shouwang::store::{Passphrase, Store};
use std::time::{Duration, Instant};

const PASSPHRASE: &str = "青山绿水 bench 2026";

struct Run {
    total: Duration,
    frames: usize,
    longest_frame: Duration,
}

/// Ticks and draws every 100 ms until the roster job ends.
fn watch(app: &mut App, terminal: &mut Terminal<TestBackend>) -> Run {
    let started = Instant::now();
    let mut run = Run {
        total: Duration::ZERO,
        frames: 0,
        longest_frame: Duration::ZERO,
    };
    while app.working() {
        std::thread::sleep(Duration::from_millis(100));
        let frame = Instant::now();
        app.tick();
        // A key pressed meanwhile is answered at once (and refused, the job still running).
        app.dispatch(Action::SelectNext);
        terminal
            .draw(|f| shouwang::ui::draw(f, app))
            .expect("a frame");
        run.longest_frame = run.longest_frame.max(frame.elapsed());
        run.frames += 1;
    }
    run.total = started.elapsed();
    run
}

fn report(what: &str, run: &Run) {
    println!(
        "{what:<28} {:>8.2} s   {:>4} frames, the longest {:>6.1} ms",
        run.total.as_secs_f64(),
        run.frames,
        run.longest_frame.as_secs_f64() * 1000.0
    );
}

fn summary(app: &App) -> String {
    match &app.screen {
        Screen::Admin(s) => match &s.roster.step {
            RosterStep::Preview { report, .. } | RosterStep::Done { report, .. } => format!(
                "added {}, updated {}, unchanged {}, rejected {}",
                report.added.len(),
                report.updated.len(),
                report.unchanged,
                report.rejected_count()
            ),
            _ => format!("{:?}", app.status),
        },
        _ => format!("{:?}", app.status),
    }
}

/// Peak resident memory of this process (Linux), in MB.
fn peak_mb() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kb: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kb / 1024.0)
}

fn main() {
    let Ok(file) = std::env::var("SHOUWANG_BENCH_ROSTER") else {
        eprintln!(
            "Set SHOUWANG_BENCH_ROSTER to a roster file, e.g. a demo store's roster: \
             `shouwang --db /tmp/r.redb demo --children 50000 --notes-per-child 0`, then \
             `shouwang --db /tmp/r.redb --user 周主任 export csv --out /tmp/roster-50000.csv`."
        );
        return;
    };
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = Store::open(&dir.path().join("bench.redb"), clock()).expect("a new store");
    store
        .bootstrap(
            &Actor::CommandLine("bench".into()),
            "周主任",
            Role::Coordinator,
            vec![],
            &Passphrase::new(PASSPHRASE),
        )
        .expect("the coordinator");
    let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap_or_default();
    let mut app = App::new(store, Config::default(), Keymap::default(), vec![], today);
    app.login_by_name("周主任", Some(&Passphrase::new(PASSPHRASE)))
        .expect("logged in");
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).expect("a terminal");
    println!("before: peak {:.0} MB", peak_mb().unwrap_or(0.0));
    for pass in ["first", "again (all unchanged)"] {
        let opened = Instant::now();
        app.show_admin(AdminTab::Roster);
        println!(
            "opening Admin ({pass}) {:>6.1} ms",
            opened.elapsed().as_secs_f64() * 1000.0
        );
        app.dispatch(Action::ChooseFile);
        if let Some(input) = app.focused_input() {
            input.insert_str(&file);
        }
        app.dispatch(Action::Save);
        let preview = watch(&mut app, &mut terminal);
        report(&format!("preview, {pass}"), &preview);
        println!(
            "    {}; peak so far {:.0} MB",
            summary(&app),
            peak_mb().unwrap_or(0.0)
        );
        app.dispatch(Action::ConfirmImport);
        let import = watch(&mut app, &mut terminal);
        report(&format!("import, {pass}"), &import);
        println!(
            "    {}; peak so far {:.0} MB",
            summary(&app),
            peak_mb().unwrap_or(0.0)
        );
        app.dispatch(Action::Cancel);
    }
    // The assignments of the county's children: read when the tab is first shown, and the
    // search index built on the first keystroke.
    app.show_admin(AdminTab::Roster);
    let shown = Instant::now();
    app.dispatch(Action::PrevTab);
    println!(
        "assignments tab, {} children {:>6.1} ms",
        match &app.screen {
            Screen::Admin(s) => s.children.rows.len(),
            _ => 0,
        },
        shown.elapsed().as_secs_f64() * 1000.0
    );
    app.dispatch(Action::FocusSearch);
    for (i, c) in "zhw".chars().enumerate() {
        let typed = Instant::now();
        if let Some(input) = app.focused_input() {
            input.insert_char(c);
        }
        app.input_changed();
        println!(
            "search keystroke {} {:>6.1} ms",
            i + 1,
            typed.elapsed().as_secs_f64() * 1000.0
        );
    }
    if let Some(mb) = peak_mb() {
        println!("peak memory {mb:.0} MB");
    }
}

/// The clock of the bench's stores: fixed, so that a run measures the same school on any day.
fn clock() -> shouwang::clock::Clock {
    shouwang::clock::Clock::fixed(
        chrono::NaiveDate::from_ymd_opt(2026, 11, 26)
            .unwrap_or_default()
            .and_hms_opt(10, 0, 0)
            .unwrap_or_default(),
    )
}
