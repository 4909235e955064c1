//! The program's one clock. Everything that asks "what time is it?" asks here, so that tests
//! and demonstrations can fix "now" with `SHOUWANG_NOW` (`2026-12-04T10:00` or `2026-12-04`).

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
