//! Keys per child (issue 20): what opens a child's records, and who holds it.
//!
//! A child's key of a given generation is derived from the school's secret (HKDF-SHA256), so
//! a coordinator, who holds that secret, opens every child's records without a grant per
//! child, and a county's fifty thousand keys cost a hash each, not a Diffie-Hellman. A carer
//! (the assigned counselor, a head teacher of the child's class) holds the key of the
//! generation in force through a grant: the key in a box from the school's key pair to theirs
//! (`crypto_box`, XSalsa20-Poly1305 under their shared X25519 key), so only a coordinator
//! grants, and a grant opens only for its recipient. When someone's care ends, the child's
//! generation moves on and the child's records are sealed again under the new key
//! (`care_keys::rotate`): the old key opens nothing in any copy made afterwards.
//!
//! Values sealed to a child carry the child's id and the generation in the clear (the
//! indexes already name children by id); the AEAD binds both with the record's table, id and
//! layout.

use super::crypto::{CryptoError, PersonKey};
use chacha20poly1305::KeyInit;
use chacha20poly1305::XChaCha20Poly1305;
use chacha20poly1305::aead::Aead;
use rand_core::{OsRng, RngCore};
use std::collections::HashMap;
use std::sync::RwLock;
use std::sync::atomic::{AtomicBool, Ordering};
use zeroize::Zeroizing;

pub type Key = Zeroizing<[u8; KEY_LEN]>;
const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;

/// The generation of a child's first key; each rotation adds one.
pub const FIRST_GENERATION: u32 = 1;

/// A child's key of one generation.
#[derive(Clone)]
pub struct ChildKey {
    pub generation: u32,
    pub key: Key,
}

/// The child keys an unlock holds: a coordinator's means to derive them all, or a carer's
/// grants. Cleared with the rest of the keys.
#[derive(Default)]
pub struct ChildKeys {
    /// Whether the store seals each child's records under the child's key (set once the
    /// store has moved over; until then everything is under the data key, as before).
    in_use: AtomicBool,
    /// The school's secret as HKDF's pseudo-random key (a coordinator's unlock).
    school: Option<Key>,
    /// A coordinator's: the generation in force of every child rotated at least once.
    generations: RwLock<HashMap<u64, u32>>,
    /// A carer's: the keys granted, by child.
    granted: RwLock<HashMap<u64, ChildKey>>,
    /// Whoever unlocked, and a key only they hold (derived from their own secret): what they
    /// seal for themselves when they hold no key of the child (a report from outside care).
    own: Option<(u64, Key)>,
    /// The own keys of others unlocked in the same process (two people at one computer):
    /// each one's drafts stay theirs.
    others_own: RwLock<Vec<(u64, Key)>>,
    /// Whether letters are sealed under the mailbox's key (`mailbox_key`), and that key's
    /// generation in force with the key itself when whoever unlocked holds it (a reader).
    mailbox_in_use: AtomicBool,
    mailbox: RwLock<Option<ChildKey>>,
}

impl ChildKeys {
    /// The child keys of an unlock: `school` when a coordinator unlocked, `own` the person
    /// who did (staff id and their secret key).
    pub fn new(school: Option<&PersonKey>, own: Option<(u64, &PersonKey)>) -> ChildKeys {
        ChildKeys {
            school: school.map(|s| prk(&s.secret(), b"shouwang child keys v1")),
            own: own.map(|(id, p)| (id, prk(&p.secret(), b"shouwang own seal v1"))),
            ..ChildKeys::default()
        }
    }

    pub fn in_use(&self) -> bool {
        self.in_use.load(Ordering::Acquire)
    }

    pub fn set_in_use(&self, on: bool) {
        self.in_use.store(on, Ordering::Release);
    }

    /// Whether these keys derive every child's key (a coordinator's).
    pub fn derives(&self) -> bool {
        self.school.is_some()
    }

    pub fn set_generations(&self, generations: HashMap<u64, u32>) {
        if let Ok(mut g) = self.generations.write() {
            *g = generations;
        }
    }

    pub fn set_generation(&self, child: u64, generation: u32) {
        if let Ok(mut g) = self.generations.write() {
            g.insert(child, generation);
        }
    }

    pub fn add_granted(&self, child: u64, key: ChildKey) {
        if let Ok(mut g) = self.granted.write() {
            g.insert(child, key);
        }
    }

    pub fn mailbox_in_use(&self) -> bool {
        self.mailbox_in_use.load(Ordering::Acquire)
    }

    /// The mailbox's key in force, if these keys hold it.
    pub fn mailbox(&self) -> Option<ChildKey> {
        self.mailbox.read().ok()?.clone()
    }

    /// The mailbox's key of `generation`, if these keys hold it.
    pub fn mailbox_of(&self, generation: u32) -> Option<Key> {
        self.mailbox()
            .filter(|k| k.generation == generation)
            .map(|k| k.key)
    }

    /// Letters are sealed under the mailbox's key from now on; `key` is it, when held.
    pub fn set_mailbox(&self, key: Option<ChildKey>) {
        self.mailbox_in_use.store(true, Ordering::Release);
        if let Ok(mut m) = self.mailbox.write() {
            *m = key;
        }
    }

    /// Takes in the grants of another unlock of the same process (two people at one
    /// computer): what either may open stays open while both are unlocked.
    pub fn absorb(&self, other: &ChildKeys) {
        let Ok(theirs) = other.granted.read() else {
            return;
        };
        if let Ok(mut mine) = self.granted.write() {
            for (child, key) in theirs.iter() {
                mine.insert(*child, key.clone());
            }
        }
        if other.in_use() {
            self.set_in_use(true);
        }
        if let Ok(mut mine) = self.others_own.write() {
            let theirs = other
                .others_own
                .read()
                .map(|o| o.clone())
                .unwrap_or_default();
            for (id, key) in other.own.iter().cloned().chain(theirs) {
                if self.own.as_ref().is_none_or(|(me, _)| *me != id)
                    && !mine.iter().any(|(o, _)| *o == id)
                {
                    mine.push((id, key));
                }
            }
        }
        if other.mailbox_in_use() && self.mailbox().is_none() {
            self.set_mailbox(other.mailbox());
        }
    }

    /// These child keys as they stand, for the keys that replace the ones they belong to
    /// (`rekey`): the same generations, grants, own keys and mailbox key, and the school's
    /// new secret when it changes with them.
    pub fn carried_over(&self, school: Option<&PersonKey>) -> ChildKeys {
        let read = |l: &RwLock<HashMap<u64, u32>>| l.read().map(|g| g.clone()).unwrap_or_default();
        ChildKeys {
            in_use: AtomicBool::new(self.in_use()),
            school: match school {
                Some(s) => Some(prk(&s.secret(), b"shouwang child keys v1")),
                None => self.school.clone(),
            },
            generations: RwLock::new(read(&self.generations)),
            granted: RwLock::new(self.granted.read().map(|g| g.clone()).unwrap_or_default()),
            own: self.own.clone(),
            others_own: RwLock::new(
                self.others_own
                    .read()
                    .map(|o| o.clone())
                    .unwrap_or_default(),
            ),
            mailbox_in_use: AtomicBool::new(self.mailbox_in_use()),
            mailbox: RwLock::new(self.mailbox()),
        }
    }

    /// The child's key in force, if these keys hold it.
    pub fn current(&self, child: u64) -> Option<ChildKey> {
        if let Some(school) = &self.school {
            let generation = self
                .generations
                .read()
                .ok()
                .and_then(|g| g.get(&child).copied())
                .unwrap_or(FIRST_GENERATION);
            return Some(ChildKey {
                generation,
                key: derive(school, child, generation),
            });
        }
        self.granted.read().ok()?.get(&child).cloned()
    }

    /// The child's key of `generation`, if these keys hold it.
    pub fn of(&self, child: u64, generation: u32) -> Option<Key> {
        if let Some(school) = &self.school {
            return Some(derive(school, child, generation));
        }
        let granted = self.granted.read().ok()?;
        let key = granted.get(&child)?;
        (key.generation == generation).then(|| key.key.clone())
    }

    /// Whether these keys open the child's records in force.
    pub fn opens(&self, child: u64) -> bool {
        !self.in_use()
            || self.school.is_some()
            || self.granted.read().is_ok_and(|g| g.contains_key(&child))
    }

    pub fn own(&self) -> Option<(u64, &Key)> {
        self.own.as_ref().map(|(id, k)| (*id, k))
    }

    /// The own key of `who`, if they unlocked in this process.
    pub fn own_of(&self, who: u64) -> Option<Key> {
        match &self.own {
            Some((id, key)) if *id == who => Some(key.clone()),
            _ => self
                .others_own
                .read()
                .ok()?
                .iter()
                .find(|(id, _)| *id == who)
                .map(|(_, k)| k.clone()),
        }
    }
}

fn prk(secret: &[u8; KEY_LEN], salt: &[u8]) -> Key {
    let (prk, _) = hkdf::Hkdf::<sha2::Sha256>::extract(Some(salt), secret);
    let mut out = Zeroizing::new([0u8; KEY_LEN]);
    out.copy_from_slice(&prk);
    out
}

/// Expands `prk` for `info`: one HMAC, about a microsecond.
fn expand(prk: &Key, info: &[u8]) -> Key {
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    // A 32-byte PRK is a valid HKDF-SHA256 PRK, and 32 bytes a valid length: neither fails.
    if let Ok(hk) = hkdf::Hkdf::<sha2::Sha256>::from_prk(prk.as_ref()) {
        let _ = hk.expand(info, key.as_mut());
    }
    key
}

fn derive(school: &Key, child: u64, generation: u32) -> Key {
    let mut info = [0u8; 12];
    info[..8].copy_from_slice(&child.to_le_bytes());
    info[8..].copy_from_slice(&generation.to_le_bytes());
    expand(school, &info)
}

/// The key a person seals values for themselves with, for one record: `own` expanded with
/// the record's label.
pub fn own_key(own: &Key, label: &[u8]) -> Key {
    expand(own, label)
}

/// `nonce ‖ ciphertext ‖ tag` under `key`, bound to `aad` (the data key's own form).
pub fn seal(key: &Key, plain: &[u8], aad: &[u8]) -> Vec<u8> {
    super::crypto::seal_with(&XChaCha20Poly1305::new(key.as_ref().into()), plain, aad)
}

pub fn open(key: &Key, sealed: &[u8], aad: &[u8]) -> Result<Zeroizing<Vec<u8>>, CryptoError> {
    super::crypto::open_with(&XChaCha20Poly1305::new(key.as_ref().into()), sealed, aad)
        .map(Zeroizing::new)
}

/// The length of a key sealed with `seal`.
pub const SEALED_KEY_LEN: usize = NONCE_LEN + KEY_LEN + TAG_LEN;

/// A fresh random key (a group note's or a report's own).
pub fn random_key() -> Key {
    let mut key = Zeroizing::new([0u8; KEY_LEN]);
    OsRng.fill_bytes(key.as_mut());
    key
}

/// Opens a sealed key.
pub fn open_key(key: &Key, sealed: &[u8], aad: &[u8]) -> Result<Key, CryptoError> {
    let plain = open(key, sealed, aad)?;
    let bytes: [u8; KEY_LEN] = plain.as_slice().try_into().map_err(|_| CryptoError)?;
    Ok(Zeroizing::new(bytes))
}

/// What a child grant's sealed text begins with: the child, the generation and the recipient,
/// so a grant moved to another row does not open as that one.
fn grant_label(child: u64, generation: u32, recipient: u64) -> Vec<u8> {
    let mut label = b"shouwang child grant\0".to_vec();
    label.extend_from_slice(&child.to_le_bytes());
    label.extend_from_slice(&generation.to_le_bytes());
    label.extend_from_slice(&recipient.to_le_bytes());
    label
}

/// Boxes from the school's key pair to the staff's: one X25519 agreement a recipient.
pub struct Granter {
    school: PersonKey,
    boxes: HashMap<[u8; KEY_LEN], crypto_box::SalsaBox>,
}

impl Granter {
    pub fn new(school: &PersonKey) -> Granter {
        Granter {
            school: PersonKey::from_secret(&school.secret()),
            boxes: HashMap::new(),
        }
    }

    /// The grant of `key` (the child's of `generation`) to `recipient`, whose public key is
    /// `public`: `generation ‖ nonce ‖ box`.
    pub fn grant(
        &mut self,
        public: &[u8; KEY_LEN],
        child: u64,
        generation: u32,
        recipient: u64,
        key: &Key,
    ) -> Result<Vec<u8>, CryptoError> {
        use crypto_box::aead::AeadCore;
        let sealer = self.boxes.entry(*public).or_insert_with(|| {
            crypto_box::SalsaBox::new(&crypto_box::PublicKey::from(*public), self.school.inner())
        });
        let mut text = Zeroizing::new(grant_label(child, generation, recipient));
        text.extend_from_slice(key.as_ref());
        let nonce = crypto_box::SalsaBox::generate_nonce(&mut OsRng);
        let body = sealer
            .encrypt(&nonce, text.as_slice())
            .map_err(|_| CryptoError)?;
        let mut out = Vec::with_capacity(4 + NONCE_LEN + body.len());
        out.extend_from_slice(&generation.to_le_bytes());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&body);
        Ok(out)
    }
}

/// A child grant opened by its recipient, with the school's public key.
pub fn open_grant(
    opener: &crypto_box::SalsaBox,
    child: u64,
    recipient: u64,
    sealed: &[u8],
) -> Result<ChildKey, CryptoError> {
    if sealed.len() < 4 + NONCE_LEN + TAG_LEN {
        return Err(CryptoError);
    }
    let (generation, rest) = sealed.split_at(4);
    let generation = u32::from_le_bytes(generation.try_into().map_err(|_| CryptoError)?);
    let (nonce, body) = rest.split_at(NONCE_LEN);
    let text = Zeroizing::new(
        opener
            .decrypt(crypto_box::Nonce::from_slice(nonce), body)
            .map_err(|_| CryptoError)?,
    );
    let label = grant_label(child, generation, recipient);
    let key = text.strip_prefix(label.as_slice()).ok_or(CryptoError)?;
    let key: [u8; KEY_LEN] = key.try_into().map_err(|_| CryptoError)?;
    Ok(ChildKey {
        generation,
        key: Zeroizing::new(key),
    })
}

/// What a recipient opens their grants with: the box between the school's public key and
/// their own secret.
pub fn grant_opener(school_public: &[u8; KEY_LEN], person: &PersonKey) -> crypto_box::SalsaBox {
    crypto_box::SalsaBox::new(&crypto_box::PublicKey::from(*school_public), person.inner())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grant_opens_for_its_recipient_only_and_as_its_child_only() {
        let school = PersonKey::generate();
        let teacher = PersonKey::generate();
        let other = PersonKey::generate();
        let keys = ChildKeys::new(Some(&school), None);
        let key = keys.current(7).unwrap();
        let mut granter = Granter::new(&school);
        let sealed = granter
            .grant(&teacher.public(), 7, key.generation, 3, &key.key)
            .unwrap();
        let opener = grant_opener(&school.public(), &teacher);
        let opened = open_grant(&opener, 7, 3, &sealed).unwrap();
        assert_eq!((opened.generation, *opened.key), (1, *key.key));
        assert!(open_grant(&opener, 8, 3, &sealed).is_err(), "another child");
        assert!(
            open_grant(&opener, 7, 4, &sealed).is_err(),
            "another recipient"
        );
        let stranger = grant_opener(&school.public(), &other);
        assert!(open_grant(&stranger, 7, 3, &sealed).is_err());
    }

    #[test]
    fn generations_give_unrelated_keys_and_a_carer_holds_only_what_was_granted() {
        let school = PersonKey::generate();
        let coordinator = ChildKeys::new(Some(&school), None);
        let first = coordinator.of(7, 1).unwrap();
        let second = coordinator.of(7, 2).unwrap();
        assert_ne!(*first, *second);
        assert_ne!(*first, *coordinator.of(8, 1).unwrap());
        let carer = ChildKeys::new(None, None);
        carer.set_in_use(true);
        carer.add_granted(
            7,
            ChildKey {
                generation: 2,
                key: second.clone(),
            },
        );
        assert!(carer.opens(7) && !carer.opens(8));
        assert!(carer.of(7, 1).is_none(), "an older generation is not held");
        let sealed = seal(&second, b"text", b"aad");
        assert!(open(&first, &sealed, b"aad").is_err());
        assert_eq!(open(&second, &sealed, b"aad").unwrap().as_slice(), b"text");
    }
}
