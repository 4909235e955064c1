//! How long `shouwang demo` takes to fill a small store (500 children × 20 notes), so a change
//! to the store's write path or to the generator shows up as a number.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a bench on bad data stops

use criterion::{Criterion, criterion_group, criterion_main};
use shouwang::demo::{DemoOptions, fill};
use shouwang::model::Actor;
use shouwang::store::Store;

fn small_demo(c: &mut Criterion) {
    let options = DemoOptions {
        children: 500,
        notes_per_child: 20,
        seed: 1,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_default(),
    };
    let actor = Actor::CommandLine("bench".into());
    let mut group = c.benchmark_group("demo");
    group.sample_size(10);
    group.bench_function("fill 500 children x 20 notes", |b| {
        b.iter_with_setup(
            || {
                let dir = tempfile::tempdir().expect("a temporary folder");
                let store =
                    Store::open(&dir.path().join("bench.db"), clock()).expect("a new store");
                (dir, store)
            },
            |(dir, store)| {
                let summary =
                    fill(&store, None, &actor, &options, &mut |_, _| {}).expect("demo fill");
                drop(store);
                drop(dir);
                summary
            },
        );
    });
    group.finish();
}

criterion_group!(benches, small_demo);
criterion_main!(benches);

/// The clock of the bench's stores: fixed, so that a run measures the same school on any day.
fn clock() -> shouwang::clock::Clock {
    shouwang::clock::Clock::fixed(
        chrono::NaiveDate::from_ymd_opt(2026, 11, 25)
            .unwrap_or_default()
            .and_hms_opt(10, 0, 0)
            .unwrap_or_default(),
    )
}
