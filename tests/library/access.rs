//! Issue 9, item 2: access in the store. Every store operation, tried by every role on a
//! child inside and outside their scope, against one expectation table; every refusal is a
//! sentence and an audit event.

use chrono::NaiveDate;
use shouwang::domain::access::{Denial, Why};
use shouwang::model::*;
use shouwang::store::{AttemptInput, NoteInput, Passphrase, Session, Store, StoreError};

const MY_CLASS: &str = "七年级(1)班";
const OTHER_CLASS: &str = "八年级(3)班";

struct School {
    _dir: tempfile::TempDir,
    store: Store,
    coordinator: Counselor,
    head_teacher: Counselor,
    counselor: Counselor,
    /// Assigned to the counselor, in the head teacher's class.
    inside: ChildId,
    /// Assigned to another counselor, in another class.
    outside: ChildId,
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn at() -> Timestamp {
    day().and_hms_opt(10, 0, 0).unwrap()
}

/// The clock of these tests' stores: the day they look at.
fn clock() -> shouwang::clock::Clock {
    shouwang::clock::Clock::fixed(at())
}

fn pass() -> Passphrase {
    Passphrase::new("青山绿水 test 2026")
}

/// Gives every staff member the test passphrase and unlocks the store as each of them, as
/// the start screen would, so that every role has a session.
fn unlock_everyone(store: &Store, coordinator: &Counselor) {
    let boss = store.session(coordinator).unwrap();
    for c in store.staff().unwrap() {
        if c.id != coordinator.id {
            boss.reset_passphrase(c.id, &pass()).unwrap();
        }
        store.unlock(&c.name, &pass()).unwrap();
    }
}

fn school() -> School {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("s.redb"), clock()).unwrap();
    let me = Actor::CommandLine("test".into());
    let coordinator = store
        .bootstrap(&me, "周主任", Role::Coordinator, vec![], &pass())
        .unwrap();
    let (head_teacher, counselor, inside, outside) = store
        .session(&coordinator)
        .unwrap()
        .write(|w| {
            let head = w.add_counselor("陈老师", Role::HeadTeacher, vec![MY_CLASS.into()])?;
            let counselor = w.add_counselor("李老师", Role::Counselor, vec![])?;
            let other = w.add_counselor("王老师", Role::Counselor, vec![])?;
            let mut ids = Vec::new();
            for (name, class, to) in [
                ("张伟", MY_CLASS, &counselor),
                ("王芳", OTHER_CLASS, &other),
            ] {
                let mut c = Child::new(
                    ChildId(w.next_id()?),
                    name.into(),
                    Gender::Female,
                    NaiveDate::from_ymd_opt(2014, 3, 2).unwrap(),
                );
                c.class = class.into();
                w.add_child(&c)?;
                w.assign(c.id, to.id, day())?;
                ids.push(c.id);
            }
            Ok((head, counselor, ids[0], ids[1]))
        })
        .unwrap();
    unlock_everyone(&store, &coordinator);
    School {
        _dir: dir,
        store,
        coordinator,
        head_teacher,
        counselor,
        inside,
        outside,
    }
}

type Op = fn(&Session, ChildId) -> Result<(), StoreError>;

fn note_input(child: ChildId) -> NoteInput {
    NoteInput {
        children: vec![child],
        kind: NoteKind::Talk,
        at: at(),
        duration_min: None,
        text: "谈心".into(),
        mood: None,
        support: String::new(),
        follow_up: None,
    }
}

/// Every operation of the session, by name. A child-less one ignores the child.
fn operations() -> Vec<(&'static str, Op)> {
    vec![
        ("read child", |s, c| s.reader()?.child(c).map(drop)),
        ("read notes", |s, c| {
            s.reader()?.note_ids_of_child(c).map(drop)
        }),
        ("read moods", |s, c| s.reader()?.moods_of_child(c).map(drop)),
        ("read follow-ups", |s, c| {
            s.reader()?.followups_of_child(c).map(drop)
        }),
        ("read incidents", |s, c| {
            s.reader()?.incidents_of_child(c).map(drop)
        }),
        ("read assignments", |s, c| {
            s.reader()?.assignments_of_child(c).map(drop)
        }),
        ("read contacts", |s, c| {
            s.reader()?.contacts_of_child(c).map(drop)
        }),
        ("add note", |s, c| {
            s.write(|w| w.add_note(note_input(c))).map(drop)
        }),
        ("write mood", |s, c| {
            s.write(|w| {
                let m = MoodEntry {
                    id: MoodId(w.next_id()?),
                    child: c,
                    at: at(),
                    score: 3,
                    feelings: vec![],
                    observer: s.who().id,
                    note: String::new(),
                    follow_up: None,
                };
                w.put_mood(&m)
            })
        }),
        ("write follow-up", |s, c| {
            s.write(|w| {
                let f = FollowUp {
                    id: FollowUpId(w.next_id()?),
                    child: c,
                    counselor: s.who().id,
                    due: day(),
                    text: "家访".into(),
                    note: None,
                    created: at(),
                    done: None,
                };
                w.put_followup(&f)
            })
        }),
        ("raise incident", |s, c| {
            s.write(|w| {
                let i = Incident {
                    id: IncidentId(w.next_id()?),
                    child: Some(c),
                    kind: IncidentKind::LivingAlone,
                    other: String::new(),
                    found: "无人照看".into(),
                    found_at: at(),
                    reported_by: s.who().id,
                    reported_to: String::new(),
                    reported_at: None,
                    receipt: String::new(),
                    events: vec![],
                    revisions: vec![],
                    closed: None,
                };
                w.put_incident(&i)
            })
        }),
        ("register absence", |s, c| {
            // Closed at once, so that the next person may register one too.
            s.write(|w| {
                let case = w.register_absence(c, AbsenceKind::Truancy, day(), "")?;
                w.close_absence(case.id, AbsenceOutcome::Returned, "")
            })
            .map(drop)
        }),
        ("read absences", |s, c| {
            s.reader()?.absences_of_child(c).map(drop)
        }),
        ("log attempt", |s, c| {
            let case = CASES.with(|m| m.borrow()[&c]);
            let attempt = AttemptInput {
                on: day(),
                went: "班主任".into(),
                way: AttemptWay::Call,
                met: "奶奶".into(),
                result: "孩子答应明天来".into(),
                failed: true,
            };
            s.write(|w| w.log_attempt(case, attempt)).map(drop)
        }),
        ("edit profile", |s, c| {
            let mut child = CHILDREN.with(|m| m.borrow()[&c].clone());
            let _ = s;
            child.hobbies = "画画".into();
            s.write(|w| w.update_child(&child))
        }),
        ("assign to self", |s, c| {
            s.write(|w| w.assign(c, s.who().id, day())).map(drop)
        }),
        ("add staff", |s, c| {
            s.write(|w| {
                w.add_counselor(
                    &format!("新老师{}-{c}", s.who().id),
                    Role::Counselor,
                    vec![],
                )
            })
            .map(drop)
        }),
        ("name mailbox readers", |s, _| {
            s.write(|w| w.set_mailbox_readers(&[]))
        }),
        ("read letters", |s, _| {
            s.reader()?.letters_with_status(LetterStatus::New).map(drop)
        }),
    ]
}

thread_local! {
    /// The school's children as stored, for the profile form's edit (taken with the raw
    /// reader before the sessions act).
    static CHILDREN: std::cell::RefCell<std::collections::HashMap<ChildId, Child>> =
        Default::default();
    /// Each child's open absence case, registered by the coordinator before "log attempt".
    static CASES: std::cell::RefCell<std::collections::HashMap<ChildId, AbsenceId>> =
        Default::default();
}

/// The expectation table: for each operation, allowed (true) or refused (false) for
/// counselor inside/outside, head teacher inside/outside, coordinator inside/outside.
const EXPECTED: &[(&str, [bool; 6])] = &[
    //                          co-in  co-out hd-in  hd-out cd-in  cd-out
    (
        "read child",
        /*       */ [true, false, true, false, true, true],
    ),
    (
        "read notes",
        /*       */ [true, false, true, false, true, true],
    ),
    (
        "read moods",
        /*       */ [true, false, true, false, true, true],
    ),
    (
        "read follow-ups",
        /*  */ [true, false, true, false, true, true],
    ),
    (
        "read incidents",
        /*   */ [true, false, true, false, true, true],
    ),
    (
        "read assignments",
        /* */ [true, false, true, false, true, true],
    ),
    (
        "read contacts",
        /*    */ [true, false, true, false, true, true],
    ),
    (
        "add note",
        /*         */ [true, false, true, false, true, true],
    ),
    (
        "write mood",
        /*       */ [true, false, true, false, true, true],
    ),
    (
        "write follow-up",
        /*  */ [true, false, true, false, true, true],
    ),
    // Anyone at the school reports about any child in the programme (issue 23, item 1).
    (
        "raise incident",
        /*   */ [true, true, true, true, true, true],
    ),
    // A child's absence case (控辍保学): the head teacher or a carer.
    (
        "register absence",
        /* */ [true, false, true, false, true, true],
    ),
    (
        "read absences",
        /*    */ [true, false, true, false, true, true],
    ),
    (
        "log attempt",
        /*      */ [true, false, true, false, true, true],
    ),
    (
        "edit profile",
        /*     */ [true, false, true, false, true, true],
    ),
    (
        "assign to self",
        /*   */ [false, false, false, false, true, true],
    ),
    (
        "add staff",
        /*        */ [false, false, false, false, true, true],
    ),
    (
        "name mailbox readers",
        [false, false, false, false, true, true],
    ),
    (
        "read letters",
        /*     */ [true, true, true, true, true, true],
    ),
];

/// The refusals audited so far, read as the coordinator (who alone reads the audit).
fn refusals(s: &School) -> usize {
    let coordinator = s.store.session(&s.coordinator).unwrap();
    let all = coordinator.reader().unwrap().audit_events().unwrap();
    all.iter()
        .filter(|e| e.action == AuditAction::Refused)
        .count()
}

#[test]
fn every_operation_with_every_role_inside_and_outside_the_scope() {
    let ops = operations();
    assert_eq!(
        ops.len(),
        EXPECTED.len(),
        "every operation has its expectation"
    );
    for (name, op) in ops {
        let expected = EXPECTED
            .iter()
            .find(|(n, _)| *n == name)
            .unwrap_or_else(|| panic!("no expectation for {name}"))
            .1;
        // A fresh school for each operation, so one operation's effect never moves another's.
        let s = school();
        let coordinator = s.store.session(&s.coordinator).unwrap();
        let reader_children = coordinator.reader().unwrap().children().unwrap();
        CHILDREN.with(|m| {
            *m.borrow_mut() = reader_children.into_iter().map(|c| (c.id, c)).collect();
        });
        if name == "log attempt" {
            let cases = [s.inside, s.outside].map(|c| {
                let case = coordinator
                    .write(|w| w.register_absence(c, AbsenceKind::DroppedOut, day(), ""))
                    .unwrap();
                (c, case.id)
            });
            CASES.with(|m| *m.borrow_mut() = cases.into_iter().collect());
        }
        let people = [&s.counselor, &s.head_teacher, &s.coordinator];
        for (p, who) in people.into_iter().enumerate() {
            for (k, child) in [s.inside, s.outside].into_iter().enumerate() {
                let session = s.store.session(who).unwrap();
                let before = refusals(&s);
                let outcome = op(&session, child);
                let allowed = expected[p * 2 + k];
                let place = if k == 0 { "inside" } else { "outside" };
                match outcome {
                    Ok(()) => assert!(allowed, "{} did {name} {place} the scope", who.name),
                    Err(StoreError::NotAllowed(denial)) => {
                        let sentence = shouwang::labels::refusals::denial(&denial);
                        assert!(
                            !allowed,
                            "{} was refused {name} {place}: {sentence}",
                            who.name
                        );
                        assert!(!sentence.is_empty());
                        // The refusal is data: who was refused, and why.
                        assert!(
                            matches!(&denial, Denial::Table { who: n, .. } if *n == who.name),
                            "{denial:?}"
                        );
                        assert_eq!(refusals(&s), before + 1, "{name} refusal audited");
                    }
                    Err(other) => panic!("{} {name} {place}: {other}", who.name),
                }
            }
        }
    }
}

#[test]
fn a_session_reloads_the_person_so_a_stale_role_is_not_used() {
    let s = school();
    let mut promoted = s.counselor.clone();
    promoted.role = Role::Coordinator;
    let session = s.store.session(&promoted).unwrap();
    assert_eq!(session.who().role, Role::Counselor);
    assert!(matches!(
        session.reader().unwrap().child(s.outside),
        Err(StoreError::NotAllowed(_))
    ));
}

#[test]
fn bootstrap_refuses_once_there_is_staff() {
    let s = school();
    let me = Actor::CommandLine("test".into());
    let r = s
        .store
        .bootstrap(&me, "X", Role::Coordinator, vec![], &pass());
    assert!(matches!(r, Err(StoreError::NotAllowed(_))));
}

#[test]
fn named_mailbox_readers_alone_read_the_letters() {
    let s = school();
    let coord = s.store.session(&s.coordinator).unwrap();
    coord
        .write(|w| w.set_mailbox_readers(&[s.head_teacher.id]))
        .unwrap();
    let counselor = s.store.session(&s.counselor).unwrap();
    assert!(matches!(
        counselor
            .reader()
            .unwrap()
            .letters_with_status(LetterStatus::New),
        Err(StoreError::NotAllowed(_))
    ));
    let head = s.store.session(&s.head_teacher).unwrap();
    assert!(
        head.reader()
            .unwrap()
            .letters_with_status(LetterStatus::New)
            .is_ok()
    );
}

fn report_about(s: &Session, child: ChildId) -> Result<IncidentId, StoreError> {
    s.write(|w| {
        let i = Incident {
            id: IncidentId(w.next_id()?),
            child: Some(child),
            kind: IncidentKind::LivingAlone,
            other: String::new(),
            found: "放学后一个人在家，邻居说父母都在外地。".into(),
            found_at: at(),
            reported_by: s.who().id,
            reported_to: "派出所".into(),
            reported_at: None,
            receipt: String::new(),
            events: vec![],
            revisions: vec![],
            closed: None,
        };
        w.put_incident(&i)?;
        Ok(i.id)
    })
}

/// Issue 23, item 1: a teacher who finds another class's pupil living alone reports it. They
/// find the child by name or student id among every child in the programme, see their own
/// report and its state, and nothing else of the child; the child's carer and the
/// coordinator see it at once. A child who left the programme is not reported this way.
#[test]
fn anyone_reports_about_any_active_child_and_sees_only_their_report() {
    // The refusal is read in English on this thread, whatever another test of the binary set.
    shouwang::i18n::set_thread_lang(shouwang::i18n::Lang::En);
    let s = school();
    let coordinator = s.store.session(&s.coordinator).unwrap();
    let head = s.store.session(&s.head_teacher).unwrap();
    let found = head.reader().unwrap().reportable_children().unwrap();
    let names: Vec<&str> = found.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["张伟", "王芳"], "every child in the programme");
    let other = found.iter().find(|c| c.name == "王芳").unwrap();
    assert_eq!(other.id, s.outside);
    assert_eq!(other.class, OTHER_CLASS);

    let id = report_about(&head, s.outside).unwrap();
    let reader = head.reader().unwrap();
    // Their report and its state…
    let mine = reader.incident(id).unwrap().unwrap();
    assert!(mine.is_open());
    assert!(reader.open_incidents().unwrap().iter().any(|i| i.id == id));
    assert_eq!(
        reader.reported_child(&mine).unwrap().map(|c| c.name),
        Some("王芳".to_string())
    );
    // …and nothing else of the child.
    for refused in [
        reader.child(s.outside).map(drop),
        reader.incidents_of_child(s.outside).map(drop),
        reader.note_ids_of_child(s.outside).map(drop),
    ] {
        assert!(matches!(refused, Err(StoreError::NotAllowed(_))));
    }
    // Correcting or closing it is for whom the child is in care of.
    let mut changed = mine.clone();
    changed.receipt = "QS-1".into();
    assert!(matches!(
        head.write(|w| w.put_incident(&changed)),
        Err(StoreError::NotAllowed(_))
    ));

    // The carer (王老师) and the coordinator see it at once; another counselor does not.
    let carer = s
        .store
        .session_by_name("王老师")
        .unwrap()
        .expect("王老师 unlocked");
    for who in [&carer, &coordinator] {
        let open = who.reader().unwrap().open_incidents().unwrap();
        assert!(open.iter().any(|i| i.id == id), "{}", who.who().name);
    }
    let counselor = s.store.session(&s.counselor).unwrap();
    let open = counselor.reader().unwrap().open_incidents().unwrap();
    assert!(!open.iter().any(|i| i.id == id));

    // A child who left the programme is for those who had them.
    coordinator
        .write(|w| w.child_leaves(s.outside, day(), LeaveReason::Moved, "转学"))
        .unwrap();
    assert!(
        !counselor
            .reader()
            .unwrap()
            .reportable_children()
            .unwrap()
            .iter()
            .any(|c| c.id == s.outside)
    );
    let before = refusals(&s);
    match report_about(&counselor, s.outside) {
        Err(StoreError::NotAllowed(denial)) => {
            assert!(
                matches!(
                    &denial,
                    Denial::Table {
                        why: Why::NotActive,
                        ..
                    }
                ),
                "{denial:?}"
            );
            let sentence = denial.to_string();
            assert!(
                sentence.contains("left the register of left-behind children"),
                "{sentence}"
            )
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(refusals(&s), before + 1);
}
