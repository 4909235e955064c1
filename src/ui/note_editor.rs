//! The note editor: the children, one row per short field, the multi-line text filling the
//! rest; the focused field's label is reversed and the terminal cursor sits at the caret.

use super::{dim, heading, selected, text};
use crate::action::Action;
use crate::app::{App, EditorField, HitAreas, NoteEditor};
use crate::keymap::Context;
use crate::labels;
use crate::model::NoteKind;
use crate::tr;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};
use ratatui_textarea::TextArea;

fn draw(frame: &mut Frame, app: &App, ed: &crate::app::NoteEditor, area: Rect) {
    let names: Vec<String> = ed
        .children
        .iter()
        .map(|(_, n)| text::safe(n).into_owned())
        .collect();
    let title = if ed.editing.is_some() {
        tr!("notes.title_edit")
    } else {
        tr!("notes.title_new")
    };
    let mut block = Block::default().borders(Borders::ALL).title(format!(
        "{title} · {}",
        text::fit(&names.join(&crate::labels::list_separator()), 40)
    ));
    if ed.draft_kept && ed.last_edit.is_none() {
        block = block.title(Line::styled(tr!("notes.draft_kept"), dim()).right_aligned());
    }
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let fields = ed.rows();
    let mut constraints = vec![Constraint::Length(1)];
    for f in &fields {
        constraints.push(if *f == EditorField::Text {
            Constraint::Min(3)
        } else {
            Constraint::Length(1)
        });
    }
    let rows = Layout::vertical(constraints).split(inner);
    let mut who = tr!(
        "notes.for_children",
        names = names.join(&crate::labels::list_separator())
    );
    if names.len() > 1 {
        who.push_str(&crate::trn!("notes.group", count = names.len()));
    }
    frame.render_widget(Paragraph::new(Line::styled(who, heading())), rows[0]);

    let label_width = fields
        .iter()
        .map(|f| text::width(&f.label()))
        .max()
        .unwrap_or(8)
        .min(16)
        + 1;
    for (i, field) in fields.iter().enumerate() {
        let row = rows[i + 1];
        let [label_area, value_area] = Layout::horizontal([
            Constraint::Length(label_width as u16 + 1),
            Constraint::Min(1),
        ])
        .areas(row);
        let focused = ed.focus == *field;
        let label = text::fit(&field.label(), label_width);
        let pad = " ".repeat(label_width.saturating_sub(text::width(&label)));
        let style = if focused { selected() } else { heading() };
        frame.render_widget(
            Paragraph::new(Span::styled(format!("{label}{pad}"), style)),
            label_area,
        );
        match field {
            EditorField::Kind => draw_kind(frame, ed, value_area, focused),
            EditorField::Mood if ed.is_group() => {
                let key = app
                    .keymap
                    .key_for(Context::Child, Action::NewMood)
                    .unwrap_or_default();
                let say = text::fit(&tr!("notes.group_mood", key = key), value_area.width.into());
                frame.render_widget(Paragraph::new(Span::styled(say, dim())), value_area);
            }
            EditorField::When => {
                // What was typed, and beside it the moment it is understood as, as it is typed.
                let said = match ed.understood_when(app.now()) {
                    Ok(at) => tr!(
                        "notes.understood",
                        when = format!(
                            "{} {} {}",
                            at.format("%Y-%m-%d"),
                            labels::weekday(chrono::Datelike::weekday(&at.date())),
                            at.format("%H:%M")
                        )
                    ),
                    Err(_) => tr!("notes.not_understood"),
                };
                let room = usize::from(value_area.width);
                let said = text::fit(&said, room / 2);
                // Right after the typing (or the hint), room for the caret and a gap.
                let typed = ed.when.lines().concat();
                let shown = if typed.is_empty() {
                    hint(*field)
                } else {
                    typed
                };
                let typed_width =
                    (text::width(&shown) + 3).min(room.saturating_sub(text::width(&said)));
                let [typed_area, said_area] = Layout::horizontal([
                    Constraint::Length(typed_width as u16),
                    Constraint::Min(1),
                ])
                .areas(value_area);
                draw_input(frame, &ed.when, hint(*field), typed_area, focused);
                frame.render_widget(Paragraph::new(Span::styled(said, dim())), said_area);
            }
            f => {
                let Some(input) = ed.input_of(*f) else {
                    continue;
                };
                if ed.has_follow_up && matches!(f, EditorField::FollowUp | EditorField::FollowUpDue)
                {
                    let shown = format!(
                        "{}  {}",
                        input.lines().concat(),
                        tr!("notes.follow_up_kept")
                    );
                    frame.render_widget(Paragraph::new(Span::styled(shown, dim())), value_area);
                    continue;
                }
                let shown_hint =
                    if *f == EditorField::Text && ed.kind == NoteKind::HolidaySafetyCheck {
                        // The plans' checklist for a key period (a break, after school).
                        tr!(
                            "notes.safety_checklist",
                            items = app
                                .config
                                .safety_checklist
                                .iter()
                                .map(|w| labels::safety_item(w))
                                .collect::<Vec<_>>()
                                .join(&labels::list_separator())
                        )
                    } else {
                        hint(*f)
                    };
                draw_input(frame, input, shown_hint, value_area, focused);
            }
        }
    }
}

fn hint(f: EditorField) -> String {
    match f {
        EditorField::When => tr!("notes.when_hint"),
        EditorField::Duration => tr!("notes.duration_hint"),
        EditorField::Mood => tr!("notes.mood_hint", scale = labels::mood_scale()),
        EditorField::FollowUp => tr!("notes.follow_up_hint"),
        EditorField::FollowUpDue => tr!("notes.follow_up_due_hint"),
        _ => String::new(),
    }
}

/// The kind: every kind in a row when there is room (the chosen one reversed), else the
/// chosen one between arrows.
fn draw_kind(frame: &mut Frame, ed: &NoteEditor, area: Rect, focused: bool) {
    let all: Vec<(NoteKind, String)> = NoteKind::ALL
        .iter()
        .map(|k| (*k, labels::note_kind(*k)))
        .collect();
    let full: usize = all.iter().map(|(_, l)| text::width(l) + 1).sum();
    let mut spans = Vec::new();
    if full <= usize::from(area.width) {
        for (k, l) in all {
            let style = if k == ed.kind { selected() } else { dim() };
            spans.push(Span::styled(l, style));
            spans.push(Span::raw(" "));
        }
    } else {
        let style = if focused {
            selected()
        } else {
            Style::default()
        };
        spans.push(Span::raw("‹ "));
        spans.push(Span::styled(labels::note_kind(ed.kind), style));
        spans.push(Span::raw(" ›  "));
        if focused {
            spans.push(Span::styled(tr!("notes.choose_kind"), dim()));
        }
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A text input drawn by the widget itself (it wraps and scrolls), with the hint shown while
/// it is empty, and the terminal cursor at its caret when focused.
fn draw_input(
    frame: &mut Frame,
    input: &TextArea<'static>,
    hint: String,
    area: Rect,
    focused: bool,
) {
    if input.is_empty() && !focused {
        frame.render_widget(Paragraph::new(Span::styled(hint, dim())), area);
        return;
    }
    frame.render_widget(input, area);
    if input.is_empty() && focused && !hint.is_empty() {
        let hint_area = Rect {
            x: area.x + 1,
            width: area.width.saturating_sub(1),
            height: 1,
            ..area
        };
        frame.render_widget(Paragraph::new(Span::styled(hint, dim())), hint_area);
    }
    if focused {
        place_caret(frame, area, input);
    }
}

/// The caret of a (possibly wrapped, scrolled) input on screen: its display row and column
/// minus the scroll the widget recorded while rendering.
pub fn place_caret(frame: &mut Frame, area: Rect, input: &TextArea) {
    let cursor = input.screen_cursor();
    let (top, left) = input.scroll_offset();
    let row = (cursor.row as u16).saturating_sub(top);
    let col = (cursor.col as u16).saturating_sub(left);
    let x = area
        .x
        .saturating_add(col)
        .min(area.right().saturating_sub(1));
    let y = area
        .y
        .saturating_add(row)
        .min(area.bottom().saturating_sub(1));
    frame.set_cursor_position((x, y));
}

impl super::Drawn for crate::app::NoteEditor {
    fn draw(&self, frame: &mut Frame, app: &App, area: Rect, _hits: &mut HitAreas) {
        draw(frame, app, self, area);
    }
    fn hints(&self, app: &App) -> Vec<String> {
        super::save_cancel(app)
    }
}
