//! The words for domain values in the language in force.

use crate::i18n::{Lang, lang};
use crate::model::{Flag, IncidentKind, NoteKind, Role};
use chrono::Weekday;

fn pick(zh: &str, en: &str) -> String {
    match lang() {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    }
}

pub fn note_kind(k: NoteKind) -> String {
    pick(k.label_zh(), &k.code().replace('_', " "))
}

pub fn incident_kind(k: IncidentKind) -> String {
    pick(k.label_zh(), &k.code().replace('_', " "))
}

pub fn flag(f: Flag) -> String {
    pick(f.label_zh(), &f.code().replace('_', " "))
}

/// One or two characters per flag, for narrow table columns.
pub fn flag_short(f: Flag) -> &'static str {
    match (lang(), f) {
        (Lang::Zh, Flag::Hardship) => "困",
        (Lang::Zh, Flag::NoGuardianship) => "监",
        (Lang::Zh, Flag::Unsupported) => "孤",
        (Lang::Zh, Flag::Disability) => "残",
        (Lang::Zh, Flag::DropoutRisk) => "辍",
        (Lang::En, Flag::Hardship) => "H",
        (Lang::En, Flag::NoGuardianship) => "G",
        (Lang::En, Flag::Unsupported) => "U",
        (Lang::En, Flag::Disability) => "D",
        (Lang::En, Flag::DropoutRisk) => "R",
    }
}

pub fn role(r: Role) -> String {
    crate::i18n::role(r)
}

pub fn weekday(d: Weekday) -> String {
    let zh = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
    let en = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let i = d.num_days_from_monday() as usize;
    pick(zh[i], en[i])
}
