//! Notes in the store: a new note with its follow-up in one transaction, edits that keep the
//! earlier version, soft delete that keeps the note (and takes it out of the cadence), who
//! may change a note, and what a save costs on a real file.

use crate::model::*;
use crate::store::{NoteInput, Store};
use chrono::NaiveDate;

fn at(d: u32, h: u32) -> Timestamp {
    NaiveDate::from_ymd_opt(2026, 11, d)
        .unwrap()
        .and_hms_opt(h, 0, 0)
        .unwrap()
}

struct Fixture {
    _dir: tempfile::TempDir,
    store: Store,
    li: CounselorId,
    chen: CounselorId,
    boss: CounselorId,
    zw: ChildId,
    wf: ChildId,
}

fn fixture() -> Fixture {
    crate::i18n::set_lang(crate::i18n::Lang::Zh);
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("s.redb"), super::clock()).unwrap();
    let (li, chen, boss, zw, wf) = store
        .write(&Actor::CommandLine("t".into()), |w| {
            let li = w.add_counselor("李老师", Role::Counselor, vec![])?.id;
            let chen = w.add_counselor("陈老师", Role::Counselor, vec![])?.id;
            let boss = w.add_counselor("周主任", Role::Coordinator, vec![])?.id;
            let mut ids = Vec::new();
            for name in ["张伟", "王芳"] {
                let c = Child::new(
                    ChildId(w.next_id()?),
                    name.into(),
                    Gender::Male,
                    NaiveDate::from_ymd_opt(2014, 1, 1).unwrap(),
                );
                w.put_child(&c)?;
                ids.push(c.id);
            }
            Ok((li, chen, boss, ids[0], ids[1]))
        })
        .unwrap();
    Fixture {
        _dir: dir,
        store,
        li,
        chen,
        boss,
        zw,
        wf,
    }
}

fn input(children: Vec<ChildId>, text: &str) -> NoteInput {
    NoteInput {
        children,
        kind: NoteKind::Talk,
        at: at(24, 16),
        duration_min: Some(20),
        text: text.into(),
        mood: Some(3),
        support: String::new(),
        follow_up: None,
    }
}

#[test]
fn a_group_note_with_a_follow_up_is_one_transaction() {
    let f = fixture();
    let mut i = input(vec![f.zw, f.wf], "集体心理辅导：写给爸妈的一句话。");
    i.follow_up = Some((
        "看看谁没写完".into(),
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
    ));
    let note = f
        .store
        .write(&Actor::Counselor(f.li), |w| w.add_note(f.li, i))
        .unwrap();
    let r = f.store.reader().unwrap();
    for c in [f.zw, f.wf] {
        assert_eq!(r.note_ids_of_child(c).unwrap(), vec![note.id]);
        let fus = r.followups_of_child(c).unwrap();
        assert_eq!(fus.len(), 1);
        assert_eq!(fus[0].note, Some(note.id));
    }
    assert_eq!(r.note_ids_of_counselor(f.li).unwrap(), vec![note.id]);
    assert!(r.note_ids_of_counselor(f.chen).unwrap().is_empty());

    // A failing transaction leaves nothing: neither note nor follow-up.
    let mut bad = input(vec![], "没有孩子");
    bad.follow_up = Some(("x".into(), NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()));
    let e = f
        .store
        .write(&Actor::Counselor(f.li), |w| w.add_note(f.li, bad))
        .unwrap_err();
    assert!(e.to_string().contains("还没有选孩子"), "{e}");
    assert_eq!(f.store.reader().unwrap().count::<Note>().unwrap(), 1);
    assert_eq!(f.store.reader().unwrap().count::<FollowUp>().unwrap(), 2);
}

#[test]
fn edits_keep_every_earlier_version_and_are_audited() {
    let f = fixture();
    let li = Actor::Counselor(f.li);
    let note = f
        .store
        .write(&li, |w| w.add_note(f.li, input(vec![f.zw], "第一版")))
        .unwrap();
    for text in ["第二版", "第三版"] {
        let mut i = input(vec![f.zw], text);
        i.kind = NoteKind::ParentCall;
        f.store.write(&li, |w| w.revise_note(note.id, i)).unwrap();
    }
    // Saving without a change adds no version.
    let mut same = input(vec![f.zw], "第三版");
    same.kind = NoteKind::ParentCall;
    f.store
        .write(&li, |w| w.revise_note(note.id, same))
        .unwrap();
    let r = f.store.reader().unwrap();
    let n: Note = r.get(note.id.0).unwrap().unwrap();
    assert_eq!(n.text, "第三版");
    let old: Vec<(&str, NoteKind)> = n
        .revisions
        .iter()
        .map(|v| (v.text.as_str(), v.kind))
        .collect();
    assert_eq!(
        old,
        vec![("第一版", NoteKind::Talk), ("第二版", NoteKind::ParentCall)]
    );
    assert!(n.revisions.iter().all(|v| v.replaced_by == f.li));
    let updates = r
        .all::<AuditEvent>()
        .unwrap()
        .into_iter()
        .filter(|e| e.action == AuditAction::Update && e.target == RecordRef::Note(note.id.0))
        .count();
    assert_eq!(updates, 2);
    // The index follows the new kind.
    assert_eq!(
        r.contacts_of_child(f.zw).unwrap(),
        vec![(at(24, 16), NoteKind::ParentCall)]
    );
}

#[test]
fn soft_delete_keeps_the_note_marks_the_index_and_needs_a_reason() {
    let f = fixture();
    let li = Actor::Counselor(f.li);
    let note = f
        .store
        .write(&li, |w| {
            w.add_note(f.li, input(vec![f.zw, f.wf], "记错孩子的一条"))
        })
        .unwrap();
    let e = f
        .store
        .write(&li, |w| w.delete_note(note.id, "  "))
        .unwrap_err();
    assert!(e.to_string().contains("原因"), "{e}");
    f.store
        .write(&li, |w| w.delete_note(note.id, "写错了孩子"))
        .unwrap();
    let r = f.store.reader().unwrap();
    let n: Note = r.get(note.id.0).unwrap().unwrap();
    let d = n.deleted.as_ref().unwrap();
    assert_eq!((d.by, d.reason.as_str()), (f.li, "写错了孩子"));
    assert_eq!(n.text, "记错孩子的一条", "the text stays");
    for c in [f.zw, f.wf] {
        assert_eq!(
            r.note_ids_of_child(c).unwrap(),
            vec![note.id],
            "still on the timeline"
        );
        assert!(
            r.contacts_of_child(c).unwrap().is_empty(),
            "no longer counted"
        );
    }
    assert!(
        r.all::<AuditEvent>()
            .unwrap()
            .iter()
            .any(|e| e.action == AuditAction::Delete
                && e.target == RecordRef::Note(note.id.0)
                && e.detail == "写错了孩子")
    );
    drop(r);
    let e = f
        .store
        .write(&li, |w| w.revise_note(note.id, input(vec![f.zw], "改")))
        .unwrap_err();
    assert!(e.to_string().contains("已经删除"), "{e}");
}

#[test]
fn only_the_author_or_a_coordinator_changes_a_note() {
    let f = fixture();
    let note = f
        .store
        .write(&Actor::Counselor(f.li), |w| {
            w.add_note(f.li, input(vec![f.zw], "李老师写的"))
        })
        .unwrap();
    let e = f
        .store
        .write(&Actor::Counselor(f.chen), |w| {
            w.delete_note(note.id, "不对")
        })
        .unwrap_err();
    assert!(e.to_string().contains("只有写这条记录的老师"), "{e}");
    f.store
        .write(&Actor::Counselor(f.boss), |w| {
            w.revise_note(note.id, input(vec![f.zw], "主任更正"))
        })
        .unwrap();
    let n: Note = f.store.reader().unwrap().get(note.id.0).unwrap().unwrap();
    assert_eq!(n.revisions[0].replaced_by, f.boss);
}
