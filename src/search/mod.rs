//! The caseload's search-as-you-type (SPEC §3): fuzzy matching over name, pinyin (full and
//! initials, surnames read as surnames), class, village and guardian, with highlight positions.

mod keys;
mod query;
mod sample;
mod score;
#[cfg(test)]
mod tests;

pub use sample::bench_items;

use query::Memo;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Mutex, PoisonError};

/// What one child is found by: borrowed from the rows where the index is built beside them,
/// owned where it is built on a thread of its own.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchItem<'a> {
    pub name: Cow<'a, str>,
    pub class: Cow<'a, str>,
    pub village: Cow<'a, str>,
    pub guardian: Cow<'a, str>,
}

impl SearchItem<'_> {
    /// The same item, owning its text (for an index built on another thread).
    pub fn into_owned(self) -> SearchItem<'static> {
        SearchItem {
            name: Cow::Owned(self.name.into_owned()),
            class: Cow::Owned(self.class.into_owned()),
            village: Cow::Owned(self.village.into_owned()),
            guardian: Cow::Owned(self.guardian.into_owned()),
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

/// One string to match: a field's text, or one pinyin reading of it.
struct Key {
    map_start: u32,
}

/// The characters in a key (`keys::mask`) and where its text is.
struct Hot {
    mask: u64,
    start: u32,
    end: u32,
}

/// One distinct field text (classes and villages repeat across thousands of children, names
/// often): its keys are matched once per query whoever it belongs to.
struct Entry {
    /// All its keys' masks together: most entries are ruled out without reading their keys.
    mask: u64,
    /// The folded masks of its keys' first chars together, and of the chars that get an
    /// in-place bonus (`score::bonus_chars`, 0 for most entries): enough to bound the score of
    /// every key (`score::bound`) without reading them.
    firsts: u32,
    bonus: u32,
    keys_start: u32,
    keys_len: u16,
}

impl Entry {
    fn keys(&self) -> std::ops::Range<usize> {
        self.keys_start as usize..self.keys_start as usize + usize::from(self.keys_len)
    }
}

/// Search keys for all items, computed once; `query` runs on every keystroke.
pub struct SearchIndex {
    /// Per item, the entry of each field (`Field` order), or `NONE`.
    items: Vec<[u32; 4]>,
    entries: Vec<Entry>,
    keys: Vec<Key>,
    /// Per key, what a scan reads: apart from `keys`, as the scan is bound by memory.
    hot: Vec<Hot>,
    /// All key strings, back to back.
    text: String,
    /// Original char index for each char of the pinyin keys, back to back.
    maps: Vec<u16>,
    /// What the last few queries matched, so that typing one more character rescores only
    /// those keys; and buffers reused from keystroke to keystroke.
    memo: Mutex<Memo>,
    /// The results of single letters and digits worked out ahead (`warm_letters`), by
    /// letter and limit: one letter matches most of a county, and is the slowest keystroke.
    letters: Mutex<HashMap<(char, usize), SearchResult>>,
    /// Threads a scan of every entry may use (`query::mark_all`).
    threads: usize,
}

/// The order `warm_letters` works in: the first letters of pinyin syllables, the commonest
/// first, then digits (a class, a student id).
const WARM_ORDER: &str = "zlwyhsxcjgmdtqfbpnrkaeo0123456789";

/// The items best matching a query, and how many items match in all.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SearchResult {
    /// Best first (ties in item order), at most the limit asked for.
    pub hits: Vec<Hit>,
    /// Items matching, shown or not.
    pub total: usize,
}

const FIELDS: [Field; 4] = [Field::Name, Field::Class, Field::Village, Field::Guardian];

impl SearchIndex {
    pub fn new(items: &[SearchItem]) -> SearchIndex {
        let mut index = SearchIndex {
            items: Vec::with_capacity(items.len()),
            entries: Vec::new(),
            keys: Vec::new(),
            hot: Vec::new(),
            text: String::new(),
            maps: Vec::new(),
            memo: Mutex::new(Memo::default()),
            letters: Mutex::default(),
            threads: std::thread::available_parallelism().map_or(1, |n| n.get().min(4)),
        };
        // (person?, pinyin?, text) → entry: a person's name reads its surname as one.
        let mut interned: HashMap<(bool, bool, &str), u32> = HashMap::new();
        let mut pinyin_keys = keys::PinyinKeys::new();
        let mut chars: Vec<char> = Vec::new();
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
                let text: &str = text;
                if text.trim().is_empty() {
                    continue;
                }
                ids[slot] = *interned.entry((person, pinyin, text)).or_insert_with(|| {
                    chars.clear();
                    chars.extend(text.chars().take(MAX_FIELD_CHARS));
                    let p = pinyin.then_some(&mut pinyin_keys);
                    index.add_entry(&chars, p, person)
                });
            }
            index.items.push(ids);
        }
        index.keys.shrink_to_fit();
        index.hot.shrink_to_fit();
        index.text.shrink_to_fit();
        index.maps.shrink_to_fit();
        index
    }

    /// Adds the keys of one distinct text: itself, and its pinyin keys when `pinyin` is given.
    fn add_entry(
        &mut self,
        chars: &[char],
        pinyin: Option<&mut keys::PinyinKeys>,
        person: bool,
    ) -> u32 {
        let folded: String = chars.iter().map(|&c| keys::fold(c)).collect();
        let keys_start = self.keys.len();
        self.push_key(&folded, None);
        if let Some(pinyin) = pinyin {
            pinyin.keys(chars, person, |k| self.push_key(&k.text, Some(&k.map)));
        }
        let (mut firsts, mut bonus) = (0, 0);
        for ki in keys_start..self.keys.len() {
            let text = self.key_str(ki);
            let first = text.chars().next().unwrap_or('\0');
            firsts |= score::fold_mask(keys::char_mask(first));
            bonus |= score::bonus_chars(text);
        }
        self.entries.push(Entry {
            mask: self.hot[keys_start..].iter().fold(0, |a, h| a | h.mask),
            firsts,
            bonus,
            keys_start: keys_start as u32,
            // At most the text and two keys per reading.
            keys_len: u16::try_from(self.keys.len() - keys_start).unwrap_or(u16::MAX),
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
        self.hot.push(Hot {
            mask: keys::mask(text),
            start: text_start,
            end: self.text.len() as u32,
        });
        self.keys.push(Key { map_start });
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
            .forget();
    }

    fn key_str(&self, ki: usize) -> &str {
        let h = &self.hot[ki];
        self.text
            .get(h.start as usize..h.end as usize)
            .unwrap_or_default()
    }

    /// The key's bytes, without the char-boundary checks of `key_str`.
    fn key_bytes(&self, ki: usize) -> &[u8] {
        let h = &self.hot[ki];
        self.text
            .as_bytes()
            .get(h.start as usize..h.end as usize)
            .unwrap_or_default()
    }

    /// Items matching `query`, best first (ties in item order), one hit per item: its best
    /// field. Full-width letters and case do not matter; spaces are ignored. An empty query
    /// gives no hits (the caller shows everything).
    pub fn query(&self, query: &str) -> Vec<Hit> {
        self.query_top(query, usize::MAX).hits
    }

    /// The first `limit` hits `query` would give, with positions, and the number of items
    /// matching in all: what a screen shows, at a fraction of the cost of every hit when a
    /// letter or two matches most of a county.
    pub fn query_top(&self, query: &str, limit: usize) -> SearchResult {
        let q: String = query
            .chars()
            .map(keys::fold)
            .filter(|c| !c.is_whitespace())
            .collect();
        if q.is_empty() {
            return SearchResult::default();
        }
        let mut chars = q.chars();
        if let (Some(c), None) = (chars.next(), chars.next()) {
            let letters = self.letters.lock().unwrap_or_else(PoisonError::into_inner);
            if let Some(found) = letters.get(&(c, limit)) {
                return found.clone();
            }
        }
        let mut memo = self.memo.lock().unwrap_or_else(PoisonError::into_inner);
        query::run(self, &mut memo, &q, limit)
    }

    /// Works out ahead what each letter and digit alone finds (`limit` hits), for a worker
    /// thread to call once the index is built: the first keystroke of a search then finds
    /// its answer ready. Queries meanwhile are answered as usual.
    pub fn warm_letters(&self, limit: usize) {
        let mut memo = Memo::default();
        for c in WARM_ORDER.chars() {
            let found = query::run(self, &mut memo, &c.to_string(), limit);
            memo.forget();
            self.letters
                .lock()
                .unwrap_or_else(PoisonError::into_inner)
                .insert((c, limit), found);
        }
    }
}
