//! Limits the store itself keeps (issue 8, item 5): a note or any record over the limits is
//! refused by the store, whatever way in wrote it.

use crate::model::*;
use crate::store::{NoteInput, Store};
use std::path::Path;

fn note_store(dir: &Path) -> (Store, CounselorId, ChildId) {
    crate::i18n::set_lang(crate::i18n::Lang::En);
    let store = Store::open(&dir.join("s.redb"), super::clock()).unwrap();
    let (li, child) = store
        .write(&Actor::CommandLine("t".into()), |w| {
            let li = w.add_counselor("李老师", Role::Counselor, vec![])?.id;
            let c = Child::new(
                ChildId(w.next_id()?),
                "张伟".into(),
                Gender::Male,
                chrono::NaiveDate::from_ymd_opt(2014, 1, 1).unwrap(),
            );
            w.put_child(&c)?;
            Ok((li, c.id))
        })
        .unwrap();
    (store, li, child)
}

fn input(child: ChildId, text: String) -> NoteInput {
    NoteInput {
        children: vec![child],
        kind: NoteKind::Talk,
        at: chrono::NaiveDate::from_ymd_opt(2026, 11, 20)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap(),
        duration_min: None,
        text,
        mood: None,
        support: String::new(),
        follow_up: None,
    }
}

/// The note editor saves through the store's add_note / revise_note: the limit holds there.
#[test]
fn a_note_over_20000_characters_is_refused_by_the_store_on_add_and_on_revise() {
    let dir = tempfile::tempdir().unwrap();
    let (store, li, child) = note_store(dir.path());
    let actor = Actor::Counselor(li);
    let long = "记".repeat(20_001);
    let err = store
        .write(&actor, |w| w.add_note(li, input(child, long.clone())))
        .unwrap_err()
        .to_string();
    assert!(
        err.contains("20,001 characters long; at most 20,000"),
        "{err}"
    );
    let note = store
        .write(&actor, |w| w.add_note(li, input(child, "谈心".into())))
        .unwrap();
    let err = store
        .write(&actor, |w| {
            w.revise_note(note.id, input(child, long.clone()))
        })
        .unwrap_err()
        .to_string();
    assert!(err.contains("at most 20,000"), "{err}");
    let err = store
        .write(&actor, |w| {
            w.revise_note(note.id, input(child, "a\u{202E}b".into()))
        })
        .unwrap_err()
        .to_string();
    assert!(err.contains("direction override"), "{err}");
    let kept = store
        .reader()
        .unwrap()
        .get::<Note>(note.id.0)
        .unwrap()
        .unwrap();
    assert_eq!(kept.text, "谈心", "the saved note is untouched");
}

/// Whatever a caller forgets, the store's put refuses: a child with a 51 MB remark.
#[test]
fn the_store_refuses_any_record_over_the_limits() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _, child) = note_store(dir.path());
    let actor = Actor::CommandLine("t".into());
    let err = store
        .write(&actor, |w| {
            let mut c = w.get::<Child>(child.0)?.unwrap();
            c.remarks = "x".repeat(51 * 1024 * 1024);
            w.put_child(&c)
        })
        .unwrap_err()
        .to_string();
    assert!(err.contains("at most 20,000"), "{err}");
    let err = store
        .write(&actor, |w| {
            let mut c = w.get::<Child>(child.0)?.unwrap();
            c.guardian.phone = "abc".into();
            w.put_child(&c)
        })
        .unwrap_err()
        .to_string();
    assert!(err.contains("not a phone number"), "{err}");
}

/// Issue 19, item 2: a mood is 1–5 and a session at most a day (`model::measure`), whatever
/// way in wrote the record: the store's put refuses the rest, naming the field and the range.
#[test]
fn the_store_refuses_a_mood_off_the_scale_and_a_session_longer_than_a_day() {
    use crate::model::limits::{FieldError, FieldName, Problem};
    use crate::store::StoreError;
    let dir = tempfile::tempdir().unwrap();
    let (store, li, child) = note_store(dir.path());
    let actor = Actor::Counselor(li);
    let out = |key, value, min, max| {
        Refusal::Field(FieldError {
            field: FieldName::Key(key),
            problem: Problem::OutOfRange { value, min, max },
        })
    };
    let long = NoteInput {
        duration_min: Some(24 * 60 + 1),
        ..input(child, "谈心".into())
    };
    match store.write(&actor, |w| w.add_note(li, long)) {
        Err(StoreError::Refused(r)) => assert_eq!(r, out("limits.field.duration", 1441, 1, 1440)),
        other => panic!("{other:?}"),
    }
    let sad = NoteInput {
        mood: Some(0),
        ..input(child, "谈心".into())
    };
    match store.write(&actor, |w| w.add_note(li, sad)) {
        Err(StoreError::Refused(r)) => assert_eq!(r, out("limits.field.mood", 0, 1, 5)),
        other => panic!("{other:?}"),
    }
    let mood = MoodEntry {
        id: MoodId(900),
        child,
        at: chrono::NaiveDate::from_ymd_opt(2026, 11, 20)
            .unwrap()
            .and_hms_opt(9, 0, 0)
            .unwrap(),
        score: 6,
        feelings: vec![],
        observer: li,
        note: String::new(),
        follow_up: None,
    };
    match store.write(&actor, |w| w.put(&mood)) {
        Err(StoreError::Refused(r)) => assert_eq!(r, out("limits.field.mood", 6, 1, 5)),
        other => panic!("{other:?}"),
    }
    let ok = NoteInput {
        duration_min: Some(24 * 60),
        mood: Some(5),
        ..input(child, "谈心".into())
    };
    store.write(&actor, |w| w.add_note(li, ok)).unwrap();
}
