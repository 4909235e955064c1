//! The staff who use Shouwang and what each may see.

use super::{CounselorId, Timestamp};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    /// 帮扶教师 / 代理家长: sees the children assigned to them.
    Counselor,
    /// 班主任: also sees every child of the classes they lead.
    HeadTeacher,
    /// 政教处 (or 德育处, the school's own office: `[school] office`): sees everyone, keeps the
    /// roster, answers for mandatory reports.
    Coordinator,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Counselor, Role::HeadTeacher, Role::Coordinator];

    /// The spelling used on the command line and in exports.
    pub fn code(self) -> &'static str {
        match self {
            Role::Counselor => "counselor",
            Role::HeadTeacher => "head-teacher",
            Role::Coordinator => "coordinator",
        }
    }

    pub fn from_code(s: &str) -> Option<Role> {
        let s = s.trim();
        Role::ALL.into_iter().find(|r| {
            r.code().eq_ignore_ascii_case(s)
                || s == r.label_zh()
                || (s == "代理家长" && *r == Role::Counselor)
                || (*r == Role::Coordinator
                    && (s == crate::i18n::office() || ["德育处", "协调员"].contains(&s)))
        })
    }

    /// The role's Chinese word by default; the screens say the school's office for the
    /// coordinator (`labels::role`). 协调员, the word before, is still understood.
    pub fn label_zh(self) -> &'static str {
        match self {
            Role::Counselor => "帮扶教师",
            Role::HeadTeacher => "班主任",
            Role::Coordinator => "政教处",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Counselor {
    pub id: CounselorId,
    pub name: String,
    pub role: Role,
    /// Classes led, written as in the roster's class column (e.g. `八年级(3)班`).
    pub classes: Vec<String>,
    /// An argon2 PHC string, never the passphrase itself.
    pub passphrase_hash: Option<String>,
    pub created: Timestamp,
    /// Staff who left stay in the store so their notes keep an author.
    pub active: bool,
}

impl Counselor {
    pub fn leads_class(&self, class: &str) -> bool {
        self.role == Role::HeadTeacher && self.classes.iter().any(|c| c == class)
    }
}
