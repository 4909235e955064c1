//! Reports: the tabs and the period on the first line, then the tab's table beside its bar
//! chart on a wide screen (above it on a narrow one); the period's picker over the bottom.

use super::report_table::{bars, table};
use super::{dim, heading, selected, text};
use crate::action::Action;
use crate::app::{App, Breakdown, HitAreas, ReportTab, ReportsState};
use crate::domain::report::quarterly::Change;
use crate::domain::report::semester::Semester;
use crate::domain::report::stats::Stats;
use crate::keymap::Context;
use crate::labels;
use crate::tr;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph};

/// From this width the chart stands beside the table.
const WIDE: u16 = 120;

fn draw(
    frame: &mut Frame,
    app: &App,
    state: &crate::app::ReportsState,
    area: Rect,
    hits: &mut HitAreas,
) {
    let [top, head, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(area);
    frame.render_widget(Paragraph::new(tab_line(state, top.width)), top);
    let rows_area = match state.current() {
        ReportTab::Semester => semester(frame, &app.config, state, head, body),
        ReportTab::Counselors => counselors(frame, state, head, body),
        ReportTab::School => school(frame, state, head, body),
        ReportTab::Quarter => quarter(frame, state, head, body),
    };
    if state.picker.is_some() {
        picker(frame, app, state, area);
    }
    if let Some((rows, offset)) = rows_area {
        hits.list = Some((rows, offset));
    }
}

fn head_line(frame: &mut Frame, line: String, area: Rect) {
    let line = text::fit(&line, usize::from(area.width));
    frame.render_widget(Paragraph::new(Line::styled(line, heading())), area);
}

fn tab_line(state: &ReportsState, width: u16) -> Line<'static> {
    let mut spans = Vec::new();
    for (i, tab) in state.tabs.iter().enumerate() {
        let name = match tab {
            ReportTab::Semester => tr!("report.screen.tab_semester"),
            ReportTab::Counselors => tr!("report.screen.tab_counselors"),
            ReportTab::School => tr!("report.screen.tab_school"),
            ReportTab::Quarter => tr!("report.screen.tab_quarter"),
        };
        let style = if i == state.tab {
            selected()
        } else {
            Style::default()
        };
        spans.push(Span::styled(format!(" {name} "), style));
        spans.push(Span::raw(" "));
    }
    let range = tr!(
        "report.screen.range",
        from = state.range.from,
        to = state.range.to
    );
    let used: usize = spans.iter().map(|s| text::width(&s.content)).sum();
    let room = usize::from(width).saturating_sub(used);
    if room > text::width(&range) {
        spans.push(Span::raw(" ".repeat(room - text::width(&range))));
        spans.push(Span::styled(range, dim()));
    }
    Line::from(spans)
}

/// The table on the left or on top, the chart on the right or below; `chart_rows` is how
/// many rows the chart wants when below, `table_rows` how many the table (with its header)
/// fills: the chart takes the half of the height the table does not need.
fn split(body: Rect, chart_rows: u16, table_rows: usize) -> (Rect, Rect) {
    if body.width >= WIDE {
        let [table, chart] =
            Layout::horizontal([Constraint::Fill(1), Constraint::Length(48)]).areas(body);
        let chart = Rect {
            height: chart.height.min(chart_rows.max(3)),
            ..chart
        };
        (table, chart)
    } else {
        let spare = body
            .height
            .saturating_sub(u16::try_from(table_rows + 1).unwrap_or(u16::MAX));
        let below = chart_rows.min(spare.max(body.height / 2)).max(3);
        let [table, chart] =
            Layout::vertical([Constraint::Min(3), Constraint::Length(below)]).areas(body);
        (table, chart)
    }
}

fn semester(
    frame: &mut Frame,
    config: &crate::config::Config,
    state: &ReportsState,
    head: Rect,
    body: Rect,
) -> Option<(Rect, usize)> {
    let s: &Semester = state.semester.as_ref()?;
    let t = &s.totals;
    let line = tr!(
        "report.screen.semester_head",
        counselor = text::safe(&state.counselor.name),
        children = t.children,
        contacts = t.contacts.iter().sum::<u32>(),
        without = t.weeks_without_talk,
        weeks = t.weeks,
        overdue = t.followups_overdue
    );
    head_line(frame, line, head);
    // How a rule is judged, in the words of the written report, under everything else.
    let judging: Vec<Line> = text::wrap(&tr!("report.semester.judging"), usize::from(body.width))
        .into_iter()
        .map(|row| Line::styled(row, dim()))
        .collect();
    let [body, note] = Layout::vertical([
        Constraint::Min(3),
        Constraint::Length((judging.len() as u16).min(body.height.saturating_sub(3))),
    ])
    .areas(body);
    frame.render_widget(Paragraph::new(judging), note);
    let (table_area, chart_area) = split(body, s.rules.len() as u16 + 2, s.children.len() + 1);
    // Name, contacts, weeks without a talk, mood; then as many rules as the width holds.
    let mut headers = vec![
        tr!("report.col.name"),
        tr!("report.screen.contacts"),
        tr!("report.screen.without_talk"),
        tr!("report.screen.mood"),
        tr!("report.screen.overdue"),
    ];
    let mut widths = vec![10u16, 8, 8, 12, 6];
    let used: u16 = widths.iter().map(|w| w + 1).sum();
    let rule_columns = usize::from(table_area.width.saturating_sub(used) / 9).min(s.rules.len());
    for r in &s.rules[..rule_columns] {
        headers.push(labels::rule(config, r));
        widths.push(8);
    }
    let rows: Vec<Vec<String>> = s
        .children
        .iter()
        .map(|c| {
            let mood = match (c.mood_start, c.mood_end, c.trend()) {
                (Some(a), Some(b), Some(t)) => format!("{a}→{b} {}", labels::trend(t)),
                (Some(a), _, _) => a.to_string(),
                _ => String::new(),
            };
            let mut row = vec![
                c.name.clone(),
                c.contacts_total().to_string(),
                format!("{}/{}", c.weeks_without_talk, c.weeks),
                mood,
                c.followups_overdue.to_string(),
            ];
            row.extend(c.rules[..rule_columns].iter().map(|r| percent(r.percent())));
            row
        })
        .collect();
    let hit = table(frame, table_area, headers, widths, rows, state.selected);
    let items = t
        .rules
        .iter()
        .map(|r| {
            let p = r.percent();
            (
                labels::rule(config, &r.rule),
                p.map_or(0, |p| p.round() as u64),
                percent(p),
            )
        })
        .collect();
    bars(frame, chart_area, tr!("report.screen.kept"), items, 100);
    hit
}

fn percent(p: Option<f64>) -> String {
    p.map_or_else(|| "—".to_string(), |p| format!("{p:.0}%"))
}

fn counselors(
    frame: &mut Frame,
    state: &ReportsState,
    head: Rect,
    body: Rect,
) -> Option<(Rect, usize)> {
    let s: &Stats = state.stats.as_ref()?;
    let line = tr!(
        "report.screen.counselors_head",
        count = s.workload.len(),
        children = s.children
    );
    head_line(frame, line, head);
    let (table_area, chart_area) = split(
        body,
        (s.workload.len() as u16 + 2).min(12),
        s.workload.len() + 1,
    );
    let headers = vec![
        tr!("report.col.name"),
        tr!("report.stats.role"),
        tr!("report.stats.children"),
        tr!(
            "report.screen.month",
            month = s.month.from.format("%-m"),
            name = s.month.from.format("%B")
        ),
        tr!("report.screen.contacts"),
    ];
    let rows = s
        .workload
        .iter()
        .map(|w| {
            vec![
                w.name.clone(),
                labels::role(w.role),
                w.children.to_string(),
                w.contacts_month.to_string(),
                w.contacts_range.to_string(),
            ]
        })
        .collect();
    let hit = table(
        frame,
        table_area,
        headers,
        vec![12, 10, 6, 10, 8],
        rows,
        state.selected,
    );
    let mut items: Vec<(String, u64, String)> = s
        .workload
        .iter()
        .map(|w| {
            let n = u64::from(w.contacts_range);
            (w.name.clone(), n, n.to_string())
        })
        .collect();
    items.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let max = items.first().map_or(1, |i| i.1);
    bars(
        frame,
        chart_area,
        tr!("report.screen.contacts_by_counselor"),
        items,
        max,
    );
    hit
}

/// The breakdown's name in the list beside the chart: short.
fn breakdown_item(b: Breakdown) -> String {
    match b {
        Breakdown::Village => tr!("report.stats.village"),
        Breakdown::Grade => tr!("report.stats.grade"),
        Breakdown::Type => tr!("report.stats.type"),
        Breakdown::Flag => tr!("report.stats.flag"),
        Breakdown::Concern => tr!("report.stats.concern"),
        Breakdown::Weeks => tr!("report.screen.per_week"),
    }
}

fn breakdown_name(b: Breakdown) -> String {
    match b {
        Breakdown::Village => tr!("report.stats.by_village"),
        Breakdown::Grade => tr!("report.stats.by_grade"),
        Breakdown::Type => tr!("report.stats.by_type"),
        Breakdown::Flag => tr!("report.stats.by_flag"),
        Breakdown::Concern => tr!("report.stats.by_concern"),
        Breakdown::Weeks => tr!("report.screen.per_week"),
    }
}

fn school(
    frame: &mut Frame,
    state: &ReportsState,
    head: Rect,
    body: Rect,
) -> Option<(Rect, usize)> {
    let s: &Stats = state.stats.as_ref()?;
    let (letters, attention) = s.letters();
    let line = tr!(
        "report.stats.summary",
        children = s.children,
        contacts = s.contacts(),
        letters = letters,
        attention = attention
    );
    head_line(frame, line, head);
    let list_width = if body.width >= WIDE { 24 } else { 18 };
    let [list, chart] =
        Layout::horizontal([Constraint::Length(list_width), Constraint::Fill(1)]).areas(body);
    let lines: Vec<Line> = Breakdown::ALL
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let name = text::fit(&breakdown_item(*b), usize::from(list_width) - 1);
            if i == state.selected {
                Line::styled(name, selected())
            } else {
                Line::raw(name)
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
    let named = |v: &[(String, u32)]| -> Vec<(String, u64, String)> {
        v.iter()
            .map(|(k, n)| {
                let k = if k.is_empty() {
                    tr!("report.stats.unknown")
                } else {
                    k.clone()
                };
                (k, u64::from(*n), n.to_string())
            })
            .collect()
    };
    let b = state.breakdown();
    let items: Vec<(String, u64, String)> = match b {
        Breakdown::Village => named(&s.by_village),
        Breakdown::Grade => named(&s.by_grade),
        Breakdown::Type => named(&s.by_type)
            .into_iter()
            .map(|(k, n, shown)| (labels::left_behind_type(&k), n, shown))
            .collect(),
        Breakdown::Flag => s
            .by_flag
            .iter()
            .map(|(f, n)| (labels::flag(*f), u64::from(*n), n.to_string()))
            .collect(),
        Breakdown::Concern => s
            .by_concern
            .iter()
            .map(|(c, n)| (labels::concern(*c), u64::from(*n), n.to_string()))
            .collect(),
        // The latest weeks first when they do not all fit.
        Breakdown::Weeks => s
            .weeks
            .iter()
            .rev()
            .map(|w| {
                let shown = if w.letters > 0 {
                    tr!(
                        "report.screen.week_value",
                        contacts = w.contacts,
                        letters = w.letters
                    )
                } else {
                    w.contacts.to_string()
                };
                (
                    w.monday.format("%m-%d").to_string(),
                    u64::from(w.contacts),
                    shown,
                )
            })
            .collect(),
    };
    let max = items.iter().map(|i| i.1).max().unwrap_or(1);
    bars(frame, chart, breakdown_name(b), items, max);
    Some((list, 0))
}

fn quarter(
    frame: &mut Frame,
    state: &ReportsState,
    head: Rect,
    body: Rect,
) -> Option<(Rect, usize)> {
    let (q, rows) = state.quarter.as_ref()?;
    let count = |f: fn(&Change) -> bool| rows.iter().filter(|r| r.changes.iter().any(f)).count();
    let line = tr!(
        "report.screen.quarter_head",
        quarter = q,
        new = count(|c| matches!(c, Change::New { .. })),
        left = count(|c| matches!(c, Change::Left { .. })),
        moved = count(|c| matches!(c, Change::CounselorChanged { .. }))
    );
    head_line(frame, line, head);
    let name_of = |id| {
        state
            .staff
            .iter()
            .find(|c| c.id == id)
            .map_or_else(String::new, |c| c.name.clone())
    };
    let dated = |what: String, on: &chrono::NaiveDate| format!("{what} {}", on.format("%m-%d"));
    let table_rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            let changes: Vec<String> = r
                .changes
                .iter()
                .map(|c| match c {
                    Change::New { from } => {
                        format!("{} {}", tr!("report.quarterly.new"), from.format("%m-%d"))
                    }
                    Change::Left { date, reason, .. } => format!(
                        "{} {} {}",
                        tr!("report.quarterly.left"),
                        date.format("%m-%d"),
                        labels::leave_reason(*reason)
                    ),
                    Change::CounselorChanged { from, on, .. } => tr!(
                        "report.screen.moved",
                        from = name_of(*from),
                        on = on.format("%m-%d")
                    ),
                    Change::GuardianChanged { on, .. } => {
                        dated(tr!("report.quarterly.guardian_changed"), on)
                    }
                    Change::ParentsContactChanged { on, .. } => {
                        dated(tr!("report.quarterly.parents_changed"), on)
                    }
                    Change::FlagsChanged { on, .. } => {
                        dated(tr!("report.quarterly.flags_changed"), on)
                    }
                })
                .collect();
            let mut changes = changes.join(&tr!("report.separator"));
            // What would make the district's file wrong, after the changes.
            if let Some(f) = state.quarter_check.iter().find(|f| f.child == r.child.id) {
                if !changes.is_empty() {
                    changes.push_str(&tr!("report.separator"));
                }
                changes.push_str(&tr!(
                    "report.screen.to_check",
                    problems = labels::quarter_problems(&f.problems)
                ));
            }
            vec![
                r.child.name.clone(),
                r.child.class.clone(),
                r.counselor.map(name_of).unwrap_or_default(),
                changes,
            ]
        })
        .collect();
    let change_width = body.width.saturating_sub(12 + 14 + 12 + 3).max(10);
    table(
        frame,
        body,
        vec![
            tr!("report.col.name"),
            tr!("report.col.class"),
            tr!("report.col.counselor"),
            tr!("report.quarterly.change"),
        ],
        vec![12, 14, 12, change_width],
        table_rows,
        state.selected,
    )
}

fn picker(frame: &mut Frame, app: &App, state: &ReportsState, area: Rect) {
    let Some(p) = &state.picker else {
        return;
    };
    let width = area.width.min(64);
    let boxed = Rect {
        x: area.x + (area.width - width) / 2,
        y: area.bottom().saturating_sub(6),
        width,
        height: 6.min(area.height),
    };
    frame.render_widget(ratatui::widgets::Clear, boxed);
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Span::styled(tr!("report.screen.pick_title"), heading()));
    let inner = block.inner(boxed);
    frame.render_widget(block, boxed);
    let typed = p.input.lines().join(" ");
    let key = |a| {
        app.keymap
            .key_for(Context::ReportRange, a)
            .unwrap_or_default()
    };
    let term = p
        .term
        .and_then(|i| {
            app.config
                .terms
                .iter()
                .find(|t| Some(t.start) == p.terms.get(i).map(|r| r.from))
        })
        .map(|t| crate::labels::term(&t.name))
        .unwrap_or_default();
    let lines = vec![
        Line::from(vec![
            Span::styled("> ", heading()),
            Span::raw(text::safe(&typed).into_owned()),
        ]),
        Line::styled(term, dim()),
        Line::styled(
            text::fit(
                &tr!(
                    "report.screen.pick_hint",
                    up = key(crate::action::Action::SelectPrev),
                    down = key(crate::action::Action::SelectNext),
                    apply = key(crate::action::Action::Save)
                ),
                usize::from(inner.width),
            ),
            dim(),
        ),
    ];
    frame.render_widget(Paragraph::new(lines), inner);
    let caret = Rect {
        x: inner.x + 2,
        y: inner.y,
        width: inner.width.saturating_sub(2),
        height: 1,
    };
    super::place_caret(frame, caret, &p.input);
}

impl super::Drawn for crate::app::ReportsState {
    fn draw(&self, frame: &mut Frame, app: &App, area: Rect, hits: &mut HitAreas) {
        draw(frame, app, self, area, hits);
    }
    fn hints(&self, app: &App) -> Vec<String> {
        let hints = if self.picker.is_some() {
            [
                super::hint(app, Action::Save, tr!("report.screen.hint_apply")),
                super::hint(app, Action::Cancel, tr!("ui.hint.cancel")),
                None,
            ]
        } else {
            [
                super::hint(app, Action::NextTab, tr!("ui.hint.tabs")),
                super::hint(app, Action::PickRange, tr!("report.screen.hint_range")),
                super::hint(app, Action::ExportReport, tr!("report.screen.hint_export")),
            ]
        };
        hints.into_iter().flatten().collect()
    }
}
