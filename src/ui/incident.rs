//! An incident in full (state, finding, report, events, corrections, closure) and the
//! one-line prompt used to add an event, close an incident or mark a follow-up done.

use super::{dim, heading, place_caret, text, urgent};
use crate::action::Action;
use crate::app::{App, HitAreas};
use crate::labels;
use crate::tr;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

fn field(label: String, value: String) -> Line<'static> {
    Line::from(vec![
        Span::styled(tr!("ui.field", label = label), heading()),
        Span::raw(value),
    ])
}

fn draw(frame: &mut Frame, view: &crate::app::IncidentView, area: Rect) {
    let i = &view.incident;
    let state = if i.is_open() {
        tr!("ui.child.open")
    } else {
        tr!("ui.child.closed")
    };
    let title = format!(
        "{} · {} · {}",
        text::safe(&view.child_name),
        text::safe(&labels::incident_kind_of(i.kind, &i.other)),
        state
    );
    let block = Block::default().borders(Borders::ALL).title(Span::styled(
        title,
        if i.is_open() { urgent() } else { heading() },
    ));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let time = |t: &crate::model::Timestamp| t.format("%Y-%m-%d %H:%M").to_string();
    let mut lines = vec![
        field(
            tr!("care.incident.kind"),
            text::safe(&labels::incident_kind_of(i.kind, &i.other)).into_owned(),
        ),
        field(tr!("care.incident.when"), time(&i.found_at)),
        field(
            tr!("care.incident.found"),
            text::safe(&i.found).into_owned(),
        ),
        field(
            tr!("care.incident.reporter"),
            text::safe(&view.staff_name(i.reported_by)).into_owned(),
        ),
        field(
            tr!("care.incident.office"),
            match &i.reported_at {
                Some(t) => format!("{}  {}", text::safe(&i.reported_to), time(t)),
                None => text::safe(&i.reported_to).into_owned(),
            },
        ),
        field(
            tr!("care.incident.receipt"),
            text::safe(&i.receipt).into_owned(),
        ),
        Line::raw(""),
        Line::styled(tr!("care.incident.events"), heading()),
    ];
    if i.events.is_empty() {
        lines.push(Line::styled(
            format!("  {}", tr!("care.incident.no_events")),
            dim(),
        ));
    }
    for e in &i.events {
        lines.push(Line::raw(format!(
            "  {}  {}  {}",
            time(&e.at),
            text::safe(&view.staff_name(e.by)),
            text::safe(&e.text)
        )));
    }
    if !i.revisions.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(tr!("care.incident.history"), heading()));
        for r in i.revisions.iter().rev() {
            lines.push(Line::styled(
                format!(
                    "  {}  {}",
                    time(&r.replaced_at),
                    tr!(
                        "care.incident.replaced_by",
                        name = text::safe(&view.staff_name(r.replaced_by))
                    )
                ),
                dim(),
            ));
            lines.push(Line::raw(format!(
                "    {} · {}",
                text::safe(&labels::incident_kind_of(r.kind, &r.other)),
                text::safe(&r.found)
            )));
            lines.push(Line::raw(format!(
                "    {}  {}",
                text::safe(&r.reported_to),
                text::safe(&r.receipt)
            )));
        }
    }
    lines.push(Line::raw(""));
    match &i.closed {
        Some(c) => lines.push(field(
            tr!("care.incident.closure"),
            format!(
                "{}  {}  {}",
                time(&c.at),
                text::safe(&view.staff_name(c.by)),
                text::safe(&c.reason)
            ),
        )),
        None => lines.push(Line::styled(
            tr!("care.incident.open_until_closed"),
            urgent(),
        )),
    }
    let scroll = view.scroll.min(lines.len().saturating_sub(1)) as u16;
    // One column kept free before the border: wrapped text never ends against it.
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll, 0)),
        Rect {
            width: inner.width.saturating_sub(1),
            ..inner
        },
    );
}

fn draw_prompt(frame: &mut Frame, prompt: &crate::app::Prompt, area: Rect) {
    let width = area.width.min(72);
    let [_, middle, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(6),
        Constraint::Fill(1),
    ])
    .areas(area);
    let boxed = Rect {
        x: area.x + (area.width - width) / 2,
        width,
        ..middle
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(prompt.title.clone(), heading()));
    let inner = block.inner(boxed);
    frame.render_widget(block, boxed);
    let typed = prompt.input.lines().join(" ");
    let hint = if prompt.purpose.requires_text() {
        tr!("care.prompt.required")
    } else {
        tr!("care.prompt.optional")
    };
    let lines = vec![
        Line::styled(
            text::fit(&text::safe(&prompt.subject), usize::from(inner.width)),
            dim(),
        ),
        Line::raw(""),
        Line::from(vec![
            Span::styled("> ", heading()),
            Span::raw(text::safe(&typed).into_owned()),
        ]),
        Line::styled(hint, dim()),
    ];
    frame.render_widget(Paragraph::new(lines), inner);
    let caret = Rect {
        x: inner.x + 2,
        y: inner.y + 2,
        width: inner.width.saturating_sub(2),
        height: 1,
    };
    if caret.y < inner.bottom() {
        place_caret(frame, caret, &prompt.input);
    }
}

impl super::Drawn for crate::app::IncidentView {
    fn draw(&self, frame: &mut Frame, _app: &App, area: Rect, _hits: &mut HitAreas) {
        draw(frame, self, area);
    }
    fn hints(&self, app: &App) -> Vec<String> {
        [
            super::hint(app, Action::AddEvent, tr!("care.hint.event")),
            super::hint(app, Action::CorrectIncident, tr!("care.hint.correct")),
            super::hint(app, Action::CloseIncident, tr!("care.hint.close")),
        ]
        .into_iter()
        .flatten()
        .collect()
    }
}

impl super::Drawn for crate::app::Prompt {
    fn draw(&self, frame: &mut Frame, _app: &App, area: Rect, _hits: &mut HitAreas) {
        draw_prompt(frame, self, area);
    }
    fn hints(&self, app: &App) -> Vec<String> {
        super::save_cancel(app)
    }
}
