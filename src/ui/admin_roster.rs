//! The Admin screen's roster tab: how to begin, the path being typed with what it may become,
//! the progress of a check or an import, and the preview (or the result): new children, those
//! updated with the fields that change, unchanged, rejected rows with their line and reason.
//! A county's file lists tens of thousands of names: only the rows on screen are made.

use super::{dim, heading, place_caret, selected, text, urgent};
use crate::action::Action;
use crate::app::{AdminState, App, PathInput, RosterStep};
use crate::import::roster::{RosterReport, Stage, field_names, outside_row};
use crate::import::roster_job::RosterJob;
use crate::keymap::Context;
use crate::tr;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Gauge, Paragraph, Wrap};

pub fn draw(frame: &mut Frame, app: &App, state: &AdminState, area: Rect) -> Option<(Rect, usize)> {
    match &state.roster.step {
        RosterStep::Idle => {
            draw_idle(frame, app, area);
            None
        }
        RosterStep::Path(p) => draw_path(frame, app, p, area),
        RosterStep::Working(job) => {
            draw_working(frame, app, job, area);
            None
        }
        RosterStep::Preview {
            path,
            report,
            scroll,
        } => draw_report(frame, app, (path, report, *scroll), false, area),
        RosterStep::Done {
            path,
            report,
            scroll,
        } => draw_report(frame, app, (path, report, *scroll), true, area),
    }
}

/// The key bound to `action` in the table `ctx`, for a sentence that names it.
fn key(app: &App, ctx: Context, action: Action) -> String {
    app.keymap.key_for(ctx, action).unwrap_or_default()
}

/// Nothing under way: how to begin.
fn draw_idle(frame: &mut Frame, app: &App, area: Rect) {
    let lines = vec![
        Line::raw(tr!("admin.roster.intro")),
        Line::raw(""),
        Line::styled(
            tr!(
                "admin.roster.press",
                key = key(app, Context::AdminRoster, Action::ChooseFile)
            ),
            heading(),
        ),
    ];
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: true }), area);
}

/// The path being typed, and what it may become (the list a click can hit).
fn draw_path(frame: &mut Frame, app: &App, p: &PathInput, area: Rect) -> Option<(Rect, usize)> {
    let [label, input, hint, list] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Min(1),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(Span::styled(tr!("admin.roster.path_label"), heading())),
        label,
    );
    let typed = p.typed();
    frame.render_widget(Paragraph::new(format!("> {}", text::safe(&typed))), input);
    place_caret(
        frame,
        Rect {
            x: input.x + 2,
            ..input
        },
        &p.input,
    );
    frame.render_widget(
        Paragraph::new(Span::styled(
            tr!(
                "admin.roster.relative",
                base = text::safe(&p.base.display().to_string()),
                key = key(app, Context::RosterFile, Action::Complete)
            ),
            dim(),
        ))
        .wrap(Wrap { trim: true }),
        hint,
    );
    if p.candidates.is_empty() {
        frame.render_widget(
            Paragraph::new(Span::styled(tr!("admin.roster.no_candidates"), dim())),
            list,
        );
        return None;
    }
    let height = usize::from(list.height).max(1);
    let first = p.selected.unwrap_or(0).saturating_sub(height - 1);
    let lines: Vec<Line> = p
        .candidates
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, c)| {
            let name = format!("  {}", text::safe(&c.shown()));
            let line = if c.is_dir {
                Line::styled(name, heading())
            } else {
                Line::raw(name)
            };
            if p.selected == Some(i) {
                line.style(selected())
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
    Some((list, first))
}

/// A check or an import running: its stage and how far it is.
fn draw_working(frame: &mut Frame, app: &App, job: &RosterJob, area: Rect) {
    let [title, gauge, note] = Layout::vertical([
        Constraint::Length(2),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(area);
    let path = file_name(&job.path);
    let heading_text = match job.writes {
        true => tr!("admin.roster.importing", path = path),
        false => tr!("admin.roster.checking", path = path),
    };
    frame.render_widget(
        Paragraph::new(Span::styled(heading_text, heading())).wrap(Wrap { trim: true }),
        title,
    );
    let p = job.progress;
    let grouped = |n: usize| crate::model::limits::grouped(n as u64);
    let (label, ratio) = match p.stage {
        Stage::Reading => (tr!("admin.roster.stage_reading"), 0.0),
        Stage::Checking => (
            tr!(
                "admin.roster.stage_checking",
                done = grouped(p.done),
                total = grouped(p.total)
            ),
            fraction(p.done, p.total),
        ),
        Stage::Writing => (
            tr!(
                "admin.roster.stage_writing",
                done = grouped(p.done),
                total = grouped(p.total)
            ),
            fraction(p.done, p.total),
        ),
        Stage::Saving => (tr!("admin.roster.stage_saving"), 1.0),
    };
    frame.render_widget(
        Gauge::default()
            .ratio(ratio)
            .label(label)
            .gauge_style(heading()),
        gauge,
    );
    frame.render_widget(
        Paragraph::new(Span::styled(
            tr!(
                "admin.roster.stop_hint",
                key = key(app, Context::RosterPreview, Action::Cancel)
            ),
            dim(),
        ))
        .wrap(Wrap { trim: true }),
        note,
    );
}

/// The preview to confirm, or what the import did (`done`): the file, the counts and the
/// rows from `scroll` on (the list a click can hit).
fn draw_report(
    frame: &mut Frame,
    app: &App,
    (path, report, scroll): (&std::path::Path, &RosterReport, usize),
    done: bool,
    area: Rect,
) -> Option<(Rect, usize)> {
    let [title, summary, body] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(2),
        Constraint::Min(1),
    ])
    .areas(area);
    let path = file_name(path);
    let heading_text = match done {
        true => tr!("admin.roster.done_title", path = path),
        false => tr!("admin.roster.preview_title", path = path),
    };
    frame.render_widget(
        Paragraph::new(Span::styled(
            text::fit(&heading_text, usize::from(title.width)),
            heading(),
        )),
        title,
    );
    let counts = report.summary();
    let next = match done {
        true => tr!(
            "admin.roster.done_hint",
            key = key(app, Context::AdminRoster, Action::ChooseFile)
        ),
        false => tr!(
            "admin.roster.confirm_hint",
            enter = key(app, Context::RosterPreview, Action::ConfirmImport),
            esc = key(app, Context::RosterPreview, Action::Cancel)
        ),
    };
    frame.render_widget(
        Paragraph::new(format!("{counts} {next}")).wrap(Wrap { trim: true }),
        summary,
    );
    let height = usize::from(body.height);
    let total = preview_len(report);
    let first = scroll.min(total.saturating_sub(height));
    let lines: Vec<Line> = (first..total.min(first + height))
        .map(|i| preview_line(report, i))
        .collect();
    frame.render_widget(Paragraph::new(lines), body);
    Some((body, first))
}

/// The file's name: its folder was just typed, and a long path would push the rest away.
fn file_name(path: &std::path::Path) -> String {
    let name = path.file_name().unwrap_or(path.as_os_str());
    text::safe(&name.to_string_lossy()).into_owned()
}

fn fraction(done: usize, total: usize) -> f64 {
    if total == 0 {
        0.0
    } else {
        (done as f64 / total as f64).clamp(0.0, 1.0)
    }
}

/// The preview as one list: new children, then those updated, then the rejected rows, then
/// the rows taken outside the definition of a left-behind child (each group after its
/// heading), then the columns ignored.
fn groups(r: &RosterReport) -> [usize; 5] {
    [
        r.added.len(),
        r.updated.len(),
        r.rejected.len() + usize::from(r.rejected_more > 0),
        r.outside.len() + usize::from(r.outside_more > 0),
        usize::from(!r.ignored_columns.is_empty()),
    ]
}

fn preview_len(r: &RosterReport) -> usize {
    groups(r).iter().filter(|n| **n > 0).map(|n| n + 1).sum()
}

/// Row `i` of the preview, made only when it is on screen.
fn preview_line(r: &RosterReport, mut i: usize) -> Line<'static> {
    let sep = if crate::i18n::lang() == crate::i18n::Lang::Zh {
        "、"
    } else {
        ", "
    };
    for (group, n) in groups(r).into_iter().enumerate() {
        if n == 0 {
            continue;
        }
        if i == 0 {
            let title = match group {
                0 => tr!("admin.roster.new", count = n),
                1 => tr!("admin.roster.updated", count = n),
                2 => tr!("admin.roster.rejected", count = r.rejected_count()),
                3 => tr!(
                    "admin.roster.outside",
                    count = r.outside.len() + r.outside_more
                ),
                _ => tr!("admin.roster.ignored"),
            };
            return Line::styled(title, heading());
        }
        if i <= n {
            let k = i - 1;
            return match group {
                0 => Line::raw(format!("  {}", text::safe(&r.added[k]))),
                1 => {
                    let u = &r.updated[k];
                    Line::raw(format!(
                        "  {}",
                        tr!(
                            "admin.roster.updated_row",
                            name = text::safe(&u.name),
                            fields = field_names(&u.fields).join(sep)
                        )
                    ))
                }
                2 if k < r.rejected.len() => {
                    let row = &r.rejected[k];
                    Line::styled(
                        format!(
                            "  {}",
                            tr!(
                                "import.roster.rejected_row",
                                line = row.line,
                                reason = text::safe(&row.reason)
                            )
                        ),
                        urgent(),
                    )
                }
                2 => Line::raw(format!(
                    "  {}",
                    crate::trn!("import.roster.rejected_more", count = r.rejected_more)
                )),
                3 if k < r.outside.len() => Line::raw(format!("  {}", outside_row(&r.outside[k]))),
                3 => Line::raw(format!(
                    "  {}",
                    crate::trn!("import.roster.outside_more", count = r.outside_more)
                )),
                _ => Line::raw(format!("  {}", text::safe(&r.ignored_columns.join(sep)))),
            };
        }
        i -= n + 1;
    }
    Line::raw("")
}
