//! The coordinator's desk (SPEC §3 Admin) as named operations of a session's write: a staff
//! member's role, classes, leaving and coming back; the handover of a counselor's children;
//! a child leaving the programme and coming back. Each asks the permission table first; the
//! rules that are not about the store (the school keeps a coordinator, nobody is left without
//! care) are `domain::staffing`. Every change is audited; history is never rewritten.

use super::session_ops::SessionWriter;
use super::tables::{META, META_MAILBOX_READER, META_MAILBOX_READER_END};
use super::{Assigned, StoreError};
use crate::domain::access::Operation;
use crate::domain::staffing::{StaffChange, objection};
use crate::model::*;
use chrono::NaiveDate;
use redb::ReadableTable;

/// What a handover did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct HandedOver {
    /// The children now in the new counselor's care, in the order handed over.
    pub children: Vec<ChildId>,
    /// Open follow-ups that went with them to the new counselor.
    pub followups: usize,
}

impl SessionWriter<'_> {
    /// A staff member's record, or a sentence saying there is none.
    fn staff_member(&self, id: CounselorId) -> Result<Counselor, StoreError> {
        self.w
            .get::<Counselor>(id.0)?
            .ok_or_else(|| StoreError::NotFound {
                what: format!("staff {id}"),
            })
    }

    fn child_record(&self, id: ChildId) -> Result<Child, StoreError> {
        self.w
            .get::<Child>(id.0)?
            .ok_or_else(|| StoreError::NotFound {
                what: format!("child {id}"),
            })
    }

    /// Refuses `change` to `target` when the school cannot take it (`domain::staffing`).
    fn check_change(&self, target: &Counselor, change: StaffChange) -> Result<(), StoreError> {
        let in_care = self.w.children_of_counselor(target.id)?.len();
        let staff = self.w.all::<Counselor>()?;
        let me = self.session.who().id;
        match objection(&staff, me, target, change, in_care) {
            None => Ok(()),
            Some(objection) => Err(StoreError::Refused(Refusal::Staff {
                name: target.name.clone(),
                objection,
            })),
        }
    }

    /// Gives a staff member another role. A head teacher's classes go with the role: only a
    /// head teacher leads classes.
    pub fn set_role(&mut self, staff: CounselorId, role: Role) -> Result<Counselor, StoreError> {
        self.allow(Operation::ChangeStaff)?;
        let mut c = self.staff_member(staff)?;
        if c.role == role {
            return Ok(c);
        }
        self.check_change(&c, StaffChange::Role(role))?;
        let was_coordinator = c.role == Role::Coordinator;
        c.role = role;
        if role != Role::HeadTeacher {
            c.classes.clear();
        }
        self.w.put(&c)?;
        // A new coordinator is given the school's key, to read the audit trail; one who is
        // no longer loses it, and the school's key changes, since they may have kept it.
        if was_coordinator && super::school_key::holds_grant(self.w, c.id)? {
            super::school_key::take_back(self.w, c.id)?;
            super::rekey::after_departure(self.w, super::rekey::Departed::SchoolKey)?;
        }
        super::school_key::grant_to_coordinators(self.w)?;
        self.w.audit(
            AuditAction::Update,
            RecordRef::Counselor(c.id.0),
            Detail::Role(role),
        )?;
        Ok(c)
    }

    /// Sets the classes a head teacher leads (each once, as the roster writes it).
    pub fn set_classes(
        &mut self,
        staff: CounselorId,
        classes: Vec<String>,
    ) -> Result<Counselor, StoreError> {
        self.allow(Operation::ChangeStaff)?;
        let mut c = self.staff_member(staff)?;
        if c.role != Role::HeadTeacher {
            return Err(StoreError::Refused(Refusal::NotHeadTeacher {
                name: c.name,
            }));
        }
        let mut led: Vec<String> = Vec::new();
        for class in classes {
            let class = class.trim().to_string();
            if !class.is_empty() && !led.contains(&class) {
                led.push(class);
            }
        }
        if led == c.classes {
            return Ok(c);
        }
        c.classes = led;
        self.w.put(&c)?;
        self.w.audit(
            AuditAction::Update,
            RecordRef::Counselor(c.id.0),
            Detail::Classes(c.classes.len() as u32),
        )?;
        Ok(c)
    }

    /// Someone left the school: they can no longer unlock the store, and their notes keep
    /// their author. Refused while they still care for children (hand them over first), for
    /// oneself, and for the last coordinator. They stop reading the mailbox too.
    pub fn deactivate(&mut self, staff: CounselorId) -> Result<Counselor, StoreError> {
        self.allow(Operation::ChangeStaff)?;
        let mut c = self.staff_member(staff)?;
        if !c.active {
            return Ok(c);
        }
        self.check_change(&c, StaffChange::Deactivate)?;
        if super::mailbox_key::is_last_holder(self.w, c.id)? {
            return Err(StoreError::Refused(Refusal::Staff {
                name: c.name,
                objection: Objection::LastMailboxKey,
            }));
        }
        let departed = super::school_key::departed(self.w, c.id)?;
        c.active = false;
        self.w.put(&c)?;
        // The keys follow: what they were granted goes, and what they may have kept changes.
        super::school_key::revoke(self.w, c.id)?;
        super::mailbox_key::leave(self.w, c.id)?;
        super::rekey::after_departure(self.w, departed)?;
        let readers = self.mailbox_readers()?;
        if readers.contains(&c.id) {
            let rest: Vec<CounselorId> = readers.into_iter().filter(|r| *r != c.id).collect();
            self.w.set_mailbox_readers(&rest)?;
            self.w
                .audit(AuditAction::Update, RecordRef::Store, "mailbox_readers")?;
        }
        self.w.audit(
            AuditAction::Update,
            RecordRef::Counselor(c.id.0),
            "deactivated",
        )?;
        Ok(c)
    }

    /// Someone came back: their passphrase opens the store again (the data key granted to
    /// their key pair anew; one whose slot was of an earlier version is given a new
    /// passphrase).
    pub fn reactivate(&mut self, staff: CounselorId) -> Result<Counselor, StoreError> {
        self.allow(Operation::ChangeStaff)?;
        let mut c = self.staff_member(staff)?;
        if c.active {
            return Ok(c);
        }
        c.active = true;
        self.w.put(&c)?;
        super::school_key::restore_grants(self.w, c.id)?;
        self.w.audit(
            AuditAction::Update,
            RecordRef::Counselor(c.id.0),
            "reactivated",
        )?;
        Ok(c)
    }

    /// The mailbox readers named, as this transaction sees them.
    fn mailbox_readers(&self) -> Result<Vec<CounselorId>, StoreError> {
        let meta = self.w.tx().open_table(META)?;
        let mut readers = Vec::new();
        for row in meta.range(META_MAILBOX_READER..META_MAILBOX_READER_END)? {
            let key = row?.0;
            if let Some(Ok(id)) = key
                .value()
                .strip_prefix(META_MAILBOX_READER)
                .map(str::parse)
            {
                readers.push(CounselorId(id));
            }
        }
        Ok(readers)
    }

    /// Hands `from`'s children (all of them, or only those in `chosen`) to `to` from `day`:
    /// each earlier assignment ends the day before and stays in the child's care history, as
    /// `assign` does, so each day has one counselor; one that began that very day is replaced
    /// (`domain::staffing::succession`), leaving no care of one day in the history. Open follow-ups that `from` owned for
    /// those children go with them. One transaction: all or nothing.
    pub fn hand_over(
        &mut self,
        from: CounselorId,
        to: CounselorId,
        day: NaiveDate,
        chosen: &[ChildId],
    ) -> Result<HandedOver, StoreError> {
        self.allow(Operation::Assign)?;
        let giver = self.staff_member(from)?;
        let taker = self.staff_member(to)?;
        if from == to {
            return Err(StoreError::Refused(Refusal::Handover(
                HandoverRefusal::Same,
            )));
        }
        if !taker.active {
            return Err(StoreError::Refused(Refusal::Handover(
                HandoverRefusal::Inactive { name: taker.name },
            )));
        }
        let theirs = self.w.children_of_counselor(from)?;
        let mut children: Vec<ChildId> = Vec::new();
        if chosen.is_empty() {
            children = theirs;
            children.sort_unstable();
        } else {
            for child in chosen {
                if !theirs.contains(child) {
                    let c = self.child_record(*child)?;
                    return Err(StoreError::Refused(Refusal::Handover(
                        HandoverRefusal::NotTheirs {
                            child: c.name,
                            name: giver.name,
                        },
                    )));
                }
                if !children.contains(child) {
                    children.push(*child);
                }
            }
        }
        if children.is_empty() {
            return Err(StoreError::Refused(Refusal::Handover(
                HandoverRefusal::Nobody { name: giver.name },
            )));
        }
        let mut followups = 0;
        for child in &children {
            let since = self
                .w
                .assignments_of_child(*child)?
                .into_iter()
                .filter(|a| a.is_current() && a.counselor == from)
                .map(|a| a.from)
                .max();
            if let Some(since) = since
                && day < since
            {
                let c = self.child_record(*child)?;
                return Err(StoreError::Refused(Refusal::Handover(
                    HandoverRefusal::BeforeCare {
                        child: c.name,
                        name: giver.name,
                        since,
                    },
                )));
            }
            self.w.assign(*child, to, day)?;
            for mut f in self.w.followups_of_child(*child)? {
                if f.is_open() && f.counselor == from {
                    f.counselor = to;
                    self.w.put(&f)?;
                    self.w
                        .audit(AuditAction::Update, RecordRef::FollowUp(f.id.0), "handover")?;
                    followups += 1;
                }
            }
        }
        self.w.audit(
            AuditAction::Assign,
            RecordRef::Counselor(from.0),
            Detail::Handover {
                to: to.0,
                children: children.len() as u32,
                followups: followups as u32,
            },
        )?;
        Ok(HandedOver {
            children,
            followups,
        })
    }

    /// Refuses to put a child who left the programme in anyone's care: they come back first.
    pub(super) fn may_be_cared_for(&self, child: ChildId) -> Result<(), StoreError> {
        match self.w.get::<Child>(child.0)? {
            Some(c) if !c.is_active() => Err(StoreError::Refused(Refusal::NotInProgramme {
                child: c.name,
            })),
            _ => Ok(()),
        }
    }

    /// A child left the programme on `date` (not in the future) for `reason`: the status
    /// says so, their care ends that day (kept as history), and they leave every caseload and
    /// This week. The archive stays, and the quarterly update lists them as having left.
    pub fn child_leaves(
        &mut self,
        child: ChildId,
        date: NaiveDate,
        reason: LeaveReason,
        note: &str,
    ) -> Result<Child, StoreError> {
        self.allow(Operation::RecordLeaving)?;
        let mut c = self.child_record(child)?;
        if !c.is_active() {
            return Err(StoreError::Refused(Refusal::AlreadyLeft { child: c.name }));
        }
        if date > self.w.now().date() {
            return Err(StoreError::Refused(Refusal::LeaveInFuture { date }));
        }
        c.status = ChildStatus::Left {
            date,
            reason,
            note: note.trim().to_string(),
        };
        self.w.put_child(&c)?;
        self.w.end_assignment(child, date)?;
        self.w.audit(
            AuditAction::Update,
            RecordRef::Child(child.0),
            Detail::Left(reason),
        )?;
        Ok(c)
    }

    /// A child who left is in the programme again from `day` (an undo, or a return): the
    /// counselor who cared for them when they left takes them back if still on the staff;
    /// otherwise they wait, on the coordinator's This week, for someone to be assigned.
    pub fn child_returns(
        &mut self,
        child: ChildId,
        day: NaiveDate,
    ) -> Result<Option<Counselor>, StoreError> {
        self.allow(Operation::RecordLeaving)?;
        let mut c = self.child_record(child)?;
        let ChildStatus::Left { date: left, .. } = c.status else {
            return Err(StoreError::Refused(Refusal::NotLeft { child: c.name }));
        };
        c.status = ChildStatus::Active;
        self.w.put_child(&c)?;
        let last = self.w.assignments_of_child(child)?.pop();
        let mut back_to = None;
        if let Some(a) = last
            && a.until == Some(left.max(a.from))
            && let Some(counselor) = self.w.get::<Counselor>(a.counselor.0)?
            && counselor.active
        {
            // The day after they left at the earliest: one counselor per day.
            let from = day.max(left.succ_opt().unwrap_or(left));
            if self.w.assign(child, counselor.id, from)? != Assigned::Unchanged {
                back_to = Some(counselor);
            }
        }
        self.w
            .audit(AuditAction::Update, RecordRef::Child(child.0), "returned")?;
        Ok(back_to)
    }
}
