//! Typed text on the printed pages is text: `<script>`, `&` and quotes in a child's name, a
//! note, a follow-up, a report, a staff member's name, the school's name, a letter, its
//! pseudonym and its reply, and every typed field of an absence case's written report (the
//! child, the case, each attempt, its closing, the township) come out escaped on every page,
//! in either language, and the pages hold only the tags their templates write.

use super::replies::{PrintStyle, ReplyFormat, write_replies};
use super::report::archive::{ArchivePage, Paper, write_html};
use crate::domain::report::{ChildRecords, Range};
use crate::i18n::Lang;
use crate::model::*;
use chrono::{NaiveDate, NaiveDateTime};

/// Hostile text that names where it was typed, so each place is checked on its own.
fn hostile(place: &str) -> String {
    format!("<script>{place}\"&'</script>")
}

/// How `hostile(place)` must read in the page: every `<`, `>`, `&` and quote escaped.
fn escaped(place: &str) -> String {
    format!("&#60;script&#62;{place}&#34;&#38;&#39;&#60;/script&#62;")
}

/// The pages' own tags: anything else would be markup that came from typed text.
const TAGS: &[&str] = &[
    "!DOCTYPE", "html", "head", "meta", "title", "style", "body", "section", "h1", "h2", "p", "br",
    "div", "table", "colgroup", "col", "thead", "tbody", "tr", "th", "td", "svg", "line", "text",
    "polyline", "circle", "footer",
];

fn assert_safe(html: &str, places: &[&str]) {
    assert!(
        !html.contains("<script") && !html.contains("\"&'"),
        "{html}"
    );
    for place in places {
        assert!(
            html.contains(&escaped(place)),
            "{place} not escaped in\n{html}"
        );
    }
    for (at, _) in html.match_indices('<') {
        let tag: String = html[at + 1..]
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '!')
            .collect();
        assert!(TAGS.contains(&tag.as_str()), "<{tag} at {at} in\n{html}");
    }
    assert!(html.ends_with("</html>\n"), "{html}");
}

fn day(d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
}

fn at(d: u32) -> NaiveDateTime {
    day(d).and_hms_opt(16, 0, 0).unwrap()
}

fn archive_page() -> ArchivePage {
    let mut child = Child::new(
        ChildId(1),
        hostile("name"),
        Gender::Female,
        day(1) - chrono::Days::new(4000),
    );
    child.guardian.name = hostile("guardian");
    child.remarks = hostile("remarks");
    child.study.push(StudyNote {
        term: "2026秋".into(),
        text: hostile("study"),
    });
    let note = Note {
        id: NoteId(2),
        children: vec![ChildId(1)],
        counselor: CounselorId(9),
        kind: NoteKind::Talk,
        at: at(20),
        duration_min: Some(30),
        text: format!("{}\n{}", hostile("note"), hostile("second line")),
        mood: Some(2),
        support: String::new(),
        follow_up: None,
        created: at(20),
        revisions: Vec::new(),
        deleted: None,
    };
    let followup = FollowUp {
        id: FollowUpId(3),
        child: ChildId(1),
        counselor: CounselorId(9),
        due: day(27),
        text: hostile("followup"),
        note: None,
        created: at(20),
        done: None,
    };
    let incident = Incident {
        id: IncidentId(4),
        child: Some(ChildId(1)),
        kind: IncidentKind::Other,
        other: hostile("other"),
        found: hostile("found"),
        found_at: at(21),
        reported_by: CounselorId(9),
        reported_to: hostile("office"),
        reported_at: None,
        receipt: hostile("receipt"),
        events: Vec::new(),
        revisions: Vec::new(),
        closed: None,
    };
    ArchivePage {
        records: ChildRecords {
            child,
            assignments: vec![Assignment {
                id: AssignmentId(5),
                child: ChildId(1),
                counselor: CounselorId(9),
                from: day(1),
                until: None,
            }],
            contacts: vec![(at(20), NoteKind::Talk)],
            moods: vec![MoodPoint {
                at: at(20),
                score: 2,
                source: MoodSource::Note(NoteId(2)),
            }],
            followups: vec![followup],
            incidents: vec![incident],
        },
        notes: vec![note],
        incidents: true,
    }
}

#[test]
fn the_archive_page_escapes_every_typed_text() {
    let staff = [Counselor {
        id: CounselorId(9),
        name: hostile("staff"),
        role: Role::Counselor,
        classes: Vec::new(),
        passphrase_hash: None,
        created: at(1),
        active: true,
    }];
    let school = hostile("school");
    let paper = Paper {
        school: &school,
        printed: day(26),
        range: Range {
            from: day(1),
            to: day(30),
        },
        staff: &staff,
    };
    for lang in [Lang::Zh, Lang::En] {
        crate::i18n::set_thread_lang(lang);
        let mut out = Vec::new();
        write_html(&[archive_page(), archive_page()], &paper, &mut out, "test").unwrap();
        let html = String::from_utf8(out).unwrap();
        assert_safe(
            &html,
            &[
                "name",
                "guardian",
                "remarks",
                "study",
                "note",
                "second line",
                "followup",
                "other",
                "found",
                "office",
                "receipt",
                "staff",
                "school",
            ],
        );
        // A note's line break survives as one, after the escaping.
        assert!(html.contains(&format!(
            "{}<br/>{}",
            escaped("note"),
            escaped("second line")
        )));
    }
}

#[test]
fn the_replies_escape_the_letter_its_pseudonym_and_the_reply() {
    let letter = Letter {
        id: LetterId(1),
        number: LetterNumber {
            year: 2026,
            week: 48,
            seq: 1,
        },
        received: day(27),
        pseudonym: Some(hostile("pseudonym")),
        text: hostile("letter"),
        status: LetterStatus::Replied,
        needs_attention: false,
        attention_reason: String::new(),
        reply: format!("{}\n{}", hostile("reply"), hostile("second paragraph")),
        replied_by: Some(CounselorId(9)),
        replied_at: None,
        printed: false,
        attention_closed: None,
        incident: None,
    };
    for lang in [Lang::Zh, Lang::En] {
        let style = PrintStyle {
            lang,
            ..PrintStyle::default()
        };
        let mut out = Vec::new();
        write_replies(
            &[letter.clone(), letter.clone()],
            ReplyFormat::Html,
            &style,
            &mut out,
        )
        .unwrap();
        let html = String::from_utf8(out).unwrap();
        assert_safe(&html, &["pseudonym", "letter", "reply", "second paragraph"]);
    }
}

#[test]
fn the_absence_report_escapes_every_typed_field() {
    use super::report::absence::{self, AbsencePage};
    let mut child = Child::new(
        ChildId(1),
        hostile("name"),
        Gender::Male,
        day(1) - chrono::Days::new(4000),
    );
    child.class = hostile("class");
    child.student_id = Some(hostile("student id"));
    child.village = hostile("village");
    child.father = Parent {
        name: hostile("father"),
        work_place: hostile("father work"),
        phone: hostile("father phone"),
    };
    child.mother.name = hostile("mother");
    child.guardian = Guardian {
        name: hostile("guardian"),
        relation: hostile("relation"),
        phone: hostile("guardian phone"),
        address: hostile("address"),
    };
    let attempt = Attempt {
        on: day(4),
        went: hostile("went"),
        way: AttemptWay::WithVillage,
        met: hostile("met"),
        result: format!("{}\n{}", hostile("result"), hostile("second line")),
        failed: true,
        logged_by: CounselorId(9),
        logged_at: at(4),
    };
    let page = AbsencePage {
        case: AbsenceCase {
            id: AbsenceId(7),
            child: ChildId(1),
            kind: AbsenceKind::Truancy,
            first_day: day(2),
            note: hostile("known"),
            registered_by: CounselorId(9),
            registered_at: at(3),
            attempts: vec![attempt],
            report_printed: Some(at(20)),
            incidents: vec![IncidentId(4)],
            from_incident: None,
            closed: Some(AbsenceClosure {
                at: at(26),
                by: CounselorId(9),
                outcome: AbsenceOutcome::ReportedIneffective,
                note: hostile("closing"),
            }),
        },
        child,
    };
    let staff = [Counselor {
        id: CounselorId(9),
        name: hostile("staff"),
        role: Role::HeadTeacher,
        classes: Vec::new(),
        passphrase_hash: None,
        created: at(1),
        active: true,
    }];
    let (school, township) = (hostile("school"), hostile("township"));
    let paper = absence::Paper {
        school: &school,
        township: &township,
        printed: day(26),
        staff: &staff,
    };
    for lang in [Lang::Zh, Lang::En] {
        crate::i18n::set_thread_lang(lang);
        let mut out = Vec::new();
        absence::write_html(&page, &paper, &mut out, "test").unwrap();
        let html = String::from_utf8(out).unwrap();
        assert_safe(
            &html,
            &[
                "name",
                "class",
                "student id",
                "village",
                "father",
                "father work",
                "father phone",
                "mother",
                "guardian",
                "relation",
                "guardian phone",
                "address",
                "known",
                "went",
                "met",
                "result",
                "second line",
                "closing",
                "staff",
                "school",
                "township",
            ],
        );
        assert!(html.contains(&format!(
            "{}<br/>{}",
            escaped("result"),
            escaped("second line")
        )));
    }
}
