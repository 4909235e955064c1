//! The quarterly roster update in words: a row per child with the school's name, the roster's
//! own columns (the district's fields, headed as the roster import reads them) but the most
//! private (personality, medical history, remarks: the district does not need them), the
//! enrolment state, the plan's five focus categories, the concern areas, the status, the
//! counselor, and columns for each kind of change in the quarter, each with its day: new,
//! left (reason, note), counselor changed (the previous one), guardian changed (as before),
//! parents' contact changed (the parent whose contact changed, as before), difficulty flags
//! changed (added, removed). Its counts are a table of their own (`counts_table`).

use super::{Cell, Table};
use crate::domain::report::quarterly::{Change, Quarter, QuarterRow};
use crate::domain::report::quarterly_check::{Counts, Focus};
use crate::i18n::{Lang, lang};
use crate::interchange::columns::Column;
use crate::labels;
use crate::model::{Counselor, CounselorId, Flag, Guardian, Parent};
use crate::tr;
use chrono::NaiveDate;
use std::collections::BTreeSet;

fn col(key: &str, label: String) -> (String, String) {
    (key.to_string(), label)
}

/// The roster's columns the update leaves out: the most private, which the district does not
/// need (issue 23, 5).
pub const PRIVATE: [Column; 3] = [Column::Personality, Column::MedicalHistory, Column::Remarks];

/// The roster's columns the update carries, in the roster's order.
fn roster_columns() -> impl Iterator<Item = Column> {
    Column::ALL.into_iter().filter(|c| !PRIVATE.contains(c))
}

/// The change columns after the roster's, by their stable keys.
fn change_columns() -> [(String, String); 14] {
    [
        col("change", tr!("report.quarterly.change")),
        col("new_on", tr!("report.quarterly.new_on")),
        col("left_on", tr!("report.col.left_on")),
        col("left_reason", tr!("report.quarterly.left_reason")),
        col("left_note", tr!("report.quarterly.left_note")),
        col("counselor_changed_on", tr!("report.quarterly.changed_on")),
        col("previous_counselor", tr!("report.quarterly.previous")),
        col("guardian_changed_on", tr!("report.quarterly.guardian_on")),
        col("previous_guardian", tr!("report.quarterly.guardian_before")),
        col(
            "parents_contact_changed_on",
            tr!("report.quarterly.parents_on"),
        ),
        col(
            "previous_parents_contact",
            tr!("report.quarterly.parents_before"),
        ),
        col("flags_changed_on", tr!("report.quarterly.flags_on")),
        col("flags_added", tr!("report.quarterly.flags_added")),
        col("flags_removed", tr!("report.quarterly.flags_removed")),
    ]
}

/// The change cells of one row, in the order of `change_columns`.
#[derive(Default)]
struct Changes {
    what: Vec<String>,
    new_on: Option<NaiveDate>,
    left: Option<(NaiveDate, String, String)>,
    moved: Option<(NaiveDate, String)>,
    guardian: Option<(NaiveDate, String)>,
    parents: Option<(NaiveDate, String)>,
    flags: Option<(NaiveDate, String, String)>,
}

/// The update's rows, for `school` (the name in `config.toml`).
pub fn table(quarter: Quarter, school: &str, rows: &[QuarterRow], staff: &[Counselor]) -> Table {
    let name_of = |id: Option<CounselorId>| {
        id.and_then(|id| staff.iter().find(|c| c.id == id))
            .map_or(String::new(), |c| c.name.clone())
    };
    let lang = lang();
    let separator = if lang == Lang::Zh { "、" } else { "; " };
    let mut columns = vec![col("school", tr!("report.quarterly.school"))];
    columns.extend(roster_columns().map(|c| (c.en().to_string(), c.header(lang).to_string())));
    columns.push(col("enrolment", tr!("report.quarterly.enrolment")));
    columns.extend(Focus::ALL.map(|f| (format!("focus_{}", f.code()), labels::focus(f))));
    columns.extend([
        col("concerns", tr!("report.col.concerns")),
        col("status", tr!("report.col.status")),
        col("counselor", tr!("report.col.counselor")),
    ]);
    columns.extend(change_columns());
    let mut t = Table::new(tr!("report.quarterly.title", quarter = quarter), columns);
    for r in rows {
        let c = &r.child;
        let mut row = vec![Cell::text(school)];
        row.extend(roster_columns().map(|col| match col {
            Column::BirthDate => Cell::Date(c.birth_date),
            Column::EntrustedSince => Cell::date(c.entrustment.since),
            other => Cell::Text(other.get(c, lang)),
        }));
        row.push(Cell::Text(labels::enrolment(c.enrolment)));
        row.extend(Focus::ALL.map(|f| match f.of(c) {
            true => Cell::Text(tr!("report.quarterly.yes")),
            false => Cell::Empty,
        }));
        let concerns: Vec<String> = c.concerns.iter().map(|k| labels::concern(*k)).collect();
        let mut k = Changes::default();
        for change in &r.changes {
            match change {
                Change::New { from } => {
                    k.new_on = Some(*from);
                    k.what.push(tr!("report.quarterly.new"));
                }
                Change::Left { date, reason, note } => {
                    k.left = Some((*date, labels::leave_reason(*reason), note.clone()));
                    k.what.push(tr!("report.quarterly.left"));
                }
                Change::CounselorChanged { from, on, .. } => {
                    k.moved = Some((*on, name_of(Some(*from))));
                    k.what.push(tr!("report.quarterly.moved"));
                }
                Change::GuardianChanged { on, before } => {
                    k.guardian = Some((*on, guardian(before)));
                    k.what.push(tr!("report.quarterly.guardian_changed"));
                }
                Change::ParentsContactChanged { on, father, mother } => {
                    let mut was = Vec::new();
                    if contact(father) != contact(&c.father) {
                        was.push(parent(tr!("report.quarterly.father"), father));
                    }
                    if contact(mother) != contact(&c.mother) {
                        was.push(parent(tr!("report.quarterly.mother"), mother));
                    }
                    k.parents = Some((*on, was.join(&tr!("report.separator"))));
                    k.what.push(tr!("report.quarterly.parents_changed"));
                }
                Change::FlagsChanged { on, added, removed } => {
                    let words = |set: &BTreeSet<Flag>| {
                        let v: Vec<String> = set.iter().map(|f| labels::flag(*f)).collect();
                        v.join(separator)
                    };
                    k.flags = Some((*on, words(added), words(removed)));
                    k.what.push(tr!("report.quarterly.flags_changed"));
                }
            }
        }
        let text = |s: Option<String>| s.map_or(Cell::Empty, Cell::Text);
        row.extend([
            Cell::Text(concerns.join(separator)),
            Cell::Text(if r.active {
                tr!("report.quarterly.active")
            } else {
                tr!("report.quarterly.left")
            }),
            Cell::Text(name_of(r.counselor)),
            Cell::Text(k.what.join(separator)),
            Cell::date(k.new_on),
            Cell::date(k.left.as_ref().map(|l| l.0)),
            text(k.left.as_ref().map(|l| l.1.clone())),
            text(k.left.map(|l| l.2)),
            Cell::date(k.moved.as_ref().map(|m| m.0)),
            text(k.moved.map(|m| m.1)),
            Cell::date(k.guardian.as_ref().map(|g| g.0)),
            text(k.guardian.map(|g| g.1)),
            Cell::date(k.parents.as_ref().map(|p| p.0)),
            text(k.parents.map(|p| p.1)),
            Cell::date(k.flags.as_ref().map(|f| f.0)),
            text(k.flags.as_ref().map(|f| f.1.clone())),
            text(k.flags.map(|f| f.2)),
        ]);
        t.rows.push(row);
    }
    t
}

/// The update's counts: in the programme at the quarter's end, new, left, each focus category.
pub fn counts_table(quarter: Quarter, n: &Counts) -> Table {
    let mut t = Table::new(
        tr!("report.quarterly.counts_title", quarter = quarter),
        vec![
            col("item", tr!("report.quarterly.count_item")),
            col("children", tr!("report.quarterly.count_children")),
        ],
    );
    let mut add =
        |item: String, count: usize| t.rows.push(vec![Cell::Text(item), Cell::int(count as i64)]);
    add(tr!("report.quarterly.count_total"), n.total);
    add(tr!("report.quarterly.count_new"), n.new);
    add(tr!("report.quarterly.count_left"), n.left);
    for (f, count) in Focus::ALL.into_iter().zip(n.focus) {
        add(labels::focus(f), count);
    }
    t
}

/// A guardian as the district reads one: name, relation, phone, address (those recorded).
fn guardian(g: &Guardian) -> String {
    spaced(&[&g.name, &g.relation, &g.phone, &g.address])
}

/// What of a parent counts as their contact.
fn contact(p: &Parent) -> (&str, &str) {
    (&p.phone, &p.work_place)
}

fn parent(who: String, p: &Parent) -> String {
    tr!(
        "report.quarterly.parent_contact",
        who = who,
        contact = spaced(&[&p.phone, &p.work_place])
    )
}

fn spaced(parts: &[&str]) -> String {
    let parts: Vec<&str> = parts
        .iter()
        .map(|p| p.trim())
        .filter(|p| !p.is_empty())
        .collect();
    parts.join(" ")
}
