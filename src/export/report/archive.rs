//! The archive on paper (一人一档): one A4 page per child, printed from a browser — the
//! profile, the care history, the period's contacts in a table, the mood chart (inline SVG),
//! the open follow-ups and, only when the coordinator asks, the incidents; the school's name at
//! the top, the counselor's signature line and the day of printing at the end of each child's
//! page. Every stored text is HTML-escaped.

use super::super::ExportError;
use super::super::replies::{html_escape, printable};
use crate::domain::report::{ChildRecords, Range};
use crate::i18n::{Lang, labels, lang};
use crate::model::{ChildId, ChildStatus, Counselor, CounselorId, Note};
use crate::store::{SessionReader, StoreError};
use crate::tr;
use chrono::NaiveDate;
use std::fmt::Write as _;
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

// No `position: fixed` footer: in print it sat over the last row of every sheet. The
// school's name heads each child's page and the printing day closes it, in normal flow.
// Fixed column widths with short cells kept on one line: auto layout squeezed the narrow
// columns down to one character a line (帮/扶/教/师, 53/分/钟).
const STYLE: &str = "\
@page { size: A4; margin: 14mm 14mm 16mm; }
body { font-family: \"SimSun\", \"Songti SC\", \"Noto Serif CJK SC\", serif; font-size: 10.5pt; line-height: 1.45; color: #000; margin: 0 auto; max-width: 182mm; }
section.page { break-after: page; page-break-after: always; }
section.page:last-of-type { break-after: auto; page-break-after: auto; }
p.school { font-size: 12pt; text-align: center; margin: 0 0 2mm; }
h1 { font-size: 16pt; margin: 0 0 4mm; }
h2 { font-size: 12pt; margin: 5mm 0 2mm; border-bottom: 1px solid #000; }
h1, h2 { break-after: avoid; page-break-after: avoid; }
div.keep { break-inside: avoid; page-break-inside: avoid; }
table { border-collapse: collapse; width: 100%; table-layout: fixed; }
thead { display: table-header-group; }
tr { break-inside: avoid; page-break-inside: avoid; }
th, td { border: 1px solid #555; padding: 1mm 1.5mm; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #eee; }
th.short, td.short { white-space: nowrap; overflow-wrap: normal; }
p.empty { color: #444; }
svg { width: 100%; height: auto; }
p.signature { margin: 8mm 0 0; }
footer.foot { border-top: 1px solid #000; font-size: 9pt; padding-top: 1mm; margin-top: 6mm; }
";

fn esc(text: &str) -> String {
    html_escape(&printable(text)).replace('\n', "<br>")
}

/// Writes the pages as one HTML document.
pub fn write_html(
    pages: &[ArchivePage],
    paper: &Paper,
    out: &mut dyn Write,
    target: &str,
) -> Result<(), ExportError> {
    let title = tr!("report.archive.title");
    let mut h = String::new();
    let html_lang = if lang() == Lang::Zh { "zh" } else { "en" };
    let _ = write!(
        h,
        "<!DOCTYPE html>\n<html lang=\"{html_lang}\">\n<head>\n<meta charset=\"utf-8\">\n\
         <title>{}</title>\n<style>\n{STYLE}</style>\n</head>\n<body>\n",
        esc(&title)
    );
    for page in pages {
        child_page(&mut h, page, paper);
    }
    h.push_str("</body>\n</html>\n");
    out.write_all(h.as_bytes()).map_err(|e| ExportError::Io {
        target: target.to_string(),
        detail: e.to_string(),
    })
}

fn name_of(staff: &[Counselor], id: CounselorId) -> String {
    staff
        .iter()
        .find(|c| c.id == id)
        .map_or_else(|| id.to_string(), |c| c.name.clone())
}

/// Opens a section; `keep` holds a short one (heading and content) on one sheet.
fn section(h: &mut String, key: &str, heading: &str, keep: bool) {
    let class = if keep { "section keep" } else { "section" };
    let _ = write!(
        h,
        "<div class=\"{class}\" data-section=\"{key}\">\n<h2>{}</h2>\n",
        esc(heading)
    );
}

/// A column: its width (a CSS length, or "" for the rest of the line) and whether its cells
/// are short and kept on one line.
type Col = (&'static str, bool);

fn table(h: &mut String, headers: &[String], cols: &[Col], rows: &[Vec<String>]) {
    let class = |short: bool| if short { " class=\"short\"" } else { "" };
    h.push_str("<table>\n<colgroup>");
    for (width, _) in cols {
        if width.is_empty() {
            h.push_str("<col>");
        } else {
            let _ = write!(h, "<col style=\"width: {width}\">");
        }
    }
    h.push_str("</colgroup>\n<thead><tr>");
    for (head, (_, short)) in headers.iter().zip(cols) {
        let _ = write!(h, "<th{}>{}</th>", class(*short), esc(head));
    }
    h.push_str("</tr></thead>\n<tbody>\n");
    for row in rows {
        h.push_str("<tr>");
        for (cell, (_, short)) in row.iter().zip(cols) {
            let _ = write!(h, "<td{}>{}</td>", class(*short), esc(cell));
        }
        h.push_str("</tr>\n");
    }
    h.push_str("</tbody>\n</table>\n");
}

fn empty(h: &mut String, sentence: String) {
    let _ = writeln!(h, "<p class=\"empty\">{}</p>", esc(&sentence));
}

fn child_page(h: &mut String, page: &ArchivePage, paper: &Paper) {
    let r = &page.records;
    let c = &r.child;
    let _ = writeln!(h, "<section class=\"page\" data-child=\"{}\">", c.id);
    if !paper.school.is_empty() {
        let _ = writeln!(h, "<p class=\"school\">{}</p>", esc(paper.school));
    }
    let _ = writeln!(
        h,
        "<h1>{}</h1>",
        esc(&tr!("report.archive.heading", name = c.name))
    );

    section(h, "profile", &tr!("ui.child.tab_profile"), false);
    let yes_no = |b: Option<bool>| match b {
        Some(true) => tr!("ui.yes"),
        Some(false) => tr!("ui.no"),
        None => String::new(),
    };
    let separator = if lang() == Lang::Zh { "、" } else { ", " };
    let flags: Vec<String> = c.flags.iter().map(|f| labels::flag(*f)).collect();
    let concerns: Vec<String> = c.concerns.iter().map(|k| labels::concern(*k)).collect();
    let parent = |p: &crate::model::Parent| {
        [p.name.as_str(), p.work_place.as_str(), p.phone.as_str()]
            .into_iter()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join("  ")
    };
    let g = &c.guardian;
    let guardian = [
        g.name.as_str(),
        g.relation.as_str(),
        g.phone.as_str(),
        g.address.as_str(),
    ]
    .into_iter()
    .filter(|s| !s.is_empty())
    .collect::<Vec<_>>()
    .join("  ");
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
        (tr!("ui.child.guardian"), guardian),
        (tr!("ui.child.flags"), flags.join(separator)),
        (tr!("ui.child.concerns"), concerns.join(separator)),
        (tr!("ui.child.personality"), c.personality.clone()),
        (tr!("ui.child.hobbies"), c.hobbies.clone()),
        (tr!("ui.child.medical"), c.medical_history.clone()),
        (tr!("ui.child.status"), status),
        (tr!("ui.child.remarks"), c.remarks.clone()),
    ];
    h.push_str(
        "<table class=\"profile\">\n<colgroup><col style=\"width: 16%\"><col style=\"width: 34%\">\
         <col style=\"width: 16%\"><col style=\"width: 34%\"></colgroup>\n<tbody>\n",
    );
    for pair in pairs.chunks(2) {
        h.push_str("<tr>");
        for (k, v) in pair {
            let _ = write!(h, "<th>{}</th><td>{}</td>", esc(k), esc(v));
        }
        h.push_str("</tr>\n");
    }
    for st in &c.study {
        let _ = writeln!(
            h,
            "<tr><th>{}</th><td colspan=\"3\">{}</td></tr>",
            esc(&tr!("ui.child.study", term = labels::term(&st.term))),
            esc(&st.text)
        );
    }
    h.push_str("</tbody>\n</table>\n</div>\n");

    section(h, "assignments", &tr!("ui.child.tab_assignments"), true);
    if r.assignments.is_empty() {
        empty(h, tr!("ui.child.no_assignments"));
    } else {
        let rows: Vec<Vec<String>> = r
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
        table(
            h,
            &[
                tr!("report.col.counselor"),
                tr!("report.archive.from"),
                tr!("report.archive.until"),
            ],
            &[("40%", true), ("30%", true), ("30%", true)],
            &rows,
        );
    }
    h.push_str("</div>\n");

    section(
        h,
        "contacts",
        &tr!(
            "report.archive.contacts",
            from = paper.range.from,
            to = paper.range.to
        ),
        false,
    );
    if page.notes.is_empty() {
        empty(h, tr!("ui.child.no_notes"));
    } else {
        let rows: Vec<Vec<String>> = page
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
                let mut text = n.text.clone();
                if !n.support.is_empty() {
                    text = format!("{text}\n{}", tr!("ui.child.support", what = n.support));
                }
                vec![
                    n.at.format("%Y-%m-%d %H:%M").to_string(),
                    kind,
                    name_of(paper.staff, n.counselor),
                    n.duration_min
                        .map_or_else(String::new, |m| tr!("ui.child.minutes", minutes = m)),
                    n.mood.map_or_else(String::new, |m| m.to_string()),
                    text,
                ]
            })
            .collect();
        table(
            h,
            &[
                tr!("report.archive.when"),
                tr!("report.archive.kind"),
                tr!("report.col.counselor"),
                tr!("report.archive.duration"),
                tr!("report.archive.mood"),
                tr!("report.archive.text"),
            ],
            &[
                ("18%", true),
                ("12%", false),
                ("12%", true),
                ("11%", true),
                ("7%", true),
                ("", false),
            ],
            &rows,
        );
    }
    h.push_str("</div>\n");

    let scale = crate::i18n::labels::mood_scale();
    section(
        h,
        "moods",
        &tr!("report.archive.moods", scale = scale),
        true,
    );
    mood_chart(h, r, paper.range);
    h.push_str("</div>\n");

    section(h, "followups", &tr!("ui.child.open_followups"), false);
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
    if open.is_empty() {
        empty(h, tr!("report.archive.no_followups"));
    } else {
        table(
            h,
            &[
                tr!("report.archive.due"),
                tr!("report.archive.todo"),
                tr!("report.col.counselor"),
            ],
            &[("16%", true), ("", false), ("14%", true)],
            &open,
        );
    }
    h.push_str("</div>\n");

    if page.incidents {
        section(h, "incidents", &tr!("report.archive.incidents"), false);
        if r.incidents.is_empty() {
            empty(h, tr!("ui.child.no_incidents"));
        } else {
            let rows: Vec<Vec<String>> = r
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
            table(
                h,
                &[
                    tr!("report.archive.found_on"),
                    tr!("report.archive.kind"),
                    tr!("report.archive.found"),
                    tr!("report.archive.reported"),
                    tr!("ui.child.status"),
                ],
                &[
                    ("15%", true),
                    ("15%", false),
                    ("", false),
                    ("22%", false),
                    ("16%", false),
                ],
                &rows,
            );
        }
        h.push_str("</div>\n");
    }
    // The signature and the foot stay together, after the last section.
    let foot = if paper.school.is_empty() {
        tr!("report.archive.foot_no_school", date = paper.printed)
    } else {
        tr!(
            "report.archive.foot",
            school = paper.school,
            date = paper.printed
        )
    };
    let _ = writeln!(
        h,
        "<div class=\"keep\">\n<p class=\"signature\">{}</p>\n<footer class=\"foot\">{}</footer>\n</div>",
        esc(&tr!("report.archive.signature")),
        esc(&foot)
    );
    h.push_str("</section>\n");
}

/// The range's mood entries as a line over the days, 1 (low) to 5 (good); a sentence when
/// there are none.
fn mood_chart(h: &mut String, r: &ChildRecords, range: Range) {
    let mut moods: Vec<_> = r
        .moods
        .iter()
        .filter(|m| range.contains(m.at.date()))
        .collect();
    moods.sort_by_key(|m| (m.at, m.source.id()));
    if moods.is_empty() {
        empty(h, tr!("ui.child.no_moods"));
        return;
    }
    const W: f64 = 680.0;
    const H: f64 = 170.0;
    const LEFT: f64 = 28.0;
    const RIGHT: f64 = 12.0;
    const TOP: f64 = 10.0;
    const BOTTOM: f64 = 24.0;
    let span = (range.len_days() - 1).max(1) as f64;
    let x = |d: NaiveDate| LEFT + (d - range.from).num_days() as f64 / span * (W - LEFT - RIGHT);
    let y = |s: u8| TOP + f64::from(5 - s.clamp(1, 5)) / 4.0 * (H - TOP - BOTTOM);
    let _ = writeln!(
        h,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{}\">",
        esc(&tr!(
            "report.archive.moods",
            scale = crate::i18n::labels::mood_scale()
        ))
    );
    for s in 1..=5u8 {
        let _ = writeln!(
            h,
            "<line x1=\"{LEFT}\" y1=\"{y:.1}\" x2=\"{x2}\" y2=\"{y:.1}\" stroke=\"#ccc\" stroke-width=\"0.5\"/>\
             <text x=\"{tx}\" y=\"{ty:.1}\" font-size=\"10\" text-anchor=\"end\">{s}</text>",
            y = y(s),
            x2 = W - RIGHT,
            tx = LEFT - 6.0,
            ty = y(s) + 3.5
        );
    }
    for (d, anchor) in [(range.from, "start"), (range.to, "end")] {
        let _ = writeln!(
            h,
            "<text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"{anchor}\">{d}</text>",
            x(d),
            H - 6.0
        );
    }
    let points: Vec<String> = moods
        .iter()
        .map(|m| format!("{:.1},{:.1}", x(m.at.date()), y(m.score)))
        .collect();
    let _ = writeln!(
        h,
        "<polyline fill=\"none\" stroke=\"#000\" stroke-width=\"1.5\" points=\"{}\"/>",
        points.join(" ")
    );
    for m in &moods {
        let _ = writeln!(
            h,
            "<circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\"><title>{} {}</title></circle>",
            x(m.at.date()),
            y(m.score),
            m.at.date(),
            m.score
        );
    }
    h.push_str("</svg>\n");
}
