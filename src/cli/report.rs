//! `report semester|quarterly|stats|archive|absence`: the figures from `domain::report`, read through
//! the person's session (which decides who may have which report), put into words by
//! `export::report` and written through `export::output`. Every report written is audited.

use super::{CliError, PageFormat, ReportCommand, ReportOut, SheetFormat, TableFormat, warn};
use crate::config::Config;
use crate::domain::access::Operation;
use crate::domain::report::quarterly::{Quarter, quarterly};
use crate::domain::report::quarterly_check::{Counts, Focus, check, counts};
use crate::domain::report::semester::semester;
use crate::domain::report::stats::StatsBuilder;
use crate::domain::report::{Range, default_range};
use crate::export::ExportError;
use crate::export::output;
use crate::export::report::archive::{ArchivePage, Paper};
use crate::export::report::{self as files, Table};
use crate::model::{AuditAction, RecordRef, limits};
use crate::store::Session;
use crate::tr;
use chrono::NaiveDate;
use std::io::Write;

pub(super) fn run_report(session: &Session, report: &ReportCommand) -> Result<(), CliError> {
    let (config, warning) = Config::load(None);
    if let Some(w) = warning {
        warn(&w);
    }
    let today = session.today();
    match report {
        ReportCommand::Semester {
            counselor,
            from,
            to,
            format,
            out,
        } => {
            let reader = session.reader()?;
            let who = match counselor {
                None => session.who().clone(),
                Some(name) => reader.counselor_by_name(name.trim())?.ok_or_else(|| {
                    CliError::Usage(tr!(
                        "cli.no_such_counselor",
                        name = crate::interchange::cells::quoted(name)
                    ))
                })?,
            };
            let range = range(&config, from.as_deref(), to.as_deref(), today)?;
            let records = reader.semester_records(who.id, range)?;
            drop(reader);
            let s = semester(&config, who.id, range, today, &records);
            let what = format!("semester {} {}..{}", who.name, range.from, range.to);
            let audit = [(AuditAction::Export, RecordRef::Counselor(who.id.0))];
            write(
                session,
                out,
                *format == TableFormat::Xlsx,
                &what,
                &audit,
                |w, name| match format {
                    TableFormat::Md => {
                        files::write_md(&files::semester::document(&s, &who.name, &config), w, name)
                    }
                    TableFormat::Csv => {
                        files::write_csv(&files::semester::table(&s, &who.name, &config), w, name)
                    }
                    TableFormat::Xlsx => {
                        let t = files::semester::table(&s, &who.name, &config);
                        files::write_xlsx(&[t], w, name)
                    }
                },
            )
        }
        ReportCommand::Quarterly {
            quarter,
            format,
            out,
        } => {
            let quarter = match quarter {
                None => Quarter::of(today),
                Some(q) => Quarter::parse(q)
                    .ok_or_else(|| CliError::Usage(tr!("report.bad_quarter", value = q)))?,
            };
            let rows = quarterly(quarter, session.reader()?.quarterly_records(quarter)?);
            // The check before it is sent, and the figures, said before the file is written:
            // what would make the update wrong is for the coordinator to put right first.
            let findings = check(quarter, &rows);
            if findings.is_empty() {
                warn(&tr!("report.quarterly.check_clean"));
            } else {
                let mut said = vec![crate::trn!(
                    "report.quarterly.check_head",
                    count = findings.len()
                )];
                // The first rows only, as a roster import's rejections: a county's store with
                // no guardian phones does not print fifty thousand lines.
                let kept = limits::REJECTIONS_KEPT;
                said.extend(
                    findings
                        .iter()
                        .take(kept)
                        .map(crate::labels::quarter_finding),
                );
                if findings.len() > kept {
                    said.push(crate::trn!(
                        "report.quarterly.check_more",
                        count = findings.len() - kept
                    ));
                }
                warn(&said.join("\n"));
            }
            let n = counts(&rows);
            warn(&counts_line(quarter, &n));
            let staff = session.store().staff()?;
            let table: Table = files::quarterly::table(quarter, &config.school_name, &rows, &staff);
            // A county's records are not needed once in the table: half the peak memory.
            drop(rows);
            let xlsx = *format == SheetFormat::Xlsx;
            let what = format!("quarterly {quarter}");
            let audit = [(AuditAction::Export, RecordRef::Store)];
            write(session, out, xlsx, &what, &audit, |w, name| {
                if xlsx {
                    let sum = files::quarterly::counts_table(quarter, &n);
                    files::write_xlsx(&[table, sum], w, name)
                } else {
                    // Headed as the workbook is, in the language in force (issue 23, 5).
                    files::write_csv_labelled(&table, w, name)
                }
            })
        }
        ReportCommand::Stats {
            from,
            to,
            format,
            out,
        } => {
            let range = range(&config, from.as_deref(), to.as_deref(), today)?;
            let mut builder = StatsBuilder::new(range, today);
            session.reader()?.feed_stats(&mut builder)?;
            let s = builder.finish();
            let what = format!("stats {}..{}", range.from, range.to);
            let xlsx = *format == TableFormat::Xlsx;
            write(
                session,
                out,
                xlsx,
                &what,
                &[(AuditAction::Export, RecordRef::Store)],
                |w, name| match format {
                    TableFormat::Md => files::write_md(&files::stats::document(&s), w, name),
                    TableFormat::Csv => files::write_csv(&files::stats::long_table(&s), w, name),
                    TableFormat::Xlsx => files::write_xlsx(&files::stats::tables(&s), w, name),
                },
            )
        }
        ReportCommand::Archive {
            student_ids,
            from,
            to,
            incidents,
            format: PageFormat::Html,
            out,
        } => {
            // Mandatory reports go on paper only when the coordinator asks for them.
            if *incidents {
                session.allow(Operation::PrintIncidents)?;
            }
            let range = range(&config, from.as_deref(), to.as_deref(), today)?;
            let pages = archive_pages(session, student_ids, range, *incidents)?;
            let staff = session.store().staff()?;
            let paper = Paper {
                school: &config.school_name,
                printed: today,
                range,
                staff: &staff,
            };
            let audit: Vec<(AuditAction, RecordRef)> = pages
                .iter()
                .map(|p| (AuditAction::Print, RecordRef::Child(p.records.child.id.0)))
                .collect();
            let what = format!("archive {}..{}", range.from, range.to);
            write(session, out, false, &what, &audit, |w, name| {
                files::archive::write_html(&pages, &paper, w, name)
            })
        }
        ReportCommand::Absence {
            child,
            format: PageFormat::Html,
            out,
        } => absence_report(session, &config, child, out),
    }
}

/// The written report of the child's open absence case, else their latest; printing an open
/// case is noted on it (so it may close as 劝返无效 reported).
fn absence_report(
    session: &Session,
    config: &Config,
    child: &str,
    out: &ReportOut,
) -> Result<(), CliError> {
    let page = {
        let reader = session.reader()?;
        let found = child_named(&reader, child)?;
        let cases = reader.absences_of_child(found.id)?;
        let case = cases
            .iter()
            .find(|c| c.is_open())
            .or_else(|| cases.last())
            .ok_or_else(|| CliError::Usage(tr!("report.absence.no_case", name = found.name)))?;
        files::absence::page(&reader, case.id)?.ok_or_else(|| {
            CliError::Usage(tr!(
                "report.absence.unknown_child",
                child = crate::interchange::cells::quoted(child)
            ))
        })?
    };
    let staff = session.store().staff()?;
    let paper = files::absence::Paper {
        school: &config.school_name,
        township: &config.township,
        printed: session.today(),
        staff: &staff,
    };
    let what = "absence".to_string();
    let audit = [(AuditAction::Print, RecordRef::Child(page.case.child.0))];
    write(session, out, false, &what, &audit, |w, name| {
        files::absence::write_html(&page, &paper, w, name)
    })?;
    if page.case.is_open() {
        session.write(|w| w.absence_report_printed(page.case.id))?;
        warn(&tr!("report.absence.noted"));
    }
    Ok(())
}

/// A child by student id (学号), else by name among the children this person may see; a name
/// two children share asks for the student id.
fn child_named(
    reader: &crate::store::SessionReader,
    typed: &str,
) -> Result<crate::model::Child, CliError> {
    if let Some(c) = reader.child_by_student_id(typed.trim())? {
        return Ok(c);
    }
    let name = crate::text::name_form(typed);
    let mut named: Vec<_> = reader
        .children()?
        .into_iter()
        .filter(|c| !name.is_empty() && crate::text::name_form(&c.name) == name)
        .collect();
    match named.len() {
        1 => Ok(named.remove(0)),
        0 => Err(CliError::Usage(tr!(
            "report.absence.unknown_child",
            child = crate::interchange::cells::quoted(typed)
        ))),
        n => Err(CliError::Usage(crate::trn!(
            "report.absence.same_name",
            count = n,
            child = crate::interchange::cells::quoted(typed)
        ))),
    }
}

/// Each child's page, in the order asked; a child out of the person's scope is refused
/// (audited) and nothing is written.
fn archive_pages(
    session: &Session,
    student_ids: &[String],
    range: Range,
    incidents: bool,
) -> Result<Vec<ArchivePage>, CliError> {
    let reader = session.reader()?;
    let mut pages = Vec::new();
    for sid in student_ids {
        let unknown = || {
            CliError::Usage(tr!(
                "report.archive.unknown_student",
                student_id = crate::interchange::cells::quoted(sid)
            ))
        };
        let child = reader
            .child_by_student_id(sid.trim())?
            .ok_or_else(unknown)?;
        let page = files::archive::page(&reader, child.id, range, incidents)?;
        pages.push(page.ok_or_else(unknown)?);
    }
    Ok(pages)
}

/// `--from` and `--to`, each defaulting to the term's (`default_range`).
fn range(
    config: &Config,
    from: Option<&str>,
    to: Option<&str>,
    today: NaiveDate,
) -> Result<Range, CliError> {
    let term = default_range(config, today);
    let day = |s: Option<&str>, default: NaiveDate| match s {
        None => Ok(default),
        Some(s) => crate::domain::when::parse_day(s, today)
            .ok_or_else(|| CliError::Usage(tr!("cli.bad_date", date = s))),
    };
    let (from, to) = (day(from, term.from)?, day(to, term.to)?);
    Range::new(from, to)
        .ok_or_else(|| CliError::Usage(tr!("report.bad_range", from = from, to = to)))
}

/// Writes a report to `--out` (or standard output) and audits it (`export::report`).
fn write(
    session: &Session,
    out: &ReportOut,
    xlsx: bool,
    what: &str,
    audit: &[(AuditAction, RecordRef)],
    f: impl FnOnce(&mut dyn Write, &str) -> Result<(), ExportError>,
) -> Result<(), CliError> {
    if xlsx && out.out.is_none() {
        return Err(CliError::Usage(tr!("report.xlsx_needs_out")));
    }
    files::write_report(session, out.out.as_deref(), out.force, what, audit, f)?;
    if let Some(p) = output::file_target(out.out.as_deref()) {
        warn(&tr!("cli.exported", path = p.display()));
    }
    Ok(())
}

/// The quarterly update's figures in one sentence.
fn counts_line(quarter: Quarter, n: &Counts) -> String {
    let focus: Vec<String> = Focus::ALL
        .into_iter()
        .zip(n.focus)
        .map(|(f, count)| {
            tr!(
                "report.quarterly.count_focus",
                focus = crate::labels::focus(f),
                count = count
            )
        })
        .collect();
    tr!(
        "report.quarterly.counts_line",
        quarter = quarter,
        total = n.total,
        new = n.new,
        left = n.left,
        focus = focus.join(&crate::labels::list_separator())
    )
}
