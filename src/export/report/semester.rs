//! The semester summary in words: one wide table (a row per child, for CSV and the workbook:
//! `student_id`, `name`, a column per contact kind named as the JSON export names the kind,
//! the compliance columns, then the rest), and, for Markdown, three narrow tables that print
//! on A4.

use super::{Cell, Document, Table};
use crate::config::Config;
use crate::domain::report::semester::{ChildSemester, RuleTally, Semester};
use crate::labels;
use crate::model::NoteKind;
use crate::tr;

fn col(key: &str, label: String) -> (String, String) {
    (key.to_string(), label)
}

fn rule_label(config: &Config, id: &str) -> String {
    labels::rule(config, id)
}

fn trend(c: &ChildSemester) -> Cell {
    c.trend()
        .map_or(Cell::Empty, |t| Cell::Text(labels::trend(t)))
}

fn percents(rules: &[RuleTally]) -> Vec<Cell> {
    rules.iter().map(|r| Cell::percent(r.percent())).collect()
}

/// The wide table: what CSV and the workbook hold.
pub fn table(s: &Semester, counselor: &str, config: &Config) -> Table {
    let mut columns = vec![
        col("student_id", tr!("report.col.student_id")),
        col("name", tr!("report.col.name")),
    ];
    for k in NoteKind::ALL {
        columns.push(col(k.code(), labels::note_kind(k)));
    }
    for r in &s.rules {
        columns.push((
            format!("compliance_{r}"),
            tr!("report.semester.kept", rule = rule_label(config, r)),
        ));
    }
    columns.extend([
        col("class", tr!("report.col.class")),
        col("care_from", tr!("report.semester.care_from")),
        col("care_to", tr!("report.semester.care_to")),
        col("left_on", tr!("report.col.left_on")),
        col("weeks", tr!("report.semester.weeks")),
        col(
            "weeks_without_talk",
            tr!("report.semester.weeks_without_talk"),
        ),
        col("mood_start", tr!("report.semester.mood_start")),
        col("mood_end", tr!("report.semester.mood_end")),
        col("mood_trend", tr!("report.semester.mood_trend")),
        col("followups_done", tr!("report.semester.followups_done")),
        col(
            "followups_overdue",
            tr!("report.semester.followups_overdue"),
        ),
        col("incidents", tr!("report.semester.incidents")),
        col("incidents_open", tr!("report.semester.incidents_open")),
    ]);
    let title = tr!("report.semester.title", counselor = counselor);
    let mut t = Table::new(title, columns);
    for c in &s.children {
        let mut row = vec![
            Cell::text(c.student_id.clone().unwrap_or_default()),
            Cell::text(&c.name),
        ];
        row.extend(c.contacts.iter().map(|n| Cell::int(*n)));
        row.extend(percents(&c.rules));
        row.extend([
            Cell::text(&c.class),
            Cell::date(c.care.first().map(|w| w.from)),
            Cell::date(c.care.last().map(|w| w.to)),
            Cell::date(c.left),
            Cell::int(c.weeks),
            Cell::int(c.weeks_without_talk),
            c.mood_start.map_or(Cell::Empty, Cell::int),
            c.mood_end.map_or(Cell::Empty, Cell::int),
            trend(c),
            Cell::int(c.followups_done),
            Cell::int(c.followups_overdue),
            Cell::int(c.incidents),
            Cell::int(c.incidents_open),
        ]);
        t.rows.push(row);
    }
    let sums = &s.totals;
    let mut totals = vec![Cell::Empty, Cell::text(tr!("report.total"))];
    totals.extend(sums.contacts.iter().map(|n| Cell::int(*n)));
    totals.extend(percents(&sums.rules));
    totals.extend([Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty]);
    totals.extend([
        Cell::int(sums.weeks),
        Cell::int(sums.weeks_without_talk),
        Cell::Empty,
        Cell::Empty,
        Cell::Empty,
        Cell::int(sums.followups_done),
        Cell::int(sums.followups_overdue),
        Cell::int(sums.incidents),
        Cell::int(sums.incidents_open),
    ]);
    t.totals = Some(totals);
    t
}

/// The Markdown: what it covers, then contacts by kind (the kinds that happened), the rules
/// kept, and mood, follow-ups and incidents, each with the counselor's totals.
pub fn document(s: &Semester, counselor: &str, config: &Config) -> Document {
    let mut lines = vec![
        tr!(
            "report.range",
            from = s.range.from,
            to = s.range.to,
            as_of = s.as_of
        ),
        tr!("report.semester.children", count = s.totals.children),
        tr!("report.semester.counting"),
        // The same sentence the Reports screen shows under its table.
        tr!("report.semester.judging"),
    ];
    if s.totals.rising + s.totals.steady + s.totals.falling > 0 {
        lines.push(tr!(
            "report.semester.moods",
            rising = s.totals.rising,
            steady = s.totals.steady,
            falling = s.totals.falling
        ));
    }
    let name_col = || col("name", tr!("report.col.name"));

    let kinds: Vec<NoteKind> = NoteKind::ALL
        .into_iter()
        .filter(|k| s.totals.contacts[*k as usize] > 0)
        .collect();
    let mut columns = vec![name_col()];
    columns.extend(kinds.iter().map(|k| col(k.code(), labels::note_kind(*k))));
    columns.push(col("total", tr!("report.total")));
    let mut contacts = Table::new(tr!("report.semester.contacts"), columns);
    for c in &s.children {
        let mut row = vec![Cell::text(&c.name)];
        row.extend(kinds.iter().map(|k| Cell::int(c.contacts[*k as usize])));
        row.push(Cell::int(c.contacts_total()));
        contacts.rows.push(row);
    }
    let mut totals = vec![Cell::text(tr!("report.total"))];
    totals.extend(
        kinds
            .iter()
            .map(|k| Cell::int(s.totals.contacts[*k as usize])),
    );
    totals.push(Cell::int(s.totals.contacts.iter().sum::<u32>()));
    contacts.totals = Some(totals);

    let mut columns = vec![name_col()];
    columns.extend(s.rules.iter().map(|r| col(r, rule_label(config, r))));
    let mut kept = Table::new(tr!("report.semester.rules"), columns);
    for c in &s.children {
        let mut row = vec![Cell::text(&c.name)];
        row.extend(percents(&c.rules));
        kept.rows.push(row);
    }
    let mut totals = vec![Cell::text(tr!("report.total"))];
    totals.extend(percents(&s.totals.rules));
    kept.totals = Some(totals);

    let mut care = Table::new(
        tr!("report.semester.care"),
        vec![
            name_col(),
            col(
                "weeks_without_talk",
                tr!("report.semester.weeks_without_talk"),
            ),
            col("mood", tr!("report.semester.mood")),
            col("mood_trend", tr!("report.semester.mood_trend")),
            col("followups_done", tr!("report.semester.followups_done")),
            col(
                "followups_overdue",
                tr!("report.semester.followups_overdue"),
            ),
            col("incidents", tr!("report.semester.incidents")),
            col("note", tr!("report.semester.note")),
        ],
    );
    for c in &s.children {
        let mood = match (c.mood_start, c.mood_end) {
            (Some(a), Some(b)) if c.mood_entries > 1 => format!("{a} → {b}"),
            (Some(a), _) => a.to_string(),
            _ => String::new(),
        };
        let mut note = Vec::new();
        if let (Some(first), Some(last)) = (c.care.first(), c.care.last())
            && (first.from > s.range.from || last.to < s.range.to)
        {
            note.push(tr!(
                "report.semester.in_care",
                from = first.from,
                to = last.to
            ));
        }
        if let Some(day) = c.left {
            note.push(tr!("report.semester.left", date = day));
        }
        care.rows.push(vec![
            Cell::text(&c.name),
            Cell::text(format!("{} / {}", c.weeks_without_talk, c.weeks)),
            Cell::text(mood),
            trend(c),
            Cell::int(c.followups_done),
            Cell::int(c.followups_overdue),
            Cell::int(c.incidents),
            Cell::text(note.join(tr!("report.separator").as_str())),
        ]);
    }
    care.totals = Some(vec![
        Cell::text(tr!("report.total")),
        Cell::text(format!(
            "{} / {}",
            s.totals.weeks_without_talk, s.totals.weeks
        )),
        Cell::Empty,
        Cell::Empty,
        Cell::int(s.totals.followups_done),
        Cell::int(s.totals.followups_overdue),
        Cell::int(s.totals.incidents),
        Cell::Empty,
    ]);
    Document {
        title: tr!("report.semester.title", counselor = counselor),
        lines,
        tables: vec![contacts, kept, care],
    }
}
