//! `shouwang import json`: reads a full export back, into an empty store only, keeping every
//! id, after checking the format tag, each record's values and every reference between records.

mod convert;
mod stream;

use super::ImportError;
use crate::domain::access::Operation;
use crate::interchange::json::*;
use crate::model::*;
use crate::store::{Session, Store};
use convert::Parsed;
use std::io::Read as _;
use std::path::Path;

pub type JsonImportSummary = JsonCounts;

const LISTS: [&str; 8] = [
    "counselors",
    "children",
    "assignments",
    "notes",
    "moods",
    "followups",
    "letters",
    "incidents",
];

/// Lists an export may lack: the audit trail (when not asked for), the children's record
/// history and the absence cases (which exports made before them do not have).
const OPTIONAL_LISTS: [&str; 3] = ["child_revisions", "absences", "audit"];

/// Imports a full JSON export into `store`, which must be empty, as `session` (none: the
/// store has no staff yet). Everything is written in one
/// transaction with the file's ids, plus one audit event for the import itself.
pub fn import_json(
    store: &Store,
    session: Option<&Session>,
    actor: &Actor,
    path: &Path,
) -> Result<JsonImportSummary, ImportError> {
    // A coordinator's, or nobody's on a store with no staff yet (the import makes them).
    store.allow_or_first(session, Operation::ImportJson)?;
    // Refuse early, before reading a possibly large file for nothing.
    let reader = store.reader()?;
    if !reader.is_empty()? || reader.count::<AuditEvent>()? > 0 {
        return Err(ImportError::StoreNotEmpty);
    }
    drop(reader);
    let parsed = read(path, store.clock().today())?;
    let counts = parsed.counts();
    let written = store.write(actor, |w| {
        // Audit events already in the store would hold ids that the file's records may reuse.
        if !w.is_empty()? || w.count::<AuditEvent>()? > 0 {
            return Ok(false);
        }
        w.reserve_ids_up_to(parsed.max_id)?;
        for r in &parsed.counselors {
            w.load(r)?;
        }
        for r in &parsed.children {
            w.load(r)?;
        }
        for r in &parsed.child_revisions {
            w.load(r)?;
        }
        for r in &parsed.assignments {
            w.load(r)?;
        }
        for r in &parsed.notes {
            w.load(r)?;
        }
        for r in &parsed.moods {
            w.load(r)?;
        }
        for r in &parsed.followups {
            w.load(r)?;
        }
        for r in &parsed.letters {
            w.load(r)?;
        }
        for r in &parsed.incidents {
            w.put_incident(r)?;
        }
        // After the children and the incidents they name; as the file has them (the child's
        // enrolment state came with the child).
        for r in &parsed.absences {
            w.load(r)?;
        }
        for r in &parsed.audit {
            w.load(r)?;
        }
        w.audit(
            AuditAction::Import,
            RecordRef::Store,
            crate::model::Detail::JsonImport {
                file: path.display().to_string(),
                children: counts.children as u32,
                notes: counts.notes as u32,
                letters: counts.letters as u32,
            },
        )?;
        Ok(true)
    })?;
    if written {
        Ok(counts)
    } else {
        Err(ImportError::StoreNotEmpty)
    }
}

/// Reads the export at `path` into model records, refusing a file over
/// `limits::JSON_FILE_MB` before reading it. The file is read as it goes (`stream.rs`): what is
/// held is the records, not the file too.
fn read(path: &Path, today: chrono::NaiveDate) -> Result<Parsed, ImportError> {
    let unreadable = |e: std::io::Error| ImportError::unreadable(path, &e);
    let max = limits::JSON_FILE_MB * limits::MB;
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let size = file.metadata().map_err(unreadable)?.len();
    if size > max {
        return Err(ImportError::JsonTooBig {
            path: path.to_path_buf(),
            mb: size.div_ceil(limits::MB),
        });
    }
    // A file that grows while it is read is cut at the limit, and reads as broken.
    let input = std::io::BufReader::with_capacity(1 << 16, file.take(max));
    parse(input, today).map_err(|refusal| match refusal {
        stream::Refusal::Blank => ImportError::Empty {
            path: path.to_path_buf(),
        },
        stream::Refusal::Bad(detail) => ImportError::BadJson {
            path: path.to_path_buf(),
            detail,
        },
    })
}

/// An export's bytes into model records, checked on `today` (the school's), or why not.
fn parse(input: impl std::io::Read, today: chrono::NaiveDate) -> Result<Parsed, stream::Refusal> {
    stream::read_files(input)?
        .convert(today)
        .map_err(stream::Refusal::Bad)
}

/// What an export holds, or why it is not one, with no store: the fuzz target `json` runs
/// every check of `import json` but the store's own through it.
pub fn read_export(
    input: impl std::io::Read,
    today: chrono::NaiveDate,
) -> Result<JsonImportSummary, String> {
    match parse(input, today) {
        Ok(parsed) => Ok(parsed.counts()),
        Err(stream::Refusal::Blank) => Err(String::new()),
        Err(stream::Refusal::Bad(detail)) => Err(detail),
    }
}
