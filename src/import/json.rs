//! `shouwang import json`: reads a full export back, into an empty store only, keeping every
//! id, after checking the format tag, each record's values and every reference between records.

mod convert;

use super::ImportError;
use crate::domain::access::Operation;
use crate::interchange::json::*;
use crate::model::*;
use crate::store::{Session, Store};
use crate::tr;
use convert::Parsed;
use serde::de::DeserializeOwned;
use serde_json::{Map, Value};
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

/// Lists an export may lack: the audit trail (when not asked for) and the children's record
/// history (which exports made before it was kept do not have).
const OPTIONAL_LISTS: [&str; 2] = ["child_revisions", "audit"];

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
    let bytes = std::fs::read(path).map_err(|e| ImportError::Unreadable {
        path: path.to_path_buf(),
        detail: e.to_string(),
    })?;
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(ImportError::Empty {
            path: path.to_path_buf(),
        });
    }
    let text = String::from_utf8(bytes).map_err(|_| ImportError::NotText {
        path: path.to_path_buf(),
    })?;
    let parsed =
        parse(text.trim_start_matches('\u{feff}')).map_err(|detail| ImportError::BadJson {
            path: path.to_path_buf(),
            detail,
        })?;
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
        for r in &parsed.audit {
            w.load(r)?;
        }
        w.audit(
            AuditAction::Import,
            RecordRef::Store,
            format!(
                "json import of {}: {} children, {} notes, {} letters",
                path.display(),
                counts.children,
                counts.notes,
                counts.letters
            ),
        )?;
        Ok(true)
    })?;
    if written {
        Ok(counts)
    } else {
        Err(ImportError::StoreNotEmpty)
    }
}

/// The whole file into model records, or a sentence fragment saying what is wrong.
fn parse(text: &str) -> Result<Parsed, String> {
    let value: Value =
        serde_json::from_str(text).map_err(|e| tr!("store.json.syntax", detail = e))?;
    let Value::Object(obj) = value else {
        return Err(tr!("store.json.not_object"));
    };
    match obj.get("format") {
        None => return Err(tr!("store.json.no_format")),
        Some(Value::String(s)) if s == FORMAT => {}
        Some(Value::String(s)) => return Err(tr!("store.json.wrong_format", found = s)),
        Some(other) => return Err(tr!("store.json.wrong_format", found = other)),
    }
    match obj.get("version") {
        Some(v) if v.as_u64() == Some(VERSION) => {}
        other => {
            let found = other.map_or_else(|| "null".to_string(), Value::to_string);
            return Err(tr!(
                "store.json.wrong_version",
                found = found,
                supported = VERSION
            ));
        }
    }
    for key in obj.keys() {
        if !(["format", "version"].contains(&key.as_str())
            || LISTS.contains(&key.as_str())
            || OPTIONAL_LISTS.contains(&key.as_str()))
        {
            return Err(tr!("store.json.unknown_key", key = key));
        }
    }

    convert::Files {
        counselors: list(&obj, "counselors")?,
        children: list(&obj, "children")?,
        assignments: list(&obj, "assignments")?,
        notes: list(&obj, "notes")?,
        moods: list(&obj, "moods")?,
        followups: list(&obj, "followups")?,
        letters: list(&obj, "letters")?,
        incidents: list(&obj, "incidents")?,
        child_revisions: optional_list(&obj, "child_revisions")?,
        audit: optional_list(&obj, "audit")?,
    }
    .convert()
}

/// One of `OPTIONAL_LISTS`: empty when the file does not have it.
fn optional_list<T: DeserializeOwned>(
    obj: &Map<String, Value>,
    key: &str,
) -> Result<Vec<T>, String> {
    if obj.contains_key(key) {
        list(obj, key)
    } else {
        Ok(Vec::new())
    }
}

/// One of the export's lists, each entry read on its own so that an error can say which.
fn list<T: DeserializeOwned>(obj: &Map<String, Value>, key: &str) -> Result<Vec<T>, String> {
    let Some(value) = obj.get(key) else {
        return Err(tr!("store.json.missing_list", key = key));
    };
    let Value::Array(items) = value else {
        return Err(tr!("store.json.not_list", key = key));
    };
    items
        .iter()
        .enumerate()
        .map(|(i, item)| {
            T::deserialize(item).map_err(|e| {
                tr!(
                    "store.json.bad_record",
                    key = key,
                    index = i + 1,
                    detail = e
                )
            })
        })
        .collect()
}
