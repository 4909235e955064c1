//! A child's timeline (every contact newest first, selected note, filter, search, history,
//! deleted notes greyed with their reason) and the "all my notes" search screen.

use super::{dim, heading, selected, text};
use crate::app::{App, ChildState, HitAreas, NoteSearchState};
use crate::labels;
use crate::model::Note;
use crate::tr;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

/// `s` in rows of at most `width` columns (`text::wrap`, the one rule).
pub fn wrap(s: &str, width: usize) -> Vec<String> {
    text::wrap(s, width)
}

/// The header line of a note: when, kind, who, duration, mood, group, edited.
fn head(n: &Note, who: &str) -> String {
    let mut head = format!(
        "{}  {}  {}",
        n.at.format("%Y-%m-%d %H:%M"),
        labels::note_kind(n.kind),
        text::safe(who)
    );
    if let Some(d) = n.duration_min {
        head.push_str(&format!("  {}", tr!("ui.child.minutes", minutes = d)));
    }
    if let Some(m) = n.mood {
        head.push_str(&format!("  {}", tr!("ui.child.mood_score", score = m)));
    }
    if n.children.len() > 1 {
        head.push_str(&format!(
            "  {}",
            tr!("ui.child.group", count = n.children.len())
        ));
    }
    // A deleted note says so first: the search lists it without its deletion line.
    if n.is_deleted() {
        head.push_str(&format!("  ({})", tr!("notes.deleted_tag")));
    } else if !n.revisions.is_empty() {
        head.push_str(&format!("  ({})", tr!("notes.edited")));
    }
    head
}

pub fn draw(frame: &mut Frame, s: &ChildState, area: Rect) {
    let t = &s.timeline;
    let prompt_rows = u16::from(t.deleting.is_some());
    let [bar, list, prompt] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(prompt_rows),
    ])
    .areas(area);
    // The bar: kind filter, search box, count.
    let kind = t
        .filter
        .map_or_else(|| tr!("notes.all_kinds"), labels::note_kind);
    let filter = tr!("notes.filter", kind = kind);
    let (shown, total) = t.counts(&s.notes);
    let count = crate::trn!("notes.count", total = total, shown = shown);
    let search_label = tr!("ui.field", label = tr!("notes.search"));
    let fixed = text::width(&filter) + text::width(&search_label) + text::width(&count) + 6;
    let box_width = usize::from(bar.width).saturating_sub(fixed).clamp(4, 40) as u16;
    let [f_area, s_label, s_box, c_area] = Layout::horizontal([
        Constraint::Length(text::width(&filter) as u16 + 3),
        Constraint::Length(text::width(&search_label) as u16),
        Constraint::Length(box_width),
        Constraint::Min(1),
    ])
    .areas(bar);
    frame.render_widget(Paragraph::new(Span::styled(filter, heading())), f_area);
    frame.render_widget(Paragraph::new(search_label), s_label);
    let box_style = Style::default().add_modifier(Modifier::UNDERLINED);
    frame.render_widget(
        Paragraph::new(Span::styled(text::safe(&t.query()).into_owned(), box_style))
            .style(box_style),
        s_box,
    );
    frame.render_widget(
        Paragraph::new(Span::styled(format!("  {count}"), dim())),
        c_area,
    );
    if t.search_focused && t.deleting.is_none() {
        super::place_caret(frame, s_box, &t.search);
    }

    // The indent, and one column kept free before the border: a wrapped row never ends
    // against it, so a row that does is one that was cut.
    let width = usize::from(list.width).saturating_sub(3);
    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut selected_span = (0, 0);
    if t.visible.is_empty() {
        let empty = if s.notes.is_empty() {
            tr!("ui.child.no_notes")
        } else {
            tr!("notes.no_match")
        };
        lines.push(Line::styled(empty, dim()));
    }
    for (pos, i) in t.visible.iter().enumerate() {
        let n = &s.notes[*i];
        let is_sel = pos == t.selected;
        let start = lines.len();
        let body_style = if n.is_deleted() {
            dim()
        } else {
            Style::default()
        };
        let head_style = match (is_sel, n.is_deleted()) {
            (true, _) => selected(),
            (false, true) => dim(),
            (false, false) => heading(),
        };
        lines.push(Line::styled(
            head(n, &s.staff_name(n.counselor)),
            head_style,
        ));
        if let Some(d) = &n.deleted {
            let mark = tr!(
                "notes.deleted_mark",
                reason = text::safe(&d.reason),
                who = text::safe(&s.staff_name(d.by)),
                when = d.at.format("%Y-%m-%d %H:%M")
            );
            for part in wrap(&mark, width) {
                lines.push(Line::styled(format!("  {part}"), dim()));
            }
        }
        for part in wrap(&n.text, width) {
            lines.push(Line::styled(format!("  {part}"), body_style));
        }
        if !n.support.is_empty() {
            let support = tr!("ui.child.support", what = text::safe(&n.support));
            lines.push(Line::styled(format!("  {support}"), body_style));
        }
        if is_sel && t.expanded {
            for r in n.revisions.iter().rev() {
                let title = tr!(
                    "notes.earlier",
                    when = r.replaced_at.format("%Y-%m-%d %H:%M"),
                    who = text::safe(&s.staff_name(r.replaced_by))
                );
                lines.push(Line::styled(format!("  ┆ {title}"), dim()));
                lines.push(Line::styled(
                    format!(
                        "  ┆ {}  {}",
                        r.at.format("%Y-%m-%d %H:%M"),
                        labels::note_kind(r.kind)
                    ),
                    dim(),
                ));
                for part in wrap(&r.text, width.saturating_sub(2)) {
                    lines.push(Line::styled(format!("  ┆ {part}"), dim()));
                }
            }
        }
        lines.push(Line::raw(""));
        if is_sel {
            selected_span = (start, lines.len());
        }
    }
    // Keep the selected note in view: from the top while it fits, else from its header.
    let height = usize::from(list.height);
    let offset = if selected_span.1 <= height {
        0
    } else {
        selected_span.0.min(lines.len().saturating_sub(height))
    };
    frame.render_widget(Paragraph::new(lines).scroll((offset as u16, 0)), list);

    if let Some(reason) = &t.deleting {
        let label = tr!("notes.delete_prompt");
        let lw = (text::width(&label) as u16 + 1).min(prompt.width / 2);
        let [l, r] = Layout::horizontal([Constraint::Length(lw), Constraint::Min(1)]).areas(prompt);
        frame.render_widget(Paragraph::new(Span::styled(label, super::urgent())), l);
        frame.render_widget(
            Paragraph::new(text::safe(&reason.lines().concat()).into_owned()),
            r,
        );
        super::place_caret(frame, r, reason);
    }
}

/// "All my notes": the search box on top, then each hit as a header and its first line.
fn draw_search(frame: &mut Frame, state: &crate::app::NoteSearchState, area: Rect) {
    let state: &NoteSearchState = state;
    let block = Block::default()
        .borders(Borders::ALL)
        .title(tr!("notes.search_title"));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [bar, list] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);
    let label = tr!("ui.field", label = tr!("notes.search"));
    let (shown, total) = state.counts();
    let count = crate::trn!("notes.count", total = total, shown = shown);
    let lw = text::width(&label) as u16;
    let cw = text::width(&count) as u16 + 2;
    let [l, b, c] = Layout::horizontal([
        Constraint::Length(lw),
        Constraint::Min(4),
        Constraint::Length(cw),
    ])
    .areas(Rect { height: 1, ..bar });
    frame.render_widget(Paragraph::new(label), l);
    let query = state.search.lines().concat();
    let shown = if query.is_empty() {
        Span::styled(tr!("notes.search_hint"), dim())
    } else {
        Span::styled(
            text::safe(&query).into_owned(),
            Style::default().add_modifier(Modifier::UNDERLINED),
        )
    };
    frame.render_widget(Paragraph::new(shown), b);
    frame.render_widget(Paragraph::new(Span::styled(count, dim())), c);
    super::place_caret(frame, b, &state.search);

    let per = 3usize;
    let rows = (usize::from(list.height) / per).max(1);
    let offset = state.selected.saturating_sub(rows - 1);
    let width = usize::from(list.width).saturating_sub(2);
    let mut lines = Vec::new();
    if state.hits.is_empty() {
        lines.push(Line::styled(tr!("notes.no_match"), dim()));
    }
    for (pos, i) in state.hits.iter().enumerate().skip(offset).take(rows) {
        let n = &state.notes[*i];
        let names: Vec<String> = n
            .children
            .iter()
            .map(|c| {
                state
                    .names
                    .get(c)
                    .cloned()
                    .unwrap_or_else(|| format!("#{c}"))
            })
            .collect();
        let style = if pos == state.selected {
            selected()
        } else if n.is_deleted() {
            dim()
        } else {
            heading()
        };
        lines.push(Line::styled(
            text::fit(
                &head(n, &text::safe(&names.join(&labels::list_separator()))),
                width + 2,
            ),
            style,
        ));
        let first = n.text.lines().next().unwrap_or("");
        lines.push(Line::raw(format!(
            "  {}",
            text::fit(&text::safe(first), width)
        )));
        lines.push(Line::raw(""));
    }
    frame.render_widget(Paragraph::new(lines), list);
}

impl super::Drawn for crate::app::NoteSearchState {
    fn draw(&self, frame: &mut Frame, _app: &App, area: Rect, _hits: &mut HitAreas) {
        draw_search(frame, self, area);
    }
}
