//! The quarterly update carries the enrolment state (就学状态) an absence case sets (issue 23,
//! items 3 and 5): registered as 辍学, the child's row says so, the check before sending names
//! the child, and the count of 义务教育阶段辍学 holds them; closed as 复学, the row and the
//! counts are back to at school. Through the real binary, on the term school.

use crate::common;

use common::Home;
use common::school::{closed, reopen, session, term_school};
use shouwang::model::{AbsenceKind, AbsenceOutcome};
use std::path::PathBuf;

struct Env {
    home: Home,
    _school: tempfile::TempDir,
    db: PathBuf,
}

impl Env {
    /// `report quarterly --quarter 2026Q4 --format csv --lang zh` as the coordinator: the
    /// rows by header, and what the terminal was told (the check and the counts).
    fn quarterly(&self) -> (Vec<csv::StringRecord>, csv::StringRecord, String) {
        let db = self.db.display().to_string();
        let args = [
            "--db",
            &db,
            "--user",
            "周主任",
            "report",
            "quarterly",
            "--quarter",
            "2026Q4",
            "--format",
            "csv",
            "--lang",
            "zh",
        ];
        let out = self.home.command(&args).output().unwrap();
        let err = String::from_utf8(out.stderr).unwrap();
        assert!(out.status.success(), "{err}");
        let text = String::from_utf8(out.stdout).unwrap();
        let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let header = reader.headers().unwrap().clone();
        let rows = reader.records().map(Result::unwrap).collect();
        (rows, header, err)
    }
}

/// 王芳's cell under `column`.
fn cell_of_wang(rows: &[csv::StringRecord], header: &csv::StringRecord, column: &str) -> String {
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = rows.iter().find(|r| &r[at("姓名")] == "王芳").unwrap();
    row[at(column)].to_string()
}

#[test]
fn the_quarterly_update_carries_the_enrolment_an_absence_case_sets() {
    let (dir, db) = closed(term_school());
    let env = Env {
        home: Home::at("2026-12-04T10:00"),
        _school: dir,
        db,
    };
    let (rows, header, err) = env.quarterly();
    assert_eq!(cell_of_wang(&rows, &header, "就学状态"), "在校");
    assert!(err.contains("义务教育阶段辍学 0 人"), "{err}");

    // Registered as a dropout by the coordinator, through the case's own operation.
    let case = {
        let store = reopen(&env.db);
        let boss = session(&store, "周主任");
        boss.write(|w| {
            let wf = w.child_by_student_id("T003")?.unwrap();
            let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
            w.register_absence(wf.id, AbsenceKind::DroppedOut, day, "说要去广东找妈妈")
        })
        .unwrap()
    };
    let (rows, header, err) = env.quarterly();
    assert_eq!(cell_of_wang(&rows, &header, "就学状态"), "辍学");
    assert_eq!(cell_of_wang(&rows, &header, "义务教育阶段辍学"), "是");
    for said in [
        "王芳：就学状态为辍学，请先核实劝返情况",
        "义务教育阶段辍学 1 人",
    ] {
        assert!(err.contains(said), "{said} not in {err}");
    }

    // Back at school: the case closes as 复学, and the update says so.
    {
        let store = reopen(&env.db);
        let boss = session(&store, "周主任");
        boss.write(|w| w.close_absence(case.id, AbsenceOutcome::Returned, "周一已返校"))
            .unwrap();
    }
    let (rows, header, err) = env.quarterly();
    assert_eq!(cell_of_wang(&rows, &header, "就学状态"), "在校");
    assert_eq!(cell_of_wang(&rows, &header, "义务教育阶段辍学"), "");
    assert!(!err.contains("王芳：就学状态"), "{err}");
    assert!(err.contains("义务教育阶段辍学 0 人"), "{err}");
}
