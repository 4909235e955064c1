//! The caseload's search-as-you-type (SPEC §3): fuzzy matching over name, pinyin (full and
//! initials, surnames read as surnames), class, village and guardian, with highlight positions.

mod keys;
#[cfg(test)]
mod tests;

use crate::model::Child;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use std::collections::HashMap;

/// What one child is found by.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchItem {
    pub name: String,
    pub class: String,
    pub village: String,
    pub guardian: String,
}

impl SearchItem {
    pub fn from_child(child: &Child) -> SearchItem {
        SearchItem {
            name: child.name.clone(),
            class: child.class.clone(),
            village: child.village.clone(),
            guardian: child.guardian.name.clone(),
        }
    }
}

/// Which field of the item matched; `positions` index that field's original text.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Field {
    Name,
    Class,
    Village,
    Guardian,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Hit {
    /// Index into the items given to `SearchIndex::new`.
    pub item: usize,
    pub score: i64,
    pub field: Field,
    /// Char indices (not bytes) of the matched characters in the field's original text,
    /// ascending, for highlighting.
    pub positions: Vec<usize>,
}

/// Fields longer than this are indexed by their beginning only.
const MAX_FIELD_CHARS: usize = 200;
/// `map_start` of a key that is the field's own text (char i is char i).
const IDENTITY: u32 = u32::MAX;
/// No string in this field.
const NONE: u32 = u32::MAX;

struct Key {
    text_start: u32,
    text_end: u32,
    map_start: u32,
    mask: u64,
}

/// One distinct field text (classes and villages repeat across thousands of children, names
/// often): its keys are matched once per query whoever it belongs to.
struct Entry {
    keys_start: u32,
    keys_end: u32,
}

/// Search keys for all items, computed once; `query` runs on every keystroke.
pub struct SearchIndex {
    /// Per item, the entry of each field (`Field` order), or `NONE`.
    items: Vec<[u32; 4]>,
    entries: Vec<Entry>,
    keys: Vec<Key>,
    /// All key strings, back to back.
    text: String,
    /// Original char index for each char of the pinyin keys, back to back.
    maps: Vec<u16>,
    matcher: SkimMatcherV2,
}

const FIELDS: [Field; 4] = [Field::Name, Field::Class, Field::Village, Field::Guardian];

impl SearchIndex {
    pub fn new(items: &[SearchItem]) -> SearchIndex {
        let mut index = SearchIndex {
            items: Vec::with_capacity(items.len()),
            entries: Vec::new(),
            keys: Vec::new(),
            text: String::new(),
            maps: Vec::new(),
            matcher: SkimMatcherV2::default().ignore_case(),
        };
        // (person?, pinyin?, text) → entry: a person's name reads its surname as one.
        let mut interned: HashMap<(bool, bool, &str), u32> = HashMap::new();
        for item in items {
            let mut ids = [NONE; 4];
            for (slot, (text, pinyin, person)) in [
                (&item.name, true, true),
                (&item.class, false, false),
                (&item.village, true, false),
                (&item.guardian, true, true),
            ]
            .into_iter()
            .enumerate()
            {
                let text = text.as_str();
                if text.trim().is_empty() {
                    continue;
                }
                ids[slot] = *interned
                    .entry((person, pinyin, text))
                    .or_insert_with(|| index.add_entry(text, pinyin, person));
            }
            index.items.push(ids);
        }
        index.keys.shrink_to_fit();
        index.text.shrink_to_fit();
        index.maps.shrink_to_fit();
        index
    }

    fn add_entry(&mut self, text: &str, pinyin: bool, person: bool) -> u32 {
        let keys_start = self.keys.len() as u32;
        let chars: Vec<char> = text.chars().take(MAX_FIELD_CHARS).collect();
        let folded: String = chars.iter().map(|&c| keys::fold(c)).collect();
        self.push_key(&folded, None);
        if pinyin {
            for k in keys::pinyin_keys(&chars, person) {
                self.push_key(&k.text, Some(&k.map));
            }
        }
        self.entries.push(Entry {
            keys_start,
            keys_end: self.keys.len() as u32,
        });
        (self.entries.len() - 1) as u32
    }

    fn push_key(&mut self, text: &str, map: Option<&[u16]>) {
        let text_start = self.text.len() as u32;
        self.text.push_str(text);
        let map_start = match map {
            Some(m) => {
                let start = self.maps.len() as u32;
                self.maps.extend_from_slice(m);
                start
            }
            None => IDENTITY,
        };
        self.keys.push(Key {
            text_start,
            text_end: self.text.len() as u32,
            map_start,
            mask: keys::mask(text),
        });
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    fn key_text(&self, k: &Key) -> &str {
        &self.text[k.text_start as usize..k.text_end as usize]
    }

    /// Items matching `query`, best first (ties in item order), one hit per item: its best
    /// field. Full-width letters and case do not matter; spaces are ignored. An empty query
    /// gives no hits (the caller shows everything).
    pub fn query(&self, query: &str) -> Vec<Hit> {
        let q: String = query
            .chars()
            .map(keys::fold)
            .filter(|c| !c.is_whitespace())
            .collect();
        if q.is_empty() {
            return Vec::new();
        }
        let qmask = keys::mask(&q);
        let qbytes = q.as_bytes();
        // Best (score, key) of each distinct text.
        let mut best: Vec<Option<(i64, u32)>> = Vec::with_capacity(self.entries.len());
        for e in &self.entries {
            let mut top: Option<(i64, u32)> = None;
            for ki in e.keys_start..e.keys_end {
                let k = &self.keys[ki as usize];
                if k.mask & qmask != qmask {
                    continue;
                }
                let text = self.key_text(k);
                if !is_subsequence(qbytes, text.as_bytes()) {
                    continue;
                }
                if let Some(s) = self.matcher.fuzzy_match(text, &q)
                    && top.is_none_or(|(t, _)| s > t)
                {
                    top = Some((s, ki));
                }
            }
            best.push(top);
        }
        let mut chosen: Vec<(usize, i64, u32, Field)> = Vec::new();
        for (item, ids) in self.items.iter().enumerate() {
            let mut top: Option<(i64, u32, Field)> = None;
            for (slot, &id) in ids.iter().enumerate() {
                if let Some(Some((s, ki))) = best.get(id as usize)
                    && top.is_none_or(|(t, _, _)| *s > t)
                {
                    top = Some((*s, *ki, FIELDS[slot]));
                }
            }
            if let Some((s, ki, f)) = top {
                chosen.push((item, s, ki, f));
            }
        }
        chosen.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
        // Highlight positions once per key, however many children share the text.
        let mut positions: HashMap<u32, Vec<usize>> = HashMap::new();
        chosen
            .into_iter()
            .map(|(item, score, ki, field)| {
                let p = positions
                    .entry(ki)
                    .or_insert_with(|| self.positions(&self.keys[ki as usize], &q));
                Hit {
                    item,
                    score,
                    field,
                    positions: p.clone(),
                }
            })
            .collect()
    }

    fn positions(&self, k: &Key, q: &str) -> Vec<usize> {
        let raw = self
            .matcher
            .fuzzy_indices(self.key_text(k), q)
            .map(|(_, p)| p)
            .unwrap_or_default();
        let mut out: Vec<usize> = if k.map_start == IDENTITY {
            raw
        } else {
            let map = &self.maps[k.map_start as usize..];
            raw.into_iter()
                .filter_map(|p| map.get(p).map(|&o| usize::from(o)))
                .collect()
        };
        out.dedup();
        out
    }
}

/// Whether `needle`'s bytes appear in order in `hay`: necessary for a fuzzy match (UTF-8
/// keeps each char's bytes together), and far cheaper than scoring.
fn is_subsequence(needle: &[u8], hay: &[u8]) -> bool {
    let mut it = hay.iter();
    needle.iter().all(|b| it.any(|h| h == b))
}

/// Invented children for measuring search at county scale (tests and benches only).
#[doc(hidden)]
pub fn bench_items(n: usize) -> Vec<SearchItem> {
    // Varied enough that most names are distinct, as in a real county roster.
    const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤乐单解仇区查盖缪";
    const GIVEN: &str = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英霞平刚桂华红玉兰建国志文斌辉鹏飞宇浩然子轩梓涵欣怡思雨佳琪诗雅晨阳博俊凯翔睿泽一鸣乐行重长朝和海波春梅小龙云天成林峰婷雪晓东";
    const VILLAGES: &[&str] = &[
        "李家村",
        "石桥村",
        "长岭村",
        "河湾村",
        "新华社区",
        "朝阳村",
        "龙井村",
        "柏树坪村",
        "乐安村",
        "重阳村",
    ];
    let surnames: Vec<char> = SURNAMES.chars().collect();
    let given: Vec<char> = GIVEN.chars().collect();
    // A small linear congruential generator: deterministic, no extra crate.
    let mut s: u64 = 0x2545_f491_4f6c_dd1d;
    let mut r = move |m: usize| {
        s = s
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((s >> 33) as usize) % m
    };
    (0..n)
        .map(|_| {
            let mut name = format!("{}{}", surnames[r(surnames.len())], given[r(given.len())]);
            if r(3) > 0 {
                name.push(given[r(given.len())]);
            }
            let guardian = format!(
                "{}{}{}",
                surnames[r(surnames.len())],
                given[r(given.len())],
                given[r(given.len())]
            );
            SearchItem {
                name,
                class: format!(
                    "{}年级({})班",
                    ["一", "二", "三", "四", "五", "六", "七", "八", "九"][r(9)],
                    1 + r(8)
                ),
                village: VILLAGES[r(VILLAGES.len())].to_string(),
                guardian,
            }
        })
        .collect()
}
