//! The store's own mechanics, tested with the crate's raw `Reader`/`Writer`: records and
//! indexes, migration, crash safety, backup, and the note rules below any session. Outside
//! the crate there is no such path; the integration tests go through sessions.

mod absences;
mod audit_keys;
mod child_keys;
mod daily;
mod disk;
mod history;
mod limits;
mod moods;
mod notes;
mod passphrases;
mod records;
mod refusal_facts;
mod refusals;
mod rekey;
mod restore;
mod revoke;
mod sealed;
mod writes;

use crate::clock::Clock;

/// The clock of the stores these tests open: fixed, so that they pass on any day of any year.
fn clock() -> Clock {
    Clock::fixed(at("2026-12-07T10:00"))
}

/// An instant as `SHOUWANG_NOW` writes it.
fn at(text: &str) -> chrono::NaiveDateTime {
    crate::clock::parse_fixed(text).unwrap()
}

/// Two stores open in one process, each with a clock of its own, each see their own day: what
/// they stamp on records and on audit events, and what their sessions call today. (The
/// program's clock was a global set once from the environment, which could not do this.)
#[test]
fn two_stores_with_two_clocks_each_see_their_own_day() {
    use crate::model::{Actor, AuditAction, AuditEvent, RecordRef};
    use crate::store::Store;
    let dir = tempfile::tempdir().unwrap();
    let autumn = at("2026-11-26T10:00");
    let spring = at("2027-03-09T08:30");
    let a = Store::open(&dir.path().join("a.redb"), Clock::fixed(autumn)).unwrap();
    let b = Store::open(&dir.path().join("b.redb"), Clock::fixed(spring)).unwrap();
    let stamped = |store: &Store| {
        let now = store
            .write(&Actor::CommandLine("t".into()), |w| {
                w.audit(AuditAction::Backup, RecordRef::Store, "x")?;
                Ok(w.now())
            })
            .unwrap();
        let events = store.reader().unwrap().all::<AuditEvent>().unwrap();
        (now, events.last().unwrap().at, store.clock().today())
    };
    assert_eq!(stamped(&a), (autumn, autumn, autumn.date()));
    assert_eq!(stamped(&b), (spring, spring, spring.date()));
    assert_eq!(stamped(&a), (autumn, autumn, autumn.date()));
}
