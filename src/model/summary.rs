//! The per-child summary: what the caseload, This week and the reports need of a child without
//! walking the child's history. The store keeps one per child, rebuilt by `ChildSummary::build`
//! in the same transaction as every write that touches the child, so it is never stale.

use super::{
    Assignment, Child, ChildId, CounselorId, Flag, FollowUp, Gender, Incident, MoodPoint, NoteKind,
    Timestamp,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How many distinct contact days are kept per kind: enough for any cadence rule, whose
/// `times` the configuration caps at this number.
pub const CONTACT_DAYS_KEPT: usize = 8;
/// How many mood entries are kept, newest last: a term of weekly entries and then some.
pub const MOODS_KEPT: usize = 40;

/// What finds a child in the school's directory (name, class, student id) and whether the
/// child is in the programme: what anyone at work may read of any child (a mandatory report
/// is anyone's to raise), kept beside the summary, which only the child's carers open.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildListing {
    pub child: ChildId,
    pub name: String,
    pub class: String,
    pub student_id: Option<String>,
    pub active: bool,
}

impl ChildListing {
    pub fn of(s: &ChildSummary) -> ChildListing {
        ChildListing {
            child: s.child,
            name: s.name.clone(),
            class: s.class.clone(),
            student_id: s.student_id.clone(),
            active: s.active,
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildSummary {
    pub child: ChildId,
    pub student_id: Option<String>,
    pub name: String,
    pub gender: Gender,
    #[serde(with = "as_day")]
    pub birth_date: NaiveDate,
    pub class: String,
    pub village: String,
    pub guardian_name: String,
    pub guardian_relation: String,
    pub flags: Vec<Flag>,
    pub active: bool,
    /// The counselor caring for the child now, and since when.
    pub counselor: Option<CounselorId>,
    #[serde(with = "as_opt_day")]
    pub care_started: Option<NaiveDate>,
    /// For each kind in `NoteKind::ALL` order, its latest distinct contact days (as day
    /// numbers, see `day_number`), newest first, at most `CONTACT_DAYS_KEPT`, one kind after
    /// the other; `contact_counts` says how many each kind has. Deleted notes do not count.
    /// Numbers in one list, not dates in twelve: chrono stores a date as text, and the
    /// coordinator's caseload decodes fifty thousand summaries at once.
    pub contact_days: Vec<i32>,
    pub contact_counts: Vec<u8>,
    /// The latest scores of the child's mood history (mood entries and the notes' moods) as
    /// (seconds, score), oldest first, at most `MOODS_KEPT`.
    pub moods: Vec<(i64, u8)>,
    pub open_followups: u32,
    /// The earliest due day of the open follow-ups.
    #[serde(with = "as_opt_day")]
    pub next_followup: Option<NaiveDate>,
    pub open_incidents: u32,
}

/// A child's history as the store reads it for the summary.
pub struct History<'a> {
    pub child: &'a Child,
    /// (when, kind) of the child's notes that are not deleted, in any order.
    pub contacts: &'a [(Timestamp, NoteKind)],
    /// The child's mood history (`model::mood_history`), oldest first.
    pub moods: &'a [MoodPoint],
    pub followups: &'a [FollowUp],
    pub incidents: &'a [Incident],
    pub assignments: &'a [Assignment],
}

impl ChildSummary {
    pub fn build(h: &History<'_>) -> ChildSummary {
        let mut by_kind: Vec<Vec<i32>> = vec![Vec::new(); NoteKind::ALL.len()];
        let mut contacts: Vec<(i32, NoteKind)> = h
            .contacts
            .iter()
            .map(|(at, k)| (day_number(at.date()), *k))
            .collect();
        contacts.sort_unstable_by_key(|c| std::cmp::Reverse(c.0));
        for (day, kind) in contacts {
            let days = &mut by_kind[kind as usize];
            if days.len() < CONTACT_DAYS_KEPT && days.last() != Some(&day) {
                days.push(day);
            }
        }
        let contact_counts = by_kind.iter().map(|d| d.len() as u8).collect();
        let contact_days = by_kind.concat();
        // In time order, entries of the same second in the order they were made.
        let mut entries: Vec<&MoodPoint> = h.moods.iter().collect();
        entries.sort_unstable_by_key(|m| (m.at, m.source.id()));
        let mut moods: Vec<(i64, u8)> = entries
            .iter()
            .map(|m| (m.at.and_utc().timestamp(), m.score))
            .collect();
        let skip = moods.len().saturating_sub(MOODS_KEPT);
        moods.drain(..skip);
        let open: Vec<&FollowUp> = h.followups.iter().filter(|f| f.is_open()).collect();
        let current = h.assignments.iter().filter(|a| a.is_current());
        let (counselor, care_started) = current
            .min_by_key(|a| a.from)
            .map_or((None, None), |a| (Some(a.counselor), Some(a.from)));
        let c = h.child;
        ChildSummary {
            child: c.id,
            student_id: c.student_id.clone(),
            name: c.name.clone(),
            gender: c.gender,
            birth_date: c.birth_date,
            class: c.class.clone(),
            village: c.village.clone(),
            guardian_name: c.guardian.name.clone(),
            guardian_relation: c.guardian.relation.clone(),
            flags: c.flags.iter().copied().collect(),
            active: c.is_active(),
            counselor,
            care_started,
            contact_days,
            contact_counts,
            moods,
            open_followups: open.len() as u32,
            next_followup: open.iter().map(|f| f.due).min(),
            open_incidents: h.incidents.iter().filter(|i| i.is_open()).count() as u32,
        }
    }

    /// The contact days of each kind (in `NoteKind::ALL` order) as day numbers, newest first:
    /// what the cadence engine reads.
    pub fn days_by_kind(&self) -> [&[i32]; NoteKind::ALL.len()] {
        let mut rest = self.contact_days.as_slice();
        let mut out: [&[i32]; NoteKind::ALL.len()] = [&[]; NoteKind::ALL.len()];
        for (i, slot) in out.iter_mut().enumerate() {
            let n = usize::from(self.contact_counts.get(i).copied().unwrap_or(0)).min(rest.len());
            let (days, tail) = rest.split_at(n);
            *slot = days;
            rest = tail;
        }
        out
    }

    /// The latest contact days of one kind, newest first.
    pub fn days_of(&self, kind: NoteKind) -> Vec<NaiveDate> {
        self.days_by_kind()[kind as usize]
            .iter()
            .filter_map(|d| from_day(*d))
            .collect()
    }

    /// The latest day of a kind of contact.
    pub fn last(&self, kind: NoteKind) -> Option<NaiveDate> {
        self.days_by_kind()[kind as usize]
            .first()
            .and_then(|d| from_day(*d))
    }

    /// The latest mood entries as (when, score), oldest first.
    pub fn moods(&self) -> Vec<(Timestamp, u8)> {
        self.moods
            .iter()
            .filter_map(|(secs, score)| {
                Some((
                    chrono::DateTime::from_timestamp(*secs, 0)?.naive_utc(),
                    *score,
                ))
            })
            .collect()
    }

    /// Age in whole years on `day`.
    pub fn age_on(&self, day: NaiveDate) -> u32 {
        day.years_since(self.birth_date).unwrap_or(0)
    }
}

/// A day as the number of days since the start of the common era.
pub fn day_number(day: NaiveDate) -> i32 {
    use chrono::Datelike;
    day.num_days_from_ce()
}

fn from_day(n: i32) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(n)
}

/// Dates as day numbers in the stored summary: chrono's own form is text, slow to read back
/// fifty thousand times.
mod as_day {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(day: &NaiveDate, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_i32(super::day_number(*day))
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<NaiveDate, D::Error> {
        let n = i32::deserialize(d)?;
        super::from_day(n).ok_or_else(|| D::Error::custom("day out of range"))
    }
}

mod as_opt_day {
    use chrono::NaiveDate;
    use serde::{Deserialize, Deserializer, Serializer, de::Error};

    pub fn serialize<S: Serializer>(day: &Option<NaiveDate>, s: S) -> Result<S::Ok, S::Error> {
        match day {
            Some(d) => s.serialize_some(&super::day_number(*d)),
            None => s.serialize_none(),
        }
    }

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<NaiveDate>, D::Error> {
        match Option::<i32>::deserialize(d)? {
            Some(n) => super::from_day(n)
                .map(Some)
                .ok_or_else(|| D::Error::custom("day out of range")),
            None => Ok(None),
        }
    }
}
