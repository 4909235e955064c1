//! The school statistics: the children in the programme by village, grade, left-behind type,
//! difficulty flag and concern area; each staff member's workload (children in their care,
//! contacts this month and over the range); contacts, letters and letters needing attention
//! per week over the range. Fed one record at a time (`StatsBuilder`), so that a county's
//! fifty thousand children and two million notes are never held at once.
//!
//! A contact is a note that is not deleted, counted once (a group session is one session of
//! work for the one who held it) and dated in the range; a letter counts in the week it was
//! received.

use super::{Range, grade_of};
use crate::domain::cadence::week_of;
use crate::model::{Child, ChildId, Concern, Counselor, CounselorId, Flag, Role, Timestamp};
use chrono::{Datelike, Days, NaiveDate};
use std::collections::{BTreeMap, HashMap, HashSet};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Workload {
    pub counselor: CounselorId,
    pub name: String,
    pub role: Role,
    /// Children in the programme now in their care.
    pub children: u32,
    pub contacts_month: u32,
    pub contacts_range: u32,
}

/// One week, Monday first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct WeekRow {
    pub monday: NaiveDate,
    pub contacts: u32,
    pub letters: u32,
    pub attention: u32,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Stats {
    pub range: Range,
    /// The month of the workload's "this month": from its first day to today (or to the end
    /// of the range, when that is earlier).
    pub month: Range,
    /// Children in the programme now.
    pub children: u32,
    /// Most first, then by name; an empty name is a child without one.
    pub by_village: Vec<(String, u32)>,
    pub by_grade: Vec<(String, u32)>,
    pub by_type: Vec<(String, u32)>,
    /// Every flag and concern in their own order, zeros included.
    pub by_flag: Vec<(Flag, u32)>,
    pub by_concern: Vec<(Concern, u32)>,
    /// By name.
    pub workload: Vec<Workload>,
    /// Every week of the range up to today, in order.
    pub weeks: Vec<WeekRow>,
}

impl Stats {
    pub fn contacts(&self) -> u32 {
        self.weeks.iter().map(|w| w.contacts).sum()
    }

    pub fn letters(&self) -> (u32, u32) {
        self.weeks
            .iter()
            .fold((0, 0), |(l, a), w| (l + w.letters, a + w.attention))
    }
}

pub struct StatsBuilder {
    range: Range,
    month: Range,
    active: HashSet<ChildId>,
    villages: HashMap<String, u32>,
    grades: HashMap<String, u32>,
    types: HashMap<String, u32>,
    flags: [u32; Flag::ALL.len()],
    concerns: [u32; Concern::ALL.len()],
    staff: Vec<Workload>,
    staff_index: HashMap<CounselorId, usize>,
    weeks: BTreeMap<NaiveDate, WeekRow>,
}

impl StatsBuilder {
    pub fn new(range: Range, today: NaiveDate) -> StatsBuilder {
        let as_of = range.to.min(today).max(range.from);
        let first = as_of.with_day(1).unwrap_or(as_of);
        let mut weeks = BTreeMap::new();
        let mut monday = week_of(range.from).0;
        while monday <= range.to {
            weeks.insert(
                monday,
                WeekRow {
                    monday,
                    contacts: 0,
                    letters: 0,
                    attention: 0,
                },
            );
            match monday.checked_add_days(Days::new(7)) {
                Some(next) => monday = next,
                None => break,
            }
        }
        StatsBuilder {
            range,
            month: Range {
                from: first,
                to: as_of,
            },
            active: HashSet::new(),
            villages: HashMap::new(),
            grades: HashMap::new(),
            types: HashMap::new(),
            flags: [0; Flag::ALL.len()],
            concerns: [0; Concern::ALL.len()],
            staff: Vec::new(),
            staff_index: HashMap::new(),
            weeks,
        }
    }

    /// The range reported on: the store reads only the notes dated in it.
    pub fn range(&self) -> Range {
        self.range
    }

    /// A child of the roster: counted when in the programme now.
    pub fn child(&mut self, c: &Child) {
        if !c.is_active() {
            return;
        }
        self.active.insert(c.id);
        *self
            .villages
            .entry(c.village.trim().to_string())
            .or_default() += 1;
        *self.grades.entry(grade_of(&c.class)).or_default() += 1;
        *self
            .types
            .entry(c.left_behind_type.trim().to_string())
            .or_default() += 1;
        for f in &c.flags {
            if let Some(i) = Flag::ALL.iter().position(|x| x == f) {
                self.flags[i] += 1;
            }
        }
        for k in &c.concerns {
            if let Some(i) = Concern::ALL.iter().position(|x| x == k) {
                self.concerns[i] += 1;
            }
        }
    }

    /// A staff member and the children in their care now; after every `child`, so that those
    /// who left are not counted.
    pub fn counselor(&mut self, c: &Counselor, in_care: &[ChildId]) {
        let children = in_care.iter().filter(|id| self.active.contains(id)).count() as u32;
        self.staff_index.insert(c.id, self.staff.len());
        self.staff.push(Workload {
            counselor: c.id,
            name: c.name.clone(),
            role: c.role,
            children,
            contacts_month: 0,
            contacts_range: 0,
        });
    }

    /// A note that is not deleted, by `counselor`, dated `at`.
    pub fn note(&mut self, counselor: CounselorId, at: Timestamp) {
        let day = at.date();
        if !self.range.contains(day) {
            return;
        }
        if let Some(w) = self.weeks.get_mut(&week_of(day).0) {
            w.contacts += 1;
        }
        if let Some(s) = self
            .staff_index
            .get(&counselor)
            .and_then(|i| self.staff.get_mut(*i))
        {
            s.contacts_range += 1;
            if self.month.contains(day) {
                s.contacts_month += 1;
            }
        }
    }

    /// A letter received on `received`, needing attention or not.
    pub fn letter(&mut self, received: NaiveDate, needs_attention: bool) {
        if !self.range.contains(received) {
            return;
        }
        if let Some(w) = self.weeks.get_mut(&week_of(received).0) {
            w.letters += 1;
            if needs_attention {
                w.attention += 1;
            }
        }
    }

    pub fn finish(self) -> Stats {
        let ranked = |m: HashMap<String, u32>| {
            let mut v: Vec<(String, u32)> = m.into_iter().collect();
            v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            v
        };
        // Staff who care for no one and wrote nothing (a coordinator, a teacher who left)
        // have no workload to show.
        let mut workload: Vec<Workload> = self
            .staff
            .into_iter()
            .filter(|w| w.children > 0 || w.contacts_range > 0)
            .collect();
        workload.sort_by(|a, b| a.name.cmp(&b.name).then(a.counselor.cmp(&b.counselor)));
        Stats {
            range: self.range,
            month: self.month,
            children: self.active.len() as u32,
            by_village: ranked(self.villages),
            by_grade: ranked(self.grades),
            by_type: ranked(self.types),
            by_flag: Flag::ALL.iter().copied().zip(self.flags).collect(),
            by_concern: Concern::ALL.iter().copied().zip(self.concerns).collect(),
            workload,
            // Weeks still to come have nothing to count yet.
            weeks: self
                .weeks
                .into_values()
                .filter(|w| w.monday <= self.month.to)
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ChildStatus, Gender, LeaveReason};

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    fn child(id: u64, village: &str, class: &str, flags: &[Flag]) -> Child {
        let mut c = Child::new(
            ChildId(id),
            format!("孩子{id}"),
            Gender::Male,
            d(2014, 1, 1),
        );
        c.village = village.into();
        c.class = class.into();
        c.left_behind_type = "父母均外出".into();
        c.flags = flags.iter().copied().collect();
        c
    }

    fn staff(id: u64, name: &str, role: Role) -> Counselor {
        Counselor {
            id: CounselorId(id),
            name: name.into(),
            role,
            classes: vec![],
            passphrase_hash: None,
            created: d(2026, 9, 1).and_hms_opt(8, 0, 0).unwrap(),
            active: true,
        }
    }

    #[test]
    fn children_staff_contacts_and_letters_are_counted_where_they_belong() {
        let range = Range::new(d(2026, 11, 2), d(2026, 11, 15)).unwrap();
        let mut b = StatsBuilder::new(range, d(2026, 11, 12));
        let mut left = child(4, "青山村", "七年级(1)班", &[]);
        left.status = ChildStatus::Left {
            date: d(2026, 10, 1),
            reason: LeaveReason::Moved,
            note: String::new(),
        };
        for c in [
            child(1, "青山村", "七年级(1)班", &[Flag::Hardship]),
            child(
                2,
                "青山村",
                "七年级(2)班",
                &[Flag::Hardship, Flag::Disability],
            ),
            child(3, "龙潭村", "八年级(3)班", &[]),
            left,
        ] {
            b.child(&c);
        }
        b.counselor(
            &staff(10, "李老师", Role::Counselor),
            &[ChildId(1), ChildId(2), ChildId(4)],
        );
        b.counselor(&staff(11, "周主任", Role::Coordinator), &[]);
        let t = |m, day| d(2026, m, day).and_hms_opt(16, 0, 0).unwrap();
        b.note(CounselorId(10), t(10, 30)); // before the range
        b.note(CounselorId(10), t(11, 2));
        b.note(CounselorId(10), t(11, 9));
        b.note(CounselorId(10), t(11, 10));
        b.note(CounselorId(10), t(11, 16)); // after it
        b.letter(d(2026, 11, 3), true);
        b.letter(d(2026, 11, 4), false);
        b.letter(d(2026, 11, 20), true);
        let s = b.finish();
        assert_eq!(s.children, 3);
        assert_eq!(
            s.by_village,
            vec![("青山村".to_string(), 2), ("龙潭村".to_string(), 1)]
        );
        assert_eq!(
            s.by_grade,
            vec![("七年级".to_string(), 2), ("八年级".to_string(), 1)]
        );
        assert_eq!(s.by_flag[0], (Flag::Hardship, 2));
        assert_eq!(s.by_flag[3], (Flag::Disability, 1));
        // The coordinator cares for no one and wrote nothing: no workload row.
        assert_eq!(s.workload.len(), 1);
        let li = &s.workload[0];
        assert_eq!(
            (li.children, li.contacts_range, li.contacts_month),
            (2, 3, 3)
        );
        assert_eq!(
            s.month,
            Range::new(d(2026, 11, 1), d(2026, 11, 12)).unwrap()
        );
        assert_eq!(s.weeks.len(), 2);
        assert_eq!((s.weeks[0].contacts, s.weeks[1].contacts), (1, 2));
        assert_eq!((s.weeks[0].letters, s.weeks[0].attention), (2, 1));
        assert_eq!(s.letters(), (2, 1));
    }
}
