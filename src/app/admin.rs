//! The Admin screen (管理), the coordinator's desk (SPEC §3): the staff (add one with a first
//! passphrase, change a role or the classes led, deactivate someone who left, give a new
//! passphrase), the assignments (children picked from a list searched as the caseload is,
//! several at once; who has too many or none; a handover in one step), the roster brought in
//! from a file with a preview (`admin_roster.rs`), and the mailbox readers. Only whom the table
//! lets change the staff opens it: the store's session refuses anyone else, and audits it.
//! The dialogs are `admin_dialog.rs`; every change is a named operation of the session.

use super::admin_children::{ChildFilter, ChildList, ChildRow};
use super::admin_dialog::Dialog;
use super::admin_roster::RosterPane;
use super::{App, Cx, Effect, Go, Screen, list};
use crate::action::Action;
use crate::domain::report::class_order;
use crate::keymap::Context;
use crate::model::{ChildId, Counselor, CounselorId, Role};

use crate::store::{SessionReader, StoreError};
use crate::text::safe;
use crate::tr;
use ratatui_textarea::TextArea;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdminTab {
    Staff,
    Assignments,
    Roster,
    Readers,
}

impl AdminTab {
    pub const ALL: [AdminTab; 4] = [
        AdminTab::Staff,
        AdminTab::Assignments,
        AdminTab::Roster,
        AdminTab::Readers,
    ];

    fn step(self, forward: bool) -> AdminTab {
        let i = AdminTab::ALL.iter().position(|t| *t == self).unwrap_or(0);
        let n = AdminTab::ALL.len();
        AdminTab::ALL[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }]
    }

    /// The keymap table of the tab's own keys.
    pub fn context(self) -> Context {
        match self {
            AdminTab::Staff => Context::AdminStaff,
            AdminTab::Assignments => Context::AdminAssignments,
            AdminTab::Roster => Context::AdminRoster,
            AdminTab::Readers => Context::AdminReaders,
        }
    }
}

/// A staff member and how many children they care for now.
#[derive(Clone, Debug)]
pub struct StaffRow {
    pub who: Counselor,
    /// The one count (`domain::staffing::Caseload`), as `counselor list` shows it.
    pub in_care: usize,
    /// Of them, those assigned to them: whom a handover moves.
    pub assigned: usize,
}

pub struct AdminState {
    pub tab: AdminTab,
    /// Active first, coordinators first, then by name.
    pub staff: Vec<StaffRow>,
    pub staff_selected: usize,
    pub children: ChildList,
    /// The classes on the roster, for a head teacher's.
    pub classes: Vec<String>,
    /// The mailbox readers named (none: everyone reads the mailbox).
    pub readers: Vec<CounselorId>,
    pub readers_selected: usize,
    pub dialog: Option<Dialog>,
    pub roster: RosterPane,
    /// Whether `children` and `classes` are read (when first needed, and again after an
    /// import): a county's children take a moment that the other tabs need not wait for.
    pub children_loaded: bool,
}

/// The children of the assignments list and the classes on the roster.
fn load_children(reader: &SessionReader) -> Result<(ChildList, Vec<String>), StoreError> {
    let mut classes = std::collections::BTreeSet::new();
    let mut rows = Vec::new();
    reader.visit_summaries(10_000, |part| {
        for s in part {
            if !s.class.is_empty() && !classes.contains(&s.class) {
                classes.insert(s.class.clone());
            }
            rows.push(ChildRow {
                child: s.child,
                student_id: s.student_id,
                name: s.name,
                class: s.class,
                village: s.village,
                guardian: s.guardian_name,
                counselor: s.counselor,
                active: s.active,
            });
        }
    })?;
    let mut classes: Vec<String> = classes.into_iter().collect();
    classes.sort_by(|a, b| class_order(a).cmp(&class_order(b)));
    Ok((ChildList::new(rows), classes))
}

impl AdminState {
    /// The staff with their loads, the children and the readers; refused (audited) unless
    /// the reader's person may change the staff.
    pub fn load(reader: &SessionReader, tab: AdminTab) -> Result<AdminState, StoreError> {
        let mut staff: Vec<StaffRow> = reader
            .staff_caseloads()?
            .into_iter()
            .map(|(who, load)| StaffRow {
                who,
                in_care: load.in_care,
                assigned: load.assigned,
            })
            .collect();
        staff.sort_by(|a, b| {
            (!a.who.active, std::cmp::Reverse(a.who.role), &a.who.name).cmp(&(
                !b.who.active,
                std::cmp::Reverse(b.who.role),
                &b.who.name,
            ))
        });
        let (children, classes, children_loaded) = match tab {
            AdminTab::Assignments => {
                let (list, classes) = load_children(reader)?;
                (list, classes, true)
            }
            _ => (ChildList::new(Vec::new()), Vec::new(), false),
        };
        Ok(AdminState {
            tab,
            staff,
            staff_selected: 0,
            children,
            classes,
            readers: reader.mailbox_readers()?,
            readers_selected: 0,
            dialog: None,
            roster: RosterPane::default(),
            children_loaded,
        })
    }

    /// The keymap tables in force, most specific first.
    pub fn contexts(&self) -> Vec<Context> {
        if self.dialog.is_some() {
            // Not [global]: a stray `q` or `6` on a choice must not leave the dialog.
            return vec![Context::AdminDialog];
        }
        if self.tab == AdminTab::Roster
            && let Some(context) = self.roster.context()
        {
            return vec![context, Context::Global];
        }
        vec![self.tab.context(), Context::Admin, Context::Global]
    }

    pub fn focused_input(&mut self) -> Option<&mut TextArea<'static>> {
        if let Some(dialog) = &mut self.dialog {
            return dialog.focused_input();
        }
        match self.tab {
            AdminTab::Assignments if self.children.search_focused => {
                Some(&mut self.children.search)
            }
            AdminTab::Roster => self.roster.focused_input(),
            _ => None,
        }
    }

    /// The focused input's text changed: the children are searched again, the path's
    /// completions read again.
    pub fn input_changed(&mut self) {
        if self.dialog.is_some() {
            return;
        }
        match self.tab {
            AdminTab::Assignments => self.children.run_search(),
            AdminTab::Roster => self.roster.input_changed(),
            _ => {}
        }
    }

    pub fn selected_staff(&self) -> Option<&StaffRow> {
        self.staff.get(self.staff_selected)
    }

    pub fn staff_member(&self, id: CounselorId) -> Option<&StaffRow> {
        self.staff.iter().find(|s| s.who.id == id)
    }

    /// Who may be given children (and mailbox letters): the staff still at the school.
    pub fn active_staff(&self) -> Vec<&StaffRow> {
        self.staff.iter().filter(|s| s.who.active).collect()
    }

    /// The name of a staff member, as the lists show it.
    pub fn name_of(&self, id: CounselorId) -> String {
        self.staff_member(id)
            .map(|s| s.who.name.clone())
            .unwrap_or_default()
    }

    fn cycle_filter(&mut self, forward: bool) {
        // Everyone, those with no counselor, then each counselor with children assigned.
        let mut steps = vec![ChildFilter::All, ChildFilter::NoCounselor];
        steps.extend(
            self.staff
                .iter()
                .filter(|s| s.assigned > 0)
                .map(|s| ChildFilter::Of(s.who.id)),
        );
        let i = steps
            .iter()
            .position(|f| *f == self.children.filter)
            .unwrap_or(0);
        let n = steps.len();
        self.children.filter = steps[if forward {
            (i + 1) % n
        } else {
            (i + n - 1) % n
        }];
        self.children.run_search();
    }

    /// Leaves everything that takes the keyboard (a search, a dialog) when the tab changes.
    fn switch_tab(&mut self, forward: bool) {
        self.children.search_focused = false;
        self.tab = self.tab.step(forward);
    }

    pub fn select(&mut self, row: usize) {
        match self.tab {
            AdminTab::Staff => self.staff_selected = row.min(self.staff.len().saturating_sub(1)),
            AdminTab::Assignments => {
                // A row clicked: the list has the keyboard, as after Down from the search.
                self.children.search_focused = false;
                self.children.selected = row.min(self.children.visible.len().saturating_sub(1))
            }
            AdminTab::Readers => {
                self.readers_selected = row.min(self.active_staff().len().saturating_sub(1))
            }
            AdminTab::Roster => self.roster.scroll_to(row),
        }
    }
}

impl App {
    /// Opens the Admin screen on `tab`, or says in the status line why this person may not.
    pub fn show_admin(&mut self, tab: AdminTab) {
        self.show_admin_then(tab, |_| {});
    }

    /// Opens the Admin screen on `tab`, made ready by `prepare` (a list filtered, a path
    /// asked) before it is shown.
    fn show_admin_then(&mut self, tab: AdminTab, prepare: impl FnOnce(&mut AdminState)) {
        self.show_top(|r, _, _| {
            let mut state = AdminState::load(r, tab)?;
            prepare(&mut state);
            Ok(Screen::Admin(Box::new(state)))
        });
    }

    /// From This week: a child with no counselor (or the count of them) opens the assignments
    /// with those children listed, the child selected.
    pub(super) fn assign_from_this_week(&mut self, child: Option<ChildId>) {
        self.show_admin_then(AdminTab::Assignments, |state| {
            state.children.show_unassigned(child);
        });
    }

    /// The welcome's next step for the first coordinator: the roster tab, ready for a path.
    pub(super) fn lead_to_roster(&mut self) {
        self.show_admin_then(AdminTab::Roster, |state| state.roster.choose_file());
    }
}

impl AdminState {
    /// Reads the staff and children again after a change, keeping the tab, the selections,
    /// the search, the marks, the filter and the roster pane as they were.
    pub(super) fn reload(&mut self, cx: &mut Cx) {
        let (tab, children) = (self.tab, self.children_loaded);
        let loaded = cx.read_as_user(|r| AdminState::load(r, AdminTab::Staff));
        let Some(mut fresh) = cx.report(loaded) else {
            return;
        };
        let keep_staff = self.selected_staff().map(|s| s.who.id);
        fresh.staff_selected = keep_staff
            .and_then(|id| fresh.staff.iter().position(|s| s.who.id == id))
            .unwrap_or(self.staff_selected.min(fresh.staff.len().saturating_sub(1)));
        fresh.tab = tab;
        fresh.readers_selected = self.readers_selected;
        fresh.children = std::mem::replace(&mut self.children, ChildList::new(Vec::new()));
        fresh.classes = std::mem::take(&mut self.classes);
        fresh.roster = std::mem::take(&mut self.roster);
        *self = fresh;
        if children {
            self.read_children(cx);
        }
    }

    /// Reads the children and the classes again, keeping the search, the marks, the filter
    /// and the selected child.
    fn read_children(&mut self, cx: &mut Cx) {
        let loaded = cx.read_as_user(load_children);
        let Some((mut kids, classes)) = cx.report(loaded) else {
            return;
        };
        let old = &mut self.children;
        kids.filter = old.filter;
        kids.marked = std::mem::take(&mut old.marked);
        kids.marked
            .retain(|c| kids.rows.iter().any(|r| r.child == *c));
        kids.search = std::mem::take(&mut old.search);
        kids.search_focused = old.search_focused;
        let keep_child = old.selected_child();
        kids.run_search();
        if let Some(pos) = keep_child.and_then(|c| {
            kids.visible
                .iter()
                .position(|(i, _)| kids.rows[*i].child == c)
        }) {
            kids.selected = pos;
        }
        self.children = kids;
        self.classes = classes;
        self.children_loaded = true;
    }

    /// The children and classes, read if they are not yet.
    pub(super) fn ensure_children(&mut self, cx: &mut Cx) {
        if !self.children_loaded {
            self.read_children(cx);
        }
    }

    fn handle_action(&mut self, action: Action, cx: &mut Cx) -> Effect {
        if self.dialog.is_some() {
            return self.dialog_action(action, cx);
        }
        if self.tab == AdminTab::Roster && self.roster.context().is_some() {
            return self.roster_action(action, cx);
        }
        match action {
            Action::NextTab | Action::PrevTab => {
                self.switch_tab(action == Action::NextTab);
                if self.tab == AdminTab::Assignments {
                    self.ensure_children(cx);
                }
                Effect::Stay
            }
            Action::Back if self.tab == AdminTab::Assignments && self.children.back() => {
                Effect::Stay
            }
            Action::Back if self.tab == AdminTab::Roster && !self.roster.is_idle() => {
                self.roster_action(action, cx)
            }
            Action::Back => Effect::Back,
            _ => match self.tab {
                AdminTab::Staff => self.staff_action(action, cx),
                AdminTab::Assignments => self.assignments_action(action, cx),
                AdminTab::Roster => self.roster_action(action, cx),
                AdminTab::Readers => self.readers_action(action, cx),
            },
        }
    }

    fn staff_action(&mut self, action: Action, cx: &mut Cx) -> Effect {
        // A head teacher's classes are picked from those on the roster.
        if matches!(action, Action::AddStaff | Action::SetClasses) {
            self.ensure_children(cx);
        }
        let selected = self.selected_staff().map(|s| s.who.clone());
        match (action, selected) {
            (Action::AddStaff, _) => self.open_dialog(Dialog::add_staff(&self.classes)),
            (Action::ChangeRole, Some(who)) => self.open_dialog(Dialog::role(&who)),
            (Action::SetClasses, Some(who)) if who.role == Role::HeadTeacher => {
                self.open_dialog(Dialog::classes(&who, &self.classes));
            }
            (Action::SetClasses, Some(who)) => {
                cx.set_error(tr!("admin.staff.not_head_teacher", name = safe(&who.name)))
            }
            (Action::ResetPassphrase, Some(who)) => self.open_dialog(Dialog::passphrase(&who)),
            (Action::ToggleActive, Some(who)) => {
                let id = who.id;
                let done = cx.write_as_user(|w| match who.active {
                    true => w.deactivate(id),
                    false => w.reactivate(id),
                });
                if let Some(c) = cx.report(done) {
                    self.reload(cx);
                    let name = safe(&c.name);
                    cx.set_status(match c.active {
                        true => tr!("admin.cli.activated", name = name),
                        false => tr!("admin.cli.deactivated", name = name),
                    });
                }
            }
            (other, _) => {
                self.staff_selected = list::moved(self.staff_selected, self.staff.len(), other)
            }
        }
        Effect::Stay
    }

    fn assignments_action(&mut self, action: Action, cx: &mut Cx) -> Effect {
        let kids = &mut self.children;
        if kids.leave_search_for(action) {
            return Effect::Stay;
        }
        match action {
            Action::FocusSearch => kids.search_focused = true,
            Action::Toggle => kids.toggle_mark(),
            Action::FilterPerson => self.cycle_filter(true),
            Action::FilterPersonBack => self.cycle_filter(false),
            Action::Open => {
                kids.search_focused = false;
                if let Some(child) = kids.selected_child() {
                    return Effect::Go(Go::OpenChild(child));
                }
            }
            Action::AssignTo => {
                let chosen = kids.chosen();
                if chosen.is_empty() {
                    cx.set_error(tr!("admin.assign.none_chosen"));
                } else {
                    let dialog = Dialog::assign(self, chosen);
                    self.open_dialog(dialog);
                }
            }
            Action::Handover => match Dialog::handover(self, cx.today) {
                Some(dialog) => self.open_dialog(dialog),
                None => cx.set_error(tr!("admin.handover.no_one")),
            },
            other => kids.selected = list::moved(kids.selected, kids.visible.len(), other),
        }
        Effect::Stay
    }

    fn readers_action(&mut self, action: Action, cx: &mut Cx) -> Effect {
        let active: Vec<CounselorId> = self.active_staff().iter().map(|s| s.who.id).collect();
        match action {
            Action::Toggle => {
                let Some(id) = active.get(self.readers_selected).copied() else {
                    return Effect::Stay;
                };
                let mut readers = self.readers.clone();
                match readers.iter().position(|r| *r == id) {
                    Some(i) => {
                        readers.remove(i);
                    }
                    None => readers.push(id),
                }
                // Kept in staff order, as the list shows them.
                readers.sort_by_key(|r| active.iter().position(|a| a == r));
                let saved = cx.write_as_user(|w| w.set_mailbox_readers(&readers));
                if cx.report(saved).is_some() {
                    self.reload(cx);
                    cx.set_status(match readers.is_empty() {
                        true => tr!("admin.readers.everyone"),
                        false => tr!("admin.readers.saved", count = readers.len()),
                    });
                }
            }
            other => {
                self.readers_selected = list::moved(self.readers_selected, active.len(), other)
            }
        }
        Effect::Stay
    }

    fn open_dialog(&mut self, dialog: Dialog) {
        self.children.search_focused = false;
        self.dialog = Some(dialog);
    }
}

impl super::Component for AdminState {
    fn handle(&mut self, action: Action, cx: &mut Cx) -> Effect {
        self.handle_action(action, cx)
    }
    fn reload(&mut self, cx: &mut Cx) {
        AdminState::reload(self, cx);
    }
    fn working(&self) -> bool {
        self.roster.working()
    }
    fn poll(&mut self, cx: &mut Cx) {
        self.poll_roster(cx);
    }
    fn context(&self) -> Context {
        self.contexts()[0]
    }
    fn contexts(&self) -> Vec<Context> {
        AdminState::contexts(self)
    }
    fn focused_input(&mut self) -> Option<&mut TextArea<'static>> {
        AdminState::focused_input(self)
    }
    fn input_changed(&mut self) {
        AdminState::input_changed(self);
    }
    // The dialogs' choice keys are named by their table, not by a field.
    fn choice_actions(&self) -> Option<&'static [crate::action::Action]> {
        None
    }
    fn select(&mut self, row: usize) {
        AdminState::select(self, row);
    }
    fn tab(&self) -> Option<crate::action::Action> {
        Some(crate::action::Action::GotoAdmin)
    }
    fn top_level(&self) -> bool {
        true
    }
}
