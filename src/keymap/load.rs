//! Reading keymap files: TOML with spans, so that every problem in a user's file is reported
//! with its line; then merging a file over the tables key by key.

use std::collections::HashMap;
use std::ops::Range;

use toml::de::{DeTable, DeValue};

use super::key::{Key, parse_sequence, sequence_to_string};
use super::{Context, KeymapProblem, Table};
use crate::action::Action;
use crate::tr;

/// One `"KEY" = "action"` line of a file; `action` is `None` for `"none"` or `""` (unbind).
struct Entry {
    context: Context,
    keys: Vec<Key>,
    written: String,
    action: Option<Action>,
    line: usize,
}

fn line_of(text: &str, span: &Range<usize>) -> usize {
    let end = span.start.min(text.len());
    text.as_bytes()[..end]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// Applies the file `text` over `tables` and returns what was wrong with it. A file that is
/// not valid TOML changes nothing; a bad entry is skipped and the rest applied.
pub(super) fn apply_file(text: &str, tables: &mut [Table]) -> Vec<KeymapProblem> {
    let mut problems = Vec::new();
    let doc = match DeTable::parse(text) {
        Ok(doc) => doc,
        Err(e) => {
            let line = e.span().map_or(0, |s| line_of(text, &s));
            let detail = e.message().trim().to_string();
            problems.push(KeymapProblem {
                line,
                message: tr!("keys.keymap.syntax", detail = detail),
            });
            return problems;
        }
    };
    let entries = collect(text, doc.get_ref(), &mut problems);
    merge(entries, tables, &mut problems);
    problems.sort_by_key(|p| p.line);
    problems
}

/// Walks the document into entries, in the order they are written, reporting what cannot be
/// an entry at all (unknown table, unknown action, a key that is not a key).
fn collect(text: &str, doc: &DeTable<'_>, problems: &mut Vec<KeymapProblem>) -> Vec<Entry> {
    let mut tables: Vec<_> = doc.iter().collect();
    tables.sort_by_key(|(k, _)| k.span().start);
    let mut entries = Vec::new();
    for (name, value) in tables {
        let line = line_of(text, &name.span());
        let name = name.get_ref().as_ref();
        let Some(context) = Context::from_name(name) else {
            let message = if value.get_ref().is_table() {
                tr!(
                    "keys.keymap.unknown_table",
                    table = name,
                    tables = table_list()
                )
            } else {
                tr!("keys.keymap.outside_table", key = name)
            };
            problems.push(KeymapProblem { line, message });
            continue;
        };
        let Some(table) = value.get_ref().as_table() else {
            problems.push(KeymapProblem {
                line,
                message: tr!("keys.keymap.not_a_table", table = name),
            });
            continue;
        };
        let mut rows: Vec<_> = table.iter().collect();
        rows.sort_by_key(|(k, _)| k.span().start);
        for (key, value) in rows {
            let line = line_of(text, &key.span());
            let written = key.get_ref().as_ref();
            if let Some(entry) = entry(context, written, value.get_ref(), line, problems) {
                entries.push(entry);
            }
        }
    }
    entries
}

fn entry(
    context: Context,
    written: &str,
    value: &DeValue<'_>,
    line: usize,
    problems: &mut Vec<KeymapProblem>,
) -> Option<Entry> {
    let table = context.name();
    let mut report = |message: String| problems.push(KeymapProblem { line, message });
    let Some(keys) = parse_sequence(written) else {
        report(tr!("keys.keymap.bad_key", table = table, key = written));
        return None;
    };
    let Some(name) = value.as_str() else {
        report(tr!(
            "keys.keymap.not_a_string",
            table = table,
            key = written
        ));
        return None;
    };
    let name = name.trim();
    let action = if name.is_empty() || name.eq_ignore_ascii_case("none") {
        None
    } else if let Some(action) = Action::from_name(name) {
        Some(action)
    } else {
        report(tr!(
            "keys.keymap.unknown_action",
            table = table,
            key = written,
            action = name
        ));
        return None;
    };
    Some(Entry {
        context,
        keys,
        written: written.to_string(),
        action,
        line,
    })
}

fn table_list() -> String {
    Context::ALL
        .iter()
        .map(|c| format!("[{}]", c.name()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Unbindings first, so that a file may free `g g` and bind `g` in the same breath; then the
/// bindings in the order written. A binding that would make another unreachable (`g` beside
/// `g g`) is skipped: otherwise one of the two could never be pressed.
fn merge(entries: Vec<Entry>, tables: &mut [Table], problems: &mut Vec<KeymapProblem>) {
    // The same key written twice (`G` and `shift-g`): the first one counts.
    let mut seen: HashMap<(Context, Vec<Key>), String> = HashMap::new();
    let mut kept = Vec::new();
    for e in entries {
        let id = (e.context, e.keys.clone());
        if let Some(first) = seen.get(&id) {
            problems.push(KeymapProblem {
                line: e.line,
                message: tr!(
                    "keys.keymap.duplicate",
                    table = e.context.name(),
                    key = e.written,
                    other = first
                ),
            });
            continue;
        }
        seen.insert(id, e.written.clone());
        kept.push(e);
    }
    for e in kept.iter().filter(|e| e.action.is_none()) {
        tables[e.context as usize].retain(|(keys, _)| *keys != e.keys);
    }
    for e in kept {
        let Some(action) = e.action else { continue };
        let table = &mut tables[e.context as usize];
        let clash = table.iter().find(|(keys, _)| {
            *keys != e.keys && (keys.starts_with(&e.keys) || e.keys.starts_with(keys))
        });
        if let Some((other, _)) = clash {
            problems.push(KeymapProblem {
                line: e.line,
                message: tr!(
                    "keys.keymap.conflict",
                    table = e.context.name(),
                    key = e.written,
                    other = sequence_to_string(other)
                ),
            });
            continue;
        }
        match table.iter_mut().find(|(keys, _)| *keys == e.keys) {
            Some(slot) => slot.1 = action,
            None => table.push((e.keys, action)),
        }
    }
}
