use super::*;
use crate::model::{Actor, AssignmentId, ChildRevisionId, Gender, Timestamp};

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

fn child(id: u64, class: &str) -> Child {
    let mut c = Child::new(
        ChildId(id),
        format!("孩子{id}"),
        Gender::Male,
        d(2014, 1, 1),
    );
    c.class = class.into();
    c
}

fn care(
    id: u64,
    child: u64,
    counselor: u64,
    from: NaiveDate,
    until: Option<NaiveDate>,
) -> Assignment {
    Assignment {
        id: AssignmentId(id),
        child: ChildId(child),
        counselor: CounselorId(counselor),
        from,
        until,
    }
}

fn records(
    children: Vec<Child>,
    cares: &[Assignment],
    revisions: Vec<ChildRevision>,
) -> QuarterlyRecords {
    QuarterlyRecords {
        children,
        assignments: cares.to_vec(),
        revisions,
    }
}

fn at(day: NaiveDate) -> Timestamp {
    day.and_hms_opt(10, 30, 0).unwrap()
}

/// A change to a child's record, made on a day.
type Edit = (NaiveDate, Box<dyn Fn(&mut Child)>);

/// A child's record history: `first`, changed by each edit at its time in turn. Returns the
/// record as it ends and the versions the edits replaced (ids from `id`).
fn edited(first: Child, id: u64, edits: Vec<Edit>) -> (Child, Vec<ChildRevision>) {
    let mut now = first;
    let mut revisions = Vec::new();
    for (n, (day, edit)) in edits.into_iter().enumerate() {
        let before = now.clone();
        edit(&mut now);
        revisions.push(ChildRevision {
            id: ChildRevisionId(id + n as u64),
            child: now.id,
            replaced_at: at(day),
            replaced_by: Actor::CommandLine("jiaowu".into()),
            before,
        });
    }
    (now, revisions)
}

#[test]
fn quarters_parse_and_span_their_months() {
    let q4 = Quarter::parse("2026Q4").unwrap();
    assert_eq!(q4, Quarter { year: 2026, q: 4 });
    assert_eq!(
        Quarter::parse("2026-q1"),
        Some(Quarter { year: 2026, q: 1 })
    );
    assert_eq!(Quarter::parse("2026Q5"), None);
    assert_eq!(Quarter::parse("Q4"), None);
    assert_eq!(
        q4.range(),
        Range::new(d(2026, 10, 1), d(2026, 12, 31)).unwrap()
    );
    assert_eq!(Quarter::parse("2028Q1").unwrap().range().to, d(2028, 3, 31));
    assert_eq!(q4.previous().to_string(), "2026Q3");
    assert_eq!(
        Quarter { year: 2027, q: 1 }.previous(),
        Quarter { year: 2026, q: 4 }
    );
    assert_eq!(Quarter::of(d(2026, 11, 26)), q4);
}

#[test]
fn new_left_and_handed_over_children_are_named_with_their_change() {
    let q4 = Quarter::parse("2026Q4").unwrap();
    let mut gone = child(4, "七年级(1)班");
    gone.status = ChildStatus::Left {
        date: d(2026, 11, 15),
        reason: LeaveReason::ParentsReturned,
        note: "父母回乡创业".into(),
    };
    let mut long_gone = child(5, "七年级(1)班");
    long_gone.status = ChildStatus::Left {
        date: d(2026, 9, 1),
        reason: LeaveReason::Moved,
        note: String::new(),
    };
    let children = vec![
        child(1, "八年级(3)班"),
        child(2, "七年级(1)班"),
        child(3, "七年级(1)班"),
        gone,
        long_gone,
        child(6, "七年级(1)班"),
    ];
    let cares = [
        care(10, 1, 100, d(2026, 9, 1), None),
        care(11, 2, 100, d(2026, 10, 12), None),
        care(12, 3, 100, d(2026, 9, 1), Some(d(2026, 11, 1))),
        care(13, 3, 200, d(2026, 11, 2), None),
        care(14, 4, 200, d(2026, 9, 1), None),
        care(15, 6, 200, d(2027, 1, 4), None),
    ];
    let rows = quarterly(q4, records(children, &cares, Vec::new()));
    let ids: Vec<u64> = rows.iter().map(|r| r.child.id.0).collect();
    // 5 left before the quarter, 6 arrives after it; by class then name.
    assert_eq!(ids, vec![2, 3, 4, 1]);
    assert_eq!(
        rows[0].changes,
        vec![Change::New {
            from: d(2026, 10, 12)
        }]
    );
    assert_eq!(
        rows[1].changes,
        vec![Change::CounselorChanged {
            from: CounselorId(100),
            to: CounselorId(200),
            on: d(2026, 11, 2)
        }]
    );
    assert_eq!(rows[1].counselor, Some(CounselorId(200)));
    assert!(matches!(
        rows[2].changes[..],
        [Change::Left { date, reason: LeaveReason::ParentsReturned, .. }] if date == d(2026, 11, 15)
    ));
    assert!(!rows[2].active);
    assert_eq!(
        rows[2].counselor,
        Some(CounselorId(200)),
        "on the day they left"
    );
    assert!(rows[3].changes.is_empty() && rows[3].active);
}

/// A guardian whose phone changed in the quarter and once before it, a flag added, parents'
/// contact changed and changed back, a new child, a change after the quarter and a leaving
/// recorded in the quarter for a day before it: each with its known answer.
#[test]
fn changes_to_the_record_are_read_from_its_history() {
    let q4 = Quarter::parse("2026Q4").unwrap();
    let mut first = child(1, "八年级(3)班");
    first.guardian = Guardian {
        name: "赵桂兰".into(),
        relation: "祖母".into(),
        phone: "13900000001".into(),
        address: "青石村三组".into(),
    };
    let (one, mut revisions) = edited(
        first,
        100,
        vec![
            (
                d(2026, 8, 20),
                Box::new(|c| c.guardian.phone = "13900000002".into()),
            ),
            (
                d(2026, 11, 3),
                Box::new(|c| c.guardian.phone = "13900000003".into()),
            ),
            (
                d(2026, 12, 10),
                Box::new(|c| {
                    c.flags.insert(Flag::Hardship);
                }),
            ),
        ],
    );
    let mut second = child(2, "八年级(3)班");
    second.father.phone = "13700000001".into();
    second.mother.work_place = "浙江义乌".into();
    let (two, more) = edited(
        second,
        200,
        vec![
            (
                d(2026, 10, 5),
                Box::new(|c| c.father.phone = "13700000009".into()),
            ),
            (
                d(2026, 10, 20),
                Box::new(|c| c.father.phone = "13700000001".into()),
            ),
            (
                d(2026, 11, 15),
                Box::new(|c| c.mother.work_place = "广东东莞".into()),
            ),
            // Not the district's business: no change reported for it.
            (d(2026, 11, 16), Box::new(|c| c.hobbies = "画画".into())),
        ],
    );
    revisions.extend(more);
    let (three, more) = edited(
        child(3, "八年级(3)班"),
        300,
        vec![(
            d(2026, 11, 1),
            Box::new(|c| c.guardian.name = "钱国强".into()),
        )],
    );
    revisions.extend(more);
    let (four, more) = edited(
        child(4, "八年级(3)班"),
        400,
        vec![(
            d(2027, 1, 5),
            Box::new(|c| c.guardian.phone = "13600000000".into()),
        )],
    );
    revisions.extend(more);
    let (five, more) = edited(
        child(5, "八年级(3)班"),
        500,
        vec![(
            d(2026, 10, 8),
            Box::new(|c| {
                c.status = ChildStatus::Left {
                    date: d(2026, 9, 28),
                    reason: LeaveReason::Moved,
                    note: String::new(),
                }
            }),
        )],
    );
    revisions.extend(more);
    let cares = [
        care(10, 1, 100, d(2026, 9, 1), None),
        care(11, 2, 100, d(2026, 9, 1), None),
        care(12, 3, 100, d(2026, 10, 12), None),
        care(13, 4, 100, d(2026, 9, 1), None),
        care(14, 5, 100, d(2026, 9, 1), Some(d(2026, 9, 28))),
    ];
    let children = vec![one, two, three, four, five];
    let rows = quarterly(q4, records(children.clone(), &cares, revisions.clone()));
    let of = |id: u64| rows.iter().find(|r| r.child.id == ChildId(id)).unwrap();
    assert_eq!(
        of(1).changes,
        vec![
            Change::GuardianChanged {
                on: d(2026, 11, 3),
                before: Guardian {
                    name: "赵桂兰".into(),
                    relation: "祖母".into(),
                    phone: "13900000002".into(),
                    address: "青石村三组".into(),
                },
            },
            Change::FlagsChanged {
                on: d(2026, 12, 10),
                added: BTreeSet::from([Flag::Hardship]),
                removed: BTreeSet::new(),
            },
        ]
    );
    let [Change::ParentsContactChanged { on, father, mother }] = &of(2).changes[..] else {
        panic!("{:?}", of(2).changes);
    };
    assert_eq!(*on, d(2026, 11, 15), "the father's phone came back");
    assert_eq!(father.phone, "13700000001");
    assert_eq!(mother.work_place, "浙江义乌");
    assert_eq!(
        of(3).changes,
        vec![Change::New {
            from: d(2026, 10, 12)
        }]
    );
    assert!(of(4).changes.is_empty(), "changed after the quarter");
    assert_eq!(of(4).child.guardian.phone, "", "as at the quarter's end");
    assert_eq!(
        of(5).changes,
        vec![Change::Left {
            date: d(2026, 9, 28),
            reason: LeaveReason::Moved,
            note: String::new()
        }]
    );
    assert_eq!(of(5).counselor, Some(CounselorId(100)));
    assert!(!of(5).active);

    // The quarter before: child 1 was new (so no change of theirs is news) and is listed as
    // the record stood at its end; child 5 was still there.
    let q3 = quarterly(q4.previous(), records(children, &cares, revisions));
    let of = |id: u64| q3.iter().find(|r| r.child.id == ChildId(id)).unwrap();
    assert_eq!(
        of(1).changes,
        vec![Change::New {
            from: d(2026, 9, 1)
        }]
    );
    assert_eq!(of(1).child.guardian.phone, "13900000002");
    assert!(of(5).active && of(5).child.is_active());
    assert!(q3.iter().all(|r| r.child.id != ChildId(3)), "not there yet");
}
