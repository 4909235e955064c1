//! Search at county scale (SPEC §6: results within 10 ms of each keystroke, 50,000 children):
//! the worst queries, as the first keystroke (nothing remembered) and as typed on. The keys
//! that pass the prefilter are scored by fuzzy-matcher's `SkimMatcherV2`; `README.md` has the
//! figures, and those of the copy of it that scored them before.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a bench on bad data stops

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use shouwang::search::{SearchIndex, bench_items};
use std::hint::black_box;

const CHILDREN: usize = 50_000;
/// What the caseload screen asks for.
const SHOWN: usize = 500;
const QUERIES: [&str; 9] = ["z", "zh", "zhang", "zw", "l", "李", "村", "3", "xyz"];

fn search(c: &mut Criterion) {
    let items = bench_items(CHILDREN);
    let index = SearchIndex::new(&items);

    let mut group = c.benchmark_group("first keystroke, top 500");
    for q in QUERIES {
        group.bench_function(q, |b| {
            b.iter(|| {
                index.forget_recent();
                black_box(index.query_top(black_box(q), SHOWN))
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("typed on, top 500");
    for q in QUERIES {
        let shorter: String = q.chars().take(q.chars().count() - 1).collect();
        group.bench_function(q, |b| {
            b.iter_batched(
                || {
                    index.forget_recent();
                    index.query_top(&shorter, SHOWN);
                },
                |()| black_box(index.query_top(black_box(q), SHOWN)),
                BatchSize::PerIteration,
            )
        });
    }
    group.finish();

    let mut group = c.benchmark_group("every hit");
    for q in QUERIES {
        group.bench_function(q, |b| {
            b.iter(|| {
                index.forget_recent();
                black_box(index.query(black_box(q)))
            })
        });
    }
    group.finish();

    let mut group = c.benchmark_group("index");
    group.sample_size(10);
    group.bench_function("build 50,000", |b| {
        b.iter(|| black_box(SearchIndex::new(black_box(&items))))
    });
    group.finish();
}

criterion_group!(benches, search);
criterion_main!(benches);
