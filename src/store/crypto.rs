//! The keys of an encrypted store. One random data key seals every personal value; it is
//! wrapped once per staff member (a key slot, as LUKS does) under a key derived from their
//! passphrase with Argon2id, so a coordinator can reset one person's passphrase without
//! touching anyone else's or any record. The slot is the only verifier an encrypted store
//! keeps: the plain staff table holds no hash cheaper to attack (a store without keys, the
//! demo, keeps an Argon2id PHC string to check a passphrase at all).
//!
//! From the data key, HKDF-SHA256 derives the sealing key (XChaCha20-Poly1305) and the
//! blinding key (HMAC-SHA256) that turns personal text in index keys into keyed hashes.
//! Every key lives in `Zeroizing` memory or a cipher that clears itself when dropped.

use argon2::password_hash::{PasswordHasher, SaltString};
use argon2::{Algorithm, Argon2, Params, Version};
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{XChaCha20Poly1305, XNonce};
use hmac::{Hmac, Mac};
use rand_core::{OsRng, RngCore};
use sha2::Sha256;
use std::fmt::Write;
use zeroize::Zeroizing;

/// A passphrase as typed. Cleared from memory when dropped.
#[derive(Clone)]
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    pub fn new(text: impl Into<String>) -> Passphrase {
        Passphrase(Zeroizing::new(text.into()))
    }

    /// Compares two typings of a new passphrase.
    pub fn same_as(&self, other: &Passphrase) -> bool {
        self.0 == other.0
    }

    fn bytes(&self) -> &[u8] {
        self.0.as_bytes()
    }

    /// Why this passphrase may not be chosen; `None` when it may. `names` are the words an
    /// attacker tries first at this school (the staff's names): a passphrase built on one is
    /// refused. Beyond the length, zxcvbn estimates how many guesses it takes; below
    /// `MIN_STRENGTH` ("12345678", eight spaces, "password", a name twice) it is refused.
    pub fn problem(&self, names: &[&str]) -> Option<crate::model::Refusal> {
        let chars = self.0.chars().count();
        if chars < MIN_PASSPHRASE_CHARS {
            return Some(crate::model::Refusal::PassphraseTooShort {
                min: MIN_PASSPHRASE_CHARS,
                have: chars,
            });
        }
        let plain = |t: &str| -> String {
            t.chars()
                .filter(|c| !c.is_whitespace())
                .flat_map(char::to_lowercase)
                .collect()
        };
        // What is left once the staff's names are taken out, spaces and case aside: a name
        // adds nothing to a guesser who tries the names first.
        let mut rest = plain(&self.0);
        let mut names_someone = false;
        for name in names.iter().map(|n| plain(n)) {
            if name.chars().count() >= 2 && rest.contains(&name) {
                rest = rest.replace(&name, "");
                names_someone = true;
            }
        }
        let strong = |t: &str| u8::from(zxcvbn::zxcvbn(t, names).score()) >= MIN_STRENGTH;
        if strong(&self.0) && (!names_someone || strong(&rest)) {
            return None;
        }
        Some(crate::model::Refusal::PassphraseWeak { names_someone })
    }
}

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(…)")
    }
}

pub const MIN_PASSPHRASE_CHARS: usize = 8;

/// zxcvbn's score a passphrase needs (0–4): 3 is "safely unguessable" at about 10^8 guesses,
/// which at a quarter of a second a guess (`KdfCost::PRODUCT`) is years on one computer.
const MIN_STRENGTH: u8 = 3;

/// What deriving a key from a passphrase costs: Argon2id's memory, passes and lanes. A slot
/// (and a PHC string) records the cost it was made with, so it can be raised while old slots
/// still open; an unlock re-wraps a slot made cheaper than today's (`is_below`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct KdfCost {
    pub memory_kib: u32,
    pub passes: u32,
    pub lanes: u32,
}

impl KdfCost {
    /// Chosen by measurement (benches/kdf.rs): one derivation takes at least a quarter of a
    /// second on the 2-core machine the project measures on, so guessing offline runs at
    /// under 4 tries a second a core (19 MiB and 2 passes, the setting before, allowed 62).
    /// One lane: a second lane would not slow a guesser, who runs one guess a core.
    pub const PRODUCT: KdfCost = KdfCost {
        memory_kib: 64 * 1024,
        passes: 9,
        lanes: 1,
    };

    /// A debug build (the test suite: thousands of logins) derives cheaply. Slots record
    /// their cost, so a store made by a debug build stays cheap to guess: a debug build is
    /// never what a school runs (README's command builds `--release`).
    const DEBUG: KdfCost = KdfCost {
        memory_kib: 1024,
        passes: 1,
        lanes: 1,
    };

    /// The cost a new slot is made with in this build.
    pub fn current() -> KdfCost {
        if cfg!(debug_assertions) {
            KdfCost::DEBUG
        } else {
            KdfCost::PRODUCT
        }
    }

    /// Whether a slot made at this cost is cheaper to attack than one made at `other`.
    pub fn is_below(self, other: KdfCost) -> bool {
        u64::from(self.memory_kib) * u64::from(self.passes)
            < u64::from(other.memory_kib) * u64::from(other.passes)
    }
}

fn argon2(memory: u32, passes: u32, lanes: u32) -> Result<Argon2<'static>, CryptoError> {
    let params = Params::new(memory, passes, lanes, Some(KEY_LEN)).map_err(|_| CryptoError)?;
    Ok(Argon2::new(Algorithm::Argon2id, Version::V0x13, params))
}

const KEY_LEN: usize = 32;
const NONCE_LEN: usize = 24;
const TAG_LEN: usize = 16;
const SALT_LEN: usize = 16;

/// Something did not open: a wrong key, a value moved or changed. Deliberately says no more.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CryptoError;

/// The passphrase's PHC string (`$argon2id$v=19$m=…,t=…,p=…$salt$hash`).
pub fn hash_passphrase(passphrase: &Passphrase) -> Result<String, CryptoError> {
    let salt = SaltString::generate(&mut OsRng);
    let cost = KdfCost::current();
    let hasher = argon2(cost.memory_kib, cost.passes, cost.lanes)?;
    hasher
        .hash_password(passphrase.bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|_| CryptoError)
}

/// The store's data key: random, never written anywhere but wrapped in key slots.
pub struct DataKey(Zeroizing<[u8; KEY_LEN]>);

impl DataKey {
    pub fn generate() -> DataKey {
        let mut key = Zeroizing::new([0u8; KEY_LEN]);
        OsRng.fill_bytes(key.as_mut());
        DataKey(key)
    }

    /// The working keys derived from this data key.
    #[expect(
        clippy::expect_used,
        reason = "HKDF-SHA256 expands to at most 255 × 32 bytes, and these are 32"
    )]
    pub fn keys(&self) -> Keys {
        let hk = hkdf::Hkdf::<Sha256>::new(None, self.0.as_ref());
        let mut seal = Zeroizing::new([0u8; KEY_LEN]);
        let mut blind = Zeroizing::new([0u8; KEY_LEN]);
        hk.expand(b"shouwang seal v1", seal.as_mut())
            .expect("32 bytes is a valid HKDF length");
        hk.expand(b"shouwang blind v1", blind.as_mut())
            .expect("32 bytes is a valid HKDF length");
        Keys {
            data: DataKey(self.0.clone()),
            seal: XChaCha20Poly1305::new(seal.as_ref().into()),
            blind,
            school_public: None,
            school: None,
            to_school: None,
            from_school: std::sync::Mutex::default(),
            children: super::keyring::ChildKeys::default(),
        }
    }
}

/// The keys of an unlocked store. The cipher clears its key on drop; the others are
/// `Zeroizing`.
pub struct Keys {
    data: DataKey,
    seal: XChaCha20Poly1305,
    blind: Zeroizing<[u8; KEY_LEN]>,
    /// The school's public key, to which audit events are sealed (none in a store no
    /// coordinator has opened since schema 10).
    school_public: Option<[u8; KEY_LEN]>,
    /// The school's secret key, when whoever unlocked is a coordinator (grant `school`).
    school: Option<PersonKey>,
    /// Sealing to the school: an ephemeral key pair of these keys (one unlock) and its shared
    /// key with the school's public key, so an event costs a symmetric seal, not a
    /// Diffie-Hellman (the ephemeral public key goes with each event).
    to_school: Option<ToSchool>,
    /// The shared keys of the ephemeral public keys met while reading the trail: one
    /// Diffie-Hellman a writer's session, not one an event.
    from_school: std::sync::Mutex<std::collections::HashMap<[u8; KEY_LEN], crypto_box::SalsaBox>>,
    /// The children's keys these keys hold (`keyring`).
    children: super::keyring::ChildKeys,
}

struct ToSchool {
    ephemeral: [u8; KEY_LEN],
    sealer: crypto_box::SalsaBox,
}

impl Keys {
    pub fn data_key(&self) -> &DataKey {
        &self.data
    }

    /// These keys with the school's: its public key to seal the audit to, and its secret to
    /// read it, when the person who unlocked holds it.
    pub fn with_school(mut self, public: Option<[u8; KEY_LEN]>, secret: Option<PersonKey>) -> Keys {
        self.to_school = public.map(|public| {
            let ephemeral = crypto_box::SecretKey::generate(&mut OsRng);
            ToSchool {
                ephemeral: ephemeral.public_key().to_bytes(),
                sealer: crypto_box::SalsaBox::new(&crypto_box::PublicKey::from(public), &ephemeral),
            }
        });
        self.school_public = public;
        self.school = secret;
        self
    }

    /// These keys with the children's keys of the unlock.
    pub fn with_children(mut self, children: super::keyring::ChildKeys) -> Keys {
        self.children = children;
        self
    }

    pub fn children(&self) -> &super::keyring::ChildKeys {
        &self.children
    }

    pub fn school_public(&self) -> Option<[u8; KEY_LEN]> {
        self.school_public
    }

    pub fn school(&self) -> Option<&PersonKey> {
        self.school.as_ref()
    }

    /// `plain` sealed to the school's public key, `label` sealed before it (the record's
    /// table, id and layout: a value moved to another record does not open):
    /// `ephemeral public key ‖ nonce ‖ XSalsa20-Poly1305 box`. `None` when the store has no
    /// school key yet.
    pub fn seal_for_school(
        &self,
        plain: &[u8],
        label: &[u8],
    ) -> Option<Result<Vec<u8>, CryptoError>> {
        use crypto_box::aead::{Aead, AeadCore};
        let to = self.to_school.as_ref()?;
        let mut text = Zeroizing::new(label.to_vec());
        text.extend_from_slice(plain);
        let nonce = crypto_box::SalsaBox::generate_nonce(&mut OsRng);
        Some(
            to.sealer
                .encrypt(&nonce, text.as_slice())
                .map(|body| {
                    let mut out = Vec::with_capacity(KEY_LEN + NONCE_LEN + body.len());
                    out.extend_from_slice(&to.ephemeral);
                    out.extend_from_slice(&nonce);
                    out.extend_from_slice(&body);
                    out
                })
                .map_err(|_| CryptoError),
        )
    }

    /// What `seal_for_school` sealed under `label`, if these keys hold the school's secret.
    pub fn open_for_school(
        &self,
        sealed: &[u8],
        label: &[u8],
    ) -> Option<Result<Zeroizing<Vec<u8>>, CryptoError>> {
        use crypto_box::aead::Aead;
        let school = self.school.as_ref()?;
        Some((|| {
            if sealed.len() < KEY_LEN + NONCE_LEN + TAG_LEN {
                return Err(CryptoError);
            }
            let (ephemeral, rest) = sealed.split_at(KEY_LEN);
            let (nonce, body) = rest.split_at(NONCE_LEN);
            let ephemeral: [u8; KEY_LEN] = ephemeral.try_into().map_err(|_| CryptoError)?;
            let mut shared = self.from_school.lock().map_err(|_| CryptoError)?;
            let opener = shared.entry(ephemeral).or_insert_with(|| {
                crypto_box::SalsaBox::new(&crypto_box::PublicKey::from(ephemeral), &school.0)
            });
            let text = Zeroizing::new(
                opener
                    .decrypt(crypto_box::Nonce::from_slice(nonce), body)
                    .map_err(|_| CryptoError)?,
            );
            let body = text.strip_prefix(label).ok_or(CryptoError)?;
            Ok(Zeroizing::new(body.to_vec()))
        })())
    }

    /// `nonce ‖ ciphertext ‖ tag`, bound to `aad`.
    pub fn seal(&self, plain: &[u8], aad: &[u8]) -> Vec<u8> {
        seal_with(&self.seal, plain, aad)
    }

    pub fn open(&self, sealed: &[u8], aad: &[u8]) -> Result<Vec<u8>, CryptoError> {
        open_with(&self.seal, sealed, aad)
    }

    /// A keyed hash of `text` for an index key: equal texts give equal keys (so uniqueness
    /// and look-ups still work), and the file does not reveal the text. 128 bits, in hex.
    #[expect(clippy::expect_used, reason = "HMAC takes a key of any length")]
    pub fn blind(&self, domain: &str, text: &str) -> String {
        let mut mac = <Hmac<Sha256> as Mac>::new_from_slice(self.blind.as_ref())
            .expect("HMAC takes a key of any length");
        mac.update(domain.as_bytes());
        mac.update(&[0]);
        mac.update(text.as_bytes());
        let digest = mac.finalize().into_bytes();
        let mut hex = String::with_capacity(32);
        for b in &digest[..16] {
            // Writing into a String cannot fail.
            let _ = write!(hex, "{b:02x}");
        }
        hex
    }
}

#[expect(
    clippy::expect_used,
    reason = "XChaCha20-Poly1305 fails only past 256 GiB, far beyond any record's limit"
)]
pub(super) fn seal_with(cipher: &XChaCha20Poly1305, plain: &[u8], aad: &[u8]) -> Vec<u8> {
    let mut nonce = [0u8; NONCE_LEN];
    OsRng.fill_bytes(&mut nonce);
    let body = cipher
        .encrypt(XNonce::from_slice(&nonce), Payload { msg: plain, aad })
        .expect("XChaCha20-Poly1305 seals any length a record can have");
    let mut out = Vec::with_capacity(NONCE_LEN + body.len());
    out.extend_from_slice(&nonce);
    out.extend_from_slice(&body);
    out
}

pub(super) fn open_with(
    cipher: &XChaCha20Poly1305,
    sealed: &[u8],
    aad: &[u8],
) -> Result<Vec<u8>, CryptoError> {
    if sealed.len() < NONCE_LEN + TAG_LEN {
        return Err(CryptoError);
    }
    let (nonce, body) = sealed.split_at(NONCE_LEN);
    cipher
        .decrypt(XNonce::from_slice(nonce), Payload { msg: body, aad })
        .map_err(|_| CryptoError)
}

/// The layout of a key slot: version, Argon2 memory (KiB), passes, lanes, salt, then the
/// sealed secret. The parameters are written so that they can be raised later while old
/// slots still open. Version 1 holds the store's data key itself (what earlier versions
/// wrote); version 2 the person's own secret key (`PersonKey`), through which what is granted
/// to them opens.
const SLOT_DATA_KEY: u8 = 1;
const SLOT_PERSON_KEY: u8 = 2;
const SLOT_HEADER: usize = 1 + 4 * 3 + SALT_LEN;

/// What a slot holds once its passphrase opens it.
pub enum Opened {
    /// A slot of an earlier version: the data key itself.
    DataKey(DataKey),
    /// The person's own secret key.
    Person(PersonKey),
}

/// Wraps `person`'s secret key under a key derived from `passphrase`, bound to the slot's
/// owner, at this build's cost.
pub fn wrap_person(
    person: &PersonKey,
    passphrase: &Passphrase,
    owner: u64,
) -> Result<Vec<u8>, CryptoError> {
    let secret = Zeroizing::new(person.0.to_bytes());
    wrap_secret(
        SLOT_PERSON_KEY,
        &secret,
        passphrase,
        owner,
        KdfCost::current(),
    )
}

/// A slot as earlier versions wrote it (the data key itself), at a given cost: for the tests
/// of what an unlock does with one.
#[cfg(test)]
pub(crate) fn wrap_data_key_at(
    data: &DataKey,
    passphrase: &Passphrase,
    owner: u64,
    cost: KdfCost,
) -> Result<Vec<u8>, CryptoError> {
    wrap_secret(SLOT_DATA_KEY, &data.0, passphrase, owner, cost)
}

fn wrap_secret(
    version: u8,
    secret: &[u8; KEY_LEN],
    passphrase: &Passphrase,
    owner: u64,
    cost: KdfCost,
) -> Result<Vec<u8>, CryptoError> {
    let mut salt = [0u8; SALT_LEN];
    OsRng.fill_bytes(&mut salt);
    let kek = derive_kek(passphrase, &salt, cost)?;
    let mut out = Vec::with_capacity(SLOT_HEADER + NONCE_LEN + KEY_LEN + TAG_LEN);
    out.push(version);
    for n in [cost.memory_kib, cost.passes, cost.lanes] {
        out.extend_from_slice(&n.to_le_bytes());
    }
    out.extend_from_slice(&salt);
    out.extend_from_slice(&seal_with(&kek, secret, &slot_aad(version, owner)));
    Ok(out)
}

/// Whether `slot` holds a person's own key (not the data key of an earlier version).
pub fn slot_holds_person_key(slot: &[u8]) -> bool {
    slot.len() >= SLOT_HEADER && slot[0] == SLOT_PERSON_KEY
}

/// The cost `slot` was made with, if it is a slot.
pub fn slot_cost(slot: &[u8]) -> Option<KdfCost> {
    if slot.len() < SLOT_HEADER || !matches!(slot[0], SLOT_DATA_KEY | SLOT_PERSON_KEY) {
        return None;
    }
    let number = |i: usize| {
        let at = 1 + 4 * i;
        u32::from_le_bytes([slot[at], slot[at + 1], slot[at + 2], slot[at + 3]])
    };
    Some(KdfCost {
        memory_kib: number(0),
        passes: number(1),
        lanes: number(2),
    })
}

/// What `slot` holds, if `passphrase` is the one it was wrapped with. A wrong passphrase and a
/// damaged slot look the same: the AEAD does not open.
pub fn unwrap(slot: &[u8], passphrase: &Passphrase, owner: u64) -> Result<Opened, CryptoError> {
    let cost = slot_cost(slot).ok_or(CryptoError)?;
    let version = slot[0];
    let salt = &slot[13..SLOT_HEADER];
    let kek = derive_kek(passphrase, salt, cost)?;
    let plain = Zeroizing::new(open_with(
        &kek,
        &slot[SLOT_HEADER..],
        &slot_aad(version, owner),
    )?);
    let key: [u8; KEY_LEN] = plain.as_slice().try_into().map_err(|_| CryptoError)?;
    let key = Zeroizing::new(key);
    Ok(match version {
        SLOT_DATA_KEY => Opened::DataKey(DataKey(key)),
        _ => Opened::Person(PersonKey(crypto_box::SecretKey::from_bytes(*key))),
    })
}

/// The version is bound too: a slot's first byte changed does not open.
fn slot_aad(version: u8, owner: u64) -> Vec<u8> {
    let mut aad = b"shouwang key slot\0".to_vec();
    aad.extend_from_slice(&owner.to_le_bytes());
    if version != SLOT_DATA_KEY {
        aad.push(version);
    }
    aad
}

/// A staff member's key pair (X25519). What is granted to them is sealed to the public key
/// (a sealed box, as libsodium's `crypto_box_seal`), so a coordinator grants a key without
/// anyone's passphrase; the secret is kept only in their slot, under their passphrase. The
/// secret key clears itself when dropped.
pub struct PersonKey(crypto_box::SecretKey);

impl PersonKey {
    pub fn generate() -> PersonKey {
        PersonKey(crypto_box::SecretKey::generate(&mut OsRng))
    }

    /// The secret's bytes, to grant it (the school's key) to someone.
    pub fn secret(&self) -> Zeroizing<[u8; KEY_LEN]> {
        Zeroizing::new(self.0.to_bytes())
    }

    pub fn from_secret(secret: &[u8; KEY_LEN]) -> PersonKey {
        PersonKey(crypto_box::SecretKey::from_bytes(*secret))
    }

    pub fn public(&self) -> [u8; KEY_LEN] {
        self.0.public_key().to_bytes()
    }

    pub(super) fn inner(&self) -> &crypto_box::SecretKey {
        &self.0
    }
}

/// What a grant's sealed text begins with: the grant's name and its recipient, so a grant
/// copied to another name or person does not open as that one.
fn grant_label(name: &str, recipient: u64) -> Vec<u8> {
    let mut label = b"shouwang grant\0".to_vec();
    label.extend_from_slice(name.as_bytes());
    label.push(0);
    label.extend_from_slice(&recipient.to_le_bytes());
    label
}

/// `key` sealed to `public`, the key of `recipient`, as the grant `name`.
pub fn grant(
    public: &[u8; KEY_LEN],
    name: &str,
    recipient: u64,
    key: &[u8; KEY_LEN],
) -> Result<Vec<u8>, CryptoError> {
    let mut plain = Zeroizing::new(grant_label(name, recipient));
    plain.extend_from_slice(key);
    crypto_box::PublicKey::from_bytes(*public)
        .seal(&mut OsRng, &plain)
        .map_err(|_| CryptoError)
}

/// The key of the grant `name` to `recipient`, opened with their secret key.
pub fn open_grant(
    person: &PersonKey,
    name: &str,
    recipient: u64,
    sealed: &[u8],
) -> Result<Zeroizing<[u8; KEY_LEN]>, CryptoError> {
    let plain = Zeroizing::new(person.0.unseal(sealed).map_err(|_| CryptoError)?);
    let label = grant_label(name, recipient);
    let key = plain.strip_prefix(label.as_slice()).ok_or(CryptoError)?;
    let key: [u8; KEY_LEN] = key.try_into().map_err(|_| CryptoError)?;
    Ok(Zeroizing::new(key))
}

impl DataKey {
    /// The store's data key granted to `recipient` (grant `data`).
    pub fn grant_to(&self, public: &[u8; KEY_LEN], recipient: u64) -> Result<Vec<u8>, CryptoError> {
        grant(public, DATA_GRANT, recipient, &self.0)
    }

    /// The data key from `recipient`'s grant.
    pub fn from_grant(
        person: &PersonKey,
        recipient: u64,
        sealed: &[u8],
    ) -> Result<DataKey, CryptoError> {
        open_grant(person, DATA_GRANT, recipient, sealed).map(DataKey)
    }
}

/// The grant of the store's data key.
pub const DATA_GRANT: &str = "data";

fn derive_kek(
    passphrase: &Passphrase,
    salt: &[u8],
    cost: KdfCost,
) -> Result<XChaCha20Poly1305, CryptoError> {
    let mut kek = Zeroizing::new([0u8; KEY_LEN]);
    argon2(cost.memory_kib, cost.passes, cost.lanes)?
        .hash_password_into(passphrase.bytes(), salt, kek.as_mut())
        .map_err(|_| CryptoError)?;
    Ok(XChaCha20Poly1305::new(kek.as_ref().into()))
}

/// A random number from the system's generator (a store's id).
pub fn random_u64() -> u64 {
    OsRng.next_u64()
}

#[cfg(test)]
mod tests {
    use super::*;
    use argon2::password_hash::{PasswordHash, PasswordVerifier};

    #[test]
    fn a_short_passphrase_is_refused_with_the_minimum_and_its_length() {
        assert_eq!(
            Passphrase::new("短口令").problem(&[]),
            Some(crate::model::Refusal::PassphraseTooShort { min: 8, have: 3 })
        );
        assert!(Passphrase::new("梧桐树下 2026 秋").problem(&[]).is_none());
    }

    #[test]
    fn a_passphrase_verifies_against_its_phc_string_only() {
        let verify_passphrase = |phc: &str, p: &Passphrase| {
            PasswordHash::new(phc)
                .is_ok_and(|h| Argon2::default().verify_password(p.bytes(), &h).is_ok())
        };
        let right = Passphrase::new("梧桐树下 2026");
        let phc = hash_passphrase(&right).unwrap();
        let cost = KdfCost::current();
        let params = format!("m={},t={},p={}$", cost.memory_kib, cost.passes, cost.lanes);
        assert!(
            phc.starts_with(&format!("$argon2id$v=19${params}")),
            "{phc}"
        );
        assert!(verify_passphrase(&phc, &right));
        assert!(!verify_passphrase(&phc, &Passphrase::new("梧桐树下 2027")));
        assert!(!verify_passphrase("not a phc string", &right));
    }

    #[test]
    fn a_slot_opens_with_its_passphrase_and_owner_only() {
        let person = PersonKey::generate();
        let pass = Passphrase::new("correct horse");
        let slot = wrap_person(&person, &pass, 7).unwrap();
        let Ok(Opened::Person(opened)) = unwrap(&slot, &pass, 7) else {
            panic!("the person's key");
        };
        assert_eq!(opened.public(), person.public());
        let wrong = |slot: &[u8], p: &Passphrase, owner: u64| unwrap(slot, p, owner).err();
        assert_eq!(
            wrong(&slot, &Passphrase::new("correct house"), 7),
            Some(CryptoError)
        );
        // A slot copied onto another staff member does not open for them.
        assert_eq!(wrong(&slot, &pass, 8), Some(CryptoError));
        assert_eq!(wrong(&slot[..20], &pass, 7), Some(CryptoError));
        // Nor does one whose version byte was changed.
        let mut older = slot.clone();
        older[0] = SLOT_DATA_KEY;
        assert_eq!(wrong(&older, &pass, 7), Some(CryptoError));
        // A slot of an earlier version still opens, as the data key it holds.
        let data = DataKey::generate();
        let old = wrap_data_key_at(&data, &pass, 7, KdfCost::current()).unwrap();
        let Ok(Opened::DataKey(key)) = unwrap(&old, &pass, 7) else {
            panic!("the data key");
        };
        assert_eq!(key.0.as_ref(), data.0.as_ref());
    }

    #[test]
    fn a_grant_opens_for_its_person_name_and_recipient_only() {
        let data = DataKey::generate();
        let li = PersonKey::generate();
        let other = PersonKey::generate();
        let sealed = data.grant_to(&li.public(), 7).unwrap();
        let opened = DataKey::from_grant(&li, 7, &sealed).unwrap();
        assert_eq!(opened.0.as_ref(), data.0.as_ref());
        assert!(DataKey::from_grant(&other, 7, &sealed).is_err());
        // Copied to another recipient's row, or read as another grant, it does not open.
        assert!(DataKey::from_grant(&li, 8, &sealed).is_err());
        assert!(open_grant(&li, "child/3", 7, &sealed).is_err());
        // Sealed afresh each time: the same key never seals to the same bytes.
        assert_ne!(sealed, data.grant_to(&li.public(), 7).unwrap());
    }

    #[test]
    fn sealed_values_are_bound_to_their_associated_data() {
        let keys = DataKey::generate().keys();
        let sealed = keys.seal("张小雨".as_bytes(), b"children/1");
        assert_eq!(
            keys.open(&sealed, b"children/1").unwrap(),
            "张小雨".as_bytes()
        );
        assert!(keys.open(&sealed, b"children/2").is_err());
        let mut flipped = sealed.clone();
        *flipped.last_mut().unwrap() ^= 1;
        assert!(keys.open(&flipped, b"children/1").is_err());
        // A fresh nonce each time: the same text never seals to the same bytes.
        assert_ne!(keys.seal(b"x", b"a"), keys.seal(b"x", b"a"));
        let other = DataKey::generate().keys();
        assert!(other.open(&sealed, b"children/1").is_err());
    }

    #[test]
    fn blinding_is_stable_per_key_and_domain() {
        let data = DataKey::generate();
        let keys = data.keys();
        let again = data.keys();
        assert_eq!(keys.blind("sid", "S001"), again.blind("sid", "S001"));
        assert_ne!(keys.blind("sid", "S001"), keys.blind("sid", "S002"));
        assert_ne!(keys.blind("sid", "S001"), keys.blind("class", "S001"));
        assert_ne!(
            keys.blind("sid", "S001"),
            DataKey::generate().keys().blind("sid", "S001")
        );
        assert_eq!(keys.blind("sid", "S001").len(), 32);
    }

    #[test]
    fn the_weakest_passphrases_are_refused_and_a_sentence_of_words_is_taken() {
        use crate::model::Refusal;
        let weak = |p: &str, names: &[&str]| Passphrase::new(p).problem(names);
        assert!(matches!(
            weak("1234567", &[]),
            Some(Refusal::PassphraseTooShort { .. })
        ));
        for p in [
            "12345678",
            "        ",
            "password",
            "守望相助守望相助",
            "qwertyuiop",
        ] {
            assert_eq!(
                weak(p, &[]),
                Some(Refusal::PassphraseWeak {
                    names_someone: false
                }),
                "{p:?}"
            );
        }
        // A name from the staff list, alone or repeated, is among the first guesses.
        assert_eq!(
            weak("李老师李老师李老师", &["李老师", "周主任"]),
            Some(Refusal::PassphraseWeak {
                names_someone: true
            })
        );
        assert_eq!(
            weak("周主任 2026 周主任", &["李老师", "周主任"]),
            Some(Refusal::PassphraseWeak {
                names_someone: true
            })
        );
        assert_eq!(
            weak("Zhou Zhuren 2026", &["周主任", "zhouzhuren"]),
            Some(Refusal::PassphraseWeak {
                names_someone: true
            })
        );
        // A name inside a passphrase strong without it is no weakness.
        assert_eq!(weak("梧桐树下 李老师 2026 秋", &["李老师"]), None);
        for p in [
            "梧桐树下 2026 秋",
            "青山绿水 test 2026",
            "correct horse battery staple",
        ] {
            assert_eq!(weak(p, &["李老师", "周主任"]), None, "{p:?}");
        }
    }

    #[test]
    fn a_slot_records_its_cost_and_a_cheaper_one_is_below_todays() {
        let pass = Passphrase::new("correct horse");
        let slot = wrap_person(&PersonKey::generate(), &pass, 7).unwrap();
        assert_eq!(slot_cost(&slot), Some(KdfCost::current()));
        let before = KdfCost {
            memory_kib: 19 * 1024,
            passes: 2,
            lanes: 1,
        };
        assert!(before.is_below(KdfCost::PRODUCT));
        assert!(!KdfCost::PRODUCT.is_below(before));
        assert!(!KdfCost::PRODUCT.is_below(KdfCost::PRODUCT));
        assert_eq!(slot_cost(&slot[..5]), None);
    }
}
