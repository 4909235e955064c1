//! One mood history per child (issue 18 §1.2): a note's mood joins the child's history
//! through an index row derived from the note, so an edit or a soft delete keeps it in step;
//! the migration from schema 6 adds the rows of the notes already saved, at once in a plain
//! store and at the first unlock of a sealed one (whose notes open only with a passphrase).

use super::sealed;
use crate::model::*;
use crate::store::tables::{META, NOTE_MOODS_BY_CHILD};
use crate::store::{Codec, NoteInput, SCHEMA_VERSION, Store};
use chrono::NaiveDate;
use redb::{ReadableDatabase, ReadableTableMetadata};
use std::path::Path;

fn actor() -> Actor {
    Actor::CommandLine("t".into())
}

fn at(m: u32, d: u32) -> Timestamp {
    NaiveDate::from_ymd_opt(2026, m, d)
        .unwrap()
        .and_hms_opt(16, 0, 0)
        .unwrap()
}

fn talk(children: Vec<ChildId>, when: Timestamp, mood: Option<u8>) -> NoteInput {
    NoteInput {
        children,
        kind: NoteKind::Talk,
        at: when,
        duration_min: None,
        text: "聊了聊这周的事".into(),
        mood,
        support: String::new(),
        follow_up: None,
    }
}

/// A plain store with two children and a counselor.
fn plain(path: &Path) -> (Store, CounselorId, ChildId, ChildId) {
    let store = Store::open(path, super::clock()).unwrap();
    let (li, a, b) = store
        .write(&actor(), |w| {
            let li = w.add_counselor("李老师", Role::Counselor, vec![])?;
            let mut kids = Vec::new();
            for name in ["张伟", "王芳"] {
                let c = Child::new(
                    ChildId(w.next_id()?),
                    name.into(),
                    Gender::Female,
                    NaiveDate::from_ymd_opt(2014, 5, 1).unwrap(),
                );
                w.put_child(&c)?;
                kids.push(c.id);
            }
            Ok((li.id, kids[0], kids[1]))
        })
        .unwrap();
    (store, li, a, b)
}

fn scores(store: &Store, child: ChildId) -> Vec<u8> {
    let r = store.reader().unwrap();
    let history: Vec<u8> = r
        .mood_history(child)
        .unwrap()
        .iter()
        .map(|p| p.score)
        .collect();
    let summary = r.get::<ChildSummary>(child.0).unwrap().unwrap();
    let summed: Vec<u8> = summary.moods.iter().map(|(_, s)| *s).collect();
    assert_eq!(history, summed, "the summary says what the history says");
    history
}

#[test]
fn a_notes_mood_is_in_the_history_and_follows_its_edits_and_deletion() {
    let dir = tempfile::tempdir().unwrap();
    let (store, li, zw, wf) = plain(&dir.path().join("s.redb"));
    let entry = store
        .write(&actor(), |w| {
            let m = MoodEntry {
                id: MoodId(w.next_id()?),
                child: zw,
                at: at(11, 2),
                score: 4,
                feelings: vec![],
                observer: li,
                note: String::new(),
                follow_up: None,
            };
            w.put(&m)?;
            Ok(m)
        })
        .unwrap();
    let note = store
        .write(&actor(), |w| {
            w.add_note(li, talk(vec![zw], at(11, 20), Some(2)))
        })
        .unwrap();
    assert_eq!(scores(&store, zw), [4, 2]);
    let history = store.reader().unwrap().mood_history(zw).unwrap();
    assert_eq!(history[0].source, MoodSource::Entry(entry.id));
    assert_eq!(history[1].source, MoodSource::Note(note.id));
    // An edit moves the score (and its day) with the note; the history keeps one point.
    store
        .write(&actor(), |w| {
            w.revise_note(note.id, talk(vec![zw], at(10, 20), Some(3)))
        })
        .unwrap();
    assert_eq!(scores(&store, zw), [3, 4]);
    // A note without a mood adds nothing; removing the mood removes the point.
    store
        .write(&actor(), |w| {
            w.revise_note(note.id, talk(vec![zw], at(10, 20), None))
        })
        .unwrap();
    assert_eq!(scores(&store, zw), [4]);
    store
        .write(&actor(), |w| {
            w.revise_note(note.id, talk(vec![zw], at(11, 21), Some(1)))
        })
        .unwrap();
    assert_eq!(scores(&store, zw), [4, 1]);
    // A soft-deleted note's mood leaves the history (the note itself stays).
    store
        .write(&actor(), |w| w.delete_note(note.id, "记错了孩子"))
        .unwrap();
    assert_eq!(scores(&store, zw), [4]);
    // A group session's mood is the group's: no child's history holds it.
    store
        .write(&actor(), |w| {
            w.add_note(li, talk(vec![zw, wf], at(11, 25), Some(1)))
        })
        .unwrap();
    assert_eq!(scores(&store, zw), [4]);
    assert_eq!(scores(&store, wf), Vec::<u8>::new());
    assert!(store.check().unwrap().is_empty());
}

/// The store as schema 6 left it: no `ix_child_note_moods`, summaries without the notes'
/// moods.
fn as_schema_6(path: &Path, codec: &Codec, children: &[ChildId]) {
    let db = redb::Database::create(path).unwrap();
    let tx = db.begin_write().unwrap();
    tx.delete_table(NOTE_MOODS_BY_CHILD).unwrap();
    tx.open_table(NOTE_MOODS_BY_CHILD).unwrap();
    if codec.keys().is_some() || codec.is_locked() {
        // A sealed summary cannot be rewritten here; the unlock test checks the rows.
    } else {
        for c in children {
            crate::store::writer::refresh_summary(&tx, codec, *c).unwrap();
        }
    }
    tx.delete_table(NOTE_MOODS_BY_CHILD).unwrap();
    tx.open_table(META)
        .unwrap()
        .insert("schema_version", 6)
        .unwrap();
    tx.commit().unwrap();
}

fn note_mood_rows(path: &Path) -> u64 {
    let db = redb::Database::create(path).unwrap();
    let read = db.begin_read().unwrap();
    read.open_table(NOTE_MOODS_BY_CHILD).unwrap().len().unwrap()
}

#[test]
fn the_migration_from_schema_6_puts_a_plain_stores_note_moods_in_the_history() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let (zw, wf) = {
        let (store, li, zw, wf) = plain(&path);
        store
            .write(&actor(), |w| {
                w.add_note(li, talk(vec![zw], at(11, 2), Some(4)))?;
                w.add_note(li, talk(vec![zw], at(11, 20), Some(2)))?;
                w.add_note(li, talk(vec![zw, wf], at(11, 21), Some(1)))
            })
            .unwrap();
        (zw, wf)
    };
    as_schema_6(&path, &Codec::plain(), &[zw, wf]);
    {
        let db = redb::Database::create(&path).unwrap();
        let r = crate::store::Reader::new(db.begin_read().unwrap(), Codec::plain());
        let before = r.get::<ChildSummary>(zw.0).unwrap().unwrap();
        assert!(before.moods.is_empty(), "schema 6 knew no note moods");
    }
    let store = Store::open(&path, super::clock()).unwrap();
    assert_eq!(scores(&store, zw), [4, 2]);
    assert_eq!(scores(&store, wf), Vec::<u8>::new());
    assert!(store.check().unwrap().is_empty());
    let db = redb::Database::create(&path).unwrap();
    let version = db
        .begin_read()
        .unwrap()
        .open_table(META)
        .unwrap()
        .get("schema_version")
        .unwrap()
        .unwrap()
        .value();
    assert_eq!(version, SCHEMA_VERSION);
}

#[test]
fn a_sealed_store_gets_its_note_moods_at_the_first_unlock() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let child = {
        let (_store, child) = sealed::school(&path);
        child
    };
    as_schema_6(&path, &Codec::locked(), &[child]);
    {
        // Opened before anyone unlocks: the notes cannot be read, the step waits.
        let store = Store::open(&path, super::clock()).unwrap();
        drop(store);
    }
    assert_eq!(note_mood_rows(&path), 0);
    let store = Store::open(&path, super::clock()).unwrap();
    store.unlock("周主任", &sealed::pass()).unwrap();
    assert_eq!(scores(&store, child), [2]);
    assert!(store.check().unwrap().is_empty());
    assert_eq!(note_mood_rows(&path), 1);
    // Done once: the next unlock has nothing to do.
    let store = Store::open(&path, super::clock()).unwrap();
    store.unlock("周主任", &sealed::pass()).unwrap();
    assert_eq!(scores(&store, child), [2]);
}
