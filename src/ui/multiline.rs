//! A multi-line text input drawn by hand: lines wrapped by display width (Chinese is two
//! columns), the text passed through `safe`, the caret placed for the input method, and the
//! view scrolled so the caret stays in sight.

use super::text;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use ratatui_textarea::TextArea;
use unicode_width::UnicodeWidthChar;

/// One screen row: the text, and where it starts in the input (row, char column).
struct Row {
    text: String,
    line: usize,
    start: usize,
}

/// Wraps `lines` to `width` columns, never splitting a character.
fn wrap(lines: &[String], width: usize) -> Vec<Row> {
    let width = width.max(2);
    let mut rows = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let mut cur = String::new();
        let mut used = 0;
        let mut start = 0;
        for (col, c) in line.chars().enumerate() {
            let c = if c.is_control() { ' ' } else { c };
            let w = c.width().unwrap_or(0);
            if used + w > width {
                rows.push(Row {
                    text: std::mem::take(&mut cur),
                    line: i,
                    start,
                });
                used = 0;
                start = col;
            }
            cur.push(c);
            used += w;
        }
        rows.push(Row {
            text: cur,
            line: i,
            start,
        });
    }
    rows
}

/// Draws `input` in `area`; with `focused`, the terminal cursor goes to its caret.
pub fn draw(frame: &mut Frame, area: Rect, input: &TextArea, focused: bool) {
    if area.width == 0 || area.height == 0 {
        return;
    }
    // One column is kept free at the right so the caret after a full row stays inside.
    let width = usize::from(area.width).saturating_sub(1);
    let rows = wrap(input.lines(), width);
    let ratatui_textarea::DataCursor(crow, ccol) = input.cursor();
    let caret_row = rows
        .iter()
        .rposition(|r| r.line == crow && r.start <= ccol)
        .unwrap_or(0);
    let height = usize::from(area.height);
    let offset = caret_row.saturating_sub(height.saturating_sub(1));
    let shown: Vec<Line> = rows
        .iter()
        .skip(offset)
        .take(height)
        .map(|r| Line::raw(text::safe(&r.text).into_owned()))
        .collect();
    frame.render_widget(Paragraph::new(shown), area);
    if focused && let Some(row) = rows.get(caret_row) {
        let before: String = input
            .lines()
            .get(row.line)
            .map(|l| l.chars().skip(row.start).take(ccol - row.start).collect())
            .unwrap_or_default();
        let x = area
            .x
            .saturating_add(text::width(&before) as u16)
            .min(area.right().saturating_sub(1));
        let y = area.y + (caret_row - offset) as u16;
        frame.set_cursor_position((x, y));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_by_display_width_and_keeps_empty_lines() {
        let lines = vec!["老师你好我想".to_string(), String::new(), "ab".to_string()];
        let rows = wrap(&lines, 5);
        let texts: Vec<&str> = rows.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(texts, vec!["老师", "你好", "我想", "", "ab"]);
        assert_eq!((rows[1].line, rows[1].start), (0, 2));
    }
}
