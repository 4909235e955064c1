//! The letters import (SPEC §5): typed-in whisper-mailbox letters separated by `---` lines,
//! each with an optional pseudonym and date. Letters stay anonymous: nothing names a child.

use super::ImportError;
use super::decode::decode_text;
use crate::domain::access::Operation;
use crate::domain::when::parse_date;
use crate::interchange::cells::clean_cell;
use crate::store::{Session, StoreError};
use crate::tr;
use chrono::NaiveDate;
use std::collections::HashSet;
use std::fmt;
use std::path::Path;

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LettersReport {
    /// The numbers given to the new letters, in file order.
    pub added: Vec<String>,
    /// Letters already in the store (same day, pseudonym and text), not added again.
    pub skipped: usize,
    /// The new letters whose text holds a danger word (they need attention).
    pub attention: Vec<String>,
}

impl fmt::Display for LettersReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "{}",
            crate::trn!(
                "import.letters.summary",
                added = self.added.len(),
                skipped = self.skipped
            )
        )?;
        if !self.added.is_empty() {
            writeln!(
                f,
                "{}",
                tr!("import.letters.numbers", numbers = self.added.join(", "))
            )?;
        }
        if !self.attention.is_empty() {
            writeln!(
                f,
                "{}",
                tr!(
                    "mailbox.import_attention",
                    numbers = self.attention.join(", ")
                )
            )?;
        }
        Ok(())
    }
}

/// One letter as the file gives it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParsedLetter {
    /// The letter's first line in the file, for messages.
    pub line: usize,
    pub received: NaiveDate,
    pub pseudonym: Option<String>,
    pub text: String,
}

/// The value of a `key: value` line (`:` or `：`) for one of `keys`, compared ignoring case.
fn field<'a>(line: &'a str, keys: &[&str]) -> Option<&'a str> {
    let (k, v) = line.split_once([':', '：'])?;
    let k = k.trim();
    keys.iter()
        .any(|key| k.eq_ignore_ascii_case(key))
        .then(|| v.trim())
}

/// Splits the text into letters; the error is the (1-based) line and value of a date line
/// that is not a date.
pub fn parse_letters(text: &str, today: NaiveDate) -> Result<Vec<ParsedLetter>, (usize, String)> {
    let mut letters = Vec::new();
    let mut chunk: Vec<(usize, &str)> = Vec::new();
    let lines = text.lines().enumerate().map(|(i, l)| (i + 1, l));
    for (n, line) in lines.chain(std::iter::once((0, "---"))) {
        if line.trim() == "---" {
            if let Some(letter) = parse_one(&chunk, today)? {
                letters.push(letter);
            }
            chunk.clear();
        } else {
            chunk.push((n, line));
        }
    }
    Ok(letters)
}

fn parse_one(
    lines: &[(usize, &str)],
    today: NaiveDate,
) -> Result<Option<ParsedLetter>, (usize, String)> {
    let mut pseudonym = None;
    let mut received = None;
    let mut body_start = lines.len();
    // The optional header lines come first (blank lines before them are allowed).
    for (i, (n, line)) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        if let Some(v) = field(line, &["署名", "pseudonym"]) {
            let name = clean_cell(v);
            pseudonym = (!name.is_empty()).then_some(name);
        } else if let Some(v) = field(line, &["日期", "date"]) {
            received = Some(parse_date(v).ok_or_else(|| (*n, v.to_string()))?);
        } else {
            body_start = i;
            break;
        }
    }
    let body: Vec<&str> = lines[body_start..].iter().map(|(_, l)| *l).collect();
    let text = clean_cell(&body.join("\n"));
    if text.is_empty() {
        return Ok(None);
    }
    Ok(Some(ParsedLetter {
        line: lines.first().map_or(0, |(n, _)| *n),
        received: received.unwrap_or(today),
        pseudonym,
        text,
    }))
}

/// Imports the letters at `path` in one transaction. A letter already stored (same date,
/// pseudonym and text) is skipped, so importing a file twice adds nothing the second time.
/// Each letter is matched against `danger_words` as the mailbox's own intake does.
pub fn import_letters(
    session: &Session,
    path: &Path,
    today: NaiveDate,
    danger_words: &[String],
) -> Result<LettersReport, ImportError> {
    session.allow(Operation::TakeInLetters)?;
    let bytes = super::read_bounded(path)?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::Empty {
            path: path.to_path_buf(),
        });
    }
    let text = decode_text(&bytes).ok_or_else(|| ImportError::LettersNotText {
        path: path.to_path_buf(),
    })?;
    let letters =
        parse_letters(&text, today).map_err(|(line, value)| ImportError::BadLetterDate {
            path: path.to_path_buf(),
            line,
            value,
        })?;
    if letters.is_empty() {
        return Err(ImportError::Empty {
            path: path.to_path_buf(),
        });
    }
    let mut refused: Option<(usize, crate::model::Refusal)> = None;
    let written = session.write(|w| {
        let known: HashSet<(NaiveDate, Option<String>, String)> = w
            .letters()?
            .into_iter()
            .map(|l| (l.received, l.pseudonym, l.text))
            .collect();
        let mut report = LettersReport::default();
        for p in letters {
            if known.contains(&(p.received, p.pseudonym.clone(), p.text.clone())) {
                report.skipped += 1;
                continue;
            }
            let line = p.line;
            let taken = crate::mailbox::take_in(
                w,
                danger_words,
                today,
                p.received,
                p.pseudonym,
                p.text,
                crate::store::LetterVia::Imported,
            );
            let letter = match taken {
                Ok(letter) => letter,
                // The whole file is refused (the error rolls the write back), naming the letter.
                Err(StoreError::Refused(reason)) => {
                    refused = Some((line, reason.clone()));
                    return Err(StoreError::Refused(reason));
                }
                Err(e) => return Err(e),
            };
            if letter.needs_attention {
                report.attention.push(letter.number.to_string());
            }
            let number = letter.number.to_string();
            report.added.push(number);
        }
        Ok(report)
    });
    match (written, refused) {
        (Ok(report), _) => Ok(report),
        (Err(_), Some((line, reason))) => Err(ImportError::LetterRefused {
            path: path.to_path_buf(),
            line,
            reason,
        }),
        (Err(e), None) => Err(e.into()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn letters_split_on_dashes_with_optional_headers() {
        let text = "署名：小星星\n日期: 2026年11月27日\n\n  老师，我想妈妈。\n第二行\n---\n\n---\npseudonym: Blue\nDATE: 2026/11/20\nhi\n---\n没有署名的信\n";
        let today = day("2026-12-01");
        let got = parse_letters(text, today).unwrap();
        assert_eq!(got.len(), 3, "the empty letter is skipped");
        assert_eq!(got[0].pseudonym.as_deref(), Some("小星星"));
        assert_eq!(got[0].received, day("2026-11-27"));
        assert_eq!(got[0].text, "老师，我想妈妈。\n第二行");
        assert_eq!(got[1].pseudonym.as_deref(), Some("Blue"));
        assert_eq!(got[1].received, day("2026-11-20"));
        assert_eq!(got[2].pseudonym, None);
        assert_eq!(got[2].received, today);
    }

    #[test]
    fn a_bad_date_line_is_reported_with_its_line() {
        let text = "第一封\n---\n日期: 下周\n第二封\n";
        assert_eq!(
            parse_letters(text, day("2026-12-01")),
            Err((3, "下周".to_string()))
        );
    }

    #[test]
    fn a_colon_in_the_body_is_not_a_header() {
        let got = parse_letters("老师：你好\n日期: 2026-11-27", day("2026-12-01")).unwrap();
        assert_eq!(got[0].pseudonym, None);
        assert_eq!(got[0].text, "老师：你好\n日期: 2026-11-27");
    }
}
