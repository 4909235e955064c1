//! The layer map is kept by a test (rust-analyzer keeps its invariants with such tidy tests):
//! the rows are read from the diagram under "## Layers" in `ARCHITECTURE.md`, so the map and
//! the check cannot disagree, and every `crate::<module>` a file of `src/` names (in a `use`,
//! a `use crate::{…}` list, a path written inline, or `super::` climbing to the crate root)
//! must be on the file's own row or below it. Test code is not held to it: a store test may
//! fill a demo school (files named `tests.rs` or `*_tests.rs`, files under a `tests/` folder,
//! and an inline `#[cfg(test)] mod`).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Edges that run up the layers today, each named with the issue item that removes it. The
/// test fails when one of them is gone too, so the list cannot outlive its reason.
const KNOWN_UPWARD: &[(&str, &str, &str)] = &[];

/// Macros exported at the crate root, and the module that defines them.
const MACROS: &[(&str, &str)] = &[("tr", "i18n"), ("trn", "i18n")];

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The modules `lib.rs` declares.
fn modules() -> BTreeSet<String> {
    let lib = std::fs::read_to_string(root().join("src/lib.rs")).unwrap_or_default();
    lib.lines()
        .filter_map(|l| l.trim().strip_prefix("pub mod "))
        .map(|m| m.trim_end_matches(';').to_string())
        .collect()
}

/// Each module's row in the diagram, 0 at the top. A line's row is the module names it starts
/// with (`main.rs`, the binary, is no module of the library); the rest is its description.
fn rows(architecture: &str, modules: &BTreeSet<String>) -> Result<BTreeMap<String, usize>, String> {
    let after = architecture
        .split_once("## Layers")
        .ok_or("ARCHITECTURE.md has no \"## Layers\"")?
        .1;
    let diagram = after
        .split("```")
        .nth(1)
        .ok_or("no diagram under \"## Layers\"")?;
    let mut rows = BTreeMap::new();
    let mut row = 0;
    for line in diagram.lines() {
        let names: Vec<&str> = line
            .split_whitespace()
            .map(|w| w.trim_end_matches(".rs"))
            .take_while(|w| modules.contains(*w))
            .collect();
        if names.is_empty() {
            continue;
        }
        for name in names {
            if rows.insert(name.to_string(), row).is_some() {
                return Err(format!("`{name}` is on two rows of the diagram"));
            }
        }
        row += 1;
    }
    let missing: Vec<_> = modules.iter().filter(|m| !rows.contains_key(*m)).collect();
    if !missing.is_empty() {
        return Err(format!("the diagram does not place {missing:?}"));
    }
    Ok(rows)
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn is_test_file(rel: &[&str]) -> bool {
    let name = rel.last().copied().unwrap_or_default();
    rel[..rel.len() - 1].contains(&"tests") || name == "tests.rs" || name.ends_with("_tests.rs")
}

/// The lines of a file with comments and inline `#[cfg(test)] mod … { … }` blocked out
/// (replaced by empty lines, so line numbers stay true).
fn product_lines(text: &str) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::with_capacity(lines.len());
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        if line.trim() == "#[cfg(test)]" {
            let mut j = i + 1;
            while j < lines.len() && lines[j].trim().starts_with("#[") {
                j += 1;
            }
            let decl = lines.get(j).map_or("", |l| l.trim());
            if decl.starts_with("mod ") && decl.ends_with('{') {
                let mut depth = 0i32;
                let mut k = j;
                while k < lines.len() {
                    depth += lines[k].matches('{').count() as i32;
                    depth -= lines[k].matches('}').count() as i32;
                    if depth <= 0 {
                        break;
                    }
                    k += 1;
                }
                out.extend(std::iter::repeat_n(String::new(), k + 1 - i));
                i = k + 1;
                continue;
            }
        }
        out.push(line.split("//").next().unwrap_or_default().to_string());
        i += 1;
    }
    out
}

/// Every crate-root name a file reaches, with its line (1-based): `crate::x`, each item of
/// `crate::{x, y::z}` (a list may run over several lines), and `super::…` that climbs past the
/// file's own module path (`depth` is how many modules deep the file is).
fn references(lines: &[String], depth: usize) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let ident = |s: &str| -> String {
        s.chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect()
    };
    for (n, line) in lines.iter().enumerate() {
        let mut rest = line.as_str();
        while let Some(at) = [rest.find("crate::"), rest.find("super::")]
            .into_iter()
            .flatten()
            .min()
        {
            let before = &rest[..at];
            let head = &rest[at..];
            let (tail, root_reached) = if let Some(t) = head.strip_prefix("crate::") {
                (t, !before.ends_with('$'))
            } else {
                let mut t = head;
                let mut ups = 0;
                while let Some(s) = t.strip_prefix("super::") {
                    t = s;
                    ups += 1;
                }
                (t, ups >= depth)
            };
            if root_reached {
                if let Some(list) = tail.strip_prefix('{') {
                    found.extend(braced(lines, n, list));
                } else {
                    found.push((n + 1, ident(tail)));
                }
            }
            rest = &head[7..];
        }
    }
    found
}

/// The first name of each item of a `{…}` list that begins at `line` with `list`.
fn braced(lines: &[String], line: usize, list: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let mut depth = 1;
    let mut want = true;
    let mut n = line;
    let mut text = list.to_string();
    loop {
        let mut chars = text.char_indices().peekable();
        while let Some((i, c)) = chars.next() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        return found;
                    }
                }
                ',' if depth == 1 => want = true,
                c if want && depth == 1 && (c.is_alphanumeric() || c == '_') => {
                    let name: String = text[i..]
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    for _ in 1..name.chars().count() {
                        chars.next();
                    }
                    found.push((n + 1, name));
                    want = false;
                }
                _ => {}
            }
        }
        n += 1;
        match lines.get(n) {
            Some(l) => text = l.clone(),
            None => return found,
        }
    }
}

/// Every edge of the product code that runs up the diagram, as `file:line: from → to`.
fn upward_edges() -> Result<Vec<(String, String, String)>, String> {
    let modules = modules();
    let architecture = std::fs::read_to_string(root().join("ARCHITECTURE.md"))
        .map_err(|e| format!("ARCHITECTURE.md: {e}"))?;
    let rows = rows(&architecture, &modules)?;
    let src = root().join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    files.sort();
    let mut up = Vec::new();
    for path in files {
        let rel_path = path.strip_prefix(&src).unwrap_or(&path).to_path_buf();
        let rel: Vec<&str> = rel_path.iter().filter_map(|p| p.to_str()).collect();
        if rel == ["lib.rs"] || rel == ["main.rs"] || is_test_file(&rel) {
            continue;
        }
        let from = rel[0].trim_end_matches(".rs");
        // How many modules deep: `a.rs` and `a/mod.rs` 1, `a/b.rs` 2.
        let depth = rel.len() - usize::from(rel.last() == Some(&"mod.rs"));
        let text = std::fs::read_to_string(&path).map_err(|e| format!("{rel_path:?}: {e}"))?;
        for (line, name) in references(&product_lines(&text), depth) {
            let to = MACROS
                .iter()
                .find(|(m, _)| *m == name)
                .map_or(name.as_str(), |(_, module)| module);
            if to == from {
                continue;
            }
            let (Some(&f), Some(&t)) = (rows.get(from), rows.get(to)) else {
                return Err(format!(
                    "src/{}:{line}: `crate::{name}` is no module on the map",
                    rel_path.display()
                ));
            };
            if t < f {
                up.push((
                    format!("src/{}:{line}", rel_path.display()),
                    from.to_string(),
                    to.to_string(),
                ));
            }
        }
    }
    Ok(up)
}

#[test]
fn no_module_reaches_up_the_layers() {
    let up = upward_edges().unwrap_or_else(|e| panic!("{e}"));
    let known = |(at, from, to): &&(String, String, String)| {
        KNOWN_UPWARD
            .iter()
            .any(|(f, t, file)| f == from && t == to && at.starts_with(&format!("{file}:")))
    };
    let new: Vec<String> = up
        .iter()
        .filter(|e| !known(e))
        .map(|(at, from, to)| format!("{at}: {from} → {to}"))
        .collect();
    assert!(
        new.is_empty(),
        "these run up the layers of ARCHITECTURE.md (a module uses only its own row or below):\n{}",
        new.join("\n")
    );
    let gone: Vec<_> = KNOWN_UPWARD
        .iter()
        .filter(|(f, t, file)| {
            !up.iter()
                .any(|(at, from, to)| from == f && to == t && at.starts_with(&format!("{file}:")))
        })
        .collect();
    assert!(
        gone.is_empty(),
        "no longer upward, take them off KNOWN_UPWARD: {gone:?}"
    );
}

#[test]
fn references_read_lists_inline_paths_and_super() {
    let lines: Vec<String> = [
        "use crate::{model::Child, text,",
        "    domain::{access, care}};",
        "let x = crate::clock::today();",
        "use super::super::store::Store;",
        "use super::cells;",
        "$crate::i18n::text(k)",
    ]
    .iter()
    .map(|l| l.to_string())
    .collect();
    let names: Vec<(usize, String)> = references(&lines, 2);
    let want: Vec<(usize, String)> = [
        (1, "model"),
        (1, "text"),
        (2, "domain"),
        (3, "clock"),
        (4, "store"),
    ]
    .iter()
    .map(|(n, s)| (*n, s.to_string()))
    .collect();
    assert_eq!(names, want);
}
