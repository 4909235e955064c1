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
