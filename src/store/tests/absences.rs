//! Absence cases leave the mandatory reports (issue 23, item 3): the migration to schema 9
//! turns each open incident of the kinds 无故旷课 / 辍学 into an open absence case, its events the
//! attempts, and closes the incident with a reason naming the case; a closed one stays.

use crate::model::*;
use crate::store::Store;
use crate::store::tables::META;
use chrono::NaiveDate;

fn at(m: u32, d: u32) -> Timestamp {
    NaiveDate::from_ymd_opt(2026, m, d)
        .unwrap()
        .and_hms_opt(9, 0, 0)
        .unwrap()
}

fn incident(id: u64, child: ChildId, by: CounselorId, kind: IncidentKind) -> Incident {
    Incident {
        id: IncidentId(id),
        child: Some(child),
        kind,
        other: String::new(),
        found: "连续三天没来上学".into(),
        found_at: at(11, 2),
        reported_by: by,
        reported_to: "教育局".into(),
        reported_at: None,
        receipt: String::new(),
        events: vec![
            IncidentEvent {
                at: at(11, 3),
                by,
                text: "电话联系爷爷，说孩子不想上学".into(),
            },
            IncidentEvent {
                at: at(11, 5),
                by,
                text: "家访，孩子躲在屋里不见人".into(),
            },
        ],
        revisions: vec![],
        closed: None,
    }
}

#[test]
fn the_migration_to_schema_9_makes_open_absence_incidents_absence_cases() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let actor = Actor::CommandLine("t".into());
    let (child, open_id, closed_id, alone_id) = {
        let store = Store::open(&path, super::clock()).unwrap();
        store
            .write(&actor, |w| {
                let li = w.add_counselor("李老师", Role::Counselor, vec![])?;
                let c = Child::new(
                    ChildId(w.next_id()?),
                    "张伟".into(),
                    Gender::Male,
                    NaiveDate::from_ymd_opt(2013, 5, 1).unwrap(),
                );
                w.put_child(&c)?;
                let open = incident(w.next_id()?, c.id, li.id, IncidentKind::UnexplainedAbsence);
                // As a version before 9 stored it (a report of these kinds is refused now).
                w.load(&open)?;
                let mut closed = incident(w.next_id()?, c.id, li.id, IncidentKind::DroppedOut);
                closed.closed = Some(Closure {
                    at: at(11, 9),
                    by: li.id,
                    reason: "已返校".into(),
                });
                w.load(&closed)?;
                let alone = incident(w.next_id()?, c.id, li.id, IncidentKind::LivingAlone);
                w.put_incident(&alone)?;
                Ok((c.id, open.id, closed.id, alone.id))
            })
            .unwrap()
    };
    {
        let db = redb::Database::create(&path).unwrap();
        let tx = db.begin_write().unwrap();
        tx.open_table(META)
            .unwrap()
            .insert("schema_version", 8)
            .unwrap();
        tx.commit().unwrap();
    }
    // Opened by a later program on a later day: the incidents it moves close on its clock.
    let migrated = at(12, 1);
    let store = Store::open(&path, crate::clock::Clock::fixed(migrated)).unwrap();
    let r = store.reader().unwrap();
    let cases = r.absences_of_child(child).unwrap();
    assert_eq!(cases.len(), 1, "only the open absence became a case");
    let case = &cases[0];
    assert!(case.is_open());
    assert_eq!(case.kind, AbsenceKind::Truancy);
    assert_eq!(case.first_day, at(11, 2).date());
    assert_eq!(case.from_incident, Some(open_id));
    assert_eq!(case.note, "连续三天没来上学");
    let results: Vec<&str> = case.attempts.iter().map(|a| a.result.as_str()).collect();
    assert_eq!(
        results,
        ["电话联系爷爷，说孩子不想上学", "家访，孩子躲在屋里不见人"]
    );
    assert!(
        case.attempts
            .iter()
            .all(|a| a.failed && a.way == AttemptWay::NotRecorded)
    );
    // Nothing lost: the incident is there, closed with a reason that names the case.
    let was = r.get::<Incident>(open_id.0).unwrap().unwrap();
    let closure = was.closed.unwrap();
    assert!(
        closure.reason.contains(&case.id.to_string()),
        "{}",
        closure.reason
    );
    assert_eq!(closure.at, migrated, "closed on the store's clock");
    assert_eq!(was.events.len(), 2);
    let open: Vec<IncidentId> = r.open_incidents().unwrap().iter().map(|i| i.id).collect();
    assert_eq!(
        open,
        [alone_id],
        "the police reports keep the living-alone one"
    );
    let closed = r.get::<Incident>(closed_id.0).unwrap().unwrap();
    assert_eq!(closed.closed.unwrap().reason, "已返校");
    assert_eq!(r.open_absences().unwrap().len(), 1);
    let child = r.get::<Child>(child.0).unwrap().unwrap();
    assert_eq!(
        child.enrolment,
        Enrolment::Truant,
        "the case sets the enrolment"
    );
    drop(r);
    assert!(store.check().unwrap().is_empty());
}

#[test]
fn no_new_report_takes_an_absence_kind() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("s.redb"), super::clock()).unwrap();
    let actor = Actor::CommandLine("t".into());
    let refused = store.write(&actor, |w| {
        let li = w.add_counselor("李老师", Role::Counselor, vec![])?;
        let c = Child::new(
            ChildId(w.next_id()?),
            "张伟".into(),
            Gender::Male,
            NaiveDate::from_ymd_opt(2013, 5, 1).unwrap(),
        );
        w.put_child(&c)?;
        let i = incident(w.next_id()?, c.id, li.id, IncidentKind::DroppedOut);
        w.put_incident(&i)
    });
    assert!(
        matches!(refused, Err(crate::store::StoreError::Refused(_))),
        "{refused:?}"
    );
}
