//! Diagnostics go to `shouwang.log` in the data folder, never to the screen: the full-screen
//! app owns the terminal, and a counselor should not read stack traces.

use std::fs::OpenOptions;
use std::sync::Mutex;

/// Starts logging at the level in `SHOUWANG_LOG` (default `info`). If the log file cannot be
/// opened, Shouwang runs without a log rather than refusing to start.
pub fn init() {
    let dir = crate::paths::data_dir();
    if crate::paths::create_private_dir(&dir).is_err() {
        return;
    }
    let mut options = OpenOptions::new();
    options.create(true).append(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let Ok(file) = options.open(dir.join("shouwang.log")) else {
        return;
    };
    let filter = tracing_subscriber::EnvFilter::try_from_env("SHOUWANG_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_ansi(false)
        .with_writer(Mutex::new(file))
        .try_init();
}
