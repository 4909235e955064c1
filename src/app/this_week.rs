//! This week (本周): the state of the screen. What belongs on it is the domain's agenda
//! (`domain::agenda`); this module reads its inputs for the person logged in.

use super::care;
use crate::action::Action;
use crate::config::Config;
use crate::domain::access::Operation;
use crate::domain::agenda::{self, AgendaInput, AgendaItem};
use crate::domain::cadence;
use crate::model::{ChildId, LetterStatus, Role};
use crate::store::{SessionReader, StoreError};
use chrono::NaiveDate;

pub struct ThisWeekState {
    pub monday: NaiveDate,
    pub sunday: NaiveDate,
    pub items: Vec<AgendaItem>,
    pub selected: usize,
    /// The children in this person's own care (none yet: the screen says who assigns them).
    pub children: usize,
    /// The children the list names: what the title counts, for a counselor as for a
    /// coordinator who cares for none but answers for the school's reports.
    pub listed: usize,
}

impl ThisWeekState {
    pub fn load(
        reader: &SessionReader,
        config: &Config,
        today: NaiveDate,
    ) -> Result<ThisWeekState, StoreError> {
        let (monday, sunday) = cadence::week_of(today);
        let who = reader.who();
        let cares = care::load_in_care(reader, config, today)?;
        // Letters wait only for those who read the mailbox.
        let (letters_waiting, letters_attention) = if reader.reads_letters()? {
            let mut waiting = 0;
            let mut attention = 0;
            for status in [
                LetterStatus::New,
                LetterStatus::Draft,
                LetterStatus::Replied,
            ] {
                for l in reader.letters_with_status(status)? {
                    waiting += usize::from(status != LetterStatus::Replied);
                    attention += usize::from(l.needs_attention);
                }
            }
            (waiting, attention)
        } else {
            (0, 0)
        };
        // Every coordinator answers for every open mandatory report; others for their
        // children's.
        let coordinator = who.role == Role::Coordinator;
        let mut incidents = Vec::new();
        for incident in reader.open_incidents()? {
            let name = match incident.child {
                Some(c) => match cares.iter().find(|care| care.child.child == c) {
                    Some(care) => Some(care.child.name.clone()),
                    None if coordinator => reader.child(c)?.map(|c| c.name),
                    // A report of one's own about a child in another's care: its state.
                    None if incident.reported_by == who.id => {
                        reader.reported_child(&incident)?.map(|c| c.name)
                    }
                    None => continue,
                },
                // Raised from a letter: every mailbox reader's (the session gives them only
                // to readers), never naming a child.
                None => None,
            };
            incidents.push((incident, name));
        }
        // Through each child's own follow-ups: the county has thousands open, this person a
        // few, and the summary says which children have any.
        let mut followups = Vec::new();
        for c in cares.iter().filter(|c| c.child.open_followups > 0) {
            followups.extend(reader.followups_of_child(c.child.child)?);
        }
        // Whoever assigns children sees those nobody cares for.
        let without_counselor = if reader.may(Operation::Assign)? {
            reader
                .children_without_counselor()?
                .into_iter()
                .map(|s| (s.child, s.name, s.class))
                .collect()
        } else {
            Vec::new()
        };
        let mut absences = Vec::new();
        for case in reader.open_absences()? {
            let name = match cares.iter().find(|care| care.child.child == case.child) {
                Some(care) => care.child.name.clone(),
                None => match reader.child(case.child)? {
                    Some(c) => c.name,
                    None => continue,
                },
            };
            absences.push((case, name));
        }
        let items = agenda::build(AgendaInput {
            today,
            cares: &cares,
            incidents,
            absences,
            absence_attempts: config.absence_attempts,
            followups,
            letters_waiting,
            letters_attention,
            without_counselor,
        });
        let mut named: Vec<ChildId> = items.iter().filter_map(|i| i.child).collect();
        named.sort_unstable();
        named.dedup();
        Ok(ThisWeekState {
            monday,
            sunday,
            items,
            selected: 0,
            children: cares.len(),
            listed: named.len(),
        })
    }

    pub fn selected_child(&self) -> Option<ChildId> {
        self.items.get(self.selected).and_then(|i| i.child)
    }

    pub fn select(&mut self, row: usize) {
        self.selected = row.min(self.items.len().saturating_sub(1));
    }

    pub fn list_action(&mut self, action: Action) {
        self.selected = super::list::moved(self.selected, self.items.len(), action);
    }
}

impl super::Component for ThisWeekState {
    /// Read again whole: what is due moves with every save.
    fn reload(&mut self, cx: &mut super::Cx) {
        if cx.user.is_none() {
            return;
        }
        let state = cx.read_as_user(|r| ThisWeekState::load(r, cx.config, cx.today));
        if let Some(state) = cx.report(state) {
            *self = state;
        }
    }
    fn handle(&mut self, action: Action, cx: &mut super::Cx) -> super::Effect {
        use super::{Effect, Go};
        match super::care_flow::this_week_care_action(self, action, cx) {
            Effect::Pass => {}
            effect => return effect,
        }
        match action {
            Action::Open => {
                let section = self.items.get(self.selected).map(|i| i.section);
                if section == Some(agenda::Section::NoCounselor) {
                    Effect::Go(Go::AssignFrom(self.selected_child()))
                } else if let Some(child) = self.selected_child() {
                    Effect::Go(Go::OpenChild(child))
                } else if section == Some(agenda::Section::Letters) {
                    Effect::Go(Go::Mailbox)
                } else {
                    Effect::Stay
                }
            }
            Action::NewNote => Effect::Go(Go::NewNote),
            Action::SearchNotes => Effect::Go(Go::SearchNotes),
            Action::Back => Effect::Stay,
            other => {
                self.list_action(other);
                Effect::Stay
            }
        }
    }
    fn note_children(&self) -> Vec<(ChildId, String)> {
        self.items
            .get(self.selected)
            .and_then(|i| i.child.map(|c| (c, i.name.clone())))
            .into_iter()
            .collect()
    }
    fn context(&self) -> crate::keymap::Context {
        crate::keymap::Context::ThisWeek
    }
    fn select(&mut self, row: usize) {
        ThisWeekState::select(self, row);
    }
    fn tab(&self) -> Option<Action> {
        Some(Action::GotoThisWeek)
    }
    fn top_level(&self) -> bool {
        true
    }
}
