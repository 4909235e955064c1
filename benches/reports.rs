//! Each report from reading the store to its figures (issue 11: the school statistics within
//! 2 s over 50,000 children). Point `SHOUWANG_BENCH_DB` at a county store made by
//! `shouwang demo --children 50000 --notes-per-child 40` for the real figures; without it the
//! bench builds a small demo store of its own.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a bench on bad data stops

use criterion::{Criterion, criterion_group, criterion_main};
use shouwang::config::Config;
use shouwang::demo::{DemoOptions, fill};
use shouwang::domain::report::quarterly::{Quarter, quarterly};
use shouwang::domain::report::semester::semester;
use shouwang::domain::report::stats::StatsBuilder;
use shouwang::domain::report::{Range, default_range};
use shouwang::export::report::archive::{self, Paper};
use shouwang::model::{Actor, Counselor, Role};
use shouwang::store::Store;
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

fn reports(c: &mut Criterion) {
    let (_dir, store) = store();
    let config = Config::default();
    let range: Range = default_range(&config, today());
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
    let boss = store.session(&coordinator).expect("a session");
    let mut group = c.benchmark_group("report");
    group.sample_size(10);
    group.bench_function("semester, one counselor", |b| {
        b.iter(|| {
            let reader = boss.reader().expect("reader");
            let records = reader
                .semester_records(counselor.id, range)
                .expect("records");
            black_box(semester(&config, counselor.id, range, today(), &records))
        })
    });
    group.bench_function("quarterly", |b| {
        b.iter_with_large_drop(|| {
            let reader = boss.reader().expect("reader");
            let quarter = Quarter::of(today());
            let records = reader.quarterly_records(quarter).expect("records");
            black_box(quarterly(quarter, records))
        })
    });
    group.bench_function("school statistics", |b| {
        b.iter(|| {
            let reader = boss.reader().expect("reader");
            let mut builder = StatsBuilder::new(range, today());
            reader.feed_stats(&mut builder).expect("stats");
            black_box(builder.finish())
        })
    });
    let child = boss
        .reader()
        .expect("reader")
        .children_in_care_of(&counselor)
        .expect("children")
        .and_then(|c| c.into_iter().next())
        .expect("a child in care");
    group.bench_function("archive page, one child", |b| {
        b.iter(|| {
            let reader = boss.reader().expect("reader");
            let page = archive::page(&reader, child.id, range, true)
                .expect("page")
                .expect("the child");
            let paper = Paper {
                school: "青山镇中心小学",
                printed: today(),
                range,
                staff: &staff,
            };
            let mut out = Vec::new();
            archive::write_html(std::slice::from_ref(&page), &paper, &mut out, "bench")
                .expect("html");
            black_box(out)
        })
    });
    group.finish();
}

criterion_group!(benches, reports);
criterion_main!(benches);

/// The clock of the bench's stores: fixed, so that a run measures the same school on any day.
fn clock() -> shouwang::clock::Clock {
    shouwang::clock::Clock::fixed(today().and_hms_opt(10, 0, 0).unwrap_or_default())
}
