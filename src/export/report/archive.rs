//! The archive on paper (一人一档): one A4 page per child, printed from a browser — the
//! profile, the care history, the period's contacts in a table, the mood chart (inline SVG),
//! the open follow-ups and, only when the coordinator asks, the incidents; the school's name at
//! the top, the counselor's signature line and the day of printing at the end of each child's
//! page. The page is the template `src/export/templates/archive.html`, which escapes every value; this
//! file gathers the words.

use super::super::ExportError;
use super::super::replies::printable;
use crate::domain::report::{ChildRecords, Range};
use crate::i18n::{Lang, lang};
use crate::labels;
use crate::model::{ChildId, ChildStatus, Counselor, CounselorId, Note};
use crate::store::{SessionReader, StoreError};
use crate::tr;
use askama::Template;
use chrono::NaiveDate;
use std::fmt;
use std::io::Write;

/// One child's page.
pub struct ArchivePage {
    pub records: ChildRecords,
    /// The child's notes dated in the range, not deleted, oldest first.
    pub notes: Vec<Note>,
    /// The page carries the child's incidents (the coordinator asked for them).
    pub incidents: bool,
}

/// The page of one child, read through the person's session (refused, audited, when the child
/// is not in their scope): the records and the notes dated in `range`, not deleted, oldest
/// first. `None` when there is no such child.
pub fn page(
    reader: &SessionReader,
    child: ChildId,
    range: Range,
    incidents: bool,
) -> Result<Option<ArchivePage>, StoreError> {
    let Some(records) = reader.child_records(child)? else {
        return Ok(None);
    };
    let mut notes = Vec::new();
    for id in reader.note_ids_of_child(child)? {
        if let Some(n) = reader.note(id)?
            && !n.is_deleted()
            && range.contains(n.at.date())
        {
            notes.push(n);
        }
    }
    notes.sort_by_key(|n| (n.at, n.id));
    Ok(Some(ArchivePage {
        records,
        notes,
        incidents,
    }))
}

/// What every page shares.
pub struct Paper<'a> {
    /// The school's name (config `[school] name`); may be empty.
    pub school: &'a str,
    pub printed: NaiveDate,
    pub range: Range,
    /// Names for the counselors the pages mention.
    pub staff: &'a [Counselor],
}

/// A stored or catalogue text as it goes on paper: without control characters (`printable`).
/// The template escapes it and keeps its line breaks (`linebreaksbr`).
pub(super) struct Text(String);

pub(super) fn text(s: &str) -> Text {
    Text(printable(s))
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// The document (`src/export/templates/archive.html`).
#[derive(Template)]
#[template(path = "archive.html", config = "src/export/askama.toml")]
struct ArchiveHtml {
    lang: &'static str,
    title: Text,
    pages: Vec<ChildHtml>,
}

/// One child's sheet: the school at the top, the sections, the signature and the foot.
struct ChildHtml {
    id: ChildId,
    school: Option<Text>,
    heading: Text,
    sections: Vec<Section>,
    signature: Text,
    foot: Text,
}

/// A heading and what it heads; `keep` holds a short one on one sheet.
struct Section {
    key: &'static str,
    heading: Text,
    keep: bool,
    body: Body,
}

enum Body {
    /// A sentence where there is nothing to list.
    Empty(Text),
    Profile(Profile),
    Table(Table),
    Chart(Chart),
}

/// The profile: two pairs of label and value a row, then a row per term's study situation.
struct Profile {
    rows: Vec<Vec<(Text, Text)>>,
    study: Vec<(Text, Text)>,
}

/// A column: its width (a CSS length, or "" for the rest of the line) and whether its cells
/// are short and kept on one line.
struct Col {
    width: &'static str,
    short: bool,
}

const fn col(width: &'static str, short: bool) -> Col {
    Col { width, short }
}

struct Table {
    cols: &'static [Col],
    headers: Vec<Text>,
    rows: Vec<Vec<Text>>,
}

fn table(cols: &'static [Col], headers: &[String], rows: Vec<Vec<String>>) -> Body {
    Body::Table(Table {
        cols,
        headers: headers.iter().map(|h| text(h)).collect(),
        rows: rows
            .iter()
            .map(|row| row.iter().map(|c| text(c)).collect())
            .collect(),
    })
}

fn section(key: &'static str, heading: &str, keep: bool, body: Body) -> Section {
    Section {
        key,
        heading: text(heading),
        keep,
        body,
    }
}

/// Writes the pages as one HTML document.
pub fn write_html(
    pages: &[ArchivePage],
    paper: &Paper,
    out: &mut dyn Write,
    target: &str,
) -> Result<(), ExportError> {
    let html = ArchiveHtml {
        lang: if lang() == Lang::Zh { "zh" } else { "en" },
        title: text(&tr!("report.archive.title")),
        pages: pages.iter().map(|p| child_page(p, paper)).collect(),
    };
    html.write_into(out).map_err(|e| ExportError::Io {
        target: target.to_string(),
        detail: e.to_string(),
    })
}

pub(super) fn name_of(staff: &[Counselor], id: CounselorId) -> String {
    staff
        .iter()
        .find(|c| c.id == id)
        .map_or_else(|| id.to_string(), |c| c.name.clone())
}

fn child_page(page: &ArchivePage, paper: &Paper) -> ChildHtml {
    let r = &page.records;
    let mut sections = vec![
        profile(r, paper),
        care(r, paper),
        contacts(page, paper),
        moods(r, paper.range),
        followups(r, paper),
    ];
    if page.incidents {
        sections.push(incidents(r));
    }
    let foot = if paper.school.is_empty() {
        tr!("report.archive.foot_no_school", date = paper.printed)
    } else {
        tr!(
            "report.archive.foot",
            school = paper.school,
            date = paper.printed
        )
    };
    ChildHtml {
        id: r.child.id,
        school: (!paper.school.is_empty()).then(|| text(paper.school)),
        heading: text(&tr!("report.archive.heading", name = r.child.name)),
        sections,
        signature: text(&tr!("report.archive.signature")),
        foot: text(&foot),
    }
}

fn profile(r: &ChildRecords, paper: &Paper) -> Section {
    let c = &r.child;
    let yes_no = |b: Option<bool>| match b {
        Some(true) => tr!("ui.yes"),
        Some(false) => tr!("ui.no"),
        None => String::new(),
    };
    let separator = if lang() == Lang::Zh { "、" } else { ", " };
    let flags: Vec<String> = c.flags.iter().map(|f| labels::flag(*f)).collect();
    let concerns: Vec<String> = c.concerns.iter().map(|k| labels::concern(*k)).collect();
    // The parts that were given, two spaces apart.
    let parts = |parts: &[&str]| {
        parts
            .iter()
            .filter(|s| !s.is_empty())
            .copied()
            .collect::<Vec<_>>()
            .join("  ")
    };
    let parent = |p: &crate::model::Parent| parts(&[&p.name, &p.work_place, &p.phone]);
    let g = &c.guardian;
    let status = match &c.status {
        ChildStatus::Active => tr!("ui.child.active"),
        ChildStatus::Left { date, reason, note } => format!(
            "{} {date} {} {note}",
            tr!("ui.child.left"),
            labels::leave_reason(*reason)
        ),
    };
    let pairs: Vec<(String, String)> = vec![
        (tr!("report.col.name"), c.name.clone()),
        (
            tr!("ui.child.student_id"),
            c.student_id.clone().unwrap_or_default(),
        ),
        (tr!("ui.child.gender"), labels::gender(c.gender)),
        (
            tr!("ui.child.birth_date"),
            format!(
                "{} ({})",
                c.birth_date,
                crate::trn!("ui.child.age", age = c.age_on(paper.printed))
            ),
        ),
        (tr!("report.col.class"), c.class.clone()),
        (tr!("ui.child.village"), c.village.clone()),
        (
            tr!("ui.child.left_behind_type"),
            labels::left_behind_type(&c.left_behind_type),
        ),
        (tr!("ui.child.boarding"), yes_no(c.boarding)),
        (tr!("ui.child.father"), parent(&c.father)),
        (tr!("ui.child.mother"), parent(&c.mother)),
        (
            tr!("ui.child.guardian"),
            parts(&[&g.name, &g.relation, &g.phone, &g.address]),
        ),
        (
            tr!("ui.child.guardian_capacity"),
            labels::capacity(c.guardian_capacity),
        ),
        (
            tr!("ui.child.entrustment"),
            labels::entrustment(&c.entrustment),
        ),
        (tr!("ui.child.flags"), flags.join(separator)),
        (tr!("ui.child.concerns"), concerns.join(separator)),
        (tr!("ui.child.personality"), c.personality.clone()),
        (tr!("ui.child.hobbies"), c.hobbies.clone()),
        (tr!("ui.child.medical"), c.medical_history.clone()),
        (tr!("ui.child.status"), status),
        (tr!("ui.child.remarks"), c.remarks.clone()),
    ];
    let rows = pairs
        .chunks(2)
        .map(|pair| pair.iter().map(|(k, v)| (text(k), text(v))).collect())
        .collect();
    let study = c
        .study
        .iter()
        .map(|st| {
            (
                text(&tr!("ui.child.study", term = labels::term(&st.term))),
                text(&st.text),
            )
        })
        .collect();
    let body = Body::Profile(Profile { rows, study });
    section("profile", &tr!("ui.child.tab_profile"), false, body)
}

/// Who cared for the child, from when to when.
fn care(r: &ChildRecords, paper: &Paper) -> Section {
    const COLS: &[Col] = &[col("40%", true), col("30%", true), col("30%", true)];
    let body = if r.assignments.is_empty() {
        Body::Empty(text(&tr!("ui.child.no_assignments")))
    } else {
        let rows = r
            .assignments
            .iter()
            .map(|a| {
                vec![
                    name_of(paper.staff, a.counselor),
                    a.from.to_string(),
                    a.until
                        .map_or_else(|| tr!("ui.child.now"), |u| u.to_string()),
                ]
            })
            .collect();
        let headers = [
            tr!("report.col.counselor"),
            tr!("report.archive.from"),
            tr!("report.archive.until"),
        ];
        table(COLS, &headers, rows)
    };
    section("assignments", &tr!("ui.child.tab_assignments"), true, body)
}

/// The period's contacts, oldest first.
fn contacts(page: &ArchivePage, paper: &Paper) -> Section {
    const COLS: &[Col] = &[
        col("18%", true),
        col("12%", false),
        col("12%", true),
        col("11%", true),
        col("7%", true),
        col("", false),
    ];
    let heading = tr!(
        "report.archive.contacts",
        from = paper.range.from,
        to = paper.range.to
    );
    if page.notes.is_empty() {
        let body = Body::Empty(text(&tr!("ui.child.no_notes")));
        return section("contacts", &heading, false, body);
    }
    let rows = page
        .notes
        .iter()
        .map(|n| {
            let mut kind = labels::note_kind(n.kind);
            if n.children.len() > 1 {
                kind = format!(
                    "{kind} ({})",
                    tr!("ui.child.group", count = n.children.len())
                );
            }
            let mut said = n.text.clone();
            if !n.support.is_empty() {
                said = format!("{said}\n{}", tr!("ui.child.support", what = n.support));
            }
            vec![
                n.at.format("%Y-%m-%d %H:%M").to_string(),
                kind,
                name_of(paper.staff, n.counselor),
                n.duration_min
                    .map_or_else(String::new, |m| tr!("ui.child.minutes", minutes = m)),
                n.mood.map_or_else(String::new, |m| m.to_string()),
                said,
            ]
        })
        .collect();
    let headers = [
        tr!("report.archive.when"),
        tr!("report.archive.kind"),
        tr!("report.col.counselor"),
        tr!("report.archive.duration"),
        tr!("report.archive.mood"),
        tr!("report.archive.text"),
    ];
    section("contacts", &heading, false, table(COLS, &headers, rows))
}

/// The follow-ups still open.
fn followups(r: &ChildRecords, paper: &Paper) -> Section {
    const COLS: &[Col] = &[col("16%", true), col("", false), col("14%", true)];
    let open: Vec<Vec<String>> = r
        .followups
        .iter()
        .filter(|f| f.is_open())
        .map(|f| {
            vec![
                f.due.to_string(),
                f.text.clone(),
                name_of(paper.staff, f.counselor),
            ]
        })
        .collect();
    let body = if open.is_empty() {
        Body::Empty(text(&tr!("report.archive.no_followups")))
    } else {
        let headers = [
            tr!("report.archive.due"),
            tr!("report.archive.todo"),
            tr!("report.col.counselor"),
        ];
        table(COLS, &headers, open)
    };
    section("followups", &tr!("ui.child.open_followups"), false, body)
}

/// The child's mandatory reports, open or closed (only when the coordinator asks).
fn incidents(r: &ChildRecords) -> Section {
    const COLS: &[Col] = &[
        col("15%", true),
        col("15%", false),
        col("", false),
        col("22%", false),
        col("16%", false),
    ];
    let body = if r.incidents.is_empty() {
        Body::Empty(text(&tr!("ui.child.no_incidents")))
    } else {
        let rows = r
            .incidents
            .iter()
            .map(|i| {
                let status = match &i.closed {
                    None => tr!("ui.child.open"),
                    Some(c) => tr!("ui.child.closed_because", reason = c.reason),
                };
                vec![
                    i.found_at.format("%Y-%m-%d").to_string(),
                    labels::incident_kind_of(i.kind, &i.other),
                    i.found.clone(),
                    tr!(
                        "ui.child.reported_to",
                        office = i.reported_to,
                        receipt = i.receipt
                    ),
                    status,
                ]
            })
            .collect();
        let headers = [
            tr!("report.archive.found_on"),
            tr!("report.archive.kind"),
            tr!("report.archive.found"),
            tr!("report.archive.reported"),
            tr!("ui.child.status"),
        ];
        table(COLS, &headers, rows)
    };
    section("incidents", &tr!("report.archive.incidents"), false, body)
}

/// The mood chart, drawn in SVG: a line over the days of the range, 1 (low) to 5 (good).
struct Chart {
    width: f64,
    height: f64,
    /// Where the plot starts and ends, left to right; where the scale's numbers end.
    left: f64,
    right: f64,
    scale_x: f64,
    grid: Vec<GridLine>,
    /// The range's first and last day, under the plot.
    ends: Vec<DayLabel>,
    days_y: f64,
    dots: Vec<Dot>,
}

struct GridLine {
    score: u8,
    y: f64,
    label_y: f64,
}

struct DayLabel {
    day: NaiveDate,
    x: f64,
    anchor: &'static str,
}

struct Dot {
    day: NaiveDate,
    score: u8,
    x: f64,
    y: f64,
}

/// The range's mood entries as a chart; a sentence when there are none.
fn moods(r: &ChildRecords, range: Range) -> Section {
    const W: f64 = 680.0;
    const H: f64 = 170.0;
    const LEFT: f64 = 28.0;
    const RIGHT: f64 = 12.0;
    const TOP: f64 = 10.0;
    const BOTTOM: f64 = 24.0;
    let heading = tr!("report.archive.moods", scale = crate::labels::mood_scale());
    let mut moods: Vec<_> = r
        .moods
        .iter()
        .filter(|m| range.contains(m.at.date()))
        .collect();
    moods.sort_by_key(|m| (m.at, m.source.id()));
    if moods.is_empty() {
        let body = Body::Empty(text(&tr!("ui.child.no_moods")));
        return section("moods", &heading, true, body);
    }
    let span = (range.len_days() - 1).max(1) as f64;
    let x = |d: NaiveDate| LEFT + (d - range.from).num_days() as f64 / span * (W - LEFT - RIGHT);
    let y = |s: u8| TOP + f64::from(5 - s.clamp(1, 5)) / 4.0 * (H - TOP - BOTTOM);
    let chart = Chart {
        width: W,
        height: H,
        left: LEFT,
        right: W - RIGHT,
        scale_x: LEFT - 6.0,
        grid: (1..=5u8)
            .map(|score| GridLine {
                score,
                y: y(score),
                label_y: y(score) + 3.5,
            })
            .collect(),
        ends: [(range.from, "start"), (range.to, "end")]
            .into_iter()
            .map(|(day, anchor)| DayLabel {
                day,
                x: x(day),
                anchor,
            })
            .collect(),
        days_y: H - 6.0,
        dots: moods
            .iter()
            .map(|m| Dot {
                day: m.at.date(),
                score: m.score,
                x: x(m.at.date()),
                y: y(m.score),
            })
            .collect(),
    };
    section("moods", &heading, true, Body::Chart(chart))
}
