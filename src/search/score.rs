//! Scoring a key with fuzzy-matcher's `SkimMatcherV2` (default config, ignore case), and
//! bounding that score without running it: the query bounds every matching entry cheaply
//! and scores exactly only those that can place.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

use super::keys;

// The crate's default `SkimScoreConfig`, for the bound (a test checks them against it).
const SCORE_MATCH: i32 = 16;
const GAP_START: i32 = -3;
const GAP_EXTENSION: i32 = -1;
const BONUS_FIRST_CHAR_MULTIPLIER: i32 = 2;
const BONUS_HEAD: i32 = SCORE_MATCH / 2;
const BONUS_CONSECUTIVE: i32 = -(GAP_START + GAP_EXTENSION);

/// A fresh matcher for each call: a reused one reads cells left over from earlier calls, so
/// its scores drift by a few points with history (fuzzy-matcher 0.3.7), and `use_cache(false)`
/// panics on a second borrow of its own buffer.
fn matcher() -> SkimMatcherV2 {
    SkimMatcherV2::default().ignore_case()
}

/// The crate's score of `pattern` in `choice`, or None when it is not a subsequence.
pub(crate) fn score(choice: &str, pattern: &str) -> Option<i32> {
    let s = matcher().fuzzy_match(choice, pattern)?;
    Some(i32::try_from(s).unwrap_or(i32::MAX))
}

/// The char positions of `pattern` in `choice` the crate gives, for highlighting.
pub(crate) fn positions(choice: &str, pattern: &str) -> Option<Vec<usize>> {
    matcher().fuzzy_indices(choice, pattern).map(|(_, p)| p)
}

/// The crate's char types (`CharType`), for its in-place bonuses.
#[derive(Clone, Copy, PartialEq, Eq)]
enum CharType {
    Empty,
    Upper,
    Lower,
    Number,
    HardSep,
    SoftSep,
}

fn char_type(c: char) -> CharType {
    match c {
        '\0' => CharType::Empty,
        ' ' | '/' | '\\' | '|' | '(' | ')' | '[' | ']' | '{' | '}' => CharType::HardSep,
        '!'..='\'' | '*'..='.' | ':'..='@' | '^'..='`' | '~' => CharType::SoftSep,
        '0'..='9' => CharType::Number,
        'A'..='Z' => CharType::Upper,
        _ => CharType::Lower,
    }
}

/// The chars of `text` that get an in-place bonus (after a separator, or a capital after a
/// lower-case letter or digit), the first char apart, as a folded `keys::char_mask`: 0 for
/// most keys (pinyin, Chinese names), whose score `bound` then bounds as tightly as it can.
pub(crate) fn bonus_chars(text: &str) -> u32 {
    let mut prev = CharType::Empty;
    let mut out = 0u64;
    for (i, c) in text.chars().enumerate() {
        let cur = char_type(c);
        let bonus = matches!(
            (prev, cur),
            (CharType::Empty | CharType::HardSep | CharType::SoftSep, _)
                | (CharType::Lower | CharType::Number, CharType::Upper)
        );
        if bonus && i > 0 {
            out |= keys::char_mask(keys::fold(c));
        }
        prev = cur;
    }
    fold_mask(out)
}

/// A char mask folded to 32 bits: a bit then stands for more chars, which only loosens
/// `bound`.
pub(crate) fn fold_mask(mask: u64) -> u32 {
    (mask as u32) | (mask >> 32) as u32
}

/// The most `score` can give a choice whose `bonus_chars` are `bonus`, for the pattern whose
/// chars' folded masks are `pattern`. The first pattern char scores 15 plus its in-place
/// bonus (16 at the choice's first char, else at most 8, and only at a bonus char); each
/// later one at most 16 plus the larger of the consecutive bonus (4) and its in-place bonus
/// (at most 8, at a bonus char). Gaps only cost. The crate's matrix reads a bonus left in
/// its cells by the row two above, at the same column, so no later char gets more than its
/// own column gives (a test checks this against the crate).
pub(crate) fn bound(at_start: bool, bonus: u32, pattern: &[u32]) -> i32 {
    let Some((&first, rest)) = pattern.split_first() else {
        return 0;
    };
    let head = if at_start {
        BONUS_HEAD * BONUS_FIRST_CHAR_MULTIPLIER
    } else if first & bonus != 0 {
        BONUS_HEAD
    } else {
        0
    };
    let later = |m: &u32| {
        let extra = if m & bonus != 0 {
            BONUS_HEAD - BONUS_CONSECUTIVE
        } else {
            0
        };
        SCORE_MATCH + BONUS_CONSECUTIVE + extra
    };
    rest.iter()
        .map(later)
        .fold(GAP_EXTENSION + SCORE_MATCH + head, i32::saturating_add)
}

/// `bound` for a choice with no bonus chars, from the pattern's length alone.
pub(crate) fn plain_bound(at_start: bool, len: usize) -> i32 {
    let first = GAP_EXTENSION + SCORE_MATCH;
    let head = if at_start {
        BONUS_HEAD * BONUS_FIRST_CHAR_MULTIPLIER
    } else {
        0
    };
    let rest = (SCORE_MATCH + BONUS_CONSECUTIVE).saturating_mul(len.saturating_sub(1) as i32);
    first.saturating_add(head).saturating_add(rest)
}

#[cfg(test)]
mod tests {
    use super::*;
    use fuzzy_matcher::skim::SkimScoreConfig;
    use proptest::prelude::*;

    #[test]
    fn the_bound_uses_the_crates_default_config() {
        let c = SkimScoreConfig::default();
        assert_eq!(
            (
                c.score_match,
                c.gap_start,
                c.gap_extension,
                c.bonus_first_char_multiplier,
                c.bonus_head,
                c.bonus_consecutive,
            ),
            (
                SCORE_MATCH,
                GAP_START,
                GAP_EXTENSION,
                BONUS_FIRST_CHAR_MULTIPLIER,
                BONUS_HEAD,
                BONUS_CONSECUTIVE,
            )
        );
    }

    #[test]
    fn known_strings() {
        // The bound is reached by a match at the start, and at the start only.
        assert_eq!(score("zhangwei", "zhang"), Some(plain_bound(true, 5)));
        assert_eq!(score("xiaozhang", "zhang"), Some(plain_bound(false, 5)));
        assert_eq!(score("zhangwei", "z"), Some(plain_bound(true, 1)));
        assert_eq!(positions("zhangwei", "zw"), Some(vec![0, 5]));
        assert_eq!(positions("八年级(3)班", "(3)"), Some(vec![3, 4, 5]));
        assert_eq!(score("abc", "abcd"), None);
        assert_eq!(score("", "a"), None);
        let plain = |t: &str| bonus_chars(t) == 0;
        assert!(!plain("lily wang") && !plain("八年级(3)班") && plain("李家村"));
        assert!(plain("zhangwei3") && !plain("a-b") && !plain("wZ") && plain("Zw"));
        // A separator at the end gives nothing; the char after one does.
        assert!(plain("zhangwei(") && bonus_chars("a(b") == fold_mask(keys::char_mask('b')));
    }

    #[test]
    fn scores_do_not_depend_on_earlier_calls() {
        let (choice, pattern) = ("((张·w", "((张·w");
        let fresh = score(choice, pattern);
        assert_eq!(fresh, Some(119));
        score("e·hz)zn", "e)z");
        assert_eq!(score(choice, pattern), fresh);
        // Why `matcher` makes a new one each time: the same call on a reused matcher.
        let reused = SkimMatcherV2::default().ignore_case();
        reused.fuzzy_match("e·hz)zn", "e)z");
        assert_eq!(reused.fuzzy_match(choice, pattern), Some(127));
    }

    /// Mostly subsequences of the choice, sometimes with a char that is not there.
    fn pattern_of(choice: &str, picks: &[bool], extra: &str) -> String {
        let mut pattern: String = choice
            .chars()
            .zip(picks)
            .filter(|(_, k)| **k)
            .map(|(c, _)| c)
            .collect();
        pattern.push_str(extra);
        pattern
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2_000))]

        #[test]
        fn plain_choices_never_score_above_the_bound(
            choice in "[zhangwi3村张]{1,24}",
            picks in proptest::collection::vec(any::<bool>(), 24),
            extra in "[zhang3村]{0,1}",
        ) {
            let pattern = pattern_of(&choice, &picks, &extra);
            prop_assume!(!pattern.is_empty());
            prop_assert_eq!(bonus_chars(&choice), 0);
            let at_start = choice.chars().next() == pattern.chars().next();
            let bound = plain_bound(at_start, pattern.chars().count());
            prop_assert_eq!(bound, super::bound(at_start, 0, &masks(&pattern)));
            let s = score(&choice, &pattern);
            prop_assert!(s.is_none_or(|s| s <= bound), "{s:?} > {bound}");
            prop_assert_eq!(s.is_some(), positions(&choice, &pattern).is_some());
        }

        /// Keys with separators and capitals, as guardians ("张建国(父亲)") and classes
        /// ("八年级(3)班") have.
        #[test]
        fn no_choice_scores_above_its_bound(
            choice in "[zhang3村张( )\\-.·A]{1,24}",
            picks in proptest::collection::vec(any::<bool>(), 24),
            extra in "[zhang3村(]{0,1}",
        ) {
            let pattern: String = pattern_of(&choice, &picks, &extra)
                .chars()
                .map(keys::fold)
                .collect();
            prop_assume!(!pattern.is_empty());
            let at_start = choice.chars().next().map(keys::fold) == pattern.chars().next();
            let bound = bound(at_start, bonus_chars(&choice), &masks(&pattern));
            let s = score(&choice, &pattern);
            prop_assert!(s.is_none_or(|s| s <= bound), "{s:?} > {bound}");
        }
    }

    fn masks(pattern: &str) -> Vec<u32> {
        pattern
            .chars()
            .map(|c| fold_mask(keys::char_mask(c)))
            .collect()
    }
}
