//! Turning the bytes people bring into clean text: encoding detection (UTF-8, UTF-8 with BOM,
//! UTF-16 with BOM, GBK) and the normalisation of cells (full-width forms, odd spaces, phones).

use encoding_rs::{GBK, UTF_16BE, UTF_16LE};

/// What a file's bytes turned out to be.
#[derive(Debug, PartialEq, Eq)]
pub enum Content {
    /// A zip container: an XLSX workbook (or something pretending to be one).
    Xlsx,
    /// An old binary Excel workbook (OLE compound file).
    Xls,
    Text(String),
    /// Not text in any encoding we read.
    Binary,
}

/// Decides by the bytes themselves, never by the file name: schools rename files freely.
pub fn sniff(bytes: &[u8]) -> Content {
    if bytes.starts_with(b"PK\x03\x04") {
        return Content::Xlsx;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Content::Xls;
    }
    match decode_text(bytes) {
        Some(s) => Content::Text(s),
        None => Content::Binary,
    }
}

/// Decodes text: a BOM wins; else valid UTF-8; else GBK (what Excel on Chinese Windows
/// writes). `None` when the result is not believable as text.
pub fn decode_text(bytes: &[u8]) -> Option<String> {
    let text = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        String::from_utf8_lossy(rest).into_owned()
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        UTF_16LE.decode_without_bom_handling(rest).0.into_owned()
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        UTF_16BE.decode_without_bom_handling(rest).0.into_owned()
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => s.to_string(),
            Err(_) => GBK.decode_without_bom_handling(bytes).0.into_owned(),
        }
    };
    looks_like_text(&text).then_some(text)
}

/// Random bytes decode "successfully" as GBK, but leave replacement characters and control
/// bytes behind; real text has (almost) none.
fn looks_like_text(s: &str) -> bool {
    let mut total = 0usize;
    let mut bad = 0usize;
    for c in s.chars() {
        total += 1;
        if c == '\u{FFFD}' || c == '\0' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
            bad += 1;
        }
    }
    // One stray byte in a long file is forgiven; more than 1 in 200 is not text.
    bad == 0 || (bad * 200 <= total && !s.contains('\0'))
}

/// Full-width digits and Latin letters become ASCII; ideographic and no-break spaces become
/// ASCII spaces. Other full-width punctuation is kept, as the school wrote it.
pub fn fold_width(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '０'..='９' | 'Ａ'..='Ｚ' | 'ａ'..='ｚ' => {
                char::from_u32(c as u32 - 0xFEE0).unwrap_or(c)
            }
            '\u{3000}' | '\u{00A0}' | '\u{2002}'..='\u{200A}' | '\u{202F}' => ' ',
            '\u{FEFF}' | '\u{200B}' => '\u{200B}',
            _ => c,
        })
        .filter(|&c| c != '\u{200B}')
        .collect()
}

/// Folds every full-width ASCII form (punctuation too): for dates and phones, where `－`,
/// `／` or `（` carry no meaning of their own.
pub fn fold_all_width(s: &str) -> String {
    fold_width(s)
        .chars()
        .map(|c| match c {
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// A general cell: folded, control characters dropped (they must never reach a terminal),
/// line breaks kept as `\n`, each line trimmed, and the whole trimmed.
pub fn clean_cell(s: &str) -> String {
    let s = unguard_formula(s);
    // Most cells are already clean; checking costs no allocation, rebuilding costs several.
    let plain = |c: char| {
        (c.is_ascii_graphic() || c == ' ' || (!c.is_ascii() && !c.is_whitespace()))
            && !matches!(c, '\u{FF01}'..='\u{FF5E}' | '\u{FEFF}' | '\u{200B}')
            && !c.is_control()
    };
    if s.chars().all(plain) && !s.starts_with(' ') && !s.ends_with(' ') {
        return s.to_string();
    }
    let folded = fold_width(s).replace("\r\n", "\n").replace('\r', "\n");
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
pub const QUOTED_CHARS: usize = 60;

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
    fn utf8_bom_and_gbk_are_read() {
        assert_eq!(decode_text("姓名".as_bytes()).as_deref(), Some("姓名"));
        assert_eq!(
            decode_text(b"\xEF\xBB\xBFname").as_deref(),
            Some("name"),
            "the BOM is dropped"
        );
        let (gbk, _, _) = GBK.encode("张伟,男");
        assert!(std::str::from_utf8(&gbk).is_err());
        assert_eq!(decode_text(&gbk).as_deref(), Some("张伟,男"));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("学号".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode_text(&utf16).as_deref(), Some("学号"));
    }

    #[test]
    fn binary_is_not_text() {
        let bytes: Vec<u8> = (0..2000u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert_eq!(decode_text(&bytes), None);
        assert_eq!(sniff(b"PK\x03\x04rest"), Content::Xlsx);
        assert_eq!(decode_text(b"a\0b"), None);
    }

    #[test]
    fn widths_and_spaces_are_normalised() {
        assert_eq!(fold_width("１３８ａＢ"), "138aB");
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
