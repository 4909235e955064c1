//! Contact notes: every talk, tutoring session, visit and call. Edits keep the earlier
//! version and deletion is soft, so the archive never silently loses what happened.

use super::{ChildId, CounselorId, FollowUpId, NoteId, Timestamp};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoteKind {
    Talk,
    Tutoring,
    HomeVisit,
    ParentCall,
    GuardianCall,
    TeacherContact,
    GroupCounseling,
    LetterToParents,
    Forum,
    HolidayCare,
    MaterialSupport,
    /// 重点时段排查: the holiday safety check-in that replaces school-day rules in breaks.
    HolidaySafetyCheck,
}

impl NoteKind {
    pub const ALL: [NoteKind; 12] = [
        NoteKind::Talk,
        NoteKind::Tutoring,
        NoteKind::HomeVisit,
        NoteKind::ParentCall,
        NoteKind::GuardianCall,
        NoteKind::TeacherContact,
        NoteKind::GroupCounseling,
        NoteKind::LetterToParents,
        NoteKind::Forum,
        NoteKind::HolidayCare,
        NoteKind::MaterialSupport,
        NoteKind::HolidaySafetyCheck,
    ];

    pub fn code(self) -> &'static str {
        match self {
            NoteKind::Talk => "talk",
            NoteKind::Tutoring => "tutoring",
            NoteKind::HomeVisit => "home_visit",
            NoteKind::ParentCall => "parent_call",
            NoteKind::GuardianCall => "guardian_call",
            NoteKind::TeacherContact => "teacher_contact",
            NoteKind::GroupCounseling => "group_counseling",
            NoteKind::LetterToParents => "letter_to_parents",
            NoteKind::Forum => "forum",
            NoteKind::HolidayCare => "holiday_care",
            NoteKind::MaterialSupport => "material_support",
            NoteKind::HolidaySafetyCheck => "holiday_safety_check",
        }
    }

    pub fn label_zh(self) -> &'static str {
        match self {
            NoteKind::Talk => "谈心",
            NoteKind::Tutoring => "辅导作业",
            NoteKind::HomeVisit => "家访",
            NoteKind::ParentCall => "亲情电话",
            NoteKind::GuardianCall => "联系监护人",
            NoteKind::TeacherContact => "联系任课教师",
            NoteKind::GroupCounseling => "集体心理辅导",
            NoteKind::LetterToParents => "两地书",
            NoteKind::Forum => "座谈会",
            NoteKind::HolidayCare => "节日慰问",
            NoteKind::MaterialSupport => "资助",
            NoteKind::HolidaySafetyCheck => "重点时段排查",
        }
    }

    pub fn parse(s: &str) -> Option<NoteKind> {
        let s = s.trim();
        NoteKind::ALL
            .into_iter()
            .find(|k| k.code().eq_ignore_ascii_case(s) || k.label_zh() == s)
            // The name it had before the plans' own words (a config file may still say it).
            .or((s == "联系老师").then_some(NoteKind::TeacherContact))
    }
}

/// The state of a note before an edit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoteRevision {
    /// When the replaced version was superseded, and by whom.
    pub replaced_at: Timestamp,
    pub replaced_by: CounselorId,
    pub kind: NoteKind,
    pub at: Timestamp,
    pub text: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Deletion {
    pub at: Timestamp,
    pub by: CounselorId,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub id: NoteId,
    /// One child, or several for a group session.
    pub children: Vec<ChildId>,
    pub counselor: CounselorId,
    pub kind: NoteKind,
    /// When the contact happened (not when it was typed).
    pub at: Timestamp,
    pub duration_min: Option<u16>,
    pub text: String,
    /// Mood observed, 1 (very low) to 5 (very good).
    pub mood: Option<u8>,
    /// For material support (资助): the items or amount given.
    pub support: String,
    pub follow_up: Option<FollowUpId>,
    pub created: Timestamp,
    pub revisions: Vec<NoteRevision>,
    pub deleted: Option<Deletion>,
}

impl Note {
    pub fn is_deleted(&self) -> bool {
        self.deleted.is_some()
    }

    /// The mood this note adds to `child`'s mood history (SPEC §2: one history per child):
    /// the mood observed during a note about that child alone, while the note is not deleted.
    /// A group session's mood is the group's: copied to every child it would put eight
    /// children under the falling-mood rule for one quiet afternoon, or hide the one child who
    /// was low; each child's own mood is recorded with the mood form.
    pub fn mood_of(&self, child: ChildId) -> Option<u8> {
        match self.children.as_slice() {
            [only] if *only == child && !self.is_deleted() => self.mood,
            _ => None,
        }
    }
}
