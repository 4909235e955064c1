//! The roster import (SPEC §5): finds the header, checks every row, matches rows to the
//! children already stored, and writes the accepted rows in one transaction with one audit.
//! A `Watch` hears how far it got and may stop it before anything is committed: the Admin
//! screen runs it on a worker thread (`roster_job.rs`) with a progress bar.

use super::ImportError;
use super::rows::{Row, read_tables};
use crate::domain::access::Operation;
use crate::i18n::{Lang, lang};
use crate::interchange::cells::quoted;
use crate::interchange::columns::{Column, fill, read_child};
use crate::model::{AuditAction, Child, ChildId, RecordRef, limits};
use crate::store::{Reader, Session, StoreError, Writer};
use crate::tr;
use chrono::NaiveDate;
use std::collections::HashMap;
use std::path::Path;

pub use super::roster_report::{
    OutsideRow, RejectedRow, RosterReport, Updated, field_names, outside_row,
};

/// How far an import got, for a progress bar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Reading and decoding the file.
    Reading,
    /// Checking each row against the store (`done` of `total` rows).
    Checking,
    /// Writing the children (`done` of `total`).
    Writing,
    /// Bringing the children's summaries up to date and committing.
    Saving,
}

/// Hears how far an import got, and may stop it before anything is committed.
pub trait Watch {
    fn progress(&mut self, stage: Stage, done: usize, total: usize);
    fn cancelled(&self) -> bool {
        false
    }
}

/// Nobody watching (the command line, which runs to the end).
impl Watch for () {
    fn progress(&mut self, _: Stage, _: usize, _: usize) {}
}

/// Rows (or children) between two progress reports.
const REPORT_EVERY: usize = 512;

/// Imports the roster at `path`. With `dry_run` the same report is computed against the
/// store as it is, and nothing is written.
pub fn import_roster(
    session: &Session,
    path: &Path,
    dry_run: bool,
) -> Result<RosterReport, ImportError> {
    session.allow(Operation::ImportRoster)?;
    let store = session.store();
    if dry_run {
        return preview_on(&store.reader()?, path, session.today(), &mut ());
    }
    let (reader, writer) = store.begin_write_elsewhere(&session.actor())?;
    import_on(reader, writer, path, &mut ())
}

/// What importing `path` on `today` would do to the store `reader` sees; nothing is written.
/// Whoever calls it has been allowed to import the roster.
pub(crate) fn preview_on(
    reader: &Reader,
    path: &Path,
    today: NaiveDate,
    watch: &mut dyn Watch,
) -> Result<RosterReport, ImportError> {
    let sheet = read_sheet(path, watch)?;
    Ok(plan(reader, sheet, today, watch)?.report)
}

/// Imports `path` in the transaction `w` (begun with `Store::begin_write_elsewhere`), planned
/// on `reader`, the snapshot taken when it began: no other commit can come between. A file
/// whose every row is refused, a stop asked for, or any error: nothing is written.
pub(crate) fn import_on(
    reader: Reader,
    w: Writer,
    path: &Path,
    watch: &mut dyn Watch,
) -> Result<RosterReport, ImportError> {
    let noted = w.fault_note();
    import_in(reader, w, path, watch).map_err(|e| match e {
        ImportError::Store(e) => ImportError::Store(noted.note(e)),
        other => other,
    })
}

fn import_in(
    reader: Reader,
    mut w: Writer,
    path: &Path,
    watch: &mut dyn Watch,
) -> Result<RosterReport, ImportError> {
    let sheet = read_sheet(path, watch)?;
    // The transaction's own day, the one its records are stamped with.
    let today = w.now().date();
    let (slots, report) = plan(&reader, sheet, today, watch)?.finish();
    drop(reader);
    if report.all_rejected() {
        // Dropping the transaction aborts it.
        return Ok(report);
    }
    let report = apply(&mut w, slots, report, watch)?;
    if watch.cancelled() {
        return Err(ImportError::Cancelled);
    }
    watch.progress(Stage::Saving, 0, 0);
    w.finish()?;
    Ok(report)
}

/// Every check of a roster file that needs no store: reading it (`bytes` as the file at
/// `path` holds them), finding the header, and each row's cells. The rows accepted, or why
/// the file is refused (a birth after `today` among them); what the fuzz targets run.
pub fn check_file(path: &Path, bytes: &[u8], today: NaiveDate) -> Result<usize, ImportError> {
    let sheet = Sheet::find(path, read_tables(path, bytes)?)?;
    Ok(sheet
        .rows
        .iter()
        .filter(|row| !row.is_blank() && read_child(&sheet.given(row), today).is_ok())
        .count())
}

fn read_sheet(path: &Path, watch: &mut dyn Watch) -> Result<Sheet, ImportError> {
    watch.progress(Stage::Reading, 0, 0);
    let bytes = super::read_bounded(path)?;
    Sheet::find(path, read_tables(path, &bytes)?)
}

/// The table that holds the roster, with its header understood.
struct Sheet {
    columns: Vec<(usize, Column)>,
    ignored: Vec<String>,
    rows: Vec<Row>,
}

/// How far down a title row or two may push the header.
const HEADER_SEARCH_ROWS: usize = 10;

impl Sheet {
    /// The first table whose header (within its first non-blank rows) names every required
    /// column. Title rows above the header are skipped.
    fn find(path: &Path, tables: Vec<Vec<Row>>) -> Result<Sheet, ImportError> {
        let mut any_row = false;
        let mut best_missing: Option<Vec<Column>> = None;
        for table in tables {
            let mut found = None;
            for (i, row) in table
                .iter()
                .enumerate()
                .filter(|(_, r)| !r.is_blank())
                .take(HEADER_SEARCH_ROWS)
            {
                any_row = true;
                let named: Vec<Option<Column>> = row
                    .cells()
                    .map(|c| Column::from_header(&c.text(Column::Remarks)))
                    .collect();
                let missing: Vec<Column> = Column::ALL
                    .into_iter()
                    .filter(|c| c.required() && !named.contains(&Some(*c)))
                    .collect();
                if missing.is_empty() {
                    found = Some(i);
                    break;
                }
                if named.iter().any(Option::is_some)
                    && best_missing
                        .as_ref()
                        .is_none_or(|b| missing.len() < b.len())
                {
                    best_missing = Some(missing);
                }
            }
            if let Some(i) = found {
                let mut rows = table;
                let data = rows.split_off(i + 1);
                // The limit counts the rows below the header that hold anything: a title,
                // the header and blank lines are not rows of the roster, a child twice is two.
                if data.iter().filter(|r| !r.is_blank()).count() > limits::ROSTER_ROWS {
                    return Err(ImportError::TooManyRows {
                        path: path.to_path_buf(),
                    });
                }
                let header = rows.pop().unwrap_or_default();
                return Ok(Sheet::with_header(&header, data));
            }
        }
        if !any_row {
            return Err(ImportError::Empty {
                path: path.to_path_buf(),
            });
        }
        let missing = best_missing
            .unwrap_or_else(|| Column::ALL.into_iter().filter(|c| c.required()).collect());
        let (lang, sep) = match lang() {
            Lang::Zh => (Lang::Zh, "、"),
            Lang::En => (Lang::En, ", "),
        };
        let names: Vec<&str> = missing.iter().map(|c| c.header(lang)).collect();
        Err(ImportError::NoHeader {
            path: path.to_path_buf(),
            missing: names.join(sep),
        })
    }

    fn with_header(header: &Row, rows: Vec<Row>) -> Sheet {
        let mut columns: Vec<(usize, Column)> = Vec::new();
        let mut ignored = Vec::new();
        for (i, cell) in header.cells().enumerate() {
            let text = crate::interchange::cells::clean_cell(&cell.text(Column::Remarks));
            if text.is_empty() {
                continue;
            }
            match Column::from_header(&text) {
                Some(c) if !columns.iter().any(|(_, seen)| *seen == c) => columns.push((i, c)),
                _ => ignored.push(text),
            }
        }
        Sheet {
            columns,
            ignored,
            rows,
        }
    }

    /// The non-blank cells of a row, by column.
    fn given(&self, row: &Row) -> Vec<(Column, String)> {
        self.columns
            .iter()
            .filter_map(|&(i, col)| {
                let text = row.cell(i)?.text(col);
                (!Column::is_blank(&text)).then_some((col, text))
            })
            .collect()
    }
}

/// The few store lookups matching needs, from a read snapshot (dry run) or the write.
trait Lookup {
    fn by_id(&self, id: ChildId) -> Result<Option<Child>, StoreError>;
    fn by_student_id(&self, sid: &str) -> Result<Option<Child>, StoreError>;
    fn by_name_birth(&self, name: &str, birth: NaiveDate) -> Result<Option<Child>, StoreError>;
}

impl Lookup for Reader {
    fn by_id(&self, id: ChildId) -> Result<Option<Child>, StoreError> {
        self.get::<Child>(id.0)
    }
    fn by_student_id(&self, sid: &str) -> Result<Option<Child>, StoreError> {
        self.child_by_student_id(sid)
    }
    fn by_name_birth(&self, name: &str, birth: NaiveDate) -> Result<Option<Child>, StoreError> {
        self.child_by_name_birth(name, birth)
    }
}

/// A child the file touches, by the keys rows are matched on, as the file leaves it.
/// `stored` is its id in the store (`None` for a new one). `current` is the child as the file
/// leaves it, kept only once a row has changed it (or added it): a stored child no row
/// changes is read again if a later row needs it, so a county's unchanged roster is planned
/// in the memory of its keys. The write compares a changed child with the stored one again,
/// so a row that undoes another writes nothing.
struct Slot {
    stored: Option<ChildId>,
    student_id: Option<String>,
    name_birth: NameBirth,
    current: Option<Child>,
}

impl Slot {
    fn of(stored: Option<ChildId>, child: &Child) -> Slot {
        Slot {
            stored,
            student_id: child.student_id.clone(),
            name_birth: (child.name.clone(), child.birth_date),
            current: None,
        }
    }

    /// A row leaves the child as `child`.
    fn set(&mut self, child: Child) {
        self.student_id.clone_from(&child.student_id);
        self.name_birth = (child.name.clone(), child.birth_date);
        self.current = Some(child);
    }
}

type NameBirth = (String, NaiveDate);

/// The file's effect, worked out in memory so that a dry run and a real run agree exactly.
struct Plan<'a, L: Lookup + ?Sized> {
    store: &'a L,
    /// The school's day the rows are read on: no child is born after it.
    today: NaiveDate,
    slots: Vec<Slot>,
    by_id: HashMap<ChildId, usize>,
    by_sid: HashMap<String, usize>,
    by_name_birth: HashMap<NameBirth, usize>,
    /// Which stored child holds a key: each key is looked up in the store once.
    stored_sid: HashMap<String, Option<ChildId>>,
    stored_name_birth: HashMap<NameBirth, Option<ChildId>>,
    report: RosterReport,
}

/// Plans the sheet's rows, letting go of each row's cells once it is checked: the sheet and
/// the plan are not both whole in memory.
fn plan<'a, L: Lookup + ?Sized>(
    store: &'a L,
    mut sheet: Sheet,
    today: NaiveDate,
    watch: &mut dyn Watch,
) -> Result<Plan<'a, L>, ImportError> {
    let mut p = Plan {
        store,
        today,
        slots: Vec::new(),
        by_id: HashMap::new(),
        by_sid: HashMap::new(),
        by_name_birth: HashMap::new(),
        stored_sid: HashMap::new(),
        stored_name_birth: HashMap::new(),
        report: RosterReport {
            ignored_columns: sheet.ignored.clone(),
            ..RosterReport::default()
        },
    };
    let rows = std::mem::take(&mut sheet.rows);
    let total = rows.len();
    for (i, row) in rows.into_iter().enumerate() {
        if i % REPORT_EVERY == 0 {
            if watch.cancelled() {
                return Err(ImportError::Cancelled);
            }
            watch.progress(Stage::Checking, i, total);
        }
        if row.is_blank() {
            continue;
        }
        if let Err(reason) = p.row(row.line, &sheet.given(&row))? {
            p.report.reject(RejectedRow {
                line: row.line,
                reason,
            });
        }
    }
    watch.progress(Stage::Checking, total, total);
    Ok(p)
}

impl<L: Lookup + ?Sized> Plan<'_, L> {
    /// Lets go of the store, so that the write can begin.
    fn finish(self) -> (Vec<Slot>, RosterReport) {
        (self.slots, self.report)
    }

    /// One data row. The outer error is the store failing; the inner one rejects the row.
    fn row(
        &mut self,
        line: usize,
        given: &[(Column, String)],
    ) -> Result<Result<(), String>, StoreError> {
        // Check every cell first, on a blank child, so a row is taken whole or not at all.
        let probe = match read_child(given, self.today) {
            Ok(probe) => probe,
            Err(reasons) => return Ok(Err(reasons)),
        };
        let key = (probe.name.clone(), probe.birth_date);

        let mut found = match &probe.student_id {
            Some(sid) => self.holder_of_sid(sid)?,
            None => None,
        };
        if found.is_none()
            && let Some(i) = self.holder_of_name_birth(&key)?
        {
            if let (Some(theirs), Some(ours)) = (&self.slots[i].student_id, &probe.student_id)
                && theirs != ours
            {
                return Ok(Err(tr!(
                    "import.reason.student_id_conflict",
                    name = quoted(&key.0),
                    student_id = quoted(theirs)
                )));
            }
            found = Some(i);
        }

        let (slot, before) = match found {
            Some(i) => (Some(i), self.current(i)?),
            None => (None, probe.clone()),
        };
        let mut after = before.clone();
        // A new child is the probe itself: filling it again would change nothing.
        if slot.is_some()
            && let Err(r) = fill(&mut after, given, self.today)
        {
            return Ok(Err(r));
        }
        let after_key = (after.name.clone(), after.birth_date);
        if (slot.is_none() || after_key != (before.name.clone(), before.birth_date))
            && !self.name_birth_free(&after_key, slot)?
        {
            return Ok(Err(tr!(
                "import.reason.name_birth_taken",
                name = quoted(&after.name)
            )));
        }
        if let Some(sid) = &after.student_id
            && (slot.is_none() || before.student_id.as_ref() != Some(sid))
            && !self.sid_free(sid, slot)?
        {
            return Ok(Err(tr!(
                "import.reason.student_id_taken",
                student_id = quoted(sid)
            )));
        }

        self.check_definition(line, &after);
        let i = match slot {
            Some(_) if after == before => {
                self.report.unchanged += 1;
                return Ok(Ok(()));
            }
            Some(i) => {
                let fields = Column::ALL
                    .into_iter()
                    .filter(|c| c.get(&before, Lang::En) != c.get(&after, Lang::En))
                    .collect();
                self.report.updated.push(Updated {
                    name: after.name.clone(),
                    fields,
                });
                self.slots[i].set(after);
                i
            }
            None => {
                let mut slot = Slot::of(None, &after);
                self.report.added.push(after.name.clone());
                slot.set(after);
                self.slots.push(slot);
                self.slots.len() - 1
            }
        };
        let slot = &self.slots[i];
        self.by_name_birth.insert(slot.name_birth.clone(), i);
        if let Some(sid) = &slot.student_id {
            self.by_sid.insert(sid.clone(), i);
        }
        Ok(Ok(()))
    }

    /// A warning for a row whose child, in the programme, does not meet the definition.
    fn check_definition(&mut self, line: usize, child: &Child) {
        if !child.is_active() {
            return;
        }
        let gaps = crate::domain::left_behind::gaps(child, self.today);
        if !gaps.is_empty() {
            self.report.warn_outside(OutsideRow {
                line,
                name: child.name.clone(),
                gaps,
            });
        }
    }

    /// The child of slot `i` as the file leaves it so far: read again from the store when no
    /// row has changed it.
    fn current(&self, i: usize) -> Result<Child, StoreError> {
        let slot = &self.slots[i];
        if let Some(child) = &slot.current {
            return Ok(child.clone());
        }
        // A slot without a child is a stored one, read from this snapshot: an index that
        // named it and a record that is gone is damage.
        let damaged = || StoreError::Damaged {
            detail: "a child in an index is missing from the children".into(),
        };
        let id = slot.stored.ok_or_else(damaged)?;
        self.store.by_id(id)?.ok_or_else(damaged)
    }

    /// The slot of a stored child, made on first sight.
    fn slot_of(&mut self, child: Child) -> usize {
        if let Some(&i) = self.by_id.get(&child.id) {
            return i;
        }
        self.by_id.insert(child.id, self.slots.len());
        self.slots.push(Slot::of(Some(child.id), &child));
        self.slots.len() - 1
    }

    /// The stored child holding this student id (in the store, not as the file leaves it);
    /// its slot is made on first sight.
    fn stored_by_sid(&mut self, sid: &str) -> Result<Option<ChildId>, StoreError> {
        if let Some(&id) = self.stored_sid.get(sid) {
            return Ok(id);
        }
        let id = self.store.by_student_id(sid)?.map(|c| {
            let id = c.id;
            self.slot_of(c);
            id
        });
        self.stored_sid.insert(sid.to_string(), id);
        Ok(id)
    }

    fn stored_by_name_birth(&mut self, key: &NameBirth) -> Result<Option<ChildId>, StoreError> {
        if let Some(&id) = self.stored_name_birth.get(key) {
            return Ok(id);
        }
        let id = self.store.by_name_birth(&key.0, key.1)?.map(|c| {
            let id = c.id;
            self.slot_of(c);
            id
        });
        self.stored_name_birth.insert(key.clone(), id);
        Ok(id)
    }

    /// Which child (as the file leaves it so far) has this student id.
    fn holder_of_sid(&mut self, sid: &str) -> Result<Option<usize>, StoreError> {
        let has = |s: &Slot| s.student_id.as_deref() == Some(sid);
        if let Some(&i) = self.by_sid.get(sid)
            && has(&self.slots[i])
        {
            return Ok(Some(i));
        }
        if let Some(id) = self.stored_by_sid(sid)?
            && let Some(&i) = self.by_id.get(&id)
            && has(&self.slots[i])
        {
            return Ok(Some(i));
        }
        Ok(None)
    }

    fn holder_of_name_birth(&mut self, key: &NameBirth) -> Result<Option<usize>, StoreError> {
        let has = |s: &Slot| s.name_birth == *key;
        if let Some(&i) = self.by_name_birth.get(key)
            && has(&self.slots[i])
        {
            return Ok(Some(i));
        }
        if let Some(id) = self.stored_by_name_birth(key)?
            && let Some(&i) = self.by_id.get(&id)
            && has(&self.slots[i])
        {
            return Ok(Some(i));
        }
        Ok(None)
    }

    /// A key may be taken only if no other child holds it now, nor held it in the store:
    /// then the writes can go in any order without tripping the store's unique indexes.
    fn name_birth_free(&mut self, key: &NameBirth, me: Option<usize>) -> Result<bool, StoreError> {
        let holder = self.holder_of_name_birth(key)?;
        let stored = self.stored_by_name_birth(key)?;
        Ok(self.is_me(holder, stored, me))
    }

    fn sid_free(&mut self, sid: &str, me: Option<usize>) -> Result<bool, StoreError> {
        let holder = self.holder_of_sid(sid)?;
        let stored = self.stored_by_sid(sid)?;
        Ok(self.is_me(holder, stored, me))
    }

    fn is_me(&self, holder: Option<usize>, stored: Option<ChildId>, me: Option<usize>) -> bool {
        let my_id = me.and_then(|i| self.slots[i].stored);
        (holder.is_none() || holder == me) && (stored.is_none() || stored == my_id)
    }
}

fn apply(
    w: &mut Writer,
    slots: Vec<Slot>,
    r: RosterReport,
    watch: &mut dyn Watch,
) -> Result<RosterReport, ImportError> {
    let total = slots.len();
    for (i, slot) in slots.into_iter().enumerate() {
        if i % REPORT_EVERY == 0 {
            if watch.cancelled() {
                return Err(ImportError::Cancelled);
            }
            watch.progress(Stage::Writing, i, total);
        }
        match (slot.stored, slot.current) {
            // Each child the roster adds or changes is an event of its own, so that a child's
            // history in the audit shows the imports too.
            (None, Some(mut child)) => {
                child.id = ChildId(w.next_id()?);
                w.put_child(&child)?;
                w.audit(AuditAction::Create, RecordRef::Child(child.id.0), "roster")?;
            }
            (Some(id), Some(child)) => {
                if w.put_child_if_changed(&child)? {
                    w.audit(AuditAction::Update, RecordRef::Child(id.0), "roster")?;
                }
            }
            // A stored child no row changed.
            (_, None) => {}
        }
    }
    watch.progress(Stage::Writing, total, total);
    w.audit(
        AuditAction::Import,
        RecordRef::Store,
        crate::model::Detail::RosterImport {
            added: r.added.len() as u32,
            updated: r.updated.len() as u32,
            unchanged: r.unchanged as u32,
            rejected: r.rejected_count() as u32,
        },
    )?;
    Ok(r)
}

#[cfg(test)]
mod limit_tests {
    use super::*;
    use crate::import::rows::Cell;

    /// A header and `n` data rows, with a blank row after every thousandth.
    fn table(n: usize) -> Vec<Row> {
        let mut rows = Vec::with_capacity(n + n / 1000 + 2);
        let mut title = Row::new(1);
        title.push(Cell::Text("2026 秋季名单"));
        rows.push(title);
        let mut header = Row::new(2);
        for h in ["姓名", "性别", "出生日期"] {
            header.push(Cell::Text(h));
        }
        rows.push(header);
        for i in 0..n {
            let mut row = Row::new(rows.len() + 1);
            row.push(Cell::Text("张伟"));
            rows.push(row);
            if i % 1000 == 0 {
                let mut blank = Row::new(rows.len() + 1);
                blank.push(Cell::Text(" "));
                rows.push(blank);
            }
        }
        rows
    }

    #[test]
    fn a_roster_of_exactly_the_limit_is_read_and_one_more_row_is_refused() {
        let path = Path::new("r.csv");
        let sheet = Sheet::find(path, vec![table(limits::ROSTER_ROWS)]).unwrap();
        assert_eq!(
            sheet.rows.iter().filter(|r| !r.is_blank()).count(),
            limits::ROSTER_ROWS
        );
        assert!(matches!(
            Sheet::find(path, vec![table(limits::ROSTER_ROWS + 1)]),
            Err(ImportError::TooManyRows { .. })
        ));
    }
}
