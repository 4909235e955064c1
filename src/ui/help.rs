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
    let mut lines = Vec::new();
    for context in contexts {
        let bindings = app.keymap.bindings(context);
        if bindings.is_empty() {
            continue;
        }
        lines.push(Line::styled(context.title(), heading()));
        for (keys, action) in bindings {
            lines.push(Line::from(vec![
                Span::raw(format!("  {keys:<14} ")),
                Span::raw(action.description()),
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
    frame.render_widget(Clear, popup);
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
