//! An XLS's sheets, measured before calamine reads them. calamine reserves room for a sheet's
//! declared size (its DIMENSIONS record: rows × columns) before it reads a cell, and lays the
//! cells it read out as a full table from the first to the last; a file of a few KB declaring
//! 4,294,967,295 rows asked for 43 TB and aborted the program. So the workbook stream is taken
//! out of the compound file (`cfb`) and its records walked as calamine walks them: from each
//! sheet's start (its BOUNDSHEET record) to its end, every declared size and the span of the
//! cells must fit in a roster (`limits::WORKBOOK_CELLS`).

use super::ImportError;
use crate::model::limits;
use std::collections::BTreeSet;
use std::io::{Cursor, Read};
use std::path::Path;

const EOF: u16 = 0x000A;
const BOF: u16 = 0x0809;
const CONTINUE: u16 = 0x003C;
const BOUNDSHEET: u16 = 0x0085;
const DIMENSIONS: u16 = 0x0200;
/// The records calamine turns into cells, each starting with its row and column (u16 each).
const CELLS: [u16; 7] = [0x0203, 0x0204, 0x00D6, 0x0205, 0x027E, 0x00FD, 0x0006];
const MULRK: u16 = 0x00BD;

/// Refuses an XLS a sheet of which declares, or spans with its cells, more than a roster has
/// cells; and one whose compound file or workbook stream cannot be read.
pub fn check_sheet_sizes(path: &Path, bytes: &[u8]) -> Result<(), ImportError> {
    let bad = |detail: String| ImportError::BadSpreadsheet {
        path: path.to_path_buf(),
        detail,
    };
    let mut file = cfb::CompoundFile::open(Cursor::new(bytes)).map_err(|e| bad(e.to_string()))?;
    let stream = match file.open_stream("Workbook") {
        Ok(s) => s,
        Err(_) => file
            .open_stream("Book")
            .map_err(|_| bad(crate::tr!("import.xls_no_workbook")))?,
    };
    // The stream cannot hold more than the file does.
    let mut workbook = Vec::new();
    stream
        .take(bytes.len() as u64)
        .read_to_end(&mut workbook)
        .map_err(|e| bad(e.to_string()))?;
    let Some(starts) = sheet_starts(&workbook) else {
        return Err(bad(crate::tr!("import.xls_sheet_entry_short")));
    };
    for start in starts {
        let Some(sheet) = workbook.get(start..) else {
            return Err(bad(crate::tr!("import.xls_sheet_outside")));
        };
        if let Some((rows, columns)) = too_large(sheet) {
            return Err(ImportError::SheetTooLarge {
                path: path.to_path_buf(),
                rows,
                columns,
            });
        }
    }
    Ok(())
}

/// One record: its type and data, the CONTINUE records after it skipped, as calamine does.
struct Records<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for Records<'a> {
    type Item = (u16, &'a [u8]);
    fn next(&mut self) -> Option<Self::Item> {
        let (typ, data, rest) = split(self.rest)?;
        self.rest = rest;
        while self.rest.len() > 4 && u16_at(self.rest, 0) == Some(CONTINUE) {
            match split(self.rest) {
                Some((_, _, rest)) => self.rest = rest,
                // A CONTINUE cut short ends calamine's walk with an error.
                None => return None,
            }
        }
        Some((typ, data))
    }
}

/// A record's type and data and what follows it; None where the stream ends or is cut short
/// (where calamine stops with an error).
fn split(bytes: &[u8]) -> Option<(u16, &[u8], &[u8])> {
    let typ = u16_at(bytes, 0)?;
    let len = u16_at(bytes, 2)? as usize;
    let data = bytes.get(4..4 + len)?;
    Some((typ, data, &bytes[4 + len..]))
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

/// Where each sheet starts in the stream: the BOUNDSHEET records of the workbook's globals,
/// up to their EOF.
/// None where a BOUNDSHEET is shorter than its fixed part (position, visibility, type):
/// calamine indexes those six bytes without checking and would panic.
fn sheet_starts(workbook: &[u8]) -> Option<BTreeSet<usize>> {
    Records { rest: workbook }
        .take_while(|(typ, _)| *typ != EOF)
        .filter(|(typ, _)| *typ == BOUNDSHEET)
        .map(|(_, data)| (data.len() >= 6).then(|| u32_at(data, 0)).flatten())
        .map(|pos| pos.map(|p| p as usize))
        .collect()
}

/// The rows and columns of a sheet (from `sheet`, to its EOF) that declares or spans more
/// cells than a roster has; embedded substreams (a chart) are passed over, as calamine does.
fn too_large(sheet: &[u8]) -> Option<(u64, u64)> {
    let mut seen_bof = false;
    let mut depth = 0usize;
    // The cells' span: first and last row and column.
    let mut span: Option<(u64, u64, u64, u64)> = None;
    let mut widen = |row: u64, first: u64, last: u64| {
        let (r0, r1, c0, c1) = span.unwrap_or((row, row, first, last));
        span = Some((r0.min(row), r1.max(row), c0.min(first), c1.max(last)));
    };
    for (typ, data) in (Records { rest: sheet }) {
        if depth > 0 {
            match typ {
                BOF => depth += 1,
                EOF => depth -= 1,
                _ => {}
            }
            continue;
        }
        match typ {
            BOF if seen_bof => depth += 1,
            BOF => seen_bof = true,
            EOF => break,
            DIMENSIONS => {
                let (rows, columns) = declared(data)?;
                if over(rows, columns) {
                    return Some((rows, columns));
                }
            }
            MULRK => {
                if let (Some(row), Some(first), Some(last)) = (
                    u16_at(data, 0),
                    u16_at(data, 2),
                    data.len().checked_sub(2).and_then(|at| u16_at(data, at)),
                ) {
                    widen(row.into(), first.into(), last.into());
                }
            }
            t if CELLS.contains(&t) => {
                if let (Some(row), Some(col)) = (u16_at(data, 0), u16_at(data, 2)) {
                    widen(row.into(), col.into(), col.into());
                }
            }
            _ => {}
        }
    }
    let (r0, r1, c0, c1) = span?;
    let (rows, columns) = (r1 - r0 + 1, c1.max(c0) - c0 + 1);
    over(rows, columns).then_some((rows, columns))
}

fn over(rows: u64, columns: u64) -> bool {
    rows.saturating_mul(columns) > limits::WORKBOOK_CELLS
}

/// The rows and columns a DIMENSIONS record declares, read as calamine reads it (MS-XLS
/// 2.4.90; BIFF8 gives the rows as u32, earlier versions as u16): the last row and column
/// are one past the end. A first row after the last, which calamine would subtract to a
/// number near 2^32 (or overflow in a debug build), counts as 2^32 rows, and so for columns.
/// None for a record calamine refuses (a wrong length), where its walk stops.
fn declared(r: &[u8]) -> Option<(u64, u64)> {
    let (first_row, last_row, mut first_col, last_col) = match r.len() {
        10 => (
            u64::from(u16_at(r, 0)?),
            u64::from(u16_at(r, 2)?),
            u64::from(u16_at(r, 4)?),
            u64::from(u16_at(r, 6)?),
        ),
        14 | 16 => (
            u64::from(u32_at(r, 0)?),
            u64::from(u32_at(r, 4)?),
            u64::from(u16_at(r, 8)?),
            u64::from(u16_at(r, 10)?),
        ),
        _ => return None,
    };
    if first_col > 0xFF || last_col < first_col {
        first_col = 0;
    }
    if last_row == 0 || last_col == 0 {
        return Some((1, 1));
    }
    let rows = (last_row - 1)
        .checked_sub(first_row)
        .map_or(1 << 32, |n| n + 1);
    let columns = (last_col - 1)
        .checked_sub(first_col)
        .map_or(1 << 32, |n| n + 1);
    Some((rows, columns))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let mut r = typ.to_le_bytes().to_vec();
        r.extend((data.len() as u16).to_le_bytes());
        r.extend(data);
        r
    }

    fn dimensions(first_row: u32, last_row: u32, first_col: u16, last_col: u16) -> Vec<u8> {
        let mut d = first_row.to_le_bytes().to_vec();
        d.extend(last_row.to_le_bytes());
        d.extend(first_col.to_le_bytes());
        d.extend(last_col.to_le_bytes());
        d.extend([0, 0]);
        record(DIMENSIONS, &d)
    }

    fn sheet(records: &[Vec<u8>]) -> Vec<u8> {
        let mut s = record(BOF, &[0; 16]);
        for r in records {
            s.extend(r);
        }
        s.extend(record(EOF, &[]));
        s
    }

    #[test]
    fn a_sheet_entry_shorter_than_its_fixed_part_is_refused() {
        let entry = |len: usize| record(BOUNDSHEET, &vec![0; len]);
        let mut globals = entry(5);
        globals.extend(record(EOF, &[]));
        assert_eq!(sheet_starts(&globals), None);
        let mut globals = entry(8);
        globals.extend(record(EOF, &[]));
        assert_eq!(sheet_starts(&globals), Some(BTreeSet::from([0])));
    }

    #[test]
    fn a_declared_size_past_a_roster_is_found() {
        assert_eq!(too_large(&sheet(&[dimensions(0, 201, 0, 23)])), None);
        assert_eq!(
            too_large(&sheet(&[dimensions(0, u32::MAX, 0, 0xFF)])),
            Some((u64::from(u32::MAX), 255))
        );
        // A first row after the last: calamine would count back past zero.
        assert!(too_large(&sheet(&[dimensions(9, 2, 0, 23)])).is_some());
        // After the sheet's EOF, another sheet's business.
        let mut s = sheet(&[]);
        s.extend(dimensions(0, u32::MAX, 0, 0xFF));
        assert_eq!(too_large(&s), None);
    }

    #[test]
    fn cells_far_apart_are_found() {
        let cell = |row: u16, col: u16| {
            let mut d = row.to_le_bytes().to_vec();
            d.extend(col.to_le_bytes());
            d.extend([0; 10]);
            record(0x0203, &d)
        };
        assert_eq!(too_large(&sheet(&[cell(0, 0), cell(300, 22)])), None);
        assert_eq!(
            too_large(&sheet(&[cell(0, 0), cell(65_535, 255)])),
            Some((65_536, 256))
        );
        // Inside an embedded chart, passed over as calamine passes over it.
        let chart = sheet(&[cell(65_535, 255)]);
        assert_eq!(too_large(&sheet(&[cell(0, 0), chart])), None);
    }
}
