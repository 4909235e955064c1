//! Issue 18 items 2.4, 2.6 and 2.9 on the real binary: only a regular file is a store (a pipe
//! never hangs, an empty file is never turned into a store), a new store appears whole or not
//! at all, a restore never loses a store, a killed export leaves nothing behind, and names that
//! differ by an invisible character are one name.

use crate::common;

use common::{BIN, Home};
use shouwang::model::{AuditAction, AuditEvent};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;
#[cfg(unix)]
use std::time::Instant;

const NOW: &str = "2026-12-04T10:00";

/// `shouwang --lang en ARGS` in `home`, with the clock at `NOW`, not yet run.
fn shouwang(home: &Home, args: &[&str]) -> Command {
    let mut c = Command::new(BIN);
    c.args(["--lang", "en"])
        .args(args)
        .env_remove("SHOUWANG_DB");
    for (k, v) in home.env() {
        c.env(k, v);
    }
    c.env("SHOUWANG_NOW", NOW).stdin(Stdio::null());
    c
}

/// Runs it; `None` when it had not ended after `secs` seconds (then it is killed).
#[cfg(unix)]
fn run_within(mut c: Command, secs: u64) -> Option<std::process::Output> {
    let mut child = c
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(secs);
    loop {
        if child.try_wait().unwrap().is_some() {
            return Some(child.wait_with_output().unwrap());
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            return None;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
}

fn err(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

#[cfg(unix)]
#[allow(unsafe_code)] // mkfifo: std makes no pipe with a name
fn mkfifo(path: &Path) {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(path.as_os_str().as_bytes()).unwrap();
    // SAFETY: a valid NUL-terminated path.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o600) }, 0);
}

fn demo(home: &Home, db: &Path, children: &str, notes: &str) {
    let out = shouwang(
        home,
        &[
            "--db",
            &db.display().to_string(),
            "demo",
            "--children",
            children,
            "--notes-per-child",
            notes,
        ],
    )
    .output()
    .unwrap();
    assert!(out.status.success(), "{}", err(&out));
}

#[cfg(unix)]
#[test]
fn a_pipe_a_folder_or_a_device_is_not_a_store_and_nothing_waits() {
    let home = Home::at(NOW);
    let fifo = home.path().join("pipe.redb");
    mkfifo(&fifo);
    let folder = home.path().join("folder.redb");
    std::fs::create_dir(&folder).unwrap();
    for db in [fifo.as_path(), folder.as_path(), Path::new("/dev/null")] {
        for args in [&["counselor", "list"][..], &["check"], &["demo"]] {
            let c = shouwang_list(&home_args(&home, db, args), &home);
            let out = run_within(c, 20).unwrap_or_else(|| panic!("{db:?} {args:?} hangs"));
            assert_eq!(out.status.code(), Some(1), "{db:?} {args:?}");
            assert!(err(&out).contains("not a regular file"), "{}", err(&out));
        }
    }
    assert!(fifo.exists() && folder.is_dir());
}

/// `--db DB ARGS` as a list, for `shouwang_list`.
fn home_args(_home: &Home, db: &Path, args: &[&str]) -> Vec<String> {
    let mut v = vec!["--db".to_string(), db.display().to_string()];
    v.extend(args.iter().map(|s| s.to_string()));
    v
}

fn shouwang_list(args: &[String], home: &Home) -> Command {
    let refs: Vec<&str> = args.iter().map(String::as_str).collect();
    shouwang(home, &refs)
}

#[cfg(unix)]
#[test]
fn a_config_file_that_is_a_pipe_is_reported_not_waited_for() {
    let home = Home::at(NOW);
    let db = home.path().join("s.redb");
    demo(&home, &db, "3", "1");
    let config = home.path().join("config/shouwang");
    std::fs::create_dir_all(&config).unwrap();
    mkfifo(&config.join("config.toml"));
    let args = home_args(&home, &db, &["--user", "李老师", "report", "semester"]);
    let out = run_within(shouwang_list(&args, &home), 20).expect("the report waits for the pipe");
    assert!(out.status.success(), "{}", err(&out));
    assert!(err(&out).contains("not a regular file"), "{}", err(&out));
}

#[test]
fn a_command_on_an_empty_file_refuses_and_leaves_it_empty() {
    let home = Home::at(NOW);
    let db = home.file("empty.redb", b"");
    for args in [
        &["counselor", "list"][..],
        &["check"],
        &["--user", "周主任", "report", "semester"],
        &["counselor", "add", "周主任", "--role", "coordinator"],
    ] {
        let out = shouwang_list(&home_args(&home, &db, args), &home)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        assert!(
            err(&out).contains("is empty: this file is not a Shouwang store"),
            "{}",
            err(&out)
        );
        assert_eq!(std::fs::metadata(&db).unwrap().len(), 0, "{args:?}");
    }
}

/// A process killed while it makes a new store (its first coordinator, with the passphrase's
/// slow key derivation) leaves either no store or a whole one, never a file no start can open.
#[test]
fn a_store_killed_while_it_is_made_is_whole_or_absent() {
    let home = Home::at(NOW);
    let mut whole = 0;
    for (i, delay) in (0..24u64).map(|i| (i, 1 + i * 3)).collect::<Vec<_>>() {
        let db = home.path().join(format!("new-{i}.redb"));
        let args = home_args(
            &home,
            &db,
            &["counselor", "add", "周主任", "--role", "coordinator"],
        );
        let mut child = shouwang_list(&args, &home)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_millis(delay));
        let _ = child.kill();
        let _ = child.wait();
        let mut has_staff = false;
        if db.exists() {
            let out = shouwang_list(&home_args(&home, &db, &["counselor", "list"]), &home)
                .output()
                .unwrap();
            assert!(out.status.success(), "after {delay} ms: {}", err(&out));
            has_staff = String::from_utf8_lossy(&out.stdout).contains("周主任");
            whole += 1;
        }
        if !has_staff {
            // A second try is not stood in the way by what the first left.
            let out = shouwang_list(&args, &home).output().unwrap();
            assert!(out.status.success(), "after {delay} ms: {}", err(&out));
        }
    }
    eprintln!("{whole} of 24 killed creations had linked a whole store");
}

fn restore_events(db: &Path) -> Vec<AuditEvent> {
    let store = shouwang::store::Store::open(db, common::clock(NOW)).unwrap();
    let boss = store
        .unlock(
            common::COORDINATOR,
            &shouwang::store::Passphrase::new(common::PASSPHRASE),
        )
        .unwrap();
    boss.reader()
        .unwrap()
        .audit_events()
        .unwrap()
        .into_iter()
        .filter(|e| matches!(e.action, AuditAction::Restore | AuditAction::Refused))
        .collect()
}

fn kept(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.to_string_lossy().contains("before-restore"))
        .collect();
    v.sort();
    v
}

/// Two restores in the same second (the clock is fixed) keep two stores, each whole; an
/// empty file, a demo store over the school's sealed one and a store of another school are
/// refused and audited.
#[test]
fn restores_keep_every_store_and_refuse_what_is_not_a_backup_of_it() {
    let home = Home::at(NOW);
    let db = PathBuf::from(home.school_with_history());
    let me = |args: &[&str]| {
        let mut v = home_args(&home, &db, &["--user", common::COORDINATOR]);
        v.extend(args.iter().map(|s| s.to_string()));
        v
    };
    let backup = home.path().join("friday.redb");
    let out = shouwang_list(&me(&["backup", &backup.display().to_string()]), &home)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", err(&out));
    // A letter taken in after the backup: only the first kept store holds it.
    let letters = home.file("letters.txt", "我想妈妈。\n".as_bytes());
    let out = shouwang_list(
        &me(&["import", "letters", &letters.display().to_string()]),
        &home,
    )
    .output()
    .unwrap();
    assert!(out.status.success(), "{}", err(&out));
    for _ in 0..2 {
        let out = shouwang_list(&me(&["restore", &backup.display().to_string()]), &home)
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", err(&out));
    }
    let kept = kept(home.path());
    assert_eq!(kept.len(), 2, "{kept:?}");
    let letters_in = |p: &Path| {
        let store = shouwang::store::Store::open(p, common::clock(NOW)).unwrap();
        let boss = store
            .unlock(
                common::COORDINATOR,
                &shouwang::store::Passphrase::new(common::PASSPHRASE),
            )
            .unwrap();
        boss.reader().unwrap().letters().unwrap().len()
    };
    let counts: Vec<usize> = kept.iter().map(|p| letters_in(p)).collect();
    assert!(
        counts.contains(&(letters_in(&db) + 1)),
        "{counts:?}: the letter is kept"
    );

    let empty = home.file("empty.redb", b"");
    let demo_store = home.path().join("demo.redb");
    demo(&home, &demo_store, "3", "1");
    for bad in [&empty, &demo_store] {
        let out = shouwang_list(&me(&["restore", &bad.display().to_string()]), &home)
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(1), "{bad:?}");
        assert!(err(&out).contains("nothing was restored"), "{}", err(&out));
    }
    assert_eq!(std::fs::metadata(&empty).unwrap().len(), 0);
    let events = restore_events(&db);
    let restored = events
        .iter()
        .filter(|e| e.action == AuditAction::Restore)
        .count();
    let refused = events
        .iter()
        .filter(|e| e.action == AuditAction::Refused && e.detail.starts_with("restore "))
        .count();
    assert_eq!((restored, refused), (2, 2), "{events:?}");
    assert_eq!(
        self::kept(home.path()).len(),
        2,
        "a refusal keeps nothing aside"
    );
}

/// Issue 24 item 3 on the binary: `check` (named, so the sealed records are opened too) and
/// `restore` read the backup without writing it; one of mode 0400 is read all the same.
#[test]
fn checking_and_restoring_from_a_backup_leave_it_as_it_was() {
    let home = Home::at(NOW);
    let db = PathBuf::from(home.school_with_history());
    let backup = home.path().join("friday.redb");
    let on = |store: &Path, args: &[&str]| {
        let mut v = home_args(&home, store, &["--user", common::COORDINATOR]);
        v.extend(args.iter().map(|s| s.to_string()));
        let out = shouwang_list(&v, &home).output().unwrap();
        assert!(out.status.success(), "{args:?}: {}", err(&out));
    };
    on(&db, &["backup", &backup.display().to_string()]);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&backup, std::fs::Permissions::from_mode(0o400)).unwrap();
    }
    let before = std::fs::read(&backup).unwrap();
    on(&backup, &["check"]);
    assert!(
        std::fs::read(&backup).unwrap() == before,
        "check wrote to it"
    );
    on(&db, &["restore", &backup.display().to_string()]);
    assert!(
        std::fs::read(&backup).unwrap() == before,
        "restore wrote to it"
    );
    assert_eq!(kept(home.path()).len(), 1);
}

/// The export of a county's roster killed while it writes leaves no file, named or not, and
/// its audit event is already written.
#[cfg(target_os = "linux")]
#[test]
fn a_killed_export_leaves_nothing_behind() {
    let home = Home::at(NOW);
    let db = home.path().join("s.redb");
    demo(&home, &db, "1500", "20");
    let out_dir = home.path().join("out");
    std::fs::create_dir(&out_dir).unwrap();
    let target = out_dir.join("all.json");
    let args = home_args(
        &home,
        &db,
        &[
            "--user",
            "周主任",
            "export",
            "json",
            "--out",
            &target.display().to_string(),
        ],
    );
    let mut child = shouwang_list(&args, &home)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Killed once it holds the file it writes (an unnamed one in `out/`).
    let fds = PathBuf::from(format!("/proc/{}/fd", child.id()));
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut writing = false;
    while Instant::now() < deadline && !writing {
        writing = std::fs::read_dir(&fds)
            .into_iter()
            .flatten()
            .flatten()
            .any(|fd| {
                std::fs::read_link(fd.path()).is_ok_and(|p| {
                    p.starts_with(&out_dir) || p.to_string_lossy().contains("/out/#")
                })
            });
        if child.try_wait().unwrap().is_some() {
            break;
        }
        std::thread::sleep(Duration::from_millis(2));
    }
    assert!(writing, "the export never began writing");
    std::thread::sleep(Duration::from_millis(50));
    child.kill().unwrap();
    child.wait().unwrap();
    let left: Vec<_> = std::fs::read_dir(&out_dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name())
        .collect();
    assert!(left.is_empty(), "{left:?}");
    let store = shouwang::store::Store::open(&db, common::clock(NOW)).unwrap();
    let events = store
        .session_by_name("周主任")
        .unwrap()
        .unwrap()
        .reader()
        .unwrap()
        .audit_events()
        .unwrap();
    assert!(
        events
            .iter()
            .any(|e| e.action == AuditAction::Export && e.detail.contains("all.json")),
        "the export was audited before its first byte"
    );
}

/// "周主任" and "周\u{200B}主任" are one person: the second cannot be added, and naming
/// oneself with an invisible character finds the first.
#[test]
fn names_that_differ_by_an_invisible_character_are_one_name() {
    let home = Home::at(NOW);
    let db = home.path().join("s.redb");
    demo(&home, &db, "3", "1");
    for twin in [
        "周\u{200B}主任",
        "\u{FEFF}周主任",
        "周主任\u{200D}",
        "周\u{00AD}主任",
    ] {
        let args = home_args(
            &home,
            &db,
            &[
                "--user",
                "周主任",
                "counselor",
                "add",
                twin,
                "--role",
                "counselor",
            ],
        );
        let out = shouwang_list(&args, &home).output().unwrap();
        assert_eq!(out.status.code(), Some(1), "{twin:?} was added");
        let listed = shouwang_list(
            &home_args(&home, &db, &["--user", twin, "counselor", "list"]),
            &home,
        )
        .output()
        .unwrap();
        assert!(listed.status.success(), "{twin:?}: {}", err(&listed));
    }
}
