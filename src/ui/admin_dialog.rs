//! The Admin screen's dialogs, drawn in a box over the screen: a new staff member (then their
//! first passphrase, masked as on the start screen), a role, the classes led, a new
//! passphrase, the counselor to assign to, a handover.

use super::{dim, heading, place_caret, selected, text};
use crate::app::{
    AdminState, ClassPick, Dialog, HandoverField, HandoverForm, StaffField, StaffForm,
};
use crate::model::Role;
use crate::tr;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

pub fn draw(frame: &mut Frame, state: &AdminState, keys: &super::start::AskKeys, area: Rect) {
    let Some(dialog) = &state.dialog else {
        return;
    };
    // As wide as the screen: a box that began mid-screen could cut a Chinese character of
    // the list below in half, and the terminal would draw the half over its border.
    let popup = Rect {
        y: area.y + 1,
        height: area.height.saturating_sub(2).min(20),
        ..area
    };
    frame.render_widget(Clear, popup);
    let title = match dialog {
        Dialog::AddStaff(_) => tr!("admin.dialog.add_title"),
        Dialog::Role { name, .. } => tr!("admin.dialog.role_title", name = text::safe(name)),
        Dialog::Classes { name, .. } => {
            tr!("admin.dialog.classes_title", name = text::safe(name))
        }
        Dialog::Passphrase { ask, .. } => {
            tr!(
                "admin.dialog.passphrase_title",
                name = text::safe(&ask.name)
            )
        }
        Dialog::Assign { .. } => tr!("admin.dialog.assign_title"),
        Dialog::Handover(_) => tr!("admin.dialog.handover_title"),
    };
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(title, heading()));
    let inner = block.inner(popup);
    frame.render_widget(block, popup);
    if let Some(ask) = dialog.ask() {
        let intro = match dialog {
            Dialog::AddStaff(_) => tr!(
                "admin.dialog.first_passphrase",
                name = text::safe(&ask.name)
            ),
            _ => tr!("admin.dialog.new_passphrase", name = text::safe(&ask.name)),
        };
        let [top, rest] =
            Layout::vertical([Constraint::Length(3), Constraint::Min(3)]).areas(inner);
        frame.render_widget(Paragraph::new(intro).wrap(Wrap { trim: true }), top);
        super::start::draw_ask_fields(frame, ask, keys, rest);
        return;
    }
    match dialog {
        Dialog::AddStaff(form) => draw_staff_form(frame, form, inner),
        Dialog::Role { role, .. } => {
            let lines: Vec<Line> = Role::ALL
                .iter()
                .map(|r| choice_line(&crate::labels::role(*r), r == role))
                .collect();
            frame.render_widget(Paragraph::new(lines), inner);
        }
        Dialog::Classes { pick, .. } => draw_pick(frame, pick, inner, true),
        Dialog::Assign {
            children,
            options,
            selected: at,
        } => {
            let [intro, list] =
                Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);
            frame.render_widget(
                Paragraph::new(tr!("admin.dialog.assign_intro", count = children.len()))
                    .wrap(Wrap { trim: true }),
                intro,
            );
            let height = usize::from(list.height).max(1);
            let first = at.saturating_sub(height - 1);
            let lines: Vec<Line> = options
                .iter()
                .enumerate()
                .skip(first)
                .take(height)
                .map(|(i, (_, name, n))| {
                    choice_line(
                        &tr!(
                            "admin.dialog.with_children",
                            name = text::safe(name),
                            count = n
                        ),
                        i == *at,
                    )
                })
                .collect();
            frame.render_widget(Paragraph::new(lines), list);
        }
        Dialog::Handover(form) => draw_handover(frame, form, inner),
        Dialog::Passphrase { .. } => {}
    }
}

fn choice_line(label: &str, chosen: bool) -> Line<'static> {
    let line = Line::raw(format!(" {} {label} ", if chosen { '›' } else { ' ' }));
    if chosen { line.style(selected()) } else { line }
}

/// A label and its value on one row, the value highlighted when it has the focus.
fn field(label: &str, value: Vec<Span<'static>>, focused: bool) -> Line<'static> {
    let mut spans = vec![Span::styled(format!("{label} "), heading())];
    spans.extend(value);
    let line = Line::from(spans);
    if focused {
        line.style(selected())
    } else {
        line
    }
}

fn draw_staff_form(frame: &mut Frame, form: &StaffForm, area: Rect) {
    let [name_row, role_row, classes_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Min(1),
    ])
    .areas(area);
    let name_label = tr!("admin.dialog.name");
    let typed = form.name.lines().concat();
    frame.render_widget(
        Paragraph::new(field(
            &name_label,
            vec![Span::raw(text::safe(&typed).into_owned())],
            form.focus == StaffField::Name,
        )),
        name_row,
    );
    if form.focus == StaffField::Name {
        let caret = Rect {
            x: name_row.x + text::width(&name_label) as u16 + 1,
            ..name_row
        };
        place_caret(frame, caret, &form.name);
    }
    frame.render_widget(
        Paragraph::new(field(
            &tr!("admin.dialog.role"),
            vec![Span::raw(format!("‹ {} ›", crate::labels::role(form.role)))],
            form.focus == StaffField::Role,
        )),
        role_row,
    );
    if form.role == Role::HeadTeacher {
        let [label, list] =
            Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(classes_area);
        frame.render_widget(
            Paragraph::new(Span::styled(tr!("admin.dialog.classes"), heading())),
            label,
        );
        draw_pick(
            frame,
            &form.classes,
            list,
            form.focus == StaffField::Classes,
        );
    }
}

/// Ticks over the classes on the roster; the selected one shown when the list has the focus.
fn draw_pick(frame: &mut Frame, pick: &ClassPick, area: Rect, focused: bool) {
    if pick.options.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(tr!("admin.dialog.no_classes"), dim()))
                .wrap(Wrap { trim: true }),
            area,
        );
        return;
    }
    let height = usize::from(area.height).max(1);
    let first = pick.selected.saturating_sub(height - 1);
    let lines: Vec<Line> = pick
        .options
        .iter()
        .zip(&pick.ticked)
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, (class, ticked))| {
            let line = Line::raw(format!(
                " [{}] {}",
                if *ticked { 'x' } else { ' ' },
                text::safe(class)
            ));
            if focused && i == pick.selected {
                line.style(selected())
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), area);
}

fn draw_handover(frame: &mut Frame, form: &HandoverForm, area: Rect) {
    let [from_row, to_row, date_row, _, summary] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(area);
    let person = |c: Option<&(crate::model::CounselorId, String, usize)>| match c {
        Some((_, name, n)) => tr!(
            "admin.dialog.with_children",
            name = text::safe(name),
            count = n
        ),
        None => String::new(),
    };
    frame.render_widget(
        Paragraph::new(field(
            &tr!("admin.dialog.from"),
            vec![Span::raw(format!("‹ {} ›", person(form.giver())))],
            form.focus == HandoverField::From,
        )),
        from_row,
    );
    frame.render_widget(
        Paragraph::new(field(
            &tr!("admin.dialog.to"),
            vec![Span::raw(format!("‹ {} ›", person(form.taker())))],
            form.focus == HandoverField::To,
        )),
        to_row,
    );
    let date_label = tr!("admin.dialog.date");
    let typed = form.date.lines().concat();
    frame.render_widget(
        Paragraph::new(field(
            &date_label,
            vec![Span::raw(text::safe(&typed).into_owned())],
            form.focus == HandoverField::Date,
        )),
        date_row,
    );
    if form.focus == HandoverField::Date {
        let caret = Rect {
            x: date_row.x + text::width(&date_label) as u16 + 1,
            ..date_row
        };
        place_caret(frame, caret, &form.date);
    }
    let (from, to) = (
        form.giver().map(|g| g.1.as_str()).unwrap_or(""),
        form.taker().map(|t| t.1.as_str()).unwrap_or(""),
    );
    let (from, to, date, count) = (text::safe(from), text::safe(to), typed.trim(), form.count());
    let text = if form.chosen().is_empty() {
        tr!(
            "admin.dialog.handover_all",
            from = from,
            to = to,
            date = date,
            count = count
        )
    } else {
        tr!(
            "admin.dialog.handover_some",
            from = from,
            to = to,
            date = date,
            count = count
        )
    };
    frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), summary);
}
