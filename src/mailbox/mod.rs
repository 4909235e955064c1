//! The whisper mailbox's rules, apart from any screen: taking a letter in (number and danger
//! words in the same transaction), replying, attention by hand, incidents without a name.
//! Anonymity is the design: nothing here reads or writes a child, and audit events name only
//! the letter (or the incident), never a child and never a free-text reason.

mod stats;

pub use stats::WeekStats;

use crate::domain::access::Operation;
use crate::model::limits;
use crate::model::{
    AuditAction, CounselorId, Incident, IncidentId, IncidentKind, Letter, LetterId, LetterNumber,
    LetterStatus, RecordRef,
};
use crate::store::{SessionReader, SessionWriter, StoreError};
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
/// danger words matched, an audit event naming the letter only. Call inside one session
/// `write` of a mailbox reader (the table refuses anyone else).
/// Both ways in (the app's intake and `import letters`) come here, so a letter dated in the
/// future or before 2000, or longer than the limit, is refused the same way for both.
/// `today` is the caller's "today" (from `crate::clock`), which the date must not pass.
pub fn take_in(
    w: &mut SessionWriter,
    danger_words: &[String],
    today: NaiveDate,
    received: NaiveDate,
    pseudonym: Option<String>,
    text: String,
    audit_action: AuditAction,
) -> Result<Letter, StoreError> {
    limits::check_letter_date(received, today).map_err(StoreError::Refused)?;
    // Before the danger words are looked for: a huge letter is refused without being read.
    limits::check(
        limits::FieldKind::Letter,
        crate::i18n::text("limits.field.letter"),
        &text,
    )
    .map_err(StoreError::Refused)?;
    let (needs_attention, attention_reason) = attention_by_words(danger_words, &text);
    let letter = Letter {
        id: LetterId(w.next_id()?),
        number: w.next_letter_number(received)?,
        received,
        pseudonym: pseudonym.filter(|p| !p.trim().is_empty()),
        text,
        status: LetterStatus::New,
        needs_attention,
        attention_reason,
        reply: String::new(),
        replied_by: None,
        replied_at: None,
        printed: false,
        attention_closed: None,
        incident: None,
    };
    w.put_letter(Operation::TakeInLetters, &letter)?;
    w.audit(
        audit_action,
        RecordRef::Letter(letter.id.0),
        letter.number.to_string(),
    )?;
    Ok(letter)
}

/// Why a reply cannot be changed, as a sentence for the screen.
pub fn reply_locked_reason(letter: &Letter) -> Option<String> {
    letter.printed.then(|| tr!("mailbox.reply_locked"))
}

fn letter_in(w: &mut SessionWriter, id: LetterId) -> Result<Letter, StoreError> {
    w.letter(id)?
        .ok_or_else(|| StoreError::Refused(tr!("mailbox.letter_gone")))
}

/// Saves a finished reply: status replied, who and when. Refused once the letter is printed.
pub fn save_reply(
    w: &mut SessionWriter,
    id: LetterId,
    by: CounselorId,
    reply: &str,
) -> Result<Letter, StoreError> {
    let mut letter = letter_in(w, id)?;
    if let Some(why) = reply_locked_reason(&letter) {
        return Err(StoreError::Refused(why));
    }
    letter.reply = reply.trim_end().to_string();
    letter.status = LetterStatus::Replied;
    letter.replied_by = Some(by);
    letter.replied_at = Some(w.now());
    w.put_letter(Operation::ReplyLetters, &letter)?;
    w.clear_draft(&draft_key(id))?;
    w.audit(
        AuditAction::Reply,
        RecordRef::Letter(id.0),
        letter.number.to_string(),
    )?;
    Ok(letter)
}

/// Keeps an unfinished reply on the letter (status draft) when the editor is left.
pub fn keep_draft_reply(
    w: &mut SessionWriter,
    id: LetterId,
    reply: &str,
) -> Result<Letter, StoreError> {
    let mut letter = letter_in(w, id)?;
    if let Some(why) = reply_locked_reason(&letter) {
        return Err(StoreError::Refused(why));
    }
    letter.reply = reply.trim_end().to_string();
    if letter.status != LetterStatus::Replied {
        letter.status = if letter.reply.is_empty() {
            LetterStatus::New
        } else {
            LetterStatus::Draft
        };
    }
    w.put_letter(Operation::ReplyLetters, &letter)?;
    w.clear_draft(&draft_key(id))?;
    w.audit(
        AuditAction::Update,
        RecordRef::Letter(id.0),
        crate::model::Detail::LetterDraft(letter.number.to_string()),
    )?;
    Ok(letter)
}

/// Marks a letter as needing attention by hand, with the reason kept on the letter; the
/// audit event says only what changed, so free text never reaches the log. A mark ends only
/// with `close_attention`.
pub fn set_attention(
    w: &mut SessionWriter,
    id: LetterId,
    reason: &str,
) -> Result<Letter, StoreError> {
    let mut letter = letter_in(w, id)?;
    letter.needs_attention = true;
    letter.attention_reason = reason.trim().to_string();
    letter.attention_closed = None;
    w.put_letter(Operation::ReplyLetters, &letter)?;
    w.audit(
        AuditAction::Update,
        RecordRef::Letter(id.0),
        crate::model::Detail::LetterAttention {
            number: letter.number.to_string(),
            on: true,
        },
    )?;
    Ok(letter)
}

/// Ends "needs attention" with a reason: the store's own operation, which keeps who and when.
pub fn close_attention(
    w: &mut SessionWriter,
    id: LetterId,
    reason: &str,
) -> Result<Letter, StoreError> {
    w.close_letter_attention(id, reason)
}

/// The key under which the reply editor keeps its unsaved text.
pub fn draft_key(id: LetterId) -> String {
    format!("reply:{}", id.0)
}

/// Why `letter` cannot raise an incident now: it does not need attention, or an open
/// incident among `incidents` already quotes it.
fn not_raisable(letter: &Letter, incidents: &[Incident]) -> Option<String> {
    if !letter.needs_attention {
        return Some(tr!("mailbox.incident_needs_attention"));
    }
    let number = letter.number.to_string();
    // Linked on the letter since layout 2; letters raised before are known by their number.
    let already = incidents.iter().any(|i| {
        i.is_open()
            && (letter.incident == Some(i.id)
                || (i.kind == IncidentKind::LetterDanger && i.found.contains(&number)))
    });
    already.then(|| tr!("mailbox.incident_exists", number = number))
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
        .ok_or_else(|| StoreError::Refused(tr!("mailbox.letter_gone")))?;
    if let Some(why) = not_raisable(&letter, &reader.letter_incidents()?) {
        return Err(StoreError::Refused(why));
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

/// Saves `incident` (as completed in the incident form) as raised by letter `id`: checked
/// again in the transaction, no child ever, audited under the letter's number.
pub fn raise_incident(
    w: &mut SessionWriter,
    id: LetterId,
    mut incident: Incident,
) -> Result<Incident, StoreError> {
    let letter = letter_in(w, id)?;
    if let Some(why) = not_raisable(&letter, &w.letter_incidents()?) {
        return Err(StoreError::Refused(why));
    }
    incident.id = IncidentId(w.next_id()?);
    incident.child = None;
    w.put_incident(&incident)?;
    w.audit(
        AuditAction::Create,
        RecordRef::Incident(incident.id.0),
        crate::model::Detail::FromLetter(letter.number.to_string()),
    )?;
    // The letter shows that a report exists (never which child: it names none).
    let mut linked = letter;
    linked.incident = Some(incident.id);
    w.put_letter(Operation::ReplyLetters, &linked)?;
    Ok(incident)
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
