//! When a child's mood calls for attention: the latest entry at the lowest scores, or the
//! average of the last three entries fallen far enough below the average of the term's
//! earlier entries. The thresholds are the school's (`[mood]` in config.toml).

use crate::config::MoodRule;
use crate::model::Timestamp;
use chrono::NaiveDate;

#[derive(Clone, Debug, PartialEq)]
pub enum MoodAlert {
    /// The last three average `rule.falling_by` or more below the term's earlier entries.
    Falling { recent: f32, semester: f32 },
    /// The latest entry is at or below `rule.lowest`.
    Lowest { score: u8 },
}

/// `moods` as (when, score), oldest first; only entries on or after `semester_start` count.
pub fn alert(
    moods: &[(Timestamp, u8)],
    semester_start: NaiveDate,
    rule: &MoodRule,
) -> Option<MoodAlert> {
    let scores: Vec<u8> = moods
        .iter()
        .filter(|(at, _)| at.date() >= semester_start)
        .map(|(_, score)| *score)
        .collect();
    alert_on_scores(&scores, rule)
}

/// The rule over the term's scores alone, oldest first.
pub fn alert_on_scores(scores: &[u8], rule: &MoodRule) -> Option<MoodAlert> {
    let latest = *scores.last()?;
    if latest <= rule.lowest {
        return Some(MoodAlert::Lowest { score: latest });
    }
    if scores.len() < 4 {
        return None;
    }
    // The term's average is taken over the entries before the last three: counting the last
    // three in it would hide a clear fall (5,5,5,5 then 2,2,2 averages 3.7, only 1.7 above 2).
    let (earlier, last) = scores.split_at(scores.len() - 3);
    let mean = |v: &[u8]| v.iter().map(|&s| f32::from(s)).sum::<f32>() / v.len() as f32;
    let (semester, recent) = (mean(earlier), mean(last));
    // A small tolerance: averages of thirds are not exact in binary (3.67 - 2.17 is 1.5).
    (semester - recent >= rule.falling_by - 1e-4).then_some(MoodAlert::Falling { recent, semester })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// One entry a week from the start of the autumn term.
    fn entries(scores: &[u8]) -> Vec<(Timestamp, u8)> {
        let start = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
        scores
            .iter()
            .enumerate()
            .map(|(i, &score)| {
                let day = start + chrono::Days::new(7 * i as u64);
                (day.and_hms_opt(10, 0, 0).unwrap(), score)
            })
            .collect()
    }

    fn term() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 9, 1).unwrap()
    }

    fn check(scores: &[u8]) -> Option<MoodAlert> {
        alert(&entries(scores), term(), &MoodRule::default())
    }

    #[test]
    fn steady_moods_raise_nothing() {
        assert_eq!(check(&[3, 3, 3, 3, 3, 3]), None);
        assert_eq!(check(&[4, 4, 3, 4, 4, 3]), None);
        assert_eq!(check(&[]), None);
    }

    #[test]
    fn the_issue_sequence_is_flagged() {
        // Earlier 4,3,4 (3.67), last three 3,2,1 (2.0): a fall of 1.67, and the latest is 1.
        assert_eq!(
            check(&[4, 3, 4, 3, 2, 1]),
            Some(MoodAlert::Lowest { score: 1 })
        );
        // The fall alone is enough when the latest is not the lowest (3.67 to 2.0)…
        assert_eq!(
            check(&[4, 3, 4, 2, 2, 2]),
            Some(MoodAlert::Falling {
                recent: 2.0,
                semester: 11.0 / 3.0
            })
        );
        // …and 3.67 to 2.33 is a fall of 1.33 only.
        assert_eq!(check(&[4, 3, 4, 3, 2, 2]), None);
    }

    #[test]
    fn the_latest_entry_at_the_lowest_score_alerts_even_with_little_history() {
        assert_eq!(check(&[1]), Some(MoodAlert::Lowest { score: 1 }));
        assert_eq!(check(&[1, 3, 1]), Some(MoodAlert::Lowest { score: 1 }));
        // Only the latest counts: a 1 followed by a 3 is not flagged.
        assert_eq!(check(&[1, 1, 3]), None);
    }

    #[test]
    fn a_fall_of_one_and_a_half_points_alerts_and_less_does_not() {
        // Earlier 4,4,4 (4.0), last three 3,2,2 (2.33): a fall of 1.67.
        assert!(matches!(
            check(&[4, 4, 4, 3, 2, 2]),
            Some(MoodAlert::Falling { .. })
        ));
        // Exactly 1.5: earlier 4,3 (3.5), last three 2,2,2.
        assert!(matches!(
            check(&[4, 3, 2, 2, 2]),
            Some(MoodAlert::Falling { .. })
        ));
        // 1.33 below: earlier 4,4,4, last three 3,3,2.
        assert_eq!(check(&[4, 4, 4, 3, 3, 2]), None);
        // One point lower only.
        assert_eq!(check(&[4, 4, 4, 4, 4, 3, 3, 3]), None);
    }

    #[test]
    fn a_fall_is_measured_against_the_earlier_entries() {
        // Counting the last three into the average (3.7) would hide this three-point fall.
        assert_eq!(
            check(&[5, 5, 5, 5, 2, 2, 2]),
            Some(MoodAlert::Falling {
                recent: 2.0,
                semester: 5.0
            })
        );
        // A child who was always low is not "falling".
        assert_eq!(check(&[2, 2, 3, 2, 2, 2]), None);
    }

    #[test]
    fn the_thresholds_are_the_schools() {
        let strict = MoodRule {
            falling_by: 2.0,
            lowest: 0,
        };
        assert_eq!(alert(&entries(&[4, 3, 4, 3, 2, 1]), term(), &strict), None);
        let wide = MoodRule {
            falling_by: 1.0,
            lowest: 2,
        };
        assert_eq!(
            alert(&entries(&[3, 3, 3, 3, 3, 2]), term(), &wide),
            Some(MoodAlert::Lowest { score: 2 })
        );
        assert!(matches!(
            alert(&entries(&[4, 4, 4, 3, 3, 3]), term(), &wide),
            Some(MoodAlert::Falling { .. })
        ));
    }

    #[test]
    fn entries_before_the_semester_do_not_count() {
        let all = entries(&[1, 1, 4, 4]);
        let later = all[2].0.date();
        assert_eq!(alert(&all, later, &MoodRule::default()), None);
    }
}
