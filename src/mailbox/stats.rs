//! A week's mailbox figures: letters received, answered, needing attention, and the median
//! time from the day a letter was received to its reply.

use crate::model::{Letter, LetterStatus};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct WeekStats {
    pub received: usize,
    pub answered: usize,
    pub attention: usize,
    /// Median days from `received` (the day, at midnight) to `replied_at`; `None` when
    /// nothing is answered yet.
    pub median_days: Option<f64>,
}

impl WeekStats {
    pub fn of(letters: &[Letter]) -> WeekStats {
        let mut waits: Vec<f64> = letters
            .iter()
            .filter(|l| l.status == LetterStatus::Replied)
            .filter_map(|l| {
                let at = l.replied_at?;
                let start = l.received.and_hms_opt(0, 0, 0)?;
                let secs = (at - start).num_seconds().max(0) as f64;
                Some(secs / 86_400.0)
            })
            .collect();
        waits.sort_by(f64::total_cmp);
        let median_days = match waits.len() {
            0 => None,
            n if n % 2 == 1 => Some(waits[n / 2]),
            n => Some((waits[n / 2 - 1] + waits[n / 2]) / 2.0),
        };
        WeekStats {
            received: letters.len(),
            answered: letters
                .iter()
                .filter(|l| l.status == LetterStatus::Replied)
                .count(),
            attention: letters.iter().filter(|l| l.needs_attention).count(),
            median_days,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{LetterId, LetterNumber};
    use chrono::NaiveDate;

    fn letter(day: u32, replied: Option<(u32, u32)>, attention: bool) -> Letter {
        let received = NaiveDate::from_ymd_opt(2026, 11, day).unwrap();
        Letter {
            id: LetterId(u64::from(day)),
            number: LetterNumber {
                year: 2026,
                week: 48,
                seq: day,
            },
            received,
            pseudonym: None,
            text: "信".into(),
            status: if replied.is_some() {
                LetterStatus::Replied
            } else {
                LetterStatus::New
            },
            needs_attention: attention,
            attention_reason: String::new(),
            reply: String::new(),
            replied_by: None,
            replied_at: replied.map(|(d, h)| {
                NaiveDate::from_ymd_opt(2026, 11, d)
                    .unwrap()
                    .and_hms_opt(h, 0, 0)
                    .unwrap()
            }),
            printed: false,
            attention_closed: None,
            incident: None,
        }
    }

    #[test]
    fn counts_and_median_of_an_even_number_of_replies() {
        let week = [
            letter(27, Some((27, 12)), true),  // half a day
            letter(27, Some((29, 12)), false), // 2.5 days
            letter(27, None, true),
        ];
        let s = WeekStats::of(&week);
        assert_eq!((s.received, s.answered, s.attention), (3, 2, 2));
        assert_eq!(s.median_days, Some(1.5));
        assert_eq!(WeekStats::of(&[]).median_days, None);
    }
}
