//! Issue 19, item 3: a refusal is data, not a sentence. Each test matches the refusal the store
//! answers with on its facts (who, which record, which rule, the numbers); no language is set
//! on this thread, since none is needed to be refused.

use crate::domain::access::{Denial, Operation, Why};
use crate::model::limits::{FieldError, FieldName, Problem};
use crate::model::*;
use crate::store::{Passphrase, Store, StoreError};
use chrono::NaiveDate;

fn pass() -> Passphrase {
    Passphrase::new("梧桐树下 2026 秋")
}

/// A sealed store with a coordinator, 周主任, and a counselor, 李老师, who cares for nobody.
fn school() -> (tempfile::TempDir, Store, Counselor, Counselor) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("s.redb"), super::clock()).unwrap();
    let actor = Actor::CommandLine("t".into());
    let boss = store
        .bootstrap(&actor, "周主任", Role::Coordinator, vec![], &pass())
        .unwrap();
    let li = store
        .session(&boss)
        .unwrap()
        .add_staff("李老师", Role::Counselor, vec![], Some(&pass()))
        .unwrap();
    (dir, store, boss, li)
}

fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 2).unwrap()
}

#[test]
fn a_staff_refusal_names_the_person_and_the_rule() {
    let (_dir, store, boss, li) = school();
    let session = store.session(&boss).unwrap();
    let err = session.write(|w| w.deactivate(boss.id)).unwrap_err();
    assert!(
        matches!(
            &err,
            StoreError::Refused(Refusal::Staff { name, objection: Objection::Yourself })
                if name == "周主任"
        ),
        "{err:?}"
    );
    let err = session
        .write(|w| w.set_classes(li.id, vec!["三年级2班".into()]))
        .unwrap_err();
    assert!(
        matches!(&err, StoreError::Refused(Refusal::NotHeadTeacher { name }) if name == "李老师"),
        "{err:?}"
    );
}

#[test]
fn a_handover_refusal_names_who_would_give() {
    let (_dir, store, boss, li) = school();
    let session = store.session(&boss).unwrap();
    let err = session
        .write(|w| w.hand_over(li.id, li.id, day(), &[]))
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Refused(Refusal::Handover(HandoverRefusal::Same))
        ),
        "{err:?}"
    );
    let err = session
        .write(|w| w.hand_over(li.id, boss.id, day(), &[]))
        .unwrap_err();
    assert_eq!(
        format!("{err:?}"),
        format!(
            "{:?}",
            StoreError::Refused(Refusal::Handover(HandoverRefusal::Nobody {
                name: "李老师".into()
            }))
        )
    );
}

#[test]
fn the_table_refusal_says_who_which_role_which_operation_and_why() {
    let (_dir, store, _boss, _li) = school();
    let session = store.unlock("李老师", &pass()).unwrap();
    let err = session.allow(Operation::Backup).unwrap_err();
    let StoreError::NotAllowed(denial) = err else {
        panic!("{err:?}")
    };
    assert_eq!(
        denial,
        Denial::Table {
            who: "李老师".into(),
            role: Role::Counselor,
            op: Operation::Backup,
            why: Why::RoleOnly,
        }
    );
}

#[test]
fn a_passphrase_and_a_name_over_the_limits_are_refused_with_their_numbers() {
    let (_dir, store, boss, _li) = school();
    let session = store.session(&boss).unwrap();
    let err = session
        .add_staff(
            "王老师",
            Role::Counselor,
            vec![],
            Some(&Passphrase::new("短")),
        )
        .unwrap_err();
    assert!(
        matches!(
            err,
            StoreError::Refused(Refusal::PassphraseTooShort { min: 8, have: 1 })
        ),
        "{err:?}"
    );
    let long = "王".repeat(51);
    let err = session
        .add_staff(&long, Role::Counselor, vec![], Some(&pass()))
        .unwrap_err();
    let StoreError::Refused(Refusal::Field(e)) = err else {
        panic!("{err:?}")
    };
    assert_eq!(
        e,
        FieldError {
            field: FieldName::Key("limits.field.counselor_name"),
            problem: Problem::TooLong {
                length: 51,
                max: 50
            },
        }
    );
}
