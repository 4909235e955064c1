//! End-to-end: a note typed into the real binary in tmux survives `kill -9` as a draft and is
//! offered back on the next start (SPEC §6 "Drafts survive crashes").

use std::path::Path;
use std::process::Command;
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_shouwang");

struct Session {
    name: String,
}

impl Session {
    /// `exec` makes the pane's process shouwang itself, so its pid is the one to kill.
    fn start(home: &Path, args: &str, tag: &str) -> Session {
        let name = format!("swn-{}-{tag}", std::process::id());
        let h = home.display();
        let script = format!(
            "HOME={h} XDG_DATA_HOME={h}/data XDG_CONFIG_HOME={h}/config LANG=zh_CN.UTF-8 TERM=xterm-256color exec {BIN} {args}"
        );
        let ok = Command::new("tmux")
            .args([
                "new-session",
                "-d",
                "-s",
                &name,
                "-x",
                "100",
                "-y",
                "30",
                "sh",
                "-c",
                &script,
            ])
            .status()
            .expect("tmux must be installed for the end-to-end tests")
            .success();
        assert!(ok, "tmux did not start");
        Session { name }
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            assert!(
                Command::new("tmux")
                    .args(["send-keys", "-t", &self.name, k])
                    .status()
                    .unwrap()
                    .success()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn type_text(&self, text: &str) {
        assert!(
            Command::new("tmux")
                .args(["send-keys", "-t", &self.name, "-l", text])
                .status()
                .unwrap()
                .success()
        );
        std::thread::sleep(Duration::from_millis(100));
    }

    fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.name])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

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

    fn pid(&self) -> String {
        let out = Command::new("tmux")
            .args(["list-panes", "-t", &self.name, "-F", "#{pane_pid}"])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).trim().to_string()
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
        "shouwang {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_note_typed_before_kill_9_is_offered_back_on_restart() {
    let home = tempfile::tempdir().unwrap();
    let h = home.path();
    let db = h.join("school.redb").display().to_string();
    let roster = h.join("roster.csv");
    std::fs::write(
        &roster,
        "学号,姓名,性别,出生日期,年级班级,村/社区,监护人姓名,监护人关系\n\
         T001,张伟,男,2014-03-02,七年级(1)班,青山村,张大山,祖父\n\
         T002,曾小燕,女,2015-06-11,六年级(2)班,龙潭村,曾秀英,祖母\n",
    )
    .unwrap();
    shouwang(
        h,
        &[
            "--db",
            &db,
            "import",
            "roster",
            &roster.display().to_string(),
        ],
    );
    shouwang(h, &["--db", &db, "counselor", "add", "李老师"]);
    shouwang(
        h,
        &[
            "--db",
            &db,
            "assign",
            "T001",
            "T002",
            "--to",
            "李老师",
            "--from",
            "2026-09-01",
        ],
    );

    let args = format!("--db {db} --user 李老师");
    let s = Session::start(h, &args, "a");
    s.wait_for("本周");
    s.keys(&["2"]);
    s.wait_for("曾小燕");
    s.keys(&["/"]);
    s.type_text("zw");
    s.wait_for("1 / 2");
    s.keys(&["Enter"]);
    s.wait_for("档案");
    s.keys(&["n"]);
    s.wait_for("写记录");
    s.keys(&["Tab", "Tab", "Tab", "Tab"]);
    s.type_text("他说周末爷爷带他去赶集，买了新书包。");
    s.keys(&["Enter"]);
    s.type_text("想给妈妈打视频电话。");
    s.wait_for("想给妈妈打视频电话");
    std::thread::sleep(Duration::from_secs(3));
    let pid = s.pid();
    assert!(!pid.is_empty());
    assert!(
        Command::new("kill")
            .args(["-9", &pid])
            .status()
            .unwrap()
            .success()
    );
    drop(s);

    let s = Session::start(h, &args, "b");
    let screen = s.wait_for("找回了上次没保存的记录草稿");
    assert!(
        screen.contains("他说周末爷爷带他去赶集，买了新书包。"),
        "{screen}"
    );
    assert!(screen.contains("想给妈妈打视频电话。"), "{screen}");
    assert!(screen.contains("张伟"), "{screen}");
    println!("{screen}");
    // Save it: the draft is gone and the note is on the timeline.
    s.keys(&["C-s"]);
    let timeline = s.wait_for("已保存");
    assert!(
        timeline.contains("档案") || timeline.contains("本周"),
        "{timeline}"
    );
}
