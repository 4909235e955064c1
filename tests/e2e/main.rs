//! End-to-end: the real binary in a real terminal (tmux), driven as a person would.
//! One test binary for the level (issue 19, 8): linked once, not once per file.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

#[path = "../common/mod.rs"]
mod common;

mod e2e_absence;
mod e2e_admin;
mod e2e_forms;
mod e2e_mailbox;
mod e2e_mailbox_attention;
mod e2e_memory;
mod e2e_notes;
mod e2e_tmux;
