//! The program's clocks. Everything that asks "what time is it?" asks here; the wall clock is
//! read nowhere else.
//!
//! - `now`/`today`, the **school's clock**: the day of the school year that duties, dates and
//!   records follow. Tests and demonstrations fix it with `SHOUWANG_NOW` (`2026-12-04T10:00`
//!   or `2026-12-04`).
//! - `real_now`, the **computer's clock**, for the times security keeps: when a wrong
//!   passphrase was given (the wait before the next one) and when an audit event happened.
//!   `SHOUWANG_NOW` never moves it: anyone may set that variable, and a wait or an audit
//!   trail that followed it would stop nobody.
//! - `monotonic`, for durations within one run (the idle lock): it never jumps when the
//!   computer's clock is set.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};
use std::sync::OnceLock;

/// The variable that fixes "now" for the whole process.
pub const NOW_VAR: &str = "SHOUWANG_NOW";

/// A fixed "now", read once: the clock must not change its mind halfway through a run.
static FIXED: OnceLock<Option<NaiveDateTime>> = OnceLock::new();

/// Now, local time, to the second (sub-second precision only adds noise to records).
pub fn now() -> NaiveDateTime {
    match fixed() {
        Some(t) => t,
        None => {
            let t = chrono::Local::now().naive_local();
            t.with_nanosecond(0).unwrap_or(t)
        }
    }
}

/// The computer's clock, local time, to the second, whatever `SHOUWANG_NOW` says: for the
/// times security keeps. A debug build (the test suite's) may have it fixed by
/// `SHOUWANG_TEST_REAL_NOW`, so that audit times in tests are known; a release build never
/// reads that variable.
pub fn real_now() -> NaiveDateTime {
    #[cfg(debug_assertions)]
    if let Some(t) = test_real_now() {
        return t;
    }
    let t = chrono::Local::now().naive_local();
    t.with_nanosecond(0).unwrap_or(t)
}

/// The variable that fixes the computer's clock in a debug build, for tests only.
pub const TEST_REAL_NOW_VAR: &str = "SHOUWANG_TEST_REAL_NOW";

#[cfg(debug_assertions)]
fn test_real_now() -> Option<NaiveDateTime> {
    static FIXED_REAL: OnceLock<Option<NaiveDateTime>> = OnceLock::new();
    *FIXED_REAL.get_or_init(|| {
        std::env::var(TEST_REAL_NOW_VAR)
            .ok()
            .and_then(|v| parse_fixed(&v))
    })
}

/// A point on the monotonic clock, for measuring how long something took or waited.
pub fn monotonic() -> std::time::Instant {
    std::time::Instant::now()
}

/// Today, local date.
pub fn today() -> NaiveDate {
    now().date()
}

fn fixed() -> Option<NaiveDateTime> {
    *FIXED.get_or_init(|| std::env::var(NOW_VAR).ok().and_then(|v| parse_fixed(&v)))
}

/// Checks `SHOUWANG_NOW` before anything runs, so that a mistyped value is a sentence and not
/// a silent fall back to the wall clock. `Err` holds the value as written.
pub fn check_env() -> Result<(), String> {
    match std::env::var(NOW_VAR) {
        Ok(v) if parse_fixed(&v).is_none() => Err(v),
        _ => Ok(()),
    }
}

/// `2026-12-04T10:00`, `2026-12-04T10:00:30`, `2026-12-04 10:00` or `2026-12-04` (at 09:00,
/// school time, so that a date alone still gives a sensible time of day).
pub fn parse_fixed(text: &str) -> Option<NaiveDateTime> {
    let text = text.trim();
    for format in [
        "%Y-%m-%dT%H:%M:%S",
        "%Y-%m-%dT%H:%M",
        "%Y-%m-%d %H:%M:%S",
        "%Y-%m-%d %H:%M",
    ] {
        if let Ok(t) = NaiveDateTime::parse_from_str(text, format) {
            return Some(t.with_nanosecond(0).unwrap_or(t));
        }
    }
    let day = NaiveDate::parse_from_str(text, "%Y-%m-%d").ok()?;
    Some(day.and_time(NaiveTime::from_hms_opt(9, 0, 0)?))
}

#[cfg(test)]
mod tests {
    use super::parse_fixed;

    #[test]
    fn fixed_now_forms() {
        let at = |s| parse_fixed(s).map(|t| t.to_string());
        assert_eq!(at("2026-12-04T10:00"), Some("2026-12-04 10:00:00".into()));
        assert_eq!(
            at("2026-12-04T10:00:30"),
            Some("2026-12-04 10:00:30".into())
        );
        assert_eq!(at(" 2027-01-01 "), Some("2027-01-01 09:00:00".into()));
        assert_eq!(at("2026-12-04 07:05"), Some("2026-12-04 07:05:00".into()));
        for bad in [
            "",
            "tomorrow",
            "2026-13-01",
            "2026-12-04T25:00",
            "04/12/2026",
        ] {
            assert_eq!(at(bad), None, "{bad}");
        }
    }
}
