//! The timeline of a child's contacts (selection, filter by kind, search as you type, the
//! delete prompt) and the "all my notes" search; plain substring search over note text.

use crate::action::Action;
use crate::model::{ChildId, Note, NoteKind};
use crate::store::{SessionReader, StoreError};
use ratatui_textarea::TextArea;
use std::collections::HashMap;

/// A search query prepared once per keystroke: substring, case-insensitive for Latin letters.
/// (Fuzzy matching does not suit long Chinese text; a plain scan of 2,000 notes takes well
/// under a millisecond.)
pub struct NoteQuery {
    needle: String,
    ascii_letters: bool,
}

impl NoteQuery {
    pub fn new(query: &str) -> NoteQuery {
        let needle = query.trim().to_ascii_lowercase();
        let ascii_letters = needle.bytes().any(|b| b.is_ascii_alphabetic());
        NoteQuery {
            needle,
            ascii_letters,
        }
    }

    pub fn is_empty(&self) -> bool {
        self.needle.is_empty()
    }

    pub fn matches_text(&self, text: &str) -> bool {
        if !self.ascii_letters {
            return text.contains(self.needle.as_str());
        }
        // ASCII bytes never occur inside a multi-byte UTF-8 character, so comparing bytes
        // ignoring ASCII case is safe on Chinese text.
        let (h, n) = (text.as_bytes(), self.needle.as_bytes());
        n.len() <= h.len() && h.windows(n.len()).any(|w| w.eq_ignore_ascii_case(n))
    }

    /// The note's text, the support given and the earlier versions are searched.
    pub fn matches(&self, note: &Note) -> bool {
        self.is_empty()
            || self.matches_text(&note.text)
            || self.matches_text(&note.support)
            || note.revisions.iter().any(|r| self.matches_text(&r.text))
    }
}

/// Indices of the notes that pass a kind filter and a query, keeping their order.
pub fn filter_notes(notes: &[Note], kind: Option<NoteKind>, query: &str) -> Vec<usize> {
    let q = NoteQuery::new(query);
    notes
        .iter()
        .enumerate()
        .filter(|(_, n)| kind.is_none_or(|k| n.kind == k) && q.matches(n))
        .map(|(i, _)| i)
        .collect()
}

/// The counts shown over a list of notes, `(shown, total)`: `shown` of the notes at
/// `indices`, `total` of all. A deleted note stays listed (greyed, marked) but is not counted:
/// it is no longer a contact.
pub fn note_counts(notes: &[Note], indices: &[usize]) -> (usize, usize) {
    let live = |n: &&Note| !n.is_deleted();
    let shown = indices
        .iter()
        .filter_map(|i| notes.get(*i))
        .filter(live)
        .count();
    (shown, notes.iter().filter(live).count())
}

/// The timeline tab's own state; the notes live in `ChildState::notes`, newest first.
pub struct Timeline {
    pub selected: usize,
    pub filter: Option<NoteKind>,
    pub search: TextArea<'static>,
    pub search_focused: bool,
    /// Show the earlier versions of the selected note.
    pub expanded: bool,
    /// The reason being typed for deleting the selected note.
    pub deleting: Option<TextArea<'static>>,
    /// Indices into the notes shown now.
    pub visible: Vec<usize>,
}

impl Timeline {
    pub fn new(notes: &[Note]) -> Timeline {
        Timeline {
            selected: 0,
            filter: None,
            search: TextArea::default(),
            search_focused: false,
            expanded: false,
            deleting: None,
            visible: (0..notes.len()).collect(),
        }
    }

    pub fn query(&self) -> String {
        self.search.lines().concat()
    }

    pub fn refilter(&mut self, notes: &[Note]) {
        self.visible = filter_notes(notes, self.filter, &self.query());
        self.selected = self.selected.min(self.visible.len().saturating_sub(1));
    }

    /// Keeps the filter, search and selected note across a reload of the notes.
    pub fn carry_over(&mut self, old: &Timeline, old_notes: &[Note], notes: &[Note]) {
        self.filter = old.filter;
        self.search = TextArea::default();
        self.search.insert_str(old.query());
        self.expanded = old.expanded;
        self.refilter(notes);
        let id = old.selected_index().map(|i| old_notes[i].id);
        if let Some(pos) = self.visible.iter().position(|i| Some(notes[*i].id) == id) {
            self.selected = pos;
        }
    }

    /// Selects the note `id`, clearing the filter and search if they hide it: where a note
    /// just saved is shown.
    pub fn select_note(&mut self, notes: &[Note], id: crate::model::NoteId) {
        if !self.visible.iter().any(|i| notes[*i].id == id) {
            self.filter = None;
            self.search = TextArea::default();
            self.refilter(notes);
        }
        if let Some(pos) = self.visible.iter().position(|i| notes[*i].id == id) {
            self.selected = pos;
        }
    }

    pub fn selected_index(&self) -> Option<usize> {
        self.visible.get(self.selected).copied()
    }

    /// `(shown, total)` for the bar, deleted notes left out.
    pub fn counts(&self, notes: &[Note]) -> (usize, usize) {
        note_counts(notes, &self.visible)
    }

    /// The next kind filter: all, then each kind this child has notes of, then all again.
    pub fn cycle_filter(&mut self, notes: &[Note]) {
        let mut kinds: Vec<NoteKind> = notes.iter().map(|n| n.kind).collect();
        kinds.sort();
        kinds.dedup();
        self.filter = match self.filter {
            None => kinds.first().copied(),
            Some(k) => kinds.iter().copied().find(|x| *x > k),
        };
        self.selected = 0;
        self.refilter(notes);
    }

    /// Esc: close the delete prompt, leave the search box, then clear search and filter.
    /// False when there was nothing to undo.
    pub fn back(&mut self, notes: &[Note]) -> bool {
        if self.deleting.take().is_some() {
            return true;
        }
        if self.search_focused {
            self.search_focused = false;
            return true;
        }
        if !self.query().is_empty() || self.filter.is_some() {
            self.search = TextArea::default();
            self.filter = None;
            self.refilter(notes);
            return true;
        }
        false
    }

    pub fn list_action(&mut self, action: Action) {
        let before = self.selected;
        self.selected = super::list::moved(self.selected, self.visible.len(), action);
        if before != self.selected {
            self.expanded = false;
        }
    }
}

/// "All my notes": every note the logged-in person wrote, searched as they type.
pub struct NoteSearchState {
    pub notes: Vec<Note>,
    pub names: HashMap<ChildId, String>,
    pub search: TextArea<'static>,
    pub hits: Vec<usize>,
    pub selected: usize,
}

impl NoteSearchState {
    pub fn load(reader: &SessionReader) -> Result<NoteSearchState, StoreError> {
        let notes = reader.my_notes()?;
        let mut names = HashMap::new();
        for n in &notes {
            for c in &n.children {
                if !names.contains_key(c)
                    && let Some(child) = reader.child(*c)?
                {
                    names.insert(*c, child.name);
                }
            }
        }
        let hits = (0..notes.len()).collect();
        Ok(NoteSearchState {
            notes,
            names,
            search: TextArea::default(),
            hits,
            selected: 0,
        })
    }

    pub fn run_search(&mut self) {
        self.hits = filter_notes(&self.notes, None, &self.search.lines().concat());
        self.selected = 0;
    }

    pub fn selected_note(&self) -> Option<&Note> {
        self.hits.get(self.selected).map(|i| &self.notes[*i])
    }

    /// `(shown, total)` for the bar, deleted notes left out.
    pub fn counts(&self) -> (usize, usize) {
        note_counts(&self.notes, &self.hits)
    }

    pub fn select(&mut self, row: usize) {
        self.selected = row.min(self.hits.len().saturating_sub(1));
    }

    pub fn list_action(&mut self, action: Action) {
        self.selected = super::list::moved(self.selected, self.hits.len(), action);
    }
}

impl super::Component for NoteSearchState {
    fn handle(&mut self, action: crate::action::Action, cx: &mut super::Cx) -> super::Effect {
        self.handle_action(action, cx)
    }
    fn context(&self) -> crate::keymap::Context {
        crate::keymap::Context::Notes
    }
    fn focused_input(&mut self) -> Option<&mut ratatui_textarea::TextArea<'static>> {
        Some(&mut self.search)
    }
    fn input_changed(&mut self) {
        self.run_search();
    }
    fn select(&mut self, row: usize) {
        NoteSearchState::select(self, row);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn note(text: &str, deleted: bool) -> Note {
        use crate::model::{CounselorId, Deletion, NoteId};
        let at = chrono::NaiveDate::from_ymd_opt(2026, 11, 26)
            .unwrap()
            .and_hms_opt(16, 0, 0)
            .unwrap();
        Note {
            id: NoteId(1),
            children: vec![ChildId(1)],
            counselor: CounselorId(2),
            kind: NoteKind::Talk,
            at,
            duration_min: None,
            text: text.into(),
            mood: None,
            support: String::new(),
            follow_up: None,
            created: at,
            revisions: vec![],
            deleted: deleted.then(|| Deletion {
                at,
                by: CounselorId(2),
                reason: "记错了".into(),
            }),
        }
    }

    #[test]
    fn counts_leave_deleted_notes_out() {
        let notes = vec![
            note("想妈妈", false),
            note("想妈妈了", true),
            note("考试", false),
        ];
        let hits = filter_notes(&notes, None, "妈妈");
        assert_eq!(hits, vec![0, 1], "a deleted note is still listed");
        assert_eq!(note_counts(&notes, &hits), (1, 2));
        assert_eq!(note_counts(&notes, &[0, 1, 2]), (2, 2));
    }

    #[test]
    fn substring_is_case_insensitive_for_latin_only() {
        let q = NoteQuery::new("QQ");
        assert!(q.matches_text("他用qq和妈妈视频"));
        assert!(!q.matches_text("他用微信和妈妈视频"));
        assert!(NoteQuery::new("妈妈").matches_text("想妈妈了"));
        assert!(!NoteQuery::new("爸爸").matches_text("想妈妈了"));
        assert!(NoteQuery::new("  ").is_empty());
        assert!(!NoteQuery::new("abc").matches_text("ab"));
    }
}
