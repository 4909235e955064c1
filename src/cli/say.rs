//! What the command line prints. Every line goes through the terminal sanitiser the screens
//! use (`crate::text`), so a stored name or a typed value cannot drive the terminal; a closed
//! standard output (`| head`) ends the program quietly instead of a panic. Everything goes
//! through Rust's standard streams, which write UTF-16 to a Windows console (`WriteConsoleW`):
//! Chinese reads right there whatever the console's code page (936 on Chinese Windows).

use super::CliError;
use crate::export::output::stdout_line;
use std::io::{self, IsTerminal, Write};

/// Prints `text` (one or more lines) on standard output.
pub fn say(text: &str) -> Result<(), CliError> {
    stdout_line(&crate::text::safe_lines(text)).map_err(CliError::from)
}

/// Prints `text` on standard error: notes beside the output, and the final error sentence.
/// If even that fails there is no one left to tell.
pub fn warn(text: &str) {
    let mut err = io::stderr().lock();
    let _ = writeln!(err, "{}", crate::text::safe_lines(text));
}

/// The stream a question is asked on: standard error, where `warn` speaks, unless only
/// standard output reaches the terminal (`2>log`), so that the person sees the question.
pub fn asking_stream() -> Box<dyn Write> {
    if !io::stderr().is_terminal() && io::stdout().is_terminal() {
        Box::new(io::stdout())
    } else {
        Box::new(io::stderr())
    }
}

/// Prints `prompt` on `out` without ending the line, and flushes it, so that the answer is
/// typed after it on the same line.
pub fn ask(out: &mut dyn Write, prompt: &str) -> io::Result<()> {
    write!(out, "{}", crate::text::safe(prompt))?;
    out.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_question_is_its_text_alone_made_safe_without_a_line_end_or_a_nul() {
        let mut out = Vec::new();
        ask(&mut out, "周主任\u{1b}[2J\0的口令：").unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), "周主任 [2J 的口令：");
    }
}
