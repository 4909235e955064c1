//! An absence case (控辍保学): the header (the child, 旷课/辍学, the first day, what is known,
//! where the case stands), the bring-back attempts as a table oldest first, and the mandatory
//! reports raised from the case under it; the selected row is reversed.

use super::{dim, heading, selected, text, urgent};
use crate::action::Action;
use crate::app::{AbsenceRow, AbsenceState, App, HitAreas};
use crate::labels;
use crate::tr;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Row, Table, TableState, Wrap};

/// The lines above the attempts: what the case is and where it stands.
fn header(state: &AbsenceState, app: &App) -> Vec<Line<'static>> {
    let case = &state.case;
    let field = |label: String, value: String| {
        Line::from(vec![
            Span::styled(tr!("ui.field", label = label), heading()),
            Span::raw(value),
        ])
    };
    let mut lines = vec![field(
        tr!("absence.screen.first_day"),
        tr!(
            "absence.screen.registered",
            day = case.first_day.to_string(),
            on = case.registered_at.format("%Y-%m-%d").to_string(),
            by = text::safe(&state.staff_name(case.registered_by)).into_owned()
        ),
    )];
    let known = if case.note.is_empty() {
        tr!("absence.screen.nothing_known")
    } else {
        text::safe(&case.note).into_owned()
    };
    lines.push(field(tr!("absence.screen.known"), known));
    let after = app.config.absence_attempts;
    let state_line = match &case.closed {
        Some(c) => {
            let mut said = tr!(
                "absence.screen.closed",
                outcome = labels::absence_outcome(c.outcome),
                by = text::safe(&state.staff_name(c.by)).into_owned(),
                at = c.at.format("%Y-%m-%d %H:%M").to_string()
            );
            if !c.note.is_empty() {
                said = format!("{said} · {}", text::safe(&c.note));
            }
            Line::from(vec![
                Span::styled(
                    tr!("ui.field", label = tr!("absence.screen.state")),
                    heading(),
                ),
                Span::raw(said),
            ])
        }
        None => {
            let mut spans = vec![
                Span::styled(
                    tr!("ui.field", label = tr!("absence.screen.state")),
                    heading(),
                ),
                Span::raw(crate::trn!(
                    "absence.screen.open",
                    count = case.failed_attempts(),
                    after = after
                )),
            ];
            if let Some(at) = case.report_printed {
                spans.push(Span::raw(tr!(
                    "absence.screen.printed",
                    at = at.format("%Y-%m-%d %H:%M").to_string()
                )));
            } else if state.report_due(after) {
                spans.push(Span::raw(" · "));
                spans.push(Span::styled(tr!("absence.screen.report_due"), urgent()));
            }
            Line::from(spans)
        }
    };
    lines.push(state_line);
    lines
}

fn draw(frame: &mut Frame, app: &App, state: &AbsenceState, area: Rect, hits: &mut HitAreas) {
    let case = &state.case;
    let c = &state.child;
    let title = format!(
        "{} · {} · {}",
        tr!("absence.screen.title"),
        text::safe(&c.name),
        text::safe(&c.class),
    );
    let mut title_spans = vec![Span::raw(title), Span::raw(" ·")];
    let kind = format!(" {} ", labels::absence_kind(case.kind));
    title_spans.push(Span::styled(
        kind,
        if case.is_open() { urgent() } else { heading() },
    ));
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Line::from(title_spans));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let head = header(state, app);
    let width = usize::from(inner.width).max(1);
    let head_rows: usize = head.iter().map(|l| l.width().div_ceil(width).max(1)).sum();
    let [head_area, _, list_title, list_area] = Layout::vertical([
        Constraint::Length(head_rows as u16),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(inner);
    frame.render_widget(Paragraph::new(head).wrap(Wrap { trim: false }), head_area);
    frame.render_widget(
        Paragraph::new(Line::styled(
            crate::trn!("absence.screen.attempts", count = case.attempts.len()),
            heading(),
        )),
        list_title,
    );
    draw_rows(frame, state, list_area, hits);
}

/// The attempts (a table, oldest first) and the reports raised from the case, one list.
fn draw_rows(frame: &mut Frame, state: &AbsenceState, area: Rect, hits: &mut HitAreas) {
    // Each cell is cut to its column with "…"; what came of it takes what is left, and the
    // wider columns come once it keeps some 30 columns with them.
    let wide = area.width >= 96;
    let mut columns: [usize; 6] = if wide {
        [10, 16, 16, 14, 0, 8]
    } else {
        [10, 10, 8, 6, 0, 6]
    };
    let fixed: usize = columns.iter().sum::<usize>() + columns.len() - 1;
    columns[4] = usize::from(area.width).saturating_sub(fixed).max(6);
    let widths = columns.map(|w| Constraint::Length(w as u16));
    let cells = |texts: [String; 6]| {
        let mut cells = texts
            .into_iter()
            .zip(columns)
            .map(|(t, w)| text::fit(&t, w));
        std::array::from_fn::<String, 6, _>(|_| cells.next().unwrap_or_default())
    };
    let header = Row::new(cells([
        tr!("absence.col.on"),
        tr!("absence.col.went"),
        tr!("absence.col.way"),
        tr!("absence.col.met"),
        tr!("absence.col.result"),
        tr!("absence.col.still_away"),
    ]))
    .style(heading());
    let mut rows: Vec<Row> = Vec::new();
    for i in 0..state.rows() {
        let row = match state.row(i) {
            Some(AbsenceRow::Attempt(a)) => {
                let Some(a) = state.case.attempts.get(a) else {
                    continue;
                };
                let away = if a.failed {
                    tr!("ui.yes")
                } else {
                    tr!("ui.no")
                };
                Row::new(cells([
                    a.on.to_string(),
                    text::safe(&a.went).into_owned(),
                    labels::attempt_way(a.way),
                    text::safe(&a.met).into_owned(),
                    text::safe(&a.result).into_owned(),
                    away,
                ]))
            }
            Some(AbsenceRow::Incident(n)) => {
                let Some(inc) = state.incidents.get(n) else {
                    continue;
                };
                let open = if inc.is_open() {
                    tr!("ui.child.open")
                } else {
                    tr!("ui.child.closed")
                };
                // The report in the attempts' columns: who is the report, how its kind,
                // what came of it what was found, and whether it is still open.
                Row::new(cells([
                    inc.found_at.format("%Y-%m-%d").to_string(),
                    tr!("absence.screen.raised"),
                    labels::incident_kind_of(inc.kind, &inc.other),
                    String::new(),
                    text::safe(&inc.found).into_owned(),
                    open,
                ]))
                .style(if inc.is_open() { urgent() } else { dim() })
            }
            None => continue,
        };
        rows.push(row);
    }
    if rows.is_empty() {
        let [head, body] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
        frame.render_widget(Paragraph::new(Line::from("")), head);
        frame.render_widget(
            Paragraph::new(Line::styled(tr!("absence.screen.no_attempts"), dim())),
            body,
        );
        return;
    }
    let table = Table::new(rows, widths)
        .header(header)
        .column_spacing(1)
        .row_highlight_style(selected());
    let mut table_state = TableState::default().with_selected(Some(state.selected));
    frame.render_stateful_widget(table, area, &mut table_state);
    let body = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(1),
        ..area
    };
    hits.list = Some((body, table_state.offset()));
}

impl super::Drawn for AbsenceState {
    fn draw(&self, frame: &mut Frame, app: &App, area: Rect, hits: &mut HitAreas) {
        draw(frame, app, self, area, hits);
    }
    fn hints(&self, app: &App) -> Vec<String> {
        let mut hints = Vec::new();
        if self.case.is_open() {
            hints.extend([
                super::hint(app, Action::LogAttempt, tr!("absence.hint.attempt")),
                super::hint(app, Action::PrintAbsenceReport, tr!("absence.hint.print")),
                super::hint(app, Action::CloseAbsence, tr!("absence.hint.close")),
                super::hint(app, Action::NewIncident, tr!("absence.hint.incident")),
            ]);
        }
        if matches!(self.row(self.selected), Some(AbsenceRow::Incident(_))) {
            hints.push(super::hint(app, Action::Open, tr!("ui.hint.open")));
        }
        hints.into_iter().flatten().collect()
    }
}
