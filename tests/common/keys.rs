//! Keys written as helix's tests write them: `"ihello<esc>"`, `"<C-s>"`, `"<tab><space>"`.
//! A character stands for itself, `<…>` names one key (`<ret>`, `<esc>`, `<S-tab>`,
//! `<C-s>`, `<A-x>`, `<down>`, `<lt>` for `<`); inside the brackets the keymap's own parser
//! (`shouwang::keymap::Key::parse`) reads the name, so the tests and the keymap agree on keys.

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use shouwang::app::{App, handle_key};
use shouwang::keymap::Key;

/// The keys of a helix-style key string. Panics on a name that is not a key: a typo in a
/// test should fail the test, not send something else.
pub fn parse(keys: &str) -> Vec<Key> {
    let mut out = Vec::new();
    let mut chars = keys.chars();
    while let Some(c) = chars.next() {
        if c != '<' {
            out.push(Key::new(KeyCode::Char(c), KeyModifiers::NONE));
            continue;
        }
        let name: String = chars.by_ref().take_while(|&c| c != '>').collect();
        out.push(named(&name).unwrap_or_else(|| panic!("<{name}> in {keys:?} is not a key")));
    }
    out
}

/// One `<…>` name: helix's short forms (`C-`, `A-`, `S-`, `ret`, `lt`, `gt`) put into the
/// keymap's words.
fn named(name: &str) -> Option<Key> {
    let mut words = String::new();
    let mut rest = name;
    while let Some((prefix, word)) = [("C-", "ctrl-"), ("A-", "alt-"), ("S-", "shift-")]
        .into_iter()
        .find(|(p, _)| rest.len() > p.len() && rest.starts_with(p))
    {
        words.push_str(word);
        rest = &rest[prefix.len()..];
    }
    words.push_str(match rest {
        "ret" => "enter",
        "lt" => "<",
        "gt" => ">",
        other => other,
    });
    Key::parse(&words)
}

/// Presses one key with no modifier.
pub fn key(app: &mut App, code: KeyCode) {
    handle_key(app, KeyEvent::new(code, KeyModifiers::NONE));
}

/// Presses ctrl and `c`.
pub fn ctrl(app: &mut App, c: char) {
    handle_key(app, KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL));
}

/// Types text as the keyboard would: each character a key, a newline Enter.
pub fn type_text(app: &mut App, text: &str) {
    for c in text.chars() {
        match c {
            '\n' => key(app, KeyCode::Enter),
            c => key(app, KeyCode::Char(c)),
        }
    }
}

/// Presses the keys of a helix-style key string (`"<tab><space><C-s>"`).
pub fn send(app: &mut App, keys: &str) {
    for k in parse(keys) {
        handle_key(app, KeyEvent::new(k.code, k.mods));
    }
}

/// How tmux names a key for `send-keys`; `None` for a plain character, which is sent
/// literally.
pub fn tmux_name(k: &Key) -> Option<String> {
    let base = match k.code {
        KeyCode::Char(' ') => "Space".to_string(),
        KeyCode::Char(_) if k.mods.is_empty() => return None,
        KeyCode::Char(c) => c.to_string(),
        KeyCode::Enter => "Enter".into(),
        KeyCode::Esc => "Escape".into(),
        KeyCode::Tab => "Tab".into(),
        KeyCode::BackTab => "BTab".into(),
        KeyCode::Backspace => "BSpace".into(),
        KeyCode::Up => "Up".into(),
        KeyCode::Down => "Down".into(),
        KeyCode::Left => "Left".into(),
        KeyCode::Right => "Right".into(),
        KeyCode::PageUp => "PPage".into(),
        KeyCode::PageDown => "NPage".into(),
        KeyCode::Home => "Home".into(),
        KeyCode::End => "End".into(),
        KeyCode::Delete => "DC".into(),
        KeyCode::Insert => "IC".into(),
        KeyCode::F(n) => format!("F{n}"),
        other => panic!("no tmux name for {other:?}"),
    };
    let mut name = String::new();
    if k.mods.contains(KeyModifiers::CONTROL) {
        name.push_str("C-");
    }
    if k.mods.contains(KeyModifiers::ALT) {
        name.push_str("M-");
    }
    if k.mods.contains(KeyModifiers::SHIFT) {
        name.push_str("S-");
    }
    name.push_str(&base);
    Some(name)
}
