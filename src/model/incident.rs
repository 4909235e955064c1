//! Mandatory reports (强制报告) and registered absences. An incident is never deleted: it is
//! corrected with history, gains events, and is closed only with a reason.

use super::{ChildId, CounselorId, IncidentId, Timestamp};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum IncidentKind {
    LivingAlone,
    Missing,
    GuardianUnable,
    DomesticViolence,
    Abuse,
    Injury,
    /// 无故旷课: registered, with bring-back (劝返) attempts as events.
    UnexplainedAbsence,
    /// 辍学
    DroppedOut,
    /// Danger read in an anonymous letter: no child is named.
    LetterDanger,
}

impl IncidentKind {
    pub const ALL: [IncidentKind; 9] = [
        IncidentKind::LivingAlone,
        IncidentKind::Missing,
        IncidentKind::GuardianUnable,
        IncidentKind::DomesticViolence,
        IncidentKind::Abuse,
        IncidentKind::Injury,
        IncidentKind::UnexplainedAbsence,
        IncidentKind::DroppedOut,
        IncidentKind::LetterDanger,
    ];

    pub fn code(self) -> &'static str {
        match self {
            IncidentKind::LivingAlone => "living_alone",
            IncidentKind::Missing => "missing",
            IncidentKind::GuardianUnable => "guardian_unable",
            IncidentKind::DomesticViolence => "domestic_violence",
            IncidentKind::Abuse => "abuse",
            IncidentKind::Injury => "injury",
            IncidentKind::UnexplainedAbsence => "unexplained_absence",
            IncidentKind::DroppedOut => "dropped_out",
            IncidentKind::LetterDanger => "letter_danger",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            IncidentKind::LivingAlone => "独自居住无人监护",
            IncidentKind::Missing => "失踪",
            IncidentKind::GuardianUnable => "监护人无力监护",
            IncidentKind::DomesticViolence => "家庭暴力",
            IncidentKind::Abuse => "虐待",
            IncidentKind::Injury => "受伤",
            IncidentKind::UnexplainedAbsence => "无故旷课",
            IncidentKind::DroppedOut => "辍学",
            IncidentKind::LetterDanger => "信件中的危险信号",
        }
    }

    pub fn parse(s: &str) -> Option<IncidentKind> {
        let s = s.trim();
        IncidentKind::ALL
            .into_iter()
            .find(|k| k.code().eq_ignore_ascii_case(s) || k.label_zh() == s)
    }
}

/// Something that followed: a call from the police, a bring-back (劝返) attempt, a visit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentEvent {
    pub at: Timestamp,
    pub by: CounselorId,
    pub text: String,
}

/// The incident's fields before a correction.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncidentRevision {
    pub replaced_at: Timestamp,
    pub replaced_by: CounselorId,
    pub kind: IncidentKind,
    pub found: String,
    pub reported_to: String,
    pub receipt: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Closure {
    pub at: Timestamp,
    pub by: CounselorId,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Incident {
    pub id: IncidentId,
    /// `None` for danger read in an anonymous letter.
    pub child: Option<ChildId>,
    pub kind: IncidentKind,
    /// What was found, in the reporter's words.
    pub found: String,
    pub found_at: Timestamp,
    pub reported_by: CounselorId,
    /// The office it was reported to (派出所, 民政部门...).
    pub reported_to: String,
    pub reported_at: Option<Timestamp>,
    /// Receipt or case number.
    pub receipt: String,
    pub events: Vec<IncidentEvent>,
    pub revisions: Vec<IncidentRevision>,
    pub closed: Option<Closure>,
}

impl Incident {
    pub fn is_open(&self) -> bool {
        self.closed.is_none()
    }
}
