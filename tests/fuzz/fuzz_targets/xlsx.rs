//! A roster workbook (xlsx): what it declares checked, its sheets read, header found, every
//! row checked. Never an abort, a panic or an allocation the file cannot justify.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let _ = shouwang::import::roster::check_file(Path::new("roster.xlsx"), data, day());
});

/// A fixed school day, so that an input found once fails the same way on any day.
fn day() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 7).unwrap_or_default()
}
