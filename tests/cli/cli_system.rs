//! What the command line says of the system it runs on (issue 24, items 1 and 4). It asks for
//! a passphrase the way it prints everything else (Rust's standard streams, which write UTF-16
//! to a Windows console), then reads it without echo: on Linux the bytes that reach the
//! terminal are checked — the question as the catalogue says it, no NUL (rpassword's console
//! writer sends one), not the passphrase. `--help` names this computer's default folders.

use crate::common;

use common::{COORDINATOR, FOUR_CHILDREN, Home, PASSPHRASE, Session};
use std::time::{Duration, Instant};

/// Runs `shouwang ARGS` (as the coordinator, listing the staff) in a terminal, answers the
/// question with the passphrase and returns what the terminal received.
fn answered(home: &Home, args: &str) -> Vec<u8> {
    let (s, raw) = Session::start_asking(home, args, 100, 30);
    s.wait_for("周主任的口令：");
    // The question is printed before echo is turned off; a person is never this quick.
    std::thread::sleep(Duration::from_millis(300));
    s.type_text(PASSPHRASE);
    s.keys(&["Enter"]);
    assert_eq!(s.wait_for_exit(), 0);
    // tmux may still be handing the last lines to the file.
    let listed = "李老师\t帮扶教师".as_bytes();
    let start = Instant::now();
    loop {
        let bytes = std::fs::read(&raw).unwrap_or_default();
        if find(&bytes, listed).is_some() || start.elapsed() > Duration::from_secs(10) {
            return bytes;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|w| w == needle)
}

fn asked_once_without_echo_or_nul(bytes: &[u8]) {
    let text = String::from_utf8_lossy(bytes);
    assert!(
        find(bytes, "李老师\t帮扶教师".as_bytes()).is_some(),
        "the staff were not listed: {text:?}"
    );
    assert!(!bytes.contains(&0), "a NUL reached the terminal: {text:?}");
    assert!(
        find(bytes, PASSPHRASE.as_bytes()).is_none(),
        "the passphrase was echoed: {text:?}"
    );
    let asked = "周主任的口令：".as_bytes();
    let at = find(bytes, asked).unwrap_or_else(|| panic!("no question in {text:?}"));
    assert_eq!(text.matches("周主任的口令：").count(), 1, "{text:?}");
    // The line is ended after the answer, before the listing starts.
    assert!(
        bytes[at + asked.len()..].starts_with(b"\r\n"),
        "the line is not ended after the answer: {text:?}"
    );
}

#[test]
fn the_passphrase_is_asked_on_the_terminal_in_chinese_and_read_without_echo() {
    let home = Home::new();
    let db = home.school(FOUR_CHILDREN);
    let bytes = answered(
        &home,
        &format!("--db '{db}' --user {COORDINATOR} counselor list"),
    );
    asked_once_without_echo_or_nul(&bytes);
}

#[test]
fn with_standard_error_sent_to_a_file_the_question_is_still_on_the_terminal() {
    let home = Home::new();
    let db = home.school(FOUR_CHILDREN);
    let log = home.path().join("errors.txt");
    let bytes = answered(
        &home,
        &format!(
            "--db '{db}' --user {COORDINATOR} counselor list 2>'{}'",
            log.display()
        ),
    );
    asked_once_without_echo_or_nul(&bytes);
    assert_eq!(std::fs::read_to_string(log).unwrap(), "");
}

#[test]
fn help_names_the_default_folders_of_this_computer() {
    let home = Home::new();
    let out = home.run(&["--help"]);
    let help = String::from_utf8(out.stdout).unwrap();
    // Home's environment puts the data and config folders under the test's home.
    let store = home.path().join("data/shouwang/shouwang.redb");
    let config = home.path().join("config/shouwang");
    for folder in [store, config] {
        assert!(
            help.contains(&folder.display().to_string()),
            "{} not in:\n{help}",
            folder.display()
        );
    }
    assert!(!help.contains("~/.local"), "{help}");
}

/// (Here, not in `import`: import and export do not use each other.)
/// A roster that Excel keeps open is refused, when read, with the hint an export onto it
/// gets: close it there.
#[test]
fn a_file_held_by_another_program_is_to_be_closed_in_excel_read_or_written() {
    let path = std::path::Path::new("名单.xlsx");
    for (lang, close) in [
        (shouwang::i18n::Lang::En, "close it in Excel"),
        (shouwang::i18n::Lang::Zh, "在 Excel"),
    ] {
        shouwang::i18n::set_thread_lang(lang);
        let read = shouwang::import::ImportError::Held { path: path.into() }.to_string();
        let written = shouwang::export::ExportError::Held {
            target: path.display().to_string(),
        }
        .to_string();
        for sentence in [read, written] {
            assert!(sentence.starts_with("名单.xlsx"), "{sentence}");
            assert!(sentence.contains(close), "{sentence}");
        }
    }
}

/// Windows' own numbers: a sharing violation (32) and a lock violation (33) on a file
/// being read are the held file, as on one being written; access denied (5) is not.
#[cfg(windows)]
#[test]
fn os_errors_32_and_33_are_a_held_file_read_or_written() {
    let path = std::path::Path::new("名单.xlsx");
    for code in [32, 33] {
        let e = std::io::Error::from_raw_os_error(code);
        assert!(matches!(
            shouwang::import::ImportError::unreadable(path, &e),
            shouwang::import::ImportError::Held { .. }
        ));
        assert!(matches!(
            shouwang::export::ExportError::io(path, &e),
            shouwang::export::ExportError::Held { .. }
        ));
    }
    let denied = std::io::Error::from_raw_os_error(5);
    assert!(matches!(
        shouwang::import::ImportError::unreadable(path, &denied),
        shouwang::import::ImportError::Unreadable { .. }
    ));
}
