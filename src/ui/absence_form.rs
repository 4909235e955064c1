//! The forms of an absence case: register, log an attempt, close. The choices (旷课/辍学, how,
//! still away, the outcome) as rows of options with the chosen one bracketed and reversed, the
//! rest one-line inputs cut with … (the tail while typing), and a line saying which keys do what.

use super::mood_form::{choice_rows, keys_line, row};
use super::{dim, heading, place_caret, selected, text};
use crate::action::Action;
use crate::app::{AbsenceField, AbsenceForm, AbsencePurpose, App, HitAreas};
use crate::tr;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

/// The hint shown in an empty field that does not have the focus.
fn hint(f: AbsenceField) -> String {
    match f {
        AbsenceField::FirstDay => tr!("absence.form.first_day_hint"),
        AbsenceField::Known => tr!("absence.form.known_hint"),
        AbsenceField::Went => tr!("absence.form.went_hint"),
        AbsenceField::Met => tr!("absence.form.met_hint"),
        AbsenceField::Result => tr!("absence.form.result_hint"),
        AbsenceField::Note => tr!("absence.form.note_hint"),
        _ => String::new(),
    }
}

fn draw(frame: &mut Frame, app: &App, form: &AbsenceForm, area: Rect, hits: &mut HitAreas) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(form.title(), heading()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = form
        .fields()
        .iter()
        .map(|f| text::width(&f.label()))
        .max()
        .unwrap_or(8);
    let room = usize::from(inner.width).saturating_sub(width + 1);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut caret = None;
    for &f in form.fields() {
        let focused = form.focus == f;
        let style = if focused {
            selected()
        } else {
            Style::default()
        };
        if f.is_choice() {
            let (options, chosen) = form.choices(f);
            let choices = options.into_iter().enumerate().map(|(i, o)| {
                if i == chosen {
                    (format!("[{o}]"), selected())
                } else {
                    (format!(" {o} "), dim())
                }
            });
            // On the focused (reversed) row the brackets still say which is chosen.
            let rows = choice_rows(&f.label(), width, choices, 1, room);
            lines.extend(rows.into_iter().map(|l| l.style(style)));
            continue;
        }
        let Some(input) = form.input_of(f) else {
            continue;
        };
        if focused {
            caret = Some((lines.len(), input));
        }
        let typed = input.lines().join(" ");
        let value = if typed.is_empty() && !focused {
            Span::styled(text::fit(&hint(f), room), dim())
        } else if focused {
            Span::raw(text::fit_tail(&text::safe(&typed), room))
        } else {
            Span::raw(text::fit(&text::safe(&typed), room))
        };
        lines.push(row(&f.label(), width, vec![value]).style(style));
    }
    lines.push(Line::raw(""));
    let said = match form.purpose {
        AbsencePurpose::Register(_) => tr!("absence.form.register_note"),
        AbsencePurpose::Attempt(_) => tr!("absence.form.attempt_note"),
        AbsencePurpose::Close(_) => tr!("absence.form.close_note"),
    };
    for l in text::wrap(&said, usize::from(inner.width).max(2)) {
        lines.push(Line::styled(l, dim()));
    }
    lines.push(keys_line(
        app,
        &[
            (
                &[Action::PrevChoice, Action::NextChoice],
                "/",
                tr!("absence.form.keys_choose"),
            ),
            (&[Action::NextField], "", tr!("care.keys.next_field")),
            (&[Action::Save], "", tr!("ui.hint.save")),
        ],
    ));
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some((r, input)) = caret {
        let x = inner.x + width as u16 + 1;
        let rect = Rect {
            x,
            y: inner.y + r as u16,
            width: inner.right().saturating_sub(x),
            height: 1,
        };
        if rect.y < inner.bottom() {
            place_caret(frame, rect, input);
        }
    }
    hits.list = Some((inner, 0));
}

impl super::Drawn for AbsenceForm {
    fn draw(&self, frame: &mut Frame, app: &App, area: Rect, hits: &mut HitAreas) {
        draw(frame, app, self, area, hits);
    }
    fn hints(&self, app: &App) -> Vec<String> {
        super::save_cancel(app)
    }
}
