//! Opening the audit screen and filtering it (issue 10, item 3: reading 100,000 events must
//! stay quick). A demo store of 2,000 children (`SHOUWANG_BENCH_CHILDREN` for another number)
//! gets 100,000 more events spread over them, views and changes of their archives, as a
//! county's busy term would leave; point `SHOUWANG_BENCH_DB` at a store of your own to
//! measure that one instead.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a bench on bad data stops

use criterion::{Criterion, criterion_group, criterion_main};
use shouwang::app::AuditState;
use shouwang::demo::{DemoOptions, fill};
use shouwang::domain::audit::AuditFilter;
use shouwang::export::audit::{AuditTrail, child_records};
use shouwang::model::{Actor, AuditAction, ChildId, Counselor, RecordRef, Role};
use shouwang::store::Store;
use std::hint::black_box;

const EVENTS: usize = 100_000;

fn store() -> (Option<tempfile::TempDir>, Store) {
    if let Ok(path) = std::env::var("SHOUWANG_BENCH_DB") {
        let store = Store::open(std::path::Path::new(&path), clock()).expect("the store");
        return (None, store);
    }
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = Store::open(&dir.path().join("bench.redb"), clock()).expect("a new store");
    let options = DemoOptions {
        children: std::env::var("SHOUWANG_BENCH_CHILDREN")
            .ok()
            .and_then(|n| n.parse().ok())
            .unwrap_or(2_000),
        notes_per_child: 1,
        seed: 1,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 25).unwrap_or_default(),
    };
    fill(
        &store,
        None,
        &Actor::CommandLine("bench".into()),
        &options,
        &mut |_, _| {},
    )
    .expect("demo fill");
    let boss = coordinator(&store);
    let session = store.session(&boss).expect("a session");
    let children: Vec<ChildId> = session
        .reader()
        .and_then(|r| r.children())
        .expect("children")
        .into_iter()
        .map(|c| c.id)
        .collect();
    for chunk in 0..10 {
        session
            .write(|w| {
                for i in 0..EVENTS / 10 {
                    let child = children[(chunk * 7919 + i * 31) % children.len()];
                    let action = if i % 5 == 0 {
                        AuditAction::Update
                    } else {
                        AuditAction::View
                    };
                    w.audit(action, RecordRef::Child(child.0), "")?;
                }
                Ok(())
            })
            .expect("events");
    }
    (Some(dir), store)
}

fn coordinator(store: &Store) -> Counselor {
    store
        .staff()
        .expect("staff")
        .into_iter()
        .find(|s| s.role == Role::Coordinator)
        .expect("a coordinator")
}

fn audit(c: &mut Criterion) {
    let (_dir, store) = store();
    let boss = coordinator(&store);
    let session = store.session(&boss).expect("a session");
    let reader = session.reader().expect("reader");
    let trail = AuditTrail::load(&reader).expect("trail");
    eprintln!("{} events in the trail", trail.events.len());
    let child = trail
        .events
        .iter()
        .find_map(|e| match e.target {
            RecordRef::Child(id) => Some(ChildId(id)),
            _ => None,
        })
        .expect("a child in the trail");
    let mut group = c.benchmark_group("audit");
    group.sample_size(10);
    group.bench_function("open the screen", |b| {
        b.iter_with_large_drop(|| {
            let reader = session.reader().expect("reader");
            black_box(AuditState::load(&reader).expect("load"))
        })
    });
    group.bench_function("filter by a child", |b| {
        b.iter(|| {
            let filter = AuditFilter {
                child: Some(child_records(&reader, child).expect("records")),
                ..AuditFilter::default()
            };
            black_box(trail.select(&filter))
        })
    });
    group.bench_function("filter by person, action and days", |b| {
        let filter = AuditFilter {
            person: Some(Actor::Counselor(boss.id)),
            action: Some(AuditAction::Update),
            from: chrono::NaiveDate::from_ymd_opt(2020, 1, 1),
            to: chrono::NaiveDate::from_ymd_opt(2100, 1, 1),
            ..AuditFilter::default()
        };
        b.iter(|| black_box(trail.select(&filter)))
    });
    group.bench_function("export all as CSV", |b| {
        let shown: Vec<usize> = (0..trail.events.len()).collect();
        b.iter(|| {
            let mut out = Vec::with_capacity(8 << 20);
            shouwang::export::audit::write_csv(&trail, &shown, &mut out).expect("csv");
            black_box(out.len())
        })
    });
    group.finish();
}

criterion_group!(benches, audit);
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
