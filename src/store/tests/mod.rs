//! The store's own mechanics, tested with the crate's raw `Reader`/`Writer`: records and
//! indexes, migration, crash safety, backup, and the note rules below any session. Outside
//! the crate there is no such path; the integration tests go through sessions.

mod daily;
mod disk;
mod history;
mod limits;
mod moods;
mod notes;
mod records;
mod refusals;
mod restore;
mod sealed;
