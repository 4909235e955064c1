//! Issue 18, items 2.1 and 2.7: the wait after wrong passphrases runs on the computer's clock
//! (given here, never read), and every refusal to let someone in is audited and says what
//! is true: a wrong passphrase, a try during the wait, a deactivated person, a name nobody
//! has, a refused `encrypt`.

use crate::model::*;
use crate::store::{Passphrase, Store, StoreError};
use chrono::{Duration, NaiveDate};

fn pass() -> Passphrase {
    Passphrase::new("梧桐树下 2026 秋")
}

fn wrong() -> Passphrase {
    Passphrase::new("梧桐树下 2025 秋")
}

/// The computer's clock of these tests: any day far from the school's `SHOUWANG_NOW`.
fn t0() -> Timestamp {
    NaiveDate::from_ymd_opt(2031, 5, 17)
        .unwrap()
        .and_hms_opt(21, 14, 3)
        .unwrap()
}

/// A sealed store with a coordinator and two counselors, 赵老师 deactivated; locked.
fn school() -> (tempfile::TempDir, Store) {
    crate::i18n::set_thread_lang(crate::i18n::Lang::En);
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("s.redb"), super::clock()).unwrap();
    let actor = Actor::CommandLine("t".into());
    let boss = store
        .bootstrap(&actor, "周主任", Role::Coordinator, vec![], &pass())
        .unwrap();
    let session = store.session(&boss).unwrap();
    for name in ["李老师", "赵老师"] {
        session
            .add_staff(name, Role::Counselor, vec![], Some(&pass()))
            .unwrap();
    }
    let zhao = store
        .staff()
        .unwrap()
        .into_iter()
        .find(|c| c.name == "赵老师")
        .unwrap();
    session.write(|w| w.deactivate(zhao.id)).unwrap();
    store.lock(None);
    (dir, store)
}

/// The refusals and failed logins in the audit, as the coordinator reads them.
fn refusals(store: &Store) -> Vec<AuditEvent> {
    let boss = store.unlock_at("周主任", &pass(), t0()).unwrap();
    boss.reader()
        .unwrap()
        .audit_events()
        .unwrap()
        .into_iter()
        .filter(|e| matches!(e.action, AuditAction::Refused | AuditAction::LoginFailed))
        .collect()
}

fn staff_id(store: &Store, name: &str) -> CounselorId {
    store
        .staff()
        .unwrap()
        .into_iter()
        .find(|c| c.name == name)
        .unwrap()
        .id
}

#[test]
fn the_wait_runs_on_the_clock_given_and_a_try_during_it_is_refused_and_audited() {
    let (_dir, store) = school();
    // Two typos cost nothing but the hashing; the third makes the next attempt wait 2 s.
    for expected_wait in [0, 0, 2] {
        match store.unlock_at("李老师", &wrong(), t0()) {
            Err(StoreError::WrongPassphrase { wait }) => assert_eq!(wait, expected_wait),
            other => panic!("{:?}", other.map(|s| s.who().name.clone())),
        }
    }
    // A second later, even the right passphrase is not tried: one second is left.
    assert!(matches!(
        store.unlock_at("李老师", &pass(), t0() + Duration::seconds(1)),
        Err(StoreError::TooSoon { wait: 1 })
    ));
    // Once the wait is over, the right passphrase opens the store and clears the count.
    let li = store
        .unlock_at("李老师", &pass(), t0() + Duration::seconds(2))
        .unwrap();
    assert_eq!(li.who().name, "李老师");
    assert!(matches!(
        store.unlock_at("李老师", &wrong(), t0() + Duration::seconds(3)),
        Err(StoreError::WrongPassphrase { wait: 0 })
    ));
    let id = staff_id(&store, "李老师");
    let events = refusals(&store);
    let failed: Vec<_> = events
        .iter()
        .filter(|e| e.action == AuditAction::LoginFailed)
        .map(|e| e.detail.as_str())
        .collect();
    assert_eq!(failed, ["1", "2", "3", "1"]);
    let during: Vec<_> = events
        .iter()
        .filter(|e| e.action == AuditAction::Refused)
        .collect();
    assert_eq!(during.len(), 1, "{during:?}");
    assert_eq!(during[0].actor, Actor::Counselor(id));
    assert_eq!(during[0].target, RecordRef::Counselor(id.0));
    assert_eq!(during[0].detail, "unlock too_soon 1");
}

#[test]
fn the_wait_grows_and_only_the_computers_clock_ends_it() {
    let (_dir, store) = school();
    // Eight wrong passphrases, each given as soon as the wait allows: the last waits 64 s.
    let mut at = t0();
    for n in 1..=8u64 {
        match store.unlock_at("李老师", &wrong(), at) {
            Err(StoreError::WrongPassphrase { wait }) => {
                assert_eq!(wait, crate::store::login::backoff(n));
                at += Duration::seconds(wait as i64);
            }
            other => panic!("{:?}", other.map(|s| s.who().name.clone())),
        }
    }
    // However the school's clock (`SHOUWANG_NOW`) is set, the wait is counted on this one.
    for early in [0, 30, 63] {
        assert!(matches!(
            store.unlock_at("李老师", &pass(), at - Duration::seconds(64 - early)),
            Err(StoreError::TooSoon { .. })
        ));
    }
    assert!(store.unlock_at("李老师", &pass(), at).is_ok());
}

#[test]
fn a_clock_set_back_does_not_lock_a_person_out() {
    let (_dir, store) = school();
    for _ in 0..3 {
        let _ = store.unlock_at("李老师", &wrong(), t0());
    }
    // The computer's clock was corrected a day back: the wait stamped "tomorrow" is over.
    assert!(
        store
            .unlock_at("李老师", &pass(), t0() - Duration::days(1))
            .is_ok()
    );
}

#[test]
fn a_deactivated_person_is_told_so_and_an_unknown_name_is_audited_without_its_text() {
    let (_dir, store) = school();
    let refused = store.unlock_at("赵老师", &pass(), t0()).err().unwrap();
    assert!(matches!(refused, StoreError::Deactivated { .. }));
    assert_eq!(
        refused.to_string(),
        "赵老师's account was deactivated by the coordinator; ask the coordinator to reactivate it."
    );
    // A name nobody has: perhaps a child's, typed in the wrong box.
    let unknown = store.unlock_at("覃语桐", &pass(), t0()).err().unwrap();
    assert!(matches!(unknown, StoreError::UnknownName { .. }));
    assert!(unknown.to_string().contains("覃语桐"), "{unknown}");
    let zhao = staff_id(&store, "赵老师");
    let events = refusals(&store);
    let shown: Vec<_> = events
        .iter()
        .map(|e| (e.actor.clone(), e.target, e.detail.clone()))
        .collect();
    let login = crate::store::computer_login();
    assert_eq!(
        shown,
        [
            (
                Actor::Counselor(zhao),
                RecordRef::Counselor(zhao.0),
                "unlock deactivated".to_string()
            ),
            (login, RecordRef::Store, "unlock unknown_name 3".to_string()),
        ]
    );
    // Nothing in the store holds the unknown name, plain or otherwise.
    drop(store);
    let raw = std::fs::read(_dir.path().join("s.redb")).unwrap();
    let needle = "覃语桐".as_bytes();
    assert!(!raw.windows(needle.len()).any(|w| w == needle));
}

#[test]
fn refused_encryptions_are_audited() {
    let (_dir, mut store) = school();
    let li = staff_id(&store, "李老师");
    // Already sealed, asked by a counselor; then by a name nobody has.
    assert!(store.encrypt("李老师", &pass()).is_err());
    assert!(store.encrypt("王老师", &pass()).is_err());
    let events = refusals(&store);
    let shown: Vec<_> = events
        .iter()
        .map(|e| (e.actor.clone(), e.detail.as_str()))
        .collect();
    assert_eq!(
        shown,
        [
            (Actor::Counselor(li), "encrypt already_encrypted"),
            (crate::store::computer_login(), "encrypt already_encrypted"),
        ]
    );
}
