//! The child's archive: a tab bar and the tab's content, scrollable.

use super::{dim, heading, text, urgent};
use crate::action::Action;
use crate::app::{App, ChildState, ChildTab, HitAreas};
use crate::labels;
use crate::model::{ChildStatus, Enrolment, MoodSource};
use crate::tr;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Tabs, Wrap};

fn draw(frame: &mut Frame, app: &App, state: &crate::app::ChildState, area: Rect) {
    let c = &state.child;
    let title = format!(
        "{} · {} · {}",
        text::safe(&c.name),
        text::safe(&c.class),
        crate::trn!("ui.child.age", age = c.age_on(app.today))
    );
    // An open mandatory report is the first thing anyone opening the archive sees.
    let open_incidents = state.incidents.iter().filter(|i| i.is_open()).count();
    let mut title_spans = vec![Span::raw(title)];
    if open_incidents > 0 {
        // The separator too, so that without colour the badge still reads apart from the age.
        title_spans.push(Span::raw(" ·"));
        title_spans.push(Span::styled(
            format!(
                " {} ",
                crate::trn!("care.incident.open_badge", count = open_incidents)
            ),
            urgent(),
        ));
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Line::from(title_spans));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let [tabs_area, body] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(inner);
    let titles: Vec<String> = ChildTab::ALL.iter().map(|t| t.title()).collect();
    let index = ChildTab::ALL
        .iter()
        .position(|t| *t == state.tab)
        .unwrap_or(0);
    frame.render_widget(
        Tabs::new(titles)
            .select(index)
            .highlight_style(super::selected()),
        tabs_area,
    );
    if state.tab == ChildTab::Moods && !state.moods.is_empty() {
        let start = crate::domain::care::term_start(&app.config, app.today);
        // Open follow-ups first (overdue in red), then the entries, newest first.
        let mut list: Vec<Line<'static>> = state
            .followups
            .iter()
            .filter(|f| f.is_open())
            .map(|f| {
                let style = if f.due < app.today {
                    urgent()
                } else {
                    heading()
                };
                Line::styled(
                    format!(
                        "{} {}  {}",
                        tr!("care.chart.follow_up"),
                        f.due,
                        text::safe(&f.text)
                    ),
                    style,
                )
            })
            .collect();
        list.extend(moods(state).into_iter().skip(2));
        super::mood_chart::draw_tab(frame, state, body, start, app.today, list);
        return;
    }
    if state.tab == ChildTab::Timeline {
        super::timeline::draw(frame, state, body);
        return;
    }
    let lines = match state.tab {
        ChildTab::Profile => profile(state),
        ChildTab::Timeline => Vec::new(),
        ChildTab::Moods => moods(state),
        ChildTab::Incidents => incidents(state),
        ChildTab::Assignments => assignments(state),
        ChildTab::Absences => absences(state, app),
    };
    // One column kept free before the border: wrapped text never ends against it, and the
    // scroll marks go there.
    let text_area = Rect {
        width: body.width.saturating_sub(1),
        ..body
    };
    let wrap_width = usize::from(text_area.width).max(1);
    let rows: usize = lines
        .iter()
        .map(|l| l.width().div_ceil(wrap_width).max(1))
        .sum();
    let height = usize::from(body.height);
    let scroll = state.scroll.min(rows.saturating_sub(height));
    frame.render_widget(
        Paragraph::new(lines)
            .wrap(Wrap { trim: false })
            .scroll((scroll as u16, 0)),
        text_area,
    );
    // More above or below: said in the free column, so j/k are seen to do something.
    let mark_x = body.x + body.width.saturating_sub(1);
    if scroll > 0 && body.height > 0 {
        frame.render_widget(
            Paragraph::new("↑").style(dim()),
            Rect::new(mark_x, body.y, 1, 1),
        );
    }
    if scroll + height < rows && body.height > 0 {
        let y = body.y + body.height - 1;
        frame.render_widget(Paragraph::new("↓").style(dim()), Rect::new(mark_x, y, 1, 1));
    }
}

fn field(label: String, value: &str) -> Line<'static> {
    Line::from(vec![
        Span::styled(tr!("ui.field", label = label), heading()),
        Span::raw(text::safe(value).into_owned()),
    ])
}

fn profile(s: &ChildState) -> Vec<Line<'static>> {
    let c = &s.child;
    let hidden = tr!("ui.child.hidden");
    let private = |v: &str| {
        if s.show_private {
            v.to_string()
        } else {
            hidden.clone()
        }
    };
    let gender = labels::gender(c.gender);
    let yes_no = |b: Option<bool>| match b {
        Some(true) => tr!("ui.yes"),
        Some(false) => tr!("ui.no"),
        None => String::new(),
    };
    let parent = |p: &crate::model::Parent| {
        let mut v = p.name.clone();
        if s.show_private {
            v = format!("{v}  {}  {}", p.work_place, p.phone);
        }
        v
    };
    let g = &c.guardian;
    let mut lines = vec![
        field(
            tr!("ui.child.student_id"),
            c.student_id.as_deref().unwrap_or(""),
        ),
        field(tr!("ui.child.gender"), &gender),
        field(tr!("ui.child.birth_date"), &c.birth_date.to_string()),
        field(tr!("ui.child.village"), &c.village),
        field(
            tr!("ui.child.left_behind_type"),
            &labels::left_behind_type(&c.left_behind_type),
        ),
        field(tr!("ui.child.boarding"), &yes_no(c.boarding)),
        field(
            tr!("ui.child.flags"),
            &labels::flags(c.flags.iter().copied()),
        ),
        field(
            tr!("ui.child.concerns"),
            &labels::concerns(c.concerns.iter().copied()),
        ),
        field(tr!("ui.child.personality"), &c.personality),
        field(tr!("ui.child.hobbies"), &c.hobbies),
        field(
            tr!("ui.child.guardian"),
            &format!(
                "{} {}  {}",
                g.name,
                g.relation,
                private(&format!("{}  {}", g.phone, g.address))
            ),
        ),
    ];
    // What the plan's definition asks (child layout 2), shown once recorded: a child of an
    // older layout, or one nobody asked yet, has none of it.
    if c.guardian_capacity.is_some() {
        lines.push(field(
            tr!("ui.child.guardian_capacity"),
            &labels::capacity(c.guardian_capacity),
        ));
    }
    let entrusted = labels::entrustment(&c.entrustment);
    if !entrusted.is_empty() {
        lines.push(field(tr!("ui.child.entrustment"), &entrusted));
    }
    lines.extend([
        field(tr!("ui.child.father"), &parent(&c.father)),
        field(tr!("ui.child.mother"), &parent(&c.mother)),
        field(tr!("ui.child.medical"), &private(&c.medical_history)),
        field(tr!("ui.child.remarks"), &c.remarks),
    ]);
    for st in &c.study {
        lines.push(field(
            tr!("ui.child.study", term = labels::term(&st.term)),
            &st.text,
        ));
    }
    let status = match &c.status {
        ChildStatus::Active => tr!("ui.child.active"),
        ChildStatus::Left { date, reason, note } => format!(
            "{} {date} {} {note}",
            tr!("ui.child.left"),
            labels::leave_reason(*reason)
        ),
    };
    // Every child is at school until an absence case says otherwise: only that is news.
    if c.enrolment != Enrolment::AtSchool {
        lines.push(field(
            tr!("ui.child.enrolment"),
            &labels::enrolment(c.enrolment),
        ));
    }
    lines.push(field(tr!("ui.child.status"), &status));
    let open: Vec<_> = s.followups.iter().filter(|f| f.is_open()).collect();
    if !open.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(tr!("ui.child.open_followups"), heading()));
        for f in open {
            lines.push(Line::raw(format!("  {}  {}", f.due, text::safe(&f.text))));
        }
    }
    lines
}

fn moods(s: &ChildState) -> Vec<Line<'static>> {
    if s.moods.is_empty() {
        return vec![Line::styled(tr!("ui.child.no_moods"), dim())];
    }
    let scores: Vec<u8> = s.moods.iter().map(|m| m.score).collect();
    let mut lines = vec![
        Line::raw(format!(
            "{}  {}",
            tr!("ui.child.trend"),
            text::sparkline(&scores)
        )),
        Line::raw(""),
    ];
    for m in s.moods.iter().rev() {
        // The mood form's feelings and remark, or the note the mood was observed in.
        let detail = match m.source {
            MoodSource::Entry(id) => s
                .mood_entries
                .iter()
                .find(|e| e.id == id)
                .map(|e| {
                    format!(
                        "{}  {}",
                        text::safe(&labels::feelings(&e.feelings)),
                        text::safe(&e.note)
                    )
                })
                .unwrap_or_default(),
            MoodSource::Note(id) => s
                .notes
                .iter()
                .find(|n| n.id == id)
                .map(|n| tr!("ui.child.mood_from_note", kind = labels::note_kind(n.kind)))
                .unwrap_or_default(),
        };
        let bar = "█".repeat(usize::from(m.score.min(5)) * 2);
        let style = if m.score <= 2 {
            urgent()
        } else {
            Default::default()
        };
        lines.push(Line::from(vec![
            Span::raw(format!("{}  ", m.at.format("%Y-%m-%d"))),
            Span::styled(format!("{bar:<10} {}", m.score), style),
            Span::raw(format!("  {detail}")),
        ]));
    }
    lines
}

fn incidents(s: &ChildState) -> Vec<Line<'static>> {
    if s.incidents.is_empty() {
        return vec![Line::styled(tr!("ui.child.no_incidents"), dim())];
    }
    let mut lines = Vec::new();
    for i in s.incidents.iter().rev() {
        let state = if i.is_open() {
            tr!("ui.child.open")
        } else {
            tr!("ui.child.closed")
        };
        let style = if i.is_open() { urgent() } else { heading() };
        lines.push(Line::styled(
            format!(
                "{}  {}  {}",
                i.found_at.format("%Y-%m-%d %H:%M"),
                text::safe(&labels::incident_kind_of(i.kind, &i.other)).into_owned(),
                state
            ),
            style,
        ));
        lines.push(Line::raw(format!("  {}", text::safe(&i.found))));
        if !i.reported_to.is_empty() {
            lines.push(Line::raw(format!(
                "  {}",
                tr!(
                    "ui.child.reported_to",
                    office = text::safe(&i.reported_to),
                    receipt = text::safe(&i.receipt)
                )
            )));
        }
        for e in &i.events {
            lines.push(Line::raw(format!(
                "  · {}  {}",
                e.at.format("%Y-%m-%d"),
                text::safe(&e.text)
            )));
        }
        if let Some(c) = &i.closed {
            lines.push(Line::raw(format!(
                "  {}",
                tr!("ui.child.closed_because", reason = text::safe(&c.reason))
            )));
        }
        lines.push(Line::raw(""));
    }
    lines
}

/// The child's absence cases, newest first, one a row; the selected one reversed (Enter opens
/// it).
fn absences(s: &ChildState, app: &App) -> Vec<Line<'static>> {
    if s.absences.is_empty() {
        return vec![Line::styled(tr!("ui.child.no_absences"), dim())];
    }
    let chosen = s.selected_absence().map(|c| c.id);
    s.absences
        .iter()
        .rev()
        .map(|c| {
            let state = match &c.closed {
                Some(closed) => format!(
                    "{} {}",
                    tr!("ui.child.closed"),
                    labels::absence_outcome(closed.outcome)
                ),
                None if c.needs_written_report(app.config.absence_attempts) => {
                    tr!("absence.screen.report_due")
                }
                None => tr!("ui.child.open"),
            };
            let line = Line::raw(format!(
                "{}  {}  {}  {}",
                c.first_day,
                labels::absence_kind(c.kind),
                crate::trn!("absence.tab.failed", count = c.failed_attempts()),
                state
            ));
            match (Some(c.id) == chosen, c.is_open()) {
                (true, _) => line.style(super::selected()),
                (false, true) => line.style(urgent()),
                (false, false) => line,
            }
        })
        .collect()
}

fn assignments(s: &ChildState) -> Vec<Line<'static>> {
    if s.assignments.is_empty() {
        return vec![Line::styled(tr!("ui.child.no_assignments"), dim())];
    }
    s.assignments
        .iter()
        .rev()
        .map(|a| {
            let until = a
                .until
                .map_or_else(|| tr!("ui.child.now"), |d| d.to_string());
            Line::raw(format!(
                "{} – {}  {}",
                a.from,
                until,
                text::safe(&s.staff_name(a.counselor))
            ))
        })
        .collect()
}

impl super::Drawn for crate::app::ChildState {
    fn draw(&self, frame: &mut Frame, app: &App, area: Rect, _hits: &mut HitAreas) {
        draw(frame, app, self, area);
    }
    fn hints(&self, app: &App) -> Vec<String> {
        let hints = if self.tab == ChildTab::Timeline {
            [
                super::hint(app, Action::NewNote, tr!("notes.hint_new")),
                super::hint(app, Action::FocusSearch, tr!("ui.hint.search")),
                super::hint(app, Action::FilterKind, tr!("notes.hint_filter")),
                super::hint(app, Action::EditNote, tr!("notes.hint_edit")),
                super::hint(app, Action::DeleteNote, tr!("notes.hint_delete")),
            ]
        } else {
            [
                super::hint(app, Action::NextTab, tr!("ui.hint.tabs")),
                super::hint(app, Action::TogglePrivate, tr!("ui.hint.private")),
                super::hint(app, Action::EditProfile, tr!("ui.hint.edit")),
                super::hint(app, Action::NewMood, tr!("care.hint.mood")),
                super::hint(app, Action::NewIncident, tr!("care.hint.incident")),
            ]
        };
        if self.tab == ChildTab::Absences {
            return [
                super::hint(app, Action::Open, tr!("ui.hint.open")),
                super::hint(app, Action::NewAbsence, tr!("absence.hint.register")),
                super::hint(app, Action::NextTab, tr!("ui.hint.tabs")),
            ]
            .into_iter()
            .flatten()
            .collect();
        }
        hints.into_iter().flatten().collect()
    }
}
