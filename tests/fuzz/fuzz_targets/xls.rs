//! A roster workbook (xls): what it declares checked, its sheets read, header found, every
//! row checked. Never an abort, a panic or an allocation the file cannot justify.
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::path::Path;

fuzz_target!(|data: &[u8]| {
    let _ = shouwang::import::roster::check_file(Path::new("roster.xls"), data);
});
