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

/// A sealed store's incidents open only with a passphrase: opened before anyone unlocks, the
/// step waits (`pending/absences`) and converts nothing; the next unlock makes the case,
/// closes the open incident naming it, leaves the closed one as it was, and runs once.
#[test]
fn a_sealed_store_makes_its_absence_cases_at_the_next_unlock() {
    use crate::store::tables::OPEN_ABSENCES;
    use redb::{ReadableDatabase, ReadableTableMetadata};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let actor = Actor::CommandLine("t".into());
    let (child, open_id, closed_id, alone_id) = {
        let (store, child) = super::sealed::school(&path);
        let li = (store.staff().unwrap().into_iter())
            .find(|s| s.name == "李老师")
            .unwrap();
        store
            .write(&actor, |w| {
                // As a version before 9 stored them, sealed like every incident.
                let open = incident(w.next_id()?, child, li.id, IncidentKind::DroppedOut);
                w.load(&open)?;
                let mut closed =
                    incident(w.next_id()?, child, li.id, IncidentKind::UnexplainedAbsence);
                closed.closed = Some(Closure {
                    at: at(11, 9),
                    by: li.id,
                    reason: "已返校".into(),
                });
                w.load(&closed)?;
                let alone = incident(w.next_id()?, child, li.id, IncidentKind::LivingAlone);
                w.put_incident(&alone)?;
                Ok((open.id, closed.id, alone.id))
            })
            .map(|(o, c, a)| (child, o, c, a))
            .unwrap()
    };
    let raw = |f: &dyn Fn(&redb::ReadTransaction)| {
        let db = redb::Database::create(&path).unwrap();
        f(&db.begin_read().unwrap());
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
    // Opened before anyone unlocks: nothing can be read, so nothing is converted yet.
    drop(Store::open(&path, super::clock()).unwrap());
    raw(&|read| {
        let meta = read.open_table(META).unwrap();
        assert!(
            meta.get("pending/absences").unwrap().is_some(),
            "the step waits"
        );
        let cases = read.open_table(OPEN_ABSENCES).unwrap();
        assert_eq!(cases.len().unwrap(), 0, "no case before the keys");
    });
    // The next unlock, on a later day: the incident it moves closes on the store's clock.
    let unlocked = at(12, 8);
    let store = Store::open(&path, crate::clock::Clock::fixed(unlocked)).unwrap();
    let session = store.unlock("周主任", &super::sealed::pass()).unwrap();
    let cases = session.reader().unwrap().absences_of_child(child).unwrap();
    assert_eq!(cases.len(), 1, "only the open absence became a case");
    let case = &cases[0];
    assert!(case.is_open());
    assert_eq!(case.kind, AbsenceKind::DroppedOut);
    assert_eq!(case.from_incident, Some(open_id));
    assert_eq!(case.first_day, at(11, 2).date());
    assert_eq!(case.attempts.len(), 2);
    drop(session);
    let r = store.reader().unwrap();
    let was = r.get::<Incident>(open_id.0).unwrap().unwrap();
    let closure = was.closed.unwrap();
    assert!(
        closure.reason.contains(&case.id.to_string()),
        "{}",
        closure.reason
    );
    assert_eq!(closure.at, unlocked);
    let closed = r.get::<Incident>(closed_id.0).unwrap().unwrap();
    assert_eq!(closed.closed.unwrap().reason, "已返校", "left as it was");
    let open: Vec<IncidentId> = r.open_incidents().unwrap().iter().map(|i| i.id).collect();
    assert_eq!(open, [alone_id]);
    assert_eq!(
        r.get::<Child>(child.0).unwrap().unwrap().enrolment,
        Enrolment::DroppedOut
    );
    let summary = r.get::<ChildSummary>(child.0).unwrap().unwrap();
    assert_eq!(
        summary.open_incidents, 1,
        "the summary lost the moved report: {summary:?}"
    );
    drop(r);
    drop(store);
    raw(&|read| {
        let meta = read.open_table(META).unwrap();
        assert!(meta.get("pending/absences").unwrap().is_none(), "done");
    });
    // Done once: the next unlock makes no second case.
    let store = Store::open(&path, super::clock()).unwrap();
    let session = store.unlock("周主任", &super::sealed::pass()).unwrap();
    assert_eq!(
        session
            .reader()
            .unwrap()
            .absences_of_child(child)
            .unwrap()
            .len(),
        1
    );
    drop(session);
    assert!(store.check().unwrap().is_empty());
}
