//! The library through its public API, no screen and no binary: the store's sessions and
//! their permission table, the coordinator's desk, the imports and the roster export, the reports'
//! arithmetic, the keymap.
//! One test binary for the level (issue 19, 8): linked once, not once per file.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

#[path = "../common/mod.rs"]
mod common;

mod absence;
mod access;
mod admin;
mod import;
mod keymap;
mod reports;
