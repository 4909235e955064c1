//! Who has unlocked the store, and how: passphrases, key slots, the backoff after wrong
//! passphrases, locking, and encrypting a store made before encryption. The keys live in the
//! store's `KeyState` from unlock to lock; a session can only be had by someone who has
//! unlocked (or on a demo store, which is plain on purpose).

use super::codec::Codec;
use super::crypto::{self, DataKey, Keys, Passphrase};
use super::keyring::ChildKeys;
use super::passphrases::set_passphrase;
use super::tables::*;
use super::{Session, Store, StoreError, Writer, schema};
use super::{care_keys, mailbox_key, school_key};
use crate::domain::access::{Denial, Operation, Why};
use crate::model::*;
use redb::{Database, ReadableDatabase, ReadableTableMetadata};
use std::collections::BTreeSet;
use std::path::PathBuf;
use std::sync::Arc;

/// How a store keeps its values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encryption {
    /// No staff yet: the first coordinator's passphrase will encrypt it (or the demo fills it).
    Empty,
    /// Every personal value sealed under the data key; staff unlock with their passphrases.
    Sealed,
    /// Invented children, plain on purpose; says so on every screen.
    Demo,
    /// Made before encryption (or by a full JSON import): must be encrypted before real use.
    Unencrypted,
}

/// The keys of an unlocked store, to hand to a store opened from the same data (a backup
/// being restored, the store it replaces). Opaque: nothing outside the store reads them.
#[derive(Clone)]
pub struct KeyRing(Arc<Keys>);

pub(super) struct KeyState {
    encryption: Encryption,
    codec: Codec,
    /// Who gave their passphrase since the store was last locked.
    unlocked: BTreeSet<CounselorId>,
}

impl KeyState {
    /// The state of a store just opened: locked if it is encrypted.
    pub(super) fn read(db: &Database) -> Result<KeyState, StoreError> {
        let read = db.begin_read()?;
        let mode = read
            .open_table(META)?
            .get(META_ENCRYPTION)?
            .map(|v| v.value());
        let staff = read.open_table(Counselor::table())?.len()?;
        let encryption = match mode {
            Some(ENCRYPTION_SEALED) => Encryption::Sealed,
            Some(ENCRYPTION_DEMO) => Encryption::Demo,
            _ if staff == 0 => Encryption::Empty,
            _ => Encryption::Unencrypted,
        };
        Ok(KeyState {
            encryption,
            codec: match encryption {
                Encryption::Sealed => Codec::locked(),
                _ => Codec::plain(),
            },
            unlocked: BTreeSet::new(),
        })
    }
}

/// Seconds to wait after `failures` wrong passphrases in a row: none for the first two (a
/// typo), then doubling from 2 s up to 5 minutes.
pub fn backoff(failures: u64) -> u64 {
    match failures {
        0..=2 => 0,
        n => (1u64 << (n - 2).min(20)).min(300),
    }
}

/// Seconds still to wait at `now` after `failures` wrong passphrases, the last at `last`
/// (seconds), or `None` when the next attempt may be tried. A last failure stamped after
/// `now` (the computer's clock was set back) does not lock the person out until the clock
/// catches up: the wait counts as over.
pub fn still_waiting(failures: u64, last: i64, now: Timestamp) -> Option<u64> {
    let wait = backoff(failures);
    let since = super::tables::seconds(now) - last;
    (wait > 0 && (0..wait as i64).contains(&since)).then(|| wait - since as u64)
}

/// The computer's login name, which the audit names for what no staff member was named for
/// (a command-line run without `--user`, a name nobody on the staff has).
pub fn computer_login() -> Actor {
    let login = std::env::var("USER")
        .or_else(|_| std::env::var("USERNAME"))
        .unwrap_or_default();
    Actor::CommandLine(login)
}

impl Store {
    fn state(&self) -> std::sync::RwLockReadGuard<'_, KeyState> {
        // A panic elsewhere while holding the lock leaves the state as it was: still usable.
        self.keys.read().unwrap_or_else(|e| e.into_inner())
    }

    /// The keys of the unlocked store, if it is (a passphrase set now is wrapped with them).
    pub(super) fn keys_held(&self) -> Option<Arc<Keys>> {
        self.state().codec.keys().cloned()
    }

    fn state_mut(&self) -> std::sync::RwLockWriteGuard<'_, KeyState> {
        self.keys.write().unwrap_or_else(|e| e.into_inner())
    }

    pub(super) fn codec(&self) -> Codec {
        self.state().codec.clone()
    }

    pub fn encryption(&self) -> Encryption {
        self.state().encryption
    }

    /// Whether this is a demo store (unencrypted on purpose; every screen says so).
    pub fn is_demo(&self) -> bool {
        self.encryption() == Encryption::Demo
    }

    /// Whether `who` must give a passphrase to act on this store.
    pub fn needs_passphrase(&self) -> bool {
        matches!(
            self.encryption(),
            Encryption::Sealed | Encryption::Unencrypted
        )
    }

    /// Whether `who` may have a session now without giving a passphrase.
    pub(super) fn may_act_as(&self, who: CounselorId) -> Result<(), StoreError> {
        let state = self.state();
        match state.encryption {
            Encryption::Demo | Encryption::Empty => Ok(()),
            Encryption::Unencrypted => Err(StoreError::NotEncrypted),
            Encryption::Sealed if state.unlocked.contains(&who) => Ok(()),
            Encryption::Sealed => Err(StoreError::Locked),
        }
    }

    /// The keys of whoever unlocked this store, for `restore`.
    pub fn key_ring(&self) -> Option<KeyRing> {
        self.state().codec.keys().cloned().map(KeyRing)
    }

    /// Takes the keys unlocked elsewhere (a backup of this store, the store it replaces).
    pub(super) fn adopt(&self, keys: Option<&KeyRing>) {
        let mut state = self.state_mut();
        if let (Encryption::Sealed, Some(keys)) = (state.encryption, keys) {
            state.codec = Codec::open(keys.0.clone());
        }
    }

    /// Holds the keys a departure gave the store (`rekey`), in place of those it replaced:
    /// every unlocked session goes on with them.
    pub(super) fn take_keys(&self, codec: Codec) {
        self.state_mut().codec = codec;
    }

    /// Unlocks the store as `name` with `passphrase`, and gives their session. A wrong
    /// passphrase is audited and slows the next attempts down (`backoff`), on the computer's
    /// clock (`Clock::real_now`), which `SHOUWANG_NOW` does not move; on a demo store no
    /// passphrase is asked.
    pub fn unlock(&self, name: &str, passphrase: &Passphrase) -> Result<Session<'_>, StoreError> {
        self.unlock_at(name, passphrase, self.clock.real_now())
    }

    /// `unlock` with the computer's clock reading `now`: the backoff's tests give it.
    pub(crate) fn unlock_at(
        &self,
        name: &str,
        passphrase: &Passphrase,
        now: Timestamp,
    ) -> Result<Session<'_>, StoreError> {
        let who = self.staff_named(name)?;
        match self.encryption() {
            Encryption::Demo | Encryption::Empty => return self.session(&who),
            Encryption::Unencrypted => return Err(StoreError::NotEncrypted),
            Encryption::Sealed => {}
        }
        let (failures, last) = self.login_failures(who.id)?;
        if let Some(wait) = still_waiting(failures, last, now) {
            self.audit_refusal(
                &Actor::Counselor(who.id),
                RecordRef::Counselor(who.id.0),
                Refusal::UnlockTooSoon(wait),
            );
            return Err(StoreError::TooSoon { wait });
        }
        // The record the permission table will read of this person is the one a coordinator
        // signed: a role, classes or active flag edited in the file is refused, and audited.
        let holds = {
            let read = self.begin_read()?;
            school_key::staff_record_holds(&read, &who)?
        };
        if !holds {
            let changed = Refusal::UnlockStaffRecordChanged;
            self.audit_refusal(
                &Actor::Counselor(who.id),
                RecordRef::Counselor(who.id.0),
                changed.clone(),
            );
            return Err(StoreError::Refused(changed));
        }
        let Some(slot) = self.key_slot(who.id)? else {
            return Err(StoreError::NoPassphrase { name: who.name });
        };
        // The slot is the only verifier: a wrong passphrase does not open it.
        let Ok(opened) = crypto::unwrap(&slot, passphrase, who.id.0) else {
            return Err(self.login_failed(&who, failures + 1, now));
        };
        // A slot of an earlier version holds the data key itself; it becomes the person's key
        // pair at this login. So does a slot made cheaper than today's cost, and the
        // passphrase hash older versions kept on the plain staff record goes.
        let (data, person) = match opened {
            crypto::Opened::DataKey(data) => (data, None),
            crypto::Opened::Person(person) => (self.granted_data_key(&who, &person)?, Some(person)),
        };
        let rewrap = person.is_none()
            || crypto::slot_cost(&slot)
                .is_some_and(|cost| cost.is_below(crypto::KdfCost::current()))
            || who.passphrase_hash.is_some();
        let (keys, new_school) = self.keys_for(&who, data.keys(), person.as_ref())?;
        {
            let mut state = self.state_mut();
            // The keys held already are kept, unless these open more (the audit trail, every
            // child's records); a carer's children's keys join those held.
            let more = keys.school().is_some() && !state.codec.opens_school_values();
            match state.codec.keys() {
                Some(held) if !more && new_school.is_none() => {
                    held.children().absorb(keys.children());
                }
                Some(held) => {
                    keys.children().absorb(held.children());
                    state.codec = Codec::open(keys);
                }
                None => state.codec = Codec::open(keys),
            }
            state.unlocked.insert(who.id);
        }
        // A coordinator's first unlock of a store from before keys per child moves it over
        // (`care_keys::move_over`, in the login's transaction), after a copy beside it.
        if keys_held_school(&self.codec()) && self.with_db(care_keys::move_pending)? {
            let backup = self.path.with_file_name(format!(
                "{}.before-keys-per-child-{}",
                self.path.file_name().unwrap_or_default().to_string_lossy(),
                self.clock.now().format("%Y%m%d-%H%M%S")
            ));
            self.backup_to(&backup)?;
            tracing::info!(backup = %backup.display(), "moving the store to keys per child");
        }
        let audited = self.write(&Actor::Counselor(who.id), |w| {
            clear_failures(w, who.id)?;
            if let Some(school) = &new_school {
                school_key::keep_public(w, school)?;
                school_key::reseal_audit(w)?;
                school_key::sign_all_staff(w)?;
            }
            if rewrap {
                set_passphrase(w, &data, who.id, passphrase, person.as_ref())?;
            }
            school_key::grant_to_coordinators(w)?;
            // A coordinator moves an older store to keys per child, and seals under them
            // what was waiting; anyone brings up to date the summaries their keys open.
            care_keys::move_over(w)?;
            care_keys::after_coordinator_unlock(w)?;
            let codec = w.codec().clone();
            care_keys::refresh_stale(w.tx(), &codec)?;
            // A holder of the mailbox's key hands it to readers waiting for it.
            mailbox_key::sync(w)?;
            w.audit(AuditAction::Login, RecordRef::Counselor(who.id.0), "")
        });
        match audited {
            Ok(()) => {}
            // A full disk must not lock the school out: reading needs no space. The login is
            // written first in the next write that succeeds, and kept meanwhile in a small
            // file beside the store (`disk.rs`); where not even that fits, the login is
            // refused rather than left unaudited.
            Err(e) if e.is_disk_fault() => {
                tracing::warn!(kind = %crate::logging::kind(&e), "a login is kept until it can be written");
                let kept = self.keep_pending(AuditEvent {
                    id: AuditId(0),
                    at: now,
                    actor: Actor::Counselor(who.id),
                    action: AuditAction::Login,
                    target: RecordRef::Counselor(who.id.0),
                    detail: String::new(),
                });
                if kept.is_err() {
                    self.forget_unlock(who.id);
                    return Err(e);
                }
            }
            Err(e) => return Err(e),
        }
        // What an older store still needs the keys for (`schema::finish_after_unlock`) waits
        // for space like the login's event: it runs again at the next unlock.
        if let Err(e) = self.finish_upgrade()
            && !e.is_disk_fault()
        {
            return Err(e);
        }
        self.session(&who)
    }

    /// Takes back an unlock whose login could not be audited: `who` is no longer unlocked,
    /// and a sealed store's keys go when nobody else holds them.
    fn forget_unlock(&self, who: CounselorId) {
        let mut state = self.state_mut();
        state.unlocked.remove(&who);
        if state.unlocked.is_empty() && state.encryption == Encryption::Sealed {
            state.codec = Codec::locked();
        }
    }

    /// Drops the keys: every session must unlock again. The lock is audited by `who`.
    pub fn lock(&self, who: Option<CounselorId>) {
        if let Some(id) = who
            && self.encryption() == Encryption::Sealed
        {
            let _ = self.write(&Actor::Counselor(id), |w| {
                w.audit(AuditAction::Lock, RecordRef::Counselor(id.0), "")
            });
        }
        let mut state = self.state_mut();
        state.unlocked.clear();
        if state.encryption == Encryption::Sealed {
            // The last clone of the keys, when no reader holds one, clears them.
            state.codec = Codec::locked();
        }
    }

    /// The active staff member called `name`, whom someone wants to act as. A name nobody
    /// has, or a person the coordinator deactivated, is refused with a sentence that says
    /// which, and audited: the deactivated person by their id, an unknown name by its length
    /// only (what was typed may be anything, a child's name included), naming the computer's
    /// login since no staff member was named.
    pub fn staff_named(&self, name: &str) -> Result<Counselor, StoreError> {
        match self.reader()?.counselor_by_name(name.trim())? {
            Some(c) if c.active => Ok(c),
            Some(c) => {
                self.audit_refusal(
                    &Actor::Counselor(c.id),
                    RecordRef::Counselor(c.id.0),
                    Refusal::UnlockDeactivated,
                );
                Err(StoreError::Deactivated { name: c.name })
            }
            None => {
                self.audit_refusal(
                    &computer_login(),
                    RecordRef::Store,
                    Refusal::UnlockUnknownName(name.trim().chars().count() as u32),
                );
                Err(StoreError::UnknownName {
                    name: name.to_string(),
                })
            }
        }
    }

    /// Writes a refusal's audit event in its own transaction. The refusal stands even if
    /// the event cannot be written: on a full disk it waits like a login's (`disk.rs`),
    /// otherwise the log says so.
    pub(crate) fn audit_refusal(
        &self,
        actor: &Actor,
        target: RecordRef,
        detail: impl Into<String>,
    ) {
        let detail = detail.into();
        let event = AuditEvent {
            id: AuditId(0),
            at: self.clock.real_now(),
            actor: actor.clone(),
            action: AuditAction::Refused,
            target,
            detail: detail.clone(),
        };
        match self.write(actor, |w| w.audit(AuditAction::Refused, target, detail)) {
            Ok(()) => {}
            // Like a login's, a refusal's event waits for space (`disk.rs`).
            Err(e) if e.is_disk_fault() => {
                if self.keep_pending(event).is_err() {
                    tracing::warn!(kind = %crate::logging::kind(&e), "could not record a refusal");
                }
            }
            Err(e) => {
                tracing::warn!(kind = %crate::logging::kind(&e), "could not record a refusal")
            }
        }
    }

    pub(super) fn login_failures(&self, who: CounselorId) -> Result<(u64, i64), StoreError> {
        let read = self.begin_read()?;
        let meta = read.open_table(META)?;
        let get = |prefix: &str| -> Result<u64, StoreError> {
            Ok(meta
                .get(format!("{prefix}{}", who.0).as_str())?
                .map_or(0, |v| v.value()))
        };
        Ok((get(META_LOGIN_FAILURES)?, get(META_LOGIN_FAILED_AT)? as i64))
    }

    /// Counts and audits a wrong passphrase given at `now` (the computer's clock); the error
    /// says how long the next one waits.
    pub(super) fn login_failed(
        &self,
        who: &Counselor,
        failures: u64,
        now: Timestamp,
    ) -> StoreError {
        let now = super::tables::seconds(now);
        let written = self.write(&Actor::Counselor(who.id), |w| {
            let mut meta = w.tx().open_table(META)?;
            meta.insert(
                format!("{META_LOGIN_FAILURES}{}", who.id.0).as_str(),
                failures,
            )?;
            meta.insert(
                format!("{META_LOGIN_FAILED_AT}{}", who.id.0).as_str(),
                now.max(0) as u64,
            )?;
            drop(meta);
            w.audit(
                AuditAction::LoginFailed,
                RecordRef::Counselor(who.id.0),
                failures.to_string(),
            )
        });
        if let Err(e) = written {
            tracing::warn!(kind = %crate::logging::kind(&e), "could not record a failed login");
        }
        StoreError::WrongPassphrase {
            wait: backoff(failures),
        }
    }

    /// The data key granted to `who`, opened with their secret key. A slot that opens with no
    /// grant beside it, or a grant that does not open, is damage: the passphrase was right.
    fn granted_data_key(
        &self,
        who: &Counselor,
        person: &crypto::PersonKey,
    ) -> Result<DataKey, StoreError> {
        let damaged = || StoreError::Damaged {
            detail: format!("the data key's grant to staff {}", who.id.0),
        };
        let read = self.begin_read()?;
        let grants = read.open_table(GRANTS)?;
        let sealed = grants
            .get((crypto::DATA_GRANT, who.id.0))?
            .ok_or_else(damaged)?;
        DataKey::from_grant(person, who.id.0, sealed.value()).map_err(|_| damaged())
    }

    /// The working keys of `who` (opened `person`, none for a slot of an earlier version)
    /// with the school's: its public key to seal the audit trail to, and its secret when
    /// they hold its grant. A coordinator opening a store that has no school key yet makes
    /// one (returned, for the login's write to keep its public half and grant it).
    fn keys_for(
        &self,
        who: &Counselor,
        keys: Keys,
        person: Option<&crypto::PersonKey>,
    ) -> Result<(Arc<Keys>, Option<crypto::PersonKey>), StoreError> {
        let read = self.begin_read()?;
        let public = school_key::public(&read)?;
        let own = person.map(|p| (who.id.0, p));
        // A school key whose public half is gone from the file while its grants (or the
        // children's keys it derives) are there was taken out: making a new one would leave
        // every child's key out of reach.
        if public.is_none() && (school_key::any_granted(&read)? || care_keys::in_use(&read)?) {
            return Err(StoreError::Damaged {
                detail: "the school key's public half".into(),
            });
        }
        if public.is_none() && who.role == Role::Coordinator {
            let school = crypto::PersonKey::generate();
            let secret = crypto::PersonKey::from_secret(&school.secret());
            let children = ChildKeys::new(Some(&school), own);
            mailbox_key::load(&read, who.id, person, &children)?;
            let keys = keys
                .with_school(Some(school.public()), Some(secret))
                .with_children(children);
            return Ok((Arc::new(keys), Some(school)));
        }
        let secret = match person {
            Some(person) => school_key::granted(&read, person, who.id)?,
            None => None,
        };
        let children = ChildKeys::new(secret.as_ref(), own);
        care_keys::load(&read, who.id, person, public, &children)?;
        mailbox_key::load(&read, who.id, person, &children)?;
        Ok((
            Arc::new(keys.with_school(public, secret).with_children(children)),
            None,
        ))
    }

    pub(crate) fn key_slot(&self, who: CounselorId) -> Result<Option<Vec<u8>>, StoreError> {
        let read = self.begin_read()?;
        let slots = read.open_table(KEY_SLOTS)?;
        Ok(slots.get(who.0)?.map(|v| v.value().to_vec()))
    }

    /// Adds the first staff member of a store with no staff yet, with their passphrase, which
    /// encrypts the store: there is no one to ask, and whoever holds the file holds
    /// everything in it. Refused as soon as one staff member exists.
    pub fn bootstrap(
        &self,
        actor: &Actor,
        name: &str,
        role: Role,
        classes: Vec<String>,
        passphrase: &Passphrase,
    ) -> Result<Counselor, StoreError> {
        if let Some(problem) = self.passphrase_problem(passphrase, Some(name))? {
            return Err(StoreError::Refused(problem));
        }
        if self.encryption() != Encryption::Empty {
            return Err(StoreError::NotAllowed(Denial::NotEmpty));
        }
        let data = DataKey::generate();
        // A first coordinator makes the school's key with the store (the audit is sealed to
        // it); a store begun by someone else gets it when a coordinator first unlocks.
        let school = (role == Role::Coordinator).then(crypto::PersonKey::generate);
        let before = {
            let mut state = self.state_mut();
            let before = state.codec.clone();
            state.codec = Codec::open(Arc::new(with_school(data.keys(), school.as_ref())));
            before
        };
        let made = self.bootstrap_with(actor, |w| {
            w.tx()
                .open_table(META)?
                .insert(META_ENCRYPTION, ENCRYPTION_SEALED)?;
            if let Some(school) = &school {
                school_key::keep_public(w, school)?;
                care_keys::start(w)?;
            }
            let c = w.add_first_staff(name, role, classes)?;
            set_passphrase(w, &data, c.id, passphrase, None)
        });
        let mut state = self.state_mut();
        match made {
            Ok(c) => {
                state.encryption = Encryption::Sealed;
                state.unlocked.insert(c.id);
                Ok(c)
            }
            Err(e) => {
                state.codec = before;
                Err(e)
            }
        }
    }

    /// After a write to a store that had no staff: once staff exist, the store is what its
    /// meta row says (sealed, demo, or unencrypted by a full import). Keeps the keys at hand.
    pub(super) fn after_first_staff(&self) -> Result<(), StoreError> {
        if self.encryption() != Encryption::Empty {
            return Ok(());
        }
        let fresh = self.with_db(KeyState::read)?;
        let mut state = self.state_mut();
        if fresh.encryption != Encryption::Sealed || state.codec.keys().is_none() {
            state.codec = fresh.codec;
        }
        state.encryption = fresh.encryption;
        Ok(())
    }

    /// Marks a store with no staff yet as a demo store: plain on purpose.
    pub(crate) fn mark_demo(&self) -> Result<(), StoreError> {
        if self.encryption() != Encryption::Empty {
            return Err(StoreError::NotAllowed(Denial::NotEmpty));
        }
        self.write(&Actor::CommandLine(String::new()), |w| {
            w.tx()
                .open_table(META)?
                .insert(META_ENCRYPTION, ENCRYPTION_DEMO)?;
            Ok(())
        })?;
        self.state_mut().encryption = Encryption::Demo;
        Ok(())
    }

    /// Encrypts a store made before encryption, in place, in one transaction, after a
    /// backup beside it: the coordinator `name` chooses the passphrase that opens it, and has
    /// unlocked it. Then the file is compacted, so that the pages the plain records were on
    /// are written over or cut off. Returns the backup's path (unencrypted: the caller says
    /// so) and the coordinator.
    pub fn encrypt(
        &mut self,
        name: &str,
        passphrase: &Passphrase,
    ) -> Result<(PathBuf, Counselor), StoreError> {
        // Every refusal is audited, naming the staff member when the name is theirs.
        let named = self.reader()?.counselor_by_name(name.trim())?;
        let refuse = |why: EncryptRefusal, error: StoreError| {
            let actor = named
                .as_ref()
                .map_or_else(computer_login, |c| Actor::Counselor(c.id));
            self.audit_refusal(&actor, RecordRef::Store, Refusal::Encrypt(why));
            Err(error)
        };
        match self.encryption() {
            Encryption::Unencrypted => {}
            Encryption::Sealed => {
                return refuse(
                    EncryptRefusal::AlreadyEncrypted,
                    StoreError::Refused(Refusal::Encrypt(EncryptRefusal::AlreadyEncrypted)),
                );
            }
            Encryption::Demo | Encryption::Empty => {
                return refuse(
                    EncryptRefusal::Demo,
                    StoreError::Refused(Refusal::Encrypt(EncryptRefusal::Demo)),
                );
            }
        }
        if let Some(problem) = self.passphrase_problem(passphrase, None)? {
            let code = match problem {
                Refusal::PassphraseTooShort { .. } => EncryptRefusal::PassphraseTooShort,
                _ => EncryptRefusal::PassphraseWeak,
            };
            return refuse(code, StoreError::Refused(problem));
        }
        let who = self.staff_named(name)?;
        if who.role != Role::Coordinator {
            return refuse(
                EncryptRefusal::Role,
                StoreError::NotAllowed(Denial::Table {
                    who: who.name.clone(),
                    role: who.role,
                    op: Operation::Encrypt,
                    why: Why::RoleOnly,
                }),
            );
        }
        let backup = self.path.with_file_name(format!(
            "{}.before-encryption-{}",
            self.path.file_name().unwrap_or_default().to_string_lossy(),
            self.clock.now().format("%Y%m%d-%H%M%S")
        ));
        self.backup_to(&backup)?;
        let data = DataKey::generate();
        // The coordinator sealing the store makes the school's key: the audit trail is
        // sealed to it from the first event on.
        let school = crypto::PersonKey::generate();
        let sealed = Codec::open(Arc::new(with_school(data.keys(), Some(&school))));
        self.with_db(|db| {
            let tx = db.begin_write()?;
            schema::seal_all(&tx, &Codec::plain(), &sealed)?;
            tx.open_table(META)?
                .insert(META_ENCRYPTION, ENCRYPTION_SEALED)?;
            tx.commit()?;
            Ok(())
        })?;
        {
            let mut state = self.state_mut();
            state.encryption = Encryption::Sealed;
            state.codec = sealed;
            state.unlocked.insert(who.id);
        }
        self.write(&Actor::Counselor(who.id), |w| {
            school_key::keep_public(w, &school)?;
            school_key::sign_all_staff(w)?;
            care_keys::move_over(w)?;
            set_passphrase(w, &data, who.id, passphrase, None)?;
            w.audit(AuditAction::Passphrase, RecordRef::Store, "encrypted")
        })?;
        // Twice: the first pass frees the pages it moved from, the second reuses them.
        for _ in 0..2 {
            self.db_mut()?
                .compact()
                .map_err(|e| StoreError::Internal(format!("compacting: {e}")))?;
        }
        Ok((backup, who))
    }
}

/// Whether the keys at hand hold the school's secret (a coordinator's).
fn keys_held_school(codec: &Codec) -> bool {
    codec.keys().is_some_and(|k| k.school().is_some())
}

/// `keys` with a new school key: its public half to seal to, its secret to read with.
fn with_school(keys: Keys, school: Option<&crypto::PersonKey>) -> Keys {
    match school {
        Some(school) => keys
            .with_school(
                Some(school.public()),
                Some(crypto::PersonKey::from_secret(&school.secret())),
            )
            .with_children(ChildKeys::new(Some(school), None)),
        None => keys,
    }
}

pub(super) fn clear_failures(w: &mut Writer, who: CounselorId) -> Result<(), StoreError> {
    let mut meta = w.tx().open_table(META)?;
    meta.remove(format!("{META_LOGIN_FAILURES}{}", who.0).as_str())?;
    meta.remove(format!("{META_LOGIN_FAILED_AT}{}", who.0).as_str())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::backoff;

    #[test]
    fn backoff_waits_after_the_second_wrong_passphrase_and_is_capped() {
        assert_eq!(backoff(1), 0);
        assert_eq!(backoff(2), 0);
        assert_eq!(backoff(3), 2);
        assert_eq!(backoff(4), 4);
        assert_eq!(backoff(8), 64);
        assert_eq!(backoff(12), 300);
        assert_eq!(backoff(u64::MAX), 300);
    }
}
