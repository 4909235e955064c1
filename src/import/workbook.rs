//! What a workbook declares, checked before calamine reads it. calamine believes a workbook's
//! own counts and sizes (it reserves room for an XLSX's declared `uniqueCount` of shared
//! strings at once: a 2 KB file declaring 4,294,967,295 asked for 100 GB and aborted the
//! program), and it cannot be patched here; so each part it would size itself by is read
//! first, through `zip`, and a declaration larger than the input could hold is refused.

use super::ImportError;
use crate::model::limits;
use quick_xml::events::Event;
use std::io::{BufReader, Cursor, Read};
use std::path::Path;

/// The fewest bytes one shared string takes in its part: `<si/>`.
const SMALLEST_STRING: u64 = 5;

/// Checks an XLSX before calamine opens it: what its parts unpack to, and the shared-strings
/// table's declared and real size.
pub fn check_xlsx(path: &Path, bytes: &[u8]) -> Result<(), ImportError> {
    let bad = |e: zip::result::ZipError| ImportError::BadSpreadsheet {
        path: path.to_path_buf(),
        detail: e.to_string(),
    };
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(bad)?;
    check_unpacked_size(path, &mut archive)?;
    for i in 0..archive.len() {
        let name = archive
            .by_index_raw(i)
            .map_err(bad)?
            .name()
            .map_err(bad)?
            .to_string();
        // calamine finds the part by the workbook's folder, matching case loosely: every
        // part of that name is checked, wherever it is.
        let file_name = name.rsplit('/').next().unwrap_or(&name);
        if file_name.eq_ignore_ascii_case("sharedStrings.xml") {
            let part = archive.by_index(i).map_err(bad)?;
            let size = part.size();
            check_shared_strings(path, BufReader::new(part), size)?;
        } else if file_name.to_ascii_lowercase().ends_with(".xml") {
            let part = archive.by_index(i).map_err(bad)?;
            check_references(path, part)?;
        }
    }
    Ok(())
}

/// Checks an XLS (an OLE compound file) before calamine opens it: it is whole sectors, and
/// its sheets fit in a roster (`biff`).
pub fn check_xls(path: &Path, bytes: &[u8]) -> Result<(), ImportError> {
    check_whole_sectors(path, bytes)?;
    super::biff::check_sheet_sizes(path, bytes)
}

/// The file's length is a multiple of 4. calamine reads a sector cut short as 32-bit numbers
/// and asserts it divides by 4 (a panic, found by the fuzz target `xls`, from 518 bytes).
fn check_whole_sectors(path: &Path, bytes: &[u8]) -> Result<(), ImportError> {
    if bytes.len() < 512 || !bytes.len().is_multiple_of(4) {
        return Err(ImportError::BadSpreadsheet {
            path: path.to_path_buf(),
            detail: crate::tr!("import.xls_cut_short"),
        });
    }
    Ok(())
}

/// Refuses a workbook whose parts say they unpack to more than the limit, before any part is
/// unpacked. The sizes are the archive's own declarations, and they hold: the zip reader stops
/// with an error at a part that unpacks to more than it declared.
fn check_unpacked_size<R: Read + std::io::Seek>(
    path: &Path,
    archive: &mut zip::ZipArchive<R>,
) -> Result<(), ImportError> {
    let mut total: u64 = 0;
    for i in 0..archive.len() {
        let part = archive
            .by_index_raw(i)
            .map_err(|e| ImportError::BadSpreadsheet {
                path: path.to_path_buf(),
                detail: e.to_string(),
            })?;
        total = total.saturating_add(part.size());
    }
    if total > limits::WORKBOOK_UNPACKED_MB * limits::MB {
        return Err(ImportError::UnpacksTooBig {
            path: path.to_path_buf(),
            mb: total.div_ceil(limits::MB),
        });
    }
    Ok(())
}

/// The shared-strings part: its declared `uniqueCount` (which calamine reserves room for)
/// may be no more than the part's size could hold, and neither it nor the strings really
/// there may be more than a roster has cells. Read as calamine reads it (the first `sst`
/// element, by its local name), streamed: nothing of it is kept.
fn check_shared_strings(
    path: &Path,
    part: impl std::io::BufRead,
    size: u64,
) -> Result<(), ImportError> {
    let too_many = |declared: u64| ImportError::TooManyStrings {
        path: path.to_path_buf(),
        declared,
    };
    let mut xml = quick_xml::Reader::from_reader(part);
    xml.config_mut().check_end_names = false;
    let mut buf = Vec::new();
    let mut in_table = false;
    let mut strings: u64 = 0;
    let cap = (size / SMALLEST_STRING).min(limits::WORKBOOK_STRINGS);
    loop {
        buf.clear();
        // A part calamine cannot read either: it says so itself, in its own words.
        let Ok(event) = xml.read_event_into(&mut buf) else {
            return Ok(());
        };
        match event {
            Event::Start(e) | Event::Empty(e) => {
                let name = e.local_name();
                if !in_table && name.as_ref() == "sst" {
                    in_table = true;
                    if let Some(declared) = declared_count(&e)
                        && declared > cap
                    {
                        return Err(too_many(declared));
                    }
                } else if in_table && name.as_ref() == "si" {
                    strings += 1;
                    if strings > limits::WORKBOOK_STRINGS {
                        return Err(too_many(strings));
                    }
                }
            }
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

/// The cell references of a part (`r` of a row or a cell, `ref` of a range): calamine adds up
/// their letters and digits in 32 bits, unchecked, so a reference far outside any sheet
/// (`A99999999999`) overflowed (a panic where overflow is checked). A sheet has at most 3
/// letters of column (XFD) and 7 digits of row (1,048,576): a reference with more is refused.
/// The part is scanned as bytes, a chunk at a time (a roster's sheet is millions of cells,
/// and this runs before calamine reads it all again).
fn check_references(path: &Path, mut part: impl Read) -> Result<(), ImportError> {
    const CHUNK: usize = 1 << 20;
    // What a hit needs after its start: the longest pattern, a `$`, 3 letters, 7 digits, one more.
    const KEEP: usize = 32;
    let finders = [" r=\"", " r='", " ref=\"", " ref='"].map(memchr::memmem::Finder::new);
    let mut buf = vec![0u8; CHUNK + KEEP];
    let mut have = 0;
    loop {
        let n = part.read(&mut buf[have..]).unwrap_or(0);
        let end = n == 0;
        have += n;
        if !end && have < buf.len() {
            continue;
        }
        // Hits starting in the last KEEP bytes are looked at again with the next chunk.
        let settled = if end { have } else { have - KEEP };
        let data = &buf[..have];
        for finder in &finders {
            for at in finder.find_iter(data).take_while(|&at| at < settled) {
                let value = &data[at + finder.needle().len()..];
                let value = &value[..value.len().min(KEEP)];
                let value = value
                    .split(|b| *b == b'"' || *b == b'\'')
                    .next()
                    .unwrap_or(value);
                if let Some(far) = value
                    .split(|b| *b == b':' || *b == b' ')
                    .find(|piece| !within_a_sheet(piece))
                {
                    return Err(ImportError::BadSpreadsheet {
                        path: path.to_path_buf(),
                        detail: crate::tr!(
                            "import.cell_outside_sheet",
                            reference =
                                crate::text::safe(&String::from_utf8_lossy(far)).into_owned()
                        ),
                    });
                }
            }
        }
        if end {
            return Ok(());
        }
        buf.copy_within(settled..have, 0);
        have -= settled;
    }
}

/// Whether a reference's leading column letters and the row digits after them fit a sheet.
fn within_a_sheet(bytes: &[u8]) -> bool {
    let letters = bytes.iter().take_while(|b| b.is_ascii_alphabetic()).count();
    let digits = bytes[letters..]
        .iter()
        .take_while(|b| b.is_ascii_digit())
        .count();
    letters <= 3 && digits <= 7
}

/// `uniqueCount` as calamine reads it (digits, perhaps after one `+`); a number too large for
/// any integer is as large as can be.
fn declared_count(e: &quick_xml::events::BytesStart<'_>) -> Option<u64> {
    let attr = e
        .attributes()
        .flatten()
        .find(|a| a.key.local_name().as_ref() == "uniqueCount")?;
    let value: &str = &attr.value;
    let digits = value.strip_prefix('+').unwrap_or(value);
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(
        digits
            .bytes()
            .try_fold(0u64, |n, d| {
                n.checked_mul(10)?.checked_add(u64::from(d - b'0'))
            })
            .unwrap_or(u64::MAX),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(xml: &str) -> Result<(), ImportError> {
        check_shared_strings(Path::new("t.xlsx"), xml.as_bytes(), xml.len() as u64)
    }

    #[test]
    fn a_declared_count_the_part_cannot_hold_is_refused() {
        let bomb = r#"<?xml version="1.0"?><sst xmlns="m" count="4294967295" uniqueCount="4294967295"><si><t>x</t></si></sst>"#;
        assert!(matches!(
            check(bomb),
            Err(ImportError::TooManyStrings {
                declared: 4_294_967_295,
                ..
            })
        ));
        let huge = r#"<x:sst xmlns:x="m" uniqueCount="99999999999999999999999"></x:sst>"#;
        assert!(matches!(
            check(huge),
            Err(ImportError::TooManyStrings { .. })
        ));
    }

    #[test]
    fn a_reference_outside_any_sheet_is_refused() {
        let part = |xml: &str| check_references(Path::new("t.xlsx"), xml.as_bytes());
        assert!(part(r#"<sheetData><row r="1"><c r="XFD1048576"/></row></sheetData>"#).is_ok());
        assert!(part(r#"<dimension ref="A1:C3"/><c r="B$2"/>"#).is_ok());
        for far in ["A99999999999", "AAAAAAAAAAAAAAA1", "A1:ZZZZZZZZ9"] {
            let xml = format!(r#"<worksheet><dimension ref="{far}"/></worksheet>"#);
            assert!(
                matches!(part(&xml), Err(ImportError::BadSpreadsheet { .. })),
                "{far}"
            );
        }
    }

    #[test]
    fn an_xls_cut_short_is_refused() {
        let mut ole = vec![0u8; 512];
        ole[..8].copy_from_slice(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]);
        assert!(check_whole_sectors(Path::new("t.xls"), &ole).is_ok());
        ole.extend([0; 6]);
        assert!(matches!(
            check_whole_sectors(Path::new("t.xls"), &ole),
            Err(ImportError::BadSpreadsheet { .. })
        ));
        assert!(check_whole_sectors(Path::new("t.xls"), &ole[..100]).is_err());
    }

    #[test]
    fn an_honest_table_passes() {
        assert!(check(r#"<sst uniqueCount="2"><si><t>名</t></si><si><t>x</t></si></sst>"#).is_ok());
        assert!(check(r#"<sst uniqueCount="abc"><si/></sst>"#).is_ok());
        assert!(check(r#"<sst/>"#).is_ok());
        // A comment is not the table.
        assert!(
            check(r#"<!-- <sst uniqueCount="9999"> --><sst uniqueCount="1"><si/></sst>"#).is_ok()
        );
    }
}
