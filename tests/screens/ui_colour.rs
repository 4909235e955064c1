//! `NO_COLOR`: with colour off the screens carry no colour at all (every cell's foreground and
//! background are the terminal's own), and what colour used to say is still there: the
//! selection and the tabs in reverse video, urgent rows bold and underlined, the demo banner
//! reversed. Drawn on `TestBackend` over a small demo school (it has the banner, open
//! incidents, mood charts with follow-ups and report bars).

use crate::common;

use chrono::NaiveDate;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::style::{Color, Modifier};
use shouwang::action::Action;
use shouwang::app::{App, ChildTab, Screen};
use shouwang::config::Config;
use shouwang::i18n::{self, Lang};
use shouwang::keymap::Keymap;
use shouwang::model::Actor;
use shouwang::store::Store;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
}

fn demo_app(dir: &std::path::Path) -> App {
    let store = Store::open(
        &dir.join("demo.redb"),
        common::clock(common::school::TERM_NOW),
    )
    .unwrap();
    let options = shouwang::demo::DemoOptions {
        children: 24,
        notes_per_child: 6,
        seed: 7,
        today: today(),
    };
    shouwang::demo::fill(
        &store,
        None,
        &Actor::CommandLine("test".into()),
        &options,
        &mut |_, _| {},
    )
    .unwrap();
    let mut app = App::new(store, Config::default(), Keymap::default(), vec![], today());
    app.login_by_name(shouwang::demo::FIRST_COUNSELOR, None)
        .unwrap();
    app
}

fn draw(app: &mut App) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
    terminal.draw(|f| shouwang::ui::draw(f, app)).unwrap();
    terminal.backend().buffer().clone()
}

fn coloured(buffer: &Buffer) -> usize {
    buffer
        .content
        .iter()
        .filter(|c| c.fg != Color::Reset || c.bg != Color::Reset)
        .count()
}

fn with(buffer: &Buffer, m: Modifier) -> usize {
    buffer
        .content
        .iter()
        .filter(|c| c.modifier.contains(m))
        .count()
}

/// The screens of the test, each drawn: This week, the caseload, a child's mood chart, the
/// school's report bars (as the coordinator).
fn screens(app: &mut App) -> Vec<(&'static str, Buffer)> {
    let mut out = vec![("this week", draw(app))];
    app.dispatch(Action::GotoCaseload);
    out.push(("caseload", draw(app)));
    app.dispatch(Action::Open);
    if let Screen::Child(state) = &mut app.screen {
        state.tab = ChildTab::Moods;
    }
    out.push(("mood chart", draw(app)));
    app.dispatch(Action::GotoReports);
    out.push(("reports", draw(app)));
    out
}

#[test]
fn no_color_draws_no_colour_and_keeps_selection_and_urgency_visible() {
    i18n::set_lang(Lang::Zh);
    let dir = tempfile::tempdir().unwrap();
    let mut app = demo_app(dir.path());

    shouwang::ui::set_colour(true);
    let in_colour = screens(&mut app);
    assert!(
        in_colour.iter().all(|(_, b)| coloured(b) > 0),
        "in colour every screen has colour"
    );

    app.dispatch(Action::GotoThisWeek);
    shouwang::ui::set_colour(false);
    let plain = screens(&mut app);
    shouwang::ui::set_colour(true);
    for (name, buffer) in &plain {
        assert_eq!(coloured(buffer), 0, "{name} has colour under NO_COLOR");
        // The current tab of the title bar (and the selected row) stay visible.
        assert!(
            with(buffer, Modifier::REVERSED) > 0,
            "{name}: nothing reversed"
        );
    }
    // This week's urgent rows (open incidents) are still marked, without red.
    let week = &plain[0].1;
    assert!(with(week, Modifier::UNDERLINED | Modifier::BOLD) > 0);
}

#[test]
fn the_style_helpers_obey_the_one_switch() {
    use shouwang::ui::{colour_wanted, set_colour, urgent, warning};
    assert!(colour_wanted(None));
    assert!(colour_wanted(Some(std::ffi::OsStr::new(""))));
    assert!(!colour_wanted(Some(std::ffi::OsStr::new("1"))));
    set_colour(false);
    for style in [urgent(), warning(), shouwang::ui::tinted(Color::Cyan)] {
        assert_eq!((style.fg, style.bg), (None, None), "{style:?}");
    }
    assert!(warning().add_modifier.contains(Modifier::REVERSED));
    set_colour(true);
    assert_eq!(urgent().fg, Some(Color::Red));
}
