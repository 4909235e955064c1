//! Issue 20, item 4, on the real binary in tmux: the process keeps no more than it must. The
//! passphrase given in the environment leaves it (`/proc/PID/environ` no longer shows it), no
//! core can be dumped, and after `ctrl-l` nothing the screens showed — a letter's text, a
//! student id — is left anywhere in the process's memory.

use crate::common;

use common::{COORDINATOR, FOUR_CHILDREN, Home, PASSPHRASE, Session};
use std::io::{Read, Seek, SeekFrom};

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Whether this test runs as root: only root may read another process's memory once it is
/// not dumpable (CI runs as root).
fn root() -> bool {
    std::fs::read_to_string("/proc/self/status")
        .unwrap_or_default()
        .lines()
        .any(|l| l.starts_with("Uid:") && l.split_whitespace().nth(2) == Some("0"))
}

/// Every writable mapping of process `pid`, read through `/proc/PID/mem`.
fn writable_memory(pid: &str) -> Vec<u8> {
    let maps = std::fs::read_to_string(format!("/proc/{pid}/maps")).unwrap();
    let mut mem = std::fs::File::open(format!("/proc/{pid}/mem")).unwrap();
    let mut all = Vec::new();
    for line in maps.lines() {
        let mut parts = line.split_whitespace();
        let (Some(range), Some(perms)) = (parts.next(), parts.next()) else {
            continue;
        };
        if !perms.starts_with("rw") {
            continue;
        }
        let Some((from, to)) = range.split_once('-') else {
            continue;
        };
        let from = u64::from_str_radix(from, 16).unwrap();
        let to = u64::from_str_radix(to, 16).unwrap();
        let mut block = vec![0u8; usize::try_from(to - from).unwrap()];
        // A mapping the kernel will not hand over ([vvar]) is skipped.
        if mem.seek(SeekFrom::Start(from)).is_ok() && mem.read_exact(&mut block).is_ok() {
            all.extend_from_slice(&block);
        }
    }
    all
}

#[test]
fn the_passphrase_leaves_the_environment_and_no_core_is_dumped() {
    let home = Home::new();
    let db = home.school(FOUR_CHILDREN);
    let s = Session::start(&home, &format!("--db {db} --user {COORDINATOR}"), 100, 30);
    s.wait_for("本周");
    let pid = s.pid();
    let limits = std::fs::read_to_string(format!("/proc/{pid}/limits")).unwrap();
    let core = limits
        .lines()
        .find(|l| l.starts_with("Max core file size"))
        .unwrap();
    assert_eq!(
        core.split_whitespace().skip(4).take(2).collect::<Vec<_>>(),
        ["0", "0"],
        "{core}"
    );
    match std::fs::read(format!("/proc/{pid}/environ")) {
        Ok(environ) => {
            assert!(
                !contains(&environ, PASSPHRASE.as_bytes()),
                "the passphrase is still there"
            );
            assert!(contains(&environ, b"SHOUWANG_NOW="), "the rest is kept");
        }
        // Not dumpable: another process of the same user may not read it at all.
        Err(e) => assert_eq!(e.kind(), std::io::ErrorKind::PermissionDenied),
    }
    s.send("q");
    assert_eq!(s.wait_for_exit(), 0);
}

#[test]
fn after_the_lock_no_letter_or_student_id_is_left_in_memory() {
    if !root() {
        // Where CI runs it, it must run: a skip there would pass silently.
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must run this as root: reading another process's memory needs it"
        );
        eprintln!("skipped: reading another process's memory needs root");
        return;
    }
    let home = Home::new();
    let db = home.school(FOUR_CHILDREN);
    // Long enough that a freed copy keeps its middle: the allocator's own bookkeeping
    // overwrites only a freed block's first bytes.
    const LETTER: &str = "老师，我把零花钱藏在枕头下面的铁盒子里，想攒够了坐车去广东看妈妈，可是奶奶说路太远了，我不知道该怎么办";
    const MIDDLE: &str = "铁盒子里，想攒够了坐车去广东看妈妈";
    const STUDENT_ID: &str = "T003";
    let letters = home.file(
        "letters.txt",
        format!("日期: 2026-11-25\n{LETTER}\n").as_bytes(),
    );
    let taken = home.run(&[
        "--db",
        &db,
        "--user",
        COORDINATOR,
        "import",
        "letters",
        &home.arg(&letters),
    ]);
    assert!(
        taken.status.success(),
        "{}",
        String::from_utf8_lossy(&taken.stderr)
    );
    let s = Session::start(&home, &format!("--db {db} --user {COORDINATOR}"), 100, 30);
    s.wait_for("本周");
    // The letter on the screen, then the child whose student id is T003.
    s.send("3");
    s.wait_for("悄悄话信箱");
    s.send("<ret>");
    s.wait_for(&LETTER[..12]);
    let pid = s.pid();
    // The scan sees what a screen holds.
    assert!(
        contains(&writable_memory(&pid), MIDDLE.as_bytes()),
        "the letter on the screen"
    );
    s.send("<esc>");
    s.send("2");
    s.wait_for("王芳");
    s.type_text("/王芳");
    s.send("<ret>");
    s.wait_for(STUDENT_ID);
    // The letter's screen is gone, and freed memory was cleared: nothing of it is left.
    let archive = writable_memory(&pid);
    assert!(
        !contains(&archive, MIDDLE.as_bytes()),
        "the letter outlives its screen"
    );
    assert!(
        contains(&archive, STUDENT_ID.as_bytes()),
        "the student id on the screen"
    );
    s.send("<C-l>");
    s.wait_for(&format!("{COORDINATOR}的口令"));
    let after = writable_memory(&pid);
    assert!(
        !contains(&after, MIDDLE.as_bytes()),
        "the letter is still in memory"
    );
    assert!(
        !contains(&after, STUDENT_ID.as_bytes()),
        "the student id is still in memory"
    );
    s.type_text(PASSPHRASE);
    s.send("<ret>");
    s.wait_for("本周");
    s.send("q");
    assert_eq!(s.wait_for_exit(), 0);
}
