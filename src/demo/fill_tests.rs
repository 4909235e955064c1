//! `shouwang demo`: deterministic, complete, varied, anonymous letters, dated in the term.
//! Within the crate: the demo is read back with the store's raw reader, a path only the
//! crate has.

use crate::demo::{DemoOptions, fill};
use crate::model::*;
use crate::store::{Reader, Store, StoreError};
use chrono::{Datelike, NaiveDate};
use std::collections::{BTreeMap, HashSet};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn options(children: usize, notes_per_child: usize, seed: u64) -> DemoOptions {
    DemoOptions {
        children,
        notes_per_child,
        seed,
        // A Wednesday in late November: well into the autumn term.
        today: day(2026, 11, 25),
    }
}

fn actor() -> Actor {
    Actor::CommandLine("test".into())
}

/// The clock of a demo store: the morning of the demo's own day.
fn on(today: NaiveDate) -> crate::clock::Clock {
    crate::clock::Clock::fixed(today.and_hms_opt(10, 0, 0).unwrap())
}

fn demo(dir: &tempfile::TempDir, name: &str, o: &DemoOptions) -> Store {
    // The demo writes some sentences (a letter's attention reason) in the language in force:
    // this thread's own, whatever tests beside it set for the process.
    crate::i18n::set_thread_lang(crate::i18n::Lang::Zh);
    let store = Store::open(&dir.path().join(name), on(o.today)).unwrap();
    fill(&store, None, &actor(), o, &mut |_, _| {}).unwrap();
    store
}

/// Every record but the audit trail (whose times are the machine's clock), as JSON.
fn export(r: &Reader) -> String {
    let v = serde_json::json!({
        "counselors": r.all::<Counselor>().unwrap(),
        "children": r.all::<Child>().unwrap(),
        "assignments": r.all::<Assignment>().unwrap(),
        "notes": r.all::<Note>().unwrap(),
        "moods": r.all::<MoodEntry>().unwrap(),
        "followups": r.all::<FollowUp>().unwrap(),
        "letters": r.all::<Letter>().unwrap(),
        "incidents": r.all::<Incident>().unwrap(),
    });
    v.to_string()
}

#[test]
fn same_seed_gives_the_same_store_and_another_seed_does_not() {
    let dir = tempfile::tempdir().unwrap();
    let a = demo(&dir, "a.db", &options(60, 10, 7));
    let b = demo(&dir, "b.db", &options(60, 10, 7));
    let c = demo(&dir, "c.db", &options(60, 10, 8));
    let (a, b, c) = (
        export(&a.reader().unwrap()),
        export(&b.reader().unwrap()),
        export(&c.reader().unwrap()),
    );
    assert_eq!(a, b);
    assert_ne!(a, c);
}

/// The demo school follows the plan's definition of a left-behind child (issue 23, 4): every
/// child has both parents away, or one away and the other unable to care, and is under 16
/// all year; each has an entrustment to the guardian.
#[test]
fn every_demo_child_meets_the_definition() {
    let dir = tempfile::tempdir().unwrap();
    for today in [day(2026, 11, 25), day(2027, 6, 30)] {
        let o = DemoOptions {
            today,
            ..options(120, 1, 5)
        };
        let store = demo(&dir, &format!("{today}.db"), &o);
        let children = store.reader().unwrap().all::<Child>().unwrap();
        let one_away = children
            .iter()
            .filter(|c| c.left_behind_type != "父母均外出")
            .count();
        assert!(one_away > 10, "{one_away} of {}", children.len());
        for c in &children {
            let gaps = crate::domain::left_behind::gaps(c, today);
            assert_eq!(
                gaps,
                [],
                "{} {} {}",
                c.name,
                c.left_behind_type,
                c.birth_date
            );
            assert_eq!(c.entrustment.to, c.guardian.name);
            assert!(c.entrustment.since.is_some_and(|d| d <= today));
        }
    }
}

#[test]
fn counts_match_the_options_and_the_summary() {
    let dir = tempfile::tempdir().unwrap();
    let o = options(150, 12, 3);
    let store = Store::open(&dir.path().join("d.db"), on(o.today)).unwrap();
    let mut calls = Vec::new();
    let s = fill(&store, None, &actor(), &o, &mut |d, t| calls.push((d, t))).unwrap();
    let r = store.reader().unwrap();
    assert_eq!(s.children, 150);
    assert_eq!(s.notes, 150 * 12);
    assert_eq!(r.count::<Child>().unwrap(), 150);
    assert_eq!(r.count::<Note>().unwrap(), 150 * 12);
    assert_eq!(r.count::<Counselor>().unwrap() as usize, s.counselors);
    assert_eq!(r.count::<MoodEntry>().unwrap() as usize, s.moods);
    assert_eq!(r.count::<FollowUp>().unwrap() as usize, s.followups);
    assert_eq!(r.count::<Letter>().unwrap() as usize, s.letters);
    assert_eq!(r.count::<Incident>().unwrap() as usize, s.incidents);
    assert!(s.followups > 0 && s.letters > 0 && s.moods >= 300);
    let (last_done, total) = *calls.last().unwrap();
    assert_eq!(last_done, total);
    assert!(calls.windows(2).all(|w| w[0].0 <= w[1].0));
    assert!(!s.to_string().is_empty());
}

#[test]
fn every_role_is_present_and_caseloads_hold_two_to_ten() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(&dir, "e.db", &options(200, 6, 11));
    let r = store.reader().unwrap();
    let staff = r.counselors().unwrap();
    let names: HashSet<&str> = staff.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names.len(), staff.len(), "names are unique");
    let by_name = |n: &str| staff.iter().find(|c| c.name == n).unwrap();
    assert_eq!(by_name("周主任").role, Role::Coordinator);
    assert_eq!(by_name("李老师").role, Role::Counselor);
    let chen = by_name("陈老师");
    assert_eq!(chen.role, Role::HeadTeacher);
    assert_eq!(chen.classes.len(), 1);
    assert!(!r.children_of_class(&chen.classes[0]).unwrap().is_empty());
    assert!(r.children_of_counselor(by_name("李老师").id).unwrap().len() >= 5);
    let mut assigned = 0;
    for c in staff.iter().filter(|c| c.role == Role::Counselor) {
        let n = r.children_of_counselor(c.id).unwrap().len();
        assert!((2..=10).contains(&n), "{} has {n} children", c.name);
        assigned += n;
    }
    assert_eq!(
        assigned, 200,
        "every child has exactly one current counselor"
    );
    // Some children were moved during the term, so assignment history exists.
    let assignments = r.all::<Assignment>().unwrap();
    assert!(assignments.iter().any(|a| a.until.is_some()));
}

#[test]
fn notes_point_at_real_children_and_read_like_a_person_wrote_them() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(&dir, "f.db", &options(150, 20, 5));
    let r = store.reader().unwrap();
    let children: HashSet<ChildId> = r.all::<Child>().unwrap().iter().map(|c| c.id).collect();
    let staff: HashSet<CounselorId> = r.counselors().unwrap().iter().map(|c| c.id).collect();
    let notes = r.all::<Note>().unwrap();
    let mut kinds = BTreeMap::new();
    for n in &notes {
        assert!(!n.children.is_empty());
        assert!(n.children.iter().all(|c| children.contains(c)));
        assert!(staff.contains(&n.counselor));
        *kinds.entry(n.kind).or_insert(0) += 1;
        if n.kind == NoteKind::MaterialSupport {
            assert!(!n.support.is_empty());
        }
    }
    for k in [
        NoteKind::Talk,
        NoteKind::Tutoring,
        NoteKind::HomeVisit,
        NoteKind::ParentCall,
        NoteKind::GuardianCall,
        NoteKind::GroupCounseling,
        NoteKind::LetterToParents,
        NoteKind::Forum,
    ] {
        assert!(kinds.contains_key(&k), "no {k:?} note");
    }
    assert!(
        notes
            .iter()
            .any(|n| n.kind == NoteKind::GroupCounseling && n.children.len() >= 2)
    );
    let talks: Vec<&str> = notes
        .iter()
        .filter(|n| n.kind == NoteKind::Talk)
        .take(500)
        .map(|n| n.text.as_str())
        .collect();
    assert!(talks.len() >= 500);
    let distinct: HashSet<&str> = talks.iter().copied().collect();
    assert!(
        distinct.len() * 10 >= talks.len() * 9,
        "only {} distinct texts among {}",
        distinct.len(),
        talks.len()
    );
    assert!(
        talks.iter().all(|t| !t.contains('{')),
        "a slot was left unfilled"
    );
}

#[test]
fn letters_name_no_child() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(&dir, "g.db", &options(400, 4, 9));
    let r = store.reader().unwrap();
    let names: Vec<String> = r
        .all::<Child>()
        .unwrap()
        .into_iter()
        .map(|c| c.name)
        .collect();
    let letters = r.all::<Letter>().unwrap();
    assert!(letters.len() >= 10);
    assert!(
        letters
            .iter()
            .any(|l| l.status == LetterStatus::Replied && !l.reply.is_empty())
    );
    assert!(letters.iter().any(|l| l.pseudonym.is_some()));
    assert!(letters.iter().any(|l| l.pseudonym.is_none()));
    for l in &letters {
        let json = serde_json::to_string(l).unwrap();
        for name in &names {
            assert!(
                !json.contains(name.as_str()),
                "letter {} names {name}",
                l.number
            );
        }
    }
    // One incident came from a letter and names no child.
    let incidents = r.all::<Incident>().unwrap();
    assert!(
        incidents
            .iter()
            .any(|i| i.kind == IncidentKind::LetterDanger && i.child.is_none())
    );
    assert!(!incidents.iter().any(|i| i.kind.is_absence()));
    // The absences are cases: one open with three failed attempts, one closed as 复学.
    let cases = r.all::<AbsenceCase>().unwrap();
    assert!(cases.iter().any(|c| c.needs_written_report(3)));
    assert!(
        cases
            .iter()
            .any(|c| c.closed.as_ref().map(|c| c.outcome) == Some(AbsenceOutcome::Returned))
    );
    assert!(
        incidents
            .iter()
            .any(|i| i.kind == IncidentKind::LivingAlone)
    );
}

#[test]
fn everything_is_dated_in_the_term_up_to_today() {
    for today in [day(2026, 11, 25), day(2027, 4, 14)] {
        let dir = tempfile::tempdir().unwrap();
        let o = DemoOptions {
            today,
            ..options(80, 12, 2)
        };
        let store = demo(&dir, "h.db", &o);
        let r = store.reader().unwrap();
        let start = if today.month() >= 9 {
            day(today.year(), 9, 1)
        } else {
            day(today.year(), 2, 20)
        };
        let inside = |d: NaiveDate| start <= d && d <= today;
        for n in r.all::<Note>().unwrap() {
            assert!(inside(n.at.date()), "note on {}", n.at);
        }
        for m in r.all::<MoodEntry>().unwrap() {
            assert!(inside(m.at.date()), "mood on {}", m.at);
        }
        for l in r.all::<Letter>().unwrap() {
            assert!(inside(l.received));
            assert!(l.replied_at.is_none_or(|t| inside(t.date())));
        }
        for f in r.all::<FollowUp>().unwrap() {
            assert!(inside(f.created.date()));
            assert!(f.done.as_ref().is_none_or(|d| inside(d.at.date())));
        }
        for i in r.all::<Incident>().unwrap() {
            assert!(inside(i.found_at.date()));
            assert!(i.events.iter().all(|e| inside(e.at.date())));
        }
        for c in r.all::<Child>().unwrap() {
            let age = c.age_on(start);
            assert!((5..=16).contains(&age), "{} is {age}", c.name);
        }
        // "This week" has something to show: talks in the last days and some overdue ones,
        // follow-ups open and overdue.
        let week_ago = today - chrono::Duration::days(7);
        let notes = r.all::<Note>().unwrap();
        let talked: HashSet<ChildId> = notes
            .iter()
            .filter(|n| n.kind == NoteKind::Talk && n.at.date() > week_ago)
            .flat_map(|n| n.children.clone())
            .collect();
        assert!(
            talked.len() > 40 && talked.len() < 80,
            "{} talked",
            talked.len()
        );
        assert!(!r.open_followups_due_by(today).unwrap().is_empty());
    }
}

#[test]
fn a_store_with_children_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let store = demo(&dir, "i.db", &options(20, 3, 1));
    let before = store.reader().unwrap().count::<Note>().unwrap();
    let again = fill(&store, None, &actor(), &options(20, 3, 2), &mut |_, _| {});
    assert!(matches!(again, Err(StoreError::Refused(_))));
    assert_eq!(store.reader().unwrap().count::<Note>().unwrap(), before);
}
