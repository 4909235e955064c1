//! Reading a user's config file onto the defaults: the file lists only what it changes, and
//! every mistake is reported with its line so that a counselor can find and fix it.
//!
//! ```toml
//! feelings = ["想念父母", "孤独", "开心"]
//! danger_words = ["不想活"]          # replaces the built-in list
//! extra_danger_words = ["离家出走"]   # adds to it
//! reply_templates = ["谢谢你的信。"]
//!
//! [mood]                     # when a child is listed under "Mood falling"
//! falling_by = 1.5           # the last three average this much below the term's earlier entries
//! lowest = 1                 # or the latest entry at or below this score
//!
//! [caseload]
//! most_children = 5          # a counselor with more children is flagged to the coordinator
//!
//! [backups]
//! keep = 7                   # daily backups kept beside the store (0: none)
//!
//! [absence]                 # 控辍保学
//! attempts_before_report = 3 # failed bring-back attempts before the written report is asked
//!
//! [privacy]
//! lock_after_minutes = 5     # the screen locks after this long without a key (0: never)
//!
//! [school]
//! name = "青山镇中心小学"     # at the foot of printed pages
//! office = "政教处"           # the office that keeps the roster (or 德育处): the coordinator's role
//! language = "zh"            # the children's language, of the printed replies: zh or en
//! township = "青山镇"          # to whom with the district bureau an absence case's written report
//!                            # goes (控辍保学); not set: 相关镇（街道）
//!
//! [replies]
//! quote = "first_line"       # what a printed reply quotes of the letter: first_line or none
//!
//! [[cadence]]                # a built-in rule by its id, or a new rule with a new id
//! id = "tutoring"
//! times = 3
//! per = "1w"                 # or every = "1w"; "2w", "10d", "1mo", "semester"
//! kinds = ["tutoring"]       # note kinds, English code or Chinese name
//! target = { every = "2w" }  # optional: what the school aims for beyond the minimum
//! enabled = false            # drops a built-in rule
//!
//! [holiday_check]            # 重点时段排查 in breaks
//! every = "1w"
//!
//! [terms]
//! autumn = "09-01..01-20"    # the yearly pattern
//! spring = "02-20..07-05"
//! [[terms.list]]             # exact terms; they replace the pattern's terms they overlap
//! name = "2026秋"
//! start = 2026-09-01
//! end = 2027-01-22
//!
//! [[breaks]]                 # days off in the year, any number; the list replaces the
//! name = "国庆"               # built-in 国庆 10-01..10-07 and 劳动节 05-01..05-05
//! days = "10-01..10-07"      # every year
//! [[breaks]]
//! name = "2027清明"           # or one year's, by date; it replaces the yearly ones it overlaps
//! start = 2027-04-03
//! end = 2027-04-05
//!
//! safety_checklist = ["溺水", "交通", "烫伤", "坠落", "中毒"]   # what 重点时段排查 asks about
//! ```

use super::defaults::{self, FIRST_SCHOOL_YEAR, LAST_SCHOOL_YEAR, TermDays};
use super::{CadenceRule, Config, ConfigError, Interval, Period, Term};
use crate::model::{Minutes, MoodScore, NoteKind};
use crate::tr;
use chrono::NaiveDate;
use serde::Deserialize;
use toml::Spanned;

#[derive(Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    cadence: Option<Vec<RawRule>>,
    holiday_check: Option<RawRule>,
    terms: Option<RawTerms>,
    breaks: Option<Vec<Spanned<RawBreak>>>,
    safety_checklist: Option<Vec<String>>,
    feelings: Option<Vec<String>>,
    danger_words: Option<Vec<String>>,
    extra_danger_words: Option<Vec<String>>,
    reply_templates: Option<Vec<String>>,
    mood: Option<RawMood>,
    caseload: Option<RawCaseload>,
    backups: Option<RawBackups>,
    privacy: Option<RawPrivacy>,
    absence: Option<RawAbsence>,
    school: Option<RawSchool>,
    replies: Option<RawReplies>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawReplies {
    quote: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAbsence {
    attempts_before_report: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPrivacy {
    lock_after_minutes: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSchool {
    name: Option<Spanned<String>>,
    office: Option<Spanned<String>>,
    language: Option<Spanned<String>>,
    township: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCaseload {
    most_children: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBackups {
    keep: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMood {
    falling_by: Option<Spanned<f64>>,
    lowest: Option<Spanned<i64>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRule {
    id: Option<Spanned<String>>,
    name: Option<String>,
    kinds: Option<Vec<Spanned<String>>>,
    every: Option<Spanned<String>>,
    times: Option<Spanned<u32>>,
    per: Option<Spanned<String>>,
    target: Option<Spanned<RawInterval>>,
    enabled: Option<bool>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInterval {
    every: Option<Spanned<String>>,
    times: Option<Spanned<u32>>,
    per: Option<Spanned<String>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerms {
    autumn: Option<Spanned<String>>,
    spring: Option<Spanned<String>>,
    list: Option<Vec<RawTerm>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawBreak {
    name: Option<String>,
    days: Option<Spanned<String>>,
    start: Option<Spanned<toml::Value>>,
    end: Option<Spanned<toml::Value>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTerm {
    name: Option<String>,
    start: Spanned<toml::Value>,
    end: Spanned<toml::Value>,
}

/// Turns byte offsets into line numbers for the error sentences.
struct Lines<'a>(&'a str);

impl Lines<'_> {
    fn at(&self, offset: usize) -> usize {
        let end = offset.min(self.0.len());
        self.0.as_bytes()[..end]
            .iter()
            .filter(|&&b| b == b'\n')
            .count()
            + 1
    }

    fn err<T>(&self, spanned: &Spanned<T>, reason: String) -> ConfigError {
        ConfigError {
            line: self.at(spanned.span().start),
            reason,
        }
    }
}

pub(super) fn apply(mut config: Config, text: &str) -> Result<Config, ConfigError> {
    let lines = Lines(text);
    let raw: RawConfig = toml::from_str(text).map_err(|e| ConfigError {
        line: lines.at(e.span().map_or(0, |s| s.start)),
        reason: e.message().trim().to_string(),
    })?;
    if let Some(rules) = raw.cadence {
        for r in rules {
            merge_rule(&mut config.cadence, r, &lines)?;
        }
    }
    if let Some(h) = raw.holiday_check {
        let mut one = vec![config.holiday_rule.clone()];
        let id = config.holiday_rule.id.to_string();
        let h = RawRule {
            id: Some(Spanned::new(0..0, id)),
            enabled: None,
            ..h
        };
        merge_rule(&mut one, h, &lines)?;
        if let Some(rule) = one.pop() {
            config.holiday_rule = rule;
        }
    }
    if let Some(t) = raw.terms {
        config.terms = terms(t, &lines)?;
    }
    if let Some(b) = raw.breaks {
        config.breaks = breaks(b, &lines)?;
    }
    if let Some(list) = raw.safety_checklist {
        config.safety_checklist = clean(list);
    }
    if let Some(f) = raw.feelings {
        config.feelings = clean(f);
    }
    if let Some(d) = raw.danger_words {
        config.danger_words = clean(d);
    }
    if let Some(d) = raw.extra_danger_words {
        for w in clean(d) {
            if !config.danger_words.contains(&w) {
                config.danger_words.push(w);
            }
        }
    }
    if let Some(r) = raw.reply_templates {
        config.reply_templates = clean(r);
    }
    if let Some(m) = raw.mood {
        if let Some(f) = m.falling_by {
            let v = *f.get_ref();
            if !(0.1..=4.0).contains(&v) {
                return Err(lines.err(&f, tr!("ui.config.bad_falling_by", value = v)));
            }
            config.mood.falling_by = v as f32;
        }
        if let Some(l) = m.lowest {
            let v = *l.get_ref();
            config.mood.lowest = MoodScore::new(v)
                .map(MoodScore::get)
                .map_err(|_| lines.err(&l, tr!("ui.config.bad_lowest", value = v)))?;
        }
    }
    if let Some(m) = raw.caseload.and_then(|c| c.most_children) {
        let v = *m.get_ref();
        config.most_children = usize::try_from(v)
            .ok()
            .filter(|n| (1..=1000).contains(n))
            .ok_or_else(|| lines.err(&m, tr!("ui.config.bad_most_children", value = v)))?;
    }
    if let Some(k) = raw.backups.and_then(|b| b.keep) {
        let v = *k.get_ref();
        config.backups_kept = usize::try_from(v)
            .ok()
            .filter(|n| *n <= 366)
            .ok_or_else(|| lines.err(&k, tr!("ui.config.bad_backups_keep", value = v)))?;
    }
    if let Some(n) = raw.absence.and_then(|a| a.attempts_before_report) {
        let v = *n.get_ref();
        config.absence_attempts = u32::try_from(v)
            .ok()
            .filter(|n| (1..=20).contains(n))
            .ok_or_else(|| lines.err(&n, tr!("ui.config.bad_absence_attempts", value = v)))?;
    }
    if let Some(m) = raw.privacy.and_then(|p| p.lock_after_minutes) {
        let v = *m.get_ref();
        config.lock_after_minutes = Minutes::wait(v)
            .map(|w| u32::from(w.get()))
            .map_err(|_| lines.err(&m, tr!("ui.config.bad_lock_after", value = v)))?;
    }
    let (name, language, office, township) = raw.school.map_or((None, None, None, None), |s| {
        (s.name, s.language, s.office, s.township)
    });
    if let Some(t) = township {
        let v = crate::text::safe(t.get_ref().trim()).into_owned();
        if v.chars().count() > 2 * crate::model::limits::SHORT_CHARS {
            return Err(lines.err(&t, tr!("ui.config.bad_township")));
        }
        config.township = v;
    }
    if let Some(o) = office {
        let v = crate::text::safe(o.get_ref().trim()).into_owned();
        if v.is_empty() || v.chars().count() > crate::model::limits::SHORT_CHARS {
            return Err(lines.err(&o, tr!("ui.config.bad_office")));
        }
        config.office = v;
    }
    if let Some(l) = language {
        config.school_lang = crate::i18n::Lang::parse(l.get_ref()).ok_or_else(|| {
            lines.err(
                &l,
                tr!("ui.config.bad_school_language", value = l.get_ref()),
            )
        })?;
    }
    if let Some(q) = raw.replies.and_then(|r| r.quote) {
        config.reply_quote = match q.get_ref().trim().replace('-', "_").as_str() {
            "first_line" => super::ReplyQuote::FirstLine,
            "none" => super::ReplyQuote::None,
            other => return Err(lines.err(&q, tr!("ui.config.bad_reply_quote", value = other))),
        };
    }
    if let Some(name) = name {
        let v = crate::text::safe(name.get_ref().trim()).into_owned();
        if v.chars().count() > 2 * crate::model::limits::SHORT_CHARS {
            return Err(lines.err(&name, tr!("ui.config.bad_school_name")));
        }
        config.school_name = v;
    }
    Ok(config)
}

fn clean(list: Vec<String>) -> Vec<String> {
    list.into_iter()
        .map(|s| s.trim().to_string())
        .filter(|s| !s.is_empty())
        .collect()
}

fn merge_rule(rules: &mut Vec<CadenceRule>, r: RawRule, lines: &Lines) -> Result<(), ConfigError> {
    let Some(id) = r.id else {
        return Err(ConfigError {
            line: lines.at(r.every.as_ref().map_or(0, |e| e.span().start)),
            reason: tr!("ui.config.rule_without_id"),
        });
    };
    let pos = rules.iter().position(|x| *x.id == **id.get_ref());
    if r.enabled == Some(false) {
        if let Some(p) = pos {
            rules.remove(p);
        }
        return Ok(());
    }
    let base = pos.map(|p| rules[p].clone());
    let minimum = interval(
        r.every.as_ref(),
        r.times.as_ref(),
        r.per.as_ref(),
        base.as_ref().map(|b| b.minimum),
        lines,
    )?
    .ok_or_else(|| lines.err(&id, tr!("ui.config.rule_needs_interval", id = id.get_ref())))?;
    let target = match &r.target {
        Some(t) => {
            let raw = t.get_ref();
            let base_target = base.as_ref().and_then(|b| b.target);
            let iv = interval(
                raw.every.as_ref(),
                raw.times.as_ref(),
                raw.per.as_ref(),
                base_target,
                lines,
            )?;
            Some(iv.ok_or_else(|| {
                lines.err(t, tr!("ui.config.rule_needs_interval", id = id.get_ref()))
            })?)
        }
        None => base.as_ref().and_then(|b| b.target),
    };
    let kinds = match &r.kinds {
        Some(list) => {
            let mut kinds = Vec::new();
            for k in list {
                let kind = NoteKind::parse(k.get_ref()).ok_or_else(|| {
                    lines.err(k, tr!("ui.config.unknown_kind", kind = k.get_ref()))
                })?;
                if !kinds.contains(&kind) {
                    kinds.push(kind);
                }
            }
            kinds
        }
        None => match &base {
            Some(b) => b.kinds.clone(),
            None => {
                return Err(lines.err(&id, tr!("ui.config.rule_needs_kinds", id = id.get_ref())));
            }
        },
    };
    if kinds.is_empty() {
        return Err(lines.err(&id, tr!("ui.config.rule_needs_kinds", id = id.get_ref())));
    }
    let rule = CadenceRule {
        id: id.get_ref().trim().into(),
        name: r
            .name
            .or_else(|| base.as_ref().and_then(|b| b.name.clone())),
        kinds,
        minimum,
        target,
    };
    match pos {
        Some(p) => rules[p] = rule,
        None => rules.push(rule),
    }
    Ok(())
}

/// `every = "1w"` alone, or `per` with an optional `times` (1 by default), or `times` alone
/// to change only the count of an existing rule. `None` when nothing is given and there is
/// nothing to keep.
fn interval(
    every: Option<&Spanned<String>>,
    times: Option<&Spanned<u32>>,
    per: Option<&Spanned<String>>,
    base: Option<Interval>,
    lines: &Lines,
) -> Result<Option<Interval>, ConfigError> {
    let parse = |s: &Spanned<String>| {
        Period::parse(s.get_ref())
            .ok_or_else(|| lines.err(s, tr!("ui.config.bad_period", value = s.get_ref())))
    };
    if let (Some(e), Some(_)) = (every, per) {
        return Err(lines.err(e, tr!("ui.config.every_and_per")));
    }
    if let Some(t) = times
        && *t.get_ref() == 0
    {
        return Err(lines.err(t, tr!("ui.config.times_zero")));
    }
    let count = times.map(|t| *t.get_ref());
    if let Some(e) = every {
        if let Some(t) = times {
            return Err(lines.err(t, tr!("ui.config.every_and_per")));
        }
        return Ok(Some(Interval {
            times: 1,
            per: parse(e)?,
        }));
    }
    if let Some(p) = per {
        return Ok(Some(Interval {
            times: count.unwrap_or(1),
            per: parse(p)?,
        }));
    }
    Ok(match (count, base) {
        (Some(times), Some(b)) => Some(Interval { times, ..b }),
        (None, b) => b,
        (Some(_), None) => None,
    })
}

fn month_day_pair(s: &Spanned<String>, lines: &Lines) -> Result<TermDays, ConfigError> {
    month_days(s, lines, |v| tr!("ui.config.bad_term_pattern", value = v))
}

/// `"09-01..01-20"`: first and last (month, day); `say` words it when it is not.
fn month_days(
    s: &Spanned<String>,
    lines: &Lines,
    say: impl Fn(&str) -> String,
) -> Result<TermDays, ConfigError> {
    let bad = || lines.err(s, say(s.get_ref()));
    let md = |p: &str| -> Option<(u32, u32)> {
        let (m, d) = p.trim().split_once('-')?;
        let (m, d) = (m.trim().parse().ok()?, d.trim().parse().ok()?);
        // 2000 is a leap year, so 02-29 is accepted (and falls back to 02-28 in other years).
        NaiveDate::from_ymd_opt(2000, m, d).map(|_| (m, d))
    };
    let (a, b) = s.get_ref().split_once("..").ok_or_else(bad)?;
    Ok((md(a).ok_or_else(bad)?, md(b).ok_or_else(bad)?))
}

fn date(v: &Spanned<toml::Value>, lines: &Lines) -> Result<NaiveDate, ConfigError> {
    let text = match v.get_ref() {
        toml::Value::Datetime(d) => d.to_string(),
        toml::Value::String(s) => s.trim().to_string(),
        other => other.to_string(),
    };
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map_err(|_| lines.err(v, tr!("ui.config.bad_date", value = text)))
}

fn terms(t: RawTerms, lines: &Lines) -> Result<Vec<Term>, ConfigError> {
    let autumn = match &t.autumn {
        Some(s) => month_day_pair(s, lines)?,
        None => defaults::AUTUMN,
    };
    let spring = match &t.spring {
        Some(s) => month_day_pair(s, lines)?,
        None => defaults::SPRING,
    };
    let mut out: Vec<Term> = (FIRST_SCHOOL_YEAR..=LAST_SCHOOL_YEAR)
        .flat_map(|y| defaults::school_year(y, autumn, spring))
        .collect();
    // The pattern itself must not make terms overlap (e.g. spring ending after autumn starts).
    if let Some(w) = out.windows(2).find(|w| w[1].start <= w[0].end) {
        let at = t.spring.as_ref().or(t.autumn.as_ref());
        let reason = tr!("ui.config.terms_overlap", a = w[0].name, b = w[1].name);
        return Err(match at {
            Some(s) => lines.err(s, reason),
            None => ConfigError { line: 1, reason },
        });
    }
    let mut exact: Vec<Term> = Vec::new();
    for raw in t.list.unwrap_or_default() {
        let (start, end) = (date(&raw.start, lines)?, date(&raw.end, lines)?);
        if end < start {
            return Err(lines.err(&raw.end, tr!("ui.config.term_ends_before_start")));
        }
        let name = raw.name.map(|n| n.trim().to_string()).unwrap_or_default();
        let name = if name.is_empty() {
            format!("{start}..{end}")
        } else {
            name
        };
        if let Some(other) = exact.iter().find(|o| o.start <= end && start <= o.end) {
            let reason = tr!("ui.config.terms_overlap", a = other.name, b = name);
            return Err(lines.err(&raw.start, reason));
        }
        exact.push(Term { name, start, end });
    }
    out.retain(|g| !exact.iter().any(|e| e.start <= g.end && g.start <= e.end));
    out.extend(exact);
    out.sort_by_key(|t| t.start);
    Ok(out)
}

/// The school's breaks: yearly ones by month and day, a year's own by date (which replace
/// the yearly ones they overlap, as exact terms replace the pattern's).
fn breaks(list: Vec<Spanned<RawBreak>>, lines: &Lines) -> Result<Vec<Term>, ConfigError> {
    let mut yearly: Vec<Term> = Vec::new();
    let mut exact: Vec<Term> = Vec::new();
    for spanned in &list {
        let raw = spanned.get_ref();
        let name = raw.name.as_deref().map(str::trim).unwrap_or_default();
        match (&raw.days, &raw.start, &raw.end) {
            (Some(days), None, None) => {
                let pair = month_days(days, lines, |v| tr!("ui.config.bad_break_days", value = v))?;
                let name = if name.is_empty() {
                    days.get_ref().trim()
                } else {
                    name
                };
                let these = defaults::yearly_break(name, pair);
                if let Some((a, b)) = these
                    .iter()
                    .find_map(|t| yearly.iter().find(|o| overlap(o, t)).map(|o| (o, t)))
                {
                    let reason = tr!("ui.config.breaks_overlap", a = a.name, b = b.name);
                    return Err(lines.err(days, reason));
                }
                yearly.extend(these);
            }
            (None, Some(start), Some(end)) => {
                let (from, to) = (date(start, lines)?, date(end, lines)?);
                if to < from {
                    return Err(lines.err(end, tr!("ui.config.term_ends_before_start")));
                }
                let name = if name.is_empty() {
                    format!("{from}..{to}")
                } else {
                    name.to_string()
                };
                let this = Term {
                    name,
                    start: from,
                    end: to,
                };
                if let Some(other) = exact.iter().find(|o| overlap(o, &this)) {
                    let reason = tr!("ui.config.breaks_overlap", a = other.name, b = this.name);
                    return Err(lines.err(start, reason));
                }
                exact.push(this);
            }
            _ => return Err(lines.err(spanned, tr!("ui.config.bad_break"))),
        }
    }
    yearly.retain(|y| !exact.iter().any(|e| overlap(e, y)));
    yearly.extend(exact);
    yearly.sort_by_key(|b| b.start);
    Ok(yearly)
}

fn overlap(a: &Term, b: &Term) -> bool {
    a.start <= b.end && b.start <= a.end
}
