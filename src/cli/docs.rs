//! What a command-line program is expected to give about itself: shell completions
//! (`clap_complete`) and a manual page (`clap_mangen`), both made from the one definition of
//! the arguments in `cli::Cli`, so they never disagree with `--help`. Neither opens a store.

use super::{CliError, ShellArg, say};

/// The completion script for `shell`, on standard output.
pub fn completions(shell: ShellArg) -> Result<(), CliError> {
    use clap_complete::Shell;
    let shell = match shell {
        ShellArg::Bash => Shell::Bash,
        ShellArg::Zsh => Shell::Zsh,
        ShellArg::Fish => Shell::Fish,
        ShellArg::Powershell => Shell::PowerShell,
    };
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut super::command(), "shouwang", &mut script);
    print(script)
}

/// The manual page (roff), on standard output.
pub fn man() -> Result<(), CliError> {
    let mut page = Vec::new();
    clap_mangen::Man::new(super::command())
        .render(&mut page)
        .map_err(|e| CliError::Usage(crate::tr!("cli.docs_failed", detail = e)))?;
    print(page)
}

/// Generated text through the same printing as every other line (a closed pipe ends quietly).
fn print(bytes: Vec<u8>) -> Result<(), CliError> {
    let text = String::from_utf8_lossy(&bytes);
    say(text.trim_end())
}
