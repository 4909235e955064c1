//! The words for domain values in the language in force, for the screens and the command
//! line alike (below both, so neither reaches into the other for a word). They read `domain`,
//! `config` and `model`, so they sit above `domain`, away from the catalogues at the bottom.

pub mod audit;
pub mod refusals;
pub mod store_error;

use crate::i18n::{Lang, lang};
use crate::model::{
    Capacity, Concern, Enrolment, Entrustment, Flag, Gender, IncidentKind, LeaveReason, NoteKind,
    Role,
};
use chrono::Weekday;

/// The 1–5 mood scale in words, the same in the note editor, the mood form and the archive
/// page: its ends are the mood form's words for 1 and 5.
pub fn mood_scale() -> String {
    crate::tr!(
        "care.mood.scale",
        low = crate::tr!("care.mood.score_1"),
        high = crate::tr!("care.mood.score_5")
    )
}

fn pick(zh: &str, en: &str) -> String {
    match lang() {
        Lang::Zh => zh.to_string(),
        Lang::En => en.to_string(),
    }
}

pub fn note_kind(k: NoteKind) -> String {
    let en = match k {
        // One name with the rules it keeps, in breaks and after school (not only holidays).
        NoteKind::HolidaySafetyCheck => "safety check".to_string(),
        _ => k.code().replace('_', " "),
    };
    pick(k.label_zh(), &en)
}

/// An item of the safety checklist: the built-in ones in the reader's language, a school's
/// own as written.
pub fn safety_item(item: &str) -> String {
    let en = match item {
        "溺水" => "drowning",
        "交通" => "traffic",
        "烫伤" => "burns",
        "坠落" => "falls",
        "中毒" => "poisoning",
        other => other,
    };
    pick(item, en)
}

pub fn incident_kind(k: IncidentKind) -> String {
    let en = match k {
        IncidentKind::SelfHarm => "self-harm or suicide risk".to_string(),
        IncidentKind::LivingAlone => "living alone, out of a guardian's care".to_string(),
        IncidentKind::GuardianUnable => "guardian unable to care".to_string(),
        IncidentKind::GuardianNeglect => "guardian not fulfilling their duty of care".to_string(),
        IncidentKind::DomesticViolence => "suspected domestic violence".to_string(),
        IncidentKind::Injury => "suspected accidental injury or unlawful harm".to_string(),
        IncidentKind::Begging => "made to beg (coerced, lured or used)".to_string(),
        _ => k.code().replace('_', " "),
    };
    pick(k.label_zh(), &en)
}

/// A report's kind as it reads on a screen or a page: "other" with what it is (其他：校园欺凌).
pub fn incident_kind_of(k: IncidentKind, other: &str) -> String {
    match (k, other.trim()) {
        (IncidentKind::Other, what) if !what.is_empty() => {
            crate::tr!("care.incident.kind_other", what = what)
        }
        _ => incident_kind(k),
    }
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
    let en = match c {
        Concern::Nutrition => "nutrition",
        Concern::Safety => "safety",
        Concern::Study => "study",
        Concern::Conduct => "conduct",
        Concern::Mind => "mental health",
    };
    pick(c.label_zh(), en)
}

/// A concern area as a person types it in the language in force (or in Chinese, or its code).
pub fn parse_concern(s: &str) -> Option<Concern> {
    let s = s.trim();
    Concern::parse(s).or_else(|| {
        Concern::ALL
            .iter()
            .copied()
            .find(|c| concern(*c).eq_ignore_ascii_case(s))
    })
}

/// Concern areas as a list: 营养、安全 / nutrition, safety.
pub fn concerns(cs: impl IntoIterator<Item = Concern>) -> String {
    let words: Vec<String> = cs.into_iter().map(concern).collect();
    words.join(&list_separator())
}

/// Flags as a list.
pub fn flags(fs: impl IntoIterator<Item = Flag>) -> String {
    let words: Vec<String> = fs.into_iter().map(flag).collect();
    words.join(&list_separator())
}

/// Between the items of a list of words: 、 in Chinese, a comma in English.
pub fn list_separator() -> String {
    pick("、", ", ")
}

/// Sentences one after the other: nothing between them in Chinese (each ends in 。), a space
/// in English.
pub fn sentences<S: AsRef<str>>(parts: &[S]) -> String {
    let parts: Vec<&str> = parts.iter().map(AsRef::as_ref).collect();
    parts.join(&pick("", " "))
}

/// A left-behind type: the roster's usual words in the language in force; anything else as
/// the roster wrote it.
pub fn left_behind_type(value: &str) -> String {
    match crate::model::LEFT_BEHIND_TYPES
        .iter()
        .position(|t| *t == value.trim())
    {
        Some(i) => pick(value.trim(), LEFT_BEHIND_EN[i]),
        None => value.to_string(),
    }
}

/// `model::LEFT_BEHIND_TYPES` in English, in the same order.
const LEFT_BEHIND_EN: [&str; 5] = [
    "both parents away",
    "father away",
    "mother away",
    "mother away, father unable to care",
    "father away, mother unable to care",
];

/// The value to store for a typed left-behind type: the roster's usual Chinese words when
/// `typed` is their English (as the English profile form shows them), else `typed`.
pub fn left_behind_value(typed: &str) -> String {
    LEFT_BEHIND_EN
        .iter()
        .position(|en| en.eq_ignore_ascii_case(typed.trim()))
        .map_or_else(
            || typed.to_string(),
            |i| crate::model::LEFT_BEHIND_TYPES[i].to_string(),
        )
}

/// A feeling of the mood form: the built-in ones in the language in force; one the school
/// added in its config as it wrote it.
pub fn feeling(value: &str) -> String {
    const EN: [&str; 7] = [
        "misses parents",
        "lonely",
        "anxious",
        "low self-esteem",
        "angry",
        "happy",
        "calm",
    ];
    match crate::model::DEFAULT_FEELINGS
        .iter()
        .position(|f| *f == value)
    {
        Some(i) => pick(value, EN[i]),
        None => value.to_string(),
    }
}

/// Feelings as a list.
pub fn feelings(values: &[String]) -> String {
    let words: Vec<String> = values.iter().map(|f| feeling(f)).collect();
    words.join(&list_separator())
}

/// A term's name: the built-in `2026秋` / `2027春` say autumn 2026 / spring 2027 in English;
/// a name from the school's config stays as written.
pub fn term(name: &str) -> String {
    if lang() == Lang::Zh {
        return name.to_string();
    }
    let season = |suffix: &str, word: &str| {
        name.strip_suffix(suffix)
            .filter(|y| y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()))
            .map(|y| format!("{word} {y}"))
    };
    season("秋", "autumn")
        .or_else(|| season("春", "spring"))
        .unwrap_or_else(|| name.to_string())
}

/// The parent at home's capacity (监护能力); nothing when not recorded.
pub fn capacity(c: Option<Capacity>) -> String {
    match c {
        None => String::new(),
        Some(Capacity::Able) => pick(Capacity::Able.label_zh(), "able to care"),
        Some(Capacity::Unable) => pick(Capacity::Unable.label_zh(), "unable to care"),
    }
}

/// The enrolment state (就学状态).
pub fn enrolment(e: Enrolment) -> String {
    pick(e.label_zh(), &e.code().replace('_', " "))
}

/// An entrustment (委托监护): to whom, and since when if known; nothing when there is none.
pub fn entrustment(e: &Entrustment) -> String {
    match e.since {
        _ if e.to.trim().is_empty() => String::new(),
        None => e.to.clone(),
        Some(since) => crate::tr!(
            "ui.child.entrusted_since",
            to = e.to.as_str(),
            since = since
        ),
    }
}

/// Why a child does not meet the plan's definition of a left-behind child.
pub fn definition_gap(g: crate::domain::left_behind::Gap) -> String {
    use crate::domain::left_behind::Gap;
    match g {
        Gap::HomeParentCan => crate::tr!("ui.definition.home_parent_can"),
        Gap::CapacityUnknown => crate::tr!("ui.definition.capacity_unknown"),
        Gap::Sixteen { on } => crate::tr!("ui.definition.sixteen", day = on),
    }
}

/// One of the plan's five focus categories (重点排查), in its words.
pub fn focus(f: crate::domain::report::quarterly_check::Focus) -> String {
    use crate::domain::report::quarterly_check::Focus;
    match f {
        Focus::DroppedOut => crate::tr!("report.quarterly.focus_dropped_out"),
        Focus::Hardship => crate::tr!("report.quarterly.focus_hardship"),
        Focus::NoGuardian => crate::tr!("report.quarterly.focus_no_guardian"),
        Focus::Unsupported => crate::tr!("report.quarterly.focus_unsupported"),
        Focus::Disability => crate::tr!("report.quarterly.focus_disability"),
    }
}

/// What the check before the quarterly update found wrong with a child's row.
pub fn quarter_problems(problems: &[crate::domain::report::quarterly_check::Problem]) -> String {
    use crate::domain::report::quarterly_check::Problem;
    let words: Vec<String> = problems
        .iter()
        .map(|p| match p {
            Problem::Outside(gap) => definition_gap(*gap),
            Problem::NoGuardianPhone => crate::tr!("report.quarterly.no_guardian_phone"),
            Problem::NotAtSchool(e) => {
                crate::tr!("report.quarterly.not_at_school", state = enrolment(*e))
            }
        })
        .collect();
    words.join(&crate::tr!("import.reason.separator"))
}

/// A child the check before the quarterly update names: the class, the name, what is wrong.
pub fn quarter_finding(f: &crate::domain::report::quarterly_check::Finding) -> String {
    crate::tr!(
        "report.quarterly.check_row",
        class = crate::text::safe(&f.class),
        name = crate::text::safe(&f.name),
        problems = quarter_problems(&f.problems)
    )
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
        // One sentence: how many wait and how many need attention.
        AgendaKind::LettersWaiting { count, attention } => {
            let waiting = crate::trn!("ui.week.letters_waiting", count = *count);
            let marked = crate::trn!("ui.week.letters_attention", count = *attention);
            match (*count, *attention) {
                (_, 0) => waiting,
                (0, _) => marked,
                _ => crate::tr!(
                    "ui.week.letters_both",
                    waiting = waiting,
                    attention = marked
                ),
            }
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
    today: chrono::NaiveDate,
) -> String {
    agenda_reasons(item, config, today).join(&crate::tr!("ui.week.separator"))
}

/// A day as month and day when it falls in the term of `today`, with the year otherwise.
pub fn term_day(
    config: &crate::config::Config,
    day: chrono::NaiveDate,
    today: chrono::NaiveDate,
) -> String {
    let this_term = config
        .terms
        .iter()
        .any(|t| t.contains(today) && t.contains(day));
    if this_term {
        day.format("%m-%d").to_string()
    } else {
        day.format("%Y-%m-%d").to_string()
    }
}

/// The reasons of a This week row, each whole, so that a narrow screen can show as many as
/// fit and count the rest. `today` is the day the agenda is for.
pub fn agenda_reasons(
    item: &crate::domain::agenda::AgendaItem,
    config: &crate::config::Config,
    today: chrono::NaiveDate,
) -> Vec<String> {
    use crate::domain::agenda::{AgendaKind, Due};
    use chrono::Datelike;
    match &item.kind {
        AgendaKind::LettersWaiting { .. } => Vec::new(),
        AgendaKind::Incident { kind, found, .. } => {
            vec![format!("{} · {}", incident_kind(*kind), found)]
        }
        AgendaKind::Absence {
            kind,
            first_day,
            failed,
            report_due,
            ..
        } => {
            let mut said = vec![
                crate::tr!(
                    "ui.week.absence",
                    kind = absence_kind(*kind),
                    day = term_day(config, *first_day, today)
                ),
                crate::trn!("ui.week.absence_failed", count = *failed),
            ];
            if *report_due {
                said.insert(0, crate::tr!("ui.week.absence_report_due"));
            }
            said
        }
        AgendaKind::MoodFalling(alert) => vec![mood_alert(alert)],
        AgendaKind::Overdue(rules) => rules
            .iter()
            .map(|(id, days)| overdue_reason(config, id, *days))
            .collect(),
        AgendaKind::DueThisWeek(due) => due
            .iter()
            .map(|d| match d {
                Due::Today { rule: id } => crate::tr!("ui.week.due_today", rule = rule(config, id)),
                Due::PastTarget { rule: id, deadline } => crate::tr!(
                    "ui.week.past_target",
                    rule = rule(config, id),
                    deadline = term_day(config, *deadline, today)
                ),
                Due::On { rule: id, day } => crate::tr!(
                    "ui.week.due_on",
                    rule = rule(config, id),
                    day = weekday(day.weekday())
                ),
            })
            .collect(),
        AgendaKind::FollowUp { due, text, .. } => vec![format!("{due} · {text}")],
        AgendaKind::NoCounselor { class } => {
            vec![crate::tr!("admin.week.no_counselor", class = class)]
        }
        AgendaKind::MoreWithoutCounselor { .. } => vec![crate::tr!("admin.week.assign_them")],
        AgendaKind::TurnsSixteen { on } => {
            vec![crate::tr!(
                "ui.week.turns_sixteen",
                day = term_day(config, *on, today)
            )]
        }
    }
}

/// An overdue duty in words: "talk: overdue by 3 days" (This week, the wide caseload).
pub fn overdue_reason(config: &crate::config::Config, id: &str, days: i64) -> String {
    crate::trn!("ui.week.overdue_by", days = days, rule = rule(config, id))
}

/// 旷课 or 辍学 in the reader's language.
pub fn absence_kind(kind: crate::model::AbsenceKind) -> String {
    use crate::model::AbsenceKind;
    match kind {
        AbsenceKind::Truancy => crate::tr!("absence.kind.truancy"),
        AbsenceKind::DroppedOut => crate::tr!("absence.kind.dropped_out"),
    }
}

/// How a bring-back attempt was made, in the reader's language.
pub fn attempt_way(way: crate::model::AttemptWay) -> String {
    use crate::model::AttemptWay;
    match way {
        AttemptWay::Call => crate::tr!("absence.way.call"),
        AttemptWay::HomeVisit => crate::tr!("absence.way.home_visit"),
        AttemptWay::WithVillage => crate::tr!("absence.way.with_village"),
        AttemptWay::NotRecorded => crate::tr!("absence.way.not_recorded"),
    }
}

/// How an absence case ended, in the reader's language.
pub fn absence_outcome(outcome: crate::model::AbsenceOutcome) -> String {
    use crate::model::AbsenceOutcome;
    match outcome {
        AbsenceOutcome::Returned => crate::tr!("absence.outcome.returned"),
        AbsenceOutcome::Transferred => crate::tr!("absence.outcome.transferred"),
        AbsenceOutcome::ReportedIneffective => crate::tr!("absence.outcome.reported_ineffective"),
    }
}

/// The heading of a section of This week.
pub fn agenda_section(section: crate::domain::agenda::Section) -> String {
    use crate::domain::agenda::Section;
    match section {
        Section::Letters => crate::tr!("ui.week.letters"),
        Section::Incidents => crate::tr!("ui.week.incidents"),
        Section::Absences => crate::tr!("ui.week.absences"),
        Section::NoCounselor => crate::tr!("admin.week.section"),
        Section::Mood => crate::tr!("ui.week.mood"),
        Section::Overdue => crate::tr!("ui.week.overdue"),
        Section::FollowUps => crate::tr!("ui.week.followups"),
        Section::Sixteen => crate::tr!("ui.week.sixteen"),
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
        (Actor::CommandLine(login), _) if login == Actor::DAILY_BACKUP => {
            crate::tr!("audit.who.daily_backup")
        }
        (Actor::CommandLine(login), _) if login.trim().is_empty() => {
            crate::tr!("audit.who.command_line_nobody")
        }
        (Actor::CommandLine(login), _) => crate::tr!("audit.who.command_line", login = login),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::set_lang;

    /// 重点时段排查 is one name: the note kind and the rule of the breaks say the same; the
    /// rule of the same check in term says when (after school).
    #[test]
    fn the_safety_check_has_one_name() {
        let config = crate::config::Config::default();
        for (lang, after) in [(Lang::Zh, "放学后"), (Lang::En, "after-school")] {
            set_lang(lang);
            let kind = note_kind(NoteKind::HolidaySafetyCheck);
            let holiday = config.rule("holiday_check").unwrap().label();
            assert_eq!(holiday.to_lowercase(), kind.to_lowercase());
            let rule = config.rule("after_school_check").unwrap().label();
            assert!(rule.to_lowercase().contains(after), "{rule}");
        }
        set_lang(Lang::En);
        assert_eq!(note_kind(NoteKind::HolidaySafetyCheck), "safety check");
        set_lang(Lang::Zh);
        assert_eq!(note_kind(NoteKind::HolidaySafetyCheck), "重点时段排查");
    }

    /// The coordinator's role is the school's office in Chinese (政教处, or what `[school]
    /// office` says), "coordinator" in English; the words the command line took before still
    /// name the role.
    #[test]
    fn the_coordinator_is_the_schools_office() {
        set_lang(Lang::Zh);
        assert_eq!(role(Role::Coordinator), crate::i18n::office());
        assert_eq!(role(Role::Counselor), "帮扶教师");
        set_lang(Lang::En);
        assert_eq!(role(Role::Coordinator), "coordinator");
        for said in ["政教处", "德育处", "协调员", "coordinator"] {
            assert_eq!(Role::from_code(said), Some(Role::Coordinator), "{said}");
        }
        assert_eq!(Role::from_code("教务处"), None);
    }

    /// The program's own values have English words and come back from them; what a person
    /// typed stays as typed.
    #[test]
    fn program_values_have_words_and_typed_values_stay() {
        set_lang(Lang::En);
        assert_eq!(left_behind_type("父母均外出"), "both parents away");
        assert_eq!(left_behind_value("Both parents away"), "父母均外出");
        assert_eq!(left_behind_type("奶奶带"), "奶奶带");
        assert_eq!(left_behind_value("奶奶带"), "奶奶带");
        assert_eq!(feeling("想念父母"), "misses parents");
        assert_eq!(feeling("想家"), "想家");
        assert_eq!(feelings(&["孤独".into(), "开心".into()]), "lonely, happy");
        assert_eq!(term("2026秋"), "autumn 2026");
        assert_eq!(term("2027春"), "spring 2027");
        assert_eq!(term("第一学期"), "第一学期");
        assert_eq!(
            concerns([Concern::Study, Concern::Mind]),
            "study, mental health"
        );
        assert_eq!(parse_concern("mental health"), Some(Concern::Mind));
        assert_eq!(parse_concern("心理"), Some(Concern::Mind));
        assert_eq!(parse_concern("mind"), Some(Concern::Mind));
        for (i, t) in crate::model::LEFT_BEHIND_TYPES.iter().enumerate() {
            assert_eq!(left_behind_value(&left_behind_type(t)), *t, "{i}");
        }
        set_lang(Lang::Zh);
        assert_eq!(left_behind_type("父母均外出"), "父母均外出");
        assert_eq!(feelings(&["孤独".into(), "开心".into()]), "孤独、开心");
        assert_eq!(term("2026秋"), "2026秋");
        assert_eq!(gender(Gender::Female), "女");
        // The app's own daily backup is named in words, a login as it is.
        let who = |a| audit_actor(&a, None);
        assert_eq!(who(crate::model::Actor::daily_backup()), "每日自动备份");
        assert_eq!(
            who(crate::model::Actor::CommandLine("jiaowu".into())),
            "命令行 jiaowu"
        );
    }
}
