//! The start screen: who are you? Or, on an empty store, the welcome.

use super::{heading, place_caret, selected, text};
use crate::app::{App, Screen};
use crate::tr;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

pub fn draw(frame: &mut Frame, app: &mut App, area: Rect) {
    let Screen::Start(state) = &app.screen else {
        return;
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(tr!("ui.start.title"));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if let Some(w) = &state.welcome {
        let [intro, choices, name] = Layout::vertical([
            Constraint::Length(4),
            Constraint::Length(3),
            Constraint::Min(1),
        ])
        .areas(inner);
        frame.render_widget(
            Paragraph::new(tr!("ui.start.welcome")).wrap(Wrap { trim: true }),
            intro,
        );
        let options = [
            tr!("ui.start.open_demo"),
            tr!("ui.start.create_coordinator"),
        ];
        let lines: Vec<Line> = options
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let style = if i == w.choice {
                    selected()
                } else {
                    Default::default()
                };
                Line::styled(
                    format!(" {} {o} ", if i == w.choice { '›' } else { ' ' }),
                    style,
                )
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), choices);
        app.hit_areas.list = Some((choices, 0));
        if w.naming {
            let [label, input] =
                Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(name);
            frame.render_widget(
                Paragraph::new(tr!("ui.start.name_prompt")).style(heading()),
                label,
            );
            let typed = w.name.lines().concat();
            frame.render_widget(Paragraph::new(format!("> {}", text::safe(&typed))), input);
            let caret_area = Rect {
                x: input.x + 2,
                ..input
            };
            place_caret(frame, caret_area, &w.name);
        }
        return;
    }
    let [prompt, list] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);
    frame.render_widget(Paragraph::new(tr!("ui.start.choose")), prompt);
    let height = usize::from(list.height);
    let offset = state.selected.saturating_sub(height.saturating_sub(1));
    let lines: Vec<Line> = state
        .counselors
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, c)| {
            let label = format!(
                " {}  {}",
                text::safe(&c.name),
                crate::i18n::labels::role(c.role)
            );
            let style = if i == state.selected {
                selected()
            } else {
                Default::default()
            };
            Line::styled(label, style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
    app.hit_areas.list = Some((list, offset));
}
