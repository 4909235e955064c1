//! Records as earlier layouts wrote them, read into today's shape (`Record::older`). A sealed
//! record cannot be rewritten before someone unlocks, so an old value stays as it was until its
//! next change; these readers are kept as long as such values may exist.

use crate::model::*;
use serde::Deserialize;

/// An incident of layout 1: before the kind "other" and its description.
#[derive(Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
pub(super) struct IncidentV1 {
    pub(super) id: IncidentId,
    pub(super) child: Option<ChildId>,
    pub(super) kind: IncidentKind,
    pub(super) found: String,
    pub(super) found_at: Timestamp,
    pub(super) reported_by: CounselorId,
    pub(super) reported_to: String,
    pub(super) reported_at: Option<Timestamp>,
    pub(super) receipt: String,
    pub(super) events: Vec<IncidentEvent>,
    pub(super) revisions: Vec<RevisionV1>,
    pub(super) closed: Option<Closure>,
}

#[derive(Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
pub(super) struct RevisionV1 {
    pub(super) replaced_at: Timestamp,
    pub(super) replaced_by: CounselorId,
    pub(super) kind: IncidentKind,
    pub(super) found: String,
    pub(super) reported_to: String,
    pub(super) receipt: String,
}

pub(super) fn incident(version: u8, body: &[u8]) -> Option<Result<Incident, String>> {
    (version == 1).then(|| {
        let v1: IncidentV1 = postcard::from_bytes(body).map_err(|e| e.to_string())?;
        Ok(Incident {
            id: v1.id,
            child: v1.child,
            kind: v1.kind,
            other: String::new(),
            found: v1.found,
            found_at: v1.found_at,
            reported_by: v1.reported_by,
            reported_to: v1.reported_to,
            reported_at: v1.reported_at,
            receipt: v1.receipt,
            events: v1.events,
            revisions: v1
                .revisions
                .into_iter()
                .map(|r| IncidentRevision {
                    replaced_at: r.replaced_at,
                    replaced_by: r.replaced_by,
                    kind: r.kind,
                    other: String::new(),
                    found: r.found,
                    reported_to: r.reported_to,
                    receipt: r.receipt,
                })
                .collect(),
            closed: v1.closed,
        })
    })
}

/// A letter of layout 1: before the closing of its attention and the incident it raised
/// (schema 6).
#[derive(Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
pub(super) struct LetterV1 {
    pub(super) id: LetterId,
    pub(super) number: LetterNumber,
    pub(super) received: chrono::NaiveDate,
    pub(super) pseudonym: Option<String>,
    pub(super) text: String,
    pub(super) status: LetterStatus,
    pub(super) needs_attention: bool,
    pub(super) attention_reason: String,
    pub(super) reply: String,
    pub(super) replied_by: Option<CounselorId>,
    pub(super) replied_at: Option<Timestamp>,
    pub(super) printed: bool,
}

pub(super) fn letter(version: u8, body: &[u8]) -> Option<Result<Letter, String>> {
    (version == 1).then(|| {
        let v1: LetterV1 = postcard::from_bytes(body).map_err(|e| e.to_string())?;
        Ok(Letter {
            id: v1.id,
            number: v1.number,
            received: v1.received,
            pseudonym: v1.pseudonym,
            text: v1.text,
            status: v1.status,
            needs_attention: v1.needs_attention,
            attention_reason: v1.attention_reason,
            reply: v1.reply,
            replied_by: v1.replied_by,
            replied_at: v1.replied_at,
            printed: v1.printed,
            attention_closed: None,
            incident: None,
        })
    })
}
