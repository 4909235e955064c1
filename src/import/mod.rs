//! Reading what people bring: the school's roster (CSV or XLSX, in whatever encoding and
//! date style Excel produced), typed-in letters, and a full JSON export.

pub mod decode;
pub mod json;
pub mod letters;
pub mod roster;
pub mod rows;

use crate::store::StoreError;
use crate::tr;
use std::fmt;
use std::path::PathBuf;

/// Why a whole file was refused. Problems with single rows are reported per row instead.
#[derive(Debug)]
pub enum ImportError {
    /// The file could not be opened or read.
    Unreadable {
        path: PathBuf,
        detail: String,
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
    /// `import json` goes into an empty store only.
    StoreNotEmpty,
    Store(StoreError),
}

impl fmt::Display for ImportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let s = match self {
            ImportError::Unreadable { path, detail } => {
                tr!("import.unreadable", path = path.display(), detail = detail)
            }
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
            ImportError::StoreNotEmpty => tr!("import.store_not_empty"),
            ImportError::Store(e) => e.to_string(),
        };
        f.write_str(&s)
    }
}

impl std::error::Error for ImportError {}

impl From<StoreError> for ImportError {
    fn from(e: StoreError) -> Self {
        ImportError::Store(e)
    }
}
