//! Opening the caseload and This week (SPEC §6: the first screen within 0.2 s at county
//! scale), unlocking, and saving a note. Point `SHOUWANG_BENCH_DB` at a county store made by
//! `shouwang demo --children 50000 --notes-per-child 40` for the real figures; without it
//! the bench builds a small demo store of its own. For an encrypted county store (made by
//! `shouwang counselor add 周主任 --role coordinator` then `shouwang --user 周主任 demo …`),
//! also set `SHOUWANG_BENCH_USER` (the coordinator) and `SHOUWANG_PASSPHRASE`: the bench
//! gives the counselor it uses the same passphrase.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a bench on bad data stops

use criterion::{Criterion, criterion_group, criterion_main};
use shouwang::app::{CaseloadState, ThisWeekState};
use shouwang::config::Config;
use shouwang::demo::{DemoOptions, fill};
use shouwang::model::{Actor, Counselor, Role};
use shouwang::model::{ChildId, NoteKind};
use shouwang::store::{NoteInput, Passphrase, Store};
use std::hint::black_box;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_default()
}

fn store() -> (Option<tempfile::TempDir>, Store) {
    if let Ok(path) = std::env::var("SHOUWANG_BENCH_DB") {
        let store = Store::open(std::path::Path::new(&path), clock()).expect("the county store");
        return (None, store);
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = Store::open(&dir.path().join("bench.redb"), clock()).expect("a new store");
    let options = DemoOptions {
        children: 2_000,
        notes_per_child: 10,
        seed: 1,
        today: today(),
    };
    fill(
        &store,
        None,
        &Actor::CommandLine("bench".into()),
        &options,
        &mut |_, _| {},
    )
    .expect("demo fill");
    (Some(dir), store)
}

/// On an encrypted store: unlocks as the coordinator and as `counselor` (given the same
/// passphrase), and measures the unlock itself.
fn unlock(c: &mut Criterion, store: &Store, counselor: &Counselor) {
    if !store.needs_passphrase() {
        return;
    }
    let boss = std::env::var("SHOUWANG_BENCH_USER").expect("SHOUWANG_BENCH_USER");
    let pass = Passphrase::new(std::env::var("SHOUWANG_PASSPHRASE").expect("SHOUWANG_PASSPHRASE"));
    let session = store.unlock(&boss, &pass).expect("the coordinator unlocks");
    session
        .reset_passphrase(counselor.id, &pass)
        .expect("the counselor's passphrase");
    drop(session);
    let mut group = c.benchmark_group("unlock");
    group.sample_size(10);
    group.bench_function("passphrase to session", |b| {
        b.iter(|| {
            drop(black_box(
                store.unlock(&counselor.name, &pass).expect("unlock"),
            ))
        })
    });
    group.finish();
    // Both unlocked for what follows, whether or not a filter ran the bench above.
    store
        .unlock(&counselor.name, &pass)
        .expect("the counselor unlocks");
    store.unlock(&boss, &pass).expect("the coordinator unlocks");
}

fn caseload(c: &mut Criterion) {
    let (_dir, store) = store();
    let config = Config::default();
    let staff: Vec<Counselor> = store.staff().expect("staff");
    let coordinator = staff
        .iter()
        .find(|s| s.role == Role::Coordinator)
        .expect("a coordinator")
        .clone();
    let counselor = staff
        .iter()
        .find(|s| s.role == Role::Counselor)
        .expect("a counselor")
        .clone();
    unlock(c, &store, &counselor);
    let mut group = c.benchmark_group("open");
    group.sample_size(10);
    for (label, who) in [("coordinator", &coordinator), ("counselor", &counselor)] {
        let session = store.session(who).expect("a session");
        group.bench_function(format!("caseload, {label}"), |b| {
            // Leaving the screen (dropping the rows) is not part of opening it.
            b.iter_with_large_drop(|| {
                let reader = session.reader().expect("reader");
                black_box(CaseloadState::load(&reader, &config, today()).expect("load"))
            })
        });
        group.bench_function(format!("this week, {label}"), |b| {
            // Leaving the screen (dropping the rows) is not part of opening it.
            b.iter_with_large_drop(|| {
                let reader = session.reader().expect("reader");
                black_box(ThisWeekState::load(&reader, &config, today()).expect("load"))
            })
        });
    }
    group.finish();
    let session = store.session(&counselor).expect("a session");
    let child: ChildId = session
        .reader()
        .expect("reader")
        .children_in_care()
        .expect("children")
        .first()
        .expect("a child in care")
        .id;
    let mut group = c.benchmark_group("save");
    group.sample_size(20);
    group.bench_function("a note, durable", |b| {
        b.iter(|| {
            session
                .write(|w| {
                    w.add_note(NoteInput {
                        children: vec![child],
                        kind: NoteKind::Talk,
                        at: today().and_hms_opt(16, 0, 0).unwrap_or_default(),
                        duration_min: Some(20),
                        text: "聊了这周的作业和奶奶的身体。".into(),
                        mood: Some(4),
                        support: String::new(),
                        follow_up: None,
                    })
                })
                .expect("saved")
        })
    });
    group.finish();
}

criterion_group!(benches, caseload);
criterion_main!(benches);

/// The clock of the bench's stores: fixed, so that a run measures the same school on any day.
fn clock() -> shouwang::clock::Clock {
    shouwang::clock::Clock::fixed(today().and_hms_opt(10, 0, 0).unwrap_or_default())
}
