//! Recording or correcting a mandatory report (强制报告), an unexplained absence or a drop-out:
//! kind, what was found, when, to which office, the receipt. A correction keeps the earlier
//! values as a revision; the store's `put_incident` refuses anything that loses history.

use super::mood_form::text_of;
use crate::action::Action;
use crate::import::dates::parse_date;
use crate::model::*;
use crate::store::{StoreError, Writer};
use crate::tr;
use chrono::NaiveDateTime;
use ratatui_textarea::TextArea;

/// The kinds a child's incident can have (a letter's danger has no child: not offered here).
pub const CHILD_KINDS: [IncidentKind; 8] = [
    IncidentKind::LivingAlone,
    IncidentKind::Missing,
    IncidentKind::GuardianUnable,
    IncidentKind::DomesticViolence,
    IncidentKind::Abuse,
    IncidentKind::Injury,
    IncidentKind::UnexplainedAbsence,
    IncidentKind::DroppedOut,
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IncidentField {
    Kind,
    Found,
    When,
    Office,
    Receipt,
}

impl IncidentField {
    pub const ALL: [IncidentField; 5] = [
        IncidentField::Kind,
        IncidentField::Found,
        IncidentField::When,
        IncidentField::Office,
        IncidentField::Receipt,
    ];

    pub fn label(self) -> String {
        match self {
            IncidentField::Kind => tr!("care.incident.kind"),
            IncidentField::Found => tr!("care.incident.found"),
            IncidentField::When => tr!("care.incident.when"),
            IncidentField::Office => tr!("care.incident.office"),
            IncidentField::Receipt => tr!("care.incident.receipt"),
        }
    }
}

/// The offices offered for the office field (free text; these are suggestions).
pub fn office_suggestions() -> Vec<String> {
    ["派出所", "民政部门", "教育局", "妇联", "村（居）委会"]
        .iter()
        .map(|s| s.to_string())
        .collect()
}

pub struct IncidentForm {
    pub child: ChildId,
    pub child_name: String,
    /// The incident being corrected; `None` for a new one.
    pub original: Option<Incident>,
    pub kind: usize,
    pub found: TextArea<'static>,
    pub when: TextArea<'static>,
    pub office: TextArea<'static>,
    pub receipt: TextArea<'static>,
    /// The name of who reports (the person logged in, or the original reporter).
    pub reporter: String,
    pub focus: IncidentField,
    pub suggestion: Option<usize>,
    pub confirm_discard: bool,
}

fn input(text: &str) -> TextArea<'static> {
    let mut t = TextArea::default();
    t.insert_str(text);
    t
}

impl IncidentForm {
    /// A new report about `child`, found `now` by default.
    pub fn new(child: &Child, reporter: &str, now: NaiveDateTime) -> IncidentForm {
        IncidentForm {
            child: child.id,
            child_name: child.name.clone(),
            original: None,
            kind: 0,
            found: TextArea::default(),
            when: input(&now.format("%Y-%m-%d %H:%M").to_string()),
            office: TextArea::default(),
            receipt: TextArea::default(),
            reporter: reporter.to_string(),
            focus: IncidentField::Kind,
            suggestion: None,
            confirm_discard: false,
        }
    }

    /// A correction of `incident`; its time found is not corrected here (events say what followed).
    pub fn correct(incident: &Incident, child_name: &str, reporter: &str) -> IncidentForm {
        let kind = CHILD_KINDS
            .iter()
            .position(|k| *k == incident.kind)
            .unwrap_or(0);
        IncidentForm {
            child: incident.child.unwrap_or(ChildId(0)),
            child_name: child_name.to_string(),
            original: Some(incident.clone()),
            kind,
            found: input(&incident.found),
            when: input(&incident.found_at.format("%Y-%m-%d %H:%M").to_string()),
            office: input(&incident.reported_to),
            receipt: input(&incident.receipt),
            reporter: reporter.to_string(),
            focus: IncidentField::Kind,
            suggestion: None,
            confirm_discard: false,
        }
    }

    pub fn kind(&self) -> IncidentKind {
        CHILD_KINDS
            .get(self.kind)
            .copied()
            .unwrap_or(CHILD_KINDS[0])
    }

    fn editable(&self, f: IncidentField) -> bool {
        !(self.original.is_some() && f == IncidentField::When)
    }

    pub fn focused_input(&mut self) -> Option<&mut TextArea<'static>> {
        match self.focus {
            IncidentField::Kind => None,
            IncidentField::Found => Some(&mut self.found),
            IncidentField::When => Some(&mut self.when),
            IncidentField::Office => Some(&mut self.office),
            IncidentField::Receipt => Some(&mut self.receipt),
        }
    }

    pub fn is_changed(&self) -> bool {
        match &self.original {
            None => !text_of(&self.found).is_empty() || !text_of(&self.office).is_empty(),
            Some(o) => {
                self.kind() != o.kind
                    || text_of(&self.found) != o.found.trim()
                    || text_of(&self.office) != o.reported_to.trim()
                    || text_of(&self.receipt) != o.receipt.trim()
            }
        }
    }

    pub fn select(&mut self, row: usize) {
        if let Some(f) = IncidentField::ALL.get(row)
            && self.editable(*f)
        {
            self.focus = *f;
        }
    }

    fn step_field(&mut self, forward: bool) {
        let n = IncidentField::ALL.len();
        let mut i = IncidentField::ALL
            .iter()
            .position(|f| *f == self.focus)
            .unwrap_or(0);
        loop {
            i = if forward {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            };
            if self.editable(IncidentField::ALL[i]) {
                break;
            }
        }
        self.focus = IncidentField::ALL[i];
    }

    pub fn action(&mut self, action: Action) {
        let kinds = CHILD_KINDS.len();
        match (action, self.focus) {
            (Action::NextChoice, IncidentField::Kind) => self.kind = (self.kind + 1) % kinds,
            (Action::PrevChoice, IncidentField::Kind) => {
                self.kind = (self.kind + kinds - 1) % kinds
            }
            (Action::SelectNext | Action::SelectPrev, IncidentField::Office) => {
                let offices = office_suggestions();
                let n = offices.len();
                let next = match (self.suggestion, action == Action::SelectNext) {
                    (None, true) => 0,
                    (None, false) => n - 1,
                    (Some(i), true) => (i + 1) % n,
                    (Some(i), false) => (i + n - 1) % n,
                };
                self.suggestion = Some(next);
                self.office = input(&offices[next]);
            }
            (Action::NextField | Action::SelectNext, _) => self.step_field(true),
            (Action::PrevField | Action::SelectPrev, _) => self.step_field(false),
            _ => {}
        }
    }

    /// The incident as the form describes it, for `by` at `now`; a correction pushes the earlier
    /// values into `revisions`. On a problem the focus moves to the field at fault.
    pub fn validated(&mut self, by: CounselorId, now: NaiveDateTime) -> Result<Incident, String> {
        let found = text_of(&self.found);
        if found.is_empty() {
            self.focus = IncidentField::Found;
            return Err(tr!("care.incident.needs_found"));
        }
        let office = text_of(&self.office);
        let receipt = text_of(&self.receipt);
        let kind = self.kind();
        if let Some(original) = &self.original {
            let mut i = original.clone();
            if (
                i.kind,
                i.found.as_str(),
                i.reported_to.as_str(),
                i.receipt.as_str(),
            ) != (kind, found.as_str(), office.as_str(), receipt.as_str())
            {
                i.revisions.push(IncidentRevision {
                    replaced_at: now,
                    replaced_by: by,
                    kind: i.kind,
                    found: i.found.clone(),
                    reported_to: i.reported_to.clone(),
                    receipt: i.receipt.clone(),
                });
                if i.reported_at.is_none() && !office.is_empty() {
                    i.reported_at = Some(now);
                }
                (i.kind, i.found, i.reported_to, i.receipt) = (kind, found, office, receipt);
            }
            return Ok(i);
        }
        let typed = text_of(&self.when);
        let Some(found_at) = parse_when(&typed, now) else {
            self.focus = IncidentField::When;
            return Err(tr!("care.bad_time", value = typed));
        };
        if found_at > now {
            self.focus = IncidentField::When;
            return Err(tr!("care.incident.in_future", value = typed));
        }
        Ok(Incident {
            id: IncidentId(0),
            child: Some(self.child),
            kind,
            found,
            found_at,
            reported_by: by,
            reported_at: (!office.is_empty()).then_some(now),
            reported_to: office,
            receipt,
            events: vec![],
            revisions: vec![],
            closed: None,
        })
    }
}

/// `2026-11-27 16:30`, or a date alone (any form the roster accepts; then the time of `now`).
pub fn parse_when(s: &str, now: NaiveDateTime) -> Option<NaiveDateTime> {
    let s = s.trim();
    if s.is_empty() {
        return Some(now);
    }
    for fmt in ["%Y-%m-%d %H:%M", "%Y-%m-%d %H:%M:%S", "%Y/%m/%d %H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(s, fmt) {
            return Some(t);
        }
    }
    if s.contains(':') {
        return None;
    }
    parse_date(s).map(|d| d.and_time(now.time()))
}

/// Saves a new incident (`incident.id` 0) or a changed one, with its audit event.
pub fn write_incident(w: &mut Writer, mut incident: Incident) -> Result<Incident, StoreError> {
    let action = if incident.id.0 == 0 {
        incident.id = IncidentId(w.next_id()?);
        AuditAction::Create
    } else {
        AuditAction::Update
    };
    w.put_incident(&incident)?;
    w.audit(
        action,
        RecordRef::Incident(incident.id.0),
        incident.kind.code(),
    )?;
    Ok(incident)
}

/// Adds what followed (a bring-back attempt, a reply from the police) to an incident.
pub fn add_event(
    w: &mut Writer,
    id: IncidentId,
    by: CounselorId,
    at: Timestamp,
    text: &str,
) -> Result<Incident, StoreError> {
    let text = text.trim();
    if text.is_empty() {
        return Err(StoreError::Refused(tr!("care.incident.needs_event")));
    }
    let mut i = load(w, id)?;
    if !i.is_open() {
        return Err(StoreError::Refused(tr!("care.incident.already_closed")));
    }
    i.events.push(IncidentEvent {
        at,
        by,
        text: text.to_string(),
    });
    w.put_incident(&i)?;
    w.audit(AuditAction::Update, RecordRef::Incident(id.0), "event")?;
    Ok(i)
}

/// Closes an incident with a reason; an empty reason, or closing twice, is refused.
pub fn close(
    w: &mut Writer,
    id: IncidentId,
    by: CounselorId,
    at: Timestamp,
    reason: &str,
) -> Result<Incident, StoreError> {
    let reason = reason.trim();
    if reason.is_empty() {
        return Err(StoreError::Refused(tr!("care.guard.needs_reason")));
    }
    let mut i = load(w, id)?;
    if !i.is_open() {
        return Err(StoreError::Refused(tr!("care.incident.already_closed")));
    }
    i.closed = Some(Closure {
        at,
        by,
        reason: reason.to_string(),
    });
    w.put_incident(&i)?;
    w.audit(AuditAction::Close, RecordRef::Incident(id.0), reason)?;
    Ok(i)
}

fn load(w: &Writer, id: IncidentId) -> Result<Incident, StoreError> {
    w.get::<Incident>(id.0)?
        .ok_or_else(|| StoreError::NotFound {
            what: format!("incident {id}"),
        })
}
