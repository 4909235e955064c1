//! The two number rules every way in shares, said once: a mood is a score from 1 to 5, and a
//! length of time is at most a day. The note editor, the config file, `import json` and the
//! store's check on every put ask these; each edge words a refusal its own way (what was typed,
//! the line it came from), but the range is only here.

use super::limits::{FieldError, FieldName, Problem};

/// A mood score on the 1–5 scale: a mood entry's, a note's, the config's lowest.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct MoodScore(u8);

impl MoodScore {
    pub const LOWEST: u8 = 1;
    pub const HIGHEST: u8 = 5;

    /// The score, or what is wrong with it.
    pub fn new(value: i64) -> Result<MoodScore, FieldError> {
        within(
            value,
            Self::LOWEST.into(),
            Self::HIGHEST.into(),
            "limits.field.mood",
        )
        // Within 1..=5: it fits a byte.
        .map(|v| MoodScore(v as u8))
    }

    pub fn get(self) -> u8 {
        self.0
    }
}

/// A number of minutes within one day: how long a session took, how long the app waits before
/// it locks.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Minutes(u16);

impl Minutes {
    /// No session, and no wait, is longer than a day.
    pub const DAY: u16 = 24 * 60;

    /// How long something took: a minute at least.
    pub fn duration(value: i64) -> Result<Minutes, FieldError> {
        within(value, 1, Self::DAY, "limits.field.duration").map(Minutes)
    }

    /// How long to wait: 0 for never.
    pub fn wait(value: i64) -> Result<Minutes, FieldError> {
        within(value, 0, Self::DAY, "limits.field.wait").map(Minutes)
    }

    pub fn get(self) -> u16 {
        self.0
    }
}

fn within(value: i64, min: u16, max: u16, key: &'static str) -> Result<u16, FieldError> {
    u16::try_from(value)
        .ok()
        .filter(|v| (min..=max).contains(v))
        .ok_or_else(|| out_of_range(value, min, max, key))
}

fn out_of_range(value: i64, min: u16, max: u16, key: &'static str) -> FieldError {
    Problem::OutOfRange {
        value,
        min: min.into(),
        max: max.into(),
    }
    .of(FieldName::Key(key))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mood_is_one_to_five() {
        assert_eq!(MoodScore::new(1).map(MoodScore::get), Ok(1));
        assert_eq!(MoodScore::new(5).map(MoodScore::get), Ok(5));
        for bad in [0, 6, -1, 256, i64::MAX] {
            assert_eq!(
                MoodScore::new(bad),
                Err(FieldError {
                    field: FieldName::Key("limits.field.mood"),
                    problem: Problem::OutOfRange {
                        value: bad,
                        min: 1,
                        max: 5
                    }
                }),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_duration_is_a_minute_to_a_day_and_a_wait_may_be_none() {
        assert_eq!(Minutes::duration(1).map(Minutes::get), Ok(1));
        assert_eq!(Minutes::duration(1440).map(Minutes::get), Ok(1440));
        assert!(Minutes::duration(0).is_err());
        assert!(Minutes::duration(1441).is_err());
        assert!(Minutes::duration(-5).is_err());
        assert_eq!(Minutes::wait(0).map(Minutes::get), Ok(0));
        assert_eq!(Minutes::wait(1440).map(Minutes::get), Ok(1440));
        assert_eq!(
            Minutes::wait(1441).map_err(|e| e.problem),
            Err(Problem::OutOfRange {
                value: 1441,
                min: 0,
                max: 1440
            })
        );
    }
}
