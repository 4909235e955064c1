//! Passphrases on the command line: from `SHOUWANG_PASSPHRASE` (as restic and borg read
//! theirs) for scripts and tests, or asked on the terminal without echo.

use super::CliError;
use crate::store::{Passphrase, Store};
use crate::tr;
use std::io::IsTerminal;
use std::sync::Mutex;

/// The passphrase of the person named by `--user`.
pub const PASSPHRASE_VAR: &str = "SHOUWANG_PASSPHRASE";
/// A new passphrase: the first one of a staff member being added, or a changed one.
pub const NEW_PASSPHRASE_VAR: &str = "SHOUWANG_NEW_PASSPHRASE";

/// `name`'s passphrase, to unlock the store.
pub fn passphrase(name: &str) -> Result<Passphrase, CliError> {
    from_env(PASSPHRASE_VAR).map_or_else(
        || ask(&tr!("privacy.ask", name = crate::text::safe(name))),
        Ok,
    )
}

/// `name`'s current passphrase, when changing it (the same variable as for unlocking).
pub fn current_passphrase(name: &str) -> Result<Passphrase, CliError> {
    from_env(PASSPHRASE_VAR).map_or_else(
        || ask(&tr!("privacy.ask_current", name = crate::text::safe(name))),
        Ok,
    )
}

/// A new passphrase for `name`: from `SHOUWANG_NEW_PASSPHRASE`, or typed twice; the
/// store judges it (`Store::passphrase_problem`) before the second typing.
pub fn new_passphrase(name: &str, store: &Store) -> Result<Passphrase, CliError> {
    let judge = |p: &Passphrase| -> Result<(), CliError> {
        match store.passphrase_problem(p, Some(name))? {
            Some(problem) => Err(CliError::Usage(crate::labels::refusals::refusal(&problem))),
            None => Ok(()),
        }
    };
    let chosen = match from_env(NEW_PASSPHRASE_VAR) {
        Some(p) => p,
        None => {
            let first = ask(&tr!("privacy.ask_new", name = crate::text::safe(name)))?;
            judge(&first)?;
            let again = ask(&tr!("privacy.ask_again"))?;
            if !first.same_as(&again) {
                return Err(CliError::Usage(tr!("privacy.passphrases_differ")));
            }
            first
        }
    };
    judge(&chosen)?;
    Ok(chosen)
}

/// `SHOUWANG_PASSPHRASE`, if set: the app started with `--user` reads it too.
pub fn passphrase_from_env() -> Option<Passphrase> {
    from_env(PASSPHRASE_VAR)
}

/// The passphrases the environment gave, read once (`take_from_environment`) and kept in
/// memory that is cleared when dropped, until `forget_environment` drops them.
struct FromEnvironment {
    passphrase: Option<Passphrase>,
    new: Option<Passphrase>,
}

static FROM_ENVIRONMENT: Mutex<Option<FromEnvironment>> = Mutex::new(None);

fn read_environment() -> FromEnvironment {
    let read = |var: &str| std::env::var(var).ok().map(Passphrase::new);
    FromEnvironment {
        passphrase: read(PASSPHRASE_VAR),
        new: read(NEW_PASSPHRASE_VAR),
    }
}

/// Reads `SHOUWANG_PASSPHRASE` and `SHOUWANG_NEW_PASSPHRASE` and takes them out of the
/// environment, their bytes overwritten (`/proc/PID/environ` no longer shows them). `main`
/// calls it first, while the process has one thread.
pub fn take_from_environment() {
    let read = read_environment();
    for var in [PASSPHRASE_VAR, NEW_PASSPHRASE_VAR] {
        crate::sys::scrub_env(var);
    }
    if let Ok(mut kept) = FROM_ENVIRONMENT.lock() {
        *kept = Some(read);
    }
}

/// Drops the passphrases the environment gave: the app has unlocked with them.
pub fn forget_environment() {
    if let Ok(mut kept) = FROM_ENVIRONMENT.lock() {
        *kept = Some(FromEnvironment {
            passphrase: None,
            new: None,
        });
    }
}

fn from_env(var: &str) -> Option<Passphrase> {
    let mut kept = FROM_ENVIRONMENT.lock().ok()?;
    let kept = kept.get_or_insert_with(read_environment);
    if var == NEW_PASSPHRASE_VAR {
        kept.new.clone()
    } else {
        kept.passphrase.clone()
    }
}

fn ask(prompt: &str) -> Result<Passphrase, CliError> {
    if !std::io::stdin().is_terminal() {
        return Err(CliError::Usage(tr!("privacy.no_terminal")));
    }
    let no_terminal = |_| CliError::Usage(tr!("privacy.no_terminal"));
    // The question is printed as every other sentence is (`rpassword::prompt_password` wrote
    // raw UTF-8 to the Windows console, unreadable in code page 936); rpassword only reads,
    // without echo, and ends the line on the same stream (its own console writer sends a
    // trailing NUL).
    let mut out = super::say::asking_stream();
    super::say::ask(&mut out, prompt).map_err(no_terminal)?;
    let config = rpassword::ConfigBuilder::new().output_writer(out).build();
    rpassword::read_password_with_config(config)
        .map(Passphrase::new)
        .map_err(no_terminal)
}
