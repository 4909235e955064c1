//! Issue 13, item 1: at 80 columns nothing important is lost. Every screen the app reaches by
//! its actions is drawn at 80×24 (and the too-small notice at 40×12), in both languages, and
//! each row is checked: a text that reaches the right border must end in "…" (or "+N"), never
//! be cut mid-word; the border itself is never overwritten.
use crate::common;

use chrono::NaiveDate;
use common::school::school;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use shouwang::action::Action;
use shouwang::app::App;
use shouwang::config::Config;
use shouwang::i18n::{self, Lang};
use shouwang::keymap::Keymap;

fn thursday() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn app_for(user: &str) -> (App, tempfile::TempDir) {
    common::app_in(school(), user, thursday())
}

/// A demo school, where a child is often overdue on several rules at once: the long rows.
fn demo_app(user: &str) -> (App, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = shouwang::store::Store::open(
        &dir.path().join("demo.redb"),
        common::clock(common::school::TERM_NOW),
    )
    .unwrap();
    let options = shouwang::demo::DemoOptions {
        children: 300,
        notes_per_child: 8,
        ..shouwang::demo::DemoOptions::on(thursday())
    };
    let actor = shouwang::model::Actor::CommandLine("t".into());
    shouwang::demo::fill(&store, None, &actor, &options, &mut |_, _| {}).unwrap();
    let mut app = App::new(
        store,
        Config::default(),
        Keymap::default(),
        vec![],
        thursday(),
    );
    app.login_by_name(user, None).unwrap();
    (app, dir)
}

/// The rows as cells (a wide character's second cell left out).
fn rows(app: &mut App, width: u16, height: u16) -> Vec<Vec<String>> {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal.draw(|f| shouwang::ui::draw(f, app)).unwrap();
    let buffer = terminal.backend().buffer();
    (0..height)
        .map(|y| {
            let mut cells = Vec::new();
            let mut x = 0;
            while x < width {
                let symbol = buffer[(x, y)].symbol().to_string();
                x += (unicode_width::UnicodeWidthStr::width(symbol.as_str()) as u16).max(1);
                cells.push(symbol);
            }
            cells
        })
        .collect()
}

/// What the eye would call text cut at the edge: a letter, digit or CJK character right
/// against the border (or the screen's edge), with no "…" to say so.
fn is_text(cell: &str) -> bool {
    cell.chars()
        .next()
        .is_some_and(|c| c.is_alphanumeric() && !('\u{2500}'..='\u{259f}').contains(&c) && c != '…')
}

/// Whether the row's last words were placed against the right edge on purpose (a date, a
/// count): a gap of three or more blanks before a few words, short enough to be a date or a
/// count rather than a value running into the border.
fn right_aligned(line: &str) -> bool {
    let trimmed = line.trim_end_matches(['│', '┐', '┘', '┤']);
    trimmed.rfind("   ").is_some_and(|gap| {
        let words = trimmed[gap..].trim();
        !words.is_empty()
            && words.split("  ").count() == 1
            && unicode_width::UnicodeWidthStr::width(words) <= 24
    })
}

/// Whether a row filled to the border is a paragraph wrapping onto the next row, not text
/// cut: prose (no gap of two blanks, as a list's or table's columns have) whose next row
/// goes on from the same column.
fn wraps_on(row: &[String], next: Option<&Vec<String>>) -> bool {
    let Some(next) = next else { return false };
    // The pane against the right border: from the last inner border on (two boxes side by
    // side), or the whole row.
    // (Cells, not columns: a wide character is one cell, so each row finds its own border.)
    let pane = |r: &[String]| {
        let end = r.len().checked_sub(1)?;
        let start = r[..end].iter().rposition(|c| c == "│").map_or(0, |i| i + 1);
        Some(r[start..end].to_vec())
    };
    let (Some(this), Some(below)) = (pane(row), pane(next)) else {
        return false;
    };
    let first_text = |r: &[String]| r.iter().position(|c| is_text(c));
    !this.concat().trim().contains("  ")
        && first_text(&this).is_some()
        && first_text(&this) == first_text(&below)
}

/// The problems of one screen: rows cut without a mark, and borders broken. The title bar
/// (row 0) must keep the person's name and the date whole instead, and the key hints (the
/// last row, when no message is shown) must end with the whole quit hint.
fn problems(name: &str, app: &mut App, width: u16, height: u16) -> Vec<String> {
    let mut found = Vec::new();
    let rows = rows(app, width, height);
    if app.status.is_none()
        && app.user.is_some()
        && width >= 80
        && let Some(footer) = rows.last()
    {
        let footer = footer.concat();
        if !footer.trim_end().ends_with(&shouwang::tr!("ui.hint.quit")) {
            found.push(format!("{name}: the key hints are cut: {footer}"));
        }
    }
    for (y, row) in rows.iter().enumerate() {
        let line: String = row.concat();
        let Some(last) = row.last() else { continue };
        if y == 0 && width >= 80 {
            if let Some(user) = &app.user
                && !(line.contains(&user.name) && line.contains(&app.today.to_string()))
            {
                found.push(format!(
                    "{name}: the title bar lost the name or the date: {line}"
                ));
            }
            continue;
        }
        if row.first().is_some_and(|c| c == "┌") || right_aligned(&line) {
            continue;
        }
        let bordered = row
            .first()
            .is_some_and(|c| c == "│" || c == "┌" || c == "└");
        if bordered {
            // A row that opens with a border closes with one.
            let closes = ["│", "┐", "┘", "┤"].contains(&last.as_str());
            if !closes {
                found.push(format!("{name} row {y}: border overwritten: {line}"));
                continue;
            }
            if row.len() >= 2 && is_text(&row[row.len() - 2]) && !wraps_on(row, rows.get(y + 1)) {
                found.push(format!("{name} row {y}: cut at the border: {line}"));
            }
        } else if is_text(last) && line.trim_end() == line {
            found.push(format!("{name} row {y}: cut at the edge: {line}"));
        }
    }
    found
}

/// A step of the walk: the actions that lead to a screen, its name, and how many tabs it has
/// (each is looked at).
struct Step(&'static [Action], &'static str, usize);

/// Every screen a person reaches from This week, in an order the actions allow.
const WALK: &[Step] = &[
    Step(&[], "this week", 1),
    Step(&[Action::ToggleHelp], "help", 1),
    Step(&[Action::Back, Action::NewNote], "note editor", 1),
    Step(
        &[Action::Cancel, Action::Cancel, Action::GotoCaseload],
        "caseload",
        1,
    ),
    Step(&[Action::Open], "archive tab", 6),
    Step(&[Action::NewMood], "mood form", 1),
    Step(
        &[Action::Cancel, Action::Cancel, Action::EditProfile],
        "profile form",
        1,
    ),
    Step(
        &[Action::Cancel, Action::Cancel, Action::GotoMailbox],
        "mailbox",
        1,
    ),
    Step(&[Action::OpenMailbox], "intake", 1),
    Step(
        &[
            Action::Cancel,
            Action::Cancel,
            Action::GotoMailbox,
            Action::Open,
        ],
        "letter",
        1,
    ),
    Step(
        &[
            Action::Back,
            Action::GotoCaseload,
            Action::Open,
            Action::NewIncident,
        ],
        "incident form",
        1,
    ),
    Step(&[Action::Cancel, Action::GotoReports], "reports tab", 4),
    Step(&[Action::GotoAdmin], "admin tab", 4),
    Step(&[Action::GotoAudit], "audit", 1),
];

/// Every screen reachable by actions from This week, for `user`.
fn screens(user: &str, lang: Lang, width: u16, height: u16) -> Vec<String> {
    let (app, _d) = app_for(user);
    walk(app, lang, width, height)
}

fn walk(mut app: App, lang: Lang, width: u16, height: u16) -> Vec<String> {
    // After the school is made (it sets Chinese for its own sentences).
    i18n::set_lang(lang);
    let mut found = Vec::new();
    let mut look = |name: &str, app: &mut App| found.extend(problems(name, app, width, height));
    for Step(actions, name, tabs) in WALK {
        for action in *actions {
            app.dispatch(*action);
        }
        if *tabs == 1 {
            look(name, &mut app);
            continue;
        }
        for tab in 0..*tabs {
            look(&format!("{name} {tab}"), &mut app);
            app.dispatch(Action::NextTab);
        }
    }
    found
}

#[test]
fn nothing_is_cut_without_a_mark_at_80_columns() {
    let mut found = Vec::new();
    for lang in [Lang::Zh, Lang::En] {
        for user in ["李老师", "周主任"] {
            found.extend(
                screens(user, lang, 80, 24)
                    .into_iter()
                    .map(|p| format!("{lang:?} {user}: {p}")),
            );
            let (app, _d) = demo_app(user);
            found.extend(
                walk(app, lang, 80, 24)
                    .into_iter()
                    .map(|p| format!("{lang:?} {user} (demo): {p}")),
            );
        }
    }
    // One test, not two: the language is the process's, and tests run side by side.
    for lang in [Lang::Zh, Lang::En] {
        let (mut app, _d) = app_for("李老师");
        i18n::set_lang(lang);
        let shown: String = rows(&mut app, 40, 12)
            .iter()
            .map(|r| r.concat())
            .collect::<Vec<_>>()
            .join("\n");
        assert!(!shown.contains("李老师"), "{shown}");
        found.extend(problems("too small", &mut app, 40, 12));
    }
    assert!(found.is_empty(), "{}", found.join("\n"));
}
