//! The screens: the app driven by actions, keys and pastes as a person does (no terminal), drawn
//! on ratatui's `TestBackend` and compared with insta snapshots (in `snapshots/`, named
//! `screens__<file>__<name>`) at 80×24 and 160×48.
//! One test binary for the level (issue 19, 8): linked once, not once per file.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)] // a failing test panics

#[path = "../common/mod.rs"]
mod common;

mod absence;
mod care;
mod caseload_ahead;
mod definition;
mod fit;
mod focus;
mod incident_report;
mod keys_attack;
mod load_warning;
mod mailbox;
mod mailbox_attention;
mod moods;
mod notes;
mod overnight;
mod privacy;
mod profile_race;
mod roster_preview;
mod ui;
mod ui_admin;
mod ui_audit;
mod ui_colour;
mod ui_english;
mod ui_reports;
mod ui_tabs;
mod when;
