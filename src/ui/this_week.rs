//! This week: sections of who needs me, most urgent first.

use super::{dim, heading, selected, text, urgent};
use crate::action::Action;
use crate::app::{App, HitAreas};
use crate::labels;
use crate::tr;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

fn draw(frame: &mut Frame, app: &App, state: &crate::app::ThisWeekState, area: Rect) {
    let title = crate::trn!(
        "ui.week.title",
        children = state.listed,
        monday = state.monday.format("%m-%d"),
        sunday = state.sunday.format("%m-%d")
    );
    let block = Block::default().borders(Borders::ALL).title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if state.items.is_empty() {
        let msg = if state.children == 0 {
            tr!("ui.week.no_children")
        } else {
            tr!("ui.week.all_done")
        };
        frame.render_widget(Paragraph::new(msg), inner);
        return;
    }
    // One line per item, with a heading line before each section; the selection stays visible.
    let mut lines: Vec<(Option<usize>, Line)> = Vec::new();
    let mut section = None;
    let name_width = usize::from(inner.width / 4).clamp(8, 16);
    for (i, item) in state.items.iter().enumerate() {
        if section != Some(item.section) {
            section = Some(item.section);
            lines.push((
                None,
                Line::styled(labels::agenda_section(item.section), heading()),
            ));
        }
        let style = if item.urgent {
            urgent()
        } else {
            Default::default()
        };
        let reasons: Vec<String> = labels::agenda_reasons(item, &app.config, app.today)
            .iter()
            .map(|r| text::safe(r).into_owned())
            .collect();
        // A row without reasons is a sentence ("2 letters waiting"): it takes the whole row.
        let name_width = if reasons.is_empty() {
            usize::from(inner.width).saturating_sub(2)
        } else {
            name_width
        };
        let name = text::fit(&text::safe(&labels::agenda_name(item)), name_width);
        // As many reasons as fit, then "+N": never one cut mid-word without a mark, and a
        // blank before the border, so a count is not read as the end of a cut word.
        let detail_width = usize::from(inner.width).saturating_sub(name_width + 5);
        let pad = " ".repeat(name_width.saturating_sub(text::width(&name)));
        let mut line = Line::from(vec![
            Span::raw("  "),
            Span::styled(format!("{name}{pad}"), style),
            Span::raw("  "),
            Span::styled(
                text::fit_parts(&reasons, &tr!("ui.week.separator"), detail_width),
                if item.urgent { style } else { dim() },
            ),
        ]);
        if i == state.selected {
            line = line.style(selected());
        }
        lines.push((Some(i), line));
    }
    let height = usize::from(inner.height);
    let selected_line = lines
        .iter()
        .position(|(i, _)| *i == Some(state.selected))
        .unwrap_or(0);
    let offset = selected_line.saturating_sub(height.saturating_sub(1));
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(offset)
        .take(height)
        .map(|(_, l)| l)
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
}

impl super::Drawn for crate::app::ThisWeekState {
    fn draw(&self, frame: &mut Frame, app: &App, area: Rect, _hits: &mut HitAreas) {
        draw(frame, app, self, area);
    }
    fn hints(&self, app: &App) -> Vec<String> {
        [
            super::hint(app, Action::Open, tr!("ui.hint.open")),
            super::hint(app, Action::NewNote, tr!("notes.hint_new")),
            super::hint(app, Action::MarkDone, tr!("care.hint.done")),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}
