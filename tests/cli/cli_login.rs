//! Issue 18, items 2.1 and 2.7, through the real binary: changing `SHOUWANG_NOW` for each try
//! does not shorten the wait after wrong passphrases (it is counted on the computer's clock),
//! and every refusal to let someone in — a wrong passphrase, a try during the wait, a
//! deactivated person, a name nobody has — is in the audit the coordinator reads.

use crate::common;

use common::{COORDINATOR, FOUR_CHILDREN, Home, PASSPHRASE};
use serde_json::Value;
use std::process::Output;

/// `shouwang --user NAME counselor list` with `passphrase`, the school's clock at `now` and
/// the computer's clock left as it is (the tests' fixed one removed).
fn try_as(home: &Home, db: &str, name: &str, passphrase: &str, now: &str) -> Output {
    home.command(&["--db", db, "--user", name, "counselor", "list"])
        .env("SHOUWANG_PASSPHRASE", passphrase)
        .env("SHOUWANG_NOW", now)
        .env_remove(shouwang::clock::TEST_REAL_NOW_VAR)
        .output()
        .unwrap()
}

fn refused(out: &Output, code: i32, words: &str) {
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(code), "stderr: {err}");
    assert!(err.contains(words), "expected {words:?} in: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

/// The audit as the coordinator reads it (JSON), the refusals and failed logins only:
/// (who, action code, record kind, detail).
fn refusals(home: &Home, db: &str) -> Vec<(String, String, String, String)> {
    let out = home
        .command(&[
            "--db",
            db,
            "--user",
            COORDINATOR,
            "audit",
            "--format",
            "json",
        ])
        .env_remove(shouwang::clock::TEST_REAL_NOW_VAR)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let events: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    let mut rows: Vec<_> = events
        .iter()
        .filter(|e| matches!(e["action_code"].as_str(), Some("refused" | "login_failed")))
        .map(|e| {
            let s = |k: &str| e[k].as_str().unwrap_or_default().to_string();
            (s("who"), s("action_code"), s("record_kind"), s("detail"))
        })
        .collect();
    rows.reverse();
    rows
}

#[test]
fn changing_the_school_clock_for_each_try_does_not_shorten_the_wait() {
    let home = Home::new();
    let db = home.school(FOUR_CHILDREN);
    // Three wrong passphrases, each with the school's clock a day later than the last.
    let days = ["2026-11-26T10:00", "2026-11-27T10:00", "2026-11-28T10:00"];
    for now in days {
        refused(
            &try_as(&home, &db, "李老师", "not her passphrase", now),
            1,
            "口令不对",
        );
    }
    // A year later by the school's clock, a moment later by the computer's: the wait
    // (2 seconds after the third) is not over, and even the right passphrase is not tried.
    refused(
        &try_as(&home, &db, "李老师", PASSPHRASE, "2027-11-28T10:00"),
        1,
        "秒后再试",
    );
    let rows = refusals(&home, &db);
    let details: Vec<_> = rows
        .iter()
        .map(|(who, code, _, detail)| format!("{who} {code} {detail}"))
        .collect();
    assert_eq!(details.len(), 4, "{details:#?}");
    assert_eq!(
        details[..3],
        [
            "李老师 login_failed 连续第 1 次口令错误",
            "李老师 login_failed 连续第 2 次口令错误",
            "李老师 login_failed 连续第 3 次口令错误"
        ]
    );
    assert!(
        details[3].starts_with("李老师 refused 口令输错后的等待期内尝试解锁（还需等 "),
        "{details:#?}"
    );
}

#[test]
fn a_deactivated_person_and_an_unknown_name_are_told_what_is_true_and_audited() {
    let home = Home::new();
    let db = home.school(FOUR_CHILDREN);
    let boss = ["--db", db.as_str(), "--user", COORDINATOR];
    home.run(&[&boss[..], &["counselor", "add", "赵老师"]].concat());
    home.run(&[&boss[..], &["counselor", "deactivate", "赵老师"]].concat());
    let now = common::NOW;
    refused(
        &try_as(&home, &db, "赵老师", PASSPHRASE, now),
        1,
        "赵老师的账号已被政教处停用；请政教处重新启用。",
    );
    let unknown = try_as(&home, &db, "覃语桐", PASSPHRASE, now);
    let err = String::from_utf8_lossy(&unknown.stderr);
    assert!(err.contains("没有名叫"), "{err}");
    assert!(!unknown.status.success());
    let rows = refusals(&home, &db);
    assert_eq!(
        rows,
        [
            (
                "赵老师".to_string(),
                "refused".to_string(),
                "counselor".to_string(),
                "已停用的教师尝试解锁".to_string()
            ),
            (
                common::LOGIN.to_string(),
                "refused".to_string(),
                "store".to_string(),
                "用不存在的姓名尝试解锁（3 个字）".to_string()
            ),
        ]
    );
}

/// Issue 20, item 3: a passphrase among the first anyone would guess is refused where it is
/// chosen, with a sentence and the status of nothing written, and nothing changes: the colleague is not
/// added, and the old passphrase still opens.
#[test]
fn the_weakest_passphrases_are_refused_with_a_sentence() {
    let home = Home::new();
    let db = home.school(FOUR_CHILDREN);
    let add = |passphrase: &str| {
        home.command(&[
            "--db",
            &db,
            "--user",
            COORDINATOR,
            "counselor",
            "add",
            "王老师",
            "--role",
            "counselor",
        ])
        .env("SHOUWANG_NEW_PASSPHRASE", passphrase)
        .output()
        .unwrap()
    };
    for (typed, words) in [
        ("12345678", "太容易猜到"),
        ("        ", "太容易猜到"),
        ("password", "太容易猜到"),
        ("王老师 王老师 王老师", "教职工的名字"),
        ("lilaoshi2026", "教职工的名字"),
    ] {
        refused(&add(typed), 1, words);
    }
    let staff = home.run(&["--db", &db, "--user", COORDINATOR, "counselor", "list"]);
    assert!(!String::from_utf8_lossy(&staff.stdout).contains("王老师"));
    let taken = add("梧桐树下 王老师 2026 秋");
    assert!(
        taken.status.success(),
        "{}",
        String::from_utf8_lossy(&taken.stderr)
    );
}
