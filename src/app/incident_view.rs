//! One incident in full: what was found, where it was reported, what followed, its
//! corrections and its closure. Tabs step through the child's other incidents.

use crate::model::*;
use crate::store::{Session, SessionReader, StoreError};
use crate::tr;
use std::collections::HashMap;

pub struct IncidentView {
    pub incident: Incident,
    pub child_name: String,
    /// The child's incidents, newest first, so that tab can step through them.
    pub siblings: Vec<IncidentId>,
    pub staff: HashMap<CounselorId, String>,
    pub scroll: usize,
}

impl IncidentView {
    /// Opens an incident for `session`'s person and records the look in the audit, as opening
    /// a child's archive is: a report describes the child.
    pub fn open(session: &Session, id: IncidentId) -> Result<IncidentView, StoreError> {
        let view = IncidentView::load(&session.reader()?, id)?;
        session.write(|w| w.view_incident(id))?;
        Ok(view)
    }

    /// Loads an incident for the reader's person: a child's incident for whoever may see the child, one
    /// without a child (danger read in a letter) for coordinators only.
    pub fn load(reader: &SessionReader, id: IncidentId) -> Result<IncidentView, StoreError> {
        let incident = reader.incident(id)?.ok_or_else(|| StoreError::NotFound {
            what: format!("incident {id}"),
        })?;
        let own_only = match incident.child {
            Some(c) => incident.reported_by == reader.who().id && !reader.sees_child(c)?,
            None => false,
        };
        let (child_name, siblings) = match incident.child {
            // One's own report about a child outside one's care: the report, and no more.
            Some(_) if own_only => {
                let name = reader.reported_child(&incident)?.map(|c| c.name);
                (name.unwrap_or_default(), vec![id])
            }
            Some(c) => {
                let child = reader.child(c)?.ok_or_else(|| StoreError::NotFound {
                    what: format!("child {c}"),
                })?;
                let mut ids: Vec<IncidentId> = reader
                    .incidents_of_child(c)?
                    .into_iter()
                    .map(|i| i.id)
                    .collect();
                ids.reverse();
                (child.name, ids)
            }
            // Raised from a letter: the session gave it to a mailbox reader, who sees it on
            // This week too.
            None => (tr!("ui.week.no_child"), vec![id]),
        };
        let staff = reader
            .counselors()?
            .into_iter()
            .map(|c| (c.id, c.name))
            .collect();
        Ok(IncidentView {
            incident,
            child_name,
            siblings,
            staff,
            scroll: 0,
        })
    }

    pub fn staff_name(&self, id: CounselorId) -> String {
        self.staff
            .get(&id)
            .cloned()
            .unwrap_or_else(|| format!("#{id}"))
    }

    /// The incident `step` places along the child's list (wrapping), for tab and backtab.
    pub fn sibling(&self, forward: bool) -> Option<IncidentId> {
        let n = self.siblings.len();
        let i = self.siblings.iter().position(|s| *s == self.incident.id)?;
        let j = if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        };
        (j != i).then(|| self.siblings[j])
    }
}

impl super::Component for IncidentView {
    fn reload(&mut self, cx: &mut super::Cx) {
        IncidentView::reload(self, cx);
    }
    fn handle(&mut self, action: crate::action::Action, cx: &mut super::Cx) -> super::Effect {
        self.handle_action(action, cx)
    }
    fn context(&self) -> crate::keymap::Context {
        crate::keymap::Context::Incident
    }
    fn select(&mut self, row: usize) {
        self.scroll = row;
    }
}
