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
//!
//! The clocks are a value, `Clock`, not a global: `main` builds it once (`Clock::from_env`)
//! and opens the store with it; the store's sessions and writers read it from there, and the
//! app from the store. What a rule needs of it (today) it takes as an argument. Tests give
//! each store a `Clock::fixed` of its own.

use chrono::{NaiveDate, NaiveDateTime, NaiveTime, Timelike};

/// The variable that fixes the school's "now" for a run of the program.
pub const NOW_VAR: &str = "SHOUWANG_NOW";

/// The variable that fixes the computer's clock in a debug build, for tests only.
pub const TEST_REAL_NOW_VAR: &str = "SHOUWANG_TEST_REAL_NOW";

/// The clocks a store and the app read, as a value: `main` builds one from the environment
/// (`from_env`) and opens the store with it; a test gives each store its own (`fixed`). It is
/// read once into the value, so a run never changes its mind about what day it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clock {
    /// The school's "now" when fixed (`SHOUWANG_NOW`, a test); `None` follows the computer.
    school: Option<NaiveDateTime>,
    /// The computer's clock when fixed: only a test's clock, or `SHOUWANG_TEST_REAL_NOW` in a
    /// debug build. Never `SHOUWANG_NOW`.
    real: Option<NaiveDateTime>,
}

impl Clock {
    /// Every clock follows the computer's.
    pub fn system() -> Clock {
        Clock {
            school: None,
            real: None,
        }
    }

    /// Every clock stands at `at`: the school's and the computer's (a test's clock, so that
    /// dates and audit times are known).
    pub fn fixed(at: NaiveDateTime) -> Clock {
        let at = at.with_nanosecond(0).unwrap_or(at);
        Clock {
            school: Some(at),
            real: Some(at),
        }
    }

    /// The program's clock, from `SHOUWANG_NOW` (the school's) and, in a debug build only,
    /// `SHOUWANG_TEST_REAL_NOW` (the computer's). A mistyped `SHOUWANG_NOW` is refused, not a
    /// silent fall back to the computer's clock: `Err` holds the value as written.
    pub fn from_env() -> Result<Clock, String> {
        let school = match std::env::var(NOW_VAR) {
            Ok(v) => Some(parse_fixed(&v).ok_or(v)?),
            Err(_) => None,
        };
        #[cfg(debug_assertions)]
        let real = std::env::var(TEST_REAL_NOW_VAR)
            .ok()
            .and_then(|v| parse_fixed(&v));
        #[cfg(not(debug_assertions))]
        let real = None;
        Ok(Clock { school, real })
    }

    /// Now on the school's clock, local time, to the second (sub-second precision only adds
    /// noise to records).
    pub fn now(&self) -> NaiveDateTime {
        self.school.unwrap_or_else(wall_clock)
    }

    /// Today on the school's clock.
    pub fn today(&self) -> NaiveDate {
        self.now().date()
    }

    /// The computer's clock, local time, to the second, whatever `SHOUWANG_NOW` says: for the
    /// times security keeps.
    pub fn real_now(&self) -> NaiveDateTime {
        self.real.unwrap_or_else(wall_clock)
    }

    /// A point on the monotonic clock, for measuring how long something took or waited.
    pub fn monotonic(&self) -> std::time::Instant {
        std::time::Instant::now()
    }
}

/// The computer's clock, the one place it is read.
fn wall_clock() -> NaiveDateTime {
    let t = chrono::Local::now().naive_local();
    t.with_nanosecond(0).unwrap_or(t)
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
    use super::{Clock, parse_fixed};

    #[test]
    fn a_fixed_clock_fixes_the_school_and_the_computer() {
        let at = parse_fixed("2026-12-04T10:00:30").unwrap();
        let c = Clock::fixed(at);
        assert_eq!((c.now(), c.real_now()), (at, at));
        assert_eq!(c.today().to_string(), "2026-12-04");
    }

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
