//! The command line as a coordinator uses it: the real binary, its exit codes and sentences.

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::PathBuf;

/// The passphrase of every staff member in these tests' stores.
const TEST_PASSPHRASE: &str = "青山绿水 test 2026";

const ROSTER: &str = "学号,姓名,性别,出生日期,年级班级,村/社区,监护人姓名,监护人关系,监护人电话\n\
S1,张伟,男,2014-03-02,七年级(1)班,青山村,张大山,祖父,13800000001\n\
S2,曾小燕,女,2015/6/11,六年级(2)班,龙潭村,曾秀英,祖母,13800000002\n\
S3,王芳,女,2013年9月30日,八年级(3)班,石桥村,王建国,叔叔,13800000003\n";

/// The fixed "now" of these tests: a Thursday of ISO week 2026-W48. No test reads the clock.
const NOW: &str = "2026-11-26T10:00";

/// The clock of the stores this test process opens: the binary's (`NOW`).
fn clock() -> shouwang::clock::Clock {
    shouwang::clock::Clock::fixed(shouwang::clock::parse_fixed(NOW).unwrap())
}

struct Env {
    dir: tempfile::TempDir,
}

impl Env {
    fn new() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
        }
    }

    /// An environment whose store exists with its first staff member, the coordinator 周主任
    /// (made as `counselor add` makes the first one), and nothing else.
    fn with_store() -> Env {
        let env = Env::new();
        let store = shouwang::store::Store::open(&env.db(), clock()).unwrap();
        let me = shouwang::model::Actor::CommandLine("test".into());
        store
            .bootstrap(
                &me,
                "周主任",
                shouwang::model::Role::Coordinator,
                vec![],
                &shouwang::store::Passphrase::new(TEST_PASSPHRASE),
            )
            .unwrap();
        env
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("store.redb")
    }

    fn file(&self, name: &str, content: &[u8]) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, content).unwrap();
        p
    }

    /// `shouwang --db STORE --lang en ARGS`, with a private home.
    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = Command::cargo_bin("shouwang").unwrap();
        c.env("SHOUWANG_NOW", NOW)
            .env("SHOUWANG_PASSPHRASE", TEST_PASSPHRASE)
            .env("SHOUWANG_NEW_PASSPHRASE", TEST_PASSPHRASE);
        let home = self.dir.path();
        c.env("HOME", home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env_remove("SHOUWANG_DB")
            .arg("--db")
            .arg(self.db())
            .args(["--lang", "en"])
            .args(args);
        c
    }

    /// `cmd` as the coordinator, who may run every command.
    fn coord(&self, args: &[&str]) -> Command {
        let mut c = self.cmd(&["--user", "周主任"]);
        c.args(args);
        c
    }

    fn roster(&self) -> String {
        self.file("roster.csv", ROSTER.as_bytes())
            .display()
            .to_string()
    }
}

fn no_panic() -> impl Predicate<str> {
    predicate::str::contains("panicked")
        .not()
        .and(predicate::str::contains("RUST_BACKTRACE").not())
}

#[test]
fn help_names_every_command() {
    let env = Env::new();
    env.cmd(&["--help"]).assert().success().stdout(
        predicate::str::contains("import")
            .and(predicate::str::contains("export"))
            .and(predicate::str::contains("counselor"))
            .and(predicate::str::contains("assign"))
            .and(predicate::str::contains("demo"))
            .and(predicate::str::contains("backup"))
            .and(predicate::str::contains("restore"))
            .and(predicate::str::contains("check")),
    );
}

/// The plan's definition of a left-behind child (issue 23, 4): a row whose child has one parent
/// away and a parent at home who can care, or who is 16 today, is imported with a warning that
/// names its line and why; a child whose parent at home cannot care, or who turns 16 only
/// tomorrow, is not warned about.
#[test]
fn roster_rows_outside_the_definition_are_imported_with_a_warning() {
    let env = Env::with_store();
    let roster = env.file(
        "definition.csv",
        "姓名,性别,出生日期,留守类型,监护能力\n\
         张伟,男,2014-03-02,父亲外出,有\n\
         曾小燕,女,2014-06-11,母亲外出,无\n\
         王芳,女,2010-11-26,父母均外出,\n\
         李明,男,2010-11-27,父母均外出,\n"
            .as_bytes(),
    );
    let roster = roster.display().to_string();
    env.coord(&["import", "roster", &roster])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("4 added")
                .and(predicate::str::contains(
                    "line 2, 张伟: imported, but not a left-behind child by the definition \
                     (one parent is away and the other can care)",
                ))
                .and(
                    predicate::str::contains("line 4, 王芳")
                        .and(predicate::str::contains("(16 since 2026-11-26)")),
                )
                .and(predicate::str::contains("line 3").not())
                .and(predicate::str::contains("line 5").not()),
        );
}

#[test]
fn roster_import_twice_makes_no_second_child_and_dry_run_writes_nothing() {
    let env = Env::with_store();
    let roster = env.roster();
    env.coord(&["import", "roster", &roster, "--dry-run"])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("3 added")
                .and(predicate::str::contains("nothing was written")),
        );
    env.coord(&["export", "json"])
        .assert()
        .success()
        .stdout(predicate::str::contains("\"children\": []"));
    env.coord(&["import", "roster", &roster])
        .assert()
        .success()
        .stdout(predicate::str::contains("3 added"));
    env.coord(&["import", "roster", &roster])
        .assert()
        .success()
        .stdout(predicate::str::contains("0 added").and(predicate::str::contains("3 unchanged")));
}

#[test]
fn bad_rosters_get_a_sentence_and_a_failure_exit() {
    let env = Env::with_store();
    let noise: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    for (name, content) in [
        ("noise.csv", noise.as_slice()),
        ("empty.csv", b"".as_slice()),
        ("header.csv", b"a,b,c\n1,2,3\n"),
    ] {
        let f = env.file(name, content).display().to_string();
        env.coord(&["import", "roster", &f])
            .assert()
            .failure()
            .code(1)
            .stderr(no_panic().and(predicate::str::starts_with("shouwang: ")));
    }
    env.coord(&["import", "roster", "/no/such/file.csv"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("Could not read"));
}

#[test]
fn a_text_file_given_as_the_store_is_refused_and_left_untouched() {
    let env = Env::new();
    let text = env.file("notes.txt", "这不是数据文件\nnot a store\n".as_bytes());
    let mut c = Command::cargo_bin("shouwang").unwrap();
    c.env("SHOUWANG_NOW", NOW)
        .env("SHOUWANG_PASSPHRASE", TEST_PASSPHRASE)
        .env("SHOUWANG_NEW_PASSPHRASE", TEST_PASSPHRASE);
    c.env("HOME", env.dir.path())
        .args(["--lang", "en", "--db"])
        .arg(&text)
        .args(["counselor", "list"]);
    c.assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains("is not a Shouwang store").and(no_panic()));
    assert_eq!(
        std::fs::read(&text).unwrap(),
        "这不是数据文件\nnot a store\n".as_bytes()
    );
}

#[test]
fn a_store_open_in_another_process_is_refused_with_a_sentence() {
    let env = Env::new();
    env.cmd(&["counselor", "add", "李老师"]).assert().success();
    // This test process holds the store open, as another window would.
    let held = shouwang::store::Store::open(&env.db(), clock()).unwrap();
    env.cmd(&["counselor", "list"])
        .assert()
        .failure()
        .code(1)
        .stderr(
            predicate::str::contains("already open in another Shouwang window").and(no_panic()),
        );
    drop(held);
    env.cmd(&["counselor", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("李老师"));
}

#[test]
fn counselors_and_assignments() {
    let env = Env::with_store();
    env.coord(&["import", "roster", &env.roster()])
        .assert()
        .success();
    env.coord(&["counselor", "add", "李老师"])
        .assert()
        .success();
    env.coord(&[
        "counselor",
        "add",
        "陈老师",
        "--role",
        "head-teacher",
        "--classes",
        "八年级(3)班",
    ])
    .assert()
    .success();
    env.coord(&["counselor", "add", "李老师"])
        .assert()
        .failure()
        .stderr(predicate::str::contains(
            "already a staff member named 李老师",
        ));
    env.coord(&[
        "assign",
        "S1",
        "S2",
        "--to",
        "李老师",
        "--from",
        "2026-09-01",
    ])
    .assert()
    .success()
    .stdout(predicate::str::contains(
        "张伟 is now in the care of 李老师",
    ));
    env.coord(&["assign", "S1", "--to", "李老师"])
        .assert()
        .success()
        .stdout(predicate::str::contains("already in the care"));
    // An unknown student id assigns nothing, not even the known one before it.
    env.coord(&["assign", "S3", "S9", "--to", "李老师"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("S9"));
    env.coord(&["assign", "S1", "--to", "无此人"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("no staff member named 无此人"));
    env.coord(&["assign", "S1", "--to", "李老师", "--from", "明天"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("is not a date"));
    // A head teacher's children are those of the classes led, as on This week.
    env.coord(&["counselor", "list"]).assert().success().stdout(
        predicate::str::contains("李老师\tcounselor\t2 children").and(predicate::str::contains(
            "陈老师\thead teacher\t1 child  (八年级(3)班)",
        )),
    );
}

#[test]
fn exports_need_a_coordinator_and_round_trip() {
    let env = Env::with_store();
    env.coord(&["import", "roster", &env.roster()])
        .assert()
        .success();
    env.coord(&["counselor", "add", "李老师"])
        .assert()
        .success();
    env.cmd(&["--user", "李老师", "export", "json"])
        .assert()
        .failure()
        .code(1)
        .stderr(predicate::str::contains("only a coordinator may"));
    let json = env.dir.path().join("all.json");
    env.cmd(&[
        "--user",
        "周主任",
        "export",
        "json",
        "--out",
        json.to_str().unwrap(),
    ])
    .assert()
    .success();
    let value: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    for key in [
        "counselors",
        "children",
        "assignments",
        "notes",
        "moods",
        "followups",
        "letters",
        "incidents",
        "absences",
    ] {
        assert!(
            value.get(key).is_some_and(|v| v.is_array()),
            "export lacks {key}"
        );
    }
    assert_eq!(value["children"].as_array().unwrap().len(), 3);
    assert_eq!(value["children"][2]["birth_date"], "2013-09-30");

    // Into a fresh store: the same export comes out again.
    let other = Env::new();
    other
        .cmd(&["import", "json", json.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("encrypt"));
    // Imported records are not used unencrypted: the coordinator encrypts the store first.
    other
        .coord(&["export", "json", "--out", "-"])
        .assert()
        .failure()
        .stderr(predicate::str::contains("encrypt"));
    other.coord(&["encrypt"]).assert().success();
    let again = other.dir.path().join("again.json");
    other
        .coord(&["export", "json", "--out", again.to_str().unwrap()])
        .assert()
        .success();
    assert_eq!(
        std::fs::read(&json).unwrap(),
        std::fs::read(&again).unwrap()
    );
    // But never over a store that holds data.
    env.coord(&["import", "json", json.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicate::str::contains("empty store"));

    // The CSV export reads back as a roster with the same children.
    let csv = env.dir.path().join("roster-out.csv");
    env.coord(&["export", "csv", "--out", csv.to_str().unwrap()])
        .assert()
        .success();
    let third = Env::with_store();
    third
        .coord(&["import", "roster", csv.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("3 added"));
}

#[test]
fn backup_check_and_restore() {
    let env = Env::with_store();
    env.coord(&["import", "roster", &env.roster()])
        .assert()
        .success();
    let backup = env.dir.path().join("backup.redb");
    env.coord(&["backup", backup.to_str().unwrap()])
        .assert()
        .success();
    env.coord(&["backup", backup.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicate::str::contains("already exists"));
    env.cmd(&["check"])
        .assert()
        .success()
        .stdout(predicate::str::contains("good order"));
    env.coord(&["counselor", "add", "后来的老师"])
        .assert()
        .success();
    env.coord(&["restore", backup.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("kept as"));
    env.coord(&["counselor", "list"])
        .assert()
        .success()
        .stdout(predicate::str::contains("后来的老师").not());
    // The replaced store is still there beside it.
    let kept: Vec<_> = std::fs::read_dir(env.dir.path())
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("before-restore"))
        .collect();
    assert_eq!(kept.len(), 1);
    let text = env.file("not-a-backup.txt", b"hello");
    env.coord(&["restore", text.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicate::str::contains("not a Shouwang store"));
}

#[test]
fn letters_import_numbers_by_iso_week() {
    // Dated before NOW (Thursday 2026-11-26): a letter from the future is refused.
    let env = Env::with_store();
    let letters = env.file("letters.txt", "署名: 小星星\n日期: 2026-11-25\n老师，我很想妈妈。\n---\n日期: 2026-11-25\n我考试没考好。\n".as_bytes());
    env.coord(&["import", "letters", letters.to_str().unwrap()])
        .assert()
        .success()
        .stdout(
            predicate::str::contains("2026-W48-01").and(predicate::str::contains("2026-W48-02")),
        );
    env.coord(&["import", "letters", letters.to_str().unwrap()])
        .assert()
        .success()
        .stdout(predicate::str::contains("0 letters imported"));
}

#[test]
fn a_fixed_now_numbers_letters_without_a_date_and_a_bad_one_is_refused() {
    let env = Env::with_store();
    let letters = env.file(
        "letters.txt",
        "我想妈妈。\n---\n署名: 小鱼\n我不想写作业。\n".as_bytes(),
    );
    env.coord(&["import", "letters", letters.to_str().unwrap()])
        .env("SHOUWANG_NOW", "2027-01-01")
        .assert()
        .success()
        .stdout(
            predicate::str::contains("2026-W53-01").and(predicate::str::contains("2026-W53-02")),
        );
    env.cmd(&["check"])
        .env("SHOUWANG_NOW", "next friday")
        .assert()
        .failure()
        .stderr(predicate::str::contains("SHOUWANG_NOW").and(no_panic()));
}

#[test]
fn the_store_file_is_private_and_created_in_the_default_place() {
    let env = Env::new();
    let mut c = Command::cargo_bin("shouwang").unwrap();
    c.env("SHOUWANG_NOW", NOW)
        .env("SHOUWANG_PASSPHRASE", TEST_PASSPHRASE)
        .env("SHOUWANG_NEW_PASSPHRASE", TEST_PASSPHRASE);
    let home = env.dir.path();
    c.env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env_remove("SHOUWANG_DB")
        .args([
            "--lang",
            "en",
            "counselor",
            "add",
            "周主任",
            "--role",
            "coordinator",
        ]);
    c.assert().success();
    let store = home.join("data/shouwang/shouwang.redb");
    assert!(store.exists(), "the default store is {}", store.display());
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&store), 0o600);
        assert_eq!(mode(store.parent().unwrap()), 0o700);
    }
    // SHOUWANG_DB chooses another file.
    let elsewhere = home.join("elsewhere.redb");
    let mut c = Command::cargo_bin("shouwang").unwrap();
    c.env("SHOUWANG_NOW", NOW)
        .env("SHOUWANG_PASSPHRASE", TEST_PASSPHRASE)
        .env("SHOUWANG_NEW_PASSPHRASE", TEST_PASSPHRASE);
    c.env("HOME", home)
        .env("SHOUWANG_DB", &elsewhere)
        .args(["counselor", "add", "李老师"]);
    c.assert().success();
    assert!(elsewhere.exists());
}
