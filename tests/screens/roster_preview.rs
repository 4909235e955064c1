//! The roster from the app: the preview of hand-built files (new children, those updated with
//! the fields that change, unchanged, rejected rows with their line and reason) as the worker
//! thread computes it and as the Admin screen shows it at 80×24 and 160×48 in both languages;
//! confirming imports exactly that, cancelling or stopping writes nothing. The school of
//! tests/common/school.rs: 张伟 T001, 曾小燕 T002, 王芳 T003, 刘洋 T004.

use crate::common;

use chrono::NaiveDate;
use common::school::{School, passphrase, school, session};
use common::{key, render, send, snapshot_both};
use crossterm::event::KeyCode;
use shouwang::app::{AdminTab, App, RosterStep, Screen};
use shouwang::config::Config;
use shouwang::i18n::{self, Lang};
use shouwang::import::ImportError;
use shouwang::import::roster::RosterReport;
use shouwang::import::roster_job::RosterJob;
use shouwang::interchange::columns::Column;
use shouwang::keymap::Keymap;
use shouwang::store::Store;
use std::path::{MAIN_SEPARATOR, Path, PathBuf};

/// Unchanged, updated (class and guardian's phone), new, a blank line, three rejected rows
/// (no name, a gender not understood, a birth date not yet come), and the new child again.
const CSV: &str = "学号,姓名,性别,出生日期,年级班级,村/社区,监护人姓名,监护人关系,监护人电话\n\
T001,张伟,男,2013-03-02,七年级(1)班,青山村,张大山,祖父,13800000000\n\
T002,曾小燕,女,2014-06-11,七年级(2)班,龙潭村,曾秀英,祖母,13912345678\n\
T005,周小明,男,2014/5/6,六年级(1)班,白沙村,周大山,祖父,\n\
\n\
T006,,女,2014-01-01,六年级(1)班,白沙村,,,\n\
T007,孙丽,X,2014-01-01,六年级(1)班,白沙村,,,\n\
T008,钱多,男,2099-01-01,六年级(1)班,白沙村,,,\n\
T005,周小明,男,2014-05-06,六年级(1)班,白沙村,周大山,祖父,\n";

fn thursday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn file(dir: &Path, name: &str, content: &[u8]) -> PathBuf {
    let p = dir.join(name);
    std::fs::write(&p, content).unwrap();
    p
}

fn preview(store: &Store, path: &Path) -> Result<RosterReport, ImportError> {
    let boss = session(store, "周主任");
    RosterJob::preview(&boss, path).unwrap().wait()
}

fn children(store: &Store) -> usize {
    session(store, "周主任")
        .reader()
        .unwrap()
        .children()
        .unwrap()
        .len()
}

#[test]
fn the_preview_of_a_hand_built_csv_says_what_would_change_and_writes_nothing() {
    let s = common::school::school_at("2026-11-26T10:00");
    i18n::set_lang(Lang::Zh);
    let path = file(s._dir.path(), "名单.csv", CSV.as_bytes());
    let r = preview(&s.store, &path).unwrap();
    assert_eq!(r.added, ["周小明"]);
    assert_eq!(r.updated_names(), ["曾小燕"]);
    assert_eq!(
        r.updated[0].fields,
        [Column::Class, Column::GuardianPhone],
        "only what changes"
    );
    assert_eq!(r.unchanged, 2, "张伟, and 周小明's second row");
    let lines: Vec<usize> = r.rejected.iter().map(|x| x.line).collect();
    assert_eq!(
        lines,
        [6, 7, 8],
        "the file's own line numbers, blank line counted"
    );
    assert!(r.rejected[0].reason.contains("姓名"), "{:?}", r.rejected);
    assert!(r.rejected[1].reason.contains("“X”"), "{:?}", r.rejected);
    assert!(
        r.rejected[2].reason.contains("2099-01-01"),
        "{:?}",
        r.rejected
    );
    assert_eq!(children(&s.store), 4, "a preview writes nothing");
    // The command line's --dry-run says the same, with the fields of each update.
    let shown = r.to_string();
    assert!(
        shown.contains("更新：曾小燕（年级班级、监护人电话）"),
        "{shown}"
    );
    // Importing it does exactly what was shown.
    let boss = session(&s.store, "周主任");
    let done = RosterJob::import(&boss, &path).unwrap().wait().unwrap();
    assert_eq!(done, r);
    assert_eq!(children(&s.store), 5);
    let zx = boss
        .reader()
        .unwrap()
        .child_by_student_id("T002")
        .unwrap()
        .unwrap();
    assert_eq!(
        (zx.class.as_str(), zx.guardian.phone.as_str()),
        ("七年级(2)班", "13912345678")
    );
}

#[test]
fn the_preview_of_a_hand_built_workbook_reads_its_rows_and_date_cells() {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let s = common::school::school_at("2026-11-26T10:00");
    i18n::set_lang(Lang::En);
    let path = s._dir.path().join("roster.xlsx");
    let mut wb = Workbook::new();
    let sheet = wb.add_worksheet();
    let date = Format::new().set_num_format("yyyy/m/d");
    // A title above the header, as schools make them; the header in English.
    sheet.write_string(0, 0, "Roster, autumn 2026").unwrap();
    for (i, h) in ["student_id", "name", "gender", "birth_date", "village"]
        .iter()
        .enumerate()
    {
        sheet.write_string(1, i as u16, *h).unwrap();
    }
    // (student id, name, gender, birth date as a date cell, or as typed, village)
    type Row<'a> = (
        &'a str,
        &'a str,
        &'a str,
        Option<(u16, u8, u8)>,
        &'a str,
        &'a str,
    );
    let rows: [Row; 3] = [
        ("T003", "王芳", "女", Some((2012, 9, 30)), "", "新村"),
        ("T009", "吴小雨", "F", Some((2013, 7, 21)), "", "石桥村"),
        ("T010", "郑小军", "M", None, "yesterday-ish", "石桥村"),
    ];
    for (r, (sid, name, gender, born, typed, village)) in rows.iter().enumerate() {
        let row = 2 + r as u32;
        sheet.write_string(row, 0, *sid).unwrap();
        sheet.write_string(row, 1, *name).unwrap();
        sheet.write_string(row, 2, *gender).unwrap();
        match born {
            Some((y, m, d)) => {
                let day = ExcelDateTime::from_ymd(*y, *m, *d).unwrap();
                sheet
                    .write_datetime_with_format(row, 3, day, &date)
                    .unwrap();
            }
            None => {
                sheet.write_string(row, 3, *typed).unwrap();
            }
        }
        sheet.write_string(row, 4, *village).unwrap();
    }
    wb.save(&path).unwrap();
    let r = preview(&s.store, &path).unwrap();
    assert_eq!(r.added, ["吴小雨"]);
    assert_eq!(r.updated_names(), ["王芳"]);
    assert_eq!(r.updated[0].fields, [Column::Village]);
    assert_eq!(r.rejected.len(), 1);
    assert_eq!(r.rejected[0].line, 5, "the sheet's row number");
    assert!(
        r.rejected[0].reason.contains("yesterday-ish"),
        "{:?}",
        r.rejected
    );
    assert_eq!(children(&s.store), 4);
}

#[test]
fn a_file_that_is_not_a_roster_is_a_sentence_and_nobody_else_may_preview() {
    let s = common::school::school_at("2026-11-26T10:00");
    i18n::set_lang(Lang::En);
    let path = file(s._dir.path(), "notes.csv", b"just,some,words\n1,2,3\n");
    let e = preview(&s.store, &path).unwrap_err().to_string();
    assert!(e.contains("name") && e.contains("gender"), "{e}");
    let li = session(&s.store, "李老师");
    let refused = RosterJob::preview(&li, &path).err().map(|e| e.to_string());
    assert!(
        refused
            .as_deref()
            .is_some_and(|e| e.contains("only a coordinator")),
        "{refused:?}"
    );
}

#[test]
fn an_import_stopped_before_it_commits_writes_nothing() {
    let s = common::school::school_at("2026-11-26T10:00");
    i18n::set_lang(Lang::Zh);
    let mut big = String::from("学号,姓名,性别,出生日期\n");
    for i in 0..3000 {
        big.push_str(&format!("S{i:05},学生{i},男,2013-03-{:02}\n", i % 28 + 1));
    }
    let path = file(s._dir.path(), "big.csv", big.as_bytes());
    let boss = session(&s.store, "周主任");
    let job = RosterJob::import(&boss, &path).unwrap();
    job.stop();
    let result = job.wait();
    assert!(matches!(result, Err(ImportError::Cancelled)), "{result:?}");
    drop(boss);
    assert_eq!(children(&s.store), 4, "nothing was written");
    // The store takes writes again at once: the stopped transaction was let go.
    let boss = session(&s.store, "周主任");
    assert!(RosterJob::import(&boss, &path).unwrap().wait().is_ok());
    assert_eq!(children(&s.store), 3004);
}

/// The coordinator on the roster tab, the path of `file` typed (relative to the store's
/// folder: the home of these tests is elsewhere, so the absolute path is typed).
fn roster_tab(lang: Lang) -> (App, tempfile::TempDir, PathBuf) {
    let School { _dir, store } = school();
    i18n::set_lang(lang);
    let path = file(_dir.path(), "名单.csv", CSV.as_bytes());
    let mut app = App::new(
        store,
        Config::default(),
        Keymap::default(),
        vec![],
        thursday(),
    );
    app.login_by_name("周主任", Some(&passphrase())).unwrap();
    app.show_admin(AdminTab::Roster);
    key(&mut app, KeyCode::Char('o'));
    for c in path.display().to_string().chars() {
        key(&mut app, KeyCode::Char(c));
    }
    (app, _dir, path)
}

fn step(app: &App) -> &RosterStep {
    match &app.screen {
        Screen::Admin(s) => &s.roster.step,
        _ => panic!("not on the Admin screen"),
    }
}

#[test]
fn the_screen_shows_the_preview_and_imports_on_confirmation() {
    for (lang, code) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let (mut app, _dir, path) = roster_tab(lang);
        key(&mut app, KeyCode::Enter);
        assert!(matches!(step(&app), RosterStep::Working(_)));
        // While it runs, the screen answers and refuses to leave.
        key(&mut app, KeyCode::Char('1'));
        assert!(matches!(app.screen, Screen::Admin(_)));
        app.finish_roster_job();
        let RosterStep::Preview { report, .. } = step(&app) else {
            panic!("the preview: {:?}", app.status)
        };
        assert_eq!((report.added.len(), report.rejected.len()), (1, 3));
        snapshot_both!(&format!("roster_preview_{code}"), &mut app);
        key(&mut app, KeyCode::Enter);
        app.finish_roster_job();
        assert!(
            matches!(step(&app), RosterStep::Done { .. }),
            "{:?}",
            app.status
        );
        assert_eq!(children(&app.store), 5);
        snapshot_both!(&format!("roster_done_{code}"), &mut app);
        // The new child is on the assignments list, with nobody caring for them.
        key(&mut app, KeyCode::BackTab);
        let Screen::Admin(state) = &app.screen else {
            panic!()
        };
        assert!(
            state
                .children
                .rows
                .iter()
                .any(|r| r.name == "周小明" && r.counselor.is_none())
        );
        drop(path);
    }
}

#[test]
fn cancelling_the_preview_writes_nothing_and_a_missing_file_is_a_sentence() {
    let (mut app, _dir, path) = roster_tab(Lang::Zh);
    key(&mut app, KeyCode::Enter);
    app.finish_roster_job();
    key(&mut app, KeyCode::Esc);
    assert!(matches!(step(&app), RosterStep::Idle));
    assert_eq!(children(&app.store), 4);
    // A path that names nothing stays to be corrected.
    key(&mut app, KeyCode::Char('o'));
    let missing = path.with_file_name("没有这个文件.csv");
    for c in missing.display().to_string().chars() {
        key(&mut app, KeyCode::Char(c));
    }
    key(&mut app, KeyCode::Enter);
    assert!(matches!(step(&app), RosterStep::Path(_)));
    assert!(
        app.status
            .as_ref()
            .is_some_and(|s| s.is_error && s.text.contains("不存在"))
    );
}

#[test]
fn tab_completes_the_folders_and_roster_files_of_the_path_typed() {
    let (mut app, dir, _) = roster_tab(Lang::Zh);
    std::fs::create_dir(dir.path().join("二〇二六")).unwrap();
    file(&dir.path().join("二〇二六"), "秋季名单.xlsx", b"x");
    file(dir.path(), "说明.docx", b"x");
    let Screen::Admin(state) = &mut app.screen else {
        panic!()
    };
    let RosterStep::Path(p) = &mut state.roster.step else {
        panic!()
    };
    // Back to the folder: its roster files and folders, not the Word file.
    let folder = format!("{}/", dir.path().display());
    p.input = ratatui_textarea::TextArea::default();
    p.input.insert_str(&folder);
    p.refresh();
    let names: Vec<&str> = p.candidates.iter().map(|c| c.name.as_str()).collect();
    assert_eq!(names, ["二〇二六", "名单.csv"]);
    // A folder is shown with the system's separator (`二〇二六\` on Windows).
    let screen = render(&mut app, 80, 24);
    assert!(
        screen.contains(&format!("  二〇二六{MAIN_SEPARATOR}")),
        "{screen}"
    );
    send(&mut app, "二<tab><tab>");
    let Screen::Admin(state) = &app.screen else {
        panic!()
    };
    let RosterStep::Path(p) = &state.roster.step else {
        panic!()
    };
    assert_eq!(
        p.typed(),
        format!("{folder}二〇二六{MAIN_SEPARATOR}秋季名单.xlsx")
    );
}
