//! The roster export: the import's own columns (`interchange::columns`), headers in the chosen
//! language, so a file written here imports back into the same children.

use super::ExportError;
use crate::i18n::Lang;
use crate::interchange::columns::Column;
use crate::model::Child;
use chrono::Datelike;
use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
use std::io::Write;

/// CSV in UTF-8 with a BOM: without it, Excel on Chinese Windows reads the file as GBK and
/// shows every name garbled.
pub fn write_csv(children: &[Child], lang: Lang, out: &mut dyn Write) -> Result<(), ExportError> {
    let io = |e: std::io::Error| ExportError::Io {
        target: "output".into(),
        detail: e.to_string(),
    };
    out.write_all(b"\xEF\xBB\xBF").map_err(io)?;
    let mut w = csv::Writer::from_writer(out);
    let csv_err = |e: csv::Error| ExportError::Io {
        target: "output".into(),
        detail: e.to_string(),
    };
    w.write_record(Column::ALL.iter().map(|c| c.header(lang)))
        .map_err(csv_err)?;
    for child in children {
        let cells = Column::ALL.iter().map(|c| c.get(child, lang));
        w.write_record(cells.map(|v| crate::interchange::cells::guard_formula(&v).into_owned()))
            .map_err(csv_err)?;
    }
    w.flush().map_err(io)
}

/// One sheet, the header in bold and frozen; the birth date a real date cell, everything else
/// text (so that phones and student ids are not turned into numbers by Excel). The workbook is
/// made in memory and written to `out`; `target` names it in messages.
pub fn write_xlsx(
    children: &[Child],
    lang: Lang,
    out: &mut dyn Write,
    target: &str,
) -> Result<(), ExportError> {
    let err = |e: rust_xlsxwriter::XlsxError| ExportError::Xlsx {
        target: target.to_string(),
        detail: e.to_string(),
    };
    let mut wb = Workbook::new();
    let bold = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    let sheet = wb.add_worksheet();
    sheet.set_freeze_panes(1, 0).map_err(err)?;
    for (col, c) in Column::ALL.iter().enumerate() {
        let col = col as u16;
        sheet
            .write_string_with_format(0, col, c.header(lang), &bold)
            .map_err(err)?;
        let width = if matches!(c, Column::Remarks | Column::GuardianAddress) {
            30.0
        } else {
            14.0
        };
        sheet.set_column_width(col, width).map_err(err)?;
    }
    for (i, child) in children.iter().enumerate() {
        let row = i as u32 + 1;
        for (col, c) in Column::ALL.iter().enumerate() {
            let col = col as u16;
            if *c == Column::BirthDate {
                let d = child.birth_date;
                let when = u16::try_from(d.year())
                    .ok()
                    .and_then(|y| ExcelDateTime::from_ymd(y, d.month() as u8, d.day() as u8).ok());
                if let Some(when) = when {
                    sheet
                        .write_datetime_with_format(row, col, when, &date)
                        .map_err(err)?;
                    continue;
                }
            }
            let value = c.get(child, lang);
            if !value.is_empty() {
                sheet.write_string(row, col, value).map_err(err)?;
            }
        }
    }
    let bytes = wb.save_to_buffer().map_err(err)?;
    out.write_all(&bytes).map_err(|e| ExportError::Io {
        target: target.to_string(),
        detail: e.to_string(),
    })
}
