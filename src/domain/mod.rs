//! The school's rules as plain data in and plain data out: no I/O and no words. The store
//! reads and writes, screens and the command line put results into sentences through `i18n`.

pub mod access;
pub mod agenda;
pub mod audit;
pub mod cadence;
pub mod care;
pub mod left_behind;
pub mod letters;
pub mod mood;
pub mod report;
pub mod staffing;
pub mod when;
