//! What the command line prints. Every line goes through the terminal sanitiser the screens
//! use (`crate::text`), so a stored name or a typed value cannot drive the terminal; a closed
//! standard output (`| head`) ends the program quietly instead of a panic.

use super::CliError;
use crate::export::output::stdout_line;
use std::io::Write;

/// Prints `text` (one or more lines) on standard output.
pub fn say(text: &str) -> Result<(), CliError> {
    stdout_line(&crate::text::safe_lines(text)).map_err(CliError::from)
}

/// Prints `text` on standard error: notes beside the output, and the final error sentence.
/// If even that fails there is no one left to tell.
pub fn warn(text: &str) {
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{}", crate::text::safe_lines(text));
}
