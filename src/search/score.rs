//! Scoring a key with fuzzy-matcher's `SkimMatcherV2` (default config, ignore case), and
//! bounding that score without running it: the query bounds every matching entry cheaply
//! and scores exactly only those that can place.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

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

/// Whether every char of `text` gets no in-place bonus except the first: no separators, no
/// capitals (the crate's char types). Most keys (pinyin, Chinese names) are plain, and
/// `plain_bound` holds for them.
pub(crate) fn is_plain(text: &str) -> bool {
    text.chars().all(|c| {
        !matches!(c,
            // The crate's separators (hard, then soft), capitals and the start of text.
            ' ' | '/' | '\\' | '|' | '(' | ')' | '[' | ']' | '{' | '}'
            | '!'..='\'' | '*'..='.' | ':'..='@' | '^'..='`' | '~'
            | 'A'..='Z' | '\0'
        )
    })
}

/// The most `score` can give a plain choice for a pattern of `len` chars: the first pattern
/// char scores 15, or 31 at the choice's first char; each later one at most 20 (a consecutive
/// match; after a gap it is 13 less the gap).
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
        assert!(!is_plain("lily wang") && !is_plain("八年级(3)班") && is_plain("李家村"));
        assert!(is_plain("zhangwei3") && !is_plain("a-b") && !is_plain("Zw"));
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
            prop_assert!(is_plain(&choice));
            let at_start = choice.chars().next() == pattern.chars().next();
            let bound = plain_bound(at_start, pattern.chars().count());
            let s = score(&choice, &pattern);
            prop_assert!(s.is_none_or(|s| s <= bound), "{s:?} > {bound}");
            prop_assert_eq!(s.is_some(), positions(&choice, &pattern).is_some());
        }
    }
}
