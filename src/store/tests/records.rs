//! The store against real files: records and indexes, unique keys, ids, migration, refusals,
//! crash safety, check, backup and restore, file modes.

use crate::model::*;
use crate::store::{Assigned, SCHEMA_VERSION, Store, StoreError, Writer};
use chrono::{NaiveDate, NaiveDateTime};
use redb::{ReadableDatabase, ReadableTable, TableDefinition};
use std::path::{Path, PathBuf};

const META: TableDefinition<&str, u64> = TableDefinition::new("meta");

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
    day(y, m, d).and_hms_opt(h, 0, 0).unwrap()
}

fn cli() -> Actor {
    Actor::CommandLine("tester".into())
}

fn temp() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    (dir, path)
}

fn add_child(w: &mut Writer, name: &str, sid: Option<&str>) -> Result<Child, StoreError> {
    let mut c = Child::new(
        ChildId(w.next_id()?),
        name.into(),
        Gender::Male,
        day(2013, 7, 21),
    );
    c.student_id = sid.map(String::from);
    c.class = "六年级(1)班".into();
    w.put_child(&c)?;
    Ok(c)
}

fn note(w: &mut Writer, children: &[ChildId], by: CounselorId, when: NaiveDateTime) -> Note {
    let n = Note {
        id: NoteId(w.next_id().unwrap()),
        children: children.to_vec(),
        counselor: by,
        kind: NoteKind::Talk,
        at: when,
        duration_min: Some(20),
        text: "谈心：说到了妈妈".into(),
        mood: Some(4),
        support: String::new(),
        follow_up: None,
        created: when,
        revisions: vec![],
        deleted: None,
    };
    w.put(&n).unwrap();
    n
}

fn followup(w: &mut Writer, child: ChildId, by: CounselorId, due: NaiveDate) -> FollowUp {
    let f = FollowUp {
        id: FollowUpId(w.next_id().unwrap()),
        child,
        counselor: by,
        due,
        text: "回访".into(),
        note: None,
        created: at(2026, 9, 1, 8),
        done: None,
    };
    w.put(&f).unwrap();
    f
}

fn letter(w: &mut Writer, received: NaiveDate) -> Letter {
    let l = Letter {
        id: LetterId(w.next_id().unwrap()),
        number: w.next_letter_number(received).unwrap(),
        received,
        pseudonym: None,
        text: "老师好".into(),
        status: LetterStatus::New,
        needs_attention: false,
        attention_reason: String::new(),
        reply: String::new(),
        replied_by: None,
        replied_at: None,
        printed: false,
        attention_closed: None,
        incident: None,
    };
    w.put(&l).unwrap();
    l
}

fn incident(w: &mut Writer, child: Option<ChildId>, by: CounselorId) -> Incident {
    let i = Incident {
        id: IncidentId(w.next_id().unwrap()),
        child,
        kind: IncidentKind::UnexplainedAbsence,
        other: String::new(),
        found: "连续三天未到校".into(),
        found_at: at(2026, 10, 9, 8),
        reported_by: by,
        reported_to: "镇教办".into(),
        reported_at: None,
        receipt: String::new(),
        events: vec![],
        revisions: vec![],
        closed: None,
    };
    w.put(&i).unwrap();
    i
}

#[test]
fn every_record_type_reads_back() {
    let (_dir, path) = temp();
    let store = Store::open(&path, super::clock()).unwrap();
    let (t, c, a_id, n, m, f, l, i) = store
        .write(&cli(), |w| {
            let t = w.add_counselor("李老师", Role::HeadTeacher, vec!["六年级(1)班".into()])?;
            let mut c = add_child(w, "张伟", Some("S001"))?;
            c.status = ChildStatus::Left {
                date: day(2026, 11, 1),
                reason: LeaveReason::Graduated,
                note: "升入初中".into(),
            };
            c.flags.insert(Flag::Disability);
            w.put_child(&c)?;
            w.assign(c.id, t.id, day(2026, 9, 1))?;
            let a_id = w.assignments_of_child(c.id)?[0].id;
            let n = note(w, &[c.id], t.id, at(2026, 9, 3, 10));
            let m = MoodEntry {
                id: MoodId(w.next_id()?),
                child: c.id,
                at: at(2026, 9, 3, 11),
                score: 3,
                feelings: vec!["想念父母".into()],
                observer: t.id,
                note: String::new(),
                follow_up: None,
            };
            w.put(&m)?;
            let f = followup(w, c.id, t.id, day(2026, 9, 10));
            let l = letter(w, day(2026, 9, 4));
            let i = incident(w, Some(c.id), t.id);
            Ok((t, c, a_id, n, m, f, l, i))
        })
        .unwrap();
    drop(store);
    let store = Store::open(&path, super::clock()).unwrap();
    let r = store.reader().unwrap();
    assert_eq!(r.get::<Counselor>(t.id.0).unwrap(), Some(t.clone()));
    assert_eq!(r.get::<Child>(c.id.0).unwrap(), Some(c.clone()));
    let a = r.get::<Assignment>(a_id.0).unwrap().unwrap();
    assert_eq!((a.child, a.counselor, a.until), (c.id, t.id, None));
    assert_eq!(r.get::<Note>(n.id.0).unwrap(), Some(n));
    assert_eq!(r.get::<MoodEntry>(m.id.0).unwrap(), Some(m));
    assert_eq!(r.get::<FollowUp>(f.id.0).unwrap(), Some(f));
    assert_eq!(r.get::<Letter>(l.id.0).unwrap(), Some(l));
    assert_eq!(r.get::<Incident>(i.id.0).unwrap(), Some(i));
    let audit = r.all::<AuditEvent>().unwrap();
    assert!(audit.iter().any(|e| e.action == AuditAction::Assign));
    assert_eq!(r.counselor_by_name("李老师").unwrap(), Some(t.clone()));
    assert_eq!(r.child_by_student_id("S001").unwrap(), Some(c.clone()));
    assert_eq!(
        r.child_by_name_birth("张伟", day(2013, 7, 21)).unwrap(),
        Some(c.clone())
    );
    assert_eq!(r.children_of_class("六年级(1)班").unwrap(), vec![c.id]);
    assert_eq!(r.children_visible_to(&t).unwrap(), vec![c]);
}

#[test]
fn assignment_indexes_follow_assign_and_reassign() {
    let (_dir, path) = temp();
    let store = Store::open(&path, super::clock()).unwrap();
    store
        .write(&cli(), |w| {
            let a = w.add_counselor("甲老师", Role::Counselor, vec![])?;
            let b = w.add_counselor("乙老师", Role::Counselor, vec![])?;
            let c = add_child(w, "王芳", None)?;
            let d = add_child(w, "赵敏", None)?;
            assert_eq!(w.assign(c.id, a.id, day(2026, 9, 1))?, Assigned::New);
            assert_eq!(w.assign(d.id, a.id, day(2026, 9, 1))?, Assigned::New);
            assert_eq!(w.assign(c.id, a.id, day(2026, 9, 5))?, Assigned::Unchanged);
            let mut mine = w.children_of_counselor(a.id)?;
            mine.sort();
            assert_eq!(mine, vec![c.id, d.id]);
            assert_eq!(w.assign(c.id, b.id, day(2026, 10, 1))?, Assigned::Moved);
            assert_eq!(w.children_of_counselor(a.id)?, vec![d.id]);
            assert_eq!(w.children_of_counselor(b.id)?, vec![c.id]);
            let history = w.assignments_of_child(c.id)?;
            assert_eq!(history.len(), 2);
            assert_eq!(history[0].counselor, a.id);
            assert_eq!(history[0].until, Some(day(2026, 9, 30)));
            assert_eq!(history[1].counselor, b.id);
            assert_eq!(history[1].until, None);
            assert!(w.end_assignment(d.id, day(2026, 12, 31))?);
            assert!(w.children_of_counselor(a.id)?.is_empty());
            Ok(())
        })
        .unwrap();
    // Committed state reads the same from a fresh snapshot.
    let r = store.reader().unwrap();
    let b = r.counselor_by_name("乙老师").unwrap().unwrap();
    assert_eq!(r.children_of_counselor(b.id).unwrap().len(), 1);
}

#[test]
fn a_head_teachers_children_are_those_of_the_classes_led_and_assigned_once_each() {
    let (_dir, path) = temp();
    let store = Store::open(&path, super::clock()).unwrap();
    let (head, ids) = store
        .write(&cli(), |w| {
            let head = w.add_counselor("陈老师", Role::HeadTeacher, vec!["六年级(1)班".into()])?;
            let a = add_child(w, "王芳", None)?;
            let b = add_child(w, "赵敏", None)?;
            let mut left = add_child(w, "张伟", None)?;
            left.status = ChildStatus::Left {
                date: day(2026, 11, 1),
                reason: LeaveReason::Graduated,
                note: String::new(),
            };
            w.put_child(&left)?;
            let mut other = add_child(w, "刘洋", None)?;
            other.class = "五年级(2)班".into();
            w.put_child(&other)?;
            // One of the class also assigned, one of another class assigned: each once.
            w.assign(a.id, head.id, day(2026, 9, 1))?;
            w.assign(other.id, head.id, day(2026, 9, 1))?;
            Ok((head, vec![a.id, b.id, other.id]))
        })
        .unwrap();
    let r = store.reader().unwrap();
    let mut mine: Vec<ChildId> = r
        .children_in_care_of(&head)
        .unwrap()
        .iter()
        .map(|c| c.id)
        .collect();
    mine.sort();
    assert_eq!(mine, ids, "the one who left is no longer in care");
}

#[test]
fn group_notes_appear_newest_first_for_each_child() {
    let (_dir, path) = temp();
    let store = Store::open(&path, super::clock()).unwrap();
    let (kids, old, group, newest) = store
        .write(&cli(), |w| {
            let t = w.add_counselor("李老师", Role::Counselor, vec![])?;
            let kids: Vec<ChildId> = ["一", "二", "三"]
                .iter()
                .map(|n| add_child(w, &format!("孩子{n}"), None).unwrap().id)
                .collect();
            let old = note(w, &[kids[0]], t.id, at(2026, 9, 1, 9));
            // Written later but happened between the two others: order is by time, not id.
            let newest = note(w, &[kids[0]], t.id, at(2026, 9, 20, 9));
            let group = note(w, &kids, t.id, at(2026, 9, 10, 9));
            Ok((kids, old.id, group.id, newest.id))
        })
        .unwrap();
    let r = store.reader().unwrap();
    assert_eq!(
        r.note_ids_of_child(kids[0]).unwrap(),
        vec![newest, group, old]
    );
    assert_eq!(r.note_ids_of_child(kids[1]).unwrap(), vec![group]);
    assert_eq!(r.note_ids_of_child(kids[2]).unwrap(), vec![group]);
    // Moving the group note in time moves it in every child's timeline.
    store
        .write(&cli(), |w| {
            let mut n = w.get::<Note>(group.0)?.unwrap();
            n.at = at(2026, 9, 30, 9);
            w.put(&n)
        })
        .unwrap();
    let r = store.reader().unwrap();
    assert_eq!(
        r.note_ids_of_child(kids[0]).unwrap(),
        vec![group, newest, old]
    );
}

#[test]
fn open_followups_and_incidents_drop_what_is_closed() {
    let (_dir, path) = temp();
    let store = Store::open(&path, super::clock()).unwrap();
    let (early, due, done, later, open_i, closed_i) = store
        .write(&cli(), |w| {
            let t = w.add_counselor("李老师", Role::Counselor, vec![])?;
            let c = add_child(w, "张伟", None)?;
            let due = followup(w, c.id, t.id, day(2026, 9, 10));
            let early = followup(w, c.id, t.id, day(2026, 9, 2));
            let mut done = followup(w, c.id, t.id, day(2026, 9, 5));
            let later = followup(w, c.id, t.id, day(2026, 9, 11));
            done.done = Some(FollowUpDone {
                at: at(2026, 9, 5, 9),
                by: t.id,
                note: String::new(),
            });
            w.put(&done)?;
            let open_i = incident(w, Some(c.id), t.id);
            let mut closed_i = incident(w, None, t.id);
            closed_i.closed = Some(Closure {
                at: at(2026, 10, 10, 9),
                by: t.id,
                reason: "已返校".into(),
            });
            w.put(&closed_i)?;
            Ok((early.id, due.id, done.id, later.id, open_i.id, closed_i.id))
        })
        .unwrap();
    let r = store.reader().unwrap();
    let ids: Vec<_> = r
        .open_followups_due_by(day(2026, 9, 10))
        .unwrap()
        .iter()
        .map(|f| f.id)
        .collect();
    assert_eq!(
        ids,
        vec![early, due],
        "done {done:?} and later {later:?} are left out"
    );
    assert!(r.open_followups_due_by(day(2026, 9, 1)).unwrap().is_empty());
    let open: Vec<_> = r.open_incidents().unwrap().iter().map(|i| i.id).collect();
    assert_eq!(open, vec![open_i]);
    assert!(
        r.get::<Incident>(closed_i.0).unwrap().is_some(),
        "never deleted"
    );
}

#[test]
fn letter_numbers_follow_iso_weeks_across_the_year_edge() {
    assert_eq!(LetterNumber::week_of(day(2026, 12, 31)), (2026, 53));
    assert_eq!(LetterNumber::week_of(day(2027, 1, 1)), (2026, 53));
    assert_eq!(LetterNumber::week_of(day(2024, 12, 30)), (2025, 1));
    let (_dir, path) = temp();
    let store = Store::open(&path, super::clock()).unwrap();
    store
        .write(&cli(), |w| {
            let a = letter(w, day(2026, 12, 31));
            assert_eq!(a.number.to_string(), "2026-W53-01");
            let b = letter(w, day(2027, 1, 1));
            assert_eq!(b.number.to_string(), "2026-W53-02");
            let c = letter(w, day(2027, 1, 4));
            assert_eq!(c.number.to_string(), "2027-W01-01");
            let d = letter(w, day(2024, 12, 30));
            assert_eq!(d.number.to_string(), "2025-W01-01");
            assert_eq!(
                w.next_letter_number(day(2025, 1, 5))?.to_string(),
                "2025-W01-02"
            );
            Ok(())
        })
        .unwrap();
    let r = store.reader().unwrap();
    let week: Vec<String> = r
        .letters_of_week(2026, 53)
        .unwrap()
        .iter()
        .map(|l| l.number.to_string())
        .collect();
    assert_eq!(week, ["2026-W53-01", "2026-W53-02"]);
    assert_eq!(r.letters_of_week(2027, 1).unwrap().len(), 1);
    assert_eq!(r.letters_of_week(2025, 1).unwrap().len(), 1);
    assert_eq!(r.letters_with_status(LetterStatus::New).unwrap().len(), 4);
}

#[test]
fn unique_indexes_refuse_duplicates_and_roll_back() {
    let (_dir, path) = temp();
    let store = Store::open(&path, super::clock()).unwrap();
    store
        .write(&cli(), |w| {
            w.add_counselor("李老师", Role::Counselor, vec![])?;
            add_child(w, "张伟", Some("S001"))
        })
        .unwrap();
    let err = store
        .write(&cli(), |w| {
            w.add_counselor(" 李老师 ", Role::Counselor, vec![])
        })
        .unwrap_err();
    assert!(
        matches!(err, StoreError::DuplicateCounselor { .. }),
        "{err:?}"
    );
    let err = store
        .write(&cli(), |w| {
            add_child(w, "李明", None)?;
            add_child(w, "王芳", Some("S001"))
        })
        .unwrap_err();
    assert!(
        matches!(err, StoreError::DuplicateStudentId { .. }),
        "{err:?}"
    );
    let err = store
        .write(&cli(), |w| add_child(w, "张伟", Some("S002")))
        .unwrap_err();
    assert!(matches!(err, StoreError::DuplicateChild { .. }), "{err:?}");
    let r = store.reader().unwrap();
    assert_eq!(
        r.count::<Child>().unwrap(),
        1,
        "the failed transactions left nothing"
    );
    assert_eq!(r.count::<Counselor>().unwrap(), 1);
    assert!(
        r.child_by_name_birth("李明", day(2013, 7, 21))
            .unwrap()
            .is_none()
    );
}

#[test]
fn ids_never_repeat_across_types_or_after_reopening() {
    let (_dir, path) = temp();
    let mut seen = std::collections::BTreeSet::new();
    for round in 0..3 {
        let store = Store::open(&path, super::clock()).unwrap();
        let ids = store
            .write(&cli(), |w| {
                let t = w.add_counselor(&format!("老师{round}"), Role::Counselor, vec![])?;
                let c = add_child(w, &format!("孩子{round}"), None)?;
                let n = note(w, &[c.id], t.id, at(2026, 9, 1, 9));
                let l = letter(w, day(2026, 9, 1));
                Ok(vec![t.id.0, c.id.0, n.id.0, l.id.0, w.next_id()?])
            })
            .unwrap();
        // A transaction that fails hands nothing out twice either.
        let _ = store.write(&cli(), |w| {
            w.next_id()?;
            Err::<(), _>(StoreError::Refused(Refusal::ChildExists))
        });
        let audit: Vec<u64> = store
            .reader()
            .unwrap()
            .all::<AuditEvent>()
            .unwrap()
            .iter()
            .map(|e| e.id.0)
            .collect();
        for id in ids.into_iter().chain(audit) {
            seen.insert((id, round));
        }
    }
    let mut by_id: std::collections::BTreeMap<u64, u32> = Default::default();
    for (id, _) in &seen {
        *by_id.entry(*id).or_default() += 1;
    }
    // Audit ids are listed again each round (the same events), all others only once.
    let store = Store::open(&path, super::clock()).unwrap();
    let r = store.reader().unwrap();
    let mut all: Vec<u64> = Vec::new();
    all.extend(r.all::<Counselor>().unwrap().iter().map(|x| x.id.0));
    all.extend(r.all::<Child>().unwrap().iter().map(|x| x.id.0));
    all.extend(r.all::<Note>().unwrap().iter().map(|x| x.id.0));
    all.extend(r.all::<Letter>().unwrap().iter().map(|x| x.id.0));
    all.extend(r.all::<AuditEvent>().unwrap().iter().map(|x| x.id.0));
    let unique: std::collections::BTreeSet<u64> = all.iter().copied().collect();
    assert_eq!(unique.len(), all.len(), "an id was used twice: {all:?}");
    let next = store.write(&cli(), |w| w.next_id()).unwrap();
    assert!(by_id.keys().all(|id| *id < next));
}

/// Opens the file with redb directly, as only a test may.
fn with_redb(path: &Path, f: impl FnOnce(&redb::WriteTransaction)) {
    let db = redb::Database::create(path).unwrap();
    let tx = db.begin_write().unwrap();
    f(&tx);
    tx.commit().unwrap();
}

fn stored_version(path: &Path) -> u64 {
    let db = redb::Database::create(path).unwrap();
    let r = db.begin_read().unwrap();
    let table = r.open_table(META).unwrap();
    table.get("schema_version").unwrap().unwrap().value()
}

#[test]
fn an_old_store_is_migrated_and_its_index_rebuilt() {
    let (_dir, path) = temp();
    {
        let store = Store::open(&path, super::clock()).unwrap();
        store
            .write(&cli(), |w| add_child(w, "张伟", None).map(|_| ()))
            .unwrap();
    }
    assert_eq!(stored_version(&path), SCHEMA_VERSION);
    with_redb(&path, |tx| {
        tx.open_table(META)
            .unwrap()
            .insert("schema_version", 1)
            .unwrap();
        let def: redb::MultimapTableDefinition<&str, u64> =
            redb::MultimapTableDefinition::new("ix_class_children");
        tx.open_multimap_table(def)
            .unwrap()
            .remove_all("六年级(1)班")
            .unwrap();
    });
    {
        let store = Store::open(&path, super::clock()).unwrap();
        let r = store.reader().unwrap();
        assert_eq!(r.children_of_class("六年级(1)班").unwrap().len(), 1);
        drop(r);
        assert!(store.check().unwrap().is_empty());
    }
    assert_eq!(stored_version(&path), SCHEMA_VERSION);
}

#[test]
fn a_newer_store_is_refused_and_left_unchanged() {
    let (_dir, path) = temp();
    drop(Store::open(&path, super::clock()).unwrap());
    with_redb(&path, |tx| {
        tx.open_table(META)
            .unwrap()
            .insert("schema_version", SCHEMA_VERSION + 7)
            .unwrap();
    });
    let before = std::fs::read(&path).unwrap();
    match Store::open(&path, super::clock()) {
        Err(StoreError::TooNew {
            found, supported, ..
        }) => {
            assert_eq!((found, supported), (SCHEMA_VERSION + 7, SCHEMA_VERSION));
        }
        other => panic!("expected TooNew, got {:?}", other.map(|_| ())),
    }
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_text_file_is_not_a_store_and_stays_as_it_was() {
    let (_dir, path) = temp();
    let text = "姓名,性别\n张伟,男\n".as_bytes();
    std::fs::write(&path, text).unwrap();
    let err = Store::open(&path, super::clock()).map(|_| ()).unwrap_err();
    assert!(matches!(err, StoreError::NotAStore { .. }), "{err:?}");
    assert!(err.to_string().contains(&path.display().to_string()));
    assert_eq!(std::fs::read(&path).unwrap(), text);
    // A folder given as the store is refused: only a regular file is a store.
    let err = Store::open(path.parent().unwrap(), super::clock())
        .map(|_| ())
        .unwrap_err();
    assert!(matches!(err, StoreError::NotAFile { .. }), "{err:?}");
}

/// Issue 18 item 2.9: an empty file is not a store. It is never turned into a new one (the
/// next start would find a store with no staff, where anyone may add a coordinator).
#[test]
fn an_empty_file_is_refused_and_left_as_it_was() {
    let (_dir, path) = temp();
    std::fs::write(&path, b"").unwrap();
    for open in [Store::open, Store::open_existing] {
        let err = open(&path, super::clock()).map(|_| ()).unwrap_err();
        assert!(matches!(err, StoreError::EmptyFile { .. }), "{err:?}");
        assert_eq!(std::fs::read(&path).unwrap(), b"");
    }
    crate::i18n::set_lang(crate::i18n::Lang::En);
    let err = Store::open(&path, super::clock()).map(|_| ()).unwrap_err();
    assert!(err.to_string().contains("empty"), "{err}");
}

/// A new store is made under a temporary name and linked into place once its tables are
/// committed: the store's name never shows a file that is not yet a store, and a file left
/// by a creation that was killed does not stand in the way.
#[test]
fn a_new_store_gets_its_name_only_when_whole() {
    let (dir, path) = temp();
    let creating = dir.path().join("s.redb.creating");
    std::fs::write(&creating, vec![0u8; 4096]).unwrap();
    drop(Store::open(&path, super::clock()).unwrap());
    assert!(!creating.exists());
    let names: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names, ["s.redb"]);
    assert!(
        Store::open(&path, super::clock())
            .unwrap()
            .check()
            .unwrap()
            .is_empty()
    );
    assert!(crate::store::is_store_file(&path, &creating));
}

#[test]
fn a_second_open_in_the_same_process_is_refused() {
    let (_dir, path) = temp();
    let first = Store::open(&path, super::clock()).unwrap();
    let err = Store::open(&path, super::clock()).map(|_| ()).unwrap_err();
    assert!(matches!(err, StoreError::AlreadyOpen { .. }), "{err:?}");
    drop(first);
    assert!(
        Store::open(&path, super::clock()).is_ok(),
        "closing releases the lock"
    );
}

const CRASH_ENV: &str = "SHOUWANG_TEST_CRASH_WRITER";
const CRASH_RECORDS: u64 = 25;

/// Run as a child process by `a_killed_writer_loses_no_committed_record`: writes records in
/// separate durable transactions, leaves one uncommitted, then aborts without closing.
/// Ignored, so that a plain run does not count it as a test that passed having checked nothing.
#[test]
#[ignore = "the child process of a_killed_writer_loses_no_committed_record"]
fn crash_writer_child() {
    let path = std::env::var(CRASH_ENV)
        .expect("run by a_killed_writer_loses_no_committed_record, which names the store");
    let store = Store::open(Path::new(&path), super::clock()).unwrap();
    let t = store
        .write(&cli(), |w| {
            w.add_counselor("李老师", Role::Counselor, vec![])
        })
        .unwrap();
    for i in 0..CRASH_RECORDS {
        store
            .write(&cli(), |w| {
                let c = add_child(w, &format!("孩子{i}"), None)?;
                note(w, &[c.id], t.id, at(2026, 9, 1, 9));
                Ok(())
            })
            .unwrap();
    }
    let _ = store.write(&cli(), |w| -> Result<(), StoreError> {
        add_child(w, "未提交", None)?;
        std::process::abort()
    });
}

#[test]
fn a_killed_writer_loses_no_committed_record() {
    let (_dir, path) = temp();
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "store::tests::records::crash_writer_child",
            "--exact",
            "--ignored",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CRASH_ENV, &path)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .unwrap();
    assert!(!status.success(), "the child must have aborted");
    let store = Store::open(&path, super::clock()).unwrap();
    let r = store.reader().unwrap();
    assert_eq!(r.count::<Child>().unwrap(), CRASH_RECORDS);
    assert_eq!(r.count::<Note>().unwrap(), CRASH_RECORDS);
    assert!(
        r.child_by_name_birth("未提交", day(2013, 7, 21))
            .unwrap()
            .is_none()
    );
    drop(r);
    let problems = store.check().unwrap();
    assert!(
        problems.iter().all(|p| !p.contains("ix_")),
        "indexes agree after a crash: {problems:?}"
    );
}

#[test]
fn check_finds_a_corrupted_index() {
    let (_dir, path) = temp();
    {
        let store = Store::open(&path, super::clock()).unwrap();
        store
            .write(&cli(), |w| {
                let t = w.add_counselor("李老师", Role::Counselor, vec![])?;
                let c = add_child(w, "张伟", None)?;
                note(w, &[c.id], t.id, at(2026, 9, 1, 9));
                Ok(())
            })
            .unwrap();
        assert_eq!(store.check().unwrap(), Vec::<String>::new());
    }
    with_redb(&path, |tx| {
        let def: TableDefinition<(u64, i64, u64), u8> = TableDefinition::new("ix_child_notes");
        let mut t = tx.open_table(def).unwrap();
        let key = t.iter().unwrap().next().unwrap().unwrap().0.value();
        t.remove(key).unwrap();
    });
    let problems = Store::open(&path, super::clock()).unwrap().check().unwrap();
    // The lost row is found, and so is the summary that no longer agrees with the index.
    assert_eq!(problems.len(), 2, "{problems:?}");
    assert!(problems[0].contains("ix_child_notes"), "{problems:?}");
}

#[test]
fn a_damaged_backup_is_named_as_damaged_and_the_live_store_is_not_touched() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let good = dir.path().join("good.redb");
    {
        let store = Store::open(&path, super::clock()).unwrap();
        store
            .write(&cli(), |w| {
                for i in 0..200 {
                    add_child(w, &format!("孩子{i}"), Some(&format!("S{i:03}")))?;
                }
                Ok(())
            })
            .unwrap();
        store.backup_to(&good).unwrap();
    }
    let bytes = std::fs::read(&good).unwrap();
    let truncated = dir.path().join("truncated.redb");
    std::fs::write(&truncated, &bytes[..bytes.len() / 2]).unwrap();
    // Garbled past the header: redb panics on some such pages instead of reporting them.
    let garbled = dir.path().join("garbled.redb");
    let mut g = bytes.clone();
    for i in (4096..g.len()).step_by(997) {
        g[i] ^= 0x5a;
    }
    std::fs::write(&garbled, &g).unwrap();
    let before = Store::open(&path, super::clock())
        .unwrap()
        .reader()
        .unwrap()
        .count::<Child>()
        .unwrap();
    for bad in [&truncated, &garbled] {
        let err = Store::restore(
            &path,
            bad,
            &Actor::CommandLine("t".into()),
            None,
            super::clock(),
        )
        .unwrap_err();
        assert!(matches!(err, StoreError::BackupDamaged { .. }), "{err:?}");
        for lang in [crate::i18n::Lang::En, crate::i18n::Lang::Zh] {
            crate::i18n::set_lang(lang);
            let said = err.to_string();
            assert!(said.contains(&bad.display().to_string()), "{said}");
            assert!(
                said.contains("The store in use was not touched")
                    || said.contains("正在使用的数据文件没有任何改动"),
                "{said}"
            );
            assert!(!said.contains("restore the latest backup"), "{said}");
        }
        // Untouched but for the audit of the refusal.
        let live = Store::open(&path, super::clock()).unwrap();
        assert_eq!(live.reader().unwrap().count::<Child>().unwrap(), before);
        let refused = live.reader().unwrap().all::<AuditEvent>().unwrap();
        assert!(refused.iter().any(|e| e.action == AuditAction::Refused));
    }
    let beside: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("before-restore") || n.contains("restoring"))
        .collect();
    assert!(beside.is_empty(), "{beside:?}");
}

#[test]
fn backup_and_restore_keep_the_replaced_store() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let backup = dir.path().join("backup.redb");
    {
        let store = Store::open(&path, super::clock()).unwrap();
        store
            .write(&cli(), |w| {
                w.add_counselor("周主任", Role::Coordinator, vec![])?;
                add_child(w, "张伟", None).map(|_| ())
            })
            .unwrap();
        store.backup_to(&backup).unwrap();
        let err = store.backup_to(&backup).unwrap_err();
        assert!(matches!(err, StoreError::Refused(_)), "never overwrites");
        store
            .write(&cli(), |w| add_child(w, "李明", None).map(|_| ()))
            .unwrap();
    }
    // The copy is a good store of its own.
    assert!(
        Store::open(&backup, super::clock())
            .unwrap()
            .check()
            .unwrap()
            .is_empty()
    );

    // A text file is refused and the current store is untouched.
    let text = dir.path().join("notes.txt");
    std::fs::write(&text, "不是备份").unwrap();
    let err = Store::restore(
        &path,
        &text,
        &Actor::CommandLine("t".into()),
        None,
        super::clock(),
    )
    .unwrap_err();
    assert!(matches!(err, StoreError::BackupNotAStore { .. }), "{err:?}");
    let live = Store::open(&path, super::clock()).unwrap();
    assert_eq!(live.reader().unwrap().count::<Child>().unwrap(), 2);
    drop(live);
    assert_eq!(std::fs::read(&text).unwrap(), "不是备份".as_bytes());

    let kept = Store::restore(
        &path,
        &backup,
        &Actor::CommandLine("t".into()),
        None,
        super::clock(),
    )
    .unwrap()
    .expect("old store kept");
    assert!(kept.exists());
    let restored = Store::open(&path, super::clock()).unwrap();
    assert_eq!(restored.reader().unwrap().count::<Child>().unwrap(), 1);
    let old = Store::open(&kept, super::clock()).unwrap();
    assert_eq!(old.reader().unwrap().count::<Child>().unwrap(), 2);
    // Ids handed out before the backup are not handed out again after restoring it.
    let max = restored
        .reader()
        .unwrap()
        .all::<AuditEvent>()
        .unwrap()
        .len() as u64;
    assert!(restored.write(&cli(), |w| w.next_id()).unwrap() > max);
}

#[cfg(unix)]
#[test]
fn store_file_and_folder_are_private() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let folder = dir.path().join("data").join("shouwang");
    let path = folder.join("s.redb");
    // A store is made only in a folder that exists: a mistyped path leaves nothing behind.
    assert!(matches!(
        Store::open(&path, super::clock()),
        Err(StoreError::NoFolder { .. })
    ));
    assert!(!dir.path().join("data").exists());
    assert!(matches!(
        Store::open_existing(&dir.path().join("x.redb"), super::clock()),
        Err(StoreError::Missing { .. })
    ));
    assert!(!dir.path().join("x.redb").exists());
    // The default data folder is made by the caller, owner-only.
    crate::paths::create_private_dir(&folder).unwrap();
    drop(Store::open(&path, super::clock()).unwrap());
    let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode(&path), 0o600);
    assert_eq!(mode(&folder), 0o700);
    assert_eq!(mode(folder.parent().unwrap()), 0o700);
    let backup = dir.path().join("b.redb");
    Store::open(&path, super::clock())
        .unwrap()
        .backup_to(&backup)
        .unwrap();
    assert_eq!(mode(&backup), 0o600);
}

#[cfg(unix)]
#[test]
fn a_folder_without_permission_gives_a_clear_error() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    // Root ignores modes: find out by trying to read a file of mode 000.
    let probe = dir.path().join("probe");
    std::fs::write(&probe, "x").unwrap();
    std::fs::set_permissions(&probe, std::fs::Permissions::from_mode(0o000)).unwrap();
    if std::fs::read(&probe).is_ok() {
        eprintln!("skipped: running with privileges that ignore file modes");
        return;
    }
    let locked = dir.path().join("locked");
    std::fs::create_dir(&locked).unwrap();
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o000)).unwrap();
    let result = Store::open(&locked.join("s.redb"), super::clock()).map(|_| ());
    std::fs::set_permissions(&locked, std::fs::Permissions::from_mode(0o700)).unwrap();
    let err = result.unwrap_err();
    assert!(
        matches!(err, StoreError::PermissionDenied { .. }),
        "{err:?}"
    );
    assert!(err.to_string().contains("locked"));
}

/// The per-child summary follows every write in the same transaction: notes (a group note
/// for each child, a deleted note no longer), moods, follow-ups, incidents, assignments and
/// the child's own fields; `check` finds a summary that was tampered with.
#[test]
fn the_child_summary_follows_every_write() {
    let (_dir, path) = temp();
    let store = Store::open(&path, super::clock()).unwrap();
    let summary = |store: &Store, c: ChildId| {
        store
            .reader()
            .unwrap()
            .get::<ChildSummary>(c.0)
            .unwrap()
            .unwrap()
    };
    let (t, a, b) = store
        .write(&cli(), |w| {
            let t = w.add_counselor("李老师", Role::Counselor, vec![])?;
            let a = add_child(w, "张伟", Some("S1"))?;
            let b = add_child(w, "曾小燕", Some("S2"))?;
            Ok((t, a, b))
        })
        .unwrap();
    let s = summary(&store, a.id);
    assert_eq!(
        (s.name.as_str(), s.counselor, s.last(NoteKind::Talk)),
        ("张伟", None, None)
    );

    let group = store
        .write(&cli(), |w| {
            w.assign(a.id, t.id, day(2026, 9, 1))?;
            let n = note(w, &[a.id, b.id], t.id, at(2026, 9, 7, 10));
            note(w, &[a.id], t.id, at(2026, 9, 3, 10));
            Ok(n)
        })
        .unwrap();
    let s = summary(&store, a.id);
    assert_eq!(s.counselor, Some(t.id));
    assert_eq!(s.care_started, Some(day(2026, 9, 1)));
    assert_eq!(
        s.days_of(NoteKind::Talk),
        vec![day(2026, 9, 7), day(2026, 9, 3)]
    );
    assert_eq!(
        summary(&store, b.id).last(NoteKind::Talk),
        Some(day(2026, 9, 7))
    );

    store
        .write(&cli(), |w| {
            w.delete_note(group.id, "记错了孩子")?;
            let mut renamed = w.get::<Child>(b.id.0)?.unwrap();
            renamed.class = "六年级(2)班".into();
            w.put_child(&renamed)?;
            followup(w, a.id, t.id, day(2026, 9, 20));
            incident(w, Some(a.id), t.id);
            let m = MoodEntry {
                id: MoodId(w.next_id()?),
                child: a.id,
                at: at(2026, 9, 8, 9),
                score: 2,
                feelings: vec![],
                observer: t.id,
                note: String::new(),
                follow_up: None,
            };
            w.put(&m)
        })
        .unwrap();
    let s = summary(&store, a.id);
    assert_eq!(s.days_of(NoteKind::Talk), vec![day(2026, 9, 3)]);
    assert_eq!(
        (s.open_followups, s.next_followup),
        (1, Some(day(2026, 9, 20)))
    );
    assert_eq!(s.open_incidents, 1);
    // The talk of 09-03 was about 张伟 alone: its mood is in his history beside the entry;
    // the deleted group session's is in nobody's.
    assert_eq!(
        s.moods(),
        vec![(at(2026, 9, 3, 10), 4), (at(2026, 9, 8, 9), 2)]
    );
    let s = summary(&store, b.id);
    assert_eq!(
        (s.last(NoteKind::Talk), s.class.as_str()),
        (None, "六年级(2)班")
    );
    drop(store);

    assert_eq!(
        Store::open(&path, super::clock()).unwrap().check().unwrap(),
        Vec::<String>::new()
    );
    with_redb(&path, |tx| {
        let def: TableDefinition<u64, &[u8]> = TableDefinition::new("summaries");
        tx.open_table(def).unwrap().remove(b.id.0).unwrap();
    });
    let problems = Store::open(&path, super::clock()).unwrap().check().unwrap();
    assert!(
        problems.iter().any(|p| p.contains(&b.id.to_string())),
        "{problems:?}"
    );
}

/// Drafts pass through the codec like every record; a version-2 store's raw drafts are
/// sealed by the migration and read back unchanged.
#[test]
fn drafts_of_an_older_store_are_sealed_by_the_migration() {
    let (_dir, path) = temp();
    {
        let store = Store::open(&path, super::clock()).unwrap();
        store
            .write(&cli(), |w| {
                w.save_draft("note:1", "新的草稿".as_bytes(), None)
            })
            .unwrap();
        let r = store.reader().unwrap();
        assert_eq!(r.draft("note:1").unwrap().unwrap(), "新的草稿".as_bytes());
    }
    with_redb(&path, |tx| {
        tx.open_table(META)
            .unwrap()
            .insert("schema_version", 2)
            .unwrap();
        let def: TableDefinition<&str, &[u8]> = TableDefinition::new("drafts");
        tx.open_table(def)
            .unwrap()
            .insert("note:2", "旧的草稿".as_bytes())
            .unwrap();
    });
    let store = Store::open(&path, super::clock()).unwrap();
    let r = store.reader().unwrap();
    assert_eq!(r.draft("note:2").unwrap().unwrap(), "旧的草稿".as_bytes());
    drop(r);
    assert_eq!(store.check().unwrap(), Vec::<String>::new());
}

/// Schema 6: a plain store's letters of layout 1 are rewritten at layout 2 by the migration,
/// and read the same.
#[test]
fn a_schema_5_store_has_its_letters_rewritten_at_the_new_layout() {
    let (_dir, path) = temp();
    let written = {
        let store = Store::open(&path, super::clock()).unwrap();
        store
            .write(&cli(), |w| {
                Ok(letter(w, NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()))
            })
            .unwrap()
    };
    let def: redb::TableDefinition<u64, &[u8]> = redb::TableDefinition::new("letters");
    with_redb(&path, |tx| {
        tx.open_table(META)
            .unwrap()
            .insert("schema_version", 5)
            .unwrap();
        let mut table = tx.open_table(def).unwrap();
        let mut old = vec![1];
        let mut body = postcard::to_allocvec(&written).unwrap();
        body.truncate(body.len() - 2);
        old.extend(body);
        table.insert(written.id.0, old.as_slice()).unwrap();
    });
    {
        let store = Store::open(&path, super::clock()).unwrap();
        assert_eq!(
            store.reader().unwrap().get::<Letter>(written.id.0).unwrap(),
            Some(written.clone())
        );
        assert!(store.check().unwrap().is_empty());
    }
    assert_eq!(stored_version(&path), SCHEMA_VERSION);
    let db = redb::Database::create(&path).unwrap();
    let r = db.begin_read().unwrap();
    let layout = r
        .open_table(def)
        .unwrap()
        .get(written.id.0)
        .unwrap()
        .unwrap()
        .value()[0];
    assert_eq!(layout, 2);
}

/// Issue 18 item 2.9: a staff member or a child whose name differs from one in the store only
/// by an invisible character is the same name: refused as a twin, found by the plain name.
#[test]
fn names_are_kept_without_invisible_characters() {
    let (_dir, path) = temp();
    let store = Store::open(&path, super::clock()).unwrap();
    store
        .write(&cli(), |w| {
            w.add_counselor("周主任", Role::Coordinator, vec![])?;
            add_child(w, "王芳", None).map(|_| ())
        })
        .unwrap();
    let twin = store.write(&cli(), |w| {
        w.add_counselor("周\u{200B}主任", Role::Counselor, vec![])
    });
    assert!(
        matches!(twin, Err(StoreError::DuplicateCounselor { .. })),
        "{twin:?}"
    );
    let twin = store.write(&cli(), |w| add_child(w, "王\u{FEFF}芳", None));
    assert!(
        matches!(twin, Err(StoreError::DuplicateChild { .. })),
        "{twin:?}"
    );
    let added = store
        .write(&cli(), |w| add_child(w, "\u{200D}李\u{00AD}明", None))
        .unwrap();
    let kept = store
        .reader()
        .unwrap()
        .get::<Child>(added.id.0)
        .unwrap()
        .unwrap();
    assert_eq!(kept.name, "李明");
    let found = store
        .reader()
        .unwrap()
        .counselor_by_name("周主任\u{200C}")
        .unwrap();
    assert_eq!(found.map(|c| c.name).as_deref(), Some("周主任"));
}
