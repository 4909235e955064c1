//! The one place where records become bytes and back. Every value in every table, drafts
//! included, passes through the store's `Codec`, which seals it with the store's keys when the
//! store is encrypted: every call names the table and the record, which the AEAD binds as
//! associated data, so a sealed value moved to another record (or table) does not open.
//!
//! Layout: one byte of record-layout version, then the postcard body. A sealed value sets the
//! version byte's high bit and carries `nonce ‖ ciphertext ‖ tag` instead of the body.
//! Postcard is compact but not self-describing, so a record that gains a field changes its
//! version and the schema migration rewrites the old records; a value of an unknown version
//! is refused, never misread.

use super::StoreError;
use super::crypto::Keys;
use super::keyed_forms::{Bytes, FORM_MAILBOX, FORM_OWN, open_keyed, seal_keyed};
use serde::Serialize;
use serde::de::DeserializeOwned;
use std::sync::Arc;

/// Whether a record type's values are sealed in an encrypted store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sealing {
    /// Personal data: sealed, and refused when found unsealed.
    Always,
    /// Sealed when the keys are at hand; plain when written before anyone unlocked (the
    /// audit of a failed login, which names only the staff member and the time).
    WhenOpen,
    /// As `WhenOpen`, but sealed to the school's public key once the store has one (the
    /// audit trail): written by anyone at work, read only by the coordinators, who hold the
    /// school's secret (grant `school`).
    ToSchool,
    /// Never sealed: the staff (names, roles and passphrase hashes), which the start screen
    /// shows before anyone has unlocked the store.
    Never,
}

/// Whose key seals a record's values in an encrypted store (issue 20, `keyring`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Owner {
    /// The data key, which every staff member at work holds: the staff's own work, the
    /// directory of children (names, classes), the letters.
    Everyone,
    /// The child's key: whoever may see the child (their carers, the coordinators).
    Child(u64),
    /// Each child's key: a group note, opened by a carer of any child in it.
    Children(Vec<u64>),
    /// The mailbox's key: the letters and the reports they raised, for the mailbox readers.
    Mailbox,
}

/// Whose a draft is: what seals it in an encrypted store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DraftOwner {
    /// A person's own (their note editor's): a key only they hold.
    Own(u64),
    /// A letter's reply: the mailbox's key.
    Mailbox,
}

/// A record type kept in its own table, keyed by its id.
pub trait Record: Serialize + DeserializeOwned + 'static {
    /// Table name, also used in error messages.
    const NAME: &'static str;
    /// Bumped whenever the serialised layout changes.
    const VERSION: u8;
    const SEALING: Sealing = Sealing::Always;
    fn key(&self) -> u64;
    /// Whose key seals this value (`Sealing::Always` and `WhenOpen`).
    fn owner(&self) -> Owner {
        Owner::Everyone
    }
    /// Reads a value of an earlier layout (`version` below `VERSION`), if the program still
    /// knows it (`None`: it does not). A sealed store's records cannot be rewritten by a
    /// migration, which runs before anyone unlocks: an older value is read as it is, and
    /// written in the new layout by its next change (or a backup).
    fn older(_version: u8, _body: &[u8]) -> Option<Result<Self, String>> {
        None
    }
}

/// Turns records into stored bytes and back, sealing them when the store is encrypted.
#[derive(Clone, Default)]
pub struct Codec {
    state: State,
}

#[derive(Clone, Default)]
enum State {
    /// A store that is not encrypted: the demo, or one made before encryption.
    #[default]
    Plain,
    /// An encrypted store whose keys are not at hand.
    Locked,
    Open(Arc<Keys>),
}

/// The high bit of the version byte marks a sealed value.
const SEALED: u8 = 0x80;
/// With it, the next bit marks a value sealed to the school's key (`Sealing::ToSchool`).
const FOR_SCHOOL: u8 = 0x40;
/// Or this one, a value sealed under children's keys (`Owner`): a form byte follows.
pub(super) const KEYED: u8 = 0x20;
const LAYOUT: u8 = !(SEALED | FOR_SCHOOL | KEYED);

/// Whether stored bytes are a value sealed under the data key (not plain, not to the school,
/// not to a child).
pub(super) fn sealed_under_data_key(bytes: &[u8]) -> bool {
    bytes
        .first()
        .is_some_and(|b| b & SEALED != 0 && b & (FOR_SCHOOL | KEYED) == 0)
}

/// Whether stored bytes were sealed by a writer outside the child's care (`FORM_OWN`).
pub(super) fn sealed_by_outsider(bytes: &[u8]) -> bool {
    bytes.first().is_some_and(|b| b & KEYED != 0) && bytes.get(1) == Some(&FORM_OWN)
}

/// Whether stored bytes are a value the school's secret opens: sealed to the school (the
/// audit), or under a child's key (`FORM_CHILD`, `FORM_GROUP`), whose keys it derives.
pub(super) fn sealed_under_school_secret(bytes: &[u8]) -> bool {
    match bytes.first() {
        Some(b) if b & SEALED != 0 && b & FOR_SCHOOL != 0 => true,
        Some(b) if b & SEALED != 0 && b & KEYED != 0 => {
            !matches!(bytes.get(1), Some(&FORM_OWN | &FORM_MAILBOX))
        }
        _ => false,
    }
}

/// The layout version of a draft's bytes.
const DRAFT_VERSION: u8 = 1;

impl Codec {
    pub fn plain() -> Codec {
        Codec::default()
    }

    pub(super) fn locked() -> Codec {
        Codec {
            state: State::Locked,
        }
    }

    pub(super) fn open(keys: Arc<Keys>) -> Codec {
        // The working keys stay where the Arc put them for as long as the store is unlocked.
        crate::sys::keep_out_of_swap(&*keys);
        Codec {
            state: State::Open(keys),
        }
    }

    pub(super) fn keys(&self) -> Option<&Arc<Keys>> {
        match &self.state {
            State::Open(keys) => Some(keys),
            _ => None,
        }
    }

    /// An encrypted store whose keys are not at hand.
    pub(super) fn is_locked(&self) -> bool {
        matches!(self.state, State::Locked)
    }

    fn encrypted(&self) -> bool {
        !matches!(self.state, State::Plain)
    }

    pub fn encode<R: Record>(&self, record: &R) -> Result<Vec<u8>, StoreError> {
        let body = postcard::to_allocvec(record)
            .map_err(|e| StoreError::Internal(format!("encode {}: {e}", R::NAME)))?;
        let keys = match (&self.state, R::SEALING) {
            (_, Sealing::Never)
            | (State::Plain, _)
            | (State::Locked, Sealing::WhenOpen | Sealing::ToSchool) => None,
            (State::Locked, Sealing::Always) => return Err(StoreError::Locked),
            (State::Open(keys), _) => Some(keys),
        };
        Ok(match keys {
            None => {
                let mut out = Vec::with_capacity(body.len() + 1);
                out.push(R::VERSION);
                out.extend_from_slice(&body);
                out
            }
            Some(keys) => {
                let body = zeroize::Zeroizing::new(body);
                let aad = record_aad::<R>(record.key(), R::VERSION);
                if R::SEALING == Sealing::ToSchool
                    && let Some(sealed) = keys.seal_for_school(&body, &aad)
                {
                    let sealed =
                        sealed.map_err(|_| StoreError::Internal(format!("seal {}", R::NAME)))?;
                    let mut out = vec![R::VERSION | SEALED | FOR_SCHOOL];
                    out.extend(sealed);
                    return Ok(out);
                }
                if let Some(keyed) = seal_keyed(keys, &record.owner(), &body, &aad)? {
                    let mut out = vec![R::VERSION | SEALED | KEYED];
                    out.extend(keyed);
                    return Ok(out);
                }
                let mut out = vec![R::VERSION | SEALED];
                out.extend(keys.seal(&body, &aad));
                out
            }
        })
    }

    /// Whether these keys open the records of `child` (always, in a plain store or before
    /// the store moved to keys per child).
    pub fn opens_child(&self, child: u64) -> bool {
        match &self.state {
            State::Open(keys) => keys.children().opens(child),
            _ => true,
        }
    }

    /// As `decode`, but a value sealed to a child (or a report) whose key these keys do not
    /// hold is `None`: what is out of someone's care is not there for them.
    pub fn decode_visible<R: Record>(
        &self,
        id: u64,
        bytes: &[u8],
    ) -> Result<Option<R>, StoreError> {
        match self.decode(id, bytes) {
            Ok(r) => Ok(Some(r)),
            Err(StoreError::OutOfCare) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// Whether values sealed to the school (the audit trail) open with these keys: whoever
    /// unlocked is a coordinator, or the store has no school key yet.
    pub fn opens_school_values(&self) -> bool {
        match &self.state {
            State::Open(keys) => keys.school().is_some() || keys.school_public().is_none(),
            _ => true,
        }
    }

    /// `id` is the key the bytes were stored under: a sealed value opens only there.
    pub fn decode<R: Record>(&self, id: u64, bytes: &[u8]) -> Result<R, StoreError> {
        let Some((&first, rest)) = bytes.split_first() else {
            return Err(StoreError::Damaged {
                detail: format!("empty {} record", R::NAME),
            });
        };
        let version = first & LAYOUT;
        let unknown = || StoreError::Damaged {
            detail: format!(
                "{} record of layout {version}, expected {}",
                R::NAME,
                R::VERSION
            ),
        };
        if version > R::VERSION || version == 0 {
            return Err(unknown());
        }
        let read = |body: &[u8]| {
            if version == R::VERSION {
                return decode_body(body);
            }
            match R::older(version, body) {
                None => Err(unknown()),
                Some(r) => r.map_err(|e| StoreError::Damaged {
                    detail: format!("{} record of layout {version}: {e}", R::NAME),
                }),
            }
        };
        if first & SEALED == 0 {
            if self.encrypted() && R::SEALING == Sealing::Always {
                return Err(StoreError::Damaged {
                    detail: format!("{} {id}: an unsealed value in an encrypted store", R::NAME),
                });
            }
            return read(rest);
        }
        let keys = self.keys().ok_or(StoreError::Locked)?;
        let damaged = || StoreError::Damaged {
            detail: format!("{} {id}: the sealed value does not open here", R::NAME),
        };
        if first & FOR_SCHOOL != 0 {
            let body = keys
                .open_for_school(rest, &record_aad::<R>(id, version))
                .ok_or(StoreError::ForCoordinators)?
                .map_err(|_| damaged())?;
            return read(&body);
        }
        if first & KEYED != 0 {
            let body = open_keyed(keys, rest, &record_aad::<R>(id, version))?
                .ok_or(StoreError::OutOfCare)?;
            return read(&body);
        }
        let body = keys
            .open(rest, &record_aad::<R>(id, version))
            .map_err(|_| damaged())?;
        read(&zeroize::Zeroizing::new(body))
    }

    /// A draft (an editor's unsaved text) as stored under `key`: a person's own under a key
    /// only they hold (`keyring::own_key`), when these keys are theirs; a reply under the
    /// mailbox's key, when letters are; otherwise under the data key.
    pub fn seal_draft(
        &self,
        key: &str,
        text: &[u8],
        owner: Option<DraftOwner>,
    ) -> Result<Vec<u8>, StoreError> {
        let keys = match &self.state {
            State::Plain => {
                let mut out = Vec::with_capacity(text.len() + 1);
                out.push(DRAFT_VERSION);
                out.extend_from_slice(text);
                return Ok(out);
            }
            State::Locked => return Err(StoreError::Locked),
            State::Open(keys) => keys,
        };
        let aad = draft_aad(key);
        let children = keys.children();
        let keyed = |form: u8, head: &[u8], sealing: &super::keyring::Key| {
            let mut out = vec![DRAFT_VERSION | SEALED | KEYED, form];
            out.extend_from_slice(head);
            out.extend(super::keyring::seal(sealing, text, &aad));
            out
        };
        match owner {
            Some(DraftOwner::Own(who)) => {
                if let Some(own) = children.own_of(who) {
                    let sealing = super::keyring::own_key(&own, &aad);
                    return Ok(keyed(FORM_OWN, &who.to_le_bytes(), &sealing));
                }
            }
            Some(DraftOwner::Mailbox) if children.mailbox_in_use() => {
                let mailbox = children.mailbox().ok_or(StoreError::NoMailboxKey)?;
                return Ok(keyed(
                    FORM_MAILBOX,
                    &mailbox.generation.to_le_bytes(),
                    &mailbox.key,
                ));
            }
            _ => {}
        }
        let mut out = vec![DRAFT_VERSION | SEALED];
        out.extend(keys.seal(text, &aad));
        Ok(out)
    }

    /// A draft's text; `StoreError::OutOfCare` when these keys do not open it (someone
    /// else's own, a reply for the mailbox readers).
    pub fn open_draft(&self, key: &str, bytes: &[u8]) -> Result<Vec<u8>, StoreError> {
        let damaged = |why: &str| StoreError::Damaged {
            detail: format!("draft {key}: {why}"),
        };
        match bytes.split_first() {
            Some((&DRAFT_VERSION, body)) if !self.encrypted() => Ok(body.to_vec()),
            Some((&DRAFT_VERSION, _)) => Err(damaged("unsealed in an encrypted store")),
            Some((&b, body)) if b == DRAFT_VERSION | SEALED => {
                let keys = self.keys().ok_or(StoreError::Locked)?;
                keys.open(body, &draft_aad(key))
                    .map_err(|_| damaged("does not open here"))
            }
            Some((&b, body)) if b == DRAFT_VERSION | SEALED | KEYED => {
                let keys = self.keys().ok_or(StoreError::Locked)?;
                let children = keys.children();
                let aad = draft_aad(key);
                let mut r = Bytes(body);
                let sealing = match r.u8() {
                    Some(FORM_OWN) => {
                        let writer = r.u64().ok_or_else(|| damaged("cut short"))?;
                        let own = children.own_of(writer).ok_or(StoreError::OutOfCare)?;
                        super::keyring::own_key(&own, &aad)
                    }
                    Some(FORM_MAILBOX) => {
                        let generation = r.u32().ok_or_else(|| damaged("cut short"))?;
                        children
                            .mailbox_of(generation)
                            .ok_or(StoreError::OutOfCare)?
                    }
                    _ => return Err(damaged("unknown layout")),
                };
                super::keyring::open(&sealing, r.0, &aad)
                    .map(|text| text.to_vec())
                    .map_err(|_| damaged("does not open here"))
            }
            _ => Err(damaged("unknown layout")),
        }
    }

    /// A record's value sealed under the data key, sealed again under `to`'s data key as it
    /// is (layout, binding and all): a new data key (`rekey`). `None` for any other form.
    pub(super) fn rekey_data_value<R: Record>(
        &self,
        to: &Codec,
        id: u64,
        bytes: &[u8],
    ) -> Result<Option<Vec<u8>>, StoreError> {
        if !sealed_under_data_key(bytes) {
            return Ok(None);
        }
        let aad = record_aad::<R>(id, bytes[0] & LAYOUT);
        let damaged = || StoreError::Damaged {
            detail: format!("{} {id}: the sealed value does not open here", R::NAME),
        };
        self.reseal_under(to, &bytes[1..], &aad, damaged)
            .map(|body| Some([&bytes[..1], &body].concat()))
    }

    /// A draft sealed under the data key, sealed again under `to`'s (`rekey`); `None` for
    /// any other form (a person's own, the mailbox's, plain).
    pub(super) fn rekey_data_draft(
        &self,
        to: &Codec,
        key: &str,
        bytes: &[u8],
    ) -> Result<Option<Vec<u8>>, StoreError> {
        if bytes.first() != Some(&(DRAFT_VERSION | SEALED)) {
            return Ok(None);
        }
        let damaged = || StoreError::Damaged {
            detail: format!("draft {key}: does not open here"),
        };
        self.reseal_under(to, &bytes[1..], &draft_aad(key), damaged)
            .map(|body| Some([&bytes[..1], &body].concat()))
    }

    fn reseal_under(
        &self,
        to: &Codec,
        sealed: &[u8],
        aad: &[u8],
        damaged: impl Fn() -> StoreError,
    ) -> Result<Vec<u8>, StoreError> {
        let (Some(from), Some(to)) = (self.keys(), to.keys()) else {
            return Err(StoreError::Locked);
        };
        let plain = zeroize::Zeroizing::new(from.open(sealed, aad).map_err(|_| damaged())?);
        Ok(to.seal(&plain, aad))
    }

    /// Personal text in an index key (`domain` names the index): a keyed hash when the store
    /// is encrypted, the text itself otherwise.
    pub(super) fn blind<'t>(
        &self,
        domain: &str,
        text: &'t str,
    ) -> Result<std::borrow::Cow<'t, str>, StoreError> {
        match &self.state {
            State::Plain => Ok(std::borrow::Cow::Borrowed(text)),
            State::Locked => Err(StoreError::Locked),
            State::Open(keys) => Ok(std::borrow::Cow::Owned(keys.blind(domain, text))),
        }
    }

    /// Whether index keys hold keyed hashes (and so reveal no birth days either).
    pub(super) fn blinds(&self) -> bool {
        self.encrypted()
    }
}

/// What a sealed record is bound to: its table, its id and its layout version.
fn record_aad<R: Record>(id: u64, version: u8) -> Vec<u8> {
    let mut aad = Vec::with_capacity(R::NAME.len() + 10);
    aad.extend_from_slice(R::NAME.as_bytes());
    aad.push(0);
    aad.extend_from_slice(&id.to_le_bytes());
    aad.push(version);
    aad
}

fn draft_aad(key: &str) -> Vec<u8> {
    let mut aad = b"drafts\0".to_vec();
    aad.extend_from_slice(key.as_bytes());
    aad.push(DRAFT_VERSION);
    aad
}

fn decode_body<R: Record>(body: &[u8]) -> Result<R, StoreError> {
    postcard::from_bytes(body).map_err(|e| StoreError::Damaged {
        detail: format!("{} record: {e}", R::NAME),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Counselor, CounselorId, Role};

    fn sample() -> Counselor {
        Counselor {
            id: CounselorId(7),
            name: "李老师".into(),
            role: Role::Counselor,
            classes: vec!["八年级(3)班".into()],
            passphrase_hash: None,
            created: chrono::NaiveDate::from_ymd_opt(2026, 9, 1)
                .unwrap()
                .and_hms_opt(8, 0, 0)
                .unwrap(),
            active: true,
        }
    }

    #[test]
    fn round_trips_and_carries_its_version() {
        let codec = Codec::plain();
        let bytes = codec.encode(&sample()).unwrap();
        assert_eq!(bytes[0], Counselor::VERSION);
        assert_eq!(codec.decode::<Counselor>(7, &bytes).unwrap(), sample());
    }

    /// Postcard cannot read serde's internally or adjacently tagged enums back (it needs
    /// `deserialize_any`/`deserialize_identifier`), so every record type with an enum inside
    /// is decoded here once.
    #[test]
    fn records_with_enums_decode() {
        use crate::model::*;
        let day = chrono::NaiveDate::from_ymd_opt(2014, 3, 9).unwrap();
        let mut child = Child::new(ChildId(1), "张小雨".into(), Gender::Female, day);
        for status in [
            ChildStatus::Active,
            ChildStatus::Left {
                date: day,
                reason: LeaveReason::Moved,
                note: "转学".into(),
            },
        ] {
            child.status = status;
            let bytes = Codec::plain().encode(&child).unwrap();
            assert_eq!(Codec::plain().decode::<Child>(1, &bytes).unwrap(), child);
        }
        for target in [RecordRef::Store, RecordRef::Letter(4), RecordRef::Child(3)] {
            let event = AuditEvent {
                id: AuditId(2),
                at: sample().created,
                actor: Actor::CommandLine("root".into()),
                action: AuditAction::View,
                target,
                detail: String::new(),
            };
            let bytes = Codec::plain().encode(&event).unwrap();
            assert_eq!(
                Codec::plain().decode::<AuditEvent>(2, &bytes).unwrap(),
                event
            );
        }
    }

    /// An incident written before the kind "other" (layout 1) still reads, plain or sealed,
    /// with no description; it is written in today's layout.
    #[test]
    fn an_incident_of_the_first_layout_still_reads() {
        use crate::model::*;
        use crate::store::older::{IncidentV1, RevisionV1};
        let at = sample().created;
        let v1 = IncidentV1 {
            id: IncidentId(9),
            child: Some(ChildId(3)),
            kind: IncidentKind::Injury,
            found: "手臂有淤青".into(),
            found_at: at,
            reported_by: CounselorId(7),
            reported_to: "派出所".into(),
            reported_at: Some(at),
            receipt: "A-1".into(),
            events: vec![],
            revisions: vec![RevisionV1 {
                replaced_at: at,
                replaced_by: CounselorId(7),
                kind: IncidentKind::Abuse,
                found: "先前".into(),
                reported_to: String::new(),
                receipt: String::new(),
            }],
            closed: None,
        };
        let body = postcard::to_allocvec(&v1).unwrap();
        let mut plain = vec![1];
        plain.extend_from_slice(&body);
        let read = Codec::plain().decode::<Incident>(9, &plain).unwrap();
        assert_eq!((read.kind, read.other.as_str()), (IncidentKind::Injury, ""));
        assert_eq!(read.revisions[0].kind, IncidentKind::Abuse);
        assert_eq!(read.receipt, "A-1");

        let keys = Arc::new(crate::store::crypto::DataKey::generate().keys());
        let mut sealed = vec![1 | SEALED];
        sealed.extend(keys.seal(&body, &record_aad::<Incident>(9, 1)));
        let codec = Codec::open(keys);
        assert_eq!(codec.decode::<Incident>(9, &sealed).unwrap(), read);
        assert_eq!(codec.encode(&read).unwrap()[0], Incident::VERSION | SEALED);
        assert_eq!(Incident::VERSION, 2);
        // A layout the program never wrote is still refused.
        plain[0] = 3;
        assert!(Codec::plain().decode::<Incident>(9, &plain).is_err());
    }

    /// A letter written before the closing of attention (layout 1, schema 5) still reads,
    /// plain or sealed (bound to the layout it was sealed under), with nothing closed and no
    /// incident linked; a sealed store cannot have it rewritten before an unlock.
    #[test]
    fn a_letter_of_the_first_layout_still_reads() {
        use crate::model::*;
        use crate::store::older::LetterV1;
        let v1 = LetterV1 {
            id: LetterId(9),
            number: LetterNumber {
                year: 2026,
                week: 40,
                seq: 1,
            },
            received: chrono::NaiveDate::from_ymd_opt(2026, 10, 2).unwrap(),
            pseudonym: Some("小草".into()),
            text: "爸爸喝了酒就打我".into(),
            status: LetterStatus::Replied,
            needs_attention: true,
            attention_reason: "危险词：打我".into(),
            reply: "老师在。".into(),
            replied_by: None,
            replied_at: None,
            printed: true,
        };
        let body = postcard::to_allocvec(&v1).unwrap();
        let mut plain = vec![1];
        plain.extend_from_slice(&body);
        let read = Codec::plain().decode::<Letter>(9, &plain).unwrap();
        assert!(read.needs_attention && read.printed);
        assert_eq!((&read.attention_closed, read.incident), (&None, None));

        let keys = Arc::new(crate::store::crypto::DataKey::generate().keys());
        let mut sealed = vec![1 | SEALED];
        sealed.extend(keys.seal(&body, &record_aad::<Letter>(9, 1)));
        let codec = Codec::open(keys);
        assert_eq!(codec.decode::<Letter>(9, &sealed).unwrap(), read);
        assert!(
            codec.decode::<Letter>(10, &sealed).is_err(),
            "bound to its record"
        );
        assert_eq!(codec.encode(&read).unwrap()[0], Letter::VERSION | SEALED);
        assert_eq!(Letter::VERSION, 2);
    }

    /// A child written before the definition's fields (layout 1, schema 7) still reads, plain
    /// or sealed, as not recorded and at school, and so does an earlier version holding one;
    /// both are written in today's layout.
    #[test]
    fn a_child_of_the_first_layout_still_reads() {
        use crate::model::*;
        use crate::store::older::{ChildRevisionV1, ChildV1};
        let v1 = || ChildV1 {
            id: ChildId(3),
            student_id: Some("S3".into()),
            name: "王小红".into(),
            gender: Gender::Female,
            birth_date: chrono::NaiveDate::from_ymd_opt(2014, 2, 28).unwrap(),
            class: "五年级(1)班".into(),
            village: "青石村".into(),
            left_behind_type: "父亲外出".into(),
            father: Parent::default(),
            mother: Parent::default(),
            guardian: Guardian::default(),
            personality: String::new(),
            hobbies: String::new(),
            medical_history: String::new(),
            boarding: Some(false),
            flags: [Flag::Hardship].into_iter().collect(),
            concerns: Default::default(),
            study: vec![],
            remarks: "备注".into(),
            status: ChildStatus::Left {
                date: chrono::NaiveDate::from_ymd_opt(2026, 9, 1).unwrap(),
                reason: LeaveReason::Moved,
                note: String::new(),
            },
        };
        let body = postcard::to_allocvec(&v1()).unwrap();
        let mut plain = vec![1];
        plain.extend_from_slice(&body);
        let read = Codec::plain().decode::<Child>(3, &plain).unwrap();
        assert_eq!(read.name, "王小红");
        assert_eq!(read.remarks, "备注");
        assert_eq!(read.guardian_capacity, None);
        assert_eq!(read.entrustment, Entrustment::default());
        assert_eq!(read.enrolment, Enrolment::AtSchool);

        let keys = Arc::new(crate::store::crypto::DataKey::generate().keys());
        let mut sealed = vec![1 | SEALED];
        sealed.extend(keys.seal(&body, &record_aad::<Child>(3, 1)));
        let codec = Codec::open(keys);
        assert_eq!(codec.decode::<Child>(3, &sealed).unwrap(), read);
        assert_eq!(codec.encode(&read).unwrap()[0], Child::VERSION | SEALED);
        assert_eq!(Child::VERSION, 2);

        let revision = ChildRevisionV1 {
            id: ChildRevisionId(5),
            child: ChildId(3),
            replaced_at: sample().created,
            replaced_by: Actor::CommandLine("root".into()),
            before: v1(),
        };
        let mut plain = vec![1];
        plain.extend(postcard::to_allocvec(&revision).unwrap());
        let old = Codec::plain().decode::<ChildRevision>(5, &plain).unwrap();
        assert_eq!(old.before, read);
        assert_eq!(ChildRevision::VERSION, 2);
    }

    #[test]
    fn refuses_an_unknown_version_instead_of_misreading_it() {
        let codec = Codec::plain();
        let mut bytes = codec.encode(&sample()).unwrap();
        bytes[0] = Counselor::VERSION + 1;
        assert!(matches!(
            codec.decode::<Counselor>(7, &bytes),
            Err(StoreError::Damaged { .. })
        ));
        assert!(codec.decode::<Counselor>(7, &[]).is_err());
        assert!(codec.open_draft("note:1", &[9, 1]).is_err());
    }
}
