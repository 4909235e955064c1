//! Issue 8, items 2, 3, 4, 6 and 8 on the real binary: an export never destroys anything, a
//! closed pipe ends quietly with status 141, exit codes 0/1/2, a mistyped --db makes nothing,
//! and nothing the command line prints carries a control character.

use assert_cmd::Command;
use shouwang::model::{Actor, Letter, Role};
use shouwang::store::{LetterVia, Store};
use std::path::{Path, PathBuf};
use std::process::Stdio;

/// The passphrase of every staff member in these tests' stores.
const TEST_PASSPHRASE: &str = "青山绿水 test 2026";

const NOW: &str = "2026-11-27T10:00";

/// The clock of the stores this test process opens: the binary's (`NOW`).
fn clock() -> shouwang::clock::Clock {
    shouwang::clock::Clock::fixed(shouwang::clock::parse_fixed(NOW).unwrap())
}

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    /// A folder `work/` holding `s.redb`, with a coordinator, one child and one replied letter.
    fn new() -> Env {
        let env = Env {
            dir: tempfile::tempdir().unwrap(),
        };
        std::fs::create_dir(env.work()).unwrap();
        let store = Store::open(&env.db(), clock()).unwrap();
        let by = store
            .bootstrap(
                &Actor::CommandLine("t".into()),
                "周主任",
                Role::Coordinator,
                vec![],
                &shouwang::store::Passphrase::new(TEST_PASSPHRASE),
            )
            .unwrap();
        store
            .session(&by)
            .unwrap()
            .write(|w| {
                let day = chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
                let l = shouwang::mailbox::take_in(
                    w,
                    &[],
                    day,
                    day,
                    None,
                    "我想妈妈。".into(),
                    LetterVia::Typed,
                )?;
                w.reply_letter(l.id, "妈妈也想你。")?;
                Ok(())
            })
            .unwrap();
        env
    }

    fn work(&self) -> PathBuf {
        self.dir.path().join("work")
    }

    fn db(&self) -> PathBuf {
        self.work().join("s.redb")
    }

    /// `shouwang --db DB --lang en --user 周主任 ARGS`, run in `work/`, with a private home:
    /// the coordinator, who may run every command here.
    fn cmd_on(&self, db: &Path, args: &[&str]) -> Command {
        Command::from_std(self.std_cmd(db, args))
    }

    fn std_cmd(&self, db: &Path, args: &[&str]) -> std::process::Command {
        let mut c = std::process::Command::new(assert_cmd::cargo::cargo_bin("shouwang"));
        let home = self.dir.path();
        c.current_dir(self.work())
            .env("SHOUWANG_NOW", NOW)
            .env("SHOUWANG_PASSPHRASE", TEST_PASSPHRASE)
            .env("SHOUWANG_NEW_PASSPHRASE", TEST_PASSPHRASE)
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env_remove("SHOUWANG_DB")
            .arg("--db")
            .arg(db)
            .args(["--lang", "en", "--user", "周主任"])
            .args(args);
        c
    }

    fn cmd(&self, args: &[&str]) -> Command {
        self.cmd_on(&self.db(), args)
    }

    /// Everything the store holds, audit trail included, as the JSON export writes it; logins
    /// left out (every command that names someone unlocks the store, and says so in the
    /// audit, whether or not it writes anything else).
    fn contents(&self) -> String {
        let store = Store::open(&self.db(), clock()).unwrap();
        let mut out = Vec::new();
        let coordinator = store
            .unlock("周主任", &shouwang::store::Passphrase::new(TEST_PASSPHRASE))
            .unwrap();
        shouwang::export::json::write_json(&coordinator, true, &mut out).unwrap();
        let mut value: serde_json::Value = serde_json::from_slice(&out).unwrap();
        if let Some(events) = value.get_mut("audit").and_then(|a| a.as_array_mut()) {
            events.retain(|e| e["action"] != "login");
        }
        value.to_string()
    }

    /// The letters, read as the coordinator (a mailbox reader while none are named).
    fn letters(&self) -> Vec<Letter> {
        let store = Store::open(&self.db(), clock()).unwrap();
        let boss = store
            .unlock("周主任", &shouwang::store::Passphrase::new(TEST_PASSPHRASE))
            .unwrap();
        boss.reader().unwrap().letters().unwrap()
    }
}

fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[cfg(unix)]
fn mode(p: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    std::fs::metadata(p).unwrap().permissions().mode() & 0o777
}

#[test]
fn no_spelling_of_the_store_is_ever_written_over() {
    let env = Env::new();
    let dir_name = env
        .work()
        .file_name()
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let up = format!("../{dir_name}/s.redb");
    #[cfg(unix)]
    std::os::unix::fs::symlink("s.redb", env.work().join("link.redb")).unwrap();
    let before = env.contents();
    let mut spellings = vec!["s.redb", "./s.redb", up.as_str()];
    if cfg!(unix) {
        spellings.push("link.redb");
    }
    // The store as --db names it relative to the working folder, too.
    for db in [env.db(), PathBuf::from("s.redb")] {
        for format in ["json", "csv", "xlsx", "replies"] {
            for target in &spellings {
                for force in [false, true] {
                    let mut args = vec!["export", format, "--out", target];
                    if force {
                        args.push("--force");
                    }
                    let out = env.cmd_on(&db, &args).output().unwrap();
                    let why = stderr(&out);
                    assert_eq!(out.status.code(), Some(1), "{format} {target}: {why}");
                    assert!(
                        why.contains("is the store itself") && !why.contains("panicked"),
                        "{format} {target}: {why}"
                    );
                    assert!(
                        env.contents() == before,
                        "{format} --out {target} changed the store"
                    );
                }
            }
        }
        let out = env
            .cmd_on(&db, &["backup", "./s.redb", "--force"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    }
    assert!(env.contents() == before);
    // It still opens, with its data, and its letter is still answerable.
    let letters = env.letters();
    assert_eq!(letters.len(), 1);
    assert!(!letters[0].printed);
}

#[test]
fn an_existing_file_needs_force_and_files_are_private() {
    let env = Env::new();
    for (format, name) in [("json", "a.json"), ("csv", "a.csv"), ("xlsx", "a.xlsx")] {
        let path = env.work().join(name);
        std::fs::write(&path, "keep me").unwrap();
        let out = env
            .cmd(&["export", format, "--out", name])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1));
        assert!(stderr(&out).contains("--force"), "{}", stderr(&out));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "keep me");
        env.cmd(&["export", format, "--out", name, "--force"])
            .assert()
            .code(0);
        assert_ne!(std::fs::read(&path).unwrap(), b"keep me");
        #[cfg(unix)]
        assert_eq!(mode(&path), 0o600, "{name}");
    }
    // A new file is private too, and nothing temporary is left behind.
    env.cmd(&["export", "json", "--out", "new.json"])
        .assert()
        .code(0);
    #[cfg(unix)]
    assert_eq!(mode(&env.work().join("new.json")), 0o600);
    env.cmd(&["backup", "b.redb"]).assert().code(0);
    env.cmd(&["backup", "b.redb"]).assert().code(1);
    env.cmd(&["backup", "b.redb", "--force"]).assert().code(0);
    #[cfg(unix)]
    assert_eq!(mode(&env.work().join("b.redb")), 0o600);
    let leftovers: Vec<String> = std::fs::read_dir(env.work())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".shouwang-"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    // `--out -` is standard output.
    let out = env.cmd(&["export", "json", "--out", "-"]).output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(String::from_utf8_lossy(&out.stdout).contains("\"format\""));
    assert!(!env.work().join("-").exists());
}

#[test]
fn a_print_that_cannot_be_written_leaves_the_letters_answerable() {
    let env = Env::new();
    let out = env
        .cmd(&["export", "replies", "--out", "no/such/folder/r.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    let letters = env.letters();
    assert!(!letters[0].printed, "a failed print locked the letter");
    assert!(shouwang::mailbox::reply_locked_reason(&letters[0]).is_none());
    env.cmd(&["export", "replies", "--out", "r.txt"])
        .assert()
        .code(0);
    assert!(env.letters()[0].printed);
}

/// Runs the binary with its standard output a pipe whose reader is gone before it writes.
fn into_closed_pipe(env: &Env, args: &[&str]) -> std::process::Output {
    let mut cmd = env.std_cmd(&env.db(), args);
    let mut child = cmd
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    child.wait_with_output().unwrap()
}

#[test]
fn a_closed_pipe_ends_quietly_with_status_141() {
    let env = Env::new();
    let store = Store::open(&env.db(), clock()).unwrap();
    store
        .unlock("周主任", &shouwang::store::Passphrase::new(TEST_PASSPHRASE))
        .unwrap()
        .write(|w| {
            for i in 0..300 {
                w.add_counselor(&format!("老师{i}"), Role::Counselor, vec![])?;
            }
            Ok(())
        })
        .unwrap();
    drop(store);
    for args in [
        &["counselor", "list"][..],
        &["export", "json", "--out", "-"],
        &["export", "csv"],
    ] {
        let out = into_closed_pipe(&env, args);
        let why = stderr(&out);
        assert!(!why.contains("panicked"), "{args:?}: {why}");
        assert!(why.is_empty(), "{args:?} should end quietly: {why}");
        assert_eq!(out.status.code(), Some(141), "{args:?}");
    }
}

#[test]
fn imports_exit_2_when_some_rows_are_rejected_and_1_when_all_are() {
    let env = Env::new();
    let header = "学号,姓名,性别,出生日期,年级班级,村/社区,监护人姓名,监护人关系,监护人电话\n";
    let good = "S1,张伟,男,2014-03-02,七年级(1)班,青山村,张大山,祖父,13800000001\n";
    let long = "X".repeat(500);
    let mut bad = String::new();
    for i in 0..150 {
        bad.push_str(&format!(
            "B{i},王{i},{long},2014-03-02,七年级(1)班,青山村,张大山,祖父,13800000001\n"
        ));
    }
    let all_bad = env.work().join("all-bad.csv");
    std::fs::write(&all_bad, format!("{header}{bad}")).unwrap();
    let before = env.contents();
    let out = env
        .cmd(&["import", "roster", all_bad.to_str().unwrap()])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(env.contents() == before, "nothing is written");
    let report = String::from_utf8_lossy(&out.stdout).into_owned();
    let listed = report.lines().filter(|l| l.starts_with("line ")).count();
    assert_eq!(listed, 100, "{report}");
    assert!(report.contains("50 more rows"), "{report}");
    let quoted = format!("\"{}…\"", "X".repeat(60));
    assert!(
        report.contains(&quoted),
        "a cell is quoted at most 60 characters"
    );
    assert!(!report.contains(&"X".repeat(61)));

    let some_bad = env.work().join("some-bad.csv");
    std::fs::write(
        &some_bad,
        format!("{header}{good}{}", bad.lines().next().unwrap()),
    )
    .unwrap();
    env.cmd(&["import", "roster", some_bad.to_str().unwrap()])
        .assert()
        .code(2);
    env.cmd(&["import", "roster", some_bad.to_str().unwrap()])
        .assert()
        .code(2);
    let fine = env.work().join("fine.csv");
    std::fs::write(&fine, format!("{header}{good}")).unwrap();
    env.cmd(&["import", "roster", fine.to_str().unwrap()])
        .assert()
        .code(0);
}

#[test]
fn a_mistyped_db_makes_no_store_and_no_folder() {
    let env = Env::new();
    let missing = env.dir.path().join("mistyped").join("x.redb");
    for args in [
        &["check"][..],
        &["counselor", "list"],
        &["export", "json"],
        &["import", "letters", "x.txt"],
        &["backup", "b.redb"],
    ] {
        let out = env.cmd_on(&missing, args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(
            stderr(&out).contains("There is no store at"),
            "{}",
            stderr(&out)
        );
    }
    // Even the commands that may make a store make none in a folder that does not exist.
    for args in [
        &["demo", "--children", "1"][..],
        &["counselor", "add", "李老师"],
    ] {
        let out = env.cmd_on(&missing, args).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(stderr(&out).contains("does not exist"), "{}", stderr(&out));
    }
    assert!(!env.dir.path().join("mistyped").exists());
    // Beside an existing folder, the first counselor add makes one.
    let new = env.work().join("new.redb");
    env.cmd_on(&new, &["counselor", "list"]).assert().code(1);
    assert!(!new.exists());
    env.cmd_on(&new, &["counselor", "add", "李老师"])
        .assert()
        .code(0);
    assert!(new.exists());
}

#[test]
fn nothing_printed_carries_a_control_character() {
    let env = Env::new();
    let evil = "X\x1b]0;PWNED\x07Y\x1b[2J";
    let mut outputs = Vec::new();
    // Refused at input by a validator or stored: either way the output must be clean.
    outputs.push(env.cmd(&["counselor", "add", evil]).output().unwrap());
    outputs.push(env.cmd(&["counselor", "list"]).output().unwrap());
    outputs.push(env.cmd(&["assign", "S1", "--to", evil]).output().unwrap());
    let roster = env.work().join("evil.csv");
    std::fs::write(
        &roster,
        format!(
            "学号,姓名,性别,出生日期,年级班级,村/社区,监护人姓名,监护人关系,监护人电话\n\
             S9,{evil},{evil},2014-03-02,七年级(1)班,青山村,张大山,祖父,13800000001\n"
        ),
    )
    .unwrap();
    outputs.push(
        env.cmd(&["import", "roster", roster.to_str().unwrap()])
            .output()
            .unwrap(),
    );
    let bad_db = env.work().join(format!("{evil}.redb"));
    outputs.push(env.cmd_on(&bad_db, &["check"]).output().unwrap());
    for out in &outputs {
        for (which, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            let text = String::from_utf8_lossy(bytes);
            assert!(
                !text
                    .chars()
                    .any(|c| c.is_control() && c != '\n' && c != '\t'),
                "{which} carries a control character: {text:?}"
            );
        }
    }
    let listed = String::from_utf8_lossy(&outputs[1].stdout).into_owned();
    assert!(listed.contains("周主任"), "{listed}");
}
