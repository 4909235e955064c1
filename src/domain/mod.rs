//! The rules of the domain as plain data: no I/O, no words. Screens, the command line and the
//! store turn them into actions and sentences.

pub mod access;
