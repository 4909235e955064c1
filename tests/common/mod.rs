//! What the tests share: the real binary with a private home and a fixed clock
//! (`SHOUWANG_NOW`), a tmux session driven the way a person types, the invented school, and
//! the keys of the screen tests (`keys`: `send(&mut app, "<tab><space><C-s>")`).
//! Each test file that needs it says `mod common;`; not every file uses every helper.
#![allow(dead_code)]

pub mod keys;
pub mod school;

#[allow(unused_imports)] // not every file presses keys
pub use keys::{ctrl, key, send, type_text};

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

pub const BIN: &str = env!("CARGO_BIN_EXE_shouwang");

/// The "now" of every end-to-end test unless it says otherwise: a Thursday in ISO week
/// 2026-W48, in the autumn term. No test reads the computer's clock.
pub const NOW: &str = "2026-11-26T10:00";

/// How long a step waits for the screen to show what it expects.
const PATIENCE: Duration = Duration::from_secs(15);

/// A private home for one test: the binary never sees the developer's data or config.
pub struct Home {
    pub dir: tempfile::TempDir,
    pub now: String,
    /// What runs: the binary cargo built, unless the test says otherwise.
    pub program: Program,
}

/// The program a `Home` runs.
#[derive(Clone, Debug)]
pub enum Program {
    /// The binary cargo built for this system.
    Built,
    /// A Windows .exe under wine (tests/wine.rs): `runner EXE ARGS`, with the runner's own
    /// environment, and paths written the Windows way (`Z:\tmp\…`: wine's Z: drive is `/`).
    Wine {
        runner: PathBuf,
        exe: PathBuf,
        env: Vec<(String, String)>,
    },
}

impl Home {
    pub fn new() -> Home {
        Home::at(NOW)
    }

    /// A home whose clock reads `now` (`2027-01-01T10:00` or `2027-01-01`).
    pub fn at(now: &str) -> Home {
        Home {
            dir: tempfile::tempdir().unwrap(),
            now: now.to_string(),
            program: Program::Built,
        }
    }

    /// A home whose commands run `program`.
    pub fn running(program: Program) -> Home {
        Home {
            program,
            ..Home::new()
        }
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// `path` as the program is given it on its command line.
    pub fn arg(&self, path: &Path) -> String {
        match self.program {
            Program::Built => path.display().to_string(),
            Program::Wine { .. } => format!("Z:{}", path.display()).replace('/', "\\"),
        }
    }

    /// The usual store of a test, `school.redb` in the home.
    pub fn db(&self) -> String {
        self.arg(&self.path().join("school.redb"))
    }

    pub fn file(&self, name: &str, content: &[u8]) -> PathBuf {
        let p = self.path().join(name);
        std::fs::write(&p, content).unwrap();
        p
    }

    /// The environment of every run: private home and folders, Chinese locale, fixed clock.
    pub fn env(&self) -> Vec<(String, String)> {
        let h = self.path().display();
        vec![
            ("HOME".into(), h.to_string()),
            ("XDG_DATA_HOME".into(), format!("{h}/data")),
            ("XDG_CONFIG_HOME".into(), format!("{h}/config")),
            ("LANG".into(), "zh_CN.UTF-8".into()),
            ("SHOUWANG_NOW".into(), self.now.clone()),
            // The computer's clock, which stamps audit events whatever SHOUWANG_NOW says:
            // fixed too in the debug binary the tests run, so that audit times are known.
            (shouwang::clock::TEST_REAL_NOW_VAR.into(), self.now.clone()),
            // Every staff member of the invented schools has the same passphrase: a test
            // about passphrases sets its own.
            ("SHOUWANG_PASSPHRASE".into(), PASSPHRASE.into()),
            ("SHOUWANG_NEW_PASSPHRASE".into(), PASSPHRASE.into()),
            // The computer's login name, which the audit names for command-line runs.
            ("USER".into(), LOGIN.into()),
            ("USERNAME".into(), LOGIN.into()),
        ]
    }

    /// `shouwang ARGS` in this home, not yet run.
    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = match &self.program {
            Program::Built => Command::new(BIN),
            Program::Wine { runner, exe, env } => {
                let mut c = Command::new(runner);
                c.arg(exe).envs(env.iter().map(|(k, v)| (k, v)));
                c
            }
        };
        c.args(args).env_remove("SHOUWANG_DB");
        for (k, v) in self.env() {
            c.env(k, v);
        }
        c
    }

    /// Runs `shouwang ARGS` and insists that it succeeds.
    pub fn run(&self, args: &[&str]) -> Output {
        let out = self.command(args).output().unwrap();
        assert!(
            out.status.success(),
            "shouwang {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// The store at `db`, opened in this process (after the binary made it), on this home's
    /// clock.
    pub fn open_store(&self, db: &str) -> shouwang::store::Store {
        shouwang::store::Store::open(Path::new(db), clock(&self.now)).unwrap()
    }

    /// Runs `shouwang ARGS` in the home folder with the clock at `now` (the audit stamps its
    /// events with it, and names files as they were typed: relative names keep it the same
    /// from one run to the next).
    pub fn run_at(&self, now: &str, args: &[&str]) -> Output {
        let out = self
            .command(args)
            .current_dir(self.path())
            .env("SHOUWANG_NOW", now)
            .env(shouwang::clock::TEST_REAL_NOW_VAR, now)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "shouwang {args:?} at {now} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    /// The invented school, then a few days of its audit (each step at its own time): the
    /// roster exported, a counselor refused an export, a staff member added and given a
    /// child, a backup. The store's events all carry these fixed times.
    pub fn school_with_history(&self) -> String {
        let db = self.school(FOUR_CHILDREN);
        let me = ["--db", db.as_str(), "--user", COORDINATOR];
        self.run_at(
            "2026-11-27T08:30",
            &[&me[..], &["export", "csv", "--out", "名单.csv"]].concat(),
        );
        let refused = self
            .command(&["--db", &db, "--user", "李老师", "export", "json"])
            .env("SHOUWANG_NOW", "2026-11-27T16:05")
            .env(shouwang::clock::TEST_REAL_NOW_VAR, "2026-11-27T16:05")
            .output()
            .unwrap();
        assert_eq!(refused.status.code(), Some(1), "a counselor may not export");
        self.run_at(
            "2026-11-28T09:10",
            &[&me[..], &["counselor", "add", "王老师"]].concat(),
        );
        self.run_at(
            "2026-11-28T09:20",
            &[&me[..], &["assign", "T002", "--to", "王老师"]].concat(),
        );
        self.run_at(
            "2026-11-29T18:00",
            &[&me[..], &["backup", "备份.redb"]].concat(),
        );
        db
    }

    /// The invented school: a store with its coordinator, 周主任, and one counselor, 李老师,
    /// caring for the children of `roster` (a CSV text) from the start of the autumn term.
    pub fn school(&self, roster: &str) -> String {
        let db = self.db();
        let file = self.file("roster.csv", roster.as_bytes());
        // The first staff member makes the store; the coordinator then does what only a
        // coordinator may (staff, roster, assignments).
        self.run(&[
            "--db",
            &db,
            "counselor",
            "add",
            COORDINATOR,
            "--role",
            "coordinator",
        ]);
        let me = ["--db", &db, "--user", COORDINATOR];
        self.run(&[&me[..], &["counselor", "add", "李老师"]].concat());
        let roster_file = self.arg(&file);
        self.run(&[&me[..], &["import", "roster", &roster_file]].concat());
        let ids: Vec<String> = roster
            .lines()
            .skip(1)
            .filter_map(|l| l.split(',').next())
            .map(str::to_string)
            .collect();
        let mut args = vec!["--db", &db, "--user", COORDINATOR, "assign"];
        args.extend(ids.iter().map(String::as_str));
        args.extend(["--to", "李老师", "--from", "2026-09-01"]);
        self.run(&args);
        db
    }
}

/// A clock standing at `now` (`2026-11-26T10:00`, as `SHOUWANG_NOW` is written), the school's
/// and the computer's: what a store opened in a test reads, as `SHOUWANG_NOW` (and
/// `SHOUWANG_TEST_REAL_NOW`) fix the binary's. Each store has its own.
pub fn clock(now: &str) -> shouwang::clock::Clock {
    shouwang::clock::Clock::fixed(shouwang::clock::parse_fixed(now).unwrap())
}

/// The invented school's coordinator.
pub const COORDINATOR: &str = "周主任";

/// The passphrase of every staff member in the tests' stores.
pub const PASSPHRASE: &str = "青山绿水 test 2026";
/// The login name of the computer the tests run on, as the binary sees it.
pub const LOGIN: &str = "jiaowu";

/// Four invented children, none of them real.
pub const FOUR_CHILDREN: &str = "学号,姓名,性别,出生日期,年级班级,村/社区,监护人姓名,监护人关系\n\
T001,张伟,男,2014-03-02,七年级(1)班,青山村,张大山,祖父\n\
T002,曾小燕,女,2015-06-11,六年级(2)班,龙潭村,曾秀英,祖母\n\
T003,王芳,女,2013-09-30,八年级(3)班,石桥村,王建国,叔叔\n\
T004,刘洋,男,2016-01-15,五年级(1)班,枫林社区,刘桂兰,外祖母\n";

static NEXT: AtomicUsize = AtomicUsize::new(0);

/// `shouwang` running in a detached tmux session, driven with `send-keys` and read with
/// `capture-pane`.
pub struct Session {
    pub name: String,
    exit_file: PathBuf,
}

impl Session {
    /// Starts `shouwang ARGS` in `home` in a terminal of the given size; its exit code is kept
    /// in a file for `wait_for_exit`.
    pub fn start(home: &Home, args: &str, width: u16, height: u16) -> Session {
        Session::start_with(home, &[], args, width, height)
    }

    /// `start` with more environment variables (`NO_COLOR=1`).
    pub fn start_with(
        home: &Home,
        extra: &[(&str, &str)],
        args: &str,
        width: u16,
        height: u16,
    ) -> Session {
        Session::launch(home, extra, &[], "", args, width, height)
    }

    /// `start` for a command that asks for a passphrase on the terminal (the passphrase
    /// variables unset); every byte it sends to the terminal is kept in the returned file
    /// (`tmux pipe-pane`, hooked before the command starts).
    pub fn start_asking(home: &Home, args: &str, width: u16, height: u16) -> (Session, PathBuf) {
        let go = home
            .path()
            .join(format!("go-{}", NEXT.load(Ordering::Relaxed)));
        let wait = format!("while [ ! -e '{}' ]; do sleep 0.05; done;", go.display());
        let unset = ["SHOUWANG_PASSPHRASE", "SHOUWANG_NEW_PASSPHRASE"];
        let s = Session::launch(home, &[], &unset, &wait, args, width, height);
        let raw = home.path().join(format!("raw-{}", s.name));
        let status = Command::new("tmux")
            .args(["pipe-pane", "-o", "-t", &s.name])
            .arg(format!("cat >> '{}'", raw.display()))
            .status()
            .unwrap();
        assert!(status.success(), "tmux pipe-pane failed");
        std::fs::write(&go, "").unwrap();
        (s, raw)
    }

    /// Runs `before`, then `BIN ARGS` with the home's environment and `extra`, without the
    /// variables in `unset`, in a new tmux session.
    fn launch(
        home: &Home,
        extra: &[(&str, &str)],
        unset: &[&str],
        before: &str,
        args: &str,
        width: u16,
        height: u16,
    ) -> Session {
        let name = format!(
            "sw-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        );
        let exit_file = home.path().join(format!("exit-code-{name}"));
        let env: Vec<String> = home
            .env()
            .into_iter()
            .chain(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())))
            .filter(|(k, _)| !unset.contains(&k.as_str()))
            .map(|(k, v)| format!("{k}='{v}'"))
            .collect();
        let unset = if unset.is_empty() {
            String::new()
        } else {
            format!("unset {};", unset.join(" "))
        };
        let script = format!(
            "{before} {unset} {env} TERM=xterm-256color {BIN} {args}; echo $? > '{exit}'",
            env = env.join(" "),
            exit = exit_file.display()
        );
        let status = Command::new("tmux")
            .args(["new-session", "-d", "-s", &name, "-x"])
            .arg(width.to_string())
            .arg("-y")
            .arg(height.to_string())
            .args(["sh", "-c", &script])
            .status()
            .expect("tmux must be installed for the end-to-end tests (.ci/run installs it)");
        assert!(status.success(), "tmux did not start");
        Session { name, exit_file }
    }

    /// Sends a helix-style key string (`"<tab><space><C-s>"`, `"/周<ret>"`; see
    /// `common::keys`): each named key in its own write, with a pause, so that the terminal
    /// never delivers two of them as one sequence (`Escape` then `q` would read as alt-q);
    /// a run of plain characters is written at once, as an input method delivers text.
    pub fn send(&self, keys: &str) {
        let mut text = String::new();
        for k in keys::parse(keys) {
            match keys::tmux_name(&k) {
                None => {
                    let crossterm::event::KeyCode::Char(c) = k.code else {
                        unreachable!()
                    };
                    text.push(c);
                }
                Some(name) => {
                    if !text.is_empty() {
                        self.type_text(&std::mem::take(&mut text));
                    }
                    self.tmux_key(&name);
                }
            }
        }
        if !text.is_empty() {
            self.type_text(&text);
        }
    }

    /// Sends each key, named as tmux names them (`Enter`, `C-s`, `BTab`), in its own write.
    pub fn keys(&self, keys: &[&str]) {
        for k in keys {
            self.tmux_key(k);
        }
    }

    fn tmux_key(&self, name: &str) {
        let status = Command::new("tmux")
            .args(["send-keys", "-t", &self.name, name])
            .status()
            .unwrap();
        assert!(status.success());
        std::thread::sleep(Duration::from_millis(60));
    }

    /// Types text literally (no key names), as an input method would deliver it.
    pub fn type_text(&self, text: &str) {
        let status = Command::new("tmux")
            .args(["send-keys", "-t", &self.name, "-l", text])
            .status()
            .unwrap();
        assert!(status.success());
        std::thread::sleep(Duration::from_millis(60));
    }

    pub fn screen(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-t", &self.name])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// The screen with its attributes as escape sequences (colours, reverse video).
    pub fn screen_with_styles(&self) -> String {
        let out = Command::new("tmux")
            .args(["capture-pane", "-p", "-e", "-t", &self.name])
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    /// Waits until the screen shows `text` and has settled: the same twice, 60 ms apart, so
    /// that a capture taken while a frame is still being written is never the answer (a
    /// screen that keeps moving, a progress bar, is taken as it is once patience runs out).
    pub fn wait_for(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if screen.contains(text) {
                std::thread::sleep(Duration::from_millis(60));
                let again = self.screen();
                if again == screen || (start.elapsed() > PATIENCE && again.contains(text)) {
                    return again;
                }
                continue;
            }
            if start.elapsed() > PATIENCE {
                panic!("waited for {text:?}; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Waits until the screen no longer shows `text`.
    pub fn wait_for_gone(&self, text: &str) -> String {
        let start = Instant::now();
        loop {
            let screen = self.screen();
            if !screen.contains(text) {
                return screen;
            }
            if start.elapsed() > PATIENCE {
                panic!("waited for {text:?} to go; the screen shows:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    pub fn wait_for_exit(&self) -> i32 {
        let start = Instant::now();
        while start.elapsed() < PATIENCE {
            if let Ok(code) = std::fs::read_to_string(&self.exit_file)
                && !code.trim().is_empty()
            {
                return code.trim().parse().unwrap_or(-1);
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "shouwang did not exit; the screen shows:\n{}",
            self.screen()
        );
    }

    /// The process id of shouwang itself: the child of the pane's shell (Linux `/proc`).
    pub fn pid(&self) -> String {
        let out = Command::new("tmux")
            .args(["list-panes", "-t", &self.name, "-F", "#{pane_pid}"])
            .output()
            .unwrap();
        let shell = String::from_utf8_lossy(&out.stdout).trim().to_string();
        let children =
            std::fs::read_to_string(format!("/proc/{shell}/task/{shell}/children")).unwrap();
        children
            .split_whitespace()
            .next()
            .expect("shouwang runs in the pane")
            .to_string()
    }

    pub fn resize(&self, width: u16, height: u16) {
        let status = Command::new("tmux")
            .args(["resize-window", "-t", &self.name, "-x"])
            .arg(width.to_string())
            .arg("-y")
            .arg(height.to_string())
            .status()
            .unwrap();
        assert!(status.success());
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

/// The app drawn on a `width`×`height` TestBackend, as the eye reads it.
pub fn render(app: &mut shouwang::app::App, width: u16, height: u16) -> String {
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| shouwang::ui::draw(f, app)).unwrap();
    screen_text(terminal.backend().buffer())
}

/// A buffer as the eye reads it: a wide character's second cell is not printed again, and
/// each row's trailing blanks are dropped.
pub fn screen_text(buffer: &ratatui::buffer::Buffer) -> String {
    let mut out = String::new();
    for y in 0..buffer.area.height {
        let mut x = 0;
        let mut line = String::new();
        while x < buffer.area.width {
            let symbol = buffer[(x, y)].symbol();
            line.push_str(symbol);
            x += (unicode_width::UnicodeWidthStr::width(symbol) as u16).max(1);
        }
        out.push_str(line.trim_end());
        out.push('\n');
    }
    out
}

/// The app on `school`'s store (and its clock) on `today`, with `user` unlocked by the tests'
/// passphrase: how the screen tests begin. The folder keeps the store alive.
pub fn app_in(
    school: school::School,
    user: &str,
    today: chrono::NaiveDate,
) -> (shouwang::app::App, tempfile::TempDir) {
    let school::School { _dir, store } = school;
    let mut app = shouwang::app::App::new(
        store,
        shouwang::config::Config::default(),
        shouwang::keymap::Keymap::default(),
        vec![],
        today,
    );
    app.login_by_name(user, Some(&school::passphrase()))
        .unwrap();
    (app, _dir)
}

/// Both sizes of the screen tests: the smallest supported terminal and a large one. A macro,
/// so that the snapshots keep the name and folder of the test file that takes them.
#[allow(unused_macros)]
macro_rules! snapshot_both {
    ($name:expr, $app:expr) => {{
        let (name, app) = ($name, $app);
        insta::assert_snapshot!(format!("{name}_80x24"), $crate::common::render(app, 80, 24));
        insta::assert_snapshot!(
            format!("{name}_160x48"),
            $crate::common::render(app, 160, 48)
        );
    }};
}
#[allow(unused_imports)]
pub(crate) use snapshot_both;

/// `app_in` at half past four in the afternoon, when a counselor's day of visits is done.
pub fn app_after_school(
    school: school::School,
    user: &str,
    today: chrono::NaiveDate,
) -> (shouwang::app::App, tempfile::TempDir) {
    let (mut app, dir) = app_in(school, user, today);
    app.clock_time = chrono::NaiveTime::from_hms_opt(16, 30, 0);
    (app, dir)
}

/// Everything logged on this thread from now until the guard is dropped, as the log file
/// would hold it (issue 18: the log holds no personal data).
pub fn capture_log() -> (
    std::sync::Arc<std::sync::Mutex<Vec<u8>>>,
    tracing::subscriber::DefaultGuard,
) {
    #[derive(Clone)]
    struct Buffer(std::sync::Arc<std::sync::Mutex<Vec<u8>>>);
    impl std::io::Write for Buffer {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }
    let buffer = Buffer(Default::default());
    let out = buffer.0.clone();
    let subscriber = tracing_subscriber::fmt()
        .with_ansi(false)
        .with_max_level(tracing::Level::TRACE)
        .with_writer(move || buffer.clone())
        .finish();
    (out, tracing::subscriber::set_default(subscriber))
}

/// What `capture_log` caught.
pub fn logged(buffer: &std::sync::Arc<std::sync::Mutex<Vec<u8>>>) -> String {
    String::from_utf8_lossy(&buffer.lock().unwrap()).into_owned()
}
