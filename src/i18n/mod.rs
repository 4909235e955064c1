//! Every sentence a user reads, in Chinese and English: one TOML catalogue per language,
//! embedded in the binary. `tr!("section.key", name = value)` looks a sentence up in the
//! language in force and fills its `{name}` slots.
//!
//! A sentence that holds a count is a table of forms, `key = { one = "…", other = "…" }`, and
//! is said with `trn!("section.key", count = n, …)`: the first slot is the count that picks
//! the form (`plural_form`). English says `one` for exactly 1; Chinese has no plural and needs
//! only `other`.

#[cfg(test)]
mod keys_tests;

use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Zh,
    En,
}

impl Lang {
    pub fn parse(s: &str) -> Option<Lang> {
        let s = s.trim().to_ascii_lowercase();
        if s.starts_with("zh") || s == "cn" || s == "chinese" {
            Some(Lang::Zh)
        } else if s.starts_with("en") || s == "english" {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language of a locale name such as `zh_CN.UTF-8` or `en-US`: `zh*` is Chinese,
    /// anything else English (SPEC §4).
    pub fn from_locale(locale: &str) -> Lang {
        if locale.trim().to_ascii_lowercase().starts_with("zh") {
            Lang::Zh
        } else {
            Lang::En
        }
    }

    /// The user's locale: `LC_ALL`, `LC_MESSAGES`, `LANG` first (as POSIX tools do), then what
    /// the operating system reports (Windows, macOS).
    pub fn detect() -> Lang {
        for var in ["LC_ALL", "LC_MESSAGES", "LANG"] {
            if let Ok(v) = std::env::var(var)
                && !v.is_empty()
                && v != "C"
                && v != "POSIX"
            {
                return Lang::from_locale(&v);
            }
        }
        sys_locale::get_locale().map_or(Lang::En, |l| Lang::from_locale(&l))
    }
}

static CURRENT: AtomicU8 = AtomicU8::new(Lang::En as u8);

thread_local! {
    /// The language set on this thread, if any: tests run on parallel threads and each may
    /// choose its own; the app runs on one thread and sets it once.
    static THIS_THREAD: std::cell::Cell<Option<Lang>> = const { std::cell::Cell::new(None) };
}

pub fn set_lang(lang: Lang) {
    CURRENT.store(lang as u8, Ordering::Relaxed);
    THIS_THREAD.with(|l| l.set(Some(lang)));
}

/// The language of this thread only: a worker thread speaks the language of the screen that
/// started it, whatever other threads (tests) chose.
pub fn set_thread_lang(lang: Lang) {
    THIS_THREAD.with(|l| l.set(Some(lang)));
}

pub fn lang() -> Lang {
    THIS_THREAD.with(|l| l.get()).unwrap_or_else(|| {
        if CURRENT.load(Ordering::Relaxed) == Lang::Zh as u8 {
            Lang::Zh
        } else {
            Lang::En
        }
    })
}

/// The school's office that keeps the roster (`[school] office`: 政教处 or 德育处). Chinese
/// sentences name the coordinator's role by it, as a school does, through the
/// `{school_office}` slot that every sentence fills; English says "coordinator", the word for
/// a person in that role. Like the language, it is set once where the config is read, and a
/// thread (a test) may hold its own.
static OFFICE: std::sync::RwLock<Option<String>> = std::sync::RwLock::new(None);

thread_local! {
    static THIS_THREAD_OFFICE: std::cell::RefCell<Option<String>> =
        const { std::cell::RefCell::new(None) };
}

/// The office's name for every sentence from now on (set where the config is read).
pub fn set_office(name: &str) {
    if let Ok(mut office) = OFFICE.write() {
        *office = Some(name.to_string());
    }
    THIS_THREAD_OFFICE.with(|o| *o.borrow_mut() = Some(name.to_string()));
}

/// The office's name: the one set, else 政教处.
pub fn office() -> String {
    THIS_THREAD_OFFICE
        .with(|o| o.borrow().clone())
        .or_else(|| OFFICE.read().ok().and_then(|o| o.clone()))
        .unwrap_or_else(|| "政教处".to_string())
}

/// Each language's catalogue is split by area (one file each) so that the files stay short;
/// the areas are the same for both languages and a test checks that every key is in both.
macro_rules! areas {
    ($lang:literal: $($area:literal),*) => {
        &[$(($area, include_str!(concat!($lang, "/", $area, ".toml")))),*]
    };
}
const ZH_SOURCES: &[(&str, &str)] = areas!("zh": "store", "cli", "import", "export", "demo", "ui", "keys", "care", "mailbox", "notes", "limits", "access", "privacy", "audit", "report", "admin", "absence");
const EN_SOURCES: &[(&str, &str)] = areas!("en": "store", "cli", "import", "export", "demo", "ui", "keys", "care", "mailbox", "notes", "limits", "access", "privacy", "audit", "report", "admin", "absence");

fn catalogue(lang: Lang) -> &'static HashMap<String, String> {
    static ZH: OnceLock<HashMap<String, String>> = OnceLock::new();
    static EN: OnceLock<HashMap<String, String>> = OnceLock::new();
    match lang {
        Lang::Zh => ZH.get_or_init(|| flatten(ZH_SOURCES)),
        Lang::En => EN.get_or_init(|| flatten(EN_SOURCES)),
    }
}

/// In area `a`, `[b] c = "x"` becomes `a.b.c → x`. The catalogues are embedded and tested, so
/// a parse error can only come from a broken build; the keys then show through.
fn flatten(sources: &[(&str, &str)]) -> HashMap<String, String> {
    fn walk(prefix: &str, table: &toml::Table, out: &mut HashMap<String, String>) {
        for (k, v) in table {
            let key = if prefix.is_empty() {
                k.clone()
            } else {
                format!("{prefix}.{k}")
            };
            match v {
                toml::Value::String(s) => {
                    out.insert(key, s.clone());
                }
                toml::Value::Table(t) => walk(&key, t, out),
                _ => {}
            }
        }
    }
    let mut out = HashMap::new();
    for (area, source) in sources {
        if let Ok(table) = source.parse::<toml::Table>() {
            walk(area, &table, &mut out);
        }
    }
    out
}

/// The sentence for `key` in the language in force, the school's office in it; the key itself
/// if it is missing (a test makes sure none is).
pub fn text(key: &str) -> Cow<'_, str> {
    let template = template(key);
    if template.contains(SCHOOL_OFFICE) {
        Cow::Owned(template.replace(SCHOOL_OFFICE, &office()))
    } else {
        Cow::Borrowed(template)
    }
}

/// The sentence for `key` with its slots still to fill: `tr!` and `trn!` fill them all.
#[doc(hidden)]
pub fn template(key: &str) -> &str {
    text_in(lang(), key)
}

pub fn text_in(lang: Lang, key: &str) -> &str {
    catalogue(lang).get(key).map_or(key, String::as_str)
}

/// Which form of a counted sentence a language uses for `count`.
pub fn plural_form(lang: Lang, count: i128) -> &'static str {
    match (lang, count) {
        (Lang::En, 1) => "one",
        _ => "other",
    }
}

/// The form of the counted sentence `key` for `count` in the language in force; the `other`
/// form when the language has no `one`; the key itself if it is missing (a test makes sure
/// none is).
pub fn plural(key: &str, count: i128) -> &str {
    let lang = lang();
    let form = format!("{key}.{}", plural_form(lang, count));
    let other = format!("{key}.other");
    let table = catalogue(lang);
    table
        .get(&form)
        .or_else(|| table.get(&other))
        .map_or(key, String::as_str)
}

/// Fills `{name}` slots, and `{school_office}` with the school's office (before the named
/// slots, so that a value typed by someone is never read as a slot).
pub fn fill(template: &str, args: &[(&str, &dyn std::fmt::Display)]) -> String {
    let mut out = if template.contains(SCHOOL_OFFICE) {
        template.replace(SCHOOL_OFFICE, &office())
    } else {
        template.to_string()
    };
    for (name, value) in args {
        out = out.replace(&format!("{{{name}}}"), &value.to_string());
    }
    out
}

const SCHOOL_OFFICE: &str = "{school_office}";

/// `tr!("store.already_open", path = p.display())`
#[macro_export]
macro_rules! tr {
    ($key:literal) => {
        $crate::i18n::fill($crate::i18n::template($key), &[])
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        $crate::i18n::fill($crate::i18n::template($key), &[$((stringify!($name), &$value as &dyn std::fmt::Display)),+])
    };
}

/// `trn!("ui.week.overdue_by", days = n, rule = r)`: the first slot is the count that picks
/// the form of the sentence.
#[macro_export]
macro_rules! trn {
    ($key:literal, $count_name:ident = $count:expr $(, $name:ident = $value:expr)* $(,)?) => {{
        let count = $count;
        // Any integer type: `usize` has no `From` into `i128`, and none here loses a digit.
        #[allow(clippy::cast_lossless)]
        let wide = count as i128;
        $crate::i18n::fill(
            $crate::i18n::plural($key, wide),
            &[
                (stringify!($count_name), &count as &dyn std::fmt::Display),
                $((stringify!($name), &$value as &dyn std::fmt::Display)),*
            ],
        )
    }};
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn both_catalogues_parse_and_hold_the_same_keys() {
        for (area, source) in ZH_SOURCES.iter().chain(EN_SOURCES) {
            if let Err(e) = source.parse::<toml::Table>() {
                panic!("catalogue {area}.toml does not parse: {e}");
            }
        }
        // Chinese has no singular: an English `one` form needs only its `other` beside it.
        let zh: BTreeSet<_> = catalogue(Lang::Zh).keys().collect();
        let en: BTreeSet<_> = catalogue(Lang::En)
            .keys()
            .filter(|k| {
                k.strip_suffix(".one")
                    .is_none_or(|base| !catalogue(Lang::En).contains_key(&format!("{base}.other")))
            })
            .collect();
        let only_zh: Vec<_> = zh.difference(&en).collect();
        let only_en: Vec<_> = en.difference(&zh).collect();
        assert!(
            only_zh.is_empty() && only_en.is_empty(),
            "only in zh: {only_zh:?}; only in en: {only_en:?}"
        );
    }

    #[test]
    fn locale_names_choose_the_language() {
        assert_eq!(Lang::from_locale("zh_CN.UTF-8"), Lang::Zh);
        assert_eq!(Lang::from_locale("zh-Hans-CN"), Lang::Zh);
        assert_eq!(Lang::from_locale("en_US.UTF-8"), Lang::En);
        assert_eq!(Lang::from_locale("fr_FR"), Lang::En);
        assert_eq!(Lang::parse("ZH"), Some(Lang::Zh));
        assert_eq!(Lang::parse("xx"), None);
    }

    #[test]
    fn counted_sentences_take_the_form_of_their_count() {
        set_lang(Lang::En);
        let days = |n: i64| crate::trn!("ui.week.overdue_by", days = n, rule = "Talk");
        assert_eq!(days(1), "Talk: overdue by 1 day");
        assert_eq!(days(3), "Talk: overdue by 3 days");
        assert_eq!(days(0), "Talk: overdue by 0 days");
        let letters = |n: usize| crate::trn!("ui.week.letters_waiting", count = n);
        assert_eq!(letters(1), "1 letter waiting for a reply");
        assert_eq!(letters(2), "2 letters waiting for a reply");
        set_lang(Lang::Zh);
        assert_eq!(days(1), "Talk：已逾期 1 天");
        assert_eq!(letters(1), "1 封信等待回信");
    }

    /// No English sentence that counts is left to say "(s)" or to agree with any number.
    #[test]
    fn english_has_no_plural_guesses() {
        let guesses: Vec<_> = catalogue(Lang::En)
            .iter()
            .filter(|(_, v)| v.contains("(s)"))
            .collect();
        assert!(guesses.is_empty(), "{guesses:#?}");
    }

    #[test]
    fn fill_replaces_named_slots() {
        assert_eq!(fill("{a} and {b}", &[("a", &1), ("b", &"二")]), "1 and 二");
    }

    /// The school's own words (issue 23, 7): one phrase for a child leaving, 退出留守儿童名册,
    /// and its English, wherever a sentence says it; 情绪 for a mood, never 心情.
    #[test]
    fn the_catalogues_say_the_schools_own_words() {
        let zh = catalogue(Lang::Zh);
        for (key, text) in zh {
            for old in ["心情", "离开帮扶", "离开项目", "回到帮扶", "帮扶中"] {
                assert!(!text.contains(old), "{key}: {text}");
            }
        }
        let en = catalogue(Lang::En);
        for (key, text) in en {
            assert!(!text.contains("programme"), "{key}: {text}");
        }
        let leaving = [
            "admin.cli.left",
            "admin.leave.already",
            "audit.detail.left",
            "report.semester.left",
            "ui.form.status_left",
            "access.not_active",
        ];
        for key in leaving {
            assert!(zh[key].contains("退出留守儿童名册"), "{key}: {}", zh[key]);
            assert!(
                en[key].contains("left the register of left-behind children"),
                "{key}: {}",
                en[key]
            );
        }
        assert!(zh["care.mood.follow_up_text"].starts_with("情绪"));
        assert!(zh["ui.child.tab_moods"] == "情绪" && zh["keys.new_mood"] == "记录情绪");
    }

    /// The coordinator is named by the school's office in every Chinese sentence, 政教处 until
    /// the config says otherwise; a typed value that looks like the slot stays as typed.
    #[test]
    fn sentences_name_the_schools_office() {
        set_thread_lang(Lang::Zh);
        THIS_THREAD_OFFICE.with(|o| *o.borrow_mut() = Some("德育处".into()));
        assert_eq!(crate::tr!("cli.role_coordinator"), "德育处");
        let refused = crate::tr!(
            "access.role_only",
            who = "李老师",
            role = "帮扶教师",
            what = "导出"
        );
        assert!(refused.contains("只有德育处可以"), "{refused}");
        let typed = fill("{name}：{school_office}", &[("name", &"{school_office}")]);
        assert_eq!(typed, "{school_office}：德育处");
        THIS_THREAD_OFFICE.with(|o| *o.borrow_mut() = Some("政教处".into()));
        let help = crate::tr!("keys.goto_admin");
        assert!(help.ends_with("（政教处）"), "{help}");
        // What reads a sentence without `tr!` (the help's descriptions, a field's name) too.
        assert_eq!(text("keys.goto_admin"), help);
        // No Chinese sentence keeps the translated word, nor an unfilled slot.
        for (key, text) in catalogue(Lang::Zh) {
            assert!(!text.contains("协调员"), "{key}: {text}");
            assert!(!fill(text, &[]).contains(SCHOOL_OFFICE), "{key}");
        }
        // English names the person in that role.
        set_thread_lang(Lang::En);
        assert_eq!(crate::tr!("cli.role_coordinator"), "coordinator");
        assert!(
            catalogue(Lang::En)
                .values()
                .all(|t| !t.contains(SCHOOL_OFFICE))
        );
    }
}
