//! Mandatory reports (强制报告) and registered absences. An incident is never deleted: it is
//! corrected with history, gains events, and is closed only with a reason.

use super::{ChildId, CounselorId, IncidentId, IncidentRefusal, Refusal, Timestamp};
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
    /// 无故旷课, as earlier versions filed it. An absence is an absence case now
    /// (`AbsenceCase`, 控辍保学), never a mandatory report: the kind stays to read what they
    /// stored, and no new report takes it.
    UnexplainedAbsence,
    /// 辍学, as earlier versions filed it (see `UnexplainedAbsence`).
    DroppedOut,
    /// Danger read in an anonymous letter: no child is named.
    LetterDanger,
    // Postcard stores a variant by its position: new kinds go at the end, never between.
    /// 性侵害
    SexualAbuse,
    /// 自伤/自杀风险
    SelfHarm,
    /// 其他: what it is is said in `Incident::other`, which is then required.
    Other,
    /// 不履行监护责任: a guardian who can care but will not (the plan names it apart from
    /// one who cannot).
    GuardianNeglect,
    /// 胁迫、诱骗、利用乞讨: a child made to beg.
    Begging,
}

impl IncidentKind {
    pub const ALL: [IncidentKind; 14] = [
        IncidentKind::LivingAlone,
        IncidentKind::Missing,
        IncidentKind::GuardianUnable,
        IncidentKind::DomesticViolence,
        IncidentKind::Abuse,
        IncidentKind::Injury,
        IncidentKind::UnexplainedAbsence,
        IncidentKind::DroppedOut,
        IncidentKind::LetterDanger,
        IncidentKind::SexualAbuse,
        IncidentKind::SelfHarm,
        IncidentKind::Other,
        IncidentKind::GuardianNeglect,
        IncidentKind::Begging,
    ];

    /// A kind of earlier versions for an absence (无故旷课, 辍学): only stored reports have it.
    pub fn is_absence(self) -> bool {
        matches!(
            self,
            IncidentKind::UnexplainedAbsence | IncidentKind::DroppedOut
        )
    }

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
            IncidentKind::SexualAbuse => "sexual_abuse",
            IncidentKind::SelfHarm => "self_harm",
            IncidentKind::Other => "other",
            IncidentKind::GuardianNeglect => "guardian_neglect",
            IncidentKind::Begging => "begging",
        }
    }

    /// The plan's own words (学校…发现…应当在第一时间向公安机关报告), 疑似 kept: a teacher
    /// reports on suspicion.
    pub fn label_zh(self) -> &'static str {
        match self {
            IncidentKind::LivingAlone => "脱离监护单独居住生活",
            IncidentKind::Missing => "失踪",
            IncidentKind::GuardianUnable => "监护人丧失监护能力",
            IncidentKind::DomesticViolence => "疑似遭受家庭暴力",
            IncidentKind::Abuse => "虐待",
            IncidentKind::Injury => "疑似遭受意外伤害或不法侵害",
            IncidentKind::UnexplainedAbsence => "无故旷课",
            IncidentKind::DroppedOut => "辍学",
            IncidentKind::LetterDanger => "信件中的危险信号",
            IncidentKind::SexualAbuse => "性侵害",
            IncidentKind::SelfHarm => "自伤/自杀风险",
            IncidentKind::Other => "其他",
            IncidentKind::GuardianNeglect => "不履行监护责任",
            IncidentKind::Begging => "胁迫、诱骗、利用乞讨",
        }
    }

    /// The words earlier versions wrote for a kind (a typed import, an audit detail of then).
    fn former_label_zh(self) -> Option<&'static str> {
        match self {
            IncidentKind::LivingAlone => Some("独自居住无人监护"),
            IncidentKind::GuardianUnable => Some("监护人无力监护"),
            IncidentKind::DomesticViolence => Some("家庭暴力"),
            IncidentKind::Injury => Some("受伤"),
            _ => None,
        }
    }

    pub fn parse(s: &str) -> Option<IncidentKind> {
        let s = s.trim();
        IncidentKind::ALL.into_iter().find(|k| {
            k.code().eq_ignore_ascii_case(s) || k.label_zh() == s || k.former_label_zh() == Some(s)
        })
    }
}

/// The one rule of a report's kind, for the form, the store and every import alike: "other"
/// (其他) says what it is (a short line), and no other kind carries such a line.
pub fn check_kind(kind: IncidentKind, other: &str) -> Result<(), Refusal> {
    let other = other.trim();
    match kind {
        IncidentKind::Other if other.is_empty() => {
            Err(Refusal::Incident(IncidentRefusal::NeedsOther))
        }
        IncidentKind::Other => super::limits::check_field(
            super::limits::FieldKind::Short,
            "care.incident.other_kind",
            other,
        )
        .map_err(Refusal::Field),
        _ if !other.is_empty() => Err(Refusal::Incident(IncidentRefusal::OtherOnlyForOther)),
        _ => Ok(()),
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
    /// What "other" meant then (empty for the other kinds).
    pub other: String,
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
    /// For the kind "other" (其他), what it is (e.g. 校园欺凌); empty for every other kind.
    pub other: String,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, set_lang};
    use crate::labels;

    #[test]
    fn other_says_what_it_is_and_only_other_does() {
        use super::super::limits::{FieldError, FieldName, Problem};
        assert_eq!(
            check_kind(IncidentKind::Other, "  "),
            Err(Refusal::Incident(IncidentRefusal::NeedsOther))
        );
        assert_eq!(check_kind(IncidentKind::Other, "校园欺凌"), Ok(()));
        assert_eq!(
            check_kind(IncidentKind::Other, &"长".repeat(51)),
            Err(Refusal::Field(FieldError {
                field: FieldName::Key("care.incident.other_kind"),
                problem: Problem::TooLong {
                    length: 51,
                    max: 50
                }
            }))
        );
        assert!(check_kind(IncidentKind::Other, "欺凌\u{1b}[31m").is_err());
        assert_eq!(check_kind(IncidentKind::SelfHarm, ""), Ok(()));
        assert_eq!(
            check_kind(IncidentKind::Abuse, "校园欺凌"),
            Err(Refusal::Incident(IncidentRefusal::OtherOnlyForOther))
        );
    }

    /// The plan's words, 疑似 kept; the words of earlier versions still read as the same kind.
    #[test]
    fn the_plans_categories_in_its_words() {
        set_lang(Lang::Zh);
        assert_eq!(
            labels::incident_kind(IncidentKind::DomesticViolence),
            "疑似遭受家庭暴力"
        );
        assert_eq!(
            labels::incident_kind(IncidentKind::Injury),
            "疑似遭受意外伤害或不法侵害"
        );
        assert_eq!(
            labels::incident_kind(IncidentKind::GuardianNeglect),
            "不履行监护责任"
        );
        assert_eq!(
            labels::incident_kind(IncidentKind::Begging),
            "胁迫、诱骗、利用乞讨"
        );
        assert_eq!(
            IncidentKind::parse("家庭暴力"),
            Some(IncidentKind::DomesticViolence)
        );
        assert_eq!(IncidentKind::parse("受伤"), Some(IncidentKind::Injury));
        assert_eq!(
            IncidentKind::parse("独自居住无人监护"),
            Some(IncidentKind::LivingAlone)
        );
        // A store written before these kinds reads its kinds where they were.
        assert_eq!(
            postcard::from_bytes::<IncidentKind>(&[5]).unwrap(),
            IncidentKind::Injury
        );
        set_lang(Lang::En);
        assert_eq!(
            labels::incident_kind(IncidentKind::DomesticViolence),
            "suspected domestic violence"
        );
        assert_eq!(
            labels::incident_kind(IncidentKind::Begging),
            "made to beg (coerced, lured or used)"
        );
        set_lang(Lang::Zh);
    }

    /// Postcard stores a kind by its position: the first nine keep theirs.
    #[test]
    fn new_kinds_come_after_the_old_ones_and_have_words() {
        assert_eq!(IncidentKind::ALL[8], IncidentKind::LetterDanger);
        for (i, k) in IncidentKind::ALL.into_iter().enumerate() {
            assert_eq!(postcard::to_allocvec(&k).unwrap(), vec![i as u8], "{k:?}");
            assert_eq!(IncidentKind::parse(k.code()), Some(k));
            assert_eq!(IncidentKind::parse(k.label_zh()), Some(k));
        }
        set_lang(Lang::Zh);
        assert_eq!(labels::incident_kind(IncidentKind::SexualAbuse), "性侵害");
        assert_eq!(
            labels::incident_kind(IncidentKind::SelfHarm),
            "自伤/自杀风险"
        );
        assert_eq!(
            labels::incident_kind_of(IncidentKind::Other, "校园欺凌"),
            "其他：校园欺凌"
        );
        assert_eq!(labels::incident_kind_of(IncidentKind::Other, ""), "其他");
        set_lang(Lang::En);
        assert_eq!(
            labels::incident_kind(IncidentKind::SexualAbuse),
            "sexual abuse"
        );
        assert_eq!(
            labels::incident_kind(IncidentKind::SelfHarm),
            "self-harm or suicide risk"
        );
        assert_eq!(
            labels::incident_kind_of(IncidentKind::Other, "bullying"),
            "other: bullying"
        );
        set_lang(Lang::Zh);
    }
}
