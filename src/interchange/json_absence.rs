//! The absence cases (控辍保学) in the full JSON export: the `absences` list, one object a case
//! with its attempts, the printing of its written report, the mandatory reports raised from
//! it and its closing. Exports made before cases existed lack the list; import reads it as
//! empty. Kept beside `json.rs`, which re-exports it, for that file's length.

use crate::model::*;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AttemptJson {
    pub on: NaiveDate,
    pub went: String,
    /// `call`, `home_visit`, `with_village` or `not_recorded`.
    pub way: String,
    pub met: String,
    pub result: String,
    pub failed: bool,
    pub logged_by: u64,
    pub logged_at: Timestamp,
}

/// How a case closed: `returned`, `transferred` or `reported_ineffective`, when, by whom,
/// and the note.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AbsenceClosureJson {
    pub at: Timestamp,
    pub by: u64,
    pub outcome: String,
    pub note: String,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AbsenceJson {
    pub id: u64,
    pub child: u64,
    /// `truancy` or `dropped_out`.
    pub kind: String,
    pub first_day: NaiveDate,
    pub note: String,
    pub registered_by: u64,
    pub registered_at: Timestamp,
    pub attempts: Vec<AttemptJson>,
    pub report_printed: Option<Timestamp>,
    pub incidents: Vec<u64>,
    pub from_incident: Option<u64>,
    pub closed: Option<AbsenceClosureJson>,
}

impl From<&AbsenceCase> for AbsenceJson {
    fn from(a: &AbsenceCase) -> Self {
        AbsenceJson {
            id: a.id.0,
            child: a.child.0,
            kind: a.kind.code().to_string(),
            first_day: a.first_day,
            note: a.note.clone(),
            registered_by: a.registered_by.0,
            registered_at: a.registered_at,
            attempts: a
                .attempts
                .iter()
                .map(|t| AttemptJson {
                    on: t.on,
                    went: t.went.clone(),
                    way: t.way.code().to_string(),
                    met: t.met.clone(),
                    result: t.result.clone(),
                    failed: t.failed,
                    logged_by: t.logged_by.0,
                    logged_at: t.logged_at,
                })
                .collect(),
            report_printed: a.report_printed,
            incidents: a.incidents.iter().map(|i| i.0).collect(),
            from_incident: a.from_incident.map(|i| i.0),
            closed: a.closed.as_ref().map(|c| AbsenceClosureJson {
                at: c.at,
                by: c.by.0,
                outcome: c.outcome.code().to_string(),
                note: c.note.clone(),
            }),
        }
    }
}
