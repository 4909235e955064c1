//! The caseload's search-as-you-type (SPEC §3): fuzzy matching over name, pinyin (full and
//! initials, surnames read as surnames), class, village and guardian, with highlight positions.

mod keys;
mod sample;
mod skim;
#[cfg(test)]
mod tests;

pub use sample::bench_items;

use crate::model::Child;
use skim::{Scorer, Text};
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

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
    /// The `Entry` this key belongs to.
    entry: u32,
    ascii: bool,
    mask: u64,
}

/// Search keys for all items, computed once; `query` runs on every keystroke.
pub struct SearchIndex {
    /// Per item, the entry of each field (`Field` order), or `NONE`.
    items: Vec<[u32; 4]>,
    /// Distinct field texts (classes and villages repeat across thousands of children, names
    /// often): their keys are matched once per query whoever they belong to.
    entries: u32,
    keys: Vec<Key>,
    /// All key strings, back to back.
    text: String,
    /// Original char index for each char of the pinyin keys, back to back.
    maps: Vec<u16>,
    /// What the last few queries matched, so that typing one more character rescores only
    /// those keys; and buffers reused from keystroke to keystroke.
    memo: Mutex<Memo>,
}

/// The items best matching a query, and how many items match in all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchResult {
    /// Best first (ties in item order), at most the limit asked for.
    pub hits: Vec<Hit>,
    /// Items matching, shown or not.
    pub total: usize,
}

/// How many earlier queries keep their matching keys: enough for a name typed letter by
/// letter and a few backspaces.
const RECENT: usize = 12;

#[derive(Default)]
struct Memo {
    /// Folded query and the keys it matched, ascending; oldest first.
    recent: Vec<(String, Vec<u32>)>,
    scorer: Scorer,
    /// Per entry, its best (score, key) for the current query.
    best: Vec<(i32, u32)>,
}

const FIELDS: [Field; 4] = [Field::Name, Field::Class, Field::Village, Field::Guardian];

impl SearchIndex {
    pub fn new(items: &[SearchItem]) -> SearchIndex {
        let mut index = SearchIndex {
            items: Vec::with_capacity(items.len()),
            entries: 0,
            keys: Vec::new(),
            text: String::new(),
            maps: Vec::new(),
            memo: Mutex::new(Memo::default()),
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
        let chars: Vec<char> = text.chars().take(MAX_FIELD_CHARS).collect();
        let folded: String = chars.iter().map(|&c| keys::fold(c)).collect();
        let entry = self.entries;
        self.entries += 1;
        self.push_key(entry, &folded, None);
        if pinyin {
            for k in keys::pinyin_keys(&chars, person) {
                self.push_key(entry, &k.text, Some(&k.map));
            }
        }
        entry
    }

    fn push_key(&mut self, entry: u32, text: &str, map: Option<&[u16]>) {
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
            entry,
            ascii: text.is_ascii(),
            mask: keys::mask(text),
        });
    }

    pub fn len(&self) -> usize {
        self.items.len()
    }

    pub fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    /// Drops what earlier queries matched, so that the next query scans every key (for
    /// measuring the first keystroke).
    #[doc(hidden)]
    pub fn forget_recent(&self) {
        self.memo
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .recent
            .clear();
    }

    fn key_text(&self, k: &Key) -> Text<'_> {
        let s = &self.text[k.text_start as usize..k.text_end as usize];
        if k.ascii {
            Text::Ascii(s.as_bytes())
        } else {
            Text::Other(s)
        }
    }

    /// Items matching `query`, best first (ties in item order), one hit per item: its best
    /// field. Full-width letters and case do not matter; spaces are ignored. An empty query
    /// gives no hits (the caller shows everything).
    pub fn query(&self, query: &str) -> Vec<Hit> {
        self.query_top(query, usize::MAX).hits
    }

    /// The best `limit` hits of `query` (as `query` orders them, with positions) and the
    /// number of items matching in all: what a screen shows, at a fraction of the cost of
    /// every hit when a letter or two matches most of a county.
    pub fn query_top(&self, query: &str, limit: usize) -> SearchResult {
        let q: String = query
            .chars()
            .map(keys::fold)
            .filter(|c| !c.is_whitespace())
            .collect();
        if q.is_empty() {
            return SearchResult::default();
        }
        let mut memo = self.memo.lock().unwrap_or_else(PoisonError::into_inner);
        let memo = &mut *memo;
        self.match_keys(&q, memo);
        let best = &memo.best;

        // Each item's best field; the sort key orders by score, high first, then item.
        let mut chosen: Vec<(u64, u32, Field)> = Vec::new();
        for (item, ids) in self.items.iter().enumerate() {
            let mut top: Option<(i32, u32, Field)> = None;
            for (slot, &id) in ids.iter().enumerate() {
                if let Some(&(s, ki)) = best.get(id as usize)
                    && ki != NONE
                    && top.is_none_or(|(t, _, _)| s > t)
                {
                    top = Some((s, ki, FIELDS[slot]));
                }
            }
            if let Some((s, ki, f)) = top {
                let rank = (i64::from(i32::MAX) - i64::from(s)) as u64;
                chosen.push(((rank << 32) | item as u64, ki, f));
            }
        }
        let total = chosen.len();
        if limit < chosen.len() {
            if limit == 0 {
                chosen.clear();
            } else {
                chosen.select_nth_unstable_by_key(limit - 1, |c| c.0);
                chosen.truncate(limit);
            }
        }
        chosen.sort_unstable_by_key(|c| c.0);

        // Highlight positions once per key, however many children share the text.
        let pattern = Text::of(&q);
        let mut positions: HashMap<u32, Vec<usize>> = HashMap::new();
        let hits = chosen
            .into_iter()
            .map(|(sort, ki, field)| {
                let p = positions
                    .entry(ki)
                    .or_insert_with(|| self.positions(&mut memo.scorer, ki, pattern));
                Hit {
                    item: (sort & u64::from(u32::MAX)) as usize,
                    score: i64::from(i32::MAX) - (sort >> 32) as i64,
                    field,
                    positions: p.clone(),
                }
            })
            .collect();
        SearchResult { hits, total }
    }

    /// Scores the keys that can match `q` and leaves each entry's best in `memo.best`.
    fn match_keys(&self, q: &str, memo: &mut Memo) {
        let qmask = keys::mask(q);
        let qbytes = q.as_bytes();
        let pattern = Text::of(q);
        memo.best.clear();
        memo.best.resize(self.entries as usize, (i32::MIN, NONE));
        // Keys matching q also match every query that is a subsequence of it: start from
        // the narrowest such earlier query.
        let from = memo
            .recent
            .iter()
            .enumerate()
            .filter(|(_, (r, _))| is_char_subsequence(r, q))
            .max_by_key(|(_, (r, _))| r.chars().count())
            .map(|(i, _)| i);
        let mut matched: Vec<u32> = Vec::new();
        let mut visit = |ki: u32, scorer: &mut Scorer, best: &mut Vec<(i32, u32)>| {
            let k = &self.keys[ki as usize];
            if k.mask & qmask != qmask {
                return;
            }
            let text = self.key_text(k);
            // The scorer checks for a subsequence itself; this saves decoding non-ASCII.
            if !k.ascii
                && !is_subsequence(
                    qbytes,
                    self.text[k.text_start as usize..k.text_end as usize].as_bytes(),
                )
            {
                return;
            }
            if let Some(s) = scorer.score(text, pattern) {
                matched.push(ki);
                let b = &mut best[k.entry as usize];
                if b.1 == NONE || s > b.0 {
                    *b = (s, ki);
                }
            }
        };
        match from {
            Some(i) => {
                for &ki in &memo.recent[i].1 {
                    visit(ki, &mut memo.scorer, &mut memo.best);
                }
            }
            None => {
                for ki in 0..self.keys.len() as u32 {
                    visit(ki, &mut memo.scorer, &mut memo.best);
                }
            }
        }
        memo.recent.retain(|(r, _)| r != q);
        if memo.recent.len() == RECENT {
            memo.recent.remove(0);
        }
        memo.recent.push((q.to_string(), matched));
    }

    fn positions(&self, scorer: &mut Scorer, ki: u32, pattern: Text) -> Vec<usize> {
        let k = &self.keys[ki as usize];
        let raw = scorer
            .positions(self.key_text(k), pattern)
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

/// Whether `needle`'s chars appear in order in `hay`.
fn is_char_subsequence(needle: &str, hay: &str) -> bool {
    let mut it = hay.chars();
    needle.chars().all(|c| it.any(|h| h == c))
}
