//! The note editor's state: the fields of one contact note (for one child or a group), their
//! validation into a `NoteInput`, and the draft that keeps unsaved typing in the store.

use crate::action::Action;
use crate::domain::when::{WhenError, parse_due, parse_when};
use crate::model::{ChildId, Minutes, MoodScore, Note, NoteId, NoteKind, Timestamp};
use crate::store::NoteInput;
use crate::tr;
use ratatui_textarea::TextArea;
use serde::{Deserialize, Serialize};
use std::time::{Duration, Instant};

/// How long after the last keystroke the draft is written: typing is not interrupted by a
/// disk flush per key, and a crash loses at most this plus one poll of the event loop.
pub const DRAFT_DELAY: Duration = Duration::from_secs(1);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EditorField {
    Kind,
    When,
    Duration,
    Mood,
    Text,
    Support,
    FollowUp,
    FollowUpDue,
}

impl EditorField {
    pub const ALL: [EditorField; 8] = [
        EditorField::Kind,
        EditorField::When,
        EditorField::Duration,
        EditorField::Mood,
        EditorField::Text,
        EditorField::Support,
        EditorField::FollowUp,
        EditorField::FollowUpDue,
    ];

    pub fn label(self) -> String {
        match self {
            EditorField::Kind => tr!("notes.field.kind"),
            EditorField::When => tr!("notes.field.when"),
            EditorField::Duration => tr!("notes.field.duration"),
            EditorField::Mood => tr!("notes.field.mood"),
            EditorField::Text => tr!("notes.field.text"),
            EditorField::Support => tr!("notes.field.support"),
            EditorField::FollowUp => tr!("notes.field.follow_up"),
            EditorField::FollowUpDue => tr!("notes.field.follow_up_due"),
        }
    }
}

/// How a focused text input treats Enter and the arrow keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InputKind {
    SingleLine,
    /// Enter makes a new line, Up/Down move between lines.
    MultiLine,
}

/// Everything typed in the editor, as kept in the store's drafts table (JSON).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    /// The note being edited, or none for a new note.
    pub editing: Option<u64>,
    pub children: Vec<u64>,
    pub kind: String,
    pub when: String,
    pub duration: String,
    pub mood: String,
    pub text: String,
    pub support: String,
    pub follow_up: String,
    pub follow_up_due: String,
}

pub struct NoteEditor {
    pub editing: Option<NoteId>,
    /// The children the note is about, with their names for the heading.
    pub children: Vec<(ChildId, String)>,
    pub kind: NoteKind,
    pub when: TextArea<'static>,
    pub duration: TextArea<'static>,
    pub mood: TextArea<'static>,
    pub text: TextArea<'static>,
    pub support: TextArea<'static>,
    pub follow_up: TextArea<'static>,
    pub follow_up_due: TextArea<'static>,
    pub focus: EditorField,
    /// Set after a first Esc with unsaved typing: a second Esc discards it.
    pub confirm_discard: bool,
    /// An edited note that already has a follow-up: it is shown, not changed here.
    pub has_follow_up: bool,
    /// The content when the editor opened, to tell whether anything was typed.
    initial: Draft,
    /// When the content last changed and is not yet in the draft table.
    pub last_edit: Option<Instant>,
    /// The typing so far is kept as a draft (shown, so the writer knows a crash loses nothing).
    pub draft_kept: bool,
}

/// An input holding `text` (control characters shown as spaces). No block cursor or cursor
/// line: the terminal's own cursor marks the caret, where an input method expects it.
fn input(text: &str) -> TextArea<'static> {
    let mut t = TextArea::default();
    t.set_cursor_line_style(ratatui::style::Style::default());
    t.set_cursor_style(ratatui::style::Style::default());
    let clean: Vec<String> = text
        .split('\n')
        .map(|l| crate::text::safe(l).into_owned())
        .collect();
    t.insert_str(clean.join("\n"));
    t
}

fn content(t: &TextArea) -> String {
    t.lines().join("\n")
}

impl NoteEditor {
    /// A new note, dated `now` (shown to the minute).
    pub fn new(children: Vec<(ChildId, String)>, now: Timestamp) -> NoteEditor {
        let draft = Draft {
            children: children.iter().map(|(c, _)| c.0).collect(),
            kind: NoteKind::Talk.code().to_string(),
            when: now.format("%Y-%m-%d %H:%M").to_string(),
            ..Draft::default()
        };
        NoteEditor::from_draft(&draft, children)
    }

    /// An existing note, to be edited.
    pub fn edit(
        note: &Note,
        children: Vec<(ChildId, String)>,
        follow_up: Option<(String, String)>,
    ) -> NoteEditor {
        let (fu_text, fu_due) = follow_up.clone().unwrap_or_default();
        let draft = Draft {
            editing: Some(note.id.0),
            children: note.children.iter().map(|c| c.0).collect(),
            kind: note.kind.code().to_string(),
            when: note.at.format("%Y-%m-%d %H:%M").to_string(),
            duration: note.duration_min.map(|d| d.to_string()).unwrap_or_default(),
            mood: note.mood.map(|m| m.to_string()).unwrap_or_default(),
            text: note.text.clone(),
            support: note.support.clone(),
            follow_up: fu_text,
            follow_up_due: fu_due,
        };
        let mut editor = NoteEditor::from_draft(&draft, children);
        editor.has_follow_up = note.follow_up.is_some();
        editor.focus = EditorField::Text;
        editor
    }

    /// The editor as a draft left it; it counts as typed (Esc asks before dropping it).
    pub fn restored(draft: &Draft, children: Vec<(ChildId, String)>) -> NoteEditor {
        let mut editor = NoteEditor::from_draft(draft, children);
        editor.initial = Draft::default();
        editor.focus = EditorField::Text;
        editor
    }

    fn from_draft(d: &Draft, children: Vec<(ChildId, String)>) -> NoteEditor {
        let mut text = input(&d.text);
        text.set_wrap_mode(ratatui_textarea::WrapMode::WordOrGlyph);
        text.move_cursor(ratatui_textarea::CursorMove::Bottom);
        text.move_cursor(ratatui_textarea::CursorMove::End);
        NoteEditor {
            editing: d.editing.map(NoteId),
            children,
            kind: NoteKind::parse(&d.kind).unwrap_or(NoteKind::Talk),
            when: input(&d.when),
            duration: input(&d.duration),
            mood: input(&d.mood),
            text,
            support: input(&d.support),
            follow_up: input(&d.follow_up),
            follow_up_due: input(&d.follow_up_due),
            // The caret starts where a person writes: the text. Kind (a talk) and time (now)
            // are already sensible; tab and shift-tab reach them.
            focus: EditorField::Text,
            confirm_discard: false,
            has_follow_up: false,
            initial: d.clone(),
            last_edit: None,
            draft_kept: false,
        }
    }

    pub fn draft(&self) -> Draft {
        Draft {
            editing: self.editing.map(|n| n.0),
            children: self.children.iter().map(|(c, _)| c.0).collect(),
            kind: self.kind.code().to_string(),
            when: content(&self.when),
            duration: content(&self.duration),
            mood: content(&self.mood),
            text: content(&self.text),
            support: content(&self.support),
            follow_up: content(&self.follow_up),
            follow_up_due: content(&self.follow_up_due),
        }
    }

    pub fn is_changed(&self) -> bool {
        self.draft() != self.initial
    }

    /// The rows shown now: the material-support field only for 资助.
    pub fn rows(&self) -> Vec<EditorField> {
        EditorField::ALL
            .into_iter()
            .filter(|f| match f {
                EditorField::Support => self.kind == NoteKind::MaterialSupport,
                _ => true,
            })
            .collect()
    }

    /// The rows that take the focus: all but the mood of a group note, whose row only says
    /// where each child's mood goes.
    pub fn fields(&self) -> Vec<EditorField> {
        self.rows()
            .into_iter()
            .filter(|f| *f != EditorField::Mood || !self.is_group())
            .collect()
    }

    /// A note about several children (a group session). Its mood would be the group's, and a
    /// child's mood history holds only that child's (`Note::mood_of`): one score copied to all
    /// would put the whole group under the falling-mood rule after one quiet afternoon, or
    /// hide the one child who was low. So the editor asks no mood of a group; each child's
    /// goes in with the mood form.
    pub fn is_group(&self) -> bool {
        self.children.len() > 1
    }

    /// The moment the When field is understood as now, or why it is not one.
    pub fn understood_when(&self, now: Timestamp) -> Result<Timestamp, WhenError> {
        parse_when(&content(&self.when), now)
    }

    pub fn input_of(&self, field: EditorField) -> Option<&TextArea<'static>> {
        match field {
            EditorField::Kind => None,
            EditorField::When => Some(&self.when),
            EditorField::Duration => Some(&self.duration),
            EditorField::Mood => Some(&self.mood),
            EditorField::Text => Some(&self.text),
            EditorField::Support => Some(&self.support),
            EditorField::FollowUp => Some(&self.follow_up),
            EditorField::FollowUpDue => Some(&self.follow_up_due),
        }
    }

    pub fn focused_input(&mut self) -> Option<&mut TextArea<'static>> {
        if self.has_follow_up
            && matches!(self.focus, EditorField::FollowUp | EditorField::FollowUpDue)
        {
            return None;
        }
        match self.focus {
            EditorField::Kind => None,
            EditorField::When => Some(&mut self.when),
            EditorField::Duration => Some(&mut self.duration),
            EditorField::Mood => Some(&mut self.mood),
            EditorField::Text => Some(&mut self.text),
            EditorField::Support => Some(&mut self.support),
            EditorField::FollowUp => Some(&mut self.follow_up),
            EditorField::FollowUpDue => Some(&mut self.follow_up_due),
        }
    }

    pub fn focused_kind(&self) -> Option<InputKind> {
        match self.focus {
            EditorField::Kind => None,
            EditorField::Text => Some(InputKind::MultiLine),
            _ => Some(InputKind::SingleLine),
        }
    }

    /// The content changed at `now`: the draft is due, and a pending "discard?" is off.
    pub fn touched(&mut self, now: Instant) {
        self.confirm_discard = false;
        self.last_edit = Some(now);
    }

    /// The draft to write at `now`, if the last change is old enough and not yet written.
    pub fn draft_due(&self, now: Instant) -> Option<Draft> {
        let t = self.last_edit?;
        (now.saturating_duration_since(t) >= DRAFT_DELAY).then(|| self.draft())
    }

    /// A click on a drawn row (`rows`); the mood row of a group note takes no focus.
    pub fn select(&mut self, row: usize) {
        if let Some(f) = self.rows().get(row)
            && self.fields().contains(f)
        {
            self.focus = *f;
        }
    }

    pub fn action(&mut self, action: Action, now: Instant) {
        let fields = self.fields();
        let i = fields.iter().position(|f| *f == self.focus).unwrap_or(0);
        match action {
            Action::NextField => self.focus = fields[(i + 1) % fields.len()],
            Action::PrevField => self.focus = fields[(i + fields.len() - 1) % fields.len()],
            Action::NextChoice | Action::PrevChoice if self.focus == EditorField::Kind => {
                let all = NoteKind::ALL;
                let k = all.iter().position(|k| *k == self.kind).unwrap_or(0);
                let step = if action == Action::NextChoice {
                    1
                } else {
                    all.len() - 1
                };
                self.kind = all[(k + step) % all.len()];
                self.touched(now);
            }
            _ => {}
        }
    }

    /// The note as typed, or the first problem as a sentence (the focus moves to its field).
    pub fn validated(&mut self, now: Timestamp) -> Result<NoteInput, String> {
        let fail = |me: &mut NoteEditor, field: EditorField, reason: String| {
            me.focus = field;
            Err(reason)
        };
        let at = match parse_when(&content(&self.when), now) {
            Ok(at) => at,
            Err(e) => {
                return fail(
                    self,
                    EditorField::When,
                    when_sentence(&e, &content(&self.when)),
                );
            }
        };
        let duration = content(&self.duration);
        let duration_min = match duration.trim() {
            "" => None,
            d => match d
                .trim_end_matches(['分', '钟'])
                .trim()
                .parse::<i64>()
                .ok()
                .and_then(|m| Minutes::duration(m).ok())
            {
                Some(m) => Some(m.get()),
                None => {
                    return fail(
                        self,
                        EditorField::Duration,
                        tr!("notes.bad_duration", value = d),
                    );
                }
            },
        };
        // A group note keeps the mood it was saved with (before the editor stopped asking one).
        let mood = content(&self.mood);
        let mood = match mood.trim() {
            "" => None,
            m => match m.parse::<i64>().ok().and_then(|v| MoodScore::new(v).ok()) {
                Some(v) => Some(v.get()),
                None => {
                    let scale = crate::labels::mood_scale();
                    return fail(
                        self,
                        EditorField::Mood,
                        tr!("notes.bad_mood", value = m, scale = scale),
                    );
                }
            },
        };
        let text = content(&self.text).trim_end().to_string();
        if text.trim().is_empty() {
            return fail(self, EditorField::Text, tr!("notes.needs_text"));
        }
        let support = if self.kind == NoteKind::MaterialSupport {
            content(&self.support).trim().to_string()
        } else {
            String::new()
        };
        let fu_text = content(&self.follow_up).trim().to_string();
        let fu_due = content(&self.follow_up_due).trim().to_string();
        let follow_up = if self.has_follow_up || (fu_text.is_empty() && fu_due.is_empty()) {
            None
        } else if fu_text.is_empty() {
            return fail(
                self,
                EditorField::FollowUp,
                tr!("notes.follow_up_needs_text"),
            );
        } else {
            match parse_due(&fu_due, now.date()) {
                Ok(due) => Some((fu_text, due)),
                Err(_) => {
                    return fail(
                        self,
                        EditorField::FollowUpDue,
                        tr!("notes.bad_follow_up_due", value = fu_due),
                    );
                }
            }
        };
        Ok(NoteInput {
            children: self.children.iter().map(|(c, _)| *c).collect(),
            kind: self.kind,
            at,
            duration_min,
            text,
            mood,
            support,
            follow_up,
        })
    }
}

/// What the editor says when the time of a note does not read.
fn when_sentence(e: &WhenError, typed: &str) -> String {
    match e {
        WhenError::BadTime(time) => tr!("notes.bad_time", value = time),
        WhenError::Future => tr!("notes.future", value = typed.trim()),
        WhenError::NotADay | WhenError::Past => tr!("notes.bad_when", value = typed.trim()),
    }
}

impl super::Component for NoteEditor {
    fn handle(&mut self, action: crate::action::Action, cx: &mut super::Cx) -> super::Effect {
        self.handle_action(action, cx)
    }
    fn draft_pending(&self) -> bool {
        self.last_edit.is_some()
    }
    fn write_draft(&mut self, cx: &mut super::Cx, due: Option<Instant>) {
        self.keep_draft(cx, due);
    }
    fn context(&self) -> crate::keymap::Context {
        crate::keymap::Context::Editor
    }
    // The note editor never falls through to the global keys: a stray `q` or `1` typed
    // while the kind field has the focus must not leave the note.
    fn contexts(&self) -> Vec<crate::keymap::Context> {
        vec![self.context()]
    }
    fn focused_input(&mut self) -> Option<&mut TextArea<'static>> {
        NoteEditor::focused_input(self)
    }
    fn focused_input_kind(&self) -> Option<InputKind> {
        self.focused_kind()
    }
    fn editing_text(&self) -> bool {
        true
    }
    fn input_changed(&mut self) {
        self.touched(Instant::now());
    }
    fn choice_actions(&self) -> Option<&'static [crate::action::Action]> {
        use crate::action::Action;
        Some(match self.focus {
            EditorField::Kind => &[Action::PrevChoice, Action::NextChoice],
            _ => &[],
        })
    }
    fn select(&mut self, row: usize) {
        NoteEditor::select(self, row);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_times_get_a_sentence() {
        crate::i18n::set_lang(crate::i18n::Lang::Zh);
        let now = chrono::NaiveDate::from_ymd_opt(2026, 11, 26)
            .unwrap()
            .and_hms_opt(10, 15, 0)
            .unwrap();
        for typed in [
            "明年",
            "2026-13-01",
            "周八",
            "昨天 25:00",
            "2026-11-27",
            "abc",
        ] {
            let e = when_sentence(&parse_when(typed, now).unwrap_err(), typed);
            assert!(e.chars().count() > 8, "{typed}: {e}");
            assert!(!e.contains("notes."), "untranslated: {e}");
        }
        let future = parse_when("2026-11-27", now).unwrap_err();
        assert!(when_sentence(&future, "2026-11-27").contains("还没到"));
        let bad_time = parse_when("昨天 25:00", now).unwrap_err();
        assert!(when_sentence(&bad_time, "昨天 25:00").contains("“25:00”"));
    }
}
