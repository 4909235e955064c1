//! The Admin screen's list of children to assign: every child the coordinator sees, searched
//! as the caseload is (pinyin, initials; `search::SearchIndex`), several marked at once, and
//! filtered by counselor (or to those with none).

use super::caseload::RowMatch;
use super::list;
use crate::action::Action;
use crate::domain::report::class_order;
use crate::model::{ChildId, CounselorId};
use crate::search::{SearchIndex, SearchItem};
use ratatui_textarea::TextArea;

/// A child of the assignments list.
pub struct ChildRow {
    pub child: ChildId,
    pub student_id: Option<String>,
    pub name: String,
    pub class: String,
    pub village: String,
    pub guardian: String,
    pub counselor: Option<CounselorId>,
    pub active: bool,
}

/// Which children the assignments list shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChildFilter {
    All,
    NoCounselor,
    Of(CounselorId),
}

/// Hits shown at most, as on the caseload.
const SEARCH_SHOWN: usize = 500;

/// The children to assign: searched as the caseload is (pinyin, initials), marked several at
/// once, filtered by counselor.
pub struct ChildList {
    pub rows: Vec<ChildRow>,
    /// Built on the first search (a county's children take a moment).
    index: Option<SearchIndex>,
    pub visible: Vec<(usize, Option<RowMatch>)>,
    pub selected: usize,
    pub search: TextArea<'static>,
    pub search_focused: bool,
    /// Children marked for the next assignment or handover, in the order marked.
    pub marked: Vec<ChildId>,
    pub filter: ChildFilter,
}

impl ChildList {
    pub(super) fn new(mut rows: Vec<ChildRow>) -> ChildList {
        // Those in the programme first, by class and name: how a roster reads. Each key is
        // made once: a county's list is sorted in a moment.
        rows.sort_by_cached_key(|r| {
            let (grade, _) = class_order(&r.class);
            (!r.active, grade, r.class.clone(), r.name.clone(), r.child)
        });
        let mut list = ChildList {
            rows,
            index: None,
            visible: Vec::new(),
            selected: 0,
            search: TextArea::default(),
            search_focused: false,
            marked: Vec::new(),
            filter: ChildFilter::All,
        };
        list.run_search();
        list
    }

    /// Lists only the children with no counselor, `child` selected if it is one of them.
    pub(super) fn show_unassigned(&mut self, child: Option<ChildId>) {
        self.filter = ChildFilter::NoCounselor;
        self.run_search();
        let rows = &self.rows;
        if let Some(pos) =
            child.and_then(|c| self.visible.iter().position(|(i, _)| rows[*i].child == c))
        {
            self.selected = pos;
        }
    }

    pub fn query(&self) -> String {
        self.search.lines().concat()
    }

    fn keeps(&self, row: &ChildRow) -> bool {
        match self.filter {
            ChildFilter::All => true,
            ChildFilter::NoCounselor => row.active && row.counselor.is_none(),
            ChildFilter::Of(c) => row.counselor == Some(c),
        }
    }

    /// The rows the query and the filter keep: in list order without a query, best first
    /// with one. With a query the best hit is selected; without one (the search cleared, the
    /// filter changed) the child selected before stays selected while it is listed.
    pub fn run_search(&mut self) {
        let before = self.selected_child();
        let query = self.query();
        let query = query.trim();
        if query.is_empty() {
            self.visible = (0..self.rows.len())
                .filter(|&i| self.keeps(&self.rows[i]))
                .map(|i| (i, None))
                .collect();
        } else {
            let rows = &self.rows;
            let index = self.index.get_or_insert_with(|| {
                let items: Vec<SearchItem> = rows
                    .iter()
                    .map(|r| SearchItem {
                        name: r.name.as_str().into(),
                        class: r.class.as_str().into(),
                        village: r.village.as_str().into(),
                        guardian: r.guardian.as_str().into(),
                    })
                    .collect();
                SearchIndex::new(&items)
            });
            // A filter may drop most hits: then every hit is ranked, not only the first.
            let limit = match self.filter {
                ChildFilter::All => SEARCH_SHOWN,
                _ => usize::MAX,
            };
            let hits = index.query_top(query, limit).hits;
            let mut visible = Vec::new();
            for hit in hits {
                if visible.len() == SEARCH_SHOWN {
                    break;
                }
                if self.keeps(&self.rows[hit.item]) {
                    visible.push((
                        hit.item,
                        Some(RowMatch {
                            field: hit.field,
                            positions: hit.positions,
                        }),
                    ));
                }
            }
            self.visible = visible;
        }
        // The best hit first, as the caseload does: what Enter or space acts on.
        self.selected = match (query.is_empty(), before) {
            (true, Some(child)) => self
                .visible
                .iter()
                .position(|(i, _)| self.rows[*i].child == child)
                .unwrap_or(0),
            _ => 0,
        };
    }

    pub fn selected_child(&self) -> Option<ChildId> {
        self.visible
            .get(self.selected)
            .map(|(i, _)| self.rows[*i].child)
    }

    pub fn row(&self, child: ChildId) -> Option<&ChildRow> {
        self.rows.iter().find(|r| r.child == child)
    }

    /// Marks or unmarks the selected child, then moves down.
    pub(super) fn toggle_mark(&mut self) {
        let Some(child) = self.selected_child() else {
            return;
        };
        match self.marked.iter().position(|c| *c == child) {
            Some(i) => {
                self.marked.remove(i);
            }
            None => self.marked.push(child),
        }
        self.selected = list::moved(self.selected, self.visible.len(), Action::SelectNext);
    }

    /// The children an assignment is for: those marked, else the selected one.
    pub fn chosen(&self) -> Vec<ChildId> {
        if self.marked.is_empty() {
            self.selected_child().into_iter().collect()
        } else {
            self.marked.clone()
        }
    }

    /// Who has the keyboard: the search box takes printable keys (space included) while it
    /// is focused; Down or Up there hand the keyboard to the list, where space marks (Enter
    /// opens the best hit, as on the caseload). True when the key was used for that.
    pub(super) fn leave_search_for(&mut self, action: Action) -> bool {
        let leaves = matches!(action, Action::SelectNext | Action::SelectPrev);
        if self.search_focused && leaves {
            self.search_focused = false;
            return true;
        }
        false
    }

    /// Esc: leave the search box, then clear the search, then the marks. False when there was
    /// nothing left to undo.
    pub(super) fn back(&mut self) -> bool {
        if self.search_focused {
            self.search_focused = false;
        } else if !self.query().is_empty() {
            self.search = TextArea::default();
            self.run_search();
        } else if !self.marked.is_empty() {
            self.marked.clear();
        } else {
            return false;
        }
        true
    }
}
