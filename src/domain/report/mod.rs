//! The paperwork of SPEC §1 and §3 (issue 11): the semester summary per counselor, the
//! quarterly roster update for the district and the school statistics, worked out from the
//! records a session read. Plain data in and out; `export::report` puts them into words and
//! files, the Reports screen into tables and charts.

pub mod quarterly;
pub mod quarterly_check;
pub mod semester;
pub mod stats;

use crate::config::Config;
use crate::model::{
    Assignment, Child, ChildStatus, FollowUp, Incident, MoodPoint, NoteKind, Timestamp,
};
use chrono::{Days, NaiveDate};

/// A span of days, both ends inclusive.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Range {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Range {
    /// `None` when `to` is before `from`.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Option<Range> {
        (from <= to).then_some(Range { from, to })
    }

    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    pub fn intersect(&self, other: Range) -> Option<Range> {
        Range::new(self.from.max(other.from), self.to.min(other.to))
    }

    /// Every day of the range, in order.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> + use<> {
        let to = self.to;
        self.from.iter_days().take_while(move |d| *d <= to)
    }

    pub fn len_days(&self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// The range as timestamps: from its first day's midnight to the last second of its last.
    pub fn bounds(&self) -> (Timestamp, Timestamp) {
        (
            self.from.and_time(chrono::NaiveTime::MIN),
            self.to
                .and_hms_opt(23, 59, 59)
                .unwrap_or_else(|| self.to.and_time(chrono::NaiveTime::MIN)),
        )
    }
}

/// A report's range when none is given: the term `today` is in or, in a break, the term just
/// ended; with no term behind, the 180 days up to today.
pub fn default_range(config: &Config, today: NaiveDate) -> Range {
    let term = config
        .term_at(today)
        .or_else(|| config.terms.iter().rev().find(|t| t.end < today));
    match term {
        Some(t) => Range {
            from: t.start,
            to: t.end,
        },
        None => Range {
            from: today.checked_sub_days(Days::new(180)).unwrap_or(today),
            to: today,
        },
    }
}

/// A range as a person types it: two days, apart by `..`, `至`, `~`, `to`, `-` between
/// spaces, or spaces alone (`2026-09-01 .. 2026-11-30`, `9月1日至11月30日`); each day as
/// `when::parse_day` reads it. `None` unless there are two days in order.
pub fn parse_range(text: &str, today: NaiveDate) -> Option<Range> {
    let mut flat = crate::text::fold_width(text);
    for sep in ["..", "至", "~", "～", " to ", " - ", "—"] {
        flat = flat.replace(sep, " ");
    }
    let parts: Vec<&str> = flat.split_whitespace().collect();
    let [from, to] = parts[..] else {
        return None;
    };
    let day = |s: &str| crate::domain::when::parse_day(s, today);
    Range::new(day(from)?, day(to)?)
}

/// One child's history as a report reads it through a session.
#[derive(Clone, Debug, PartialEq)]
pub struct ChildRecords {
    pub child: Child,
    /// Every assignment of the child, past and current, oldest first.
    pub assignments: Vec<Assignment>,
    /// When and what kind each of the child's notes was: a group session is in the list of
    /// every child in it, a deleted note in none.
    pub contacts: Vec<(Timestamp, NoteKind)>,
    /// The child's one mood history (mood entries and the notes' moods), oldest first.
    pub moods: Vec<MoodPoint>,
    pub followups: Vec<FollowUp>,
    pub incidents: Vec<Incident>,
}

impl ChildRecords {
    /// The day the child left the programme, if they did.
    pub fn left_on(&self) -> Option<NaiveDate> {
        match &self.child.status {
            ChildStatus::Left { date, .. } => Some(*date),
            ChildStatus::Active => None,
        }
    }
}

/// The grade part of a class as schools write it: `八年级(3)班` → `八年级`, `Grade 8 (3)` →
/// `Grade 8`; a class in another form is its own grade.
pub fn grade_of(class: &str) -> String {
    let class = class.trim();
    if let Some(i) = class.find("年级") {
        return class[..i + "年级".len()].to_string();
    }
    match class.find(['(', '（']) {
        Some(i) if i > 0 => class[..i].trim().to_string(),
        _ => class.to_string(),
    }
}

/// The order classes are listed in: by grade as schools count them (一年级 … 九年级, then
/// 高一 … 高三), then as written; a class in another form after them, as written.
pub fn class_order(class: &str) -> (u32, &str) {
    const DIGITS: [char; 9] = ['一', '二', '三', '四', '五', '六', '七', '八', '九'];
    let grade = grade_of(class);
    let number = |c: char| DIGITS.iter().position(|d| *d == c).map(|i| i as u32 + 1);
    let mut chars = grade.chars();
    let n = match (chars.next(), chars.next()) {
        (Some('高'), Some(c)) => number(c).map(|n| n + 9),
        (Some('初'), Some(c)) => number(c).map(|n| n + 6),
        (Some(c), Some('年')) => number(c),
        _ => None,
    };
    (n.unwrap_or(u32::MAX), class)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_default_range_is_the_term_or_the_one_just_ended() {
        let config = Config::default();
        let autumn = Range::new(d(2026, 9, 1), d(2027, 1, 20)).unwrap();
        assert_eq!(default_range(&config, d(2026, 12, 4)), autumn);
        // In the winter break the autumn term is what is reported on.
        assert_eq!(default_range(&config, d(2027, 2, 1)), autumn);
        assert_eq!(
            default_range(&config, d(2027, 3, 1)).from,
            d(2027, 2, 20),
            "the spring term"
        );
    }

    #[test]
    fn ranges_intersect_and_count_their_days() {
        let a = Range::new(d(2026, 9, 1), d(2026, 9, 30)).unwrap();
        let b = Range::new(d(2026, 9, 20), d(2026, 10, 5)).unwrap();
        assert_eq!(a.intersect(b), Range::new(d(2026, 9, 20), d(2026, 9, 30)));
        assert_eq!(a.len_days(), 30);
        assert_eq!(a.days().count(), 30);
        assert!(Range::new(d(2026, 9, 2), d(2026, 9, 1)).is_none());
        let c = Range::new(d(2026, 10, 1), d(2026, 10, 2)).unwrap();
        assert_eq!(a.intersect(c), None);
    }

    #[test]
    fn ranges_are_read_as_typed() {
        let today = d(2026, 12, 4);
        let autumn = Range::new(d(2026, 9, 1), d(2026, 11, 30));
        assert_eq!(parse_range("2026-09-01 .. 2026-11-30", today), autumn);
        assert_eq!(parse_range("2026-09-01至2026-11-30", today), autumn);
        assert_eq!(parse_range(" 2026/9/1   2026/11/30 ", today), autumn);
        assert_eq!(parse_range("2026-11-30 .. 2026-09-01", today), None);
        assert_eq!(parse_range("2026-09-01", today), None);
        assert_eq!(parse_range("昨天 .. 今天 .. 明天", today), None);
    }

    #[test]
    fn classes_are_listed_by_grade() {
        let mut classes = vec![
            "八年级(3)班",
            "七年级(1)班",
            "高一(2)班",
            "五年级(1)班",
            "学前班",
            "七年级(10)班",
        ];
        classes.sort_by_key(|c| class_order(c));
        assert_eq!(
            classes,
            [
                "五年级(1)班",
                "七年级(1)班",
                "七年级(10)班",
                "八年级(3)班",
                "高一(2)班",
                "学前班"
            ]
        );
    }

    #[test]
    fn grades_are_read_from_the_class() {
        assert_eq!(grade_of("八年级(3)班"), "八年级");
        assert_eq!(grade_of(" 七年级（1）班"), "七年级");
        assert_eq!(grade_of("Grade 8 (3)"), "Grade 8");
        assert_eq!(grade_of("学前班"), "学前班");
        assert_eq!(grade_of(""), "");
    }
}
