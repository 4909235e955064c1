//! Executes a parsed command line against the store. Every failure becomes a `CliError`
//! whose text is one sentence for the person at the keyboard; `main` prints it and exits 1
//! (or quietly with 141 for a closed output); an import that rejected some rows exits 2.

use super::access::{Acting, acting, operation};
use super::{Cli, Command, CounselorCommand, ImportCommand, say, warn};
use crate::clock::Clock;
use crate::domain::access::Operation;
use crate::export::ExportError;
use crate::export::json::JsonExportError;
use crate::import::{
    ImportError, json::import_json, letters::import_letters, roster::import_roster,
};
use crate::model::Counselor;
use crate::store::{Assigned, Session, Store, StoreError};
use crate::{demo, tr};
use std::fmt;
use std::io::IsTerminal;

#[derive(Debug)]
pub enum CliError {
    Store(StoreError),
    Import(ImportError),
    Export(String),
    /// A sentence already in the user's language.
    Usage(String),
    /// Standard output was closed by its reader: end quietly.
    ClosedPipe,
}

/// How a command that did not fail ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Everything asked was done (exit 0).
    Done,
    /// An import wrote the accepted rows and rejected some (`exit::PARTIAL`).
    Partial,
}

impl Outcome {
    /// The process exit status, from the one table in `cli::exit`.
    pub fn code(self) -> u8 {
        match self {
            Outcome::Done => super::exit::DONE,
            Outcome::Partial => super::exit::PARTIAL,
        }
    }
}

impl CliError {
    /// What a Unix shell reports for a program ended by a closed pipe (128 + SIGPIPE), which
    /// is what `cat` or `grep` give under `| head`.
    pub const CLOSED_PIPE: u8 = super::exit::CLOSED_PIPE;

    pub fn code(&self) -> u8 {
        match self {
            CliError::ClosedPipe => Self::CLOSED_PIPE,
            _ => super::exit::FAILED,
        }
    }
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Store(e) => e.fmt(f),
            CliError::Import(e) => e.fmt(f),
            CliError::Export(s) | CliError::Usage(s) => f.write_str(s),
            CliError::ClosedPipe => f.write_str(&tr!("export.closed_pipe")),
        }
    }
}

impl From<StoreError> for CliError {
    fn from(e: StoreError) -> Self {
        CliError::Store(e)
    }
}
impl From<ImportError> for CliError {
    fn from(e: ImportError) -> Self {
        CliError::Import(e)
    }
}
impl From<ExportError> for CliError {
    fn from(e: ExportError) -> Self {
        match e {
            ExportError::ClosedPipe => CliError::ClosedPipe,
            other => CliError::Export(other.to_string()),
        }
    }
}
impl From<JsonExportError> for CliError {
    fn from(e: JsonExportError) -> Self {
        CliError::Export(e.to_string())
    }
}

/// Runs one subcommand. `None` (no subcommand) is the app's business, not this module's.
/// The whole command runs behind the store's door (`store::shield`): what redb raises on a
/// damaged file ends it with "the store is damaged", never a panic. Every store it opens
/// reads `clock`, the one `main` built.
pub fn run(cli: &Cli, command: &Command, clock: Clock) -> Result<Outcome, CliError> {
    let mut ran = None;
    crate::store::shield(|| {
        ran = Some(run_command(cli, command, clock));
        Ok(())
    })?;
    ran.unwrap_or_else(|| Err(CliError::Usage(tr!("cli.internal"))))
}

fn run_command(cli: &Cli, command: &Command, clock: Clock) -> Result<Outcome, CliError> {
    match command {
        Command::Completions { shell } => {
            super::docs::completions(*shell)?;
            Ok(Outcome::Done)
        }
        Command::Man => {
            super::docs::man()?;
            Ok(Outcome::Done)
        }
        Command::Restore { file } => {
            let db = db_path(cli);
            // A lost store has no one to ask; an existing one asks its own table, and names
            // the person in the restore event it receives.
            // The keys of the person restoring open the backup's sealed records to check them.
            // A store that is damaged, empty or not a store cannot be asked either: putting a
            // backup in its place is what restore is for, and the file is kept beside it.
            let (actor, keys) = match Store::open_existing(&db, clock) {
                Ok(store) if store.has_staff()? => {
                    let actor = acting(&store, cli.user.as_deref(), Operation::Restore)?.actor();
                    let keys = store.key_ring();
                    drop(store);
                    (actor, keys)
                }
                Ok(_)
                | Err(
                    StoreError::Missing { .. }
                    | StoreError::Damaged { .. }
                    | StoreError::EmptyFile { .. }
                    | StoreError::NotAStore { .. },
                ) => (super::access::os_login(), None),
                Err(e) => return Err(e.into()),
            };
            let kept = Store::restore(&db, file, &actor, keys.as_ref(), clock)?;
            say(&tr!(
                "cli.restored",
                path = db.display(),
                from = file.display()
            ))?;
            if let Some(kept) = kept {
                say(&tr!("cli.restore_kept", path = kept.display()))?;
            }
            Ok(Outcome::Done)
        }
        Command::Check => {
            // Only read: a backup checked is the same afterwards, and may be read-only.
            let store = Store::open_to_read(&db_path(cli), clock)?;
            // Named, the person's keys open the sealed records so that they are checked too.
            if let Some(name) = cli.user.as_deref() {
                drop(super::access::login(&store, name)?);
            }
            let path = store.path().to_path_buf();
            let problems = store.check()?;
            if problems.is_empty() {
                say(&tr!("cli.check_ok", path = path.display()))?;
                Ok(Outcome::Done)
            } else {
                for p in &problems {
                    say(&format!("- {p}"))?;
                }
                Err(CliError::Usage(crate::trn!(
                    "cli.check_failed",
                    count = problems.len()
                )))
            }
        }
        Command::Encrypt => {
            let mut store = open_store(cli, false, clock)?;
            let name = cli.user.as_deref().ok_or_else(|| {
                store.audit_refusal(
                    &crate::store::computer_login(),
                    crate::model::RecordRef::Store,
                    crate::model::Refusal::Encrypt(crate::model::EncryptRefusal::NoName),
                );
                CliError::Usage(tr!(
                    "access.name_yourself",
                    what = crate::i18n::text(Operation::Encrypt.key())
                ))
            })?;
            let passphrase = super::secret::new_passphrase(name, &store)?;
            let (backup, who) = store.encrypt(name, &passphrase)?;
            say(&tr!("privacy.encrypt_backup", path = backup.display()))?;
            say(&tr!(
                "privacy.encrypted",
                name = crate::text::safe(&who.name)
            ))?;
            Ok(Outcome::Done)
        }
        Command::Passphrase { of: None } => {
            let store = open_store(cli, false, clock)?;
            let name = cli.user.as_deref().ok_or_else(|| {
                CliError::Usage(tr!(
                    "access.name_yourself",
                    what = crate::i18n::text("privacy.own_passphrase")
                ))
            })?;
            let current = super::secret::current_passphrase(name)?;
            let session = if store.needs_passphrase() {
                store.unlock(name, &current)?
            } else {
                super::access::login(&store, name)?
            };
            let new = super::secret::new_passphrase(name, &store)?;
            session.change_passphrase(&current, &new)?;
            say(&tr!(
                "privacy.changed",
                name = crate::text::safe(&session.who().name)
            ))?;
            Ok(Outcome::Done)
        }
        _ => {
            // Only the commands that fill a new store may make one; the others need one.
            let may_create = matches!(
                command,
                Command::Demo(_)
                    | Command::Import(ImportCommand::Json { .. })
                    | Command::Counselor(CounselorCommand::Add { .. })
            );
            let mut store = open_store(cli, may_create, clock)?;
            // A report's figures and an export's records rest on every page of the file.
            if matches!(command, Command::Report(_) | Command::Export(_)) {
                store.verify_file()?;
            }
            let op = operation(command).ok_or_else(|| CliError::Usage(tr!("cli.internal")))?;
            let who = acting(&store, cli.user.as_deref(), op)?;
            run_on_store(&store, &who, command)
        }
    }
}

/// The store a command line names (`--db`, `SHOUWANG_DB`, or the default one).
pub fn db_path(cli: &Cli) -> std::path::PathBuf {
    cli.db.clone().unwrap_or_else(crate::store::default_path)
}

/// Opens the store `--db` names (or the default one). With `may_create` a missing store is
/// made, in a folder that exists; only the default data folder is made when missing, never
/// the folders of a path the user typed. The store reads `clock`.
pub fn open_store(cli: &Cli, may_create: bool, clock: Clock) -> Result<Store, CliError> {
    let db = db_path(cli);
    if !may_create {
        return Ok(Store::open_existing(&db, clock)?);
    }
    if cli.db.is_none()
        && let Some(dir) = db.parent()
    {
        crate::paths::create_private_dir(dir).map_err(|e| StoreError::Io {
            path: dir.to_path_buf(),
            detail: e.to_string(),
        })?;
    }
    Ok(Store::open(&db, clock)?)
}

/// The session a command that needs a person runs in. `acting` gives one for every such
/// command on a store with staff; the exceptions (an empty store) never reach here.
pub(super) fn session<'a>(who: &'a Acting) -> Result<&'a Session<'a>, CliError> {
    match who {
        Acting::Person(s) => Ok(s),
        Acting::Anyone(_) => Err(CliError::Usage(tr!("cli.internal"))),
    }
}

/// The person acting, if one is named (none: the first staff of an empty store).
fn person<'a>(who: &'a Acting) -> Option<&'a Session<'a>> {
    match who {
        Acting::Person(s) => Some(s),
        Acting::Anyone(_) => None,
    }
}

pub(super) fn find_counselor(store: &Store, name: &str) -> Result<Counselor, CliError> {
    store
        .staff()?
        .into_iter()
        .find(|c| c.name == crate::text::name_form(name))
        .ok_or_else(|| {
            CliError::Usage(tr!(
                "cli.no_such_counselor",
                name = crate::interchange::cells::quoted(name)
            ))
        })
}

fn run_on_store(store: &Store, who: &Acting, command: &Command) -> Result<Outcome, CliError> {
    if super::admin::run_admin(store, who, command)? {
        return Ok(Outcome::Done);
    }
    let actor = &who.actor();
    match command {
        Command::Import(ImportCommand::Roster { file, dry_run }) => {
            let report = import_roster(session(who)?, file, *dry_run)?;
            say(report.to_string().trim_end())?;
            if *dry_run {
                say(&tr!("cli.dry_run_nothing_written"))?;
            }
            if report.all_rejected() {
                return Err(CliError::Usage(tr!("cli.import_all_rejected")));
            }
            Ok(if report.rejected.is_empty() {
                Outcome::Done
            } else {
                Outcome::Partial
            })
        }
        Command::Import(ImportCommand::Letters { file }) => {
            let (config, warning) = crate::config::Config::load(None);
            if let Some(w) = warning {
                warn(&w);
            }
            let report = import_letters(
                session(who)?,
                file,
                store.clock().today(),
                &config.danger_words,
            )?;
            say(report.to_string().trim_end())?;
            Ok(Outcome::Done)
        }
        Command::Import(ImportCommand::Json { file }) => {
            let summary = import_json(store, person(who), actor, file)?;
            say(summary.to_string().trim_end())?;
            if store.encryption() == crate::store::Encryption::Unencrypted {
                say(&tr!("privacy.not_encrypted"))?;
            }
            Ok(Outcome::Done)
        }
        Command::Export(export) => {
            super::export::run_export(session(who)?, export)?;
            Ok(Outcome::Done)
        }
        Command::Report(report) => {
            super::report::run_report(session(who)?, report)?;
            Ok(Outcome::Done)
        }
        Command::Counselor(CounselorCommand::Add {
            name,
            role,
            classes,
        }) => {
            let role = super::admin::role_of(*role);
            let c = match who {
                Acting::Person(s) => {
                    let first = match store.needs_passphrase() {
                        true => Some(super::secret::new_passphrase(name, store)?),
                        false => None,
                    };
                    s.add_staff(name, role, classes.clone(), first.as_ref())?
                }
                Acting::Anyone(a) => {
                    let first = super::secret::new_passphrase(name, store)?;
                    store.bootstrap(a, name, role, classes.clone(), &first)?
                }
            };
            say(&tr!(
                "cli.counselor_added",
                name = crate::text::safe(&c.name),
                role = crate::labels::role(role)
            ))?;
            Ok(Outcome::Done)
        }
        Command::Passphrase { of: Some(target) } => {
            let staff = find_counselor(store, target)?;
            let new = super::secret::new_passphrase(&staff.name, store)?;
            session(who)?.reset_passphrase(staff.id, &new)?;
            say(&tr!("privacy.reset", name = crate::text::safe(&staff.name)))?;
            Ok(Outcome::Done)
        }
        Command::Counselor(CounselorCommand::List) => {
            // Anyone sees names and roles; who sees every child also the numbers and classes.
            let session = match who {
                Acting::Person(s) => Some(s.reader()?),
                Acting::Anyone(_) => None,
            };
            let counselors = store.staff()?;
            if counselors.is_empty() {
                say(&tr!("cli.no_counselors"))?;
            }
            for c in counselors {
                let mut count = String::new();
                let mut c = c;
                if let Some(r) = &session
                    && let Some(full) = r.counselor(c.id)?
                    && let Some(load) = r.caseload_of(&full)?
                {
                    // The count the Admin screen shows (`Reader::caseload`).
                    count = format!(
                        "\t{}",
                        crate::trn!("cli.children_count", count = load.in_care)
                    );
                    c = full;
                }
                let classes = if c.classes.is_empty() {
                    String::new()
                } else {
                    format!("  ({})", c.classes.join(&crate::labels::list_separator()))
                };
                // Someone who left stays listed (their records keep their name), marked.
                let gone = if c.active {
                    String::new()
                } else {
                    format!("\t{}", tr!("admin.screen.inactive"))
                };
                say(&format!(
                    "{}\t{}{}{}{}",
                    crate::text::safe(&c.name),
                    crate::labels::role(c.role),
                    count,
                    crate::text::safe(&classes),
                    gone
                ))?;
            }
            Ok(Outcome::Done)
        }
        Command::Assign(args) => {
            let session = session(who)?;
            let to = find_counselor(store, &args.to)?;
            let from = match &args.from {
                Some(s) => crate::domain::when::parse_day(s, store.clock().today())
                    .ok_or_else(|| CliError::Usage(tr!("cli.bad_date", date = s)))?,
                None => store.clock().today(),
            };
            let outcomes = session.write(|w| {
                let mut outcomes = Vec::new();
                for sid in &args.student_ids {
                    let child = w.child_by_student_id(sid.trim())?.ok_or_else(|| {
                        StoreError::Refused(crate::model::Refusal::NoSuchStudent {
                            student_id: sid.to_string(),
                            assigning: true,
                        })
                    })?;
                    outcomes.push((child.name.clone(), w.assign(child.id, to.id, from)?));
                }
                Ok(outcomes)
            })?;
            for (name, outcome) in outcomes {
                let line = match outcome {
                    Assigned::New => tr!("cli.assigned", child = name, counselor = to.name),
                    Assigned::Moved => tr!("cli.reassigned", child = name, counselor = to.name),
                    Assigned::Unchanged => {
                        tr!("cli.already_assigned", child = name, counselor = to.name)
                    }
                };
                say(&line)?;
            }
            Ok(Outcome::Done)
        }
        Command::Demo(args) => {
            let options = demo::DemoOptions {
                children: args.children,
                notes_per_child: args.notes_per_child,
                seed: args.seed,
                today: store.clock().today(),
            };
            let bar = progress_bar();
            let summary = demo::fill(store, person(who), actor, &options, &mut |done, total| {
                bar.set_length(total);
                bar.set_position(done);
            })?;
            bar.finish_and_clear();
            say(summary.to_string().trim_end())?;
            say(&tr!("cli.demo_where", path = store.path().display()))?;
            Ok(Outcome::Done)
        }
        Command::Backup { file, force } => {
            super::export::backup(session(who)?, file, *force)?;
            Ok(Outcome::Done)
        }
        Command::Audit(args) => {
            super::export::audit(session(who)?, args)?;
            Ok(Outcome::Done)
        }
        // `run` handles these before opening the store, `run_admin` the desk's; reaching here
        // is a programming error, which still deserves a sentence rather than a panic.
        Command::Handover(_)
        | Command::Child(_)
        | Command::Counselor(
            CounselorCommand::Role { .. }
            | CounselorCommand::Classes { .. }
            | CounselorCommand::Deactivate { .. }
            | CounselorCommand::Activate { .. },
        )
        | Command::Restore { .. }
        | Command::Check
        | Command::Encrypt
        | Command::Passphrase { of: None }
        | Command::Completions { .. }
        | Command::Man => Err(CliError::Usage(tr!("cli.internal"))),
    }
}

fn progress_bar() -> indicatif::ProgressBar {
    if std::io::stderr().is_terminal() {
        let bar = indicatif::ProgressBar::new(0);
        if let Ok(style) =
            indicatif::ProgressStyle::with_template("{bar:40} {percent:>3}% {pos}/{len} {eta}")
        {
            bar.set_style(style);
        }
        bar
    } else {
        indicatif::ProgressBar::hidden()
    }
}
