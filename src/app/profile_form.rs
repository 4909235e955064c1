//! Editing a child's profile: one text field per roster column (parsed and validated by the
//! same rules as the roster import) plus the concern areas, this term's study situation
//! (学习情况) and the status: in the programme, or left it (why, on which day, a few words).
//! Saved in one transaction; leaving and coming back are the store's own operations, which
//! only whom the table lets record them (the coordinator) may choose here.

use super::Screen;
use crate::action::Action;
use crate::interchange::columns::Column;
use crate::labels;
use crate::model::{Child, ChildStatus, LeaveReason, Refusal, StudyNote};
use crate::store::StoreError;
use crate::tr;
use chrono::NaiveDate;
use ratatui_textarea::TextArea;

/// A field of the form: a roster column, or what the roster does not carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormField {
    Column(Column),
    Concerns,
    /// The study situation of the term the form was opened in.
    Study,
    /// In the programme, or left it for a reason: a choice, not typed.
    Status,
    /// The day the child left (shown while the status says so).
    LeftOn,
    LeaveNote,
}

/// The status choices, in the order left and right step through them.
pub fn status_choices() -> Vec<Option<LeaveReason>> {
    std::iter::once(None)
        .chain(LeaveReason::ALL.iter().copied().map(Some))
        .collect()
}

/// A status choice in words.
pub fn status_label(choice: Option<LeaveReason>) -> String {
    match choice {
        None => tr!("ui.form.status_active"),
        Some(reason) => tr!(
            "ui.form.status_left",
            reason = crate::labels::leave_reason(reason)
        ),
    }
}

/// What saving does to the child's place in the programme, besides the fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StatusChange {
    Keep,
    Leave {
        date: NaiveDate,
        reason: LeaveReason,
        note: String,
    },
    Return,
}

impl FormField {
    pub fn label(self, term: Option<&str>) -> String {
        match self {
            FormField::Column(c) => crate::i18n::text(&format!("ui.column.{}", c.en())).to_string(),
            FormField::Concerns => tr!("ui.child.concerns"),
            FormField::Study => tr!(
                "ui.form.study",
                term = labels::term(term.unwrap_or_default())
            ),
            FormField::Status => tr!("ui.form.status"),
            FormField::LeftOn => tr!("ui.form.left_on"),
            FormField::LeaveNote => tr!("ui.form.leave_note"),
        }
    }

    fn value(self, child: &Child, term: Option<&str>) -> String {
        let left = match &child.status {
            ChildStatus::Left { date, reason, note } => Some((date, reason, note)),
            ChildStatus::Active => None,
        };
        match self {
            // A left-behind type the program knows is shown in words of the language in force
            // (and read back from them by the column).
            FormField::Column(Column::LeftBehindType) => {
                labels::left_behind_type(&child.left_behind_type)
            }
            FormField::Column(c) => c.get(child, crate::i18n::lang()),
            FormField::Concerns => labels::concerns(child.concerns.iter().copied()),
            FormField::Study => child
                .study
                .iter()
                .find(|s| Some(s.term.as_str()) == term)
                .map(|s| s.text.clone())
                .unwrap_or_default(),
            FormField::Status => status_label(left.map(|(_, r, _)| *r)),
            FormField::LeftOn => left.map(|(d, _, _)| d.to_string()).unwrap_or_default(),
            FormField::LeaveNote => left.map(|(_, _, n)| n.clone()).unwrap_or_default(),
        }
    }

    /// Puts the typed text into `child` (on `today`). The status fields are read by
    /// `status_change`.
    fn apply(
        self,
        child: &mut Child,
        text: &str,
        term: Option<&str>,
        today: NaiveDate,
    ) -> Result<(), String> {
        match self {
            FormField::Column(c) if Column::is_blank(text) => c.clear(child),
            FormField::Column(c) => c.set(child, text, today),
            FormField::Study => {
                let Some(term) = term else {
                    return Ok(());
                };
                let text = text.trim();
                match child.study.iter_mut().find(|s| s.term == term) {
                    Some(_) if text.is_empty() => child.study.retain(|s| s.term != term),
                    Some(s) => s.text = text.to_string(),
                    None if text.is_empty() => {}
                    None => child.study.push(StudyNote {
                        term: term.to_string(),
                        text: text.to_string(),
                    }),
                }
                Ok(())
            }
            FormField::Status | FormField::LeftOn | FormField::LeaveNote => Ok(()),
            FormField::Concerns => {
                let mut set = std::collections::BTreeSet::new();
                for part in text
                    .split([';', '；', '、', ',', '，'])
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                {
                    set.insert(
                        labels::parse_concern(part)
                            .ok_or_else(|| tr!("ui.form.bad_concern", value = part))?,
                    );
                }
                child.concerns = set;
                Ok(())
            }
        }
    }
}

pub struct ProfileForm {
    pub original: Child,
    pub fields: Vec<(FormField, TextArea<'static>)>,
    pub focus: usize,
    /// Set after a first Esc with unsaved changes: a second Esc leaves without saving.
    pub confirm_discard: bool,
    /// The term whose study situation the form edits (none: the field is not shown).
    pub term: Option<String>,
    /// The status chosen (an index in `status_choices`).
    pub status: usize,
    /// Whether this person may record a child leaving or coming back.
    pub may_change_status: bool,
    /// The day a leaving is recorded on unless another is typed.
    today: Option<NaiveDate>,
}

fn input_with(text: &str) -> TextArea<'static> {
    let mut input = TextArea::default();
    input.insert_str(text);
    input
}

impl ProfileForm {
    pub fn new(child: &Child) -> ProfileForm {
        ProfileForm::with(child, None, false, None)
    }

    /// The form with the study situation of `term` and, for whom the table lets record it
    /// (`may_change_status`), a status that can be changed (leaving on `today` by default).
    pub fn with(
        child: &Child,
        term: Option<String>,
        may_change_status: bool,
        today: Option<NaiveDate>,
    ) -> ProfileForm {
        let mut fields: Vec<FormField> =
            Column::ALL.iter().copied().map(FormField::Column).collect();
        fields.push(FormField::Concerns);
        if term.is_some() {
            fields.push(FormField::Study);
        }
        fields.push(FormField::Status);
        let status = match &child.status {
            ChildStatus::Active => 0,
            ChildStatus::Left { reason, .. } => status_choices()
                .iter()
                .position(|c| *c == Some(*reason))
                .unwrap_or(0),
        };
        if status > 0 {
            fields.extend([FormField::LeftOn, FormField::LeaveNote]);
        }
        let fields = fields
            .into_iter()
            .map(|f| (f, input_with(&f.value(child, term.as_deref()))))
            .collect();
        ProfileForm {
            original: child.clone(),
            fields,
            focus: 0,
            confirm_discard: false,
            term,
            status,
            may_change_status,
            today,
        }
    }

    pub fn label(&self, field: FormField) -> String {
        field.label(self.term.as_deref())
    }

    /// The status is chosen, not typed: no input has the keyboard there.
    pub fn focused_input(&mut self) -> Option<&mut TextArea<'static>> {
        match self.fields.get_mut(self.focus) {
            Some((FormField::Status, _)) | None => None,
            Some((_, input)) => Some(input),
        }
    }

    /// Someone else changed the child since the form was opened (`Refusal::ChangedMeanwhile`):
    /// their changes come into the fields this person left alone, a field both changed keeps
    /// this person's text, and the form is then based on the newer child, so that the next
    /// save keeps both. Says which fields, for the status line.
    pub fn take_newer(&mut self, newer: &Child) -> String {
        let term = self.term.clone();
        let (mut taken, mut kept) = (Vec::new(), Vec::new());
        for (field, input) in &mut self.fields {
            if matches!(
                field,
                FormField::Status | FormField::LeftOn | FormField::LeaveNote
            ) {
                continue;
            }
            let was = field.value(&self.original, term.as_deref());
            let now = field.value(newer, term.as_deref());
            if now == was {
                continue;
            }
            if input.lines().concat() == was {
                *input = input_with(&now);
                taken.push(field.label(term.as_deref()));
            } else {
                kept.push(field.label(term.as_deref()));
            }
        }
        self.original = newer.clone();
        let mut said = Vec::new();
        if !taken.is_empty() {
            said.push(tr!(
                "ui.form.merged_taken",
                fields = taken.join(&labels::list_separator())
            ));
        }
        if !kept.is_empty() {
            said.push(tr!(
                "ui.form.merged_kept",
                fields = kept.join(&labels::list_separator())
            ));
        }
        said.push(tr!("ui.form.merged_check"));
        labels::sentences(&said)
    }

    pub fn is_changed(&self) -> bool {
        let term = self.term.as_deref();
        self.fields
            .iter()
            .any(|(f, input)| input.lines().concat() != f.value(&self.original, term))
    }

    /// Steps the status to the next (or previous) choice; the leaving day and note come and
    /// go with it. Refused, with the sentence, to whom may not record a leaving.
    pub fn step_status(&mut self, forward: bool) -> Result<(), String> {
        if !self.may_change_status {
            return Err(tr!("ui.form.status_coordinator"));
        }
        let n = status_choices().len();
        let was_left = self.status > 0;
        self.status = if forward {
            (self.status + 1) % n
        } else {
            (self.status + n - 1) % n
        };
        if let Some((_, input)) = self
            .fields
            .iter_mut()
            .find(|(f, _)| *f == FormField::Status)
        {
            *input = input_with(&status_label(status_choices()[self.status]));
        }
        match (was_left, self.status > 0) {
            (false, true) => {
                let day = self.today.map(|d| d.to_string()).unwrap_or_default();
                self.fields.push((FormField::LeftOn, input_with(&day)));
                self.fields
                    .push((FormField::LeaveNote, TextArea::default()));
            }
            (true, false) => self
                .fields
                .retain(|(f, _)| !matches!(f, FormField::LeftOn | FormField::LeaveNote)),
            _ => {}
        }
        Ok(())
    }

    /// What saving does to the child's place in the programme. A leaving already recorded is
    /// kept as it is: to correct it, the child comes back and leaves again.
    pub fn status_change(&mut self) -> Result<StatusChange, String> {
        let chosen = status_choices()[self.status];
        let text_of = |field: FormField| {
            self.fields
                .iter()
                .find(|(f, _)| *f == field)
                .map(|(_, i)| i.lines().join(" ").trim().to_string())
                .unwrap_or_default()
        };
        match (&self.original.status, chosen) {
            (ChildStatus::Active, None) => Ok(StatusChange::Keep),
            (ChildStatus::Left { .. }, None) => Ok(StatusChange::Return),
            (ChildStatus::Active, Some(reason)) => {
                let typed = text_of(FormField::LeftOn);
                let today = self.today.unwrap_or_default();
                let Some(date) = crate::domain::when::parse_day(&typed, today) else {
                    self.focus_on(FormField::LeftOn);
                    return Err(tr!(
                        "ui.form.field_problem",
                        field = self.label(FormField::LeftOn),
                        reason = tr!("cli.bad_date", date = typed)
                    ));
                };
                Ok(StatusChange::Leave {
                    date,
                    reason,
                    note: text_of(FormField::LeaveNote),
                })
            }
            (ChildStatus::Left { date, reason, note }, Some(chosen)) => {
                let same = chosen == *reason
                    && text_of(FormField::LeftOn) == date.to_string()
                    && text_of(FormField::LeaveNote) == *note;
                if same {
                    Ok(StatusChange::Keep)
                } else {
                    Err(tr!("ui.form.leaving_kept"))
                }
            }
        }
    }

    fn focus_on(&mut self, field: FormField) {
        if let Some(i) = self.fields.iter().position(|(f, _)| *f == field) {
            self.focus = i;
        }
    }

    /// The child as the form describes it, or the first problem as a sentence naming its field.
    /// On a problem the focus moves to that field.
    /// The status stays as stored: `status_change` says what to do about it.
    pub fn validated(&mut self, today: NaiveDate) -> Result<Child, String> {
        let mut child = self.original.clone();
        let term = self.term.as_deref();
        for (i, (field, input)) in self.fields.iter().enumerate() {
            if let Err(reason) = field.apply(&mut child, &input.lines().concat(), term, today) {
                self.focus = i;
                return Err(tr!(
                    "ui.form.field_problem",
                    field = field.label(term),
                    reason = reason
                ));
            }
        }
        Ok(child)
    }

    pub fn select(&mut self, row: usize) {
        self.focus = row.min(self.fields.len().saturating_sub(1));
    }

    /// Moves between fields, or steps the status when it has the focus; `Err` holds why
    /// the status may not be changed.
    pub fn action(&mut self, action: Action) -> Result<(), String> {
        let len = self.fields.len();
        let on_status = matches!(self.fields.get(self.focus), Some((FormField::Status, _)));
        match action {
            Action::NextChoice | Action::PrevChoice if on_status => {
                return self.step_status(action == Action::NextChoice);
            }
            Action::NextField | Action::SelectNext => self.focus = (self.focus + 1) % len,
            Action::PrevField | Action::SelectPrev => self.focus = (self.focus + len - 1) % len,
            other => self.focus = super::list::moved(self.focus, len, other),
        }
        Ok(())
    }
}

/// The profile form for the child on the archive, with the term in force (or the last one)
/// and the status field when this person may record a leaving.
pub(super) fn edit_profile(state: &super::ChildState, cx: &mut super::Cx) -> super::Effect {
    let term = cx
        .config
        .term_at(cx.today)
        .or_else(|| cx.config.terms.iter().rev().find(|t| t.end < cx.today))
        .map(|t| t.name.clone());
    let may_leave = cx
        .read_as_user(|r| r.may(crate::domain::access::Operation::RecordLeaving))
        .unwrap_or(false);
    let form = ProfileForm::with(&state.child, term, may_leave, Some(cx.today));
    super::Effect::Push(Screen::ProfileForm(Box::new(form)))
}

impl ProfileForm {
    fn save(&mut self, cx: &mut super::Cx) -> super::Effect {
        let checked = self
            .validated(cx.today)
            .and_then(|child| Ok((child, self.status_change()?)));
        match checked {
            Err(problem) => cx.set_error(problem),
            Ok((child, change)) => {
                let name = child.name.clone();
                let today = cx.today;
                // The fields, then the leaving or the coming back: one transaction.
                let base = self.original.clone();
                let saved = cx.write_as_user(|w| {
                    w.update_child_from(&base, &child)?;
                    match change {
                        StatusChange::Keep => {}
                        StatusChange::Leave { date, reason, note } => {
                            w.child_leaves(child.id, date, reason, &note)?;
                        }
                        StatusChange::Return => {
                            w.child_returns(child.id, today)?;
                        }
                    }
                    Ok(())
                });
                if let Err(StoreError::Refused(Refusal::ChangedMeanwhile { .. })) = &saved
                    && let Ok(Some(newer)) = cx.read_as_user(|r| r.child(child.id))
                {
                    let merged = self.take_newer(&newer);
                    if let Err(e) = saved {
                        cx.set_error(labels::sentences(&[e.to_string(), merged]));
                    }
                    return super::Effect::Stay;
                }
                if cx.report(saved).is_some() {
                    cx.set_status(tr!("ui.form.saved", name = name));
                    return super::Effect::Back;
                }
            }
        }
        super::Effect::Stay
    }
}

impl super::Component for ProfileForm {
    fn handle(&mut self, action: crate::action::Action, cx: &mut super::Cx) -> super::Effect {
        use super::Effect;
        use crate::action::Action;
        match action {
            Action::Save => self.save(cx),
            Action::Cancel | Action::Back => {
                if self.is_changed() && !self.confirm_discard {
                    self.confirm_discard = true;
                    cx.set_status(tr!("ui.form.discard_confirm"));
                    Effect::Stay
                } else {
                    Effect::Back
                }
            }
            other => {
                if let Err(problem) = self.action(other) {
                    cx.set_error(problem);
                }
                Effect::Stay
            }
        }
    }
    fn context(&self) -> crate::keymap::Context {
        crate::keymap::Context::Form
    }
    // A form never falls through to the global keys: on a selector a stray `q` or `6` would
    // leave unsaved work. Its table carries the few global keys that cannot be typed.
    fn contexts(&self) -> Vec<crate::keymap::Context> {
        vec![self.context()]
    }
    fn focused_input(&mut self) -> Option<&mut TextArea<'static>> {
        ProfileForm::focused_input(self)
    }
    fn form_changed(&self) -> bool {
        self.is_changed()
    }
    fn input_changed(&mut self) {
        self.confirm_discard = false;
    }
    fn choice_actions(&self) -> Option<&'static [crate::action::Action]> {
        use crate::action::Action;
        Some(match self.fields.get(self.focus) {
            Some((FormField::Status, _)) => &[Action::PrevChoice, Action::NextChoice],
            _ => &[],
        })
    }
    fn select(&mut self, row: usize) {
        ProfileForm::select(self, row);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, set_lang};
    use crate::model::{ChildId, Gender};

    fn today() -> chrono::NaiveDate {
        chrono::NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
    }

    fn form_with(column: Column, text: &str) -> ProfileForm {
        let day = chrono::NaiveDate::from_ymd_opt(2014, 3, 2).unwrap();
        let mut form = ProfileForm::new(&Child::new(ChildId(1), "张伟".into(), Gender::Male, day));
        let (_, input) = form
            .fields
            .iter_mut()
            .find(|(f, _)| *f == FormField::Column(column))
            .unwrap();
        *input = TextArea::default();
        input.insert_str(text);
        form
    }

    #[test]
    fn the_form_refuses_what_the_roster_refuses_saying_the_limit() {
        set_lang(Lang::En);
        for (column, text, says) in [
            (Column::Name, "张".repeat(51), "at most 50"),
            (
                Column::Name,
                "李\u{202E}明".to_string(),
                "direction override",
            ),
            (
                Column::Name,
                "X\u{1b}]0;PWNED\u{7}Y".to_string(),
                "control character",
            ),
            (Column::Remarks, "很".repeat(20_001), "at most 20,000"),
            (Column::FatherPhone, "abc".to_string(), "not a phone number"),
        ] {
            let mut form = form_with(column, &text);
            let err = form.validated(today()).unwrap_err();
            assert!(err.contains(says), "{column:?}: {err}");
            assert_eq!(form.fields[form.focus].0, FormField::Column(column));
        }
        assert!(
            form_with(Column::Name, &"张".repeat(50))
                .validated(today())
                .is_ok()
        );
    }
}
