//! The reports as files (issue 11): each report (`semester`, `quarterly`, `stats`) puts its
//! figures into tables with words in the language in force; this module writes those tables as
//! Markdown that reads well printed, as CSV (UTF-8 with BOM, stable English column keys; the
//! quarterly update's headed in the language in force, as its workbook, for the township) or
//! as an XLSX workbook that opens cleanly in Excel and WPS (one sheet per table, the header
//! row frozen, columns as wide as their text is on screen, dates as dates, numbers as
//! numbers). `archive` is the child's archive on A4 paper, in HTML.

pub mod absence;
pub mod archive;
pub mod quarterly;
pub mod semester;
pub mod stats;

use super::ExportError;
use super::output::{self, Guard};
use crate::interchange::cells::guard_formula;
use crate::model::{AuditAction, RecordRef};
use crate::store::Session;
use chrono::{Datelike, NaiveDate};
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::io::Write;
use std::path::Path;

/// How a report is written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportFormat {
    Md,
    Csv,
    Xlsx,
}

/// Writes a report to `out` (a file, or standard output for `None` and `-`) through
/// `export::output`, audited with `audit`'s events (naming `what` and where it went) before
/// its first byte.
/// `f` gets the writer and the name of the target for its messages.
pub fn write_report(
    session: &Session,
    out: Option<&Path>,
    force: bool,
    what: &str,
    audit: &[(AuditAction, RecordRef)],
    f: impl FnOnce(&mut dyn Write, &str) -> Result<(), ExportError>,
) -> Result<(), ExportError> {
    let guard = Guard {
        store: session.store().path(),
        force,
    };
    let name =
        output::file_target(out).map_or_else(|| "stdout".to_string(), |p| p.display().to_string());
    // Audited before the first byte: a reader that stops early (`| head`) or a process killed
    // halfway has still let out what was written.
    let announce = || {
        session
            .write(|w| {
                for (action, target) in audit {
                    w.audit(
                        *action,
                        *target,
                        crate::model::Detail::Report {
                            what: what.to_string(),
                            to: name.clone(),
                        },
                    )?;
                }
                Ok(())
            })
            .map_err(ExportError::from)
    };
    output::write_to(out, guard, announce, |w| f(w, &name))
}

/// One cell, typed so that a workbook gets numbers and dates, not text that looks like them.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    Int(i64),
    /// 0 to 100.
    Percent(f64),
    Date(NaiveDate),
    Empty,
}

impl Cell {
    pub fn text(s: impl Into<String>) -> Cell {
        Cell::Text(s.into())
    }

    pub fn int(n: impl Into<i64>) -> Cell {
        Cell::Int(n.into())
    }

    pub fn date(d: Option<NaiveDate>) -> Cell {
        d.map_or(Cell::Empty, Cell::Date)
    }

    pub fn percent(p: Option<f64>) -> Cell {
        p.map_or(Cell::Empty, Cell::Percent)
    }

    /// As Markdown and the screens show it.
    pub fn shown(&self) -> String {
        match self {
            Cell::Text(s) => crate::text::safe(s).into_owned(),
            Cell::Int(n) => n.to_string(),
            Cell::Percent(p) => format!("{p:.0}%"),
            Cell::Date(d) => d.format("%Y-%m-%d").to_string(),
            Cell::Empty => String::new(),
        }
    }

    /// As CSV holds it: numbers plain, percent without its sign (one decimal).
    fn csv(&self) -> String {
        match self {
            Cell::Text(s) => guard_formula(s).into_owned(),
            Cell::Percent(p) => format!("{p:.1}"),
            other => other.shown(),
        }
    }
}

/// One table: a sheet of a workbook, a section of the Markdown, or a CSV file.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// The section's heading, and the sheet's name.
    pub title: String,
    /// Column keys, the headers of a CSV file (`write_csv`): stable English codes for scripts.
    pub keys: Vec<String>,
    /// Column headers in the language in force, for Markdown and workbooks.
    pub labels: Vec<String>,
    pub rows: Vec<Vec<Cell>>,
    /// A totals row, shown last in Markdown and workbooks (never in CSV).
    pub totals: Option<Vec<Cell>>,
}

impl Table {
    pub fn new(title: String, columns: Vec<(String, String)>) -> Table {
        let (keys, labels) = columns.into_iter().unzip();
        Table {
            title,
            keys,
            labels,
            rows: Vec::new(),
            totals: None,
        }
    }
}

/// A report as Markdown shows it: a title, a few lines saying what it covers, its tables.
#[derive(Clone, Debug, PartialEq)]
pub struct Document {
    pub title: String,
    pub lines: Vec<String>,
    pub tables: Vec<Table>,
}

fn io(target: &str) -> impl Fn(std::io::Error) -> ExportError + '_ {
    move |e| ExportError::Io {
        target: target.to_string(),
        detail: e.to_string(),
    }
}

/// Markdown: a pipe table per section, `|` escaped and line breaks flattened in cells.
pub fn write_md(doc: &Document, out: &mut dyn Write, target: &str) -> Result<(), ExportError> {
    let mut s = format!("# {}\n\n", md_cell(&doc.title));
    for line in &doc.lines {
        s.push_str(&md_cell(line));
        s.push_str("  \n");
    }
    for t in &doc.tables {
        s.push_str(&format!("\n## {}\n\n", md_cell(&t.title)));
        if t.rows.is_empty() && t.totals.is_none() {
            s.push_str(&format!("{}\n", crate::tr!("report.none")));
            continue;
        }
        let row = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
        s.push_str(&row(t.labels.iter().map(|l| md_cell(l)).collect()));
        s.push_str(&row(t.labels.iter().map(|_| "---".to_string()).collect()));
        for r in &t.rows {
            s.push_str(&row(r.iter().map(|c| md_cell(&c.shown())).collect()));
        }
        if let Some(totals) = &t.totals {
            s.push_str(&row(totals
                .iter()
                .map(|c| match c.shown() {
                    v if v.is_empty() => v,
                    v => format!("**{}**", md_cell(&v)),
                })
                .collect()));
        }
    }
    out.write_all(s.as_bytes()).map_err(io(target))
}

fn md_cell(s: &str) -> String {
    crate::text::safe(s)
        .replace('\\', "\\\\")
        .replace('|', "\\|")
        .replace(['\n', '\r'], " ")
}

/// CSV in UTF-8 with a BOM (Excel on Chinese Windows reads it as UTF-8 only then), the keys
/// as headers.
pub fn write_csv(table: &Table, out: &mut dyn Write, target: &str) -> Result<(), ExportError> {
    csv_with(table, &table.keys, out, target)
}

/// CSV headed as the workbook is, in the language in force: a file a person at the township
/// opens, not a script.
pub fn write_csv_labelled(
    table: &Table,
    out: &mut dyn Write,
    target: &str,
) -> Result<(), ExportError> {
    csv_with(table, &table.labels, out, target)
}

fn csv_with(
    table: &Table,
    header: &[String],
    out: &mut dyn Write,
    target: &str,
) -> Result<(), ExportError> {
    out.write_all(b"\xEF\xBB\xBF").map_err(io(target))?;
    let mut w = csv::Writer::from_writer(out);
    let err = |e: csv::Error| ExportError::Io {
        target: target.to_string(),
        detail: e.to_string(),
    };
    w.write_record(header).map_err(err)?;
    for r in &table.rows {
        w.write_record(r.iter().map(Cell::csv)).map_err(err)?;
    }
    w.flush().map_err(io(target))
}

/// A workbook with a sheet per table: the header bold and frozen, each column as wide as
/// its widest text on screen (a Chinese character is two), dates and numbers typed.
///
/// Sheets are in constant-memory mode: each row goes to an unnamed temporary file (0600,
/// deleted when closed) as soon as the next begins, strings inline, so a county's quarterly
/// update is not held in memory twice. Rows must then come in order, and the column widths
/// are worked out before the first.
pub fn write_xlsx(tables: &[Table], out: &mut dyn Write, target: &str) -> Result<(), ExportError> {
    let err = |e: rust_xlsxwriter::XlsxError| ExportError::Xlsx {
        target: target.to_string(),
        detail: e.to_string(),
    };
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let percent = Format::new().set_num_format("0.0%");
    let mut used_names: Vec<String> = Vec::new();
    for t in tables {
        let sheet = wb.add_worksheet_with_constant_memory().map_err(err)?;
        sheet
            .set_name(sheet_name(&t.title, &mut used_names))
            .map_err(err)?;
        sheet.set_freeze_panes(1, 0).map_err(err)?;
        let rows = || t.rows.iter().chain(t.totals.iter());
        let mut widths: Vec<usize> = t.labels.iter().map(|l| crate::text::width(l)).collect();
        for cells in rows() {
            for (w, cell) in widths.iter_mut().zip(cells) {
                *w = (*w).max(xlsx_width(cell));
            }
        }
        for (col, w) in widths.iter().enumerate() {
            let w = (*w + 2).clamp(6, 60);
            sheet.set_column_width(col as u16, w as f64).map_err(err)?;
        }
        for (col, label) in t.labels.iter().enumerate() {
            sheet
                .write_string_with_format(0, col as u16, label, &bold)
                .map_err(err)?;
        }
        for (i, cells) in rows().enumerate() {
            let row = i as u32 + 1;
            let total = t.totals.is_some() && i == t.rows.len();
            for (col, cell) in cells.iter().enumerate() {
                let c = col as u16;
                match cell {
                    Cell::Text(s) if total => sheet.write_string_with_format(row, c, s, &bold),
                    Cell::Text(s) => sheet.write_string(row, c, s),
                    Cell::Int(n) => sheet.write_number(row, c, *n as f64),
                    Cell::Percent(p) => sheet.write_number_with_format(row, c, p / 100.0, &percent),
                    Cell::Date(d) => match excel_date(*d) {
                        Some(when) => sheet.write_datetime_with_format(row, c, when, &date),
                        None => sheet.write_string(row, c, d.to_string()),
                    },
                    Cell::Empty => continue,
                }
                .map_err(err)?;
            }
        }
    }
    let bytes = wb.save_to_buffer().map_err(err)?;
    out.write_all(&bytes).map_err(io(target))
}

fn xlsx_width(cell: &Cell) -> usize {
    match cell {
        Cell::Date(_) => 10,
        Cell::Percent(_) => 6,
        other => crate::text::width(&other.shown()),
    }
}

fn excel_date(d: NaiveDate) -> Option<ExcelDateTime> {
    let year = u16::try_from(d.year()).ok()?;
    ExcelDateTime::from_ymd(year, d.month() as u8, d.day() as u8).ok()
}

/// A sheet name Excel accepts: at most 31 characters, none of `[]:*?/\`, unique.
fn sheet_name(title: &str, used: &mut Vec<String>) -> String {
    let clean: String = title
        .chars()
        .map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c })
        .collect();
    let base: String = clean.trim().chars().take(28).collect();
    let base = if base.is_empty() {
        "Sheet".to_string()
    } else {
        base
    };
    let mut name = base.clone();
    let mut n = 2;
    while used.iter().any(|u| u.eq_ignore_ascii_case(&name)) {
        name = format!("{base} {n}");
        n += 1;
    }
    used.push(name.clone());
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table() -> Table {
        let mut t = Table::new(
            "表一".into(),
            vec![
                ("name".into(), "姓名".into()),
                ("talks".into(), "谈心".into()),
            ],
        );
        t.rows.push(vec![Cell::text("张|伟\n"), Cell::int(3)]);
        t.rows.push(vec![Cell::text("=1+1"), Cell::Percent(12.345)]);
        t.totals = Some(vec![Cell::text("合计"), Cell::int(3)]);
        t
    }

    #[test]
    fn markdown_escapes_cells_and_bolds_the_totals() {
        let doc = Document {
            title: "学期总结".into(),
            lines: vec!["2026-09-01 至 2026-11-30".into()],
            tables: vec![table()],
        };
        let mut out = Vec::new();
        write_md(&doc, &mut out, "x").unwrap();
        let md = String::from_utf8(out).unwrap();
        assert!(md.starts_with("# 学期总结\n"), "{md}");
        assert!(md.contains("| 张\\|伟  | 3 |"), "{md}");
        assert!(md.contains("| **合计** | **3** |"), "{md}");
    }

    #[test]
    fn csv_has_the_keys_no_totals_and_no_formulas() {
        let mut out = Vec::new();
        write_csv(&table(), &mut out, "x").unwrap();
        let csv = String::from_utf8(out).unwrap();
        let lines: Vec<&str> = csv.trim_start_matches('\u{feff}').lines().collect();
        assert_eq!(lines[0], "name,talks");
        assert!(lines.iter().any(|l| l.starts_with("'=1+1,12.3")), "{csv}");
        assert!(!csv.contains("合计"));
    }

    #[test]
    fn sheet_names_are_short_clean_and_unique() {
        let mut used = Vec::new();
        assert_eq!(sheet_name("a/b", &mut used), "a b");
        assert_eq!(sheet_name("a/b", &mut used), "a b 2");
        assert_eq!(sheet_name(&"长".repeat(40), &mut used).chars().count(), 28);
    }
}
