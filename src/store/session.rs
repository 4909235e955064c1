//! The handle bound to the person acting. Every read and write of the app and the command
//! line goes through a `Session`, which asks the permission table (`domain::access`) and the
//! scope rule (`may_see`) before it lets anything through; a refusal is data (`Denial`, worded
//! at the edge) and an audit event. The raw `Reader`/`Writer` stay inside the crate for the store's own use.

use super::{Reader, Store, StoreError, Writer};
use crate::domain::access::{Denial, Operation, Permission, Why, permission};
use crate::model::*;

pub struct Session<'s> {
    store: &'s Store,
    who: Counselor,
}

impl Store {
    /// The session of `who`, reloaded from the store so that a role changed (or a person
    /// removed) since they chose themselves cannot be used. On an encrypted store only for
    /// who has unlocked it with their passphrase (`unlock`); on a demo store for anyone.
    pub fn session(&self, who: &Counselor) -> Result<Session<'_>, StoreError> {
        self.may_act_as(who.id)?;
        let fresh = self.reader()?.get::<Counselor>(who.id.0)?;
        match fresh {
            Some(c) if c.active => Ok(Session {
                store: self,
                who: c,
            }),
            _ => Err(StoreError::NotAllowed(Denial::Gone {
                who: who.name.clone(),
            })),
        }
    }

    /// The session of the staff member with this name, if there is one.
    pub fn session_by_name(&self, name: &str) -> Result<Option<Session<'_>>, StoreError> {
        match self.reader()?.counselor_by_name(name.trim())? {
            Some(c) => self.session(&c).map(Some),
            None => Ok(None),
        }
    }

    /// The staff, names and roles only (no classes, no passphrase): what the start screen
    /// shows before anyone has chosen themselves.
    pub fn staff(&self) -> Result<Vec<Counselor>, StoreError> {
        let mut staff = self.reader()?.counselors()?;
        for c in &mut staff {
            c.classes.clear();
            c.passphrase_hash = None;
        }
        Ok(staff)
    }

    /// Whether anyone is on the staff yet: an empty store has no one to ask permission of.
    pub fn has_staff(&self) -> Result<bool, StoreError> {
        Ok(self.reader()?.count::<Counselor>()? > 0)
    }

    /// Runs `f` on a store with no staff yet (the demo, a full import): raw access inside the
    /// crate, refused as soon as one staff member exists.
    pub(crate) fn bootstrap_with<T>(
        &self,
        actor: &Actor,
        f: impl FnOnce(&mut Writer) -> Result<T, StoreError>,
    ) -> Result<T, StoreError> {
        self.write(actor, |w| {
            if w.count::<Counselor>()? > 0 {
                return Err(StoreError::NotAllowed(Denial::NotEmpty));
            }
            f(w)
        })
    }
}

impl<'s> Session<'s> {
    pub fn who(&self) -> &Counselor {
        &self.who
    }

    pub fn actor(&self) -> Actor {
        Actor::Counselor(self.who.id)
    }

    /// Today on the clock the store was opened with.
    pub fn today(&self) -> chrono::NaiveDate {
        self.store.clock().today()
    }

    /// The raw store, for the crate's bulk paths (imports, exports, backup, the demo) once
    /// their operation has been allowed at entry.
    pub(crate) fn store(&self) -> &'s Store {
        self.store
    }

    /// Whether the table lets this person do `op` at all (scope aside): what a screen asks
    /// to decide whether to offer an action.
    pub fn may(&self, op: Operation) -> Result<bool, StoreError> {
        Ok(match permission(self.who.role, op) {
            Permission::Allowed | Permission::InScope | Permission::AnyActiveChild => true,
            Permission::MailboxReader => self.is_mailbox_reader()?,
            Permission::Denied => false,
        })
    }

    /// Refuses (with a sentence and an audit event) unless the table lets this person do
    /// `op`; for an operation on children, `allow_child` also checks the scope.
    pub fn allow(&self, op: Operation) -> Result<(), StoreError> {
        match self.denial(op, None)? {
            None => Ok(()),
            Some(refusal) => Err(self.record(refusal)),
        }
    }

    /// `allow`, and the child must be in this person's scope.
    pub fn allow_child(&self, op: Operation, child: ChildId) -> Result<(), StoreError> {
        let reader = self.store.reader()?;
        match self.denial_with(&reader, op, child)? {
            None => Ok(()),
            Some(refusal) => Err(self.record(refusal)),
        }
    }

    /// Why `op` is refused to this person, without the child (None: not refused).
    pub(super) fn denial(
        &self,
        op: Operation,
        _child: Option<ChildId>,
    ) -> Result<Option<Denied>, StoreError> {
        let refused = match permission(self.who.role, op) {
            Permission::Allowed | Permission::InScope | Permission::AnyActiveChild => None,
            Permission::MailboxReader if self.is_mailbox_reader()? => None,
            Permission::MailboxReader => Some(Why::NotAReader),
            Permission::Denied => Some(Why::RoleOnly),
        };
        Ok(refused.map(|why| Denied {
            op,
            target: RecordRef::Store,
            why,
        }))
    }

    /// Why `op` on `child` is refused, looking the scope up in `r` (a reader or a writer).
    pub(super) fn denial_with(
        &self,
        r: &impl Scope,
        op: Operation,
        child: ChildId,
    ) -> Result<Option<Denied>, StoreError> {
        if let Some(mut refusal) = self.denial(op, Some(child))? {
            refusal.target = RecordRef::Child(child.0);
            return Ok(Some(refusal));
        }
        let rule = permission(self.who.role, op);
        if !matches!(rule, Permission::InScope | Permission::AnyActiveChild) {
            return Ok(None);
        }
        // A child that does not exist is not refused here: the operation says "not found".
        // One whose record this person's keys do not open is in the directory: out of their
        // care, or (a mandatory report) judged by the directory's "in the programme".
        let Some(record) = r.child_record(child)? else {
            let Some(listed) = r.listing(child)? else {
                return Ok(None);
            };
            let why = match rule {
                Permission::AnyActiveChild if listed.active => return Ok(None),
                Permission::AnyActiveChild => Why::NotActive,
                _ => Why::OutOfScope,
            };
            return Ok(Some(Denied {
                op,
                target: RecordRef::Child(child.0),
                why,
            }));
        };
        if rule == Permission::AnyActiveChild {
            return Ok((record.status != ChildStatus::Active).then_some(Denied {
                op,
                target: RecordRef::Child(child.0),
                why: Why::NotActive,
            }));
        }
        Ok((!r.in_scope(&self.who, &record)?).then_some(Denied {
            op,
            target: RecordRef::Child(child.0),
            why: Why::OutOfScope,
        }))
    }

    /// Audits a refusal in its own transaction (the refused one, if any, is abandoned) and
    /// gives the error the person is answered with.
    pub(super) fn record(&self, refusal: Denied) -> StoreError {
        let op_code = refusal.op.key().trim_start_matches("access.op.");
        // The refusal stands even if its audit cannot be written (a full disk, say).
        let _ = self.store.write(&self.actor(), |w| {
            w.audit(AuditAction::Refused, refusal.target, op_code)
        });
        StoreError::NotAllowed(self.denied(refusal))
    }

    /// The denial a refusal of this person is, with its facts.
    pub(super) fn denied(&self, refusal: Denied) -> Denial {
        Denial::Table {
            who: self.who.name.clone(),
            role: self.who.role,
            op: refusal.op,
            why: refusal.why,
        }
    }

    /// A consistent copy of the whole store (every child) into `file`, new and empty (the
    /// unnamed file of `export::output`): the table decides who.
    pub fn backup_into(&self, file: std::fs::File) -> Result<(), StoreError> {
        self.allow(Operation::Backup)?;
        self.store.backup_into(file)
    }

    fn is_mailbox_reader(&self) -> Result<bool, StoreError> {
        let readers = self.store.reader()?.mailbox_readers()?;
        Ok(readers.is_empty() || readers.contains(&self.who.id))
    }
}

impl Store {
    /// Allows `op` for `session`, or, with no session, only on a store with no staff yet
    /// (where the demo and a full import make the first staff): the entry check of the
    /// crate's bulk paths.
    pub(crate) fn allow_or_first(
        &self,
        session: Option<&Session>,
        op: Operation,
    ) -> Result<(), StoreError> {
        match session {
            Some(s) => s.allow(op),
            None if self.has_staff()? => Err(StoreError::NotAllowed(Denial::NotEmpty)),
            None => Ok(()),
        }
    }
}

/// A refusal not yet audited.
#[derive(Clone, Copy, Debug)]
pub(super) struct Denied {
    pub op: Operation,
    pub target: RecordRef,
    pub why: Why,
}

/// What a scope check needs, from a read snapshot or from inside a write transaction.
pub(super) trait Scope {
    fn child_record(&self, id: ChildId) -> Result<Option<Child>, StoreError>;
    /// The child's row of the directory, which everyone's keys open.
    fn listing(&self, id: ChildId) -> Result<Option<ChildListing>, StoreError>;
    fn in_scope(&self, who: &Counselor, child: &Child) -> Result<bool, StoreError>;
}

impl Scope for Reader {
    fn child_record(&self, id: ChildId) -> Result<Option<Child>, StoreError> {
        self.get(id.0)
    }
    fn listing(&self, id: ChildId) -> Result<Option<ChildListing>, StoreError> {
        self.get(id.0)
    }
    fn in_scope(&self, who: &Counselor, child: &Child) -> Result<bool, StoreError> {
        self.may_see(who, child)
    }
}

impl Scope for Writer {
    fn child_record(&self, id: ChildId) -> Result<Option<Child>, StoreError> {
        self.get(id.0)
    }
    fn listing(&self, id: ChildId) -> Result<Option<ChildListing>, StoreError> {
        self.get(id.0)
    }
    fn in_scope(&self, who: &Counselor, child: &Child) -> Result<bool, StoreError> {
        self.may_see(who, child)
    }
}
