//! `shouwang audit`: the coordinator reads the audit log, filtered, as CSV or JSON, on
//! standard output or into a file by the rules of every export; anyone else is refused with
//! exit 1. The history is made by the binary at fixed times (`Home::school_with_history`).

use crate::common;

use common::{COORDINATOR, Home, LOGIN};
use serde_json::Value;
use std::process::Output;

fn audit(home: &Home, db: &str, user: &str, args: &[&str]) -> Output {
    home.command(&[&["--db", db, "--user", user, "audit"][..], args].concat())
        .env("SHOUWANG_NOW", "2026-11-30T08:00")
        .env(shouwang::clock::TEST_REAL_NOW_VAR, "2026-11-30T08:00")
        .output()
        .unwrap()
}

fn ok(out: &Output) -> String {
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "stderr: {err}");
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn fails_with(out: &Output, words: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "stderr: {err}");
    assert!(err.contains(words), "expected {words:?} in: {err}");
    assert!(!err.contains("panicked"), "{err}");
    assert!(out.stdout.is_empty(), "nothing on standard output");
}

/// The (time, who, action code, record name) of each CSV row, header checked.
fn csv_rows(text: &str) -> Vec<(String, String, String, String)> {
    let text = text.strip_prefix('\u{feff}').expect("a BOM for Excel");
    let mut r = csv::Reader::from_reader(text.as_bytes());
    assert_eq!(
        r.headers().unwrap().iter().collect::<Vec<_>>(),
        [
            "event_id",
            "time",
            "who",
            "who_kind",
            "action_code",
            "action",
            "record_kind",
            "record_id",
            "record_name",
            "detail"
        ]
    );
    r.records()
        .map(|rec| {
            let rec = rec.unwrap();
            (
                rec[1].to_string(),
                rec[2].to_string(),
                rec[4].to_string(),
                rec[8].to_string(),
            )
        })
        .collect()
}

#[test]
fn the_coordinator_exports_the_filtered_log_as_csv_and_json() {
    let home = Home::new();
    let db = home.school_with_history();

    let all = csv_rows(&ok(&audit(&home, &db, COORDINATOR, &[])));
    // Every command that names someone logs in, and the login is in the trail: this very
    // reading is the newest event.
    assert_eq!(all.len(), 26);
    assert_eq!(
        all[0],
        (
            "2026-11-30 08:00:00".into(),
            COORDINATOR.into(),
            "login".into(),
            COORDINATOR.into()
        )
    );
    assert_eq!(all[1].0, "2026-11-29 18:00:00", "newest first");
    assert_eq!(all[1].2, "backup");
    assert_eq!(all.iter().filter(|r| r.2 == "login").count(), 9);
    assert_eq!(
        all[25],
        (
            "2026-11-26 10:00:00".into(),
            LOGIN.into(),
            "create".into(),
            COORDINATOR.into()
        )
    );

    // One child by student id: its archive and its assignments, between two days.
    let child = csv_rows(&ok(&audit(
        &home,
        &db,
        COORDINATOR,
        &[
            "--child",
            "T002",
            "--from",
            "2026-11-27",
            "--to",
            "2026年11月28日",
        ],
    )));
    assert_eq!(
        child,
        vec![
            (
                "2026-11-28 09:20:00".into(),
                COORDINATOR.into(),
                "assign".into(),
                "曾小燕".into()
            ),
            (
                "2026-11-28 09:20:00".into(),
                COORDINATOR.into(),
                "unassign".into(),
                "曾小燕".into()
            ),
        ]
    );

    // A person and an action, as JSON.
    let json: Value = serde_json::from_str(&ok(&audit(
        &home,
        &db,
        COORDINATOR,
        &[
            "--person",
            "李老师",
            "--action",
            "refused",
            "--format",
            "json",
        ],
    )))
    .unwrap();
    let events = json.as_array().unwrap();
    assert_eq!(events.len(), 1, "{json:#}");
    assert_eq!(events[0]["who"], "李老师");
    assert_eq!(events[0]["who_kind"], "staff");
    assert_eq!(events[0]["action_code"], "refused");
    assert_eq!(events[0]["action"], "被拒绝");
    assert_eq!(events[0]["record_kind"], "store");
    assert_eq!(events[0]["record_id"], Value::Null);
    assert_eq!(events[0]["detail"], "导出个人信息");
    assert_eq!(events[0]["time"], "2026-11-27 16:05:00");

    // The command line's login is a person too; a child's record carries its name.
    let by_login: Value = serde_json::from_str(&ok(&audit(
        &home,
        &db,
        COORDINATOR,
        &["--person", LOGIN, "--format", "json"],
    )))
    .unwrap();
    assert_eq!(by_login.as_array().unwrap().len(), 1);
    assert_eq!(by_login[0]["who_kind"], "command_line");
    let created: Value = serde_json::from_str(&ok(&audit(
        &home,
        &db,
        COORDINATOR,
        &["--child", "T001", "--action", "create", "--format", "json"],
    )))
    .unwrap();
    assert_eq!(created[0]["record_name"], "张伟");
    assert_eq!(created[0]["record_kind"], "child");

    // Into a file, by the rules of every export: new, owner-only, never over the store.
    let out = home.path().join("日志.csv");
    let written = audit(
        &home,
        &db,
        COORDINATOR,
        &["--action", "assign", "--out", out.to_str().unwrap()],
    );
    ok(&written);
    assert!(
        String::from_utf8_lossy(&written.stderr).contains(out.to_str().unwrap()),
        "the file is named"
    );
    assert_eq!(
        csv_rows(&std::fs::read_to_string(&out).unwrap()).len(),
        5,
        "four assignments and the move"
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&out).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    fails_with(
        &audit(&home, &db, COORDINATOR, &["--out", out.to_str().unwrap()]),
        "--force",
    );
    ok(&audit(
        &home,
        &db,
        COORDINATOR,
        &["--out", out.to_str().unwrap(), "--force"],
    ));
    let refused = audit(&home, &db, COORDINATOR, &["--out", &db, "--force"]);
    assert_eq!(refused.status.code(), Some(1));
    // The store is kept (it grew only by the login the refusal is audited with).
    let kept = std::fs::read(&db).unwrap();
    assert!(
        !kept.starts_with("\u{feff}event_id".as_bytes()),
        "the store was written over"
    );
    let staff = ok(&home
        .command(&["--db", &db, "counselor", "list"])
        .output()
        .unwrap());
    assert!(
        staff.contains(COORDINATOR),
        "the store still opens: {staff}"
    );

    // Each export is itself in the log, under the day it was made.
    let exports: Value = serde_json::from_str(&ok(&audit(
        &home,
        &db,
        COORDINATOR,
        &[
            "--action",
            "export",
            "--from",
            "2026-11-30",
            "--format",
            "json",
        ],
    )))
    .unwrap();
    let details: Vec<&str> = exports
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["detail"].as_str().unwrap())
        .collect();
    assert!(details.len() >= 6, "{details:#?}");
    assert!(
        details.contains(&format!("操作日志 CSV，5 条 → {}", out.display()).as_str()),
        "{details:#?}"
    );
    assert!(
        details
            .iter()
            .any(|d| d.starts_with("操作日志 JSON，1 条 → stdout"))
    );
}

#[test]
fn a_counselor_is_refused_and_bad_filters_are_said() {
    let home = Home::new();
    let db = home.school_with_history();
    fails_with(&audit(&home, &db, "李老师", &[]), "操作日志");
    // Nobody named: the table cannot let anyone read it.
    let unnamed = home.command(&["--db", &db, "audit"]).output().unwrap();
    assert_eq!(unnamed.status.code(), Some(1));
    // The refusal is itself in the log, naming the counselor.
    let refused: Value = serde_json::from_str(&ok(&audit(
        &home,
        &db,
        COORDINATOR,
        &[
            "--person",
            "李老师",
            "--from",
            "2026-11-30",
            "--format",
            "json",
        ],
    )))
    .unwrap();
    assert_eq!(refused[0]["action_code"], "refused");
    assert_eq!(
        refused[0]["detail"], "查看操作日志",
        "the refused operation in words"
    );

    fails_with(
        &audit(&home, &db, COORDINATOR, &["--child", "T999"]),
        "T999",
    );
    fails_with(
        &audit(&home, &db, COORDINATOR, &["--person", "赵无名"]),
        "赵无名",
    );
    fails_with(
        &audit(&home, &db, COORDINATOR, &["--from", "星期八"]),
        "星期八",
    );
    fails_with(
        &audit(
            &home,
            &db,
            COORDINATOR,
            &["--from", "2026-11-29", "--to", "2026-11-28"],
        ),
        "2026-11-29",
    );
    let bad_action = audit(&home, &db, COORDINATOR, &["--action", "peek"]);
    assert!(!bad_action.status.success());
    assert!(String::from_utf8_lossy(&bad_action.stderr).contains("login_failed"));
}

#[test]
fn the_help_lists_the_filters_and_the_actions() {
    let home = Home::new();
    let out = home.command(&["audit", "--help"]).output().unwrap();
    let help = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success());
    for words in [
        "--person <NAME>",
        "--action <ACTION>",
        "--child <STUDENT_ID>",
        "--from <DATE>",
        "--to <DATE>",
        "--format <FORMAT>",
        "--out <FILE>",
        "--force",
        "login_failed",
        "操作日志",
    ] {
        assert!(help.contains(words), "{words}: {help}");
    }
}
