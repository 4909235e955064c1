//! Tests of the keymap: the defaults, user files merged over them, bad files, resolution.

use super::*;
use crossterm::event::{KeyCode, KeyEvent, KeyEventKind, KeyModifiers};

fn ev(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
    KeyEvent::new(code, mods)
}

fn ch(c: char) -> KeyEvent {
    ev(KeyCode::Char(c), KeyModifiers::NONE)
}

/// Resolves a whole written sequence ("g g") through `contexts`, as a terminal would send it.
fn press(map: &Keymap, contexts: &[Context], written: &str) -> Resolved {
    let keys = key::parse_sequence(written).unwrap_or_else(|| panic!("{written:?}"));
    let mut pending = Vec::new();
    let mut last = Resolved::Unbound;
    for k in keys {
        last = map.resolve(contexts, &mut pending, ev(k.code, k.mods));
    }
    last
}

fn act(map: &Keymap, ctx: Context, written: &str) -> Option<Action> {
    match press(map, &[ctx, Context::Global], written) {
        Resolved::Action(a) => Some(a),
        _ => None,
    }
}

#[test]
fn defaults_parse_without_a_single_problem() {
    let mut tables = vec![Table::new(); Context::ALL.len()];
    let problems = load::apply_file(DEFAULT_KEYMAP, &mut tables);
    assert!(problems.is_empty(), "{problems:#?}");
    assert!(tables.iter().all(|t| !t.is_empty()), "a table is empty");
    assert_eq!(Keymap::load(None).1, vec![]);
}

#[test]
fn every_action_in_default_toml_is_known_and_every_table_is_a_context() {
    let doc: toml::Table = DEFAULT_KEYMAP.parse().expect("default.toml parses");
    for (table, entries) in &doc {
        assert!(Context::from_name(table).is_some(), "unknown table {table}");
        let entries = entries.as_table().expect("a table");
        for (key, action) in entries {
            let name = action.as_str().expect("a string");
            assert!(
                Action::from_name(name).is_some(),
                "[{table}] {key} = {name}"
            );
            assert!(
                key::parse_sequence(key).is_some(),
                "[{table}] bad key {key}"
            );
        }
    }
    for c in Context::ALL {
        assert!(
            doc.contains_key(c.name()),
            "default.toml lacks [{}]",
            c.name()
        );
    }
}

#[test]
fn required_actions_are_bound_in_their_tables() {
    let map = Keymap::default();
    let required: &[(Context, &[&str])] = &[
        (
            Context::Global,
            &[
                "quit",
                "toggle_help",
                "back",
                "goto_this_week",
                "goto_caseload",
                "goto_mailbox",
                "goto_reports",
            ],
        ),
        (
            Context::Caseload,
            &["focus_search", "select_next", "select_prev", "open"],
        ),
        (Context::Child, &["new_note", "edit_profile", "new_mood"]),
        (Context::Help, &["toggle_help"]),
        (
            Context::Editor,
            &["save", "cancel", "next_field", "prev_field"],
        ),
    ];
    for (ctx, names) in required {
        for name in *names {
            let action = Action::from_name(name).expect("known action");
            assert!(
                map.key_for(*ctx, action).is_some(),
                "[{}] has no key for {name}",
                ctx.name()
            );
        }
    }
}

#[test]
fn the_documented_default_keys_do_what_the_issue_says() {
    let map = Keymap::default();
    use Action::*;
    use Context::*;
    let cases: &[(Context, &str, Action)] = &[
        (Global, "q", Quit),
        (Global, "?", ToggleHelp),
        (Global, "f1", ToggleHelp),
        (Global, "esc", Back),
        (Global, "1", GotoThisWeek),
        (Global, "2", GotoCaseload),
        (Global, "3", GotoMailbox),
        (Global, "4", GotoReports),
        (Caseload, "/", FocusSearch),
        (Caseload, "j", SelectNext),
        (Caseload, "down", SelectNext),
        (Caseload, "k", SelectPrev),
        (Caseload, "up", SelectPrev),
        (Caseload, "g g", SelectFirst),
        (Caseload, "G", SelectLast),
        (Caseload, "ctrl-d", PageDown),
        (Caseload, "pagedown", PageDown),
        (Caseload, "ctrl-u", PageUp),
        (Caseload, "pageup", PageUp),
        (Caseload, "enter", Open),
        (Child, "tab", NextTab),
        (Child, "backtab", PrevTab),
        (Child, "p", TogglePrivate),
        (Child, "e", EditProfile),
        (Child, "n", NewNote),
        (Child, "m", NewMood),
        (Form, "tab", NextField),
        (Form, "shift-tab", PrevField),
        (Form, "ctrl-s", Save),
        (Help, "?", ToggleHelp),
        (Editor, "ctrl-s", Save),
    ];
    for (ctx, key, action) in cases {
        assert_eq!(
            act(&map, *ctx, key),
            Some(*action),
            "[{}] {key}",
            ctx.name()
        );
    }
}

#[test]
fn sequences_wait_for_their_next_key_and_clear_pending() {
    let map = Keymap::default();
    let ctx = [Context::Caseload, Context::Global];
    let mut pending = Vec::new();
    assert_eq!(map.resolve(&ctx, &mut pending, ch('g')), Resolved::Pending);
    assert_eq!(pending.len(), 1);
    // A release in between (Windows) must not break the sequence.
    let mut release = ch('g');
    release.kind = KeyEventKind::Release;
    assert_eq!(map.resolve(&ctx, &mut pending, release), Resolved::Unbound);
    assert_eq!(pending.len(), 1);
    assert_eq!(
        map.resolve(&ctx, &mut pending, ch('g')),
        Resolved::Action(Action::SelectFirst)
    );
    assert!(pending.is_empty());
    // A key that does not continue the sequence ends it.
    assert_eq!(map.resolve(&ctx, &mut pending, ch('g')), Resolved::Pending);
    assert_eq!(map.resolve(&ctx, &mut pending, ch('x')), Resolved::Unbound);
    assert!(pending.is_empty());
    assert_eq!(
        map.resolve(&ctx, &mut pending, ch('j')),
        Resolved::Action(Action::SelectNext)
    );
}

#[test]
fn shift_reported_either_way_resolves_the_same() {
    let map = Keymap::default();
    let ctx = [Context::Caseload, Context::Global];
    for mods in [KeyModifiers::NONE, KeyModifiers::SHIFT] {
        let mut p = Vec::new();
        assert_eq!(
            map.resolve(&ctx, &mut p, ev(KeyCode::Char('G'), mods)),
            Resolved::Action(Action::SelectLast)
        );
        assert_eq!(
            map.resolve(&ctx, &mut p, ev(KeyCode::Char('?'), mods)),
            Resolved::Action(Action::ToggleHelp)
        );
    }
    let mut p = Vec::new();
    for event in [
        ev(KeyCode::BackTab, KeyModifiers::SHIFT),
        ev(KeyCode::BackTab, KeyModifiers::NONE),
        ev(KeyCode::Tab, KeyModifiers::SHIFT),
    ] {
        assert_eq!(
            map.resolve(&[Context::Child], &mut p, event),
            Resolved::Action(Action::PrevTab)
        );
    }
    // Lower-case g alone is not G.
    assert_eq!(map.resolve(&ctx, &mut p, ch('g')), Resolved::Pending);
}

#[test]
fn the_screen_table_comes_before_global() {
    let (map, problems) = Keymap::with_user_text("[caseload]\n\"q\" = \"open\"\n");
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(act(&map, Context::Caseload, "q"), Some(Action::Open));
    assert_eq!(act(&map, Context::Child, "q"), Some(Action::Quit));
    // In the help overlay, q and esc close the help rather than quit or go back.
    let map = Keymap::default();
    assert_eq!(act(&map, Context::Help, "q"), Some(Action::ToggleHelp));
    assert_eq!(act(&map, Context::Help, "esc"), Some(Action::ToggleHelp));
    // Only the contexts given are used.
    assert_eq!(press(&map, &[Context::Caseload], "q"), Resolved::Unbound);
}

#[test]
fn a_user_override_changes_one_key_and_keeps_all_others() {
    let text = "[caseload]\n\"j\" = \"open\"\n";
    let (map, problems) = Keymap::with_user_text(text);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(act(&map, Context::Caseload, "j"), Some(Action::Open));
    let default = Keymap::default();
    for ctx in Context::ALL {
        for (keys, action) in default.table(*ctx) {
            if *ctx == Context::Caseload && key::sequence_to_string(keys) == "j" {
                continue;
            }
            assert!(
                map.table(*ctx).contains(&(keys.clone(), *action)),
                "[{}] {} lost",
                ctx.name(),
                key::sequence_to_string(keys)
            );
        }
    }
    // j is still next in other screens.
    assert_eq!(act(&map, Context::Child, "j"), Some(Action::SelectNext));
}

#[test]
fn none_or_empty_unbinds_a_key() {
    // A quit key stays (f10): a keymap without one is refused whole.
    let text = "[global]\n\"q\" = \"none\"\n\"ctrl-c\" = \"\"\n\"f10\" = \"quit\"\n[caseload]\n\"g g\" = \"none\"\n\"g\" = \"select_first\"\n";
    let (map, problems) = Keymap::with_user_text(text);
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(act(&map, Context::Caseload, "q"), None);
    assert_eq!(press(&map, &[Context::Global], "ctrl-c"), Resolved::Unbound);
    assert_eq!(
        map.key_for(Context::Global, Action::Quit).as_deref(),
        Some("f10")
    );
    // Freeing `g g` lets `g` act alone.
    assert_eq!(act(&map, Context::Caseload, "g"), Some(Action::SelectFirst));
}

fn lines(problems: &[KeymapProblem]) -> Vec<usize> {
    problems.iter().map(|p| p.line).collect()
}

fn defaults_still_work(map: &Keymap) {
    assert_eq!(act(map, Context::Caseload, "j"), Some(Action::SelectNext));
    assert_eq!(
        act(map, Context::Caseload, "g g"),
        Some(Action::SelectFirst)
    );
    assert_eq!(act(map, Context::Caseload, "q"), Some(Action::Quit));
}

#[test]
fn a_syntax_error_is_reported_on_its_line_and_the_defaults_stay() {
    let text = "# mine\n[global]\n\"x\" = \"quit\"\n\"y\" = quit\n";
    let (map, problems) = Keymap::with_user_text(text);
    assert_eq!(lines(&problems), vec![4], "{problems:?}");
    assert_eq!(map, Keymap::default(), "a broken file changes nothing");
    defaults_still_work(&map);
    let (_, problems) = Keymap::with_user_text("[global\n");
    assert_eq!(lines(&problems), vec![1], "{problems:?}");
}

#[test]
fn an_unknown_action_is_reported_on_its_line_and_skipped() {
    let text = "[caseload]\n\"x\" = \"open\"\n\n\"j\" = \"fly_away\"\n";
    let (map, problems) = Keymap::with_user_text(text);
    assert_eq!(lines(&problems), vec![4], "{problems:?}");
    assert!(problems[0].message.contains("fly_away"));
    assert_eq!(act(&map, Context::Caseload, "x"), Some(Action::Open));
    defaults_still_work(&map);
}

#[test]
fn an_unknown_table_is_reported_and_skipped() {
    let text = "[global]\n\"x\" = \"quit\"\n[caseloud]\n\"j\" = \"open\"\n";
    let (map, problems) = Keymap::with_user_text(text);
    assert_eq!(lines(&problems), vec![3], "{problems:?}");
    assert!(problems[0].message.contains("caseloud"));
    assert_eq!(act(&map, Context::Child, "x"), Some(Action::Quit));
    defaults_still_work(&map);
}

#[test]
fn bad_keys_and_values_are_reported_and_skipped() {
    let text = "\"q\" = \"quit\"\n[caseload]\n\"ctrl-\" = \"open\"\n\"j\" = 3\n\"f13\" = \"open\"\n\"y\" = \"open\"\n[child]\n\"shift-j\" = \"open\"\n\"J\" = \"quit\"\n";
    let (map, problems) = Keymap::with_user_text(text);
    // top-level entry, two bad keys, a number, a duplicate of J.
    assert_eq!(lines(&problems), vec![1, 3, 4, 5, 9], "{problems:#?}");
    assert_eq!(act(&map, Context::Caseload, "y"), Some(Action::Open));
    assert_eq!(act(&map, Context::Child, "J"), Some(Action::Open));
    defaults_still_work(&map);
}

#[test]
fn a_sequence_that_clashes_with_a_single_key_is_reported() {
    // `g` would shadow the default `g g`; `G G` would be shadowed by the default `G`.
    let text = "[caseload]\n\"g\" = \"open\"\n\"G G\" = \"open\"\n\"z z\" = \"open\"\n";
    let (map, problems) = Keymap::with_user_text(text);
    assert_eq!(lines(&problems), vec![2, 3], "{problems:#?}");
    assert!(
        problems[0].message.contains("g g"),
        "{}",
        problems[0].message
    );
    assert_eq!(act(&map, Context::Caseload, "z z"), Some(Action::Open));
    defaults_still_work(&map);
}

#[test]
fn load_reads_the_file_and_tolerates_a_missing_or_unreadable_one() {
    let dir = tempfile::tempdir().expect("tempdir");
    let missing = dir.path().join("keymap.toml");
    let (map, problems) = Keymap::load(Some(&missing));
    assert!(problems.is_empty());
    assert_eq!(map, Keymap::default());

    std::fs::write(&missing, "[global]\n\"x\" = \"quit\"\n").expect("write");
    let (map, problems) = Keymap::load(Some(&missing));
    assert!(problems.is_empty());
    assert_eq!(act(&map, Context::Global, "x"), Some(Action::Quit));

    std::fs::write(&missing, [0xff, 0xfe, b'[']).expect("write");
    let (map, problems) = Keymap::load(Some(&missing));
    assert_eq!(lines(&problems), vec![0]);
    assert_eq!(map, Keymap::default());
}

#[test]
fn help_rows_merge_the_keys_of_one_action() {
    let map = Keymap::default();
    let rows = map.bindings(Context::Caseload);
    let find = |a: Action| {
        rows.iter()
            .find(|(_, b)| *b == a)
            .map(|(k, _)| k.as_str())
            .unwrap_or_else(|| panic!("{a:?} missing"))
    };
    assert_eq!(find(Action::SelectNext), "j, down");
    assert_eq!(find(Action::SelectFirst), "home, g g");
    assert_eq!(find(Action::PageDown), "ctrl-d, pagedown");
    // One row per action, in the order of Action::ALL.
    let actions: Vec<Action> = rows.iter().map(|(_, a)| *a).collect();
    let mut sorted = actions.clone();
    sorted.sort();
    sorted.dedup();
    assert_eq!(actions, sorted);
    assert_eq!(
        map.bindings(Context::Global)
            .iter()
            .find(|(_, a)| *a == Action::ToggleHelp)
            .map(|(k, _)| k.as_str()),
        Some("?, f1")
    );
    // The help follows the keymap in force.
    let (map, _) = Keymap::with_user_text("[caseload]\n\"j\" = \"none\"\n");
    let rows = map.bindings(Context::Caseload);
    assert!(rows.contains(&("down".to_string(), Action::SelectNext)));
}

#[test]
fn key_hints_name_a_key_that_really_works() {
    let map = Keymap::default();
    assert_eq!(
        map.key_for(Context::Global, Action::ToggleHelp).as_deref(),
        Some("?")
    );
    assert_eq!(map.key_for(Context::Caseload, Action::ToggleHelp), None);
    let ctx = [Context::Caseload, Context::Global];
    assert_eq!(
        map.key_for_in(&ctx, Action::ToggleHelp).as_deref(),
        Some("?")
    );
    // If the screen takes `?` for something else, the hint offers f1.
    let (map, _) = Keymap::with_user_text("[caseload]\n\"?\" = \"open\"\n");
    assert_eq!(
        map.key_for_in(&ctx, Action::ToggleHelp).as_deref(),
        Some("f1")
    );
}

#[test]
fn problems_read_in_both_languages() {
    for lang in [crate::i18n::Lang::Zh, crate::i18n::Lang::En] {
        for key in [
            "keys.keymap.syntax",
            "keys.keymap.unknown_action",
            "keys.keymap.conflict",
            "keys.keymap.context.caseload",
        ] {
            assert_ne!(crate::i18n::text_in(lang, key), key, "{lang:?} {key}");
        }
    }
}
