//! The school statistics in words: a table per breakdown, the workload and the weeks (Markdown
//! and the workbook), or all of it as one long CSV of `section,item,value` rows for scripts.

use super::{Cell, Document, Table};
use crate::domain::report::stats::Stats;
use crate::labels;
use crate::tr;

fn col(key: &str, label: String) -> (String, String) {
    (key.to_string(), label)
}

fn named(s: &str) -> String {
    if s.is_empty() {
        tr!("report.stats.unknown")
    } else {
        s.to_string()
    }
}

/// The breakdowns: (section key, title, the item's column label, rows of (item, count)).
type Breakdown = (&'static str, String, String, Vec<(String, u32)>);

fn breakdowns(s: &Stats) -> Vec<Breakdown> {
    let named_rows = |v: &[(String, u32)]| -> Vec<(String, u32)> {
        v.iter().map(|(k, n)| (named(k), *n)).collect()
    };
    let flags = s
        .by_flag
        .iter()
        .map(|(f, n)| (labels::flag(*f), *n))
        .collect();
    let concerns = s
        .by_concern
        .iter()
        .map(|(c, n)| (labels::concern(*c), *n))
        .collect();
    vec![
        (
            "village",
            tr!("report.stats.by_village"),
            tr!("report.stats.village"),
            named_rows(&s.by_village),
        ),
        (
            "grade",
            tr!("report.stats.by_grade"),
            tr!("report.stats.grade"),
            named_rows(&s.by_grade),
        ),
        (
            "left_behind_type",
            tr!("report.stats.by_type"),
            tr!("report.stats.type"),
            // The usual left-behind types are the program's words, said in the language.
            s.by_type
                .iter()
                .map(|(k, n)| (labels::left_behind_type(&named(k)), *n))
                .collect(),
        ),
        (
            "flag",
            tr!("report.stats.by_flag"),
            tr!("report.stats.flag"),
            flags,
        ),
        (
            "concern",
            tr!("report.stats.by_concern"),
            tr!("report.stats.concern"),
            concerns,
        ),
    ]
}

/// The tables of Markdown and the workbook.
pub fn tables(s: &Stats) -> Vec<Table> {
    let mut out = Vec::new();
    for (key, title, label, rows) in breakdowns(s) {
        let mut t = Table::new(
            title,
            vec![
                col(key, label),
                col("children", tr!("report.stats.children")),
            ],
        );
        t.rows = rows
            .into_iter()
            .map(|(k, n)| vec![Cell::Text(k), Cell::int(n)])
            .collect();
        out.push(t);
    }
    let mut work = Table::new(
        tr!("report.stats.workload"),
        vec![
            col("counselor", tr!("report.col.counselor")),
            col("role", tr!("report.stats.role")),
            col("children", tr!("report.stats.children")),
            col(
                "contacts_month",
                tr!(
                    "report.stats.contacts_month",
                    month = s.month.from.format("%Y-%m")
                ),
            ),
            col("contacts", tr!("report.stats.contacts_range")),
        ],
    );
    for w in &s.workload {
        work.rows.push(vec![
            Cell::text(&w.name),
            Cell::Text(labels::role(w.role)),
            Cell::int(w.children),
            Cell::int(w.contacts_month),
            Cell::int(w.contacts_range),
        ]);
    }
    work.totals = Some(vec![
        Cell::text(tr!("report.total")),
        Cell::Empty,
        Cell::int(s.workload.iter().map(|w| w.children).sum::<u32>()),
        Cell::int(s.workload.iter().map(|w| w.contacts_month).sum::<u32>()),
        Cell::int(s.workload.iter().map(|w| w.contacts_range).sum::<u32>()),
    ]);
    out.push(work);
    let mut weeks = Table::new(
        tr!("report.stats.weeks"),
        vec![
            col("week", tr!("report.stats.week")),
            col("contacts", tr!("report.stats.contacts")),
            col("letters", tr!("report.stats.letters")),
            col("attention", tr!("report.stats.attention")),
        ],
    );
    for w in &s.weeks {
        weeks.rows.push(vec![
            Cell::Date(w.monday),
            Cell::int(w.contacts),
            Cell::int(w.letters),
            Cell::int(w.attention),
        ]);
    }
    let (letters, attention) = s.letters();
    weeks.totals = Some(vec![
        Cell::text(tr!("report.total")),
        Cell::int(s.contacts()),
        Cell::int(letters),
        Cell::int(attention),
    ]);
    out.push(weeks);
    out
}

pub fn document(s: &Stats) -> Document {
    let (letters, attention) = s.letters();
    Document {
        title: tr!("report.stats.title"),
        lines: vec![
            tr!(
                "report.range",
                from = s.range.from,
                to = s.range.to,
                as_of = s.month.to
            ),
            tr!(
                "report.stats.summary",
                children = s.children,
                contacts = s.contacts(),
                letters = letters,
                attention = attention
            ),
        ],
        tables: tables(s),
    }
}

/// Everything as `section,item,value` rows: the breakdowns, each staff member's figures,
/// each week's (the week as its Monday).
pub fn long_table(s: &Stats) -> Table {
    let mut t = Table::new(
        tr!("report.stats.title"),
        vec![
            col("section", tr!("report.stats.section")),
            col("item", tr!("report.stats.item")),
            col("value", tr!("report.stats.value")),
        ],
    );
    let mut push = |section: &str, item: Cell, n: u32| {
        t.rows.push(vec![Cell::text(section), item, Cell::int(n)]);
    };
    push("children", Cell::Empty, s.children);
    for (key, _, _, rows) in breakdowns(s) {
        for (item, n) in rows {
            push(key, Cell::Text(item), n);
        }
    }
    for w in &s.workload {
        push("workload_children", Cell::text(&w.name), w.children);
        push(
            "workload_contacts_month",
            Cell::text(&w.name),
            w.contacts_month,
        );
        push("workload_contacts", Cell::text(&w.name), w.contacts_range);
    }
    for w in &s.weeks {
        push("contacts_per_week", Cell::Date(w.monday), w.contacts);
        push("letters_per_week", Cell::Date(w.monday), w.letters);
        push("attention_per_week", Cell::Date(w.monday), w.attention);
    }
    t
}
