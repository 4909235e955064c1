//! `shouwang report absence --child …` through the real binary (issue 23, 3): the written
//! report of a child's absence case (控辍保学书面报告), found by student id or name, with
//! every attempt oldest first and the township from the config; printing an open case is
//! noted on it, so it may close as 劝返无效 reported; a child out of one's care is refused.

use crate::common;

use common::Home;
use common::school::{TERM_NOW, closed, reopen, school, session};
use shouwang::model::*;
use shouwang::store::AttemptInput;
use std::path::PathBuf;

struct Env {
    home: Home,
    _school: tempfile::TempDir,
    db: PathBuf,
    case: AbsenceId,
}

fn day(d: u32) -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

/// 张伟 (T001, in 李老师's care) dropped out on 16 November; three attempts failed, logged
/// out of the order they were made.
fn env() -> Env {
    let school = school();
    let li = session(&school.store, "李老师");
    let zhang = li
        .reader()
        .unwrap()
        .child_by_student_id("T001")
        .unwrap()
        .unwrap();
    let attempt = |d: u32, way: AttemptWay, result: &str| AttemptInput {
        on: day(d),
        went: "李老师、村主任".into(),
        way,
        met: "爷爷张大山".into(),
        result: result.into(),
        failed: true,
    };
    let case = li
        .write(|w| {
            let case = w.register_absence(
                zhang.id,
                AbsenceKind::DroppedOut,
                day(16),
                "说要去广东找妈妈",
            )?;
            w.log_attempt(
                case.id,
                attempt(25, AttemptWay::WithVillage, "第三次<仍不肯>"),
            )?;
            w.log_attempt(case.id, attempt(18, AttemptWay::Call, "第一次：电话没人接"))?;
            w.log_attempt(
                case.id,
                attempt(20, AttemptWay::HomeVisit, "第二次：孩子躲着"),
            )?;
            Ok(case.id)
        })
        .unwrap();
    drop(li);
    let (dir, db) = closed(school);
    let home = Home::at(TERM_NOW);
    let config = home.path().join("config/shouwang");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        "[school]\nname = \"青山镇中心小学\"\ntownship = \"青山镇\"\n",
    )
    .unwrap();
    Env {
        home,
        _school: dir,
        db,
        case,
    }
}

impl Env {
    fn run(&self, user: &str, args: &[&str]) -> std::process::Output {
        let db = self.db.display().to_string();
        let mut all = vec!["--db", &db, "--user", user, "report", "absence"];
        all.extend_from_slice(args);
        self.home.command(&all).output().unwrap()
    }
}

#[test]
fn the_written_report_lists_the_attempts_and_is_noted_on_the_case() {
    let env = env();
    let file = env.home.path().join("书面报告.html");
    let path = file.display().to_string();
    let out = env.run("李老师", &["--child", "张伟", "--out", &path]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{err}");
    assert!(
        err.contains("劝返无效已书面报告"),
        "the printing noted: {err}"
    );
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(
        html.contains("@page { size: A4"),
        "printed as the archive is"
    );
    assert!(
        html.contains("<p class=\"to\">区教育局、青山镇：</p>"),
        "{html}"
    );
    assert!(html.contains("<p class=\"school\">青山镇中心小学</p>"));
    let rows: Vec<&str> = html
        .lines()
        .filter(|l| l.starts_with("<tr class=\"attempt\">"))
        .collect();
    assert_eq!(rows.len(), 3, "{html}");
    for (row, said) in rows.iter().zip(["第一次", "第二次", "第三次"]) {
        assert!(row.contains(said), "{row}");
    }
    assert!(
        rows[2].contains("第三次&#60;仍不肯&#62;"),
        "escaped: {}",
        rows[2]
    );
    assert!(html.contains("共劝返 3 次，其中劝返无效 3 次。"));
    assert!(html.contains("学校（盖章）") && html.contains("日期：2026-12-04"));

    // The case knows it was printed, the audit that it was, and it may now close as
    // brought back in vain, reported.
    let store = reopen(&env.db);
    let li = session(&store, "李老师");
    let case = li.reader().unwrap().absence(env.case).unwrap().unwrap();
    assert!(case.report_printed.is_some());
    let events = session(&store, "周主任")
        .reader()
        .unwrap()
        .audit_events()
        .unwrap();
    assert!(
        events
            .iter()
            .any(|e| e.action == AuditAction::Print && e.target == RecordRef::Child(case.child.0))
    );
    li.write(|w| w.close_absence(env.case, AbsenceOutcome::ReportedIneffective, ""))
        .unwrap();
    drop(li);
    drop(store);

    // A closed case prints again (to standard output), and stays as it was closed.
    let out = env.run("李老师", &["--child", "T001"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let again = String::from_utf8(out.stdout).unwrap();
    assert!(again.contains("劝返无效已书面报告") && again.contains("第三次"));
}

#[test]
fn the_written_report_is_only_for_a_child_in_care_with_a_case() {
    let env = env();
    let refused = |user: &str, child: &str, says: &str| {
        let out = env.run(user, &["--child", child]);
        assert_eq!(out.status.code(), Some(1), "{child}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{child}: {err}");
        assert!(out.stdout.is_empty(), "nothing is written");
    };
    // 刘洋 is not in 李老师's care; 曾小燕 is, with no case; nobody is T999.
    refused("李老师", "T004", "不在其帮扶范围");
    refused("李老师", "曾小燕", "没有控辍保学个案");
    refused("李老师", "T999", "T999");
    // The coordinator prints anyone's.
    let out = env.run("周主任", &["--child", "T001"]);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}
