//! A full JSON export: read as it goes, every record and reference checked (all of
//! `import json` but the store).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = shouwang::import::json::read_export(data, day());
});

/// A fixed school day, so that an input found once fails the same way on any day.
fn day() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap_or_default()
}
