//! The audit screen: the filters in force (how many events they keep, in the frame), then
//! the events, newest first: time, who, what, which record, detail. Only the rows that fit are
//! built (a county's trail holds hundreds of thousands of events). A one-line question for a
//! child or a day at the bottom.

use super::{dim, heading, place_caret, selected, text};
use crate::app::{App, AuditState, HitAreas};
use crate::labels;
use crate::tr;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table, TableState, Wrap};

fn draw(frame: &mut Frame, state: &crate::app::AuditState, area: Rect, hits: &mut HitAreas) {
    let count = tr!(
        "audit.count",
        shown = state.shown.len(),
        total = state.trail.events.len()
    );
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(tr!("audit.title"), heading()))
        .title(Line::styled(count, dim()).right_aligned());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // The filters take a second row when they do not fit on one (a narrow screen, all set).
    let filters = filters_line(state);
    let filter_rows = if filters.width() > usize::from(inner.width) {
        2
    } else {
        1
    };
    let [filters_area, table_area, prompt_area] = Layout::vertical([
        Constraint::Length(filter_rows),
        Constraint::Min(1),
        Constraint::Length(u16::from(state.prompt.is_some())),
    ])
    .areas(inner);
    frame.render_widget(
        Paragraph::new(filters).wrap(Wrap { trim: true }),
        filters_area,
    );
    if let Some(prompt) = &state.prompt {
        let question = format!("{} ", prompt.question());
        let typed = prompt.input.lines().join(" ");
        let line = Line::from(vec![
            Span::styled(question.clone(), heading()),
            Span::raw(text::safe(&typed).into_owned()),
        ]);
        frame.render_widget(Paragraph::new(line), prompt_area);
        let caret = Rect {
            x: prompt_area.x + text::width(&question) as u16,
            ..prompt_area
        };
        place_caret(frame, caret, &prompt.input);
    }
    if state.shown.is_empty() {
        let msg = if state.trail.events.is_empty() {
            tr!("audit.empty")
        } else {
            tr!("audit.no_match")
        };
        let block = Block::default().borders(Borders::TOP);
        let below = block.inner(table_area);
        frame.render_widget(block, table_area);
        frame.render_widget(Paragraph::new(msg), below);
        return;
    }
    let wide = area.width >= 120;
    // Each cell is cut to its column with "…"; the detail takes what is left.
    let mut columns: [usize; 5] = if wide {
        [19, 20, 18, 24, 0]
    } else {
        [16, 14, 10, 14, 0]
    };
    let fixed: usize = columns.iter().sum::<usize>() + columns.len() - 1;
    columns[4] = usize::from(table_area.width).saturating_sub(fixed).max(8);
    let widths = columns.map(|w| Constraint::Length(w as u16));
    let cells = |texts: [String; 5]| {
        let mut cells = texts
            .into_iter()
            .zip(columns)
            .map(|(t, w)| text::fit(&t, w));
        std::array::from_fn::<String, 5, _>(|_| cells.next().unwrap_or_default())
    };
    let time_format = if wide {
        "%Y-%m-%d %H:%M:%S"
    } else {
        "%Y-%m-%d %H:%M"
    };
    let header = Row::new(cells([
        tr!("audit.col.time"),
        tr!("audit.col.who"),
        tr!("audit.col.action"),
        tr!("audit.col.record"),
        tr!("audit.col.detail"),
    ]))
    .style(heading());
    let height = usize::from(table_area.height.saturating_sub(1)).max(1);
    let offset = state.selected.saturating_sub(height - 1);
    let rows: Vec<Row> = state
        .shown
        .iter()
        .skip(offset)
        .take(height)
        .map(|&i| {
            let e = &state.trail.events[i];
            Row::new(cells([
                e.at.format(time_format).to_string(),
                text::safe(&state.trail.who(&e.actor)).into_owned(),
                labels::audit_action(e.action),
                text::safe(&state.trail.record(e.target)).into_owned(),
                text::safe(&state.trail.detail(e)).into_owned(),
            ]))
        })
        .collect();
    let table = Table::new(rows, widths)
        .header(header)
        .column_spacing(1)
        .row_highlight_style(selected());
    let mut table_state = TableState::default().with_selected(Some(state.selected - offset));
    frame.render_stateful_widget(table, table_area, &mut table_state);
    let body = Rect {
        y: table_area.y + 1,
        height: table_area.height.saturating_sub(1),
        ..table_area
    };
    hits.list = Some((body, offset + table_state.offset()));
}

/// The filters in force, the ones set in bold.
fn filters_line(state: &AuditState) -> Line<'static> {
    let all = tr!("audit.filter.all");
    let f = &state.filter;
    let person = f
        .person
        .as_ref()
        .map_or_else(|| all.clone(), |p| state.trail.who(p));
    let action = f.action.map_or_else(|| all.clone(), labels::audit_action);
    let child = state.child_label.clone().unwrap_or_else(|| all.clone());
    let days = match (f.from, f.to) {
        (None, None) => tr!("audit.filter.days_any"),
        (Some(from), None) => tr!("audit.filter.days_from", from = from),
        (None, Some(to)) => tr!("audit.filter.days_to", to = to),
        (Some(from), Some(to)) => tr!("audit.filter.days", from = from, to = to),
    };
    let active = |on: bool| if on { heading() } else { dim() };
    let sep = || Span::styled(" · ", dim());
    Line::from(vec![
        Span::styled(
            text::safe(&tr!("audit.filter.person", value = person)).into_owned(),
            active(f.person.is_some()),
        ),
        sep(),
        Span::styled(
            tr!("audit.filter.action", value = action),
            active(f.action.is_some()),
        ),
        sep(),
        Span::styled(
            text::safe(&tr!("audit.filter.child", value = child)).into_owned(),
            active(f.child.is_some()),
        ),
        sep(),
        Span::styled(days, active(f.from.is_some() || f.to.is_some())),
    ])
}

/// The keys of the status line: the filters and the export, or the question's own.
fn hints(app: &App, state: &AuditState) -> Vec<String> {
    use crate::action::Action;
    use crate::keymap::Context;
    let hint = |ctx: Context, a: Action, key: &str| {
        app.keymap
            .key_for(ctx, a)
            .map(|k| format!("{k} {}", crate::i18n::text(key)))
    };
    if state.prompt.is_some() {
        return [
            hint(Context::Prompt, Action::Save, "audit.hint.confirm"),
            hint(Context::Prompt, Action::Cancel, "audit.hint.cancel"),
        ]
        .into_iter()
        .flatten()
        .collect();
    }
    [
        (Action::FilterPerson, "audit.hint.person"),
        (Action::FilterAction, "audit.hint.action"),
        (Action::FilterChild, "audit.hint.child"),
        (Action::FilterFrom, "audit.hint.from"),
        (Action::FilterTo, "audit.hint.to"),
        (Action::ClearFilters, "audit.hint.clear"),
        (Action::Export, "audit.hint.export"),
    ]
    .into_iter()
    .filter_map(|(a, key)| hint(Context::Audit, a, key))
    .collect()
}

impl super::Drawn for crate::app::AuditState {
    fn draw(&self, frame: &mut Frame, _app: &App, area: Rect, hits: &mut HitAreas) {
        draw(frame, self, area, hits);
    }
    fn hints(&self, app: &App) -> Vec<String> {
        hints(app, self)
    }
}
