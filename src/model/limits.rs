//! The limits on what comes in, in one place: set far above anything a school writes, so that
//! they stop only mistakes and hostile files, and said in the sentence of every refusal.
//! Every way in (roster, profile form, note editor, `counselor add`, letters, `import json`)
//! ends in these checks: the store runs them on every record it is asked to put. A refusal is
//! data (`FieldError`: which field, what is wrong, the numbers), worded by
//! `labels::refusals::field_error`.

use super::{AbsenceCase, Child, Counselor, Letter, MoodEntry, Note};
use chrono::NaiveDate;

/// The field a refusal names: a record's field (its words are the catalogue key's, e.g.
/// `limits.field.name`) or a roster column (its header in each language).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldName {
    Key(&'static str),
    Column { zh: &'static str, en: &'static str },
}

/// What is wrong with a value, whatever its field.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// A direction override or isolate.
    Bidi,
    /// A control character; `multi_line` says whether line breaks and tabs were allowed.
    Control { multi_line: bool },
    /// `length` characters where `max` are allowed.
    TooLong { length: usize, max: usize },
    /// A phone holding more than digits, `+`, `-` and spaces (the value as given).
    Phone { value: String },
    /// Nothing where something is needed.
    Empty,
    /// A number outside `min..=max` (`model::measure`: a mood score, minutes).
    OutOfRange { value: i64, min: i64, max: i64 },
}

/// A value refused by the limits: which field, and what is wrong.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldError {
    pub field: FieldName,
    pub problem: Problem,
}

impl Problem {
    pub fn of(self, field: FieldName) -> FieldError {
        FieldError {
            field,
            problem: self,
        }
    }
}

/// A letter's date refused: after today, or before `earliest_letter`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LetterDate {
    Future { date: NaiveDate, today: NaiveDate },
    TooOld { date: NaiveDate },
}

/// Names and short fields (class, village, relation, student id…), in characters.
pub const SHORT_CHARS: usize = 50;
/// A phone as typed: digits with `+`, `-` and spaces.
pub const PHONE_CHARS: usize = 20;
/// Free text: remarks, medical history, notes, follow-ups, reasons.
pub const TEXT_CHARS: usize = 20_000;
/// One whisper-mailbox letter, and the reply to it.
pub const LETTER_CHARS: usize = 20_000;
/// Data rows in one roster file.
pub const ROSTER_ROWS: usize = 200_000;
/// A roster (or letters) file on disk, in megabytes.
pub const FILE_MB: u64 = 100;
/// A full JSON export to import, in megabytes: a school's whole store (2,000 children with
/// years of notes) is a few tens; refused before reading, since the records read from it are
/// held until the one transaction that writes them.
pub const JSON_FILE_MB: u64 = 512;
/// What the parts of an XLSX workbook may unpack to, in megabytes: refused before unpacking,
/// so that a small file that inflates to gigabytes (a "zip bomb") costs nothing.
pub const WORKBOOK_UNPACKED_MB: u64 = 500;
/// Shared strings in a roster workbook: a roster has 23 columns of 200,000 rows at most.
pub const WORKBOOK_STRINGS: u64 = 5_000_000;
/// Cells one sheet of a roster workbook may declare or span, for the same reason.
pub const WORKBOOK_CELLS: u64 = 5_000_000;
/// Rejected roster rows kept with their reasons; the rest are only counted.
pub const REJECTIONS_KEPT: usize = 100;

pub const MB: u64 = 1024 * 1024;

/// A value a refusal quotes (a cell, a student id as typed) is cut to this many characters.
pub const QUOTED_CHARS: usize = 60;

/// Letters are dated from this day on: an earlier date is a typing mistake.
pub fn earliest_letter() -> NaiveDate {
    NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// What kind of value a field holds, which decides its length and the characters allowed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FieldKind {
    /// A person's name: one line, no control or direction-override characters.
    Name,
    /// A short one-line field.
    Short,
    /// A phone number: digits, `+`, `-` and spaces.
    Phone,
    /// Free text: line breaks and tabs allowed.
    Text,
    /// A letter or a reply.
    Letter,
}

impl FieldKind {
    pub fn max_chars(self) -> usize {
        match self {
            FieldKind::Name | FieldKind::Short => SHORT_CHARS,
            FieldKind::Phone => PHONE_CHARS,
            FieldKind::Text => TEXT_CHARS,
            FieldKind::Letter => LETTER_CHARS,
        }
    }

    fn multi_line(self) -> bool {
        matches!(self, FieldKind::Text | FieldKind::Letter)
    }
}

/// Unicode's direction overrides and isolates: they reorder what a terminal shows, so a name
/// could read as something else.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}')
}

/// `20000` → `20,000`, for the sentences.
pub fn grouped(n: impl Into<u64>) -> String {
    let digits = n.into().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// A cell as a file gives it, before it is cleaned: line ends (`\r\n`) and tabs are the
/// file's layout, which the cleaning turns into lines and spaces; any other control character,
/// or a direction override, is refused rather than silently dropped.
pub fn check_raw(value: &str) -> Result<(), Problem> {
    if value.chars().any(is_bidi_control) {
        return Err(Problem::Bidi);
    }
    if value
        .chars()
        .any(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
    {
        return Err(Problem::Control { multi_line: true });
    }
    Ok(())
}

/// Checks one value of a field of `kind`; the refusal says what is wrong, with the limit (the
/// caller names the field: `Problem::of`).
pub fn check(kind: FieldKind, value: &str) -> Result<(), Problem> {
    let allowed = |c: char| kind.multi_line() && matches!(c, '\n' | '\t');
    if value.chars().any(is_bidi_control) {
        return Err(Problem::Bidi);
    }
    if value.chars().any(|c| c.is_control() && !allowed(c)) {
        return Err(Problem::Control {
            multi_line: kind.multi_line(),
        });
    }
    // Counting stops just past the limit: a 60 MB value costs no more than a long one.
    let max = kind.max_chars();
    if value.chars().nth(max).is_some() {
        return Err(Problem::TooLong {
            length: value.chars().count(),
            max,
        });
    }
    if kind == FieldKind::Phone
        && !value
            .chars()
            .all(|c| c.is_ascii_digit() || matches!(c, '+' | '-' | ' '))
    {
        return Err(Problem::Phone {
            value: value.to_string(),
        });
    }
    Ok(())
}

/// `check`, naming the field by its catalogue key.
pub fn check_field(kind: FieldKind, key: &'static str, value: &str) -> Result<(), FieldError> {
    check(kind, value).map_err(|p| p.of(FieldName::Key(key)))
}

/// A letter's date: not in the future, not before 2000.
pub fn check_letter_date(received: NaiveDate, today: NaiveDate) -> Result<(), LetterDate> {
    if received > today {
        return Err(LetterDate::Future {
            date: received,
            today,
        });
    }
    if received < earliest_letter() {
        return Err(LetterDate::TooOld { date: received });
    }
    Ok(())
}

/// Each of a child's fields with its kind and label.
fn child_fields(c: &Child) -> Vec<(FieldKind, &'static str, &str)> {
    use FieldKind::*;
    let mut fields = vec![
        (
            Short,
            "limits.field.student_id",
            c.student_id.as_deref().unwrap_or(""),
        ),
        (Name, "limits.field.name", c.name.as_str()),
        (Short, "limits.field.class", &c.class),
        (Short, "limits.field.village", &c.village),
        (Short, "limits.field.left_behind_type", &c.left_behind_type),
        (Name, "limits.field.father_name", &c.father.name),
        (
            Short,
            "limits.field.father_work_place",
            &c.father.work_place,
        ),
        (Phone, "limits.field.father_phone", &c.father.phone),
        (Name, "limits.field.mother_name", &c.mother.name),
        (
            Short,
            "limits.field.mother_work_place",
            &c.mother.work_place,
        ),
        (Phone, "limits.field.mother_phone", &c.mother.phone),
        (Name, "limits.field.guardian_name", &c.guardian.name),
        (
            Short,
            "limits.field.guardian_relation",
            &c.guardian.relation,
        ),
        (Phone, "limits.field.guardian_phone", &c.guardian.phone),
        (Text, "limits.field.guardian_address", &c.guardian.address),
        (Name, "limits.field.entrusted_to", &c.entrustment.to),
        (Text, "limits.field.personality", &c.personality),
        (Text, "limits.field.hobbies", &c.hobbies),
        (Text, "limits.field.medical_history", &c.medical_history),
        (Text, "limits.field.remarks", &c.remarks),
    ];
    for s in &c.study {
        fields.push((Short, "limits.field.study_term", &s.term));
        fields.push((Text, "limits.field.study", &s.text));
    }
    if let super::ChildStatus::Left { note, .. } = &c.status {
        fields.push((Text, "limits.field.left_note", note));
    }
    fields
}

/// Every field of a child within its limits, and a name.
pub fn check_child(c: &Child) -> Result<(), FieldError> {
    if c.name.trim().is_empty() {
        return Err(Problem::Empty.of(FieldName::Key("limits.field.name")));
    }
    for (kind, key, value) in child_fields(c) {
        check_field(kind, key, value)?;
    }
    Ok(())
}

pub fn check_counselor(c: &Counselor) -> Result<(), FieldError> {
    check_field(FieldKind::Name, "limits.field.counselor_name", &c.name)?;
    for class in &c.classes {
        check_field(FieldKind::Short, "limits.field.class", class)?;
    }
    Ok(())
}

pub fn check_note(n: &Note) -> Result<(), FieldError> {
    if let Some(m) = n.duration_min {
        super::Minutes::duration(m.into())?;
    }
    if let Some(m) = n.mood {
        super::MoodScore::new(m.into())?;
    }
    check_field(FieldKind::Text, "limits.field.note", &n.text)?;
    check_field(FieldKind::Text, "limits.field.support", &n.support)?;
    if let Some(d) = &n.deleted {
        check_field(FieldKind::Text, "limits.field.reason", &d.reason)?;
    }
    Ok(())
}

pub fn check_mood(m: &MoodEntry) -> Result<(), FieldError> {
    super::MoodScore::new(m.score.into()).map(drop)
}

pub fn check_letter(l: &Letter) -> Result<(), FieldError> {
    check_field(FieldKind::Letter, "limits.field.letter", &l.text)?;
    check_field(FieldKind::Letter, "limits.field.reply", &l.reply)?;
    check_field(
        FieldKind::Short,
        "limits.field.pseudonym",
        l.pseudonym.as_deref().unwrap_or(""),
    )?;
    check_field(FieldKind::Text, "limits.field.reason", &l.attention_reason)?;
    check_field(
        FieldKind::Text,
        "limits.field.reason",
        l.attention_closed
            .as_ref()
            .map_or("", |c| c.reason.as_str()),
    )
}

/// An absence case: what is known, each attempt's people and result, the closing note.
pub fn check_absence(a: &AbsenceCase) -> Result<(), FieldError> {
    check_field(FieldKind::Text, "limits.field.note", &a.note)?;
    for t in &a.attempts {
        check_field(FieldKind::Short, "limits.field.attempt_went", &t.went)?;
        check_field(FieldKind::Short, "limits.field.attempt_met", &t.met)?;
        check_field(FieldKind::Text, "limits.field.attempt_result", &t.result)?;
    }
    check_field(
        FieldKind::Text,
        "limits.field.reason",
        a.closed.as_ref().map_or("", |c| c.note.as_str()),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_refused_with_the_limit() {
        let long = "字".repeat(SHORT_CHARS + 1);
        assert_eq!(
            check(FieldKind::Name, &long),
            Err(Problem::TooLong {
                length: 51,
                max: 50
            })
        );
        assert!(check(FieldKind::Name, &"字".repeat(SHORT_CHARS)).is_ok());
        assert_eq!(
            check_field(
                FieldKind::Text,
                "limits.field.remarks",
                &"a".repeat(TEXT_CHARS + 1)
            ),
            Err(FieldError {
                field: FieldName::Key("limits.field.remarks"),
                problem: Problem::TooLong {
                    length: 20_001,
                    max: 20_000
                }
            })
        );
    }

    #[test]
    fn control_and_bidi_characters_are_refused() {
        for bad in [
            "X\u{1b}]0;PWNED\u{7}Y",
            "a\u{0}b",
            "a\nb",
            "a\tb",
            "a\u{85}b",
        ] {
            assert_eq!(
                check(FieldKind::Name, bad),
                Err(Problem::Control { multi_line: false }),
                "{bad:?}"
            );
        }
        for c in ['\u{202A}', '\u{202E}', '\u{2066}', '\u{2069}'] {
            assert_eq!(
                check(FieldKind::Text, &format!("a{c}b")),
                Err(Problem::Bidi)
            );
        }
        assert!(check(FieldKind::Text, "line\n\tindented").is_ok());
        assert_eq!(
            check(FieldKind::Text, "bell\u{7}"),
            Err(Problem::Control { multi_line: true })
        );
    }

    #[test]
    fn phones_are_digits_plus_dash_and_space() {
        assert!(check(FieldKind::Phone, "+86 138-0013-8000").is_ok());
        assert_eq!(
            check(FieldKind::Phone, "abc"),
            Err(Problem::Phone {
                value: "abc".into()
            })
        );
        assert!(check(FieldKind::Phone, &"1".repeat(PHONE_CHARS + 1)).is_err());
    }

    #[test]
    fn letters_are_dated_from_2000_to_today() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        assert!(check_letter_date(today, today).is_ok());
        assert!(check_letter_date(day(2000, 1, 1), today).is_ok());
        assert_eq!(
            check_letter_date(day(2099, 1, 1), today),
            Err(LetterDate::Future {
                date: day(2099, 1, 1),
                today
            })
        );
        assert_eq!(
            check_letter_date(day(1999, 12, 31), today),
            Err(LetterDate::TooOld {
                date: day(1999, 12, 31)
            })
        );
    }

    #[test]
    fn numbers_are_grouped() {
        assert_eq!(grouped(5u64), "5");
        assert_eq!(grouped(20_000u64), "20,000");
        assert_eq!(grouped(200_000u64), "200,000");
        assert_eq!(grouped(1_234_567u64), "1,234,567");
    }
}
