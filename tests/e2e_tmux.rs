//! End-to-end: the real binary in a real terminal (tmux), driven the way a counselor would:
//! keys in with `send-keys`, the screen read back with `capture-pane`.

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

/// A store with one counselor, 李老师, caring for four invented children.
fn store_with_caseload() -> (tempfile::TempDir, String) {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("school.redb");
    let roster = home.path().join("roster.csv");
    std::fs::write(
        &roster,
        "学号,姓名,性别,出生日期,年级班级,村/社区,监护人姓名,监护人关系\n\
         T001,张伟,男,2014-03-02,七年级(1)班,青山村,张大山,祖父\n\
         T002,曾小燕,女,2015-06-11,六年级(2)班,龙潭村,曾秀英,祖母\n\
         T003,王芳,女,2013-09-30,八年级(3)班,石桥村,王建国,叔叔\n\
         T004,刘洋,男,2016-01-15,五年级(1)班,枫林社区,刘桂兰,外祖母\n",
    )
    .unwrap();
    let db_s = db.display().to_string();
    shouwang(
        home.path(),
        &[
            "--db",
            &db_s,
            "import",
            "roster",
            &roster.display().to_string(),
        ],
    );
    shouwang(home.path(), &["--db", &db_s, "counselor", "add", "李老师"]);
    shouwang(
        home.path(),
        &[
            "--db",
            &db_s,
            "assign",
            "T001",
            "T002",
            "T003",
            "T004",
            "--to",
            "李老师",
            "--from",
            "2026-09-01",
        ],
    );
    (home, db_s)
}

#[test]
fn caseload_search_help_resize_and_quit() {
    let (home, db) = store_with_caseload();
    let s = Session::start(home, &format!("--db {db} --user 李老师"), 100, 30);
    s.wait_for("本周");
    s.keys(&["2"]);
    let caseload = s.wait_for("张伟");
    for name in ["曾小燕", "王芳", "刘洋"] {
        assert!(
            caseload.contains(name),
            "caseload lacks {name}:\n{caseload}"
        );
    }
    // Pinyin initials: zxy finds 曾小燕 (曾 read as the surname zeng), and typing q in the
    // search box must not quit.
    s.keys(&["/"]);
    s.type_text("zxy");
    let found = s.wait_for("1 / 4");
    assert!(found.contains("曾小燕"), "{found}");
    assert!(!found.contains("张伟"), "{found}");
    s.type_text("q");
    s.wait_for("0 / 4");
    s.keys(&["BSpace", "BSpace", "BSpace", "BSpace", "Escape"]);
    s.wait_for("4 / 4");
    // Help is generated from the keymap.
    s.keys(&["?"]);
    let help = s.wait_for("按键说明");
    assert!(help.contains("退出守望"), "{help}");
    s.keys(&["Escape"]);
    // Resize down to tiny and back: no panic, the notice shows, then the screen again.
    Command::new("tmux")
        .args(["resize-window", "-t", &s.name, "-x", "20", "-y", "5"])
        .status()
        .unwrap();
    s.wait_for("窗口太小");
    Command::new("tmux")
        .args(["resize-window", "-t", &s.name, "-x", "80", "-y", "24"])
        .status()
        .unwrap();
    s.wait_for("张伟");
    s.keys(&["q"]);
    assert_eq!(s.wait_for_exit(), 0);
}

#[test]
fn opening_a_child_shows_the_archive() {
    let (home, db) = store_with_caseload();
    let s = Session::start(home, &format!("--db {db} --user 李老师"), 100, 30);
    s.wait_for("本周");
    s.keys(&["2"]);
    s.wait_for("王芳");
    s.keys(&["/"]);
    s.type_text("wangf");
    s.wait_for("1 / 4");
    s.keys(&["Enter"]);
    let archive = s.wait_for("档案");
    assert!(archive.contains("石桥村"), "{archive}");
    assert!(archive.contains("王建国"), "{archive}");
    s.keys(&["Escape", "q"]);
    assert_eq!(s.wait_for_exit(), 0);
}

#[test]
fn a_bad_user_keymap_is_shown_with_its_line_and_the_defaults_still_work() {
    let (home, db) = store_with_caseload();
    let config = home.path().join("config/shouwang");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("keymap.toml"),
        "[global]\n\"ctrl-q\" = \"quit\"\n\"x\" = \"no_such_action\"\n",
    )
    .unwrap();
    let s = Session::start(home, &format!("--db {db} --user 李老师"), 100, 30);
    let screen = s.wait_for("本周");
    assert!(
        screen.contains("第 3 行"),
        "the problem names its line:\n{screen}"
    );
    s.keys(&["2"]);
    s.wait_for("张伟");
    // The user's own binding works, and so do the defaults.
    s.keys(&["C-q"]);
    assert_eq!(s.wait_for_exit(), 0);
}

#[test]
fn an_empty_store_welcomes_and_opens_a_separate_demo_store() {
    let home = tempfile::tempdir().unwrap();
    let db = home.path().join("real.redb");
    let s = Session::start(home, &format!("--db {}", db.display()), 100, 30);
    s.wait_for("打开演示数据");
    s.keys(&["Enter"]);
    let start = s.wait_for("周主任");
    assert!(
        start.contains("正式数据没有任何改动"),
        "the status line says where we are:\n{start}"
    );
    s.keys(&["q"]);
    assert_eq!(s.wait_for_exit(), 0);
    // The real store stayed empty: the demo lives in its own file.
    let store = shouwang::store::Store::open(&db).unwrap();
    assert_eq!(
        store
            .reader()
            .unwrap()
            .count::<shouwang::model::Child>()
            .unwrap(),
        0
    );
}
