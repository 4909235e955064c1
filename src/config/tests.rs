use super::*;
use chrono::NaiveDate;

fn d(y: i32, m: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, day).unwrap()
}

#[test]
fn defaults_follow_the_spec_table() {
    let c = Config::default();
    let talk = c.rule("talk").unwrap();
    assert_eq!(talk.kinds, vec![NoteKind::Talk]);
    assert_eq!(
        talk.minimum,
        Interval {
            times: 1,
            per: Period::Weeks(1)
        }
    );
    let tut = c.rule("tutoring").unwrap();
    assert_eq!(
        tut.minimum,
        Interval {
            times: 2,
            per: Period::Weeks(1)
        }
    );
    let parent = c.rule("parent_contact").unwrap();
    assert_eq!(parent.kinds, vec![NoteKind::ParentCall]);
    assert_eq!(
        parent.target,
        Some(Interval {
            times: 2,
            per: Period::Months(1)
        })
    );
    let visit = c.rule("home_visit").unwrap();
    assert_eq!(visit.minimum.per, Period::Semester);
    assert_eq!(
        visit.target,
        Some(Interval {
            times: 1,
            per: Period::Months(1)
        })
    );
    // 每月与父母、任课教师、托管人联系两次.
    let teachers = c.rule("teacher_contact").unwrap();
    assert_eq!(teachers.kinds, vec![NoteKind::TeacherContact]);
    assert_eq!(
        NoteKind::parse("联系任课教师"),
        Some(NoteKind::TeacherContact)
    );
    assert_eq!(NoteKind::parse("联系老师"), Some(NoteKind::TeacherContact));
    assert_eq!(
        teachers.minimum,
        Interval {
            times: 2,
            per: Period::Months(1)
        }
    );
    assert_eq!(
        c.most_children, 5,
        "the plans pair a teacher with about two"
    );
    assert_eq!(
        c.rule("forum").unwrap().minimum,
        Interval {
            times: 2,
            per: Period::Semester
        }
    );
    // 放学后 is a key period (重点时段) as the breaks are: a safety check once a month in term.
    let after = c.rule("after_school_check").unwrap();
    assert_eq!(after.kinds, vec![NoteKind::HolidaySafetyCheck]);
    assert_eq!(
        after.minimum,
        Interval {
            times: 1,
            per: Period::Months(1)
        }
    );
    assert_eq!(c.safety_checklist, ["溺水", "交通", "烫伤", "坠落", "中毒"]);
    assert_eq!(c.cadence.len(), 10);
    let h = &c.holiday_rule;
    assert_eq!(
        h.minimum,
        Interval {
            times: 1,
            per: Period::Weeks(2)
        }
    );
    assert!(h.counts(NoteKind::HolidaySafetyCheck) && h.counts(NoteKind::HomeVisit));
    assert!(h.counts(NoteKind::GuardianCall) && !h.counts(NoteKind::Talk));
    assert_eq!(c.feelings[0], "想念父母");
    for w in [
        "不想活",
        "自杀",
        "打我",
        "一个人住",
        "没人管",
        "害怕回家",
        "想死",
        "威胁",
    ] {
        assert!(c.danger_words.iter().any(|x| x == w), "{w}");
    }
    assert!(c.reply_templates.len() >= 3);
}

#[test]
fn default_terms_and_breaks() {
    let c = Config::default();
    assert_eq!(c.term_at(d(2026, 9, 1)).unwrap().name, "2026秋");
    assert_eq!(c.term_at(d(2027, 1, 20)).unwrap().name, "2026秋");
    assert!(c.term_at(d(2027, 1, 21)).is_none(), "winter break");
    assert!(c.term_at(d(2027, 2, 19)).is_none());
    assert_eq!(c.term_at(d(2027, 2, 20)).unwrap().name, "2027春");
    assert_eq!(c.term_at(d(2027, 7, 5)).unwrap().name, "2027春");
    assert!(c.term_at(d(2027, 7, 6)).is_none(), "summer break");
    assert!(c.term_at(d(2027, 8, 31)).is_none());
    assert!(c.terms.windows(2).all(|w| w[0].end < w[1].start));
}

#[test]
fn periods_parse() {
    assert_eq!(Period::parse("1w"), Some(Period::Weeks(1)));
    assert_eq!(Period::parse(" 2W "), Some(Period::Weeks(2)));
    assert_eq!(Period::parse("10d"), Some(Period::Days(10)));
    assert_eq!(Period::parse("1mo"), Some(Period::Months(1)));
    assert_eq!(Period::parse("2个月"), Some(Period::Months(2)));
    assert_eq!(Period::parse("semester"), Some(Period::Semester));
    assert_eq!(Period::parse("学期"), Some(Period::Semester));
    for bad in ["", "0w", "1x", "w1", "-1w", "99999999999d"] {
        assert_eq!(Period::parse(bad), None, "{bad}");
    }
}

#[test]
fn a_missing_file_gives_defaults_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    let (c, warning) = Config::load(Some(&path));
    assert_eq!(c, Config::default());
    assert_eq!(warning, None);
    assert!(!path.exists());
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn a_user_file_changes_only_what_it_lists() {
    let text = r#"
feelings = ["开心", "难过"]
extra_danger_words = ["离家出走", "自杀"]

[[cadence]]
id = "tutoring"
times = 3

[[cadence]]
id = "talk"
every = "2w"
kinds = ["谈心", "home_visit"]

[[cadence]]
id = "forum"
enabled = false

[[cadence]]
id = "sports"
name = "体育活动"
times = 1
per = "1mo"
kinds = ["teacher_contact"]
target = { every = "2w" }

[holiday_check]
every = "1w"
"#;
    let c = Config::from_toml(text).unwrap();
    let def = Config::default();
    assert_eq!(c.feelings, vec!["开心", "难过"]);
    assert_eq!(
        c.danger_words.len(),
        def.danger_words.len() + 1,
        "added once, no duplicate"
    );
    assert!(c.danger_words.iter().any(|w| w == "离家出走"));
    let tut = c.rule("tutoring").unwrap();
    assert_eq!(
        tut.minimum,
        Interval {
            times: 3,
            per: Period::Weeks(1)
        }
    );
    assert_eq!(tut.kinds, vec![NoteKind::Tutoring], "kinds kept");
    let talk = c.rule("talk").unwrap();
    assert_eq!(
        talk.minimum,
        Interval {
            times: 1,
            per: Period::Weeks(2)
        }
    );
    assert_eq!(talk.kinds, vec![NoteKind::Talk, NoteKind::HomeVisit]);
    assert!(c.rule("forum").is_none());
    let sports = c.rule("sports").unwrap();
    assert_eq!(sports.label(), "体育活动");
    assert_eq!(
        sports.target,
        Some(Interval {
            times: 1,
            per: Period::Weeks(2)
        })
    );
    assert_eq!(c.holiday_rule.minimum.per, Period::Weeks(1));
    assert_eq!(c.holiday_rule.kinds, def.holiday_rule.kinds);
    assert_eq!(
        c.rule("parent_contact"),
        def.rule("parent_contact"),
        "untouched"
    );
    assert_eq!(c.terms, def.terms);
    assert_eq!(c.reply_templates, def.reply_templates);
}

/// The coordinator's role is the school's office, as the school calls it (issue 23, 7.1).
#[test]
fn the_schools_office_comes_from_the_file() {
    assert_eq!(Config::default().office, "政教处");
    let c = Config::from_toml("[school]\noffice = \"德育处\"\n").unwrap();
    assert_eq!(c.office, "德育处");
    for bad in ["\" \"", &format!("\"{}\"", "处".repeat(51))] {
        let e = Config::from_toml(&format!("[school]\noffice = {bad}\n")).unwrap_err();
        assert_eq!(e.line, 2, "{bad}");
    }
    // Loading the file makes it the word for the role in every sentence.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, "[school]\noffice = \"德育处\"\n").unwrap();
    let (c, warning) = Config::load(Some(&path));
    assert_eq!((c.office.as_str(), warning), ("德育处", None));
    crate::i18n::set_thread_lang(crate::i18n::Lang::Zh);
    assert_eq!(crate::tr!("cli.role_coordinator"), "德育处");
    let last = crate::tr!("admin.staff.last_coordinator", name = "周主任");
    crate::i18n::set_office("政教处");
    assert!(
        last.contains("德育处") && !last.contains("协调员"),
        "{last}"
    );
    assert_eq!(crate::tr!("cli.role_coordinator"), "政教处");
}

#[test]
fn the_load_warning_threshold_comes_from_the_file() {
    let c = Config::from_toml("[caseload]\nmost_children = 8\n").unwrap();
    assert_eq!(c.most_children, 8);
    for bad in ["0", "-1", "1001"] {
        let e = Config::from_toml(&format!("\n[caseload]\nmost_children = {bad}\n")).unwrap_err();
        assert_eq!(e.line, 3, "{bad}");
    }
}

#[test]
fn mood_thresholds_default_and_come_from_the_file() {
    let def = Config::default().mood;
    assert_eq!(
        def,
        MoodRule {
            falling_by: 1.5,
            lowest: 1
        }
    );
    let c = Config::from_toml("[mood]\nfalling_by = 2\nlowest = 2\n").unwrap();
    assert_eq!(
        c.mood,
        MoodRule {
            falling_by: 2.0,
            lowest: 2
        }
    );
    let c = Config::from_toml("[mood]\nfalling_by = 1.25\n").unwrap();
    assert_eq!((c.mood.falling_by, c.mood.lowest), (1.25, 1), "lowest kept");
}

#[test]
fn terms_can_be_changed_by_pattern_and_exact_dates() {
    let text = r#"
[terms]
autumn = "08-28..01-15"
[[terms.list]]
name = "2026秋（推迟开学）"
start = 2026-09-07
end = "2027-01-25"
"#;
    let c = Config::from_toml(text).unwrap();
    assert_eq!(c.term_at(d(2025, 8, 28)).unwrap().name, "2025秋");
    assert!(c.term_at(d(2026, 1, 16)).is_none());
    assert_eq!(
        c.term_at(d(2026, 2, 20)).unwrap().name,
        "2026春",
        "spring default kept"
    );
    assert!(
        c.term_at(d(2026, 8, 30)).is_none(),
        "the exact term replaced the pattern's"
    );
    assert_eq!(
        c.term_at(d(2027, 1, 25)).unwrap().name,
        "2026秋（推迟开学）"
    );
    assert!(c.terms.windows(2).all(|w| w[0].end < w[1].start));
}

/// Any number of breaks a year: yearly ones by month and day, exact ones by date. A file
/// written before breaks existed loads as it did, with the built-in 国庆 and 劳动节 breaks.
#[test]
fn breaks_inside_terms_come_from_the_file() {
    let def = Config::default();
    for day in [d(2026, 10, 1), d(2026, 10, 7), d(2027, 5, 1), d(2027, 5, 5)] {
        assert!(def.in_break(day), "{day}");
        assert!(
            def.term_at(day).is_some(),
            "the term goes on around it: {day}"
        );
    }
    assert!(!def.in_break(d(2026, 10, 8)));
    let old = Config::from_toml("[terms]\nautumn = \"09-01..01-20\"\n").unwrap();
    assert_eq!(old.breaks, def.breaks);
    let text = r#"
[[breaks]]
name = "国庆节"
days = "10-01..10-05"

[[breaks]]
name = "2027清明"
start = 2027-04-03
end = "2027-04-05"

[[breaks]]
days = "11-11..11-11"
"#;
    let c = Config::from_toml(text).unwrap();
    assert!(c.in_break(d(2026, 10, 5)) && !c.in_break(d(2026, 10, 6)));
    assert!(c.in_break(d(2027, 4, 4)) && !c.in_break(d(2026, 4, 4)));
    assert!(c.in_break(d(2030, 11, 11)));
    assert!(
        !c.in_break(d(2027, 5, 2)),
        "the file's list replaces the built-in one"
    );
    assert!(c.breaks.windows(2).all(|w| w[0].end < w[1].start));
    assert!(
        Config::from_toml("breaks = []\n")
            .unwrap()
            .breaks
            .is_empty()
    );
    // Mistakes are told with their line.
    let bad = |t: &str| Config::from_toml(t).unwrap_err();
    assert_eq!(bad("[[breaks]]\nname = \"x\"\n").line, 1);
    assert_eq!(bad("[[breaks]]\ndays = \"10-01..10-40\"\n").line, 2);
    let e = bad("[[breaks]]\ndays = \"10-01..10-03\"\nstart = 2026-10-01\nend = 2026-10-02\n");
    assert_eq!(e.line, 1, "{e}");
    let e = bad("[[breaks]]\nstart = 2026-10-05\nend = 2026-10-01\n");
    assert_eq!(e.line, 3, "{e}");
}

fn warning_for(text: &str) -> (Config, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, text).unwrap();
    let (c, w) = Config::load(Some(&path));
    (c, w.expect("a warning"))
}

#[test]
fn a_bad_file_gives_defaults_and_the_line() {
    let cases: &[(&str, usize, &str)] = &[
        ("feelings = [\"a\"]\n\n[[cadence]\nid = 1\n", 3, ""),
        (
            "\n[[cadence]]\nid = \"talk\"\nevery = \"fortnight\"\n",
            4,
            "fortnight",
        ),
        (
            "[[cadence]]\nid = \"talk\"\nkinds = [\"talk\",\n  \"swimming\"]\n",
            4,
            "swimming",
        ),
        (
            "[[cadence]]\nid = \"new_rule\"\nkinds = [\"talk\"]\n",
            2,
            "new_rule",
        ),
        ("colour = \"red\"\n", 1, "colour"),
        ("[terms]\nautumn = \"13-01..01-20\"\n", 2, "13-01"),
        (
            "[[terms.list]]\nstart = 2026-09-01\nend = 2026-08-01\n",
            3,
            "",
        ),
        ("[[cadence]]\nid = \"talk\"\ntimes = 0\n", 3, ""),
        ("[mood]\n\nfalling_by = 0.0\n", 3, "0"),
        ("[mood]\nfalling_by = nan\n", 2, "NaN"),
        ("[mood]\nlowest = 6\n", 2, "6"),
        ("[mood]\nlowest = -1\n", 2, "-1"),
        ("[mood]\nfalls = 2\n", 2, "falls"),
    ];
    for (text, line, word) in cases {
        let (c, w) = warning_for(text);
        assert_eq!(c, Config::default(), "{text}");
        let (en, zh) = (format!("line {line}:"), format!("第 {line} 行"));
        assert!(w.contains(&en) || w.contains(&zh), "{text}: {w}");
        assert!(w.contains(word), "{text}: {w}");
    }
}

#[test]
fn an_unreadable_file_gives_defaults_and_a_sentence() {
    let (c, w) = warning_for_bytes(&[0xff, 0xfe, 0x00, 0x41]);
    assert_eq!(c, Config::default());
    assert!(!w.is_empty());
}

fn warning_for_bytes(bytes: &[u8]) -> (Config, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, bytes).unwrap();
    let (c, w) = Config::load(Some(&path));
    (c, w.expect("a warning"))
}

#[test]
fn danger_words_are_found_in_a_letter() {
    let c = Config::default();
    assert_eq!(
        c.danger_words_in("老师，我有时候不想活了，爸爸打我"),
        vec!["不想活", "打我"]
    );
    assert!(c.danger_words_in("今天考试考得很好").is_empty());
}

#[test]
fn rule_labels_come_from_the_catalogue() {
    let c = Config::default();
    for r in c.cadence.iter().chain([&c.holiday_rule]) {
        let key = format!("ui.cadence.{}", r.id);
        let zh = crate::i18n::text_in(crate::i18n::Lang::Zh, &key);
        assert!(!zh.starts_with("ui."), "{} has no Chinese name", r.id);
    }
}

#[test]
fn daily_backups_kept_come_from_the_file_and_a_bad_count_is_refused() {
    assert_eq!(Config::default().backups_kept, 7);
    let c = Config::from_toml("[backups]\nkeep = 14\n").unwrap();
    assert_eq!(c.backups_kept, 14);
    let e = Config::from_toml("[backups]\nkeep = -1\n").unwrap_err();
    assert!(
        e.to_string().contains("-1") && e.to_string().contains('2'),
        "{e}"
    );
}

#[test]
fn the_failed_attempts_before_an_absence_report_come_from_the_file() {
    assert_eq!(Config::default().absence_attempts, 3);
    let c = Config::from_toml("[absence]\nattempts_before_report = 2\n").unwrap();
    assert_eq!(c.absence_attempts, 2);
    let e = Config::from_toml("[absence]\nattempts_before_report = 0\n").unwrap_err();
    assert!(e.to_string().contains("attempts_before_report"), "{e}");
}

#[test]
fn the_school_name_comes_from_the_file() {
    assert_eq!(Config::default().school_name, "");
    let c = Config::from_toml("[school]\nname = \" 青山镇中心小学 \"\n").unwrap();
    assert_eq!(c.school_name, "青山镇中心小学");
    let long = format!("[school]\nname = \"{}\"\n", "校".repeat(101));
    assert_eq!(Config::from_toml(&long).unwrap_err().line, 2);
}

#[test]
fn the_school_speaks_chinese_unless_its_file_says_otherwise() {
    use crate::i18n::Lang;
    assert_eq!(Config::default().school_lang, Lang::Zh);
    let c = Config::from_toml("[school]\nlanguage = \"en\"\n").unwrap();
    assert_eq!(c.school_lang, Lang::En);
    let e = Config::from_toml("[school]\nname = \"x\"\nlanguage = \"fr\"\n").unwrap_err();
    assert_eq!(e.line, 3, "{e}");
}

#[test]
fn a_printed_reply_quotes_the_first_line_or_nothing() {
    use super::ReplyQuote;
    assert_eq!(Config::default().reply_quote, ReplyQuote::FirstLine);
    let c = Config::from_toml("[replies]\nquote = \"none\"\n").unwrap();
    assert_eq!(c.reply_quote, ReplyQuote::None);
    let c = Config::from_toml("[replies]\nquote = \"first-line\"\n").unwrap();
    assert_eq!(c.reply_quote, ReplyQuote::FirstLine);
    // The whole letter is not a choice: it would go back through a box other children open.
    let e = Config::from_toml("[replies]\nquote = \"all\"\n").unwrap_err();
    assert_eq!(e.line, 2, "{e}");
}

/// The township an absence case's written report goes to (控辍保学): blank unless the file
/// names it, trimmed, and not too long to head a page.
#[test]
fn the_township_comes_from_the_file() {
    assert_eq!(Config::default().township, "");
    let c = Config::from_toml("[school]\ntownship = \" 青山镇 \"\n").unwrap();
    assert_eq!(c.township, "青山镇");
    let long = format!(
        "[school]\nname = \"x\"\ntownship = \"{}\"\n",
        "镇".repeat(101)
    );
    let e = Config::from_toml(&long).unwrap_err();
    assert_eq!(e.line, 3, "{e}");
    assert!(e.to_string().contains("township"), "{e}");
}
