//! The one place where records become bytes and back. Every value in every table, drafts
//! included, passes through the store's `Codec`, so encryption at rest is added here alone:
//! the codec is a value the store holds, where a key can live, and every call names the
//! table and the record it seals, which an AEAD will bind as associated data.
//!
//! Layout: one byte of record-layout version, then the postcard body. Postcard is compact but
//! not self-describing, so a record that gains a field changes its version and the schema
//! migration rewrites the old records; a value of an unknown version is refused, never misread.

use super::StoreError;
use serde::Serialize;
use serde::de::DeserializeOwned;

/// A record type kept in its own table, keyed by its id.
pub trait Record: Serialize + DeserializeOwned {
    /// Table name, also used in error messages.
    const NAME: &'static str;
    /// Bumped whenever the serialised layout changes.
    const VERSION: u8;
    fn key(&self) -> u64;
}

/// Turns records into stored bytes and back. Today it frames and serialises; it is the
/// value that will hold the data key.
#[derive(Clone, Debug, Default)]
pub struct Codec {}

/// The layout version of a draft's bytes.
const DRAFT_VERSION: u8 = 1;

impl Codec {
    pub fn plain() -> Codec {
        Codec {}
    }

    pub fn encode<R: Record>(&self, record: &R) -> Result<Vec<u8>, StoreError> {
        let out = vec![R::VERSION];
        postcard::to_extend(record, out)
            .map_err(|e| StoreError::Internal(format!("encode {}: {e}", R::NAME)))
    }

    /// `id` is the key the bytes were stored under (to be checked once values are sealed).
    pub fn decode<R: Record>(&self, _id: u64, bytes: &[u8]) -> Result<R, StoreError> {
        decode_body(bytes)
    }

    /// A draft (an editor's unsaved text) as stored under `key`.
    pub fn seal_draft(&self, _key: &str, text: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(text.len() + 1);
        out.push(DRAFT_VERSION);
        out.extend_from_slice(text);
        out
    }

    pub fn open_draft(&self, key: &str, bytes: &[u8]) -> Result<Vec<u8>, StoreError> {
        match bytes.split_first() {
            Some((&DRAFT_VERSION, body)) => Ok(body.to_vec()),
            _ => Err(StoreError::Damaged {
                detail: format!("draft {key}: unknown layout"),
            }),
        }
    }
}

fn decode_body<R: Record>(bytes: &[u8]) -> Result<R, StoreError> {
    match bytes.split_first() {
        Some((&v, body)) if v == R::VERSION => {
            postcard::from_bytes(body).map_err(|e| StoreError::Damaged {
                detail: format!("{} record: {e}", R::NAME),
            })
        }
        Some((&v, _)) => Err(StoreError::Damaged {
            detail: format!("{} record of layout {v}, expected {}", R::NAME, R::VERSION),
        }),
        None => Err(StoreError::Damaged {
            detail: format!("empty {} record", R::NAME),
        }),
    }
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
