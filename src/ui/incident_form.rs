//! The incident form: the kind as a choice, the rest as one-line inputs, the reporter shown
//! (the person logged in), suggested offices under the office field.

use super::mood_form::{keys_line, row};
use super::{dim, place_caret, selected, text, urgent};
use crate::action::Action;
use crate::app::{App, HitAreas, IncidentField, incident_form::office_suggestions};
use crate::labels;
use crate::tr;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

fn draw(
    frame: &mut Frame,
    app: &App,
    form: &crate::app::IncidentForm,
    area: Rect,
    hits: &mut HitAreas,
) {
    let title = if form.original.is_some() {
        tr!(
            "care.incident.correct_title",
            name = text::safe(&form.child_name)
        )
    } else {
        tr!(
            "care.incident.new_title",
            name = text::safe(&form.child_name)
        )
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(title, urgent()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let reporter_label = tr!("care.incident.reporter");
    let width = IncidentField::ALL
        .iter()
        .map(|f| text::width(&f.label()))
        .chain([text::width(&reporter_label)])
        .max()
        .unwrap_or(8);
    // Each value has the rest of its row, and is cut (with …) rather than wrapped, so the
    // rows stay where the caret is put.
    let room = usize::from(inner.width).saturating_sub(width + 1);
    let mut lines = Vec::new();
    let mut caret = None;
    for f in form.fields() {
        let focused = form.focus == f;
        let value: Vec<Span<'static>> = match f {
            IncidentField::Kind => {
                let k = labels::incident_kind(form.kind());
                let v = if focused { format!("◀ {k} ▶") } else { k };
                vec![Span::raw(v)]
            }
            IncidentField::When | IncidentField::ReportedAt if !form.editable(f) => {
                let fixed = if f == IncidentField::When {
                    &form.when
                } else {
                    &form.reported_at
                };
                vec![Span::styled(fixed.lines().join(""), dim())]
            }
            _ => {
                let input = match f {
                    IncidentField::Other => &form.other,
                    IncidentField::Found => &form.found,
                    IncidentField::When => &form.when,
                    IncidentField::Office => &form.office,
                    IncidentField::ReportedAt => &form.reported_at,
                    _ => &form.receipt,
                };
                if focused {
                    caret = Some((lines.len(), input));
                }
                let typed = input.lines().join(" ");
                if typed.is_empty() && !focused {
                    let hint = match f {
                        IncidentField::Other => tr!("care.incident.other_hint"),
                        IncidentField::Office => tr!("care.incident.office_hint"),
                        IncidentField::Receipt => tr!("care.incident.receipt_hint"),
                        IncidentField::ReportedAt => tr!("care.incident.reported_at_hint"),
                        _ => String::new(),
                    };
                    vec![Span::styled(text::fit(&hint, room), dim())]
                } else if focused {
                    // Where the typing is: the end, when it is longer than the row.
                    vec![Span::raw(text::fit_tail(&text::safe(&typed), room))]
                } else {
                    vec![Span::raw(text::fit(&text::safe(&typed), room))]
                }
            }
        };
        let style = if focused {
            selected()
        } else {
            Style::default()
        };
        lines.push(row(&f.label(), width, value).style(style));
        if f == IncidentField::Office && focused {
            let offices = office_suggestions();
            let mut spans = vec![Span::styled(tr!("care.incident.suggest"), dim())];
            for (i, o) in offices.iter().enumerate() {
                let s = if form.suggestion == Some(i) {
                    selected()
                } else {
                    dim()
                };
                spans.push(Span::raw(" "));
                spans.push(Span::styled(o.clone(), s));
            }
            lines.push(row("", width, text::fit_spans(spans, room)));
        }
    }
    lines.push(row(
        &reporter_label,
        width,
        vec![Span::raw(text::safe(&form.reporter).into_owned())],
    ));
    if let Some(o) = &form.original
        && !o.revisions.is_empty()
    {
        lines.push(Line::styled(
            crate::trn!("care.incident.revisions_kept", count = o.revisions.len()),
            dim(),
        ));
    }
    lines.push(Line::raw(""));
    lines.push(Line::styled(tr!("care.incident.never_deleted"), dim()));
    lines.push(keys_line(
        app,
        &[
            (
                &[Action::PrevChoice, Action::NextChoice],
                "/",
                tr!("care.keys.kind"),
            ),
            (
                &[Action::SelectPrev, Action::SelectNext],
                "/",
                tr!("care.keys.office"),
            ),
            (&[Action::NextField], "", tr!("care.keys.next_field")),
            (&[Action::Save], "", tr!("ui.hint.save")),
        ],
    ));
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some((r, input)) = caret {
        let x = inner.x + width as u16 + 1;
        let rect = Rect {
            x,
            y: inner.y + r as u16,
            width: inner.right().saturating_sub(x),
            height: 1,
        };
        if rect.y < inner.bottom() {
            place_caret(frame, rect, input);
        }
    }
    hits.list = Some((inner, 0));
}

impl super::Drawn for crate::app::IncidentForm {
    fn draw(&self, frame: &mut Frame, app: &App, area: Rect, hits: &mut HitAreas) {
        draw(frame, app, self, area, hits);
    }
    fn hints(&self, app: &App) -> Vec<String> {
        super::save_cancel(app)
    }
}
