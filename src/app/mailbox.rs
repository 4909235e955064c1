//! The mailbox screen's state (悄悄话信箱): letters needing attention first, then new, draft
//! and replied, newest week first; the week's figures; search by text and pseudonym only.

use crate::action::Action;
use crate::config::Config;
use crate::mailbox::{self, WeekStats};
use crate::model::{Letter, LetterId, LetterStatus};
use crate::store::{SessionReader, StoreError};
use crate::tr;
use chrono::NaiveDate;
use ratatui_textarea::TextArea;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum MailboxSection {
    Attention,
    New,
    Draft,
    Replied,
}

impl MailboxSection {
    pub fn title(self) -> String {
        match self {
            MailboxSection::Attention => tr!("mailbox.section.attention"),
            MailboxSection::New => tr!("mailbox.section.new"),
            MailboxSection::Draft => tr!("mailbox.section.draft"),
            MailboxSection::Replied => tr!("mailbox.section.replied"),
        }
    }

    fn of(letter: &Letter) -> MailboxSection {
        // Printed or not: the mark stays until a reader closes it with a reason.
        if letter.needs_attention {
            return MailboxSection::Attention;
        }
        match letter.status {
            LetterStatus::New => MailboxSection::New,
            LetterStatus::Draft => MailboxSection::Draft,
            LetterStatus::Replied => MailboxSection::Replied,
        }
    }
}

#[derive(Clone, Debug)]
pub struct MailboxRow {
    pub letter: Letter,
    pub section: MailboxSection,
    /// The danger words the letter holds now (by the list in force).
    pub matched: Vec<String>,
}

/// The one-line question asked before attention is set or cleared by hand.
pub struct ReasonPrompt {
    pub letter: LetterId,
    /// What the letter's flag becomes when the reason is given.
    pub turn_on: bool,
    pub input: TextArea<'static>,
}

impl ReasonPrompt {
    pub fn new(letter: &Letter) -> ReasonPrompt {
        ReasonPrompt {
            letter: letter.id,
            turn_on: !letter.needs_attention,
            input: TextArea::default(),
        }
    }

    pub fn question(&self) -> String {
        if self.turn_on {
            tr!("mailbox.reason_on")
        } else {
            tr!("mailbox.reason_off")
        }
    }

    pub fn reason(&self) -> String {
        self.input.lines().join(" ").trim().to_string()
    }
}

/// Staff names by id (the staff list is plain and anyone may read it).
pub fn staff_names(
    reader: &SessionReader,
) -> Result<std::collections::HashMap<crate::model::CounselorId, String>, StoreError> {
    Ok(reader
        .counselors()?
        .into_iter()
        .map(|c| (c.id, c.name))
        .collect())
}

pub struct MailboxState {
    pub rows: Vec<MailboxRow>,
    /// Indexes into `rows` that the search keeps, in order.
    pub shown: Vec<usize>,
    /// Position in `shown`.
    pub selected: usize,
    pub search: TextArea<'static>,
    pub search_focused: bool,
    pub prompt: Option<ReasonPrompt>,
    /// The week the figures are about: the selected letter's, else the current one.
    pub today_week: (i32, u32),
    pub week_stats: Vec<((i32, u32), WeekStats)>,
    /// Staff names, for who ended a letter's attention.
    pub staff: std::collections::HashMap<crate::model::CounselorId, String>,
}

impl MailboxState {
    pub fn load(
        reader: &SessionReader,
        config: &Config,
        today: NaiveDate,
    ) -> Result<MailboxState, StoreError> {
        let mut rows: Vec<MailboxRow> = mailbox::all_letters(reader)?
            .into_iter()
            .map(|letter| MailboxRow {
                section: MailboxSection::of(&letter),
                matched: config
                    .danger_words_in(&letter.text)
                    .into_iter()
                    .map(String::from)
                    .collect(),
                letter,
            })
            .collect();
        // Stable: within a section the newest week stays first, then the order of opening.
        rows.sort_by_key(|r| r.section);
        let mut weeks: Vec<(i32, u32)> = rows
            .iter()
            .map(|r| mailbox::week_of_number(&r.letter.number))
            .collect();
        weeks.sort_unstable();
        weeks.dedup();
        let week_stats = weeks
            .into_iter()
            .map(|wk| {
                let of_week: Vec<Letter> = rows
                    .iter()
                    .filter(|r| mailbox::week_of_number(&r.letter.number) == wk)
                    .map(|r| r.letter.clone())
                    .collect();
                (wk, WeekStats::of(&of_week))
            })
            .collect();
        let shown = (0..rows.len()).collect();
        Ok(MailboxState {
            rows,
            shown,
            selected: 0,
            search: TextArea::default(),
            search_focused: false,
            prompt: None,
            today_week: crate::model::LetterNumber::week_of(today),
            week_stats,
            staff: staff_names(reader)?,
        })
    }

    /// Who ended the letter's attention, by name (none after a JSON import).
    pub fn closed_by(&self, letter: &Letter) -> Option<String> {
        let id = letter.attention_closed.as_ref()?.by?;
        Some(
            self.staff
                .get(&id)
                .cloned()
                .unwrap_or_else(|| format!("#{id}")),
        )
    }

    pub fn selected_row(&self) -> Option<&MailboxRow> {
        self.shown
            .get(self.selected)
            .and_then(|&i| self.rows.get(i))
    }

    pub fn selected_letter(&self) -> Option<&Letter> {
        self.selected_row().map(|r| &r.letter)
    }

    /// The week the figures and `print` are about.
    pub fn focus_week(&self) -> (i32, u32) {
        self.selected_letter()
            .map(|l| mailbox::week_of_number(&l.number))
            .unwrap_or(self.today_week)
    }

    pub fn stats(&self) -> WeekStats {
        let wk = self.focus_week();
        self.week_stats
            .iter()
            .find(|(w, _)| *w == wk)
            .map(|(_, s)| s.clone())
            .unwrap_or_default()
    }

    pub fn query(&self) -> String {
        self.search.lines().concat()
    }

    /// Keeps the letters whose text or pseudonym holds the query (spaces, punctuation and
    /// width ignored as for danger words). Nothing else about a letter is searched.
    pub fn run_search(&mut self) {
        let q = crate::config::danger::normalise(&self.query());
        let keep_id = self.selected_letter().map(|l| l.id);
        self.shown = self
            .rows
            .iter()
            .enumerate()
            .filter(|(_, r)| {
                q.is_empty()
                    || crate::config::danger::normalise(&r.letter.text).contains(&q)
                    || r.letter
                        .pseudonym
                        .as_deref()
                        .is_some_and(|p| crate::config::danger::normalise(p).contains(&q))
            })
            .map(|(i, _)| i)
            .collect();
        self.selected = keep_id
            .and_then(|id| {
                self.shown
                    .iter()
                    .position(|&i| self.rows[i].letter.id == id)
            })
            .unwrap_or(0);
    }

    /// Puts the selection back on a letter after a reload.
    pub fn restore(&mut self, query: &str, letter: Option<LetterId>) {
        if !query.is_empty() {
            self.search.insert_str(query);
            self.run_search();
        }
        if let Some(id) = letter
            && let Some(p) = self
                .shown
                .iter()
                .position(|&i| self.rows[i].letter.id == id)
        {
            self.selected = p;
        }
    }

    /// The letters shown, in order, from the one after `answered` round to the one before it:
    /// where "the next letter" is looked for after a reply is saved.
    pub fn after(&self, answered: LetterId) -> Vec<LetterId> {
        let ids: Vec<LetterId> = self.shown.iter().map(|&i| self.rows[i].letter.id).collect();
        let at = ids
            .iter()
            .position(|&id| id == answered)
            .map_or(0, |p| p + 1);
        ids[at..].iter().chain(&ids[..at]).copied().collect()
    }

    /// Puts the selection on the first of `candidates` that still waits for a reply (after a
    /// reply is saved the answered letter moves to its section; the person goes on with the
    /// next one, not with the letter just answered). Stays where it is when none waits.
    pub fn select_next_waiting(&mut self, candidates: &[LetterId]) {
        let waiting = |id: &LetterId| {
            self.shown.iter().position(|&i| {
                let l = &self.rows[i].letter;
                l.id == *id && l.status != LetterStatus::Replied && !l.printed
            })
        };
        if let Some(p) = candidates.iter().find_map(waiting) {
            self.selected = p;
        }
    }

    pub fn select(&mut self, row: usize) {
        self.selected = row.min(self.shown.len().saturating_sub(1));
    }

    pub fn list_action(&mut self, action: Action) {
        self.selected = super::list::moved(self.selected, self.shown.len(), action);
    }

    /// Esc in the search box: clears it first, then leaves it. `false` when there was
    /// nothing to leave (the screen itself should go back).
    pub fn back(&mut self) -> bool {
        if self.search_focused {
            if self.query().is_empty() {
                self.search_focused = false;
            } else {
                self.search = TextArea::default();
                self.run_search();
            }
            true
        } else if !self.query().is_empty() {
            self.search = TextArea::default();
            self.run_search();
            true
        } else {
            false
        }
    }
}

impl super::Component for MailboxState {
    fn reload(&mut self, cx: &mut super::Cx) {
        MailboxState::reload(self, cx);
    }
    fn handle(&mut self, action: crate::action::Action, cx: &mut super::Cx) -> super::Effect {
        self.handle_action(action, cx)
    }
    fn take_back(&mut self, handback: super::Handback) {
        match handback {
            super::Handback::ReplySaved(next) => self.select_next_waiting(&next),
            super::Handback::NoteSaved(_) => {}
        }
    }
    fn context(&self) -> crate::keymap::Context {
        crate::keymap::Context::Mailbox
    }
    fn focused_input(&mut self) -> Option<&mut ratatui_textarea::TextArea<'static>> {
        match &mut self.prompt {
            Some(p) => Some(&mut p.input),
            None if self.search_focused => Some(&mut self.search),
            None => None,
        }
    }
    fn input_changed(&mut self) {
        if self.prompt.is_none() {
            self.run_search();
        }
    }
    fn select(&mut self, row: usize) {
        MailboxState::select(self, row);
    }
    fn tab(&self) -> Option<crate::action::Action> {
        Some(crate::action::Action::GotoMailbox)
    }
    fn top_level(&self) -> bool {
        true
    }
}
