//! The child's mood over the semester: a line chart of the scores (dates on the x axis, 1–5 on
//! the y axis) with the follow-up dates marked along the top, open overdue ones in red.

use crate::app::ChildState;
use crate::tr;
use chrono::NaiveDate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Color, Style};
use ratatui::symbols::Marker;
use ratatui::text::{Line, Span};

/// How a follow-up is marked: open, overdue, done.
#[derive(Clone, Copy)]
enum Due {
    Open,
    Late,
    Done,
}

/// A follow-up's mark: the same block in three colours, or, without colour, three shapes.
fn due_mark(due: Due) -> (Marker, &'static str, Style) {
    let (colour, shape, symbol) = match due {
        Due::Open => (Color::Yellow, Marker::Bar, "▄"),
        Due::Late => (Color::Red, Marker::Block, "█"),
        Due::Done => (Color::Green, Marker::Dot, "•"),
    };
    if super::colour() {
        (Marker::Block, "█", Style::default().fg(colour))
    } else {
        (shape, symbol, Style::default())
    }
}

/// The line above the chart that says what its marks mean.
pub fn caption() -> Line<'static> {
    let mut spans = vec![
        Span::styled("⣀⠤ ", super::tinted(Color::Cyan)),
        Span::raw(tr!("care.chart.mood")),
        Span::raw(" "),
    ];
    for (due, word) in [
        (Due::Open, tr!("care.chart.follow_up")),
        (Due::Late, tr!("care.chart.overdue")),
        (Due::Done, tr!("care.chart.done")),
    ] {
        let (_, symbol, style) = due_mark(due);
        spans.push(Span::raw("  "));
        spans.push(Span::styled(format!("{symbol} "), style));
        spans.push(Span::raw(word));
    }
    Line::from(spans)
}
use ratatui::widgets::{Axis, Chart, Dataset, GraphType};

/// Where follow-ups are marked: above the highest score, inside the chart.
const FOLLOW_UP_ROW: f64 = 5.45;

/// Draws the chart for the entries on or after `start`; returns false when there is nothing
/// to draw (no entry this semester), so the caller can say so.
pub fn draw(
    frame: &mut Frame,
    state: &ChildState,
    area: Rect,
    start: NaiveDate,
    today: NaiveDate,
) -> bool {
    let day = |d: NaiveDate| (d - start).num_days() as f64;
    let points: Vec<(f64, f64)> = state
        .moods
        .iter()
        .filter(|m| m.at.date() >= start)
        .map(|m| {
            let t = m.at;
            let x = day(t.date())
                + f64::from(chrono::Timelike::num_seconds_from_midnight(&t.time())) / 86_400.0;
            (x, f64::from(m.score.clamp(1, 5)))
        })
        .collect();
    if points.is_empty() {
        return false;
    }
    let (mut due_open, mut due_late, mut due_done) = (Vec::new(), Vec::new(), Vec::new());
    for f in state.followups.iter().filter(|f| f.due >= start) {
        let p = (day(f.due), FOLLOW_UP_ROW);
        match (f.is_open(), f.due < today) {
            (false, _) => due_done.push(p),
            (true, true) => due_late.push(p),
            (true, false) => due_open.push(p),
        }
    }
    // The x axis runs from the term's start to today (or the last follow-up, if later).
    let last = due_open
        .iter()
        .chain(&due_late)
        .chain(&due_done)
        .chain(&points)
        .map(|p| p.0)
        .fold(day(today), f64::max);
    let end = last.max(7.0).ceil();
    // As many date labels as fit: about one per 12 columns, at least two.
    let n = (usize::from(area.width) / 12).clamp(2, 6);
    let labels: Vec<Line> = (0..n)
        .map(|i| {
            let offset = (end * i as f64 / (n - 1) as f64).round() as u64;
            let d = start + chrono::Days::new(offset);
            Line::raw(d.format("%m-%d").to_string())
        })
        .collect();
    let mut datasets = vec![
        Dataset::default()
            .marker(Marker::Braille)
            .graph_type(GraphType::Line)
            .style(super::tinted(Color::Cyan))
            .data(&points),
        Dataset::default()
            .marker(Marker::Dot)
            .graph_type(GraphType::Scatter)
            .style(super::tinted(Color::Cyan))
            .data(&points),
    ];
    for (data, due) in [
        (&due_open, Due::Open),
        (&due_late, Due::Late),
        (&due_done, Due::Done),
    ] {
        if !data.is_empty() {
            let (marker, _, style) = due_mark(due);
            datasets.push(
                Dataset::default()
                    .marker(marker)
                    .graph_type(GraphType::Scatter)
                    .style(style)
                    .data(data),
            );
        }
    }
    let y_labels: Vec<Line> = (1..=5).map(|s| Line::raw(s.to_string())).collect();
    let chart = Chart::new(datasets)
        .x_axis(
            Axis::default()
                .bounds([0.0, end])
                .labels(labels)
                .style(super::dim()),
        )
        .y_axis(
            Axis::default()
                .bounds([0.6, 5.6])
                .labels(y_labels)
                .style(super::dim()),
        )
        .legend_position(None);
    frame.render_widget(chart, area);
    true
}

/// The Moods tab: the caption, the chart (about half the height, at least 8 rows) and
/// `list` (the entries and open follow-ups) below, scrolled by the tab's scroll.
pub fn draw_tab(
    frame: &mut Frame,
    state: &ChildState,
    area: Rect,
    start: NaiveDate,
    today: NaiveDate,
    list: Vec<Line<'static>>,
) {
    use ratatui::layout::{Constraint, Layout};
    use ratatui::widgets::{Paragraph, Wrap};
    let chart_height = (area.height / 2).max(8).min(area.height.saturating_sub(2));
    let [caption_area, chart_area, list_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(chart_height),
        Constraint::Min(1),
    ])
    .areas(area);
    let drawn = draw(frame, state, chart_area, start, today);
    let caption = if drawn {
        caption()
    } else {
        Line::styled(tr!("care.chart.none_this_term"), super::dim())
    };
    frame.render_widget(ratatui::widgets::Paragraph::new(caption), caption_area);
    let scroll = state.scroll.min(list.len().saturating_sub(1)) as u16;
    frame.render_widget(
        Paragraph::new(list)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        list_area,
    );
}
