//! End-to-end mailbox: the real binary in tmux — open the mailbox, type two letters (one
//! with danger words), reply to both, print, and read the printed file.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_shouwang");

struct Session {
    name: String,
    _home: tempfile::TempDir,
    exit_file: PathBuf,
}

impl Session {
    /// Starts `shouwang ARGS` in a detached tmux session of the given size, with a private
    /// home so the test never touches the developer's own data or config.
    fn start(home: tempfile::TempDir, args: &str, width: u16, height: u16) -> Session {
        let name = format!(
            "sw-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        );
        let h = home.path();
        let exit_file = h.join("exit-code");
        let script = format!(
            "HOME={h} XDG_DATA_HOME={h}/data XDG_CONFIG_HOME={h}/config LANG=zh_CN.UTF-8 TERM=xterm-256color {BIN} {args}; echo $? > {exit}",
            h = h.display(),
            exit = exit_file.display()
        );
        let status = Command::new("tmux")
            .args([
                "new-session",
                "-d",
                "-s",
                &name,
                "-x",
                &width.to_string(),
                "-y",
                &height.to_string(),
                "sh",
                "-c",
                &script,
            ])
            .status()
            .expect("tmux must be installed for the end-to-end tests (.ci/run installs it)");
        assert!(status.success(), "tmux did not start");
        Session {
            name,
            _home: home,
            exit_file,
        }
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            let status = Command::new("tmux")
                .args(["send-keys", "-t", &self.name, k])
                .status()
                .unwrap();
            assert!(status.success());
            std::thread::sleep(Duration::from_millis(80));
        }
    }

    /// Types text literally (no key names), as an input method would deliver it.
    fn type_text(&self, text: &str) {
        let status = Command::new("tmux")
            .args(["send-keys", "-t", &self.name, "-l", text])
            .status()
            .unwrap();
        assert!(status.success());
        std::thread::sleep(Duration::from_millis(80));
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.name])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen shows `text`, and returns the screen.
    fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                return screen;
            }
            if start.elapsed() > Duration::from_secs(15) {
                panic!("waited 15 s for {text:?}; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    #[allow(dead_code)]
    fn wait_for_exit(&self) -> i32 {
        let start = Instant::now();
        while start.elapsed() < Duration::from_secs(10) {
            if let Ok(code) = std::fs::read_to_string(&self.exit_file) {
                return code.trim().parse().unwrap_or(-1);
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        panic!(
            "shouwang did not exit; the screen shows:\n{}",
            self.screen()
        );
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.name])
            .stderr(std::process::Stdio::null())
            .status();
    }
}

static NEXT: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

fn shouwang(home: &Path, args: &[&str]) {
    let out = Command::new(BIN)
        .args(args)
        .env("HOME", home)
        .env("XDG_DATA_HOME", home.join("data"))
        .env("XDG_CONFIG_HOME", home.join("config"))
        .env("LANG", "zh_CN.UTF-8")
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "shouwang {args:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn open_the_mailbox_type_two_letters_reply_and_print() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("school.redb").display().to_string();
    shouwang(home.path(), &["--db", &db, "counselor", "add", "李老师"]);
    let replies_dir = home.path().join("data").join("shouwang").join("replies");
    let s = Session::start(home, &format!("--db {db} --user 李老师"), 100, 30);
    s.wait_for("本周");
    s.keys(&["3"]);
    s.wait_for("悄悄话信箱");
    s.keys(&["o"]);
    s.wait_for("开信箱");
    s.type_text("老师，我想妈妈了。");
    s.keys(&["Enter"]);
    s.type_text("她什么时候回来？");
    s.keys(&["Tab"]);
    s.type_text("小星星");
    s.keys(&["C-s"]);
    s.wait_for("已保存，编号");
    s.type_text("晚上家里没人管，我一个人 住，害怕。");
    s.keys(&["C-s"]);
    let screen = s.wait_for("需要关注");
    assert!(screen.contains("一个人住"), "{screen}");
    s.keys(&["Escape"]);
    // Triage: the letter with danger words is on top, in its own section.
    let triage = s.wait_for("⚠ 需要关注");
    let top = triage.find("⚠ 需要关注").unwrap();
    let second = triage.find("小星星").unwrap();
    assert!(top < second, "{triage}");
    assert!(triage.contains("【一个人住、没人管】"), "{triage}");
    // Reply to both: the first row each time is a letter still waiting.
    // The letter needing attention stays on top until printed, answered or not.
    for (row, number, reply) in [
        ("Home", "2026-W48-02", "别怕，老师明天就去看你。"),
        ("End", "2026-W48-01", "妈妈也想你，过年就回来。"),
    ] {
        s.keys(&[row, "r"]);
        s.wait_for(&format!("信件 {number}"));
        s.wait_for("写回信（回车换行）");
        s.type_text(reply);
        s.keys(&["C-s"]);
        s.wait_for(&format!("{number} 的回信已保存"));
    }
    s.keys(&["p"]);
    let printed = s.wait_for("已打印 2 封回信");
    let file = std::fs::read_dir(&replies_dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let html = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        html.matches("page-break-after: always").count(),
        1,
        "{html}"
    );
    for part in [
        "小星星",
        "无署名",
        "别怕，老师明天就去看你。",
        "妈妈也想你",
        "老师，我想妈妈了。<br>",
    ] {
        assert!(html.contains(part), "{part} missing in\n{html}");
    }
    assert!(!html.contains("李老师"), "no staff name on paper");
    assert!(printed.contains("已打印"), "{printed}");
    s.keys(&["q"]);
}
