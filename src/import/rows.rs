//! Reading a roster file into numbered rows of cells, whatever it is: CSV or tab-separated
//! text in any encoding `decode` reads, or the sheets of an XLSX/XLS workbook.

use super::ImportError;
use super::decode::{Content, sniff};
use crate::domain::when::{format_date, from_number, parse_date};
use crate::interchange::columns::Column;
use crate::model::limits;
use calamine::{Data, DataRef, DataType as _, Reader as _, Xls, Xlsx};
use std::io::Cursor;
use std::path::Path;

/// One cell as the file holds it; the column decides how a number reads.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Cell<'a> {
    Text(&'a str),
    Number(f64),
    Date(chrono::NaiveDate),
}

impl Cell<'_> {
    /// The cell as text for `column`: a number in the birth-date column is a date (an Excel
    /// serial or `20130721`); elsewhere it is written without a useless `.0`.
    pub fn text(&self, column: Column) -> String {
        match self {
            Cell::Text(s) => s.to_string(),
            Cell::Date(d) => format_date(*d),
            Cell::Number(n) if column == Column::BirthDate => {
                from_number(*n).map_or_else(|| number_text(*n), format_date)
            }
            Cell::Number(n) => number_text(*n),
        }
    }

    pub fn is_blank(&self) -> bool {
        match self {
            Cell::Text(s) => Column::is_blank(s),
            _ => false,
        }
    }
}

fn number_text(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

/// Where a row keeps one cell: its text's place in the row's one buffer, or a value.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Slot {
    Text { start: u32, end: u32 },
    Number(f64),
    Date(chrono::NaiveDate),
}

/// A row and where it is in the file: the physical line for text (the header is line 1, a
/// quoted cell over several lines counts them all), the row number for a sheet. The cells'
/// text is kept in one buffer: a county's roster is a million cells, and a string apiece
/// would cost more than the file.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Row {
    pub line: usize,
    text: String,
    cells: Vec<Slot>,
}

impl Row {
    pub fn new(line: usize) -> Row {
        Row {
            line,
            ..Row::default()
        }
    }

    /// How many columns the row reaches.
    pub fn columns(&self) -> usize {
        self.cells.len()
    }

    pub fn cell(&self, i: usize) -> Option<Cell<'_>> {
        Some(match *self.cells.get(i)? {
            Slot::Text { start, end } => Cell::Text(&self.text[start as usize..end as usize]),
            Slot::Number(n) => Cell::Number(n),
            Slot::Date(d) => Cell::Date(d),
        })
    }

    pub fn cells(&self) -> impl Iterator<Item = Cell<'_>> {
        (0..self.cells.len()).filter_map(|i| self.cell(i))
    }

    pub fn is_blank(&self) -> bool {
        self.cells().all(|c| c.is_blank())
    }

    /// Puts `cell` in column `i`, the columns before it empty if they are not filled yet.
    pub fn set(&mut self, i: usize, cell: Cell<'_>) {
        if self.cells.len() <= i {
            let end = self.text.len() as u32;
            self.cells.resize(i + 1, Slot::Text { start: end, end });
        }
        self.cells[i] = match cell {
            Cell::Text(s) => {
                let start = self.text.len() as u32;
                self.text.push_str(s);
                Slot::Text {
                    start,
                    end: self.text.len() as u32,
                }
            }
            Cell::Number(n) => Slot::Number(n),
            Cell::Date(d) => Slot::Date(d),
        };
    }

    /// Adds `cell` after the last column.
    pub fn push(&mut self, cell: Cell<'_>) {
        self.set(self.cells.len(), cell);
    }
}

/// Rows read from one table at most, so that memory stays bounded: the roster's limit, with
/// room for a header and titles. The limit itself is counted below the header (`Sheet`).
const ROWS_READ_MAX: usize = limits::ROSTER_ROWS + 10;

/// Columns read from a sheet: a roster has 23; a cell far to the right of them is not read, so
/// a sheet cannot make every row a long list of empty cells.
const SHEET_COLUMNS_MAX: usize = 256;

/// Every table in the file: one for text, one per sheet for a workbook. A table of more rows
/// than a roster may have is refused while it is read, so memory stays bounded.
pub fn read_tables(path: &Path, bytes: &[u8]) -> Result<Vec<Vec<Row>>, ImportError> {
    if bytes.is_empty() {
        return Err(ImportError::Empty {
            path: path.to_path_buf(),
        });
    }
    let bad = |detail: String| ImportError::BadSpreadsheet {
        path: path.to_path_buf(),
        detail,
    };
    match sniff(bytes) {
        Content::Text(text) => Ok(vec![read_text(path, &text)?]),
        Content::Binary => Err(ImportError::NotText {
            path: path.to_path_buf(),
        }),
        Content::Xlsx => {
            super::workbook::check_xlsx(path, bytes)?;
            let mut wb = Xlsx::new(Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
            let mut tables = Vec::new();
            for name in wb.sheet_names() {
                let mut cells = wb
                    .worksheet_cells_reader(&name)
                    .map_err(|e| bad(e.to_string()))?;
                let mut rows: Vec<Row> = Vec::new();
                while let Some(cell) = cells.next_cell().map_err(|e| bad(e.to_string()))? {
                    let (r, c) = cell.get_position();
                    let (line, column) = (r as usize + 1, c as usize);
                    // Formatting alone leaves empty cells far down a sheet: they are not rows.
                    if cell.get_value().is_empty() || column >= SHEET_COLUMNS_MAX {
                        continue;
                    }
                    if rows.last().is_none_or(|row| row.line != line) {
                        if rows.len() >= ROWS_READ_MAX {
                            return Err(ImportError::TooManyRows {
                                path: path.to_path_buf(),
                            });
                        }
                        rows.push(Row::new(line));
                    }
                    if let Some(row) = rows.last_mut() {
                        set_sheet_cell_ref(row, column, cell.get_value());
                    }
                }
                tables.push(rows);
            }
            Ok(tables)
        }
        Content::Xls => {
            // An XLS is not compressed: its cells are bounded by the file's size limit.
            super::workbook::check_xls(path, bytes)?;
            // calamine indexes an XLS record's bytes unchecked: a malformed record is a panic
            // in calamine, contained and said as a workbook that cannot be read.
            crate::contain::contained("calamine", || {
                let mut wb = Xls::new(Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
                let mut tables = Vec::new();
                for name in wb.sheet_names() {
                    let range = wb.worksheet_range(&name).map_err(|e| bad(e.to_string()))?;
                    if range.height() > ROWS_READ_MAX {
                        return Err(ImportError::TooManyRows {
                            path: path.to_path_buf(),
                        });
                    }
                    tables.push(sheet_rows(&range));
                }
                Ok(tables)
            })
            .unwrap_or_else(|_| Err(bad(crate::tr!("import.xls_malformed"))))
        }
    }
}

fn sheet_rows(range: &calamine::Range<Data>) -> Vec<Row> {
    let first_row = range.start().map_or(0, |(r, _)| r as usize);
    range
        .rows()
        .enumerate()
        .map(|(i, cells)| {
            let mut row = Row::new(first_row + i + 1);
            for (column, d) in cells.iter().enumerate() {
                set_sheet_cell(&mut row, column, d);
            }
            row
        })
        .collect()
}

/// A cell streamed from an XLSX sheet into column `column`: as `set_sheet_cell`, with shared
/// strings borrowed.
fn set_sheet_cell_ref(row: &mut Row, column: usize, d: &DataRef<'_>) {
    match d {
        DataRef::SharedString(s) => row.set(column, Cell::Text(s)),
        DataRef::String(s) | DataRef::DurationIso(s) => row.set(column, Cell::Text(s)),
        DataRef::Int(i) => set_sheet_cell(row, column, &Data::Int(*i)),
        DataRef::Float(f) => set_sheet_cell(row, column, &Data::Float(*f)),
        DataRef::Bool(b) => set_sheet_cell(row, column, &Data::Bool(*b)),
        DataRef::DateTime(dt) => set_sheet_cell(row, column, &Data::DateTime(*dt)),
        DataRef::DateTimeIso(s) => set_sheet_cell(row, column, &Data::DateTimeIso(s.clone())),
        DataRef::Error(_) | DataRef::Empty => row.set(column, Cell::Text("")),
    }
}

/// A workbook cell into column `column`: numbers as numbers (the column decides how they
/// read), date cells as dates, the rest as text.
fn set_sheet_cell(row: &mut Row, column: usize, d: &Data) {
    let cell = match d {
        Data::Int(i) => Cell::Number(*i as f64),
        Data::Float(f) => Cell::Number(*f),
        Data::String(s) | Data::DurationIso(s) => Cell::Text(s),
        Data::Bool(b) => Cell::Text(if *b { "1" } else { "0" }),
        Data::DateTime(dt) => {
            let (y, m, d, ..) = dt.to_ymd_hms_milli();
            match chrono::NaiveDate::from_ymd_opt(y.into(), m.into(), d.into()) {
                Some(day) if dt.is_datetime() => Cell::Date(day),
                _ => Cell::Number(dt.as_f64()),
            }
        }
        Data::DateTimeIso(s) => parse_date(s).map_or(Cell::Text(s), Cell::Date),
        Data::Error(_) | Data::Empty => Cell::Text(""),
    };
    row.set(column, cell);
}

/// Excel writes commas, or tabs for "Unicode text"; some European setups semicolons. The
/// header line decides.
fn delimiter(text: &str) -> u8 {
    let header = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    if header.contains(',') {
        b','
    } else if header.contains('\t') {
        b'\t'
    } else if header.contains(';') {
        b';'
    } else {
        b','
    }
}

fn read_text(path: &Path, text: &str) -> Result<Vec<Row>, ImportError> {
    if text.trim().is_empty() {
        return Err(ImportError::Empty {
            path: path.to_path_buf(),
        });
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter(text))
        .from_reader(text.as_bytes());
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| ImportError::Unreadable {
            path: path.to_path_buf(),
            detail: e.to_string(),
        })?;
        // A line of empty cells (`,,,`) is no row: it is neither kept nor counted.
        if record.iter().all(Column::is_blank) {
            continue;
        }
        if rows.len() >= ROWS_READ_MAX {
            return Err(ImportError::TooManyRows {
                path: path.to_path_buf(),
            });
        }
        let line = record.position().map_or(0, |p| {
            first_line(text.as_bytes(), p.byte() as usize, p.line() as usize)
        });
        let mut row = Row::new(line);
        for field in record.iter() {
            row.push(Cell::Text(field));
        }
        rows.push(row);
    }
    Ok(rows)
}

/// csv places a record after empty lines at the first of them; the row's own line is the
/// first one after those line ends.
fn first_line(bytes: &[u8], mut at: usize, mut line: usize) -> usize {
    while let Some(&b) = bytes.get(at) {
        match b {
            b'\n' => line += 1,
            b'\r' => {}
            _ => break,
        }
        at += 1;
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(text: &str) -> Vec<(usize, usize)> {
        read_text(Path::new("t.csv"), text)
            .unwrap()
            .iter()
            .map(|r| (r.line, r.columns()))
            .collect()
    }

    #[test]
    fn physical_lines_are_counted_through_quotes_and_blanks() {
        let text = "a,b\n1,2\n\n3,\"x\ny\nz\"\n4,5\n";
        assert_eq!(lines(text), vec![(1, 2), (2, 2), (4, 2), (7, 2)]);
        assert_eq!(lines("a,b\r\n\r\n1,2\r\n"), vec![(1, 2), (3, 2)]);
        assert_eq!(lines("\n\na,b\n\n\n\n1,2"), vec![(3, 2), (7, 2)]);
    }

    #[test]
    fn tabs_are_a_delimiter_when_the_header_has_no_comma() {
        assert_eq!(lines("a\tb\tc\n1\t2\t3\n"), vec![(1, 3), (2, 3)]);
    }

    #[test]
    fn a_row_keeps_its_cells_in_order_with_gaps_empty() {
        let mut row = Row::new(3);
        row.push(Cell::Text("王芳"));
        row.set(3, Cell::Number(41476.0));
        row.set(1, Cell::Text("女"));
        assert_eq!(row.columns(), 4);
        assert_eq!(row.cell(0), Some(Cell::Text("王芳")));
        assert_eq!(row.cell(1), Some(Cell::Text("女")));
        assert_eq!(row.cell(2), Some(Cell::Text("")));
        assert_eq!(
            row.cell(3).map(|c| c.text(Column::BirthDate)).as_deref(),
            Some("2013-07-21")
        );
        assert_eq!(row.cell(4), None);
        assert!(!row.is_blank());
        assert!(Row::new(1).is_blank());
    }

    #[test]
    fn numbers_read_by_column() {
        assert_eq!(Cell::Number(41476.0).text(Column::BirthDate), "2013-07-21");
        assert_eq!(
            Cell::Number(20130721.0).text(Column::BirthDate),
            "2013-07-21"
        );
        assert_eq!(
            Cell::Number(13800138000.0).text(Column::FatherPhone),
            "13800138000"
        );
        assert_eq!(Cell::Number(1.5).text(Column::Remarks), "1.5");
    }
}
