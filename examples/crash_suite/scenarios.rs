//! The operations killed from the command line, each on its own copy of a store made once at
//! the start, and what must hold afterwards.

use crate::data;
use crate::home::{COORDINATOR, COUNSELOR, Ended, Home, Res, counts};
use std::path::{Path, PathBuf};
use std::time::Duration;

/// Sizes chosen so that each operation takes about a second on a school PC beyond the
/// unlock (a quarter second of Argon2): most kills land inside the work.
pub const ROSTER_ROWS: usize = 20_000;
pub const LETTERS: usize = 15_000;
pub const DEMO_CHILDREN: usize = 3_000;
pub const DEMO_NOTES: usize = 10;
/// Letters taken in after the backup that a restore goes back to.
const LETTERS_AFTER_BACKUP: usize = 5;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Roster,
    Letters,
    Demo,
    Export,
    Restore,
    FirstCoordinator,
    AppNotes,
}

pub const KINDS: [Kind; 7] = [
    Kind::Roster,
    Kind::Letters,
    Kind::Demo,
    Kind::Export,
    Kind::Restore,
    Kind::FirstCoordinator,
    Kind::AppNotes,
];

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::Roster => "import roster",
            Kind::Letters => "import letters",
            Kind::Demo => "demo",
            Kind::Export => "export json",
            Kind::Restore => "restore",
            Kind::FirstCoordinator => "first coordinator",
            Kind::AppNotes => "app note saves",
        }
    }
}

/// What one run found.
#[derive(Default)]
pub struct Outcome {
    /// The operation had ended by itself before the kill.
    pub finished: bool,
    pub took: Duration,
    /// Writes acknowledged before the kill (a command's work, the notes shown saved).
    pub acknowledged: usize,
    /// Acknowledged writes that are not in the store.
    pub lost: Vec<String>,
    /// `check`'s problems, a store that does not open, a state neither before nor after.
    pub damaged: Vec<String>,
}

impl Outcome {
    fn of(ended: &Ended) -> Outcome {
        let mut o = Outcome {
            finished: ended.finished,
            took: ended.took,
            acknowledged: usize::from(ended.acknowledged),
            ..Outcome::default()
        };
        if let Some(failed) = &ended.failed {
            o.damaged.push(failed.clone());
        }
        o
    }

    /// An all-or-nothing operation: `got` must be `old` or `new`, and `new` once acknowledged.
    fn whole(&mut self, acknowledged: bool, what: &str, got: usize, old: usize, new: usize) {
        if got != old && got != new {
            self.damaged.push(format!(
                "{got} {what}: neither the {old} before nor the {new} after"
            ));
        } else if acknowledged && got != new {
            self.lost
                .push(format!("acknowledged, yet {got} {what} and not {new}"));
        }
    }
}

/// The stores and files every run starts from, made once.
pub struct Templates {
    /// The invented school: 周主任, 李老师 caring for the four children.
    pub school: PathBuf,
    /// A sealed store with its coordinator and no children (what `demo` fills).
    staffed: PathBuf,
    /// The demo school, sealed, and letters taken in after its backup.
    demo: PathBuf,
    demo_backup: PathBuf,
    demo_letters: usize,
    roster: PathBuf,
    letters: PathBuf,
}

pub fn copy_store(from: &Path, dir: &Path) -> Res<PathBuf> {
    let to = dir.join("school.redb");
    std::fs::copy(from, &to).map_err(|e| format!("copying {}: {e}", from.display()))?;
    Ok(to)
}

fn write(path: &Path, text: &str) -> Res<PathBuf> {
    std::fs::write(path, text).map_err(|e| format!("writing {}: {e}", path.display()))?;
    Ok(path.to_path_buf())
}

impl Templates {
    pub fn make(home: &Home) -> Res<Templates> {
        let dir = home.dir.join("templates");
        std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
        let arg = |p: &Path| p.display().to_string();

        let staffed = dir.join("staffed.redb");
        home.run(&[
            "--db",
            &arg(&staffed),
            "counselor",
            "add",
            COORDINATOR,
            "--role",
            "coordinator",
        ])?;

        let school = dir.join("school.redb");
        std::fs::copy(&staffed, &school).map_err(|e| e.to_string())?;
        home.boss(&school, &["counselor", "add", COUNSELOR])?;
        let four = write(&dir.join("four.csv"), data::FOUR_CHILDREN)?;
        home.boss(&school, &["import", "roster", &arg(&four)])?;
        home.boss(
            &school,
            &[
                "assign",
                "T001",
                "T002",
                "T003",
                "T004",
                "--to",
                COUNSELOR,
                "--from",
                "2026-09-01",
            ],
        )?;

        let demo = dir.join("demo.redb");
        std::fs::copy(&staffed, &demo).map_err(|e| e.to_string())?;
        let (children, notes) = (DEMO_CHILDREN.to_string(), DEMO_NOTES.to_string());
        home.boss(
            &demo,
            &["demo", "--children", &children, "--notes-per-child", &notes],
        )?;
        let demo_backup = dir.join("demo-backup.redb");
        home.boss(&demo, &["backup", &arg(&demo_backup)])?;
        let demo_letters = counts(&demo, COORDINATOR)?
            .map(|c| c.letters)
            .ok_or("the demo store has no coordinator")?;
        let after = write(
            &dir.join("after-backup.txt"),
            &data::letters(LETTERS_AFTER_BACKUP),
        )?;
        home.boss(&demo, &["import", "letters", &arg(&after)])?;

        Ok(Templates {
            school,
            staffed,
            demo,
            demo_backup,
            demo_letters,
            roster: write(&dir.join("roster.csv"), &data::roster(ROSTER_ROWS))?,
            letters: write(&dir.join("letters.txt"), &data::letters(LETTERS))?,
        })
    }
}

/// Runs `kind` from the command line in `dir`, killed after `delay` (`None`: to its end).
pub fn cli_trial(
    home: &Home,
    t: &Templates,
    kind: Kind,
    dir: &Path,
    delay: Option<Duration>,
) -> Res<Outcome> {
    let arg = |p: &Path| p.display().to_string();
    match kind {
        Kind::Roster | Kind::Letters | Kind::Demo => {
            let from = if kind == Kind::Demo {
                &t.staffed
            } else {
                &t.school
            };
            let db = copy_store(from, dir)?;
            let (what, file, done, old, new) = match kind {
                Kind::Roster => ("roster", &t.roster, "新增", 4, 4 + ROSTER_ROWS),
                Kind::Letters => ("letters", &t.letters, "导入信件", 0, LETTERS),
                _ => ("", &t.roster, "演示数据已生成", 0, DEMO_CHILDREN),
            };
            let (children, notes) = (DEMO_CHILDREN.to_string(), DEMO_NOTES.to_string());
            let (file, db_arg) = (arg(file), arg(&db));
            let mut args = vec!["--db", db_arg.as_str(), "--user", COORDINATOR];
            if kind == Kind::Demo {
                args.extend(["demo", "--children", &children, "--notes-per-child", &notes]);
            } else {
                args.extend(["import", what, &file]);
            }
            let ended = home.run_killed(&args, delay, done, dir)?;
            let mut o = Outcome::of(&ended);
            if let Some(problem) = home.check(&db, Some(COORDINATOR))? {
                o.damaged.push(problem);
                return Ok(o);
            }
            let Some(c) = counts(&db, COORDINATOR)? else {
                o.damaged.push("the coordinator is gone".into());
                return Ok(o);
            };
            if kind == Kind::Letters {
                o.whole(ended.acknowledged, "letters", c.letters, old, new);
            } else {
                o.whole(ended.acknowledged, "children", c.children, old, new);
            }
            Ok(o)
        }
        Kind::Export => export(home, t, dir, delay),
        Kind::Restore => restore(home, t, dir, delay),
        Kind::FirstCoordinator => first_coordinator(home, dir, delay),
        Kind::AppNotes => Err("the app's notes are not a command".into()),
    }
}

/// `export json --out`: the store is whole, and the file is whole under its name or absent,
/// with nothing else left in its folder.
fn export(home: &Home, t: &Templates, dir: &Path, delay: Option<Duration>) -> Res<Outcome> {
    let db = copy_store(&t.demo, dir)?;
    let out_dir = dir.join("out");
    std::fs::create_dir(&out_dir).map_err(|e| e.to_string())?;
    let target = out_dir.join("all.json");
    let (db_arg, target_arg) = (db.display().to_string(), target.display().to_string());
    let args = [
        "--db",
        &db_arg,
        "--user",
        COORDINATOR,
        "export",
        "json",
        "--out",
        &target_arg,
    ];
    let ended = home.run_killed(&args, delay, "已写入", dir)?;
    let mut o = Outcome::of(&ended);
    if let Some(problem) = home.check(&db, Some(COORDINATOR))? {
        o.damaged.push(problem);
    }
    let left: Vec<String> = std::fs::read_dir(&out_dir)
        .map_err(|e| e.to_string())?
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "all.json")
        .collect();
    if !left.is_empty() {
        o.damaged.push(format!("the export left {left:?} behind"));
    }
    match std::fs::read(&target) {
        Ok(bytes) => {
            if let Err(e) = serde_json::from_slice::<serde_json::Value>(&bytes) {
                o.damaged.push(format!(
                    "all.json is named but not whole ({} bytes): {e}",
                    bytes.len()
                ));
            }
        }
        Err(_) if ended.acknowledged => o.lost.push("acknowledged, yet no all.json".into()),
        Err(_) => {}
    }
    Ok(o)
}

/// `restore BACKUP`: the store is the one before (with the letters taken in since the
/// backup) or the backup's, and then the one before is kept beside it, whole.
fn restore(home: &Home, t: &Templates, dir: &Path, delay: Option<Duration>) -> Res<Outcome> {
    let db = copy_store(&t.demo, dir)?;
    let backup = dir.join("friday.redb");
    std::fs::copy(&t.demo_backup, &backup).map_err(|e| e.to_string())?;
    let (db_arg, backup_arg) = (db.display().to_string(), backup.display().to_string());
    let args = [
        "--db",
        &db_arg,
        "--user",
        COORDINATOR,
        "restore",
        &backup_arg,
    ];
    let ended = home.run_killed(&args, delay, "已从", dir)?;
    let mut o = Outcome::of(&ended);
    if let Some(problem) = home.check(&db, Some(COORDINATOR))? {
        o.damaged.push(problem);
        return Ok(o);
    }
    let letters = |p: &Path| -> Res<usize> {
        counts(p, COORDINATOR)?
            .map(|c| c.letters)
            .ok_or_else(|| format!("{} has no coordinator", p.display()))
    };
    let (before, restored) = (t.demo_letters + LETTERS_AFTER_BACKUP, t.demo_letters);
    let now = letters(&db)?;
    if now == before {
        if ended.acknowledged {
            o.lost
                .push("the restore was acknowledged, yet the store is the one before".into());
        }
    } else if now == restored {
        let mut kept = false;
        for entry in std::fs::read_dir(dir).map_err(|e| e.to_string())?.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if name.contains(".before-restore-") && letters(&entry.path()) == Ok(before) {
                kept = true;
            }
        }
        if !kept {
            o.lost
                .push("the store was replaced and the one before is not kept whole".into());
        }
    } else {
        o.damaged.push(format!(
            "{now} letters: neither the {before} before nor the {restored} of the backup"
        ));
    }
    Ok(o)
}

/// The first coordinator of a new store: no store, or a whole one; acknowledged, the
/// coordinator unlocks; a second try is never stood in the way.
fn first_coordinator(home: &Home, dir: &Path, delay: Option<Duration>) -> Res<Outcome> {
    let db = dir.join("new.redb");
    let db_arg = db.display().to_string();
    let args = [
        "--db",
        &db_arg,
        "counselor",
        "add",
        COORDINATOR,
        "--role",
        "coordinator",
    ];
    let ended = home.run_killed(&args, delay, "已添加", dir)?;
    let mut o = Outcome::of(&ended);
    let mut there = false;
    if db.exists() {
        if let Some(problem) = home.check(&db, None)? {
            o.damaged.push(problem);
            return Ok(o);
        }
        match counts(&db, COORDINATOR) {
            Ok(c) => there = c.is_some(),
            Err(e) => {
                o.damaged.push(e);
                return Ok(o);
            }
        }
    }
    if ended.acknowledged && !there {
        o.lost
            .push("the coordinator was acknowledged and is not in the store".into());
    }
    if !there && let Err(e) = home.run(&args) {
        o.damaged
            .push(format!("a second try is stood in the way: {e}"));
    }
    Ok(o)
}
