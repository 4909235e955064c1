//! This week (本周): for the person logged in, who is overdue, who is due before Sunday,
//! follow-ups due, open incidents, letters waiting (first on Fridays) and falling moods.

use super::care;
use crate::action::Action;
use crate::cadence::{self, DueState};
use crate::config::Config;
use crate::model::{ChildId, Counselor, LetterStatus, RecordRef, Role};
use crate::store::{Reader, StoreError};
use crate::tr;
use chrono::{Datelike, NaiveDate, Weekday};
use std::collections::HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum ThisWeekSection {
    Letters,
    Incidents,
    Mood,
    Overdue,
    FollowUps,
    DueThisWeek,
}

impl ThisWeekSection {
    pub fn title(self) -> String {
        match self {
            ThisWeekSection::Letters => tr!("ui.week.letters"),
            ThisWeekSection::Incidents => tr!("ui.week.incidents"),
            ThisWeekSection::Mood => tr!("ui.week.mood"),
            ThisWeekSection::Overdue => tr!("ui.week.overdue"),
            ThisWeekSection::FollowUps => tr!("ui.week.followups"),
            ThisWeekSection::DueThisWeek => tr!("ui.week.due"),
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ThisWeekItem {
    pub section: ThisWeekSection,
    pub child: Option<ChildId>,
    pub name: String,
    pub detail: String,
    /// Shown in red: overdue, an open incident, a falling mood.
    pub urgent: bool,
    /// The follow-up or incident the row is about, for `mark_done` and `open`.
    pub target: Option<RecordRef>,
}

pub struct ThisWeekState {
    pub monday: NaiveDate,
    pub sunday: NaiveDate,
    pub items: Vec<ThisWeekItem>,
    pub selected: usize,
    pub children: usize,
}

impl ThisWeekState {
    pub fn load(
        reader: &Reader,
        who: &Counselor,
        config: &Config,
        today: NaiveDate,
    ) -> Result<ThisWeekState, StoreError> {
        let (monday, sunday) = cadence::week_of(today);
        let cares = care::load(reader, who, care::Scope::InMyCare, config, today)?;
        let names: HashMap<ChildId, String> = cares
            .iter()
            .map(|c| (c.child.id, c.child.name.clone()))
            .collect();
        let mut items = Vec::new();

        let waiting = reader.letters_with_status(LetterStatus::New)?.len()
            + reader.letters_with_status(LetterStatus::Draft)?.len();
        if waiting > 0 {
            items.push(ThisWeekItem {
                section: ThisWeekSection::Letters,
                child: None,
                name: tr!("ui.week.letters_waiting", count = waiting),
                detail: String::new(),
                urgent: false,
                target: None,
            });
        }
        // Every coordinator answers for every open mandatory report; others see their children's.
        let coordinator = who.role == Role::Coordinator;
        for incident in reader.open_incidents()? {
            let name = match incident.child {
                Some(c) if names.contains_key(&c) => names[&c].clone(),
                Some(c) if coordinator => reader
                    .get::<crate::model::Child>(c.0)?
                    .map(|c| c.name)
                    .unwrap_or_default(),
                None if coordinator => tr!("ui.week.no_child"),
                _ => continue,
            };
            items.push(ThisWeekItem {
                section: ThisWeekSection::Incidents,
                child: incident.child,
                name,
                detail: format!(
                    "{} · {}",
                    crate::ui::labels::incident_kind(incident.kind),
                    incident.found_at.date()
                ),
                urgent: true,
                target: Some(RecordRef::Incident(incident.id.0)),
            });
        }
        for c in &cares {
            if let Some(alert) = &c.mood_alert {
                items.push(ThisWeekItem {
                    section: ThisWeekSection::Mood,
                    child: Some(c.child.id),
                    name: c.child.name.clone(),
                    detail: alert.describe(),
                    urgent: true,
                    target: None,
                });
            }
        }
        // One line per child and section, the rules joined: a child with four duties overdue
        // is one child to see, not four rows.
        for c in &cares {
            let mut overdue = Vec::new();
            let mut due = Vec::new();
            for s in &c.statuses {
                let rule = care::rule_label(config, s);
                match &s.state {
                    DueState::Overdue { days, .. } => {
                        overdue.push(tr!("ui.week.overdue_by", rule = rule, days = days))
                    }
                    DueState::DueToday => due.push(tr!("ui.week.due_today", rule = rule)),
                    DueState::PastTarget { deadline, .. } => {
                        due.push(tr!(
                            "ui.week.past_target",
                            rule = rule,
                            deadline = deadline.format("%m-%d")
                        ));
                    }
                    DueState::DueSoon { due: day } if *day <= sunday => {
                        due.push(tr!(
                            "ui.week.due_on",
                            rule = rule,
                            day = crate::ui::labels::weekday(day.weekday())
                        ));
                    }
                    _ => {}
                }
            }
            let separator = tr!("ui.week.separator");
            for (section, details, urgent) in [
                (ThisWeekSection::Overdue, overdue, true),
                (ThisWeekSection::DueThisWeek, due, false),
            ] {
                if !details.is_empty() {
                    items.push(ThisWeekItem {
                        section,
                        child: Some(c.child.id),
                        name: c.child.name.clone(),
                        detail: details.join(&separator),
                        urgent,
                        target: None,
                    });
                }
            }
        }
        // Through each child's own follow-ups: the county has thousands open, this person a few.
        let mut due: Vec<crate::model::FollowUp> = Vec::new();
        for c in &cares {
            due.extend(
                reader
                    .followups_of_child(c.child.id)?
                    .into_iter()
                    .filter(|f| f.is_open() && f.due <= sunday),
            );
        }
        due.sort_by_key(|f| (f.due, f.id));
        for f in due {
            let Some(name) = names.get(&f.child) else {
                continue;
            };
            let overdue = f.due < today;
            items.push(ThisWeekItem {
                section: ThisWeekSection::FollowUps,
                child: Some(f.child),
                name: name.clone(),
                detail: format!("{} · {}", f.due, f.text),
                urgent: overdue,
                target: Some(RecordRef::FollowUp(f.id.0)),
            });
        }
        // On Fridays the mailbox comes first; on other days the letters wait below the children.
        let friday = today.weekday() == Weekday::Fri;
        items.sort_by_key(|i| match i.section {
            ThisWeekSection::Letters if !friday => (ThisWeekSection::DueThisWeek, 1),
            s => (s, 0),
        });
        Ok(ThisWeekState {
            monday,
            sunday,
            items,
            selected: 0,
            children: cares.len(),
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
