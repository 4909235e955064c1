//! The forms of an absence case (控辍保学): registering one from the child's archive (旷课 or
//! 辍学, the first day away, what is known), logging a bring-back attempt (劝返: the date, who
//! went, how, whom they met, what came of it, still away or not), and closing it with an
//! outcome and a note. Saved by the store's `register_absence`, `log_attempt` and
//! `close_absence`, which also refuse what the rules do not allow (劝返无效 before the
//! written report is printed): the form shows the refusal's sentence and stays.

use super::mood_form::text_of;
use super::{Cx, Effect, Screen};
use crate::action::Action;
use crate::domain::when::{WhenError, parse_when};
use crate::model::*;
use crate::store::AttemptInput;
use crate::tr;
use chrono::NaiveDate;
use ratatui_textarea::TextArea;

const KINDS: [AbsenceKind; 2] = [AbsenceKind::Truancy, AbsenceKind::DroppedOut];
const WAYS: [AttemptWay; 3] = [
    AttemptWay::Call,
    AttemptWay::HomeVisit,
    AttemptWay::WithVillage,
];
const OUTCOMES: [AbsenceOutcome; 3] = [
    AbsenceOutcome::Returned,
    AbsenceOutcome::Transferred,
    AbsenceOutcome::ReportedIneffective,
];

/// What the form is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AbsencePurpose {
    Register(ChildId),
    Attempt(AbsenceId),
    Close(AbsenceId),
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AbsenceField {
    Kind,
    FirstDay,
    Known,
    On,
    Went,
    Way,
    Met,
    Result,
    StillAway,
    Outcome,
    Note,
}

impl AbsenceField {
    pub fn label(self) -> String {
        match self {
            AbsenceField::Kind => tr!("absence.form.kind"),
            AbsenceField::FirstDay => tr!("absence.form.first_day"),
            AbsenceField::Known => tr!("absence.form.known"),
            AbsenceField::On => tr!("absence.form.on"),
            AbsenceField::Went => tr!("absence.form.went"),
            AbsenceField::Way => tr!("absence.form.way"),
            AbsenceField::Met => tr!("absence.form.met"),
            AbsenceField::Result => tr!("absence.form.result"),
            AbsenceField::StillAway => tr!("absence.form.still_away"),
            AbsenceField::Outcome => tr!("absence.form.outcome"),
            AbsenceField::Note => tr!("absence.form.note"),
        }
    }

    /// Whether the field is a choice (left/right change it) rather than typed.
    pub fn is_choice(self) -> bool {
        matches!(
            self,
            AbsenceField::Kind
                | AbsenceField::Way
                | AbsenceField::StillAway
                | AbsenceField::Outcome
        )
    }
}

pub struct AbsenceForm {
    pub purpose: AbsencePurpose,
    pub child_name: String,
    pub kind: usize,
    pub first_day: TextArea<'static>,
    pub known: TextArea<'static>,
    pub on: TextArea<'static>,
    pub went: TextArea<'static>,
    pub way: usize,
    pub met: TextArea<'static>,
    pub result: TextArea<'static>,
    pub still_away: bool,
    pub outcome: usize,
    pub note: TextArea<'static>,
    pub focus: AbsenceField,
    /// Set after a first Esc with something entered: a second Esc leaves without saving.
    pub confirm_discard: bool,
}

fn input(text: &str) -> TextArea<'static> {
    let mut t = TextArea::default();
    t.insert_str(text);
    t
}

impl AbsenceForm {
    fn blank(purpose: AbsencePurpose, child_name: &str, focus: AbsenceField) -> AbsenceForm {
        AbsenceForm {
            purpose,
            child_name: child_name.to_string(),
            kind: 0,
            first_day: TextArea::default(),
            known: TextArea::default(),
            on: TextArea::default(),
            went: TextArea::default(),
            way: 0,
            met: TextArea::default(),
            result: TextArea::default(),
            still_away: true,
            outcome: 0,
            note: TextArea::default(),
            focus,
            confirm_discard: false,
        }
    }

    /// Registering a case for `child` (from the archive).
    pub fn register(child: &Child) -> AbsenceForm {
        AbsenceForm::blank(
            AbsencePurpose::Register(child.id),
            &child.name,
            AbsenceField::Kind,
        )
    }

    /// Logging an attempt on `case`, dated today unless changed; the child still away.
    pub fn attempt(case: &AbsenceCase, child_name: &str, today: NaiveDate) -> AbsenceForm {
        let mut form = AbsenceForm::blank(
            AbsencePurpose::Attempt(case.id),
            child_name,
            AbsenceField::On,
        );
        form.on = input(&today.to_string());
        form.focus = AbsenceField::Went;
        form
    }

    /// Closing `case` with an outcome.
    pub fn close(case: &AbsenceCase, child_name: &str) -> AbsenceForm {
        AbsenceForm::blank(
            AbsencePurpose::Close(case.id),
            child_name,
            AbsenceField::Outcome,
        )
    }

    pub fn fields(&self) -> &'static [AbsenceField] {
        use AbsenceField::*;
        match self.purpose {
            AbsencePurpose::Register(_) => &[Kind, FirstDay, Known],
            AbsencePurpose::Attempt(_) => &[On, Went, Way, Met, Result, StillAway],
            AbsencePurpose::Close(_) => &[Outcome, Note],
        }
    }

    pub fn title(&self) -> String {
        let name = self.child_name.as_str();
        match self.purpose {
            AbsencePurpose::Register(_) => tr!("absence.form.register_title", name = name),
            AbsencePurpose::Attempt(_) => tr!("absence.form.attempt_title", name = name),
            AbsencePurpose::Close(_) => tr!("absence.form.close_title", name = name),
        }
    }

    pub fn kind(&self) -> AbsenceKind {
        KINDS[self.kind % KINDS.len()]
    }

    pub fn way(&self) -> AttemptWay {
        WAYS[self.way % WAYS.len()]
    }

    pub fn outcome(&self) -> AbsenceOutcome {
        OUTCOMES[self.outcome % OUTCOMES.len()]
    }

    /// The words of a choice field's options, and which is chosen.
    pub fn choices(&self, f: AbsenceField) -> (Vec<String>, usize) {
        use crate::labels;
        match f {
            AbsenceField::Kind => (
                KINDS.iter().map(|k| labels::absence_kind(*k)).collect(),
                self.kind,
            ),
            AbsenceField::Way => (
                WAYS.iter().map(|w| labels::attempt_way(*w)).collect(),
                self.way,
            ),
            AbsenceField::Outcome => (
                OUTCOMES
                    .iter()
                    .map(|o| labels::absence_outcome(*o))
                    .collect(),
                self.outcome,
            ),
            AbsenceField::StillAway => (
                vec![
                    tr!("absence.form.still_away_yes"),
                    tr!("absence.form.still_away_no"),
                ],
                usize::from(!self.still_away),
            ),
            _ => (Vec::new(), 0),
        }
    }

    /// The text box of a typed field.
    pub fn input_of(&self, f: AbsenceField) -> Option<&TextArea<'static>> {
        match f {
            AbsenceField::FirstDay => Some(&self.first_day),
            AbsenceField::Known => Some(&self.known),
            AbsenceField::On => Some(&self.on),
            AbsenceField::Went => Some(&self.went),
            AbsenceField::Met => Some(&self.met),
            AbsenceField::Result => Some(&self.result),
            AbsenceField::Note => Some(&self.note),
            _ => None,
        }
    }

    pub fn focused_input(&mut self) -> Option<&mut TextArea<'static>> {
        match self.focus {
            AbsenceField::FirstDay => Some(&mut self.first_day),
            AbsenceField::Known => Some(&mut self.known),
            AbsenceField::On => Some(&mut self.on),
            AbsenceField::Went => Some(&mut self.went),
            AbsenceField::Met => Some(&mut self.met),
            AbsenceField::Result => Some(&mut self.result),
            AbsenceField::Note => Some(&mut self.note),
            _ => None,
        }
    }

    /// Something entered that saving would keep: leaving asks first. The attempt's date
    /// prefilled with today, and the choices' defaults, are not work.
    pub fn is_changed(&self) -> bool {
        let typed = |t: &TextArea| !text_of(t).is_empty();
        match self.purpose {
            AbsencePurpose::Register(_) => {
                self.kind != 0 || typed(&self.first_day) || typed(&self.known)
            }
            AbsencePurpose::Attempt(_) => {
                typed(&self.went)
                    || typed(&self.met)
                    || typed(&self.result)
                    || self.way != 0
                    || !self.still_away
            }
            AbsencePurpose::Close(_) => self.outcome != 0 || typed(&self.note),
        }
    }

    pub fn select(&mut self, row: usize) {
        if let Some(f) = self.fields().get(row) {
            self.focus = *f;
        }
    }

    fn step_field(&mut self, forward: bool) {
        let fields = self.fields();
        let n = fields.len();
        let i = fields.iter().position(|f| *f == self.focus).unwrap_or(0);
        let j = if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        };
        self.focus = fields[j];
    }

    fn step_choice(&mut self, forward: bool) {
        let step = |i: usize, n: usize| {
            if forward {
                (i + 1) % n
            } else {
                (i + n - 1) % n
            }
        };
        match self.focus {
            AbsenceField::Kind => self.kind = step(self.kind, KINDS.len()),
            AbsenceField::Way => self.way = step(self.way, WAYS.len()),
            AbsenceField::Outcome => self.outcome = step(self.outcome, OUTCOMES.len()),
            AbsenceField::StillAway => self.still_away = !self.still_away,
            _ => {}
        }
    }

    pub fn action(&mut self, action: Action) {
        match action {
            Action::NextChoice | Action::Toggle => self.step_choice(true),
            Action::PrevChoice => self.step_choice(false),
            Action::NextField | Action::SelectNext => self.step_field(true),
            Action::PrevField | Action::SelectPrev => self.step_field(false),
            _ => {}
        }
    }

    /// A typed day that has happened (the first day away, an attempt's date); on a problem
    /// the focus moves to the field and the sentence says why.
    fn day(&mut self, f: AbsenceField, now: Timestamp) -> Result<NaiveDate, String> {
        let typed = self.input_of(f).map(text_of).unwrap_or_default();
        if typed.is_empty() {
            self.focus = f;
            return Err(tr!("absence.form.needs_day", field = f.label()));
        }
        match parse_when(&typed, now) {
            Ok(at) => Ok(at.date()),
            Err(e) => {
                self.focus = f;
                Err(match e {
                    WhenError::Future => tr!("absence.form.day_future", value = typed),
                    _ => tr!("care.bad_date", value = typed),
                })
            }
        }
    }

    pub fn handle_action(&mut self, action: Action, cx: &mut Cx) -> Effect {
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
                self.confirm_discard = false;
                self.action(other);
                Effect::Stay
            }
        }
    }

    fn save(&mut self, cx: &mut Cx) -> Effect {
        let now = cx.now();
        let name = self.child_name.clone();
        match self.purpose {
            AbsencePurpose::Register(child) => {
                let first_day = match self.day(AbsenceField::FirstDay, now) {
                    Ok(d) => d,
                    Err(problem) => {
                        cx.set_error(problem);
                        return Effect::Stay;
                    }
                };
                let (kind, known) = (self.kind(), text_of(&self.known));
                let saved =
                    cx.write_as_user(|w| w.register_absence(child, kind, first_day, &known));
                let Some(case) = cx.report(saved) else {
                    return Effect::Stay;
                };
                cx.set_status(tr!(
                    "absence.form.registered",
                    name = name,
                    kind = crate::labels::absence_kind(kind)
                ));
                // The case is where the work goes on: it takes the form's place.
                let loaded = cx.read_as_user(|r| super::AbsenceState::load(r, case.id));
                match cx.report(loaded) {
                    Some(state) => Effect::Replace(Screen::Absence(Box::new(state))),
                    None => Effect::Back,
                }
            }
            AbsencePurpose::Attempt(id) => {
                let on = match self.day(AbsenceField::On, now) {
                    Ok(d) => d,
                    Err(problem) => {
                        cx.set_error(problem);
                        return Effect::Stay;
                    }
                };
                let attempt = AttemptInput {
                    on,
                    went: text_of(&self.went),
                    way: self.way(),
                    met: text_of(&self.met),
                    result: text_of(&self.result),
                    failed: self.still_away,
                };
                if attempt.went.is_empty() {
                    self.focus = AbsenceField::Went;
                } else if attempt.result.is_empty() {
                    self.focus = AbsenceField::Result;
                }
                let saved = cx.write_as_user(|w| w.log_attempt(id, attempt));
                let case = cx.report(saved);
                let Some(case) = case else {
                    return Effect::Stay;
                };
                let due = case.needs_written_report(cx.config.absence_attempts);
                cx.set_status(if due {
                    tr!("absence.form.logged_report_due", name = name)
                } else {
                    tr!("absence.form.logged", name = name)
                });
                Effect::Back
            }
            AbsencePurpose::Close(id) => {
                let (outcome, note) = (self.outcome(), text_of(&self.note));
                let saved = cx.write_as_user(|w| w.close_absence(id, outcome, &note));
                if cx.report(saved).is_none() {
                    return Effect::Stay;
                }
                cx.set_status(tr!(
                    "absence.form.closed",
                    name = name,
                    outcome = crate::labels::absence_outcome(outcome)
                ));
                Effect::Back
            }
        }
    }
}

impl super::Component for AbsenceForm {
    fn handle(&mut self, action: Action, cx: &mut Cx) -> Effect {
        self.handle_action(action, cx)
    }
    fn context(&self) -> crate::keymap::Context {
        crate::keymap::Context::RecordForm
    }
    // Never the global keys: on a choice a stray `q` or `6` would leave unsaved work.
    fn contexts(&self) -> Vec<crate::keymap::Context> {
        vec![self.context()]
    }
    fn focused_input(&mut self) -> Option<&mut TextArea<'static>> {
        AbsenceForm::focused_input(self)
    }
    fn form_changed(&self) -> bool {
        self.is_changed()
    }
    fn input_changed(&mut self) {
        self.confirm_discard = false;
    }
    fn choice_actions(&self) -> Option<&'static [Action]> {
        Some(if self.focus.is_choice() {
            &[Action::PrevChoice, Action::NextChoice]
        } else {
            &[]
        })
    }
    fn select(&mut self, row: usize) {
        AbsenceForm::select(self, row);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn case() -> AbsenceCase {
        let day = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap_or_default();
        AbsenceCase {
            id: AbsenceId(4),
            child: ChildId(2),
            kind: AbsenceKind::DroppedOut,
            first_day: day,
            note: String::new(),
            registered_by: CounselorId(1),
            registered_at: day.and_hms_opt(9, 0, 0).unwrap_or_default(),
            attempts: vec![],
            report_printed: None,
            incidents: vec![],
            from_incident: None,
            closed: None,
        }
    }

    #[test]
    fn an_attempt_defaults_to_today_and_still_away_and_is_not_yet_work() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap_or_default();
        let mut form = AbsenceForm::attempt(&case(), "张伟", today);
        assert_eq!(text_of(&form.on), "2026-12-07");
        assert!(form.still_away);
        assert!(!form.is_changed());
        form.focus = AbsenceField::StillAway;
        form.action(Action::NextChoice);
        assert!(!form.still_away);
        assert!(form.is_changed());
    }

    #[test]
    fn a_future_or_unreadable_day_is_refused_with_the_focus_on_it() {
        let now = NaiveDate::from_ymd_opt(2026, 12, 7)
            .and_then(|d| d.and_hms_opt(9, 0, 0))
            .unwrap_or_default();
        let child = Child::new(
            ChildId(2),
            "张伟".into(),
            Gender::Male,
            NaiveDate::from_ymd_opt(2014, 1, 1).unwrap_or_default(),
        );
        let mut form = AbsenceForm::register(&child);
        assert!(form.day(AbsenceField::FirstDay, now).is_err());
        form.first_day = input("2026-12-09");
        form.focus = AbsenceField::Known;
        assert!(form.day(AbsenceField::FirstDay, now).is_err());
        assert_eq!(form.focus, AbsenceField::FirstDay);
        form.first_day = input("2026-11-30");
        assert_eq!(
            form.day(AbsenceField::FirstDay, now),
            Ok(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap_or_default())
        );
        form.action(Action::NextChoice);
        assert_eq!(form.kind(), AbsenceKind::Truancy);
        form.focus = AbsenceField::Kind;
        form.action(Action::NextChoice);
        assert_eq!(form.kind(), AbsenceKind::DroppedOut);
    }
}
