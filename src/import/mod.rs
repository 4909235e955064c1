//! Reading what people bring: the school's roster (CSV or XLSX, in whatever encoding and
//! date style Excel produced), typed-in letters, and a full JSON export.

mod biff;
pub mod decode;
pub mod file_pick;
pub mod json;
pub mod letters;
pub mod roster;
pub mod roster_job;
pub mod roster_report;
pub mod rows;
pub mod workbook;

use crate::model::limits;
use crate::store::StoreError;
use crate::tr;
use std::fmt;
use std::io::Read;
use std::path::{Path, PathBuf};

/// Why a whole file was refused. Problems with single rows are reported per row instead.
#[derive(Debug)]
pub enum ImportError {
    /// The file could not be opened or read.
    Unreadable {
        path: PathBuf,
        detail: String,
    },
    /// Another program holds the file (Excel keeps the workbook it shows open, on Windows).
    Held {
        path: PathBuf,
    },
    /// The file holds nothing (or only blank lines).
    Empty {
        path: PathBuf,
    },
    /// The bytes are not text in any encoding we read, nor a spreadsheet.
    NotText {
        path: PathBuf,
    },
    /// A letters file that is not text (a Word document, a picture, binary or NUL bytes).
    LettersNotText {
        path: PathBuf,
    },
    /// The first row is not a roster header; `missing` names the required columns not found.
    NoHeader {
        path: PathBuf,
        missing: String,
    },
    /// A spreadsheet that calamine cannot read.
    BadSpreadsheet {
        path: PathBuf,
        detail: String,
    },
    /// A `日期:` / `date:` line in a letters file that is not a date.
    BadLetterDate {
        path: PathBuf,
        line: usize,
        value: String,
    },
    /// A JSON file that is not a Shouwang export.
    BadJson {
        path: PathBuf,
        detail: String,
    },
    /// The file is larger than `limits::FILE_MB`.
    TooBig {
        path: PathBuf,
        mb: u64,
    },
    /// A JSON export larger than `limits::JSON_FILE_MB`.
    JsonTooBig {
        path: PathBuf,
        mb: u64,
    },
    /// A roster with more data rows than `limits::ROSTER_ROWS`.
    TooManyRows {
        path: PathBuf,
    },
    /// An XLSX whose parts unpack to more than `limits::WORKBOOK_UNPACKED_MB`.
    UnpacksTooBig {
        path: PathBuf,
        mb: u64,
    },
    /// A workbook whose shared-strings table declares (or holds) more strings than its part
    /// could hold or a roster has cells: `limits::WORKBOOK_STRINGS`.
    TooManyStrings {
        path: PathBuf,
        declared: u64,
    },
    /// An XLS sheet that declares (or spans with its cells) more cells than a roster has.
    SheetTooLarge {
        path: PathBuf,
        rows: u64,
        columns: u64,
    },
    /// A letter of the file that the mailbox refused (its date or its length).
    LetterRefused {
        path: PathBuf,
        line: usize,
        reason: crate::model::Refusal,
    },
    /// `import json` goes into an empty store only.
    StoreNotEmpty,
    /// The person stopped the import before it was committed: nothing was written.
    Cancelled,
    Store(StoreError),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            ImportError::Unreadable { path, detail } => {
                tr!("import.unreadable", path = path.display(), detail = detail)
            }
            ImportError::Held { path } => tr!("import.held", path = path.display()),
            ImportError::Empty { path } => tr!("import.empty", path = path.display()),
            ImportError::NotText { path } => tr!("import.not_text", path = path.display()),
            ImportError::LettersNotText { path } => {
                tr!("import.letters_not_text", path = path.display())
            }
            ImportError::NoHeader { path, missing } => {
                tr!("import.no_header", path = path.display(), missing = missing)
            }
            ImportError::BadSpreadsheet { path, detail } => {
                tr!(
                    "import.bad_spreadsheet",
                    path = path.display(),
                    detail = detail
                )
            }
            ImportError::BadLetterDate { path, line, value } => {
                tr!(
                    "import.bad_letter_date",
                    path = path.display(),
                    line = line,
                    value = value
                )
            }
            ImportError::BadJson { path, detail } => {
                tr!("import.bad_json", path = path.display(), detail = detail)
            }
            ImportError::TooBig { path, mb } => tr!(
                "import.too_big",
                path = path.display(),
                mb = limits::grouped(*mb),
                max = limits::FILE_MB
            ),
            ImportError::JsonTooBig { path, mb } => tr!(
                "import.json_too_big",
                path = path.display(),
                mb = limits::grouped(*mb),
                max = limits::grouped(limits::JSON_FILE_MB)
            ),
            ImportError::TooManyRows { path } => tr!(
                "import.too_many_rows",
                path = path.display(),
                max = limits::grouped(limits::ROSTER_ROWS as u64)
            ),
            ImportError::UnpacksTooBig { path, mb } => tr!(
                "import.unpacks_too_big",
                path = path.display(),
                mb = limits::grouped(*mb),
                max = limits::WORKBOOK_UNPACKED_MB
            ),
            ImportError::TooManyStrings { path, declared } => tr!(
                "import.too_many_strings",
                path = path.display(),
                declared = limits::grouped(*declared),
                max = limits::grouped(limits::WORKBOOK_STRINGS)
            ),
            ImportError::SheetTooLarge {
                path,
                rows,
                columns,
            } => tr!(
                "import.sheet_too_large",
                path = path.display(),
                rows = limits::grouped(*rows),
                columns = limits::grouped(*columns),
                max = limits::grouped(limits::WORKBOOK_CELLS)
            ),
            ImportError::LetterRefused { path, line, reason } => tr!(
                "import.letter_refused",
                path = path.display(),
                line = line,
                reason = crate::labels::refusals::refusal(reason)
            ),
            ImportError::StoreNotEmpty => tr!("import.store_not_empty"),
            ImportError::Cancelled => tr!("import.cancelled"),
            ImportError::Store(e) => e.to_string(),
        };
        f.write_str(&s)
    }
}

impl std::error::Error for ImportError {}

impl ImportError {
    /// Why the file at `path` could not be read: held by another program (which the person
    /// can close, as when it is written: `paths::held_by_another_program` decides for both),
    /// or the system's own words.
    pub fn unreadable(path: &Path, e: &std::io::Error) -> ImportError {
        if crate::paths::held_by_another_program(e) {
            ImportError::Held {
                path: path.to_path_buf(),
            }
        } else {
            ImportError::Unreadable {
                path: path.to_path_buf(),
                detail: e.to_string(),
            }
        }
    }
}

impl From<StoreError> for ImportError {
    fn from(e: StoreError) -> Self {
        ImportError::Store(e)
    }
}

/// Reads a file someone brought, refusing one over `limits::FILE_MB` before reading it (and
/// reading no more than that even if it grows meanwhile).
pub fn read_bounded(path: &Path) -> Result<Vec<u8>, ImportError> {
    let unreadable = |e: std::io::Error| ImportError::unreadable(path, &e);
    let max = limits::FILE_MB * limits::MB;
    let too_big = |bytes: u64| ImportError::TooBig {
        path: path.to_path_buf(),
        mb: bytes.div_ceil(limits::MB),
    };
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let size = file.metadata().map_err(unreadable)?.len();
    if size > max {
        return Err(too_big(size));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(max + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() as u64 > max {
        return Err(too_big(bytes.len() as u64));
    }
    Ok(bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Elsewhere an unreadable file keeps the system's words.
    #[test]
    fn a_missing_file_is_said_in_the_systems_words() {
        let e = std::io::Error::from(std::io::ErrorKind::NotFound);
        let err = read_bounded(Path::new("/nonexistent/名单.csv")).unwrap_err();
        assert!(matches!(err, ImportError::Unreadable { .. }), "{err}");
        assert!(matches!(
            ImportError::unreadable(Path::new("x"), &e),
            ImportError::Unreadable { .. }
        ));
    }
}
