//! One child's archive (一人一档): everything the roster and the counselors know.

use super::{Actor, ChildId, ChildRevisionId, Timestamp};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::collections::BTreeSet;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Gender {
    #[serde(rename = "M")]
    Male,
    #[serde(rename = "F")]
    Female,
}

impl Gender {
    /// Accepts 男/女, M/F, male/female in any case.
    pub fn parse(s: &str) -> Option<Gender> {
        match s.trim().to_ascii_lowercase().as_str() {
            "男" | "m" | "male" | "boy" => Some(Gender::Male),
            "女" | "f" | "female" | "girl" => Some(Gender::Female),
            _ => None,
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Gender::Male => "M",
            Gender::Female => "F",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            Gender::Male => "男",
            Gender::Female => "女",
        }
    }
}

macro_rules! coded_enum {
    ($(#[$doc:meta])* $name:ident { $($variant:ident = $code:literal, $zh:literal;)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
        #[serde(rename_all = "snake_case")]
        pub enum $name { $($variant),* }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$variant),*];

            /// Stable English code, used in JSON and accepted on import.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),* }
            }

            /// The word the school's documents use.
            pub fn label_zh(self) -> &'static str {
                match self { $($name::$variant => $zh),* }
            }

            /// Accepts the Chinese word or the English code.
            pub fn parse(s: &str) -> Option<$name> {
                let s = s.trim();
                Self::ALL.iter().copied().find(|v| v.label_zh() == s || v.code().eq_ignore_ascii_case(s))
            }
        }
    };
}
// The absence case's words are coded the same way (`absence.rs`).
pub(super) use coded_enum;

coded_enum!(
    /// Difficulty flags (困难类型) from the roster.
    Flag {
        Hardship = "hardship", "家庭生活困难";
        NoGuardianship = "no_guardianship", "监护缺失";
        Unsupported = "unsupported", "事实无人抚养";
        Disability = "disability", "残疾";
        DropoutRisk = "dropout_risk", "辍学风险";
    }
);

coded_enum!(
    /// The five concern areas (五个关注).
    Concern {
        Nutrition = "nutrition", "营养";
        Safety = "safety", "安全";
        Study = "study", "学习";
        Conduct = "conduct", "品行";
        Mind = "mind", "心理";
    }
);

coded_enum!(
    /// Why a child left the programme.
    LeaveReason {
        ParentsReturned = "parents_returned", "父母返乡";
        Moved = "moved", "转学";
        Graduated = "graduated", "毕业";
        Other = "other", "其他";
        // The plan's own reasons (issue 23, 4): a child of 16 is no longer a left-behind
        // child, nor one whose parent at home came back. After `Other`: postcard stores the
        // position.
        Turned16 = "turned_16", "年满十六周岁";
        ParentReturned = "parent_returned", "一方返乡";
    }
);

coded_enum!(
    /// Whether the parent at home can care for the child (监护能力). The plan counts a child
    /// with one parent away as left behind only when the other cannot.
    Capacity {
        Able = "able", "有监护能力";
        Unable = "unable", "无监护能力";
    }
);

coded_enum!(
    /// 就学状态: at school, or away from it as an absence case found (控辍保学). The quarterly
    /// update carries it to the district.
    Enrolment {
        AtSchool = "at_school", "在校";
        Truant = "truant", "旷课";
        DroppedOut = "dropped_out", "辍学";
    }
);

// Not derived: `coded_enum!` writes the enum, and a child is at school until a case says not.
#[allow(clippy::derivable_impls)]
impl Default for Enrolment {
    fn default() -> Self {
        Enrolment::AtSchool
    }
}

/// 委托监护: the parents' written entrustment of the child's care to someone, and since when.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entrustment {
    /// To whom (a name as the school writes it); empty when there is none.
    pub to: String,
    pub since: Option<NaiveDate>,
}

/// The left-behind types (留守类型) schools write on their rosters. The field is free text (a
/// roster may say something else, kept as written); these have words in every language.
pub const LEFT_BEHIND_TYPES: &[&str] = &[
    "父母均外出",
    "父亲外出",
    "母亲外出",
    "母亲外出父亲无监护能力",
    "父亲外出母亲无监护能力",
];

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Parent {
    pub name: String,
    pub work_place: String,
    /// ASCII digits only (normalised on the way in).
    pub phone: String,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Guardian {
    pub name: String,
    pub relation: String,
    pub phone: String,
    pub address: String,
}

/// 学习情况 for one term, e.g. `2026秋`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct StudyNote {
    pub term: String,
    pub text: String,
}

/// Externally tagged on purpose: the store's codec (postcard) cannot read tagged enums back.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ChildStatus {
    Active,
    /// Left the programme; the archive stays readable.
    Left {
        date: NaiveDate,
        reason: LeaveReason,
        note: String,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Child {
    pub id: ChildId,
    /// 学号; the roster's key when present.
    pub student_id: Option<String>,
    pub name: String,
    pub gender: Gender,
    pub birth_date: NaiveDate,
    /// 年级班级 as the school writes it, e.g. `八年级(3)班`.
    pub class: String,
    pub village: String,
    pub left_behind_type: String,
    pub father: Parent,
    pub mother: Parent,
    pub guardian: Guardian,
    pub personality: String,
    pub hobbies: String,
    pub medical_history: String,
    pub boarding: Option<bool>,
    pub flags: BTreeSet<Flag>,
    pub concerns: BTreeSet<Concern>,
    pub study: Vec<StudyNote>,
    pub remarks: String,
    pub status: ChildStatus,
    /// 监护能力 of the parent at home, when one parent is away; `None` when not recorded.
    pub guardian_capacity: Option<Capacity>,
    pub entrustment: Entrustment,
    pub enrolment: Enrolment,
}

impl Child {
    /// A blank archive with only what the roster requires.
    pub fn new(id: ChildId, name: String, gender: Gender, birth_date: NaiveDate) -> Child {
        Child {
            id,
            student_id: None,
            name,
            gender,
            birth_date,
            class: String::new(),
            village: String::new(),
            left_behind_type: String::new(),
            father: Parent::default(),
            mother: Parent::default(),
            guardian: Guardian::default(),
            personality: String::new(),
            hobbies: String::new(),
            medical_history: String::new(),
            boarding: None,
            flags: BTreeSet::new(),
            concerns: BTreeSet::new(),
            study: Vec::new(),
            remarks: String::new(),
            status: ChildStatus::Active,
            guardian_capacity: None,
            entrustment: Entrustment::default(),
            enrolment: Enrolment::AtSchool,
        }
    }

    pub fn is_active(&self) -> bool {
        self.status == ChildStatus::Active
    }

    /// Age in whole years on `day`.
    pub fn age_on(&self, day: NaiveDate) -> u32 {
        day.years_since(self.birth_date).unwrap_or(0)
    }
}

/// A version of a child's record that a change replaced, with when and by whom: a child's
/// record history. Kept in its own table (a child's record stays the size of one version);
/// the store writes one on every change of a child (`Writer::put_child`), and the quarterly
/// update reads from them what changed in a quarter and when.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChildRevision {
    pub id: ChildRevisionId,
    pub child: ChildId,
    /// When the change that replaced `before` was made.
    pub replaced_at: Timestamp,
    pub replaced_by: Actor,
    /// The record as it was until then.
    pub before: Child,
}
