//! The forms of a value sealed under children's keys or the mailbox's (issue 20): which key
//! opens it is written in front of the ciphertext, and bound in the AEAD with the record's
//! table, id and layout. `Codec` calls these for every record whose `Owner` is not
//! everyone's.

use super::StoreError;
use super::codec::Owner;
use super::crypto::Keys;

/// Under one child's key: `child ‖ generation ‖ nonce ‖ ciphertext ‖ tag`.
const FORM_CHILD: u8 = 1;
/// A group note: `n ‖ n × (child ‖ generation ‖ sealed content key) ‖ sealed body`.
const FORM_GROUP: u8 = 2;
/// Written by someone who holds no key of the child (a report from outside care): the
/// content key sealed to the school and to the writer alone,
/// `writer ‖ length ‖ to the school ‖ to the writer ‖ sealed body`, until a coordinator's
/// keys seal it under the child's (`care_keys`).
pub(super) const FORM_OWN: u8 = 3;
/// Under the mailbox's key: `generation ‖ nonce ‖ ciphertext ‖ tag`.
pub(super) const FORM_MAILBOX: u8 = 4;

/// `body` sealed under the keys of `owner`; `None` when it goes under the data key (a record
/// of everyone's, or a store that has not moved to keys per child).
pub(super) fn seal_keyed(
    keys: &Keys,
    owner: &Owner,
    body: &[u8],
    aad: &[u8],
) -> Result<Option<Vec<u8>>, StoreError> {
    use super::keyring;
    let children = keys.children();
    if *owner == Owner::Mailbox {
        if !children.mailbox_in_use() {
            return Ok(None);
        }
        let key = children.mailbox().ok_or(StoreError::NoMailboxKey)?;
        let mut out = vec![FORM_MAILBOX];
        out.extend_from_slice(&key.generation.to_le_bytes());
        let aad = keyed_aad(aad, FORM_MAILBOX, 0, key.generation);
        out.extend(keyring::seal(&key.key, body, &aad));
        return Ok(Some(out));
    }
    let ids: &[u64] = match owner {
        Owner::Everyone | Owner::Mailbox => return Ok(None),
        _ if !children.in_use() => return Ok(None),
        Owner::Child(c) => std::slice::from_ref(c),
        Owner::Children(cs) if cs.is_empty() => return Ok(None),
        Owner::Children(cs) => cs,
    };
    let held: Vec<(u64, keyring::ChildKey)> = ids
        .iter()
        .filter_map(|c| children.current(*c).map(|k| (*c, k)))
        .collect();
    if held.len() == ids.len() && held.len() == 1 {
        let (child, key) = &held[0];
        let mut out = vec![FORM_CHILD];
        out.extend_from_slice(&child.to_le_bytes());
        out.extend_from_slice(&key.generation.to_le_bytes());
        let aad = keyed_aad(aad, FORM_CHILD, *child, key.generation);
        out.extend(keyring::seal(&key.key, body, &aad));
        return Ok(Some(out));
    }
    let content = keyring::random_key();
    if held.len() == ids.len() {
        let mut out = vec![FORM_GROUP];
        let n = u16::try_from(held.len())
            .map_err(|_| StoreError::Internal("a group of more than 65,535 children".into()))?;
        out.extend_from_slice(&n.to_le_bytes());
        for (child, key) in &held {
            out.extend_from_slice(&child.to_le_bytes());
            out.extend_from_slice(&key.generation.to_le_bytes());
            let wrap_aad = keyed_aad(aad, FORM_GROUP, *child, key.generation);
            out.extend(keyring::seal(&key.key, content.as_ref(), &wrap_aad));
        }
        out.extend(keyring::seal(
            &content,
            body,
            &keyed_aad(aad, FORM_GROUP, 0, 0),
        ));
        return Ok(Some(out));
    }
    // The writer holds no key of a child in it: sealed to the school and to themselves.
    let (Some((writer, own)), Some(sealed)) = (
        children.own(),
        keys.seal_for_school(content.as_ref(), &keyed_aad(aad, FORM_OWN, 0, 0)),
    ) else {
        return Err(StoreError::OutOfCare);
    };
    let to_school = sealed.map_err(|_| StoreError::Internal("seal to the school".into()))?;
    let len = u16::try_from(to_school.len())
        .map_err(|_| StoreError::Internal("seal to the school".into()))?;
    let mut out = vec![FORM_OWN];
    out.extend_from_slice(&writer.to_le_bytes());
    out.extend_from_slice(&len.to_le_bytes());
    out.extend(to_school);
    let own = keyring::own_key(own, aad);
    out.extend(keyring::seal(
        &own,
        content.as_ref(),
        &keyed_aad(aad, FORM_OWN, writer, 0),
    ));
    out.extend(keyring::seal(
        &content,
        body,
        &keyed_aad(aad, FORM_OWN, 0, 0),
    ));
    Ok(Some(out))
}

/// What `seal_keyed` sealed, if these keys open it (`None`: out of their care); damage when a
/// key they hold does not open it.
pub(super) fn open_keyed(
    keys: &Keys,
    sealed: &[u8],
    aad: &[u8],
) -> Result<Option<zeroize::Zeroizing<Vec<u8>>>, StoreError> {
    use super::keyring::{self, SEALED_KEY_LEN};
    let damaged = || StoreError::Damaged {
        detail: "a value sealed to a child does not open here".into(),
    };
    let mut r = Bytes(sealed);
    let children = keys.children();
    match r.u8().ok_or_else(damaged)? {
        FORM_CHILD => {
            let child = r.u64().ok_or_else(damaged)?;
            let generation = r.u32().ok_or_else(damaged)?;
            let Some(key) = children.of(child, generation) else {
                return Ok(None);
            };
            let aad = keyed_aad(aad, FORM_CHILD, child, generation);
            keyring::open(&key, r.0, &aad)
                .map(Some)
                .map_err(|_| damaged())
        }
        FORM_GROUP => {
            let n = r.u16().ok_or_else(damaged)?;
            let mut content = None;
            for _ in 0..n {
                let child = r.u64().ok_or_else(damaged)?;
                let generation = r.u32().ok_or_else(damaged)?;
                let wrapped = r.take(SEALED_KEY_LEN).ok_or_else(damaged)?;
                if content.is_none()
                    && let Some(key) = children.of(child, generation)
                {
                    let wrap_aad = keyed_aad(aad, FORM_GROUP, child, generation);
                    content =
                        Some(keyring::open_key(&key, wrapped, &wrap_aad).map_err(|_| damaged())?);
                }
            }
            let Some(content) = content else {
                return Ok(None);
            };
            keyring::open(&content, r.0, &keyed_aad(aad, FORM_GROUP, 0, 0))
                .map(Some)
                .map_err(|_| damaged())
        }
        FORM_OWN => {
            let writer = r.u64().ok_or_else(damaged)?;
            let len = r.u16().ok_or_else(damaged)?;
            let to_school = r.take(usize::from(len)).ok_or_else(damaged)?;
            let to_writer = r.take(SEALED_KEY_LEN).ok_or_else(damaged)?;
            let content = match keys.open_for_school(to_school, &keyed_aad(aad, FORM_OWN, 0, 0)) {
                Some(opened) => {
                    let opened = opened.map_err(|_| damaged())?;
                    let bytes: [u8; 32] = opened.as_slice().try_into().map_err(|_| damaged())?;
                    zeroize::Zeroizing::new(bytes)
                }
                None => match children.own() {
                    Some((me, own)) if me == writer => {
                        let own = keyring::own_key(own, aad);
                        keyring::open_key(&own, to_writer, &keyed_aad(aad, FORM_OWN, writer, 0))
                            .map_err(|_| damaged())?
                    }
                    _ => return Ok(None),
                },
            };
            keyring::open(&content, r.0, &keyed_aad(aad, FORM_OWN, 0, 0))
                .map(Some)
                .map_err(|_| damaged())
        }
        FORM_MAILBOX => {
            let generation = r.u32().ok_or_else(damaged)?;
            let Some(key) = children.mailbox_of(generation) else {
                return Ok(None);
            };
            let aad = keyed_aad(aad, FORM_MAILBOX, 0, generation);
            keyring::open(&key, r.0, &aad)
                .map(Some)
                .map_err(|_| damaged())
        }
        _ => Err(damaged()),
    }
}

/// A record's binding, with the form and the key it was sealed under.
fn keyed_aad(record: &[u8], form: u8, child: u64, generation: u32) -> Vec<u8> {
    let mut aad = Vec::with_capacity(record.len() + 13);
    aad.extend_from_slice(record);
    aad.push(form);
    aad.extend_from_slice(&child.to_le_bytes());
    aad.extend_from_slice(&generation.to_le_bytes());
    aad
}

/// A cursor over stored bytes.
pub(super) struct Bytes<'a>(pub(super) &'a [u8]);

impl<'a> Bytes<'a> {
    pub(super) fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        if self.0.len() < n {
            return None;
        }
        let (head, rest) = self.0.split_at(n);
        self.0 = rest;
        Some(head)
    }
    pub(super) fn u8(&mut self) -> Option<u8> {
        self.take(1).map(|b| b[0])
    }
    pub(super) fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes(self.take(2)?.try_into().ok()?))
    }
    pub(super) fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes(self.take(4)?.try_into().ok()?))
    }
    pub(super) fn u64(&mut self) -> Option<u64> {
        Some(u64::from_le_bytes(self.take(8)?.try_into().ok()?))
    }
}
