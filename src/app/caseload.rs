//! Caseload (我的孩子): the children in my care, most in need first, with search as you type.

use crate::action::Action;
use crate::config::Config;
use crate::domain::care::{self, Care};
use crate::model::{ChildId, Flag};
use crate::search::{Field as SearchField, SearchIndex, SearchItem};
use crate::store::{SessionReader, Snapshot, Stamp, StoreError};
use chrono::NaiveDate;
use ratatui_textarea::TextArea;
use std::borrow::Cow;
use std::sync::mpsc;

/// One child's row. Text is moved from the summary, not copied: the coordinator's caseload
/// holds the whole county.
pub struct CaseloadRow {
    pub child: ChildId,
    pub name: String,
    pub class: String,
    pub village: String,
    pub age: u32,
    pub guardian_name: String,
    pub guardian_relation: String,
    pub days_since_talk: Option<i64>,
    pub moods: Vec<u8>,
    pub flags: Vec<Flag>,
    pub open_incidents: usize,
    pub mood_falling: bool,
    /// The overdue duties (rule id, days), the longest overdue first.
    pub overdue: Vec<(std::sync::Arc<str>, i64)>,
    /// How much the child needs their counselor (`domain::care`): the order of the list.
    pub need: i64,
}

impl CaseloadRow {
    pub fn new(c: Care, today: NaiveDate) -> CaseloadRow {
        let overdue = c.overdue_rules();
        let ch = c.child;
        CaseloadRow {
            child: ch.child,
            age: ch.age_on(today),
            name: ch.name,
            class: ch.class,
            village: ch.village,
            guardian_name: ch.guardian_name,
            guardian_relation: ch.guardian_relation,
            days_since_talk: c.last_talk.map(|d| (today - d).num_days()),
            moods: c.moods,
            flags: ch.flags,
            open_incidents: c.open_incidents as usize,
            mood_falling: c.mood_alert.is_some(),
            overdue,
            need: c.need,
        }
    }

    /// The guardian as the column shows it: 张大山(祖父). A search highlight in the name keeps
    /// its positions, the name coming first.
    pub fn guardian(&self) -> Cow<'_, str> {
        if self.guardian_name.is_empty() || self.guardian_relation.is_empty() {
            Cow::Borrowed(&self.guardian_name)
        } else {
            Cow::Owned(format!(
                "{}({})",
                self.guardian_name, self.guardian_relation
            ))
        }
    }

    /// What the search looks in: the guardian as the column shows it, relation included
    /// (a teacher remembers "the one whose aunt comes", 姨妈), so the highlight lands there.
    fn search_item(&self) -> SearchItem<'_> {
        SearchItem {
            name: Cow::Borrowed(&self.name),
            class: Cow::Borrowed(&self.class),
            village: Cow::Borrowed(&self.village),
            guardian: self.guardian(),
        }
    }
}

/// Where a search matched in a row, for highlighting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowMatch {
    pub field: SearchField,
    /// Character indices in that field's text.
    pub positions: Vec<usize>,
}

/// Search hits ranked at a keystroke: more than any screen holds. Ranking 500 took twice as
/// long at county scale (`zhangw`: 9 ms rather than 4.6), and a keystroke has 5 ms.
const SEARCH_FIRST: usize = 100;
/// Search hits shown at most, ranked once the selection comes within `SEARCH_MORE_WITHIN` of
/// the end of the first ones: ranking every hit of one letter among 50,000 children would
/// miss the 10 ms a keystroke has (SPEC §6).
const SEARCH_SHOWN: usize = 500;
const SEARCH_MORE_WITHIN: usize = 20;

/// Summaries decoded at a time while the rows are made: the rows are kept, the summaries
/// not. At county scale 2,000 rather than 10,000 kept the coordinator's peak 10-15 MB lower
/// (143 MB rather than 153-162, measured through tmux), at no cost in time.
const SUMMARY_CHUNK: usize = 2_000;

/// From this many rows the search index is built on a worker thread as soon as the rows are
/// there (a quarter of a second at county scale), so that the first keystroke finds it ready;
/// below, it is built at the first keystroke, in less time than a keystroke has.
const INDEX_AHEAD: usize = 2_000;

pub struct CaseloadState {
    pub rows: Vec<CaseloadRow>,
    /// Built at the first search, or ahead on a worker (`INDEX_AHEAD`), which goes on to work
    /// out what each letter alone finds.
    index: Option<std::sync::Arc<SearchIndex>>,
    /// The index being built ahead, until the first search takes it.
    building: Option<mpsc::Receiver<std::sync::Arc<SearchIndex>>>,
    /// Rows shown, as indices into `rows`, with what the search matched.
    pub visible: Vec<(usize, Option<RowMatch>)>,
    /// Rows the search matches, shown or not (all rows without a search).
    pub matching: usize,
    pub selected: usize,
    pub search: TextArea<'static>,
    pub search_focused: bool,
    /// Children marked (space) for a group session's note, in the order marked.
    pub marked: Vec<ChildId>,
}

impl CaseloadState {
    /// Everyone the person may see, most in need first. Each row is built where its child is
    /// judged (`care::assess_each`), so a county opens in one pass.
    pub fn load(
        reader: &SessionReader,
        config: &Config,
        today: NaiveDate,
    ) -> Result<CaseloadState, StoreError> {
        Self::load_from(|f| reader.visit_summaries(SUMMARY_CHUNK, f), config, today)
    }

    /// The caseload read from `snapshot` on a worker thread, with its search index: made
    /// ready after a coordinator's login, while This week is on screen (issue 21, item 2).
    /// What comes back says when it was read, for the screen to take it only if the store
    /// has not moved on since.
    pub fn prepare(
        snapshot: Snapshot,
        config: Config,
        today: NaiveDate,
    ) -> std::thread::JoinHandle<(Stamp, Result<CaseloadState, StoreError>)> {
        std::thread::spawn(move || {
            let stamp = snapshot.stamp();
            let rows = Self::read_rows(
                |f| snapshot.visit_summaries(SUMMARY_CHUNK, f),
                &config,
                today,
            );
            // The read of the file is let go before the index is built.
            drop(snapshot);
            let state = rows.map(|rows| {
                // Built here, beside the rows it borrows its text from: no copy of a county's
                // names at the time memory peaks.
                let index = (rows.len() >= INDEX_AHEAD).then(|| {
                    let items: Vec<SearchItem> =
                        rows.iter().map(CaseloadRow::search_item).collect();
                    let index = std::sync::Arc::new(SearchIndex::new(&items));
                    let warming = index.clone();
                    std::thread::spawn(move || warming.warm_letters(SEARCH_FIRST));
                    index
                });
                CaseloadState {
                    index,
                    ..CaseloadState::with_rows(rows)
                }
            });
            (stamp, state)
        })
    }

    fn load_from(
        visit: impl FnOnce(&mut dyn FnMut(Vec<crate::model::ChildSummary>)) -> Result<(), StoreError>,
        config: &Config,
        today: NaiveDate,
    ) -> Result<CaseloadState, StoreError> {
        Self::read_rows(visit, config, today).map(CaseloadState::from_rows)
    }

    /// The rows, most in need first.
    fn read_rows(
        visit: impl FnOnce(&mut dyn FnMut(Vec<crate::model::ChildSummary>)) -> Result<(), StoreError>,
        config: &Config,
        today: NaiveDate,
    ) -> Result<Vec<CaseloadRow>, StoreError> {
        // A chunk at a time: the rows are kept, the summaries they were made of are not.
        let mut rows = Vec::new();
        visit(&mut |part| {
            let active = part.into_iter().filter(|s| s.active).collect();
            rows.extend(care::assess_each(active, config, today, |c| {
                CaseloadRow::new(c, today)
            }));
        })?;
        rows.sort_unstable_by(|a, b| {
            b.need
                .cmp(&a.need)
                .then_with(|| a.name.cmp(&b.name))
                .then_with(|| a.child.cmp(&b.child))
        });
        Ok(rows)
    }

    /// The state of `rows`, its search index built on a worker from `INDEX_AHEAD` rows.
    pub fn from_rows(rows: Vec<CaseloadRow>) -> CaseloadState {
        let building = (rows.len() >= INDEX_AHEAD).then(|| {
            let items: Vec<SearchItem<'static>> =
                rows.iter().map(|r| r.search_item().into_owned()).collect();
            let (tx, rx) = mpsc::channel();
            std::thread::spawn(move || {
                let index = std::sync::Arc::new(SearchIndex::new(&items));
                // The screen may be gone by then: nobody to give it to is no error, and
                // nothing to warm.
                if tx.send(index.clone()).is_ok() {
                    index.warm_letters(SEARCH_FIRST);
                }
            });
            rx
        });
        CaseloadState {
            building,
            ..CaseloadState::with_rows(rows)
        }
    }

    /// The state of `rows`, with no search index yet.
    fn with_rows(rows: Vec<CaseloadRow>) -> CaseloadState {
        let visible = (0..rows.len()).map(|i| (i, None)).collect();
        CaseloadState {
            matching: rows.len(),
            rows,
            index: None,
            building: None,
            visible,
            selected: 0,
            search: TextArea::default(),
            search_focused: false,
            marked: Vec::new(),
        }
    }

    pub fn query(&self) -> String {
        self.search.lines().concat()
    }

    pub fn selected_child(&self) -> Option<ChildId> {
        self.visible
            .get(self.selected)
            .map(|(i, _)| self.rows[*i].child)
    }

    /// Runs the search for the text in the box: all rows in need order when it is empty, else
    /// the best `SEARCH_FIRST` hits, best first.
    pub fn run_search(&mut self) {
        self.rank(SEARCH_FIRST);
        self.selected = 0;
    }

    /// Shows the best `limit` hits of the search in the box (every row without one).
    fn rank(&mut self, limit: usize) {
        let query = self.query();
        if query.trim().is_empty() {
            self.visible = (0..self.rows.len()).map(|i| (i, None)).collect();
            self.matching = self.rows.len();
        } else {
            if self.index.is_none()
                && let Some(building) = self.building.take()
            {
                // Ready, or soon: waiting is quicker than building it again here.
                self.index = building.recv().ok();
            }
            let rows = &self.rows;
            let index = self.index.get_or_insert_with(|| {
                let items: Vec<SearchItem> = rows.iter().map(CaseloadRow::search_item).collect();
                std::sync::Arc::new(SearchIndex::new(&items))
            });
            let found = index.query_top(query.trim(), limit);
            self.matching = found.total;
            self.visible = found
                .hits
                .into_iter()
                .map(|hit| {
                    (
                        hit.item,
                        Some(RowMatch {
                            field: hit.field,
                            positions: hit.positions,
                        }),
                    )
                })
                .collect();
        }
    }

    /// Ranks up to `SEARCH_SHOWN` hits once the selection nears the end of those shown: the
    /// first ones stay where they were, as the best `n` hits are the first `n` of more.
    fn rank_more_near_end(&mut self) {
        let shown = self.visible.len();
        if shown >= self.matching
            || shown >= SEARCH_SHOWN
            || self.selected + SEARCH_MORE_WITHIN < shown
            || self.query().trim().is_empty()
        {
            return;
        }
        self.rank(SEARCH_SHOWN);
    }

    /// Puts back a search and selection after a reload.
    pub fn restore(&mut self, query: &str, selected: Option<ChildId>) {
        if !query.is_empty() {
            self.search.insert_str(query);
            self.run_search();
        }
        if let Some(child) = selected
            && let Some(pos) = self
                .visible
                .iter()
                .position(|(i, _)| self.rows[*i].child == child)
        {
            self.selected = pos;
        }
    }

    /// Esc: leave the search box, then clear the search. False when there was nothing to undo.
    pub fn back(&mut self) -> bool {
        if self.search_focused {
            self.search_focused = false;
            true
        } else if !self.query().is_empty() {
            self.search = TextArea::default();
            self.run_search();
            true
        } else {
            false
        }
    }

    /// Marks or unmarks the selected child for a group note, then moves down the list.
    pub fn toggle_mark(&mut self) {
        let Some(child) = self.selected_child() else {
            return;
        };
        match self.marked.iter().position(|c| *c == child) {
            Some(i) => {
                self.marked.remove(i);
            }
            None => self.marked.push(child),
        }
        self.list_action(Action::SelectNext);
    }

    /// Who a new note is for: the marked children, else the selected one.
    pub fn note_children(&self) -> Vec<(ChildId, String)> {
        let name = |id: ChildId| {
            self.rows
                .iter()
                .find(|r| r.child == id)
                .map(|r| (id, r.name.clone()))
        };
        if self.marked.is_empty() {
            self.selected_child().and_then(name).into_iter().collect()
        } else {
            self.marked.iter().filter_map(|c| name(*c)).collect()
        }
    }

    pub fn select(&mut self, row: usize) {
        self.selected = row.min(self.visible.len().saturating_sub(1));
        self.rank_more_near_end();
    }

    pub fn list_action(&mut self, action: Action) {
        self.selected = super::list::moved(self.selected, self.visible.len(), action);
        self.rank_more_near_end();
        if action == Action::SelectLast {
            self.selected = self.visible.len().saturating_sub(1);
        }
    }
}

impl super::Component for CaseloadState {
    /// Read again, the search and the selected child kept.
    fn reload(&mut self, cx: &mut super::Cx) {
        if cx.user.is_none() {
            return;
        }
        let (query, selected) = (self.query(), self.selected_child());
        let state = cx.read_as_user(|r| CaseloadState::load(r, cx.config, cx.today));
        if let Some(state) = cx.report(state) {
            *self = state;
        }
        self.restore(&query, selected);
    }
    fn handle(&mut self, action: crate::action::Action, cx: &mut super::Cx) -> super::Effect {
        use super::{Effect, Go};
        use crate::action::Action;
        match action {
            // A mood for the selected child, without opening the archive.
            Action::NewMood => super::care_flow::new_mood_for(self.selected_child(), cx),
            // The search box keeps the keyboard (space types) until Down or Up hands it to
            // the list, where space marks; the best hit stays selected (as on Admin →
            // Assignments).
            Action::SelectNext | Action::SelectPrev if self.search_focused => {
                self.search_focused = false;
                Effect::Stay
            }
            Action::Open => {
                self.search_focused = false;
                match self.selected_child() {
                    Some(child) => Effect::Go(Go::OpenChild(child)),
                    None => Effect::Stay,
                }
            }
            Action::FocusSearch => {
                self.search_focused = true;
                Effect::Stay
            }
            Action::NewNote => Effect::Go(Go::NewNote),
            Action::SearchNotes => Effect::Go(Go::SearchNotes),
            Action::ToggleMark => {
                self.toggle_mark();
                Effect::Stay
            }
            Action::Back if !self.back() => Effect::Back,
            Action::Back => Effect::Stay,
            other => {
                self.list_action(other);
                Effect::Stay
            }
        }
    }
    fn note_children(&self) -> Vec<(ChildId, String)> {
        CaseloadState::note_children(self)
    }
    fn context(&self) -> crate::keymap::Context {
        crate::keymap::Context::Caseload
    }
    fn focused_input(&mut self) -> Option<&mut ratatui_textarea::TextArea<'static>> {
        self.search_focused.then_some(&mut self.search)
    }
    fn input_changed(&mut self) {
        self.run_search();
    }
    fn select(&mut self, row: usize) {
        CaseloadState::select(self, row);
    }
    fn tab(&self) -> Option<crate::action::Action> {
        Some(crate::action::Action::GotoCaseload)
    }
    fn top_level(&self) -> bool {
        true
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(i: u64) -> CaseloadRow {
        CaseloadRow {
            child: ChildId(i),
            name: format!("张伟{i}"),
            class: "七年级(2)班".into(),
            village: "石桥村".into(),
            age: 12,
            guardian_name: "李秀英".into(),
            guardian_relation: "祖母".into(),
            days_since_talk: None,
            moods: Vec::new(),
            flags: Vec::new(),
            open_incidents: 0,
            mood_falling: false,
            overdue: Vec::new(),
            need: 0,
        }
    }

    fn shown(state: &CaseloadState) -> Vec<ChildId> {
        state
            .visible
            .iter()
            .map(|(i, _)| state.rows[*i].child)
            .collect()
    }

    /// A keystroke ranks the first hits only; moving down the list ranks the rest, and the
    /// rows already shown stay where they were, the selected one with them.
    #[test]
    fn more_hits_are_ranked_as_the_selection_nears_the_end() {
        let mut state = CaseloadState::from_rows((0..700).map(row).collect());
        state.search.insert_str("zw");
        state.run_search();
        assert_eq!((state.visible.len(), state.matching), (SEARCH_FIRST, 700));
        let first = shown(&state);
        state.list_action(Action::PageDown);
        assert_eq!(state.visible.len(), SEARCH_FIRST, "far from the end yet");
        let near = SEARCH_FIRST - SEARCH_MORE_WITHIN;
        state.select(near);
        assert_eq!(state.visible.len(), SEARCH_SHOWN);
        assert_eq!(shown(&state)[..SEARCH_FIRST], first[..]);
        assert_eq!(state.selected, near);
        state.list_action(Action::SelectLast);
        assert_eq!(state.selected, SEARCH_SHOWN - 1);
        // A new keystroke starts again from the first hits.
        state.search.insert_str("e");
        state.run_search();
        assert_eq!((state.visible.len(), state.selected), (SEARCH_FIRST, 0));
        // End from the first hits goes to the end of all that are shown.
        state.list_action(Action::SelectLast);
        assert_eq!(state.selected, SEARCH_SHOWN - 1);
    }

    #[test]
    fn a_search_with_few_hits_shows_them_all() {
        let mut state = CaseloadState::from_rows((0..30).map(row).collect());
        state.search.insert_str("zw");
        state.run_search();
        state.list_action(Action::SelectLast);
        assert_eq!((state.visible.len(), state.selected), (30, 29));
    }
}
