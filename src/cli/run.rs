//! Executes a parsed command line against the store. Every failure becomes a `CliError`
//! whose text is one sentence for the person at the keyboard; `main` prints it and exits 1.

use super::{Cli, Command, CounselorCommand, ExportCommand, ImportCommand, RoleArg};
use crate::clock::today;
use crate::export::json::{JsonExportError, write_json};
use crate::export::{ExportError, roster as roster_export};
use crate::i18n;
use crate::import::{
    ImportError, dates, json::import_json, letters::import_letters, roster::import_roster,
};
use crate::model::{Actor, AuditAction, Child, Counselor, RecordRef, Role};
use crate::store::{Assigned, Store, StoreError};
use crate::{demo, tr};
use std::fmt;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

#[derive(Debug)]
pub enum CliError {
    Store(StoreError),
    Import(ImportError),
    Export(String),
    /// A sentence already in the user's language.
    Usage(String),
}

impl fmt::Display for CliError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CliError::Store(e) => e.fmt(f),
            CliError::Import(e) => e.fmt(f),
            CliError::Export(s) | CliError::Usage(s) => f.write_str(s),
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
        CliError::Export(e.to_string())
    }
}
impl From<JsonExportError> for CliError {
    fn from(e: JsonExportError) -> Self {
        CliError::Export(e.to_string())
    }
}

/// Runs one subcommand. `None` (no subcommand) is the app's business, not this module's.
pub fn run(cli: &Cli, command: &Command) -> Result<(), CliError> {
    let db = cli.db.clone().unwrap_or_else(crate::store::default_path);
    match command {
        Command::Restore { file } => {
            let kept = Store::restore(&db, file)?;
            println!(
                "{}",
                tr!("cli.restored", path = db.display(), from = file.display())
            );
            if let Some(kept) = kept {
                println!("{}", tr!("cli.restore_kept", path = kept.display()));
            }
            Ok(())
        }
        Command::Check => {
            let store = Store::open(&db)?;
            let problems = store.check()?;
            if problems.is_empty() {
                println!("{}", tr!("cli.check_ok", path = db.display()));
                Ok(())
            } else {
                for p in &problems {
                    println!("- {p}");
                }
                Err(CliError::Usage(tr!(
                    "cli.check_failed",
                    count = problems.len()
                )))
            }
        }
        _ => {
            let store = Store::open(&db)?;
            let actor = actor_for(&store, cli.user.as_deref())?;
            run_on_store(&store, &actor, command)
        }
    }
}

/// Who the audit log names: the `--user` staff member, or the computer's login.
fn actor_for(store: &Store, user: Option<&str>) -> Result<Actor, CliError> {
    match user {
        Some(name) => Ok(Actor::Counselor(find_counselor(store, name)?.id)),
        None => {
            let login = std::env::var("USER")
                .or_else(|_| std::env::var("USERNAME"))
                .unwrap_or_default();
            Ok(Actor::CommandLine(login))
        }
    }
}

fn find_counselor(store: &Store, name: &str) -> Result<Counselor, CliError> {
    store
        .reader()?
        .counselor_by_name(name.trim())?
        .ok_or_else(|| CliError::Usage(tr!("cli.no_such_counselor", name = name)))
}

/// Personal data leaves the store only for a coordinator (or the machine's owner at the
/// command line, who holds the file anyway); either way the export is audited.
fn require_coordinator(store: &Store, actor: &Actor) -> Result<(), CliError> {
    if let Actor::Counselor(id) = actor {
        let who = store.reader()?.get::<Counselor>(id.0)?;
        if who.is_none_or(|c| c.role != Role::Coordinator) {
            return Err(CliError::Usage(tr!("cli.export_needs_coordinator")));
        }
    }
    Ok(())
}

fn run_on_store(store: &Store, actor: &Actor, command: &Command) -> Result<(), CliError> {
    match command {
        Command::Import(ImportCommand::Roster { file, dry_run }) => {
            let report = import_roster(store, actor, file, *dry_run)?;
            println!("{report}");
            if *dry_run {
                println!("{}", tr!("cli.dry_run_nothing_written"));
            }
            Ok(())
        }
        Command::Import(ImportCommand::Letters { file }) => {
            let (config, warning) = crate::config::Config::load(None);
            if let Some(w) = warning {
                eprintln!("{w}");
            }
            let report = import_letters(store, actor, file, today(), &config.danger_words)?;
            println!("{report}");
            Ok(())
        }
        Command::Import(ImportCommand::Json { file }) => {
            let summary = import_json(store, actor, file)?;
            println!("{summary}");
            Ok(())
        }
        Command::Export(export) => run_export(store, actor, export),
        Command::Counselor(CounselorCommand::Add {
            name,
            role,
            classes,
        }) => {
            let role = match role {
                RoleArg::Counselor => Role::Counselor,
                RoleArg::HeadTeacher => Role::HeadTeacher,
                RoleArg::Coordinator => Role::Coordinator,
            };
            let c = store.write(actor, |w| w.add_counselor(name, role, classes.clone()))?;
            println!(
                "{}",
                tr!(
                    "cli.counselor_added",
                    name = c.name,
                    role = crate::ui::labels::role(role)
                )
            );
            Ok(())
        }
        Command::Counselor(CounselorCommand::List) => {
            let reader = store.reader()?;
            let counselors = reader.counselors()?;
            if counselors.is_empty() {
                println!("{}", tr!("cli.no_counselors"));
            }
            for c in counselors {
                let n = reader.children_in_care_of(&c)?.len();
                let classes = if c.classes.is_empty() {
                    String::new()
                } else {
                    format!("  ({})", c.classes.join("、"))
                };
                println!(
                    "{}\t{}\t{}{}",
                    c.name,
                    crate::ui::labels::role(c.role),
                    tr!("cli.children_count", count = n),
                    classes
                );
            }
            Ok(())
        }
        Command::Assign(args) => {
            let to = find_counselor(store, &args.to)?;
            let from = match &args.from {
                Some(s) => dates::parse_date(s)
                    .ok_or_else(|| CliError::Usage(tr!("cli.bad_date", date = s)))?,
                None => today(),
            };
            let outcomes = store.write(actor, |w| {
                let mut outcomes = Vec::new();
                for sid in &args.student_ids {
                    let child = w.child_by_student_id(sid.trim())?.ok_or_else(|| {
                        StoreError::Refused(tr!("cli.no_such_student", student_id = sid))
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
                println!("{line}");
            }
            Ok(())
        }
        Command::Demo(args) => {
            let options = demo::DemoOptions {
                children: args.children,
                notes_per_child: args.notes_per_child,
                seed: args.seed,
                today: today(),
            };
            let bar = progress_bar();
            let summary = demo::fill(store, actor, &options, &mut |done, total| {
                bar.set_length(total);
                bar.set_position(done);
            })?;
            bar.finish_and_clear();
            println!("{summary}");
            println!("{}", tr!("cli.demo_where", path = store.path().display()));
            Ok(())
        }
        Command::Backup { file } => {
            store.backup_to(file)?;
            store.write(actor, |w| {
                w.audit(
                    AuditAction::Backup,
                    RecordRef::Store,
                    file.display().to_string(),
                )
            })?;
            println!("{}", tr!("cli.backed_up", path = file.display()));
            Ok(())
        }
        Command::Restore { .. } | Command::Check => unreachable_command(),
    }
}

/// `run` handles these before opening the store; reaching here is a programming error, which
/// still deserves a sentence rather than a panic.
fn unreachable_command() -> Result<(), CliError> {
    Err(CliError::Usage(tr!("cli.internal")))
}

fn run_export(store: &Store, actor: &Actor, export: &ExportCommand) -> Result<(), CliError> {
    // Replies hold no personal data (letters are anonymous): any staff member prints them.
    if let ExportCommand::Replies { week, out, format } = export {
        return export_replies(store, actor, week.as_deref(), out.as_deref(), *format);
    }
    require_coordinator(store, actor)?;
    let reader = store.reader()?;
    let (what, out): (&str, Option<&PathBuf>) = match export {
        ExportCommand::Json { out, audit } => {
            with_output(out.as_deref(), |w| {
                write_json(&reader, *audit, w)
                    .map(|_| ())
                    .map_err(CliError::from)
            })?;
            ("json", out.as_ref())
        }
        ExportCommand::Csv { out } => {
            let children = reader.all::<Child>()?;
            with_output(out.as_deref(), |w| {
                roster_export::write_csv(&children, i18n::lang(), w).map_err(CliError::from)
            })?;
            ("csv", out.as_ref())
        }
        ExportCommand::Xlsx { out } => {
            let children = reader.all::<Child>()?;
            roster_export::write_xlsx(&children, i18n::lang(), out)?;
            ("xlsx", Some(out))
        }
        ExportCommand::Replies { .. } => return unreachable_command(),
    };
    drop(reader);
    let detail = match out {
        Some(p) => format!("{what} → {}", p.display()),
        None => format!("{what} → stdout"),
    };
    store.write(actor, |w| {
        w.audit(AuditAction::Export, RecordRef::Store, detail)
    })?;
    if let Some(p) = out {
        eprintln!("{}", tr!("cli.exported", path = p.display()));
    }
    Ok(())
}

/// `export replies`: the week's answered letters, one per page, then marked printed (one
/// transaction, one audit event per letter). Nothing is written for a week without replies.
fn export_replies(
    store: &Store,
    actor: &Actor,
    week: Option<&str>,
    out: Option<&Path>,
    format: super::RepliesFormat,
) -> Result<(), CliError> {
    use crate::export::replies::{ReplyFormat, print_week};
    let (year, week) = match week {
        Some(w) => crate::mailbox::parse_week(w)
            .ok_or_else(|| CliError::Usage(tr!("mailbox.print.bad_week", value = w)))?,
        None => crate::model::LetterNumber::week_of(today()),
    };
    let format = match format {
        super::RepliesFormat::Txt => ReplyFormat::Txt,
        super::RepliesFormat::Md => ReplyFormat::Md,
        super::RepliesFormat::Html => ReplyFormat::Html,
    };
    let label = crate::mailbox::week_label(year, week);
    let answered = store
        .reader()?
        .letters_of_week(year, week)?
        .iter()
        .filter(|l| l.status == crate::model::LetterStatus::Replied && !l.reply.trim().is_empty())
        .count();
    if answered == 0 {
        return Err(CliError::Usage(tr!(
            "mailbox.print.empty_week",
            week = label
        )));
    }
    let target = out.map_or_else(|| "stdout".to_string(), |p| p.display().to_string());
    let mut printed = None;
    with_output(out, |w| {
        printed = Some(print_week(store, actor, year, week, format, w, &target)?);
        Ok(())
    })?;
    if let Some(p) = printed {
        eprintln!(
            "{}",
            tr!(
                "mailbox.print.cli_done",
                count = p.numbers.len(),
                numbers = p.numbers.join(", ")
            )
        );
        if p.unanswered > 0 {
            eprintln!(
                "{}",
                tr!("mailbox.print.unanswered", count = p.unanswered).trim()
            );
        }
    }
    Ok(())
}

/// Writes to the file (created new or truncated) or to standard output.
fn with_output(
    path: Option<&Path>,
    f: impl FnOnce(&mut dyn Write) -> Result<(), CliError>,
) -> Result<(), CliError> {
    match path {
        Some(p) => {
            let file = std::fs::File::create(p).map_err(|e| {
                CliError::Usage(tr!("cli.cannot_write", path = p.display(), detail = e))
            })?;
            let mut w = std::io::BufWriter::new(file);
            f(&mut w)?;
            w.flush().map_err(|e| {
                CliError::Usage(tr!("cli.cannot_write", path = p.display(), detail = e))
            })
        }
        None => {
            let stdout = std::io::stdout();
            let mut w = std::io::BufWriter::new(stdout.lock());
            f(&mut w)?;
            // A closed pipe (`| head`) is not the user's problem.
            let _ = w.flush();
            Ok(())
        }
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
