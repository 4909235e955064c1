//! Encryption at rest (issue 10): nothing personal readable in the raw file, passphrases
//! with backoff, sealed values bound to their record, key slots, migration of an old store,
//! backup and restore.

use crate::model::*;
use crate::store::{DraftOf, Encryption, LetterVia, NoteInput, Passphrase, Store, StoreError};
use chrono::NaiveDate;
use std::path::Path;

const NAME: &str = "覃语桐";
const PHONE: &str = "13712345678";
const NOTE: &str = "她说奶奶的腿又疼了，晚上一个人做饭";
const LETTER: &str = "老师，我晚上睡不着，想妈妈";
const REPLY: &str = "谢谢你写信给我，我们周五一起聊聊";
const DRAFT: &str = "还没写完的家访记录草稿";
const STUDENT_ID: &str = "S2026777";

pub(super) fn pass() -> Passphrase {
    Passphrase::new("梧桐树下 2026 秋")
}

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

fn actor() -> Actor {
    Actor::CommandLine("t".into())
}

/// A sealed store with a coordinator, a counselor, one child with a note, a letter with its
/// reply and a draft: every kind of personal text the issue names.
pub(super) fn school(path: &Path) -> (Store, ChildId) {
    crate::i18n::set_lang(crate::i18n::Lang::Zh);
    let store = Store::open(path, super::clock()).unwrap();
    let boss = store
        .bootstrap(&actor(), "周主任", Role::Coordinator, vec![], &pass())
        .unwrap();
    let session = store.session(&boss).unwrap();
    session
        .add_staff("李老师", Role::Counselor, vec![], Some(&pass()))
        .unwrap();
    let child = session
        .write(|w| {
            let mut c = Child::new(
                ChildId(w.next_id()?),
                NAME.into(),
                Gender::Female,
                day(3, 9),
            );
            c.student_id = Some(STUDENT_ID.into());
            c.guardian.phone = PHONE.into();
            c.class = "八年级(3)班".into();
            w.add_child(&c)?;
            // The phone is then only in the child's record history, which is sealed too.
            let mut moved = c.clone();
            moved.guardian.phone = "13811112222".into();
            w.update_child(&moved)?;
            w.add_note(NoteInput {
                children: vec![c.id],
                kind: NoteKind::HomeVisit,
                at: day(11, 20).and_hms_opt(16, 0, 0).unwrap(),
                duration_min: Some(40),
                text: NOTE.into(),
                mood: Some(2),
                support: String::new(),
                follow_up: Some(("再去家访".into(), day(12, 4))),
            })?;
            let letter = crate::mailbox::take_in(
                w,
                &[],
                day(11, 27),
                day(11, 27),
                None,
                LETTER.into(),
                LetterVia::Typed,
            )?;
            w.reply_letter(letter.id, REPLY)?;
            w.save_draft(DraftOf::Note, DRAFT.as_bytes())?;
            Ok(c.id)
        })
        .unwrap();
    (store, child)
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// The texts a stolen file must not show, in UTF-8 and (the names) in GBK.
fn secrets() -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = [NAME, PHONE, NOTE, LETTER, REPLY, DRAFT, STUDENT_ID]
        .iter()
        .map(|s| (s.to_string(), s.as_bytes().to_vec()))
        .collect();
    for text in [NAME, NOTE] {
        let (gbk, _, _) = encoding_rs::GBK.encode(text);
        out.push((format!("{text} (GBK)"), gbk.into_owned()));
    }
    // Part of a name, as `strings` would find it.
    out.push(("surname+given".into(), "语桐".as_bytes().to_vec()));
    out
}

fn assert_nothing_readable(path: &Path) {
    let raw = std::fs::read(path).unwrap();
    for (what, bytes) in secrets() {
        assert!(
            !contains(&raw, &bytes),
            "{what} readable in {}",
            path.display()
        );
    }
}

#[test]
fn the_raw_file_shows_no_name_phone_note_letter_reply_or_draft() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let (store, child) = school(&path);
    // The records are all there for who unlocked…
    let boss = store.unlock("周主任", &pass()).unwrap();
    let r = boss.reader().unwrap();
    assert_eq!(r.child(child).unwrap().unwrap().name, NAME);
    assert_eq!(
        r.child_by_student_id(STUDENT_ID).unwrap().unwrap().id,
        child
    );
    drop(r);
    drop(boss);
    drop(store);
    // …and none of it is in the file.
    assert_nothing_readable(&path);
}

#[test]
fn a_locked_or_reopened_store_opens_nothing_without_a_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let (store, child) = school(&path);
    let boss = store
        .staff()
        .unwrap()
        .into_iter()
        .find(|c| c.name == "周主任")
        .unwrap();
    store.lock(Some(boss.id));
    assert!(matches!(store.session(&boss), Err(StoreError::Locked)));
    drop(store);
    let store = Store::open(&path, super::clock()).unwrap();
    assert_eq!(store.encryption(), Encryption::Sealed);
    assert!(matches!(store.session(&boss), Err(StoreError::Locked)));
    assert!(matches!(
        store.reader().unwrap().get::<Child>(child.0),
        Err(StoreError::Locked)
    ));
    // The staff list (names and roles) is what the start screen shows before anyone unlocks.
    assert_eq!(store.staff().unwrap().len(), 2);
}

#[test]
fn a_wrong_passphrase_is_refused_audited_and_slows_the_next_attempts() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let (store, _) = school(&path);
    store.lock(None);
    let wrong = Passphrase::new("梧桐树下 2025 秋");
    // The computer's clock, given: the wait is counted on it (tests/refusals.rs has more).
    let at = day(12, 7).and_hms_opt(22, 0, 0).unwrap();
    // Two typos cost nothing but the hashing; the third makes the next attempt wait.
    for expected_wait in [0, 0, 2] {
        match store.unlock_at("李老师", &wrong, at) {
            Err(StoreError::WrongPassphrase { wait }) => assert_eq!(wait, expected_wait),
            other => panic!("{:?}", other.map(|s| s.who().name.clone())),
        }
    }
    // Within the wait, even the right passphrase is not tried.
    assert!(matches!(
        store.unlock_at("李老师", &pass(), at),
        Err(StoreError::TooSoon { .. })
    ));
    // The failures are in the audit, plain (written before anyone unlocked), naming no text.
    let boss = store.unlock("周主任", &pass()).unwrap();
    let failed = boss
        .reader()
        .unwrap()
        .audit_events()
        .unwrap()
        .into_iter()
        .filter(|e| e.action == AuditAction::LoginFailed)
        .count();
    assert_eq!(failed, 3);
}

#[test]
fn a_sealed_value_moved_to_another_record_does_not_open() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let (store, child) = school(&path);
    store.unlock("周主任", &pass()).unwrap();
    let other = store
        .write(&actor(), |w| {
            let c = Child::new(
                ChildId(w.next_id()?),
                "别人".into(),
                Gender::Male,
                day(1, 1),
            );
            w.put_child(&c)?;
            Ok(c.id)
        })
        .unwrap();
    // Copy the first child's sealed bytes over the second's, as an attacker with the file could.
    store
        .write(&actor(), |w| {
            let mut table = w.tx().open_table(Child::table())?;
            let bytes = redb::ReadableTable::get(&table, child.0)?
                .unwrap()
                .value()
                .to_vec();
            table.insert(other.0, bytes.as_slice())?;
            Ok(())
        })
        .unwrap();
    let r = store.reader().unwrap();
    assert_eq!(r.get::<Child>(child.0).unwrap().unwrap().name, NAME);
    assert!(matches!(
        r.get::<Child>(other.0),
        Err(StoreError::Damaged { .. })
    ));
}

use crate::store::Indexed;

#[test]
fn two_staff_open_the_same_data_and_a_reset_rewraps_one_slot() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let (store, child) = school(&path);
    store.lock(None);
    for name in ["周主任", "李老师"] {
        let s = store.unlock(name, &pass()).unwrap();
        // 李老师 has no children assigned, so only the coordinator reads the child.
        if name == "周主任" {
            assert_eq!(
                s.reader().unwrap().child(child).unwrap().unwrap().name,
                NAME
            );
        }
        drop(s);
        store.lock(None);
    }
    let boss = store.unlock("周主任", &pass()).unwrap();
    let li = store
        .staff()
        .unwrap()
        .into_iter()
        .find(|c| c.name == "李老师")
        .unwrap();
    let fresh = Passphrase::new("新的口令 2026 冬");
    boss.reset_passphrase(li.id, &fresh).unwrap();
    drop(boss);
    store.lock(None);
    assert!(matches!(
        store.unlock("李老师", &pass()),
        Err(StoreError::WrongPassphrase { .. })
    ));
    let li = store.unlock("李老师", &fresh).unwrap();
    // Her note draft is sealed under a key of her own (issue 20): she reads it back at her
    // next unlock, the coordinator's keys do not open it.
    li.write(|w| w.save_draft(DraftOf::Note, b"x")).unwrap();
    let key = format!("note:{}", li.who().id.0);
    drop(li);
    store.lock(None);
    let li = store.unlock("李老师", &fresh).unwrap();
    assert_eq!(li.reader().unwrap().draft(&key).unwrap().unwrap(), b"x");
    drop(li);
    store.lock(None);
    let boss = store.unlock("周主任", &pass()).unwrap();
    assert_eq!(boss.reader().unwrap().draft(&key).unwrap(), None);
    // A counselor may not reset anyone's passphrase; changing one's own needs the old one.
    store.unlock("李老师", &fresh).unwrap();
    let li_session = store.session_by_name("李老师").unwrap().unwrap();
    assert!(matches!(
        li_session.reset_passphrase(boss.who().id, &fresh),
        Err(StoreError::NotAllowed(_))
    ));
    assert!(li_session.change_passphrase(&pass(), &pass()).is_err());
    li_session.change_passphrase(&fresh, &pass()).unwrap();
}

/// A store as Shouwang wrote it before encryption: plain records and index keys.
fn old_plain_store(path: &Path) -> ChildId {
    let store = Store::open(path, super::clock()).unwrap();
    store
        .write(&actor(), |w| {
            w.add_counselor("周主任", Role::Coordinator, vec![])?;
            let mut c = Child::new(
                ChildId(w.next_id()?),
                NAME.into(),
                Gender::Female,
                day(3, 9),
            );
            c.student_id = Some(STUDENT_ID.into());
            c.guardian.phone = PHONE.into();
            w.put_child(&c)?;
            // An earlier version, plain like the rest, for the encryption to seal.
            let mut edited = c.clone();
            edited.hobbies = "画画".into();
            w.put_child(&edited)?;
            w.save_draft("note:1", DRAFT.as_bytes(), None)?;
            Ok(c.id)
        })
        .unwrap()
}

#[test]
fn an_old_store_is_refused_until_a_coordinator_encrypts_it_after_a_backup() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let child = old_plain_store(&path);
    let mut store = Store::open(&path, super::clock()).unwrap();
    assert_eq!(store.encryption(), Encryption::Unencrypted);
    let boss = store.staff().unwrap().remove(0);
    assert!(matches!(
        store.session(&boss),
        Err(StoreError::NotEncrypted)
    ));
    let (backup, _) = store.encrypt("周主任", &pass()).unwrap();
    let session = store.session(&boss).unwrap();
    // The backup is the old store as it was (the sentence tells the coordinator to delete it).
    assert!(contains(&std::fs::read(&backup).unwrap(), NAME.as_bytes()));
    let r = session.reader().unwrap();
    assert_eq!(r.child(child).unwrap().unwrap().guardian.phone, PHONE);
    assert_eq!(r.child_revisions(child).unwrap().len(), 1);
    assert_eq!(
        r.child_by_student_id(STUDENT_ID).unwrap().unwrap().id,
        child
    );
    assert_eq!(r.draft("note:1").unwrap().unwrap(), DRAFT.as_bytes());
    drop(r);
    drop(session);
    let codec = store.codec();
    assert!(
        crate::store::schema::verify(store.db_mut().unwrap(), &codec)
            .unwrap()
            .is_empty()
    );
    drop(store);
    let store = Store::open(&path, super::clock()).unwrap();
    assert_eq!(store.encryption(), Encryption::Sealed);
    let s = store.unlock("周主任", &pass()).unwrap();
    assert_eq!(
        s.reader().unwrap().child(child).unwrap().unwrap().name,
        NAME
    );
    drop(s);
    drop(store);
    // The pages the plain records were on were written over or cut off by the compaction.
    assert_nothing_readable(&path);
}

#[test]
fn backup_and_restore_keep_the_store_sealed_and_readable() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let (store, child) = school(&path);
    let boss = store.unlock("周主任", &pass()).unwrap();
    let copy = dir.path().join("copy.redb");
    store.backup_to(&copy).unwrap();
    let keys = store.key_ring();
    drop(boss);
    drop(store);
    assert_nothing_readable(&copy);
    let kept = Store::restore(&path, &copy, &actor(), keys.as_ref(), super::clock())
        .unwrap()
        .unwrap();
    assert!(kept.exists());
    let store = Store::open(&path, super::clock()).unwrap();
    let s = store.unlock("李老师", &pass()).unwrap();
    drop(s);
    let s = store.unlock("周主任", &pass()).unwrap();
    assert_eq!(
        s.reader().unwrap().child(child).unwrap().unwrap().name,
        NAME
    );
    let restores = s
        .reader()
        .unwrap()
        .audit_events()
        .unwrap()
        .into_iter()
        .filter(|e| e.action == AuditAction::Restore)
        .count();
    assert_eq!(restores, 1);
    drop(s);
    drop(store);
    assert_nothing_readable(&path);
}

#[test]
fn a_demo_store_stays_plain_and_asks_no_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("d.redb"), super::clock()).unwrap();
    let options = crate::demo::DemoOptions {
        children: 5,
        notes_per_child: 1,
        ..crate::demo::DemoOptions::on(day(11, 26))
    };
    crate::demo::fill(&store, None, &actor(), &options, &mut |_, _| {}).unwrap();
    assert!(store.is_demo());
    let anyone = store.staff().unwrap().remove(0);
    assert!(store.session(&anyone).is_ok());
}

/// A sealed store is copied only with the keys: locked, the daily backup is refused and no
/// half-written copy is left in `backups/` beside the good ones.
#[test]
fn a_locked_store_makes_no_daily_backup_and_leaves_no_half_copy() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = school(&dir.path().join("s.redb"));
    store.lock(None);
    assert!(store.keep_daily_backup(day(12, 1), 3).is_err());
    let left = std::fs::read_dir(store.daily_backup_dir())
        .map(|d| d.count())
        .unwrap_or(0);
    assert_eq!(left, 0);
}
