//! The fault suite (issue 21, item 5): stores opened through a redb `StorageBackend` that
//! fails at a chosen point (a write, a flush, a sync, a short write, no space, a read), while
//! the library imports a roster, saves a note, takes in letters, builds a demo school or makes
//! an assignment.
//!
//! ```text
//! cargo run --release --example fault_suite -- --runs 300 [--seed S]
//! ```
//!
//! Each operation is first run without a fault to count its I/O calls of each kind; each run
//! then strikes the k-th call of one kind, k drawn within that count. The library must answer
//! with an error said as a sentence (a panic is damage), and the disk, opened again with the
//! normal backend both as written and as of its last sync (a power cut drops what was not
//! synced), must hold the state before the operation or the one after, never a third, and
//! pass `check`. The last line is `N runs, L lost, C damaged`; the exit status is non-zero
//! unless L and C are 0. "lost": the operation answered Ok (or the state before it was
//! acknowledged) and its writes are not there; "damaged": a panic, an error that is not a
//! sentence, a disk that does not open or fails `check`, or a third state. Once the disk is
//! sound again the same store must read and write at once (the store opens its file again
//! after an I/O error): a run where that next operation fails is damage too.

mod disk;
mod ops;

use clap::Parser;
use disk::{Calls, Disk, FAULTS, Fault};
use ops::{Fingerprint, OPS, Op, Res, Templates};
use std::path::Path;
use std::process::ExitCode;
use std::time::Instant;

#[derive(Parser)]
#[command(about = "Fails the store's disk at chosen points and checks what it holds after")]
struct Args {
    /// How many faulted runs, spread evenly over the operations and the kinds of fault.
    #[arg(long, default_value_t = 60)]
    runs: usize,
    /// The seed of the calls struck (printed at the start, to run the same faults again).
    #[arg(long)]
    seed: Option<u64>,
}

/// A small xorshift generator: the faults are reproducible from the printed seed.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x9E37_79B9_7F4A_7C15 | 1)
    }
    fn below(&mut self, n: u64) -> u64 {
        let mut x = self.0;
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        self.0 = x;
        if n == 0 { 0 } else { x % n }
    }
}

#[derive(Default)]
struct Tally {
    runs: usize,
    struck: usize,
    refused: usize,
    stuck: usize,
    lost: usize,
    damaged: usize,
}

/// An operation, where it starts and where it ends unfaulted.
struct Known {
    op: Op,
    before: Fingerprint,
    after: Fingerprint,
    calls: Calls,
}

fn main() -> ExitCode {
    match run() {
        Ok(true) => ExitCode::SUCCESS,
        Ok(false) => ExitCode::FAILURE,
        Err(e) => {
            eprintln!("fault suite: {e}");
            ExitCode::from(2)
        }
    }
}

fn fingerprint(bytes: &[u8], dir: &Path, what: &str) -> Res<Fingerprint> {
    ops::inspect(bytes, dir)?.map_err(|e| format!("{what}: {e}"))
}

fn run() -> Res<bool> {
    let args = Args::parse();
    shouwang::i18n::set_lang(shouwang::i18n::Lang::Zh);
    let seed = match args.seed {
        Some(s) => s,
        None => rand_core::RngCore::next_u64(&mut rand_core::OsRng),
    };
    println!(
        "fault suite: seed {seed} (run again with --seed {seed}), {} runs",
        args.runs
    );
    let work = tempfile::Builder::new()
        .prefix("fault-suite-")
        .tempdir()
        .map_err(|e| e.to_string())?;
    let dir = work.path();
    let started = Instant::now();
    let t = Templates::make(dir)?;

    // Each operation without a fault: its calls, and the states before and after.
    let mut known = Vec::new();
    for op in OPS {
        let disk = Disk::with(t.start(op).to_vec());
        let ran = ops::run(op, &t, &disk, dir, None)?;
        if let Err(e) = &ran.answer {
            return Err(format!("{} fails without a fault: {e}", op.name()));
        }
        let before = fingerprint(t.start(op), dir, "the template")?;
        let after = fingerprint(&ran.written, dir, op.name())?;
        if fingerprint(&ran.synced, dir, op.name())? != after {
            return Err(format!(
                "{}: what it wrote unfaulted was not synced",
                op.name()
            ));
        }
        let c = ran.calls;
        println!(
            "{:<15} {} writes, {} flushes, {} syncs, {} reads; {:?} → {:?}",
            op.name(),
            c.writes,
            c.set_lens,
            c.syncs,
            c.reads,
            before,
            after
        );
        known.push(Known {
            op,
            before,
            after,
            calls: c,
        });
    }

    let mut rng = Rng::new(seed);
    let mut tallies: Vec<(Op, Fault, Tally)> = Vec::new();
    for k in &known {
        for f in FAULTS {
            tallies.push((k.op, f, Tally::default()));
        }
    }
    let (mut lost, mut damaged) = (0, 0);
    // The first error each operation said for each kind of fault, to read.
    let mut said: Vec<(Op, Fault, String)> = Vec::new();
    for n in 0..args.runs {
        let Some(k) = known.get(n % known.len()) else {
            continue;
        };
        // The kinds in turn; one this operation never calls gives way to the next.
        let turn = n / known.len();
        let Some(fault) = (0..FAULTS.len())
            .filter_map(|i| FAULTS.get((turn + i) % FAULTS.len()).copied())
            .find(|f| k.calls.of(*f) > 0)
        else {
            continue;
        };
        let at = 1 + rng.below(k.calls.of(fault));
        let disk = Disk::with(t.start(k.op).to_vec());
        let ran = ops::run(k.op, &t, &disk, dir, Some((fault, at)))?;
        let mut lost_why = Vec::new();
        let mut damaged_why = Vec::new();
        if let Some(p) = &ran.panicked {
            damaged_why.push(format!("panicked: {p}"));
        } else if let Err(said) = &ran.answer
            && !ops::is_sentence(said)
        {
            damaged_why.push(format!("the error is not a sentence: {said:?}"));
        }
        if let Err(e) = &ran.goes_on {
            damaged_why.push(format!(
                "once the disk is sound, the next operation on the same store fails: {e}"
            ));
        }
        if let Err(e) = &ran.answer
            && !said.iter().any(|(o, f, _)| *o == k.op && *f == fault)
        {
            said.push((k.op, fault, e.clone()));
        }
        let images: Vec<(&str, &Vec<u8>)> = if ran.synced == ran.written {
            vec![("the disk", &ran.written)]
        } else {
            vec![("as written", &ran.written), ("as synced", &ran.synced)]
        };
        for (name, bytes) in images {
            match ops::inspect(bytes, dir)? {
                Err(e) => damaged_why.push(format!("{name}: {e}")),
                Ok(fp) if fp != k.before && fp != k.after => damaged_why.push(format!(
                    "{name}: {fp:?} is neither {:?} nor {:?}",
                    k.before, k.after
                )),
                Ok(fp) if ran.answer.is_ok() && fp != k.after => lost_why.push(format!(
                    "{name}: it answered Ok and holds {fp:?}, not {:?}",
                    k.after
                )),
                Ok(_) => {}
            }
        }
        if let Some((_, _, tally)) = tallies
            .iter_mut()
            .find(|(o, f, _)| *o == k.op && *f == fault)
        {
            tally.runs += 1;
            tally.struck += usize::from(disk.fired());
            tally.refused += usize::from(ran.answer.is_err());
            tally.stuck += usize::from(ran.goes_on.is_err());
            tally.lost += usize::from(!lost_why.is_empty());
            tally.damaged += usize::from(!damaged_why.is_empty());
        }
        lost += usize::from(!lost_why.is_empty());
        damaged += usize::from(!damaged_why.is_empty());
        if !lost_why.is_empty() || !damaged_why.is_empty() {
            println!(
                "run {n} ({}, {} at call {at}, seed {seed}): lost {lost_why:?}, damaged {damaged_why:?}; it said {:?}",
                k.op.name(),
                fault.name(),
                ran.answer
            );
        }
    }

    for (op, fault, t) in &tallies {
        if t.runs > 0 {
            println!(
                "{:<15} {:<12} {:>4} runs, {} struck, {} answered with an error, {} where the next operation failed too: {} lost, {} damaged",
                op.name(),
                fault.name(),
                t.runs,
                t.struck,
                t.refused,
                t.stuck,
                t.lost,
                t.damaged
            );
        }
    }
    for (op, fault, e) in &said {
        println!("{:<15} {:<12} said: {e}", op.name(), fault.name());
    }
    println!("took {:.0} s", started.elapsed().as_secs_f64());
    let runs: usize = tallies.iter().map(|(_, _, t)| t.runs).sum();
    println!("{runs} runs, {lost} lost, {damaged} damaged");
    Ok(lost == 0 && damaged == 0)
}
