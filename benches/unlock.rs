//! What one passphrase costs (issue 20, item 3): an unlock of an encrypted store derives one
//! key with Argon2id at the slot's cost and writes the audited login. The derivation is nearly
//! all of it, and it is also what one offline guess costs: `KdfCost::PRODUCT` is chosen so
//! that it takes at least a quarter of a second on the 2-core machine. Benches build in
//! release, so the slot is made at the product's cost.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a bench on bad data stops

use criterion::{Criterion, criterion_group, criterion_main};
use shouwang::model::{Actor, Role};
use shouwang::store::{Passphrase, Store};
use std::time::Duration;

fn unlock(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = Store::open(&dir.path().join("bench.redb"), clock()).expect("a new store");
    let pass = Passphrase::new("梧桐树下 2026 秋");
    store
        .bootstrap(
            &Actor::CommandLine("bench".into()),
            "周主任",
            Role::Coordinator,
            vec![],
            &pass,
        )
        .expect("the first coordinator");
    let mut group = c.benchmark_group("passphrase");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(10));
    group.bench_function("unlock (one Argon2id derivation, audited login)", |b| {
        b.iter(|| {
            let session = store.unlock("周主任", &pass).expect("the right passphrase");
            drop(session);
            store.lock(None);
        });
    });
    group.finish();
}

fn clock() -> shouwang::clock::Clock {
    shouwang::clock::Clock::fixed(
        chrono::NaiveDate::from_ymd_opt(2026, 11, 25)
            .unwrap_or_default()
            .and_hms_opt(10, 0, 0)
            .unwrap_or_default(),
    )
}

criterion_group!(benches, unlock);
criterion_main!(benches);
