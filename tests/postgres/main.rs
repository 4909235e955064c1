//! Tests on a real PostgreSQL server that they start themselves (issue 22): see
//! `common::pg`. Without PostgreSQL on the computer they say so and are skipped; in CI
//! (`CI=true`, where `.ci/run` installs it) that is a failure, so they always run there.
//!
//! Its own harness: libtest cannot skip a test at run time and say so.

#[path = "../common/pg.rs"]
mod pg;

use pg::PgServer;
use std::process::ExitCode;

type Test = fn(&PgServer) -> Result<(), String>;

const TESTS: &[(&str, Test)] = &[(
    "the_private_server_is_postgresql_15_or_later",
    the_private_server_is_postgresql_15_or_later,
)];

fn the_private_server_is_postgresql_15_or_later(server: &PgServer) -> Result<(), String> {
    let version: u32 = server
        .psql("postgres", "SHOW server_version_num")?
        .parse()
        .map_err(|e| format!("server_version_num: {e}"))?;
    if version / 10_000 < pg::OLDEST_MAJOR {
        return Err(format!("server version {version}"));
    }
    // It listens on its own socket only.
    let listen = server.psql("postgres", "SHOW listen_addresses")?;
    if !listen.is_empty() {
        return Err(format!("listens on {listen:?}"));
    }
    Ok(())
}

fn main() -> ExitCode {
    let filter: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let chosen: Vec<_> = TESTS
        .iter()
        .filter(|(name, _)| filter.is_empty() || filter.iter().any(|f| name.contains(f.as_str())))
        .collect();
    if chosen.is_empty() {
        return ExitCode::SUCCESS;
    }
    let server = match PgServer::start() {
        Ok(server) => server,
        Err(pg::NoServer(why)) => {
            let in_ci = std::env::var("CI").is_ok_and(|v| v == "true");
            println!(
                "{} PostgreSQL tests {}: {why}",
                chosen.len(),
                if in_ci { "FAILED" } else { "skipped" }
            );
            return if in_ci {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            };
        }
    };
    let mut failed = 0;
    for (name, test) in chosen.iter().copied() {
        let outcome = std::panic::catch_unwind(|| test(&server))
            .unwrap_or_else(|_| Err("panicked".to_string()));
        match outcome {
            Ok(()) => println!("test {name} ... ok"),
            Err(why) => {
                failed += 1;
                println!("test {name} ... FAILED: {why}");
            }
        }
    }
    println!(
        "postgres: {} passed; {failed} failed (server log: {})",
        chosen.len() - failed,
        server.dir().join("server.log").display()
    );
    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
