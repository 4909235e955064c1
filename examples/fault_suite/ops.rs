//! The operations the fault suite runs through the library, the stores they start from, and
//! what a store holds (its fingerprint), read as the coordinator.

use crate::disk::{Calls, Disk, Fault};
use chrono::NaiveDate;
use shouwang::clock::Clock;
use shouwang::model::{Actor, NoteKind, Role};
use shouwang::store::{NoteInput, Passphrase, Session, Store};
use std::panic::AssertUnwindSafe;
use std::path::{Path, PathBuf};

pub type Res<T> = Result<T, String>;

pub const NOW: &str = "2026-12-04T10:00";
const COORDINATOR: &str = "周主任";
const COUNSELOR: &str = "李老师";
const SECOND: &str = "王老师";
const PASSPHRASE: &str = "青山绿水 test 2026";
/// Children a demo run makes, notes each, roster rows, letters: enough for many I/O calls.
const DEMO_CHILDREN: usize = 150;
const DEMO_NOTES: usize = 4;
const ROSTER_ROWS: usize = 300;
const LETTERS: usize = 60;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Roster,
    Note,
    Letters,
    Demo,
    Assign,
}

pub const OPS: [Op; 5] = [Op::Roster, Op::Note, Op::Letters, Op::Demo, Op::Assign];

impl Op {
    pub fn name(self) -> &'static str {
        match self {
            Op::Roster => "roster import",
            Op::Note => "note save",
            Op::Letters => "letters import",
            Op::Demo => "demo",
            Op::Assign => "assignment",
        }
    }
}

pub fn clock() -> Res<Clock> {
    shouwang::clock::parse_fixed(NOW)
        .map(Clock::fixed)
        .ok_or_else(|| format!("{NOW} is not a time"))
}

fn pass() -> Passphrase {
    Passphrase::new(PASSPHRASE)
}

fn s<E: std::fmt::Display>(e: E) -> String {
    e.to_string()
}

/// The stores and files the runs start from.
pub struct Templates {
    /// 周主任, 李老师 caring for four children, 王老师 with none.
    pub school: Vec<u8>,
    /// A sealed store with its coordinator only: what a demo fills.
    pub staffed: Vec<u8>,
    roster: PathBuf,
    letters: PathBuf,
}

impl Templates {
    pub fn make(dir: &Path) -> Res<Templates> {
        let roster = dir.join("roster.csv");
        let mut text =
            String::from("学号,姓名,性别,出生日期,年级班级,村/社区,监护人姓名,监护人关系\n");
        let (surnames, given) = (
            ['覃', '韦', '蒙', '曾', '黄', '陆'],
            ['语', '桐', '雨', '星', '秀', '兰', '芳', '杰'],
        );
        for i in 0..ROSTER_ROWS {
            let a = surnames.get(i % 6).copied().unwrap_or('覃');
            let b = given.get((i / 6) % 8).copied().unwrap_or('语');
            let c = given.get((i / 48) % 8).copied().unwrap_or('桐');
            text.push_str(&format!(
                "F{i:04},{a}{b}{c},女,2014-0{}-1{},五年级(2)班,梧桐村,{a}大山,祖母\n",
                1 + i % 9,
                i % 9
            ));
        }
        std::fs::write(&roster, text).map_err(s)?;
        let letters = dir.join("letters.txt");
        let text: Vec<String> = (0..LETTERS)
            .map(|i| {
                format!("署名: 小鱼{i}\n日期: 2026-11-27\n老师，我想爸爸了，这是第{i}封信。\n")
            })
            .collect();
        std::fs::write(&letters, text.join("---\n")).map_err(s)?;
        let four = dir.join("four.csv");
        std::fs::write(
            &four,
            "学号,姓名,性别,出生日期,年级班级,村/社区,监护人姓名,监护人关系\n\
             T001,张伟,男,2014-03-02,七年级(1)班,青山村,张大山,祖父\n\
             T002,曾小燕,女,2015-06-11,六年级(2)班,龙潭村,曾秀英,祖母\n\
             T003,王芳,女,2013-09-30,八年级(3)班,石桥村,王建国,叔叔\n\
             T004,刘洋,男,2016-01-15,五年级(1)班,枫林社区,刘桂兰,外祖母\n",
        )
        .map_err(s)?;

        let staffed_path = dir.join("staffed.redb");
        {
            let store = Store::open(&staffed_path, clock()?).map_err(s)?;
            let actor = Actor::CommandLine("jiaowu".into());
            store
                .bootstrap(&actor, COORDINATOR, Role::Coordinator, vec![], &pass())
                .map_err(s)?;
        }
        let staffed = std::fs::read(&staffed_path).map_err(s)?;

        let school_path = dir.join("school.redb");
        std::fs::write(&school_path, &staffed).map_err(s)?;
        {
            let store = Store::open(&school_path, clock()?).map_err(s)?;
            let boss = store.unlock(COORDINATOR, &pass()).map_err(s)?;
            boss.add_staff(COUNSELOR, Role::Counselor, vec![], Some(&pass()))
                .map_err(s)?;
            let li = boss.add_staff(SECOND, Role::Counselor, vec![], Some(&pass()));
            li.map_err(s)?;
            shouwang::import::roster::import_roster(&boss, &four, false).map_err(s)?;
            let li = boss
                .reader()
                .map_err(s)?
                .counselor_by_name(COUNSELOR)
                .map_err(s)?
                .ok_or("李老师 is missing")?;
            let children = boss.reader().map_err(s)?.children().map_err(s)?;
            let from = NaiveDate::from_ymd_opt(2026, 9, 1).ok_or("a date")?;
            boss.write(|w| {
                for c in &children {
                    w.assign(c.id, li.id, from)?;
                }
                Ok(())
            })
            .map_err(s)?;
        }
        let school = std::fs::read(&school_path).map_err(s)?;
        Ok(Templates {
            school,
            staffed,
            roster,
            letters,
        })
    }

    pub fn start(&self, op: Op) -> &[u8] {
        match op {
            Op::Demo => &self.staffed,
            _ => &self.school,
        }
    }
}

/// How a run of an operation ended.
pub struct Ran {
    /// The library's answer: Ok, or its error said as the person would read it.
    pub answer: Result<(), String>,
    pub panicked: Option<String>,
    pub calls: Calls,
    /// The disk's bytes as written and as of the last sync, once the operation returned.
    pub written: Vec<u8>,
    pub synced: Vec<u8>,
    /// Whether the same store read and wrote again once the disk was sound.
    pub goes_on: Result<(), String>,
}

/// Runs `op` on a store over `disk` (named `dir/school.redb`), with `fault` striking.
pub fn run(
    op: Op,
    t: &Templates,
    disk: &Disk,
    dir: &Path,
    fault: Option<(Fault, u64)>,
) -> Res<Ran> {
    let path = dir.join("school.redb");
    let handle = disk.clone();
    let store = Store::open_with_backend(&path, clock()?, move || Ok(handle.clone()))
        .map_err(|e| format!("the template does not open on the disk: {e}"))?;
    let who = if op == Op::Note {
        COUNSELOR
    } else {
        COORDINATOR
    };
    let session = store.unlock(who, &pass()).map_err(s)?;
    let read = session.reader().map_err(s)?;
    let first_child = read.children().map_err(s)?.first().map(|c| c.id);
    let second = read.counselor_by_name(SECOND).map_err(s)?.map(|c| c.id);
    drop(read);

    disk.arm(fault);
    let ran = std::panic::catch_unwind(AssertUnwindSafe(|| {
        body(op, t, &store, &session, first_child, second)
    }));
    let calls = disk.disarm();
    let (written, synced) = disk.images_now();
    // The disk is sound again: the same store goes on, as the app would (`disk.rs` opens the
    // store again by itself after an I/O error).
    let again = || {
        std::panic::catch_unwind(AssertUnwindSafe(|| -> Result<(), String> {
            session.reader().map_err(s)?.children().map_err(s)?;
            session.write(|w| w.next_id().map(drop)).map_err(s)
        }))
        .unwrap_or_else(|_| Err("panicked".into()))
    };
    let goes_on = again().map_err(|first| match again() {
        Ok(()) => format!("{first} (the next try succeeded)"),
        Err(second) => format!("{first}, and again: {second}"),
    });
    let (answer, panicked) = match ran {
        Ok(answer) => (answer, None),
        Err(p) => (
            Err("panicked".into()),
            Some(
                p.downcast_ref::<String>()
                    .cloned()
                    .or_else(|| p.downcast_ref::<&str>().map(|m| m.to_string()))
                    .unwrap_or_default(),
            ),
        ),
    };
    drop(session);
    // What the program would do next: close the store (its writes come after the images).
    let _ = std::panic::catch_unwind(AssertUnwindSafe(|| drop(store)));
    Ok(Ran {
        answer,
        panicked,
        calls,
        written,
        synced,
        goes_on,
    })
}

fn body(
    op: Op,
    t: &Templates,
    store: &Store,
    session: &Session,
    child: Option<shouwang::model::ChildId>,
    second: Option<shouwang::model::CounselorId>,
) -> Result<(), String> {
    let today = session.today();
    match op {
        Op::Roster => shouwang::import::roster::import_roster(session, &t.roster, false)
            .map(drop)
            .map_err(s),
        Op::Letters => shouwang::import::letters::import_letters(session, &t.letters, today, &[])
            .map(drop)
            .map_err(s),
        Op::Demo => {
            let options = shouwang::demo::DemoOptions {
                children: DEMO_CHILDREN,
                notes_per_child: DEMO_NOTES,
                seed: 7,
                today,
            };
            shouwang::demo::fill(
                store,
                Some(session),
                &session.actor(),
                &options,
                &mut |_, _| {},
            )
            .map(drop)
            .map_err(s)
        }
        Op::Note => {
            let child = child.ok_or("李老师 cares for no child")?;
            let at = today.and_hms_opt(16, 30, 0).ok_or("a time")?;
            let input = NoteInput {
                children: vec![child],
                kind: NoteKind::Talk,
                at,
                duration_min: Some(20),
                text: "她说奶奶的腿又疼了，晚上不敢一个人睡。".into(),
                mood: Some(3),
                support: String::new(),
                follow_up: Some(("周五再问问".into(), today)),
            };
            session.write(|w| w.add_note(input)).map(drop).map_err(s)
        }
        Op::Assign => {
            let (child, second) = (child.ok_or("no child")?, second.ok_or("no 王老师")?);
            session
                .write(|w| w.assign(child, second, today))
                .map(drop)
                .map_err(s)
        }
    }
}

/// What a store holds, as its coordinator reads it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Fingerprint {
    pub children: usize,
    pub notes: usize,
    pub letters: usize,
    pub assignments: usize,
}

/// What `check` says of a store that was not closed and was repaired on opening: the
/// recovery a crash calls for, not a problem.
fn repaired(problem: &str) -> bool {
    problem.contains("已自动修复") || problem.contains("repaired")
}

/// Opens `bytes` as the store file `dir/image.redb` with the normal backend: its fingerprint,
/// or why it is damaged (it does not open, `check` finds a problem).
pub fn inspect(bytes: &[u8], dir: &Path) -> Res<Result<Fingerprint, String>> {
    let path = dir.join("image.redb");
    let _ = std::fs::remove_file(&path);
    std::fs::write(&path, bytes).map_err(s)?;
    let looked = std::panic::catch_unwind(AssertUnwindSafe(|| -> Result<Fingerprint, String> {
        let store =
            Store::open_existing(&path, clock()?).map_err(|e| format!("does not open: {e}"))?;
        let fp = {
            let boss = store
                .unlock(COORDINATOR, &pass())
                .map_err(|e| format!("the coordinator cannot unlock: {e}"))?;
            let read = boss.reader().map_err(s)?;
            let children = read.children().map_err(s)?;
            let (mut notes, mut assignments) = (0, 0);
            for c in &children {
                notes += read.note_ids_of_child(c.id).map_err(s)?.len();
                assignments += read.assignments_of_child(c.id).map_err(s)?.len();
            }
            Fingerprint {
                children: children.len(),
                notes,
                letters: read.letters().map_err(s)?.len(),
                assignments,
            }
        };
        let problems: Vec<String> = store
            .check()
            .map_err(|e| format!("check: {e}"))?
            .into_iter()
            .filter(|p| !repaired(p))
            .collect();
        if problems.is_empty() {
            Ok(fp)
        } else {
            Err(format!("check: {}", problems.join(" / ")))
        }
    }));
    let _ = std::fs::remove_file(&path);
    Ok(looked.unwrap_or_else(|_| Err("opening it panicked".into())))
}

/// Whether the library said its error as a sentence: words that end as a sentence does.
pub fn is_sentence(said: &str) -> bool {
    let said = said.trim();
    said.chars().count() > 4 && said.ends_with(['。', '.', '！', '!', '？', '?', '）', ')'])
}
