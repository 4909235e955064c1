//! The audit screen (操作日志), the coordinator's: who did what to which record, newest first.
//! Person and action filters step through the people and actions in the trail; the child and
//! the days are asked for on one line. Only whom the permission table lets read the audit
//! gets the screen (the store's session refuses everyone else, with a sentence); the export
//! writes the filtered events beside the store and is itself audited.

use super::{Cx, Effect};
use crate::action::Action;
use crate::domain::audit::{AuditFilter, cycle};
use crate::export::audit::{self as trail, AuditFormat, AuditTrail};
use crate::export::output;
use crate::model::{AuditEvent, ChildId};
use crate::store::{SessionReader, StoreError};
use crate::tr;
use chrono::NaiveDate;
use ratatui_textarea::TextArea;

/// What the one-line question at the bottom of the screen asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditAsk {
    Child,
    From,
    To,
}

pub struct AuditPrompt {
    pub ask: AuditAsk,
    pub input: TextArea<'static>,
}

impl AuditPrompt {
    pub fn question(&self) -> String {
        match self.ask {
            AuditAsk::Child => tr!("audit.ask.child"),
            AuditAsk::From => tr!("audit.ask.from"),
            AuditAsk::To => tr!("audit.ask.to"),
        }
    }

    fn text(&self) -> String {
        super::mood_form::text_of(&self.input)
    }
}

pub struct AuditState {
    pub trail: AuditTrail,
    pub filter: AuditFilter,
    /// The child filtered by, as shown among the filters: name and student id.
    pub child_label: Option<String>,
    /// Positions in `trail.events` that the filter keeps, newest first.
    pub shown: Vec<usize>,
    /// Position in `shown`.
    pub selected: usize,
    pub prompt: Option<AuditPrompt>,
}

impl AuditState {
    /// The whole trail, unfiltered; refused unless the reader's person may read the audit.
    pub fn load(reader: &SessionReader) -> Result<AuditState, StoreError> {
        let trail = AuditTrail::load(reader)?;
        let shown = (0..trail.events.len()).collect();
        Ok(AuditState {
            trail,
            filter: AuditFilter::default(),
            child_label: None,
            shown,
            selected: 0,
            prompt: None,
        })
    }

    pub fn selected_event(&self) -> Option<&AuditEvent> {
        self.shown
            .get(self.selected)
            .and_then(|&i| self.trail.events.get(i))
    }

    /// Applies the filter again, keeping the selected event when it is still shown.
    pub fn refilter(&mut self) {
        let keep = self.selected_event().map(|e| e.id);
        self.shown = self.trail.select(&self.filter);
        self.selected = keep
            .and_then(|id| {
                self.shown
                    .iter()
                    .position(|&i| self.trail.events[i].id == id)
            })
            .unwrap_or(0);
    }

    pub fn cycle_person(&mut self, forward: bool) {
        let people = self.trail.people();
        self.filter.person = cycle(self.filter.person.as_ref(), &people, forward);
        self.refilter();
    }

    pub fn cycle_action(&mut self, forward: bool) {
        let actions = self.trail.actions();
        self.filter.action = cycle(self.filter.action.as_ref(), &actions, forward);
        self.refilter();
    }

    pub fn clear_filters(&mut self) {
        self.filter = AuditFilter::default();
        self.child_label = None;
        self.refilter();
    }

    fn ask(&mut self, ask: AuditAsk) {
        let mut input = TextArea::default();
        // The day already chosen is offered again, to be corrected rather than retyped.
        let current = match ask {
            AuditAsk::Child => None,
            AuditAsk::From => self.filter.from,
            AuditAsk::To => self.filter.to,
        };
        if let Some(day) = current {
            input.insert_str(day.to_string());
        }
        self.prompt = Some(AuditPrompt { ask, input });
    }

    pub fn select(&mut self, row: usize) {
        self.selected = row.min(self.shown.len().saturating_sub(1));
    }

    pub fn list_action(&mut self, action: Action) {
        self.selected = super::list::moved(self.selected, self.shown.len(), action);
    }
}

/// The child a coordinator typed: a student id, else a name that only one child has.
/// `Err` holds the sentence that says why none was chosen.
fn find_child(
    reader: &SessionReader,
    typed: &str,
) -> Result<Result<(ChildId, String), String>, StoreError> {
    // Typed as the roster's cells are read: full-width digits and letters are the same id.
    if let Some(c) = reader.child_by_student_id(crate::text::fold_width(typed).trim())? {
        return Ok(Ok((c.id, child_label(&c.name, c.student_id.as_deref()))));
    }
    let same_name: Vec<_> = reader
        .summaries()?
        .into_iter()
        .filter(|s| s.name == typed)
        .collect();
    Ok(match same_name.as_slice() {
        [] => Err(tr!("audit.no_child", value = typed)),
        [one] => Ok((one.child, child_label(&one.name, one.student_id.as_deref()))),
        several => Err(tr!(
            "audit.several_children",
            count = several.len(),
            name = typed,
            ids = several
                .iter()
                .map(|s| s.student_id.clone().unwrap_or_else(|| "—".into()))
                .collect::<Vec<_>>()
                .join(", ")
        )),
    })
}

fn child_label(name: &str, student_id: Option<&str>) -> String {
    match student_id {
        Some(id) if !id.is_empty() => format!("{name} ({id})"),
        _ => name.to_string(),
    }
}

impl AuditState {
    /// Reads the trail again (after an export, or coming back), keeping the filters and the
    /// selected event.
    pub(super) fn reload(&mut self, cx: &mut Cx) {
        let (filter, label) = (self.filter.clone(), self.child_label.clone());
        let keep = self.selected_event().map(|e| e.id);
        let loaded = cx.read_as_user(|r| {
            let mut fresh = AuditState::load(r)?;
            if let Some(child) = &filter.child {
                fresh.filter.child = Some(trail::child_records(r, child.child)?);
            }
            Ok(fresh)
        });
        if let Some(mut fresh) = cx.report(loaded) {
            fresh.filter = AuditFilter {
                child: fresh.filter.child.take(),
                ..filter
            };
            fresh.child_label = label;
            fresh.shown = fresh.trail.select(&fresh.filter);
            if let Some(id) = keep
                && let Some(p) = fresh
                    .shown
                    .iter()
                    .position(|&i| fresh.trail.events[i].id == id)
            {
                fresh.selected = p;
            }
            *self = fresh;
        }
    }

    pub(super) fn handle_action(&mut self, action: Action, cx: &mut Cx) -> Effect {
        if self.prompt.is_some() {
            match action {
                Action::Save | Action::Open => self.finish_prompt(cx),
                Action::Cancel | Action::Back => self.prompt = None,
                _ => {}
            }
            return Effect::Stay;
        }
        match action {
            Action::FilterPerson => self.cycle_person(true),
            Action::FilterPersonBack => self.cycle_person(false),
            Action::FilterAction => self.cycle_action(true),
            Action::FilterActionBack => self.cycle_action(false),
            Action::FilterChild => self.ask(AuditAsk::Child),
            Action::FilterFrom => self.ask(AuditAsk::From),
            Action::FilterTo => self.ask(AuditAsk::To),
            Action::ClearFilters => self.clear_filters(),
            Action::Export => self.export(cx),
            Action::Back => return Effect::Back,
            other => self.list_action(other),
        }
        Effect::Stay
    }

    /// Applies what was typed in the one-line question; a child or a day that cannot be read
    /// is said, and the question stays for a correction.
    fn finish_prompt(&mut self, cx: &mut Cx) {
        let Some(prompt) = &self.prompt else {
            return;
        };
        let (ask, typed) = (prompt.ask, prompt.text());
        let mut filter = self.filter.clone();
        let mut label = self.child_label.clone();
        match ask {
            AuditAsk::Child if typed.is_empty() => {
                filter.child = None;
                label = None;
            }
            AuditAsk::Child => {
                let found = cx.read_as_user(|r| match find_child(r, &typed)? {
                    Ok((id, label)) => Ok(Ok((trail::child_records(r, id)?, label))),
                    Err(why) => Ok(Err(why)),
                });
                match cx.report(found) {
                    Some(Ok((records, name))) => {
                        filter.child = Some(records);
                        label = Some(name);
                    }
                    Some(Err(why)) => return cx.set_error(why),
                    None => return,
                }
            }
            AuditAsk::From | AuditAsk::To => {
                let day = match parse_day(&typed, cx.today) {
                    Ok(day) => day,
                    Err(why) => return cx.set_error(why),
                };
                if ask == AuditAsk::From {
                    filter.from = day;
                } else {
                    filter.to = day;
                }
                if let (false, Some(from), Some(to)) =
                    (filter.days_in_order(), filter.from, filter.to)
                {
                    return cx.set_error(tr!("audit.days_reversed", from = from, to = to));
                }
            }
        }
        self.filter = filter;
        self.child_label = label;
        self.prompt = None;
        self.refilter();
    }

    /// Writes the events shown to `exports/操作日志-<day>.csv` beside the store (a new name
    /// if that exists), and says where. The export is audited by `export::audit`.
    fn export(&mut self, cx: &mut Cx) {
        let Some(user) = cx.user else {
            return;
        };
        let stem = format!("{}-{}", tr!("audit.file_stem"), cx.today);
        let path = output::free_name(cx.dirs.exports, &stem, AuditFormat::Csv.extension());
        let guard = output::Guard {
            store: cx.store.path(),
            force: false,
        };
        let written = crate::paths::create_private_dir(cx.dirs.exports)
            .map_err(|e| crate::export::ExportError::Io {
                target: path.display().to_string(),
                detail: e.to_string(),
            })
            .and_then(|()| {
                let session = cx.store.session(user)?;
                trail::export(
                    &session,
                    &self.trail,
                    &self.shown,
                    AuditFormat::Csv,
                    Some(&path),
                    guard,
                )
            });
        let count = self.shown.len();
        match written {
            Ok(()) => {
                self.reload(cx);
                // The path on a line of its own: the status grows to show it whole.
                cx.set_status(format!(
                    "{}\n{}",
                    tr!("audit.exported", count = count),
                    path.display()
                ));
            }
            Err(e) => cx.set_error(e.to_string()),
        }
    }
}

/// A typed day for a filter: empty is no limit; otherwise the one date parser, with the day
/// words (今天, 上周一) counted back from `today`.
fn parse_day(typed: &str, today: NaiveDate) -> Result<Option<NaiveDate>, String> {
    if typed.is_empty() {
        return Ok(None);
    }
    crate::domain::when::parse_day(&crate::text::fold_all_width(typed), today)
        .map(Some)
        .ok_or_else(|| tr!("audit.bad_date", value = typed))
}

impl super::Component for AuditState {
    fn handle(&mut self, action: Action, cx: &mut super::Cx) -> super::Effect {
        self.handle_action(action, cx)
    }
    fn reload(&mut self, cx: &mut super::Cx) {
        AuditState::reload(self, cx);
    }
    fn context(&self) -> crate::keymap::Context {
        if self.prompt.is_some() {
            crate::keymap::Context::Prompt
        } else {
            crate::keymap::Context::Audit
        }
    }
    fn focused_input(&mut self) -> Option<&mut ratatui_textarea::TextArea<'static>> {
        self.prompt.as_mut().map(|p| &mut p.input)
    }
    fn select(&mut self, row: usize) {
        AuditState::select(self, row);
    }
    fn tab(&self) -> Option<crate::action::Action> {
        Some(crate::action::Action::GotoAudit)
    }
    fn top_level(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::parse_day;
    use chrono::NaiveDate;

    #[test]
    fn days_are_read_by_the_one_parser_and_empty_is_no_limit() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        assert_eq!(parse_day("", today), Ok(None));
        assert_eq!(
            parse_day("２０２６年１１月１日", today),
            Ok(NaiveDate::from_ymd_opt(2026, 11, 1))
        );
        assert_eq!(parse_day("昨天", today), Ok(today.pred_opt()));
        assert!(parse_day("someday", today).is_err());
    }
}
