//! Full-text note search (plain substring) over one counselor's notes and over one child's
//! notes, in a demo store of 2,000 children × 40 notes; each query as typed, one keystroke.
//! Then saving a note into that store as the editor saves it (the write is fsynced).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a bench on bad data stops

use criterion::{Criterion, criterion_group, criterion_main};
use shouwang::app::filter_notes;
use shouwang::demo::{DemoOptions, fill};
use shouwang::model::NoteKind;
use shouwang::model::{Actor, Counselor, Note};
use shouwang::store::{DraftOf, NoteInput, Store};
use std::hint::black_box;

fn bench(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let store = Store::open(&dir.path().join("bench.redb"), clock()).expect("store");
    let options = DemoOptions {
        children: 2_000,
        notes_per_child: 40,
        seed: 7,
        today: chrono::NaiveDate::from_ymd_opt(2026, 11, 26).expect("date"),
    };
    let started = std::time::Instant::now();
    fill(
        &store,
        None,
        &Actor::CommandLine("bench".into()),
        &options,
        &mut |_, _| {},
    )
    .expect("fill");
    eprintln!("demo store built in {:?}", started.elapsed());
    // The counselor with the most notes: the worst case of "all my notes", read through
    // their own session as the screen reads them.
    let mine = |c: &Counselor| -> Vec<Note> {
        let session = store.session(c).expect("session");
        let reader = session.reader().expect("reader");
        reader.my_notes().expect("notes")
    };
    let (who, notes): (Counselor, Vec<Note>) = store
        .staff()
        .expect("staff")
        .into_iter()
        .map(|c| {
            let n = mine(&c);
            (c, n)
        })
        .max_by_key(|(_, n)| n.len())
        .expect("a counselor");
    eprintln!("{} has {} notes", who.name, notes.len());
    let session = store.session(&who).expect("session");
    let reader = session.reader().expect("reader");
    let child = notes[0].children[0];
    let mut child_notes = Vec::new();
    for id in reader.note_ids_of_child(child).expect("ids") {
        child_notes.extend(reader.note(id).expect("note"));
    }
    eprintln!("child {child} has {} notes", child_notes.len());

    let mut g = c.benchmark_group("note_search");
    for q in ["妈妈", "作业", "不想活", "qq"] {
        g.bench_function(format!("counselor/{q}"), |b| {
            b.iter(|| filter_notes(black_box(&notes), None, black_box(q)).len())
        });
        g.bench_function(format!("child/{q}"), |b| {
            b.iter(|| filter_notes(black_box(&child_notes), None, black_box(q)).len())
        });
    }
    g.bench_function("counselor/load_notes", |b| {
        b.iter(|| black_box(&reader).my_notes().expect("notes").len())
    });
    g.finish();
    drop(reader);

    // The note and its cleared draft in one transaction, as the editor's ctrl-s writes them.
    let text = "今天和孩子聊了学习和生活，他说想念在外地打工的爸爸妈妈。".repeat(3);
    let at = options.today.and_hms_opt(16, 0, 0).expect("time");
    let mut g = c.benchmark_group("note_save");
    g.bench_function("one note, draft cleared", |b| {
        b.iter(|| {
            session
                .write(|w| {
                    let note = w.add_note(NoteInput {
                        children: vec![child],
                        kind: NoteKind::Talk,
                        at,
                        duration_min: Some(20),
                        text: text.clone(),
                        mood: Some(3),
                        support: String::new(),
                        follow_up: None,
                    })?;
                    w.clear_draft(DraftOf::Note)?;
                    Ok(note.id)
                })
                .expect("saved")
        })
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);

/// The clock of the bench's stores: fixed, so that a run measures the same school on any day.
fn clock() -> shouwang::clock::Clock {
    shouwang::clock::Clock::fixed(
        chrono::NaiveDate::from_ymd_opt(2026, 11, 26)
            .unwrap_or_default()
            .and_hms_opt(10, 0, 0)
            .unwrap_or_default(),
    )
}
