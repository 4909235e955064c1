//! Issue 18 item 2.5: a damaged store is named as damaged, never a panic. One byte of a small
//! store is flipped at many places, and `check`, `counselor list` and `report semester` are run
//! on each damaged copy through the real binary: none may panic (status 101, "panicked"), hang,
//! or end well with figures other than the intact store's while `check` finds the damage.

use crate::common;

use common::{BIN, Home, Session};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const NOW: &str = "2026-12-04T10:00";

/// How one run of the binary ended.
#[derive(Debug)]
struct Run {
    /// `None`: still running after the patience below (killed).
    code: Option<i32>,
    out: String,
    err: String,
}

/// The three commands of the issue: the check, anyone's staff list, a counselor's semester.
const COMMANDS: [&[&str]; 3] = [
    &["check"],
    &["counselor", "list"],
    &["--user", "李老师", "report", "semester"],
];

fn run(home: &Home, db: &Path, args: &[&str]) -> Run {
    let out_file = db.with_extension("out");
    let err_file = db.with_extension("err");
    let mut c = Command::new(BIN);
    c.arg("--db").arg(db).args(["--lang", "en"]).args(args);
    c.env_remove("SHOUWANG_DB");
    for (k, v) in home.env() {
        c.env(k, v);
    }
    c.env("SHOUWANG_NOW", NOW)
        .stdin(Stdio::null())
        .stdout(std::fs::File::create(&out_file).unwrap())
        .stderr(std::fs::File::create(&err_file).unwrap());
    let mut child = c.spawn().unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let code = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break Some(status.code().unwrap_or(-1));
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            break None;
        }
        std::thread::sleep(Duration::from_millis(5));
    };
    Run {
        code,
        out: std::fs::read_to_string(&out_file).unwrap_or_default(),
        err: std::fs::read_to_string(&err_file).unwrap_or_default(),
    }
}

/// A small invented school: 12 children, a few notes each (about 280 KB).
fn small_store(home: &Home) -> PathBuf {
    let db = home.path().join("intact.redb");
    let made = Command::new(BIN)
        .arg("--db")
        .arg(&db)
        .args(["demo", "--children", "12", "--notes-per-child", "6"])
        .envs(home.env())
        .env("SHOUWANG_NOW", NOW)
        .env_remove("SHOUWANG_DB")
        .output()
        .unwrap();
    assert!(
        made.status.success(),
        "{}",
        String::from_utf8_lossy(&made.stderr)
    );
    db
}

/// Every 4096th byte (a place in each page) and a seeded sample of 100 more.
fn sample_offsets(len: usize) -> Vec<usize> {
    let mut offsets: Vec<usize> = (0..len).step_by(4096).collect();
    let mut x: u64 = 0x5eed_0018;
    for _ in 0..100 {
        // A fixed linear congruential sequence: the same offsets on every run.
        x = x
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        offsets.push((x >> 33) as usize % len);
    }
    offsets.sort_unstable();
    offsets.dedup();
    offsets
}

/// What went wrong at one offset, if anything; whether `check` saw damage; how many runs
/// refused the store in other words than damage (a flipped version: "a newer Shouwang").
fn judge(
    home: &Home,
    original: &[u8],
    offset: usize,
    intact: &[Run],
) -> (Vec<String>, bool, usize) {
    let mut bytes = original.to_vec();
    bytes[offset] ^= 0xFF;
    let mut faults = Vec::new();
    let mut runs = Vec::new();
    for args in COMMANDS {
        // Each command on a copy of its own: one command's writes (a login's audit event)
        // never hide or repair the damage the next one meets.
        let db = home.path().join(format!("flip-{offset}.redb"));
        std::fs::write(&db, &bytes).unwrap();
        let r = run(home, &db, args);
        for suffix in ["redb", "out", "err"] {
            let _ = std::fs::remove_file(db.with_extension(suffix));
        }
        match r.code {
            None => faults.push(format!("{offset}: {args:?} hung")),
            Some(101) => faults.push(format!("{offset}: {args:?} exit 101: {}", r.err)),
            _ if r.err.contains("panicked") => {
                faults.push(format!("{offset}: {args:?} panicked: {}", r.err))
            }
            _ => {}
        }
        runs.push(r);
    }
    let check_saw = runs[0].code != Some(0);
    let mut other_words = 0;
    for (i, args) in COMMANDS.iter().enumerate() {
        let r = &runs[i];
        if i > 0 && check_saw && r.code == Some(0) && r.out != intact[i].out {
            faults.push(format!(
                "{offset}: {args:?} ended well with other figures while check found damage"
            ));
        }
        if r.code == Some(1) && !r.err.contains("damaged") {
            // Not a fault by itself (a store can be refused for other reasons), but said.
            eprintln!("{offset}: {args:?} exit 1: {}", r.err.trim());
            other_words += 1;
        }
    }
    (faults, check_saw, other_words)
}

fn flip_each(offsets: &[usize]) {
    let home = Home::at(NOW);
    let db = small_store(&home);
    let original = std::fs::read(&db).unwrap();
    let intact: Vec<Run> = COMMANDS
        .iter()
        .map(|args| {
            let copy = home.path().join("intact-copy.redb");
            std::fs::write(&copy, &original).unwrap();
            let r = run(&home, &copy, args);
            assert_eq!(r.code, Some(0), "{args:?} on the intact store: {}", r.err);
            r
        })
        .collect();
    let started = Instant::now();
    let mut faults = Vec::new();
    let mut seen = 0;
    let mut other_words = 0;
    for &offset in offsets.iter().filter(|&&o| o < original.len()) {
        let (f, saw, other) = judge(&home, &original, offset, &intact);
        faults.extend(f);
        seen += usize::from(saw);
        other_words += other;
    }
    eprintln!(
        "{} offsets of a {}-byte store in {:.0?}: check found damage at {seen}; {other_words} \
         runs refused the store in other words than damage; {} faults",
        offsets.len(),
        original.len(),
        started.elapsed(),
        faults.len()
    );
    assert!(faults.is_empty(), "{}", faults.join("\n"));
}

#[test]
fn a_flipped_byte_is_named_as_damage_never_a_panic() {
    let home = Home::at(NOW);
    let len = std::fs::metadata(small_store(&home)).unwrap().len() as usize;
    flip_each(&sample_offsets(len));
}

/// Every offset of the store (hours on the binary): `cargo test --test cli damage:: -- --ignored`.
/// `FLIP_STRIDE=n` takes every n-th byte instead.
#[test]
#[ignore = "hours: every offset of the store, on the binary"]
fn every_flipped_byte_is_named_as_damage_never_a_panic() {
    let home = Home::at(NOW);
    let len = std::fs::metadata(small_store(&home)).unwrap().len() as usize;
    let stride = std::env::var("FLIP_STRIDE")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1usize);
    let offsets: Vec<usize> = (0..len).step_by(stride.max(1)).collect();
    flip_each(&offsets);
}

/// The full-screen app on a store whose staff page makes redb panic (the start screen lists the
/// staff first): it ends with the sentence and status 1, its terminal given back by the guard,
/// never a panic's backtrace.
#[test]
fn the_app_on_a_damaged_store_says_so_and_never_panics() {
    let home = Home::at(NOW);
    let db = small_store(&home);
    let original = std::fs::read(&db).unwrap();
    let bad = home.path().join("bad.redb");
    let flipped = |offset: usize| {
        let mut bytes = original.clone();
        bytes[offset] ^= 0xFF;
        std::fs::write(&bad, &bytes).unwrap();
    };
    // A byte inside a page that redb panics on, found the way `counselor list` meets it.
    let offset = (0..original.len())
        .step_by(4096)
        .map(|page| page + 17)
        .find(|&offset| {
            flipped(offset);
            let r = run(&home, &bad, &["counselor", "list"]);
            r.code == Some(1) && r.err.contains("cannot be read where it should be")
        })
        .expect("no page of the small store makes redb panic: find another way in");
    flipped(offset);
    let said = home.path().join("app.err");
    let app = Session::start(
        &home,
        &format!(
            "--db '{}' --lang en --user 李老师 2> '{}'",
            bad.display(),
            said.display()
        ),
        80,
        24,
    );
    assert_eq!(app.wait_for_exit(), 1);
    let said = std::fs::read_to_string(&said).unwrap();
    assert!(said.contains("The store is damaged"), "{said}");
    assert!(!said.contains("panicked"), "{said}");
}
