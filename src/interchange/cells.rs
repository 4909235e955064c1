//! The cells of the interchange files, read and written alike: full-width forms, odd spaces,
//! names, phones, headers, and the formula guard a spreadsheet export needs.

use crate::text::{fold_all_width, fold_width};

/// A general cell: folded, control characters dropped (they must never reach a terminal),
/// line breaks kept as `\n`, each line trimmed, and the whole trimmed.
pub fn clean_cell(s: &str) -> String {
    let s = unguard_formula(s);
    // Most cells are already clean; checking costs no allocation, rebuilding costs several.
    let plain = |c: char| {
        (c.is_ascii_graphic() || c == ' ' || (!c.is_ascii() && !c.is_whitespace()))
            && !matches!(c, '\u{FF01}'..='\u{FF5E}')
            && !crate::text::is_invisible(c)
            && !c.is_control()
    };
    if s.chars().all(plain) && !s.starts_with(' ') && !s.ends_with(' ') {
        return s.to_string();
    }
    let folded = fold_width(&crate::text::strip_invisible(s))
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    let no_controls: String = folded
        .chars()
        .map(|c| if c == '\t' { ' ' } else { c })
        .filter(|&c| c == '\n' || !c.is_control())
        .collect();
    let lines: Vec<&str> = no_controls.lines().map(str::trim).collect();
    lines.join("\n").trim().to_string()
}

/// Spreadsheets run a cell that starts with `=`, `+`, `-` or `@` as a formula, so a roster
/// export writes such a cell with a leading `'` (what Excel itself does). Reading it back,
/// that quote is not part of the value.
pub fn guard_formula(s: &str) -> std::borrow::Cow<'_, str> {
    if s.starts_with(['=', '+', '-', '@']) {
        std::borrow::Cow::Owned(format!("'{s}"))
    } else {
        std::borrow::Cow::Borrowed(s)
    }
}

fn unguard_formula(s: &str) -> &str {
    match s.strip_prefix('\'') {
        Some(rest) if rest.starts_with(['=', '+', '-', '@']) => rest,
        _ => s,
    }
}

/// A person's name: a clean cell on one line, with the spaces people put inside Chinese
/// names to align them (`张　伟`) removed, while `Li Ming` keeps its single space.
pub fn clean_name(s: &str) -> String {
    let one_line = clean_cell(s).replace('\n', " ");
    let chars: Vec<char> = one_line.chars().collect();
    let mut out = String::with_capacity(one_line.len());
    for (i, &c) in chars.iter().enumerate() {
        if c.is_whitespace() {
            let prev = out.chars().next_back();
            let next = chars[i + 1..].iter().copied().find(|c| !c.is_whitespace());
            let latin_both_sides =
                matches!((prev, next), (Some(p), Some(n)) if p.is_ascii() && n.is_ascii());
            if latin_both_sides && prev != Some(' ') {
                out.push(' ');
            }
        } else {
            out.push(c);
        }
    }
    out
}

/// A phone number as ASCII digits only. Spaces, dashes, dots, brackets and a leading `+` are
/// dropped; anything else (letters, a second number) makes it `None`. Between 5 and 15
/// digits: short village numbers to international ones.
pub fn phone_digits(s: &str) -> Option<String> {
    let folded = fold_all_width(s);
    let mut digits = String::with_capacity(folded.len());
    for c in folded.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' | '.' | '(' | ')' | '+' | '\u{2010}'..='\u{2015}' => {}
            _ => return None,
        }
    }
    (5..=15).contains(&digits.len()).then_some(digits)
}

/// A header cell made comparable: folded, BOM and all spaces dropped, lower case, and
/// English `Student ID` / `student-id` written as `student_id`.
pub fn header_key(s: &str) -> String {
    let folded = fold_width(s);
    let trimmed = folded.trim().trim_matches('\u{FEFF}').trim();
    let mut out = String::with_capacity(trimmed.len());
    let mut last_sep = false;
    for c in trimmed.chars() {
        if c.is_whitespace() || c == '-' || c == '_' {
            // A separator only means something between English words; inside a Chinese
            // header (`出生 日期`) it is dropped.
            if !last_sep
                && out
                    .chars()
                    .next_back()
                    .is_some_and(|p| p.is_ascii_alphanumeric())
            {
                out.push('_');
            }
            last_sep = true;
        } else {
            out.extend(c.to_lowercase());
            last_sep = false;
        }
    }
    out.trim_matches('_').to_string()
}

/// How much of a cell a sentence quotes.
pub const QUOTED_CHARS: usize = crate::model::limits::QUOTED_CHARS;

/// A cell as a rejection sentence quotes it: at most `QUOTED_CHARS` characters, `…` when cut.
pub fn quoted(cell: &str) -> String {
    crate::text::quote(cell, QUOTED_CHARS).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formula_guard_round_trips() {
        for v in [
            "=HYPERLINK(\"x\")",
            "+86 138",
            "-",
            "@me",
            "张伟",
            "'quoted",
        ] {
            assert_eq!(clean_cell(&guard_formula(v)), clean_cell(v), "{v}");
        }
        assert_eq!(guard_formula("=1+1"), "'=1+1");
        assert_eq!(guard_formula("张伟"), "张伟");
    }

    #[test]
    fn widths_and_spaces_are_normalised() {
        assert_eq!(clean_cell("\u{3000} 八年级(3)班 \u{3000}"), "八年级(3)班");
        assert_eq!(clean_cell("a\u{1b}[31mb"), "a[31mb");
        assert_eq!(clean_cell("a\u{85}b\u{9f}"), "ab");
        assert_eq!(clean_cell("学号\u{FEFF}"), "学号");
        assert_eq!(clean_cell("张三 李四"), "张三 李四");
        assert_eq!(clean_cell(" 第一行 \r\n 第二行 "), "第一行\n第二行");
        assert_eq!(clean_name("张\u{3000}伟"), "张伟");
        assert_eq!(clean_name(" 张 伟 "), "张伟");
        assert_eq!(clean_name("Li   Ming"), "Li Ming");
    }

    #[test]
    fn phones_become_ascii_digits() {
        assert_eq!(
            phone_digits("１３８ ００１３-８０００").as_deref(),
            Some("13800138000")
        );
        assert_eq!(
            phone_digits("+86 138 0013 8000").as_deref(),
            Some("8613800138000")
        );
        assert_eq!(
            phone_digits("0851-(1234)5678").as_deref(),
            Some("085112345678")
        );
        assert_eq!(phone_digits("138abc"), None);
        assert_eq!(phone_digits("123"), None);
        assert_eq!(phone_digits("1380013800013800138"), None);
    }

    #[test]
    fn headers_compare_loosely() {
        assert_eq!(header_key("\u{FEFF} 学号 "), "学号");
        assert_eq!(header_key("Student ID"), "student_id");
        assert_eq!(header_key("BIRTH-DATE"), "birth_date");
        assert_eq!(header_key("ｎａｍｅ"), "name");
        assert_eq!(header_key("出生　日期"), "出生日期");
    }
}
