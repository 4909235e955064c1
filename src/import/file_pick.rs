//! Choosing a roster file by typing its path, as a shell completes it: the folders and the
//! roster files (`.csv`, `.xlsx`) in the folder typed so far whose names begin with what
//! follows it. A relative path starts from the folder given (the person's home); `~` is home.

use std::path::{MAIN_SEPARATOR, Path, PathBuf};

/// Entries offered at most: a folder of thousands of files shows its first ones.
pub const CANDIDATES_MAX: usize = 200;

/// A folder or a roster file that the typed path may become.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Candidate {
    /// The name within its folder (no separator).
    pub name: String,
    pub is_dir: bool,
}

impl Candidate {
    /// The name as the picker shows it and completion writes it: a folder ends with the
    /// system's separator (`Documents\` on Windows, `Documents/` elsewhere).
    pub fn shown(&self) -> String {
        if self.is_dir {
            format!("{}{MAIN_SEPARATOR}", self.name)
        } else {
            self.name.clone()
        }
    }
}

/// Whether a file name is one the roster import reads.
pub fn is_roster_file(name: &str) -> bool {
    let lower = name.to_lowercase();
    lower.ends_with(".csv") || lower.ends_with(".xlsx")
}

fn is_separator(c: char) -> bool {
    c == '/' || c == MAIN_SEPARATOR
}

/// The typed text split into the folder part (with its last separator) and the name part.
fn split(typed: &str) -> (&str, &str) {
    match typed.rfind(is_separator) {
        Some(i) => {
            let end = i + typed[i..].chars().next().map_or(1, char::len_utf8);
            (&typed[..end], &typed[end..])
        }
        None => ("", typed),
    }
}

/// The path the typed text names: `~` is `home`, a relative path starts from `base`.
pub fn resolve(typed: &str, base: &Path, home: &Path) -> PathBuf {
    let typed = typed.trim();
    if typed == "~" {
        return home.to_path_buf();
    }
    if let Some(rest) = typed.strip_prefix('~')
        && rest.starts_with(is_separator)
    {
        return home.join(rest.trim_start_matches(is_separator));
    }
    let path = Path::new(typed);
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        base.join(path)
    }
}

/// The folders and roster files the typed text may become, folders first, each group by
/// name. Hidden entries only when the name part starts with a dot.
pub fn candidates(typed: &str, base: &Path, home: &Path) -> Vec<Candidate> {
    let (folder, start) = split(typed.trim_start());
    let dir = if folder.is_empty() {
        base.to_path_buf()
    } else {
        resolve(folder, base, home)
    };
    let Ok(entries) = std::fs::read_dir(&dir) else {
        return Vec::new();
    };
    let mut out: Vec<Candidate> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let name = e.file_name().to_str()?.to_string();
            if !name.starts_with(start) || (name.starts_with('.') && !start.starts_with('.')) {
                return None;
            }
            // A link to a folder is a folder to go into.
            let is_dir = std::fs::metadata(e.path()).is_ok_and(|m| m.is_dir());
            (is_dir || is_roster_file(&name)).then_some(Candidate { name, is_dir })
        })
        .collect();
    out.sort_by(|a, b| b.is_dir.cmp(&a.is_dir).then_with(|| a.name.cmp(&b.name)));
    out.truncate(CANDIDATES_MAX);
    out
}

/// The typed text with its name part replaced by `candidate` (a folder gets its separator).
pub fn with_candidate(typed: &str, candidate: &Candidate) -> String {
    let (folder, _) = split(typed.trim_start());
    format!("{folder}{}", candidate.shown())
}

/// What Tab makes of the typed text: the only candidate, whole; else the longest beginning
/// that every candidate shares, when it is longer than what is typed. `None`: nothing to add.
pub fn complete(typed: &str, candidates: &[Candidate]) -> Option<String> {
    let (folder, start) = split(typed.trim_start());
    match candidates {
        [] => None,
        [one] => Some(with_candidate(typed, one)),
        [first, rest @ ..] => {
            let mut common: &str = &first.name;
            for c in rest {
                let shared = common
                    .char_indices()
                    .zip(c.name.chars())
                    .take_while(|((_, a), b)| a == b)
                    .last()
                    .map_or(0, |((i, a), _)| i + a.len_utf8());
                common = &common[..shared];
            }
            (common.len() > start.len()).then(|| format!("{folder}{common}"))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(c: &[Candidate]) -> Vec<String> {
        c.iter()
            .map(|c| format!("{}{}", c.name, if c.is_dir { "/" } else { "" }))
            .collect()
    }

    #[test]
    fn folders_and_roster_files_complete_as_in_a_shell() {
        let dir = tempfile::tempdir().unwrap();
        let base = dir.path();
        std::fs::create_dir(base.join("名单")).unwrap();
        std::fs::create_dir(base.join(".hidden")).unwrap();
        for f in ["名单2026.csv", "名单2026秋.XLSX", "名单.docx", "notes.txt"] {
            std::fs::write(base.join(f), "x").unwrap();
        }
        std::fs::write(base.join("名单").join("七年级.csv"), "x").unwrap();
        let home = base.join("名单");

        let all = candidates("", base, &home);
        assert_eq!(names(&all), ["名单/", "名单2026.csv", "名单2026秋.XLSX"]);
        assert_eq!(
            complete("名", &all).as_deref(),
            Some("名单"),
            "the longest shared beginning"
        );
        let two = candidates("名单2", base, &home);
        assert_eq!(complete("名单2", &two).as_deref(), Some("名单2026"));
        let one = candidates("名单2026秋", base, &home);
        assert_eq!(
            complete("名单2026秋", &one).as_deref(),
            Some("名单2026秋.XLSX")
        );
        // Into a folder, by a relative path and by ~.
        let inside = candidates("名单/", base, &home);
        assert_eq!(names(&inside), ["七年级.csv"]);
        assert_eq!(
            complete("名单/七", &inside).as_deref(),
            Some("名单/七年级.csv")
        );
        assert_eq!(names(&candidates("~/", base, &home)), ["七年级.csv"]);
        assert_eq!(
            resolve("~/七年级.csv", base, &home),
            home.join("七年级.csv")
        );
        let absolute = format!("{}/", base.display());
        assert_eq!(candidates(&absolute, base, &home).len(), 3);
        // Hidden folders only when asked for; nothing where there is no folder.
        assert_eq!(names(&candidates(".", base, &home)), [".hidden/"]);
        assert!(candidates("没有/", base, &home).is_empty());
        assert_eq!(complete("x", &[]), None);
    }

    /// A folder is shown, and completed, with the system's separator: `Documents\` on
    /// Windows, where `Documents/` looked foreign; the completed text goes on into it.
    #[test]
    fn a_folder_is_shown_and_completed_with_the_systems_separator() {
        let docs = Candidate {
            name: "Documents".into(),
            is_dir: true,
        };
        let roster = Candidate {
            name: "名单.csv".into(),
            is_dir: false,
        };
        #[cfg(windows)]
        assert_eq!(docs.shown(), "Documents\\");
        #[cfg(not(windows))]
        assert_eq!(docs.shown(), "Documents/");
        assert_eq!(roster.shown(), "名单.csv");
        let completed = complete("Doc", std::slice::from_ref(&docs)).unwrap();
        assert_eq!(completed, format!("Documents{MAIN_SEPARATOR}"));
        assert_eq!(split(&completed), (completed.as_str(), ""));
        assert_eq!(
            with_candidate(&completed, &roster),
            format!("Documents{MAIN_SEPARATOR}名单.csv")
        );
    }
}
