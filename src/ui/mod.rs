//! Drawing: one file per screen, plus the frame around them (title bar, status line, help
//! overlay, warnings). Rendering reads the `App` and records only where lists were drawn,
//! so that a mouse click can find its row.

mod absence;
mod absence_form;
mod admin;
mod admin_dialog;
mod admin_roster;
mod audit;
mod caseload;
mod child;
mod form;
mod help;
mod note_editor;
mod timeline;
pub use help::lines as help_lines;
mod incident;
mod incident_form;
mod letter;
mod mailbox;
mod mood_chart;
mod mood_form;
mod multiline;
mod report_table;
mod reports;
mod start;
pub mod text;
mod this_week;

use crate::action::Action;
use crate::app::{App, HitAreas, Screen};
use crate::domain::access::{Operation, Permission, permission};
use crate::keymap::Context;
use crate::tr;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::{Color, Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};
use std::cell::Cell;
use std::sync::atomic::{AtomicBool, Ordering};

/// Below this the screens cannot be read; a short notice is shown instead.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 10;

/// Whether the screens use colour: the one switch for every style made here. `NO_COLOR`
/// (https://no-color.org) turns it off; nothing then depends on colour: the selection and the
/// focus are reverse video, urgent text is bold and underlined, a chart's marks differ in shape.
static COLOUR: AtomicBool = AtomicBool::new(true);

thread_local! {
    /// The switch set on this thread, if any (tests on parallel threads choose their own).
    static COLOUR_HERE: Cell<Option<bool>> = const { Cell::new(None) };
}

pub fn set_colour(on: bool) {
    COLOUR.store(on, Ordering::Relaxed);
    COLOUR_HERE.with(|c| c.set(Some(on)));
}

pub fn colour() -> bool {
    COLOUR_HERE
        .with(Cell::get)
        .unwrap_or_else(|| COLOUR.load(Ordering::Relaxed))
}

/// Colour is wanted unless `NO_COLOR` holds a value (an empty one does not count, as the
/// convention says).
pub fn colour_wanted(no_color: Option<&std::ffi::OsStr>) -> bool {
    no_color.is_none_or(|v| v.is_empty())
}

/// A style in colour `fg`, or the plain style when colour is off.
pub fn tinted(fg: Color) -> Style {
    if colour() {
        Style::default().fg(fg)
    } else {
        Style::default()
    }
}

pub fn urgent() -> Style {
    if colour() {
        Style::default().fg(Color::Red).add_modifier(Modifier::BOLD)
    } else {
        Style::default().add_modifier(Modifier::BOLD | Modifier::UNDERLINED)
    }
}

pub fn selected() -> Style {
    Style::default().add_modifier(Modifier::REVERSED)
}

/// What must not be missed but is not an error: the demo store's banner.
pub fn warning() -> Style {
    if colour() {
        Style::default()
            .fg(Color::Black)
            .bg(Color::Yellow)
            .add_modifier(Modifier::BOLD)
    } else {
        Style::default().add_modifier(Modifier::BOLD | Modifier::REVERSED)
    }
}

/// The value written on a bar of a bar chart: on the bar's colour, or reversed without colour.
pub fn bar_value() -> Style {
    if colour() {
        Style::default().fg(Color::Black).bg(Color::Cyan)
    } else {
        Style::default().add_modifier(Modifier::REVERSED)
    }
}

pub fn dim() -> Style {
    Style::default().add_modifier(Modifier::DIM)
}

pub fn heading() -> Style {
    Style::default().add_modifier(Modifier::BOLD)
}

/// What `ui` makes of a screen: its body, drawn from its own state, and the keys its footer
/// offers. Each screen's implementation is in its own file here.
trait Drawn {
    fn draw(&self, frame: &mut Frame, app: &App, area: Rect, hits: &mut HitAreas);

    fn hints(&self, _app: &App) -> Vec<String> {
        Vec::new()
    }
}

/// `drawn` from the app's one list of screens.
macro_rules! drawn_from {
    ($($(#[$doc:meta])* $screen:ident($state:ty)),* $(,)?) => {
        /// The screen shown, as `ui` sees every screen: the one place here that tells them
        /// apart.
        fn drawn(screen: &Screen) -> &dyn Drawn {
            match screen {
                $(Screen::$screen(s) => &**s),*
            }
        }
    };
}
crate::app::with_screens!(drawn_from);

/// A hint of the footer: the key of `action` in the screen's own table, and what it does.
fn hint(app: &App, action: Action, label: String) -> Option<String> {
    app.keymap
        .key_for(app.screen.context(), action)
        .map(|k| format!("{k} {label}"))
}

/// The hints of a form: save and cancel.
fn save_cancel(app: &App) -> Vec<String> {
    [
        hint(app, Action::Save, tr!("ui.hint.save")),
        hint(app, Action::Cancel, tr!("ui.hint.cancel")),
    ]
    .into_iter()
    .flatten()
    .collect()
}

pub fn draw(frame: &mut Frame, app: &mut App) {
    let area = frame.area();
    app.hit_areas = Default::default();
    if area.width < MIN_WIDTH || area.height < MIN_HEIGHT {
        let notice = Paragraph::new(tr!("ui.too_small", width = MIN_WIDTH, height = MIN_HEIGHT))
            .wrap(Wrap { trim: true });
        frame.render_widget(notice, area);
        return;
    }
    if app.hidden {
        // The hide key: nothing of the records stays on the screen.
        let notice = Paragraph::new(tr!("ui.hidden")).style(dim());
        frame.render_widget(notice, area);
        return;
    }
    let status_rows = status_rows(app, area.width);
    let [top, body, bottom] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(status_rows.len().max(1) as u16),
    ])
    .areas(area);
    draw_title(frame, app, top);
    let body = draw_warnings(frame, app, body);
    let mut hits = HitAreas::default();
    drawn(&app.screen).draw(frame, app, body, &mut hits);
    app.hit_areas = hits;
    let typing = app.focused_input().is_some();
    draw_status(frame, app, bottom, status_rows, typing);
    if let Some(scroll) = app.help {
        help::draw(frame, app, area, scroll);
    }
}

fn draw_title(frame: &mut Frame, app: &App, area: Rect) {
    let current = app.screen.component().tab();
    // What must stay whole: the demo mark, the person and the date. When the bar does not fit,
    // first the role and the long demo mark give way, then the other tabs take their short
    // names, then the current one, then the gaps narrow and the program's name goes; only then
    // do the last of the other tabs give way, behind a mark ("…"). A key never shows without
    // its tab's name, and the current tab always keeps one.
    let width = usize::from(area.width);
    let tabs = offered_tabs(app);
    let others = tabs.iter().filter(|t| current != Some(t.0)).count();
    let full = Fit {
        short: false,
        names: Names::Full,
        compact: false,
        app_name: true,
        hidden: 0,
    };
    let short = Fit {
        short: true,
        ..full
    };
    let mut tries = vec![
        full,
        short,
        Fit {
            names: Names::OthersShort,
            ..short
        },
        Fit {
            names: Names::AllShort,
            ..short
        },
    ];
    let tight = Fit {
        names: Names::AllShort,
        compact: true,
        ..short
    };
    tries.push(tight);
    tries.push(Fit {
        app_name: false,
        ..tight
    });
    tries.extend((1..=others).map(|hidden| Fit {
        app_name: false,
        hidden,
        ..tight
    }));
    let mut spans = Vec::new();
    for fit in tries {
        spans = title_spans(app, &tabs, current, fit);
        if spans.iter().map(|s| text::width(&s.content)).sum::<usize>() < width {
            break;
        }
    }
    let used: usize = spans.iter().map(|s| text::width(&s.content)).sum();
    if let Some(who) = spans.pop() {
        let who_width = text::width(&who.content);
        let room = width.saturating_sub(used - who_width);
        let fitted = text::fit(&who.content, room.saturating_sub(1));
        spans.push(Span::raw(
            " ".repeat(room.saturating_sub(text::width(&fitted))),
        ));
        spans.push(Span::styled(fitted, who.style));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}

/// A tab the title bar offers: its action, its name and its short name.
type Tab = (Action, String, String);

/// The screens the title bar offers this person, with their names: the coordinator's are
/// offered to whom the permission table lets use them.
fn offered_tabs(app: &App) -> Vec<Tab> {
    let Some(user) = &app.user else {
        return Vec::new();
    };
    let may = |op| permission(user.role, op) != Permission::Denied;
    let tab = |action, name: String, short: String, offered| (action, name, short, offered);
    [
        tab(
            Action::GotoThisWeek,
            tr!("ui.tab.this_week"),
            tr!("ui.tab_short.this_week"),
            true,
        ),
        tab(
            Action::GotoCaseload,
            tr!("ui.tab.caseload"),
            tr!("ui.tab_short.caseload"),
            true,
        ),
        tab(
            Action::GotoMailbox,
            tr!("ui.tab.mailbox"),
            tr!("ui.tab_short.mailbox"),
            true,
        ),
        tab(
            Action::GotoReports,
            tr!("ui.tab.reports"),
            tr!("ui.tab_short.reports"),
            true,
        ),
        tab(
            Action::GotoAdmin,
            tr!("ui.tab.admin"),
            tr!("ui.tab_short.admin"),
            may(Operation::ChangeStaff),
        ),
        tab(
            Action::GotoAudit,
            tr!("ui.tab.audit"),
            tr!("ui.tab_short.audit"),
            may(Operation::ReadAudit),
        ),
    ]
    .into_iter()
    .filter(|t| t.3)
    .map(|(action, name, short, _)| (action, name, short))
    .collect()
}

/// Which tabs show their short names.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Names {
    Full,
    OthersShort,
    AllShort,
}

/// How tightly the title bar is set: `short` drops the role and shortens the demo mark;
/// `compact` narrows the gaps between tabs; `hidden` of the other tabs, the last ones, give
/// way to one "…".
#[derive(Clone, Copy)]
struct Fit {
    short: bool,
    names: Names,
    compact: bool,
    app_name: bool,
    hidden: usize,
}

/// The title bar's parts, the last one being who and when.
fn title_spans(app: &App, tabs: &[Tab], current: Option<Action>, fit: Fit) -> Vec<Span<'static>> {
    let short = fit.short;
    let mut spans = Vec::new();
    if fit.app_name {
        spans.push(Span::styled(tr!("ui.app_name"), heading()));
        spans.push(Span::raw(if fit.compact { " " } else { "  " }));
    }
    if app.store.is_demo() {
        // A demo store is plain on purpose: every screen says so, so real records never go in.
        let banner = if short {
            tr!("privacy.demo_banner_short")
        } else {
            tr!("privacy.demo_banner")
        };
        spans.push(Span::styled(format!(" {banner} "), warning()));
        spans.push(Span::raw(" "));
    }
    let others = tabs.iter().filter(|t| current != Some(t.0)).count();
    let mut others_seen = 0;
    let mut marked = false;
    for (action, label, short_label) in tabs {
        let key = app
            .keymap
            .key_for(Context::Global, *action)
            .unwrap_or_default();
        let is_current = current == Some(*action);
        if !is_current {
            others_seen += 1;
            // The `hidden` last of the others give way, all behind one mark.
            if others_seen + fit.hidden > others {
                if !marked {
                    spans.push(Span::styled(" …", dim()));
                    marked = true;
                }
                continue;
            }
        }
        let name = match (fit.names, is_current) {
            (Names::Full, _) | (Names::OthersShort, true) => label,
            _ => short_label,
        };
        let tab = if is_current {
            Span::styled(format!(" {key} {name} "), selected())
        } else if fit.compact {
            Span::raw(format!("{key} {name} "))
        } else {
            Span::raw(format!(" {key} {name} "))
        };
        spans.push(tab);
    }
    let day = format!(
        "{} {}",
        app.today,
        crate::labels::weekday(chrono::Datelike::weekday(&app.today))
    );
    let who = match &app.user {
        Some(u) if short => format!("{}  {day}", text::safe(&u.name)),
        Some(u) => format!(
            "{} · {}  {day}",
            text::safe(&u.name),
            crate::labels::role(u.role)
        ),
        None => day,
    };
    spans.push(Span::raw(" "));
    spans.push(Span::styled(who, dim()));
    spans
}

/// Problems with the user's keymap or config file, above the screen, until they are fixed.
fn draw_warnings(frame: &mut Frame, app: &App, area: Rect) -> Rect {
    if app.warnings.is_empty() || area.height < 6 {
        return area;
    }
    let shown = app.warnings.len().min(3) as u16;
    let [warn, rest] =
        Layout::vertical([Constraint::Length(shown), Constraint::Min(1)]).areas(area);
    let lines: Vec<Line> = app
        .warnings
        .iter()
        .take(3)
        .map(|w| Line::styled(text::safe(w).into_owned(), urgent()))
        .collect();
    frame.render_widget(Paragraph::new(lines), warn);
    rest
}

/// The status message cut into rows of the screen's width: a message wider than the screen (a
/// file's full path) is shown whole on up to four rows, until the next key, instead of being
/// cut. A line break in the message starts a row.
fn status_rows(app: &App, width: u16) -> Vec<String> {
    const MAX_ROWS: usize = 4;
    let Some(status) = &app.status else {
        return Vec::new();
    };
    let width = usize::from(width.max(2));
    let mut rows = Vec::new();
    for line in status.text.split('\n') {
        rows.extend(text::wrap(line, width));
    }
    if rows.len() > MAX_ROWS {
        rows.truncate(MAX_ROWS);
        if let Some(last) = rows.last_mut() {
            *last = text::fit(&format!("{last}…"), width);
        }
    }
    rows
}

/// The message, or the key hints; `typing` when a text box has the keyboard.
fn draw_status(frame: &mut Frame, app: &App, area: Rect, rows: Vec<String>, typing: bool) {
    let line = match &app.status {
        Some(s) => {
            let style = if s.is_error { urgent() } else { heading() };
            let lines: Vec<Line> = rows.into_iter().map(|r| Line::styled(r, style)).collect();
            frame.render_widget(Paragraph::new(lines), area);
            return;
        }
        None => {
            let hints = drawn(&app.screen).hints(app);
            // Help and quit as they really work here: through the screen's tables (the editor
            // and the forms do not fall through to [global]) and, while a text box has the
            // keyboard, by a key it does not take as text (f1, not `?`).
            let contexts = app.contexts();
            let always_hint = |a: Action, label: String| {
                let key = if typing {
                    app.keymap.untyped_key_for_in(&contexts, a)
                } else {
                    app.keymap.key_for_in(&contexts, a)
                };
                key.map(|k| format!("{k} {label}"))
            };
            let always: Vec<String> = [
                always_hint(Action::ToggleHelp, tr!("ui.hint.help")),
                always_hint(Action::Quit, tr!("ui.hint.quit")),
            ]
            .into_iter()
            .flatten()
            .collect();
            Line::styled(
                text::hint_line(&hints, &always, usize::from(area.width)),
                dim(),
            )
        }
    };
    frame.render_widget(Paragraph::new(line), area);
}

/// Places the terminal cursor at a text input's caret, so that an input method's candidate
/// window appears where the user is typing.
pub fn place_caret(frame: &mut Frame, area: Rect, input: &ratatui_textarea::TextArea) {
    let ratatui_textarea::DataCursor(row, col) = input.cursor();
    let line = input.lines().get(row).map(String::as_str).unwrap_or("");
    let before: String = line.chars().take(col).collect();
    let x = area
        .x
        .saturating_add(text::width(&before) as u16)
        .min(area.right().saturating_sub(1));
    frame.set_cursor_position((x, area.y));
}
