//! The title bar's tabs (issue 18, 3.2): the coordinator's six tabs at 80×24, 120×30 and
//! 200×60 in both languages, on This week, Admin and the audit screen. Short names come
//! first when the bar is narrow; the current tab always keeps its name; a key never shows
//! without its tab's name (a tab that gives way goes behind "…").

use crate::common;

use chrono::NaiveDate;
use common::render;
use common::school::school;
use shouwang::action::Action;
use shouwang::app::{App, Screen};
use shouwang::i18n::{self, Lang};

fn app() -> (App, tempfile::TempDir) {
    common::app_in(
        school(),
        "周主任",
        NaiveDate::from_ymd_opt(2026, 11, 26).unwrap(),
    )
}

/// The title bar: the first line drawn.
fn bar(app: &mut App, width: u16, height: u16) -> String {
    render(app, width, height)
        .lines()
        .next()
        .unwrap_or_default()
        .to_string()
}

/// Each tab key in the bar (1 to 6, each after a space and followed by one) has a name.
fn every_key_named(bar: &str) {
    let chars: Vec<char> = bar.chars().collect();
    for (i, c) in chars.iter().enumerate() {
        let key =
            c.is_ascii_digit() && (i == 0 || chars[i - 1] == ' ') && chars.get(i + 1) == Some(&' ');
        if key {
            let next = chars.get(i + 2).copied().unwrap_or(' ');
            assert!(next != ' ', "key {c} without a name: {bar:?}");
        }
    }
}

#[test]
fn the_coordinators_tabs_keep_their_names_at_every_size() {
    for (lang, code) in [(Lang::Zh, "zh"), (Lang::En, "en")] {
        let (mut app, _dir) = app();
        i18n::set_lang(lang);
        let screens = [
            ("this_week", Action::GotoThisWeek, 1),
            ("admin", Action::GotoAdmin, 5),
            ("audit", Action::GotoAudit, 6),
        ];
        for (name, action, key) in screens {
            app.dispatch(action);
            let mut bars = Vec::new();
            for (w, h) in [(80, 24), (120, 30), (200, 60)] {
                let line = bar(&mut app, w, h);
                every_key_named(&line);
                // The current tab keeps a name, short or whole.
                let names: &[&str] = match (lang, key) {
                    (Lang::Zh, 1) => &["本周"],
                    (Lang::Zh, 5) => &["管理"],
                    (Lang::Zh, _) => &["操作日志", "日志"],
                    (_, 1) => &["This week", "Week"],
                    (_, 5) => &["Admin"],
                    _ => &["Audit log", "Audit"],
                };
                assert!(
                    names.iter().any(|n| line.contains(&format!("{key} {n}"))),
                    "{w}: {line:?}"
                );
                if w >= 120 {
                    // Wide enough for every tab with its name.
                    for k in 1..=6 {
                        assert!(line.contains(&format!("{k} ")), "{w}: {line:?}");
                    }
                    assert!(!line.contains('…'), "{w}: {line:?}");
                }
                bars.push(format!("{w}×{h}: {}", line.trim_end()));
            }
            insta::assert_snapshot!(format!("tabs_{name}_{code}"), bars.join("\n"));
        }
    }
    i18n::set_lang(Lang::Zh);
}

/// Back on a tab with nothing under it goes to This week; on This week it stays there.
#[test]
fn back_on_a_tab_goes_to_this_week() {
    let (mut app, _d) = app();
    for tab in [
        Action::GotoCaseload,
        Action::GotoMailbox,
        Action::GotoReports,
        Action::GotoAdmin,
        Action::GotoAudit,
    ] {
        app.dispatch(tab);
        assert_eq!(app.screen.component().tab(), Some(tab));
        app.dispatch(Action::Back);
        assert!(matches!(app.screen, Screen::ThisWeek(_)), "{tab:?}");
    }
    app.dispatch(Action::Back);
    assert!(matches!(app.screen, Screen::ThisWeek(_)));
    // Tabs replace each other: Back from the second goes to This week, not to the first.
    app.dispatch(Action::GotoAdmin);
    app.dispatch(Action::GotoCaseload);
    app.dispatch(Action::Back);
    assert!(
        matches!(app.screen, Screen::ThisWeek(_)),
        "tabs do not pile up"
    );
}
