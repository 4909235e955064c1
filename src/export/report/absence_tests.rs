//! The written report of an absence case: every attempt in the order made, the failed ones
//! counted, and the township named or, when the config names none, the township concerned.

use super::*;
use crate::i18n::{Lang, set_thread_lang};
use crate::model::*;
use chrono::NaiveDateTime;

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).expect("a day of November")
}

fn at(d: u32) -> NaiveDateTime {
    day(d).and_hms_opt(9, 0, 0).expect("a time of day")
}

fn attempt(d: u32, went: &str, way: AttemptWay, result: &str, failed: bool) -> Attempt {
    Attempt {
        on: day(d),
        went: went.into(),
        way,
        met: "爷爷".into(),
        result: result.into(),
        failed,
        logged_by: CounselorId(9),
        logged_at: at(d),
    }
}

fn case_page() -> AbsencePage {
    let mut child = Child::new(ChildId(1), "李小雨".into(), Gender::Female, day(1));
    child.class = "五年级(2)班".into();
    child.student_id = Some("20260117".into());
    child.guardian.name = "李大山".into();
    child.guardian.phone = "13800000001".into();
    // Logged out of the order they were made: the page lists them by their day.
    let attempts = vec![
        attempt(
            12,
            "村主任张华",
            AttemptWay::WithVillage,
            "第三次：仍不肯来",
            true,
        ),
        attempt(
            4,
            "班主任王芳",
            AttemptWay::Call,
            "第一次：爷爷说孩子病了",
            true,
        ),
        attempt(
            8,
            "班主任王芳",
            AttemptWay::HomeVisit,
            "第二次：孩子躲着不见",
            true,
        ),
    ];
    AbsencePage {
        case: AbsenceCase {
            id: AbsenceId(7),
            child: ChildId(1),
            kind: AbsenceKind::DroppedOut,
            first_day: day(2),
            note: "跟着亲戚去县城打工".into(),
            registered_by: CounselorId(9),
            registered_at: at(3),
            attempts,
            report_printed: None,
            incidents: Vec::new(),
            from_incident: None,
            closed: None,
        },
        child,
    }
}

fn staff() -> Vec<Counselor> {
    vec![Counselor {
        id: CounselorId(9),
        name: "王芳".into(),
        role: Role::HeadTeacher,
        classes: vec!["五年级(2)班".into()],
        passphrase_hash: None,
        created: at(1),
        active: true,
    }]
}

fn render(page: &AbsencePage, township: &str) -> String {
    let staff = staff();
    let paper = Paper {
        school: "青山镇中心小学",
        township,
        printed: day(20),
        staff: &staff,
    };
    let mut out = Vec::new();
    write_html(page, &paper, &mut out, "test").expect("written into memory");
    String::from_utf8(out).expect("the page is UTF-8")
}

#[test]
fn the_page_lists_every_attempt_oldest_first_and_counts_the_failed() {
    set_thread_lang(Lang::Zh);
    let mut page = case_page();
    page.case.attempts.push(attempt(
        14,
        "校长",
        AttemptWay::HomeVisit,
        "第四次：答应周一回校",
        false,
    ));
    let html = render(&page, "");
    let rows: Vec<&str> = html
        .lines()
        .filter(|l| l.starts_with("<tr class=\"attempt\">"))
        .collect();
    assert_eq!(rows.len(), 4, "{html}");
    for (row, (on, said)) in rows.iter().zip([
        ("2026-11-04", "第一次"),
        ("2026-11-08", "第二次"),
        ("2026-11-12", "第三次"),
        ("2026-11-14", "第四次"),
    ]) {
        assert!(row.contains(on) && row.contains(said), "{row}");
    }
    assert!(rows[0].contains("电话") && rows[2].contains("会同村（居）委会"));
    assert!(rows[2].contains("仍未返校") && rows[3].contains("已返校"));
    assert!(html.contains("共劝返 4 次，其中劝返无效 3 次。"), "{html}");
    // The child as the archive shows them, the case, and the lines to sign and seal.
    for part in [
        "青山镇中心小学",
        "李小雨",
        "五年级(2)班",
        "20260117",
        "李大山  13800000001",
        "辍学",
        "2026-11-02",
        "跟着亲戚去县城打工",
        "2026-11-03，王芳",
        "学校（盖章）",
        "日期：2026-11-20",
    ] {
        assert!(html.contains(part), "{part} missing in\n{html}");
    }
}

#[test]
fn a_case_with_no_attempt_says_so() {
    set_thread_lang(Lang::Zh);
    let mut page = case_page();
    page.case.attempts.clear();
    let html = render(&page, "");
    assert!(!html.contains("<tr class=\"attempt\">"));
    assert!(html.contains("尚未记录劝返。"), "{html}");
}

#[test]
fn the_report_goes_to_the_township_named_or_the_one_concerned() {
    set_thread_lang(Lang::Zh);
    let page = case_page();
    let blank = render(&page, "  ");
    assert!(blank.contains("区教育局、相关镇（街道）："), "{blank}");
    assert!(
        blank.contains("恳请区教育局和相关镇（街道）依法督促"),
        "{blank}"
    );
    let named = render(&page, "青山镇");
    assert!(named.contains("区教育局、青山镇："), "{named}");
    assert!(named.contains("恳请区教育局和青山镇依法督促"), "{named}");
    assert!(!named.contains("相关镇"), "{named}");
    set_thread_lang(Lang::En);
    let english = render(&page, "");
    assert!(
        english
            .contains("To the district education bureau and the township (subdistrict) concerned:"),
        "{english}"
    );
    set_thread_lang(Lang::Zh);
}
