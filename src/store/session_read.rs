//! The reads a session may make: the same queries as `Reader`, each kept to the person's
//! scope. Asking for one child (or what belongs to one) outside the scope is refused and
//! audited; lists are simply cut to the scope.

use super::session::Session;
use super::{Reader, StoreError};
use crate::domain::access::{Operation, Permission, permission};
use crate::domain::report::quarterly::{Quarter, QuarterlyRecords};
use crate::domain::report::stats::StatsBuilder;
use crate::domain::report::{ChildRecords, Range};
use crate::domain::staffing::Caseload;
use crate::model::*;

/// A child as a report about them finds them, and no more: anyone at the school may raise
/// a mandatory report about any child in the programme.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reportable {
    pub id: ChildId,
    pub name: String,
    pub class: String,
    pub student_id: Option<String>,
}

impl Reportable {
    fn of(s: &ChildListing) -> Reportable {
        Reportable {
            id: s.child,
            name: s.name.clone(),
            class: s.class.clone(),
            student_id: s.student_id.clone(),
        }
    }
}

/// A consistent snapshot, read as one person.
pub struct SessionReader<'r> {
    session: &'r Session<'r>,
    r: Reader,
}

impl<'s> Session<'s> {
    pub fn reader(&'s self) -> Result<SessionReader<'s>, StoreError> {
        Ok(SessionReader {
            session: self,
            r: self.store().reader()?,
        })
    }
}

impl SessionReader<'_> {
    pub fn who(&self) -> &Counselor {
        self.session.who()
    }

    /// The raw reader, for the store's own session reads (`session_absence.rs`).
    pub(super) fn raw(&self) -> &Reader {
        &self.r
    }

    pub(super) fn allow_child_view(&self, child: ChildId) -> Result<(), StoreError> {
        self.allow_child(child)
    }

    /// Refuses (audited) unless `child` is in scope for `ViewChild`.
    fn allow_child(&self, child: ChildId) -> Result<(), StoreError> {
        match self
            .session
            .denial_with(&self.r, Operation::ViewChild, child)?
        {
            None => Ok(()),
            Some(r) => Err(self.session.record(r)),
        }
    }

    fn allow(&self, op: Operation) -> Result<(), StoreError> {
        match self.session.denial(op, None)? {
            None => Ok(()),
            Some(r) => Err(self.session.record(r)),
        }
    }

    /// Whether the child (by id) is in scope, without refusing or auditing.
    pub fn sees_child(&self, child: ChildId) -> Result<bool, StoreError> {
        Ok(match self.r.get::<Child>(child.0)? {
            Some(c) => self.r.may_see(self.who(), &c)?,
            None => false,
        })
    }

    /// Whether a child is in scope, without refusing: for screens that filter.
    pub fn may_see(&self, child: &Child) -> Result<bool, StoreError> {
        self.r.may_see(self.who(), child)
    }

    /// Whether the table lets this person do `op` at all (scope aside), without refusing:
    /// for screens that offer an action, or a section, only to whom may use it.
    pub fn may(&self, op: Operation) -> Result<bool, StoreError> {
        self.session.may(op)
    }

    pub fn counselors(&self) -> Result<Vec<Counselor>, StoreError> {
        self.allow(Operation::ListStaff)?;
        self.r.counselors()
    }

    pub fn counselor(&self, id: CounselorId) -> Result<Option<Counselor>, StoreError> {
        self.r.get(id.0)
    }

    pub fn counselor_by_name(&self, name: &str) -> Result<Option<Counselor>, StoreError> {
        self.r.counselor_by_name(name)
    }

    /// One child, if in scope (refused, audited, if not).
    pub fn child(&self, id: ChildId) -> Result<Option<Child>, StoreError> {
        self.allow_child(id)?;
        self.r.get(id.0)
    }

    /// A child's earlier versions, in the order they were replaced, if in scope.
    pub fn child_revisions(&self, id: ChildId) -> Result<Vec<ChildRevision>, StoreError> {
        self.allow_child(id)?;
        self.r.revisions_of_child(id)
    }

    pub fn child_by_student_id(&self, student_id: &str) -> Result<Option<Child>, StoreError> {
        let Some(id) = self.r.child_id_by_student_id(student_id)? else {
            return Ok(None);
        };
        self.allow_child(id)?;
        self.r.get(id.0)
    }

    /// Every child this person may see.
    pub fn children(&self) -> Result<Vec<Child>, StoreError> {
        self.r.children_visible_to(self.who())
    }

    /// "My children" (see `Reader::children_in_care_of`).
    pub fn children_in_care(&self) -> Result<Vec<Child>, StoreError> {
        self.r.children_in_care_of(self.who())
    }

    /// The children in another staff member's care, for whom sees every child; `None` for
    /// anyone else.
    pub fn children_in_care_of(&self, who: &Counselor) -> Result<Option<Vec<Child>>, StoreError> {
        if !self.sees_caseload_of(who) {
            return Ok(None);
        }
        self.r.children_in_care_of(who).map(Some)
    }

    /// How many children a staff member has (`Reader::caseload`, the count the Admin screen
    /// shows too), for `counselor list`: one's own, or anyone's for whom sees every child.
    pub fn caseload_of(&self, who: &Counselor) -> Result<Option<Caseload>, StoreError> {
        if !self.sees_caseload_of(who) {
            return Ok(None);
        }
        self.r.caseload(who).map(Some)
    }

    fn sees_caseload_of(&self, who: &Counselor) -> bool {
        who.id == self.who().id
            || permission(self.who().role, Operation::ViewChild) == Permission::Allowed
    }

    /// The summaries of every child this person may see: what the caseload lists.
    pub fn summaries(&self) -> Result<Vec<ChildSummary>, StoreError> {
        self.r.summaries_visible_to(self.who())
    }

    /// `summaries`, a chunk at a time (see `Reader::visit_summaries_visible_to`).
    pub fn visit_summaries(
        &self,
        chunk: usize,
        f: impl FnMut(Vec<ChildSummary>),
    ) -> Result<(), StoreError> {
        self.r.visit_summaries_visible_to(self.who(), chunk, f)
    }

    /// How many children the store holds (in the programme or not), for whoever imports the
    /// roster: none yet means the school is still to be set up.
    pub fn children_on_roster(&self) -> Result<u64, StoreError> {
        self.allow(Operation::ImportRoster)?;
        self.r.count::<Child>()
    }

    /// The children in the programme whom nobody cares for now, for whoever assigns them.
    pub fn children_without_counselor(&self) -> Result<Vec<ChildSummary>, StoreError> {
        self.allow(Operation::Assign)?;
        self.r.active_without_counselor()
    }

    /// Every staff member with their children now (`Reader::caseload`, the count `counselor
    /// list` shows too), for whoever changes the staff (the Admin screen): who has too many,
    /// who has none, whose children a handover can move.
    pub fn staff_caseloads(&self) -> Result<Vec<(Counselor, Caseload)>, StoreError> {
        self.allow(Operation::ChangeStaff)?;
        let mut out = Vec::new();
        for c in self.r.counselors()? {
            let load = self.r.caseload(&c)?;
            out.push((c, load));
        }
        Ok(out)
    }

    /// The mailbox readers the coordinator named (none: everyone reads the mailbox).
    pub fn mailbox_readers(&self) -> Result<Vec<CounselorId>, StoreError> {
        self.allow(Operation::SetMailboxReaders)?;
        self.r.mailbox_readers()
    }

    /// The summaries of "my children": what This week is about.
    pub fn summaries_in_care(&self) -> Result<Vec<ChildSummary>, StoreError> {
        self.r.summaries_in_care_of(self.who())
    }

    /// A note, if its author is this person or one of its children is in scope.
    pub fn note(&self, id: NoteId) -> Result<Option<Note>, StoreError> {
        let Some(note) = self.r.get::<Note>(id.0)? else {
            return Ok(None);
        };
        if note.counselor == self.who().id {
            return Ok(Some(note));
        }
        for child in &note.children {
            if let Some(c) = self.r.get::<Child>(child.0)?
                && self.r.may_see(self.who(), &c)?
            {
                return Ok(Some(note));
            }
        }
        match note.children.first() {
            Some(first) => self.allow_child(*first).map(|()| Some(note)),
            None => Ok(None),
        }
    }

    pub fn note_ids_of_child(&self, child: ChildId) -> Result<Vec<NoteId>, StoreError> {
        self.allow_child(child)?;
        self.r.note_ids_of_child(child)
    }

    /// This person's own notes, newest first.
    pub fn my_notes(&self) -> Result<Vec<Note>, StoreError> {
        self.r.notes_of_counselor(self.who().id)
    }

    /// The mood form's entries of a child (the records; `mood_history` is the child's moods).
    pub fn moods_of_child(&self, child: ChildId) -> Result<Vec<MoodEntry>, StoreError> {
        self.allow_child(child)?;
        self.r.moods_of_child(child)
    }

    /// The child's one mood history: the mood form's entries and the moods observed during
    /// the notes about that child alone, oldest first.
    pub fn mood_history(&self, child: ChildId) -> Result<Vec<MoodPoint>, StoreError> {
        self.allow_child(child)?;
        self.r.mood_history(child)
    }

    pub fn incidents_of_child(&self, child: ChildId) -> Result<Vec<Incident>, StoreError> {
        self.allow_child(child)?;
        self.r.incidents_of_child(child)
    }

    pub fn followups_of_child(&self, child: ChildId) -> Result<Vec<FollowUp>, StoreError> {
        self.allow_child(child)?;
        self.r.followups_of_child(child)
    }

    /// One assignment, if its child is in scope (the audit names who cared for whom).
    pub fn assignment(&self, id: AssignmentId) -> Result<Option<Assignment>, StoreError> {
        let a = self.r.get::<Assignment>(id.0)?;
        if let Some(a) = &a {
            self.allow_child(a.child)?;
        }
        Ok(a)
    }

    pub fn assignments_of_child(&self, child: ChildId) -> Result<Vec<Assignment>, StoreError> {
        self.allow_child(child)?;
        self.r.assignments_of_child(child)
    }

    pub fn contacts_of_child(
        &self,
        child: ChildId,
    ) -> Result<Vec<(Timestamp, NoteKind)>, StoreError> {
        self.allow_child(child)?;
        self.r.contacts_of_child(child)
    }

    /// One incident: a child's if in scope, a letter's for the mailbox readers, and always
    /// one's own report (anyone may raise one about any child, and follows what became of it).
    pub fn incident(&self, id: IncidentId) -> Result<Option<Incident>, StoreError> {
        let incident = self.r.get::<Incident>(id.0)?;
        match incident.as_ref().map(|i| (i.child, i.reported_by)) {
            Some((Some(_), by)) if by == self.who().id => {}
            Some((Some(child), _)) => self.allow_child(child)?,
            Some((None, _)) => self.allow(Operation::ReadLetters)?,
            None => {}
        }
        Ok(incident)
    }

    /// The children in the programme anyone may raise a mandatory report about, with only
    /// what finds them (name, class, student id): the archive stays closed to whom it is not
    /// in scope for.
    pub fn reportable_children(&self) -> Result<Vec<Reportable>, StoreError> {
        self.allow(Operation::RaiseIncident)?;
        let mut out = Vec::new();
        self.r.visit::<ChildListing>(|s| {
            if s.active {
                out.push(Reportable::of(&s));
            }
        })?;
        out.sort_by(|a, b| a.class.cmp(&b.class).then(a.name.cmp(&b.name)));
        Ok(out)
    }

    /// The child a report of one's own is about, as `reportable_children` shows them: what a
    /// reporter outside the child's care reads of the child.
    pub fn reported_child(&self, incident: &Incident) -> Result<Option<Reportable>, StoreError> {
        let Some(child) = incident.child else {
            return Ok(None);
        };
        let own = incident.reported_by == self.who().id;
        if !own {
            self.allow_child(child)?;
        }
        Ok(self
            .r
            .get::<ChildListing>(child.0)?
            .map(|s| Reportable::of(&s)))
    }

    /// Open incidents this person may see: their children's, and the letters' for readers.
    pub fn open_incidents(&self) -> Result<Vec<Incident>, StoreError> {
        let reader_of_letters = self.session.may(Operation::ReadLetters)?;
        let mut out = Vec::new();
        for i in self.r.open_incidents()? {
            if self.incident_in_scope(&i, reader_of_letters)? {
                out.push(i);
            }
        }
        Ok(out)
    }

    /// Every incident this person may see, open or closed: their children's, and the
    /// letters' for readers.
    pub fn incidents(&self) -> Result<Vec<Incident>, StoreError> {
        let reader_of_letters = self.session.may(Operation::ReadLetters)?;
        let mut out = Vec::new();
        for i in self.r.all::<Incident>()? {
            if self.incident_in_scope(&i, reader_of_letters)? {
                out.push(i);
            }
        }
        Ok(out)
    }

    /// The incidents raised from letters, for a mailbox reader (whether a letter already
    /// raised one).
    pub fn letter_incidents(&self) -> Result<Vec<Incident>, StoreError> {
        self.allow(Operation::ReadLetters)?;
        let mut all = self.r.all::<Incident>()?;
        all.retain(|i| i.child.is_none());
        Ok(all)
    }

    fn incident_in_scope(&self, i: &Incident, reader_of_letters: bool) -> Result<bool, StoreError> {
        Ok(match i.child {
            None => reader_of_letters,
            Some(_) if i.reported_by == self.who().id => true,
            Some(child) => match self.r.get::<Child>(child.0)? {
                Some(c) => self.r.may_see(self.who(), &c)?,
                None => false,
            },
        })
    }

    /// Open follow-ups due by `day`, of children in scope.
    pub fn open_followups_due_by(
        &self,
        day: chrono::NaiveDate,
    ) -> Result<Vec<FollowUp>, StoreError> {
        let mut out = Vec::new();
        for f in self.r.open_followups_due_by(day)? {
            if let Some(c) = self.r.get::<Child>(f.child.0)?
                && self.r.may_see(self.who(), &c)?
            {
                out.push(f);
            }
        }
        Ok(out)
    }

    pub fn letter(&self, id: LetterId) -> Result<Option<Letter>, StoreError> {
        self.allow(Operation::ReadLetters)?;
        self.r.get(id.0)
    }

    /// Every letter, for a mailbox reader.
    pub fn letters(&self) -> Result<Vec<Letter>, StoreError> {
        self.allow(Operation::ReadLetters)?;
        self.r.all()
    }

    pub fn letters_with_status(&self, status: LetterStatus) -> Result<Vec<Letter>, StoreError> {
        self.allow(Operation::ReadLetters)?;
        self.r.letters_with_status(status)
    }

    pub fn letters_of_week(&self, year: i32, week: u32) -> Result<Vec<Letter>, StoreError> {
        self.allow(Operation::ReadLetters)?;
        self.r.letters_of_week(year, week)
    }

    /// Whether this person reads the mailbox (screens offer it only then).
    pub fn reads_letters(&self) -> Result<bool, StoreError> {
        self.session.may(Operation::ReadLetters)
    }

    /// The audit, oldest first: for whom the table lets read it (the coordinator).
    pub fn audit_events(&self) -> Result<Vec<AuditEvent>, StoreError> {
        self.allow(Operation::ReadAudit)?;
        self.r.all()
    }

    /// What the semester summary of `counselor` over `range` reads: each child in their care
    /// on a day of the range, with the child's history. A counselor or head teacher gets their
    /// own (the children handed over since included, for the days they cared for them), the
    /// coordinator anyone's; anything else is refused and audited.
    pub fn semester_records(
        &self,
        counselor: CounselorId,
        range: Range,
    ) -> Result<Vec<ChildRecords>, StoreError> {
        let op = Operation::ReportSemester;
        self.allow(op)?;
        if counselor != self.who().id && permission(self.who().role, op) != Permission::Allowed {
            // Audited like any refusal; the sentence is about a colleague's summary, not a child.
            let _ = self.session.store().write(&self.session.actor(), |w| {
                w.audit(
                    AuditAction::Refused,
                    RecordRef::Counselor(counselor.0),
                    "report_semester",
                )
            });
            return Err(StoreError::NotAllowed(
                crate::domain::access::Denial::ReportNotYours {
                    who: self.who().name.clone(),
                },
            ));
        }
        let mut ids: Vec<ChildId> = Vec::new();
        self.r.visit(|a: Assignment| {
            let ends = a.until.unwrap_or(chrono::NaiveDate::MAX);
            if a.counselor == counselor && a.from <= range.to && ends >= range.from {
                ids.push(a.child);
            }
        })?;
        ids.sort_unstable();
        ids.dedup();
        // The figures rest on the assignments agreeing with their indexes and on each child's
        // history agreeing with the summary written with it: a damaged store is said to be
        // damaged rather than counted wrong.
        let mut current: Vec<ChildId> = Vec::new();
        self.r.visit(|a: Assignment| {
            if a.counselor == counselor && a.is_current() {
                current.push(a.child);
            }
        })?;
        current.sort_unstable();
        let mut indexed = self.r.children_of_counselor(counselor)?;
        indexed.sort_unstable();
        if current != indexed {
            return Err(StoreError::Damaged {
                detail: format!("children_by_counselor {counselor}: not the current assignments"),
            });
        }
        // A child whose care has ended (handed over, left) is sealed under a key the
        // counselor no longer holds (issue 20): their own report leaves the child out, the
        // coordinator's report of them keeps every child of the term.
        let codec = self.session.store().codec();
        ids.retain(|id| codec.opens_child(id.0));
        ids.into_iter()
            .map(|id| {
                let records = self.records_of(id)?.ok_or_else(|| StoreError::Damaged {
                    detail: format!("assignment → child {id}: missing"),
                })?;
                if self.r.summary_from_history(id)? != self.r.get::<ChildSummary>(id.0)? {
                    return Err(StoreError::Damaged {
                        detail: crate::tr!("store.check_summary", child = id),
                    });
                }
                Ok(records)
            })
            .collect()
    }

    /// One child's history for the archive page, if in scope (refused, audited, if not).
    pub fn child_records(&self, child: ChildId) -> Result<Option<ChildRecords>, StoreError> {
        self.allow_child(child)?;
        self.records_of(child)
    }

    fn records_of(&self, id: ChildId) -> Result<Option<ChildRecords>, StoreError> {
        let Some(child) = self.r.get::<Child>(id.0)? else {
            return Ok(None);
        };
        Ok(Some(ChildRecords {
            assignments: self.r.assignments_of_child(id)?,
            contacts: self.r.contacts_of_child(id)?,
            moods: self.r.mood_history(id)?,
            followups: self.r.followups_of_child(id)?,
            incidents: self.r.incidents_of_child(id)?,
            child,
        }))
    }

    /// What the quarterly roster update for `quarter` reads: every child, every assignment
    /// (past and current) and the children's earlier versions replaced since the quarter
    /// began. The coordinator's alone.
    pub fn quarterly_records(&self, quarter: Quarter) -> Result<QuarterlyRecords, StoreError> {
        self.allow(Operation::ReportQuarterly)?;
        let since = quarter.range().from;
        let mut revisions = Vec::new();
        self.r.visit(|r: ChildRevision| {
            if r.replaced_at.date() >= since {
                revisions.push(r);
            }
        })?;
        Ok(QuarterlyRecords {
            children: self.r.all()?,
            assignments: self.r.all()?,
            revisions,
        })
    }

    /// Feeds the school statistics: every child, every staff member with the children in
    /// their care, the notes (not deleted) dated in the range and its letters — counts only,
    /// nothing of a letter's text leaves here. The coordinator's alone.
    pub fn feed_stats(&self, b: &mut StatsBuilder) -> Result<(), StoreError> {
        self.allow(Operation::ReportStats)?;
        self.r.visit(|c: Child| b.child(&c))?;
        // The workload counts what the Admin screen and `counselor list` count.
        for c in self.r.counselors()? {
            let mine: Vec<ChildId> = self
                .r
                .children_in_care_of(&c)?
                .iter()
                .map(|child| child.id)
                .collect();
            b.counselor(&c, &mine);
        }
        let (from, to) = b.range().bounds();
        let secs = |t: Timestamp| t.and_utc().timestamp();
        self.r.live_notes_between(secs(from), secs(to), |c, at| {
            if let Some(at) = chrono::DateTime::from_timestamp(at, 0) {
                b.note(c, at.naive_utc());
            }
        })?;
        // From the index: the counts need no letter opened (a coordinator need not read the
        // mailbox).
        self.r
            .letter_days(|received, attention| b.letter(received, attention))
    }

    /// An editor's unsaved text, by its key.
    pub fn draft(&self, key: &str) -> Result<Option<Vec<u8>>, StoreError> {
        self.r.draft(key)
    }

    /// This person's note draft, or a letter's reply draft (as `SessionWriter::save_draft`
    /// keys them).
    pub fn draft_of(&self, of: super::DraftOf) -> Result<Option<Vec<u8>>, StoreError> {
        self.r.draft(&of.key(self.session.who().id))
    }
}
