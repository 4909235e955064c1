//! The keymap through the public API, as the UI will use it: a user's file on disk with
//! mistakes in it gives line-numbered sentences and a keymap that still works.
use crate::common;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use shouwang::action::Action;
use shouwang::keymap::{Context, Keymap, Resolved};

#[test]
fn a_user_file_with_mistakes_still_gives_a_working_keymap() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("keymap.toml");
    let text = "\
# my keys
[caseload]
\"x\" = \"open\"
\"j\" = \"jump\"
\"ctrl-\" = \"open\"

[mailbx]
\"r\" = \"open\"
";
    std::fs::write(&path, text).expect("write");
    let (map, problems) = Keymap::load(Some(&path));
    let lines: Vec<usize> = problems.iter().map(|p| p.line).collect();
    assert_eq!(lines, vec![4, 5, 7], "{problems:#?}");
    for p in &problems {
        assert!(!p.message.is_empty());
        assert!(p.to_string().contains(&p.line.to_string()), "{p}");
        eprintln!("{p}");
    }
    let ctx = [Context::Caseload, Context::Global];
    let mut pending = Vec::new();
    let x = KeyEvent::new(KeyCode::Char('x'), KeyModifiers::NONE);
    assert_eq!(
        map.resolve(&ctx, &mut pending, x),
        Resolved::Action(Action::Open)
    );
    let j = KeyEvent::new(KeyCode::Char('j'), KeyModifiers::NONE);
    assert_eq!(
        map.resolve(&ctx, &mut pending, j),
        Resolved::Action(Action::SelectNext)
    );
}

#[test]
fn an_unparsable_user_file_keeps_every_default() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = dir.path().join("keymap.toml");
    std::fs::write(&path, "[global]\n\"q\" = \"none\"\n\"x\" = = \"quit\"\n").expect("write");
    let (map, problems) = Keymap::load(Some(&path));
    assert_eq!(problems.len(), 1, "{problems:#?}");
    assert_eq!(problems[0].line, 3);
    eprintln!("{}", problems[0]);
    assert_eq!(map, Keymap::default());
}

#[test]
fn problems_are_sentences_in_chinese_too() {
    shouwang::i18n::set_lang(shouwang::i18n::Lang::Zh);
    let (_, problems) = Keymap::with_user_text("[caseload]\n\"j\" = \"jump\"\n\"g\" = \"open\"\n");
    shouwang::i18n::set_lang(shouwang::i18n::Lang::En);
    assert_eq!(problems.len(), 2, "{problems:#?}");
    for p in &problems {
        eprintln!("{p}");
        assert!(p.message.contains("这"), "{p}");
    }
}

#[test]
fn a_keymap_that_leaves_no_way_to_quit_is_refused_with_a_sentence() {
    shouwang::i18n::set_lang(shouwang::i18n::Lang::En);
    let (map, problems) = Keymap::with_user_text(
        "[global]\n\"q\" = \"none\"\n\"ctrl-c\" = \"none\"\n\"j\" = \"goto_caseload\"\n",
    );
    assert!(
        problems.iter().any(|p| p.to_string().contains("quit")),
        "{problems:?}"
    );
    // The defaults stand whole, the user's other keys included in the refusal.
    assert_eq!(
        map.key_for(Context::Global, Action::Quit).as_deref(),
        Some("q")
    );
}

#[test]
fn an_action_that_does_something_else_on_one_screen_says_so_there() {
    shouwang::i18n::set_lang(shouwang::i18n::Lang::En);
    let everywhere = Action::FocusSearch.description();
    let mailbox = Action::FocusSearch.description_on(Context::Mailbox.name());
    assert_ne!(everywhere, mailbox);
    assert!(mailbox.contains("letters"), "{mailbox}");
    assert_eq!(
        Action::FocusSearch.description_on(Context::Caseload.name()),
        everywhere
    );
}

/// The tests' key strings (`tests/common/keys.rs`) mean what the keymap means.
#[test]
fn helix_key_strings_read_as_the_keymap_reads_keys() {
    use shouwang::keymap::Key;
    let p = |s: &str| Key::parse(s).unwrap();
    assert_eq!(
        common::keys::parse("ix<esc><ret><C-s><S-tab><A-x><lt><space>"),
        vec![
            p("i"),
            p("x"),
            p("esc"),
            p("enter"),
            p("ctrl-s"),
            p("shift-tab"),
            p("alt-x"),
            p("<"),
            p("space"),
        ]
    );
    let names: Vec<_> = common::keys::parse("a<ret><C-s><S-tab><down>")
        .iter()
        .map(common::keys::tmux_name)
        .collect();
    assert_eq!(
        names,
        [None, Some("Enter"), Some("C-s"), Some("BTab"), Some("Down")].map(|n| n.map(String::from))
    );
}
