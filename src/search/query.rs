//! One query over the index: which keys match (narrowed from the last few queries when the
//! user typed on), then the best items in order, scoring exactly only those that can place.

use super::score;
use super::{FIELDS, Field, Hit, IDENTITY, NONE, SearchIndex, SearchResult, keys};
use std::collections::{BinaryHeap, HashMap};

/// How many earlier queries keep their matching keys: a name typed letter by letter, and a
/// few backspaces.
const RECENT: usize = 12;

/// One distinct field text for the current query.
#[derive(Clone, Copy, Default)]
struct EntryState {
    /// The query this state is for (`Memo::generation`); older states mean "no match", which
    /// saves clearing 100,000 of them on every keystroke.
    generation: u32,
    /// The highest score any of its matching keys can have.
    bound: i32,
    /// Its best score and key, once scored; `key` is `NONE` until then.
    score: i32,
    key: u32,
}

/// What one query leaves for the next, and buffers reused from keystroke to keystroke.
#[derive(Default)]
pub(super) struct Memo {
    /// Folded query and the entries it matched, ascending; oldest first.
    recent: Vec<(String, Vec<u32>)>,
    entries: Vec<EntryState>,
    generation: u32,
}

impl Memo {
    pub(super) fn forget(&mut self) {
        self.recent.clear();
    }
}

/// `SearchIndex::query_top` for a folded, non-empty query.
pub(super) fn run(index: &SearchIndex, memo: &mut Memo, q: &str, limit: usize) -> SearchResult {
    if memo.entries.len() != index.entries.len() {
        memo.entries = vec![EntryState::default(); index.entries.len()];
    }
    memo.generation = memo.generation.wrapping_add(1);
    if memo.generation == 0 {
        memo.entries.iter_mut().for_each(|e| e.generation = 0);
        memo.generation = 1;
    }
    let generation = memo.generation;
    mark_matching_entries(index, memo, q);
    let entries = &mut memo.entries;

    // Matching items by bound, high first; each group in item order.
    let mut total = 0;
    let mut groups: Vec<(i32, Vec<u32>)> = Vec::new();
    let mut last = 0;
    for (item, ids) in index.items.iter().enumerate() {
        let mut bound: Option<i32> = None;
        for &id in ids {
            if let Some(e) = entries.get(id as usize)
                && e.generation == generation
            {
                bound = Some(bound.map_or(e.bound, |b| b.max(e.bound)));
            }
        }
        let Some(bound) = bound else { continue };
        total += 1;
        if groups.get(last).is_none_or(|g| g.0 != bound) {
            last = match groups.iter().position(|g| g.0 == bound) {
                Some(i) => i,
                None => {
                    groups.push((bound, Vec::new()));
                    groups.len() - 1
                }
            };
        }
        groups[last].1.push(item as u32);
    }
    groups.sort_unstable_by_key(|g| std::cmp::Reverse(g.0));

    let qmask = keys::mask(q);
    let mut item_score = |item: u32| -> (u64, u32, Field) {
        let mut top: Option<(i32, u32, Field)> = None;
        for (slot, &id) in index.items[item as usize].iter().enumerate() {
            let Some(e) = entries.get_mut(id as usize) else {
                continue;
            };
            if e.generation != generation {
                continue;
            }
            if e.key == NONE {
                for ki in index.entries[id as usize].keys() {
                    if index.hot[ki].mask & qmask != qmask {
                        continue;
                    }
                    if let Some(s) = score::score(index.key_str(ki), q)
                        && (e.key == NONE || s > e.score)
                    {
                        e.score = s;
                        e.key = ki as u32;
                    }
                }
                debug_assert!(e.score <= e.bound, "{} > {}", e.score, e.bound);
            }
            if e.key != NONE && top.is_none_or(|(t, _, _)| e.score > t) {
                top = Some((e.score, e.key, FIELDS[slot]));
            }
        }
        let (s, ki, f) = top.unwrap_or((i32::MIN, NONE, Field::Name));
        (rank(s, item), ki, f)
    };

    let chosen: Vec<(u64, u32, Field)> = if limit >= total {
        let mut all: Vec<_> = groups
            .iter()
            .flat_map(|g| g.1.iter())
            .map(|&item| item_score(item))
            .collect();
        all.sort_unstable_by_key(|c| c.0);
        all
    } else if limit == 0 {
        Vec::new()
    } else {
        // The worst of the best `limit` so far is on top; stop at the first item whose
        // bound cannot beat it (later items have lower bounds or come later).
        let mut heap: BinaryHeap<(u64, u32, Field)> = BinaryHeap::with_capacity(limit + 1);
        'groups: for (bound, items) in &groups {
            for &item in items {
                if heap.len() == limit
                    && heap
                        .peek()
                        .is_some_and(|worst| rank(*bound, item) > worst.0)
                {
                    break 'groups;
                }
                let c = item_score(item);
                if heap.len() < limit {
                    heap.push(c);
                } else if heap.peek().is_some_and(|worst| c.0 < worst.0) {
                    heap.pop();
                    heap.push(c);
                }
            }
        }
        heap.into_sorted_vec()
    };

    // Highlight positions once per key, however many children share the text.
    let mut positions: HashMap<u32, Vec<usize>> = HashMap::new();
    let hits = chosen
        .into_iter()
        .map(|(r, ki, field)| {
            let p = positions
                .entry(ki)
                .or_insert_with(|| key_positions(index, ki, q));
            Hit {
                item: (r & u64::from(u32::MAX)) as usize,
                score: i64::from(i32::MAX) - (r >> 32) as i64,
                field,
                positions: p.clone(),
            }
        })
        .collect();

    SearchResult { hits, total }
}

/// Orders by score, high first, then by item.
fn rank(score: i32, item: u32) -> u64 {
    ((i64::from(i32::MAX) - i64::from(score)) as u64) << 32 | u64::from(item)
}

/// Marks the entries `q` matches with their bounds, for `memo.generation`. Entries
/// matching `q` also match every query that is a subsequence of it (the same query one letter
/// shorter, typically): only the entries of the narrowest such recent query are checked.
fn mark_matching_entries(index: &SearchIndex, memo: &mut Memo, q: &str) {
    let test = EntryTest::new(index, q);
    let generation = memo.generation;
    let Memo {
        recent,
        entries: states,
        ..
    } = memo;
    let from = recent
        .iter()
        .filter(|(r, _)| is_char_subsequence(r, q))
        .max_by_key(|(r, _)| r.chars().count());
    let matched: Vec<u32> = match from {
        Some((_, ids)) => ids
            .iter()
            .copied()
            .filter(|&id| test.mark(id, &mut states[id as usize], generation))
            .collect(),
        None => mark_all(&test, states, generation, index.threads),
    };
    recent.retain(|(r, _)| r != q);
    if recent.len() >= RECENT {
        recent.remove(0);
    }
    recent.push((q.to_string(), matched));
}

/// Below this many entries a scan of them all runs on the calling thread alone.
pub(super) const SCAN_IN_PARALLEL_FROM: usize = 20_000;

/// Marks every entry `test` matches, in ascending order: in parallel over `threads` parts
/// when there are many, as a scan of a county is bound by memory and the screen waits for it.
fn mark_all(
    test: &EntryTest,
    states: &mut [EntryState],
    generation: u32,
    threads: usize,
) -> Vec<u32> {
    let scan = |base: usize, part: &mut [EntryState]| -> Vec<u32> {
        (base..)
            .zip(part.iter_mut())
            .filter_map(|(id, state)| test.mark(id as u32, state, generation).then_some(id as u32))
            .collect()
    };
    if threads < 2 || states.len() < SCAN_IN_PARALLEL_FROM {
        return scan(0, states);
    }
    let chunk = states.len().div_ceil(threads);
    std::thread::scope(|s| {
        let parts: Vec<_> = states
            .chunks_mut(chunk)
            .enumerate()
            .map(|(i, part)| s.spawn(move || scan(i * chunk, part)))
            .collect();
        parts
            .into_iter()
            .flat_map(|p| p.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    })
}

/// Whether an entry matches a query, and with what bound.
struct EntryTest<'a> {
    index: &'a SearchIndex,
    q: &'a str,
    qmask: u64,
    ascii: bool,
    /// One letter or digit: its mask bit is exact.
    mask_is_enough: bool,
    first_mask: u32,
    /// `score::plain_bound` not at the start, and at it.
    plain: [i32; 2],
    /// Each query char's folded mask, for `score::bound`.
    pattern: Vec<u32>,
}

impl<'a> EntryTest<'a> {
    fn new(index: &'a SearchIndex, q: &'a str) -> EntryTest<'a> {
        let qbytes = q.as_bytes();
        let len = q.chars().count();
        EntryTest {
            index,
            q,
            qmask: keys::mask(q),
            ascii: q.is_ascii(),
            mask_is_enough: qbytes.len() == 1 && qbytes[0].is_ascii_alphanumeric(),
            first_mask: q
                .chars()
                .next()
                .map_or(0, |c| score::fold_mask(keys::char_mask(c))),
            plain: [false, true].map(|at_start| score::plain_bound(at_start, len)),
            pattern: q
                .chars()
                .map(|c| score::fold_mask(keys::char_mask(c)))
                .collect(),
        }
    }

    fn key_matches(&self, ki: usize) -> bool {
        // ASCII bytes never occur inside a multi-byte char, so for an ASCII query the byte
        // test is exact; otherwise it only rules keys out.
        let index = self.index;
        index.hot[ki].mask & self.qmask == self.qmask
            && is_subsequence(self.q.as_bytes(), index.key_bytes(ki))
            && (self.ascii || is_char_subsequence(self.q, index.key_str(ki)))
    }

    /// Sets `state` to the entry's bound when it matches.
    fn mark(&self, id: u32, state: &mut EntryState, generation: u32) -> bool {
        let entry = &self.index.entries[id as usize];
        if entry.mask & self.qmask != self.qmask {
            return false;
        }
        // Any of its keys may start with the query's first char, and reach any of its bonus
        // chars: bound by that (a bit shared by other chars only makes the bound looser).
        if !self.mask_is_enough && !entry.keys().any(|ki| self.key_matches(ki)) {
            return false;
        }
        let at_start = entry.firsts & self.first_mask != 0;
        let bound = if entry.bonus == 0 {
            self.plain[usize::from(at_start)]
        } else {
            score::bound(at_start, entry.bonus, &self.pattern)
        };
        *state = EntryState {
            generation,
            bound,
            score: i32::MIN,
            key: NONE,
        };
        true
    }
}

/// Char positions in the field's original text of the chars of key `ki` that `pattern`
/// matches.
fn key_positions(index: &SearchIndex, ki: u32, q: &str) -> Vec<usize> {
    let k = &index.keys[ki as usize];
    let raw = score::positions(index.key_str(ki as usize), q).unwrap_or_default();
    let mut out: Vec<usize> = if k.map_start == IDENTITY {
        raw
    } else {
        let map = &index.maps[k.map_start as usize..];
        raw.into_iter()
            .filter_map(|p| map.get(p).map(|&o| usize::from(o)))
            .collect()
    };
    out.dedup();
    out
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
