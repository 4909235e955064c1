//! The demo's people and calendar: the term derived from `today`, the classes, staff names
//! and each child's archive (一人一档), all drawn from the texts with a seeded `Rng`.

use super::rng::Rng;
use super::texts::*;
use crate::model::*;
use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};
use std::collections::{BTreeSet, HashSet};

/// The term the demo is dated in: the school calendar's term that contains `today` (or, in a
/// break, the one that just ended), so that the cadence engine agrees on what is a school day.
#[derive(Clone, Debug)]
pub struct Term {
    pub start: NaiveDate,
    /// The term's last school day; after it comes the break.
    pub end: NaiveDate,
    pub today: NaiveDate,
    /// The calendar year in which the school year began (grades count from it).
    pub school_year: i32,
    pub name: String,
}

fn ymd(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap_or(NaiveDate::MIN)
}

impl Term {
    pub fn containing(today: NaiveDate) -> Term {
        let calendar = crate::config::Config::default().terms;
        let (start, end, name) = match calendar.iter().rev().find(|t| t.start <= today) {
            Some(t) => (t.start, t.end, t.name.clone()),
            // Outside the calendar's years: an autumn term from 1 September.
            None => {
                let y = if today.month() >= 9 {
                    today.year()
                } else {
                    today.year() - 1
                };
                (ymd(y, 9, 1), ymd(y + 1, 1, 20), format!("{y}秋"))
            }
        };
        let school_year = if start.month() >= 8 {
            start.year()
        } else {
            start.year() - 1
        };
        Term {
            start,
            end,
            today,
            school_year,
            name,
        }
    }

    pub fn days(&self) -> i64 {
        (self.today - self.start).num_days()
    }

    /// A day between `lo` and `hi` days before today (clamped to the term), moved off the
    /// weekend when the term allows it, since most contacts happen on school days.
    pub fn day_back(&self, rng: &mut Rng, lo: i64, hi: i64) -> NaiveDate {
        let hi = hi.min(self.days());
        let lo = lo.min(hi);
        let mut d = self.today - Duration::days(rng.range(lo, hi));
        for _ in 0..2 {
            if matches!(d.weekday(), Weekday::Sat | Weekday::Sun) && d > self.start {
                d = d.pred_opt().unwrap_or(d);
            }
        }
        d
    }

    /// Any day of the term so far.
    pub fn any_day(&self, rng: &mut Rng) -> NaiveDate {
        self.day_back(rng, 0, self.days())
    }

    pub fn clamp(&self, d: NaiveDate) -> NaiveDate {
        d.max(self.start).min(self.today)
    }

    /// After the term's last day: the school-day rules pause and a holiday safety check
    /// replaces them.
    pub fn in_break(&self, d: NaiveDate) -> bool {
        d > self.end
    }
}

pub fn at(day: NaiveDate, rng: &mut Rng, from_hour: u32, to_hour: u32) -> Timestamp {
    let h = rng.range(i64::from(from_hour), i64::from(to_hour)) as u32;
    let m = rng.below(12) as u32 * 5;
    day.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap_or(NaiveTime::MIN))
}

pub fn weighted(rng: &mut Rng, weights: &[u32]) -> usize {
    let total: u32 = weights.iter().sum();
    let mut x = rng.below(total as usize) as u32;
    for (i, w) in weights.iter().enumerate() {
        if x < *w {
            return i;
        }
        x -= w;
    }
    0
}

const GRADES: [&str; 9] = [
    "一年级",
    "二年级",
    "三年级",
    "四年级",
    "五年级",
    "六年级",
    "七年级",
    "八年级",
    "九年级",
];

/// (grade 1–9, class name) for every class: several per grade, more for bigger stores.
pub fn classes(children: usize) -> Vec<(u8, String)> {
    let per_grade = (children / 120).clamp(2, 20);
    let mut out = Vec::new();
    for (g, grade) in GRADES.iter().enumerate() {
        for c in 1..=per_grade {
            out.push((g as u8 + 1, format!("{grade}({c})班")));
        }
    }
    out
}

/// A full name not yet in `used`: surname and one or two given characters from `pools`.
pub fn unique_name(rng: &mut Rng, pools: &[&[&str]], used: &mut HashSet<String>) -> String {
    loop {
        let mut name = rng.pick(SURNAMES).to_string();
        let given = if rng.chance(0.3) { 1 } else { 2 };
        for _ in 0..given {
            let pool = pools[rng.below(pools.len())];
            name.push_str(rng.pick(pool));
        }
        if used.insert(name.clone()) {
            return name;
        }
    }
}

pub fn phone(rng: &mut Rng) -> String {
    let mut s = format!("1{}", rng.range(3, 9));
    for _ in 0..9 {
        s.push(char::from(b'0' + rng.below(10) as u8));
    }
    s
}

/// What the demo remembers of each child after writing it: enough to write its notes, pick
/// incidents, and keep the child's name out of the letters.
#[derive(Clone, Debug)]
pub struct Kid {
    pub id: ChildId,
    pub given: String,
    /// What the child calls the guardian (奶奶).
    pub guardian: &'static str,
    /// The parent far away, as the child says it (爸爸/妈妈).
    pub parent: &'static str,
    pub work_place: &'static str,
    pub flags: BTreeSet<Flag>,
}

fn surname_of(name: &str) -> &str {
    SURNAMES
        .iter()
        .filter(|s| name.starts_with(**s))
        .max_by_key(|s| s.len())
        .copied()
        .unwrap_or("")
}

/// A believable child of `class` (grade 1–9) born in the right school year.
pub fn child(
    rng: &mut Rng,
    id: ChildId,
    number: usize,
    (grade, class): (u8, &str),
    term: &Term,
    used: &mut HashSet<(String, NaiveDate)>,
) -> (Child, Kid) {
    let gender = if rng.chance(0.52) {
        Gender::Male
    } else {
        Gender::Female
    };
    let pool: &[&str] = if gender == Gender::Male {
        GIVEN_BOY
    } else {
        GIVEN_GIRL
    };
    // Born between 1 September and 31 August, six years before starting grade one.
    let first = ymd(term.school_year - i32::from(grade) - 6, 9, 1);
    let (name, birth) = loop {
        let birth = first + Duration::days(rng.below(365) as i64);
        let mut name = rng.pick(SURNAMES).to_string();
        if rng.chance(0.25) {
            name.push_str(rng.pick(pool));
        } else {
            let first = if rng.chance(0.5) { GIVEN_ANY } else { pool };
            name.push_str(rng.pick(first));
            name.push_str(rng.pick(pool));
        }
        if used.insert((name.clone(), birth)) {
            break (name, birth);
        }
    };
    let surname = surname_of(&name).to_string();
    // Teachers call a child by the given name only when it has two characters (思雨), and by
    // the full name otherwise (王浩).
    let given = match name[surname.len()..].chars().count() {
        2 => name[surname.len()..].to_string(),
        _ => name.clone(),
    };
    let mut c = Child::new(id, name, gender, birth);
    c.student_id = Some(format!("S{}{:06}", term.school_year, number + 1));
    c.class = class.to_string();
    c.village = rng.pick(VILLAGES).to_string();
    let lbt = weighted(rng, LEFT_BEHIND_WEIGHTS);
    c.left_behind_type = LEFT_BEHIND_TYPES[lbt].to_string();
    let father_away = lbt != 2;
    let mother_away = lbt != 1;
    let adult = |rng: &mut Rng, surname: &str, woman: bool| {
        let pool = if woman { GIVEN_WOMAN } else { GIVEN_MAN };
        let mut n = surname.to_string();
        n.push_str(rng.pick(pool));
        if rng.chance(0.6) {
            n.push_str(rng.pick(pool));
        }
        n
    };
    let mother_surname = rng.pick(SURNAMES);
    c.father = Parent {
        name: adult(rng, &surname, false),
        work_place: if father_away {
            rng.pick(WORK_PLACES).to_string()
        } else {
            String::new()
        },
        phone: phone(rng),
    };
    c.mother = Parent {
        name: adult(rng, mother_surname, true),
        work_place: if mother_away {
            rng.pick(WORK_PLACES).to_string()
        } else {
            String::new()
        },
        phone: phone(rng),
    };
    let g = weighted(rng, GUARDIAN_WEIGHTS);
    let (relation, woman, kin) = GUARDIANS[g];
    let guardian_surname = match kin {
        Kin::Father => surname.as_str(),
        Kin::Mother => mother_surname,
        Kin::Other => rng.pick(SURNAMES),
    };
    c.guardian = Guardian {
        name: adult(rng, guardian_surname, woman),
        relation: relation.to_string(),
        phone: phone(rng),
        address: format!(
            "{}{}{}{}号",
            c.village,
            rng.range(1, 9),
            rng.pick(HAMLETS),
            rng.range(1, 80)
        ),
    };
    // The plan's definition (issue 23, 4): a child with one parent away is in the programme
    // because the parent at home cannot care; the parents entrusted the child's care to the
    // guardian when the child started school (no draw from the seed: the story stays).
    if lbt != 0 {
        c.guardian_capacity = Some(Capacity::Unable);
    }
    c.entrustment = Entrustment {
        to: c.guardian.name.clone(),
        since: Some(ymd(term.school_year - i32::from(grade) + 1, 9, 1).min(term.today)),
    };
    let traits = 1 + rng.below(2);
    c.personality = (0..traits)
        .map(|_| rng.pick(PERSONALITIES))
        .collect::<BTreeSet<_>>()
        .into_iter()
        .collect::<Vec<_>>()
        .join("、");
    c.hobbies = rng.pick(HOBBIES).to_string();
    c.medical_history = if rng.chance(0.15) {
        rng.pick(MEDICAL).to_string()
    } else {
        "无".to_string()
    };
    c.boarding = Some(grade >= 5 && rng.chance(0.6) || rng.chance(0.1));
    for (flag, p) in [
        (Flag::Hardship, 0.18),
        (Flag::NoGuardianship, 0.05),
        (Flag::Unsupported, 0.03),
        (Flag::Disability, 0.02),
        (Flag::DropoutRisk, if grade >= 7 { 0.08 } else { 0.01 }),
    ] {
        if rng.chance(p) {
            c.flags.insert(flag);
        }
    }
    for concern in Concern::ALL {
        if rng.chance(0.15) {
            c.concerns.insert(*concern);
        }
    }
    c.study.push(StudyNote {
        term: term.name.clone(),
        text: rng.pick(STUDY).to_string(),
    });
    if rng.chance(0.3) {
        c.remarks = rng.pick(REMARKS).to_string();
    }
    let parent = match (father_away, mother_away) {
        (true, false) => "爸爸",
        (false, true) => "妈妈",
        _ => {
            if rng.chance(0.5) {
                "爸爸"
            } else {
                "妈妈"
            }
        }
    };
    let work_place = if parent == "爸爸" {
        &c.father.work_place
    } else {
        &c.mother.work_place
    };
    let work_place = WORK_PLACES
        .iter()
        .find(|w| **w == work_place.as_str())
        .copied()
        .unwrap_or(WORK_PLACES[0]);
    let kid = Kid {
        id,
        given,
        guardian: GUARDIAN_CALLED[g],
        parent,
        work_place,
        flags: c.flags.clone(),
    };
    (c, kid)
}
