//! Notes typed in the app under tmux, as tests/e2e/e2e_notes.rs types them, and the app
//! killed with SIGKILL at a chosen moment. A note is acknowledged once the screen showed it
//! saved (the editor closed, "已保存：" on the status line, the note on the timeline).

use crate::home::{COORDINATOR, COUNSELOR, Home, Res, counts};
use crate::scenarios::{Outcome, copy_store};
use std::path::Path;
use std::process::Command;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::time::{Duration, Instant};

/// Notes typed in one run.
pub const NOTES: usize = 8;
/// How long a step waits for the screen.
const PATIENCE: Duration = Duration::from_secs(15);

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// A detached tmux session of this suite, killed by its name when dropped.
struct Tmux {
    name: String,
}

impl Tmux {
    fn start(home: &Home, db: &Path) -> Res<Tmux> {
        let name = format!(
            "crash-suite-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let script = format!(
            "{} TERM=xterm-256color '{}' --db '{}' --user {COUNSELOR}",
            home.env_line(),
            home.bin.display(),
            db.display()
        );
        let ok = Command::new("tmux")
            .args(["new-session", "-d", "-s", &name, "-x", "100", "-y", "30"])
            .args(["sh", "-c", &script])
            .status()
            .map_err(|e| format!("tmux could not be run: {e}"))?
            .success();
        if !ok {
            return Err("tmux did not start a session".into());
        }
        Ok(Tmux { name })
    }

    fn screen(&self) -> Option<String> {
        let out = quiet("tmux")
            .args(["capture-pane", "-p", "-t", &self.name])
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }

    fn keys(&self, keys: &[&str]) {
        for k in keys {
            let _ = quiet("tmux")
                .args(["send-keys", "-t", &self.name, k])
                .status();
            std::thread::sleep(Duration::from_millis(60));
        }
    }

    fn text(&self, text: &str) {
        let _ = quiet("tmux")
            .args(["send-keys", "-t", &self.name, "-l", text])
            .status();
    }

    /// shouwang's process id: the child of the pane's shell.
    fn pid(&self) -> Option<String> {
        let out = quiet("tmux")
            .args(["list-panes", "-t", &self.name, "-F", "#{pane_pid}"])
            .output()
            .ok()?;
        let shell = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let children =
            std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children")).ok()?;
        children.split_whitespace().next().map(str::to_string)
    }

    /// Waits until `ready` holds for the screen; false when the app is gone or patience ran
    /// out.
    fn wait(&self, ready: impl Fn(&str) -> bool) -> bool {
        let start = Instant::now();
        while start.elapsed() < PATIENCE {
            match self.screen() {
                Some(s) if ready(&s) => return true,
                Some(_) => {}
                None => return false,
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        false
    }
}

impl Drop for Tmux {
    fn drop(&mut self) {
        let _ = quiet("tmux")
            .args(["kill-session", "-t", &self.name])
            .status();
    }
}

/// A command whose complaints (a session already gone) are not printed.
fn quiet(program: &str) -> Command {
    let mut c = Command::new(program);
    c.stderr(std::process::Stdio::null());
    c
}

fn marker(i: usize) -> String {
    format!("记录{i:03}号")
}

/// Types `NOTES` notes for 张伟 as 李老师; SIGKILL after `delay` from the start (`None`: not
/// killed). Every note the screen showed saved must be in the store afterwards.
pub fn notes_trial(
    home: &Home,
    school: &Path,
    dir: &Path,
    delay: Option<Duration>,
) -> Res<Outcome> {
    let db = copy_store(school, dir)?;
    let start = Instant::now();
    let tmux = Tmux::start(home, &db)?;
    let killed = Arc::new(AtomicBool::new(false));
    let pid = {
        let mut pid = None;
        while pid.is_none() && start.elapsed() < PATIENCE {
            pid = tmux.pid();
            std::thread::sleep(Duration::from_millis(5));
        }
        pid.ok_or("shouwang did not start in tmux")?
    };
    let killer = delay.map(|d| {
        let (killed, pid) = (killed.clone(), pid.clone());
        std::thread::spawn(move || {
            if let Some(left) = d.checked_sub(start.elapsed()) {
                std::thread::sleep(left);
            }
            let _ = quiet("kill").args(["-s", "KILL", &pid]).status();
            killed.store(true, Ordering::SeqCst);
        })
    });

    let mut acknowledged = Vec::new();
    let driven = drive(&tmux, &mut acknowledged);
    let finished = driven && !killed.load(Ordering::SeqCst);
    let took = start.elapsed();
    if let Some(k) = killer {
        let _ = k.join();
    }
    drop(tmux);
    // Gone before the store is opened again.
    let gone = Instant::now();
    while Path::new(&format!("/proc/{pid}")).exists() && gone.elapsed() < PATIENCE {
        std::thread::sleep(Duration::from_millis(10));
    }

    let mut o = Outcome {
        finished,
        took,
        ..Outcome::default()
    };
    if delay.is_none() && !driven {
        o.damaged
            .push("unkilled, the app did not save every note in time".into());
    }
    if let Some(problem) = home.check(&db, Some(COORDINATOR))? {
        o.damaged.push(problem);
        return Ok(o);
    }
    let notes = counts(&db, COUNSELOR)?
        .map(|c| c.my_notes)
        .ok_or("李老师 is gone")?;
    o.acknowledged = acknowledged.len();
    for m in acknowledged {
        if !notes.iter().any(|n| n.contains(&m)) {
            o.lost.push(format!(
                "the note {m} was shown saved and is not in the store"
            ));
        }
    }
    Ok(o)
}

/// Opens 张伟's archive and writes the notes; true when all were saved.
fn drive(tmux: &Tmux, acknowledged: &mut Vec<String>) -> bool {
    if !tmux.wait(|s| s.contains("本周")) {
        return false;
    }
    tmux.keys(&["2"]);
    if !tmux.wait(|s| s.contains("张伟")) {
        return false;
    }
    tmux.keys(&["/"]);
    tmux.text("zhangw");
    if !tmux.wait(|s| s.contains("zhangw")) {
        return false;
    }
    std::thread::sleep(Duration::from_millis(150));
    tmux.keys(&["Enter"]);
    if !tmux.wait(|s| s.contains("张伟 · ")) {
        return false;
    }
    for i in 1..=NOTES {
        let m = marker(i);
        tmux.keys(&["n"]);
        if !tmux.wait(|s| s.contains("写记录 · ")) {
            return false;
        }
        tmux.text(&format!(
            "{m}：他说周末爷爷带他去赶集，买了新书包，想给妈妈打视频电话。"
        ));
        if !tmux.wait(|s| s.contains(&m)) {
            return false;
        }
        tmux.keys(&["C-s"]);
        let saved = |s: &str| s.contains("已保存：") && !s.contains("写记录 · ") && s.contains(&m);
        if !tmux.wait(saved) {
            return false;
        }
        acknowledged.push(m);
    }
    true
}
