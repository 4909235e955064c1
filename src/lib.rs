//! Shouwang (守望): the archive, weekly contacts, whisper mailbox and mood follow-ups of the
//! teachers who look after left-behind children. The binary is in `main.rs`; everything else
//! is this library so that tests and benchmarks reach it.

pub mod action;
pub mod app;
pub mod cli;
// The one place the wall clock is read (clippy.toml disallows it everywhere else).
#[allow(clippy::disallowed_methods)]
pub mod clock;
pub mod config;
pub mod contain;
pub mod demo;
pub mod domain;
pub mod export;
pub mod i18n;
pub mod import;
pub mod interchange;
pub mod keymap;
pub mod labels;
pub mod logging;
pub mod mailbox;
pub mod model;
pub mod owner_only;
pub mod paths;
pub mod search;
pub mod store;
// The program's only `unsafe` (Cargo.toml's `unsafe_code = "deny"`): system calls behind
// safe functions.
#[allow(unsafe_code)]
pub mod sys;
pub mod terminal;
pub mod text;
pub mod tui;
pub mod ui;

#[cfg(test)]
mod layers_tests;
