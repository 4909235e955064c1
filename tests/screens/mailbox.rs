//! The whisper mailbox driven as a counselor drives it: letters typed in through the intake
//! (numbers across weeks and year ends, danger words), triage, replies with templates and
//! drafts, printing, an incident without a name; snapshots at 80×24 and 160×48; and a
//! property that nothing written about a letter carries a child's id or name.

use crate::common;

use common::school::boss;

use chrono::NaiveDate;
use common::{ctrl, key, render, type_text};
use crossterm::event::KeyCode;
use shouwang::action::Action;
use shouwang::app::{App, Screen};
use shouwang::config::Config;
use shouwang::export::replies::{
    PrintStyle, ReplyFormat, mark_printed, week_to_print, write_replies,
};
use shouwang::keymap::Keymap;
use shouwang::model::*;
use shouwang::store::{LetterVia, Store};

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// A store with one counselor (李老师) and one child, whose name must never reach a letter.
fn store() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let (store, coordinator) = common::school::store_with_coordinator(dir.path());
    store
        .session(&coordinator)
        .unwrap()
        .write(|w| {
            w.add_counselor("李老师", Role::Counselor, vec![])?;
            let c = Child::new(
                ChildId(w.next_id()?),
                "赵小军".into(),
                Gender::Male,
                day(2014, 3, 2),
            );
            w.add_child(&c)
        })
        .unwrap();
    common::school::give_passphrases(&store);
    (dir, store)
}

fn app(store: Store, today: NaiveDate, dir: &tempfile::TempDir) -> App {
    let mut app = App::new(store, Config::default(), Keymap::default(), vec![], today);
    app.replies_dir = dir.path().join("replies");
    app.login_by_name("李老师", Some(&common::school::passphrase()))
        .unwrap();
    app
}

/// One letter through the intake form: text, pseudonym, and the day when given.
fn take_in(app: &mut App, text: &str, pseudonym: Option<&str>, received: Option<NaiveDate>) {
    type_text(app, text);
    key(app, KeyCode::Tab);
    if let Some(p) = pseudonym {
        type_text(app, p);
    }
    key(app, KeyCode::Tab);
    if let Some(d) = received {
        for _ in 0..12 {
            key(app, KeyCode::Backspace);
        }
        type_text(app, &d.to_string());
    }
    ctrl(app, 's');
}

fn letters(app: &App) -> Vec<Letter> {
    let mut l: Vec<Letter> = boss(&app.store).reader().unwrap().letters().unwrap();
    l.sort_by_key(|l| l.id.0);
    l
}

#[test]
fn numbers_follow_iso_weeks_across_year_ends_through_the_intake() {
    let (dir, store) = store();
    let mut app = app(store, day(2027, 1, 8), &dir);
    app.dispatch(Action::GotoMailbox);
    app.dispatch(Action::OpenMailbox);
    assert!(matches!(app.screen, Screen::Intake(_)));
    take_in(&mut app, "没改日期", None, None);
    take_in(
        &mut app,
        "十二月三十一日的信",
        None,
        Some(day(2026, 12, 31)),
    );
    take_in(&mut app, "元旦的信", Some("小雪"), Some(day(2027, 1, 1)));
    take_in(&mut app, "新年第一周", None, Some(day(2027, 1, 4)));
    take_in(&mut app, "两年前的信", None, Some(day(2024, 12, 30)));
    take_in(&mut app, "日期留着上一封的", None, None);
    let numbers: Vec<String> = letters(&app).iter().map(|l| l.number.to_string()).collect();
    assert_eq!(
        numbers,
        vec![
            "2027-W01-01", // the default day: the latest Friday, 2027-01-08
            "2026-W53-01", // Thursday 2026-12-31 is in ISO week 53
            "2026-W53-02", // so is Friday 2027-01-01
            "2027-W01-02", // numbering goes on in its own week
            "2025-W01-01", // Monday 2024-12-30 is week 1 of 2025
            "2025-W01-02", // the day typed stays for the next letter of the batch
        ]
    );
    assert_eq!(letters(&app)[2].pseudonym.as_deref(), Some("小雪"));
    assert_eq!(letters(&app)[0].received, day(2027, 1, 8));
    let Screen::Intake(state) = &app.screen else {
        panic!("the intake stays open for the next letter")
    };
    assert_eq!(state.taken.len(), 6);
    assert!(
        state.text.lines().concat().is_empty(),
        "the form is cleared"
    );
}

#[test]
fn a_future_day_or_an_empty_letter_is_refused_and_a_typed_letter_asks_before_ending() {
    let (dir, store) = store();
    let mut app = app(store, day(2026, 11, 26), &dir);
    app.dispatch(Action::GotoMailbox);
    app.dispatch(Action::OpenMailbox);
    ctrl(&mut app, 's');
    assert!(app.status.as_ref().unwrap().is_error);
    take_in(&mut app, "明天的信", None, Some(day(2026, 11, 27)));
    assert!(app.status.as_ref().unwrap().text.contains("还没到"));
    assert!(letters(&app).is_empty());
    key(&mut app, KeyCode::Esc);
    assert!(matches!(app.screen, Screen::Intake(_)), "asks first");
    key(&mut app, KeyCode::Esc);
    assert!(matches!(app.screen, Screen::Mailbox(_)));
}

#[test]
fn danger_words_put_a_letter_on_top_with_the_words_and_attention_can_be_changed_by_hand() {
    let (dir, store) = store();
    let mut app = app(store, day(2026, 11, 27), &dir);
    app.dispatch(Action::GotoMailbox);
    app.dispatch(Action::OpenMailbox);
    take_in(&mut app, "老师，我今天很开心。", None, None);
    take_in(
        &mut app,
        "爸爸喝酒就 打 我，\n我“害怕”回家……",
        Some("小草"),
        None,
    );
    take_in(&mut app, "我想妈妈了。", None, None);
    key(&mut app, KeyCode::Esc);
    let Screen::Mailbox(state) = &app.screen else {
        panic!("back on the mailbox")
    };
    let first = &state.rows[state.shown[0]];
    assert_eq!(first.letter.number.to_string(), "2026-W48-02");
    assert_eq!(first.matched, vec!["打我", "害怕回家"]);
    assert!(first.letter.attention_reason.contains("打我、害怕回家"));
    let stats = state.stats();
    assert_eq!((stats.received, stats.answered, stats.attention), (3, 0, 1));
    // By hand: select the third letter, mark it with a reason.
    app.dispatch(Action::SelectLast);
    app.dispatch(Action::ToggleAttention);
    app.dispatch(Action::Open);
    assert!(
        app.status.as_ref().unwrap().is_error,
        "a reason is required"
    );
    type_text(&mut app, "字迹很乱，像在哭");
    app.dispatch(Action::Open);
    let l = &letters(&app)[2];
    assert!(l.needs_attention);
    assert_eq!(l.attention_reason, "字迹很乱，像在哭");
    let audit: Vec<AuditEvent> = boss(&app.store).reader().unwrap().audit_events().unwrap();
    let last = audit
        .iter()
        .rev()
        .find(|e| e.action != AuditAction::Login)
        .unwrap();
    assert_eq!(last.target, RecordRef::Letter(l.id.0));
    assert!(
        !last.detail.contains("哭"),
        "free text stays out of the log"
    );
}

#[test]
fn reply_with_a_template_draft_save_print_and_raise_an_incident() {
    let (dir, store) = store();
    let mut app = app(store, day(2026, 11, 27), &dir);
    app.dispatch(Action::GotoMailbox);
    app.dispatch(Action::OpenMailbox);
    take_in(
        &mut app,
        "我一个人在家，晚上没人管。",
        Some("蓝色的鱼"),
        None,
    );
    take_in(&mut app, "我考了一百分！", None, None);
    key(&mut app, KeyCode::Esc);
    // Reading is audited as a view of the letter, never of a child.
    app.dispatch(Action::Open);
    let audit: Vec<AuditEvent> = boss(&app.store).reader().unwrap().audit_events().unwrap();
    let l1 = letters(&app)[0].clone();
    assert!(
        audit
            .iter()
            .any(|e| e.action == AuditAction::View && e.target == RecordRef::Letter(l1.id.0))
    );
    // The incident names no child and quotes the number and the words, not the letter; it
    // is saved from the form the letter prefills.
    app.dispatch(Action::RaiseIncident);
    assert!(matches!(app.screen, Screen::IncidentForm(_)));
    ctrl(&mut app, 's');
    assert!(matches!(app.screen, Screen::Letter(_)));
    let incidents: Vec<Incident> = boss(&app.store).reader().unwrap().incidents().unwrap();
    assert_eq!(incidents.len(), 1);
    let i = &incidents[0];
    assert_eq!((i.child, i.kind), (None, IncidentKind::LetterDanger));
    assert!(
        i.found.contains("2026-W48-01")
            && i.found.contains("一个人在家")
            && i.found.contains("没人管")
    );
    assert!(!i.found.contains("晚上"), "{}", i.found);
    app.dispatch(Action::RaiseIncident);
    assert_eq!(
        boss(&app.store)
            .reader()
            .unwrap()
            .incidents()
            .unwrap()
            .len(),
        1,
        "not twice"
    );
    // Reply: a template to start, words of one's own, a draft written by the tick.
    app.dispatch(Action::Reply);
    ctrl(&mut app, 't');
    let template = Config::default().reply_templates[0].clone();
    let Screen::Letter(state) = &app.screen else {
        panic!()
    };
    assert_eq!(state.reply_text(), template);
    type_text(&mut app, "\n老师明天来看你。");
    app.tick_at(std::time::Instant::now() + std::time::Duration::from_secs(3));
    let draft = boss(&app.store)
        .reader()
        .unwrap()
        .draft(&format!("reply:{}", l1.id.0))
        .unwrap();
    assert_eq!(
        String::from_utf8(draft.unwrap()).unwrap(),
        format!("{template}\n老师明天来看你。")
    );
    ctrl(&mut app, 's');
    let saved = &letters(&app)[0];
    assert_eq!(saved.status, LetterStatus::Replied);
    assert!(saved.replied_by.is_some() && saved.replied_at.is_some());
    assert!(
        boss(&app.store)
            .reader()
            .unwrap()
            .draft(&format!("reply:{}", l1.id.0))
            .unwrap()
            .is_none()
    );
    // Print the week: a file in replies/, the letter marked printed, then read-only.
    app.dispatch(Action::Print);
    let path = dir.path().join("replies").join("回信-2026-W48.html");
    let html = std::fs::read_to_string(&path).unwrap();
    assert!(
        html.contains("2026-W48-01")
            && html.contains("蓝色的鱼")
            && html.contains("老师明天来看你")
    );
    assert!(!html.contains("李老师") && !html.contains("赵小军"));
    assert!(app.status.as_ref().unwrap().text.contains("1 封信没有回信"));
    assert!(letters(&app)[0].printed && !letters(&app)[1].printed);
    app.dispatch(Action::SelectFirst);
    let Screen::Mailbox(state) = &app.screen else {
        panic!()
    };
    let printed_pos = state
        .shown
        .iter()
        .position(|&i| state.rows[i].letter.printed)
        .unwrap();
    app.dispatch(Action::SelectFirst);
    for _ in 0..printed_pos {
        app.dispatch(Action::SelectNext);
    }
    app.dispatch(Action::Reply);
    let Screen::Letter(state) = &app.screen else {
        panic!()
    };
    assert!(!state.editing);
    assert!(app.status.as_ref().unwrap().text.contains("标为已打印"));
}

/// Item 8 of issue 8: a print whose file cannot be written marks nothing printed, so the
/// letters stay answerable; once the folder can be made, the print works and shows the path.
#[test]
fn a_print_that_cannot_be_written_leaves_the_letters_unprinted() {
    let (dir, store) = store();
    let li = store
        .unlock("李老师", &common::school::passphrase())
        .unwrap();
    li.write(|w| {
        let l = shouwang::mailbox::take_in(
            w,
            &[],
            day(2026, 11, 27),
            day(2026, 11, 27),
            None,
            "我想妈妈。".into(),
            LetterVia::Typed,
        )?;
        w.reply_letter(l.id, "妈妈也想你。")
    })
    .unwrap();
    let mut app = app(store, day(2026, 11, 27), &dir);
    // A regular file where the folder should be: no one, not even root, can make it.
    let blocker = dir.path().join("not-a-folder");
    std::fs::write(&blocker, "x").unwrap();
    app.replies_dir = blocker.join("replies");
    app.dispatch(Action::GotoMailbox);
    app.dispatch(Action::Print);
    assert!(app.status.as_ref().unwrap().is_error, "{:?}", app.status);
    let letter = &letters(&app)[0];
    assert!(!letter.printed, "a failed print must not lock the letter");
    assert!(shouwang::mailbox::reply_locked_reason(letter).is_none());
    let audit: Vec<AuditEvent> = boss(&app.store).reader().unwrap().audit_events().unwrap();
    assert!(!audit.iter().any(|e| e.action == AuditAction::Print));

    app.replies_dir = dir.path().join("elsewhere").join("replies");
    std::fs::create_dir(dir.path().join("elsewhere")).unwrap();
    app.dispatch(Action::Print);
    let path = app.replies_dir.join("回信-2026-W48.html");
    assert!(path.exists() && letters(&app)[0].printed);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(&app.replies_dir), 0o700);
    }
    // The full path is on the screen, on rows of its own, at 80 columns.
    let screen = render(&mut app, 80, 24).replace('\n', "");
    let shown = path.display().to_string();
    assert!(screen.contains(&shown), "{shown} not on screen:\n{screen}");
    // A reprint never writes over the first file.
    app.dispatch(Action::Print);
    assert!(app.replies_dir.join("回信-2026-W48-2.html").exists());
}

#[test]
fn an_unsaved_reply_comes_back_and_esc_keeps_a_draft() {
    let (dir, store) = store();
    let mut app = app(store, day(2026, 11, 27), &dir);
    app.dispatch(Action::GotoMailbox);
    app.dispatch(Action::OpenMailbox);
    take_in(&mut app, "我想爷爷。", None, None);
    key(&mut app, KeyCode::Esc);
    app.dispatch(Action::Reply);
    type_text(&mut app, "爷爷也想你");
    app.tick_at(std::time::Instant::now() + std::time::Duration::from_secs(3));
    // A crash here: a new app on the same store finds the draft.
    let App { store, .. } = app;
    let mut app = self::app(store, day(2026, 11, 27), &dir);
    app.dispatch(Action::GotoMailbox);
    app.dispatch(Action::Reply);
    let Screen::Letter(state) = &app.screen else {
        panic!()
    };
    assert_eq!(state.reply_text(), "爷爷也想你");
    key(&mut app, KeyCode::Esc);
    let l = &letters(&app)[0];
    assert_eq!(
        (l.status, l.reply.as_str()),
        (LetterStatus::Draft, "爷爷也想你")
    );
}

#[test]
fn a_reply_typed_just_before_quitting_is_kept_as_a_draft() {
    let (dir, store) = store();
    let mut app = app(store, day(2026, 11, 27), &dir);
    app.dispatch(Action::GotoMailbox);
    app.dispatch(Action::OpenMailbox);
    take_in(&mut app, "我想爷爷。", None, None);
    key(&mut app, KeyCode::Esc);
    app.dispatch(Action::Reply);
    type_text(&mut app, "爷爷也想你");
    // Quit at once: no tick has written the draft yet. In an editor ctrl-c asks first (and
    // writes the draft); the second quits.
    ctrl(&mut app, 'c');
    assert!(!app.quit);
    ctrl(&mut app, 'c');
    assert!(app.quit);
    let App { store, .. } = app;
    let mut app = self::app(store, day(2026, 11, 27), &dir);
    app.dispatch(Action::GotoMailbox);
    app.dispatch(Action::Reply);
    let Screen::Letter(state) = &app.screen else {
        panic!()
    };
    assert_eq!(state.reply_text(), "爷爷也想你");
}

#[test]
fn on_a_friday_the_app_opens_on_the_mailbox() {
    let (dir, store) = store();
    let friday = app(store, day(2026, 11, 27), &dir);
    assert!(matches!(friday.screen, Screen::Mailbox(_)));
    let App { store, .. } = friday;
    let thursday = app(store, day(2026, 11, 26), &dir);
    assert!(matches!(thursday.screen, Screen::ThisWeek(_)));
}

/// A Friday's mailbox with Chinese letters: two needing attention, one draft, one replied.
fn filled() -> (tempfile::TempDir, App) {
    let (dir, store) = store();
    let mut app = app(store, day(2026, 11, 27), &dir);
    app.dispatch(Action::OpenMailbox);
    take_in(
        &mut app,
        "老师，我很想妈妈。她去年过年都没有回来，奶奶说今年也不回来。晚上睡觉的时候我会偷偷哭。",
        Some("小星星"),
        None,
    );
    take_in(
        &mut app,
        "爷爷生病住院了，现在家里只有我和弟弟，晚上一个人住有点害怕。",
        Some("蓝色的鱼"),
        None,
    );
    take_in(
        &mut app,
        "这次数学考试我只考了六十分，我怕爸爸打电话来问。",
        None,
        None,
    );
    take_in(
        &mut app,
        "有人说如果我告诉老师就打我，还不许告诉别人。",
        None,
        None,
    );
    take_in(
        &mut app,
        "谢谢老师上周给我讲题，我现在会做应用题了！",
        None,
        Some(day(2026, 11, 20)),
    );
    key(&mut app, KeyCode::Esc);
    (dir, app)
}

#[test]
fn snapshots_of_the_mailbox_and_the_reply_editor() {
    let (_dir, mut app) = filled();
    insta::assert_snapshot!("mailbox_80x24", render(&mut app, 80, 24));
    insta::assert_snapshot!("mailbox_160x48", render(&mut app, 160, 48));
    app.dispatch(Action::Reply);
    type_text(
        &mut app,
        "谢谢你愿意告诉老师。\n你不是一个人，老师会想办法帮你和弟弟。",
    );
    insta::assert_snapshot!("reply_80x24", render(&mut app, 80, 24));
    insta::assert_snapshot!("reply_160x48", render(&mut app, 160, 48));
    key(&mut app, KeyCode::Esc);
    app.dispatch(Action::OpenMailbox);
    type_text(&mut app, "老师，\n我想");
    insta::assert_snapshot!("intake_80x24", render(&mut app, 80, 24));
}

#[test]
fn printed_pages_in_every_format() {
    let (dir, store) = store();
    let mut app = app(store, day(2026, 11, 27), &dir);
    app.dispatch(Action::OpenMailbox);
    take_in(&mut app, "第一封\n第二行", Some("小星星"), None);
    take_in(&mut app, "第二封", None, None);
    key(&mut app, KeyCode::Esc);
    for _ in 0..2 {
        // The unanswered letters stay on top; a replied one moves down to 已回信.
        app.dispatch(Action::SelectFirst);
        app.dispatch(Action::Reply);
        type_text(&mut app, "谢谢你的信。");
        ctrl(&mut app, 's');
    }
    let ls = letters(&app);
    let mut txt = Vec::new();
    write_replies(&ls, ReplyFormat::Txt, &PrintStyle::default(), &mut txt).unwrap();
    let txt = String::from_utf8(txt).unwrap();
    let pages: Vec<&str> = txt.split('\x0c').collect();
    assert_eq!(pages.len(), 2);
    assert!(pages[0].contains("信件编号：2026-W48-01") && pages[0].contains("小星星："));
    assert!(pages[0].contains("│ 第一封……") && !pages[0].contains("第二行"));
    assert!(pages[1].contains("信件编号：2026-W48-02") && !pages[1].contains("署名"));
    let li = app
        .store
        .unlock("李老师", &common::school::passphrase())
        .unwrap();
    let mut md = Vec::new();
    let week = week_to_print(&li, 2026, 48).unwrap();
    write_replies(
        &week.answered,
        ReplyFormat::Md,
        &PrintStyle::default(),
        &mut md,
    )
    .unwrap();
    let p = mark_printed(&li, &week).unwrap();
    assert_eq!(p.numbers, vec!["2026-W48-01", "2026-W48-02"]);
    let md = String::from_utf8(md).unwrap();
    assert_eq!(md.matches("<!-- pagebreak -->").count(), 1);
    let audit: Vec<AuditEvent> = boss(&app.store).reader().unwrap().audit_events().unwrap();
    let prints: Vec<_> = audit
        .iter()
        .filter(|e| e.action == AuditAction::Print)
        .collect();
    assert_eq!(prints.len(), 2);
    assert!(
        prints
            .iter()
            .all(|e| matches!(e.target, RecordRef::Letter(_)))
    );
    println!("{}", pages[0]);
}

mod anonymity {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig { cases: 12, ..ProptestConfig::default() })]

        /// Whatever the letters say, no export of replies (any format), no JSON letter and
        /// no audit event about a letter carries a child's id or name.
        #[test]
        fn nothing_about_a_letter_names_a_child(
            texts in proptest::collection::vec("[\\p{Han}a-z ，。！]{1,40}", 1..5),
            pseudonyms in proptest::collection::vec(proptest::option::of("[\\p{Han}]{1,4}"), 5),
        ) {
            let (dir, store) = store();
            let child: Child = boss(&store).reader().unwrap().children().unwrap().remove(0);
            let mut app = app(store, day(2026, 11, 27), &dir);
            app.dispatch(Action::OpenMailbox);
            for (i, t) in texts.iter().enumerate() {
                take_in(&mut app, t, pseudonyms[i].as_deref(), None);
            }
            key(&mut app, KeyCode::Esc);
            app.dispatch(Action::Open);
            key(&mut app, KeyCode::Esc);
            app.dispatch(Action::Reply);
            type_text(&mut app, "谢谢你");
            ctrl(&mut app, 's');
            app.dispatch(Action::ToggleAttention);
            type_text(&mut app, "看看");
            app.dispatch(Action::Open);
            app.dispatch(Action::RaiseIncident);
            ctrl(&mut app, 's');
            let ls = letters(&app);
            let child_name = child.name.clone();
            for f in [ReplyFormat::Txt, ReplyFormat::Md, ReplyFormat::Html] {
                let mut out = Vec::new();
                write_replies(&ls, f, &PrintStyle::default(), &mut out).unwrap();
                let s = String::from_utf8(out).unwrap();
                prop_assert!(!s.contains(&child_name));
                prop_assert!(!s.contains("李老师"));
            }
            let mut json = Vec::new();
            let coordinator = app.store.unlock("周主任", &common::school::passphrase()).unwrap();
            shouwang::export::json::write_json(&coordinator, true, &mut json).unwrap();
            let v: serde_json::Value = serde_json::from_slice(&json).unwrap();
            for l in v["letters"].as_array().unwrap() {
                let obj = l.as_object().unwrap();
                for k in obj.keys() {
                    prop_assert!(!k.contains("child"), "letter key {k}");
                }
                let s = serde_json::to_string(l).unwrap();
                prop_assert!(!s.contains(&child_name));
                // No number in a letter object is the child's id (the ids share one counter).
                for v in obj.values() {
                    prop_assert!(v.as_u64() != Some(child.id.0), "{s}");
                }
            }
            let audit: Vec<AuditEvent> = boss(&app.store).reader().unwrap().audit_events().unwrap();
            let letter_ids: Vec<u64> = ls.iter().map(|l| l.id.0).collect();
            // The child's own creation (the fixture) aside, nothing names the child.
            for e in audit.iter().filter(|e| e.action != AuditAction::Create) {
                prop_assert!(e.target != RecordRef::Child(child.id.0));
                prop_assert!(!e.detail.contains(&child_name));
                if let RecordRef::Letter(id) = e.target {
                    prop_assert!(letter_ids.contains(&id));
                }
            }
            let incidents: Vec<Incident> = boss(&app.store).reader().unwrap().incidents().unwrap();
            prop_assert!(incidents.iter().all(|i| i.child.is_none()));
        }
    }
}
