//! Reports (报表): the state of the screen and its actions. A counselor sees their own
//! semester summary; whoever the permission table lets write the school statistics (the
//! coordinator) also sees every counselor's workload, the school's figures and the quarter's
//! changes, and opens any counselor's summary. Each tab's figures are read when first shown,
//! for the range chosen (the term by default); `x` writes the tab's report to a file.

use super::list;
use super::{Cx, Effect};
use crate::action::Action;
use crate::config::Config;
use crate::domain::access::{Operation, Permission, permission};
use crate::domain::report::quarterly::{Quarter, QuarterRow, quarterly};
use crate::domain::report::quarterly_check::{Finding, check, counts};
use crate::domain::report::semester::{Semester, semester};
use crate::domain::report::stats::{Stats, StatsBuilder};
use crate::domain::report::{Range, default_range, parse_range};
use crate::export::report as files;
use crate::model::{AuditAction, Counselor, RecordRef, Role};
use crate::store::{SessionReader, StoreError};
use crate::tr;
use chrono::NaiveDate;
use ratatui_textarea::TextArea;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportTab {
    Semester,
    Counselors,
    School,
    Quarter,
}

/// The parts of the school's figures the School tab charts, one at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Breakdown {
    Village,
    Grade,
    Type,
    Flag,
    Concern,
    Weeks,
}

impl Breakdown {
    pub const ALL: [Breakdown; 6] = [
        Breakdown::Village,
        Breakdown::Grade,
        Breakdown::Type,
        Breakdown::Flag,
        Breakdown::Concern,
        Breakdown::Weeks,
    ];
}

/// Choosing the range: typed, or stepped through the terms with up and down.
pub struct RangePicker {
    pub input: TextArea<'static>,
    /// The terms up to today, oldest first, and which one the input holds (if any).
    pub terms: Vec<Range>,
    pub term: Option<usize>,
}

impl RangePicker {
    fn new(config: &Config, today: NaiveDate, current: Range) -> RangePicker {
        let terms: Vec<Range> = config
            .terms
            .iter()
            .filter(|t| t.start <= today)
            .filter_map(|t| Range::new(t.start, t.end))
            .collect();
        let term = terms.iter().position(|t| *t == current);
        RangePicker {
            input: range_input(current),
            terms,
            term,
        }
    }

    fn step(&mut self, later: bool) {
        let last = self.terms.len().saturating_sub(1);
        let i = match (self.term, later) {
            (None, _) => last,
            (Some(i), true) => (i + 1).min(last),
            (Some(i), false) => i.saturating_sub(1),
        };
        if let Some(t) = self.terms.get(i) {
            self.term = Some(i);
            self.input = range_input(*t);
        }
    }
}

fn range_input(r: Range) -> TextArea<'static> {
    let mut t = TextArea::default();
    t.insert_str(format!("{} .. {}", r.from, r.to));
    t
}

pub struct ReportsState {
    pub tabs: Vec<ReportTab>,
    pub tab: usize,
    pub range: Range,
    pub picker: Option<RangePicker>,
    /// Whose semester summary is shown: the person's own, or the counselor the coordinator
    /// opened from the Counselors tab.
    pub counselor: Counselor,
    pub staff: Vec<Counselor>,
    pub semester: Option<Semester>,
    pub stats: Option<Stats>,
    pub quarter: Option<(Quarter, Vec<QuarterRow>)>,
    /// The check before the quarterly update is sent: the children whose row would be wrong,
    /// listed on the Quarter tab with their changes (issue 23, 5).
    pub quarter_check: Vec<Finding>,
    /// The selected row of the tab shown (on the School tab, the breakdown charted).
    pub selected: usize,
}

impl ReportsState {
    pub fn new(
        reader: &SessionReader,
        config: &Config,
        today: NaiveDate,
    ) -> Result<ReportsState, StoreError> {
        let who = reader.who().clone();
        let school = permission(who.role, Operation::ReportStats) == Permission::Allowed;
        let staff = reader.counselors()?;
        // The coordinator's summary to start with: the first counselor's, by name (a head
        // teacher's only when there is no counselor: theirs is usually empty).
        let counselor = if school {
            let mut caring: Vec<&Counselor> = staff
                .iter()
                .filter(|c| c.active && c.role != Role::Coordinator)
                .collect();
            caring.sort_by(|a, b| {
                (a.role != Role::Counselor, &a.name).cmp(&(b.role != Role::Counselor, &b.name))
            });
            caring.first().map_or_else(|| who.clone(), |c| (*c).clone())
        } else {
            who.clone()
        };
        let tabs = if school {
            vec![
                ReportTab::Counselors,
                ReportTab::Semester,
                ReportTab::School,
                ReportTab::Quarter,
            ]
        } else {
            vec![ReportTab::Semester]
        };
        let mut state = ReportsState {
            tabs,
            tab: 0,
            range: default_range(config, today),
            picker: None,
            counselor,
            staff,
            semester: None,
            stats: None,
            quarter: None,
            quarter_check: Vec::new(),
            selected: 0,
        };
        state.load(reader, config, today)?;
        Ok(state)
    }

    pub fn current(&self) -> ReportTab {
        self.tabs
            .get(self.tab)
            .copied()
            .unwrap_or(ReportTab::Semester)
    }

    /// The quarter the Quarter tab shows: the one the range ends in, or today's.
    pub fn quarter_of(&self, today: NaiveDate) -> Quarter {
        Quarter::of(self.range.to.min(today))
    }

    /// Reads what the tab shown needs, if not read yet.
    pub fn load(
        &mut self,
        reader: &SessionReader,
        config: &Config,
        today: NaiveDate,
    ) -> Result<(), StoreError> {
        match self.current() {
            ReportTab::Semester if self.semester.is_none() => {
                let records = reader.semester_records(self.counselor.id, self.range)?;
                self.semester = Some(semester(
                    config,
                    self.counselor.id,
                    self.range,
                    today,
                    &records,
                ));
            }
            ReportTab::Counselors | ReportTab::School if self.stats.is_none() => {
                let mut b = StatsBuilder::new(self.range, today);
                reader.feed_stats(&mut b)?;
                self.stats = Some(b.finish());
            }
            ReportTab::Quarter if self.quarter.is_none() => {
                let q = self.quarter_of(today);
                let all = quarterly(q, reader.quarterly_records(q)?);
                let findings = check(q, &all);
                let rows = all
                    .into_iter()
                    .filter(|r| {
                        !r.changes.is_empty() || findings.iter().any(|f| f.child == r.child.id)
                    })
                    .collect();
                self.quarter = Some((q, rows));
                self.quarter_check = findings;
            }
            _ => {}
        }
        Ok(())
    }

    /// How many rows the tab shown lists.
    pub fn rows(&self) -> usize {
        match self.current() {
            ReportTab::Semester => self.semester.as_ref().map_or(0, |s| s.children.len()),
            ReportTab::Counselors => self.stats.as_ref().map_or(0, |s| s.workload.len()),
            ReportTab::School => Breakdown::ALL.len(),
            ReportTab::Quarter => self.quarter.as_ref().map_or(0, |q| q.1.len()),
        }
    }

    pub fn breakdown(&self) -> Breakdown {
        Breakdown::ALL[self.selected.min(Breakdown::ALL.len() - 1)]
    }

    pub fn select(&mut self, row: usize) {
        self.selected = row.min(self.rows().saturating_sub(1));
    }

    fn forget(&mut self) {
        self.semester = None;
        self.stats = None;
        self.quarter = None;
        self.quarter_check.clear();
        self.selected = 0;
    }
}

impl ReportsState {
    /// Reads the tab shown, if it has not been read for this range yet.
    fn load_tab(&mut self, cx: &mut Cx) {
        let (config, today) = (cx.config, cx.today);
        let Some(user) = cx.user else {
            return;
        };
        let loaded = cx
            .store
            .session(user)
            .and_then(|s| s.reader().and_then(|r| self.load(&r, config, today)));
        cx.report(loaded);
    }

    pub(super) fn handle_action(&mut self, action: Action, cx: &mut Cx) -> Effect {
        let state = self;
        if let Some(picker) = &mut state.picker {
            match action {
                Action::Save | Action::Open => {
                    let typed = super::mood_form::text_of(&picker.input);
                    match parse_range(&typed, cx.today) {
                        Some(range) => {
                            state.range = range;
                            state.picker = None;
                            state.forget();
                            state.load_tab(cx);
                        }
                        None => cx.set_error(tr!("report.screen.bad_range", value = typed)),
                    }
                }
                Action::SelectNext => picker.step(true),
                Action::SelectPrev => picker.step(false),
                Action::Cancel | Action::Back => state.picker = None,
                _ => {}
            }
            return Effect::Stay;
        }
        match action {
            Action::NextTab | Action::PrevTab => {
                let n = state.tabs.len().max(1);
                state.tab = if action == Action::NextTab {
                    (state.tab + 1) % n
                } else {
                    (state.tab + n - 1) % n
                };
                state.selected = 0;
                state.load_tab(cx);
            }
            Action::PickRange => {
                state.picker = Some(RangePicker::new(cx.config, cx.today, state.range));
            }
            Action::ExportReport => state.export(cx),
            Action::Open => match state.current() {
                ReportTab::Counselors => {
                    let chosen = state
                        .stats
                        .as_ref()
                        .and_then(|s| s.workload.get(state.selected))
                        .and_then(|w| state.staff.iter().find(|c| c.id == w.counselor))
                        .cloned();
                    if let Some(c) = chosen {
                        state.counselor = c;
                        state.semester = None;
                        state.tab = state
                            .tabs
                            .iter()
                            .position(|t| *t == ReportTab::Semester)
                            .unwrap_or(0);
                        state.selected = 0;
                        state.load_tab(cx);
                    }
                }
                ReportTab::Semester => {
                    let child = state
                        .semester
                        .as_ref()
                        .and_then(|s| s.children.get(state.selected))
                        .map(|c| c.child);
                    if let Some(child) = child {
                        return Effect::Go(super::Go::OpenChild(child));
                    }
                }
                ReportTab::School | ReportTab::Quarter => {}
            },
            Action::Back => return Effect::Back,
            other => state.selected = list::moved(state.selected, state.rows(), other),
        }
        Effect::Stay
    }

    /// Writes the tab's report as a workbook in `reports/` beside the store (a new name each
    /// time) and shows where, until the next key.
    fn export(&mut self, cx: &mut Cx) {
        let state = &*self;
        let Some(user) = cx.user else {
            return;
        };
        let config = cx.config;
        let range = format!("{}-{}", state.range.from, state.range.to);
        let (stem, what, audit, tables) = match state.current() {
            ReportTab::Semester => {
                let Some(s) = &state.semester else { return };
                let name = &state.counselor.name;
                (
                    tr!("report.file.semester", counselor = name, range = range),
                    format!("semester {name} {}..{}", s.range.from, s.range.to),
                    (
                        AuditAction::Export,
                        RecordRef::Counselor(state.counselor.id.0),
                    ),
                    vec![files::semester::table(s, name, config)],
                )
            }
            ReportTab::Counselors | ReportTab::School => {
                let Some(s) = &state.stats else { return };
                (
                    tr!("report.file.stats", range = range),
                    format!("stats {}..{}", s.range.from, s.range.to),
                    (AuditAction::Export, RecordRef::Store),
                    files::stats::tables(s),
                )
            }
            ReportTab::Quarter => {
                let Some((q, _)) = &state.quarter else { return };
                let q = *q;
                // The district's file holds every child, not only those the screen lists.
                let all = cx.read_as_user(|r| Ok(quarterly(q, r.quarterly_records(q)?)));
                let rows = match all {
                    Ok(rows) => rows,
                    Err(e) => return cx.set_error(e.to_string()),
                };
                (
                    tr!("report.file.quarterly", quarter = q),
                    format!("quarterly {q}"),
                    (AuditAction::Export, RecordRef::Store),
                    vec![
                        files::quarterly::table(q, &config.school_name, &rows, &state.staff),
                        files::quarterly::counts_table(q, &counts(&rows)),
                    ],
                )
            }
        };
        let stem = file_stem(&stem);
        let path = crate::export::output::free_name(cx.dirs.reports, &stem, "xlsx");
        let written = crate::paths::create_private_dir(cx.dirs.reports)
            .map_err(|e| crate::export::ExportError::Io {
                target: path.display().to_string(),
                detail: e.to_string(),
            })
            .and_then(|()| {
                let session = cx.store.session(user)?;
                files::write_report(&session, Some(&path), false, &what, &[audit], |w, name| {
                    files::write_xlsx(&tables, w, name)
                })
            });
        match written {
            // The path on a line of its own: the status grows to show it whole.
            Ok(()) => cx.set_status(format!(
                "{}\n{}",
                tr!("report.screen.exported"),
                path.display()
            )),
            Err(e) => cx.set_error(e.to_string()),
        }
    }
}

/// The child's archive on A4 paper, for the term (without incidents: those go on paper
/// only when the coordinator asks, with `report archive --incidents`), written in
/// `reports/` beside the store; the path is shown until the next key.
pub(super) fn print_archive(child: crate::model::ChildId, cx: &mut super::Cx) {
    let Some(user) = cx.user else {
        return;
    };
    let range = default_range(cx.config, cx.today);
    let written = cx
        .store
        .session(user)
        .map_err(crate::export::ExportError::from)
        .and_then(|session| {
            let page = {
                let reader = session.reader()?;
                files::archive::page(&reader, child, range, false)?
            };
            let Some(page) = page else {
                return Err(crate::export::ExportError::from(StoreError::NotFound {
                    what: format!("child {child}"),
                }));
            };
            let stem = tr!("report.file.archive", name = page.records.child.name);
            let stem = file_stem(&stem);
            let path = crate::export::output::free_name(cx.dirs.reports, &stem, "html");
            crate::paths::create_private_dir(cx.dirs.reports).map_err(|e| {
                crate::export::ExportError::Io {
                    target: path.display().to_string(),
                    detail: e.to_string(),
                }
            })?;
            let staff = cx.store.staff()?;
            let paper = files::archive::Paper {
                school: &cx.config.school_name,
                printed: cx.today,
                range,
                staff: &staff,
            };
            let what = format!("archive {}..{}", range.from, range.to);
            let audit = [(AuditAction::Print, RecordRef::Child(child.0))];
            files::write_report(&session, Some(&path), false, &what, &audit, |w, name| {
                files::archive::write_html(std::slice::from_ref(&page), &paper, w, name)
            })?;
            Ok(path)
        });
    match written {
        Ok(path) => cx.set_status(format!(
            "{}\n{}",
            tr!("report.screen.archive_written"),
            path.display()
        )),
        Err(e) => cx.set_error(e.to_string()),
    }
}

// An absence case's written report: its own file, called as `reports::print_absence_report`.
pub(super) use super::absence_report::print_absence_report;

/// A file name from words that may hold a staff member's or a child's name: no separators,
/// no characters Windows refuses, no controls.
pub(super) fn file_stem(words: &str) -> String {
    words
        .chars()
        .map(|c| {
            if "/\\:*?\"<>|".contains(c) || c.is_control() {
                '_'
            } else {
                c
            }
        })
        .collect()
}

impl super::Component for ReportsState {
    fn handle(&mut self, action: Action, cx: &mut super::Cx) -> super::Effect {
        self.handle_action(action, cx)
    }
    fn context(&self) -> crate::keymap::Context {
        if self.picker.is_some() {
            crate::keymap::Context::ReportRange
        } else {
            crate::keymap::Context::Reports
        }
    }
    fn focused_input(&mut self) -> Option<&mut ratatui_textarea::TextArea<'static>> {
        self.picker.as_mut().map(|p| &mut p.input)
    }
    fn select(&mut self, row: usize) {
        ReportsState::select(self, row);
    }
    fn tab(&self) -> Option<crate::action::Action> {
        Some(crate::action::Action::GotoReports)
    }
    fn top_level(&self) -> bool {
        true
    }
}
