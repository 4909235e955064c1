//! From the export's file format back to model records: every code is parsed, every value
//! checked, every id made sure to be unique and every reference to point into the file.

use crate::interchange::columns::check_child;
use crate::interchange::json::*;
use crate::model::limits;
use crate::model::*;
use crate::tr;
use std::collections::HashSet;

// The absence cases' conversion, beside this file for its length.
#[path = "convert_absence.rs"]
mod absence;

/// The lists as read from the file.
#[derive(Default)]
pub struct Files {
    pub counselors: Vec<CounselorJson>,
    pub children: Vec<ChildJson>,
    pub assignments: Vec<AssignmentJson>,
    pub notes: Vec<NoteJson>,
    pub moods: Vec<MoodJson>,
    pub followups: Vec<FollowUpJson>,
    pub letters: Vec<LetterJson>,
    pub incidents: Vec<IncidentJson>,
    pub absences: Vec<AbsenceJson>,
    pub child_revisions: Vec<ChildRevisionJson>,
    pub audit: Vec<AuditJson>,
}

/// The records ready to be put, and the highest id in the file.
pub struct Parsed {
    pub counselors: Vec<Counselor>,
    pub children: Vec<Child>,
    pub assignments: Vec<Assignment>,
    pub notes: Vec<Note>,
    pub moods: Vec<MoodEntry>,
    pub followups: Vec<FollowUp>,
    pub letters: Vec<Letter>,
    pub incidents: Vec<Incident>,
    pub absences: Vec<AbsenceCase>,
    pub child_revisions: Vec<ChildRevision>,
    pub audit: Vec<AuditEvent>,
    pub max_id: u64,
}

impl Parsed {
    pub fn counts(&self) -> JsonCounts {
        JsonCounts {
            counselors: self.counselors.len(),
            children: self.children.len(),
            assignments: self.assignments.len(),
            notes: self.notes.len(),
            moods: self.moods.len(),
            followups: self.followups.len(),
            letters: self.letters.len(),
            incidents: self.incidents.len(),
            absences: self.absences.len(),
            child_revisions: self.child_revisions.len(),
            audit: self.audit.len(),
        }
    }
}

#[derive(Clone, Copy)]
enum Kind {
    Counselor,
    Child,
    Assignment,
    Note,
    Mood,
    FollowUp,
    Letter,
    Incident,
    Absence,
    ChildRevision,
    Audit,
}

/// "child 12" / "编号为 12 的孩子", for messages.
fn label(kind: Kind, id: u64) -> String {
    match kind {
        Kind::Counselor => tr!("store.json.rec.counselor", id = id),
        Kind::Child => tr!("store.json.rec.child", id = id),
        Kind::Assignment => tr!("store.json.rec.assignment", id = id),
        Kind::Note => tr!("store.json.rec.note", id = id),
        Kind::Mood => tr!("store.json.rec.mood", id = id),
        Kind::FollowUp => tr!("store.json.rec.followup", id = id),
        Kind::Letter => tr!("store.json.rec.letter", id = id),
        Kind::Incident => tr!("store.json.rec.incident", id = id),
        Kind::Absence => tr!("store.json.rec.absence", id = id),
        Kind::ChildRevision => tr!("store.json.rec.child_revision", id = id),
        Kind::Audit => tr!("store.json.rec.audit", id = id),
    }
}

fn bad(kind: Kind, id: u64, field: &str, value: impl std::fmt::Display) -> String {
    tr!(
        "store.json.bad_value",
        record = label(kind, id),
        field = field,
        value = value
    )
}

fn code<T>(
    parse: impl Fn(&str) -> Option<T>,
    kind: Kind,
    id: u64,
    field: &str,
    value: &str,
) -> Result<T, String> {
    parse(value).ok_or_else(|| bad(kind, id, field, value))
}

/// The ids of the records of each kind, to check references against.
#[derive(Default)]
struct Known {
    all: HashSet<u64>,
    counselors: HashSet<u64>,
    children: HashSet<u64>,
    notes: HashSet<u64>,
    followups: HashSet<u64>,
    /// Incidents that name no child: the only ones a letter may point to.
    letter_incidents: HashSet<u64>,
    /// Every incident: what an absence case may point to.
    incidents: HashSet<u64>,
}

impl Known {
    fn add(&mut self, id: u64) -> Result<(), String> {
        if self.all.insert(id) {
            Ok(())
        } else {
            Err(tr!("store.json.duplicate_id", id = id))
        }
    }

    fn need(&self, kind: Kind, id: u64, target: Kind, target_id: u64) -> Result<(), String> {
        let set = match target {
            Kind::Counselor => &self.counselors,
            Kind::Child => &self.children,
            Kind::Note => &self.notes,
            Kind::FollowUp => &self.followups,
            Kind::Incident => &self.letter_incidents,
            _ => &self.all,
        };
        if set.contains(&target_id) {
            Ok(())
        } else {
            Err(tr!(
                "store.json.missing_ref",
                record = label(kind, id),
                target = label(target, target_id)
            ))
        }
    }
}

fn score(kind: Kind, id: u64, field: &str, s: u8) -> Result<u8, String> {
    MoodScore::new(s.into())
        .map(MoodScore::get)
        .map_err(|_| bad(kind, id, field, s))
}

impl Files {
    /// The records, each checked as its kind's rules say; a child's on `today` (the school's).
    pub fn convert(self, today: chrono::NaiveDate) -> Result<Parsed, String> {
        let mut known = Known::default();
        // Every id first, so that references can point forward (a note to its follow-up).
        let all_ids = (self.counselors.iter().map(|r| r.id))
            .chain(self.children.iter().map(|r| r.id))
            .chain(self.assignments.iter().map(|r| r.id))
            .chain(self.notes.iter().map(|r| r.id))
            .chain(self.moods.iter().map(|r| r.id))
            .chain(self.followups.iter().map(|r| r.id))
            .chain(self.letters.iter().map(|r| r.id))
            .chain(self.incidents.iter().map(|r| r.id))
            .chain(self.absences.iter().map(|r| r.id))
            .chain(self.child_revisions.iter().map(|r| r.id))
            .chain(self.audit.iter().map(|r| r.id));
        for id in all_ids {
            known.add(id)?;
        }
        known.counselors = self.counselors.iter().map(|r| r.id).collect();
        known.children = self.children.iter().map(|r| r.id).collect();
        known.notes = self.notes.iter().map(|r| r.id).collect();
        known.followups = self.followups.iter().map(|r| r.id).collect();
        known.letter_incidents = (self.incidents.iter())
            .filter(|i| i.child.is_none())
            .map(|r| r.id)
            .collect();
        known.incidents = self.incidents.iter().map(|r| r.id).collect();
        let max_id = known.all.iter().copied().max().unwrap_or(0);
        Ok(Parsed {
            counselors: self
                .counselors
                .into_iter()
                .map(|c| {
                    counselor(c).and_then(|c| {
                        valid(Kind::Counselor, c.id.0, c, |c| {
                            worded(limits::check_counselor(c))
                        })
                    })
                })
                .collect::<Result<_, _>>()?,
            children: self
                .children
                .into_iter()
                // The roster's own column rules: an export holds nothing the roster would refuse.
                .map(|c| {
                    child(c).and_then(|c| valid(Kind::Child, c.id.0, c, |c| check_child(c, today)))
                })
                .collect::<Result<_, _>>()?,
            assignments: self
                .assignments
                .into_iter()
                .map(|a| assignment(a, &known))
                .collect::<Result<_, _>>()?,
            notes: self
                .notes
                .into_iter()
                .map(|n| {
                    note(n, &known).and_then(|n| {
                        valid(Kind::Note, n.id.0, n, |n| worded(limits::check_note(n)))
                    })
                })
                .collect::<Result<_, _>>()?,
            moods: self
                .moods
                .into_iter()
                .map(|m| mood(m, &known))
                .collect::<Result<_, _>>()?,
            followups: self
                .followups
                .into_iter()
                .map(|f| followup(f, &known))
                .collect::<Result<_, _>>()?,
            letters: self
                .letters
                .into_iter()
                .map(|l| {
                    letter(l, &known).and_then(|l| {
                        valid(Kind::Letter, l.id.0, l, |l| worded(limits::check_letter(l)))
                    })
                })
                .collect::<Result<_, _>>()?,
            incidents: self
                .incidents
                .into_iter()
                .map(|i| incident(i, &known))
                .collect::<Result<_, _>>()?,
            absences: self
                .absences
                .into_iter()
                .map(|a| absence::absence(a, &known))
                .collect::<Result<_, _>>()?,
            child_revisions: self
                .child_revisions
                .into_iter()
                .map(|r| child_revision(r, &known))
                .collect::<Result<_, _>>()?,
            audit: self
                .audit
                .into_iter()
                .map(audit)
                .collect::<Result<_, _>>()?,
            max_id,
        })
    }
}

/// The record if it keeps the limits every way in keeps; else the problem, naming the record.
/// A limit's refusal in words, for the import's report.
fn worded(checked: Result<(), limits::FieldError>) -> Result<(), String> {
    checked.map_err(|e| crate::labels::refusals::field_error(&e))
}

fn valid<T>(
    kind: Kind,
    id: u64,
    record: T,
    check: impl Fn(&T) -> Result<(), String>,
) -> Result<T, String> {
    check(&record).map_err(|reason| {
        tr!(
            "store.json.invalid",
            record = label(kind, id),
            reason = reason
        )
    })?;
    Ok(record)
}

fn counselor(c: CounselorJson) -> Result<Counselor, String> {
    let role = code(Role::from_code, Kind::Counselor, c.id, "role", &c.role)?;
    Ok(Counselor {
        id: CounselorId(c.id),
        name: c.name,
        role,
        classes: c.classes,
        // A hash from an older export opens no key slot: the coordinator sets passphrases.
        passphrase_hash: None,
        created: c.created,
        active: c.active,
    })
}

fn child(c: ChildJson) -> Result<Child, String> {
    let k = Kind::Child;
    let id = c.id;
    let gender = match c.gender.as_str() {
        "M" => Gender::Male,
        "F" => Gender::Female,
        other => return Err(bad(k, id, "gender", other)),
    };
    let mut flags = std::collections::BTreeSet::new();
    for f in &c.flags {
        flags.insert(code(Flag::parse, k, id, "flags", f)?);
    }
    let mut concerns = std::collections::BTreeSet::new();
    for f in &c.concerns {
        concerns.insert(code(Concern::parse, k, id, "concerns", f)?);
    }
    let status = match c.status.as_str() {
        "active" => {
            if c.left_date.is_some() || c.left_reason.is_some() || c.left_note.is_some() {
                return Err(tr!(
                    "store.json.active_has_left_fields",
                    record = label(k, id)
                ));
            }
            ChildStatus::Active
        }
        "left" => {
            let (Some(date), Some(reason)) = (c.left_date, c.left_reason.as_deref()) else {
                return Err(tr!("store.json.left_needs_fields", record = label(k, id)));
            };
            ChildStatus::Left {
                date,
                reason: code(LeaveReason::parse, k, id, "left_reason", reason)?,
                note: c.left_note.unwrap_or_default(),
            }
        }
        other => return Err(bad(k, id, "status", other)),
    };
    Ok(Child {
        id: ChildId(id),
        student_id: c.student_id,
        name: c.name,
        gender,
        birth_date: c.birth_date,
        class: c.class,
        village: c.village,
        left_behind_type: c.left_behind_type,
        father: Parent {
            name: c.father_name,
            work_place: c.father_work_place,
            phone: c.father_phone,
        },
        mother: Parent {
            name: c.mother_name,
            work_place: c.mother_work_place,
            phone: c.mother_phone,
        },
        guardian: Guardian {
            name: c.guardian_name,
            relation: c.guardian_relation,
            phone: c.guardian_phone,
            address: c.guardian_address,
        },
        personality: c.personality,
        hobbies: c.hobbies,
        medical_history: c.medical_history,
        boarding: c.boarding,
        flags,
        concerns,
        study: c
            .study
            .into_iter()
            .map(|s| StudyNote {
                term: s.term,
                text: s.text,
            })
            .collect(),
        remarks: c.remarks,
        status,
        guardian_capacity: match c.guardian_capacity.as_deref() {
            None => None,
            Some(g) => Some(code(Capacity::parse, k, id, "guardian_capacity", g)?),
        },
        entrustment: Entrustment {
            to: c.entrusted_to,
            since: c.entrusted_since,
        },
        enrolment: code(Enrolment::parse, k, id, "enrolment", &c.enrolment)?,
    })
}

/// An earlier version of a child in the file. Its values are read like a child's, but the
/// limits in force now are not asked of it: it is history, and the store kept it as it was.
fn child_revision(r: ChildRevisionJson, known: &Known) -> Result<ChildRevision, String> {
    let k = Kind::ChildRevision;
    known.need(k, r.id, Kind::Child, r.child)?;
    let before = child(r.before)?;
    if before.id.0 != r.child {
        return Err(bad(k, r.id, "before.id", before.id));
    }
    Ok(ChildRevision {
        id: ChildRevisionId(r.id),
        child: ChildId(r.child),
        replaced_at: r.replaced_at,
        replaced_by: r.replaced_by.into(),
        before,
    })
}

fn assignment(a: AssignmentJson, known: &Known) -> Result<Assignment, String> {
    let k = Kind::Assignment;
    known.need(k, a.id, Kind::Child, a.child)?;
    known.need(k, a.id, Kind::Counselor, a.counselor)?;
    if a.until.is_some_and(|u| u < a.from) {
        return Err(bad(
            k,
            a.id,
            "until",
            a.until.map_or_else(String::new, |u| u.to_string()),
        ));
    }
    Ok(Assignment {
        id: AssignmentId(a.id),
        child: ChildId(a.child),
        counselor: CounselorId(a.counselor),
        from: a.from,
        until: a.until,
    })
}

fn note(n: NoteJson, known: &Known) -> Result<Note, String> {
    let k = Kind::Note;
    let id = n.id;
    if n.children.is_empty() {
        return Err(tr!("store.json.no_children", record = label(k, id)));
    }
    for c in &n.children {
        known.need(k, id, Kind::Child, *c)?;
    }
    known.need(k, id, Kind::Counselor, n.counselor)?;
    if let Some(f) = n.follow_up {
        known.need(k, id, Kind::FollowUp, f)?;
    }
    let mood = n.mood.map(|m| score(k, id, "mood", m)).transpose()?;
    let duration_min = n
        .duration_min
        .map(|d| {
            Minutes::duration(d.into())
                .map(Minutes::get)
                .map_err(|_| bad(k, id, "duration_min", d))
        })
        .transpose()?;
    let mut revisions = Vec::with_capacity(n.revisions.len());
    for r in n.revisions {
        known.need(k, id, Kind::Counselor, r.replaced_by)?;
        revisions.push(NoteRevision {
            replaced_at: r.replaced_at,
            replaced_by: CounselorId(r.replaced_by),
            kind: code(NoteKind::parse, k, id, "kind", &r.kind)?,
            at: r.at,
            text: r.text,
        });
    }
    let deleted = match n.deleted {
        Some(d) => {
            known.need(k, id, Kind::Counselor, d.by)?;
            Some(Deletion {
                at: d.at,
                by: CounselorId(d.by),
                reason: d.reason,
            })
        }
        None => None,
    };
    Ok(Note {
        id: NoteId(id),
        children: n.children.into_iter().map(ChildId).collect(),
        counselor: CounselorId(n.counselor),
        kind: code(NoteKind::parse, k, id, "kind", &n.kind)?,
        at: n.at,
        duration_min,
        text: n.text,
        mood,
        support: n.support,
        follow_up: n.follow_up.map(FollowUpId),
        created: n.created,
        revisions,
        deleted,
    })
}

fn mood(m: MoodJson, known: &Known) -> Result<MoodEntry, String> {
    let k = Kind::Mood;
    known.need(k, m.id, Kind::Child, m.child)?;
    known.need(k, m.id, Kind::Counselor, m.observer)?;
    Ok(MoodEntry {
        id: MoodId(m.id),
        child: ChildId(m.child),
        at: m.at,
        score: score(k, m.id, "score", m.score)?,
        feelings: m.feelings,
        observer: CounselorId(m.observer),
        note: m.note,
        follow_up: m.follow_up,
    })
}

fn followup(f: FollowUpJson, known: &Known) -> Result<FollowUp, String> {
    let k = Kind::FollowUp;
    known.need(k, f.id, Kind::Child, f.child)?;
    known.need(k, f.id, Kind::Counselor, f.counselor)?;
    if let Some(n) = f.note {
        known.need(k, f.id, Kind::Note, n)?;
    }
    let done = match f.done {
        Some(d) => {
            known.need(k, f.id, Kind::Counselor, d.by)?;
            Some(FollowUpDone {
                at: d.at,
                by: CounselorId(d.by),
                note: d.note,
            })
        }
        None => None,
    };
    Ok(FollowUp {
        id: FollowUpId(f.id),
        child: ChildId(f.child),
        counselor: CounselorId(f.counselor),
        due: f.due,
        text: f.text,
        note: f.note.map(NoteId),
        created: f.created,
        done,
    })
}

fn letter(l: LetterJson, known: &Known) -> Result<Letter, String> {
    let k = Kind::Letter;
    if let Some(i) = l.incident {
        known.need(k, l.id, Kind::Incident, i)?;
    }
    let status = match l.status.as_str() {
        "new" => LetterStatus::New,
        "draft" => LetterStatus::Draft,
        "replied" => LetterStatus::Replied,
        other => return Err(bad(k, l.id, "status", other)),
    };
    Ok(Letter {
        id: LetterId(l.id),
        number: code(LetterNumber::parse, k, l.id, "number", &l.number)?,
        received: l.received,
        pseudonym: l.pseudonym,
        text: l.text,
        status,
        needs_attention: l.needs_attention,
        attention_reason: l.attention_reason,
        reply: l.reply,
        // Not in the file by design (a letter names no staff member).
        replied_by: None,
        replied_at: l.replied_at,
        printed: l.printed,
        attention_closed: l.attention_closed.map(|c| AttentionClosed {
            at: c.at,
            by: None,
            reason: c.reason,
        }),
        incident: l.incident.map(IncidentId),
    })
}

fn incident(i: IncidentJson, known: &Known) -> Result<Incident, String> {
    let k = Kind::Incident;
    let id = i.id;
    if let Some(c) = i.child {
        known.need(k, id, Kind::Child, c)?;
    }
    known.need(k, id, Kind::Counselor, i.reported_by)?;
    let mut events = Vec::with_capacity(i.events.len());
    for e in i.events {
        known.need(k, id, Kind::Counselor, e.by)?;
        events.push(IncidentEvent {
            at: e.at,
            by: CounselorId(e.by),
            text: e.text,
        });
    }
    let mut revisions = Vec::with_capacity(i.revisions.len());
    for r in i.revisions {
        known.need(k, id, Kind::Counselor, r.replaced_by)?;
        revisions.push(IncidentRevision {
            replaced_at: r.replaced_at,
            replaced_by: CounselorId(r.replaced_by),
            kind: code(IncidentKind::parse, k, id, "kind", &r.kind)?,
            other: r.other,
            found: r.found,
            reported_to: r.reported_to,
            receipt: r.receipt,
        });
    }
    let closed = match i.closed {
        Some(c) => {
            known.need(k, id, Kind::Counselor, c.by)?;
            Some(Closure {
                at: c.at,
                by: CounselorId(c.by),
                reason: c.reason,
            })
        }
        None => None,
    };
    let incident = Incident {
        id: IncidentId(id),
        child: i.child.map(ChildId),
        kind: code(IncidentKind::parse, k, id, "kind", &i.kind)?,
        other: i.other,
        found: i.found,
        found_at: i.found_at,
        reported_by: CounselorId(i.reported_by),
        reported_to: i.reported_to,
        reported_at: i.reported_at,
        receipt: i.receipt,
        events,
        revisions,
        closed,
    };
    // The rule the form and the store keep: "other" says what it is, for the report and
    // for each earlier version.
    valid(k, id, incident, |i| {
        check_kind(i.kind, &i.other)
            .and_then(|()| {
                i.revisions
                    .iter()
                    .try_for_each(|r| check_kind(r.kind, &r.other))
            })
            .map_err(|r| crate::labels::refusals::refusal(&r))
    })
}

/// Audit events are history: their targets are not checked, since they may name records
/// the export does not carry (e.g. a deleted draft).
fn audit(a: AuditJson) -> Result<AuditEvent, String> {
    let k = Kind::Audit;
    let action = AUDIT_ACTIONS
        .into_iter()
        .find(|x| action_code(*x) == a.action)
        .ok_or_else(|| bad(k, a.id, "action", &a.action))?;
    let target = match (a.target.kind.as_str(), a.target.id) {
        ("store", None) => RecordRef::Store,
        ("counselor", Some(id)) => RecordRef::Counselor(id),
        ("child", Some(id)) => RecordRef::Child(id),
        ("assignment", Some(id)) => RecordRef::Assignment(id),
        ("note", Some(id)) => RecordRef::Note(id),
        ("mood", Some(id)) => RecordRef::Mood(id),
        ("followup", Some(id)) => RecordRef::FollowUp(id),
        ("letter", Some(id)) => RecordRef::Letter(id),
        ("incident", Some(id)) => RecordRef::Incident(id),
        (kind, _) => return Err(bad(k, a.id, "target", kind)),
    };
    Ok(AuditEvent {
        id: AuditId(a.id),
        at: a.at,
        actor: a.actor.into(),
        action,
        target,
        detail: a.detail,
    })
}
