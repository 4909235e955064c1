//! Every catalogue key the code names exists in both catalogues. The sources are read as
//! text (comments skipped, string literals taken whole, across lines): a `tr!`/`trn!` key, a
//! literal given to `i18n::text`/`text_in`/`plural`, and any other string literal that reads
//! as a key of a catalogue area (`"mailbox.hint.reply"` in a table of hints). A key built at
//! run time cannot be read this way: each place that builds one is listed in `BUILT` with
//! the check that covers the keys it can build, and a new one fails until it is listed.

use super::{EN_SOURCES, Lang, catalogue};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

/// A file of the crate's sources, its text with comments blanked out (so that offsets
/// still match), and its string literals with the offset of their opening quote.
struct Source {
    path: String,
    code: String,
    literals: Vec<(usize, String)>,
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn sources() -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let rel = path.strip_prefix(&root).unwrap().display().to_string();
            lex(&rel, &text)
        })
        .collect()
}

/// Just enough of Rust's lexer: line and block comments, strings (with escapes), raw strings
/// (`r"…"`, `r#"…"#`), byte strings, and character literals told from lifetimes.
fn lex(path: &str, text: &str) -> Source {
    let bytes = text.as_bytes();
    let mut code = bytes.to_vec();
    let mut literals = Vec::new();
    let mut i = 0;
    let blank = |code: &mut Vec<u8>, from: usize, to: usize| {
        for b in &mut code[from..to] {
            if *b != b'\n' {
                *b = b' ';
            }
        }
    };
    while i < bytes.len() {
        match bytes[i] {
            b'/' if bytes.get(i + 1) == Some(&b'/') => {
                let end = text[i..].find('\n').map_or(bytes.len(), |n| i + n);
                blank(&mut code, i, end);
                i = end;
            }
            b'/' if bytes.get(i + 1) == Some(&b'*') => {
                let end = text[i + 2..]
                    .find("*/")
                    .map_or(bytes.len(), |n| i + 2 + n + 2);
                blank(&mut code, i, end);
                i = end;
            }
            b'r' if matches!(bytes.get(i + 1), Some(b'"' | b'#'))
                && (i == 0 || !is_ident(bytes[i - 1])) =>
            {
                let hashes = bytes[i + 1..].iter().take_while(|b| **b == b'#').count();
                let open = i + 1 + hashes;
                if bytes.get(open) != Some(&b'"') {
                    i += 1;
                    continue;
                }
                let close = format!("\"{}", "#".repeat(hashes));
                let end = text[open + 1..]
                    .find(&close)
                    .map_or(bytes.len(), |n| open + 1 + n);
                literals.push((open, text[open + 1..end].to_string()));
                i = end + close.len();
            }
            b'"' => {
                let mut j = i + 1;
                let mut value = String::new();
                while j < bytes.len() && bytes[j] != b'"' {
                    if bytes[j] == b'\\' {
                        // Kept as written: a key never holds an escape.
                        value.push_str(&text[j..j + 2]);
                        j += 2;
                        continue;
                    }
                    let ch = text[j..].chars().next().unwrap();
                    value.push(ch);
                    j += ch.len_utf8();
                }
                literals.push((i, value));
                i = j + 1;
            }
            b'\'' => {
                // '\n', '\'' and 'x' are characters; 'a in a lifetime is not closed.
                if bytes.get(i + 1) == Some(&b'\\') {
                    let end = text[i + 2..].find('\'').map_or(bytes.len(), |n| i + 2 + n);
                    i = end + 1;
                } else if let Some(ch) = text[i + 1..].chars().next()
                    && bytes.get(i + 1 + ch.len_utf8()) == Some(&b'\'')
                {
                    i += 2 + ch.len_utf8();
                } else {
                    i += 1;
                }
            }
            _ => i += 1,
        }
    }
    Source {
        path: path.to_string(),
        code: String::from_utf8(code).unwrap(),
        literals,
    }
}

fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

impl Source {
    /// The string literal that opens at `at`, if one does (after blanks).
    fn literal_at(&self, at: usize) -> Option<&str> {
        let skip = self.code[at..].len() - self.code[at..].trim_start().len();
        self.literals
            .iter()
            .find(|(o, _)| *o == at + skip)
            .map(|(_, v)| v.as_str())
    }

    /// Where `pattern` begins in the code (never in a comment or a string), not preceded by
    /// part of a longer name; with the offset just after it.
    fn calls(&self, pattern: &str) -> Vec<usize> {
        let in_literal = |at: usize| {
            self.literals
                .iter()
                .any(|(o, v)| at > *o && at <= o + v.len() + 1)
        };
        self.code
            .match_indices(pattern)
            .filter(|(at, _)| *at == 0 || !is_ident(self.code.as_bytes()[at - 1]))
            .filter(|(at, _)| !in_literal(*at))
            .map(|(at, _)| at + pattern.len())
            .collect()
    }

    /// The argument text from `at` to its closing parenthesis, for a message.
    fn argument(&self, at: usize) -> String {
        let mut depth = 0;
        for (n, c) in self.code[at..].char_indices() {
            match c {
                '(' => depth += 1,
                ')' if depth == 0 => return self.code[at..at + n].trim().to_string(),
                ')' => depth -= 1,
                ',' if depth == 0 => return self.code[at..at + n].trim().to_string(),
                _ => {}
            }
        }
        self.code[at..].trim().to_string()
    }
}

fn has(lang: Lang, key: &str) -> bool {
    catalogue(lang).contains_key(key)
}

/// A plain sentence: in both catalogues.
fn check_sentence(key: &str, missing: &mut BTreeSet<String>) {
    for (lang, name) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        if !has(lang, key) {
            missing.insert(format!("{key} (not in {name})"));
        }
    }
}

/// A counted sentence: English `one` and `other`, Chinese `other`.
fn check_counted(key: &str, missing: &mut BTreeSet<String>) {
    for (lang, name, form) in [
        (Lang::En, "en", "one"),
        (Lang::En, "en", "other"),
        (Lang::Zh, "zh", "other"),
    ] {
        if !has(lang, &format!("{key}.{form}")) {
            missing.insert(format!("{key}.{form} (not in {name})"));
        }
    }
}

/// The places that build a key at run time, each with what covers the keys it builds:
/// (file, the argument as written, the covering check).
const BUILT: &[(&str, &str, &str)] = &[
    (
        "action.rs",
        "concat!(\"keys.\", $name)",
        "action::tests::every_action_is_described_in_both_languages",
    ),
    (
        "action.rs",
        "&key",
        "keys.on.<table>.<action> is optional (falls back to keys.<action>): \
         every_on_screen_description_names_a_table_and_an_action",
    ),
    (
        "config/mod.rs",
        "&key",
        "ui.cadence.<rule id>: every_built_in_rule_has_its_name",
    ),
    (
        "app/profile_form.rs",
        "&format!(\"ui.column.{}\", c.en())",
        "every_profile_column_has_its_label",
    ),
    // The keys of these are literals in the same file, checked as key-like literals.
    (
        "labels/refusals.rs",
        "key",
        "literals of the refusals' keys",
    ),
    ("ui/mailbox.rs", "k", "literals of the hint table"),
    ("ui/audit.rs", "key", "literals of the hint table"),
    ("ui/admin.rs", "key", "literals of the hint table"),
    (
        "export/replies.rs",
        "key",
        "literals given to PrintStyle::text and fill",
    ),
    ("cli/access.rs", "op.key()", "Operation::key's literals"),
    ("labels/audit.rs", "op.key()", "Operation::key's literals"),
    (
        "labels/refusals.rs",
        "op.key()",
        "Operation::key's literals",
    ),
    (
        "cli/run.rs",
        "Operation::Encrypt.key()",
        "Operation::key's literals",
    ),
    // The macros themselves, and tests that look keys up to check them.
    (
        "i18n/mod.rs",
        "$key",
        "tr!/trn! take only literals, read above",
    ),
    ("keymap/tests.rs", "key", "a test"),
    ("config/tests.rs", "&key", "a test"),
];

/// String literals that read like a catalogue key and are not one.
const NOT_KEYS: &[&str] = &["demo.redb", "export.json", "notes.txt"];

#[test]
fn every_key_named_in_the_code_is_in_both_catalogues() {
    let areas: Vec<&str> = EN_SOURCES.iter().map(|(a, _)| *a).collect();
    let mut missing = BTreeSet::new();
    let mut unlisted = Vec::new();
    let mut listed_seen = BTreeSet::new();
    let mut not_literal = Vec::new();
    for src in sources() {
        if src.path == "i18n/keys_tests.rs" {
            continue;
        }
        let key_args = |pattern: &str| src.calls(pattern);
        for at in key_args("tr!(") {
            match src.literal_at(at) {
                Some(key) => check_sentence(key, &mut missing),
                None => not_literal.push(format!("{}: tr!({}", src.path, src.argument(at))),
            }
        }
        for at in key_args("trn!(") {
            match src.literal_at(at) {
                Some(key) => check_counted(key, &mut missing),
                None => not_literal.push(format!("{}: trn!({}", src.path, src.argument(at))),
            }
        }
        for pattern in ["i18n::text(", "i18n::text_in(", "i18n::plural("] {
            for at in key_args(pattern) {
                // text_in(lang, key): the key is the second argument.
                let at = if pattern.ends_with("text_in(") {
                    at + src.code[at..].find(',').map_or(0, |n| n + 1)
                } else {
                    at
                };
                match src.literal_at(at) {
                    Some(key) if pattern.ends_with("plural(") => check_counted(key, &mut missing),
                    Some(key) => check_sentence(key, &mut missing),
                    None => {
                        let arg = src.argument(at);
                        match BUILT.iter().find(|(f, a, _)| src.path == *f && arg == *a) {
                            Some(entry) => {
                                listed_seen.insert((entry.0, entry.1));
                            }
                            None => unlisted.push(format!("{}: {pattern}{arg})", src.path)),
                        }
                    }
                }
            }
        }
        // Any literal that reads as a key of a catalogue area: a table of keys, a refusal.
        for (_, value) in &src.literals {
            let Some((area, rest)) = value.split_once('.') else {
                continue;
            };
            let key_like = areas.contains(&area)
                && !rest.is_empty()
                && rest.split('.').all(|part| {
                    !part.is_empty()
                        && part
                            .bytes()
                            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                });
            if !key_like || NOT_KEYS.contains(&value.as_str()) {
                continue;
            }
            // A prefix of keys (`"keys.on."`) or a counted sentence's table is not a miss.
            let table = format!("{value}.");
            if catalogue(Lang::En).keys().any(|k| k.starts_with(&table)) {
                continue;
            }
            check_sentence(value, &mut missing);
        }
    }
    let stale: Vec<_> = BUILT
        .iter()
        .filter(|(f, a, _)| !listed_seen.contains(&(*f, *a)))
        .collect();
    assert!(
        missing.is_empty() && unlisted.is_empty() && not_literal.is_empty() && stale.is_empty(),
        "keys the code names that a catalogue lacks: {missing:#?}\n\
         keys built at run time, not listed in keys_tests::BUILT with what checks them: \
         {unlisted:#?}\n\
         tr!/trn! without a literal key: {not_literal:#?}\n\
         BUILT entries that no longer match the code: {stale:#?}"
    );
}

/// `keys.on.<table>.<action>` overrides an action's description on one screen: each names a
/// keymap table and an action that exist, in both catalogues.
#[test]
fn every_on_screen_description_names_a_table_and_an_action() {
    let defaults: toml::Table = include_str!("../../keymaps/default.toml").parse().unwrap();
    for lang in [Lang::Zh, Lang::En] {
        for key in catalogue(lang).keys() {
            let Some(rest) = key.strip_prefix("keys.on.") else {
                continue;
            };
            let (table, action) = rest.split_once('.').unwrap_or((rest, ""));
            assert!(
                defaults.contains_key(table),
                "{lang:?} {key}: no keymap table {table}"
            );
            assert!(
                crate::action::Action::from_name(action).is_some(),
                "{lang:?} {key}: no action {action}"
            );
        }
    }
}

#[test]
fn every_built_in_rule_has_its_name() {
    let config = crate::config::Config::default();
    for rule in config.cadence.iter().chain([&config.holiday_rule]) {
        let key = format!("ui.cadence.{}", rule.id);
        let mut missing = BTreeSet::new();
        check_sentence(&key, &mut missing);
        assert!(missing.is_empty(), "{missing:?}");
    }
}

#[test]
fn every_profile_column_has_its_label() {
    let mut missing = BTreeSet::new();
    for column in crate::interchange::columns::Column::ALL {
        check_sentence(&format!("ui.column.{}", column.en()), &mut missing);
    }
    assert!(missing.is_empty(), "{missing:?}");
}

#[test]
fn the_lexer_reads_literals_across_lines_and_skips_comments() {
    let src = lex(
        "x.rs",
        "// tr!(\"no.key\")\nlet a = tr!(\n    \"ui.one\",\n    n = 'x');\nlet b: &'a str = r#\"a \"q\" b\"#; /* \"c\" */ \"d\\\"e\"",
    );
    let keys: Vec<_> = src
        .calls("tr!(")
        .into_iter()
        .map(|at| src.literal_at(at).map(str::to_string))
        .collect();
    assert_eq!(keys, vec![Some("ui.one".to_string())]);
    let values: Vec<_> = src.literals.iter().map(|(_, v)| v.as_str()).collect();
    assert_eq!(values, vec!["ui.one", "a \"q\" b", "d\\\"e"]);
}
