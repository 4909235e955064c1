//! The coordinator's rules for the staff (SPEC §3 Admin): how many children is too many for
//! one counselor, how one care follows another, and which changes to a staff member the school cannot take (nobody left to
//! run it, a person locking themselves out, children left without anyone). Plain data in and
//! out; the store asks before it writes, the screens put the answers into words.

use crate::model::{Counselor, CounselorId, Role};
use chrono::NaiveDate;

/// How a staff member's caseload looks to the coordinator, most needing a look first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Load {
    TooMany,
    /// A counselor with nobody in their care.
    None,
    Usual,
}

/// A staff member's children now, as the store counts them once for every screen and command
/// (`Reader::caseload`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Caseload {
    /// The one count shown everywhere (the Admin screen, `counselor list`, the Reports'
    /// workload): the children in the programme assigned to them and, for a head teacher,
    /// those of the classes they lead — "my children", as This week reads them.
    pub in_care: usize,
    /// Of them, those assigned to them: what a handover moves.
    pub assigned: usize,
}

/// A head teacher looks after their classes and a coordinator the school: neither needs
/// children of their own, so only a counselor with none is worth a word, and only a
/// counselor's children can be too many (a head teacher's count holds their classes): more
/// than `most` (the school's `[caseload] most_children`).
pub fn load(role: Role, children: usize, most: usize) -> Load {
    match children {
        n if n > most && role == Role::Counselor => Load::TooMany,
        0 if role == Role::Counselor => Load::None,
        _ => Load::Usual,
    }
}

/// What becomes of a child's current assignment when another counselor takes the child.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Succession {
    /// The earlier care ends on this day (the day before the new one begins) and stays in
    /// the child's care history.
    EndsOn(NaiveDate),
    /// The new care begins on or before the day the current one did: the current one never
    /// held a day of its own, so it is replaced — no care of zero or one day is left in the
    /// history or in the reports (an assignment and a handover on the same day).
    Replaced,
}

/// The care that began on `current_from` when another begins on `day`: each day has one
/// counselor.
pub fn succession(current_from: NaiveDate, day: NaiveDate) -> Succession {
    match day.pred_opt() {
        Some(eve) if eve >= current_from => Succession::EndsOn(eve),
        _ => Succession::Replaced,
    }
}

/// A change the coordinator asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StaffChange {
    Role(Role),
    Deactivate,
}

/// Why a change is refused: a refusal's data (`model::Refusal::Staff`), so it is the model's.
pub use crate::model::Objection;

/// Whether `change` to `target`, asked by `actor`, is refused; `staff` is everyone on the
/// staff (active or not) and `in_care` the number of children `target` cares for now.
pub fn objection(
    staff: &[Counselor],
    actor: CounselorId,
    target: &Counselor,
    change: StaffChange,
    in_care: usize,
) -> Option<Objection> {
    let stays_coordinator = match change {
        StaffChange::Role(role) => role == Role::Coordinator,
        StaffChange::Deactivate => false,
    };
    let leaves_role = target.active && target.role == Role::Coordinator && !stays_coordinator;
    if target.id == actor && (leaves_role || change == StaffChange::Deactivate) {
        return Some(Objection::Yourself);
    }
    let others = staff
        .iter()
        .filter(|c| c.id != target.id && c.active && c.role == Role::Coordinator)
        .count();
    if leaves_role && others == 0 {
        return Some(Objection::LastCoordinator);
    }
    if change == StaffChange::Deactivate && in_care > 0 {
        return Some(Objection::StillCaring(in_care));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn person(id: u64, role: Role, active: bool) -> Counselor {
        Counselor {
            id: CounselorId(id),
            name: format!("老师{id}"),
            role,
            classes: vec![],
            passphrase_hash: None,
            created: chrono::NaiveDate::from_ymd_opt(2026, 9, 1)
                .unwrap()
                .and_hms_opt(8, 0, 0)
                .unwrap(),
            active,
        }
    }

    #[test]
    fn loads_follow_the_schools_threshold() {
        // The default threshold (`[caseload] most_children`, 5).
        let most = crate::config::Config::default().most_children;
        assert_eq!(load(Role::Counselor, 0, most), Load::None);
        assert_eq!(load(Role::HeadTeacher, 0, most), Load::Usual);
        assert_eq!(load(Role::Coordinator, 0, most), Load::Usual);
        assert_eq!(load(Role::Counselor, 1, most), Load::Usual);
        assert_eq!(load(Role::Counselor, 5, most), Load::Usual);
        assert_eq!(load(Role::Counselor, 6, most), Load::TooMany);
        // A school that sets its own.
        assert_eq!(load(Role::Counselor, 6, 10), Load::Usual);
        assert_eq!(load(Role::Counselor, 11, 10), Load::TooMany);
        // A head teacher's count holds the classes they lead: never too many.
        assert_eq!(load(Role::HeadTeacher, 6, most), Load::Usual);
    }

    #[test]
    fn a_care_that_would_hold_no_day_of_its_own_is_replaced() {
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day).unwrap();
        // Assigned on 09-01, handed over on 12-01: the first care ends on 11-30.
        assert_eq!(succession(d(9, 1), d(12, 1)), Succession::EndsOn(d(11, 30)));
        // Handed over the next day: one day of care, the day it began.
        assert_eq!(succession(d(12, 1), d(12, 2)), Succession::EndsOn(d(12, 1)));
        // Assigned and handed over on the same day, or a new care dated earlier: replaced.
        assert_eq!(succession(d(12, 1), d(12, 1)), Succession::Replaced);
        assert_eq!(succession(d(12, 1), d(11, 20)), Succession::Replaced);
    }

    #[test]
    fn the_school_keeps_a_coordinator_and_nobody_removes_themselves() {
        let boss = person(1, Role::Coordinator, true);
        let li = person(2, Role::Counselor, true);
        let retired = person(3, Role::Coordinator, false);
        let staff = vec![boss.clone(), li.clone(), retired.clone()];
        let me = boss.id;
        let to = |r| StaffChange::Role(r);
        assert_eq!(
            objection(&staff, me, &boss, to(Role::Counselor), 0),
            Some(Objection::Yourself)
        );
        assert_eq!(
            objection(&staff, me, &boss, StaffChange::Deactivate, 0),
            Some(Objection::Yourself)
        );
        // Keeping one's own role is no change at all.
        assert_eq!(objection(&staff, me, &boss, to(Role::Coordinator), 0), None);
        assert_eq!(objection(&staff, me, &li, to(Role::HeadTeacher), 3), None);
        assert_eq!(
            objection(&staff, me, &li, StaffChange::Deactivate, 3),
            Some(Objection::StillCaring(3))
        );
        assert_eq!(objection(&staff, me, &li, StaffChange::Deactivate, 0), None);
        // An inactive coordinator does not count as one left; a second active one does.
        let second = person(4, Role::Coordinator, true);
        let only_one = vec![boss.clone(), second.clone()];
        assert_eq!(
            objection(&only_one, me, &second, to(Role::Counselor), 0),
            None
        );
        let lonely = vec![second.clone(), retired];
        assert_eq!(
            objection(&lonely, CounselorId(99), &second, to(Role::Counselor), 0),
            Some(Objection::LastCoordinator)
        );
    }
}
