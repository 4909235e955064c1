//! The commands that write files: `export json|csv|xlsx|replies`, `backup` and `audit`.
//! Every file goes through `export::output`, which never writes over the store or (without
//! `--force`) over an existing file, and renames a finished temporary file into place.

use super::{AuditArgs, AuditFormatArg, CliError, ExportCommand, RepliesFormat, say, warn};
use crate::domain::access::Operation;
use crate::export::output::{self, Guard};
use crate::export::roster as roster_export;
use crate::export::{ExportError, json::write_json};
use crate::i18n;
use crate::model::{AuditAction, Child, RecordRef};
use crate::store::Session;
use crate::tr;
use std::path::Path;

pub(super) fn run_export(session: &Session, export: &ExportCommand) -> Result<(), CliError> {
    let store = session.store();
    // Replies hold no personal data (letters are anonymous): any staff member prints them.
    if let ExportCommand::Replies {
        week,
        out,
        force,
        format,
    } = export
    {
        let guard = Guard {
            store: store.path(),
            force: *force,
        };
        return export_replies(session, week.as_deref(), out.as_deref(), guard, *format);
    }
    // Asked again here, whoever calls: the raw snapshot below holds every child.
    session.allow(Operation::ExportPersonal)?;
    let reader = store.reader()?;
    let (what, out, force) = match export {
        ExportCommand::Json { out, force, .. } => ("json", out.as_deref(), *force),
        ExportCommand::Csv { out, force } => ("csv", out.as_deref(), *force),
        ExportCommand::Xlsx { out, force } => ("xlsx", Some(out.as_path()), *force),
        ExportCommand::Replies { .. } => return Err(CliError::Usage(tr!("cli.internal"))),
    };
    let guard = Guard {
        store: store.path(),
        force,
    };
    let target = output::file_target(out);
    let name = target.map_or_else(|| "stdout".to_string(), |p| p.display().to_string());
    // Audited before the first byte: a reader that stops early (`| head`) or a process killed
    // halfway has still let personal data out.
    let announce = || {
        session
            .write(|w| {
                w.audit(
                    AuditAction::Export,
                    RecordRef::Store,
                    crate::model::Detail::Export {
                        what: what.to_string(),
                        to: name.clone(),
                    },
                )
            })
            .map_err(CliError::from)
    };
    let written = output::write_to(out, guard, announce, |w| match export {
        ExportCommand::Json { audit, .. } => write_json(session, *audit, w)
            .map(|_| ())
            .map_err(CliError::from),
        ExportCommand::Csv { .. } => {
            let children = reader.all::<Child>()?;
            roster_export::write_csv(&children, i18n::lang(), w).map_err(CliError::from)
        }
        _ => {
            let children = reader.all::<Child>()?;
            roster_export::write_xlsx(&children, i18n::lang(), w, &name).map_err(CliError::from)
        }
    });
    drop(reader);
    written?;
    if let Some(p) = target {
        warn(&tr!("cli.exported", path = p.display()));
    }
    Ok(())
}

/// `export replies`: the week's answered letters, one per page. They are marked printed (one
/// transaction, one audit event per letter) only once the file is written whole, so a failed
/// write leaves them unprinted and still answerable. Nothing is written for a week without
/// replies.
fn export_replies(
    session: &Session,
    week: Option<&str>,
    out: Option<&Path>,
    guard: Guard,
    format: Option<RepliesFormat>,
) -> Result<(), CliError> {
    use crate::export::replies::{
        PrintStyle, ReplyFormat, mark_printed, week_to_print, write_replies,
    };
    let (year, week) = match week {
        Some(w) => crate::mailbox::parse_week(w)
            .ok_or_else(|| CliError::Usage(tr!("mailbox.print.bad_week", value = w)))?,
        None => crate::model::LetterNumber::week_of(session.today()),
    };
    // `--out 回信.html` without --format means a web page, not text in an .html file.
    let by_name = output::file_target(out)
        .and_then(|p| p.extension())
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase);
    let format = match (format, by_name.as_deref()) {
        (Some(RepliesFormat::Html), _) | (None, Some("html" | "htm")) => ReplyFormat::Html,
        (Some(RepliesFormat::Md), _) | (None, Some("md" | "markdown")) => ReplyFormat::Md,
        _ => ReplyFormat::Txt,
    };
    let label = crate::mailbox::week_label(year, week);
    let to_print = week_to_print(session, year, week)?;
    if to_print.answered.is_empty() {
        return Err(CliError::Usage(tr!(
            "mailbox.print.empty_week",
            week = label
        )));
    }
    // The pages are for the children: the school's language and quoting, from its config.
    let (config, warning) = crate::config::Config::load(None);
    if let Some(w) = warning {
        warn(&w);
    }
    let style = PrintStyle::of(&config);
    let name =
        output::file_target(out).map_or_else(|| "stdout".to_string(), |p| p.display().to_string());
    // The replies name no child; the audit is the printed mark of each letter, after.
    output::write_to(
        out,
        guard,
        || Ok(()),
        |w| {
            write_replies(&to_print.answered, format, &style, w).map_err(|e| {
                CliError::from(ExportError::Io {
                    target: name.clone(),
                    detail: e.to_string(),
                })
            })
        },
    )?;
    let printed = mark_printed(session, &to_print)?;
    warn(&crate::trn!(
        "mailbox.print.cli_done",
        count = printed.numbers.len(),
        numbers = printed.numbers.join(", "),
        target = name
    ));
    if printed.unanswered > 0 {
        warn(crate::trn!("mailbox.print.unanswered", count = printed.unanswered).trim());
    }
    Ok(())
}

/// `backup FILE`: a consistent copy of the store, by the same rules as an export.
pub(super) fn backup(session: &Session, file: &Path, force: bool) -> Result<(), CliError> {
    let guard = Guard {
        store: session.store().path(),
        force,
    };
    let announce = || {
        session
            .write(|w| {
                w.audit(
                    AuditAction::Backup,
                    RecordRef::Store,
                    file.display().to_string(),
                )
            })
            .map_err(CliError::from)
    };
    output::write_file(file, guard, announce, |part| {
        let file = part.try_clone().map_err(|e| {
            CliError::from(crate::export::ExportError::Io {
                target: file.display().to_string(),
                detail: e.to_string(),
            })
        })?;
        session.backup_into(file).map_err(CliError::from)
    })?;
    say(&tr!("cli.backed_up", path = file.display()))
}

/// `audit`: the audit log, newest first, filtered, as CSV or JSON. The export of it is itself
/// an audit event (`export::audit::export`).
pub(super) fn audit(session: &Session, args: &AuditArgs) -> Result<(), CliError> {
    use crate::domain::audit::AuditFilter;
    use crate::export::audit::{AuditFormat, AuditTrail, child_records, export};
    use crate::interchange::cells::quoted;
    use crate::interchange::json::{AUDIT_ACTIONS, action_code};
    let reader = session.reader()?;
    let trail = AuditTrail::load(&reader)?;
    let mut filter = AuditFilter::default();
    if let Some(name) = &args.person {
        let person = trail
            .person_named(name)
            .ok_or_else(|| CliError::Usage(tr!("audit.no_such_person", name = quoted(name))))?;
        filter.person = Some(person);
    }
    // clap lets through only the codes `action_code` spells.
    filter.action = args
        .action
        .as_deref()
        .and_then(|code| AUDIT_ACTIONS.into_iter().find(|a| action_code(*a) == code));
    if let Some(sid) = &args.child {
        let typed = crate::text::fold_width(sid);
        let child = reader.child_by_student_id(typed.trim())?.ok_or_else(|| {
            CliError::Usage(tr!("audit.no_such_student", student_id = quoted(sid)))
        })?;
        filter.child = Some(child_records(&reader, child.id)?);
    }
    let day = |typed: &Option<String>| match typed {
        None => Ok(None),
        Some(s) => crate::domain::when::parse_day(s, session.today())
            .map(Some)
            .ok_or_else(|| CliError::Usage(tr!("cli.bad_date", date = s))),
    };
    filter.from = day(&args.from)?;
    filter.to = day(&args.to)?;
    if let (false, Some(from), Some(to)) = (filter.days_in_order(), filter.from, filter.to) {
        return Err(CliError::Usage(tr!(
            "audit.days_reversed",
            from = from,
            to = to
        )));
    }
    drop(reader);
    let shown = trail.select(&filter);
    let format = match args.format {
        AuditFormatArg::Csv => AuditFormat::Csv,
        AuditFormatArg::Json => AuditFormat::Json,
    };
    let guard = Guard {
        store: session.store().path(),
        force: args.force,
    };
    export(session, &trail, &shown, format, args.out.as_deref(), guard)?;
    if let Some(p) = output::file_target(args.out.as_deref()) {
        warn(&tr!(
            "audit.cli_written",
            count = shown.len(),
            path = p.display()
        ));
    }
    Ok(())
}
