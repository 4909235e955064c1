//! Recording or correcting a mandatory report (强制报告), an unexplained absence or a drop-out:
//! kind, what was found, when, to which office, the receipt. A correction keeps the earlier
//! values as a revision (the store's `correct_incident`), and the store refuses anything that
//! loses history.

use super::mood_form::text_of;
use crate::action::Action;
use crate::domain::when::{WhenError, parse_when};
use crate::model::*;
use crate::tr;
use chrono::NaiveDateTime;
use ratatui_textarea::TextArea;

/// The kinds a child's incident can have, "other" last. Truancy and dropping out are not
/// among them: they are absence cases (控辍保学), never a police report. A report with no child (danger read
/// in a letter) is offered every kind, the letter's own first: what the letter tells may be
/// abuse.
pub const CHILD_KINDS: [IncidentKind; 11] = [
    IncidentKind::LivingAlone,
    IncidentKind::Missing,
    IncidentKind::GuardianUnable,
    IncidentKind::GuardianNeglect,
    IncidentKind::DomesticViolence,
    IncidentKind::Abuse,
    IncidentKind::Injury,
    IncidentKind::Begging,
    IncidentKind::SexualAbuse,
    IncidentKind::SelfHarm,
    IncidentKind::Other,
];

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum IncidentField {
    Kind,
    /// What "other" is: a row only while the kind is "other".
    Other,
    Found,
    When,
    Office,
    Receipt,
    ReportedAt,
}

impl IncidentField {
    pub const ALL: [IncidentField; 7] = [
        IncidentField::Kind,
        IncidentField::Other,
        IncidentField::Found,
        IncidentField::When,
        IncidentField::Office,
        IncidentField::Receipt,
        IncidentField::ReportedAt,
    ];

    pub fn label(self) -> String {
        match self {
            IncidentField::Kind => tr!("care.incident.kind"),
            IncidentField::Other => tr!("care.incident.other_kind"),
            IncidentField::Found => tr!("care.incident.found"),
            IncidentField::When => tr!("care.incident.when"),
            IncidentField::Office => tr!("care.incident.office"),
            IncidentField::Receipt => tr!("care.incident.receipt"),
            IncidentField::ReportedAt => tr!("care.incident.reported_at"),
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
    /// `None` for danger read in a letter: such a report never names a child.
    pub child: Option<ChildId>,
    pub child_name: String,
    /// The letter a new report is raised from (saved through the store's
    /// `raise_letter_incident`).
    pub letter: Option<LetterId>,
    /// The absence case a new report is raised from (saved through the store's
    /// `raise_from_absence`, so the case lists it).
    pub absence: Option<AbsenceId>,
    /// The incident being corrected; `None` for a new one.
    pub original: Option<Incident>,
    /// The kinds offered, and the one chosen (an index into them).
    pub kinds: Vec<IncidentKind>,
    pub kind: usize,
    /// What "other" is; kept while another kind is chosen, saved only with "other".
    pub other: TextArea<'static>,
    pub found: TextArea<'static>,
    pub when: TextArea<'static>,
    pub office: TextArea<'static>,
    pub receipt: TextArea<'static>,
    /// When it was reported to the office; empty means now, once an office is entered.
    pub reported_at: TextArea<'static>,
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

fn time_text(t: NaiveDateTime) -> String {
    t.format("%Y-%m-%d %H:%M").to_string()
}

/// The kinds offered for a report on `child` (none: a letter), always holding `current`.
fn kinds_for(child: Option<ChildId>, current: IncidentKind) -> Vec<IncidentKind> {
    let mut kinds: Vec<IncidentKind> = match child {
        Some(_) => CHILD_KINDS.to_vec(),
        None => std::iter::once(IncidentKind::LetterDanger)
            .chain(CHILD_KINDS)
            .collect(),
    };
    if !kinds.contains(&current) {
        kinds.push(current);
    }
    kinds
}

impl IncidentForm {
    /// A new report about `child`, found `now` by default.
    pub fn new(child: &Child, reporter: &str, now: NaiveDateTime) -> IncidentForm {
        IncidentForm {
            child: Some(child.id),
            child_name: child.name.clone(),
            letter: None,
            absence: None,
            original: None,
            kinds: CHILD_KINDS.to_vec(),
            kind: 0,
            other: TextArea::default(),
            found: TextArea::default(),
            when: input(&time_text(now)),
            office: TextArea::default(),
            receipt: TextArea::default(),
            reported_at: TextArea::default(),
            reporter: reporter.to_string(),
            focus: IncidentField::Kind,
            suggestion: None,
            confirm_discard: false,
        }
    }

    /// A new report about `child` raised from the absence case `case`: a danger found while
    /// bringing the child back (the child living alone…).
    pub fn from_absence(
        child: &Child,
        case: AbsenceId,
        reporter: &str,
        now: NaiveDateTime,
    ) -> IncidentForm {
        IncidentForm {
            absence: Some(case),
            ..IncidentForm::new(child, reporter, now)
        }
    }

    /// A report raised from `letter`, prefilled from `draft` (`mailbox::letter_incident`):
    /// the letter's kind and words, no child; the office, time reported and receipt to enter.
    pub fn from_letter(
        letter: LetterId,
        draft: &Incident,
        subject: &str,
        reporter: &str,
    ) -> IncidentForm {
        let kinds = kinds_for(None, draft.kind);
        IncidentForm {
            child: None,
            child_name: subject.to_string(),
            letter: Some(letter),
            absence: None,
            original: None,
            kind: kinds.iter().position(|k| *k == draft.kind).unwrap_or(0),
            kinds,
            other: input(&draft.other),
            found: input(&draft.found),
            when: input(&time_text(draft.found_at)),
            office: TextArea::default(),
            receipt: TextArea::default(),
            reported_at: TextArea::default(),
            reporter: reporter.to_string(),
            focus: IncidentField::Office,
            suggestion: None,
            confirm_discard: false,
        }
    }

    /// A correction of `incident`, starting from its own value in every field. The times found
    /// and reported are not corrected here once set (events say what followed).
    pub fn correct(incident: &Incident, child_name: &str, reporter: &str) -> IncidentForm {
        let kinds = kinds_for(incident.child, incident.kind);
        IncidentForm {
            child: incident.child,
            child_name: child_name.to_string(),
            letter: None,
            absence: None,
            original: Some(incident.clone()),
            kind: kinds.iter().position(|k| *k == incident.kind).unwrap_or(0),
            kinds,
            other: input(&incident.other),
            found: input(&incident.found),
            when: input(&time_text(incident.found_at)),
            office: input(&incident.reported_to),
            receipt: input(&incident.receipt),
            reported_at: input(&incident.reported_at.map(time_text).unwrap_or_default()),
            reporter: reporter.to_string(),
            focus: IncidentField::Kind,
            suggestion: None,
            confirm_discard: false,
        }
    }

    pub fn kind(&self) -> IncidentKind {
        self.kinds.get(self.kind).copied().unwrap_or(CHILD_KINDS[0])
    }

    /// The rows of the form, in order: what "other" is only while that is the kind.
    pub fn fields(&self) -> Vec<IncidentField> {
        IncidentField::ALL
            .into_iter()
            .filter(|f| *f != IncidentField::Other || self.kind() == IncidentKind::Other)
            .collect()
    }

    /// What "other" is, as it will be saved: only with the kind "other".
    fn other_text(&self) -> String {
        match self.kind() {
            IncidentKind::Other => text_of(&self.other),
            _ => String::new(),
        }
    }

    /// Whether `f` may be typed in: a correction keeps the time found, and the time reported
    /// once one was recorded.
    pub fn editable(&self, f: IncidentField) -> bool {
        match (&self.original, f) {
            (_, IncidentField::Other) => self.kind() == IncidentKind::Other,
            (Some(_), IncidentField::When) => false,
            (Some(o), IncidentField::ReportedAt) => o.reported_at.is_none(),
            _ => true,
        }
    }

    pub fn focused_input(&mut self) -> Option<&mut TextArea<'static>> {
        match self.focus {
            IncidentField::Kind => None,
            IncidentField::Other => Some(&mut self.other),
            IncidentField::Found => Some(&mut self.found),
            IncidentField::When => Some(&mut self.when),
            IncidentField::Office => Some(&mut self.office),
            IncidentField::Receipt => Some(&mut self.receipt),
            IncidentField::ReportedAt => Some(&mut self.reported_at),
        }
    }

    pub fn is_changed(&self) -> bool {
        match &self.original {
            // A report prefilled from a letter is unsaved as it stands: leaving asks first.
            None => {
                self.letter.is_some()
                    || !self.other_text().is_empty()
                    || !text_of(&self.found).is_empty()
                    || !text_of(&self.office).is_empty()
            }
            Some(o) => {
                self.kind() != o.kind
                    || self.other_text() != o.other.trim()
                    || text_of(&self.found) != o.found.trim()
                    || text_of(&self.office) != o.reported_to.trim()
                    || text_of(&self.receipt) != o.receipt.trim()
                    || (self.editable(IncidentField::ReportedAt)
                        && !text_of(&self.reported_at).is_empty())
            }
        }
    }

    pub fn select(&mut self, row: usize) {
        if let Some(f) = self.fields().get(row)
            && self.editable(*f)
        {
            self.focus = *f;
        }
    }

    fn step_field(&mut self, forward: bool) {
        let fields = self.fields();
        let n = fields.len();
        let mut i = fields.iter().position(|f| *f == self.focus).unwrap_or(0);
        loop {
            i = if forward {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            };
            if self.editable(fields[i]) {
                break;
            }
        }
        self.focus = fields[i];
    }

    pub fn action(&mut self, action: Action) {
        let kinds = self.kinds.len();
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

    /// The incident as the form describes it, for `by` at `now`: a new one (id 0) or the one
    /// corrected with the form's values (the store keeps the earlier ones as a revision). On a
    /// problem the focus moves to the field at fault.
    pub fn validated(&mut self, by: CounselorId, now: NaiveDateTime) -> Result<Incident, String> {
        let kind = self.kind();
        let other = self.other_text();
        if let Err(e) = check_kind(kind, &other) {
            self.focus = IncidentField::Other;
            return Err(crate::labels::refusals::refusal(&e));
        }
        let found = text_of(&self.found);
        if found.is_empty() {
            self.focus = IncidentField::Found;
            return Err(tr!("care.incident.needs_found"));
        }
        let office = text_of(&self.office);
        let receipt = text_of(&self.receipt);
        if let Some(original) = self.original.clone() {
            // The values replaced are kept as a revision by the store's `correct_incident`.
            let reported_at = self.reported_time(&office, original.found_at, now)?;
            return Ok(Incident {
                kind,
                other,
                found,
                reported_to: office,
                receipt,
                reported_at,
                ..original
            });
        }
        let typed = text_of(&self.when);
        let found_at = match parse_when(&typed, now) {
            Ok(at) if at <= now => at,
            result => {
                self.focus = IncidentField::When;
                return Err(time_sentence(result.err(), &typed));
            }
        };
        let reported_at = self.reported_time(&office, found_at, now)?;
        Ok(Incident {
            id: IncidentId(0),
            child: self.child,
            kind,
            other,
            found,
            found_at,
            reported_by: by,
            reported_at,
            reported_to: office,
            receipt,
            events: vec![],
            revisions: vec![],
            closed: None,
        })
    }

    /// The time reported: the one recorded when it may no longer change; else the typed one
    /// (between the time found and now, and only with an office), or now once an office is
    /// entered.
    fn reported_time(
        &mut self,
        office: &str,
        found_at: NaiveDateTime,
        now: NaiveDateTime,
    ) -> Result<Option<NaiveDateTime>, String> {
        if !self.editable(IncidentField::ReportedAt) {
            return Ok(self.original.as_ref().and_then(|o| o.reported_at));
        }
        let typed = text_of(&self.reported_at);
        if typed.is_empty() {
            return Ok((!office.is_empty()).then_some(now));
        }
        if office.is_empty() {
            self.focus = IncidentField::Office;
            return Err(tr!("care.incident.reported_needs_office"));
        }
        self.focus = IncidentField::ReportedAt;
        let at = match parse_when(&typed, now) {
            Ok(at) if at <= now => at,
            result => return Err(time_sentence(result.err(), &typed)),
        };
        if at < found_at {
            return Err(tr!("care.incident.reported_before_found", value = typed));
        }
        Ok(Some(at))
    }
}

/// What the status line says after a report is saved: saved or corrected, and what is still
/// to do (report it, note the receipt); nothing more once both are recorded.
pub fn saved_message(incident: &Incident, name: &str, corrected: bool) -> String {
    let next = if incident.reported_to.trim().is_empty() {
        tr!("care.incident.still_to_report")
    } else if incident.receipt.trim().is_empty() {
        tr!(
            "care.incident.still_to_note_receipt",
            office = incident.reported_to
        )
    } else {
        String::new()
    };
    let done = if corrected {
        tr!("care.incident.corrected", name = name, next = next)
    } else {
        tr!("care.incident.saved", name = name, next = next)
    };
    done.trim_end().to_string()
}

/// What the form says about a typed time that does not read (`None`: it reads, but lies
/// after now).
fn time_sentence(e: Option<WhenError>, typed: &str) -> String {
    match e {
        None | Some(WhenError::Future) => tr!("care.incident.in_future", value = typed),
        Some(WhenError::NotADay | WhenError::BadTime(_) | WhenError::Past) => {
            tr!("care.bad_time", value = typed)
        }
    }
}

impl super::Component for IncidentForm {
    fn handle(&mut self, action: crate::action::Action, cx: &mut super::Cx) -> super::Effect {
        self.handle_action(action, cx)
    }
    fn context(&self) -> crate::keymap::Context {
        crate::keymap::Context::RecordForm
    }
    // Never the global keys: on a selector a stray `q` or `6` would leave unsaved work.
    fn contexts(&self) -> Vec<crate::keymap::Context> {
        vec![self.context()]
    }
    fn focused_input(&mut self) -> Option<&mut TextArea<'static>> {
        IncidentForm::focused_input(self)
    }
    fn form_changed(&self) -> bool {
        self.is_changed()
    }
    fn input_changed(&mut self) {
        self.confirm_discard = false;
        self.suggestion = None;
    }
    fn choice_actions(&self) -> Option<&'static [crate::action::Action]> {
        use crate::action::Action;
        Some(match self.focus {
            IncidentField::Kind => &[Action::PrevChoice, Action::NextChoice],
            _ => &[],
        })
    }
    fn select(&mut self, row: usize) {
        IncidentForm::select(self, row);
    }
}
