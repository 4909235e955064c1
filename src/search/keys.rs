//! Turning a name or place into the strings search matches against: the text itself, full
//! pinyin and initials for every plausible reading, each with a map back to the original.

use pinyin::ToPinyinMulti;
use std::collections::HashMap;
use std::rc::Rc;

/// Readings of a name are combined across its characters; past this many combinations the
/// rarer readings are dropped so that indexing and search stay fast.
pub(crate) const MAX_READINGS: usize = 16;

/// Compound surnames, read as surnames when a name starts with them.
const COMPOUND_SURNAMES: &[(&str, &[&str])] = &[
    ("尉迟", &["yu", "chi"]),
    ("万俟", &["mo", "qi"]),
    ("长孙", &["zhang", "sun"]),
    ("单于", &["chan", "yu"]),
    ("欧阳", &["ou", "yang"]),
    ("司马", &["si", "ma"]),
    ("诸葛", &["zhu", "ge"]),
    ("上官", &["shang", "guan"]),
    ("令狐", &["ling", "hu"]),
    ("皇甫", &["huang", "fu"]),
    ("东方", &["dong", "fang"]),
    ("夏侯", &["xia", "hou"]),
    ("慕容", &["mu", "rong"]),
    ("澹台", &["tan", "tai"]),
];

/// Surnames whose reading differs from the character's usual one. Where a character is a
/// surname with two readings, both are kept (乐 yue or le, 盖 ge or gai).
const SURNAMES: &[(char, &[&str])] = &[
    ('曾', &["zeng"]),
    ('单', &["shan"]),
    ('解', &["xie"]),
    ('覃', &["qin", "tan"]),
    ('仇', &["qiu"]),
    ('区', &["ou"]),
    ('朴', &["piao"]),
    ('查', &["zha"]),
    ('乐', &["yue", "le"]),
    ('盖', &["ge", "gai"]),
    ('缪', &["miao"]),
    ('尉', &["yu", "wei"]),
    ('长', &["chang"]),
    ('重', &["chong"]),
    ('翟', &["zhai"]),
    ('柏', &["bai"]),
    ('薄', &["bo"]),
    ('秘', &["bi"]),
    ('冼', &["xian"]),
    ('宿', &["su"]),
    ('华', &["hua"]),
    ('任', &["ren"]),
    ('沈', &["shen"]),
    ('石', &["shi"]),
    ('佘', &["she"]),
    ('折', &["she"]),
    ('隗', &["wei"]),
    ('逄', &["pang"]),
    ('牟', &["mou"]),
    ('阚', &["kan"]),
    ('褚', &["chu"]),
    ('句', &["gou"]),
    ('召', &["shao"]),
    ('种', &["chong"]),
    ('繁', &["po"]),
    ('纪', &["ji"]),
    ('员', &["yun"]),
    ('黑', &["he"]),
    ('过', &["guo"]),
];

/// Full-width ASCII and the ideographic space folded to ASCII, then lower case: what a
/// Chinese input method in full-width mode types is what the user meant.
pub(crate) fn fold(c: char) -> char {
    let c = match c {
        '\u{3000}' => ' ',
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        _ => c,
    };
    if c.is_ascii() {
        c.to_ascii_lowercase()
    } else {
        c.to_lowercase().next().unwrap_or(c)
    }
}

/// Readings of one char, shared by every text it occurs in.
type Reads = Rc<[String]>;

/// Makes the pinyin keys of many texts, remembering each char's readings: a county has a few
/// thousand distinct chars in 100,000 names, and looking them up and spelling them out was
/// most of the time spent building the index.
#[derive(Default)]
pub(crate) struct PinyinKeys {
    chars: HashMap<char, Option<Reads>>,
    surnames: HashMap<char, Reads>,
    compounds: Vec<(&'static str, [Reads; 2])>,
    per_char: Vec<Reads>,
    full: KeyText,
    initials: KeyText,
    /// This text's keys so far, to skip duplicates: their texts back to back, and ends.
    made: String,
    made_ends: Vec<usize>,
}

impl PinyinKeys {
    pub(crate) fn new() -> PinyinKeys {
        let reads = |r: &[&str]| -> Reads { r.iter().map(|s| s.to_string()).collect() };
        PinyinKeys {
            surnames: SURNAMES.iter().map(|(c, r)| (*c, reads(r))).collect(),
            compounds: COMPOUND_SURNAMES
                .iter()
                .map(|(s, r)| (*s, [reads(&r[..1]), reads(&r[1..])]))
                .collect(),
            ..PinyinKeys::default()
        }
    }

    /// The readings of a char met in a name, or None when it has no pinyin.
    fn char_readings(&mut self, c: char) -> Option<Reads> {
        self.chars
            .entry(c)
            .or_insert_with(|| {
                let multi = c.to_pinyin_multi()?;
                let mut rs: Vec<String> = Vec::new();
                for p in multi {
                    let plain = p.plain();
                    // ü is typed v on most input methods, u by many people: accept both.
                    for r in [plain.replace('ü', "v"), plain.replace('ü', "u")] {
                        if !r.is_empty() && !rs.contains(&r) {
                            rs.push(r);
                        }
                    }
                }
                (!rs.is_empty()).then(|| rs.into())
            })
            .clone()
    }

    /// Fills `per_char` with the readings of each character of `text`: surname readings for
    /// a leading surname, every heteronym elsewhere; a char with no pinyin reads as itself
    /// (folded). False when no char has pinyin.
    fn readings(&mut self, text: &[char], person: bool) -> bool {
        self.per_char.clear();
        let mut start = 0;
        if person {
            let head: String = text.iter().take(2).collect();
            if let Some((_, r)) = self.compounds.iter().find(|(s, _)| *s == head) {
                self.per_char.extend(r.iter().cloned());
                start = 2;
            } else if let Some(first) = text.first()
                && let Some(r) = self.surnames.get(first)
            {
                self.per_char.push(r.clone());
                start = 1;
            }
        }
        let mut any = start > 0;
        for &c in &text[start..] {
            let r = match self.char_readings(c) {
                Some(r) => {
                    any = true;
                    r
                }
                None => Rc::from(vec![fold(c).to_string()]),
            };
            self.per_char.push(r);
        }
        any
    }

    /// Calls `emit` with each pinyin key of `text` (and its map back to char indices): full
    /// pinyin and initials for up to `MAX_READINGS` combinations of readings, without
    /// duplicates. `person` reads a leading surname as one. Nothing for a text without
    /// Chinese: its own text covers it.
    pub(crate) fn keys(&mut self, text: &[char], person: bool, mut emit: impl FnMut(&KeyText)) {
        if !self.readings(text, person) {
            return;
        }
        self.made.clear();
        self.made_ends.clear();
        // Combinations in order of preference: the first reading of every char first, then
        // the first char's other readings, then the second's…
        let total = self
            .per_char
            .iter()
            .fold(1usize, |n, rs| n.saturating_mul(rs.len()));
        let mut choice = vec![0usize; self.per_char.len()];
        for _ in 0..total.min(MAX_READINGS) {
            self.full.clear();
            self.initials.clear();
            for (i, (rs, &c)) in self.per_char.iter().zip(&choice).enumerate() {
                let r = &rs[c];
                let idx = u16::try_from(i).unwrap_or(u16::MAX);
                for ch in r.chars() {
                    self.full.text.push(ch);
                    self.full.map.push(idx);
                }
                if let Some(first) = r.chars().next() {
                    self.initials.text.push(first);
                    self.initials.map.push(idx);
                }
            }
            for k in [&self.full, &self.initials] {
                let mut start = 0;
                let seen = self.made_ends.iter().any(|&end| {
                    let same = self.made[start..end] == k.text;
                    start = end;
                    same
                });
                if !seen {
                    self.made.push_str(&k.text);
                    self.made_ends.push(self.made.len());
                    emit(k);
                }
            }
            // Next combination: the first char's reading turns fastest.
            for (c, rs) in choice.iter_mut().zip(&self.per_char) {
                *c += 1;
                if *c < rs.len() {
                    break;
                }
                *c = 0;
            }
        }
    }
}

/// One string to match, with the original character index of each of its characters.
#[derive(Default)]
pub(crate) struct KeyText {
    pub text: String,
    pub map: Vec<u16>,
}

impl KeyText {
    fn clear(&mut self) {
        self.text.clear();
        self.map.clear();
    }
}

/// The pinyin keys of a text (see `PinyinKeys::keys`).
#[cfg(test)]
pub(crate) fn pinyin_keys(text: &[char], person: bool) -> Vec<KeyText> {
    let mut out = Vec::new();
    PinyinKeys::new().keys(text, person, |k| {
        out.push(KeyText {
            text: k.text.clone(),
            map: k.map.clone(),
        })
    });
    out
}

/// A bitmask of the characters in a string: a key can only match a query whose mask is a
/// subset of its own, which rules most keys out in one instruction.
pub(crate) fn mask(text: &str) -> u64 {
    text.chars().fold(0u64, |m, c| m | char_mask(c))
}

/// The bit of one char: its own for a lower-case letter or a digit, shared with others for
/// the rest.
pub(crate) fn char_mask(c: char) -> u64 {
    let bit = match c {
        'a'..='z' => c as u32 - 'a' as u32,
        '0'..='9' => 26 + c as u32 - '0' as u32,
        _ => 36 + (c as u32 % 28),
    };
    1u64 << bit
}
