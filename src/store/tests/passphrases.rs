//! Passphrases (issue 20, item 3): the weakest are refused wherever one is set, with the
//! staff's names guessed first; the key slot is the only verifier, at the cost it records, and
//! an unlock takes off what an older version left cheaper to attack.

use super::sealed::{pass, school};
use crate::model::*;
use crate::store::crypto::{self, DataKey, KdfCost};
use crate::store::tables::KEY_SLOTS;
use crate::store::{Passphrase, Store, StoreError};

fn weak(names_someone: bool) -> StoreError {
    StoreError::Refused(Refusal::PassphraseWeak { names_someone })
}

fn actor() -> Actor {
    Actor::CommandLine("t".into())
}

fn assert_refused(got: Result<impl std::fmt::Debug, StoreError>, want: &StoreError) {
    match got {
        Err(e) => assert_eq!(format!("{e:?}"), format!("{want:?}")),
        Ok(v) => panic!("{v:?} was taken, {want:?} expected"),
    }
}

#[test]
fn the_weakest_passphrases_are_refused_wherever_one_is_set() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("s.redb"), super::clock()).unwrap();
    // The first coordinator: her own name is among the first guesses.
    for (typed, names_someone) in [
        ("12345678", false),
        ("        ", false),
        ("password", false),
        ("周主任周主任周主任", true),
        ("zhouzhuren 2026", true),
    ] {
        assert_refused(
            store.bootstrap(
                &actor(),
                "周主任",
                Role::Coordinator,
                vec![],
                &Passphrase::new(typed),
            ),
            &weak(names_someone),
        );
    }
    assert!(!store.has_staff().unwrap(), "nothing was made");
    let boss = store
        .bootstrap(&actor(), "周主任", Role::Coordinator, vec![], &pass())
        .unwrap();
    let session = store.session(&boss).unwrap();
    // A colleague's name, in characters or pinyin, is no passphrase for anyone.
    assert_refused(
        session.add_staff(
            "李老师",
            Role::Counselor,
            vec![],
            Some(&Passphrase::new("周主任 2026 周主任")),
        ),
        &weak(true),
    );
    let li = session
        .add_staff("李老师", Role::Counselor, vec![], Some(&pass()))
        .unwrap();
    assert_refused(
        session.reset_passphrase(li.id, &Passphrase::new("lilaoshi lilaoshi")),
        &weak(true),
    );
    assert_refused(
        session.change_passphrase(&pass(), &Passphrase::new("qwertyuiop")),
        &weak(false),
    );
    // A sentence of unrelated words is taken, a name in it or not.
    session
        .reset_passphrase(li.id, &Passphrase::new("梧桐树下 李老师 2026 秋"))
        .unwrap();
}

#[test]
fn the_key_slot_is_the_only_verifier_and_an_unlock_retires_an_older_cheaper_one() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = school(&dir.path().join("s.redb"));
    let staff = |store: &Store, name: &str| {
        store
            .reader()
            .unwrap()
            .counselor_by_name(name)
            .unwrap()
            .unwrap()
    };
    let li = staff(&store, "李老师");
    assert_eq!(
        li.passphrase_hash, None,
        "no hash on the plain staff record"
    );
    let slot = store.key_slot(li.id).unwrap().unwrap();
    assert_eq!(crypto::slot_cost(&slot), Some(KdfCost::current()));

    // As an older version left it: a PHC string on the record and a slot at a lower cost.
    let cheap = KdfCost {
        memory_kib: 8,
        passes: 1,
        lanes: 1,
    };
    let data: DataKey = crypto::unwrap(&slot, &pass(), li.id.0).unwrap();
    let old_slot = crypto::wrap_at(&data, &pass(), li.id.0, cheap).unwrap();
    store
        .write(&actor(), |w| {
            w.tx()
                .open_table(KEY_SLOTS)?
                .insert(li.id.0, old_slot.as_slice())?;
            let mut c: Counselor = w.get(li.id.0)?.unwrap();
            c.passphrase_hash = Some("$argon2id$v=19$m=8,t=1,p=1$c2FsdHNhbHQ$aGFzaA".into());
            w.put(&c)
        })
        .unwrap();
    store.lock(None);
    // A wrong passphrase does not open the slot, and changes nothing.
    assert!(matches!(
        store.unlock("李老师", &Passphrase::new("梧桐树下 2025 秋")),
        Err(StoreError::WrongPassphrase { .. })
    ));
    assert_eq!(
        crypto::slot_cost(&store.key_slot(li.id).unwrap().unwrap()),
        Some(cheap)
    );
    store.unlock("李老师", &pass()).unwrap();
    let after = staff(&store, "李老师");
    assert_eq!(after.passphrase_hash, None);
    let slot = store.key_slot(li.id).unwrap().unwrap();
    assert_eq!(crypto::slot_cost(&slot), Some(KdfCost::current()));
    store.lock(None);
    store.unlock("李老师", &pass()).unwrap();
}
