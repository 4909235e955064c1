//! Keys per child (issue 20, items 1 and 2): a passphrase opens only the children its holder
//! may see, on every read path and at the AEAD; a change of care changes the keys, so a
//! departed carer's key opens nothing in a copy made afterwards.

use super::sealed::pass;
use crate::model::*;
use crate::store::tables::{CHILD_GRANTS, META};
use crate::store::{Codec, NoteInput, Record, Store, StoreError};
use chrono::NaiveDate;
use redb::ReadableTable;
use std::path::Path;

pub(super) const MINE: &str = "覃语桐";
pub(super) const THEIRS: &str = "韦晓岚";
pub(super) const THEIR_NOTE: &str = "她说爸爸喝了酒就摔东西，不敢回家";
const THEIR_PHONE: &str = "13900001111";

fn day(m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, m, d).unwrap()
}

pub(super) fn reopen(path: &Path) -> Store {
    Store::open(path, super::clock()).unwrap()
}

pub(super) struct School {
    pub mine: ChildId,
    pub theirs: ChildId,
    pub li: CounselorId,
    pub wang: CounselorId,
}

/// A sealed store: 周主任 (coordinator), 李老师 and 王老师 (counselors), 陈老师 (head teacher of
/// 八年级(1)班). 李老师 cares for one child of 八年级(3)班, 王老师 for one of 八年级(1)班, each
/// with a note, a mood and a follow-up.
pub(super) fn school(path: &Path) -> School {
    crate::i18n::set_lang(crate::i18n::Lang::Zh);
    let store = Store::open(path, super::clock()).unwrap();
    let boss = store
        .bootstrap(
            &Actor::CommandLine("t".into()),
            "周主任",
            Role::Coordinator,
            vec![],
            &pass(),
        )
        .unwrap();
    let session = store.session(&boss).unwrap();
    let li = session
        .add_staff("李老师", Role::Counselor, vec![], Some(&pass()))
        .unwrap()
        .id;
    let wang = session
        .add_staff("王老师", Role::Counselor, vec![], Some(&pass()))
        .unwrap()
        .id;
    session
        .add_staff(
            "陈老师",
            Role::HeadTeacher,
            vec!["八年级(1)班".into()],
            Some(&pass()),
        )
        .unwrap();
    let (mine, theirs) = session
        .write(|w| {
            let mut ids = Vec::new();
            for (name, class, carer, text, phone) in [
                (MINE, "八年级(3)班", li, "一起做作业", "13700000000"),
                (THEIRS, "八年级(1)班", wang, THEIR_NOTE, THEIR_PHONE),
            ] {
                let mut c = Child::new(
                    ChildId(w.next_id()?),
                    name.into(),
                    Gender::Female,
                    day(3, 9),
                );
                c.class = class.into();
                c.guardian.phone = phone.into();
                w.add_child(&c)?;
                w.assign(c.id, carer, day(9, 1))?;
                w.add_note(NoteInput {
                    children: vec![c.id],
                    kind: NoteKind::Talk,
                    at: day(11, 20).and_hms_opt(16, 0, 0).unwrap(),
                    duration_min: Some(20),
                    text: text.into(),
                    mood: Some(2),
                    support: String::new(),
                    follow_up: Some(("再聊一次".into(), day(12, 4))),
                })?;
                ids.push(c.id);
            }
            Ok((ids[0], ids[1]))
        })
        .unwrap();
    School {
        mine,
        theirs,
        li,
        wang,
    }
}

/// The school's secret, as a coordinator's unlock of the store at `path` holds it.
fn school_secret(path: &Path) -> crate::store::crypto::PersonKey {
    let store = reopen(path);
    let _boss = store.unlock("周主任", &pass()).unwrap();
    let keys = store.codec().keys().cloned().unwrap();
    crate::store::crypto::PersonKey::from_secret(&keys.school().unwrap().secret())
}

/// Edits a staff record in the file as a hex editor would: the plain staff table is written
/// without the program's writer. `signed_with`: the edit is signed with the school's secret,
/// so that the shipped program takes it (a program of her own would skip the check): only
/// the keys stand in the way.
fn edit_staff_record(
    path: &Path,
    who: CounselorId,
    signed_with: Option<&crate::store::crypto::PersonKey>,
    edit: impl FnOnce(&mut Counselor),
) {
    let db = redb::Database::open(path).unwrap();
    let tx = db.begin_write().unwrap();
    {
        let codec = Codec::plain();
        let mut table = tx
            .open_table(<Counselor as crate::store::Indexed>::table())
            .unwrap();
        let mut c: Counselor = {
            let bytes = table.get(who.0).unwrap().unwrap();
            codec.decode(who.0, bytes.value()).unwrap()
        };
        edit(&mut c);
        table
            .insert(who.0, codec.encode(&c).unwrap().as_slice())
            .unwrap();
        if let Some(school) = signed_with {
            let signature = crate::store::school_key::signature_for_test(school, &c);
            tx.open_table(crate::store::tables::STAFF_SIGNATURES)
                .unwrap()
                .insert(who.0, signature.as_slice())
                .unwrap();
        }
    }
    tx.commit().unwrap();
}

/// Takes rows out of the file as a hex editor would.
fn take_out(path: &Path, f: impl FnOnce(&redb::WriteTransaction)) {
    let db = redb::Database::open(path).unwrap();
    let tx = db.begin_write().unwrap();
    f(&tx);
    tx.commit().unwrap();
}

#[test]
fn an_edited_staff_record_is_refused_even_with_the_verifying_key_taken_out() {
    use crate::store::tables::{PERSON_KEYS, STAFF_SIGNATURES};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let s = school(&path);
    edit_staff_record(&path, s.li, None, |c| c.role = Role::Coordinator);
    let refused = |path: &Path| match reopen(path).unlock("李老师", &pass()) {
        Err(e) => e,
        Ok(_) => panic!("the edited record was taken"),
    };
    assert!(matches!(
        refused(&path),
        StoreError::Refused(Refusal::UnlockStaffRecordChanged)
    ));
    // The staff table's verifying key taken out: the school has a key, so its staff table
    // was signed, and is refused unsigned.
    take_out(&path, |tx| {
        tx.open_table(STAFF_SIGNATURES).unwrap().remove(0).unwrap();
    });
    assert!(matches!(
        refused(&path),
        StoreError::Refused(Refusal::UnlockStaffRecordChanged)
    ));
    // So is everyone, the coordinator too, until the school restores a backup: a staff
    // table that cannot be verified is not taken.
    let boss = reopen(&path).unlock("周主任", &pass()).err();
    assert!(
        matches!(
            boss,
            Some(StoreError::Refused(Refusal::UnlockStaffRecordChanged))
        ),
        "{boss:?}"
    );
    // The school's public key taken out of a whole store: its grants say it was there, and
    // a new school key is never made in its place (every child's key would be out of reach).
    let other = dir.path().join("other.redb");
    school(&other);
    take_out(&other, |tx| {
        tx.open_table(PERSON_KEYS).unwrap().remove(0).unwrap();
    });
    let boss = reopen(&other).unlock("周主任", &pass()).err();
    assert!(matches!(boss, Some(StoreError::Damaged { .. })), "{boss:?}");
}

#[test]
fn a_counselor_who_edits_her_record_to_coordinator_still_reads_only_her_children() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let copy = dir.path().join("copy.redb");
    let s = school(&path);
    std::fs::copy(&path, &copy).unwrap();
    let school = school_secret(&path);
    edit_staff_record(&copy, s.li, Some(&school), |c| c.role = Role::Coordinator);

    let store = reopen(&copy);
    let li = store.unlock("李老师", &pass()).unwrap();
    assert_eq!(
        li.who().role,
        Role::Coordinator,
        "the edit got past the program"
    );
    let r = li.reader().unwrap();
    let names =
        |children: Vec<Child>| -> Vec<String> { children.into_iter().map(|c| c.name).collect() };
    assert_eq!(names(r.children().unwrap()), [MINE]);
    assert_eq!(
        r.summaries()
            .unwrap()
            .into_iter()
            .map(|s| s.name)
            .collect::<Vec<_>>(),
        [MINE]
    );
    assert!(r.child(s.theirs).unwrap().is_none());
    assert!(
        r.note_ids_of_child(s.theirs)
            .unwrap()
            .iter()
            .all(|id| r.note(*id).unwrap().is_none())
    );
    assert!(r.followups_of_child(s.theirs).unwrap().is_empty());
    assert!(r.moods_of_child(s.theirs).unwrap().is_empty());
    assert!(r.child_records(s.theirs).unwrap().is_none());
    assert!(matches!(r.audit_events(), Err(StoreError::ForCoordinators)));
    // The directory (name and class, for a mandatory report) is everyone's.
    assert_eq!(r.reportable_children().unwrap().len(), 2);
    drop(r);
    // The export she may now run holds her child and nothing of the other's archive.
    let mut out = Vec::new();
    crate::export::json::write_json(&li, false, &mut out).unwrap();
    let text = String::from_utf8(out).unwrap();
    assert!(text.contains(MINE));
    for secret in [THEIR_NOTE, THEIR_PHONE] {
        assert!(!text.contains(secret), "{secret} leaked into her export");
    }
    // Her check runs on what her keys open, and finds nothing wrong.
    let codec = store.codec();
    drop(li);
    let mut store = store;
    assert_eq!(
        crate::store::schema::verify(store.db_mut().unwrap(), &codec).unwrap(),
        Vec::<String>::new()
    );

    // With her own key material and a program of her own: her key, put where the other
    // child's would be, fails at the AEAD.
    let keys = codec.keys().unwrap();
    let her_key = keys.children().current(s.mine.0).unwrap();
    assert!(keys.children().current(s.theirs.0).is_none());
    keys.children().add_granted(s.theirs.0, her_key);
    let db = store.db_mut().unwrap();
    let read = redb::ReadableDatabase::begin_read(&*db).unwrap();
    let table = read
        .open_table(<Child as crate::store::Indexed>::table())
        .unwrap();
    let bytes = table.get(s.theirs.0).unwrap().unwrap();
    assert!(matches!(
        codec.decode::<Child>(s.theirs.0, bytes.value()),
        Err(StoreError::Damaged { .. })
    ));
}

#[test]
fn a_head_teacher_opens_the_children_of_her_classes_only() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let s = school(&path);
    let store = reopen(&path);
    let chen = store.unlock("陈老师", &pass()).unwrap();
    let r = chen.reader().unwrap();
    let seen: Vec<String> = r.children().unwrap().into_iter().map(|c| c.name).collect();
    assert_eq!(seen, [THEIRS]);
    let keys = store.codec().keys().cloned().unwrap();
    assert!(keys.children().opens(s.theirs.0));
    assert!(!keys.children().opens(s.mine.0));
}

/// The grants of `who` in the store at `path`, by child.
fn grants_of(path: &Path, who: CounselorId) -> Vec<u64> {
    let db = redb::Database::open(path).unwrap();
    let read = redb::ReadableDatabase::begin_read(&db).unwrap();
    let table = read.open_table(CHILD_GRANTS).unwrap();
    table
        .range((who.0, 0)..=(who.0, u64::MAX))
        .unwrap()
        .map(|r| r.unwrap().0.value().1)
        .collect()
}

#[test]
fn a_handover_gives_the_new_counselor_the_child_and_the_old_key_opens_nothing_later() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let after = dir.path().join("after.redb");
    let s = school(&path);
    assert_eq!(grants_of(&path, s.li), [s.mine.0]);
    // 李老师's key of her child, as her own program would keep it.
    let old_key = {
        let store = reopen(&path);
        store.unlock("李老师", &pass()).unwrap();
        let keys = store.codec().keys().cloned().unwrap();
        keys.children().current(s.mine.0).unwrap()
    };
    {
        let store = reopen(&path);
        let boss = store.unlock("周主任", &pass()).unwrap();
        boss.write(|w| w.hand_over(s.li, s.wang, day(12, 7), &[s.mine]).map(|_| ()))
            .unwrap();
    }
    std::fs::copy(&path, &after).unwrap();
    assert!(grants_of(&after, s.li).is_empty());
    assert_eq!(grants_of(&after, s.wang), [s.mine.0, s.theirs.0]);
    // The new counselor reads the child, notes and all.
    let store = reopen(&after);
    let wang = store.unlock("王老师", &pass()).unwrap();
    let r = wang.reader().unwrap();
    assert_eq!(r.child(s.mine).unwrap().unwrap().name, MINE);
    assert_eq!(r.note_ids_of_child(s.mine).unwrap().len(), 1);
    drop(r);
    drop(wang);
    // Her old key is of an earlier generation: the records were sealed again under a new one.
    let keys = store.codec().keys().cloned().unwrap();
    let now = keys.children().current(s.mine.0).unwrap();
    assert!(now.generation > old_key.generation);
    let probe = crate::store::keyring::ChildKeys::new(None, None);
    probe.set_in_use(true);
    probe.add_granted(s.mine.0, old_key);
    assert!(probe.of(s.mine.0, now.generation).is_none());
    // And a copy made afterwards does not let her old passphrase in to the child either.
    drop(store);
    let store = reopen(&after);
    let li = store.unlock("李老师", &pass()).unwrap();
    assert!(li.reader().unwrap().children().unwrap().is_empty());
}

#[test]
fn a_deactivated_head_teacher_holds_no_key_and_her_classes_move_to_new_keys() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let s = school(&path);
    let chen = {
        let store = reopen(&path);
        store.staff_named("陈老师").unwrap().id
    };
    assert_eq!(grants_of(&path, chen), [s.theirs.0]);
    {
        let store = reopen(&path);
        let boss = store.unlock("周主任", &pass()).unwrap();
        boss.write(|w| w.deactivate(chen).map(|_| ())).unwrap();
        let keys = store.codec().keys().cloned().unwrap();
        assert_eq!(keys.children().current(s.theirs.0).unwrap().generation, 2);
        assert_eq!(keys.children().current(s.mine.0).unwrap().generation, 1);
    }
    assert!(grants_of(&path, chen).is_empty());
    // 王老师 still reads the child, under the new key.
    let store = reopen(&path);
    let wang = store.unlock("王老师", &pass()).unwrap();
    assert_eq!(
        wang.reader()
            .unwrap()
            .child(s.theirs)
            .unwrap()
            .unwrap()
            .name,
        THEIRS
    );
}

#[test]
fn a_report_from_outside_care_is_the_reporters_and_the_schools_until_a_coordinator_seals_it_to_the_child()
 {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let s = school(&path);
    let raised = {
        let store = reopen(&path);
        let li = store.unlock("李老师", &pass()).unwrap();
        let described = Incident {
            id: IncidentId(0),
            child: Some(s.theirs),
            kind: IncidentKind::Injury,
            other: String::new(),
            found: "手臂上有淤青".into(),
            found_at: day(12, 7).and_hms_opt(9, 0, 0).unwrap(),
            reported_by: CounselorId(0),
            reported_to: String::new(),
            reported_at: None,
            receipt: String::new(),
            events: vec![],
            revisions: vec![],
            closed: None,
        };
        let raised = li.write(|w| w.raise_incident(&described)).unwrap();
        // Her own report stays hers to follow.
        assert!(li.reader().unwrap().incident(raised.id).unwrap().is_some());
        raised
    };
    {
        // 王老师 cares for the child: the report waits for a coordinator's keys.
        let store = reopen(&path);
        let wang = store.unlock("王老师", &pass()).unwrap();
        assert!(
            wang.reader()
                .unwrap()
                .incident(raised.id)
                .unwrap()
                .is_none()
        );
    }
    {
        let store = reopen(&path);
        let boss = store.unlock("周主任", &pass()).unwrap();
        let r = boss.reader().unwrap();
        assert_eq!(
            r.incident(raised.id).unwrap().unwrap().found,
            "手臂上有淤青"
        );
        assert_eq!(
            r.summaries()
                .unwrap()
                .iter()
                .map(|s| s.open_incidents)
                .sum::<u32>(),
            1
        );
    }
    let store = reopen(&path);
    let wang = store.unlock("王老师", &pass()).unwrap();
    assert!(
        wang.reader()
            .unwrap()
            .incident(raised.id)
            .unwrap()
            .is_some()
    );
    let _ = (s.mine, s.wang);
}

#[test]
fn a_store_made_today_seals_each_childs_records_under_the_childs_key() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let s = school(&path);
    let db = redb::Database::open(&path).unwrap();
    let read = redb::ReadableDatabase::begin_read(&db).unwrap();
    assert!(
        read.open_table(META)
            .unwrap()
            .get(crate::store::tables::META_CHILD_KEYS)
            .unwrap()
            .is_some()
    );
    let table = read
        .open_table(<Child as crate::store::Indexed>::table())
        .unwrap();
    let bytes = table.get(s.mine.0).unwrap().unwrap();
    assert_eq!(
        bytes.value()[0],
        Child::VERSION | 0x80 | 0x20,
        "keyed to the child"
    );
}

#[test]
fn an_older_store_moves_to_keys_per_child_at_a_coordinators_unlock_after_a_copy() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let s = school(&path);
    {
        let store = reopen(&path);
        store.unlock("周主任", &pass()).unwrap();
        store
            .write(
                &Actor::CommandLine("t".into()),
                crate::store::care_keys::move_back,
            )
            .unwrap();
    }
    {
        // As before: one data key, and the counselor's own program reads every child.
        let store = reopen(&path);
        let li = store.unlock("李老师", &pass()).unwrap();
        assert!(store.codec().opens_child(s.theirs.0));
        drop(li);
    }
    {
        let store = reopen(&path);
        store.unlock("周主任", &pass()).unwrap();
    }
    let copies: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with("s.redb.before-keys-per-child-"))
        .collect();
    assert_eq!(copies.len(), 1, "a copy is kept before the move");
    let store = reopen(&path);
    let li = store.unlock("李老师", &pass()).unwrap();
    let r = li.reader().unwrap();
    let seen: Vec<String> = r.children().unwrap().into_iter().map(|c| c.name).collect();
    assert_eq!(seen, [MINE]);
    assert!(!store.codec().opens_child(s.theirs.0));
    drop(r);
    drop(li);
    let mut store = store;
    let codec = store.codec();
    assert!(
        crate::store::schema::verify(store.db_mut().unwrap(), &codec)
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_note_draft_opens_for_its_writer_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let s = school(&path);
    let key = format!("note:{}", s.li.0);
    {
        let store = reopen(&path);
        let li = store.unlock("李老师", &pass()).unwrap();
        li.write(|w| w.save_draft(crate::store::DraftOf::Note, "写了一半".as_bytes()))
            .unwrap();
    }
    let store = reopen(&path);
    store.unlock("周主任", &pass()).unwrap();
    let codec = store.codec();
    let read = store.begin_read().unwrap();
    let drafts = read.open_table(crate::store::tables::DRAFTS).unwrap();
    let bytes = drafts.get(key.as_str()).unwrap().unwrap();
    assert!(matches!(
        codec.open_draft(&key, bytes.value()),
        Err(StoreError::OutOfCare)
    ));
}

/// `school` with a letter taken in by the coordinator, and the mailbox readers named.
fn school_with_a_letter(path: &Path, readers: &[&str]) -> (School, LetterId) {
    let s = school(path);
    let store = reopen(path);
    let boss = store.unlock("周主任", &pass()).unwrap();
    let letter = boss
        .write(|w| {
            crate::mailbox::take_in(
                w,
                &[],
                day(11, 27),
                day(11, 27),
                None,
                THEIR_LETTER.into(),
                crate::store::LetterVia::Typed,
            )
        })
        .unwrap();
    let ids: Vec<CounselorId> = readers
        .iter()
        .map(|n| store.staff_named(n).unwrap().id)
        .collect();
    boss.write(|w| w.set_mailbox_readers(&ids)).unwrap();
    (s, letter.id)
}

const THEIR_LETTER: &str = "老师，我晚上一个人在家，很害怕";

/// Whether `name`'s keys open the letter, read as a program of one's own would.
fn opens_letter(path: &Path, name: &str, letter: LetterId) -> bool {
    let store = reopen(path);
    store.unlock(name, &pass()).unwrap();
    let codec = store.codec();
    let read = store.begin_read().unwrap();
    let table = read
        .open_table(<Letter as crate::store::Indexed>::table())
        .unwrap();
    let bytes = table.get(letter.0).unwrap().unwrap();
    match codec.decode::<Letter>(letter.0, bytes.value()) {
        Ok(l) => {
            assert_eq!(l.text, THEIR_LETTER);
            true
        }
        Err(StoreError::OutOfCare) => false,
        Err(e) => panic!("{e:?}"),
    }
}

#[test]
fn a_mailbox_reader_opens_the_letters_and_no_one_else_does_not_even_the_coordinator() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let (_, letter) = school_with_a_letter(&path, &["李老师"]);
    assert!(opens_letter(&path, "李老师", letter));
    for other in ["王老师", "陈老师", "周主任"] {
        assert!(!opens_letter(&path, other, letter), "{other}");
    }
    // The school's statistics still count it, from the index, for a coordinator who does
    // not read the mailbox.
    let store = reopen(&path);
    let boss = store.unlock("周主任", &pass()).unwrap();
    let mut counted = 0;
    boss.reader()
        .unwrap()
        .raw()
        .letter_days(|_, _| counted += 1)
        .unwrap();
    assert_eq!(counted, 1);
    // A whole-store export that could not hold the letter is refused, nothing written.
    let mut out = Vec::new();
    assert!(matches!(
        crate::export::json::write_json(&boss, false, &mut out),
        Err(crate::export::json::JsonExportError::LettersSealed(1))
    ));
    assert!(out.is_empty());
}

#[test]
fn a_reader_named_while_no_holder_is_at_work_is_given_the_key_at_a_holders_unlock() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let (s, letter) = school_with_a_letter(&path, &["李老师"]);
    {
        // The coordinator, who does not hold the key, names 王老师 instead.
        let store = reopen(&path);
        let boss = store.unlock("周主任", &pass()).unwrap();
        boss.write(|w| w.set_mailbox_readers(&[s.wang])).unwrap();
    }
    assert!(!opens_letter(&path, "王老师", letter));
    {
        let store = reopen(&path);
        let wang = store.unlock("王老师", &pass()).unwrap();
        let refused = wang.write(|w| {
            crate::mailbox::take_in(
                w,
                &[],
                day(11, 28),
                day(11, 28),
                None,
                "又一封".into(),
                crate::store::LetterVia::Typed,
            )
        });
        assert!(
            matches!(refused, Err(StoreError::NoMailboxKey)),
            "{refused:?}"
        );
    }
    // 李老师 opens Shouwang: the key moves to a new generation, given to 王老师 alone.
    assert!(opens_letter(&path, "李老师", letter));
    assert!(opens_letter(&path, "王老师", letter));
    assert!(!opens_letter(&path, "李老师", letter));
}

#[test]
fn the_last_one_holding_the_mailbox_key_cannot_be_deactivated() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let (s, letter) = school_with_a_letter(&path, &["李老师", "王老师"]);
    let store = reopen(&path);
    let boss = store.unlock("周主任", &pass()).unwrap();
    let chen = store.staff_named("陈老师").unwrap().id;
    boss.write(|w| {
        w.hand_over(s.wang, chen, day(12, 7), &[s.theirs])?;
        w.hand_over(s.li, chen, day(12, 7), &[s.mine])?;
        w.deactivate(s.wang).map(|_| ())
    })
    .unwrap();
    let refused = boss.write(|w| w.deactivate(s.li).map(|_| ()));
    assert!(
        matches!(
            refused,
            Err(StoreError::Refused(Refusal::Staff {
                objection: Objection::LastMailboxKey,
                ..
            }))
        ),
        "{refused:?}"
    );
    drop(boss);
    drop(store);
    assert!(opens_letter(&path, "李老师", letter));
}

/// Every table's length, by name.
fn table_lengths(path: &Path) -> std::collections::BTreeMap<String, u64> {
    use redb::{MultimapTableHandle, ReadableDatabase, ReadableTableMetadata, TableHandle};
    let db = redb::Database::open(path).unwrap();
    let read = db.begin_read().unwrap();
    let mut out = std::collections::BTreeMap::new();
    for t in read.list_tables().unwrap() {
        let len = read.open_untyped_table(t.clone()).unwrap().len().unwrap();
        out.insert(t.name().to_string(), len);
    }
    for t in read.list_multimap_tables().unwrap() {
        let len = read
            .open_untyped_multimap_table(t.clone())
            .unwrap()
            .len()
            .unwrap();
        out.insert(t.name().to_string(), len);
    }
    out
}

#[test]
fn a_coordinator_who_does_not_read_the_mailbox_backs_up_every_table_as_it_stands() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let copy = dir.path().join("copy.redb");
    school_with_a_letter(&path, &["李老师"]);
    {
        let store = reopen(&path);
        store.unlock("周主任", &pass()).unwrap();
        store.backup_to(&copy).unwrap();
    }
    assert_eq!(table_lengths(&copy), table_lengths(&path));
    let mut backup = reopen(&copy);
    backup.unlock("周主任", &pass()).unwrap();
    let codec = backup.codec();
    assert_eq!(
        crate::store::schema::verify(backup.db_mut().unwrap(), &codec).unwrap(),
        Vec::<String>::new()
    );
}

#[test]
fn a_head_teacher_given_a_class_opens_its_children_and_giving_one_up_closes_them() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("s.redb");
    let s = school(&path);
    let chen = reopen(&path).staff_named("陈老师").unwrap().id;
    let opens = |mine: bool, theirs: bool| {
        let store = reopen(&path);
        store.unlock("陈老师", &pass()).unwrap();
        let keys = store.codec().keys().cloned().unwrap();
        assert_eq!(
            (
                keys.children().opens(s.mine.0),
                keys.children().opens(s.theirs.0)
            ),
            (mine, theirs)
        );
    };
    opens(false, true);
    let set = |classes: &[&str]| {
        let store = reopen(&path);
        let boss = store.unlock("周主任", &pass()).unwrap();
        let classes = classes.iter().map(|c| c.to_string()).collect();
        boss.write(|w| w.set_classes(chen, classes).map(|_| ()))
            .unwrap();
    };
    set(&["八年级(1)班", "八年级(3)班"]);
    opens(true, true);
    set(&["八年级(3)班"]);
    opens(true, false);
}
