//! The invented school of the screen tests (tests/screens/ui.rs, tests/screens/care.rs): four children, a
//! coordinator, a counselor and a head teacher, a few notes, a mood going down, a reported
//! incident and a follow-up due on Friday. Built the way the app builds it: the first
//! coordinator by `Store::bootstrap`, everything else through the sessions of the staff.

use chrono::NaiveDate;
use shouwang::i18n::{self, Lang};
use shouwang::model::*;
use shouwang::store::{NoteInput, Passphrase, Session, Store, StoreError};

/// The passphrase of every staff member of the invented school.
pub fn passphrase() -> Passphrase {
    Passphrase::new(super::PASSPHRASE)
}

pub struct School {
    pub _dir: tempfile::TempDir,
    pub store: Store,
}

pub fn at(y: i32, m: u32, d: u32, h: u32) -> Timestamp {
    NaiveDate::from_ymd_opt(y, m, d)
        .unwrap()
        .and_hms_opt(h, 0, 0)
        .unwrap()
}

/// A child as the roster would give it: (student id, name, gender, birth, class, village,
/// guardian and relation).
type Row<'a> = (
    &'a str,
    &'a str,
    Gender,
    (i32, u32, u32),
    &'a str,
    &'a str,
    (&'a str, &'a str),
);

fn child(id: u64, row: Row) -> Child {
    let (sid, name, g, birth, class, village, guardian) = row;
    let mut c = Child::new(
        ChildId(id),
        name.into(),
        g,
        NaiveDate::from_ymd_opt(birth.0, birth.1, birth.2).unwrap(),
    );
    c.student_id = Some(sid.into());
    c.class = class.into();
    c.village = village.into();
    c.left_behind_type = "父母均外出".into();
    c.guardian = Guardian {
        name: guardian.0.into(),
        relation: guardian.1.into(),
        phone: "13800000000".into(),
        address: format!("{village}3组8号"),
    };
    c.father = Parent {
        name: "张建国".into(),
        work_place: "广东东莞".into(),
        phone: "13900000001".into(),
    };
    c.medical_history = "哮喘".into();
    c.personality = "文静、懂事".into();
    c.hobbies = "画画".into();
    c
}

fn note(children: &[ChildId], kind: NoteKind, when: Timestamp, text: &str) -> NoteInput {
    NoteInput {
        children: children.to_vec(),
        kind,
        at: when,
        duration_min: Some(30),
        text: text.into(),
        mood: Some(4),
        support: String::new(),
        follow_up: None,
    }
}

/// A new store, `s.redb` in `dir`, whose first staff member is the coordinator 周主任 (made
/// as the app makes the first coordinator), with the screens in Chinese, on the term school's
/// clock (`TERM_NOW`).
pub fn store_with_coordinator(dir: &std::path::Path) -> (Store, Counselor) {
    store_with_coordinator_at(dir, TERM_NOW)
}

/// `store_with_coordinator`, the store's clock at `now`.
pub fn store_with_coordinator_at(dir: &std::path::Path, now: &str) -> (Store, Counselor) {
    i18n::set_lang(Lang::Zh);
    let store = Store::open(&dir.join("s.redb"), super::clock(now)).unwrap();
    let boss = store
        .bootstrap(
            &Actor::CommandLine("test".into()),
            "周主任",
            Role::Coordinator,
            vec![],
            &passphrase(),
        )
        .unwrap();
    (store, boss)
}

/// The invented school, its store on the term school's clock (`TERM_NOW`).
pub fn school() -> School {
    school_at(TERM_NOW)
}

/// The invented school, its store's clock at `now`: what its records and audit are stamped
/// with, then what the app on it reads.
pub fn school_at(now: &str) -> School {
    let dir = tempfile::tempdir().unwrap();
    let (store, boss) = store_with_coordinator_at(dir.path(), now);
    let rows: [Row; 4] = [
        (
            "T001",
            "张伟",
            Gender::Male,
            (2013, 3, 2),
            "七年级(1)班",
            "青山村",
            ("张大山", "祖父"),
        ),
        (
            "T002",
            "曾小燕",
            Gender::Female,
            (2014, 6, 11),
            "六年级(2)班",
            "龙潭村",
            ("曾秀英", "祖母"),
        ),
        (
            "T003",
            "王芳",
            Gender::Female,
            (2012, 9, 30),
            "八年级(3)班",
            "石桥村",
            ("王建国", "叔叔"),
        ),
        (
            "T004",
            "刘洋",
            Gender::Male,
            (2015, 1, 15),
            "五年级(1)班",
            "枫林社区",
            ("刘桂兰", "外祖母"),
        ),
    ];
    let li = add_staff(&store, &boss, "李老师", Role::Counselor, vec![]);
    add_staff(
        &store,
        &boss,
        "陈老师",
        Role::HeadTeacher,
        vec!["八年级(3)班".into()],
    );
    let [zw, zx, wf, _] = store
        .session(&boss)
        .unwrap()
        .write(|w| {
            let mut ids = [ChildId(0); 4];
            for (slot, row) in ids.iter_mut().zip(rows) {
                let c = child(w.next_id()?, row);
                w.add_child(&c)?;
                *slot = c.id;
            }
            let term = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
            for c in &ids[..3] {
                w.assign(*c, li.id, term)?;
            }
            Ok::<_, StoreError>(ids)
        })
        .unwrap();
    session(&store, "李老师")
        .write(|w| {
            w.add_note(note(
                &[zw],
                NoteKind::Talk,
                at(2026, 11, 24, 16),
                "聊了这次月考，他说数学进步了，很开心。约好周五一起订正错题。",
            ))?;
            w.add_note(note(
                &[zw],
                NoteKind::Tutoring,
                at(2026, 11, 25, 17),
                "辅导分数应用题，错题都订正了。",
            ))?;
            w.add_note(note(
                &[zx],
                NoteKind::Talk,
                at(2026, 11, 2, 16),
                "她说奶奶腿疼，放学要早点回家做饭。",
            ))?;
            w.add_note(note(
                &[zw, zx, wf],
                NoteKind::GroupCounseling,
                at(2026, 11, 20, 15),
                "心理课：写给远方爸爸妈妈的一句话。",
            ))?;
            for (i, s) in [5u8, 5, 4, 5, 2, 1, 1].iter().enumerate() {
                let id = w.next_id()?;
                w.put_mood(&MoodEntry {
                    id: MoodId(id),
                    child: wf,
                    at: at(2026, 9, 7, 10) + chrono::Days::new(7 * i as u64),
                    score: *s,
                    feelings: vec!["想念父母".into()],
                    observer: li.id,
                    note: String::new(),
                    follow_up: None,
                })?;
            }
            let id = w.next_id()?;
            w.put_incident(&Incident {
                id: IncidentId(id),
                child: Some(zx),
                kind: IncidentKind::LivingAlone,
                other: String::new(),
                found: "奶奶住院，孩子一人在家已三天。".into(),
                found_at: at(2026, 11, 23, 9),
                reported_by: li.id,
                reported_to: "青山镇派出所".into(),
                reported_at: Some(at(2026, 11, 23, 10)),
                receipt: "QS-2026-118".into(),
                events: vec![],
                revisions: vec![],
                closed: None,
            })?;
            let id = w.next_id()?;
            w.put_followup(&FollowUp {
                id: FollowUpId(id),
                child: zw,
                counselor: li.id,
                due: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
                text: "周五一起订正错题".into(),
                note: None,
                created: at(2026, 11, 24, 16),
                done: None,
            })
        })
        .unwrap();
    School { _dir: dir, store }
}

/// The session of the staff member called `name` (the coordinator is 周主任), unlocked with
/// their passphrase as the start screen does.
pub fn session<'s>(store: &'s Store, name: &str) -> Session<'s> {
    store.unlock(name, &passphrase()).unwrap()
}

/// The coordinator's session: who reads back what the screens saved.
pub fn boss(store: &Store) -> Session<'_> {
    session(store, "周主任")
}

/// A staff member added by the coordinator `boss`, with the school's passphrase.
pub fn add_staff(
    store: &Store,
    boss: &Counselor,
    name: &str,
    role: Role,
    classes: Vec<String>,
) -> Counselor {
    store
        .session(boss)
        .unwrap()
        .add_staff(name, role, classes, Some(&passphrase()))
        .unwrap()
}

/// Gives every staff member the school's passphrase (those added inside a coordinator's
/// write have none yet), as the coordinator's reset does, and unlocks the store as each.
pub fn give_passphrases(store: &Store) {
    let boss = session(store, "周主任");
    for c in store.staff().unwrap() {
        if c.name != "周主任" {
            boss.reset_passphrase(c.id, &passphrase()).unwrap();
        }
        store.unlock(&c.name, &passphrase()).unwrap();
    }
}

/// The clock of the schools the tests build in their own process (`school`, `term_school`):
/// the day the report tests look at the term from.
pub const TERM_NOW: &str = "2026-12-04T10:00";

/// The school of the report tests (tests/library/reports.rs): a term whose answers are known. The
/// coordinator 周主任, the counselors 李老师 and 王老师, four children of `school()`'s roster:
///
/// - 张伟 (T001), 李老师's from 09-01: talks on 08-31, 09-01, 11-30 and 12-01, and one on 10-15
///   that was deleted;
/// - 曾小燕 (T002), 李老师's from 10-12 (assigned mid-term): a talk on 10-05, before that;
/// - 王芳 (T003), 李老师's from 09-01, handed over to 王老师 on 11-02: a talk by each, on 10-10
///   and 11-10;
/// - 刘洋 (T004), 李老师's from 09-01, left the programme on 10-30 (parents returned): a talk
///   on 10-10, and a goodbye visit by the coordinator on 11-05;
///
/// a group session for all four on 10-20, and two letters (one needing attention) in week 45.
/// On the day the tests run (`TERM_NOW`) the coordinator records 刘洋's leaving and, for
/// 王芳, her guardian's new phone (13800000099) and a new difficulty flag (dropout risk), then
/// her father's new work place (浙江义乌): changes the quarterly update reads from the history.
pub fn term_school() -> School {
    // Changes are dated by the store's clock (`TERM_NOW`): the quarter they fall in must not
    // depend on the day the tests are run.
    let dir = tempfile::tempdir().unwrap();
    let (store, boss) = store_with_coordinator(dir.path());
    let day = |m: u32, d: u32| NaiveDate::from_ymd_opt(2026, m, d).unwrap();
    let guardian = ("张大山", "祖父");
    let rows: [Row; 4] = [
        (
            "T001",
            "张伟",
            Gender::Male,
            (2013, 3, 2),
            "七年级(1)班",
            "青山村",
            guardian,
        ),
        (
            "T002",
            "曾小燕",
            Gender::Female,
            (2014, 6, 11),
            "六年级(2)班",
            "龙潭村",
            guardian,
        ),
        (
            "T003",
            "王芳",
            Gender::Female,
            (2012, 9, 30),
            "七年级(1)班",
            "青山村",
            guardian,
        ),
        (
            "T004",
            "刘洋",
            Gender::Male,
            (2015, 1, 15),
            "五年级(1)班",
            "枫林社区",
            guardian,
        ),
    ];
    let boss_session = store.session(&boss).unwrap();
    let (li, wang, [a, b, c, d]) = boss_session
        .write(|w| {
            let li = w.add_counselor("李老师", Role::Counselor, vec![])?;
            let wang = w.add_counselor("王老师", Role::Counselor, vec![])?;
            let mut ids = [ChildId(0); 4];
            for (slot, row) in ids.iter_mut().zip(rows) {
                let mut c = child(w.next_id()?, row);
                if row.0 == "T001" {
                    c.flags.insert(Flag::Hardship);
                    c.concerns.insert(Concern::Study);
                }
                w.add_child(&c)?;
                *slot = c.id;
            }
            for c in [ids[0], ids[2], ids[3]] {
                w.assign(c, li.id, day(9, 1))?;
            }
            w.assign(ids[1], li.id, day(10, 12))?;
            Ok::<_, StoreError>((li, wang, ids))
        })
        .unwrap();
    give_passphrases(&store);
    let talk =
        |child: ChildId, m: u32, d: u32| note(&[child], NoteKind::Talk, at(2026, m, d, 16), "谈心");
    store
        .session(&li)
        .unwrap()
        .write(|w| {
            w.add_note(talk(a, 8, 31))?;
            w.add_note(talk(a, 9, 1))?;
            w.add_note(talk(a, 11, 30))?;
            w.add_note(talk(a, 12, 1))?;
            let gone = w.add_note(talk(a, 10, 15))?;
            w.delete_note(gone.id, "记错了孩子")?;
            w.add_note(talk(b, 10, 5))?;
            w.add_note(talk(c, 10, 10))?;
            w.add_note(talk(d, 10, 10))?;
            w.add_note(note(
                &[a, b, c, d],
                NoteKind::GroupCounseling,
                at(2026, 10, 20, 15),
                "集体心理辅导：说说我的家。",
            ))
        })
        .unwrap();
    boss_session
        .write(|w| {
            w.assign(c, wang.id, day(11, 2))?;
            // Leaving ends the care that day, as the coordinator records it.
            w.child_leaves(d, day(10, 30), LeaveReason::ParentsReturned, "父母回乡")?;
            let mut wf = w.child_by_student_id("T003")?.unwrap();
            wf.guardian.phone = "13800000099".into();
            wf.flags.insert(Flag::DropoutRisk);
            w.update_child(&wf)?;
            wf.father.work_place = "浙江义乌".into();
            w.update_child(&wf)?;
            w.add_note(talk(d, 11, 5))?;
            for (i, attention) in [false, true].into_iter().enumerate() {
                let received = day(11, 3 + i as u32);
                let letter = Letter {
                    id: LetterId(w.next_id()?),
                    number: w.next_letter_number(received)?,
                    received,
                    pseudonym: None,
                    text: "老师，我想妈妈了。".into(),
                    status: LetterStatus::New,
                    needs_attention: attention,
                    attention_reason: String::new(),
                    reply: String::new(),
                    replied_by: None,
                    replied_at: None,
                    printed: false,
                    attention_closed: None,
                    incident: None,
                };
                w.put_letter(shouwang::domain::access::Operation::TakeInLetters, &letter)?;
            }
            Ok(())
        })
        .unwrap();
    store
        .session(&wang)
        .unwrap()
        .write(|w| w.add_note(talk(c, 11, 10)))
        .unwrap();
    drop(boss_session);
    School { _dir: dir, store }
}

/// The school's store file, closed so that the binary can open it; the folder lasts as long
/// as the returned guard.
pub fn closed(school: School) -> (tempfile::TempDir, std::path::PathBuf) {
    let School { _dir, store } = school;
    let path = store.path().to_path_buf();
    drop(store);
    (_dir, path)
}

/// A store the binary wrote to, opened again in the test to read what it left there.
pub fn reopen(path: &std::path::Path) -> Store {
    Store::open(path, super::clock(TERM_NOW)).unwrap()
}

/// The app on the closed store at `path`, logged in as `who` with the school's passphrase, on
/// `today` (the store's clock at `TERM_NOW`).
pub fn logged_in(path: &std::path::Path, who: &str, today: NaiveDate) -> shouwang::app::App {
    let store = Store::open(path, super::clock(TERM_NOW)).unwrap();
    let mut app = shouwang::app::App::new(
        store,
        shouwang::config::Config::default(),
        shouwang::keymap::Keymap::default(),
        vec![],
        today,
    );
    app.login_by_name(who, Some(&passphrase())).unwrap();
    app
}
