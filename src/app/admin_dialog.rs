//! The Admin screen's dialogs: adding a staff member (name, role, the classes a head teacher
//! leads, then the first passphrase typed twice, masked, with the start screen's `Ask`), a
//! role, the classes led, a new passphrase, the counselor to assign the chosen children to,
//! and a handover (from whom, to whom, from which day). Each ends in one named operation of
//! the person's session; a refusal is a sentence on the status line and the dialog stays.

use super::admin::{AdminState, AdminTab};
use super::start::{Ask, AskPurpose};
use super::{Cx, Effect, list};
use crate::action::Action;
use crate::model::{ChildId, Counselor, CounselorId, Role};
use crate::store::{Passphrase, Store};
use crate::text::safe;
use crate::tr;
use chrono::NaiveDate;
use ratatui_textarea::TextArea;

/// Ticks over a list of classes: the roster's, and any the person leads that it lacks.
pub struct ClassPick {
    pub options: Vec<String>,
    pub ticked: Vec<bool>,
    pub selected: usize,
}

impl ClassPick {
    fn new(roster: &[String], led: &[String]) -> ClassPick {
        let mut options = roster.to_vec();
        for class in led {
            if !options.contains(class) {
                options.push(class.clone());
            }
        }
        let ticked = options.iter().map(|o| led.contains(o)).collect();
        ClassPick {
            options,
            ticked,
            selected: 0,
        }
    }

    fn toggle(&mut self) {
        if let Some(t) = self.ticked.get_mut(self.selected) {
            *t = !*t;
        }
    }

    fn chosen(&self) -> Vec<String> {
        self.options
            .iter()
            .zip(&self.ticked)
            .filter(|(_, t)| **t)
            .map(|(o, _)| o.clone())
            .collect()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StaffField {
    Name,
    Role,
    Classes,
}

/// A new staff member: what they are, then their first passphrase.
pub struct StaffForm {
    pub name: TextArea<'static>,
    pub role: Role,
    pub classes: ClassPick,
    pub focus: StaffField,
    /// Asked once the rest is filled in.
    pub ask: Option<Ask>,
}

impl StaffForm {
    fn fields(&self) -> Vec<StaffField> {
        let mut f = vec![StaffField::Name, StaffField::Role];
        if self.role == Role::HeadTeacher {
            f.push(StaffField::Classes);
        }
        f
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HandoverField {
    From,
    To,
    Date,
}

/// A staff member offered in a dialog: who, their name, the children in their care.
pub type Choice = (CounselorId, String, usize);

pub struct HandoverForm {
    /// Those who have children to hand over.
    pub givers: Vec<Choice>,
    pub from: usize,
    /// The staff still at the school.
    pub takers: Vec<Choice>,
    pub to: usize,
    pub date: TextArea<'static>,
    /// The children marked on the list, with their counselor: those of the giver are handed
    /// over, or all the giver's children when none of theirs is marked.
    pub marked: Vec<(ChildId, Option<CounselorId>)>,
    pub focus: HandoverField,
}

impl HandoverForm {
    pub fn giver(&self) -> Option<&Choice> {
        self.givers.get(self.from)
    }

    pub fn taker(&self) -> Option<&Choice> {
        self.takers.get(self.to)
    }

    /// The children chosen: the giver's marked ones; empty means all of them.
    pub fn chosen(&self) -> Vec<ChildId> {
        let giver = self.giver().map(|g| g.0);
        self.marked
            .iter()
            .filter(|(_, c)| *c == giver && giver.is_some())
            .map(|(id, _)| *id)
            .collect()
    }

    /// How many children go.
    pub fn count(&self) -> usize {
        match self.chosen().len() {
            0 => self.giver().map_or(0, |g| g.2),
            n => n,
        }
    }
}

pub enum Dialog {
    AddStaff(Box<StaffForm>),
    Role {
        staff: CounselorId,
        name: String,
        role: Role,
    },
    Classes {
        staff: CounselorId,
        name: String,
        pick: ClassPick,
    },
    /// A new passphrase for someone who forgot theirs (typed twice).
    Passphrase {
        staff: CounselorId,
        ask: Box<Ask>,
    },
    /// To whom the chosen children go.
    Assign {
        children: Vec<ChildId>,
        options: Vec<Choice>,
        selected: usize,
    },
    Handover(Box<HandoverForm>),
}

fn choices<'a>(rows: impl Iterator<Item = &'a super::admin::StaffRow>) -> Vec<Choice> {
    rows.map(|s| (s.who.id, s.who.name.clone(), s.in_care))
        .collect()
}

impl Dialog {
    /// A new staff member; a head teacher's classes are picked from `roster`'s.
    pub(super) fn add_staff(roster: &[String]) -> Dialog {
        Dialog::AddStaff(Box::new(StaffForm {
            name: TextArea::default(),
            role: Role::Counselor,
            classes: ClassPick::new(roster, &[]),
            focus: StaffField::Name,
            ask: None,
        }))
    }

    pub(super) fn role(who: &Counselor) -> Dialog {
        Dialog::Role {
            staff: who.id,
            name: who.name.clone(),
            role: who.role,
        }
    }

    pub(super) fn classes(who: &Counselor, roster: &[String]) -> Dialog {
        Dialog::Classes {
            staff: who.id,
            name: who.name.clone(),
            pick: ClassPick::new(roster, &who.classes),
        }
    }

    pub(super) fn passphrase(who: &Counselor) -> Dialog {
        Dialog::Passphrase {
            staff: who.id,
            ask: Box::new(Ask::new(&who.name, AskPurpose::Create)),
        }
    }

    /// The counselors to give `children` to: the staff at the school, those who care for
    /// children before the coordinators, fewest children first within each role.
    pub(super) fn assign(state: &AdminState, children: Vec<ChildId>) -> Dialog {
        let mut staff = state.active_staff();
        staff.sort_by_key(|s| {
            (
                s.who.role == Role::Coordinator,
                s.in_care,
                s.who.name.clone(),
            )
        });
        Dialog::Assign {
            children,
            options: choices(staff.into_iter()),
            selected: 0,
        }
    }

    /// A handover: from the counselor of the marked children (or of the selected child), to
    /// the first other staff member, from today. `None` when nobody cares for any child.
    pub(super) fn handover(state: &AdminState, today: NaiveDate) -> Option<Dialog> {
        let givers = choices(state.staff.iter().filter(|s| s.assigned > 0));
        if givers.is_empty() {
            return None;
        }
        let kids = &state.children;
        let marked: Vec<(ChildId, Option<CounselorId>)> = kids
            .marked
            .iter()
            .map(|c| (*c, kids.row(*c).and_then(|r| r.counselor)))
            .collect();
        let first_marked = marked.iter().find_map(|(_, c)| *c);
        let selected = kids
            .selected_child()
            .and_then(|c| kids.row(c))
            .and_then(|r| r.counselor);
        let giver = first_marked.or(selected);
        let from = giver
            .and_then(|g| givers.iter().position(|c| c.0 == g))
            .unwrap_or(0);
        // Those who care for children before the coordinators, the fewest children first.
        let mut staff = state.active_staff();
        staff.sort_by_key(|s| {
            (
                s.who.role == Role::Coordinator,
                s.in_care,
                s.who.name.clone(),
            )
        });
        let takers = choices(staff.into_iter());
        let to = takers
            .iter()
            .position(|t| t.0 != givers[from].0)
            .unwrap_or(0);
        let mut date = TextArea::default();
        date.insert_str(today.to_string());
        Some(Dialog::Handover(Box::new(HandoverForm {
            givers,
            from,
            takers,
            to,
            date,
            marked,
            focus: HandoverField::To,
        })))
    }

    pub fn focused_input(&mut self) -> Option<&mut TextArea<'static>> {
        match self {
            Dialog::AddStaff(form) => match &mut form.ask {
                Some(ask) => Some(&mut ask.input),
                None if form.focus == StaffField::Name => Some(&mut form.name),
                None => None,
            },
            Dialog::Passphrase { ask, .. } => Some(&mut ask.input),
            Dialog::Handover(form) if form.focus == HandoverField::Date => Some(&mut form.date),
            _ => None,
        }
    }

    /// The passphrase being asked, if the dialog is at that step.
    pub fn ask(&self) -> Option<&Ask> {
        match self {
            Dialog::AddStaff(form) => form.ask.as_ref(),
            Dialog::Passphrase { ask, .. } => Some(ask.as_ref()),
            _ => None,
        }
    }

    /// Moves within the dialog (fields, choices, ticks); Save and Cancel are the app's.
    fn act(&mut self, action: Action) {
        let step = |i: usize, n: usize, forward: bool| match (n, forward) {
            (0, _) => 0,
            (n, true) => (i + 1) % n,
            (n, false) => (i + n - 1) % n,
        };
        let forward = matches!(
            action,
            Action::NextChoice | Action::SelectNext | Action::NextField
        );
        let next_role = |r: Role, forward| {
            let i = Role::ALL.iter().position(|x| *x == r).unwrap_or(0);
            Role::ALL[step(i, Role::ALL.len(), forward)]
        };
        match self {
            Dialog::AddStaff(form) if form.ask.is_none() => match action {
                Action::NextField | Action::PrevField => {
                    let fields = form.fields();
                    let i = fields.iter().position(|f| *f == form.focus).unwrap_or(0);
                    form.focus = fields[step(i, fields.len(), forward)];
                }
                Action::NextChoice | Action::PrevChoice if form.focus == StaffField::Role => {
                    form.role = next_role(form.role, forward);
                }
                Action::SelectNext | Action::SelectPrev => match form.focus {
                    StaffField::Role => form.role = next_role(form.role, forward),
                    StaffField::Classes => {
                        let pick = &mut form.classes;
                        pick.selected = list::moved(pick.selected, pick.options.len(), action);
                    }
                    StaffField::Name => {}
                },
                Action::Toggle if form.focus == StaffField::Classes => form.classes.toggle(),
                _ => {}
            },
            Dialog::Role { role, .. } => {
                if matches!(
                    action,
                    Action::NextChoice
                        | Action::PrevChoice
                        | Action::SelectNext
                        | Action::SelectPrev
                ) {
                    *role = next_role(*role, forward);
                }
            }
            Dialog::Classes { pick, .. } => match action {
                Action::Toggle => pick.toggle(),
                other => pick.selected = list::moved(pick.selected, pick.options.len(), other),
            },
            Dialog::Assign {
                options, selected, ..
            } => *selected = list::moved(*selected, options.len(), action),
            Dialog::Handover(form) => match action {
                Action::NextField | Action::PrevField => {
                    let fields = [HandoverField::From, HandoverField::To, HandoverField::Date];
                    let i = fields.iter().position(|f| *f == form.focus).unwrap_or(0);
                    form.focus = fields[step(i, 3, forward)];
                }
                Action::NextChoice
                | Action::PrevChoice
                | Action::SelectNext
                | Action::SelectPrev => match form.focus {
                    HandoverField::From => form.from = step(form.from, form.givers.len(), forward),
                    HandoverField::To => form.to = step(form.to, form.takers.len(), forward),
                    HandoverField::Date => {}
                },
                _ => {}
            },
            _ => {}
        }
    }
}

/// A new passphrase typed twice: `Ok(None)` after the first typing, `Ok(Some)` when the
/// second agrees, `Err` with the sentence when it is too weak or the two differ (then the
/// first is asked again).
fn typed_twice(ask: &mut Ask, store: &Store) -> Result<Option<Passphrase>, String> {
    let typed = ask.take();
    match ask.first.take() {
        None => match store.passphrase_problem(&typed, Some(&ask.name)) {
            Err(e) => Err(e.to_string()),
            Ok(Some(problem)) => Err(crate::labels::refusals::refusal(&problem)),
            Ok(None) => {
                ask.first = Some(typed);
                Ok(None)
            }
        },
        Some(first) if !first.same_as(&typed) => Err(tr!("privacy.passphrases_differ")),
        Some(_) => Ok(Some(typed)),
    }
}

impl AdminState {
    pub(super) fn dialog_action(&mut self, action: Action, cx: &mut Cx) -> Effect {
        let Some(dialog) = &mut self.dialog else {
            return Effect::Stay;
        };
        match action {
            Action::Cancel | Action::Back => self.dialog = None,
            Action::Save | Action::Open => self.save_dialog(cx),
            other => dialog.act(other),
        }
        Effect::Stay
    }

    fn save_dialog(&mut self, cx: &mut Cx) {
        let Some(dialog) = &mut self.dialog else {
            return;
        };
        match dialog {
            Dialog::AddStaff(_) => self.save_new_staff(cx),
            Dialog::Role { staff, role, .. } => {
                let (id, role) = (*staff, *role);
                let done = cx.write_as_user(|w| w.set_role(id, role));
                if let Some(c) = cx.report(done) {
                    self.reload(cx);
                    cx.set_status(tr!(
                        "admin.cli.role_set",
                        name = safe(&c.name),
                        role = crate::labels::role(c.role)
                    ));
                    // A head teacher leads classes: choose them at once.
                    if role == Role::HeadTeacher {
                        self.ensure_children(cx);
                    }
                    self.dialog =
                        (role == Role::HeadTeacher).then(|| Dialog::classes(&c, &self.classes));
                }
            }
            Dialog::Classes { staff, pick, .. } => {
                let (id, classes) = (*staff, pick.chosen());
                let done = cx.write_as_user(|w| w.set_classes(id, classes));
                if let Some(c) = cx.report(done) {
                    self.dialog = None;
                    self.reload(cx);
                    cx.set_status(match c.classes.is_empty() {
                        true => tr!("admin.cli.no_classes", name = safe(&c.name)),
                        false => tr!(
                            "admin.cli.classes_set",
                            name = safe(&c.name),
                            classes = safe(&c.classes.join("、"))
                        ),
                    });
                }
            }
            Dialog::Passphrase { staff, ask } => {
                let id = *staff;
                let name = ask.name.clone();
                match typed_twice(ask, cx.store) {
                    Err(problem) => cx.set_error(problem),
                    Ok(None) => cx.clear_status(),
                    Ok(Some(new)) => {
                        let done = cx.session().and_then(|s| s.reset_passphrase(id, &new));
                        if cx.report(done).is_some() {
                            self.dialog = None;
                            cx.set_status(tr!("privacy.reset", name = safe(&name)));
                        }
                    }
                }
            }
            Dialog::Assign {
                children,
                options,
                selected,
            } => {
                let Some((to, name, _)) = options.get(*selected).cloned() else {
                    return;
                };
                let children = children.clone();
                let today = cx.today;
                let done = cx.write_as_user(|w| {
                    for child in &children {
                        w.assign(*child, to, today)?;
                    }
                    Ok(children.len())
                });
                if let Some(count) = cx.report(done) {
                    self.dialog = None;
                    self.children.marked.clear();
                    self.reload(cx);
                    cx.set_status(tr!("admin.assign.done", name = safe(&name), count = count));
                }
            }
            Dialog::Handover(form) => {
                let typed = super::mood_form::text_of(&form.date);
                let Some(day) = crate::domain::when::parse_day(&typed, cx.today) else {
                    form.focus = HandoverField::Date;
                    cx.set_error(tr!("cli.bad_date", date = typed));
                    return;
                };
                let (Some(giver), Some(taker)) = (form.giver().cloned(), form.taker().cloned())
                else {
                    return;
                };
                let chosen = form.chosen();
                let done = cx.write_as_user(|w| w.hand_over(giver.0, taker.0, day, &chosen));
                if let Some(done) = cx.report(done) {
                    self.dialog = None;
                    self.children.marked.retain(|c| !done.children.contains(c));
                    self.reload(cx);
                    cx.set_status(tr!(
                        "admin.handover.done",
                        from = safe(&giver.1),
                        to = safe(&taker.1),
                        date = day,
                        count = done.children.len(),
                        followups = done.followups
                    ));
                }
            }
        }
    }

    /// The new staff member's form is complete: ask the first passphrase, twice; then add.
    fn save_new_staff(&mut self, cx: &mut Cx) {
        let needs_passphrase = cx.store.needs_passphrase();
        let Some(Dialog::AddStaff(form)) = &mut self.dialog else {
            return;
        };
        let name = super::mood_form::text_of(&form.name);
        let first = match &mut form.ask {
            None if name.is_empty() => {
                form.focus = StaffField::Name;
                cx.set_error(tr!("store.counselor_needs_name"));
                return;
            }
            None if needs_passphrase => {
                form.ask = Some(Ask::new(&name, AskPurpose::Create));
                cx.clear_status();
                return;
            }
            // A demo store keeps no keys: nobody gives a passphrase there.
            None => None,
            Some(ask) => match typed_twice(ask, cx.store) {
                Err(problem) => {
                    cx.set_error(problem);
                    return;
                }
                Ok(None) => {
                    cx.clear_status();
                    return;
                }
                Ok(Some(p)) => Some(p),
            },
        };
        let role = form.role;
        let classes = match role {
            Role::HeadTeacher => form.classes.chosen(),
            _ => Vec::new(),
        };
        let added = cx
            .session()
            .and_then(|s| s.add_staff(&name, role, classes, first.as_ref()));
        match added {
            Ok(c) => {
                self.dialog = None;
                self.reload(cx);
                self.tab = AdminTab::Staff;
                if let Some(i) = self.staff.iter().position(|s| s.who.id == c.id) {
                    self.staff_selected = i;
                }
                cx.set_status(tr!(
                    "cli.counselor_added",
                    name = safe(&c.name),
                    role = crate::labels::role(c.role)
                ));
            }
            Err(e) => {
                // The name may be taken: back to the form, the passphrase asked again after.
                form.ask = None;
                form.focus = StaffField::Name;
                cx.set_error(e.to_string());
            }
        }
    }
}
