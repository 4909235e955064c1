//! The app's daily backups: one a day, whole, beside the store, the oldest beyond the number
//! kept removed, and each a store that opens with the records in it.

use crate::model::*;
use crate::store::Store;
use chrono::NaiveDate;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 12, d).unwrap()
}

#[test]
fn one_backup_a_day_and_only_the_newest_are_kept() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("school.redb"), super::clock()).unwrap();
    store
        .write(&Actor::CommandLine("t".into()), |w| {
            w.add_counselor("周主任", Role::Coordinator, vec![])
        })
        .unwrap();
    let first = store.keep_daily_backup(day(1), 3).unwrap().unwrap();
    assert_eq!(first, dir.path().join("backups/school-2026-12-01.redb"));
    assert_eq!(
        store.keep_daily_backup(day(1), 3).unwrap(),
        None,
        "once a day"
    );
    for d in 2..=5 {
        store.keep_daily_backup(day(d), 3).unwrap().unwrap();
    }
    let mut kept: Vec<String> = std::fs::read_dir(dir.path().join("backups"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    kept.sort();
    assert_eq!(
        kept,
        [
            "school-2026-12-03.redb",
            "school-2026-12-04.redb",
            "school-2026-12-05.redb"
        ]
    );
    // Keeping none makes none and removes none.
    assert_eq!(store.keep_daily_backup(day(6), 0).unwrap(), None);
    drop(store);
    let copy = Store::open(
        &dir.path().join("backups/school-2026-12-05.redb"),
        super::clock(),
    )
    .unwrap();
    let staff = copy.reader().unwrap().counselors().unwrap();
    assert_eq!(staff.len(), 1);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = |p: &std::path::Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&dir.path().join("backups")), 0o700);
        assert_eq!(
            mode(&dir.path().join("backups/school-2026-12-05.redb")),
            0o600
        );
    }
}

/// The day's copy is the file as it stands, taken while the store is closed for the moment:
/// it opens clean (no repair), holds what was committed, stays sealed, and the store goes on
/// being written in the same process afterwards.
#[test]
fn the_days_copy_is_the_closed_file_and_the_store_goes_on_after_it() {
    use super::sealed::{pass, school};
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("school.redb");
    let (store, _) = school(&path);
    store.unlock("周主任", &pass()).unwrap();
    let made = store.keep_daily_backup(day(7), 3).unwrap().unwrap();
    // The store is open again, and writes.
    store
        .write(&Actor::CommandLine("t".into()), |w| {
            w.add_counselor("后来的老师", Role::Counselor, vec![])
        })
        .unwrap();
    drop(store);
    // The copy needs no repair (it was closed cleanly), is this store, and is sealed: its
    // records open only with a passphrase.
    assert!(
        crate::store::files::open_read_only(&made)
            .unwrap()
            .is_some()
    );
    let copy = Store::open(&made, super::clock()).unwrap();
    assert!(copy.needs_passphrase());
    copy.unlock("周主任", &pass()).unwrap();
    let names: Vec<String> = copy.staff().unwrap().into_iter().map(|c| c.name).collect();
    assert!(!names.contains(&"后来的老师".to_string()), "{names:?}");
    assert!(names.contains(&"李老师".to_string()), "{names:?}");
    assert!(copy.check().unwrap().is_empty());
}
