//! A mandatory report is never silently changed: the correction form starts from the report's
//! own values, a letter's danger keeps its category, `!` on a letter opens the form prefilled
//! (nothing saved until the office, time reported and receipt can be entered), and the
//! message after saving says what is still missing. The app is driven by keys, not drawn.

use crate::common;

use common::{key, send, type_text};

use chrono::{NaiveDate, NaiveTime};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use shouwang::action::Action;
use shouwang::app::incident_form::IncidentField;
use shouwang::app::{App, Screen, handle_key};
use shouwang::config::Config;
use shouwang::keymap::Keymap;
use shouwang::model::*;
use shouwang::store::{LetterVia, Store};

/// The coordinator's session: who reads back what the screens saved.
fn boss(store: &Store) -> shouwang::store::Session<'_> {
    store
        .unlock("周主任", &common::school::passphrase())
        .unwrap()
}

/// Friday of ISO week 48, 2026, the day the mailbox opens.
fn friday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

fn at(d: u32, h: u32, m: u32) -> Timestamp {
    NaiveDate::from_ymd_opt(2026, 11, d)
        .unwrap()
        .and_hms_opt(h, m, 0)
        .unwrap()
}

/// A coordinator (周主任), a counselor (李老师) with one child, one letter that needs attention.
fn app(user: &str) -> (tempfile::TempDir, App) {
    let dir = tempfile::tempdir().unwrap();
    let (store, coordinator) = common::school::store_with_coordinator(dir.path());
    let words = Config::default().danger_words;
    store
        .session(&coordinator)
        .unwrap()
        .write(|w| {
            let li = w.add_counselor("李老师", Role::Counselor, vec![])?.id;
            let c = Child::new(
                ChildId(w.next_id()?),
                "赵小军".into(),
                Gender::Male,
                NaiveDate::from_ymd_opt(2014, 3, 2).unwrap(),
            );
            w.add_child(&c)?;
            w.assign(c.id, li, NaiveDate::from_ymd_opt(2026, 9, 1).unwrap())?;
            shouwang::mailbox::take_in(
                w,
                &words,
                friday(),
                friday(),
                None,
                "我一个人在家，晚上没人管。".into(),
                LetterVia::Typed,
            )
            .map(|_| ())
        })
        .unwrap();
    common::school::give_passphrases(&store);
    let mut app = App::new(
        store,
        Config::default(),
        Keymap::default(),
        vec![],
        friday(),
    );
    app.replies_dir = dir.path().join("replies");
    app.clock_time = NaiveTime::from_hms_opt(16, 30, 0);
    app.login_by_name(user, Some(&common::school::passphrase()))
        .unwrap();
    (dir, app)
}

fn save(app: &mut App) {
    handle_key(
        app,
        KeyEvent::new(KeyCode::Char('s'), KeyModifiers::CONTROL),
    );
}

fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

fn incidents(app: &App) -> Vec<Incident> {
    boss(&app.store).reader().unwrap().incidents().unwrap()
}

fn form(app: &App) -> &shouwang::app::IncidentForm {
    match &app.screen {
        Screen::IncidentForm(f) => f,
        _ => panic!("not on the incident form; status: {}", status(app)),
    }
}

fn text(t: &ratatui_textarea::TextArea<'static>) -> String {
    t.lines().join("\n")
}

/// Stores `incident` as is (id given here) and returns its id.
fn put(app: &App, mut incident: Incident) -> IncidentId {
    let user = app.user.as_ref().unwrap();
    app.store
        .session(user)
        .unwrap()
        .write(|w| {
            incident.id = IncidentId(w.next_id()?);
            w.put_incident(&incident)?;
            Ok(incident.id)
        })
        .unwrap()
}

fn incident(child: Option<ChildId>, kind: IncidentKind) -> Incident {
    Incident {
        id: IncidentId(0),
        child,
        kind,
        other: String::new(),
        found: "信中说一个人在家。".into(),
        found_at: at(26, 9, 0),
        reported_by: CounselorId(2),
        reported_to: "青山镇派出所".into(),
        reported_at: Some(at(26, 10, 30)),
        receipt: "QS-2026-118".into(),
        events: vec![],
        revisions: vec![],
        closed: None,
    }
}

#[test]
fn correcting_a_letter_report_keeps_its_category() {
    let (_d, mut app) = app("周主任");
    let id = put(&app, incident(None, IncidentKind::LetterDanger));
    app.open_incident(id);
    key(&mut app, KeyCode::Char('e'));
    let f = form(&app);
    assert_eq!(f.kind(), IncidentKind::LetterDanger);
    assert!(f.kinds.contains(&IncidentKind::LetterDanger));
    // Only the receipt is corrected.
    for _ in 0..3 {
        key(&mut app, KeyCode::Tab);
    }
    assert_eq!(form(&app).focus, IncidentField::Receipt);
    type_text(&mut app, "-补");
    save(&mut app);
    assert!(
        matches!(app.screen, Screen::Incident(_)),
        "{}",
        status(&app)
    );
    let saved = boss(&app.store).reader().unwrap().incident(id).unwrap();
    let saved = saved.unwrap();
    assert_eq!(saved.kind, IncidentKind::LetterDanger);
    assert_eq!(saved.child, None);
    assert_eq!(saved.receipt, "QS-2026-118-补");
    assert_eq!(saved.revisions.len(), 1);
    assert_eq!(saved.revisions[0].kind, IncidentKind::LetterDanger);
    assert_eq!(saved.reported_at, Some(at(26, 10, 30)));
}

#[test]
fn the_letter_category_can_be_chosen_and_chosen_back() {
    let (_d, mut app) = app("周主任");
    let id = put(&app, incident(None, IncidentKind::LetterDanger));
    app.open_incident(id);
    key(&mut app, KeyCode::Char('e'));
    let n = form(&app).kinds.len();
    let mut seen = vec![];
    for _ in 0..n {
        key(&mut app, KeyCode::Right);
        seen.push(form(&app).kind());
    }
    assert!(seen.contains(&IncidentKind::Abuse));
    assert_eq!(seen.last(), Some(&IncidentKind::LetterDanger), "{seen:?}");
}

#[test]
fn the_correction_form_starts_from_every_value_of_the_report() {
    let (_d, mut app) = app("李老师");
    let child = boss(&app.store).reader().unwrap().children().unwrap()[0].id;
    let mut i = incident(Some(child), IncidentKind::Abuse);
    i.found = "手臂有淤青。".into();
    let id = put(&app, i.clone());
    app.open_incident(id);
    key(&mut app, KeyCode::Char('e'));
    let f = form(&app);
    assert_eq!(f.kind(), IncidentKind::Abuse);
    assert_eq!(text(&f.found), i.found);
    assert_eq!(text(&f.when), "2026-11-26 09:00");
    assert_eq!(text(&f.office), i.reported_to);
    assert_eq!(text(&f.receipt), i.receipt);
    assert_eq!(text(&f.reported_at), "2026-11-26 10:30");
    assert!(!f.is_changed());
    // Saved untouched, nothing changes and no revision is made.
    save(&mut app);
    let saved = boss(&app.store).reader().unwrap().incident(id).unwrap();
    let mut expected = i;
    expected.id = id;
    assert_eq!(saved, Some(expected));
}

#[test]
fn bang_on_a_letter_opens_the_form_prefilled_and_saves_only_then() {
    let (_d, mut app) = app("李老师");
    app.dispatch(Action::GotoMailbox);
    key(&mut app, KeyCode::Char('!'));
    let f = form(&app);
    assert_eq!(f.child, None);
    assert_eq!(f.kind(), IncidentKind::LetterDanger);
    let found = text(&f.found);
    assert!(
        found.contains("2026-W48-01") && found.contains("一个人在家") && !found.contains("晚上"),
        "{found}"
    );
    assert_eq!(f.focus, IncidentField::Office);
    assert!(
        incidents(&app).is_empty(),
        "nothing saved before the form is"
    );
    // Read at two, reported ten past three.
    handle_key(
        &mut app,
        KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
    );
    assert_eq!(form(&app).focus, IncidentField::When);
    for _ in 0..16 {
        key(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "2026-11-27 14:00");
    key(&mut app, KeyCode::Tab);
    type_text(&mut app, "青山镇派出所");
    key(&mut app, KeyCode::Tab);
    type_text(&mut app, "QS-2026-140");
    key(&mut app, KeyCode::Tab);
    assert_eq!(form(&app).focus, IncidentField::ReportedAt);
    type_text(&mut app, "2026-11-27 15:10");
    save(&mut app);
    assert!(
        !matches!(app.screen, Screen::IncidentForm(_)),
        "{}",
        status(&app)
    );
    let all = incidents(&app);
    assert_eq!(all.len(), 1);
    let i = &all[0];
    assert_eq!((i.child, i.kind), (None, IncidentKind::LetterDanger));
    assert_eq!(i.found, found);
    assert_eq!(i.reported_to, "青山镇派出所");
    assert_eq!(i.receipt, "QS-2026-140");
    assert_eq!(i.reported_at, Some(at(27, 15, 10)));
    assert_eq!(i.found_at, at(27, 14, 0));
    // Audited under the letter, never a child.
    let audit: Vec<AuditEvent> = boss(&app.store).reader().unwrap().audit_events().unwrap();
    assert!(audit.iter().any(|e| e.target == RecordRef::Incident(i.id.0)
        && Detail::read(e.action, e.target, &e.detail)
            == Detail::FromLetter("2026-W48-01".into())));
    // Reported, with its receipt: the message says what the school does next (a letter
    // names no child), and asks neither to report nor to note the receipt.
    let said = status(&app);
    assert_eq!(
        said,
        "已登记信件 2026-W48-01 的安全事件。\
         下一步：请学校心理辅导老师和政教处尽快商量如何找到并帮助写信的孩子。"
    );
    // A second `!` on the same letter is refused: its report is open.
    key(&mut app, KeyCode::Char('!'));
    assert!(!matches!(app.screen, Screen::IncidentForm(_)));
    assert!(status(&app).contains("2026-W48-01"), "{}", status(&app));
}

#[test]
fn the_message_after_saving_says_what_is_still_missing() {
    let (_d, mut app) = app("李老师");
    app.dispatch(Action::GotoMailbox);
    key(&mut app, KeyCode::Char('!'));
    save(&mut app);
    // From a letter: the school's counselor and the coordinator, and the police when a
    // child may be in danger.
    let said = status(&app);
    assert!(
        said.contains("心理辅导老师") && said.contains("政教处") && said.contains("立即报警"),
        "{said}"
    );

    let child = boss(&app.store).reader().unwrap().children().unwrap()[0].id;
    let mut i = incident(Some(child), IncidentKind::Injury);
    (i.reported_to, i.receipt, i.reported_at) = (String::new(), String::new(), None);
    let id = put(&app, i);
    app.open_incident(id);
    send(&mut app, "e<tab><tab>");
    type_text(&mut app, "民政部门");
    save(&mut app);
    let said = status(&app);
    assert!(
        said.contains("民政部门") && said.contains("回执") && !said.contains("派出所报告"),
        "{said}"
    );
    let saved = boss(&app.store).reader().unwrap().incident(id).unwrap();
    assert_eq!(saved.unwrap().reported_at, Some(at(27, 16, 30)));
}

#[test]
fn a_time_reported_needs_an_office_and_must_follow_the_time_found() {
    let (_d, mut app) = app("李老师");
    app.dispatch(Action::GotoMailbox);
    send(&mut app, "!<tab><tab>");
    type_text(&mut app, "2026-11-27 15:00");
    save(&mut app);
    assert_eq!(form(&app).focus, IncidentField::Office, "{}", status(&app));
    type_text(&mut app, "派出所");
    send(&mut app, "<tab><tab>");
    for _ in 0..16 {
        key(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "2026-11-20 15:00");
    save(&mut app);
    assert_eq!(form(&app).focus, IncidentField::ReportedAt);
    assert!(status(&app).contains("早于发现时间"), "{}", status(&app));
    assert!(incidents(&app).is_empty());
}

/// The later kinds are offered for a child, "other" last; choosing it adds a row for what it
/// is, which saving asks for (the caret goes there) and which is saved and shown with it.
#[test]
fn other_asks_what_it_is_before_it_saves() {
    let (_d, mut app) = app("李老师");
    let child = boss(&app.store).reader().unwrap().children().unwrap()[0].id;
    app.open_child(child);
    app.dispatch(Action::NewIncident);
    let kinds = form(&app).kinds.clone();
    for k in [
        IncidentKind::SexualAbuse,
        IncidentKind::SelfHarm,
        IncidentKind::Other,
    ] {
        assert!(kinds.contains(&k), "{kinds:?}");
    }
    assert_eq!(kinds.last(), Some(&IncidentKind::Other));
    assert!(!form(&app).fields().contains(&IncidentField::Other));
    // Left from the first kind wraps round to the last: "other".
    key(&mut app, KeyCode::Left);
    assert_eq!(form(&app).kind(), IncidentKind::Other);
    assert_eq!(form(&app).fields()[1], IncidentField::Other);
    key(&mut app, KeyCode::Tab);
    assert_eq!(form(&app).focus, IncidentField::Other);
    key(&mut app, KeyCode::Tab);
    type_text(&mut app, "课间被高年级学生围堵");
    save(&mut app);
    assert_eq!(form(&app).focus, IncidentField::Other);
    assert_eq!(
        status(&app),
        "类别为“其他”时，请写明是什么情况（如 校园欺凌）。"
    );
    assert!(incidents(&app).is_empty());
    type_text(&mut app, "校园欺凌");
    save(&mut app);
    let all = incidents(&app);
    assert_eq!(all.len(), 1, "{}", status(&app));
    assert_eq!(
        (all[0].kind, all[0].other.as_str()),
        (IncidentKind::Other, "校园欺凌")
    );
    // The store keeps the same rule for any other way in.
    let mut bare = incident(Some(child), IncidentKind::Other);
    bare.reported_by = all[0].reported_by;
    let refused = app
        .store
        .session(app.user.as_ref().unwrap())
        .unwrap()
        .write(|w| {
            bare.id = IncidentId(w.next_id()?);
            w.put_incident(&bare)
        })
        .unwrap_err();
    assert!(
        refused.to_string().contains("请写明是什么情况"),
        "{refused}"
    );
    // Another kind drops a description typed for "other".
    app.open_incident(all[0].id);
    send(&mut app, "e<right>");
    assert_eq!(form(&app).kind(), kinds[0]);
    save(&mut app);
    let saved = incidents(&app).remove(0);
    assert_eq!((saved.kind, saved.other.as_str()), (kinds[0], ""));
    assert_eq!(saved.revisions[0].other, "校园欺凌");
}
