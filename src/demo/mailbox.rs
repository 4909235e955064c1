//! The demo's whisper-mailbox letters (anonymous, never linked to a child; whole letters
//! dealt from `letters`) and its few mandatory-report incidents: living alone, one raised
//! from a letter. Absences are cases of their own (`absences.rs`).

use super::letters::{Deck, TableLetter};
use super::notes::{Ctx, days_named, fill};
use super::people::{Kid, Term, at};
use super::rng::Rng;
use super::texts::*;
use crate::model::*;
use crate::store::{StoreError, Writer};
use chrono::{Datelike, Duration, NaiveDate, Weekday};
use std::collections::HashSet;

/// Child names, to make sure no letter happens to contain one.
pub struct Names {
    names: HashSet<String>,
    longest: usize,
}

impl Names {
    pub fn new() -> Names {
        Names {
            names: HashSet::new(),
            longest: 0,
        }
    }

    pub fn add(&mut self, name: &str) {
        self.longest = self.longest.max(name.chars().count());
        self.names.insert(name.to_string());
    }

    /// True when some child's full name appears anywhere in `text`.
    pub fn any_in(&self, text: &str) -> bool {
        let chars: Vec<(usize, char)> = text.char_indices().collect();
        for (i, (start, _)) in chars.iter().enumerate() {
            for len in 2..=self.longest {
                let Some(end) = chars
                    .get(i + len)
                    .map_or((i + len == chars.len()).then_some(text.len()), |(e, _)| {
                        Some(*e)
                    })
                else {
                    break;
                };
                if self.names.contains(&text[*start..end]) {
                    return true;
                }
            }
        }
        false
    }
}

/// Fridays of the term up to today: the mailbox is opened on Fridays.
fn fridays(term: &Term) -> Vec<NaiveDate> {
    let mut d = term.start;
    while d.weekday() != Weekday::Fri {
        d = d.succ_opt().unwrap_or(d);
        if d > term.today {
            return Vec::new();
        }
    }
    let mut out = Vec::new();
    while d <= term.today {
        if !term.in_break(d) {
            out.push(d);
        }
        d += Duration::days(7);
    }
    out
}

/// A letter's number, the day it was opened and the incident it raises (the letter links it).
pub type Opened = (LetterNumber, NaiveDate, IncidentId);

/// Writes the term's letters; returns how many, and the number of the one that told of a
/// child living alone at night (the incident raised from it names no child).
/// Each letter is one whole letter of the table (`letters`), with the reply written to it.
/// Whether it needs attention is decided as the mailbox decides it when a letter is taken in
/// (`mailbox::attention_by_words`, the default danger words), which the table agrees with.
pub fn letters(
    w: &mut Writer,
    rng: &mut Rng,
    term: &Term,
    children: usize,
    repliers: &[CounselorId],
    names: &Names,
) -> Result<(usize, Option<Opened>), StoreError> {
    let danger_words = crate::config::Config::default().danger_words;
    let fridays = fridays(term);
    let per_week = (children / 40).clamp(1, 40);
    // Everyday letters and those that show danger come from two decks, so the second kind
    // stays a few; the letter of the child alone at night is placed, not dealt.
    let mut everyday = Deck::new(rng, |l| !l.attention);
    let mut dangers = Deck::new(rng, |l| l.attention && !l.incident);
    let mut alone_at_night = Deck::new(rng, |l| l.incident);
    // A letter that happens to spell a child's name is passed over: letters name no child.
    let names_none = |l: &TableLetter| {
        !names.any_in(&l.text)
            && !names.any_in(&l.reply)
            && !l.signed.as_deref().is_some_and(|p| names.any_in(p))
    };
    let mut written = 0;
    let mut danger = None;
    for (week, day) in fridays.iter().enumerate() {
        let latest = week + 1 == fridays.len();
        let count = 1 + rng.below(per_week + 2);
        for i in 0..count {
            // One letter in the week before last tells of a child alone at night.
            let alone = week + 2 == fridays.len().max(2) && i == 0 && danger.is_none();
            let deck = if alone {
                &mut alone_at_night
            } else if rng.chance(0.04) {
                &mut dangers
            } else {
                &mut everyday
            };
            let Some(entry) = deck.deal(rng, names_none) else {
                continue;
            };
            let status = if !latest || rng.chance(0.15) && week > 0 {
                LetterStatus::Replied
            } else if rng.chance(0.3) {
                LetterStatus::Draft
            } else {
                LetterStatus::New
            };
            let (attention, reason) =
                crate::mailbox::attention_by_words(&danger_words, &entry.text);
            let reply = match status {
                LetterStatus::New => String::new(),
                _ => entry.reply.clone(),
            };
            let replied = status == LetterStatus::Replied;
            let number = w.next_letter_number(*day)?;
            // The incident raised from the letter is written later: its id is taken now, so
            // the letter shows that it exists, as a letter does in the mailbox.
            let raised = if alone {
                Some(IncidentId(w.next_id()?))
            } else {
                None
            };
            let replier = rng.pick(repliers);
            let letter = Letter {
                id: LetterId(w.next_id()?),
                number,
                received: *day,
                pseudonym: entry.signed.clone(),
                text: entry.text.clone(),
                status,
                // Marked whatever its state: a reply does not make a child safe.
                needs_attention: attention,
                attention_reason: reason,
                reply,
                replied_by: replied.then_some(replier),
                replied_at: replied.then(|| {
                    at(
                        term.clamp(*day + Duration::days(rng.range(0, 3))),
                        rng,
                        15,
                        18,
                    )
                }),
                printed: replied && !latest,
                attention_closed: None,
                incident: raised,
            };
            if let Some(raised) = raised {
                danger = Some((number, *day, raised));
            }
            w.load(&letter)?;
            written += 1;
        }
    }
    Ok((written, danger))
}

/// Who the incidents are about: a child without care.
pub struct IncidentPlan<'a> {
    pub alone: &'a [(Kid, CounselorId)],
    pub coordinator: CounselorId,
    /// The letter that told of danger, and the day it was opened.
    pub letter: Option<Opened>,
}

fn events(
    rng: &mut Rng,
    term: &Term,
    from: Timestamp,
    by: CounselorId,
    texts: &[&str],
) -> Vec<IncidentEvent> {
    let mut t = from;
    texts
        .iter()
        .map(|text| {
            let day = term.clamp(t.date() + Duration::days(rng.range(0, 2)));
            let day = on_named_day(text, day, t.date(), term.today);
            t = at(day, rng, 8, 18).max(t + Duration::minutes(rng.range(10, 40)));
            IncidentEvent {
                at: t,
                by,
                text: text.to_string(),
            }
        })
        .collect()
}

/// `day`, or the day of the week `text` says it happened on: the first such day from `day` on
/// (not after `today`), else the last one before it (not before `earliest`).
fn on_named_day(text: &str, day: NaiveDate, earliest: NaiveDate, today: NaiveDate) -> NaiveDate {
    let named = days_named(text.split('。').next().unwrap_or(""));
    if named.is_empty() || named.contains(&day.weekday()) {
        return day;
    }
    let fits = |d: &NaiveDate| named.contains(&d.weekday());
    let later = (1..7).map(|n| day + Duration::days(n)).find(fits);
    let earlier = (1..7).map(|n| day - Duration::days(n)).find(fits);
    later
        .filter(|d| *d <= today)
        .or(earlier.filter(|d| *d >= earliest))
        .unwrap_or(day)
}

pub fn incidents(
    w: &mut Writer,
    rng: &mut Rng,
    term: &Term,
    plan: &IncidentPlan,
) -> Result<usize, StoreError> {
    let mut written = 0;
    let end_of_today = term.today.and_hms_opt(18, 0, 0).unwrap_or_default();
    let mut put = |w: &mut Writer,
                   rng: &mut Rng,
                   child: Option<(&Kid, CounselorId)>,
                   kind: IncidentKind,
                   found: &str,
                   office: &str,
                   texts: &[&str],
                   closed: Option<&str>,
                   day: Option<NaiveDate>,
                   raised: Option<IncidentId>|
     -> Result<(), StoreError> {
        let by = child.map_or(plan.coordinator, |(_, c)| c);
        let g = child.map_or("监护人", |(k, _)| k.guardian);
        let day = day.unwrap_or_else(|| term.day_back(rng, 4, 30));
        // A finding that names its days ("周一至周三未到校") is found on the last of them.
        let day = on_named_day(found, day, term.start, term.today);
        let found_at = at(day, rng, 8, 17);
        let id = match raised {
            Some(id) => id,
            None => IncidentId(w.next_id()?),
        };
        let ctx = Ctx {
            n: "",
            g,
            p: "",
            w: "",
            s: "",
            k: 0,
        };
        let events = events(rng, term, found_at, by, texts);
        let last = events.last().map_or(found_at, |e| e.at);
        let incident = Incident {
            id,
            child: child.map(|(k, _)| k.id),
            kind,
            other: String::new(),
            found: fill(found, &ctx),
            found_at,
            reported_by: by,
            reported_to: office.to_string(),
            reported_at: Some(found_at + Duration::minutes(rng.range(20, 90))),
            receipt: format!(
                "{RECEIPT_PREFIX} {}-{:04}",
                found_at.date().year(),
                rng.range(1, 9999)
            ),
            events,
            revisions: Vec::new(),
            closed: closed.map(|reason| Closure {
                at: (last + Duration::days(1)).min(end_of_today).max(last),
                by: plan.coordinator,
                reason: reason.to_string(),
            }),
        };
        w.put_incident(&incident)?;
        written += 1;
        Ok(())
    };
    for (kid, c) in plan.alone {
        put(
            w,
            rng,
            Some((kid, *c)),
            IncidentKind::LivingAlone,
            LIVING_ALONE_FOUND,
            POLICE,
            LIVING_ALONE_EVENTS,
            None,
            None,
            None,
        )?;
    }
    if let Some((number, received, raised)) = plan.letter {
        let found = LETTER_DANGER_FOUND.replace("{num}", &number.to_string());
        put(
            w,
            rng,
            None,
            IncidentKind::LetterDanger,
            &found,
            POLICE,
            LETTER_DANGER_EVENTS,
            None,
            Some(received),
            Some(raised),
        )?;
    }
    Ok(written)
}
