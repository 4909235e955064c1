//! The user's settings: cadence rules, term dates, holiday check-in rule, mood feelings, danger
//! words, reply templates and the school's name. Built-in defaults, changed by an optional TOML file.

pub mod danger;
mod defaults;
mod file;
#[cfg(test)]
mod tests;

use crate::model::NoteKind;
use chrono::NaiveDate;
use std::path::{Path, PathBuf};

/// How long one cadence window lasts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Period {
    Days(u32),
    Weeks(u32),
    /// Calendar months from the last contact (Jan 31 + 1 month = Feb 28/29).
    Months(u32),
    /// The current term: satisfied by contacts since its start, due by its end.
    Semester,
}

impl Period {
    /// `"3d"`, `"1w"`, `"2w"`, `"1mo"`, `"semester"` (also 天/周/月/学期 and long English
    /// words). `None` when it is not one of those or the count is zero.
    pub fn parse(s: &str) -> Option<Period> {
        let s = s.trim().to_lowercase();
        if matches!(s.as_str(), "semester" | "term" | "学期" | "1semester") {
            return Some(Period::Semester);
        }
        let split = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
        let (num, unit) = s.split_at(split);
        let n: u32 = if num.is_empty() { 1 } else { num.parse().ok()? };
        if n == 0 || n > 1000 {
            return None;
        }
        match unit.trim() {
            "d" | "day" | "days" | "天" => Some(Period::Days(n)),
            "w" | "week" | "weeks" | "周" | "星期" => Some(Period::Weeks(n)),
            "mo" | "m" | "month" | "months" | "月" | "个月" => Some(Period::Months(n)),
            _ => None,
        }
    }
}

/// `times` completed contacts per `per`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Interval {
    pub times: u32,
    pub per: Period,
}

/// One duty of SPEC §1's cadence table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CadenceRule {
    /// Stable key (`talk`, `tutoring`, …); a user file changes a rule by naming its id.
    pub id: std::sync::Arc<str>,
    /// A name from the user's file; built-in rules take theirs from the catalogue.
    pub name: Option<String>,
    /// Contacts of these kinds satisfy the rule.
    pub kinds: Vec<NoteKind>,
    /// Below this the child is overdue.
    pub minimum: Interval,
    /// What the school aims for, when it asks for more than the minimum.
    pub target: Option<Interval>,
}

impl CadenceRule {
    /// The name to show: the user's, else the catalogue's, else the id.
    pub fn label(&self) -> String {
        if let Some(name) = &self.name {
            return name.clone();
        }
        let key = format!("ui.cadence.{}", self.id);
        let text = crate::i18n::text(&key);
        if text == key {
            self.id.to_string()
        } else {
            text.to_string()
        }
    }

    pub fn counts(&self, kind: NoteKind) -> bool {
        self.kinds.contains(&kind)
    }
}

/// A school term, both ends inclusive. Breaks are the gaps between terms.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Term {
    pub name: String,
    pub start: NaiveDate,
    pub end: NaiveDate,
}

impl Term {
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.start <= day && day <= self.end
    }
}

/// When a child is listed under "Mood falling" (see `crate::domain::mood::alert`).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct MoodRule {
    /// The last three entries' average this many points or more below the average of the
    /// term's earlier entries.
    pub falling_by: f32,
    /// The latest entry at or below this score (1 is the lowest a counselor can record).
    pub lowest: u8,
}

// `falling_by` is never NaN: the config file's reader refuses anything outside 0.1..=4.
impl Eq for MoodRule {}

impl Default for MoodRule {
    fn default() -> MoodRule {
        defaults::mood_rule()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    pub cadence: Vec<CadenceRule>,
    /// Sorted by start, never overlapping.
    pub terms: Vec<Term>,
    /// Days off inside or between terms (国庆, 劳动节, a school's own), any number a year:
    /// school-day rules pause in them as in the winter and summer breaks. Sorted by start,
    /// never overlapping. A term's semester is the whole term around them.
    pub breaks: Vec<Term>,
    /// 重点时段排查: applies in breaks instead of the school-day rules.
    pub holiday_rule: CadenceRule,
    /// What a 重点时段排查 asks about (`safety_checklist`): 溺水、交通、烫伤、坠落、中毒.
    pub safety_checklist: Vec<String>,
    pub feelings: Vec<String>,
    pub danger_words: Vec<String>,
    pub reply_templates: Vec<String>,
    pub mood: MoodRule,
    /// A counselor with more children than this is flagged to the coordinator
    /// (`[caseload] most_children`): the plans pair each teacher with about two.
    pub most_children: usize,
    /// How many daily backups the app keeps beside the store (`[backups] keep`); 0 keeps none.
    pub backups_kept: usize,
    /// Failed bring-back attempts (劝返) after which This week asks for an absence case's
    /// written report (`[absence] attempts_before_report`).
    pub absence_attempts: u32,
    /// Minutes without a key after which the app locks (`[privacy] lock_after_minutes`); 0
    /// never locks.
    pub lock_after_minutes: u32,
    /// The school's name (`[school] name`), at the foot of printed pages; empty if not set.
    pub school_name: String,
    /// The township (镇（街道）) an absence case's written report goes to with the district
    /// education bureau (`[school] township`); empty says "the township concerned".
    pub township: String,
    /// The office that keeps the roster (`[school] office`, 政教处 by default, or 德育处): the
    /// Chinese word for the coordinator's role.
    pub office: String,
    /// The language of the school's children (`[school] language`, Chinese by default): what
    /// goes on paper for them (the printed replies) speaks it, whatever the reader's screen does.
    pub school_lang: crate::i18n::Lang,
    /// How much of a child's letter its printed reply quotes (`[replies] quote`).
    pub reply_quote: ReplyQuote,
}

/// How much of the letter goes back on the reply's page. Replies go back through a shared box
/// where other children may read them, so never the whole letter: its first line at most.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ReplyQuote {
    /// The letter's first line (cut when long, left out when it holds a danger word).
    #[default]
    FirstLine,
    /// Nothing of the letter; the page has its number, the greeting and the reply.
    None,
}

impl Default for Config {
    fn default() -> Config {
        Config {
            cadence: defaults::cadence(),
            terms: defaults::terms(),
            breaks: defaults::breaks(),
            holiday_rule: defaults::holiday_rule(),
            safety_checklist: defaults::safety_checklist(),
            feelings: defaults::feelings(),
            danger_words: defaults::danger_words(),
            reply_templates: defaults::reply_templates(),
            mood: defaults::mood_rule(),
            most_children: defaults::MOST_CHILDREN,
            backups_kept: defaults::BACKUPS_KEPT,
            lock_after_minutes: defaults::LOCK_AFTER_MINUTES,
            absence_attempts: 3,
            school_name: String::new(),
            township: String::new(),
            office: "政教处".to_string(),
            school_lang: crate::i18n::Lang::Zh,
            reply_quote: ReplyQuote::FirstLine,
        }
    }
}

impl Config {
    /// `<platform config dir>/config.toml` (`~/.config/shouwang/config.toml` on Linux).
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "shouwang")
            .map(|d| d.config_dir().join("config.toml"))
    }

    /// Reads the config file (`path`, else the default path). A missing file gives the
    /// defaults silently; an unreadable or bad one gives the defaults and a sentence for the
    /// screen naming the file and the line. Never writes anything, never panics.
    pub fn load(path: Option<&Path>) -> (Config, Option<String>) {
        let Some(path) = path.map(Path::to_path_buf).or_else(Config::default_path) else {
            return (Config::default(), None);
        };
        let text = match crate::paths::read_regular(&path) {
            Ok(bytes) => match String::from_utf8(bytes) {
                Ok(t) => t,
                Err(_) => {
                    let reason = crate::tr!("ui.config.not_utf8");
                    return (Config::default(), Some(unreadable(&path, &reason)));
                }
            },
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return (Config::default(), None);
            }
            Err(e) => return (Config::default(), Some(unreadable(&path, &e))),
        };
        match Config::from_toml(&text) {
            Ok(c) => {
                crate::i18n::set_office(&c.office);
                (c, None)
            }
            Err(e) => (
                Config::default(),
                Some(crate::tr!(
                    "ui.config.bad_file",
                    path = path.display(),
                    line = e.line,
                    reason = e.reason
                )),
            ),
        }
    }

    /// The defaults with the changes a config file's text lists.
    pub fn from_toml(text: &str) -> Result<Config, ConfigError> {
        file::apply(Config::default(), text)
    }

    /// A cadence rule (or the holiday rule) by id.
    pub fn rule(&self, id: &str) -> Option<&CadenceRule> {
        self.cadence
            .iter()
            .chain(std::iter::once(&self.holiday_rule))
            .find(|r| &*r.id == id)
    }

    /// The term `day` falls in; `None` in a break.
    pub fn term_at(&self, day: NaiveDate) -> Option<&Term> {
        let i = self.terms.partition_point(|t| t.end < day);
        self.terms.get(i).filter(|t| t.contains(day))
    }

    /// Whether `day` is in one of the breaks set inside the year (not the gaps between terms).
    pub fn in_break(&self, day: NaiveDate) -> bool {
        let i = self.breaks.partition_point(|b| b.end < day);
        self.breaks.get(i).is_some_and(|b| b.contains(day))
    }

    /// The danger words found in a letter, in the order of the list, ignoring spaces,
    /// punctuation, full/half width and Latin case (see `danger::normalise`).
    pub fn danger_words_in(&self, text: &str) -> Vec<&str> {
        danger::matches(&self.danger_words, text)
    }
}

fn unreadable(path: &Path, reason: &dyn std::fmt::Display) -> String {
    crate::tr!(
        "ui.config.unreadable",
        path = path.display(),
        reason = reason
    )
}

/// What is wrong in a config file, with the 1-based line it is on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    pub line: usize,
    pub reason: String,
}

impl std::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.line, self.reason)
    }
}
