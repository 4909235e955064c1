//! SkimMatcherV2's scoring (fuzzy-matcher 0.3.7, default config, ignore case) redone without
//! per-call setup, over bytes or chars of already folded text: the same scores and positions.
//!
//! The crate's matcher collects both strings into char vectors, allocates a bonus row and
//! locks thread-local buffers on every call; at 50,000 children that setup, not the matching,
//! was most of a keystroke. The tests compare this copy with the crate on many strings.

use std::cmp::max;

const SCORE_MATCH: i32 = 16;
const GAP_START: i32 = -3;
const GAP_EXTENSION: i32 = -1;
const BONUS_FIRST_CHAR_MULTIPLIER: i32 = 2;
const BONUS_HEAD: i32 = SCORE_MATCH / 2;
const BONUS_BREAK: i32 = SCORE_MATCH / 2 + GAP_EXTENSION;
const BONUS_CAMEL: i32 = SCORE_MATCH / 2 + 2 * GAP_EXTENSION;
const BONUS_CONSECUTIVE: i32 = -(GAP_START + GAP_EXTENSION);
const NEG_INFINITY: i32 = i16::MIN as i32;

#[derive(Clone, Copy, PartialEq)]
enum CharType {
    Empty,
    Upper,
    Lower,
    Number,
    HardSep,
    SoftSep,
}

fn char_type(ch: char) -> CharType {
    match ch {
        '\0' => CharType::Empty,
        ' ' | '/' | '\\' | '|' | '(' | ')' | '[' | ']' | '{' | '}' => CharType::HardSep,
        '!'..='\'' | '*'..='.' | ':'..='@' | '^'..='`' | '~' => CharType::SoftSep,
        '0'..='9' => CharType::Number,
        'A'..='Z' => CharType::Upper,
        _ => CharType::Lower,
    }
}

fn in_place_bonus(prev: CharType, cur: CharType) -> i32 {
    match (prev, cur) {
        (CharType::Empty, _) | (CharType::HardSep, _) => BONUS_HEAD,
        (CharType::SoftSep, _) => BONUS_BREAK,
        (CharType::Lower, CharType::Upper) | (CharType::Number, CharType::Upper) => BONUS_CAMEL,
        _ => 0,
    }
}

/// Whether every char of `text` gets no in-place bonus except the first: no separators, no
/// capitals. Most keys (pinyin, Chinese names) are plain, and `plain_bound` holds for them.
pub(crate) fn is_plain(text: &str) -> bool {
    text.chars()
        .all(|c| matches!(char_type(c), CharType::Lower | CharType::Number))
}

/// The most `Scorer::score` can give a plain choice for a pattern of `len` chars: the first
/// pattern char scores 15, or 31 at the choice's first char; each later one at most 20 (a
/// consecutive match; after a gap it is 13 less the gap).
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

#[derive(Clone, Copy)]
struct Cell {
    m_match: bool,
    m_score: i32,
    p_match: bool,
    p_score: i32,
    bonus: i32,
}

const FRESH: Cell = Cell {
    m_match: false,
    m_score: NEG_INFINITY,
    p_match: false,
    p_score: NEG_INFINITY,
    bonus: 0,
};

/// Reusable buffers; one per query.
#[derive(Default)]
pub(crate) struct Scorer {
    cells: Vec<Cell>,
    bonus: Vec<i32>,
    first: Vec<usize>,
    chars: Vec<char>,
    pattern: Vec<char>,
}

/// The text of a key or a query, as stored: matched by bytes when it is ASCII.
#[derive(Clone, Copy)]
pub(crate) enum Text<'a> {
    Ascii(&'a str),
    Other(&'a str),
}

impl<'a> Text<'a> {
    pub(crate) fn of(s: &'a str) -> Text<'a> {
        if s.is_ascii() {
            Text::Ascii(s)
        } else {
            Text::Other(s)
        }
    }

    fn as_str(self) -> &'a str {
        match self {
            Text::Ascii(s) | Text::Other(s) => s,
        }
    }
}

/// The scoring step of a query: `SkimMatcherV2`'s score and positions (default config, ignore
/// case) of a folded query in one key.
pub(crate) trait Score {
    /// The score `fuzzy_match` gives, or None when `pattern` is not a subsequence of `choice`.
    fn score(&mut self, choice: Text, pattern: Text) -> Option<i32>;
    /// The char positions `fuzzy_indices` gives.
    fn positions(&mut self, choice: Text, pattern: Text) -> Option<Vec<usize>>;
}

impl Score for Scorer {
    fn score(&mut self, choice: Text, pattern: Text) -> Option<i32> {
        self.run(choice, pattern, None)
    }

    fn positions(&mut self, choice: Text, pattern: Text) -> Option<Vec<usize>> {
        let mut out = Vec::new();
        self.run(choice, pattern, Some(&mut out))?;
        Some(out)
    }
}

/// The crate's matcher itself, a fresh one per call: a reused matcher reads cells left over
/// from earlier calls, so its scores drift by a few points with history.
pub(crate) struct CrateScorer;

impl CrateScorer {
    fn matcher() -> fuzzy_matcher::skim::SkimMatcherV2 {
        fuzzy_matcher::skim::SkimMatcherV2::default().ignore_case()
    }
}

impl Score for CrateScorer {
    fn score(&mut self, choice: Text, pattern: Text) -> Option<i32> {
        use fuzzy_matcher::FuzzyMatcher;
        let s = Self::matcher().fuzzy_match(choice.as_str(), pattern.as_str())?;
        Some(i32::try_from(s).unwrap_or(i32::MAX))
    }

    fn positions(&mut self, choice: Text, pattern: Text) -> Option<Vec<usize>> {
        use fuzzy_matcher::FuzzyMatcher;
        Self::matcher()
            .fuzzy_indices(choice.as_str(), pattern.as_str())
            .map(|(_, p)| p)
    }
}

impl Scorer {
    fn run(&mut self, choice: Text, pattern: Text, pos: Option<&mut Vec<usize>>) -> Option<i32> {
        match (choice, pattern) {
            (Text::Ascii(c), Text::Ascii(p)) => {
                let mut st = State {
                    cells: &mut self.cells,
                    bonus: &mut self.bonus,
                    first: &mut self.first,
                };
                st.run(c.as_bytes(), p.as_bytes(), pos)
            }
            // Non-ASCII pattern: an ASCII choice cannot contain it.
            (Text::Ascii(_), Text::Other(_)) => None,
            (Text::Other(c), p) => {
                self.chars.clear();
                self.chars.extend(c.chars());
                self.pattern.clear();
                match p {
                    Text::Ascii(p) | Text::Other(p) => self.pattern.extend(p.chars()),
                }
                let mut st = State {
                    cells: &mut self.cells,
                    bonus: &mut self.bonus,
                    first: &mut self.first,
                };
                st.run(&self.chars, &self.pattern, pos)
            }
        }
    }
}

struct State<'s> {
    cells: &'s mut Vec<Cell>,
    bonus: &'s mut Vec<i32>,
    first: &'s mut Vec<usize>,
}

impl State<'_> {
    /// The crate's `SkimMatcherV2::fuzzy` step by step: a two-row matrix for the score alone,
    /// the full matrix and a walk back when positions are wanted.
    fn run<T: Copy + PartialEq + Into<char>>(
        &mut self,
        choice: &[T],
        pattern: &[T],
        pos: Option<&mut Vec<usize>>,
    ) -> Option<i32> {
        if pattern.is_empty() {
            return Some(0);
        }
        // The first place each pattern char can match, left to right.
        self.first.clear();
        let mut pi = 0;
        for (idx, &c) in choice.iter().enumerate() {
            if pi == pattern.len() {
                break;
            }
            if c == pattern[pi] {
                self.first.push(idx);
                pi += 1;
            }
        }
        if pi < pattern.len() {
            return None;
        }
        let first = &*self.first;
        let compressed = pos.is_none();
        let cols = choice.len() + 1;
        let rows = if compressed { 2 } else { pattern.len() + 1 };
        let row_of = |r: usize| if compressed { r & 1 } else { r };

        self.bonus.clear();
        self.bonus.resize(cols, 0);
        let mut prev = CharType::Empty;
        for (j, &c) in choice.iter().enumerate() {
            let t = char_type(c.into());
            self.bonus[j + 1] = in_place_bonus(prev, t);
            prev = t;
        }
        if cols > 1 {
            self.bonus[1] *= BONUS_FIRST_CHAR_MULTIPLIER;
        }
        let bonus = &*self.bonus;

        let m = &mut *self.cells;
        m.clear();
        m.resize(rows * cols, FRESH);
        for cell in &mut m[..cols] {
            cell.p_score = GAP_EXTENSION;
        }
        for (i, &p) in pattern.iter().enumerate() {
            let row = row_of(i + 1) * cols;
            let row_prev = row_of(i) * cols;
            for (col_prev, &c) in choice.iter().enumerate().skip(first[i]) {
                let col = col_prev + 1;
                let cur = row + col;
                let last = row + col_prev;
                let prev = row_prev + col_prev;
                if c == p {
                    let in_place = bonus[col];
                    let consecutive = max(m[last].bonus, max(in_place, BONUS_CONSECUTIVE));
                    m[last].bonus = consecutive;
                    let score_match = m[prev].m_score + consecutive;
                    let score_skip = m[prev].p_score + in_place;
                    if score_match >= score_skip {
                        m[cur].m_score = score_match + SCORE_MATCH;
                        m[cur].m_match = true;
                    } else {
                        m[cur].m_score = score_skip + SCORE_MATCH;
                        m[cur].m_match = false;
                    }
                } else {
                    m[cur].m_score = NEG_INFINITY;
                    m[cur].m_match = false;
                    m[cur].bonus = 0;
                }
                let from_match = GAP_START + GAP_EXTENSION + m[last].m_score;
                let from_skip = GAP_EXTENSION + m[last].p_score;
                if from_match >= from_skip {
                    m[cur].p_score = from_match;
                    m[cur].p_match = true;
                } else {
                    m[cur].p_score = from_skip;
                    m[cur].p_match = false;
                }
            }
        }
        // The last best cell of the last row, as `Iterator::max_by_key` picks it.
        let last_row = row_of(pattern.len()) * cols;
        let start = first[first.len() - 1];
        let mut end_col = start;
        let mut score = m[last_row + start].m_score;
        for col in start + 1..cols {
            if m[last_row + col].m_score >= score {
                score = m[last_row + col].m_score;
                end_col = col;
            }
        }
        if let Some(out) = pos {
            out.clear();
            let mut i = rows - 1;
            let mut j = end_col;
            let mut track_m = true;
            let mut matched = true;
            while i > 0 && j > first[0] {
                if matched {
                    out.push(j - 1);
                }
                let cell = m[i * cols + j];
                matched = if track_m { cell.m_match } else { cell.p_match };
                if track_m {
                    i -= 1;
                }
                j -= 1;
                track_m = matched;
            }
            out.reverse();
        }
        Some(score)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fuzzy_matcher::FuzzyMatcher;
    use fuzzy_matcher::skim::SkimMatcherV2;
    use proptest::prelude::*;

    /// The crate with clean buffers: a reused matcher reads cells left over from earlier
    /// calls, so its scores drift by a few points with history.
    fn crate_indices(choice: &str, pattern: &str) -> Option<(i64, Vec<usize>)> {
        SkimMatcherV2::default()
            .ignore_case()
            .fuzzy_indices(choice, pattern)
    }

    fn crate_score(choice: &str, pattern: &str) -> Option<i64> {
        SkimMatcherV2::default()
            .ignore_case()
            .fuzzy_match(choice, pattern)
    }

    fn check(choice: &str, pattern: &str) {
        let mut s = Scorer::default();
        let ours = s.score(Text::of(choice), Text::of(pattern)).map(i64::from);
        assert_eq!(ours, crate_score(choice, pattern), "{choice:?} {pattern:?}");
        let ours = s.positions(Text::of(choice), Text::of(pattern));
        assert_eq!(
            ours,
            crate_indices(choice, pattern).map(|(_, p)| p),
            "{choice:?} {pattern:?}"
        );
    }

    #[test]
    fn known_strings_score_as_the_crate_does() {
        for (c, p) in [
            ("zhangwei", "zw"),
            ("zhangwei", "zhangw"),
            ("zw", "zw"),
            ("zhaoxiaowu", "zw"),
            ("zhangweiwu", "zw"),
            ("zhangzhang", "zhang"),
            ("八年级(3)班", "(3)"),
            ("八年级(3)班", "3"),
            ("李家村", "村"),
            ("lily wang", "lw"),
            ("a-b_c d", "bcd"),
            ("hhhhh", "hh"),
            ("abc", "abcd"),
            ("", "a"),
        ] {
            check(c, p);
        }
        // The bound is reached by a match at the start.
        let mut s = Scorer::default();
        assert_eq!(
            s.score(Text::of("zhangwei"), Text::of("zhang")),
            Some(plain_bound(true, 5))
        );
        assert_eq!(
            s.score(Text::of("xiaozhang"), Text::of("zhang")),
            Some(plain_bound(false, 5))
        );
        assert!(!is_plain("lily wang") && !is_plain("八年级(3)班") && is_plain("李家村"));
    }

    proptest! {
        #[test]
        fn random_strings_score_as_the_crate_does(
            choice in "[zhangwei (3)_·村张]{0,24}",
            picks in proptest::collection::vec(any::<bool>(), 24),
            extra in "[zhang3村]{0,2}",
        ) {
            // Mostly subsequences of the choice, sometimes with a char that is not there.
            let mut pattern: String = choice
                .chars()
                .zip(&picks)
                .filter(|(_, k)| **k)
                .map(|(c, _)| c)
                .collect();
            pattern.push_str(&extra);
            prop_assume!(!pattern.is_empty());
            check(&choice, &pattern);
        }

        #[test]
        fn plain_choices_never_score_above_the_bound(
            choice in "[zhangwi3村张]{1,24}",
            picks in proptest::collection::vec(any::<bool>(), 24),
        ) {
            let pattern: String = choice
                .chars()
                .zip(&picks)
                .filter(|(_, k)| **k)
                .map(|(c, _)| c)
                .collect();
            prop_assume!(!pattern.is_empty());
            prop_assert!(is_plain(&choice));
            let at_start = choice.chars().next() == pattern.chars().next();
            let bound = plain_bound(at_start, pattern.chars().count());
            let score = Scorer::default().score(Text::of(&choice), Text::of(&pattern));
            prop_assert!(score.is_some_and(|s| s <= bound), "{score:?} > {bound}");
        }
    }
}
