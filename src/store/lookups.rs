//! Lookups that both a `Reader` and a `Writer` need. redb's read and write transactions share
//! method names but no trait for opening tables, so the bodies are written once here and
//! expanded into both.
//! Each expansion uses its own subset, hence the `allow(dead_code)` on every lookup.

macro_rules! lookups {
    () => {
        /// The record with this id, if any.
        #[allow(dead_code)]
        pub fn get<R: $crate::store::Indexed>(&self, id: u64) -> Result<Option<R>, StoreError> {
            let table = self.tx.open_table(R::table())?;
            match table.get(id)? {
                // A record out of the person's care (sealed to a child whose key they do not
                // hold) is not there for them.
                Some(v) => self.codec.decode_visible(id, v.value()),
                None => Ok(None),
            }
        }

        /// The record an entry of the index `index` points at. A missing one, or one that
        /// is not about `child` when the index is a child's, is damage (the index and its
        /// records disagree): it is said, never silently left out of a figure.
        /// As `follow`, but a record out of the person's care (sealed to a child whose key
        /// they do not hold) is `None`: the index names it, the keys keep it closed.
        #[allow(dead_code)]
        pub(crate) fn follow_visible<R: $crate::store::Indexed>(
            &self,
            id: u64,
            index: &str,
            child: Option<(ChildId, fn(&R) -> Option<ChildId>)>,
        ) -> Result<Option<R>, StoreError> {
            match self.follow(id, index, child) {
                Ok(r) => Ok(Some(r)),
                Err(StoreError::OutOfCare) => Ok(None),
                Err(e) => Err(e),
            }
        }

        #[allow(dead_code)]
        pub(crate) fn follow<R: $crate::store::Indexed>(
            &self,
            id: u64,
            index: &str,
            child: Option<(ChildId, fn(&R) -> Option<ChildId>)>,
        ) -> Result<R, StoreError> {
            let damaged = |what: &str| StoreError::Damaged {
                detail: format!("{index} → {} {id}: {what}", R::NAME),
            };
            let table = self.tx.open_table(R::table())?;
            let record: R = match table.get(id)? {
                // Out of the person's care: said as such, for the caller to leave out.
                Some(v) => self.codec.decode(id, v.value())?,
                None => return Err(damaged("missing")),
            };
            if let Some((want, of)) = child
                && of(&record) != Some(want)
            {
                return Err(damaged("about another child"));
            }
            Ok(record)
        }

        /// Every record of a type this person's keys open, in id order (the order they were
        /// made).
        #[allow(dead_code)]
        pub fn all<R: $crate::store::Indexed>(&self) -> Result<Vec<R>, StoreError> {
            let table = self.tx.open_table(R::table())?;
            let mut out = Vec::new();
            for row in table.iter()? {
                let (k, v) = row?;
                out.extend(self.codec.decode_visible(k.value(), v.value())?);
            }
            Ok(out)
        }

        #[allow(dead_code)]
        pub fn count<R: $crate::store::Indexed>(&self) -> Result<u64, StoreError> {
            use redb::ReadableTableMetadata;
            Ok(self.tx.open_table(R::table())?.len()?)
        }

        #[allow(dead_code)]
        pub fn counselor_by_name(&self, name: &str) -> Result<Option<Counselor>, StoreError> {
            let id = self
                .tx
                .open_table(super::tables::COUNSELOR_BY_NAME)?
                .get(crate::text::name_form(name).as_str())?
                .map(|v| v.value());
            match id {
                Some(id) => self.follow_visible(id, "index", None),
                None => Ok(None),
            }
        }

        #[allow(dead_code)]
        pub fn child_by_student_id(&self, student_id: &str) -> Result<Option<Child>, StoreError> {
            match self.child_id_by_student_id(student_id)? {
                Some(id) => self.follow_visible(id.0, "index", None),
                None => Ok(None),
            }
        }

        /// The child a student id names, from the index alone: asked before the record, so
        /// that a child out of someone's care is refused as such, not said to be missing.
        #[allow(dead_code)]
        pub fn child_id_by_student_id(
            &self,
            student_id: &str,
        ) -> Result<Option<ChildId>, StoreError> {
            Ok(self
                .tx
                .open_table(super::tables::CHILD_BY_STUDENT_ID)?
                .get(super::index::student_id_key(&self.codec, student_id)?.as_ref())?
                .map(|v| ChildId(v.value())))
        }

        #[allow(dead_code)]
        pub fn child_by_name_birth(
            &self,
            name: &str,
            birth: chrono::NaiveDate,
        ) -> Result<Option<Child>, StoreError> {
            let (key, day) =
                super::index::name_birth_key(&self.codec, name, super::tables::day_number(birth))?;
            let id = self
                .tx
                .open_table(super::tables::CHILD_BY_NAME_BIRTH)?
                .get((key.as_ref(), day))?
                .map(|v| v.value());
            match id {
                Some(id) => self.follow_visible(id, "index", None),
                None => Ok(None),
            }
        }

        /// All assignments of a child, past and current, oldest first.
        #[allow(dead_code)]
        pub fn assignments_of_child(&self, child: ChildId) -> Result<Vec<Assignment>, StoreError> {
            let ids: Vec<u64> = {
                let t = self
                    .tx
                    .open_multimap_table(super::tables::ASSIGNMENTS_BY_CHILD)?;
                let mut v = Vec::new();
                for id in t.get(child.0)? {
                    v.push(id?.value());
                }
                v
            };
            let mut out = Vec::with_capacity(ids.len());
            for id in ids {
                let of: fn(&Assignment) -> Option<ChildId> = |a| Some(a.child);
                out.extend(self.follow_visible::<Assignment>(
                    id,
                    "assignments_by_child",
                    Some((child, of)),
                )?);
            }
            out.sort_by_key(|a: &Assignment| (a.from, a.id));
            Ok(out)
        }

        /// True when the store holds no records at all, audit events aside (an import of a
        /// full export needs that).
        #[allow(dead_code)]
        pub fn is_empty(&self) -> Result<bool, StoreError> {
            Ok(self.count::<Counselor>()? == 0
                && self.count::<Child>()? == 0
                && self.count::<Assignment>()? == 0
                && self.count::<Note>()? == 0
                && self.count::<MoodEntry>()? == 0
                && self.count::<FollowUp>()? == 0
                && self.count::<Letter>()? == 0
                && self.count::<Incident>()? == 0
                && self.count::<ChildRevision>()? == 0
                && self.count::<AbsenceCase>()? == 0)
        }

        /// The children a counselor cares for now.
        /// The mailbox readers the coordinator named (none: everyone reads the mailbox).
        #[allow(dead_code)]
        pub fn mailbox_readers(&self) -> Result<Vec<CounselorId>, StoreError> {
            use super::tables::{META, META_MAILBOX_READER, META_MAILBOX_READER_END};
            let t = self.tx.open_table(META)?;
            let mut v = Vec::new();
            for row in t.range(META_MAILBOX_READER..META_MAILBOX_READER_END)? {
                let key = row?.0;
                if let Some(id) = key.value().strip_prefix(META_MAILBOX_READER)
                    && let Ok(id) = id.parse()
                {
                    v.push(CounselorId(id));
                }
            }
            Ok(v)
        }

        #[allow(dead_code)]
        pub fn children_of_class(&self, class: &str) -> Result<Vec<ChildId>, StoreError> {
            let t = self.tx.open_multimap_table(CHILDREN_BY_CLASS)?;
            let mut v = Vec::new();
            for id in t.get($crate::store::index::class_key(&self.codec, class)?.as_ref())? {
                v.push(ChildId(id?.value()));
            }
            Ok(v)
        }

        #[allow(dead_code)]
        pub fn children_of_counselor(
            &self,
            counselor: CounselorId,
        ) -> Result<Vec<ChildId>, StoreError> {
            let t = self
                .tx
                .open_multimap_table(super::tables::CHILDREN_BY_COUNSELOR)?;
            let mut v = Vec::new();
            for id in t.get(counselor.0)? {
                v.push(ChildId(id?.value()));
            }
            Ok(v)
        }
        /// Incidents about a child, oldest first.
        #[allow(dead_code)]
        pub fn incidents_of_child(&self, child: ChildId) -> Result<Vec<Incident>, StoreError> {
            let ids = self.pair_range(INCIDENTS_BY_CHILD, child.0)?;
            let mut out = Vec::with_capacity(ids.len());
            for id in ids {
                let of: fn(&Incident) -> Option<ChildId> = |i| i.child;
                out.extend(self.follow_visible::<Incident>(
                    id,
                    "incidents_by_child",
                    Some((child, of)),
                )?);
            }
            Ok(out)
        }

        /// A child's absence cases (控辍保学), oldest first.
        #[allow(dead_code)]
        pub fn absences_of_child(&self, child: ChildId) -> Result<Vec<AbsenceCase>, StoreError> {
            let ids = self.pair_range(ABSENCES_BY_CHILD, child.0)?;
            let mut out = Vec::with_capacity(ids.len());
            for id in ids {
                let of: fn(&AbsenceCase) -> Option<ChildId> = |a| Some(a.child);
                out.extend(self.follow_visible::<AbsenceCase>(
                    id,
                    "absences_by_child",
                    Some((child, of)),
                )?);
            }
            Ok(out)
        }

        /// Follow-ups of a child, done or not, in the order they were made.
        #[allow(dead_code)]
        pub fn followups_of_child(&self, child: ChildId) -> Result<Vec<FollowUp>, StoreError> {
            let ids = self.pair_range(FOLLOWUPS_BY_CHILD, child.0)?;
            let mut out = Vec::with_capacity(ids.len());
            for id in ids {
                let of: fn(&FollowUp) -> Option<ChildId> = |f| Some(f.child);
                out.extend(self.follow_visible::<FollowUp>(
                    id,
                    "followups_by_child",
                    Some((child, of)),
                )?);
            }
            Ok(out)
        }

        /// The second halves of the `(first, second)` keys whose first half is `first`.
        #[allow(dead_code)]
        fn pair_range(
            &self,
            def: redb::TableDefinition<(u64, u64), ()>,
            first: u64,
        ) -> Result<Vec<u64>, StoreError> {
            let t = self.tx.open_table(def)?;
            let mut v = Vec::new();
            for row in t.range((first, 0)..=(first, u64::MAX))? {
                v.push(row?.0.value().1);
            }
            Ok(v)
        }

        /// When and what kind of contact each of a child's (not deleted) notes was, oldest first,
        /// read from the index alone: this is what the cadence engine and the caseload need.
        #[allow(dead_code)]
        pub fn contacts_of_child(
            &self,
            child: ChildId,
        ) -> Result<Vec<(Timestamp, NoteKind)>, StoreError> {
            let t = self.tx.open_table(NOTES_BY_CHILD)?;
            let mut v = Vec::new();
            for row in t.range((child.0, i64::MIN, 0)..=(child.0, i64::MAX, u64::MAX))? {
                let (k, kind) = row?;
                let Some(kind) = NoteKind::ALL.get(usize::from(kind.value())) else {
                    continue;
                };
                if let Some(at) = chrono::DateTime::from_timestamp(k.value().1, 0) {
                    v.push((at.naive_utc(), *kind));
                }
            }
            Ok(v)
        }

        /// The earlier versions of a child's record, in the order they were replaced.
        #[allow(dead_code)]
        pub fn revisions_of_child(&self, child: ChildId) -> Result<Vec<ChildRevision>, StoreError> {
            let ids: Vec<u64> = {
                let t = self.tx.open_table(REVISIONS_BY_CHILD)?;
                let mut v = Vec::new();
                for row in t.range((child.0, i64::MIN, 0)..=(child.0, i64::MAX, u64::MAX))? {
                    v.push(row?.0.value().2);
                }
                v
            };
            let mut out = Vec::with_capacity(ids.len());
            for id in ids {
                let of: fn(&ChildRevision) -> Option<ChildId> = |r| Some(r.child);
                out.extend(self.follow_visible::<ChildRevision>(
                    id,
                    "revisions_by_child",
                    Some((child, of)),
                )?);
            }
            Ok(out)
        }

        /// Mood entries of a child, oldest first.
        #[allow(dead_code)]
        pub fn moods_of_child(&self, child: ChildId) -> Result<Vec<MoodEntry>, StoreError> {
            let ids: Vec<u64> = {
                let t = self.tx.open_table(MOODS_BY_CHILD)?;
                let mut v = Vec::new();
                for row in t.range((child.0, i64::MIN, 0)..=(child.0, i64::MAX, u64::MAX))? {
                    v.push(row?.0.value().2);
                }
                v
            };
            let mut out = Vec::with_capacity(ids.len());
            for id in ids {
                let of: fn(&MoodEntry) -> Option<ChildId> = |m| Some(m.child);
                out.extend(self.follow_visible::<MoodEntry>(
                    id,
                    "moods_by_child",
                    Some((child, of)),
                )?);
            }
            Ok(out)
        }

        /// The moods observed during the child's notes (`Note::mood_of`) as (when, note,
        /// score), oldest first, read from the index alone.
        #[allow(dead_code)]
        pub fn note_moods_of_child(
            &self,
            child: ChildId,
        ) -> Result<Vec<(Timestamp, NoteId, u8)>, StoreError> {
            let t = self.tx.open_table(NOTE_MOODS_BY_CHILD)?;
            let mut v = Vec::new();
            for row in t.range((child.0, i64::MIN, 0)..=(child.0, i64::MAX, u64::MAX))? {
                let (k, score) = row?;
                let (_, secs, note) = k.value();
                if let Some(at) = chrono::DateTime::from_timestamp(secs, 0) {
                    v.push((at.naive_utc(), NoteId(note), score.value()));
                }
            }
            Ok(v)
        }

        /// The child's one mood history: the mood entries and the notes' moods, oldest first.
        #[allow(dead_code)]
        pub fn mood_history(&self, child: ChildId) -> Result<Vec<MoodPoint>, StoreError> {
            Ok(crate::model::mood_history(
                &self.moods_of_child(child)?,
                &self.note_moods_of_child(child)?,
            ))
        }

        /// Whether this child is in this person's scope (may open the archive): a coordinator
        /// everyone, a head teacher the children of their classes, anyone those assigned to
        /// them. The one scope rule; `children_visible_to` is the same rule for a list.
        #[allow(dead_code)]
        pub fn may_see(&self, who: &Counselor, child: &Child) -> Result<bool, StoreError> {
            Ok(match who.role {
                Role::Coordinator => true,
                Role::HeadTeacher if who.classes.contains(&child.class) => true,
                _ => self.children_of_counselor(who.id)?.contains(&child.id),
            })
        }

        /// The child's summary as its history stands in this transaction; `None` when the
        /// child does not exist.
        #[allow(dead_code)]
        pub fn summary_from_history(
            &self,
            child: ChildId,
        ) -> Result<Option<ChildSummary>, StoreError> {
            let Some(record) = self.get::<Child>(child.0)? else {
                return Ok(None);
            };
            let contacts = self.contacts_of_child(child)?;
            let moods = self.mood_history(child)?;
            let followups = self.followups_of_child(child)?;
            let incidents = self.incidents_of_child(child)?;
            let assignments = self.assignments_of_child(child)?;
            Ok(Some(ChildSummary::build(&History {
                child: &record,
                contacts: &contacts,
                moods: &moods,
                followups: &followups,
                incidents: &incidents,
                assignments: &assignments,
            })))
        }
    };
}

pub(super) use lookups;

use super::StoreError;
use super::tables::*;
use crate::model::*;
use redb::{ReadableMultimapTable, ReadableTable};

/// The lookups over a bare write transaction, for the schema's rebuilds and the writer's
/// summaries, where no `Writer` exists.
pub(super) struct Lookup<'a> {
    pub tx: &'a redb::WriteTransaction,
    pub codec: &'a super::codec::Codec,
}

// Only some lookups are needed here; the macro brings them all.
#[allow(dead_code)]
impl Lookup<'_> {
    lookups!();
}
