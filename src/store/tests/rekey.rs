//! A departure changes the keys the person may have kept (issue 20, item 2; `store::rekey`):
//! the data key always, the school's key when a coordinator leaves or takes another role. A
//! key kept from a copy of her day opens nothing in a copy made afterwards, and everyone
//! still at work reads what they read before.

use super::child_keys::{MINE, THEIR_NOTE, THEIRS, reopen, school};
use super::sealed::pass;
use crate::model::*;
use crate::store::tables::{CHILDREN_BY_CLASS, GRANTS};
use crate::store::{Codec, Indexed, Record, Store, StoreError, index};
use redb::{ReadableDatabase, ReadableTable};
use std::path::Path;

/// The keys `name`'s passphrase opens in the store at `path`: what she could keep.
fn kept_keys(path: &Path, name: &str) -> Codec {
    let store = reopen(path);
    let _session = store.unlock(name, &pass()).unwrap();
    store.codec()
}

/// Whether `codec` opens the value of record `id` of `R`'s table in the file at `path`.
fn opens<R: Indexed + Record>(path: &Path, codec: &Codec, id: u64) -> bool {
    let db = redb::Database::open(path).unwrap();
    let read = db.begin_read().unwrap();
    let table = read.open_table(R::table()).unwrap();
    let bytes = table.get(id).unwrap().unwrap();
    codec.decode::<R>(id, bytes.value()).is_ok()
}

/// The children the class index lists under `class`, hashed with `codec`'s data key.
fn class_rows(path: &Path, codec: &Codec, class: &str) -> usize {
    let db = redb::Database::open(path).unwrap();
    let read = db.begin_read().unwrap();
    let table = read.open_multimap_table(CHILDREN_BY_CLASS).unwrap();
    let key = index::class_key(codec, class).unwrap();
    table.get(key.as_ref()).unwrap().count()
}

fn first_assignment(path: &Path) -> u64 {
    let db = redb::Database::open(path).unwrap();
    let read = db.begin_read().unwrap();
    let table = read.open_table(Assignment::table()).unwrap();
    table.first().unwrap().unwrap().0.value()
}

fn names(store: &Store, name: &str) -> Vec<String> {
    let session = store.unlock(name, &pass()).unwrap();
    let r = session.reader().unwrap();
    let mut seen: Vec<String> = r.children().unwrap().into_iter().map(|c| c.name).collect();
    seen.sort();
    seen
}

#[test]
fn a_departed_teachers_kept_data_key_opens_nothing_in_a_later_copy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let s = school(&path);
    let kept = kept_keys(&path, "陈老师");
    let assignment = first_assignment(&path);
    assert!(opens::<ChildListing>(&path, &kept, s.mine.0));
    assert!(opens::<Assignment>(&path, &kept, assignment));
    assert_eq!(class_rows(&path, &kept, "八年级(1)班"), 1);
    {
        let store = reopen(&path);
        let boss = store.unlock("周主任", &pass()).unwrap();
        let chen = store.staff_named("陈老师").unwrap().id;
        boss.write(|w| w.deactivate(chen).map(|_| ())).unwrap();
        // The same process goes on with the new keys: a note written now opens after.
        boss.write(|w| {
            w.add_note(crate::store::NoteInput {
                children: vec![s.mine],
                kind: NoteKind::Talk,
                at: chrono::NaiveDate::from_ymd_opt(2026, 11, 27)
                    .unwrap()
                    .and_hms_opt(9, 0, 0)
                    .unwrap(),
                duration_min: Some(10),
                text: "离开之后写的".into(),
                mood: None,
                support: String::new(),
                follow_up: None,
            })
            .map(|_| ())
        })
        .unwrap();
    }
    // What the data key sealed, and the keyed hashes of the indexes, do not open with the
    // key she kept; the store's own keys open them.
    assert!(!opens::<ChildListing>(&path, &kept, s.mine.0));
    assert!(!opens::<Assignment>(&path, &kept, assignment));
    assert_eq!(class_rows(&path, &kept, "八年级(1)班"), 0);
    let now = kept_keys(&path, "周主任");
    assert!(opens::<ChildListing>(&path, &now, s.mine.0));
    assert!(opens::<Assignment>(&path, &now, assignment));
    assert_eq!(class_rows(&path, &now, "八年级(1)班"), 1);
    // Nor does the child key she held.
    assert!(!opens::<Child>(&path, &kept, s.theirs.0));

    // Everyone at work reads what they read before, the new note too.
    let store = reopen(&path);
    assert_eq!(names(&store, "李老师"), [MINE]);
    assert_eq!(names(&store, "王老师"), [THEIRS]);
    let li = store.unlock("李老师", &pass()).unwrap();
    let r = li.reader().unwrap();
    let notes: Vec<String> = r
        .note_ids_of_child(s.mine)
        .unwrap()
        .iter()
        .filter_map(|id| r.note(*id).unwrap())
        .map(|n| n.text)
        .collect();
    assert!(notes.iter().any(|t| t == "离开之后写的"), "{notes:?}");
    drop(r);
    drop(li);
    drop(store);
    let store = reopen(&path);
    let mut all = names(&store, "周主任");
    all.sort();
    let mut expected = vec![MINE.to_string(), THEIRS.to_string()];
    expected.sort();
    assert_eq!(all, expected);
}

#[test]
fn a_coordinator_given_another_role_keeps_nothing_that_opens_a_later_copy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let s = school(&path);
    let wu = {
        let store = reopen(&path);
        let boss = store.unlock("周主任", &pass()).unwrap();
        boss.add_staff("吴主任", Role::Coordinator, vec![], Some(&pass()))
            .unwrap()
            .id
    };
    // 吴主任's first unlock takes the school's key, as every coordinator's does.
    let kept = kept_keys(&path, "吴主任");
    assert!(kept.keys().unwrap().school().is_some());
    assert!(opens::<Child>(&path, &kept, s.theirs.0));
    let event = {
        let db = redb::Database::open(&path).unwrap();
        let read = db.begin_read().unwrap();
        let table = read.open_table(AuditEvent::table()).unwrap();
        table.last().unwrap().unwrap().0.value()
    };
    assert!(opens::<AuditEvent>(&path, &kept, event));

    {
        let store = reopen(&path);
        let boss = store.unlock("周主任", &pass()).unwrap();
        boss.write(|w| w.set_role(wu, Role::Counselor).map(|_| ()))
            .unwrap();
        // This process reads on, with the school's new key.
        assert_eq!(boss.reader().unwrap().children().unwrap().len(), 2);
    }
    // Her grant of the school's key is gone, and the secret she kept opens no child's
    // record and no audit event in a copy made now.
    {
        let db = redb::Database::open(&path).unwrap();
        let read = db.begin_read().unwrap();
        let grants = read.open_table(GRANTS).unwrap();
        assert!(grants.get(("school", wu.0)).unwrap().is_none());
    }
    for child in [s.mine.0, s.theirs.0] {
        assert!(!opens::<Child>(&path, &kept, child));
    }
    assert!(!opens::<AuditEvent>(&path, &kept, event));

    // As a counselor with no children, her passphrase opens none; the others read on.
    let store = reopen(&path);
    assert!(names(&store, "吴主任").is_empty());
    assert_eq!(names(&store, "李老师"), [MINE]);
    assert_eq!(names(&store, "陈老师"), [THEIRS]);
    let wang = store.unlock("王老师", &pass()).unwrap();
    let r = wang.reader().unwrap();
    assert!(
        r.note_ids_of_child(s.theirs)
            .unwrap()
            .iter()
            .filter_map(|id| r.note(*id).unwrap())
            .any(|n| n.text == THEIR_NOTE)
    );
    drop(r);
    drop(wang);
    drop(store);
    let store = reopen(&path);
    let boss = store.unlock("周主任", &pass()).unwrap();
    let r = boss.reader().unwrap();
    assert!(r.audit_events().unwrap().len() > 5);
    assert_eq!(r.children().unwrap().len(), 2);
    drop(r);
    drop(boss);
    drop(store);
    // The staff table is signed with the new key: everyone's record holds.
    for name in ["周主任", "李老师", "王老师", "陈老师", "吴主任"] {
        let store = reopen(&path);
        assert!(
            !matches!(
                store.unlock(name, &pass()),
                Err(StoreError::Refused(Refusal::UnlockStaffRecordChanged))
            ),
            "{name}"
        );
    }
}
