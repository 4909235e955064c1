//! A file of typed-in letters.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
    let _ = shouwang::import::letters::parse_letters(text, today);
});
