//! The built-in settings: SPEC §1's cadence table, the usual school calendar, the danger
//! words and reply templates. A user's config file changes only what it lists.

use super::{CadenceRule, Interval, Period, Term};
use crate::model::NoteKind;
use chrono::NaiveDate;

/// School years for which the yearly term pattern is unrolled: wide enough that no school
/// computer in service will leave it, small enough to stay cheap (about 200 terms).
pub(crate) const FIRST_SCHOOL_YEAR: i32 = 2000;
pub(crate) const LAST_SCHOOL_YEAR: i32 = 2099;

/// A term's first and last (month, day).
pub(crate) type TermDays = ((u32, u32), (u32, u32));

/// (month, day) pairs of the default autumn and spring terms.
pub(crate) const AUTUMN: TermDays = ((9, 1), (1, 20));
pub(crate) const SPRING: TermDays = ((2, 20), (7, 5));

fn rule(id: &str, kinds: &[NoteKind], minimum: Interval, target: Option<Interval>) -> CadenceRule {
    CadenceRule {
        id: id.into(),
        name: None,
        kinds: kinds.to_vec(),
        minimum,
        target,
    }
}

const fn iv(times: u32, per: Period) -> Interval {
    Interval { times, per }
}

pub fn cadence() -> Vec<CadenceRule> {
    use NoteKind as K;
    use Period::{Months, Semester, Weeks};
    vec![
        rule("talk", &[K::Talk], iv(1, Weeks(1)), None),
        rule("tutoring", &[K::Tutoring], iv(2, Weeks(1)), None),
        rule(
            "parent_contact",
            &[K::ParentCall],
            iv(1, Months(1)),
            Some(iv(2, Months(1))),
        ),
        rule(
            "guardian_contact",
            &[K::GuardianCall],
            iv(2, Months(1)),
            None,
        ),
        // 每两月到家中走访两次, 每月一访: a visit a month, never less than one a semester.
        rule(
            "home_visit",
            &[K::HomeVisit],
            iv(1, Semester),
            Some(iv(1, Months(1))),
        ),
        // 每月与父母、任课教师、托管人联系两次.
        rule(
            "teacher_contact",
            &[K::TeacherContact],
            iv(2, Months(1)),
            None,
        ),
        rule(
            "group_counseling",
            &[K::GroupCounseling],
            iv(1, Months(1)),
            None,
        ),
        rule(
            "letter_to_parents",
            &[K::LetterToParents],
            iv(1, Months(1)),
            None,
        ),
        rule("forum", &[K::Forum], iv(2, Semester), None),
        // 放学后 is a key period (重点时段) as the breaks are: the same check, in term.
        rule(
            "after_school_check",
            &[K::HolidaySafetyCheck],
            iv(1, Months(1)),
            None,
        ),
    ]
}

/// The breaks inside the school year that every school has: (name, first, last).
pub(crate) const BREAKS: [(&str, TermDays); 2] =
    [("国庆", ((10, 1), (10, 7))), ("劳动节", ((5, 1), (5, 5)))];

/// A yearly break for every year the terms are unrolled for; one whose last month-day comes
/// before its first (12-31..01-02) ends in the following year.
pub(crate) fn yearly_break(name: &str, (from, to): TermDays) -> Vec<Term> {
    (FIRST_SCHOOL_YEAR..=LAST_SCHOOL_YEAR + 1)
        .filter_map(|year| {
            let end_year = if to < from { year + 1 } else { year };
            Some(Term {
                name: format!("{year}{name}"),
                start: month_day(year, from)?,
                end: month_day(end_year, to)?,
            })
        })
        .collect()
}

pub fn breaks() -> Vec<Term> {
    let mut all: Vec<Term> = BREAKS
        .iter()
        .flat_map(|(name, days)| yearly_break(name, *days))
        .collect();
    all.sort_by_key(|b| b.start);
    all
}

pub fn safety_checklist() -> Vec<String> {
    ["溺水", "交通", "烫伤", "坠落", "中毒"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

pub fn holiday_rule() -> CadenceRule {
    rule(
        "holiday_check",
        &[
            NoteKind::HolidaySafetyCheck,
            NoteKind::HomeVisit,
            NoteKind::GuardianCall,
        ],
        iv(1, Period::Weeks(2)),
        None,
    )
}

/// A month-day in a given year; 02-29 falls back to 02-28 in common years.
pub(crate) fn month_day(year: i32, (m, d): (u32, u32)) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(year, m, d).or_else(|| NaiveDate::from_ymd_opt(year, m, d - 1))
}

/// One school year's two terms from a pattern. A term whose end month-day comes before its
/// start month-day ends in the following calendar year (the autumn term ends in January).
pub(crate) fn school_year(year: i32, autumn: TermDays, spring: TermDays) -> Vec<Term> {
    let mut out = Vec::new();
    for (start_year, (from, to), name) in [
        (year, autumn, format!("{year}秋")),
        (year + 1, spring, format!("{}春", year + 1)),
    ] {
        let end_year = if to < from {
            start_year + 1
        } else {
            start_year
        };
        if let (Some(start), Some(end)) = (month_day(start_year, from), month_day(end_year, to)) {
            out.push(Term { name, start, end });
        }
    }
    out
}

pub fn terms() -> Vec<Term> {
    (FIRST_SCHOOL_YEAR..=LAST_SCHOOL_YEAR)
        .flat_map(|y| school_year(y, AUTUMN, SPRING))
        .collect()
}

pub fn feelings() -> Vec<String> {
    crate::model::DEFAULT_FEELINGS
        .iter()
        .map(|s| s.to_string())
        .collect()
}

/// Words in a letter that put it on top of the mailbox: self-harm, being hit or hurt, living
/// alone, nobody caring, fear of going home, being threatened or touched.
pub fn danger_words() -> Vec<String> {
    [
        // self-harm
        "不想活",
        "想死",
        "自杀",
        "活着没意思",
        "割腕",
        "跳楼",
        "跳河",
        "吃药死",
        "伤害自己",
        // being hit or hurt
        "打我",
        "被打",
        "挨打",
        "打得好疼",
        "用棍子",
        "踢我",
        "受伤",
        // living alone, nobody caring
        "一个人住",
        "一个人在家",
        "没人管",
        "没人要",
        "没饭吃",
        "饿肚子",
        // fear of going home
        "害怕回家",
        "不敢回家",
        "不想回家",
        // threats and abuse
        "威胁",
        "不许告诉",
        "不让我说",
        "摸我",
        "欺负我",
        "要钱",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// A fall of 1.5 points of the last three entries' average, or the latest entry at 1.
/// The plans pair each teacher with about two children (各教师代理两位): more than five is
/// worth the coordinator's look.
pub const MOST_CHILDREN: usize = 5;

/// Daily backups kept beside the store: a week of them.
pub const BACKUPS_KEPT: usize = 7;

/// A counselor called to the door comes back to a locked screen, not to an open archive.
pub const LOCK_AFTER_MINUTES: u32 = 5;

pub fn mood_rule() -> super::MoodRule {
    super::MoodRule {
        falling_by: 1.5,
        lowest: 1,
    }
}

pub fn reply_templates() -> Vec<String> {
    [
        "谢谢你愿意把心里话写给老师。你说的每一句，老师都认真读了。",
        "想爸爸妈妈是很自然的事，他们在远方也一样牵挂着你。想说话的时候，随时来找老师。",
        "你并不孤单，老师一直在你身边。下课后可以来办公室找我聊聊。",
        "你做得很好，老师为你感到骄傲。遇到难处别一个人扛着，我们一起想办法。",
        "如果有人让你害怕或者伤害你，一定要告诉老师，老师会保护你。",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}
