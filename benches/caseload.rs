//! Opening the caseload and This week (SPEC §6: the first screen within 0.2 s at county
//! scale). Point `SHOUWANG_BENCH_DB` at a county store made by
//! `shouwang demo --children 50000 --notes-per-child 40` for the real figures; without it
//! the bench builds a small demo store of its own.

use criterion::{Criterion, criterion_group, criterion_main};
use shouwang::app::{CaseloadState, ThisWeekState};
use shouwang::config::Config;
use shouwang::demo::{DemoOptions, fill};
use shouwang::model::{Actor, Counselor, Role};
use shouwang::store::Store;
use std::hint::black_box;

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_default()
}

fn store() -> (Option<tempfile::TempDir>, Store) {
    if let Ok(path) = std::env::var("SHOUWANG_BENCH_DB") {
        let store = Store::open(std::path::Path::new(&path)).expect("the county store");
        return (None, store);
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = Store::open(&dir.path().join("bench.redb")).expect("a new store");
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
}

criterion_group!(benches, caseload);
criterion_main!(benches);
