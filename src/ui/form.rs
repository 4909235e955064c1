//! The profile form: a label and a one-line input per field; the focused one shows the caret.

use super::{heading, place_caret, selected, text};
use crate::app::{App, HitAreas};
use crate::tr;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

fn draw(frame: &mut Frame, form: &crate::app::ProfileForm, area: Rect, hits: &mut HitAreas) {
    let title = tr!("ui.form.title", name = text::safe(&form.original.name));
    let block = Block::default().borders(Borders::ALL).title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let label_width = form
        .fields
        .iter()
        .map(|(f, _)| text::width(&form.label(*f)))
        .max()
        .unwrap_or(8)
        .min(20);
    let height = usize::from(inner.height);
    let offset = form.focus.saturating_sub(height.saturating_sub(1));
    let mut lines = Vec::new();
    for (i, (field, input)) in form.fields.iter().enumerate().skip(offset).take(height) {
        let label = text::fit(&form.label(*field), label_width);
        let pad = " ".repeat(label_width - text::width(&label));
        let mut value = text::safe(&input.lines().concat()).into_owned();
        // The status is chosen with left and right, by whom may record a leaving.
        if *field == crate::app::FormField::Status && form.may_change_status {
            value = format!("‹ {value} ›");
        }
        let mut line = Line::from(vec![
            Span::styled(format!("{label}{pad} "), heading()),
            Span::raw(value),
        ]);
        if i == form.focus && *field != crate::app::FormField::Status {
            line = line.style(selected());
            let row = inner.y + (i - offset) as u16;
            let caret = Rect {
                x: inner.x + label_width as u16 + 1,
                y: row,
                width: inner.width.saturating_sub(label_width as u16 + 1),
                height: 1,
            };
            place_caret(frame, caret, input);
        } else if i == form.focus {
            line = line.style(selected());
        }
        lines.push(line);
    }
    frame.render_widget(Paragraph::new(lines), inner);
    hits.list = Some((inner, offset));
}

impl super::Drawn for crate::app::ProfileForm {
    fn draw(&self, frame: &mut Frame, _app: &App, area: Rect, hits: &mut HitAreas) {
        draw(frame, self, area, hits);
    }
    fn hints(&self, app: &App) -> Vec<String> {
        super::save_cancel(app)
    }
}
