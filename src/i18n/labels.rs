//! The words for domain values in the language in force, for the screens and the command
//! line alike (below both, so neither reaches into the other for a word).

use crate::i18n::{Lang, lang};
use crate::model::{Concern, Flag, Gender, IncidentKind, LeaveReason, NoteKind, Role};
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

pub fn gender(g: Gender) -> String {
    match g {
        Gender::Male => pick("男", "male"),
        Gender::Female => pick("女", "female"),
    }
}

pub fn concern(c: Concern) -> String {
    pick(c.label_zh(), c.code())
}

pub fn leave_reason(r: LeaveReason) -> String {
    pick(r.label_zh(), &r.code().replace('_', " "))
}

/// Where a child's mood went over a report's range.
pub fn trend(t: crate::domain::report::semester::Trend) -> String {
    use crate::domain::report::semester::Trend;
    match t {
        Trend::Rising => crate::tr!("report.trend.rising"),
        Trend::Steady => crate::tr!("report.trend.steady"),
        Trend::Falling => crate::tr!("report.trend.falling"),
    }
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

/// A staff role in the language in force: the screens and the command line say it alike.
pub fn role(r: Role) -> String {
    match r {
        Role::Counselor => crate::tr!("cli.role_counselor"),
        Role::HeadTeacher => crate::tr!("cli.role_head_teacher"),
        Role::Coordinator => crate::tr!("cli.role_coordinator"),
    }
}

pub fn weekday(d: Weekday) -> String {
    let zh = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"];
    let en = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];
    let i = d.num_days_from_monday() as usize;
    pick(zh[i], en[i])
}

/// Why a child's mood calls for attention.
pub fn mood_alert(alert: &crate::domain::mood::MoodAlert) -> String {
    use crate::domain::mood::MoodAlert;
    match alert {
        MoodAlert::Falling { recent, semester } => crate::tr!(
            "ui.mood.falling",
            recent = format!("{recent:.1}"),
            semester = format!("{semester:.1}")
        ),
        MoodAlert::Lowest { score } => crate::tr!("ui.mood.lowest", score = score),
    }
}

/// A cadence rule's name: the school's own, else the catalogue's, else its id.
pub fn rule(config: &crate::config::Config, id: &str) -> String {
    config
        .rule(id)
        .map_or_else(|| id.to_string(), |r| r.label())
}

/// The name column of a row of This week: the child, or what the row is about.
pub fn agenda_name(item: &crate::domain::agenda::AgendaItem) -> String {
    use crate::domain::agenda::AgendaKind;
    match &item.kind {
        AgendaKind::LettersWaiting { count } => {
            crate::tr!("ui.week.letters_waiting", count = count)
        }
        AgendaKind::Incident { .. } if item.child.is_none() => crate::tr!("ui.week.no_child"),
        AgendaKind::MoreWithoutCounselor { count } => {
            crate::tr!("admin.week.more_without", count = count)
        }
        _ => item.name.clone(),
    }
}

/// What a row of This week says about the child, e.g. "talk: overdue by 3 days".
pub fn agenda_detail(
    item: &crate::domain::agenda::AgendaItem,
    config: &crate::config::Config,
) -> String {
    use crate::domain::agenda::{AgendaKind, Due};
    use chrono::Datelike;
    let separator = crate::tr!("ui.week.separator");
    match &item.kind {
        AgendaKind::LettersWaiting { .. } => String::new(),
        AgendaKind::Incident { kind, found, .. } => {
            format!("{} · {}", incident_kind(*kind), found)
        }
        AgendaKind::MoodFalling(alert) => mood_alert(alert),
        AgendaKind::Overdue(rules) => rules
            .iter()
            .map(|(id, days)| {
                crate::tr!("ui.week.overdue_by", rule = rule(config, id), days = days)
            })
            .collect::<Vec<_>>()
            .join(&separator),
        AgendaKind::DueThisWeek(due) => due
            .iter()
            .map(|d| match d {
                Due::Today { rule: id } => crate::tr!("ui.week.due_today", rule = rule(config, id)),
                Due::PastTarget { rule: id, deadline } => crate::tr!(
                    "ui.week.past_target",
                    rule = rule(config, id),
                    deadline = deadline.format("%m-%d")
                ),
                Due::On { rule: id, day } => crate::tr!(
                    "ui.week.due_on",
                    rule = rule(config, id),
                    day = weekday(day.weekday())
                ),
            })
            .collect::<Vec<_>>()
            .join(&separator),
        AgendaKind::FollowUp { due, text, .. } => format!("{due} · {text}"),
        AgendaKind::NoCounselor { class } => {
            crate::tr!("admin.week.no_counselor", class = class)
        }
        AgendaKind::MoreWithoutCounselor { .. } => crate::tr!("admin.week.assign_them"),
    }
}

/// The heading of a section of This week.
pub fn agenda_section(section: crate::domain::agenda::Section) -> String {
    use crate::domain::agenda::Section;
    match section {
        Section::Letters => crate::tr!("ui.week.letters"),
        Section::Incidents => crate::tr!("ui.week.incidents"),
        Section::NoCounselor => crate::tr!("admin.week.section"),
        Section::Mood => crate::tr!("ui.week.mood"),
        Section::Overdue => crate::tr!("ui.week.overdue"),
        Section::FollowUps => crate::tr!("ui.week.followups"),
        Section::DueThisWeek => crate::tr!("ui.week.due"),
    }
}

/// What an audit event did, in words: the audit screen's and the audit export's action.
pub fn audit_action(a: crate::model::AuditAction) -> String {
    use crate::model::AuditAction as A;
    let (zh, en) = match a {
        A::Create => ("新建", "created"),
        A::Update => ("修改", "changed"),
        A::Delete => ("删除", "deleted"),
        A::View => ("查看", "viewed"),
        A::Import => ("导入", "imported"),
        A::Export => ("导出", "exported"),
        A::Print => ("打印", "printed"),
        A::Reply => ("回信", "replied"),
        A::Assign => ("分配", "assigned"),
        A::Unassign => ("结束分配", "ended care"),
        A::Close => ("结案", "closed"),
        A::Backup => ("备份", "backed up"),
        A::Restore => ("恢复", "restored"),
        A::Refused => ("被拒绝", "refused"),
        A::Login => ("登录", "logged in"),
        A::LoginFailed => ("登录失败", "failed login"),
        A::Lock => ("锁屏", "locked"),
        A::Passphrase => ("口令变更", "passphrase changed"),
    };
    pick(zh, en)
}

/// The kind of record an audit event is about, in words.
pub fn record_kind(t: crate::model::RecordRef) -> String {
    use crate::model::RecordRef as R;
    let (zh, en) = match t {
        R::Store => ("数据文件", "the store"),
        R::Counselor(_) => ("教师", "staff"),
        R::Child(_) => ("孩子", "child"),
        R::Assignment(_) => ("分配", "assignment"),
        R::Note(_) => ("记录", "note"),
        R::Mood(_) => ("情绪", "mood"),
        R::FollowUp(_) => ("跟进", "follow-up"),
        R::Letter(_) => ("信件", "letter"),
        R::Incident(_) => ("强制报告", "incident"),
    };
    pick(zh, en)
}

/// The record of an audit event: the name of the child or staff member it is about when known,
/// else the kind and the id ("note #12").
pub fn audit_record(t: crate::model::RecordRef, name: Option<&str>) -> String {
    use crate::model::RecordRef as R;
    let id = match t {
        R::Store => None,
        R::Counselor(id)
        | R::Child(id)
        | R::Assignment(id)
        | R::Note(id)
        | R::Mood(id)
        | R::FollowUp(id)
        | R::Letter(id)
        | R::Incident(id) => Some(id),
    };
    match (name, id) {
        (Some(name), _) => name.to_string(),
        (None, Some(id)) => format!("{} #{id}", record_kind(t)),
        (None, None) => record_kind(t),
    }
}

/// Who acted: the staff member's name when known, the login name of a command-line run.
pub fn audit_actor(a: &crate::model::Actor, staff_name: Option<&str>) -> String {
    use crate::model::Actor;
    match (a, staff_name) {
        (Actor::Counselor(_), Some(name)) => name.to_string(),
        (Actor::Counselor(id), None) => crate::tr!("audit.who.unknown_staff", id = id),
        (Actor::CommandLine(login), _) if login.trim().is_empty() => {
            crate::tr!("audit.who.command_line_nobody")
        }
        (Actor::CommandLine(login), _) => crate::tr!("audit.who.command_line", login = login),
    }
}
