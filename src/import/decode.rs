//! Turning the bytes people bring into text: encoding detection (UTF-8, UTF-8 with BOM,
//! UTF-16 with BOM, GBK) and telling text from spreadsheets and binary files.

use encoding_rs::{GBK, UTF_16BE, UTF_16LE};

/// What a file's bytes turned out to be.
#[derive(Debug, PartialEq, Eq)]
pub enum Content {
    /// A zip container: an XLSX workbook (or something pretending to be one).
    Xlsx,
    /// An old binary Excel workbook (OLE compound file).
    Xls,
    Text(String),
    /// Not text in any encoding we read.
    Binary,
}

/// Decides by the bytes themselves, never by the file name: schools rename files freely.
pub fn sniff(bytes: &[u8]) -> Content {
    if bytes.starts_with(b"PK\x03\x04") {
        return Content::Xlsx;
    }
    if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) {
        return Content::Xls;
    }
    match decode_text(bytes) {
        Some(s) => Content::Text(s),
        None => Content::Binary,
    }
}

/// Decodes text: a BOM wins; else valid UTF-8; else GBK (what Excel on Chinese Windows
/// writes). `None` when the result is not believable as text.
pub fn decode_text(bytes: &[u8]) -> Option<String> {
    let text = if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        String::from_utf8_lossy(rest).into_owned()
    } else if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        UTF_16LE.decode_without_bom_handling(rest).0.into_owned()
    } else if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        UTF_16BE.decode_without_bom_handling(rest).0.into_owned()
    } else {
        match std::str::from_utf8(bytes) {
            Ok(s) => s.to_string(),
            Err(_) => GBK.decode_without_bom_handling(bytes).0.into_owned(),
        }
    };
    looks_like_text(&text).then_some(text)
}

/// Random bytes decode "successfully" as GBK, but leave replacement characters and control
/// bytes behind; real text has (almost) none.
fn looks_like_text(s: &str) -> bool {
    let mut total = 0usize;
    let mut bad = 0usize;
    for c in s.chars() {
        total += 1;
        if c == '\u{FFFD}' || c == '\0' || (c.is_control() && !matches!(c, '\n' | '\r' | '\t')) {
            bad += 1;
        }
    }
    // One stray byte in a long file is forgiven; more than 1 in 200 is not text.
    bad == 0 || (bad * 200 <= total && !s.contains('\0'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utf8_bom_and_gbk_are_read() {
        assert_eq!(decode_text("姓名".as_bytes()).as_deref(), Some("姓名"));
        assert_eq!(
            decode_text(b"\xEF\xBB\xBFname").as_deref(),
            Some("name"),
            "the BOM is dropped"
        );
        let (gbk, _, _) = GBK.encode("张伟,男");
        assert!(std::str::from_utf8(&gbk).is_err());
        assert_eq!(decode_text(&gbk).as_deref(), Some("张伟,男"));
        let utf16: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("学号".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert_eq!(decode_text(&utf16).as_deref(), Some("学号"));
    }

    #[test]
    fn binary_is_not_text() {
        let bytes: Vec<u8> = (0..2000u32).map(|i| (i * 7919 % 251) as u8).collect();
        assert_eq!(decode_text(&bytes), None);
        assert_eq!(sniff(b"PK\x03\x04rest"), Content::Xlsx);
        assert_eq!(decode_text(b"a\0b"), None);
    }
}
