//! `shouwang`: parses the command line, sets the language and the log file, then runs a
//! subcommand or opens the full-screen app. Errors end as one sentence and exit code 1.

use clap::Parser;
use shouwang::cli::{Cli, CliError, LangArg};
use shouwang::i18n::{self, Lang};
use std::process::ExitCode;

fn main() -> ExitCode {
    let started = std::time::Instant::now();
    let cli = Cli::parse();
    i18n::set_lang(match cli.lang {
        Some(LangArg::Zh) => Lang::Zh,
        Some(LangArg::En) => Lang::En,
        None => Lang::detect(),
    });
    shouwang::logging::init();
    if let Err(value) = shouwang::clock::check_env() {
        eprintln!("shouwang: {}", shouwang::tr!("cli.bad_now", value = value));
        return ExitCode::FAILURE;
    }
    let result = match &cli.command {
        Some(command) => shouwang::cli::run(&cli, command),
        None => open_app(&cli, started),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::warn!(error = %e, "command failed");
            eprintln!("shouwang: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Opens the store, reads the user's keymap and config, and runs the full-screen app. Store
/// problems are reported before the screen is taken over, so they stay readable.
fn open_app(cli: &Cli, started: std::time::Instant) -> Result<(), CliError> {
    use shouwang::{app, config, keymap, store};
    let db = cli.db.clone().unwrap_or_else(store::default_path);
    let store = store::Store::open(&db)?;
    let (config, config_warning) = config::Config::load(None);
    let (keymap, problems) =
        keymap::Keymap::load(Some(&shouwang::paths::config_dir().join("keymap.toml")));
    let mut warnings: Vec<String> = problems.iter().map(|p| p.to_string()).collect();
    warnings.extend(config_warning);
    let mut app = app::App::new(store, config, keymap, warnings, shouwang::clock::today());
    if let Some(name) = &cli.user {
        app.login_by_name(name)?;
    }
    app::run(&mut app, started)
        .map_err(|e| CliError::Usage(shouwang::tr!("cli.terminal_failed", detail = e)))
}
