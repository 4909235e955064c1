//! The real binary in a private home with a fixed clock, as tests/common/mod.rs runs it: the
//! same environment, the invented school's coordinator and passphrase, and a run that a
//! SIGKILL ends at a chosen moment.

use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

pub type Res<T> = Result<T, String>;

/// The school's clock for every run (`SHOUWANG_NOW`): a Friday in the autumn term.
pub const NOW: &str = "2026-12-04T10:00";
pub const COORDINATOR: &str = "周主任";
pub const COUNSELOR: &str = "李老师";
/// Every staff member's passphrase, as in the tests' stores.
pub const PASSPHRASE: &str = "青山绿水 test 2026";

/// What `check` says about a store that was not closed cleanly and that redb repaired on
/// opening it: the recovery a kill calls for, not damage.
const REPAIRED: &str = "已自动修复";

pub struct Home {
    pub dir: PathBuf,
    pub bin: PathBuf,
}

/// How a run that may have been killed ended.
pub struct Ended {
    /// It ended by itself before the kill came.
    pub finished: bool,
    /// It said it was done (its done sentence on standard output, or exit 0).
    pub acknowledged: bool,
    /// It ended by itself and failed.
    pub failed: Option<String>,
    pub took: Duration,
}

impl Home {
    /// The environment of every run: private home and folders, Chinese, the fixed clock,
    /// the passphrase.
    fn env(&self) -> Vec<(String, String)> {
        let h = self.dir.display();
        vec![
            ("HOME".into(), h.to_string()),
            ("XDG_DATA_HOME".into(), format!("{h}/data")),
            ("XDG_CONFIG_HOME".into(), format!("{h}/config")),
            ("LANG".into(), "zh_CN.UTF-8".into()),
            ("SHOUWANG_NOW".into(), NOW.into()),
            ("SHOUWANG_PASSPHRASE".into(), PASSPHRASE.into()),
            ("SHOUWANG_NEW_PASSPHRASE".into(), PASSPHRASE.into()),
            ("USER".into(), "jiaowu".into()),
            ("USERNAME".into(), "jiaowu".into()),
        ]
    }

    /// `VAR='value' …` for a shell line (tmux).
    pub fn env_line(&self) -> String {
        self.env()
            .into_iter()
            .map(|(k, v)| format!("{k}='{v}'"))
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub fn command(&self, args: &[&str]) -> Command {
        let mut c = Command::new(&self.bin);
        c.args(args)
            .env_remove("SHOUWANG_DB")
            .envs(self.env())
            .stdin(Stdio::null());
        c
    }

    /// Runs `shouwang ARGS` to its end; Err with what it said when it fails.
    pub fn run(&self, args: &[&str]) -> Res<String> {
        let out = self
            .command(args)
            .output()
            .map_err(|e| format!("{} could not be run: {e}", self.bin.display()))?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).into_owned())
        } else {
            Err(format!(
                "shouwang {} failed: {}",
                args.join(" "),
                first_lines(&format!(
                    "{}{}",
                    String::from_utf8_lossy(&out.stdout),
                    String::from_utf8_lossy(&out.stderr)
                ))
            ))
        }
    }

    /// `shouwang --db DB --user 周主任 ARGS`.
    pub fn boss(&self, db: &Path, args: &[&str]) -> Res<String> {
        let db = db.display().to_string();
        let mut all = vec!["--db", db.as_str(), "--user", COORDINATOR];
        all.extend_from_slice(args);
        self.run(&all)
    }

    /// Runs `shouwang ARGS` and sends it SIGKILL after `delay` (never, with `None`), unless
    /// it has ended by then. Its standard output goes to a file (no pipe fills up and stops
    /// it); it acknowledged its work if that output holds `done` or it ended with success.
    pub fn run_killed(
        &self,
        args: &[&str],
        delay: Option<Duration>,
        done: &str,
        scratch: &Path,
    ) -> Res<Ended> {
        let out_path = scratch.join("stdout.txt");
        let err_path = scratch.join("stderr.txt");
        let out = File::create(&out_path).map_err(|e| e.to_string())?;
        let err = File::create(&err_path).map_err(|e| e.to_string())?;
        let start = Instant::now();
        let mut child = self
            .command(args)
            .stdout(out)
            .stderr(err)
            .spawn()
            .map_err(|e| format!("{} could not be run: {e}", self.bin.display()))?;
        let mut status = None;
        loop {
            if let Some(s) = child.try_wait().map_err(|e| e.to_string())? {
                status = Some(s);
                break;
            }
            if delay.is_some_and(|d| start.elapsed() >= d) {
                break;
            }
            std::thread::sleep(Duration::from_millis(2));
        }
        let finished = status.is_some();
        if !finished {
            // std's kill is SIGKILL on Unix: no handler runs, nothing is flushed.
            child.kill().map_err(|e| e.to_string())?;
            child.wait().map_err(|e| e.to_string())?;
        }
        let took = start.elapsed();
        let said = std::fs::read_to_string(&out_path).unwrap_or_default();
        let success = status.is_some_and(|s| s.success());
        let failed = match status {
            Some(s) if !s.success() => Some(format!(
                "shouwang {} ended with {s} unkilled: {}",
                args.join(" "),
                first_lines(&format!(
                    "{said}{}",
                    std::fs::read_to_string(&err_path).unwrap_or_default()
                ))
            )),
            _ => None,
        };
        Ok(Ended {
            finished,
            acknowledged: success || said.contains(done),
            failed,
            took,
        })
    }

    /// The binary's `check`, named (the coordinator) so that the sealed records are opened
    /// too. `Ok(None)` when the store is whole; `Ok(Some(what))` when `check` finds a problem
    /// or the store does not open. A store that redb repaired on opening (it was not closed)
    /// is checked a second time, and must then be whole.
    pub fn check(&self, db: &Path, user: Option<&str>) -> Res<Option<String>> {
        let mut said = String::new();
        let db_arg = db.display().to_string();
        let mut args = vec!["--db", db_arg.as_str()];
        if let Some(user) = user {
            args.extend(["--user", user]);
        }
        args.push("check");
        for _ in 0..2 {
            let out = self.command(&args).output().map_err(|e| e.to_string())?;
            if out.status.success() {
                return Ok(None);
            }
            said = format!(
                "{}{}",
                String::from_utf8_lossy(&out.stdout),
                String::from_utf8_lossy(&out.stderr)
            );
            let problems: Vec<&str> = said.lines().filter(|l| l.starts_with("- ")).collect();
            if problems.is_empty() || !problems.iter().all(|p| p.contains(REPAIRED)) {
                break;
            }
        }
        Ok(Some(first_lines(&said)))
    }
}

/// The first lines of what a run said: enough to read, not a whole roster's report.
fn first_lines(said: &str) -> String {
    said.trim().lines().take(6).collect::<Vec<_>>().join(" / ")
}

/// The invented school's clock, for the stores this process opens to count what they hold.
pub fn clock() -> Res<shouwang::clock::Clock> {
    shouwang::clock::parse_fixed(NOW)
        .map(shouwang::clock::Clock::fixed)
        .ok_or_else(|| format!("{NOW} is not a time"))
}

/// What a store holds, as its coordinator (or `who`) reads it through the library.
pub struct Counts {
    pub children: usize,
    pub letters: usize,
    /// The texts of the notes `who` wrote.
    pub my_notes: Vec<String>,
}

/// Opens the store at `db` in this process and counts, unlocked as `who`. `Ok(None)` when
/// the store has no one of that name (a store whose first coordinator was never written).
pub fn counts(db: &Path, who: &str) -> Res<Option<Counts>> {
    let store = shouwang::store::Store::open_existing(db, clock()?)
        .map_err(|e| format!("the store does not open: {e}"))?;
    if !store
        .staff()
        .map_err(|e| e.to_string())?
        .iter()
        .any(|s| s.name == who)
    {
        return Ok(None);
    }
    let session = store
        .unlock(who, &shouwang::store::Passphrase::new(PASSPHRASE))
        .map_err(|e| format!("{who} cannot unlock: {e}"))?;
    let read = session.reader().map_err(|e| e.to_string())?;
    let children = read.children().map_err(|e| e.to_string())?.len();
    let letters = if read.reads_letters().map_err(|e| e.to_string())? {
        read.letters().map_err(|e| e.to_string())?.len()
    } else {
        0
    };
    let my_notes = read
        .my_notes()
        .map_err(|e| e.to_string())?
        .into_iter()
        .map(|n| n.text)
        .collect();
    Ok(Some(Counts {
        children,
        letters,
        my_notes,
    }))
}
