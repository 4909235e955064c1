//! The whisper mailbox's rules, apart from any screen: taking a letter in (number and danger
//! words in the same transaction), replying, attention by hand, incidents without a name.
//! Anonymity is the design: nothing here reads or writes a child, and audit events name only
//! the letter (or the incident), never a child and never a free-text reason.

mod stats;

pub use stats::WeekStats;

use crate::domain::letters::incident_raisable;
use crate::model::limits;
use crate::model::{
    CounselorId, Incident, IncidentId, IncidentKind, Letter, LetterId, LetterNumber, LetterRefusal,
    LetterStatus, Refusal,
};
use crate::store::{LetterIntake, LetterVia, SessionReader, SessionWriter, StoreError};
use crate::tr;
use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// The day a batch of letters is taken in by default: the most recent Friday on or before
/// `today`. On a Saturday or Sunday that is the Friday just gone (the box opened that week),
/// and Monday to Thursday it is last week's Friday, because letters typed in late still
/// belong to the opening they came from.
pub fn default_received(today: NaiveDate) -> NaiveDate {
    let back =
        (today.weekday().num_days_from_monday() + 7 - Weekday::Fri.num_days_from_monday()) % 7;
    today - Duration::days(i64::from(back))
}

/// Whether `text` needs attention by the danger list, and the reason to store (the words).
pub fn attention_by_words(danger_words: &[String], text: &str) -> (bool, String) {
    let found = crate::config::danger::matches(danger_words, text);
    if found.is_empty() {
        (false, String::new())
    } else {
        (true, tr!("mailbox.reason_words", words = found.join("、")))
    }
}

/// How a reply greets the child at its start, in either language; Latin words only as whole
/// words ("hi", not "his").
const GREETINGS_FIRST: &[&str] = &["亲爱的", "嗨", "dear", "hello", "hi"];
/// A greeting that ends a clause of the opening: "你好！", "同学你好：", "孩子们，你好！" (and
/// not "你好好休息").
const GREETINGS_LAST: &[&str] = &["你好", "您好", "你好呀", "你好啊"];

/// Whether a reply greets the child in its opening words (up to its first sentence's end):
/// by the pseudonym ("小星星，你好！") or by a greeting ("亲爱的孩子：", "你好！",
/// "同学你好：", "Dear friend,"). A printed reply then adds no greeting: a child is greeted once.
pub fn reply_greets(reply: &str, pseudonym: &str) -> bool {
    let opening: String = reply
        .trim_start()
        .chars()
        .take_while(|c| !matches!(c, '\n' | '。' | '.' | '！' | '!' | '？' | '?'))
        .take(pseudonym.chars().count() + 12)
        .collect::<String>()
        .to_lowercase();
    if !pseudonym.is_empty() && opening.contains(&pseudonym.to_lowercase()) {
        return true;
    }
    let starts = GREETINGS_FIRST.iter().any(|g| {
        opening.strip_prefix(g).is_some_and(|rest| {
            !g.is_ascii() || !rest.starts_with(|c: char| c.is_ascii_alphabetic())
        })
    });
    let clause_ends = opening
        .split(['，', ',', '：', ':', '、', ' '])
        .any(|clause| GREETINGS_LAST.iter().any(|g| clause.ends_with(g)));
    starts || clause_ends
}

/// Stores one letter as typed in: its number (next in the ISO week of `received`), the
/// danger words matched, an audit event naming the letter only (the store's
/// `take_in_letter`). Call inside one session `write` of a mailbox reader (the table refuses
/// anyone else). Both ways in (the app's intake and `import letters`) come here, so a letter
/// dated in the future or before 2000, or longer than the limit, is refused the same way for
/// both. `today` is the caller's "today" (the store's clock, `Session::today`), which the date
/// must not pass.
pub fn take_in(
    w: &mut SessionWriter,
    danger_words: &[String],
    today: NaiveDate,
    received: NaiveDate,
    pseudonym: Option<String>,
    text: String,
    via: LetterVia,
) -> Result<Letter, StoreError> {
    limits::check_letter_date(received, today).map_err(Refusal::LetterDate)?;
    // Before the danger words are looked for: a huge letter is refused without being read.
    limits::check_field(limits::FieldKind::Letter, "limits.field.letter", &text)
        .map_err(Refusal::Field)?;
    let (needs_attention, attention_reason) = attention_by_words(danger_words, &text);
    let intake = LetterIntake {
        received,
        pseudonym,
        text,
        needs_attention,
        attention_reason,
    };
    w.take_in_letter(intake, via)
}

/// Why a reply cannot be changed, as a sentence for the screen.
pub fn reply_locked_reason(letter: &Letter) -> Option<String> {
    letter
        .printed
        .then(|| crate::labels::refusals::refusal(&Refusal::Letter(LetterRefusal::ReplyLocked)))
}

/// The safeguarding incident a letter would raise, not saved yet (id 0), for the incident
/// form to complete: no child, the letter number and the danger words quoted (never the
/// whole letter), found `now`. Refused as `raise_incident` would refuse it.
pub fn letter_incident(
    reader: &SessionReader,
    id: LetterId,
    reported_by: CounselorId,
    danger_words: &[String],
    now: crate::model::Timestamp,
) -> Result<Incident, StoreError> {
    let letter = reader
        .letter(id)?
        .ok_or(StoreError::Refused(Refusal::Letter(LetterRefusal::Gone)))?;
    if let Err(why) = incident_raisable(&letter, &reader.letter_incidents()?) {
        return Err(StoreError::Refused(why.refusal(&letter)));
    }
    let number = letter.number.to_string();
    let words = crate::config::danger::matches(danger_words, &letter.text);
    let found = if words.is_empty() {
        tr!(
            "mailbox.incident_found_reason",
            number = number,
            reason = letter.attention_reason
        )
    } else {
        tr!(
            "mailbox.incident_found",
            number = number,
            words = words.join("、")
        )
    };
    Ok(Incident {
        id: IncidentId(0),
        child: None,
        kind: IncidentKind::LetterDanger,
        other: String::new(),
        found,
        found_at: now,
        reported_by,
        reported_to: String::new(),
        reported_at: None,
        receipt: String::new(),
        events: Vec::new(),
        revisions: Vec::new(),
        closed: None,
    })
}

/// What the school does next about an incident raised from an anonymous letter, said when
/// it is saved: the report names no child, so the police station's receipt is not all. The
/// school's counselor and the coordinator look for the child; the police when a child may be
/// in danger and no office is recorded yet; the receipt when an office is but none is noted.
pub fn incident_next_steps(number: &LetterNumber, incident: &Incident) -> String {
    let mut said = vec![
        tr!("mailbox.incident_saved", number = number),
        tr!("mailbox.incident_next"),
    ];
    if incident.reported_to.trim().is_empty() {
        said.push(tr!("mailbox.incident_police"));
    } else if incident.receipt.trim().is_empty() {
        said.push(tr!(
            "care.incident.still_to_note_receipt",
            office = incident.reported_to
        ));
    }
    said.join(&tr!("mailbox.sentence_gap"))
}

/// All letters, newest week first, in order of opening within a week.
pub fn all_letters(reader: &SessionReader) -> Result<Vec<Letter>, StoreError> {
    let mut all = Vec::new();
    for s in [
        LetterStatus::New,
        LetterStatus::Draft,
        LetterStatus::Replied,
    ] {
        all.extend(reader.letters_with_status(s)?);
    }
    all.sort_by(|a, b| {
        (b.number.year, b.number.week)
            .cmp(&(a.number.year, a.number.week))
            .then(a.number.seq.cmp(&b.number.seq))
    });
    Ok(all)
}

/// The ISO week of a day as the letter numbers write it.
pub fn week_label(year: i32, week: u32) -> String {
    format!("{year}-W{week:02}")
}

/// `2026-W48` (or `2026-w48`) → (2026, 48).
pub fn parse_week(s: &str) -> Option<(i32, u32)> {
    let (y, w) = s.trim().split_once('-')?;
    let year = y.parse().ok()?;
    let week: u32 = w.strip_prefix(['W', 'w'])?.parse().ok()?;
    // A week 53 exists only in some years; the first day of the week must be real.
    NaiveDate::from_isoywd_opt(year, week, Weekday::Mon)?;
    Some((year, week))
}

/// The number's ISO week.
pub fn week_of_number(n: &LetterNumber) -> (i32, u32) {
    (n.year, n.week)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn the_default_day_is_the_latest_friday() {
        assert_eq!(default_received(d(2026, 11, 27)), d(2026, 11, 27)); // Friday
        assert_eq!(default_received(d(2026, 11, 28)), d(2026, 11, 27)); // Saturday
        assert_eq!(default_received(d(2026, 11, 29)), d(2026, 11, 27)); // Sunday
        assert_eq!(default_received(d(2026, 11, 30)), d(2026, 11, 27)); // Monday
        assert_eq!(default_received(d(2026, 11, 26)), d(2026, 11, 20)); // Thursday
    }

    #[test]
    fn weeks_parse_and_week_53_exists_only_when_real() {
        assert_eq!(parse_week("2026-W48"), Some((2026, 48)));
        assert_eq!(parse_week("2026-w53"), Some((2026, 53)));
        assert_eq!(parse_week("2025-W53"), None);
        assert_eq!(parse_week("2026-48"), None);
        assert_eq!(parse_week("W48"), None);
    }

    #[test]
    fn a_reply_greets_by_name_or_by_a_greeting_at_its_start() {
        for reply in [
            "你好！谢谢你的信。",
            "  亲爱的孩子：\n谢谢你。",
            "同学你好：谢谢你。",
            "孩子们，你好！",
            "你好呀，我收到你的信了。",
            "小星星，谢谢你的信。",
            "您好。",
            "嗨，小朋友！",
            "Dear friend, thank you.",
            "HELLO there.",
            "Hi, thanks.",
        ] {
            assert!(reply_greets(reply, "小星星"), "{reply}");
        }
        for reply in [
            "谢谢你的信。",
            "老师想告诉你：你很棒。你好好想想。",
            "你好好休息。",
            "His letter came.",
            "Thank you.",
            "",
        ] {
            assert!(!reply_greets(reply, "小星星"), "{reply}");
        }
        // The name counts only in the opening, and an empty name never.
        assert!(!reply_greets("谢谢你。小星星真棒。", "小星星"));
        assert!(!reply_greets("谢谢你。", ""));
    }
}
