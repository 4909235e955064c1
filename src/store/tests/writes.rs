//! Issue 19, item 2: every write is a session's named operation. A mood, a follow-up done, a
//! report raised, corrected, added to and closed, a letter taken in, replied to, kept as a
//! draft, marked, printed, the report a letter raises and the editors' drafts: each makes its
//! ids and audit events in the store, and each is refused (and the refusal audited) by the
//! permission table for whom it does not allow.

use crate::model::*;
use crate::store::{
    DraftOf, LetterIntake, LetterVia, MoodInput, Passphrase, Session, Store, StoreError,
};
use chrono::NaiveDate;

fn pass() -> Passphrase {
    Passphrase::new("梧桐树下 2026 秋")
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

fn at(m: u32, d: u32, h: u32) -> Timestamp {
    day(m, d).and_hms_opt(h, 0, 0).unwrap()
}

/// A sealed school: the coordinator 周主任; 李老师 with 张伟, 王老师 with 王芳; 李老师 the only
/// mailbox reader. Everyone unlocked.
struct School {
    _dir: tempfile::TempDir,
    store: Store,
    boss: Counselor,
    li: Counselor,
    wang: Counselor,
    zhang_wei: ChildId,
    wang_fang: ChildId,
}

fn school() -> School {
    crate::i18n::set_thread_lang(crate::i18n::Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("s.redb"), super::clock()).unwrap();
    let actor = Actor::CommandLine("t".into());
    let boss = store
        .bootstrap(&actor, "周主任", Role::Coordinator, vec![], &pass())
        .unwrap();
    let session = store.session(&boss).unwrap();
    let li = session
        .add_staff("李老师", Role::Counselor, vec![], Some(&pass()))
        .unwrap();
    let wang = session
        .add_staff("王老师", Role::Counselor, vec![], Some(&pass()))
        .unwrap();
    let (zhang_wei, wang_fang) = session
        .write(|w| {
            let mut kids = Vec::new();
            for (name, to) in [("张伟", li.id), ("王芳", wang.id)] {
                let c = Child::new(ChildId(w.next_id()?), name.into(), Gender::Male, day(5, 1));
                w.add_child(&c)?;
                w.assign(c.id, to, day(9, 1))?;
                kids.push(c.id);
            }
            w.set_mailbox_readers(&[li.id])?;
            Ok((kids[0], kids[1]))
        })
        .unwrap();
    drop(session);
    for name in ["李老师", "王老师"] {
        store.unlock(name, &pass()).unwrap();
    }
    School {
        _dir: dir,
        store,
        boss,
        li,
        wang,
        zhang_wei,
        wang_fang,
    }
}

impl School {
    fn as_(&self, who: &Counselor) -> Session<'_> {
        self.store.session(who).unwrap()
    }

    fn audit(&self) -> Vec<AuditEvent> {
        self.as_(&self.boss)
            .reader()
            .unwrap()
            .audit_events()
            .unwrap()
    }

    /// The operation codes of the refusals audited so far.
    fn refusals(&self) -> Vec<String> {
        self.audit()
            .into_iter()
            .filter(|e| e.action == AuditAction::Refused)
            .map(|e| e.detail)
            .collect()
    }

    fn events_of(&self, target: RecordRef) -> Vec<AuditAction> {
        self.audit()
            .into_iter()
            .filter(|e| e.target == target)
            .map(|e| e.action)
            .collect()
    }
}

fn mood(child: ChildId, follow_up: Option<(String, NaiveDate)>) -> MoodInput {
    MoodInput {
        child,
        at: at(11, 30, 16),
        score: 2,
        feelings: vec!["孤独".into()],
        note: "午饭没怎么吃".into(),
        follow_up,
    }
}

fn report(child: Option<ChildId>) -> Incident {
    Incident {
        id: IncidentId(0),
        child,
        kind: IncidentKind::LivingAlone,
        other: String::new(),
        found: "家中无人照看".into(),
        found_at: at(11, 30, 8),
        reported_by: CounselorId(0),
        reported_to: String::new(),
        reported_at: None,
        receipt: String::new(),
        events: vec![],
        revisions: vec![],
        closed: None,
    }
}

fn letter(text: &str, needs_attention: bool) -> LetterIntake {
    LetterIntake {
        received: day(11, 27),
        pseudonym: Some("小星星".into()),
        text: text.into(),
        needs_attention,
        attention_reason: if needs_attention {
            "一个人住".into()
        } else {
            String::new()
        },
    }
}

fn refused<T: std::fmt::Debug>(result: Result<T, StoreError>) {
    match result {
        Err(StoreError::NotAllowed(crate::domain::access::Denial::Table { .. })) => {}
        other => panic!("not refused by the table: {other:?}"),
    }
}

#[test]
fn a_mood_and_its_follow_up_get_their_ids_and_events_in_the_store() {
    let s = school();
    let li = s.as_(&s.li);
    let entry = li
        .write(|w| w.add_mood(mood(s.zhang_wei, Some(("情绪跟进".into(), day(12, 3))))))
        .unwrap();
    assert_eq!(entry.observer, s.li.id, "observed by who writes it");
    assert_eq!(entry.follow_up, Some(day(12, 3)));
    let r = li.reader().unwrap();
    let followups = r.followups_of_child(s.zhang_wei).unwrap();
    assert_eq!(followups.len(), 1);
    let f = &followups[0];
    assert_eq!(
        (f.counselor, f.due, f.text.as_str()),
        (s.li.id, day(12, 3), "情绪跟进")
    );
    assert_eq!(
        s.events_of(RecordRef::Mood(entry.id.0)),
        [AuditAction::Create]
    );
    assert_eq!(
        s.events_of(RecordRef::FollowUp(f.id.0)),
        [AuditAction::Create]
    );
    // Done once, by who marks it; twice is refused, so who did it is never overwritten.
    let done = li
        .write(|w| w.mark_followup_done(f.id, at(12, 2, 9), " 聊过了 "))
        .unwrap();
    let d = done.done.unwrap();
    assert_eq!(
        (d.by, d.at, d.note.as_str()),
        (s.li.id, at(12, 2, 9), "聊过了")
    );
    let again = li.write(|w| w.mark_followup_done(f.id, at(12, 3, 9), "又聊了"));
    assert!(matches!(
        again,
        Err(StoreError::Refused(Refusal::FollowUpAlreadyDone))
    ));
}

#[test]
fn a_counselor_writing_a_mood_for_a_child_not_hers_is_refused_and_audited() {
    let s = school();
    let li = s.as_(&s.li);
    refused(li.write(|w| w.add_mood(mood(s.wang_fang, None))));
    assert_eq!(s.refusals(), ["write_mood"]);
    // Nothing was written: 王芳's history is empty for her own counselor too.
    let wang = s.as_(&s.wang);
    assert!(
        wang.reader()
            .unwrap()
            .moods_of_child(s.wang_fang)
            .unwrap()
            .is_empty()
    );
    // Her follow-ups are out of 李老师's reach as well.
    let f = wang
        .write(|w| w.add_mood(mood(s.wang_fang, Some(("跟进".into(), day(12, 3))))))
        .unwrap();
    let _ = f;
    let theirs = wang
        .reader()
        .unwrap()
        .followups_of_child(s.wang_fang)
        .unwrap();
    refused(li.write(|w| w.mark_followup_done(theirs[0].id, at(12, 2, 9), "")));
    assert_eq!(s.refusals(), ["write_mood", "write_followup"]);
}

#[test]
fn a_report_is_raised_corrected_added_to_and_closed_only_through_the_store() {
    let s = school();
    let li = s.as_(&s.li);
    let raised = li
        .write(|w| w.raise_incident(&report(Some(s.zhang_wei))))
        .unwrap();
    assert_ne!(raised.id, IncidentId(0));
    assert_eq!(raised.reported_by, s.li.id, "reported by who writes it");
    // A correction keeps the values it replaces, by who corrects, when.
    let mut described = raised.clone();
    described.found = "家中无人照看，奶奶住院".into();
    described.reported_to = "派出所".into();
    described.reported_at = Some(at(11, 30, 9));
    let corrected = li
        .write(|w| w.correct_incident(&described, at(11, 30, 10)))
        .unwrap();
    assert_eq!(corrected.revisions.len(), 1);
    let rev = &corrected.revisions[0];
    assert_eq!(
        (rev.found.as_str(), rev.reported_to.as_str()),
        ("家中无人照看", "")
    );
    assert_eq!(
        (rev.replaced_by, rev.replaced_at),
        (s.li.id, at(11, 30, 10))
    );
    assert_eq!(corrected.reported_at, Some(at(11, 30, 9)));
    // The same values again change nothing of the history.
    let same = li
        .write(|w| w.correct_incident(&described, at(11, 30, 11)))
        .unwrap();
    assert_eq!(same.revisions.len(), 1);
    let added = li
        .write(|w| w.add_incident_event(raised.id, at(12, 1, 8), "已联系民政"))
        .unwrap();
    assert_eq!(added.events.len(), 1);
    assert!(matches!(
        li.write(|w| w.add_incident_event(raised.id, at(12, 1, 8), "  ")),
        Err(StoreError::Refused(Refusal::Incident(
            IncidentRefusal::NeedsEvent
        )))
    ));
    assert!(matches!(
        li.write(|w| w.close_incident(raised.id, at(12, 2, 8), " ")),
        Err(StoreError::Refused(Refusal::Incident(
            IncidentRefusal::NeedsReason
        )))
    ));
    let closed = li
        .write(|w| w.close_incident(raised.id, at(12, 2, 8), "奶奶出院"))
        .unwrap();
    assert_eq!(closed.closed.as_ref().unwrap().by, s.li.id);
    assert!(matches!(
        li.write(|w| w.add_incident_event(raised.id, at(12, 3, 8), "又来了")),
        Err(StoreError::Refused(Refusal::Incident(
            IncidentRefusal::AlreadyClosed
        )))
    ));
    assert_eq!(
        s.events_of(RecordRef::Incident(raised.id.0)),
        [
            AuditAction::Create,
            AuditAction::Update,
            AuditAction::Update,
            AuditAction::Update,
            AuditAction::Close
        ]
    );
    // 王老师 may raise one about 李老师's child (anyone may) and open his own, but neither
    // add to 李老师's report nor close it: that stays with the child's carers.
    let wang = s.as_(&s.wang);
    let his = wang
        .write(|w| w.raise_incident(&report(Some(s.zhang_wei))))
        .unwrap();
    wang.write(|w| w.view_incident(his.id)).unwrap();
    refused(wang.write(|w| w.add_incident_event(his.id, at(12, 3, 8), "看过")));
    refused(wang.write(|w| w.view_incident(raised.id)));
    assert_eq!(s.refusals(), ["correct_incident", "view_child"]);
}

#[test]
fn letters_are_numbered_replied_and_printed_by_the_store() {
    let s = school();
    let li = s.as_(&s.li);
    let (first, second) = li
        .write(|w| {
            let a = w.take_in_letter(letter("我想妈妈。", false), LetterVia::Typed)?;
            let b = w.take_in_letter(letter("我一个人住。", true), LetterVia::Imported)?;
            Ok((a, b))
        })
        .unwrap();
    assert_eq!(first.number.to_string(), "2026-W48-01");
    assert_eq!(second.number.to_string(), "2026-W48-02");
    assert_eq!(
        s.events_of(RecordRef::Letter(first.id.0)),
        [AuditAction::Create]
    );
    assert_eq!(
        s.events_of(RecordRef::Letter(second.id.0)),
        [AuditAction::Import]
    );
    // The reply editor's draft is kept per letter and goes with the reply.
    li.write(|w| w.save_draft(DraftOf::Reply(first.id), "妈妈".as_bytes()))
        .unwrap();
    let kept = li
        .write(|w| w.keep_reply_draft(first.id, "妈妈也"))
        .unwrap();
    assert_eq!(kept.status, LetterStatus::Draft);
    let replied = li
        .write(|w| w.reply_letter(first.id, "妈妈也想你。\n"))
        .unwrap();
    assert_eq!(replied.status, LetterStatus::Replied);
    assert_eq!(replied.replied_by, Some(s.li.id));
    assert_eq!(replied.reply, "妈妈也想你。");
    let r = li.reader().unwrap();
    assert_eq!(r.draft_of(DraftOf::Reply(first.id)).unwrap(), None);
    li.write(|w| w.mark_replies_printed(std::slice::from_ref(&replied)))
        .unwrap();
    assert!(matches!(
        li.write(|w| w.reply_letter(first.id, "改一改")),
        Err(StoreError::Refused(Refusal::Letter(
            LetterRefusal::ReplyLocked
        )))
    ));
    assert_eq!(
        s.events_of(RecordRef::Letter(first.id.0)),
        [
            AuditAction::Create,
            AuditAction::Update,
            AuditAction::Reply,
            AuditAction::Print
        ]
    );
}

#[test]
fn a_non_reader_answering_a_letter_is_refused_and_audited() {
    let s = school();
    let li = s.as_(&s.li);
    let l = li
        .write(|w| w.take_in_letter(letter("我想妈妈。", false), LetterVia::Typed))
        .unwrap();
    let wang = s.as_(&s.wang);
    refused(wang.write(|w| w.reply_letter(l.id, "妈妈也想你。")));
    refused(wang.write(|w| w.save_draft(DraftOf::Reply(l.id), b"x")));
    refused(wang.write(|w| w.take_in_letter(letter("x", false), LetterVia::Typed)));
    refused(wang.write(|w| w.mark_letter_attention(l.id, "不放心")));
    assert_eq!(
        s.refusals(),
        [
            "read_letters",
            "reply_letters",
            "take_in_letters",
            "read_letters"
        ]
    );
    let stored = li.reader().unwrap().letter(l.id).unwrap().unwrap();
    assert_eq!(stored.status, LetterStatus::New);
}

#[test]
fn a_letter_raises_one_report_naming_no_child_and_only_when_it_needs_attention() {
    let s = school();
    let li = s.as_(&s.li);
    let (calm, danger) = li
        .write(|w| {
            let a = w.take_in_letter(letter("我想妈妈。", false), LetterVia::Typed)?;
            let b = w.take_in_letter(letter("我一个人住。", true), LetterVia::Typed)?;
            Ok((a, b))
        })
        .unwrap();
    assert!(matches!(
        li.write(|w| w.raise_letter_incident(calm.id, &report(None))),
        Err(StoreError::Refused(Refusal::Letter(
            LetterRefusal::IncidentNeedsAttention
        )))
    ));
    // Even a report described with a child names none once raised from a letter.
    let raised = li
        .write(|w| w.raise_letter_incident(danger.id, &report(Some(s.zhang_wei))))
        .unwrap();
    assert_eq!(raised.child, None);
    let linked = li.reader().unwrap().letter(danger.id).unwrap().unwrap();
    assert_eq!(linked.incident, Some(raised.id));
    assert!(matches!(
        li.write(|w| w.raise_letter_incident(danger.id, &report(None))),
        Err(StoreError::Refused(Refusal::Letter(LetterRefusal::IncidentExists { number })))
            if number == danger.number.to_string()
    ));
    refused(
        s.as_(&s.wang)
            .write(|w| w.raise_letter_incident(danger.id, &report(None))),
    );
}

#[test]
fn a_note_draft_is_each_persons_own() {
    let s = school();
    let (li, wang) = (s.as_(&s.li), s.as_(&s.wang));
    li.write(|w| w.save_draft(DraftOf::Note, "李的草稿".as_bytes()))
        .unwrap();
    assert_eq!(
        wang.reader().unwrap().draft_of(DraftOf::Note).unwrap(),
        None
    );
    assert_eq!(
        li.reader()
            .unwrap()
            .draft_of(DraftOf::Note)
            .unwrap()
            .unwrap(),
        "李的草稿".as_bytes()
    );
    li.write(|w| w.clear_draft(DraftOf::Note)).unwrap();
    assert_eq!(li.reader().unwrap().draft_of(DraftOf::Note).unwrap(), None);
}

#[test]
fn views_of_an_archive_and_a_report_are_audited_within_scope() {
    let s = school();
    let li = s.as_(&s.li);
    let raised = li
        .write(|w| w.raise_incident(&report(Some(s.zhang_wei))))
        .unwrap();
    li.write(|w| w.view_child(s.zhang_wei)).unwrap();
    li.write(|w| w.view_incident(raised.id)).unwrap();
    assert_eq!(
        s.events_of(RecordRef::Child(s.zhang_wei.0)).last(),
        Some(&AuditAction::View)
    );
    assert_eq!(
        s.events_of(RecordRef::Incident(raised.id.0)),
        [AuditAction::Create, AuditAction::View]
    );
    refused(s.as_(&s.wang).write(|w| w.view_child(s.zhang_wei)));
    refused(s.as_(&s.wang).write(|w| w.view_incident(raised.id)));
}
