//! The written report of an absence case (控辍保学书面报告) on A4 paper: what the plan asks of the
//! school when bringing a child back fails ("对劝返无效的，应书面报告区教育局和相关镇(街道)").
//! Addressed to the district education bureau and the township (`[school] township`, or the
//! township concerned when not set); the child, the case, every attempt oldest first, the
//! failed ones counted, the request, and the lines to sign and seal. The page is the template
//! `src/export/templates/absence_report.html`, printed as the archive is (`print_style.html`), which
//! escapes every value; this file gathers the words.

use super::super::ExportError;
use super::archive::{Text, name_of, text};
use crate::i18n::{Lang, lang};
use crate::labels;
use crate::model::{AbsenceCase, AbsenceId, Child, Counselor};
use crate::store::{SessionReader, StoreError};
use crate::{tr, trn};
use askama::Template;
use chrono::NaiveDate;
use std::io::Write;

/// A case and its child, as read through the person's session.
pub struct AbsencePage {
    pub case: AbsenceCase,
    pub child: Child,
}

/// The case's page, read through the person's session (refused, audited, when the child is
/// not in their scope); `None` when there is no such case.
pub fn page(reader: &SessionReader, id: AbsenceId) -> Result<Option<AbsencePage>, StoreError> {
    let Some(case) = reader.absence(id)? else {
        return Ok(None);
    };
    let Some(child) = reader.child(case.child)? else {
        return Ok(None);
    };
    Ok(Some(AbsencePage { case, child }))
}

/// What the page takes from the school and the day.
pub struct Paper<'a> {
    /// The school's name (config `[school] name`); may be empty.
    pub school: &'a str,
    /// The township's name (config `[school] township`); empty says "the township concerned".
    pub township: &'a str,
    pub printed: NaiveDate,
    /// Names for the staff the case mentions.
    pub staff: &'a [Counselor],
}

/// The document (`src/export/templates/absence_report.html`).
#[derive(Template)]
#[template(path = "absence_report.html", config = "src/export/askama.toml")]
struct AbsenceHtml {
    lang: &'static str,
    title: Text,
    case: AbsenceId,
    school: Option<Text>,
    heading: Text,
    to: Text,
    opening: Text,
    child_heading: Text,
    child: Vec<Vec<(Text, Text)>>,
    case_heading: Text,
    facts: Vec<(Text, Text)>,
    attempts_heading: Text,
    /// The table's headers, and a row per attempt, oldest first (`no_attempts` when none).
    headers: Vec<Text>,
    attempts: Vec<Vec<Text>>,
    no_attempts: Text,
    failed: Text,
    request: Text,
    reporter: Text,
    seal: Text,
    date: Text,
    foot: Text,
}

/// Writes the case's written report as one HTML document.
pub fn write_html(
    page: &AbsencePage,
    paper: &Paper,
    out: &mut dyn Write,
    target: &str,
) -> Result<(), ExportError> {
    html(page, paper)
        .write_into(out)
        .map_err(|e| ExportError::Io {
            target: target.to_string(),
            detail: e.to_string(),
        })
}

fn html(page: &AbsencePage, paper: &Paper) -> AbsenceHtml {
    let (case, c) = (&page.case, &page.child);
    let kind = labels::absence_kind(case.kind);
    let bureau = tr!("report.absence.bureau");
    let township = if paper.township.trim().is_empty() {
        tr!("report.absence.township_generic")
    } else {
        paper.township.trim().to_string()
    };
    // The parts that were given, two spaces apart, as the archive shows a parent.
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
    let pairs: Vec<(String, String)> = vec![
        (tr!("report.col.name"), c.name.clone()),
        (tr!("ui.child.gender"), labels::gender(c.gender)),
        (tr!("report.col.class"), c.class.clone()),
        (
            tr!("ui.child.student_id"),
            c.student_id.clone().unwrap_or_default(),
        ),
        (tr!("ui.child.birth_date"), c.birth_date.to_string()),
        (tr!("ui.child.village"), c.village.clone()),
        (tr!("ui.child.father"), parent(&c.father)),
        (tr!("ui.child.mother"), parent(&c.mother)),
        (
            tr!("ui.child.guardian"),
            parts(&[&g.name, &g.relation, &g.phone, &g.address]),
        ),
        (
            tr!("ui.child.entrustment"),
            labels::entrustment(&c.entrustment),
        ),
    ];
    let child = pairs
        .chunks(2)
        .map(|pair| pair.iter().map(|(k, v)| (text(k), text(v))).collect())
        .collect();
    let mut facts = vec![
        (tr!("report.absence.kind"), kind.clone()),
        (tr!("report.absence.first_day"), case.first_day.to_string()),
        (
            tr!("report.absence.registered"),
            tr!(
                "report.absence.registered_by",
                date = case.registered_at.format("%Y-%m-%d"),
                name = name_of(paper.staff, case.registered_by)
            ),
        ),
        (tr!("report.absence.known"), case.note.clone()),
    ];
    if let Some(at) = case.report_printed {
        facts.push((
            tr!("report.absence.printed_before"),
            at.format("%Y-%m-%d %H:%M").to_string(),
        ));
    }
    if let Some(closed) = &case.closed {
        let mut said = format!(
            "{} {}",
            closed.at.format("%Y-%m-%d"),
            labels::absence_outcome(closed.outcome)
        );
        if !closed.note.is_empty() {
            said = format!("{said}\n{}", closed.note);
        }
        facts.push((tr!("report.absence.closed"), said));
    }
    let headers = [
        tr!("report.absence.on"),
        tr!("report.absence.went"),
        tr!("report.absence.way"),
        tr!("report.absence.met"),
        tr!("report.absence.result"),
        tr!("report.absence.still_away"),
    ];
    // Oldest first, as they were made; attempts logged the same day keep their order.
    let mut attempts: Vec<_> = case.attempts.iter().collect();
    attempts.sort_by_key(|a| a.on);
    let attempts = attempts
        .into_iter()
        .map(|a| {
            [
                a.on.to_string(),
                a.went.clone(),
                labels::attempt_way(a.way),
                a.met.clone(),
                a.result.clone(),
                if a.failed {
                    tr!("report.absence.away")
                } else {
                    tr!("report.absence.back")
                },
            ]
            .iter()
            .map(|s| text(s))
            .collect()
        })
        .collect();
    let foot = if paper.school.is_empty() {
        tr!("report.absence.foot_no_school", date = paper.printed)
    } else {
        tr!(
            "report.absence.foot",
            school = paper.school,
            date = paper.printed
        )
    };
    AbsenceHtml {
        lang: if lang() == Lang::Zh { "zh" } else { "en" },
        title: text(&tr!("report.absence.title")),
        case: case.id,
        school: (!paper.school.is_empty()).then(|| text(paper.school)),
        heading: text(&tr!("report.absence.heading", name = c.name, kind = kind)),
        to: text(&tr!(
            "report.absence.to",
            bureau = bureau,
            township = township
        )),
        opening: text(&tr!(
            "report.absence.opening",
            name = c.name,
            class = c.class,
            first_day = case.first_day,
            kind = kind
        )),
        child_heading: text(&tr!("report.absence.child")),
        child,
        case_heading: text(&tr!("report.absence.case")),
        facts: facts.iter().map(|(k, v)| (text(k), text(v))).collect(),
        attempts_heading: text(&tr!("report.absence.attempts")),
        headers: headers.iter().map(|h| text(h)).collect(),
        attempts,
        no_attempts: text(&tr!("report.absence.no_attempts")),
        failed: text(&trn!(
            "report.absence.failed",
            count = case.failed_attempts(),
            attempts = case.attempts.len()
        )),
        request: text(&tr!(
            "report.absence.request",
            bureau = bureau,
            township = township
        )),
        reporter: text(&tr!("report.absence.reporter")),
        seal: text(&tr!("report.absence.seal")),
        date: text(&tr!("report.absence.date", date = paper.printed)),
        foot: text(&foot),
    }
}

#[cfg(test)]
#[path = "absence_tests.rs"]
mod tests;
