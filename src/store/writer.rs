//! The write side: one `Writer` is one transaction. `put` keeps the indexes in step with the
//! record; the domain operations that touch several records (assigning a child) live here so
//! their rules hold for every caller.

use super::StoreError;
use super::codec::Codec;
use super::index;
use super::lookups::lookups;
use super::tables::*;
use crate::domain::staffing::{Succession, succession};
use crate::model::limits;
use crate::model::*;
use chrono::NaiveDate;
use redb::{ReadableMultimapTable, ReadableTable, WriteTransaction};
use std::collections::BTreeSet;

pub(crate) struct Writer {
    tx: WriteTransaction,
    codec: Codec,
    actor: Actor,
    now: Timestamp,
    /// The computer's clock when the transaction began, stamped on its audit events:
    /// `SHOUWANG_NOW` moves the school's day, never the audit trail's times.
    real_now: Timestamp,
    /// Children whose summary this transaction must bring up to date before it commits.
    touched: BTreeSet<u64>,
    /// Children whose carers may have changed (their class, their assignment, a staff
    /// member's role, classes, key pair or place on the staff): their keys' grants are
    /// brought in step at commit (`care_keys::sync`).
    care_changed: BTreeSet<u64>,
    /// What the care keys' syncs of this transaction share.
    care: super::care_keys::Cache,
    /// Whether the staff or the mailbox readers changed: the mailbox's grants follow at
    /// commit (`mailbox_key::sync`).
    mailbox_changed: bool,
    /// Whether this transaction gave the store new keys (`rekey`): the store takes them
    /// from the writer once it commits.
    rekeyed: bool,
    /// The store's count of commits, which this one adds to.
    commits: std::sync::Arc<std::sync::atomic::AtomicU64>,
    /// For a transaction carried out on another thread (`Store::begin_write_elsewhere`): the
    /// store's mark that its file must be opened again after an I/O error, and its path for
    /// the sentence, which `finish` sets and says as the store's own writes do.
    elsewhere: Option<(
        std::sync::Arc<std::sync::atomic::AtomicBool>,
        std::path::PathBuf,
    )>,
}

/// See `Writer::fault_note`.
pub(crate) struct FaultNote(
    Option<(
        std::sync::Arc<std::sync::atomic::AtomicBool>,
        std::path::PathBuf,
    )>,
);

impl FaultNote {
    pub(crate) fn note(&self, e: StoreError) -> StoreError {
        match &self.0 {
            Some((io_failed, path)) if e.is_disk_fault() => {
                io_failed.store(true, std::sync::atomic::Ordering::Release);
                tracing::warn!(kind = %crate::logging::kind(&e), "the store met an I/O error; it will be opened again");
                e.at_path(path)
            }
            _ => e,
        }
    }
}

/// What `assign` did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Assigned {
    New,
    /// The child was with someone else; that assignment ended the day before.
    Moved,
    /// Already with this counselor; nothing changed.
    Unchanged,
}

impl Writer {
    pub(super) fn new(
        mut tx: WriteTransaction,
        codec: Codec,
        actor: Actor,
        clock: super::Clock,
        commits: std::sync::Arc<std::sync::atomic::AtomicU64>,
    ) -> Writer {
        // Each commit keeps the allocator's state, so that opening the store after a crash
        // (a power cut, a killed app) takes a moment instead of redb's walk of the whole
        // file: a second at a county's size, on the morning everyone is waiting.
        tx.set_quick_repair(true);
        Writer {
            tx,
            codec,
            actor,
            now: clock.now(),
            real_now: clock.real_now(),
            touched: BTreeSet::new(),
            care_changed: BTreeSet::new(),
            care: super::care_keys::Cache::default(),
            mailbox_changed: false,
            rekeyed: false,
            commits,
            elsewhere: None,
        }
    }

    /// This transaction is carried out on another thread: an I/O error at its commit marks
    /// the store's file to be opened again (`io_failed`) and names it (`path`).
    pub(super) fn elsewhere(
        mut self,
        io_failed: std::sync::Arc<std::sync::atomic::AtomicBool>,
        path: std::path::PathBuf,
    ) -> Writer {
        self.elsewhere = Some((io_failed, path));
        self
    }

    /// Brings the summaries of the children touched up to date, then commits: a summary is
    /// never out of step with the history it sums up. The keys this transaction gave the
    /// store, if it gave new ones (`rekey`), for the store to hold from now on.
    pub(super) fn commit(mut self) -> Result<Option<Codec>, StoreError> {
        if self.mailbox_changed {
            super::mailbox_key::sync(&mut self)?;
        }
        // The carers' keys first: a rotation seals the summary again too.
        let mut care = std::mem::take(&mut self.care);
        for child in std::mem::take(&mut self.care_changed) {
            super::care_keys::sync(&mut self, &mut care, ChildId(child))?;
        }
        for child in std::mem::take(&mut self.touched) {
            if self.codec.opens_child(child) {
                refresh_summary(&self.tx, &self.codec, ChildId(child))?;
            } else {
                super::care_keys::mark_stale(&self.tx, ChildId(child))?;
            }
        }
        self.tx.commit()?;
        self.commits
            .fetch_add(1, std::sync::atomic::Ordering::AcqRel);
        Ok(self.rekeyed.then_some(self.codec))
    }

    /// Commits a transaction begun with `Store::begin_write_elsewhere`, summaries first. No
    /// such transaction changes the keys (only a departure does, through `Store::write`).
    pub(crate) fn finish(self) -> Result<(), StoreError> {
        let noted = self.fault_note();
        self.commit().map(|_| ()).map_err(|e| noted.note(e))
    }

    /// What an error of this transaction, met on another thread, must tell the store: an
    /// I/O error marks its file to be opened again and is said with its path, as the store's
    /// own writes do (`Store::noted`). Kept apart from the writer, for errors met after it.
    pub(crate) fn fault_note(&self) -> FaultNote {
        FaultNote(self.elsewhere.clone())
    }

    /// Seals with `codec`'s keys from now on: the store's new keys (`rekey`).
    pub(super) fn rekey(&mut self, codec: Codec) {
        self.codec = codec;
        self.rekeyed = true;
    }

    lookups!();

    /// The transaction itself, for the store's own tables (meta, key slots).
    pub(super) fn tx(&self) -> &WriteTransaction {
        &self.tx
    }

    /// The mailbox's holders may have changed: its grants are brought in step at commit.
    pub(super) fn mailbox_changed(&mut self) {
        self.mailbox_changed = true;
    }

    /// Adds children whose carers' keys this transaction brings in step at commit.
    pub(super) fn care_changed(&mut self, children: impl IntoIterator<Item = u64>) {
        self.care_changed.extend(children);
    }

    pub(super) fn codec(&self) -> &Codec {
        &self.codec
    }

    /// The keys this transaction seals with (none in a plain store).
    pub(super) fn keys(&self) -> Option<std::sync::Arc<super::crypto::Keys>> {
        self.codec.keys().cloned()
    }

    /// The time this transaction stamps on what it writes.
    pub fn now(&self) -> Timestamp {
        self.now
    }

    pub fn actor(&self) -> &Actor {
        &self.actor
    }

    /// A fresh id, never handed out before in this store.
    pub fn next_id(&mut self) -> Result<u64, StoreError> {
        let mut meta = self.tx.open_table(META)?;
        let id = meta.get(META_NEXT_ID)?.map_or(1, |v| v.value());
        meta.insert(META_NEXT_ID, id + 1)?;
        Ok(id)
    }

    /// Makes sure ids already used (e.g. by an imported export) are never handed out again.
    pub fn reserve_ids_up_to(&mut self, highest: u64) -> Result<(), StoreError> {
        let mut meta = self.tx.open_table(META)?;
        let next = meta.get(META_NEXT_ID)?.map_or(1, |v| v.value());
        if highest >= next {
            meta.insert(META_NEXT_ID, highest + 1)?;
        }
        Ok(())
    }

    /// Inserts or replaces a record and moves its index rows. Private to the store: every
    /// change from outside goes through a named operation that keeps its rule. A child is
    /// not put in place (`PutInPlace`): `put_child` keeps the version it replaces.
    pub(super) fn put<R: PutInPlace>(&mut self, record: &R) -> Result<(), StoreError> {
        self.write_record(record)
    }

    fn write_record<R: Indexed>(&mut self, record: &R) -> Result<(), StoreError> {
        record.check().map_err(StoreError::Refused)?;
        let old: Option<R> = {
            let table = self.tx.open_table(R::table())?;
            let old = table.get(record.key())?;
            match old {
                Some(v) => Some(self.codec.decode(record.key(), v.value())?),
                None => None,
            }
        };
        // A change of someone's role, classes or place on the staff changes whose children
        // they care for: those children's keys are brought in step at commit.
        if let (Some(after), Some(before)) = (
            (record as &dyn std::any::Any).downcast_ref::<Counselor>(),
            (old.as_ref().map(|o| o as &dyn std::any::Any))
                .and_then(|o| o.downcast_ref::<Counselor>()),
        ) {
            let changed = super::care_keys::touched_by_staff_change(self, before, after)?;
            self.care_changed.extend(changed);
            self.care = super::care_keys::Cache::default();
            self.mailbox_changed |= before.active != after.active;
        }
        if (record as &dyn std::any::Any).is::<Counselor>() && old.is_none() {
            self.mailbox_changed = true;
        }
        let new_entries = record.entries();
        // A child's class and assignments are what make their carers.
        let cares = {
            let any = record as &dyn std::any::Any;
            any.is::<Child>() || any.is::<Assignment>()
        };
        if cares {
            let old_children = old.iter().flat_map(Indexed::entries);
            for e in new_entries.iter().cloned().chain(old_children) {
                self.care_changed.extend(e.child());
            }
        }
        if let Some(old) = old {
            for e in old.entries() {
                self.touched.extend(e.child());
                if !new_entries.contains(&e) {
                    index::remove(&self.tx, &self.codec, &e)?;
                }
            }
        }
        for e in &new_entries {
            self.touched.extend(e.child());
            index::insert(&self.tx, &self.codec, e)?;
        }
        self.tx
            .open_table(R::table())?
            .insert(record.key(), self.codec.encode(record)?.as_slice())?;
        // Every staff record written by a coordinator's keys is signed here, the one door
        // (added, changed at the desk, loaded by the demo or an import).
        if let Some(staff) = (record as &dyn std::any::Any).downcast_ref::<Counselor>() {
            super::school_key::sign_staff(self, staff)?;
        }
        Ok(())
    }

    /// Writes a record as it is, for the crate's bulk loads only (a full import into an empty
    /// store, the demo), whose operation was allowed at entry: the record's own limits still
    /// hold (`put`), and incidents still go through `put_incident`.
    pub(crate) fn load<R: Indexed>(&mut self, record: &R) -> Result<(), StoreError> {
        self.write_record(record)
    }

    /// A child as the roster, the profile form or any other operation leaves it: one record,
    /// its limits checked. The version it replaces, if different, is kept in the child's
    /// record history with this transaction's time and actor. The one way a child changes.
    pub(crate) fn put_child(&mut self, child: &Child) -> Result<(), StoreError> {
        self.put_child_if_changed(child).map(|_| ())
    }

    /// As `put_child`; whether the child was written (it differed from the stored one).
    pub(crate) fn put_child_if_changed(&mut self, child: &Child) -> Result<bool, StoreError> {
        // Names are kept in their one form, whichever way the child came in (roster, form,
        // import): two children never differ by an invisible character.
        let mut child = child.clone();
        for name in [
            &mut child.name,
            &mut child.father.name,
            &mut child.mother.name,
            &mut child.guardian.name,
        ] {
            if name.chars().any(crate::text::is_invisible) {
                *name = crate::text::name_form(name);
            }
        }
        let child = &child;
        let before = self.get::<Child>(child.id.0)?;
        if before.as_ref() == Some(child) {
            return Ok(false);
        }
        if let Some(before) = before {
            let revision = ChildRevision {
                id: ChildRevisionId(self.next_id()?),
                child: child.id,
                replaced_at: self.now,
                replaced_by: self.actor.clone(),
                before,
            };
            self.put(&revision)?;
        }
        self.write_record(child)?;
        Ok(true)
    }

    /// Records who did what to which record, stamped with the computer's clock.
    pub fn audit(
        &mut self,
        action: AuditAction,
        target: RecordRef,
        detail: impl Into<String>,
    ) -> Result<(), StoreError> {
        let event = AuditEvent {
            id: AuditId(self.next_id()?),
            at: self.real_now,
            actor: self.actor.clone(),
            action,
            target,
            detail: detail.into(),
        };
        self.put(&event)
    }

    /// Keeps an audit event of a replaced store (restore), under a fresh id of this store:
    /// the ids of the two stores may overlap, the events' content is what counts.
    pub(super) fn carry_audit_event(&mut self, event: &AuditEvent) -> Result<(), StoreError> {
        let mut event = event.clone();
        event.id = AuditId(self.next_id()?);
        self.put(&event)
    }

    fn insert_counselor(
        &mut self,
        name: &str,
        role: Role,
        classes: Vec<String>,
    ) -> Result<Counselor, StoreError> {
        // One name, however it was typed: "张伟" and "张\u{200B}伟" are the same person.
        let name = &crate::text::name_form(name);
        if name.is_empty() {
            return Err(StoreError::Refused(Refusal::CounselorNeedsName));
        }
        // Before the name is looked up: a refused name says why, not "not found".
        limits::check_field(limits::FieldKind::Name, "limits.field.counselor_name", name)
            .map_err(|e| StoreError::Refused(Refusal::Field(e)))?;
        if self.counselor_by_name(name)?.is_some() {
            return Err(StoreError::DuplicateCounselor {
                name: name.to_string(),
            });
        }
        let c = Counselor {
            id: CounselorId(self.next_id()?),
            name: name.to_string(),
            role,
            classes,
            passphrase_hash: None,
            created: self.now,
            active: true,
        };
        self.put(&c)?;
        Ok(c)
    }

    /// Adds a staff member; names are unique because people choose themselves by name.
    pub fn add_counselor(
        &mut self,
        name: &str,
        role: Role,
        classes: Vec<String>,
    ) -> Result<Counselor, StoreError> {
        let c = self.insert_counselor(name, role, classes)?;
        self.audit(
            AuditAction::Create,
            RecordRef::Counselor(c.id.0),
            Detail::Role(role),
        )?;
        Ok(c)
    }

    /// The store's first staff member (`Store::bootstrap`). Made on the welcome screen, where
    /// no one is named yet (an unnamed command-line actor), it is that person's own act: this
    /// transaction's events are theirs. From the command line, the login that ran it.
    pub(super) fn add_first_staff(
        &mut self,
        name: &str,
        role: Role,
        classes: Vec<String>,
    ) -> Result<Counselor, StoreError> {
        let c = self.insert_counselor(name, role, classes)?;
        if matches!(&self.actor, Actor::CommandLine(login) if login.is_empty()) {
            self.actor = Actor::Counselor(c.id);
        }
        self.audit(
            AuditAction::Create,
            RecordRef::Counselor(c.id.0),
            Detail::FirstStaff(role),
        )?;
        Ok(c)
    }

    /// Puts a child in a counselor's care from `from`. A child has one counselor at a time:
    /// a current assignment to someone else ends the day before (kept as history).
    pub fn assign(
        &mut self,
        child: ChildId,
        counselor: CounselorId,
        from: NaiveDate,
    ) -> Result<Assigned, StoreError> {
        if self.get::<Child>(child.0)?.is_none() {
            return Err(StoreError::NotFound {
                what: format!("child {child}"),
            });
        }
        if self.get::<Counselor>(counselor.0)?.is_none() {
            return Err(StoreError::NotFound {
                what: format!("counselor {counselor}"),
            });
        }
        let mut outcome = Assigned::New;
        for mut a in self.assignments_of_child(child)? {
            if !a.is_current() {
                continue;
            }
            if a.counselor == counselor {
                return Ok(Assigned::Unchanged);
            }
            outcome = Assigned::Moved;
            match succession(a.from, from) {
                Succession::EndsOn(eve) => {
                    a.until = Some(eve);
                    self.put(&a)?;
                    self.audit(AuditAction::Unassign, RecordRef::Assignment(a.id.0), "")?;
                }
                // The current care held no day of its own: it becomes the new one, so the
                // history keeps no care of a day (the audit keeps both events).
                Succession::Replaced => {
                    self.audit(AuditAction::Unassign, RecordRef::Assignment(a.id.0), "")?;
                    a.counselor = counselor;
                    a.from = from;
                    self.put(&a)?;
                    self.audit(AuditAction::Assign, RecordRef::Assignment(a.id.0), "")?;
                    return Ok(outcome);
                }
            }
        }
        let a = Assignment {
            id: AssignmentId(self.next_id()?),
            child,
            counselor,
            from,
            until: None,
        };
        self.put(&a)?;
        self.audit(AuditAction::Assign, RecordRef::Assignment(a.id.0), "")?;
        Ok(outcome)
    }

    /// Ends a child's current assignment on `until` (e.g. when the child leaves the programme).
    pub fn end_assignment(&mut self, child: ChildId, until: NaiveDate) -> Result<bool, StoreError> {
        let mut ended = false;
        for mut a in self.assignments_of_child(child)? {
            if a.is_current() {
                a.until = Some(until.max(a.from));
                self.put(&a)?;
                self.audit(AuditAction::Unassign, RecordRef::Assignment(a.id.0), "")?;
                ended = true;
            }
        }
        Ok(ended)
    }

    /// The next number for a letter opened on `day`: its ISO week, one more than the last.
    pub fn next_letter_number(&self, day: NaiveDate) -> Result<LetterNumber, StoreError> {
        let (year, week) = LetterNumber::week_of(day);
        let t = self.tx.open_table(LETTER_BY_NUMBER)?;
        let last = t
            .range((year, week, 0)..=(year, week, u32::MAX))?
            .next_back()
            .transpose()?;
        let seq = last.map_or(1, |(k, _)| k.value().2 + 1);
        Ok(LetterNumber { year, week, seq })
    }

    /// Names the mailbox readers (none: everyone reads the mailbox again).
    pub(super) fn set_mailbox_readers(
        &mut self,
        readers: &[CounselorId],
    ) -> Result<(), StoreError> {
        let mut meta = self.tx.open_table(META)?;
        let old: Vec<String> = meta
            .range(META_MAILBOX_READER..META_MAILBOX_READER_END)?
            .map(|row| row.map(|(k, _)| k.value().to_string()))
            .collect::<Result<_, _>>()?;
        for key in old {
            meta.remove(key.as_str())?;
        }
        for id in readers {
            meta.insert(format!("{META_MAILBOX_READER}{}", id.0).as_str(), 1)?;
        }
        self.mailbox_changed = true;
        Ok(())
    }

    /// Keeps a draft under `key`; `owner`: whose it is (`Codec::seal_draft`).
    pub fn save_draft(
        &mut self,
        key: &str,
        bytes: &[u8],
        owner: Option<super::codec::DraftOwner>,
    ) -> Result<(), StoreError> {
        let sealed = self.codec.seal_draft(key, bytes, owner)?;
        self.tx.open_table(DRAFTS)?.insert(key, sealed.as_slice())?;
        Ok(())
    }

    pub fn clear_draft(&mut self, key: &str) -> Result<(), StoreError> {
        self.tx.open_table(DRAFTS)?.remove(key)?;
        Ok(())
    }

    /// Saves an incident (强制报告) under the rules that make it impossible to lose or quietly
    /// close: events and revisions are append-only, a closure stays (with its reason), the child
    /// and the reporter never change, and a correction of kind, finding, office or receipt
    /// keeps the previous values as a revision. There is no way to delete an incident.
    pub fn put_incident(&mut self, incident: &Incident) -> Result<(), StoreError> {
        let refuse = |why| Err(StoreError::Refused(Refusal::Incident(why)));
        if incident.found.trim().is_empty() {
            return refuse(IncidentRefusal::NeedsFound);
        }
        if incident
            .closed
            .as_ref()
            .is_some_and(|c| c.reason.trim().is_empty())
        {
            return refuse(IncidentRefusal::NeedsReason);
        }
        let old = self.get::<Incident>(incident.id.0)?;
        // An absence is a case of its own (控辍保学): a report of an earlier version keeps its
        // kind, and no report takes one anew.
        if incident.kind.is_absence() && old.as_ref().is_none_or(|o| o.kind != incident.kind) {
            return Err(StoreError::Refused(Refusal::Absence(
                AbsenceRefusal::NotAnIncident,
            )));
        }
        if let Some(old) = old {
            if old.child != incident.child || old.reported_by != incident.reported_by {
                return refuse(IncidentRefusal::SameChild);
            }
            if !incident.events.starts_with(&old.events) {
                return refuse(IncidentRefusal::EventsKept);
            }
            if !incident.revisions.starts_with(&old.revisions) {
                return refuse(IncidentRefusal::RevisionsKept);
            }
            if old.closed.is_some() && old.closed != incident.closed {
                return refuse(IncidentRefusal::ClosureKept);
            }
            let corrected = (old.kind, &old.found, &old.reported_to, &old.receipt)
                != (
                    incident.kind,
                    &incident.found,
                    &incident.reported_to,
                    &incident.receipt,
                );
            let recorded = incident.revisions.len() > old.revisions.len()
                && incident.revisions.last().is_some_and(|r| {
                    (r.kind, &r.found, &r.reported_to, &r.receipt)
                        == (old.kind, &old.found, &old.reported_to, &old.receipt)
                });
            if corrected && !recorded {
                return refuse(IncidentRefusal::HistoryKept);
            }
        }
        self.put(incident)
    }
}

/// Writes the child's summary as its history now stands (or removes it if the child is gone).
pub(super) fn refresh_summary(
    tx: &WriteTransaction,
    codec: &Codec,
    child: ChildId,
) -> Result<(), StoreError> {
    let summary = super::lookups::Lookup { tx, codec }.summary_from_history(child)?;
    let mut table = tx.open_table(ChildSummary::table())?;
    let mut listings = tx.open_table(ChildListing::table())?;
    match summary {
        Some(s) => {
            table.insert(child.0, codec.encode(&s)?.as_slice())?;
            let listing = ChildListing::of(&s);
            listings.insert(child.0, codec.encode(&listing)?.as_slice())?;
        }
        None => {
            table.remove(child.0)?;
            listings.remove(child.0)?;
        }
    }
    Ok(())
}
