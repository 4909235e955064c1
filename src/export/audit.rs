//! The audit trail as the coordinator reads it, on the audit screen and from `shouwang audit`:
//! every event newest first, who acted and which child it was about in words, the filter of
//! `domain::audit`, and the filtered events written as CSV or JSON through `output`. The
//! audit holds no note or letter text; what it does hold is sanitised on the way out.

use super::ExportError;
use super::output::{self, Guard};
use crate::domain::access::Operation;
use crate::domain::audit::{self, AuditFilter, ChildRecords};
use crate::interchange::cells::guard_formula;
use crate::interchange::json::{AUDIT_ACTIONS, action_code, target_parts};
use crate::labels;
use crate::model::*;
use crate::store::{Session, SessionReader, StoreError};
use crate::text::safe;
use serde::Serialize;
use std::collections::HashMap;
use std::io::Write;
use std::path::Path;

/// Every audit event with the names it mentions.
pub struct AuditTrail {
    /// Newest first.
    pub events: Vec<AuditEvent>,
    /// The staff in the store's order, with their names.
    staff: Vec<(CounselorId, String)>,
    /// The names of the children that events are about (`RecordRef::Child`, and the child of
    /// an assignment).
    children: HashMap<u64, String>,
    /// The assignments that events are about: whose care, from when.
    assignments: HashMap<u64, Assignment>,
}

impl AuditTrail {
    /// Reads the whole trail: for whom the permission table lets read the audit, and refused
    /// (with a sentence, audited) for anyone else.
    pub fn load(reader: &SessionReader) -> Result<AuditTrail, StoreError> {
        let mut events = reader.audit_events()?;
        audit::newest_first(&mut events);
        let staff = reader
            .counselors()?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        // Names are read through the reader's own scope: a name it may not see stays an id.
        let mut children = HashMap::new();
        let mut assignments = HashMap::new();
        for e in &events {
            let child = match e.target {
                RecordRef::Child(id) => id,
                RecordRef::Assignment(id) => {
                    if !assignments.contains_key(&id)
                        && let Some(a) = reader.assignment(AssignmentId(id))?
                    {
                        assignments.insert(id, a);
                    }
                    match assignments.get(&id) {
                        Some(a) => a.child.0,
                        None => continue,
                    }
                }
                _ => continue,
            };
            if !children.contains_key(&child)
                && let Some(c) = reader.child(ChildId(child))?
            {
                children.insert(child, c.name);
            }
        }
        Ok(AuditTrail {
            events,
            staff,
            children,
            assignments,
        })
    }

    fn staff_name(&self, id: CounselorId) -> Option<&str> {
        self.staff
            .iter()
            .find(|(c, _)| *c == id)
            .map(|(_, name)| name.as_str())
    }

    /// Who acted, in words (not yet sanitised).
    pub fn who(&self, actor: &Actor) -> String {
        let name = match actor {
            Actor::Counselor(id) => self.staff_name(*id),
            Actor::CommandLine(_) => None,
        };
        labels::audit_actor(actor, name)
    }

    /// The name of the child or staff member an event is about (a login, a passphrase; the
    /// child of an assignment).
    pub fn record_name(&self, target: RecordRef) -> Option<&str> {
        match target {
            RecordRef::Child(id) => self.children.get(&id).map(String::as_str),
            RecordRef::Assignment(id) => self
                .assignments
                .get(&id)
                .and_then(|a| self.children.get(&a.child.0))
                .map(String::as_str),
            RecordRef::Counselor(id) => self.staff_name(CounselorId(id)),
            _ => None,
        }
    }

    /// Which record, in words: the child's or staff member's name, else the kind and id.
    pub fn record(&self, target: RecordRef) -> String {
        labels::audit_record(target, self.record_name(target))
    }

    /// What the event adds, in words in the language in force (not yet sanitised): its
    /// detail, kept as data, put into words now; an assignment's, whose care and from when.
    pub fn detail(&self, e: &AuditEvent) -> String {
        let detail = Detail::read(e.action, e.target, &e.detail);
        if detail == Detail::None
            && let RecordRef::Assignment(id) = e.target
            && let Some(a) = self.assignments.get(&id)
        {
            let counselor = self.staff_name(a.counselor).map_or_else(
                || labels::audit_actor(&Actor::Counselor(a.counselor), None),
                str::to_string,
            );
            return match a.until {
                None => crate::tr!("audit.detail.care", counselor = counselor, from = a.from),
                Some(until) => crate::tr!(
                    "audit.detail.care_until",
                    counselor = counselor,
                    from = a.from,
                    until = until
                ),
            };
        }
        let staff = |id: u64| self.staff_name(CounselorId(id)).map(str::to_string);
        crate::labels::audit::audit_detail(&detail, &staff)
    }

    /// The people a filter can choose: those who appear in the trail.
    pub fn people(&self) -> Vec<Actor> {
        let order: Vec<CounselorId> = self.staff.iter().map(|(id, _)| *id).collect();
        audit::people(&self.events, &order)
    }

    /// The actions a filter can choose: those that appear in the trail.
    pub fn actions(&self) -> Vec<AuditAction> {
        audit::actions(&self.events, &AUDIT_ACTIONS)
    }

    /// A person named as the command line names them: a staff member's name, else the login
    /// name of command-line runs that appear in the trail.
    pub fn person_named(&self, name: &str) -> Option<Actor> {
        let name = name.trim();
        if let Some((id, _)) = self.staff.iter().find(|(_, n)| n == name) {
            return Some(Actor::Counselor(*id));
        }
        let login = Actor::CommandLine(name.to_string());
        self.events
            .iter()
            .any(|e| e.actor == login)
            .then_some(login)
    }

    /// The positions in `events` of the events `filter` keeps, newest first.
    pub fn select(&self, filter: &AuditFilter) -> Vec<usize> {
        audit::select(&self.events, filter)
    }
}

/// A child with the ids of its notes, moods, follow-ups, incidents and assignments, read
/// through the child's own indexes (a handful of records, whatever the size of the trail).
pub fn child_records(reader: &SessionReader, child: ChildId) -> Result<ChildRecords, StoreError> {
    let mut records = ChildRecords::of(child);
    records.notes = reader
        .note_ids_of_child(child)?
        .into_iter()
        .map(|n| n.0)
        .collect();
    records.moods = reader
        .moods_of_child(child)?
        .into_iter()
        .map(|m| m.id.0)
        .collect();
    records.followups = reader
        .followups_of_child(child)?
        .into_iter()
        .map(|f| f.id.0)
        .collect();
    records.incidents = reader
        .incidents_of_child(child)?
        .into_iter()
        .map(|i| i.id.0)
        .collect();
    records.assignments = reader
        .assignments_of_child(child)?
        .into_iter()
        .map(|a| a.id.0)
        .collect();
    Ok(records)
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditFormat {
    /// UTF-8 with a BOM, so that Excel on Chinese Windows reads the names.
    Csv,
    Json,
}

impl AuditFormat {
    pub fn extension(self) -> &'static str {
        match self {
            AuditFormat::Csv => "csv",
            AuditFormat::Json => "json",
        }
    }
}

/// One event as the files write it. The keys are stable English, as `action_code` is; only
/// `action` is in the language in force.
#[derive(Serialize)]
struct Row<'a> {
    event_id: u64,
    time: String,
    who: String,
    /// `staff` or `command_line`.
    who_kind: &'static str,
    action_code: &'static str,
    action: String,
    record_kind: &'static str,
    record_id: Option<u64>,
    /// The child's name, for an event about a child.
    record_name: &'a str,
    detail: String,
}

fn row<'a>(trail: &'a AuditTrail, e: &AuditEvent) -> Row<'a> {
    let (who, who_kind) = match &e.actor {
        Actor::Counselor(id) => (
            trail
                .staff_name(*id)
                .map_or_else(|| format!("#{id}"), str::to_string),
            "staff",
        ),
        Actor::CommandLine(login) => (login.clone(), "command_line"),
    };
    let (record_kind, record_id) = target_parts(e.target);
    Row {
        event_id: e.id.0,
        time: e.at.format("%Y-%m-%d %H:%M:%S").to_string(),
        who: safe(&who).into_owned(),
        who_kind,
        action_code: action_code(e.action),
        action: labels::audit_action(e.action),
        record_kind,
        record_id,
        record_name: trail.record_name(e.target).unwrap_or(""),
        detail: safe(&trail.detail(e)).into_owned(),
    }
}

fn io(e: impl std::fmt::Display) -> ExportError {
    ExportError::Io {
        target: "output".into(),
        detail: e.to_string(),
    }
}

/// The events at `shown` as CSV, a header of `Row`'s keys first.
pub fn write_csv(
    trail: &AuditTrail,
    shown: &[usize],
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    out.write_all(b"\xEF\xBB\xBF").map_err(io)?;
    let mut w = csv::Writer::from_writer(out);
    for &i in shown {
        let mut r = row(trail, &trail.events[i]);
        // A cell a spreadsheet would run as a formula is written as text.
        r.who = guard_formula(&r.who).into_owned();
        r.detail = guard_formula(&r.detail).into_owned();
        let name = guard_formula(r.record_name).into_owned();
        w.serialize(Row {
            record_name: &name,
            ..r
        })
        .map_err(io)?;
    }
    if shown.is_empty() {
        // No row to take the header from: the header alone.
        w.write_record([
            "event_id",
            "time",
            "who",
            "who_kind",
            "action_code",
            "action",
            "record_kind",
            "record_id",
            "record_name",
            "detail",
        ])
        .map_err(io)?;
    }
    w.flush().map_err(io)
}

/// The events at `shown` as a JSON array of `Row` objects.
pub fn write_json(
    trail: &AuditTrail,
    shown: &[usize],
    out: &mut dyn Write,
) -> Result<(), ExportError> {
    let rows: Vec<Row> = shown
        .iter()
        .map(|&i| row(trail, &trail.events[i]))
        .collect();
    serde_json::to_writer_pretty(&mut *out, &rows).map_err(io)?;
    out.write_all(b"\n").map_err(io)?;
    out.flush().map_err(io)
}

/// Writes the events at `shown` to `out` (standard output for `None` or `-`) and records the
/// export in the audit before the first byte, whoever asked: the screen and the command line
/// alike.
pub fn export(
    session: &Session,
    trail: &AuditTrail,
    shown: &[usize],
    format: AuditFormat,
    out: Option<&Path>,
    guard: Guard,
) -> Result<(), ExportError> {
    // Asked again at the moment of writing: a screen opened earlier may outlive a role.
    session.allow(Operation::ReadAudit)?;
    let name =
        output::file_target(out).map_or_else(|| "stdout".to_string(), |p| p.display().to_string());
    let announce = || {
        session
            .write(|w| {
                w.audit(
                    AuditAction::Export,
                    RecordRef::Store,
                    Detail::AuditExport {
                        format: format.extension().to_string(),
                        events: shown.len() as u32,
                        to: name.clone(),
                    },
                )
            })
            .map_err(ExportError::from)
    };
    output::write_to(out, guard, announce, |w| match format {
        AuditFormat::Csv => write_csv(trail, shown, w),
        AuditFormat::Json => write_json(trail, shown, w),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn trail() -> AuditTrail {
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 26)
            .unwrap()
            .and_hms_opt(10, 0, 0)
            .unwrap();
        let event = |id, actor, target, detail: &str| AuditEvent {
            id: AuditId(id),
            at,
            actor,
            action: AuditAction::Update,
            target,
            detail: detail.into(),
        };
        AuditTrail {
            events: vec![
                event(
                    3,
                    Actor::Counselor(CounselorId(1)),
                    RecordRef::Child(7),
                    "=HYPERLINK(\"x\")\u{1b}[31m",
                ),
                event(
                    2,
                    Actor::CommandLine("-jiaowu".into()),
                    RecordRef::Store,
                    "",
                ),
            ],
            staff: vec![(CounselorId(1), "周主任".into())],
            children: [(7, "+张伟".into())].into(),
            assignments: HashMap::new(),
        }
    }

    #[test]
    fn csv_cells_cannot_run_as_formulas_or_drive_a_terminal() {
        crate::i18n::set_lang(crate::i18n::Lang::En);
        let mut out = Vec::new();
        write_csv(&trail(), &[0, 1], &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert_eq!(
            lines[1],
            "3,2026-11-26 10:00:00,周主任,staff,update,changed,child,7,'+张伟,\"'=HYPERLINK(\"\"x\"\") [31m\""
        );
        assert_eq!(
            lines[2],
            "2,2026-11-26 10:00:00,'-jiaowu,command_line,update,changed,store,,,"
        );
        assert!(!text.contains('\u{1b}'));
    }

    #[test]
    fn an_empty_selection_still_has_its_header_and_json_is_an_array() {
        let mut out = Vec::new();
        write_csv(&trail(), &[], &mut out).unwrap();
        assert_eq!(
            String::from_utf8(out).unwrap(),
            "\u{feff}event_id,time,who,who_kind,action_code,action,record_kind,record_id,record_name,detail\n"
        );
        let mut out = Vec::new();
        write_json(&trail(), &[1], &mut out).unwrap();
        let v: serde_json::Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(v.as_array().unwrap().len(), 1);
        assert_eq!(v[0]["who"], "-jiaowu", "JSON needs no formula guard");
        assert_eq!(v[0]["record_id"], serde_json::Value::Null);
    }
}
