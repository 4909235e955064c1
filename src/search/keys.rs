//! Turning a name or place into the strings search matches against: the text itself, full
//! pinyin and initials for every plausible reading, each with a map back to the original.

use pinyin::ToPinyinMulti;

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

/// The readings of each character of `text`: surname readings for a leading surname,
/// every heteronym elsewhere; a character with no pinyin reads as itself (folded).
fn readings(text: &[char], person: bool) -> Vec<Vec<String>> {
    let mut out: Vec<Vec<String>> = Vec::with_capacity(text.len());
    let mut start = 0;
    if person {
        let head: String = text.iter().take(2).collect();
        if let Some((_, r)) = COMPOUND_SURNAMES.iter().find(|(s, _)| *s == head) {
            out.extend(r.iter().map(|s| vec![s.to_string()]));
            start = 2;
        } else if let Some(first) = text.first()
            && let Some((_, r)) = SURNAMES.iter().find(|(s, _)| s == first)
        {
            out.push(r.iter().map(|s| s.to_string()).collect());
            start = 1;
        }
    }
    for &c in &text[start..] {
        let mut rs: Vec<String> = Vec::new();
        if let Some(multi) = c.to_pinyin_multi() {
            for p in multi {
                let plain = p.plain();
                // ü is typed v on most input methods, u by many people: accept both.
                for r in [plain.replace('ü', "v"), plain.replace('ü', "u")] {
                    if !r.is_empty() && !rs.contains(&r) {
                        rs.push(r);
                    }
                }
            }
        }
        if rs.is_empty() {
            rs.push(fold(c).to_string());
        }
        out.push(rs);
    }
    out
}

/// One string to match, with the original character index of each of its characters.
pub(crate) struct KeyText {
    pub text: String,
    pub map: Vec<u16>,
}

/// The pinyin keys of a text: full pinyin and initials for up to `MAX_READINGS`
/// combinations of readings, without duplicates. `person` reads a leading surname as one.
pub(crate) fn pinyin_keys(text: &[char], person: bool) -> Vec<KeyText> {
    if !text.iter().any(|c| c.to_pinyin_multi().is_some()) {
        return Vec::new(); // no Chinese: the plain text key already covers it
    }
    let per_char = readings(text, person);
    // Combinations in order of preference: the first reading of every character first.
    let mut combos: Vec<Vec<usize>> = vec![Vec::new()];
    for rs in &per_char {
        let mut next = Vec::with_capacity(MAX_READINGS);
        'outer: for choice in 0..rs.len() {
            for c in &combos {
                if next.len() == MAX_READINGS {
                    break 'outer;
                }
                let mut c = c.clone();
                c.push(choice);
                next.push(c);
            }
        }
        combos = next;
    }
    let mut out: Vec<KeyText> = Vec::new();
    let mut push = |k: KeyText| {
        if !out.iter().any(|o| o.text == k.text) {
            out.push(k);
        }
    };
    for combo in &combos {
        let mut full = KeyText {
            text: String::new(),
            map: Vec::new(),
        };
        let mut initials = KeyText {
            text: String::new(),
            map: Vec::new(),
        };
        for (i, (rs, &choice)) in per_char.iter().zip(combo).enumerate() {
            let r = &rs[choice];
            let idx = u16::try_from(i).unwrap_or(u16::MAX);
            for ch in r.chars() {
                full.text.push(ch);
                full.map.push(idx);
            }
            if let Some(first) = r.chars().next() {
                initials.text.push(first);
                initials.map.push(idx);
            }
        }
        push(full);
        push(initials);
    }
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
