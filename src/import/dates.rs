//! Dates as schools write them: `2013-07-21`, `2013/7/21`, `2013年7月21日`, `20130721`,
//! `2013.7.21` (full-width digits too), and Excel's day serials.

use crate::text::fold_all_width;
use chrono::{Datelike, NaiveDate};

/// Parses a written date; `None` when it is not one of the forms above or not a real day.
/// A time after the date (`2013-07-21 00:00:00`, as some exports add) is ignored.
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let folded = fold_all_width(s);
    let mut t = folded.trim();
    // Cut a trailing time: everything from the whitespace or `T` before the first `:`.
    if let Some(colon) = t.find(':') {
        let cut = t[..colon].rfind([' ', 'T'])?;
        t = t[..cut].trim_end();
    }
    let compact: String = t.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.len() == 8 && compact.bytes().all(|b| b.is_ascii_digit()) {
        return ymd(&compact[..4], &compact[4..6], &compact[6..]);
    }
    let body = compact
        .strip_suffix('日')
        .or_else(|| compact.strip_suffix('号'))
        .unwrap_or(&compact);
    let parts: Vec<&str> = body.split(['-', '/', '.', '年', '月']).collect();
    match parts.as_slice() {
        [y, m, d] if y.len() == 4 && (1..=2).contains(&m.len()) && (1..=2).contains(&d.len()) => {
            ymd(y, m, d)
        }
        _ => None,
    }
}

fn ymd(y: &str, m: &str, d: &str) -> Option<NaiveDate> {
    if !(y.bytes().chain(m.bytes()).chain(d.bytes())).all(|b| b.is_ascii_digit()) {
        return None;
    }
    NaiveDate::from_ymd_opt(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
}

/// An Excel day serial (1900 date system) as a date. Excel counts 1900-02-29, a day that
/// never was, so its day 0 is 1899-12-30 for every serial after February 1900.
pub fn from_excel_serial(serial: f64) -> Option<NaiveDate> {
    if !serial.is_finite() || !(1.0..=2_958_465.0).contains(&serial) {
        return None;
    }
    let days = serial.floor() as i64;
    NaiveDate::from_ymd_opt(1899, 12, 30)?.checked_add_signed(chrono::Duration::days(days))
}

/// A number found in a date cell: an 8-digit `20130721` typed as a number, else a serial.
pub fn from_number(n: f64) -> Option<NaiveDate> {
    if n.fract() == 0.0 && (10_000_000.0..100_000_000.0).contains(&n) {
        return parse_date(&format!("{}", n as i64));
    }
    from_excel_serial(n)
}

/// `YYYY-MM-DD`, the form every export writes.
pub fn format_date(d: NaiveDate) -> String {
    format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> Option<NaiveDate> {
        NaiveDate::from_ymd_opt(y, m, day)
    }

    #[test]
    fn every_school_form_parses() {
        for s in [
            "2013-07-21",
            "2013-7-21",
            "2013/7/21",
            "2013/07/21",
            "2013年7月21日",
            "2013年07月21号",
            "2013 年 7 月 21 日",
            "20130721",
            "2013.7.21",
            "２０１３．７．２１",
            "２０１３年７月２１日",
            " 2013-07-21 00:00:00 ",
            "2013-07-21T08:30",
        ] {
            assert_eq!(parse_date(s), d(2013, 7, 21), "{s}");
        }
    }

    #[test]
    fn non_dates_are_refused() {
        for s in [
            "",
            "2013-02-30",
            "2013-13-01",
            "13-7-21",
            "7/21/2013",
            "2013-7",
            "2013-7-21-1",
            "2013年7月",
            "201307210",
            "abcd-ef-gh",
            "2013-0x7-21",
            "+201-3-4",
            "明天",
            ":",
            "12:00",
        ] {
            assert_eq!(parse_date(s), None, "{s}");
        }
    }

    #[test]
    fn excel_serials() {
        assert_eq!(from_excel_serial(41476.0), d(2013, 7, 21));
        assert_eq!(from_excel_serial(41476.75), d(2013, 7, 21));
        assert_eq!(from_number(20130721.0), d(2013, 7, 21));
        assert_eq!(from_number(41476.0), d(2013, 7, 21));
        assert_eq!(from_excel_serial(f64::NAN), None);
        assert_eq!(from_excel_serial(-3.0), None);
        assert_eq!(from_excel_serial(1e300), None);
    }

    #[test]
    fn format_round_trips() {
        let day = d(2013, 7, 1).unwrap();
        assert_eq!(format_date(day), "2013-07-01");
        assert_eq!(parse_date(&format_date(day)), Some(day));
    }
}
