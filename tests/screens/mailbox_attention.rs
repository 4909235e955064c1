//! Issue 18, items 1.1, 1.3, 1.4 and 3.4: a letter that needs attention keeps the mark through
//! reply and print until a mailbox reader closes it with a reason (who, when, why: stored,
//! audited, refused to anything else); the mark and the incident raised from a letter show on
//! the letter, in the list and on This week of every reader; a reply lands on the letter it
//! was written for and the selection moves on to the next letter waiting; the print says
//! where the file is; an incident from a letter says what the school does next.

use crate::common;

use common::school::boss;

use common::{ctrl, key, send, type_text};

use chrono::NaiveDate;
use crossterm::event::KeyCode;
use shouwang::action::Action;
use shouwang::app::{App, MailboxSection, Screen};
use shouwang::config::Config;
use shouwang::domain::agenda::AgendaKind;
use shouwang::keymap::Keymap;
use shouwang::model::*;
use shouwang::store::{Store, StoreError};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A store with a coordinator and two counselors, every one a mailbox reader (none named).
fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let (store, coordinator) = common::school::store_with_coordinator(dir.path());
    store
        .session(&coordinator)
        .unwrap()
        .write(|w| {
            w.add_counselor("李老师", Role::Counselor, vec![])?;
            w.add_counselor("王老师", Role::Counselor, vec![])?;
            Ok(())
        })
        .unwrap();
    common::school::give_passphrases(&store);
    (dir, store)
}

fn app_as(store: Store, name: &str, dir: &tempfile::TempDir) -> App {
    // Friday 2026-12-04: the mailbox's day.
    let mut app = App::new(
        store,
        Config::default(),
        Keymap::default(),
        vec![],
        day(2026, 12, 4),
    );
    app.replies_dir = dir.path().join("replies");
    app.login_by_name(name, Some(&common::school::passphrase()))
        .unwrap();
    app
}

/// Types in the letters through the intake, then goes back to the list.
fn take_in(app: &mut App, texts: &[(&str, &str)]) {
    app.dispatch(Action::GotoMailbox);
    app.dispatch(Action::OpenMailbox);
    for (text, pseudonym) in texts {
        type_text(app, text);
        key(app, KeyCode::Tab);
        type_text(app, pseudonym);
        send(app, "<tab><C-s>");
    }
    key(app, KeyCode::Esc);
}

fn letters(store: &Store) -> Vec<Letter> {
    let mut l: Vec<Letter> = boss(store).reader().unwrap().letters().unwrap();
    l.sort_by_key(|l| l.id.0);
    l
}

fn mailbox(app: &App) -> &shouwang::app::MailboxState {
    match &app.screen {
        Screen::Mailbox(state) => state,
        _ => panic!("not on the mailbox"),
    }
}

fn selected_number(app: &App) -> String {
    mailbox(app).selected_letter().unwrap().number.to_string()
}

/// The This week row about letters, as (waiting, needing attention).
fn week_letters(app: &mut App) -> Option<(usize, usize)> {
    app.dispatch(Action::GotoThisWeek);
    let Screen::ThisWeek(state) = &app.screen else {
        panic!("not on This week")
    };
    state.items.iter().find_map(|i| match i.kind {
        AgendaKind::LettersWaiting { count, attention } => Some((count, attention)),
        _ => None,
    })
}

/// Replies to the selected letter and saves.
fn reply(app: &mut App, text: &str) {
    app.dispatch(Action::Reply);
    type_text(app, text);
    ctrl(app, 's');
}

#[test]
fn attention_survives_reply_and_print_until_a_reader_closes_it_with_a_reason() {
    let (dir, store) = store();
    let mut app = app_as(store, "李老师", &dir);
    take_in(
        &mut app,
        &[("我不想活了。", "小星星"), ("我考了一百分。", "")],
    );
    // Both answered, then printed: the danger letter is still on top, marked.
    app.dispatch(Action::SelectFirst);
    reply(&mut app, "老师明天就来找你。");
    // The selection has moved on to the letter still waiting.
    reply(&mut app, "真棒！");
    app.dispatch(Action::Print);
    let all = letters(&app.store);
    assert!(all.iter().all(|l| l.printed));
    assert!(all[0].needs_attention && all[0].attention_closed.is_none());
    let state = mailbox(&app);
    let top = &state.rows[state.shown[0]];
    assert_eq!(top.letter.id, all[0].id);
    assert_eq!(top.section, MailboxSection::Attention);
    // On This week of this reader, and of another reader too, with the count.
    assert_eq!(week_letters(&mut app), Some((0, 1)));
    let store = app.store;
    let mut other = app_as(store, "王老师", &dir);
    assert_eq!(week_letters(&mut other), Some((0, 1)));

    // Closed with a reason: who, when and why on the letter; the audit names the letter only.
    other.dispatch(Action::GotoMailbox);
    other.dispatch(Action::SelectFirst);
    other.dispatch(Action::ToggleAttention);
    other.dispatch(Action::Open);
    assert!(
        other.status.as_ref().unwrap().is_error,
        "a reason is needed"
    );
    type_text(&mut other, "已找到孩子，心理老师已谈心");
    other.dispatch(Action::Open);
    let closed = letters(&other.store)[0].clone();
    assert!(!closed.needs_attention);
    let c = closed.attention_closed.clone().expect("closed");
    let wang = other.user.as_ref().unwrap().id;
    assert_eq!(c.by, Some(wang));
    assert_eq!(c.reason, "已找到孩子，心理老师已谈心");
    // When: the store's time of the write.
    assert!(c.at <= other.store.clock().now());
    let audit: Vec<AuditEvent> = boss(&other.store).reader().unwrap().audit_events().unwrap();
    let event = audit
        .iter()
        .rev()
        .find(|e| e.action == AuditAction::Close)
        .expect("the close is audited");
    assert_eq!(
        (&event.actor, event.target),
        (&Actor::Counselor(wang), RecordRef::Letter(closed.id.0))
    );
    assert!(!event.detail.contains("谈心"), "no reason in the log");
    assert_eq!(mailbox(&other).rows[0].section, MailboxSection::Replied);
    assert_eq!(week_letters(&mut other), None);
}

#[test]
fn only_the_closing_operation_ends_attention_and_the_table_decides_who_may() {
    let (dir, store) = store();
    let mut app = app_as(store, "李老师", &dir);
    take_in(&mut app, &[("爸爸喝了酒就打我", "")]);
    let letter = letters(&app.store)[0].clone();
    let session = boss(&app.store);
    // Writing the letter back without the mark is refused, whatever the operation.
    let mut cleared = letter.clone();
    cleared.needs_attention = false;
    let refused = session
        .write(|w| w.put_letter(shouwang::domain::access::Operation::ReplyLetters, &cleared));
    assert!(
        matches!(refused, Err(StoreError::Refused(_))),
        "{refused:?}"
    );
    // An empty reason is refused; closing twice too.
    assert!(
        session
            .write(|w| w.close_letter_attention(letter.id, "  "))
            .is_err()
    );
    session
        .write(|w| w.close_letter_attention(letter.id, "误报：孩子在写作文"))
        .unwrap();
    assert!(
        session
            .write(|w| w.close_letter_attention(letter.id, "再一次"))
            .is_err()
    );
    // Only the mailbox readers close: once the coordinator names readers, others are refused.
    let li = session
        .reader()
        .unwrap()
        .counselors()
        .unwrap()
        .into_iter()
        .find(|c| c.name == "李老师")
        .unwrap();
    session.write(|w| w.set_mailbox_readers(&[li.id])).unwrap();
    let li = app
        .store
        .unlock("李老师", &common::school::passphrase())
        .unwrap();
    li.write(|w| w.mark_letter_attention(letter.id, "又看了一遍，不放心"))
        .unwrap();
    let wang = app
        .store
        .unlock("王老师", &common::school::passphrase())
        .unwrap();
    let denied = wang.write(|w| w.close_letter_attention(letter.id, "看过了"));
    assert!(
        matches!(denied, Err(StoreError::NotAllowed(_))),
        "{denied:?}"
    );
    let kept = li.reader().unwrap().letter(letter.id).unwrap().unwrap();
    assert!(kept.needs_attention);
    let _ = &mut app;
}

#[test]
fn a_reply_lands_on_its_letter_and_the_selection_moves_to_the_next_letter_waiting() {
    let (dir, store) = store();
    let mut app = app_as(store, "李老师", &dir);
    take_in(
        &mut app,
        &[
            ("我想妈妈了。", "小星星"),
            ("我有点害怕回家。", "小草"),
            ("今天很开心。", "小鱼"),
        ],
    );
    // The letter needing attention is on top; answer the first new letter, then the next.
    app.dispatch(Action::SelectFirst);
    app.dispatch(Action::SelectNext);
    let first = selected_number(&app);
    app.dispatch(Action::Reply);
    let Screen::Letter(editor) = &app.screen else {
        panic!("the reply editor")
    };
    let bound = editor.letter.id;
    type_text(&mut app, "妈妈也想你。");
    ctrl(&mut app, 's');
    // The selection is on the next letter waiting (the one that was below the answered
    // one), not on the one just answered, which went down to its section.
    let next = mailbox(&app).selected_letter().unwrap().clone();
    assert_ne!(next.number.to_string(), first);
    assert_eq!(next.pseudonym.as_deref(), Some("小鱼"));
    app.dispatch(Action::Reply);
    let Screen::Letter(editor) = &app.screen else {
        panic!("the reply editor")
    };
    assert_eq!(editor.letter.id, next.id, "bound to the letter selected");
    type_text(&mut app, "一起加油。");
    ctrl(&mut app, 's');
    let all = letters(&app.store);
    let answered = all.iter().find(|l| l.id == bound).unwrap();
    assert_eq!(
        answered.reply, "妈妈也想你。",
        "the first reply is unchanged"
    );
    assert_eq!(
        all.iter().filter(|l| l.reply == "一起加油。").count(),
        1,
        "the second reply is on another letter"
    );
    assert!(
        all.iter()
            .all(|l| !l.reply.contains("妈妈也想你。一起加油"))
    );
}

#[test]
fn an_incident_from_a_letter_shows_on_the_letter_and_says_what_the_school_does_next() {
    let (dir, store) = store();
    let mut app = app_as(store, "李老师", &dir);
    take_in(&mut app, &[("晚上没人管，我一个人住。", "")]);
    app.dispatch(Action::SelectFirst);
    app.dispatch(Action::RaiseIncident);
    ctrl(&mut app, 's');
    let said = app.status.as_ref().unwrap().text.clone();
    assert!(
        said.contains("心理辅导老师") && said.contains("政教处") && said.contains("报警"),
        "{said}"
    );
    let letter = letters(&app.store)[0].clone();
    let incident = letter.incident.expect("the letter knows its incident");
    let i = boss(&app.store)
        .reader()
        .unwrap()
        .incident(incident)
        .unwrap()
        .unwrap();
    assert_eq!(i.child, None);
    // The letter and the list say so; This week of a counselor who reads letters lists it.
    let screen = common::render(&mut app, 100, 30);
    assert!(screen.contains("【已登记事件】"), "{screen}");
    app.dispatch(Action::Open);
    let screen = common::render(&mut app, 100, 30);
    assert!(screen.contains("已由这封信登记安全事件"), "{screen}");
    app.dispatch(Action::GotoThisWeek);
    let Screen::ThisWeek(state) = &app.screen else {
        panic!()
    };
    assert!(state.items.iter().any(|it| matches!(
        it.kind,
        AgendaKind::Incident { id, .. } if id == incident
    )));
}

#[test]
fn the_print_says_a_file_was_written_and_where() {
    let (dir, store) = store();
    let mut app = app_as(store, "李老师", &dir);
    take_in(&mut app, &[("我考了一百分。", "")]);
    reply(&mut app, "真棒！");
    app.dispatch(Action::Print);
    let said = app.status.as_ref().unwrap().text.clone();
    let path = dir.path().join("replies").join("回信-2026-W49.html");
    assert!(path.exists());
    assert!(said.contains("已存为") && said.contains("浏览器"), "{said}");
    assert!(said.contains(&path.display().to_string()), "{said}");
    assert!(!said.contains("已打印"), "{said}");
    // The letter then says what happened to its reply: in a print file, not in the box.
    app.dispatch(Action::Reply);
    let said = app.status.as_ref().unwrap().text.clone();
    assert!(
        said.contains("打印文件") && !said.contains("放回信箱"),
        "{said}"
    );
}
