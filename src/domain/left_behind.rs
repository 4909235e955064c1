//! Who counts as left behind, as the plan defines it: "父母双方外出务工或一方外出务工另一方无
//! 监护能力、不满十六周岁的未成年人" — both parents away, or one away and the other unable to
//! care, and under 16. The roster import warns about a row that does not meet it, This week
//! flags a child turning 16, and the quarterly update's check lists every child who does not.

use crate::model::{Capacity, Child};
use chrono::{Datelike, NaiveDate};

/// The age at which a child is no longer a left-behind child (年满十六周岁).
pub const AGE_LIMIT: i32 = 16;

/// Why a child does not meet the definition, or soon will not.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Gap {
    /// One parent is away and the parent at home can care (recorded so).
    HomeParentCan,
    /// One parent is away, and whether the parent at home can care is not recorded.
    CapacityUnknown,
    /// 16 on `on`, on or before the day asked about.
    Sixteen { on: NaiveDate },
}

/// Who is away, as the left-behind type (留守类型) says.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Away {
    Both,
    /// One parent away; `home_unable` when the type itself says the other cannot care.
    One {
        home_unable: bool,
    },
    /// A type the program does not know (free text), or none: nothing to say.
    Unknown,
}

fn away(left_behind_type: &str) -> Away {
    match left_behind_type.trim() {
        "父母均外出" => Away::Both,
        "母亲外出父亲无监护能力" | "父亲外出母亲无监护能力" => {
            Away::One { home_unable: true }
        }
        // 父母一方外出: a roster's own words for one parent away, which says no more.
        "父亲外出" | "母亲外出" | "父母一方外出" => Away::One { home_unable: false },
        _ => Away::Unknown,
    }
}

/// The day a child born on `birth` turns 16: the 16th birthday, or 1 March when it would be
/// 29 February of a year that has none (the day `Child::age_on` first counts 16).
pub fn sixteenth_birthday(birth: NaiveDate) -> NaiveDate {
    let year = birth.year() + AGE_LIMIT;
    NaiveDate::from_ymd_opt(year, birth.month(), birth.day())
        .or_else(|| NaiveDate::from_ymd_opt(year, 3, 1))
        .unwrap_or(NaiveDate::MAX)
}

/// What keeps `child` from meeting the definition on `day` (nothing: it meets it, or the
/// record does not say enough to tell). The 16th birthday counts when it falls on or before
/// `day`: This week asks with its Sunday, the quarterly check with the quarter's last day.
pub fn gaps(child: &Child, day: NaiveDate) -> Vec<Gap> {
    let mut gaps = Vec::new();
    if let Away::One { home_unable: false } = away(&child.left_behind_type) {
        match child.guardian_capacity {
            Some(Capacity::Unable) => {}
            Some(Capacity::Able) => gaps.push(Gap::HomeParentCan),
            None => gaps.push(Gap::CapacityUnknown),
        }
    }
    let on = sixteenth_birthday(child.birth_date);
    if on <= day {
        gaps.push(Gap::Sixteen { on });
    }
    gaps
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ChildId, Gender};

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn child(kind: &str, capacity: Option<Capacity>, born: NaiveDate) -> Child {
        let mut c = Child::new(ChildId(1), "王小红".into(), Gender::Female, born);
        c.left_behind_type = kind.into();
        c.guardian_capacity = capacity;
        c
    }

    #[test]
    fn one_parent_away_counts_only_when_the_other_cannot_care() {
        let today = day(2026, 12, 4);
        let born = day(2014, 5, 1);
        let gaps_of = |kind, capacity| gaps(&child(kind, capacity, born), today);
        assert_eq!(
            gaps_of("父亲外出", Some(Capacity::Able)),
            [Gap::HomeParentCan]
        );
        assert_eq!(gaps_of("母亲外出", None), [Gap::CapacityUnknown]);
        assert_eq!(
            gaps_of("父母一方外出", Some(Capacity::Able)),
            [Gap::HomeParentCan]
        );
        assert_eq!(gaps_of("父亲外出", Some(Capacity::Unable)), []);
        assert_eq!(gaps_of("父亲外出母亲无监护能力", None), []);
        assert_eq!(gaps_of("父母均外出", Some(Capacity::Able)), []);
        // A type the school wrote in its own words, or none: nothing to say.
        assert_eq!(gaps_of("爷爷奶奶照看", None), []);
        assert_eq!(gaps_of("", None), []);
    }

    #[test]
    fn the_sixteenth_birthday_is_flagged_from_that_day() {
        let c = child("父母均外出", None, day(2010, 12, 6));
        assert_eq!(gaps(&c, day(2026, 12, 5)), []);
        let sixteen = [Gap::Sixteen {
            on: day(2026, 12, 6),
        }];
        assert_eq!(gaps(&c, day(2026, 12, 6)), sixteen);
        assert_eq!(gaps(&c, day(2027, 3, 1)), sixteen);
        assert_eq!(c.age_on(day(2026, 12, 6)), 16);
        assert_eq!(c.age_on(day(2026, 12, 5)), 15);
    }

    /// Leap days and New Year: the day is the one `age_on` first counts 16, in any year.
    #[test]
    fn a_birthday_on_a_leap_day_or_at_new_year_falls_where_age_on_says() {
        for born in [
            day(2008, 2, 29),
            day(2012, 2, 29),
            day(2010, 1, 1),
            day(2010, 12, 31),
            day(2011, 3, 1),
            day(2084, 2, 29),
        ] {
            let on = sixteenth_birthday(born);
            let c = child("父母均外出", None, born);
            assert_eq!(c.age_on(on), 16, "{born}");
            assert_eq!(c.age_on(on.pred_opt().unwrap()), 15, "{born}");
        }
        // Sixteen years after a leap year is one, but for a century: 2100 has no 29 February.
        assert_eq!(sixteenth_birthday(day(2008, 2, 29)), day(2024, 2, 29));
        assert_eq!(sixteenth_birthday(day(2084, 2, 29)), day(2100, 3, 1));
        assert_eq!(sixteenth_birthday(day(2011, 2, 28)), day(2027, 2, 28));
        assert_eq!(sixteenth_birthday(day(2010, 12, 31)), day(2026, 12, 31));
        assert_eq!(sixteenth_birthday(day(2011, 1, 1)), day(2027, 1, 1));
    }
}
