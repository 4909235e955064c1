//! Writing data out: the full JSON export, the roster as CSV/XLSX (in the import's own
//! columns, so it can be re-imported), the replies for printing, the reports (`report`), and
//! the rules every written file obeys (`output`).

pub mod audit;
pub mod json;
pub mod output;
pub mod replies;
pub mod report;
pub mod roster;

#[cfg(test)]
mod hostile_tests;

use crate::tr;
use std::fmt;

/// Why an export could not be written.
#[derive(Debug)]
pub enum ExportError {
    /// Writing failed; `target` is the file, or "output" for standard output.
    Io {
        target: String,
        detail: String,
    },
    /// Another program holds the target (Excel keeps the workbook it shows open, on Windows).
    Held {
        target: String,
    },
    /// The spreadsheet library refused the workbook.
    Xlsx {
        target: String,
        detail: String,
    },
    /// The target is the store itself or a file it keeps beside it.
    IsStore {
        target: String,
    },
    /// The target exists and `--force` was not given.
    Exists {
        target: String,
    },
    /// Standard output was closed by its reader (`| head`): the program ends quietly.
    ClosedPipe,
    Store(crate::store::StoreError),
}

impl fmt::Display for ExportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            ExportError::Io { target, detail } => {
                tr!("export.io", target = target, detail = detail)
            }
            ExportError::Held { target } => tr!("export.held", target = target),
            ExportError::Xlsx { target, detail } => {
                tr!("export.xlsx", target = target, detail = detail)
            }
            ExportError::IsStore { target } => tr!("export.is_store", target = target),
            ExportError::Exists { target } => tr!("export.exists", target = target),
            ExportError::ClosedPipe => tr!("export.closed_pipe"),
            ExportError::Store(e) => e.to_string(),
        };
        f.write_str(&s)
    }
}

impl std::error::Error for ExportError {}

impl ExportError {
    /// Why `target` could not be written: held by another program (which the person can
    /// close, as when it is read: `paths::held_by_another_program` decides for both), or the
    /// system's own words.
    pub fn io(target: &std::path::Path, e: &std::io::Error) -> ExportError {
        if crate::paths::held_by_another_program(e) {
            ExportError::Held {
                target: target.display().to_string(),
            }
        } else {
            ExportError::Io {
                target: target.display().to_string(),
                detail: e.to_string(),
            }
        }
    }
}

impl From<crate::store::StoreError> for ExportError {
    fn from(e: crate::store::StoreError) -> Self {
        ExportError::Store(e)
    }
}
