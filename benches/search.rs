//! Search at county scale (SPEC §6: results within 10 ms of each keystroke, 50,000 children):
//! the worst queries, as the first keystroke (nothing remembered) and as typed on.

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use shouwang::search::{Scoring, SearchIndex, bench_items};
use std::hint::black_box;

const CHILDREN: usize = 50_000;
/// What the caseload screen asks for.
const SHOWN: usize = 500;
const QUERIES: [&str; 6] = ["z", "zh", "zhang", "l", "村", "3"];

fn search(c: &mut Criterion) {
    let items = bench_items(CHILDREN);
    let index = SearchIndex::new(&items);

    // The same queries with the keys that pass the prefilter scored by the copy of the
    // crate's matcher in `search/skim.rs` ("own") and by `SkimMatcherV2` itself ("crate").
    for (name, scoring) in [("own", Scoring::Own), ("crate", Scoring::Crate)] {
        let mut group = c.benchmark_group(format!("first keystroke, top 500, {name} scorer"));
        for q in QUERIES {
            group.bench_function(q, |b| {
                b.iter(|| {
                    index.forget_recent();
                    black_box(index.query_top_scored_by(black_box(q), SHOWN, scoring))
                })
            });
        }
        group.finish();

        let mut group = c.benchmark_group(format!("typed on, top 500, {name} scorer"));
        for q in QUERIES {
            let shorter: String = q.chars().take(q.chars().count() - 1).collect();
            group.bench_function(q, |b| {
                b.iter_batched(
                    || {
                        index.forget_recent();
                        index.query_top_scored_by(&shorter, SHOWN, scoring);
                    },
                    |()| black_box(index.query_top_scored_by(black_box(q), SHOWN, scoring)),
                    BatchSize::PerIteration,
                )
            });
        }
        group.finish();
    }

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
