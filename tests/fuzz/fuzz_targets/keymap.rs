//! A user's `keymap.toml`, merged over the defaults.
#![no_main]
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = shouwang::keymap::Keymap::with_user_text(text);
    }
});
