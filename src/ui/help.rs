//! The help overlay, generated from the keymap in force and grouped by screen, so that it
//! lists exactly the keys that work.

use super::{dim, heading};
use crate::app::App;
use crate::keymap::Context;
use crate::tr;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};

pub fn lines(app: &App) -> Vec<Line<'static>> {
    let mut contexts = vec![app.screen.context(), Context::Global];
    for c in Context::ALL {
        if !contexts.contains(c) {
            contexts.push(*c);
        }
    }
    let tables: Vec<_> = contexts
        .into_iter()
        .map(|c| (c, app.keymap.bindings(c)))
        .filter(|(_, b)| !b.is_empty())
        .collect();
    // The key column is as wide as the widest key, so that "ctrl-d, pagedown" stays apart
    // from what it does.
    let key_width = tables
        .iter()
        .flat_map(|(_, b)| b.iter().map(|(keys, _)| super::text::width(keys)))
        .max()
        .unwrap_or(0);
    let mut lines = Vec::new();
    for (context, bindings) in tables {
        lines.push(Line::styled(context.title(), heading()));
        for (keys, action) in bindings {
            let pad = key_width.saturating_sub(super::text::width(&keys));
            lines.push(Line::from(vec![
                Span::raw(format!("  {keys}{} ", " ".repeat(pad))),
                Span::raw(action.description_on(context.name())),
            ]));
        }
        lines.push(Line::raw(""));
    }
    lines
}

pub fn draw(frame: &mut Frame, app: &App, area: Rect, scroll: u16) {
    let width = area.width.saturating_sub(4).min(90);
    let height = area.height.saturating_sub(2);
    let popup = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.y + 1,
        width,
        height,
    };
    // One column more on each side: a wide character under the border's column would start
    // in the column before it and cover the border on the terminal.
    let left = popup.x.saturating_sub(1).max(area.x);
    let right = (popup.x + popup.width + 1).min(area.x + area.width);
    frame.render_widget(
        Clear,
        Rect {
            x: left,
            width: right - left,
            ..popup
        },
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .title(tr!("ui.help.title"))
        .title_bottom(Line::styled(tr!("ui.help.close"), dim()));
    let all = lines(app);
    let max = all
        .len()
        .saturating_sub(usize::from(height.saturating_sub(2))) as u16;
    frame.render_widget(
        Paragraph::new(all)
            .block(block)
            .scroll((scroll.min(max), 0)),
        popup,
    );
}
