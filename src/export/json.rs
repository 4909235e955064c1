//! The full JSON export (`shouwang export json`): every record, in id order, pretty-printed, in
//! the file format of `interchange::json` — so that `import json` into an empty store gives
//! the same store back.

use crate::domain::access::Operation;
use crate::interchange::json::*;
pub use crate::interchange::json::{FORMAT, JsonCounts, LETTER_KEYS, VERSION};
use crate::model::*;
use crate::store::{Indexed, Reader, Session, StoreError};
use crate::tr;
use serde::Serialize;
use serde::ser::{SerializeStruct, Serializer};
use std::fmt;

pub type JsonExportSummary = JsonCounts;

#[derive(Debug)]
pub enum JsonExportError {
    Store(StoreError),
    /// Writing to the output failed (disk full, closed pipe...).
    Write(String),
    /// This many letters are sealed under the mailbox's key, which the exporter does not
    /// hold: a whole-store export without them would lose them unseen.
    LettersSealed(u64),
}

impl fmt::Display for JsonExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            JsonExportError::Store(e) => e.fmt(f),
            JsonExportError::Write(detail) => {
                f.write_str(&tr!("store.json.write_failed", detail = detail))
            }
            JsonExportError::LettersSealed(count) => {
                f.write_str(&crate::trn!("store.json.letters_sealed", count = *count))
            }
        }
    }
}

impl std::error::Error for JsonExportError {}

impl From<StoreError> for JsonExportError {
    fn from(e: StoreError) -> Self {
        JsonExportError::Store(e)
    }
}

impl From<serde_json::Error> for JsonExportError {
    fn from(e: serde_json::Error) -> Self {
        JsonExportError::Write(e.to_string())
    }
}

impl From<std::io::Error> for JsonExportError {
    fn from(e: std::io::Error) -> Self {
        JsonExportError::Write(e.to_string())
    }
}

/// Writes the whole store as one JSON object. The audit trail is included only when asked
/// for; the caller records the export in the audit. Only whom the table lets export
/// personal data (`ExportPersonal`) gets anything.
///
/// Records are converted and written one kind at a time, so memory holds one kind, not all.
pub fn write_json(
    session: &Session,
    include_audit: bool,
    out: &mut dyn std::io::Write,
) -> Result<JsonExportSummary, JsonExportError> {
    session.allow(Operation::ExportPersonal)?;
    let reader = &session.store().reader()?;
    // The letters open only with the mailbox's key (issue 20): refused before anything is
    // written, rather than a whole-store export that is quietly without them.
    let mut letters_open = 0u64;
    reader.visit(|_: Letter| letters_open += 1)?;
    let sealed = reader.count::<Letter>()?.saturating_sub(letters_open);
    if sealed > 0 {
        return Err(JsonExportError::LettersSealed(sealed));
    }
    let mut counts = JsonCounts::default();
    let mut ser = serde_json::Serializer::with_formatter(
        &mut *out,
        serde_json::ser::PrettyFormatter::with_indent(b"  "),
    );
    let mut s = (&mut ser).serialize_struct("export", 13)?;
    s.serialize_field("format", FORMAT)?;
    s.serialize_field("version", &VERSION)?;
    counts.counselors = field::<Counselor, CounselorJson>(reader, &mut s, "counselors")?;
    counts.children = field::<Child, ChildJson>(reader, &mut s, "children")?;
    counts.child_revisions =
        field::<ChildRevision, ChildRevisionJson>(reader, &mut s, "child_revisions")?;
    counts.assignments = field::<Assignment, AssignmentJson>(reader, &mut s, "assignments")?;
    counts.notes = field::<Note, NoteJson>(reader, &mut s, "notes")?;
    counts.moods = field::<MoodEntry, MoodJson>(reader, &mut s, "moods")?;
    counts.followups = field::<FollowUp, FollowUpJson>(reader, &mut s, "followups")?;
    counts.letters = field::<Letter, LetterJson>(reader, &mut s, "letters")?;
    counts.incidents = field::<Incident, IncidentJson>(reader, &mut s, "incidents")?;
    counts.absences = field::<AbsenceCase, AbsenceJson>(reader, &mut s, "absences")?;
    if include_audit {
        counts.audit = field::<AuditEvent, AuditJson>(reader, &mut s, "audit")?;
    }
    s.end()?;
    out.write_all(b"\n")?;
    out.flush()?;
    Ok(counts)
}

fn field<R, D>(
    reader: &Reader,
    s: &mut impl SerializeStruct<Error = serde_json::Error>,
    key: &'static str,
) -> Result<usize, JsonExportError>
where
    R: Indexed,
    D: Serialize + for<'a> From<&'a R>,
{
    let records: Vec<D> = reader.all::<R>()?.iter().map(D::from).collect();
    s.serialize_field(key, &records)?;
    Ok(records.len())
}
