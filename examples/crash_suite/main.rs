//! The crash suite (issue 21, item 4): kills the real release binary with SIGKILL at random
//! moments during a roster import, a letters import, `demo`, an export, a restore, the first
//! coordinator's creation and note saves typed in the app under tmux; then runs `check` and
//! verifies that every acknowledged write is there.
//!
//! ```text
//! cargo build --release --bin shouwang
//! cargo run --release --example crash_suite -- --kills 200 [--seed S] [--only restore]
//! ```
//!
//! Each operation is first run unkilled to measure how long it takes; each kill then comes
//! at a delay drawn uniformly within that span and a tenth more, so that most land
//! mid-operation and some as the operation says it is done. The last
//! line is `N kills, L lost, C damaged`, and the exit status is non-zero unless L and C are 0:
//! "lost" is an acknowledged write missing afterwards (what the command said was done, a note
//! the screen showed saved), "damaged" a store that `check` faults or that does not open, or
//! a state that is neither the one before an all-or-nothing operation nor the one after.

mod app;
mod data;
mod home;
mod scenarios;

use clap::Parser;
use home::{Home, Res};
use scenarios::{KINDS, Kind, Outcome, Templates};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

#[derive(Parser)]
#[command(about = "Kills the release binary at random moments and checks what survives")]
struct Args {
    /// How many kills, spread evenly over the operations.
    #[arg(long, default_value_t = 20)]
    kills: usize,
    /// The seed of the kill delays (printed at the start, to run the same kills again).
    #[arg(long)]
    seed: Option<u64>,
    /// Only this operation (a name as printed, e.g. "restore").
    #[arg(long)]
    only: Option<String>,
    /// Keep the working folder even when nothing was lost or damaged.
    #[arg(long)]
    keep: bool,
}

/// A small xorshift generator: the delays are reproducible from the printed seed.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15 | 1)
    }
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        x
    }
    fn below(&mut self, n: u64) -> u64 {
        if n == 0 { 0 } else { self.next() % n }
    }
}

/// The release binary beside this example: `target/release/examples/crash_suite` →
/// `target/release/shouwang`.
fn binary() -> Res<PathBuf> {
    let me = std::env::current_exe().map_err(|e| e.to_string())?;
    let release = me
        .parent()
        .and_then(|examples| examples.parent())
        .ok_or("the example's folder has no parent")?;
    let bin = release.join(format!("shouwang{}", std::env::consts::EXE_SUFFIX));
    if bin.is_file() {
        Ok(bin)
    } else {
        Err(format!(
            "The binary to kill, {}, is missing: build it first with `cargo build --release --bin shouwang`.",
            bin.display()
        ))
    }
}

#[derive(Default)]
struct Tally {
    kills: usize,
    mid: usize,
    acknowledged: usize,
    lost: usize,
    damaged: usize,
}

fn trial(
    home: &Home,
    t: &Templates,
    kind: Kind,
    dir: &std::path::Path,
    delay: Option<Duration>,
) -> Res<Outcome> {
    std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
    match kind {
        Kind::AppNotes => app::notes_trial(home, &t.school, dir, delay),
        _ => scenarios::cli_trial(home, t, kind, dir, delay),
    }
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("crash suite: {e}");
            ExitCode::from(2)
        }
    }
}

fn run() -> Res<bool> {
    let args = Args::parse();
    let bin = binary()?;
    let seed = match args.seed {
        Some(s) => s,
        None => rand_core::RngCore::next_u64(&mut rand_core::OsRng),
    };
    println!(
        "crash suite: seed {seed} (run again with --seed {seed}), {} kills of {}",
        args.kills,
        bin.display()
    );
    let kinds: Vec<Kind> = KINDS
        .into_iter()
        .filter(|k| args.only.as_deref().is_none_or(|o| o == k.name()))
        .collect();
    if kinds.is_empty() {
        return Err(format!("no operation is named {:?}", args.only));
    }
    if kinds.contains(&Kind::AppNotes)
        && !std::process::Command::new("tmux")
            .arg("-V")
            .output()
            .is_ok_and(|o| o.status.success())
    {
        return Err("tmux is needed for the app's note saves (apt-get install tmux).".into());
    }
    let work = tempfile::Builder::new()
        .prefix("crash-suite-")
        .tempdir()
        .map_err(|e| e.to_string())?;
    let home = Home {
        dir: work.path().to_path_buf(),
        bin,
    };
    let started = Instant::now();
    let templates = Templates::make(&home)?;
    println!("stores made in {:.1} s", started.elapsed().as_secs_f64());

    // Each operation unkilled: how long it takes, and that it passes its own checks.
    let mut spans = Vec::new();
    for &kind in &kinds {
        let dir = home.dir.join(format!("measure-{}", spans.len()));
        let o = trial(&home, &templates, kind, &dir, None)?;
        if !o.lost.is_empty() || !o.damaged.is_empty() {
            return Err(format!(
                "{} fails unkilled: {:?} {:?}",
                kind.name(),
                o.lost,
                o.damaged
            ));
        }
        println!(
            "{:<20} takes {:>5} ms unkilled",
            kind.name(),
            o.took.as_millis()
        );
        spans.push((kind, o.took));
        let _ = std::fs::remove_dir_all(&dir);
    }

    let mut rng = Rng::new(seed);
    let mut tallies: Vec<Tally> = kinds.iter().map(|_| Tally::default()).collect();
    let mut failures = false;
    for n in 0..args.kills {
        let slot = n % spans.len();
        let Some(&(kind, span)) = spans.get(slot) else {
            continue;
        };
        // The span and a tenth more: some kills come as the command says it is done, where
        // an acknowledged write could be lost.
        let micros = u64::try_from(span.as_micros() * 11 / 10).unwrap_or(u64::MAX);
        let delay = Duration::from_micros(rng.below(micros));
        let dir = home.dir.join(format!("kill-{n}"));
        let o = trial(&home, &templates, kind, &dir, Some(delay))?;
        if let Some(t) = tallies.get_mut(slot) {
            t.kills += 1;
            t.mid += usize::from(!o.finished);
            t.acknowledged += o.acknowledged;
            t.lost += usize::from(!o.lost.is_empty());
            t.damaged += usize::from(!o.damaged.is_empty());
        }
        if o.lost.is_empty() && o.damaged.is_empty() {
            let _ = std::fs::remove_dir_all(&dir);
        } else {
            failures = true;
            println!(
                "kill {n} ({}, after {} ms, seed {seed}): lost {:?}, damaged {:?}; kept in {}",
                kind.name(),
                delay.as_millis(),
                o.lost,
                o.damaged,
                dir.display()
            );
        }
    }

    let (mut lost, mut damaged, mut kills) = (0, 0, 0);
    for (&(kind, span), t) in spans.iter().zip(&tallies) {
        println!(
            "{:<20} {:>4} kills ({} mid-operation, {} after it ended; span {} ms), {} writes acknowledged: {} lost, {} damaged",
            kind.name(),
            t.kills,
            t.mid,
            t.kills - t.mid,
            span.as_millis(),
            t.acknowledged,
            t.lost,
            t.damaged
        );
        kills += t.kills;
        lost += t.lost;
        damaged += t.damaged;
    }
    println!("took {:.0} s", started.elapsed().as_secs_f64());
    if failures || args.keep {
        let kept = work.keep();
        println!("the working folder is kept: {}", kept.display());
    }
    println!("{kills} kills, {lost} lost, {damaged} damaged");
    Ok(lost == 0 && damaged == 0)
}
