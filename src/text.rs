//! Text made safe and fitted for a terminal, below both the screens (`ui`) and the command
//! line (`cli`): control characters and escape sequences in stored text never reach the
//! terminal, and widths are measured in display columns (Chinese is 2). Also how typed text
//! is folded to plain forms (full-width digits and letters), for every parser above.

use std::borrow::Cow;
use unicode_width::UnicodeWidthStr;

/// Replaces control characters (ESC, BEL, CR, tabs, C1 controls...) by spaces, so that typed
/// or imported text is shown as text and cannot drive the terminal.
pub fn safe(text: &str) -> Cow<'_, str> {
    if text.chars().any(char::is_control) {
        Cow::Owned(
            text.chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(text)
    }
}

/// Characters that show nothing: zero-width space, non-joiner and joiner, word joiner and the
/// invisible operators, the byte-order mark, the soft hyphen, the direction marks, the
/// Mongolian vowel separator. Two names that differ only by these look the same on every
/// screen and paper. (Direction overrides and isolates reorder text: the limits refuse them.)
pub fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{034F}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FEFF}'
    )
}

/// `text` without its invisible characters (`is_invisible`).
pub fn strip_invisible(text: &str) -> Cow<'_, str> {
    if text.chars().any(is_invisible) {
        Cow::Owned(text.chars().filter(|&c| !is_invisible(c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// A person's name as the program compares and keeps it: without invisible characters and
/// surrounding spaces. The one normalisation of names, used by every way in (adding staff,
/// storing a child, the roster's cells) and every lookup by name (`--user`, the start screen).
pub fn name_form(name: &str) -> String {
    strip_invisible(name).trim().to_string()
}

/// `safe` for command-line output: each line and each tab-separated column goes through
/// `safe`, so the line breaks and tabs the program itself writes survive and nothing else does.
pub fn safe_lines(text: &str) -> Cow<'_, str> {
    let layout = |c: char| c == '\n' || c == '\t';
    if !text.chars().any(|c| c.is_control() && !layout(c)) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| if c.is_control() && !layout(c) { ' ' } else { c })
            .collect(),
    )
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

/// Display width in terminal columns.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// `text` cut to at most `max` columns, with `…` when cut.
pub fn fit(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out
}

/// As many of `parts` as fit in `max` columns, joined by `separator`, then "+N" for the rest;
/// the first part is cut with "…" when even it does not fit. The one rule for a row that
/// holds several reasons.
pub fn fit_parts(parts: &[String], separator: &str, max: usize) -> String {
    let mut out = String::new();
    for (i, part) in parts.iter().enumerate() {
        let rest = parts.len() - i - 1;
        let more = if rest > 0 {
            format!(" +{rest}")
        } else {
            String::new()
        };
        let joined = if i == 0 {
            part.clone()
        } else {
            format!("{out}{separator}{part}")
        };
        if width(&joined) + width(&more) <= max {
            out = joined;
            continue;
        }
        let more = format!(" +{}", parts.len() - i);
        if i == 0 {
            // Not even the first fits whole: cut it, and count the others.
            let more = if rest > 0 {
                format!(" +{rest}")
            } else {
                String::new()
            };
            return format!("{}{more}", fit(part, max.saturating_sub(width(&more))));
        }
        return format!("{out}{more}");
    }
    out
}

/// At most `max` characters of `text`, with `…` when cut: how a user's value is quoted in a
/// sentence, so that one enormous cell cannot flood a report.
pub fn quote(text: &str, max: usize) -> Cow<'_, str> {
    match text.char_indices().nth(max) {
        None => Cow::Borrowed(text),
        Some((end, _)) => Cow::Owned(format!("{}…", &text[..end])),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Issue 18 item 2.9: names that differ only by a character that shows nothing are one.
    #[test]
    fn invisible_characters_are_not_part_of_a_name() {
        for twin in [
            "张\u{200B}伟",
            "\u{FEFF}张伟",
            "张伟\u{200D}",
            "张\u{200C}伟",
            "张\u{00AD}伟",
            "\u{200E}张伟\u{200F}",
            "张\u{2060}伟 ",
        ] {
            assert_eq!(name_form(twin), "张伟", "{twin:?}");
        }
        assert_eq!(name_form("Li Ming"), "Li Ming");
        assert_eq!(
            crate::interchange::cells::clean_name("张\u{200B}伟"),
            "张伟",
            "the roster's cells too"
        );
    }

    #[test]
    fn parts_show_as_many_as_fit_and_count_the_rest() {
        let parts: Vec<String> = [
            "谈心：已逾期 58 天",
            "两地书：已逾期 3 天",
            "家访：已逾期 9 天",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let all = fit_parts(&parts, "；", 200);
        assert_eq!(
            all,
            "谈心：已逾期 58 天；两地书：已逾期 3 天；家访：已逾期 9 天"
        );
        let two = fit_parts(
            &parts,
            "；",
            width("谈心：已逾期 58 天；两地书：已逾期 3 天 +1"),
        );
        assert_eq!(two, "谈心：已逾期 58 天；两地书：已逾期 3 天 +1");
        let one = fit_parts(&parts, "；", 24);
        assert_eq!(one, "谈心：已逾期 58 天 +2");
        let cut = fit_parts(&parts, "；", 10);
        assert!(cut.ends_with("… +2"), "{cut}");
        assert!(width(&cut) <= 10, "{cut}");
        assert_eq!(fit_parts(&[], "；", 10), "");
    }

    #[test]
    fn full_width_forms_fold_to_ascii() {
        assert_eq!(fold_width("１３８ａＢ"), "138aB");
        assert_eq!(fold_all_width("２０１３／７－２１"), "2013/7-21");
        assert_eq!(fold_width("２０１３／７"), "2013／7");
    }

    #[test]
    fn escape_sequences_are_defused() {
        let evil = "张三\x1b[2J\x1b]0;title\x07\r\n";
        let shown = safe(evil);
        assert!(!shown.chars().any(|c| c.is_control()), "{shown:?}");
        assert!(shown.starts_with("张三"));
        assert!(matches!(safe("平常的字"), Cow::Borrowed(_)));
        assert!(
            !safe("a\u{9b}31m").chars().any(|c| c.is_control()),
            "C1 CSI must go too"
        );
    }

    #[test]
    fn command_line_output_keeps_only_its_own_line_breaks_and_tabs() {
        let shown = safe_lines("X\x1b]0;PWNED\x07Y\t2 children\nnext\r");
        assert_eq!(shown, "X ]0;PWNED Y\t2 children\nnext ");
        assert!(matches!(safe_lines("a\tb\nc"), Cow::Borrowed(_)));
    }

    #[test]
    fn widths_count_chinese_as_two_columns() {
        assert_eq!(width("张伟"), 4);
        assert_eq!(fit("八年级(3)班", 6), "八年…");
        assert!(width(&fit("八年级(3)班", 6)) <= 6);
        assert_eq!(fit("abc", 5), "abc");
    }

    #[test]
    fn quotes_are_cut_by_characters() {
        assert_eq!(quote("张伟明", 2), "张伟…");
        assert_eq!(quote("abc", 3), "abc");
    }
}
