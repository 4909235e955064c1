//! A talk's mood is the child's mood (issue 18 §1.2): a mood written in the note editor is in
//! the child's one mood history beside the mood form's, so the mood tab, the caseload's
//! sparkline and the falling-mood rule on This week all see it; a group note asks no mood.
//! And This week and the editor say what they mean (§3.4): the title counts the children it
//! lists, the footer names the keys that act there, the caseload's flag column has a legend,
//! the When field shows the moment it understood. Snapshots at 80×24 and 160×48.
use crate::common;

use chrono::NaiveDate;
use common::school::{at, school, session};
use common::{key, render, snapshot_both, type_text};
use crossterm::event::KeyCode;
use shouwang::action::Action;
use shouwang::app::{App, ChildTab, EditorField, Screen};
use shouwang::domain::agenda::Section;
use shouwang::model::*;

/// Thursday of ISO week 48, 2026.
fn thursday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

/// Friday 2026-12-04, the day of the "last tuesday".
fn friday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, 4).unwrap()
}

fn child_id(app: &App, name: &str) -> ChildId {
    session(&app.store, "周主任")
        .reader()
        .unwrap()
        .children()
        .unwrap()
        .into_iter()
        .find(|c| c.name == name)
        .unwrap()
        .id
}

fn editor(app: &mut App) -> &mut shouwang::app::NoteEditor {
    match &mut app.screen {
        Screen::NoteEditor(ed) => ed,
        _ => panic!("not in the note editor"),
    }
}

/// Opens `name`'s archive and the note editor on a new talk (focus on the text).
fn new_talk(app: &mut App, name: &str) {
    let id = child_id(app, name);
    app.open_child(id);
    app.dispatch(Action::NewNote);
    assert!(
        matches!(app.screen, Screen::NoteEditor(_)),
        "n opens the editor"
    );
}

/// Logs a talk about `name` with `mood` typed in the editor's mood field, as a counselor does.
fn log_talk(app: &mut App, name: &str, mood: &str) {
    new_talk(app, name);
    type_text(app, "聊了聊这周的事，她有点不开心。");
    while editor(app).focus != EditorField::Mood {
        app.dispatch(Action::PrevField);
    }
    type_text(app, mood);
    app.dispatch(Action::Save);
    assert!(
        !matches!(app.screen, Screen::NoteEditor(_)),
        "saved: {:?}",
        app.status.as_ref().map(|s| s.text.clone())
    );
}

fn caseload_moods(app: &mut App, name: &str) -> Vec<u8> {
    app.dispatch(Action::GotoCaseload);
    let Screen::Caseload(state) = &app.screen else {
        panic!("not on the caseload")
    };
    state
        .rows
        .iter()
        .find(|r| r.name == name)
        .map(|r| r.moods.clone())
        .unwrap()
}

fn on_this_week(app: &mut App, name: &str, section: Section) -> bool {
    app.dispatch(Action::GotoThisWeek);
    let Screen::ThisWeek(state) = &app.screen else {
        panic!("not on This week")
    };
    state
        .items
        .iter()
        .any(|i| i.name == name && i.section == section)
}

/// 曾小燕 had a good term (5, 5, 5, 5 in the mood form), then a talk at 4 and a 3; the talk
/// logged today with 情绪 2 makes the last three 4, 3, 2: two points below the earlier 5. Before the fix the
/// mood tab said 还没有情绪记录 for a child with only a talk's mood, the caseload's mood column
/// was blank and the rule never heard of the 2.
#[test]
fn a_talk_with_a_mood_is_in_the_mood_tab_the_sparkline_and_the_falling_mood_rule() {
    let (mut app, _d) = common::app_after_school(school(), "李老师", thursday());
    let zx = child_id(&app, "曾小燕");
    session(&app.store, "李老师")
        .write(|w| {
            // 5, 5, 5, 5 in October, the fixture's talk of 11-02 (4), then 3 on 11-16.
            let days = [(10, 5), (10, 12), (10, 19), (10, 26), (11, 16)];
            for ((m, d), score) in days.into_iter().zip([5u8, 5, 5, 5, 3]) {
                let id = w.next_id()?;
                w.put_mood(&MoodEntry {
                    id: MoodId(id),
                    child: zx,
                    at: at(2026, m, d, 10),
                    score,
                    feelings: vec![],
                    observer: CounselorId(2),
                    note: String::new(),
                    follow_up: None,
                })?;
            }
            Ok(())
        })
        .unwrap();
    app.refresh();
    assert!(!on_this_week(&mut app, "曾小燕", Section::Mood));
    let before = caseload_moods(&mut app, "曾小燕");
    log_talk(&mut app, "曾小燕", "2");
    assert!(
        on_this_week(&mut app, "曾小燕", Section::Mood),
        "the falling-mood rule hears the talk's 2"
    );
    let after = caseload_moods(&mut app, "曾小燕");
    // The sparkline moves on by one: the talk's 2 at its end.
    let mut want = before.clone();
    want.push(2);
    let drop = want.len() - after.len();
    assert_eq!(after, want[drop..]);
    // The mood tab: the talk's score, said to come from the talk.
    app.open_child(zx);
    let Screen::Child(state) = &mut app.screen else {
        panic!("not in the archive")
    };
    state.tab = ChildTab::Moods;
    let last = state.moods.last().copied().unwrap();
    assert_eq!(last.score, 2);
    assert!(matches!(last.source, MoodSource::Note(_)));
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("谈心时观察"), "{screen}");
    // The archive page reads the same history.
    let who = session(&app.store, "李老师");
    let reader = who.reader().unwrap();
    let records = reader.child_records(zx).unwrap().unwrap();
    assert_eq!(records.moods.last().map(|m| m.score), Some(2));
}

/// A child whose only mood is a talk's: the mood tab draws it (it said 还没有情绪记录).
#[test]
fn a_childs_first_mood_from_a_talk_fills_the_mood_tab() {
    let (mut app, _d) = common::app_after_school(school(), "李老师", thursday());
    let zx = child_id(&app, "曾小燕");
    log_talk(&mut app, "曾小燕", "2");
    app.open_child(zx);
    let Screen::Child(state) = &mut app.screen else {
        panic!("not in the archive")
    };
    state.tab = ChildTab::Moods;
    let screen = render(&mut app, 80, 24);
    assert!(!screen.contains("还没有情绪记录"), "{screen}");
    assert!(screen.contains("谈心时观察"), "{screen}");
    snapshot_both!("mood_tab_from_a_talk", &mut app);
}

/// A group note asks no mood (its row says where each child's goes), and a group note's mood
/// saved before stays out of every child's history.
#[test]
fn a_group_note_asks_no_mood_and_copies_none() {
    let (mut app, _d) = common::app_after_school(school(), "李老师", thursday());
    let (zw, zx) = (child_id(&app, "张伟"), child_id(&app, "曾小燕"));
    app.dispatch(Action::GotoCaseload);
    app.dispatch(Action::ToggleMark);
    app.dispatch(Action::SelectNext);
    app.dispatch(Action::ToggleMark);
    app.dispatch(Action::NewNote);
    let ed = editor(&mut app);
    assert_eq!(ed.children.len(), 2);
    assert!(!ed.fields().contains(&EditorField::Mood));
    assert!(ed.rows().contains(&EditorField::Mood));
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("集体记录不记情绪"), "{screen}");
    assert!(
        screen.contains("按 m 单独记"),
        "the key from the keymap: {screen}"
    );
    // The fixture's group session (2026-11-20, mood 4) is in no child's history.
    let who = session(&app.store, "周主任");
    let reader = who.reader().unwrap();
    for child in [zw, zx] {
        let notes: Vec<NoteId> = reader
            .mood_history(child)
            .unwrap()
            .iter()
            .filter_map(|p| match p.source {
                MoodSource::Note(n) => Some(n),
                MoodSource::Entry(_) => None,
            })
            .collect();
        for n in notes {
            assert_eq!(reader.note(n).unwrap().unwrap().children, vec![child]);
        }
    }
}

/// The When field shows, as it is typed, the moment it is understood as: "last tuesday" on
/// Friday 2026-12-04 is 12-01 (it was saved as 11-24, and nothing said so).
#[test]
fn the_editor_shows_the_day_it_understood() {
    let (mut app, _d) = common::app_after_school(school(), "李老师", friday());
    new_talk(&mut app, "张伟");
    while editor(&mut app).focus != EditorField::When {
        app.dispatch(Action::PrevField);
    }
    // Clear the default (now) and type the day words.
    for _ in 0..20 {
        key(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "last tuesday");
    let screen = render(&mut app, 80, 24);
    assert!(screen.contains("→ 2026-12-01 周二 16:30"), "{screen}");
    snapshot_both!("editor_understood_day", &mut app);
    for _ in 0.."last tuesday".len() {
        key(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "上周二 9:00");
    assert!(render(&mut app, 80, 24).contains("→ 2026-11-24 周二 09:00"));
    for _ in 0.."上周二 9:00".chars().count() {
        key(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "下雨天");
    assert!(render(&mut app, 80, 24).contains("看不懂"));
    // What is saved is what was shown.
    for _ in 0.."下雨天".chars().count() {
        key(&mut app, KeyCode::Backspace);
    }
    type_text(&mut app, "last tuesday");
    app.dispatch(Action::NextField);
    type_text(&mut app, "30");
    while editor(&mut app).focus != EditorField::Text {
        app.dispatch(Action::NextField);
    }
    type_text(&mut app, "周二放学后聊了一会儿。");
    app.dispatch(Action::Save);
    let zw = child_id(&app, "张伟");
    let who = session(&app.store, "李老师");
    let reader = who.reader().unwrap();
    let newest = reader
        .note_ids_of_child(zw)
        .unwrap()
        .into_iter()
        .filter_map(|n| reader.note(n).unwrap())
        .find(|n| n.text == "周二放学后聊了一会儿。")
        .expect("the note just saved");
    assert_eq!(
        newest.at,
        at(2026, 12, 1, 16) + chrono::Duration::minutes(30)
    );
}

/// The coordinator cares for no child but answers for the school's reports: the title counts
/// the children listed (it said 共 0 个孩子 above them), and the footer names enter and n.
#[test]
fn this_week_counts_the_children_it_lists_and_names_its_keys() {
    let (mut app, _d) = common::app_after_school(school(), "周主任", thursday());
    app.dispatch(Action::GotoThisWeek);
    let Screen::ThisWeek(state) = &app.screen else {
        panic!("not on This week")
    };
    let mut named: Vec<ChildId> = state.items.iter().filter_map(|i| i.child).collect();
    named.sort_unstable();
    named.dedup();
    assert!(!named.is_empty());
    assert_eq!(state.listed, named.len());
    let screen = render(&mut app, 80, 24);
    assert!(
        screen.contains(&format!("列出 {} 个孩子", named.len())),
        "{screen}"
    );
    assert!(!screen.contains("共 0 个孩子"), "{screen}");
    let footer = screen.lines().nth(23).unwrap_or_default().to_string();
    assert!(footer.contains("enter 打开"), "{footer}");
    assert!(footer.contains("n 写记录"), "{footer}");
    snapshot_both!("this_week_coordinator", &mut app);
}

/// The flag column's marks (↓, ！, 困, 监…) are spelt out under the table, from the same
/// labels; at 80×24 the legend fits on one row.
#[test]
fn the_caseload_flags_have_a_legend() {
    let boss_school = school();
    let boss = session(&boss_school.store, "周主任");
    let children = boss.reader().unwrap().children().unwrap();
    boss.write(|w| {
        for mut c in children {
            if c.name == "张伟" {
                c.flags.insert(Flag::Hardship);
                c.flags.insert(Flag::DropoutRisk);
            }
            if c.name == "王芳" {
                c.flags.insert(Flag::NoGuardianship);
            }
            w.update_child(&c)?;
        }
        Ok(())
    })
    .unwrap();
    drop(boss);
    let (mut app, _d) = common::app_after_school(boss_school, "李老师", thursday());
    app.dispatch(Action::GotoCaseload);
    let screen = render(&mut app, 80, 24);
    let legend = screen.lines().nth(22).unwrap_or_default().to_string();
    let legend = legend.as_str();
    for words in [
        "↓ 情绪下降",
        "！ 强制报告未结案",
        "困 家庭生活困难",
        "监 监护缺失",
        "辍 辍学风险",
    ] {
        assert!(legend.contains(words), "{words} in {legend:?}\n{screen}");
    }
    assert!(
        !legend.contains("孤"),
        "only the marks the list holds: {legend}"
    );
    snapshot_both!("caseload_legend", &mut app);
    shouwang::i18n::set_thread_lang(shouwang::i18n::Lang::En);
    let screen = render(&mut app, 80, 24);
    shouwang::i18n::set_thread_lang(shouwang::i18n::Lang::Zh);
    assert!(screen.contains("G no guardianship"), "{screen}");
}
