//! Who is acting on the command line, and whether the permission table lets them: every
//! subcommand maps to one `Operation`; `--user` names the person, whose store session then
//! decides. Nobody needs naming for what anyone may do, nor on a store with no staff yet,
//! where `counselor add`, `demo` and `import json` make the first staff.

use super::{
    ChildCommand, CliError, Command, CounselorCommand, ExportCommand, ImportCommand, ReportCommand,
};
use crate::domain::access::{Operation, needs_nobody};
use crate::model::{Actor, AuditAction, RecordRef};
use crate::store::{Session, Store, StoreError};
use crate::tr;

/// The operation a subcommand asks of the store; `None` for those that never open one (the
/// completions and the manual page describe the program, not the records).
pub(super) fn operation(command: &Command) -> Option<Operation> {
    Some(match command {
        Command::Import(ImportCommand::Roster { .. }) => Operation::ImportRoster,
        Command::Import(ImportCommand::Letters { .. }) => Operation::TakeInLetters,
        Command::Import(ImportCommand::Json { .. }) => Operation::ImportJson,
        Command::Export(ExportCommand::Replies { .. }) => Operation::PrintReplies,
        Command::Export(_) => Operation::ExportPersonal,
        Command::Report(ReportCommand::Semester { .. }) => Operation::ReportSemester,
        Command::Report(ReportCommand::Quarterly { .. }) => Operation::ReportQuarterly,
        Command::Report(ReportCommand::Stats { .. }) => Operation::ReportStats,
        Command::Report(ReportCommand::Archive { .. }) => Operation::ViewChild,
        Command::Report(ReportCommand::Absence { .. }) => Operation::FollowAbsence,
        Command::Counselor(CounselorCommand::Add { .. }) => Operation::AddStaff,
        Command::Counselor(CounselorCommand::List) => Operation::ListStaff,
        Command::Counselor(
            CounselorCommand::Role { .. }
            | CounselorCommand::Classes { .. }
            | CounselorCommand::Deactivate { .. }
            | CounselorCommand::Activate { .. },
        ) => Operation::ChangeStaff,
        Command::Assign(_) | Command::Handover(_) => Operation::Assign,
        Command::Child(ChildCommand::Leave { .. } | ChildCommand::Return { .. }) => {
            Operation::RecordLeaving
        }
        Command::Demo(_) => Operation::FillDemo,
        Command::Backup { .. } => Operation::Backup,
        Command::Restore { .. } => Operation::Restore,
        Command::Check => Operation::Check,
        Command::Encrypt => Operation::Encrypt,
        Command::Passphrase { of: Some(_) } => Operation::ResetPassphrase,
        // One's own passphrase: anyone who can unlock as themselves.
        Command::Passphrase { of: None } => Operation::ListStaff,
        Command::Audit(_) => Operation::ReadAudit,
        Command::Completions { .. } | Command::Man => return None,
    })
}

/// Who runs a command that the table allowed.
pub(super) enum Acting<'s> {
    /// A named staff member whose session allowed the operation.
    Person(Session<'s>),
    /// Nobody named: an operation anyone may do, or the first staff of an empty store.
    Anyone(Actor),
}

impl Acting<'_> {
    /// Who the audit events name.
    pub(super) fn actor(&self) -> Actor {
        match self {
            Acting::Person(s) => s.actor(),
            Acting::Anyone(a) => a.clone(),
        }
    }
}

/// Decides who acts for `op` on `store`, refusing (exit 1, audited) what the table does not
/// allow them.
pub(super) fn acting<'s>(
    store: &'s Store,
    user: Option<&str>,
    op: Operation,
) -> Result<Acting<'s>, CliError> {
    let creates_first_staff = matches!(
        op,
        Operation::AddStaff | Operation::FillDemo | Operation::ImportJson
    );
    if creates_first_staff && !store.has_staff()? {
        return Ok(Acting::Anyone(os_login()));
    }
    match user {
        Some(name) => {
            let session = login(store, name)?;
            session.allow(op)?;
            Ok(Acting::Person(session))
        }
        None if needs_nobody(op) => Ok(Acting::Anyone(os_login())),
        None => {
            // Audited like any refusal, naming the computer's login since no one was named.
            let code = op.key().trim_start_matches("access.op.");
            let _ = store.write(&os_login(), |w| {
                w.audit(AuditAction::Refused, RecordRef::Store, code)
            });
            Err(CliError::Usage(tr!(
                "access.name_yourself",
                what = crate::i18n::text(op.key())
            )))
        }
    }
}

/// The session of `name`: unlocked with their passphrase when the store is encrypted.
pub(super) fn login<'s>(store: &'s Store, name: &str) -> Result<Session<'s>, CliError> {
    // An unknown or deactivated name is said (and audited) before anyone is asked for a
    // passphrase.
    let who = match store.staff_named(name) {
        Err(StoreError::UnknownName { .. }) => {
            return Err(CliError::Usage(tr!(
                "cli.no_such_counselor",
                name = crate::interchange::cells::quoted(name)
            )));
        }
        found => found?,
    };
    if !store.needs_passphrase() {
        return Ok(store.session(&who)?);
    }
    Ok(store.unlock(name, &super::secret::passphrase(name)?)?)
}

/// The computer's login name, for what no staff member was named for.
pub(super) fn os_login() -> Actor {
    crate::store::computer_login()
}
