//! Every screen in English, on the invented school of tests/common/school.rs at 80×24 and
//! 160×48: no Chinese may show that is not data. Data is what people typed or the roster
//! brought (names, places, note and letter texts), read back from the store; values the program
//! defines (left-behind types, feelings, term names) are not data, they have English words.
//!
//! A run of Chinese characters on the screen passes only when it is part of one data string
//! (wrapping and cutting leave parts of a text); a run of Chinese punctuation alone (a
//! full-width colon after an English label) never passes.

use crate::common;

use common::{key, type_text};

use chrono::NaiveDate;
use common::school::{School, school, session};
use crossterm::event::KeyCode;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use shouwang::action::Action;
use shouwang::app::{App, ChildTab, Screen};
use shouwang::config::Config;
use shouwang::i18n::{self, Lang};
use shouwang::keymap::Keymap;
use shouwang::model::*;
use shouwang::store::Store;

fn thursday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

/// The letters of the school's mailbox: one ordinary, one that names a danger.
const LETTERS: [&str; 2] = [
    "老师，我这次考试进步了，想告诉妈妈。",
    "晚上我一个人住，有点害怕。",
];

/// The school of tests/common/school.rs with what its profiles lack for this test: 张伟 gets
/// flags, concern areas, boarding and a term's study note; 刘洋 has left the programme; and
/// the mailbox gets the two letters.
fn school_with_letters() -> School {
    let s = school();
    let boss = session(&s.store, "周主任");
    boss.write(|w| {
        let mut zw = w.child_by_student_id("T001")?.unwrap();
        zw.flags.insert(Flag::Hardship);
        zw.flags.insert(Flag::DropoutRisk);
        zw.concerns.insert(Concern::Study);
        zw.concerns.insert(Concern::Mind);
        zw.boarding = Some(true);
        zw.study.push(StudyNote {
            term: "2026秋".into(),
            text: "数学进步明显".into(),
        });
        w.update_child(&zw)?;
        // Leaving is recorded on its own, as the coordinator does it.
        let ly = w.child_by_student_id("T004")?.unwrap();
        w.child_leaves(
            ly.id,
            NaiveDate::from_ymd_opt(2026, 11, 2).unwrap(),
            LeaveReason::ParentsReturned,
            "随父母去广州",
        )
    })
    .unwrap();
    drop(boss);
    let li = session(&s.store, "李老师");
    let texts: Vec<(Option<String>, String, NaiveDate)> = LETTERS
        .iter()
        .map(|t| (Some("小星星".to_string()), t.to_string(), thursday()))
        .collect();
    li.write(|w| {
        for (pseudonym, text, day) in &texts {
            let letter = Letter {
                id: LetterId(w.next_id()?),
                number: w.next_letter_number(*day)?,
                received: *day,
                pseudonym: pseudonym.clone(),
                text: text.clone(),
                status: LetterStatus::New,
                needs_attention: text.contains("一个人住"),
                attention_reason: String::new(),
                reply: String::new(),
                replied_by: None,
                replied_at: None,
                printed: false,
                attention_closed: None,
                incident: None,
            };
            w.put_letter(shouwang::domain::access::Operation::TakeInLetters, &letter)?;
        }
        Ok::<_, shouwang::store::StoreError>(())
    })
    .unwrap();
    drop(li);
    s
}

fn app_for(store: Store, user: &str) -> App {
    let mut app = App::new(
        store,
        Config::default(),
        Keymap::default(),
        vec![],
        thursday(),
    );
    app.clock_time = chrono::NaiveTime::from_hms_opt(10, 0, 0);
    app.login_by_name(user, Some(&common::school::passphrase()))
        .unwrap();
    app
}

fn render(app: &mut App, width: u16, height: u16) -> String {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| shouwang::ui::draw(f, app)).unwrap();
    let buffer = terminal.backend().buffer();
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut x = 0;
        while x < buffer.area.width {
            let symbol = buffer[(x, y)].symbol();
            out.push_str(symbol);
            x += (unicode_width::UnicodeWidthStr::width(symbol) as u16).max(1);
        }
        out.push('\n');
    }
    out
}

/// Every string the store holds (as the full JSON export gives it), less the values the
/// program itself defines and says in English.
fn data_strings(store: &Store) -> Vec<String> {
    let boss = session(store, "周主任");
    let mut json = Vec::new();
    shouwang::export::json::write_json(&boss, false, &mut json).unwrap();
    let value: serde_json::Value = serde_json::from_slice(&json).unwrap();
    let mut out = Vec::new();
    collect(&value, &mut out);
    i18n::set_lang(Lang::En);
    out.retain(|s| !is_program_value(s));
    out
}

fn collect(v: &serde_json::Value, out: &mut Vec<String>) {
    match v {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(a) => a.iter().for_each(|v| collect(v, out)),
        serde_json::Value::Object(o) => o.values().for_each(|v| collect(v, out)),
        _ => {}
    }
}

/// A value the program defines: the labels give it an English word of its own.
fn is_program_value(s: &str) -> bool {
    use shouwang::labels;
    labels::left_behind_type(s) != s || labels::feeling(s) != s || labels::term(s) != s
}

fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x2E80..=0x2FDF | 0x3000..=0x303F | 0x3040..=0x30FF | 0x3400..=0x4DBF
        | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF)
}

fn is_ideograph(c: char) -> bool {
    matches!(c as u32, 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF)
}

/// The runs of Chinese on `screen` that are not part of any data string.
fn stray_chinese(screen: &str, data: &[String]) -> Vec<String> {
    let mut stray = Vec::new();
    for line in screen.lines() {
        let mut run = String::new();
        for c in line.chars().chain(std::iter::once('\n')) {
            if is_cjk(c) {
                run.push(c);
                continue;
            }
            if !run.is_empty() {
                let is_data =
                    run.chars().any(is_ideograph) && data.iter().any(|d| d.contains(&run));
                if !is_data {
                    stray.push(format!("{run:?} in {:?}", line.trim_end()));
                }
                run.clear();
            }
        }
    }
    stray
}

struct Check {
    data: Vec<String>,
    stray: Vec<String>,
    seen: Vec<String>,
}

impl Check {
    fn screen(&mut self, name: &str, app: &mut App) {
        i18n::set_lang(Lang::En);
        for (w, h) in [(80, 24), (160, 48)] {
            let screen = render(app, w, h);
            for s in stray_chinese(&screen, &self.data) {
                self.stray.push(format!("{name} {w}x{h}: {s}"));
            }
        }
        self.seen.push(name.to_string());
    }

    fn done(self) {
        assert!(
            self.stray.is_empty(),
            "Chinese that is not data on English screens:\n{}",
            self.stray.join("\n")
        );
    }
}

fn on_child(app: &mut App, student_id: &str) {
    let id = session(&app.store, "周主任")
        .reader()
        .unwrap()
        .child_by_student_id(student_id)
        .unwrap()
        .unwrap()
        .id;
    app.open_child(id);
    assert!(matches!(app.screen, Screen::Child(_)), "{:?}", app.status);
}

/// An open absence case of the child with `student_id`, registered by 李老师 with one failed
/// attempt, its words typed in English.
fn absence_case(store: &Store, student_id: &str) {
    let li = session(store, "李老师");
    li.write(|w| {
        let child = w.child_by_student_id(student_id)?.unwrap();
        let case = w.register_absence(
            child.id,
            AbsenceKind::DroppedOut,
            NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(),
            "the grandfather says the boy will not go back",
        )?;
        w.log_attempt(
            case.id,
            shouwang::store::AttemptInput {
                on: NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(),
                went: "the head teacher".into(),
                way: AttemptWay::HomeVisit,
                met: "the grandfather".into(),
                result: "the boy refused to come".into(),
                failed: true,
            },
        )
        .map(|_| ())
    })
    .unwrap();
}

#[test]
fn every_screen_in_english_has_no_chinese_that_is_not_data() {
    let School { _dir, store } = school_with_letters();
    let data = data_strings(&store);
    assert!(data.iter().any(|d| d == "张伟"), "the names are data");
    assert!(
        !data.iter().any(|d| d == "父母均外出"),
        "a left-behind type is the program's word, not data"
    );
    let mut check = Check {
        data,
        stray: Vec::new(),
        seen: Vec::new(),
    };
    i18n::set_lang(Lang::En);

    // Before anyone logs in: the start screen and the passphrase prompt.
    let mut app = App::new(
        store,
        Config::default(),
        Keymap::default(),
        vec![],
        thursday(),
    );
    check.screen("start", &mut app);
    app.dispatch(Action::Open);
    check.screen("start passphrase", &mut app);
    let School { store, .. } = School {
        _dir: tempfile::tempdir().unwrap(),
        store: app.store,
    };

    let mut app = app_for(store, "李老师");
    check.screen("this week", &mut app);
    app.dispatch(Action::ToggleHelp);
    check.screen("help", &mut app);
    app.dispatch(Action::ToggleHelp);

    app.dispatch(Action::GotoCaseload);
    check.screen("caseload", &mut app);
    app.dispatch(Action::FocusSearch);
    type_text(&mut app, "zw");
    check.screen("caseload search", &mut app);
    key(&mut app, KeyCode::Esc);

    // 张伟: notes, a follow-up, flags, a study note; 曾小燕: an incident; 王芳: moods.
    for sid in ["T001", "T002", "T003"] {
        on_child(&mut app, sid);
        app.dispatch(Action::TogglePrivate);
        for tab in ChildTab::ALL {
            if let Screen::Child(state) = &mut app.screen {
                state.tab = tab;
            }
            check.screen(&format!("child {sid} {tab:?}"), &mut app);
        }
        app.dispatch(Action::GotoCaseload);
    }
    on_child(&mut app, "T001");
    app.dispatch(Action::EditProfile);
    check.screen("profile form", &mut app);
    app.dispatch(Action::Cancel);

    on_child(&mut app, "T003");
    app.dispatch(Action::NewMood);
    check.screen("mood form", &mut app);
    app.dispatch(Action::Cancel);
    app.dispatch(Action::Cancel);

    on_child(&mut app, "T002");
    app.dispatch(Action::NewIncident);
    check.screen("incident form", &mut app);
    app.dispatch(Action::Cancel);
    app.dispatch(Action::Cancel);
    on_child(&mut app, "T002");
    if let Screen::Child(state) = &mut app.screen {
        state.tab = ChildTab::Incidents;
    }
    app.dispatch(Action::Open);
    check.screen("incident", &mut app);
    app.dispatch(Action::AddEvent);
    check.screen("incident event prompt", &mut app);
    app.dispatch(Action::Cancel);

    // An absence case of 张伟 (what was typed in English: the case is not in the JSON export
    // the data strings come from), its screen and its three forms.
    absence_case(&app.store, "T001");
    on_child(&mut app, "T001");
    if let Screen::Child(state) = &mut app.screen {
        state.tab = ChildTab::Absences;
    }
    check.screen("child absences", &mut app);
    app.dispatch(Action::Open);
    assert!(matches!(app.screen, Screen::Absence(_)), "{:?}", app.status);
    check.screen("absence case", &mut app);
    app.dispatch(Action::LogAttempt);
    check.screen("absence attempt form", &mut app);
    app.dispatch(Action::Cancel);
    app.dispatch(Action::CloseAbsence);
    check.screen("absence close form", &mut app);
    app.dispatch(Action::Cancel);
    app.dispatch(Action::Cancel);
    on_child(&mut app, "T003");
    app.dispatch(Action::NewAbsence);
    check.screen("absence register form", &mut app);
    app.dispatch(Action::Cancel);
    app.dispatch(Action::Cancel);

    on_child(&mut app, "T001");
    app.dispatch(Action::NewNote);
    check.screen("note editor", &mut app);
    app.dispatch(Action::Cancel);
    app.dispatch(Action::Cancel);

    app.dispatch(Action::GotoThisWeek);
    app.dispatch(Action::SearchNotes);
    type_text(&mut app, "fen");
    check.screen("note search", &mut app);
    app.dispatch(Action::Back);

    app.dispatch(Action::GotoMailbox);
    check.screen("mailbox", &mut app);
    app.dispatch(Action::Open);
    check.screen("letter", &mut app);
    app.dispatch(Action::Reply);
    check.screen("letter reply", &mut app);
    app.dispatch(Action::Cancel);
    app.dispatch(Action::GotoMailbox);
    app.dispatch(Action::OpenMailbox);
    check.screen("intake", &mut app);
    app.dispatch(Action::Cancel);

    app.dispatch(Action::GotoReports);
    check.screen("reports", &mut app);
    app.dispatch(Action::ChangePassphrase);
    check.screen("own passphrase", &mut app);
    app.dispatch(Action::Cancel);

    // The coordinator: the child who left, the audit and every tab of the reports.
    let mut app = app_for(app.store, "周主任");
    check.screen("coordinator this week", &mut app);
    on_child(&mut app, "T004");
    check.screen("child who left", &mut app);
    app.dispatch(Action::GotoAudit);
    check.screen("audit", &mut app);
    app.dispatch(Action::GotoReports);
    let tabs = match &app.screen {
        Screen::Reports(r) => r.tabs.len(),
        _ => panic!("no reports: {:?}", app.status),
    };
    for i in 0..tabs {
        app.dispatch(Action::GotoReports);
        for _ in 0..i {
            app.dispatch(Action::NextTab);
        }
        assert!(matches!(&app.screen, Screen::Reports(r) if r.tab == i));
        check.screen(&format!("reports tab {i}"), &mut app);
        app.dispatch(Action::Open);
        check.screen(&format!("reports tab {i} opened"), &mut app);
    }
    app.dispatch(Action::GotoReports);
    app.dispatch(Action::PickRange);
    check.screen("report range", &mut app);
    i18n::set_lang(Lang::Zh);
    assert!(check.seen.len() > 30, "{:?}", check.seen);
    check.done();
}

/// The check can fail: a full-width colon after an English word, or a Chinese word that no
/// data string holds, is caught; a cut or wrapped piece of a data string is not.
#[test]
fn the_check_catches_what_is_not_data() {
    let data = vec![
        "聊了这次月考，他说数学进步了".to_string(),
        "张伟".to_string(),
    ];
    assert_eq!(stray_chinese("Student id：T001", &data).len(), 1);
    assert_eq!(stray_chinese("Concerns: 学习", &data).len(), 1);
    assert!(stray_chinese("张伟 · 聊了这次月考，他说…", &data).is_empty());
}

/// What the English screens say in words: each child's own gender, the program's values in
/// English, counts in the singular when there is one, and the archive's incident tab not named
/// like the top-level Reports.
#[test]
fn english_screens_say_the_right_words() {
    let School { _dir, store } = school_with_letters();
    let mut app = app_for(store, "李老师");
    i18n::set_lang(Lang::En);
    let profile = |app: &mut App, sid: &str| {
        on_child(app, sid);
        render(app, 160, 48)
    };
    let zhang = profile(&mut app, "T001");
    let zeng = profile(&mut app, "T002");
    let wang = profile(&mut app, "T003");
    for (screen, want) in [
        (&zhang, "Gender: male"),
        (&zeng, "Gender: female"),
        (&wang, "Gender: female"),
        (&zhang, "Left-behind type: both parents away"),
        (&zhang, "Difficulties: hardship, dropout risk"),
        (&zhang, "Concern areas: study, mental health"),
        (&zhang, "Study (autumn 2026): 数学进步明显"),
        (
            &zhang,
            "│ Profile │ Timeline │ Moods │ Incidents │ Care history",
        ),
        (&zeng, "1 open mandatory report "),
    ] {
        assert!(screen.contains(want), "{want:?} not in\n{screen}");
    }
    // 王芳 has one note: "1 / 1 note".
    if let Screen::Child(state) = &mut app.screen {
        state.tab = ChildTab::Timeline;
    }
    let timeline = render(&mut app, 80, 24);
    assert!(timeline.contains("1 / 1 note "), "{timeline}");
    app.dispatch(Action::NewMood);
    let mood = render(&mut app, 160, 48);
    assert!(mood.contains("Follow-up date"), "{mood}");
    assert!(!mood.contains("Follow up on"), "{mood}");
    assert!(mood.contains("[ ]misses parents"), "{mood}");
    i18n::set_lang(Lang::Zh);
}
