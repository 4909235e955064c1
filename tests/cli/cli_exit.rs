//! Each exit status of `cli::exit`'s table, through the real binary: one status, one meaning.

use assert_cmd::Command;

/// The binary in a private home, on a store in it that does not exist yet.
fn run(home: &tempfile::TempDir, args: &[&str]) -> std::process::Output {
    let db = home.path().join("s.redb");
    Command::new(assert_cmd::cargo::cargo_bin("shouwang"))
        .env_clear()
        .env("HOME", home.path())
        .env("SHOUWANG_NOW", "2026-12-04T10:00")
        .env("SHOUWANG_NEW_PASSPHRASE", "correct horse battery staple")
        .env("SHOUWANG_PASSPHRASE", "correct horse battery staple")
        .env("SHOUWANG_DB", &db)
        .env("LANG", "en_US.UTF-8")
        .current_dir(home.path())
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn usage_errors_exit_64_and_not_the_partial_imports_2() {
    let home = tempfile::tempdir().unwrap();
    for args in [
        &["foo"][..],
        &["import", "roster"],
        &["--lang", "fr", "check"],
    ] {
        let out = run(&home, args);
        assert_eq!(out.status.code(), Some(64), "{args:?}");
        assert!(!out.stderr.is_empty(), "{args:?}: clap says what is wrong");
    }
    assert_eq!(run(&home, &["--help"]).status.code(), Some(0));
}

#[test]
fn done_failed_and_partial_each_have_their_status() {
    let home = tempfile::tempdir().unwrap();
    let out = run(
        &home,
        &["counselor", "add", "周主任", "--role", "coordinator"],
    );
    assert_eq!(out.status.code(), Some(0), "{out:?}");
    let header = "姓名,性别,出生日期\n";
    let good = "王小明,男,2015-03-02\n";
    let bad = "李四,男,not a date\n";
    std::fs::write(home.path().join("some.csv"), format!("{header}{good}{bad}")).unwrap();
    std::fs::write(home.path().join("none.csv"), format!("{header}{bad}")).unwrap();
    let import = |file: &str| run(&home, &["--user", "周主任", "import", "roster", file]);
    assert_eq!(import("none.csv").status.code(), Some(1));
    assert_eq!(import("missing.csv").status.code(), Some(1));
    assert_eq!(import("some.csv").status.code(), Some(2));
}

/// `--help` and the manual page give the table's statuses, 64 among them.
#[test]
fn help_and_man_give_the_same_statuses() {
    let home = tempfile::tempdir().unwrap();
    let help = String::from_utf8(run(&home, &["--help"]).stdout).unwrap();
    let man = String::from_utf8(run(&home, &["man"]).stdout).unwrap();
    for s in shouwang::cli::exit::STATUSES {
        let line = format!("{:<4} {}", s.code, s.en);
        assert!(help.contains(&line), "--help lacks {line}");
        assert!(man.contains(&s.code.to_string()), "man lacks {}", s.code);
    }
    assert!(!help.contains("2    nothing") && help.contains("64   the command line is wrong"));
}
