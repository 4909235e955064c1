//! Writing data out: the full JSON export, the roster as CSV/XLSX (in the import's own
//! columns, so it can be re-imported), and later the replies for printing.
pub mod json;
