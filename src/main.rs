//! `shouwang`: parses the command line, sets the language and the log file, then runs a
//! subcommand or opens the full-screen app. The exit statuses are the one table of
//! `cli::exit` (0 done, 1 nothing written, 2 a partial import, 64 a usage error, 141 a closed
//! output).

use shouwang::cli::{Cli, CliError, LangArg, Outcome, warn};
use shouwang::clock::Clock;
use shouwang::i18n::{self, Lang};
use std::process::ExitCode;

/// Freed memory is cleared: what the screens held is gone once they are (`sys::ClearOnFree`).
#[global_allocator]
static ALLOCATOR: shouwang::sys::ClearOnFree = shouwang::sys::ClearOnFree;

fn main() -> ExitCode {
    let started = std::time::Instant::now();
    // First, while the process has one thread: no core dump holds the keys or the records,
    // and the passphrases given in the environment leave it.
    let hardened = shouwang::sys::forbid_core_dumps();
    shouwang::cli::take_from_environment();
    let cli = shouwang::cli::parse();
    i18n::set_lang(match cli.lang {
        Some(LangArg::Zh) => Lang::Zh,
        Some(LangArg::En) => Lang::En,
        None => Lang::detect(),
    });
    shouwang::ui::set_colour(shouwang::ui::colour_wanted(
        std::env::var_os("NO_COLOR").as_deref(),
    ));
    shouwang::logging::init();
    if let Err(e) = hardened {
        tracing::warn!(kind = ?e.kind(), "core dumps could not be turned off");
    }
    // The program's one clock, read from the environment once: every store opened reads it.
    let clock = match shouwang::clock::Clock::from_env() {
        Ok(clock) => clock,
        Err(value) => {
            warn(&format!(
                "shouwang: {}",
                shouwang::tr!("cli.bad_now", value = value)
            ));
            return ExitCode::FAILURE;
        }
    };
    let result = match &cli.command {
        Some(command) => shouwang::cli::run(&cli, command, clock),
        None => open_app_shielded(&cli, started, clock).map(|()| Outcome::Done),
    };
    match result {
        Ok(outcome) => ExitCode::from(outcome.code()),
        Err(CliError::ClosedPipe) => {
            tracing::info!("standard output closed by its reader");
            ExitCode::from(CliError::CLOSED_PIPE)
        }
        Err(e) => {
            tracing::warn!(kind = %shouwang::logging::kind(&e), "command failed");
            warn(&format!("shouwang: {e}"));
            if let CliError::Store(shouwang::store::StoreError::Damaged { .. }) = e {
                warn(&shouwang::store::damage_advice(&shouwang::cli::db_path(
                    &cli,
                )));
            }
            ExitCode::from(e.code())
        }
    }
}

/// The app behind the store's door: a damaged page met while the app starts or on any screen
/// ends it with the terminal given back (the guard is dropped on the way out) and the
/// sentence, never a panic.
fn open_app_shielded(cli: &Cli, started: std::time::Instant, clock: Clock) -> Result<(), CliError> {
    let mut ran = Ok(());
    shouwang::store::shield(|| {
        ran = open_app(cli, started, clock);
        Ok(())
    })?;
    ran
}

/// Opens the store, reads the user's keymap and config, and runs the full-screen app. Store
/// problems are reported before the screen is taken over, so they stay readable.
fn open_app(cli: &Cli, started: std::time::Instant, clock: Clock) -> Result<(), CliError> {
    use shouwang::{app, config, keymap};
    let store = shouwang::cli::open_store(cli, true, clock)?;
    let (config, config_warning) = config::Config::load(None);
    let (keymap, problems) =
        keymap::Keymap::load(Some(&shouwang::paths::config_dir().join("keymap.toml")));
    let mut warnings: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    warnings.extend(config_warning);
    let today = store.clock().today();
    let mut app = app::App::new(store, config, keymap, warnings, today);
    if let Some(name) = &cli.user {
        let passphrase = shouwang::cli::passphrase_from_env();
        shouwang::cli::forget_environment();
        app.login_by_name(name, passphrase.as_ref())?;
    }
    let ran = shouwang::tui::run(&mut app, started)
        .map_err(|e| CliError::Usage(shouwang::tr!("cli.terminal_failed", detail = e)));
    keep_daily_backup(&mut app);
    ran
}

/// Today's backup beside the store, once the screen is given back: a moment for a school's
/// store, and never in the way of the first screen. A failure is said, not fatal: the records
/// themselves are safe in the store.
fn keep_daily_backup(app: &mut shouwang::app::App) {
    if let Err(e) = app.keep_daily_backup() {
        warn(&shouwang::tr!("cli.daily_backup_failed", detail = e));
    }
}
