//! One date-and-time parser (`domain::when`) behind every form: the incident form reads the
//! same moments as the note editor (`昨天 16:30`), the mood form the same days ahead as a
//! note's follow-up (`明天`, `下周五`), each with its own sentence when the text does not read.

use chrono::{NaiveDate, NaiveDateTime};
use shouwang::app::{IncidentForm, MoodForm};
use shouwang::i18n::{self, Lang};
use shouwang::model::{Child, ChildId, CounselorId, Gender};

/// Thursday 2026-11-26, 10:15.
fn now() -> NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 11, 26)
        .unwrap()
        .and_hms_opt(10, 15, 0)
        .unwrap()
}

fn child() -> Child {
    let birth = NaiveDate::from_ymd_opt(2014, 3, 2).unwrap();
    Child::new(ChildId(7), "赵小军".into(), Gender::Male, birth)
}

fn input(text: &str) -> ratatui_textarea::TextArea<'static> {
    let mut t = ratatui_textarea::TextArea::default();
    t.insert_str(text);
    t
}

fn incident_found_at(when: &str) -> Result<NaiveDateTime, String> {
    let mut form = IncidentForm::new(&child(), "李老师", now());
    form.found = input("放学后没有回家");
    form.when = input(when);
    form.validated(CounselorId(2), now()).map(|i| i.found_at)
}

fn mood_follow_up(typed: &str) -> Result<Option<NaiveDate>, String> {
    let mut form = MoodForm::new(&child(), &[]);
    form.score = Some(2);
    form.follow_up = input(typed);
    form.validated(now().date()).map(|m| m.follow_up)
}

#[test]
fn the_incident_form_reads_day_words_like_the_note_editor() {
    i18n::set_lang(Lang::Zh);
    let at = |d, h, m| {
        NaiveDate::from_ymd_opt(2026, 11, d)
            .unwrap()
            .and_hms_opt(h, m, 0)
    };
    assert_eq!(incident_found_at("昨天 16:30").ok(), at(25, 16, 30));
    assert_eq!(incident_found_at("周一 8:05").ok(), at(23, 8, 5));
    assert_eq!(incident_found_at("2026-11-20 16:30").ok(), at(20, 16, 30));
    assert_eq!(incident_found_at("2026/11/20 16:30").ok(), at(20, 16, 30));
    assert_eq!(incident_found_at("2026年11月20日").ok(), at(20, 10, 15));
    assert_eq!(incident_found_at("").ok(), at(26, 10, 15));
    for later in ["23:00", "2026-11-27 08:00", "2026-11-27"] {
        let e = incident_found_at(later).unwrap_err();
        assert!(e.contains("还没到"), "{later}: {e}");
    }
    for bad in ["昨天 25:00", "下雨", "昨天 9点"] {
        let e = incident_found_at(bad).unwrap_err();
        assert!(e.contains("不是时间"), "{bad}: {e}");
    }
}

#[test]
fn the_mood_form_reads_days_ahead_like_a_notes_follow_up() {
    i18n::set_lang(Lang::Zh);
    let d = |m, day| NaiveDate::from_ymd_opt(2026, m, day);
    assert_eq!(mood_follow_up("明天"), Ok(d(11, 27)));
    assert_eq!(mood_follow_up("下周五"), Ok(d(12, 4)));
    assert_eq!(mood_follow_up("2026-11-28"), Ok(d(11, 28)));
    assert_eq!(mood_follow_up(""), Ok(None));
    let past = mood_follow_up("2026-11-20").unwrap_err();
    assert!(past.contains("已经过去"), "{past}");
    let bad = mood_follow_up("12月4日").unwrap_err();
    assert!(bad.contains("不是日期"), "{bad}");
}
