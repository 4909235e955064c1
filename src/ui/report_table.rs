//! The Reports screen's table and bar chart, each sized to the width it is given: a table's
//! columns fit their headers and cells and give way (cut with "…") when the screen is narrow.

use super::{dim, heading, selected, text};
use crate::tr;
use ratatui::Frame;
use ratatui::layout::{Constraint, Direction, Rect};
use ratatui::style::Color;
use ratatui::text::Line;
use ratatui::widgets::{Bar, BarChart, BarGroup, Block, Borders, Paragraph, Row, Table};

/// A table of strings with its selected row kept in view; returns the rows' area and the
/// first row shown, for clicks.
pub(super) fn table(
    frame: &mut Frame,
    area: Rect,
    headers: Vec<String>,
    widths: Vec<u16>,
    rows: Vec<Vec<String>>,
    chosen: usize,
) -> Option<(Rect, usize)> {
    if rows.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(tr!("report.none"), dim())),
            area,
        );
        return None;
    }
    // One column spare at the right, so that a last header that fits is not read as cut.
    let widths = column_widths(
        &headers,
        &rows,
        &widths,
        usize::from(area.width).saturating_sub(1),
    );
    let height = usize::from(area.height.saturating_sub(1)).max(1);
    let offset = chosen.saturating_sub(height - 1);
    let fit = |cells: Vec<String>| {
        Row::new(
            cells
                .into_iter()
                .zip(&widths)
                .map(|(c, w)| text::fit(&text::safe(&c), usize::from(*w))),
        )
    };
    let body: Vec<Row> = rows
        .into_iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, r)| {
            let row = fit(r);
            if i == chosen {
                row.style(selected())
            } else {
                row
            }
        })
        .collect();
    let constraints: Vec<Constraint> = widths.iter().map(|w| Constraint::Length(*w)).collect();
    let t = Table::new(body, constraints)
        .header(fit(headers).style(heading()))
        .column_spacing(1);
    frame.render_widget(t, area);
    Some((
        Rect {
            y: area.y + 1,
            height: area.height.saturating_sub(1),
            ..area
        },
        offset,
    ))
}

/// Each column as wide as its header and its widest cell, the cells capped at `caps` (a long
/// name is cut with "…"). When that is wider than `room`, the columns whose header is wider
/// than their cells give way first, one column at a time, down to their cells (their
/// header then cut with "…"); only then the cells themselves, down to 3 columns.
fn column_widths(headers: &[String], rows: &[Vec<String>], caps: &[u16], room: usize) -> Vec<u16> {
    let cells: Vec<usize> = caps
        .iter()
        .enumerate()
        .map(|(i, cap)| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| text::width(c))
                .max()
                .unwrap_or(0)
                .min(usize::from(*cap))
        })
        .collect();
    let mut widths: Vec<usize> = cells
        .iter()
        .enumerate()
        .map(|(i, c)| (*c).max(headers.get(i).map_or(0, |h| text::width(h))))
        .collect();
    let spacing = widths.len().saturating_sub(1);
    for floor in [
        cells.iter().map(|c| (*c).max(3)).collect::<Vec<_>>(),
        vec![3; widths.len()],
    ] {
        while widths.iter().sum::<usize>() + spacing > room {
            // The widest column that may still give way.
            let Some(i) = (0..widths.len())
                .filter(|&i| widths[i] > floor[i])
                .max_by_key(|&i| widths[i] - floor[i])
            else {
                break;
            };
            widths[i] -= 1;
        }
    }
    widths.into_iter().map(|w| w as u16).collect()
}

/// Horizontal bars, as many as the area holds, labels cut to `label_width`.
pub(super) fn bars(
    frame: &mut Frame,
    area: Rect,
    title: String,
    items: Vec<(String, u64, String)>,
    max: u64,
) {
    let block = Block::default().borders(Borders::ALL).title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if items.is_empty() {
        frame.render_widget(
            Paragraph::new(Line::styled(tr!("report.none"), dim())),
            inner,
        );
        return;
    }
    let label_width = (usize::from(inner.width) / 3).clamp(4, 14);
    let shown: Vec<Bar> = items
        .into_iter()
        .take(usize::from(inner.height))
        .map(|(label, value, shown)| {
            Bar::default()
                .label(Line::from(text::fit(&text::safe(&label), label_width)))
                .value(value)
                .text_value(shown)
        })
        .collect();
    let chart = BarChart::default()
        .direction(Direction::Horizontal)
        .bar_width(1)
        .bar_gap(0)
        .bar_style(super::tinted(Color::Cyan))
        .value_style(super::bar_value())
        .data(BarGroup::default().bars(&shown))
        .max(max.max(1));
    frame.render_widget(chart, inner);
}

#[cfg(test)]
mod tests {
    use super::column_widths;

    fn strings(v: &[&str]) -> Vec<String> {
        v.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn columns_fit_their_header_and_cells_and_headers_give_way_first() {
        let headers = strings(&["Name", "Homework tutoring", "Call with parents"]);
        let rows = vec![strings(&["诸葛沐鹏", "16%", "100%"])];
        // Room enough: each column as wide as its header or its widest cell.
        assert_eq!(column_widths(&headers, &rows, &[10, 8, 8], 80), [8, 17, 17]);
        // Too narrow: the two long headers shrink evenly, the name keeps its cell.
        let narrow = column_widths(&headers, &rows, &[10, 8, 8], 30);
        assert_eq!(narrow[0], 8);
        assert!(narrow.iter().map(|w| usize::from(*w)).sum::<usize>() + 2 <= 30);
        assert!(narrow[1] >= 4 && narrow[2] >= 4, "{narrow:?}");
        // A cell longer than its cap is cut to the cap.
        let long = vec![strings(&["司马欧阳慕容诸葛", "1%", "1%"])];
        assert_eq!(column_widths(&headers, &long, &[10, 8, 8], 80)[0], 10);
        // Narrower than every cell: the cells give way too, down to 3 columns.
        let tiny = column_widths(&headers, &rows, &[10, 8, 8], 11);
        assert!(tiny.iter().all(|w| *w >= 3), "{tiny:?}");
    }
}
