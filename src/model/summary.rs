//! The per-child summary: what the caseload, This week and the reports need of a child without
//! walking the child's history. The store keeps one per child, rebuilt by `ChildSummary::build`
//! in the same transaction as every write that touches the child, so it is never stale.

use super::{
    Assignment, Child, ChildId, CounselorId, Flag, FollowUp, Gender, Incident, MoodEntry, NoteKind,
    Timestamp,
};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// How many distinct contact days are kept per kind: enough for any cadence rule, whose
/// `times` the configuration caps at this number.
pub const CONTACT_DAYS_KEPT: usize = 8;
/// How many mood entries are kept, newest last: a term of weekly entries and then some.
pub const MOODS_KEPT: usize = 40;

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildSummary {
    pub child: ChildId,
    pub student_id: Option<String>,
    pub name: String,
    pub gender: Gender,
    pub birth_date: NaiveDate,
    pub class: String,
    pub village: String,
    pub guardian_name: String,
    pub guardian_relation: String,
    pub flags: Vec<Flag>,
    pub active: bool,
    /// The counselor caring for the child now, and since when.
    pub counselor: Option<CounselorId>,
    pub care_started: Option<NaiveDate>,
    /// For each kind (in `NoteKind::ALL` order), its latest distinct contact days, newest
    /// first, at most `CONTACT_DAYS_KEPT`. Deleted notes do not count.
    pub contact_days: Vec<Vec<NaiveDate>>,
    /// The latest mood entries as (when, score), oldest first, at most `MOODS_KEPT`.
    pub moods: Vec<(Timestamp, u8)>,
    pub open_followups: u32,
    /// The earliest due day of the open follow-ups.
    pub next_followup: Option<NaiveDate>,
    pub open_incidents: u32,
}

/// A child's history as the store reads it for the summary.
pub struct History<'a> {
    pub child: &'a Child,
    /// (when, kind) of the child's notes that are not deleted, in any order.
    pub contacts: &'a [(Timestamp, NoteKind)],
    pub moods: &'a [MoodEntry],
    pub followups: &'a [FollowUp],
    pub incidents: &'a [Incident],
    pub assignments: &'a [Assignment],
}

impl ChildSummary {
    pub fn build(h: &History<'_>) -> ChildSummary {
        let mut contact_days = vec![Vec::new(); NoteKind::ALL.len()];
        let mut contacts: Vec<(NaiveDate, NoteKind)> =
            h.contacts.iter().map(|(at, k)| (at.date(), *k)).collect();
        contacts.sort_unstable_by_key(|c| std::cmp::Reverse(c.0));
        for (day, kind) in contacts {
            let days: &mut Vec<NaiveDate> = &mut contact_days[kind as usize];
            if days.len() < CONTACT_DAYS_KEPT && days.last() != Some(&day) {
                days.push(day);
            }
        }
        // In time order, entries of the same second in the order they were made.
        let mut entries: Vec<&MoodEntry> = h.moods.iter().collect();
        entries.sort_unstable_by_key(|m| (m.at, m.id));
        let mut moods: Vec<(Timestamp, u8)> = entries.iter().map(|m| (m.at, m.score)).collect();
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
            moods,
            open_followups: open.len() as u32,
            next_followup: open.iter().map(|f| f.due).min(),
            open_incidents: h.incidents.iter().filter(|i| i.is_open()).count() as u32,
        }
    }

    /// The contact days of every kind, newest first per kind: what the cadence engine needs.
    pub fn contacts(&self) -> impl Iterator<Item = (NaiveDate, NoteKind)> + '_ {
        NoteKind::ALL
            .iter()
            .zip(&self.contact_days)
            .flat_map(|(kind, days)| days.iter().map(move |d| (*d, *kind)))
    }

    /// The latest day of a kind of contact.
    pub fn last(&self, kind: NoteKind) -> Option<NaiveDate> {
        self.contact_days
            .get(kind as usize)
            .and_then(|d| d.first())
            .copied()
    }

    /// Age in whole years on `day`.
    pub fn age_on(&self, day: NaiveDate) -> u32 {
        day.years_since(self.birth_date).unwrap_or(0)
    }
}
