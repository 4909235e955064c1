//! The command line through the real binary: its commands, exit statuses and sentences, the files
//! it writes and refuses, bounded input, a damaged store, pipes and kills.
//! One test binary for the level (issue 19, 8): linked once, not once per file.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

#[path = "../common/mod.rs"]
mod common;

mod bounds;
mod cli;
mod cli_absence_report;
mod cli_admin;
mod cli_audit;
mod cli_docs;
mod cli_exit;
mod cli_files;
mod cli_login;
mod cli_reports;
mod cli_roles;
mod cli_system;
mod damage;
mod faults;
mod quarterly_enrolment;
