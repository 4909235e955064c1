//! A full JSON export: read as it goes, every record and reference checked (all of
//! `import json` but the store).
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = shouwang::import::json::read_export(data);
});
