//! When a child's mood calls for attention: the average of the last three entries two points
//! below the average of the semester's earlier entries, or two entries of 1 in a row.

use crate::model::MoodEntry;
use chrono::NaiveDate;

#[derive(Clone, Debug, PartialEq)]
pub enum MoodAlert {
    /// The last three average two points or more below the term's earlier entries.
    Falling {
        recent: f32,
        semester: f32,
    },
    TwoLowest,
}

impl MoodAlert {
    pub fn describe(&self) -> String {
        match self {
            MoodAlert::Falling { recent, semester } => {
                crate::tr!(
                    "ui.mood.falling",
                    recent = format!("{recent:.1}"),
                    semester = format!("{semester:.1}")
                )
            }
            MoodAlert::TwoLowest => crate::tr!("ui.mood.two_lowest"),
        }
    }
}

/// `moods` oldest first; only entries on or after `semester_start` count.
pub fn alert(moods: &[MoodEntry], semester_start: NaiveDate) -> Option<MoodAlert> {
    let scores: Vec<u8> = moods
        .iter()
        .filter(|m| m.at.date() >= semester_start)
        .map(|m| m.score)
        .collect();
    if scores
        .windows(2)
        .last()
        .is_some_and(|w| w[0] == 1 && w[1] == 1)
    {
        return Some(MoodAlert::TwoLowest);
    }
    if scores.len() < 4 {
        return None;
    }
    // The term's average is taken over the entries before the last three: counting the last
    // three in it would hide a clear fall (5,5,5,5 then 2,2,2 averages 3.7, only 1.7 above 2).
    let (earlier, last) = scores.split_at(scores.len() - 3);
    let mean = |v: &[u8]| v.iter().map(|&s| f32::from(s)).sum::<f32>() / v.len() as f32;
    let (semester, recent) = (mean(earlier), mean(last));
    (recent <= semester - 2.0 + f32::EPSILON).then_some(MoodAlert::Falling { recent, semester })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ChildId, CounselorId, MoodId};

    fn entries(scores: &[u8]) -> Vec<MoodEntry> {
        let start = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
        scores
            .iter()
            .enumerate()
            .map(|(i, &score)| MoodEntry {
                id: MoodId(i as u64),
                child: ChildId(1),
                at: (start + chrono::Days::new(7 * i as u64))
                    .and_hms_opt(10, 0, 0)
                    .unwrap(),
                score,
                feelings: vec![],
                observer: CounselorId(2),
                note: String::new(),
                follow_up: None,
            })
            .collect()
    }

    fn term() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 9, 1).unwrap()
    }

    #[test]
    fn steady_moods_raise_nothing() {
        assert_eq!(alert(&entries(&[4, 4, 3, 4, 4, 3]), term()), None);
        assert_eq!(alert(&entries(&[]), term()), None);
    }

    #[test]
    fn two_ones_in_a_row_alert_even_with_little_history() {
        assert_eq!(alert(&entries(&[1, 1]), term()), Some(MoodAlert::TwoLowest));
        assert_eq!(alert(&entries(&[1, 3, 1]), term()), None);
    }

    #[test]
    fn last_three_two_points_below_the_semester_alert() {
        // Semester average of [5,5,5,5,5,5,2,2,2] is 4.0; the last three average 2.0.
        let a = alert(&entries(&[5, 5, 5, 5, 5, 5, 2, 2, 2]), term());
        assert!(matches!(a, Some(MoodAlert::Falling { .. })), "{a:?}");
        // One point lower only: no alert.
        assert_eq!(alert(&entries(&[4, 4, 4, 4, 4, 3, 3, 3]), term()), None);
    }

    #[test]
    fn a_fall_is_measured_against_the_earlier_entries() {
        // Counting the last three into the average (3.7) would hide this three-point fall.
        let a = alert(&entries(&[5, 5, 5, 5, 2, 2, 2]), term());
        assert_eq!(
            a,
            Some(MoodAlert::Falling {
                recent: 2.0,
                semester: 5.0
            })
        );
        assert!(matches!(
            alert(&entries(&[4, 2, 2, 2]), term()),
            Some(MoodAlert::Falling { .. })
        ));
        // A child who was always low is not "falling".
        assert_eq!(alert(&entries(&[2, 2, 3, 2, 2, 2]), term()), None);
    }

    #[test]
    fn entries_before_the_semester_do_not_count() {
        let all = entries(&[1, 1, 4, 4]);
        let later = all[2].at.date();
        assert_eq!(alert(&all, later), None);
    }
}
