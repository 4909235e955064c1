//! A PostgreSQL server of the tests' own (issue 22): `initdb` and `pg_ctl` of the system's
//! PostgreSQL, into a temporary folder, listening on a socket in that folder only (no TCP),
//! stopped when dropped. Nothing of the computer's own PostgreSQL is touched.
//!
//! PostgreSQL refuses to run as root; as root (CI), the server runs as the `postgres` user
//! the Debian package makes, through `runuser`.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The oldest PostgreSQL the store is for.
pub const OLDEST_MAJOR: u32 = 15;

/// The port in the socket's name: the socket is in the server's own folder, so servers of
/// tests running at once do not meet.
const PORT: u16 = 5432;

/// A running server, with its own folder.
pub struct PgServer {
    dir: tempfile::TempDir,
    bin: PathBuf,
    /// Run the server's programs as this user (when the tests run as root).
    run_as: Option<&'static str>,
}

/// Why there is no server to test with: said in the tests' output, and a failure in CI.
#[derive(Debug)]
pub struct NoServer(pub String);

impl PgServer {
    /// Starts a server, or says why there is none: no PostgreSQL on this computer, or one
    /// older than `OLDEST_MAJOR`.
    pub fn start() -> Result<PgServer, NoServer> {
        let bin = find_bin().ok_or_else(|| {
            NoServer(
                "no PostgreSQL here (initdb and pg_ctl not found; apt-get install postgresql)"
                    .into(),
            )
        })?;
        let run_as = is_root().then_some("postgres");
        let dir = tempfile::Builder::new()
            .prefix("shouwang-pg")
            .tempdir()
            .map_err(|e| NoServer(format!("no temporary folder: {e}")))?;
        if let Some(user) = run_as {
            let chown = Command::new("chown")
                .arg(format!("{user}:"))
                .arg(dir.path())
                .output()
                .map_err(|e| NoServer(format!("chown: {e}")))?;
            need(&chown, "chown")?;
        }
        let server = PgServer { dir, bin, run_as };
        let data = server.data();
        let init = server
            .command("initdb")
            .args([
                "-U",
                "shouwang",
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-locale",
                "-D",
            ])
            .arg(&data)
            .output()
            .map_err(|e| NoServer(format!("initdb: {e}")))?;
        need(&init, "initdb")?;
        let options = format!(
            "-k {} -p {PORT} -c listen_addresses='' -c fsync=off",
            server.dir.path().display(),
        );
        let start = server
            .command("pg_ctl")
            .arg("-D")
            .arg(&data)
            .args(["-o", &options, "-l"])
            .arg(server.dir.path().join("server.log"))
            .args(["-w", "start"])
            .output()
            .map_err(|e| NoServer(format!("pg_ctl: {e}")))?;
        need(&start, "pg_ctl start")?;
        Ok(server)
    }

    /// The URL of database `name` on this server, libpq's way: the socket's folder as host.
    pub fn url(&self, name: &str) -> String {
        format!(
            "postgresql://shouwang@{}:{PORT}/{name}",
            percent_encode(&self.dir.path().display().to_string()),
        )
    }

    /// Runs `sql` in database `name` with the server's own `psql`, and gives what it prints
    /// (unaligned, tuples only).
    pub fn psql(&self, name: &str, sql: &str) -> Result<String, String> {
        let out = Command::new(self.bin.join("psql"))
            .arg(self.url(name))
            .args(["-X", "-tA", "-v", "ON_ERROR_STOP=1", "-c", sql])
            .output()
            .map_err(|e| format!("psql: {e}"))?;
        if out.status.success() {
            Ok(String::from_utf8_lossy(&out.stdout).trim().to_string())
        } else {
            Err(String::from_utf8_lossy(&out.stderr).trim().to_string())
        }
    }

    /// The server's folder: its data, its socket and its log.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    fn data(&self) -> PathBuf {
        self.dir.path().join("data")
    }

    fn command(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        match self.run_as {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(path);
                c
            }
            None => Command::new(path),
        }
    }
}

impl Drop for PgServer {
    fn drop(&mut self) {
        // Immediate: the tests' data is thrown away with the folder.
        let _ = self
            .command("pg_ctl")
            .arg("-D")
            .arg(self.data())
            .args(["-m", "immediate", "-w", "stop"])
            .output();
    }
}

/// The newest PostgreSQL's programs: `pg_config --bindir`, or Debian's versioned folders.
fn find_bin() -> Option<PathBuf> {
    let has_tools = |dir: &Path| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file();
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let major = e.file_name().to_str()?.parse::<u32>().ok()?;
            Some((major, e.path().join("bin")))
        })
        .filter(|(major, bin)| *major >= OLDEST_MAJOR && has_tools(bin))
        .collect();
    versions.sort();
    if let Some((_, bin)) = versions.pop() {
        return Some(bin);
    }
    let out = Command::new("pg_config").arg("--bindir").output().ok()?;
    let bin = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim());
    has_tools(&bin).then_some(bin)
}

fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| o.stdout.trim_ascii() == b"0")
}

fn need(out: &Output, what: &str) -> Result<(), NoServer> {
    if out.status.success() {
        Ok(())
    } else {
        Err(NoServer(format!(
            "{what} failed: {}",
            String::from_utf8_lossy(&out.stderr).trim()
        )))
    }
}

/// A socket folder as a URL's host: libpq takes a percent-encoded absolute path there.
fn percent_encode(path: &str) -> String {
    path.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}
