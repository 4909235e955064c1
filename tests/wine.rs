//! The Windows build run, not only checked (issue 24, item 5): the release .exe cross-built
//! for x86_64-pc-windows-gnu goes through the command line's school year under wine — the
//! first coordinator, an Excel-style GBK roster, assignments, the semester report, the archive
//! on paper, the XLSX roster, backup, check and restore, and the refusals — in folders whose
//! names are Chinese with spaces, as a school's are.
//!
//! Run only when `SHOUWANG_WINE_EXE` names the .exe (`.ci/run` builds it and sets it); without
//! it each test says so and passes, so that `cargo test` on a developer's machine is as it
//! was. `SHOUWANG_WINE` names the wine to use (default `wine`); `WINEPREFIX`, when set, the
//! wine prefix (default: one kept in cargo's scratch folder for tests). Under `CI=true`, an
//! .exe that was asked for and cannot be run fails the run: no silent pass.
//!
//! wine 8 has no `bcryptprimitives.dll`, whose `ProcessPrng` the .exe asks for: a stand-in is
//! built from `tests/wine/processprng.c` and put beside a copy of the .exe, in a scratch
//! folder, for this test only. It is never shipped.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

mod common;

use common::{COORDINATOR, FOUR_CHILDREN, Home, Program};
use shouwang::i18n::{self, Lang};
use shouwang::tr;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::OnceLock;
use std::time::Instant;

/// The .exe to run, as `.ci/run` built it.
const EXE_VAR: &str = "SHOUWANG_WINE_EXE";

/// The .exe ready to run under wine, or `None` (said on standard error) when no .exe was asked
/// for here. Prepared once for all the tests of this file.
fn windows() -> Option<Program> {
    if std::env::var_os(EXE_VAR).is_none() {
        eprintln!(
            "note: {EXE_VAR} is not set, so the Windows build is not run under wine here \
             (.ci/run builds it and runs this test)"
        );
        return None;
    }
    static READY: OnceLock<Result<Program, String>> = OnceLock::new();
    match READY.get_or_init(prepare) {
        Ok(program) => Some(program.clone()),
        Err(why) if std::env::var("CI").is_ok_and(|v| v == "true") => {
            panic!("the Windows build could not be run under wine: {why}")
        }
        Err(why) => {
            eprintln!("note: the Windows build is not run under wine here: {why}");
            None
        }
    }
}

/// A scratch folder with the .exe and the `ProcessPrng` stand-in, and a wine prefix
/// initialised (`wineboot -i`, the slow part of a first start), headless: no display, no
/// prompt to install Mono or Gecko, no wine debug output.
fn prepare() -> Result<Program, String> {
    let exe = PathBuf::from(std::env::var_os(EXE_VAR).unwrap_or_default());
    let runner = PathBuf::from(std::env::var_os("SHOUWANG_WINE").unwrap_or_else(|| "wine".into()));
    let scratch = Path::new(env!("CARGO_TARGET_TMPDIR")).join("wine");
    let folder = scratch.join("守望 程序");
    std::fs::create_dir_all(&folder).map_err(|e| format!("{}: {e}", folder.display()))?;
    let copy = folder.join("shouwang.exe");
    std::fs::copy(&exe, &copy).map_err(|e| format!("{EXE_VAR}={}: {e}", exe.display()))?;
    let shim = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/wine/processprng.c");
    run_ok(Command::new("x86_64-w64-mingw32-gcc").args([
        "-shared".as_ref(),
        "-O2".as_ref(),
        "-s".as_ref(),
        "-o".as_ref(),
        folder.join("bcryptprimitives.dll").as_os_str(),
        shim.as_os_str(),
        "-ladvapi32".as_ref(),
    ]))?;
    let prefix =
        std::env::var_os("WINEPREFIX").map_or_else(|| scratch.join("prefix"), PathBuf::from);
    let env: Vec<(String, String)> = vec![
        ("WINEPREFIX".into(), prefix.display().to_string()),
        ("WINEDEBUG".into(), "-all".into()),
        ("DISPLAY".into(), String::new()),
        ("WINEDLLOVERRIDES".into(), "mscoree,mshtml=".into()),
        // wine decodes paths and arguments in the Unix locale's character set: LANG=zh_CN.UTF-8,
        // where that locale is not installed, leaves it ASCII and Chinese paths unreadable.
        // The program takes its language from LANG, which stays.
        ("LC_CTYPE".into(), "C.UTF-8".into()),
    ];
    let started = Instant::now();
    run_ok(
        Command::new(&runner)
            .arg("wineboot")
            .arg("-i")
            .envs(env.clone()),
    )?;
    eprintln!(
        "wine: prefix {} ready in {:.1} s",
        prefix.display(),
        started.elapsed().as_secs_f64()
    );
    let program = Program::Wine {
        runner,
        exe: copy,
        env,
    };
    let version = Home::running(program.clone())
        .command(&["--version"])
        .output()
        .map_err(|e| e.to_string())?;
    if !version.status.success() {
        return Err(format!(
            "shouwang.exe --version: {:?} {}",
            version.status.code(),
            String::from_utf8_lossy(&version.stderr)
        ));
    }
    Ok(program)
}

/// Runs `command`, its failure a sentence.
fn run_ok(command: &mut Command) -> Result<(), String> {
    let out = command
        .output()
        .map_err(|e| format!("{:?}: {e}", command.get_program()))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{:?} {:?}: {}",
            command.get_program(),
            out.status.code(),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

fn stdout(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs `args` (which are expected to be refused) and gives back what it said on standard error.
fn refused(home: &Home, args: &[&str], status: i32) -> String {
    let out = home.command(args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(status),
        "{args:?}: {}",
        stderr(&out)
    );
    let why = stderr(&out);
    assert!(!why.contains("panicked"), "{args:?}: {why}");
    why
}

/// A roster as Excel saves "CSV" on a Chinese Windows: GBK, lines ended by CR LF, dates with
/// slashes.
fn excel_roster(text: &str) -> Vec<u8> {
    let text = text.replace('\n', "\r\n").replace('-', "/");
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    gbk.into_owned()
}

/// The first coordinator and a counselor in `db`, caring for the children of an Excel-style
/// GBK roster.
fn school_in(home: &Home, db: &str, roster: &Path) {
    let first = home.run(&[
        "--db",
        db,
        "counselor",
        "add",
        COORDINATOR,
        "--role",
        "coordinator",
    ]);
    assert!(stdout(&first).contains(COORDINATOR), "{}", stdout(&first));
    let me = ["--db", db, "--user", COORDINATOR];
    home.run(&[&me[..], &["counselor", "add", "李老师"]].concat());
    let imported = home.run(&[&me[..], &["import", "roster", &home.arg(roster)]].concat());
    assert!(
        stdout(&imported).contains("新增 4 人"),
        "{}",
        stdout(&imported)
    );
    let assigned = home.run(
        &[
            &me[..],
            &["assign", "T001", "T002", "T003", "T004", "--to", "李老师"],
            &["--from", "2026-09-01"],
        ]
        .concat(),
    );
    assert!(
        stdout(&assigned).contains("李老师"),
        "{}",
        stdout(&assigned)
    );
}

#[test]
fn a_school_year_on_the_windows_build() {
    let Some(program) = windows() else { return };
    let home = Home::running(program);
    let folder = home.path().join("守望 数据");
    std::fs::create_dir(&folder).unwrap();
    let roster = folder.join("学生 名单.csv");
    std::fs::write(&roster, excel_roster(FOUR_CHILDREN)).unwrap();
    let db = home.arg(&folder.join("学校 记录.redb"));
    school_in(&home, &db, &roster);
    let me = ["--db", db.as_str(), "--user", COORDINATOR];
    let counselors = home.run(&[&me[..], &["counselor", "list"]].concat());
    assert!(stdout(&counselors).contains("李老师"));

    // What comes out: the semester summary, the archive on paper, the roster as a workbook.
    let semester = folder.join("学期 总结.md");
    home.run(
        &[
            &me[..],
            &["report", "semester", "--counselor", "李老师"],
            &["--out", &home.arg(&semester)],
        ]
        .concat(),
    );
    let semester = std::fs::read_to_string(&semester).unwrap();
    assert!(
        semester.contains("李老师") && semester.contains("曾小燕"),
        "{semester}"
    );
    let archive = folder.join("档案 张伟.html");
    home.run(
        &[
            &me[..],
            &["report", "archive", "T001", "--out", &home.arg(&archive)],
        ]
        .concat(),
    );
    let archive = std::fs::read_to_string(&archive).unwrap();
    assert!(archive.contains("张伟") && archive.contains("青山村"));
    let workbook = folder.join("名单 导出.xlsx");
    home.run(&[&me[..], &["export", "xlsx", "--out", &home.arg(&workbook)]].concat());
    assert!(std::fs::read(&workbook).unwrap().starts_with(b"PK\x03\x04"));
    // The workbook reads back as the same roster: nothing to add, nothing to change.
    let again = home.run(
        &[
            &me[..],
            &["import", "roster", &home.arg(&workbook), "--dry-run"],
        ]
        .concat(),
    );
    assert!(stdout(&again).contains("新增 0 人"), "{}", stdout(&again));

    // Backup, check, and a restore that undoes what came after the backup.
    let backup = folder.join("备份 十一月.redb");
    let said = home.run(&[&me[..], &["backup", &home.arg(&backup)]].concat());
    assert!(stdout(&said).contains("备份已写入"), "{}", stdout(&said));
    let checked = home.run(&[&me[..], &["check"]].concat());
    assert!(checked.status.success(), "{}", stdout(&checked));
    home.run(&[&me[..], &["counselor", "add", "后来的老师"]].concat());
    let restored = home.run(&[&me[..], &["restore", &home.arg(&backup)]].concat());
    assert!(stdout(&restored).contains("已从"), "{}", stdout(&restored));
    let counselors = home.run(&[&me[..], &["counselor", "list"]].concat());
    assert!(!stdout(&counselors).contains("后来的老师"));
    assert!(stdout(&counselors).contains("李老师"));
    let kept = std::fs::read_dir(&folder)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().contains("before-restore"))
        .count();
    assert_eq!(kept, 1, "the replaced store is kept beside it");
}

#[test]
fn the_windows_build_refuses_with_the_right_sentence_and_status() {
    let Some(program) = windows() else { return };
    i18n::set_lang(Lang::Zh);
    let home = Home::running(program);
    let folder = home.path().join("守望 数据");
    std::fs::create_dir(&folder).unwrap();
    let roster = folder.join("学生 名单.csv");
    std::fs::write(&roster, excel_roster(FOUR_CHILDREN)).unwrap();
    let store = folder.join("school.redb");
    let db = home.arg(&store);
    school_in(&home, &db, &roster);
    let me = ["--db", db.as_str(), "--user", COORDINATOR];

    // A file that is not there.
    let missing = home.arg(&folder.join("没有 这个.csv"));
    let why = refused(
        &home,
        &[&me[..], &["import", "roster", &missing]].concat(),
        1,
    );
    let unreadable = tr!("import.unreadable", path = missing, detail = "");
    let (start, _) = unreadable.split_once('：').unwrap();
    assert!(why.starts_with(&format!("shouwang: {start}：")), "{why}");

    // A spreadsheet that is not a roster.
    let sheet = folder.join("成绩 单.csv");
    std::fs::write(&sheet, excel_roster("科目,分数\n语文,95\n")).unwrap();
    let why = refused(
        &home,
        &[&me[..], &["import", "roster", &home.arg(&sheet)]].concat(),
        1,
    );
    assert!(
        why.starts_with(&format!(
            "shouwang: {} 的第一行不是名单表头",
            home.arg(&sheet)
        )),
        "{why}"
    );

    // An export onto the store itself, however it is spelt on Windows.
    let upper = home.arg(&folder.join("SCHOOL.REDB"));
    let dotted = format!("{}\\..\\守望 数据\\.\\school.redb", home.arg(&folder));
    for target in [&db, &upper, &dotted] {
        let why = refused(
            &home,
            &[&me[..], &["export", "xlsx", "--out", target, "--force"]].concat(),
            1,
        );
        assert_eq!(
            why.trim_end(),
            format!("shouwang: {}", tr!("export.is_store", target = target)),
        );
    }
    // Restoring from something that is not a backup.
    let why = refused(
        &home,
        &[&me[..], &["restore", &home.arg(&roster)]].concat(),
        1,
    );
    assert_eq!(
        why.trim_end(),
        format!(
            "shouwang: {}",
            tr!("store.backup_not_a_store", path = home.arg(&roster))
        )
    );
    // The store is whole, with its children (a refusal may add to the audit, nothing else).
    home.run(&[&me[..], &["check"]].concat());
    let roster_out = home.run(&[&me[..], &["export", "csv"]].concat());
    assert_eq!(
        stdout(&roster_out).lines().count(),
        5,
        "{}",
        stdout(&roster_out)
    );
    // A command line that is wrong is a usage error, as on every system.
    refused(&home, &[&me[..], &["export", "pdf"]].concat(), 64);
}

/// `shouwang.exe report … | head -c 10`: the reader goes away after ten bytes; the program
/// ends quietly with 141, as on Linux, although wine reports the closed pipe with another
/// code than Windows (233, not 232).
#[test]
fn a_closed_pipe_ends_the_windows_build_quietly() {
    let Some(program) = windows() else { return };
    let home = Home::running(program);
    // Enough children that the report outgrows the pipe's buffer.
    let mut roster = String::from("学号,姓名,性别,出生日期,年级班级,村/社区\n");
    let family = ["张", "王", "李", "刘", "陈", "杨", "黄", "赵", "周", "吴"];
    let first = ["小", "大", "文", "子", "思", "雨", "嘉", "佳", "志", "明"];
    let second = ["华", "强", "军", "平", "芳", "丽", "伟", "杰", "涛", "婷"];
    for i in 0..1000 {
        roster.push_str(&format!(
            "W{i:04},{}{}{},男,2014-03-{:02},七年级(1)班,青山村\n",
            family[i % 10],
            first[i / 10 % 10],
            second[i / 100],
            1 + i % 28
        ));
    }
    let file = home.file("大 名单.csv", roster.as_bytes());
    let db = home.db();
    home.run(&[
        "--db",
        &db,
        "counselor",
        "add",
        COORDINATOR,
        "--role",
        "coordinator",
    ]);
    let me = ["--db", db.as_str(), "--user", COORDINATOR];
    home.run(&[&me[..], &["import", "roster", &home.arg(&file)]].concat());
    let mut child = home
        .command(&[&me[..], &["report", "quarterly"]].concat())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 10];
    child.stdout.take().unwrap().read_exact(&mut head).unwrap();
    let out = child.wait_with_output().unwrap();
    let why = stderr(&out);
    // The check before sending speaks first (no child here has a guardian phone); the closed
    // pipe adds nothing to it: no failed write to stdout, no panic.
    assert!(
        why.contains("监护人电话") && !why.contains("stdout") && !why.contains("panicked"),
        "a closed pipe should end quietly: {why}"
    );
    assert_eq!(out.status.code(), Some(141));
}
