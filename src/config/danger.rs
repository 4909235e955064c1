//! Finding danger words in a letter: both the letter and the words are normalised (spaces and
//! punctuation removed, full-width ASCII folded, Latin lower-cased) before a substring match.

/// The text as the matcher compares it: no whitespace (ASCII or ideographic), no punctuation
/// or symbols of any script, full-width ASCII folded to half-width, Latin in lower case.
/// So "不 想，活" and "不想活" compare equal, and "ＨＥＬＰ me" matches "helpme".
pub fn normalise(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        let c = fold_width(c);
        if c.is_whitespace() || is_punctuation(c) || c.is_control() {
            continue;
        }
        out.extend(c.to_lowercase());
    }
    out
}

/// Full-width forms U+FF01..U+FF5E are ASCII 0x21..0x7E shifted; U+3000 is a space.
fn fold_width(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    }
}

/// ASCII punctuation, general and CJK punctuation, and the marks children use in letters.
fn is_punctuation(c: char) -> bool {
    c.is_ascii_punctuation()
        || matches!(c,
            '\u{2000}'..='\u{206F}'   // general punctuation: “”‘’…—–· and friends
            | '\u{3000}'..='\u{303F}' // CJK symbols and punctuation: 。、《》「」【】〔〕
            | '\u{FE10}'..='\u{FE1F}' // vertical forms
            | '\u{FE30}'..='\u{FE6F}' // CJK compatibility and small forms
            | '\u{FF01}'..='\u{FF0F}' // full-width punctuation not folded above (defensive)
            | '\u{FF1A}'..='\u{FF20}'
            | '\u{FF3B}'..='\u{FF40}'
            | '\u{FF5B}'..='\u{FF65}'
            | '\u{00A1}'..='\u{00BF}' // Latin-1 punctuation and symbols (¡ « · » ¿)
            | '\u{00D7}' | '\u{00F7}'
            | '\u{25A0}'..='\u{25FF}' // geometric shapes (○ ● □ ★ are close by)
            | '\u{2600}'..='\u{27BF}' // symbols and dingbats (☆ ♥ ✓)
            | '￥')
}

/// The words of `words` found in `text` after normalising both, in the list's order. A word
/// that normalises to nothing (only punctuation) never matches.
pub fn matches<'w>(words: &'w [String], text: &str) -> Vec<&'w str> {
    let haystack = normalise(text);
    words
        .iter()
        .filter(|w| {
            let needle = normalise(w);
            !needle.is_empty() && haystack.contains(&needle)
        })
        .map(|w| w.as_str())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(ws: &[&str]) -> Vec<String> {
        ws.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn spaces_of_both_kinds_do_not_hide_a_word() {
        let w = words(&["不想活", "一个人住"]);
        assert_eq!(matches(&w, "我 不 想 活 了"), vec!["不想活"]);
        assert_eq!(matches(&w, "我\u{3000}一个\u{3000}人住"), vec!["一个人住"]);
        assert_eq!(matches(&w, "我一个\n人住"), vec!["一个人住"]);
    }

    #[test]
    fn punctuation_of_any_script_is_ignored() {
        let w = words(&["不想活", "害怕回家", "打我"]);
        assert_eq!(matches(&w, "我…不想，活了！"), vec!["不想活"]);
        assert_eq!(matches(&w, "我“害怕”——回家。"), vec!["害怕回家"]);
        assert_eq!(matches(&w, "他《打》·我、"), vec!["打我"]);
        assert_eq!(matches(&w, "打,我!"), vec!["打我"]);
    }

    #[test]
    fn full_width_and_case_fold() {
        let w = words(&["help", "SOS", "QQ群"]);
        assert_eq!(matches(&w, "ＨＥＬＰ！"), vec!["help"]);
        assert_eq!(matches(&w, "ｓｏｓ"), vec!["SOS"]);
        assert_eq!(matches(&w, "加了个 qq 群"), vec!["QQ群"]);
    }

    #[test]
    fn mixed_chinese_and_english_in_list_order() {
        let w = words(&["打我", "kill myself", "没人管"]);
        let got = matches(&w, "没人 管我，I want to KILL my-self。爸爸打 我");
        assert_eq!(got, vec!["打我", "kill myself", "没人管"]);
    }

    #[test]
    fn the_words_are_normalised_too_and_empty_ones_never_match() {
        let w = words(&["不想 活", "，", ""]);
        assert_eq!(matches(&w, "不想活"), vec!["不想 活"]);
        assert!(matches(&w, "，，，").is_empty());
    }

    #[test]
    fn an_innocent_letter_matches_nothing() {
        let w = crate::config::defaults::danger_words();
        assert!(matches(&w, "老师，今天数学考了九十分，我很开心！").is_empty());
    }
}
