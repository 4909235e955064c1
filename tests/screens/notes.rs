//! Writing notes as a counselor does: the editor driven by keys and pastes (no terminal),
//! drafts surviving a restart, the timeline (edit with history, soft delete, filter, search),
//! "all my notes", and This week reacting at once to a talk logged today. Snapshots at 80×24
//! and 160×48.

use crate::common;

use chrono::{NaiveDate, NaiveTime};
use common::{key, screen_text, send, type_text};
use crossterm::event::{Event, KeyCode, KeyEvent, KeyModifiers};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use shouwang::action::Action;
use shouwang::app::{App, ChildTab, EditorField, Screen, handle_event, handle_key};
use shouwang::config::Config;
use shouwang::keymap::Keymap;
use shouwang::model::*;
use shouwang::store::Store;
use std::path::PathBuf;
use std::time::{Duration, Instant};

fn thursday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn at(m: u32, d: u32, h: u32) -> Timestamp {
    NaiveDate::from_ymd_opt(2026, m, d)
        .unwrap()
        .and_hms_opt(h, 0, 0)
        .unwrap()
}

struct Ids {
    zw: ChildId,
    zx: ChildId,
    wf: ChildId,
}

fn kid(sid: &str, name: &str, class: &str, id: u64) -> Child {
    let mut c = Child::new(
        ChildId(id),
        name.into(),
        Gender::Female,
        NaiveDate::from_ymd_opt(2014, 5, 1).unwrap(),
    );
    c.student_id = Some(sid.into());
    c.class = class.into();
    c.village = "青山村".into();
    c
}

/// 李老师 cares for 张伟 (talked Tuesday), 曾小燕 (last talk weeks ago) and 王芳 (never).
/// Built as the app builds a school: the coordinator first, then through the staff's sessions.
fn school() -> (tempfile::TempDir, PathBuf, Ids) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let (store, boss) = common::school::store_with_coordinator(dir.path());
    let (li, ids) = store
        .session(&boss)
        .unwrap()
        .write(|w| {
            let li = w.add_counselor("李老师", Role::Counselor, vec![])?;
            w.add_counselor("陈老师", Role::Counselor, vec![])?;
            let mut ids = Vec::new();
            for (sid, name, class) in [
                ("T001", "张伟", "七年级(1)班"),
                ("T002", "曾小燕", "六年级(2)班"),
                ("T003", "王芳", "八年级(3)班"),
            ] {
                let c = kid(sid, name, class, w.next_id()?);
                w.add_child(&c)?;
                ids.push(c.id);
            }
            let term = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
            for c in &ids {
                w.assign(*c, li.id, term)?;
            }
            Ok((li, ids))
        })
        .unwrap();
    common::school::give_passphrases(&store);
    let (zw, zx, wf) = (ids[0], ids[1], ids[2]);
    store
        .session(&li)
        .unwrap()
        .write(|w| {
            let note =
                |children: Vec<ChildId>, kind, when, text: &str| shouwang::store::NoteInput {
                    children,
                    kind,
                    at: when,
                    duration_min: Some(30),
                    text: text.into(),
                    mood: Some(4),
                    support: String::new(),
                    follow_up: None,
                };
            w.add_note(note(
                vec![zw],
                NoteKind::Talk,
                at(11, 24, 16),
                "聊了这次月考，他说数学进步了，很开心。约好周五一起订正错题。",
            ))?;
            w.add_note(note(
                vec![zw],
                NoteKind::Tutoring,
                at(11, 25, 17),
                "辅导分数应用题，错题都订正了。",
            ))?;
            w.add_note(note(
                vec![zx],
                NoteKind::Talk,
                at(11, 2, 16),
                "她说奶奶腿疼，放学要早点回家做饭。",
            ))?;
            Ok(())
        })
        .unwrap();
    drop(store);
    (dir, path, Ids { zw, zx, wf })
}

fn app_on(path: &std::path::Path, user: &str) -> App {
    let store = Store::open(path, common::clock(common::school::TERM_NOW)).unwrap();
    let mut app = App::new(
        store,
        Config::default(),
        Keymap::default(),
        vec![],
        thursday(),
    );
    app.clock_time = NaiveTime::from_hms_opt(10, 15, 0);
    app.login_by_name(user, Some(&common::school::passphrase()))
        .unwrap();
    app
}

fn render_term(app: &mut App, width: u16, height: u16) -> Terminal<TestBackend> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| shouwang::ui::draw(f, app)).unwrap();
    terminal
}

fn render(app: &mut App, width: u16, height: u16) -> String {
    screen_text(render_term(app, width, height).backend().buffer())
}

fn status(app: &App) -> String {
    app.status
        .as_ref()
        .map(|s| s.text.clone())
        .unwrap_or_default()
}

/// Opens a new note for 张伟 from his archive and moves the focus to the text.
fn editor_for_zw(app: &mut App, ids: &Ids) {
    app.open_child(ids.zw);
    app.dispatch(Action::NewNote);
    assert!(matches!(app.screen, Screen::NoteEditor(_)));
    while !matches!(&app.screen, Screen::NoteEditor(ed) if ed.focus == EditorField::Text) {
        app.dispatch(Action::NextField);
    }
}

fn editor_text(app: &App) -> Vec<String> {
    let Screen::NoteEditor(ed) = &app.screen else {
        panic!("not in the editor");
    };
    ed.text.lines().to_vec()
}

/// Reads as the coordinator, who sees every child: the tests' window into the store.
fn as_coordinator<T>(app: &App, f: impl FnOnce(&shouwang::store::SessionReader) -> T) -> T {
    let session = app
        .store
        .unlock("周主任", &common::school::passphrase())
        .unwrap();
    let reader = session.reader().unwrap();
    f(&reader)
}

/// The unsaved note of the person logged in.
fn draft(app: &App) -> Option<Vec<u8>> {
    let key = format!("note:{}", app.user.as_ref().unwrap().id);
    as_coordinator(app, |r| r.draft(&key).unwrap())
}

fn audit(app: &App) -> Vec<AuditEvent> {
    as_coordinator(app, |r| r.audit_events().unwrap())
}

fn notes_of(app: &App, child: ChildId) -> Vec<Note> {
    as_coordinator(app, |r| {
        r.note_ids_of_child(child)
            .unwrap()
            .into_iter()
            .filter_map(|id| r.note(id).unwrap())
            .collect()
    })
}

#[test]
fn typing_chinese_enter_paste_and_q_stay_in_the_text_and_save_commits() {
    let (_d, path, ids) = school();
    let mut app = app_on(&path, "李老师");
    editor_for_zw(&mut app, &ids);
    type_text(&mut app, "他说想妈妈了，q");
    key(&mut app, KeyCode::Enter);
    type_text(&mut app, "n1");
    handle_event(
        &mut app,
        Event::Paste("第二段\r\n奶奶说他晚上睡得好".into()),
    );
    assert!(!app.quit, "q typed into the note must not quit");
    assert_eq!(
        editor_text(&app),
        vec!["他说想妈妈了，q", "n1第二段", "奶奶说他晚上睡得好"]
    );
    // The terminal cursor is right after the last character typed (an IME draws there).
    let terminal = render_term(&mut app, 80, 24);
    let pos = terminal.backend_mut_cursor();
    let buffer = terminal.backend().buffer();
    assert_eq!(
        buffer[(pos.0 - 2, pos.1)].symbol(),
        "好",
        "caret at {pos:?}"
    );
    assert_eq!(buffer[(pos.0 - 4, pos.1)].symbol(), "得");

    app.dispatch(Action::Save);
    assert!(
        matches!(app.screen, Screen::Child(_)),
        "back on the archive"
    );
    assert!(status(&app).contains("已保存"), "{}", status(&app));
    let newest = &notes_of(&app, ids.zw)[0];
    assert_eq!(newest.text, "他说想妈妈了，q\nn1第二段\n奶奶说他晚上睡得好");
    assert_eq!(newest.kind, NoteKind::Talk);
    assert_eq!(newest.at, thursday().and_hms_opt(10, 15, 0).unwrap());
    let audit = audit(&app);
    assert!(
        audit
            .iter()
            .any(|e| e.action == AuditAction::Create && e.target == RecordRef::Note(newest.id.0))
    );
    assert_eq!(draft(&app), None);
}

trait CursorOf {
    fn backend_mut_cursor(&self) -> (u16, u16);
}

impl CursorOf for Terminal<TestBackend> {
    fn backend_mut_cursor(&self) -> (u16, u16) {
        let p = self.backend().cursor_position();
        (p.x, p.y)
    }
}

#[test]
fn esc_asks_before_throwing_typing_away() {
    let (_d, path, ids) = school();
    let mut app = app_on(&path, "李老师");
    editor_for_zw(&mut app, &ids);
    app.dispatch(Action::Cancel);
    assert!(
        matches!(app.screen, Screen::Child(_)),
        "nothing typed: leaves at once"
    );

    app.dispatch(Action::NewNote);
    type_text(&mut app, "写了一半");
    key(&mut app, KeyCode::Esc);
    assert!(
        matches!(app.screen, Screen::NoteEditor(_)),
        "first Esc asks"
    );
    assert!(status(&app).contains("再按一次 Esc"), "{}", status(&app));
    type_text(&mut app, "，继续写");
    key(&mut app, KeyCode::Esc);
    assert!(
        matches!(app.screen, Screen::NoteEditor(_)),
        "typing again resets the question"
    );
    key(&mut app, KeyCode::Esc);
    assert!(matches!(app.screen, Screen::Child(_)));
    assert_eq!(notes_of(&app, ids.zw).len(), 2, "nothing saved");
}

#[test]
fn a_bad_date_or_mood_is_a_sentence_and_the_focus_goes_there() {
    let (_d, path, ids) = school();
    let mut app = app_on(&path, "李老师");
    editor_for_zw(&mut app, &ids);
    type_text(&mut app, "谈心内容");
    let Screen::NoteEditor(ed) = &mut app.screen else {
        unreachable!()
    };
    ed.when = ratatui_textarea::TextArea::from(["下个月"]);
    app.dispatch(Action::Save);
    assert!(
        status(&app).contains("“下个月”不是一个时间"),
        "{}",
        status(&app)
    );
    assert!(app.status.as_ref().unwrap().is_error);
    let Screen::NoteEditor(ed) = &mut app.screen else {
        panic!("left the editor")
    };
    assert_eq!(ed.focus, EditorField::When);
    ed.when = ratatui_textarea::TextArea::from(["昨天 16:30"]);
    ed.mood = ratatui_textarea::TextArea::from(["9"]);
    app.dispatch(Action::Save);
    assert!(status(&app).contains("1 到 5"), "{}", status(&app));
    let Screen::NoteEditor(ed) = &mut app.screen else {
        panic!()
    };
    ed.mood = ratatui_textarea::TextArea::from(["2"]);
    app.dispatch(Action::Save);
    let notes = notes_of(&app, ids.zw);
    let n = notes.iter().find(|n| n.text == "谈心内容").expect("saved");
    assert_eq!(n.at, at(11, 25, 16) + chrono::Duration::minutes(30));
    assert_eq!(n.mood, Some(2));
}

#[test]
fn kind_is_chosen_with_keys_and_q_there_does_not_quit() {
    let (_d, path, ids) = school();
    let mut app = app_on(&path, "李老师");
    app.open_child(ids.zw);
    app.dispatch(Action::NewNote);
    // Shift-tab goes back up the screen to the kind (the caret starts in the text).
    for _ in 0..4 {
        app.dispatch(Action::PrevField);
    }
    type_text(&mut app, "q1");
    assert!(!app.quit);
    assert!(
        matches!(app.screen, Screen::NoteEditor(_)),
        "1 must not jump to This week"
    );
    send(&mut app, "<right><right>");
    let Screen::NoteEditor(ed) = &app.screen else {
        unreachable!()
    };
    assert_eq!(ed.kind, NoteKind::HomeVisit);
    key(&mut app, KeyCode::Left);
    let Screen::NoteEditor(ed) = &app.screen else {
        unreachable!()
    };
    assert_eq!(ed.kind, NoteKind::Tutoring);
}

/// A 重点时段排查 note shows the plans' checklist where its text goes, in breaks and after
/// school alike.
#[test]
fn a_safety_check_note_shows_its_checklist() {
    let (_d, path, ids) = school();
    let mut app = app_on(&path, "李老师");
    app.open_child(ids.zw);
    app.dispatch(Action::NewNote);
    assert!(!render(&mut app, 80, 24).contains("溺水"));
    for _ in 0..4 {
        app.dispatch(Action::PrevField);
    }
    // Left from the first kind wraps to the last, the safety check.
    key(&mut app, KeyCode::Left);
    let Screen::NoteEditor(ed) = &app.screen else {
        unreachable!()
    };
    assert_eq!(ed.kind, NoteKind::HolidaySafetyCheck);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("溺水、交通、烫伤、坠落、中毒"), "{screen}");
}

#[test]
fn a_follow_up_is_saved_with_the_note_in_one_go() {
    let (_d, path, ids) = school();
    let mut app = app_on(&path, "李老师");
    editor_for_zw(&mut app, &ids);
    type_text(&mut app, "家访：爷爷说孩子最近不爱吃饭。");
    let Screen::NoteEditor(ed) = &mut app.screen else {
        unreachable!()
    };
    ed.follow_up = ratatui_textarea::TextArea::from(["问问班主任午饭情况"]);
    ed.follow_up_due = ratatui_textarea::TextArea::from(["周五"]);
    app.dispatch(Action::Save);
    let n = &notes_of(&app, ids.zw)[0];
    let f: FollowUp = as_coordinator(&app, |r| {
        r.followups_of_child(ids.zw)
            .unwrap()
            .into_iter()
            .find(|f| Some(f.id) == n.follow_up)
            .unwrap()
    });
    assert_eq!(f.note, Some(n.id));
    assert_eq!(f.due, NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
    assert_eq!(f.text, "问问班主任午饭情况");
    assert_eq!(f.child, ids.zw);
}

#[test]
fn a_draft_is_written_after_a_pause_and_offered_back_after_a_restart() {
    let (_d, path, ids) = school();
    let mut app = app_on(&path, "李老师");
    editor_for_zw(&mut app, &ids);
    type_text(&mut app, "孩子说周末一个人在家");
    app.tick_at(Instant::now());
    assert_eq!(draft(&app), None, "not on every key");
    assert!(app.draft_pending());
    app.tick_at(Instant::now() + Duration::from_secs(2));
    assert!(!app.draft_pending());
    assert!(draft(&app).is_some());
    drop(app); // as if the power went off: nothing else happens

    // Someone else logging in on this computer does not get it.
    let other = app_on(&path, "陈老师");
    assert!(matches!(other.screen, Screen::ThisWeek(_)));
    drop(other);

    let mut app = app_on(&path, "李老师");
    assert!(
        matches!(app.screen, Screen::NoteEditor(_)),
        "the draft is offered"
    );
    assert!(status(&app).contains("找回了"), "{}", status(&app));
    assert_eq!(editor_text(&app), vec!["孩子说周末一个人在家"]);
    let screen = render(&mut app, 80, 24);
    assert!(
        screen.contains("张伟") && screen.contains("孩子说周末一个人在家"),
        "{screen}"
    );
    app.dispatch(Action::Save);
    assert_eq!(draft(&app), None);
    assert_eq!(notes_of(&app, ids.zw)[0].text, "孩子说周末一个人在家");
    drop(app);
    let app = app_on(&path, "李老师");
    assert!(
        matches!(app.screen, Screen::ThisWeek(_)),
        "saved: not offered again"
    );
}

/// On a Friday the mailbox opens at login, unless a draft left by a crash is offered: the
/// unsaved typing comes first.
#[test]
fn a_draft_is_offered_before_the_fridays_mailbox() {
    let (_d, path, ids) = school();
    let mut app = app_on(&path, "李老师");
    editor_for_zw(&mut app, &ids);
    type_text(&mut app, "孩子说周末一个人在家");
    app.tick_at(Instant::now() + Duration::from_secs(2));
    assert!(draft(&app).is_some());
    drop(app);

    let friday = thursday().succ_opt().unwrap();
    let open_on_friday = || {
        let store = Store::open(&path, common::clock(common::school::TERM_NOW)).unwrap();
        let mut app = App::new(store, Config::default(), Keymap::default(), vec![], friday);
        app.login_by_name("李老师", Some(&common::school::passphrase()))
            .unwrap();
        app
    };
    let mut app = open_on_friday();
    assert!(
        matches!(app.screen, Screen::NoteEditor(_)),
        "the draft is offered"
    );
    app.dispatch(Action::Save);
    drop(app);
    let app = open_on_friday();
    assert!(
        matches!(app.screen, Screen::Mailbox(_)),
        "no draft: Friday's mailbox"
    );
}

#[test]
fn discarding_a_restored_draft_clears_it() {
    let (_d, path, ids) = school();
    let mut app = app_on(&path, "李老师");
    editor_for_zw(&mut app, &ids);
    type_text(&mut app, "草稿");
    // Quitting from an editor asks first, and writes the draft at once.
    app.dispatch(Action::Quit);
    app.dispatch(Action::Quit);
    assert!(app.quit);
    drop(app);
    let mut app = app_on(&path, "李老师");
    assert!(matches!(app.screen, Screen::NoteEditor(_)));
    app.dispatch(Action::Cancel);
    app.dispatch(Action::Cancel);
    assert!(matches!(app.screen, Screen::ThisWeek(_)));
    assert_eq!(draft(&app), None);
}

#[test]
fn a_talk_saved_today_takes_the_child_off_talk_due_at_once() {
    let (_d, path, ids) = school();
    let mut app = app_on(&path, "李老师");
    let talk_due = |app: &App| {
        let Screen::ThisWeek(s) = &app.screen else {
            panic!("not on This week")
        };
        s.items.iter().any(|i| {
            i.child == Some(ids.wf)
                && shouwang::labels::agenda_detail(i, &app.config, app.today).contains("谈心")
        })
    };
    assert!(talk_due(&app), "王芳 has never had a talk");
    // From This week: select 王芳's row and write the note there.
    let Screen::ThisWeek(s) = &mut app.screen else {
        unreachable!()
    };
    s.selected = s
        .items
        .iter()
        .position(|i| i.child == Some(ids.wf))
        .unwrap();
    app.dispatch(Action::NewNote);
    let Screen::NoteEditor(ed) = &app.screen else {
        panic!("no editor")
    };
    assert_eq!(ed.children[0].0, ids.wf);
    assert_eq!(
        ed.focus,
        shouwang::app::EditorField::Text,
        "the caret starts in the text"
    );
    type_text(&mut app, "课间聊天，她说想去看外婆。");
    app.dispatch(Action::Save);
    assert!(matches!(app.screen, Screen::ThisWeek(_)));
    assert!(!talk_due(&app), "the talk logged today counts at once");
    // A deleted talk no longer counts.
    let id = notes_of(&app, ids.wf)[0].id;
    let me = app.user.clone().unwrap();
    app.store
        .session(&me)
        .unwrap()
        .write(|w| w.delete_note(id, "记错了孩子"))
        .unwrap();
    app.show_this_week();
    assert!(talk_due(&app));
}

#[test]
fn a_group_note_from_marked_children_is_one_note_for_all() {
    let (_d, path, ids) = school();
    let mut app = app_on(&path, "李老师");
    app.dispatch(Action::GotoCaseload);
    let Screen::Caseload(s) = &mut app.screen else {
        panic!()
    };
    let row_of = |s: &shouwang::app::CaseloadState, c| {
        s.visible
            .iter()
            .position(|(i, _)| s.rows[*i].child == c)
            .unwrap()
    };
    s.selected = row_of(s, ids.zw);
    key(&mut app, KeyCode::Char(' '));
    let Screen::Caseload(s) = &mut app.screen else {
        panic!()
    };
    s.selected = row_of(s, ids.wf);
    key(&mut app, KeyCode::Char(' '));
    let marks = render(&mut app, 80, 24);
    key(&mut app, KeyCode::Char('n'));
    let Screen::NoteEditor(ed) = &mut app.screen else {
        panic!("no editor")
    };
    assert_eq!(ed.children.len(), 2, "{marks}");
    assert!(
        marks.contains("✓张伟") && marks.contains("✓王芳"),
        "{marks}"
    );
    assert!(!marks.contains("✓曾小燕"), "{marks}");
    ed.kind = NoteKind::GroupCounseling;
    ed.focus = EditorField::Text;
    type_text(&mut app, "心理课：给远方的爸爸妈妈写一句话。");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("集体活动，共 2 人"), "{screen}");
    app.dispatch(Action::Save);
    let a = &notes_of(&app, ids.zw)[0];
    let b = &notes_of(&app, ids.wf)[0];
    assert_eq!(a.id, b.id);
    assert_eq!(a.children, vec![ids.zw, ids.wf]);
    assert!(notes_of(&app, ids.zx).iter().all(|n| n.id != a.id));
}

/// 张伟's timeline with one edited note and one deleted note.
fn timeline_with_history(app: &mut App, ids: &Ids) {
    app.open_child(ids.zw);
    let Screen::Child(s) = &mut app.screen else {
        panic!()
    };
    s.tab = ChildTab::Timeline;
    // Edit the newest (the tutoring note).
    app.dispatch(Action::EditNote);
    let Screen::NoteEditor(ed) = &mut app.screen else {
        panic!("no editor")
    };
    assert!(ed.editing.is_some());
    ed.text = ratatui_textarea::TextArea::from(["辅导分数应用题，还有两道错题没订正，明天再看。"]);
    app.dispatch(Action::Save);
    assert!(status(app).contains("原来的内容保留"), "{}", status(app));
    // Delete the older talk, with a reason.
    app.dispatch(Action::SelectNext);
    app.dispatch(Action::DeleteNote);
    app.dispatch(Action::Open);
    assert!(
        status(app).contains("原因"),
        "an empty reason is refused: {}",
        status(app)
    );
    type_text(app, "记错了日子，重写一条");
    app.dispatch(Action::Open);
    assert!(status(app).contains("已删除"), "{}", status(app));
}

#[test]
fn editing_keeps_history_and_deleting_keeps_the_note_greyed_with_its_reason() {
    let (_d, path, ids) = school();
    let mut app = app_on(&path, "李老师");
    timeline_with_history(&mut app, &ids);
    let notes = notes_of(&app, ids.zw);
    assert_eq!(notes.len(), 2, "nothing vanished");
    assert_eq!(notes[0].revisions.len(), 1);
    assert_eq!(notes[0].revisions[0].text, "辅导分数应用题，错题都订正了。");
    assert_eq!(
        notes[1].deleted.as_ref().unwrap().reason,
        "记错了日子，重写一条"
    );
    let audit = audit(&app);
    assert!(
        audit
            .iter()
            .any(|e| e.action == AuditAction::Update && e.target == RecordRef::Note(notes[0].id.0))
    );
    assert!(audit.iter().any(|e| e.action == AuditAction::Delete
        && e.target == RecordRef::Note(notes[1].id.0)
        && e.detail == "记错了日子，重写一条"));
    // Only the tutoring note still counts for the cadence.
    let contacts = as_coordinator(&app, |r| r.contacts_of_child(ids.zw).unwrap());
    assert_eq!(contacts.len(), 1);
    assert_eq!(contacts[0].1, NoteKind::Tutoring);

    let screen = render(&mut app, 160, 48);
    assert!(screen.contains("已修改"), "{screen}");
    assert!(screen.contains("已删除：记错了日子，重写一条"), "{screen}");
    assert!(
        !screen.contains("错题都订正了"),
        "history hidden until asked: {screen}"
    );
    app.dispatch(Action::SelectFirst);
    key(&mut app, KeyCode::Char('v'));
    let screen = render(&mut app, 160, 48);
    assert!(screen.contains("错题都订正了"), "history shown: {screen}");
    // The edit and the deletion are stamped with the real clock: masked for the snapshots.
    let mask = |screen: String| {
        let mut out = screen;
        for t in [
            notes[0].revisions[0].replaced_at,
            notes[1].deleted.as_ref().unwrap().at,
        ] {
            out = out.replace(&t.format("%Y-%m-%d %H:%M").to_string(), "YYYY-MM-DD hh:mm");
        }
        out
    };
    insta::assert_snapshot!("timeline_history_160x48", mask(screen));
    insta::assert_snapshot!("timeline_history_80x24", mask(render(&mut app, 80, 24)));
    // A deleted note cannot be edited.
    app.dispatch(Action::SelectNext);
    app.dispatch(Action::EditNote);
    assert!(matches!(app.screen, Screen::Child(_)));
    assert!(status(&app).contains("已经删除"));
}

#[test]
fn timeline_filters_by_kind_and_searches_as_you_type() {
    let (_d, path, ids) = school();
    let mut app = app_on(&path, "李老师");
    app.open_child(ids.zw);
    let Screen::Child(s) = &mut app.screen else {
        panic!()
    };
    s.tab = ChildTab::Timeline;
    let shown = |app: &App| {
        let Screen::Child(s) = &app.screen else {
            panic!()
        };
        s.timeline.visible.len()
    };
    assert_eq!(shown(&app), 2);
    key(&mut app, KeyCode::Char('f'));
    assert_eq!(shown(&app), 1, "talks only");
    key(&mut app, KeyCode::Char('f'));
    assert_eq!(shown(&app), 1, "tutoring only");
    key(&mut app, KeyCode::Char('f'));
    assert_eq!(shown(&app), 2, "all again");
    key(&mut app, KeyCode::Char('/'));
    type_text(&mut app, "月考");
    assert_eq!(shown(&app), 1);
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("1 / 2 条"), "{screen}");
    type_text(&mut app, "x");
    assert_eq!(shown(&app), 0);
    send(&mut app, "<esc><esc>");
    assert_eq!(shown(&app), 2, "Esc clears the search");
    assert!(matches!(app.screen, Screen::Child(_)));
}

#[test]
fn all_my_notes_search_finds_and_opens_the_child() {
    let (_d, path, ids) = school();
    let mut app = app_on(&path, "李老师");
    handle_key(
        &mut app,
        KeyEvent::new(KeyCode::Char('f'), KeyModifiers::CONTROL),
    );
    assert!(matches!(app.screen, Screen::NoteSearch(_)));
    type_text(&mut app, "奶奶");
    let Screen::NoteSearch(s) = &app.screen else {
        panic!()
    };
    assert_eq!(s.hits.len(), 1);
    insta::assert_snapshot!("note_search_80x24", render(&mut app, 80, 24));
    key(&mut app, KeyCode::Enter);
    let Screen::Child(s) = &app.screen else {
        panic!("child not opened")
    };
    assert_eq!(s.child.id, ids.zx);
    assert_eq!(s.tab, ChildTab::Timeline);
}

#[test]
fn a_deleted_note_is_marked_deleted_in_the_search_and_left_out_of_counts() {
    let (_d, path, ids) = school();
    let mut app = app_on(&path, "李老师");
    timeline_with_history(&mut app, &ids);
    // 张伟's timeline: both notes listed, one counted.
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("1 / 1 条"), "{screen}");
    app.dispatch(Action::GotoThisWeek);
    handle_key(
        &mut app,
        KeyEvent::new(KeyCode::Char('f'), KeyModifiers::CONTROL),
    );
    let Screen::NoteSearch(s) = &app.screen else {
        panic!()
    };
    assert_eq!(s.hits.len(), 3, "a deleted note is still listed");
    assert_eq!(s.counts(), (2, 2));
    type_text(&mut app, "月考");
    let Screen::NoteSearch(s) = &app.screen else {
        panic!()
    };
    assert_eq!((s.hits.len(), s.counts()), (1, (0, 2)));
    let screen = render(&mut app, 80, 24);
    let head = screen
        .lines()
        .find(|l| l.contains("2026-11-24"))
        .unwrap_or_default();
    assert!(head.contains("(已删除)"), "{screen}");
    assert!(screen.contains("0 / 2 条"), "{screen}");
    // The edited one still says edited.
    for _ in 0.."月考".chars().count() {
        key(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "应用题");
    let screen = render(&mut app, 80, 24);
    assert!(
        screen.contains("(已修改)") && !screen.contains("(已删除)"),
        "{screen}"
    );
}

#[test]
fn help_lists_the_note_keys() {
    let (_d, path, ids) = school();
    let mut app = app_on(&path, "李老师");
    app.open_child(ids.zw);
    app.dispatch(Action::ToggleHelp);
    let lines: Vec<String> = shouwang::ui::help_lines(&app)
        .iter()
        .map(|l| l.to_string())
        .collect();
    let all = lines.join("\n");
    for action in [
        Action::EditNote,
        Action::DeleteNote,
        Action::FilterKind,
        Action::ToggleHistory,
        Action::ToggleMark,
        Action::SearchNotes,
        Action::NextChoice,
    ] {
        assert!(
            all.contains(&action.description()),
            "help lacks {action:?}:\n{all}"
        );
    }
    assert!(all.contains("填写记录") && all.contains("搜索我的记录"));
}

#[test]
fn editor_snapshots_with_chinese_text() {
    let (_d, path, ids) = school();
    let mut app = app_on(&path, "李老师");
    editor_for_zw(&mut app, &ids);
    type_text(
        &mut app,
        "课间在操场边聊了二十分钟。他说爸爸过年可能不回来，有点难过，但很快又说要好好学习让爸爸放心。",
    );
    key(&mut app, KeyCode::Enter);
    type_text(&mut app, "约好下周一起给爸爸写信。");
    let Screen::NoteEditor(ed) = &mut app.screen else {
        unreachable!()
    };
    ed.duration = ratatui_textarea::TextArea::from(["20"]);
    ed.mood = ratatui_textarea::TextArea::from(["3"]);
    insta::assert_snapshot!("editor_80x24", render(&mut app, 80, 24));
    insta::assert_snapshot!("editor_160x48", render(&mut app, 160, 48));
    let Screen::NoteEditor(ed) = &mut app.screen else {
        unreachable!()
    };
    ed.kind = NoteKind::MaterialSupport;
    ed.focus = EditorField::Kind;
    insta::assert_snapshot!("editor_support_80x24", render(&mut app, 80, 24));
}

#[test]
fn note_text_typed_into_the_when_field_never_reaches_the_log() {
    let (_d, path, ids) = school();
    let mut app = app_on(&path, "李老师");
    let (log, _guard) = common::capture_log();
    editor_for_zw(&mut app, &ids);
    let typed = "孩子说晚上想妈妈，继父酗酒打人。";
    let Screen::NoteEditor(ed) = &mut app.screen else {
        unreachable!()
    };
    ed.when = ratatui_textarea::TextArea::from([typed]);
    app.dispatch(Action::Save);
    assert!(
        status(&app).contains(typed),
        "the person is told: {}",
        status(&app)
    );
    let logged = common::logged(&log);
    assert!(logged.contains("an error was shown"), "{logged}");
    assert!(
        !logged.contains("想妈妈") && !logged.contains("张伟"),
        "{logged}"
    );
}
