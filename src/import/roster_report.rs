//! What a roster import did (or, as a preview, would do): the children added, those updated
//! with the columns each changes, those unchanged, and the rows rejected with their line and
//! reason; as the command line prints it and the Admin screen lists it.

use crate::domain::left_behind::Gap;
use crate::i18n::{Lang, lang};
use crate::interchange::columns::Column;
use crate::model::limits;
use crate::tr;
use std::fmt;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RejectedRow {
    /// The physical line (CSV, header = 1) or the sheet's row number (XLSX).
    pub line: usize,
    pub reason: String,
}

/// A child a row changes, and the roster columns it changes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Updated {
    pub name: String,
    pub fields: Vec<Column>,
}

/// A row taken whose child, in the programme, does not meet the plan's definition of a
/// left-behind child: a warning, not a rejection (the school may know better than the row).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OutsideRow {
    pub line: usize,
    pub name: String,
    pub gaps: Vec<Gap>,
}

/// What an import did (or, with `--dry-run`, would do). Every non-blank data row is counted
/// once: added, updated, unchanged or rejected.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct RosterReport {
    pub added: Vec<String>,
    pub updated: Vec<Updated>,
    pub unchanged: usize,
    /// The first rejected rows (`limits::REJECTIONS_KEPT`), with their reasons.
    pub rejected: Vec<RejectedRow>,
    /// Rejected rows beyond those kept: counted, not kept, so a file of millions of bad rows
    /// cannot fill memory with reasons.
    pub rejected_more: usize,
    /// Header cells that name no roster column (or repeat one); their cells were not read.
    pub ignored_columns: Vec<String>,
    /// The first rows taken whose child does not meet the definition (as many as rejections
    /// are kept), and how many more.
    pub outside: Vec<OutsideRow>,
    pub outside_more: usize,
}

impl RosterReport {
    /// The names of the children updated, in the order of their rows.
    pub fn updated_names(&self) -> Vec<&str> {
        self.updated.iter().map(|u| u.name.as_str()).collect()
    }

    /// Every rejected row, kept or only counted.
    pub fn rejected_count(&self) -> usize {
        self.rejected.len() + self.rejected_more
    }

    pub(super) fn warn_outside(&mut self, row: OutsideRow) {
        if self.outside.len() < limits::REJECTIONS_KEPT {
            self.outside.push(row);
        } else {
            self.outside_more += 1;
        }
    }

    pub(super) fn reject(&mut self, row: RejectedRow) {
        if self.rejected.len() < limits::REJECTIONS_KEPT {
            self.rejected.push(row);
        } else {
            self.rejected_more += 1;
        }
    }
}

impl RosterReport {
    /// One sentence of counts: added, updated, unchanged, rejected. The command line and the
    /// Admin screen's preview both say it.
    pub fn summary(&self) -> String {
        crate::trn!(
            "import.roster.summary",
            rejected = self.rejected_count(),
            added = self.added.len(),
            updated = self.updated.len(),
            unchanged = self.unchanged
        )
    }
}

impl fmt::Display for RosterReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "{}", self.summary())?;
        let sep = if lang() == Lang::Zh { "、" } else { ", " };
        // The first updates with what they change: enough to see whether the file is the
        // one meant, without a screenful per row of a county's file.
        for u in self.updated.iter().take(limits::REJECTIONS_KEPT) {
            writeln!(
                f,
                "{}",
                tr!(
                    "import.roster.updated_row",
                    name = u.name,
                    fields = field_names(&u.fields).join(sep)
                )
            )?;
        }
        if self.updated.len() > limits::REJECTIONS_KEPT {
            writeln!(
                f,
                "{}",
                tr!(
                    "import.roster.updated_more",
                    count = self.updated.len() - limits::REJECTIONS_KEPT
                )
            )?;
        }
        if !self.ignored_columns.is_empty() {
            writeln!(
                f,
                "{}",
                tr!(
                    "import.roster.ignored_columns",
                    columns = self.ignored_columns.join(sep)
                )
            )?;
        }
        for r in &self.outside {
            writeln!(f, "{}", outside_row(r))?;
        }
        if self.outside_more > 0 {
            writeln!(
                f,
                "{}",
                crate::trn!("import.roster.outside_more", count = self.outside_more)
            )?;
        }
        // Only the first rows are kept (`limits::REJECTIONS_KEPT`): a school fixes those and
        // imports again, and a broken file does not print a million lines.
        for r in &self.rejected {
            writeln!(
                f,
                "{}",
                tr!(
                    "import.roster.rejected_row",
                    line = r.line,
                    reason = r.reason
                )
            )?;
        }
        if self.rejected_more > 0 {
            writeln!(
                f,
                "{}",
                crate::trn!("import.roster.rejected_more", count = self.rejected_more)
            )?;
        }
        Ok(())
    }
}

impl RosterReport {
    /// Rows taken: added, updated or already as the file says.
    pub fn accepted(&self) -> usize {
        self.added.len() + self.updated.len() + self.unchanged
    }

    /// Every row was rejected: nothing is written.
    pub fn all_rejected(&self) -> bool {
        self.accepted() == 0 && !self.rejected.is_empty()
    }
}

/// A row outside the definition in words: its line, the child, why.
pub fn outside_row(r: &OutsideRow) -> String {
    let why: Vec<String> = r
        .gaps
        .iter()
        .map(|g| crate::labels::definition_gap(*g))
        .collect();
    tr!(
        "import.roster.outside_row",
        line = r.line,
        name = crate::text::safe(&r.name),
        reasons = why.join(&tr!("import.reason.separator"))
    )
}

/// The columns' names in the language in force, as a person reads them (`guardian phone`).
pub fn field_names(fields: &[Column]) -> Vec<String> {
    fields
        .iter()
        .map(|c| c.header(lang()).replace('_', " "))
        .collect()
}
