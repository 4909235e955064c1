//! Which audit events the coordinator asked to see: by who acted, what they did, which child
//! it was about and between which days. Plain data in, the matching events out; the store
//! gathers a child's records (`ChildRecords`), the screens and the command line say the rest.

use crate::model::{Actor, AuditAction, AuditEvent, ChildId, RecordRef};
use chrono::NaiveDate;
use std::collections::BTreeSet;

/// A child and the ids of the records that belong to it: an event about one of the child's
/// notes, moods, follow-ups, incidents or assignments is an event about the child.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ChildRecords {
    pub child: ChildId,
    pub notes: BTreeSet<u64>,
    pub moods: BTreeSet<u64>,
    pub followups: BTreeSet<u64>,
    pub incidents: BTreeSet<u64>,
    pub assignments: BTreeSet<u64>,
}

impl ChildRecords {
    /// The child alone, before its records are known.
    pub fn of(child: ChildId) -> ChildRecords {
        ChildRecords {
            child,
            notes: BTreeSet::new(),
            moods: BTreeSet::new(),
            followups: BTreeSet::new(),
            incidents: BTreeSet::new(),
            assignments: BTreeSet::new(),
        }
    }

    /// Whether `target` is the child or one of its records. Letters never are: nothing links
    /// a letter to a child.
    pub fn holds(&self, target: RecordRef) -> bool {
        match target {
            RecordRef::Child(id) => id == self.child.0,
            RecordRef::Note(id) => self.notes.contains(&id),
            RecordRef::Mood(id) => self.moods.contains(&id),
            RecordRef::FollowUp(id) => self.followups.contains(&id),
            RecordRef::Incident(id) => self.incidents.contains(&id),
            RecordRef::Assignment(id) => self.assignments.contains(&id),
            RecordRef::Store | RecordRef::Counselor(_) | RecordRef::Letter(_) => false,
        }
    }
}

/// What the coordinator filters by; `None` lets everything through. The days are inclusive.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AuditFilter {
    pub person: Option<Actor>,
    pub action: Option<AuditAction>,
    pub child: Option<ChildRecords>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl AuditFilter {
    pub fn matches(&self, e: &AuditEvent) -> bool {
        let day = e.at.date();
        self.person.as_ref().is_none_or(|p| *p == e.actor)
            && self.action.is_none_or(|a| a == e.action)
            && self.child.as_ref().is_none_or(|c| c.holds(e.target))
            && self.from.is_none_or(|from| day >= from)
            && self.to.is_none_or(|to| day <= to)
    }

    /// Nothing is filtered out.
    pub fn is_empty(&self) -> bool {
        *self == AuditFilter::default()
    }

    /// A first day after the last day can match nothing: it is a typing slip, not a question.
    pub fn days_in_order(&self) -> bool {
        match (self.from, self.to) {
            (Some(from), Some(to)) => from <= to,
            _ => true,
        }
    }
}

/// Newest first; events of the same second in the reverse order of writing (a restore carries
/// older events under newer ids, so time comes before the id).
pub fn newest_first(events: &mut [AuditEvent]) {
    events.sort_unstable_by_key(|e| std::cmp::Reverse((e.at, e.id)));
}

/// The positions in `events` of those `filter` lets through, in their order.
pub fn select(events: &[AuditEvent], filter: &AuditFilter) -> Vec<usize> {
    if filter.is_empty() {
        return (0..events.len()).collect();
    }
    events
        .iter()
        .enumerate()
        .filter(|(_, e)| filter.matches(e))
        .map(|(i, _)| i)
        .collect()
}

/// The people who appear in `events`: the staff in `staff` order, then the command-line logins
/// in alphabetical order. What a key that cycles through people steps through.
pub fn people(events: &[AuditEvent], staff: &[crate::model::CounselorId]) -> Vec<Actor> {
    let mut counselors = BTreeSet::new();
    let mut logins = BTreeSet::new();
    for e in events {
        match &e.actor {
            Actor::Counselor(id) => {
                counselors.insert(*id);
            }
            Actor::CommandLine(login) => {
                logins.insert(login.as_str());
            }
        }
    }
    let mut out: Vec<Actor> = staff
        .iter()
        .filter(|id| counselors.remove(id))
        .map(|id| Actor::Counselor(*id))
        .collect();
    // Someone no longer on the staff list still acted: they stay choosable.
    out.extend(counselors.into_iter().map(Actor::Counselor));
    out.extend(
        logins
            .into_iter()
            .map(|l| Actor::CommandLine(l.to_string())),
    );
    out
}

/// The actions that appear in `events`, in the order of `all`.
pub fn actions(events: &[AuditEvent], all: &[AuditAction]) -> Vec<AuditAction> {
    let present: Vec<AuditAction> = {
        let mut seen = Vec::new();
        for e in events {
            if !seen.contains(&e.action) {
                seen.push(e.action);
            }
        }
        seen
    };
    all.iter()
        .copied()
        .filter(|a| present.contains(a))
        .collect()
}

/// The next choice of a filter that cycles: nothing (all) → the first → … → the last → nothing;
/// backwards the other way. A current value no longer among the choices starts over.
pub fn cycle<T: PartialEq + Clone>(current: Option<&T>, choices: &[T], forward: bool) -> Option<T> {
    let at = current.and_then(|c| choices.iter().position(|x| x == c));
    let next = match (at, forward) {
        (None, true) => 0,
        (None, false) => choices.len().checked_sub(1)?,
        (Some(i), true) => i + 1,
        (Some(0), false) => return None,
        (Some(i), false) => i - 1,
    };
    choices.get(next).cloned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{AuditId, CounselorId};

    fn at(d: u32, h: u32) -> crate::model::Timestamp {
        NaiveDate::from_ymd_opt(2026, 11, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    fn event(
        id: u64,
        when: (u32, u32),
        actor: Actor,
        action: AuditAction,
        target: RecordRef,
    ) -> AuditEvent {
        AuditEvent {
            id: AuditId(id),
            at: at(when.0, when.1),
            actor,
            action,
            target,
            detail: String::new(),
        }
    }

    const LI: Actor = Actor::Counselor(CounselorId(2));
    const ZHOU: Actor = Actor::Counselor(CounselorId(1));

    /// 张伟 is child 10 with note 20, mood 21, follow-up 22, incident 23, assignment 24.
    fn zhang_wei() -> ChildRecords {
        ChildRecords {
            notes: [20].into(),
            moods: [21].into(),
            followups: [22].into(),
            incidents: [23].into(),
            assignments: [24].into(),
            ..ChildRecords::of(ChildId(10))
        }
    }

    fn trail() -> Vec<AuditEvent> {
        vec![
            event(1, (23, 9), ZHOU, AuditAction::Create, RecordRef::Child(10)),
            event(
                2,
                (23, 9),
                ZHOU,
                AuditAction::Assign,
                RecordRef::Assignment(24),
            ),
            event(
                3,
                (24, 16),
                LI.clone(),
                AuditAction::View,
                RecordRef::Child(10),
            ),
            event(
                4,
                (24, 16),
                LI.clone(),
                AuditAction::Create,
                RecordRef::Note(20),
            ),
            event(
                5,
                (25, 8),
                LI.clone(),
                AuditAction::Create,
                RecordRef::Mood(21),
            ),
            event(
                6,
                (25, 8),
                LI.clone(),
                AuditAction::Create,
                RecordRef::FollowUp(22),
            ),
            event(
                7,
                (26, 10),
                LI.clone(),
                AuditAction::Create,
                RecordRef::Incident(23),
            ),
            event(
                8,
                (26, 10),
                LI.clone(),
                AuditAction::View,
                RecordRef::Child(11),
            ),
            event(
                9,
                (26, 11),
                LI.clone(),
                AuditAction::Create,
                RecordRef::Note(30),
            ),
            event(
                10,
                (26, 12),
                LI.clone(),
                AuditAction::Reply,
                RecordRef::Letter(20),
            ),
            event(
                11,
                (27, 7),
                Actor::CommandLine("jiaowu".into()),
                AuditAction::Backup,
                RecordRef::Store,
            ),
            event(
                12,
                (27, 8),
                LI.clone(),
                AuditAction::Refused,
                RecordRef::Store,
            ),
        ]
    }

    fn ids(events: &[AuditEvent], filter: &AuditFilter) -> Vec<u64> {
        select(events, filter)
            .into_iter()
            .map(|i| events[i].id.0)
            .collect()
    }

    #[test]
    fn no_filter_keeps_everything_in_order() {
        let t = trail();
        assert_eq!(
            ids(&t, &AuditFilter::default()),
            (1..=12).collect::<Vec<_>>()
        );
        assert!(AuditFilter::default().is_empty());
    }

    #[test]
    fn a_child_matches_its_own_records_and_nothing_else() {
        let t = trail();
        let f = AuditFilter {
            child: Some(zhang_wei()),
            ..AuditFilter::default()
        };
        // Not child 11's view, not note 30 (another child's), not letter 20 (same number as
        // the note, another kind), not the store.
        assert_eq!(ids(&t, &f), vec![1, 2, 3, 4, 5, 6, 7]);
        let bare = AuditFilter {
            child: Some(ChildRecords::of(ChildId(10))),
            ..AuditFilter::default()
        };
        assert_eq!(ids(&t, &bare), vec![1, 3]);
    }

    #[test]
    fn person_action_and_days_combine() {
        let t = trail();
        let by_li = AuditFilter {
            person: Some(LI.clone()),
            ..AuditFilter::default()
        };
        assert_eq!(ids(&t, &by_li), vec![3, 4, 5, 6, 7, 8, 9, 10, 12]);
        let li_views = AuditFilter {
            action: Some(AuditAction::View),
            ..by_li.clone()
        };
        assert_eq!(ids(&t, &li_views), vec![3, 8]);
        let li_views_26th = AuditFilter {
            from: Some(day(26)),
            ..li_views.clone()
        };
        assert_eq!(ids(&t, &li_views_26th), vec![8]);
        let command_line = AuditFilter {
            person: Some(Actor::CommandLine("jiaowu".into())),
            ..AuditFilter::default()
        };
        assert_eq!(ids(&t, &command_line), vec![11]);
    }

    #[test]
    fn the_days_are_inclusive_at_both_ends() {
        let t = trail();
        let f = AuditFilter {
            from: Some(day(24)),
            to: Some(day(25)),
            ..AuditFilter::default()
        };
        assert_eq!(ids(&t, &f), vec![3, 4, 5, 6]);
        let one_day = AuditFilter {
            from: Some(day(27)),
            to: Some(day(27)),
            ..AuditFilter::default()
        };
        assert_eq!(ids(&t, &one_day), vec![11, 12]);
        let until = AuditFilter {
            to: Some(day(23)),
            ..AuditFilter::default()
        };
        assert_eq!(ids(&t, &until), vec![1, 2]);
        assert!(one_day.days_in_order());
        let reversed = AuditFilter {
            from: Some(day(27)),
            to: Some(day(26)),
            ..AuditFilter::default()
        };
        assert!(!reversed.days_in_order());
        assert!(ids(&t, &reversed).is_empty());
    }

    #[test]
    fn newest_first_by_time_then_id() {
        let mut t = trail();
        // A restored event: older, but a newer id.
        t.push(event(
            13,
            (23, 8),
            ZHOU,
            AuditAction::Restore,
            RecordRef::Store,
        ));
        newest_first(&mut t);
        let order: Vec<u64> = t.iter().map(|e| e.id.0).collect();
        assert_eq!(order, vec![12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1, 13]);
    }

    #[test]
    fn people_and_actions_are_those_present() {
        let t = trail();
        let staff = [CounselorId(1), CounselorId(3), CounselorId(2)];
        assert_eq!(
            people(&t, &staff),
            vec![ZHOU, LI, Actor::CommandLine("jiaowu".into())]
        );
        // Someone gone from the staff list still shows.
        assert_eq!(people(&t, &[CounselorId(2)])[1], ZHOU);
        let all = [
            AuditAction::Create,
            AuditAction::View,
            AuditAction::Reply,
            AuditAction::Assign,
            AuditAction::Delete,
            AuditAction::Backup,
            AuditAction::Refused,
        ];
        assert_eq!(
            actions(&t, &all),
            vec![
                AuditAction::Create,
                AuditAction::View,
                AuditAction::Reply,
                AuditAction::Assign,
                AuditAction::Backup,
                AuditAction::Refused
            ]
        );
    }

    #[test]
    fn cycling_goes_through_every_choice_and_back_to_all() {
        let choices = ["a", "b", "c"];
        assert_eq!(cycle(None, &choices, true), Some("a"));
        assert_eq!(cycle(Some(&"a"), &choices, true), Some("b"));
        assert_eq!(cycle(Some(&"c"), &choices, true), None);
        assert_eq!(cycle(None, &choices, false), Some("c"));
        assert_eq!(cycle(Some(&"a"), &choices, false), None);
        assert_eq!(cycle(Some(&"b"), &choices, false), Some("a"));
        assert_eq!(cycle(Some(&"gone"), &choices, true), Some("a"));
        assert_eq!(cycle::<&str>(None, &[], true), None);
        assert_eq!(cycle::<&str>(None, &[], false), None);
    }
}
