//! Choosing and changing passphrases: the one judge of a new passphrase
//! (`Store::passphrase_problem`: long enough, and not among the first guesses at this school),
//! a staff member added with their first, one's own changed, a coordinator's reset; each writes
//! the person's key slot (`set_passphrase`), the only verifier of a sealed store.

use super::crypto::{self, DataKey, Passphrase};
use super::login::clear_failures;
use super::tables::*;
use super::{Encryption, Session, Store, StoreError, Writer};
use crate::model::*;

impl Store {
    /// Why `passphrase` may not be chosen here (`Passphrase::problem`), with the staff's names
    /// and `also` (a name about to join them) as the words guessed first. The store refuses
    /// with it wherever a passphrase is set; the screens and commands ask it before the
    /// second typing.
    pub fn passphrase_problem(
        &self,
        passphrase: &Passphrase,
        also: Option<&str>,
    ) -> Result<Option<Refusal>, StoreError> {
        let staff = self.staff()?;
        let people: Vec<&str> = staff.iter().map(|c| c.name.as_str()).chain(also).collect();
        // A name is tried as written and in pinyin (李老师, lilaoshi).
        let spelled: Vec<String> = people.iter().map(|n| pinyin_of(n)).collect();
        let names: Vec<&str> = people
            .iter()
            .copied()
            .chain(spelled.iter().map(String::as_str))
            .chain(GUESSED_FIRST)
            .collect();
        Ok(passphrase.problem(&names))
    }
}

impl Session<'_> {
    /// Adds a staff member (the table decides who may), with their first passphrase: on an
    /// encrypted store it gets them a key slot, without which they cannot open the store.
    pub fn add_staff(
        &self,
        name: &str,
        role: Role,
        classes: Vec<String>,
        first: Option<&Passphrase>,
    ) -> Result<Counselor, StoreError> {
        self.allow(crate::domain::access::Operation::AddStaff)?;
        let store = self.store();
        if let Some(first) = first
            && let Some(problem) = store.passphrase_problem(first, Some(name))?
        {
            return Err(StoreError::Refused(problem));
        }
        let keys = store.keys_held();
        store.write(&self.actor(), |w| {
            let c = w.add_counselor(name, role, classes)?;
            match (first, &keys) {
                (Some(p), Some(keys)) => set_passphrase(w, keys.data_key(), c.id, p, None),
                (Some(p), None) => set_hash(w, c.id, p),
                (None, _) => Ok(c),
            }
        })
    }

    /// Changes this person's own passphrase: the old one must be right.
    pub fn change_passphrase(&self, old: &Passphrase, new: &Passphrase) -> Result<(), StoreError> {
        let store = self.store();
        let opened = store
            .key_slot(self.who().id)?
            .and_then(|slot| crypto::unwrap(&slot, old, self.who().id.0).ok());
        if store.encryption() == Encryption::Sealed && opened.is_none() {
            let (failures, _) = store.login_failures(self.who().id)?;
            return Err(store.login_failed(self.who(), failures + 1, store.clock.real_now()));
        }
        // The same key pair, wrapped under the new passphrase: the grants to it still open.
        let keep = match opened {
            Some(crypto::Opened::Person(person)) => Some(person),
            _ => None,
        };
        self.set_passphrase_of(self.who().id, new, keep.as_ref())
    }

    /// Gives `staff` a new passphrase (the coordinator's reset): their key slot is wrapped
    /// anew, so their old passphrase stops working at once.
    pub fn reset_passphrase(&self, staff: CounselorId, new: &Passphrase) -> Result<(), StoreError> {
        self.allow(crate::domain::access::Operation::ResetPassphrase)?;
        self.set_passphrase_of(staff, new, None)
    }

    fn set_passphrase_of(
        &self,
        staff: CounselorId,
        new: &Passphrase,
        keep: Option<&crypto::PersonKey>,
    ) -> Result<(), StoreError> {
        let store = self.store();
        if let Some(problem) = store.passphrase_problem(new, None)? {
            return Err(StoreError::Refused(problem));
        }
        let keys = store.keys_held();
        store.write(&self.actor(), |w| {
            match &keys {
                Some(keys) => {
                    set_passphrase(w, keys.data_key(), staff, new, keep)?;
                }
                // A demo store keeps no keys; the passphrase is kept all the same.
                None => {
                    set_hash(w, staff, new)?;
                }
            }
            clear_failures(w, staff)?;
            w.audit(AuditAction::Passphrase, RecordRef::Counselor(staff.0), "")
        })
    }
}

/// A name's pinyin without tones or spaces; characters without one are kept.
fn pinyin_of(name: &str) -> String {
    use pinyin::ToPinyin;
    name.chars()
        .map(|c| {
            c.to_pinyin()
                .map_or_else(|| c.to_string(), |p| p.plain().to_string())
        })
        .collect()
}

/// Words of the product itself, which anyone guessing at a school's store tries first.
const GUESSED_FIRST: [&str; 6] = [
    "shouwang",
    "守望",
    "留守儿童",
    "代理家长",
    "悄悄话",
    "政教处",
];

/// Wraps `who`'s key pair under `passphrase`, in the writer's transaction: the secret in their
/// slot, the public key beside it, and the data key granted to it. The passphrase's hash
/// older versions kept on the plain staff record goes: the slot is the one verifier, at the
/// cost it records. `keep` is the pair they have, when their own passphrase opened it (a
/// change of their own, an unlock re-wrapping at today's cost); otherwise a new pair: a
/// coordinator's reset does not know the old passphrase, so cannot open the old secret, and
/// the grants of children's keys are made again to the new one (`care_keys::new_key_pair`).
pub(super) fn set_passphrase(
    w: &mut Writer,
    data: &DataKey,
    who: CounselorId,
    passphrase: &Passphrase,
    keep: Option<&crypto::PersonKey>,
) -> Result<Counselor, StoreError> {
    let person = match keep {
        Some(p) => crypto::PersonKey::from_secret(&p.secret()),
        None => crypto::PersonKey::generate(),
    };
    let public = person.public();
    let slot = crypto::wrap_person(&person, passphrase, who.0)
        .map_err(|_| StoreError::Internal("wrapping a key slot".into()))?;
    let granted = data
        .grant_to(&public, who.0)
        .map_err(|_| StoreError::Internal("granting the data key".into()))?;
    w.tx()
        .open_table(KEY_SLOTS)?
        .insert(who.0, slot.as_slice())?;
    w.tx()
        .open_table(PERSON_KEYS)?
        .insert(who.0, public.as_slice())?;
    {
        let mut grants = w.tx().open_table(GRANTS)?;
        grants.insert((crypto::DATA_GRANT, who.0), granted.as_slice())?;
        // Sealed to the old key pair, which is gone: granted again below, to the new one.
        grants.remove((super::school_key::SCHOOL_GRANT, who.0))?;
    }
    let mut c: Counselor = w.get(who.0)?.ok_or_else(|| StoreError::NotFound {
        what: format!("staff {}", who.0),
    })?;
    if c.passphrase_hash.take().is_some() {
        w.put(&c)?;
    }
    super::school_key::grant_to_coordinators(w)?;
    if keep.is_none() {
        super::care_keys::new_key_pair(w, &c)?;
    }
    Ok(c)
}

fn set_hash(
    w: &mut Writer,
    who: CounselorId,
    passphrase: &Passphrase,
) -> Result<Counselor, StoreError> {
    let mut c: Counselor = w.get(who.0)?.ok_or_else(|| StoreError::NotFound {
        what: format!("staff {}", who.0),
    })?;
    c.passphrase_hash = Some(
        crypto::hash_passphrase(passphrase)
            .map_err(|_| StoreError::Internal("hashing a passphrase".into()))?,
    );
    w.put(&c)?;
    Ok(c)
}
