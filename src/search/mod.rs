//! The caseload's search-as-you-type (SPEC §3): fuzzy matching over name, pinyin (full and
//! initials, surnames read as surnames), class, village and guardian, with highlight positions.

mod keys;
#[cfg(test)]
mod tests;

use crate::model::Child;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

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

struct Key {
    item: u32,
    field: Field,
    text_start: u32,
    text_end: u32,
    map_start: u32,
    mask: u64,
}

/// Search keys for all items, computed once; `query` runs on every keystroke.
pub struct SearchIndex {
    keys: Vec<Key>,
    /// All key strings, back to back.
    text: String,
    /// Original char index for each char of the pinyin keys, back to back.
    maps: Vec<u16>,
    items: usize,
    matcher: SkimMatcherV2,
}

impl SearchIndex {
    pub fn new(items: &[SearchItem]) -> SearchIndex {
        let mut index = SearchIndex {
            keys: Vec::with_capacity(items.len() * 8),
            text: String::new(),
            maps: Vec::new(),
            items: items.len(),
            matcher: SkimMatcherV2::default().ignore_case(),
        };
        for (i, item) in items.iter().enumerate() {
            let item_no = u32::try_from(i).unwrap_or(u32::MAX);
            for (field, text, pinyin, person) in [
                (Field::Name, &item.name, true, true),
                (Field::Class, &item.class, false, false),
                (Field::Village, &item.village, true, false),
                (Field::Guardian, &item.guardian, true, true),
            ] {
                let chars: Vec<char> = text.chars().take(MAX_FIELD_CHARS).collect();
                if chars.iter().all(|c| c.is_whitespace()) {
                    continue;
                }
                let folded: String = chars.iter().map(|&c| keys::fold(c)).collect();
                index.push(item_no, field, &folded, None);
                if pinyin {
                    for k in keys::pinyin_keys(&chars, person) {
                        index.push(item_no, field, &k.text, Some(&k.map));
                    }
                }
            }
        }
        index.keys.shrink_to_fit();
        index.text.shrink_to_fit();
        index.maps.shrink_to_fit();
        index
    }

    fn push(&mut self, item: u32, field: Field, text: &str, map: Option<&[u16]>) {
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
            item,
            field,
            text_start,
            text_end: self.text.len() as u32,
            map_start,
            mask: keys::mask(text),
        });
    }

    pub fn len(&self) -> usize {
        self.items
    }

    pub fn is_empty(&self) -> bool {
        self.items == 0
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
        // Best (score, key) per item; keys of one item are contiguous.
        let mut best: Vec<(i64, usize)> = Vec::new();
        let mut current: Option<(u32, i64, usize)> = None;
        for (ki, k) in self.keys.iter().enumerate() {
            if k.mask & qmask != qmask {
                continue;
            }
            let Some(score) = self.matcher.fuzzy_match(self.key_text(k), &q) else {
                continue;
            };
            match current {
                Some((item, s, _)) if item == k.item => {
                    if score > s {
                        current = Some((item, score, ki));
                    }
                }
                _ => {
                    if let Some((_, s, key)) = current {
                        best.push((s, key));
                    }
                    current = Some((k.item, score, ki));
                }
            }
        }
        if let Some((_, s, key)) = current {
            best.push((s, key));
        }
        let mut hits: Vec<Hit> = best
            .into_iter()
            .map(|(score, ki)| self.hit(ki, score, &q))
            .collect();
        hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.item.cmp(&b.item)));
        hits
    }

    fn hit(&self, ki: usize, score: i64, q: &str) -> Hit {
        let k = &self.keys[ki];
        let raw = self
            .matcher
            .fuzzy_indices(self.key_text(k), q)
            .map(|(_, p)| p)
            .unwrap_or_default();
        let mut positions: Vec<usize> = if k.map_start == IDENTITY {
            raw
        } else {
            let len = (k.text_end - k.text_start) as usize;
            let map = &self.maps[k.map_start as usize..];
            raw.into_iter()
                .filter(|&p| p < len)
                .filter_map(|p| map.get(p).map(|&o| usize::from(o)))
                .collect()
        };
        positions.dedup();
        Hit {
            item: k.item as usize,
            score,
            field: k.field,
            positions,
        }
    }
}

/// Invented children for measuring search at county scale (tests and benches only).
#[doc(hidden)]
pub fn bench_items(n: usize) -> Vec<SearchItem> {
    const SURNAMES: &[&str] = &[
        "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "曾", "乐", "欧阳", "覃",
    ];
    const GIVEN: &[&str] = &[
        "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛",
        "明", "超", "秀英", "霞", "平", "刚", "桂英", "乐", "行", "重阳",
    ];
    const VILLAGES: &[&str] = &[
        "李家村",
        "石桥村",
        "长岭村",
        "河湾村",
        "新华社区",
        "朝阳村",
        "龙井村",
    ];
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
            let name = format!(
                "{}{}{}",
                SURNAMES[r(SURNAMES.len())],
                GIVEN[r(GIVEN.len())],
                if r(2) == 0 { GIVEN[r(GIVEN.len())] } else { "" }
            );
            let guardian = format!("{}{}", SURNAMES[r(SURNAMES.len())], GIVEN[r(GIVEN.len())]);
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
