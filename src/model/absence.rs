//! An absence case (控辍保学): a child who stays away from school (旷课) or has dropped out
//! (辍学). The plan: "落实辍学学生登记、劝返复学和书面报告制度；对劝返无效的，应书面报告区教育局
//! 和相关镇(街道)". It is registered, each attempt to bring the child back (劝返) is logged, and
//! it closes only with an outcome. It is not a police report: a real danger found on the way is
//! raised as a mandatory report (`Incident`) from the case.

use super::child::coded_enum;
use super::{ChildId, CounselorId, Enrolment, IncidentId, Timestamp};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

coded_enum!(
    /// What the child does: stays away (旷课) or has left school (辍学).
    AbsenceKind {
        Truancy = "truancy", "旷课";
        DroppedOut = "dropped_out", "辍学";
    }
);

coded_enum!(
    /// How an attempt to bring the child back was made.
    AttemptWay {
        Call = "call", "电话";
        HomeVisit = "home_visit", "家访";
        // With the village (community) committee: 会同村（居）委会.
        WithVillage = "with_village", "会同村委会";
        // An attempt of an earlier version, logged as free text: how is not known.
        NotRecorded = "not_recorded", "未注明";
    }
);

coded_enum!(
    /// How a case ends: back at school, moved to another school, or brought back in vain and
    /// reported in writing to the education bureau and the township.
    AbsenceOutcome {
        Returned = "returned", "复学";
        Transferred = "transferred", "转学";
        ReportedIneffective = "reported_ineffective", "劝返无效已书面报告";
    }
);

impl AbsenceKind {
    /// The child's enrolment state (就学状态) while the case is open.
    pub fn enrolment(self) -> Enrolment {
        match self {
            AbsenceKind::Truancy => Enrolment::Truant,
            AbsenceKind::DroppedOut => Enrolment::DroppedOut,
        }
    }
}

impl AbsenceOutcome {
    /// The enrolment state a case leaves: at school again (here or at another school), or
    /// still away when the bring-back failed and was reported.
    pub fn enrolment(self, kind: AbsenceKind) -> Enrolment {
        match self {
            AbsenceOutcome::Returned | AbsenceOutcome::Transferred => Enrolment::AtSchool,
            AbsenceOutcome::ReportedIneffective => kind.enrolment(),
        }
    }
}

/// One attempt to bring the child back (劝返).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Attempt {
    pub on: NaiveDate,
    /// Who went (names as the school writes them: 班主任王老师、村主任).
    pub went: String,
    pub way: AttemptWay,
    /// Whom they met (爷爷, 孩子本人…).
    pub met: String,
    /// What came of it, in the words of who went.
    pub result: String,
    /// Whether the child is still away after it: what counts towards the written report.
    pub failed: bool,
    pub logged_by: CounselorId,
    pub logged_at: Timestamp,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AbsenceClosure {
    pub at: Timestamp,
    pub by: CounselorId,
    pub outcome: AbsenceOutcome,
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AbsenceCase {
    pub id: super::AbsenceId,
    pub child: ChildId,
    pub kind: AbsenceKind,
    /// The first day the child was away.
    pub first_day: NaiveDate,
    /// What is known (the reason given, who said it).
    pub note: String,
    pub registered_by: CounselorId,
    pub registered_at: Timestamp,
    pub attempts: Vec<Attempt>,
    /// When the written report (书面报告) was printed, the last time.
    pub report_printed: Option<Timestamp>,
    /// Mandatory reports raised from the case (a real danger found on the way).
    pub incidents: Vec<IncidentId>,
    /// Set when the case came from an incident of the kinds 无故旷课 / 辍学 of an earlier
    /// version, which it replaces.
    pub from_incident: Option<IncidentId>,
    pub closed: Option<AbsenceClosure>,
}

impl AbsenceCase {
    pub fn is_open(&self) -> bool {
        self.closed.is_none()
    }

    pub fn failed_attempts(&self) -> usize {
        self.attempts.iter().filter(|a| a.failed).count()
    }

    /// Whether the written report is asked for: the case is open and `after` attempts failed.
    pub fn needs_written_report(&self, after: u32) -> bool {
        self.is_open() && self.failed_attempts() >= after.max(1) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(d: u32) -> Timestamp {
        NaiveDate::from_ymd_opt(2026, 11, d)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap()
    }

    fn attempt(d: u32, failed: bool) -> Attempt {
        Attempt {
            on: at(d).date(),
            went: "班主任".into(),
            way: AttemptWay::HomeVisit,
            met: "爷爷".into(),
            result: "孩子不肯来".into(),
            failed,
            logged_by: CounselorId(1),
            logged_at: at(d),
        }
    }

    #[test]
    fn the_written_report_is_asked_after_enough_failed_attempts_while_open() {
        let mut case = AbsenceCase {
            id: super::super::AbsenceId(9),
            child: ChildId(2),
            kind: AbsenceKind::DroppedOut,
            first_day: at(2).date(),
            note: String::new(),
            registered_by: CounselorId(1),
            registered_at: at(3),
            attempts: vec![attempt(4, true), attempt(5, false), attempt(6, true)],
            report_printed: None,
            incidents: vec![],
            from_incident: None,
            closed: None,
        };
        assert!(!case.needs_written_report(3));
        case.attempts.push(attempt(9, true));
        assert!(case.needs_written_report(3));
        case.closed = Some(AbsenceClosure {
            at: at(20),
            by: CounselorId(1),
            outcome: AbsenceOutcome::Returned,
            note: String::new(),
        });
        assert!(!case.needs_written_report(3));
        assert_eq!(AbsenceKind::parse("辍学"), Some(AbsenceKind::DroppedOut));
        assert_eq!(
            AttemptWay::parse("with_village"),
            Some(AttemptWay::WithVillage)
        );
    }
}
