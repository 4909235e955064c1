//! The quarterly roster update in words: a row per child with the roster's own columns (the
//! district's fields, headed as the roster import reads them), the concern areas, the status,
//! the counselor, and a column for each kind of change in the quarter.

use super::{Cell, Table};
use crate::domain::report::quarterly::{Change, Quarter, QuarterRow};
use crate::i18n::{Lang, labels, lang};
use crate::interchange::columns::Column;
use crate::model::{Counselor, CounselorId};
use crate::tr;

fn col(key: &str, label: String) -> (String, String) {
    (key.to_string(), label)
}

pub fn table(quarter: Quarter, rows: &[QuarterRow], staff: &[Counselor]) -> Table {
    let name_of = |id: Option<CounselorId>| {
        id.and_then(|id| staff.iter().find(|c| c.id == id))
            .map_or(String::new(), |c| c.name.clone())
    };
    let lang = lang();
    let mut columns: Vec<(String, String)> = Column::ALL
        .iter()
        .map(|c| (c.en().to_string(), c.header(lang).to_string()))
        .collect();
    columns.extend([
        col("concerns", tr!("report.col.concerns")),
        col("status", tr!("report.col.status")),
        col("counselor", tr!("report.col.counselor")),
        col("change", tr!("report.quarterly.change")),
        col("new_on", tr!("report.quarterly.new_on")),
        col("left_on", tr!("report.col.left_on")),
        col("left_reason", tr!("report.quarterly.left_reason")),
        col("left_note", tr!("report.quarterly.left_note")),
        col("counselor_changed_on", tr!("report.quarterly.changed_on")),
        col("previous_counselor", tr!("report.quarterly.previous")),
    ]);
    let mut t = Table::new(tr!("report.quarterly.title", quarter = quarter), columns);
    for r in rows {
        let c = &r.child;
        let mut row: Vec<Cell> = Column::ALL
            .iter()
            .map(|col| match col {
                Column::BirthDate => Cell::Date(c.birth_date),
                other => Cell::Text(other.get(c, lang)),
            })
            .collect();
        let concerns: Vec<String> = c.concerns.iter().map(|k| labels::concern(*k)).collect();
        let (mut new_on, mut left, mut moved) = (None, None, None);
        let mut what = Vec::new();
        for change in &r.changes {
            match change {
                Change::New { from } => {
                    new_on = Some(*from);
                    what.push(tr!("report.quarterly.new"));
                }
                Change::Left { date, reason, note } => {
                    left = Some((*date, *reason, note.clone()));
                    what.push(tr!("report.quarterly.left"));
                }
                Change::CounselorChanged { from, on, .. } => {
                    moved = Some((*on, *from));
                    what.push(tr!("report.quarterly.moved"));
                }
            }
        }
        let separator = if lang == Lang::Zh { "、" } else { "; " };
        row.extend([
            Cell::Text(concerns.join(separator)),
            Cell::Text(if r.active {
                tr!("report.quarterly.active")
            } else {
                tr!("report.quarterly.left")
            }),
            Cell::Text(name_of(r.counselor)),
            Cell::Text(what.join(separator)),
            Cell::date(new_on),
            Cell::date(left.as_ref().map(|l| l.0)),
            left.as_ref()
                .map_or(Cell::Empty, |l| Cell::Text(labels::leave_reason(l.1))),
            left.map_or(Cell::Empty, |l| Cell::Text(l.2)),
            Cell::date(moved.map(|m| m.0)),
            moved.map_or(Cell::Empty, |m| Cell::Text(name_of(Some(m.1)))),
        ]);
        t.rows.push(row);
    }
    t
}
