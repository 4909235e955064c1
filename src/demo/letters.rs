//! The demo's whisper-mailbox letters: a table of whole letters, each as one child wrote it,
//! with the reply a teacher wrote to that letter (`letters/*.toml`, embedded), dealt by seed.
//! A letter is one entry of the table, never sentences of several stitched together.

use super::rng::Rng;
use serde::Deserialize;
use std::sync::OnceLock;

/// One child's letter and the teacher's answer to it.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TableLetter {
    /// The writer's age: the voice the letter is written in. Not stored (a letter is
    /// anonymous); the table's test keeps it within the school's ages.
    #[cfg_attr(not(test), allow(dead_code))]
    pub age: u8,
    /// The pseudonym the child signed with.
    #[serde(default)]
    pub signed: Option<String>,
    pub text: String,
    pub reply: String,
    /// The mailbox's default danger words find it (a test holds the two together).
    #[serde(default)]
    pub attention: bool,
    /// The letter the demo raises its incident from: a child alone at night.
    #[serde(default)]
    pub incident: bool,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    letter: Vec<TableLetter>,
}

/// The table's files, split by the writers' school (primary and middle grades).
const FILES: [&str; 2] = [
    include_str!("letters/primary.toml"),
    include_str!("letters/middle.toml"),
];

fn parse(file: &str) -> Result<Vec<TableLetter>, toml::de::Error> {
    let mut letters = toml::from_str::<File>(file)?.letter;
    // A multi-line string in the table ends with the line break before its closing quotes.
    for l in &mut letters {
        l.text = l.text.trim().to_string();
        l.reply = l.reply.trim().to_string();
        l.signed = l.signed.take().filter(|s| !s.trim().is_empty());
    }
    Ok(letters)
}

/// Every letter of the table, parsed once. The files are part of the program and a test
/// parses them, so a file that does not parse only leaves its letters out.
pub fn table() -> &'static [TableLetter] {
    static TABLE: OnceLock<Vec<TableLetter>> = OnceLock::new();
    TABLE.get_or_init(|| {
        FILES
            .iter()
            .flat_map(|f| parse(f).unwrap_or_default())
            .collect()
    })
}

/// Deals the letters that pass a filter in an order drawn by seed, every one of them before
/// any comes again, so a school's mailbox repeats a letter only after it has had them all.
pub struct Deck {
    cards: Vec<&'static TableLetter>,
    next: usize,
}

impl Deck {
    pub fn new(rng: &mut Rng, keep: impl Fn(&TableLetter) -> bool) -> Deck {
        let mut deck = Deck {
            cards: table().iter().filter(|l| keep(l)).collect(),
            next: 0,
        };
        deck.shuffle(rng);
        deck
    }

    /// Fisher–Yates, with the demo's own generator.
    fn shuffle(&mut self, rng: &mut Rng) {
        for i in (1..self.cards.len()).rev() {
            self.cards.swap(i, rng.below(i + 1));
        }
        self.next = 0;
    }

    /// The next letter that `fits` (one that names no child of this school), or none when no
    /// letter of the deck does.
    pub fn deal(
        &mut self,
        rng: &mut Rng,
        fits: impl Fn(&TableLetter) -> bool,
    ) -> Option<&'static TableLetter> {
        for _ in 0..self.cards.len() {
            if self.next == self.cards.len() {
                self.shuffle(rng);
            }
            let card = self.cards[self.next];
            self.next += 1;
            if fits(card) {
                return Some(card);
            }
        }
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    #[test]
    fn every_file_parses_and_the_table_is_large_enough_not_to_repeat_soon() {
        let mut total = 0;
        for f in FILES {
            let letters = parse(f).unwrap();
            assert!(!letters.is_empty());
            total += letters.len();
        }
        assert_eq!(table().len(), total);
        let everyday = table().iter().filter(|l| !l.attention).count();
        let attention = table().iter().filter(|l| l.attention).count();
        assert!(everyday >= 40, "{everyday} everyday letters");
        // A minority: enough that the demo shows more than one kind of danger.
        assert!((4..=total / 4).contains(&attention), "{attention}");
    }

    /// The flag the table carries is what the mailbox says of the text when it is typed in.
    #[test]
    fn the_attention_flag_agrees_with_the_mailboxs_own_rule() {
        let words = crate::config::Config::default().danger_words;
        for l in table() {
            let (found, reason) = crate::mailbox::attention_by_words(&words, &l.text);
            assert_eq!(
                found, l.attention,
                "the table says attention = {} of: {} ({reason})",
                l.attention, l.text
            );
        }
    }

    #[test]
    fn letters_are_whole_varied_and_answered() {
        let mut texts = HashSet::new();
        let mut replies = HashSet::new();
        for l in table() {
            assert!((8..=15).contains(&l.age), "age {}: {}", l.age, l.text);
            assert!(!l.text.is_empty() && !l.reply.is_empty(), "{}", l.text);
            assert!(texts.insert(l.text.as_str()), "twice: {}", l.text);
            assert!(replies.insert(l.reply.as_str()), "twice: {}", l.reply);
            // No slot of the old stitched templates is left to fill.
            assert!(!l.text.contains('{') && !l.reply.contains('{'));
        }
        let lengths: Vec<usize> = table().iter().map(|l| l.text.chars().count()).collect();
        let (short, long) = (lengths.iter().min(), lengths.iter().max());
        assert!(
            short < Some(&30) && long > Some(&120),
            "{short:?}..{long:?}"
        );
        let ages: HashSet<u8> = table().iter().map(|l| l.age).collect();
        assert_eq!(ages.len(), 8, "every age from 8 to 15: {ages:?}");
        let signed = table().iter().filter(|l| l.signed.is_some()).count();
        assert!(signed * 4 >= table().len() && signed * 4 <= table().len() * 3);
    }

    /// The incident raised from the letter says the writer is unknown and alone at night.
    #[test]
    fn one_unsigned_letter_raises_the_incident() {
        let raising: Vec<&TableLetter> = table().iter().filter(|l| l.incident).collect();
        assert_eq!(raising.len(), 1);
        let l = raising[0];
        assert!(l.attention && l.signed.is_none());
        assert!(
            l.text.contains("晚上") && l.text.contains("一个人住"),
            "{}",
            l.text
        );
    }

    #[test]
    fn a_deck_deals_every_letter_before_any_again_and_by_seed() {
        let deal_all = |seed| {
            let mut rng = Rng::new(seed);
            let mut deck = Deck::new(&mut rng, |l| !l.attention);
            let n = deck.cards.len();
            let order: Vec<*const TableLetter> = (0..2 * n)
                .map(|_| deck.deal(&mut rng, |_| true).unwrap() as *const _)
                .collect();
            (n, order)
        };
        let (n, a) = deal_all(5);
        let first: HashSet<_> = a[..n].iter().collect();
        let second: HashSet<_> = a[n..].iter().collect();
        assert_eq!((first.len(), second.len()), (n, n));
        assert_eq!(a, deal_all(5).1);
        assert_ne!(a, deal_all(6).1);
        // A letter that does not fit is passed over; none fitting gives none.
        let mut rng = Rng::new(1);
        let mut deck = Deck::new(&mut rng, |l| l.attention);
        assert!(
            deck.deal(&mut rng, |l| l.signed.is_some())
                .unwrap()
                .signed
                .is_some()
        );
        assert!(deck.deal(&mut rng, |_| false).is_none());
    }
}
