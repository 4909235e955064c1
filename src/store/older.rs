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

/// A child of layout 1: before the definition's fields (the parent at home's capacity, the
/// entrustment) and the enrolment state (schema 8).
#[derive(Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
pub(super) struct ChildV1 {
    pub(super) id: ChildId,
    pub(super) student_id: Option<String>,
    pub(super) name: String,
    pub(super) gender: Gender,
    pub(super) birth_date: chrono::NaiveDate,
    pub(super) class: String,
    pub(super) village: String,
    pub(super) left_behind_type: String,
    pub(super) father: Parent,
    pub(super) mother: Parent,
    pub(super) guardian: Guardian,
    pub(super) personality: String,
    pub(super) hobbies: String,
    pub(super) medical_history: String,
    pub(super) boarding: Option<bool>,
    pub(super) flags: std::collections::BTreeSet<Flag>,
    pub(super) concerns: std::collections::BTreeSet<Concern>,
    pub(super) study: Vec<StudyNote>,
    pub(super) remarks: String,
    pub(super) status: ChildStatus,
}

impl From<ChildV1> for Child {
    fn from(v1: ChildV1) -> Child {
        Child {
            id: v1.id,
            student_id: v1.student_id,
            name: v1.name,
            gender: v1.gender,
            birth_date: v1.birth_date,
            class: v1.class,
            village: v1.village,
            left_behind_type: v1.left_behind_type,
            father: v1.father,
            mother: v1.mother,
            guardian: v1.guardian,
            personality: v1.personality,
            hobbies: v1.hobbies,
            medical_history: v1.medical_history,
            boarding: v1.boarding,
            flags: v1.flags,
            concerns: v1.concerns,
            study: v1.study,
            remarks: v1.remarks,
            status: v1.status,
            guardian_capacity: None,
            entrustment: Entrustment::default(),
            enrolment: Enrolment::AtSchool,
        }
    }
}

pub(super) fn child(version: u8, body: &[u8]) -> Option<Result<Child, String>> {
    (version == 1).then(|| {
        postcard::from_bytes::<ChildV1>(body)
            .map(Child::from)
            .map_err(|e| e.to_string())
    })
}

/// A child's earlier version of layout 1: the child inside is of layout 1.
#[derive(Deserialize)]
#[cfg_attr(test, derive(serde::Serialize))]
pub(super) struct ChildRevisionV1 {
    pub(super) id: ChildRevisionId,
    pub(super) child: ChildId,
    pub(super) replaced_at: Timestamp,
    pub(super) replaced_by: Actor,
    pub(super) before: ChildV1,
}

pub(super) fn child_revision(version: u8, body: &[u8]) -> Option<Result<ChildRevision, String>> {
    (version == 1).then(|| {
        let v1: ChildRevisionV1 = postcard::from_bytes(body).map_err(|e| e.to_string())?;
        Ok(ChildRevision {
            id: v1.id,
            child: v1.child,
            replaced_at: v1.replaced_at,
            replaced_by: v1.replaced_by,
            before: v1.before.into(),
        })
    })
}
