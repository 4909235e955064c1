//! When a contact happened, as a counselor types it: `2026-11-27 16:30`, `今天`, `昨天 16:30`,
//! `周五`, `上周五`, `today`, `yesterday`. Day words count back from today, never forward.

use crate::import::dates::parse_date;
use crate::model::Timestamp;
use crate::text::fold_all_width;
use crate::tr;
use chrono::{Datelike, Duration, NaiveDate, NaiveTime, Weekday};

/// A typed moment, or a sentence saying what to type. A day without a time keeps the time of
/// `now` (what the editor showed by default); a moment after today is refused.
pub fn parse_when(s: &str, now: Timestamp) -> Result<Timestamp, String> {
    let folded = fold_all_width(s);
    let t = folded.trim();
    if t.is_empty() {
        return Ok(now);
    }
    let (day_part, time_part) = split_time(t);
    let day = if day_part.is_empty() {
        Some(now.date())
    } else {
        parse_day(day_part, now.date())
    };
    let Some(day) = day else {
        return Err(tr!("notes.bad_when", value = s.trim()));
    };
    let time = match time_part {
        Some(text) => parse_time(text).ok_or_else(|| tr!("notes.bad_time", value = text))?,
        None => now.time(),
    };
    if day > now.date() {
        return Err(tr!("notes.future", value = s.trim()));
    }
    Ok(day.and_time(time))
}

/// A day: a written date or a day word counted back from `today`.
pub fn parse_day(s: &str, today: NaiveDate) -> Option<NaiveDate> {
    let t = s.trim();
    let lower = t.to_lowercase();
    match lower.as_str() {
        "今天" | "今日" | "today" => return Some(today),
        "昨天" | "昨日" | "yesterday" => return today.pred_opt(),
        "前天" => return today.checked_sub_signed(Duration::days(2)),
        _ => {}
    }
    if let Some(rest) = t.strip_prefix("上周").or_else(|| t.strip_prefix("上星期")) {
        let wd = weekday(rest)?;
        let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
        return Some(monday - Duration::days(7 - i64::from(wd.num_days_from_monday())));
    }
    let rest = ["本周", "这周", "周", "星期", "礼拜"]
        .iter()
        .find_map(|p| t.strip_prefix(p));
    if let Some(wd) = rest.and_then(weekday).or_else(|| english_weekday(&lower)) {
        let back = (7 + today.weekday().num_days_from_monday() - wd.num_days_from_monday()) % 7;
        return Some(today - Duration::days(i64::from(back)));
    }
    parse_date(t)
}

/// A follow-up's due day, which lies ahead: a written date, `今天`, `明天`, `后天`, `3天后`,
/// `周五` (the next Friday, today if it is Friday), `下周五` (Friday of next week).
pub fn parse_due(s: &str, today: NaiveDate) -> Option<NaiveDate> {
    let folded = fold_all_width(s);
    let t = folded.trim();
    match t.to_lowercase().as_str() {
        "今天" | "today" => return Some(today),
        "明天" | "tomorrow" => return today.succ_opt(),
        "后天" => return today.checked_add_signed(Duration::days(2)),
        _ => {}
    }
    if let Some(n) = t
        .strip_suffix("天后")
        .and_then(|n| n.trim().parse::<i64>().ok())
    {
        return today.checked_add_signed(Duration::days(n.clamp(0, 3650)));
    }
    let monday = today - Duration::days(i64::from(today.weekday().num_days_from_monday()));
    if let Some(rest) = t.strip_prefix("下周").or_else(|| t.strip_prefix("下星期")) {
        let wd = weekday(rest)?;
        return Some(monday + Duration::days(7 + i64::from(wd.num_days_from_monday())));
    }
    let rest = ["周", "星期", "礼拜"]
        .iter()
        .find_map(|p| t.strip_prefix(p));
    if let Some(wd) = rest.and_then(weekday) {
        let ahead = (7 + wd.num_days_from_monday() - today.weekday().num_days_from_monday()) % 7;
        return Some(today + Duration::days(i64::from(ahead)));
    }
    parse_date(t).filter(|d| *d >= today)
}

fn weekday(s: &str) -> Option<Weekday> {
    Some(match s {
        "一" | "1" => Weekday::Mon,
        "二" | "2" => Weekday::Tue,
        "三" | "3" => Weekday::Wed,
        "四" | "4" => Weekday::Thu,
        "五" | "5" => Weekday::Fri,
        "六" | "6" => Weekday::Sat,
        "日" | "天" | "7" => Weekday::Sun,
        _ => return None,
    })
}

fn english_weekday(s: &str) -> Option<Weekday> {
    let names = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];
    let i = names
        .iter()
        .position(|n| s.len() >= 3 && s.starts_with(n))?;
    Weekday::try_from(i as u8).ok()
}

/// Splits `昨天 16:30` / `昨天16:30` / `2026-11-27 16:30` / `16:30` into day and time.
fn split_time(t: &str) -> (&str, Option<&str>) {
    let Some(colon) = t.find(':') else {
        return (t, None);
    };
    let start = t[..colon]
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit())
        .last()
        .map_or(colon, |(i, _)| i);
    (t[..start].trim_end(), Some(t[start..].trim()))
}

fn parse_time(s: &str) -> Option<NaiveTime> {
    let (h, m) = s.split_once(':')?;
    let m = m.split(':').next()?;
    NaiveTime::from_hms_opt(h.trim().parse().ok()?, m.trim().parse().ok()?, 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Thursday 2026-11-26, 10:15.
    fn now() -> Timestamp {
        NaiveDate::from_ymd_opt(2026, 11, 26)
            .unwrap()
            .and_hms_opt(10, 15, 0)
            .unwrap()
    }

    fn at(m: u32, d: u32, h: u32, min: u32) -> Timestamp {
        NaiveDate::from_ymd_opt(2026, m, d)
            .unwrap()
            .and_hms_opt(h, min, 0)
            .unwrap()
    }

    #[test]
    fn day_words_count_back_from_today() {
        crate::i18n::set_lang(crate::i18n::Lang::Zh);
        let cases = [
            ("", at(11, 26, 10, 15)),
            ("今天", at(11, 26, 10, 15)),
            ("today", at(11, 26, 10, 15)),
            ("昨天", at(11, 25, 10, 15)),
            ("Yesterday 8:05", at(11, 25, 8, 5)),
            ("前天 16:30", at(11, 24, 16, 30)),
            ("昨天16:30", at(11, 25, 16, 30)),
            ("16:30", at(11, 26, 16, 30)),
            ("周四", at(11, 26, 10, 15)),
            ("周五", at(11, 20, 10, 15)),
            ("星期五 16：30", at(11, 20, 16, 30)),
            ("礼拜一", at(11, 23, 10, 15)),
            ("周日", at(11, 22, 10, 15)),
            ("上周五", at(11, 20, 10, 15)),
            ("上周一", at(11, 16, 10, 15)),
            ("上星期日", at(11, 22, 10, 15)),
            ("fri", at(11, 20, 10, 15)),
            ("2026-11-20 16:30", at(11, 20, 16, 30)),
            ("2026年11月3日", at(11, 3, 10, 15)),
        ];
        for (typed, want) in cases {
            assert_eq!(parse_when(typed, now()), Ok(want), "{typed}");
        }
    }

    #[test]
    fn follow_up_days_lie_ahead() {
        let thu = now().date();
        let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day);
        assert_eq!(parse_due("明天", thu), d(11, 27));
        assert_eq!(parse_due("周五", thu), d(11, 27));
        assert_eq!(parse_due("周四", thu), d(11, 26));
        assert_eq!(parse_due("周一", thu), d(11, 30));
        assert_eq!(parse_due("下周五", thu), d(12, 4));
        assert_eq!(parse_due("3天后", thu), d(11, 29));
        assert_eq!(parse_due("2026-12-10", thu), d(12, 10));
        assert_eq!(parse_due("2026-11-10", thu), None);
        assert_eq!(parse_due("昨天", thu), None);
        assert_eq!(parse_due("下雨", thu), None);
    }

    #[test]
    fn bad_input_gets_a_sentence() {
        crate::i18n::set_lang(crate::i18n::Lang::Zh);
        for typed in [
            "明年",
            "2026-13-01",
            "周八",
            "昨天 25:00",
            "2026-11-27",
            "abc",
        ] {
            let e = parse_when(typed, now()).unwrap_err();
            assert!(e.chars().count() > 8, "{typed}: {e}");
            assert!(!e.contains("notes."), "untranslated: {e}");
        }
        assert!(
            parse_when("2026-11-27", now())
                .unwrap_err()
                .contains("还没到")
        );
    }
}
