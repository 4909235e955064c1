//! Read queries over one consistent snapshot. What a person may see is decided here, below
//! the screens: `children_visible_to` is the only way a screen gets a list of children.

use super::codec::Codec;
use super::lookups::lookups;
use super::tables::*;
use super::{Record, StoreError};
use crate::domain::staffing::Caseload;
use crate::model::*;
use redb::{ReadTransaction, ReadableMultimapTable, ReadableTable};

pub(crate) struct Reader {
    tx: ReadTransaction,
    codec: Codec,
}

impl Reader {
    pub(super) fn new(tx: ReadTransaction, codec: Codec) -> Reader {
        Reader { tx, codec }
    }

    lookups!();

    pub fn counselors(&self) -> Result<Vec<Counselor>, StoreError> {
        self.all()
    }

    /// The children this person may see: a coordinator everyone, a head teacher the children
    /// of their classes and those assigned to them, a counselor only those assigned to them.
    pub fn children_visible_to(&self, who: &Counselor) -> Result<Vec<Child>, StoreError> {
        if who.role == Role::Coordinator {
            return self.all();
        }
        self.assigned_or_led(who)
    }

    /// "My children", the one definition that This week and `counselor list` share: the
    /// children in school now (active) assigned to this person and, for a head teacher, those
    /// of the classes they lead. For a coordinator this is not everyone: it is what "who
    /// needs me this week" is about.
    pub fn children_in_care_of(&self, who: &Counselor) -> Result<Vec<Child>, StoreError> {
        let mut mine = self.assigned_or_led(who)?;
        mine.retain(Child::is_active);
        Ok(mine)
    }

    /// How many children `who` has now: the one count (`children_in_care_of`) that the Admin
    /// screen, `counselor list` and the Reports' workload show, with those assigned of them.
    pub fn caseload(&self, who: &Counselor) -> Result<Caseload, StoreError> {
        Ok(Caseload {
            in_care: self.children_in_care_of(who)?.len(),
            assigned: self.children_of_counselor(who.id)?.len(),
        })
    }

    /// Those assigned to `who` and, for a head teacher, the children of the classes led,
    /// each once, whether still in school or not (their archives stay readable).
    fn assigned_or_led(&self, who: &Counselor) -> Result<Vec<Child>, StoreError> {
        let mut out = Vec::new();
        for id in self.ids_assigned_or_led(who)? {
            out.extend(self.follow_visible::<Child>(id.0, "children_by_counselor", None)?);
        }
        Ok(out)
    }

    fn ids_assigned_or_led(&self, who: &Counselor) -> Result<Vec<ChildId>, StoreError> {
        let mut ids = self.children_of_counselor(who.id)?;
        if who.role == Role::HeadTeacher {
            for class in &who.classes {
                ids.extend(self.children_of_class(class)?);
            }
        }
        ids.sort_unstable();
        ids.dedup();
        Ok(ids)
    }

    /// The summaries of the children this person may see (`children_visible_to`): what the
    /// caseload lists, read without walking any child's history.
    pub fn summaries_visible_to(&self, who: &Counselor) -> Result<Vec<ChildSummary>, StoreError> {
        if who.role == Role::Coordinator {
            return self.all();
        }
        self.summaries_of(&self.ids_assigned_or_led(who)?)
    }

    /// The summaries `summaries_visible_to` gives, handed to `f` a chunk of at most `chunk` at a
    /// time: a county's caseload never holds every summary at once, only what it makes of them.
    pub fn visit_summaries_visible_to(
        &self,
        who: &Counselor,
        chunk: usize,
        mut f: impl FnMut(Vec<ChildSummary>),
    ) -> Result<(), StoreError> {
        let chunk = chunk.max(1);
        if who.role != Role::Coordinator {
            for ids in self.ids_assigned_or_led(who)?.chunks(chunk) {
                f(self.summaries_of(ids)?);
            }
            return Ok(());
        }
        let table = self.tx.open_table(ChildSummary::table())?;
        let mut raw: Vec<(u64, Vec<u8>)> = Vec::with_capacity(chunk);
        for row in table.iter()? {
            let (k, v) = row?;
            raw.push((k.value(), v.value().to_vec()));
            if raw.len() == chunk {
                f(self.decode_all(&raw)?);
                raw.clear();
            }
        }
        if !raw.is_empty() {
            f(self.decode_all(&raw)?);
        }
        Ok(())
    }

    /// Decodes (decrypts) a chunk of records on the machine's cores: a county's caseload is
    /// 50,000 sealed summaries, and one core spends most of the screen's time opening them.
    fn decode_all<R: Record + Send>(&self, raw: &[(u64, Vec<u8>)]) -> Result<Vec<R>, StoreError> {
        const WORTH_A_THREAD: usize = 2_048;
        let threads = std::thread::available_parallelism()
            .map_or(1, |n| n.get())
            .min(raw.len() / WORTH_A_THREAD)
            .clamp(1, 4);
        let decode = |part: &[(u64, Vec<u8>)]| -> Result<Vec<R>, StoreError> {
            let mut out = Vec::with_capacity(part.len());
            for (k, v) in part {
                out.extend(self.codec.decode_visible(*k, v)?);
            }
            Ok(out)
        };
        if threads == 1 {
            return decode(raw);
        }
        std::thread::scope(|scope| {
            let parts: Vec<_> = raw
                .chunks(raw.len().div_ceil(threads))
                .map(|part| scope.spawn(move || decode(part)))
                .collect();
            let mut out = Vec::with_capacity(raw.len());
            for part in parts {
                out.extend(
                    part.join()
                        .unwrap_or_else(|e| std::panic::resume_unwind(e))?,
                );
            }
            Ok(out)
        })
    }

    /// The summaries of "my children" (`children_in_care_of`): what This week is about.
    pub fn summaries_in_care_of(&self, who: &Counselor) -> Result<Vec<ChildSummary>, StoreError> {
        let mut mine = self.summaries_of(&self.ids_assigned_or_led(who)?)?;
        mine.retain(|s| s.active);
        Ok(mine)
    }

    /// The children in the programme whom nobody cares for now, read from the current
    /// assignments' index and the summaries: only the summaries of children with no one are
    /// decoded, so a county where everyone is cared for costs a walk over two indexes.
    pub fn active_without_counselor(&self) -> Result<Vec<ChildSummary>, StoreError> {
        let mut cared_for = std::collections::HashSet::new();
        for row in self.tx.open_multimap_table(CHILDREN_BY_COUNSELOR)?.iter()? {
            for child in row?.1 {
                cared_for.insert(child?.value());
            }
        }
        let table = self.tx.open_table(ChildSummary::table())?;
        let mut out = Vec::new();
        for row in table.iter()? {
            let (k, v) = row?;
            if cared_for.contains(&k.value()) {
                continue;
            }
            let s: ChildSummary = self.codec.decode(k.value(), v.value())?;
            if s.active {
                out.push(s);
            }
        }
        Ok(out)
    }

    fn summaries_of(&self, ids: &[ChildId]) -> Result<Vec<ChildSummary>, StoreError> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.extend(self.follow_visible::<ChildSummary>(id.0, "summaries", None)?);
        }
        Ok(out)
    }

    /// Note ids of a child, newest first.
    pub fn note_ids_of_child(&self, child: ChildId) -> Result<Vec<NoteId>, StoreError> {
        let t = self.tx.open_table(NOTES_BY_CHILD)?;
        let mut v = Vec::new();
        for row in t
            .range((child.0, i64::MIN, 0)..=(child.0, i64::MAX, u64::MAX))?
            .rev()
        {
            v.push(NoteId(row?.0.value().2));
        }
        Ok(v)
    }

    /// Note ids written by a counselor, newest first.
    pub fn note_ids_of_counselor(&self, counselor: CounselorId) -> Result<Vec<NoteId>, StoreError> {
        let t = self.tx.open_table(NOTES_BY_COUNSELOR)?;
        let mut v = Vec::new();
        for row in t
            .range((counselor.0, i64::MIN, 0)..=(counselor.0, i64::MAX, u64::MAX))?
            .rev()
        {
            v.push(NoteId(row?.0.value().2));
        }
        Ok(v)
    }

    /// Every record of a type the person's keys open, in id order, handed to `f` one at a time: a county's children
    /// read without holding them all.
    pub fn visit<R: Indexed>(&self, mut f: impl FnMut(R)) -> Result<(), StoreError> {
        let table = self.tx.open_table(R::table())?;
        for row in table.iter()? {
            let (k, v) = row?;
            if let Some(r) = self.codec.decode_visible(k.value(), v.value())? {
                f(r);
            }
        }
        Ok(())
    }

    /// The author and time (seconds) of every note dated from `from` to `to` (seconds, both
    /// included) that is not deleted, from the indexes alone: no note is decoded.
    pub fn live_notes_between(
        &self,
        from: i64,
        to: i64,
        mut f: impl FnMut(CounselorId, i64),
    ) -> Result<(), StoreError> {
        // Deleted notes are marked in the child index only; they are few.
        let mut deleted = std::collections::HashSet::new();
        for row in self.tx.open_table(NOTES_BY_CHILD)?.iter()? {
            let (k, kind) = row?;
            let (_, secs, note) = k.value();
            if kind.value() == DELETED_NOTE && (from..=to).contains(&secs) {
                deleted.insert(note);
            }
        }
        let by_counselor = self.tx.open_table(NOTES_BY_COUNSELOR)?;
        for c in self.counselors()? {
            for row in by_counselor.range((c.id.0, from, 0)..=(c.id.0, to, u64::MAX))? {
                let (_, secs, note) = row?.0.value();
                if !deleted.contains(&note) {
                    f(c.id, secs);
                }
            }
        }
        Ok(())
    }

    /// Open follow-ups due on or before `day`, earliest first.
    pub fn open_followups_due_by(
        &self,
        day: chrono::NaiveDate,
    ) -> Result<Vec<FollowUp>, StoreError> {
        let ids: Vec<u64> = {
            let t = self.tx.open_table(OPEN_FOLLOWUPS_BY_DUE)?;
            let mut v = Vec::new();
            for row in t.range((i32::MIN, 0)..=(day_number(day), u64::MAX))? {
                v.push(row?.0.value().1);
            }
            v
        };
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.extend(self.follow_visible::<FollowUp>(id, "open_followups_by_due", None)?);
        }
        Ok(out)
    }

    pub fn open_incidents(&self) -> Result<Vec<Incident>, StoreError> {
        let ids: Vec<u64> = {
            let t = self.tx.open_table(OPEN_INCIDENTS)?;
            let mut v = Vec::new();
            for row in t.iter()? {
                v.push(row?.0.value());
            }
            v
        };
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.extend(self.follow_visible::<Incident>(id, "open_incidents", None)?);
        }
        Ok(out)
    }

    /// The open absence cases (控辍保学).
    pub fn open_absences(&self) -> Result<Vec<AbsenceCase>, StoreError> {
        let ids: Vec<u64> = {
            let t = self.tx.open_table(OPEN_ABSENCES)?;
            let mut v = Vec::new();
            for row in t.iter()? {
                v.push(row?.0.value());
            }
            v
        };
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.extend(self.follow_visible::<AbsenceCase>(id, "open_absences", None)?);
        }
        Ok(out)
    }

    /// Letters of one ISO week in the order they were opened.
    pub fn letters_of_week(&self, year: i32, week: u32) -> Result<Vec<Letter>, StoreError> {
        let ids: Vec<u64> = {
            let t = self.tx.open_table(LETTER_BY_NUMBER)?;
            let mut v = Vec::new();
            for row in t.range((year, week, 0)..=(year, week, u32::MAX))? {
                v.push(row?.1.value());
            }
            v
        };
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.extend(self.follow_visible::<Letter>(id, "letters", None)?);
        }
        Ok(out)
    }

    /// Letters in a status, newest week first.
    pub fn letters_with_status(&self, status: LetterStatus) -> Result<Vec<Letter>, StoreError> {
        let ids: Vec<u64> = {
            let t = self.tx.open_table(LETTERS_BY_STATUS)?;
            let s = status as u8;
            let mut v = Vec::new();
            for row in t
                .range((s, i32::MIN, 0, 0)..=(s, i32::MAX, u32::MAX, u32::MAX))?
                .rev()
            {
                v.push(row?.1.value());
            }
            v
        };
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            out.extend(self.follow_visible::<Letter>(id, "letters", None)?);
        }
        Ok(out)
    }

    /// The mailbox readers the coordinator named; empty when none are (then everyone reads).
    /// Each letter's day received and whether it needs attention, from the index alone.
    pub fn letter_days(
        &self,
        mut f: impl FnMut(chrono::NaiveDate, bool),
    ) -> Result<(), StoreError> {
        let t = self.tx.open_table(LETTER_DAYS)?;
        for row in t.iter()? {
            let (day, attention) = row?.1.value();
            if let Some(day) = chrono::NaiveDate::from_num_days_from_ce_opt(day) {
                f(day, attention != 0);
            }
        }
        Ok(())
    }

    /// A saved draft (an editor's unsaved text), by its key.
    pub fn draft(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        match self.tx.open_table(DRAFTS)?.get(key)? {
            // Someone else's own draft is not there for this person.
            Some(v) => match self.codec.open_draft(key, v.value()) {
                Ok(text) => Ok(Some(text)),
                Err(StoreError::OutOfCare) => Ok(None),
                Err(e) => Err(e),
            },
            None => Ok(None),
        }
    }
}
