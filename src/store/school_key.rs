//! The school's key pair (issue 20, item 1): the audit trail is sealed to its public key
//! (`Sealing::ToSchool`), so anyone at work appends events and only the coordinators read
//! them. Its secret is granted to every active coordinator who has a key pair (grant
//! `school`); its public key is row 0 of `person_keys` (staff ids start at 1). A store sealed
//! anew gets it with its first coordinator; an older one when a coordinator next unlocks it.

use super::crypto::{self, PersonKey};
use super::tables::*;
use super::{StoreError, Writer};
use crate::model::*;
use redb::{ReadTransaction, ReadableTable};

/// The grant of the school's secret.
pub const SCHOOL_GRANT: &str = "school";
/// The row of `person_keys` that holds the school's public key.
const SCHOOL_ROW: u64 = 0;

/// The school's public key, if the store has one.
pub(super) fn public(read: &ReadTransaction) -> Result<Option<[u8; 32]>, StoreError> {
    let keys = read.open_table(PERSON_KEYS)?;
    let found = keys.get(SCHOOL_ROW)?;
    Ok(found.and_then(|v| v.value().try_into().ok()))
}

/// The school's secret granted to `who`, opened with their own key; `None` when they hold no
/// grant (not a coordinator, or not yet given it).
pub(super) fn granted(
    read: &ReadTransaction,
    person: &PersonKey,
    who: CounselorId,
) -> Result<Option<PersonKey>, StoreError> {
    let grants = read.open_table(GRANTS)?;
    let Some(sealed) = grants.get((SCHOOL_GRANT, who.0))? else {
        return Ok(None);
    };
    let secret = crypto::open_grant(person, SCHOOL_GRANT, who.0, sealed.value()).map_err(|_| {
        StoreError::Damaged {
            detail: format!("the school key's grant to staff {}", who.0),
        }
    })?;
    Ok(Some(PersonKey::from_secret(&secret)))
}

/// Whether `who` holds a grant of the school's secret.
pub(super) fn holds_grant(w: &Writer, who: CounselorId) -> Result<bool, StoreError> {
    Ok(w.tx()
        .open_table(GRANTS)?
        .get((SCHOOL_GRANT, who.0))?
        .is_some())
}

/// What `who`, leaving or no longer a coordinator, took: the data key, and the school's
/// secret if they held it.
pub(super) fn departed(w: &Writer, who: CounselorId) -> Result<super::rekey::Departed, StoreError> {
    Ok(if holds_grant(w, who)? {
        super::rekey::Departed::SchoolKey
    } else {
        super::rekey::Departed::DataKey
    })
}

/// Takes the school's secret from `who` (no longer a coordinator); the key itself changes
/// (`rekey`), since they may have kept it.
pub(super) fn take_back(w: &mut Writer, who: CounselorId) -> Result<(), StoreError> {
    w.tx().open_table(GRANTS)?.remove((SCHOOL_GRANT, who.0))?;
    Ok(())
}

/// Whether anyone holds a grant of the school's secret: a store with one has a school key,
/// whatever the file says of its public half.
pub(super) fn any_granted(read: &ReadTransaction) -> Result<bool, StoreError> {
    let grants = read.open_table(GRANTS)?;
    let mut school = grants.range((SCHOOL_GRANT, 0)..=(SCHOOL_GRANT, u64::MAX))?;
    Ok(school.next().transpose()?.is_some())
}

/// Keeps a new school key's public half (its secret goes only into grants).
pub(super) fn keep_public(w: &mut Writer, school: &PersonKey) -> Result<(), StoreError> {
    w.tx()
        .open_table(PERSON_KEYS)?
        .insert(SCHOOL_ROW, school.public().as_slice())?;
    Ok(())
}

/// Grants the school's secret to every active coordinator with a key pair who holds no grant
/// of it: the one rule, asked after a new key pair (a passphrase set), a change of role and
/// a coordinator's unlock. Needs the secret: only a coordinator's write holds it.
pub(super) fn grant_to_coordinators(w: &mut Writer) -> Result<(), StoreError> {
    let Some(keys) = w.keys() else {
        return Ok(());
    };
    let Some(school) = keys.school() else {
        return Ok(());
    };
    // Only a record a coordinator signed says who is one: a role edited in the file is
    // given nothing (a store whose staff table is not signed yet is signed before this).
    let coordinators: Vec<Counselor> = {
        let signatures = w.tx().open_table(STAFF_SIGNATURES)?;
        let mut v = Vec::new();
        for c in w.all::<Counselor>()? {
            if c.active && c.role == Role::Coordinator && signed(&signatures, &c)? {
                v.push(c);
            }
        }
        v
    };
    let secret = school.secret();
    for c in coordinators {
        let public: Option<[u8; 32]> = {
            let table = w.tx().open_table(PERSON_KEYS)?;
            let found = table.get(c.id.0)?;
            found.and_then(|v| v.value().try_into().ok())
        };
        let Some(public) = public else {
            continue;
        };
        let mut grants = w.tx().open_table(GRANTS)?;
        if grants.get((SCHOOL_GRANT, c.id.0))?.is_some() {
            continue;
        }
        let sealed = crypto::grant(&public, SCHOOL_GRANT, c.id.0, &secret)
            .map_err(|_| StoreError::Internal("granting the school key".into()))?;
        grants.insert((SCHOOL_GRANT, c.id.0), sealed.as_slice())?;
    }
    Ok(())
}

/// Seals the audit trail to a school key just made: events written before under the data key
/// (which every staff member's grant opens) are written again, sealed to the school. Plain
/// events (written before anyone unlocked) stay as they are.
pub(super) fn reseal_audit(w: &mut Writer) -> Result<(), StoreError> {
    use super::Indexed;
    let ids: Vec<u64> = {
        let table = w.tx().open_table(AuditEvent::table())?;
        let mut ids = Vec::new();
        for row in table.iter()? {
            let (k, v) = row?;
            if super::codec::sealed_under_data_key(v.value()) {
                ids.push(k.value());
            }
        }
        ids
    };
    for id in ids {
        if let Some(event) = w.get::<AuditEvent>(id)? {
            w.put(&event)?;
        }
    }
    Ok(())
}

/// Takes away what `who` was granted (deactivated): their passphrase opens nothing in any copy
/// of the store made from now on. A slot of an earlier version holds the data key itself, so
/// it goes too: coming back, they are given a new passphrase. Copies made before keep what
/// they held (the data key is not changed).
pub(super) fn revoke(w: &mut Writer, who: CounselorId) -> Result<(), StoreError> {
    {
        let mut grants = w.tx().open_table(GRANTS)?;
        for name in [crypto::DATA_GRANT, SCHOOL_GRANT] {
            grants.remove((name, who.0))?;
        }
    }
    let mut slots = w.tx().open_table(KEY_SLOTS)?;
    let older = slots
        .get(who.0)?
        .is_some_and(|slot| !crypto::slot_holds_person_key(slot.value()));
    if older {
        slots.remove(who.0)?;
    }
    Ok(())
}

/// Gives `who` (back on the staff) the data key again, sealed to their public key, and the
/// school's key if they are a coordinator: no passphrase is needed to grant.
pub(super) fn restore_grants(w: &mut Writer, who: CounselorId) -> Result<(), StoreError> {
    let Some(keys) = w.keys() else {
        return Ok(());
    };
    let public: Option<[u8; 32]> = {
        let table = w.tx().open_table(PERSON_KEYS)?;
        let found = table.get(who.0)?;
        found.and_then(|v| v.value().try_into().ok())
    };
    let Some(public) = public else {
        return Ok(());
    };
    let sealed = keys
        .data_key()
        .grant_to(&public, who.0)
        .map_err(|_| StoreError::Internal("granting the data key".into()))?;
    w.tx()
        .open_table(GRANTS)?
        .insert((crypto::DATA_GRANT, who.0), sealed.as_slice())?;
    grant_to_coordinators(w)
}

/// The key that signs the staff table, derived from the school's secret: only a coordinator's
/// keys hold it. Its verifying half is row 0 of `staff_signatures`.
fn staff_signing_key(school: &PersonKey) -> ed25519_dalek::SigningKey {
    let secret = school.secret();
    let hk = hkdf::Hkdf::<sha2::Sha256>::new(None, secret.as_ref());
    let mut seed = zeroize::Zeroizing::new([0u8; 32]);
    // 32 bytes is a valid HKDF-SHA256 length: the expansion cannot fail.
    let _ = hk.expand(b"shouwang staff signing v1", seed.as_mut());
    ed25519_dalek::SigningKey::from_bytes(&seed)
}

/// What a staff record's signature covers: who they are and what the permission table reads
/// of them (role, classes, active).
fn signed_part(c: &Counselor) -> Vec<u8> {
    let mut text = b"shouwang staff\0".to_vec();
    text.extend_from_slice(&c.id.0.to_le_bytes());
    for part in [c.name.as_str(), c.role.code()]
        .into_iter()
        .chain(c.classes.iter().map(String::as_str))
    {
        text.extend_from_slice(part.as_bytes());
        text.push(0);
    }
    text.push(u8::from(c.active));
    text
}

/// Signs `c` as written, when this write holds the school's key (a coordinator's, or a store
/// sealed anew); the verifying key is kept with the first signature. Other writes change no
/// signed part of a staff record (the permission table leaves them to coordinators).
pub(super) fn sign_staff(w: &mut Writer, c: &Counselor) -> Result<(), StoreError> {
    use ed25519_dalek::Signer;
    let Some(keys) = w.keys() else {
        return Ok(());
    };
    let Some(school) = keys.school() else {
        return Ok(());
    };
    let signing = staff_signing_key(school);
    let signature = signing.sign(&signed_part(c));
    let mut table = w.tx().open_table(STAFF_SIGNATURES)?;
    if table.get(0)?.is_none() {
        table.insert(0, signing.verifying_key().as_bytes().as_slice())?;
    }
    table.insert(c.id.0, signature.to_bytes().as_slice())?;
    Ok(())
}

/// Signs every staff record with the school's key just made (its verifying key replaces any
/// an earlier school key left).
pub(super) fn sign_all_staff(w: &mut Writer) -> Result<(), StoreError> {
    w.tx().open_table(STAFF_SIGNATURES)?.remove(0)?;
    for c in w.all::<Counselor>()? {
        sign_staff(w, &c)?;
    }
    Ok(())
}

/// Whether `c`'s record is as a coordinator signed it. A store whose staff table was never
/// signed holds every record: one with no school key yet (the staff table is signed with
/// the school key's first grant). Once the school has a key, a verifying key taken out of
/// the file is an edit like any other.
pub(super) fn staff_record_holds(
    read: &ReadTransaction,
    c: &Counselor,
) -> Result<bool, StoreError> {
    let table = read.open_table(STAFF_SIGNATURES)?;
    if table.get(0)?.is_none() {
        let keyless =
            public(read)?.is_none() && !any_granted(read)? && !super::care_keys::in_use(read)?;
        return Ok(keyless);
    }
    signed(&table, c)
}

/// Whether `c`'s record bears a good signature in `table` (`STAFF_SIGNATURES`).
fn signed(
    table: &impl ReadableTable<u64, &'static [u8]>,
    c: &Counselor,
) -> Result<bool, StoreError> {
    let Some(verifying) = table.get(0)? else {
        return Ok(false);
    };
    let Ok(verifying) = <[u8; 32]>::try_from(verifying.value()) else {
        return Ok(false);
    };
    let Ok(verifying) = ed25519_dalek::VerifyingKey::from_bytes(&verifying) else {
        return Ok(false);
    };
    let Some(signature) = table.get(c.id.0)? else {
        return Ok(false);
    };
    let Ok(signature) = ed25519_dalek::Signature::from_slice(signature.value()) else {
        return Ok(false);
    };
    Ok(verifying.verify_strict(&signed_part(c), &signature).is_ok())
}

/// A staff record's signature made with the school's secret, as a coordinator's write makes
/// it: the tests' stand-in for a program that skips the check.
#[cfg(test)]
pub(super) fn signature_for_test(school: &PersonKey, c: &Counselor) -> Vec<u8> {
    use ed25519_dalek::Signer;
    staff_signing_key(school)
        .sign(&signed_part(c))
        .to_bytes()
        .to_vec()
}
