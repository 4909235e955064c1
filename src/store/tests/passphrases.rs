//! Passphrases (issue 20, item 3): the weakest are refused wherever one is set, with the
//! staff's names guessed first; the key slot is the only verifier, at the cost it records, and
//! an unlock takes off what an older version left cheaper to attack.

use super::sealed::{pass, school};
use crate::model::*;
use crate::store::crypto::{self, KdfCost};
use crate::store::tables::{GRANTS, KEY_SLOTS, PERSON_KEYS};
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
    let keys = store.keys_held().expect("the school's store is open");
    let old_slot = crypto::wrap_data_key_at(keys.data_key(), &pass(), li.id.0, cheap).unwrap();
    drop(keys);
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
    // The slot is the person's own key now, at today's cost, and the data key is granted to
    // its public key.
    let slot = store.key_slot(li.id).unwrap().unwrap();
    assert_eq!(crypto::slot_cost(&slot), Some(KdfCost::current()));
    let Ok(crypto::Opened::Person(person)) = crypto::unwrap(&slot, &pass(), li.id.0) else {
        panic!("a person's slot");
    };
    assert_eq!(public_key(&store, li.id), Some(person.public()));
    assert!(granted(&store, li.id));
    store.lock(None);
    store.unlock("李老师", &pass()).unwrap();
}

fn public_key(store: &Store, who: CounselorId) -> Option<[u8; 32]> {
    let read = store.begin_read().unwrap();
    let keys = read.open_table(PERSON_KEYS).unwrap();
    let got = keys.get(who.0).unwrap();
    got.map(|v| v.value().try_into().unwrap())
}

fn granted(store: &Store, who: CounselorId) -> bool {
    let read = store.begin_read().unwrap();
    let grants = read.open_table(GRANTS).unwrap();
    grants.get((crypto::DATA_GRANT, who.0)).unwrap().is_some()
}

/// A coordinator's reset gives a new key pair (she cannot open the old secret): the old
/// passphrase opens nothing, the new one opens the store through the new grant, and a grant
/// sealed to the old public key no longer opens with the new secret.
#[test]
fn a_reset_makes_a_new_key_pair_and_grants_the_data_key_to_it() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = school(&dir.path().join("s.redb"));
    let boss = store.unlock("周主任", &pass()).unwrap();
    let li = boss.store().staff_named("李老师").unwrap();
    let before = public_key(&store, li.id).unwrap();
    let old_grant = {
        let read = store.begin_read().unwrap();
        let grants = read.open_table(GRANTS).unwrap();
        let v = grants.get((crypto::DATA_GRANT, li.id.0)).unwrap().unwrap();
        v.value().to_vec()
    };
    let fresh = Passphrase::new("新的口令 2026 冬");
    boss.reset_passphrase(li.id, &fresh).unwrap();
    drop(boss);
    let after = public_key(&store, li.id).unwrap();
    assert_ne!(before, after);
    store.lock(None);
    assert!(matches!(
        store.unlock("李老师", &pass()),
        Err(StoreError::WrongPassphrase { .. })
    ));
    store.unlock("李老师", &fresh).unwrap();
    let slot = store.key_slot(li.id).unwrap().unwrap();
    let Ok(crypto::Opened::Person(person)) = crypto::unwrap(&slot, &fresh, li.id.0) else {
        panic!("a person's slot");
    };
    assert!(crypto::DataKey::from_grant(&person, li.id.0, &old_grant).is_err());
}

/// `check` names a person whose key is incomplete (their passphrase would open nothing).
#[test]
fn check_names_a_person_whose_grant_is_gone() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = school(&dir.path().join("s.redb"));
    let li = store.staff_named("李老师").unwrap();
    store
        .write(&actor(), |w| {
            w.tx()
                .open_table(GRANTS)?
                .remove((crypto::DATA_GRANT, li.id.0))?;
            Ok(())
        })
        .unwrap();
    let problems = store.check().unwrap();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(problems[0].contains(&li.id.0.to_string()), "{problems:?}");
}
