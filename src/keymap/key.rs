//! One key as the keymap sees it: parsed from the keymap files (`ctrl-s`, `G`, `f1`) and
//! normalised from crossterm events, so that terminals that report Shift differently agree.

use std::fmt;

use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// A key with its modifiers, normalised: a character carries its own shift (`G`, `?`), so
/// SHIFT is only kept on named keys (`shift-up`); shift-tab is always `BackTab`; with Ctrl a
/// letter is lower case because most terminals cannot tell ctrl-s from ctrl-shift-s.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key {
    pub code: KeyCode,
    pub mods: KeyModifiers,
}

/// Named keys as written in the keymap files; the first name of each is the one shown.
const NAMES: &[(&str, KeyCode)] = &[
    ("enter", KeyCode::Enter),
    ("return", KeyCode::Enter),
    ("esc", KeyCode::Esc),
    ("escape", KeyCode::Esc),
    ("tab", KeyCode::Tab),
    ("shift-tab", KeyCode::BackTab),
    ("backtab", KeyCode::BackTab),
    ("backspace", KeyCode::Backspace),
    ("up", KeyCode::Up),
    ("down", KeyCode::Down),
    ("left", KeyCode::Left),
    ("right", KeyCode::Right),
    ("pageup", KeyCode::PageUp),
    ("pgup", KeyCode::PageUp),
    ("pagedown", KeyCode::PageDown),
    ("pgdn", KeyCode::PageDown),
    ("home", KeyCode::Home),
    ("end", KeyCode::End),
    ("delete", KeyCode::Delete),
    ("del", KeyCode::Delete),
    ("insert", KeyCode::Insert),
    ("space", KeyCode::Char(' ')),
];

impl Key {
    pub fn new(code: KeyCode, mods: KeyModifiers) -> Key {
        Key::normalise(code, mods)
    }

    /// Whether a focused text box takes this key as a character typed (`q`, `?`, space)
    /// instead of leaving it to the keymap.
    pub fn is_typed(&self) -> bool {
        matches!(self.code, KeyCode::Char(_))
            && !self
                .mods
                .intersects(KeyModifiers::CONTROL | KeyModifiers::ALT)
    }

    /// The key of a terminal event. `(Char('G'), SHIFT)`, `(Char('G'), NONE)` and
    /// `(Char('g'), SHIFT)` are all `G`; `(Tab, SHIFT)` and `(BackTab, SHIFT)` are `BackTab`.
    pub fn from_event(event: &KeyEvent) -> Key {
        Key::normalise(event.code, event.modifiers)
    }

    fn normalise(code: KeyCode, mods: KeyModifiers) -> Key {
        // Super, Hyper and Meta are not bindable: terminals report them too unevenly.
        let mut mods = mods & (KeyModifiers::CONTROL | KeyModifiers::ALT | KeyModifiers::SHIFT);
        let code = match code {
            KeyCode::Char(c) => {
                let shifted = mods.contains(KeyModifiers::SHIFT);
                mods.remove(KeyModifiers::SHIFT);
                if mods.contains(KeyModifiers::CONTROL) {
                    KeyCode::Char(c.to_ascii_lowercase())
                } else if shifted {
                    KeyCode::Char(upper(c))
                } else {
                    KeyCode::Char(c)
                }
            }
            KeyCode::Tab if mods.contains(KeyModifiers::SHIFT) => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            KeyCode::BackTab => {
                mods.remove(KeyModifiers::SHIFT);
                KeyCode::BackTab
            }
            other => other,
        };
        Key { code, mods }
    }

    /// Parses one key as written in a keymap file: `q`, `G`, `?`, `ctrl-s`, `alt-x`,
    /// `shift-g`, `shift-tab`, `enter`, `f5`. Names are case-insensitive, single characters
    /// are not (`g` and `G` differ). `None` if it is not a key.
    pub fn parse(text: &str) -> Option<Key> {
        let mut mods = KeyModifiers::NONE;
        let mut rest = text;
        // `-` alone is a key, so a prefix is only a modifier when something follows it.
        loop {
            let lower = rest.to_ascii_lowercase();
            let stripped = ["ctrl-", "control-", "alt-", "shift-"]
                .iter()
                .find(|p| lower.starts_with(**p) && rest.len() > p.len());
            let Some(prefix) = stripped else { break };
            // "shift-tab" is a name of its own (BackTab).
            if *prefix == "shift-" && lower == "shift-tab" {
                break;
            }
            let m = match *prefix {
                "ctrl-" | "control-" => KeyModifiers::CONTROL,
                "alt-" => KeyModifiers::ALT,
                _ => KeyModifiers::SHIFT,
            };
            if mods.contains(m) {
                return None;
            }
            mods |= m;
            rest = &rest[prefix.len()..];
        }
        let mut chars = rest.chars();
        let code = match (chars.next(), chars.next()) {
            (Some(c), None) if !c.is_control() && !c.is_whitespace() => {
                // shift-1 would be `!` on one keyboard and something else on another.
                if mods.contains(KeyModifiers::SHIFT) && !c.is_alphabetic() {
                    return None;
                }
                KeyCode::Char(c)
            }
            (Some(_), Some(_)) => named(rest)?,
            _ => return None,
        };
        Some(Key::normalise(code, mods))
    }
}

fn upper(c: char) -> char {
    let mut up = c.to_uppercase();
    match (up.next(), up.next()) {
        (Some(u), None) => u,
        _ => c,
    }
}

fn named(name: &str) -> Option<KeyCode> {
    let lower = name.to_ascii_lowercase();
    if let Some((_, code)) = NAMES.iter().find(|(n, _)| *n == lower) {
        return Some(*code);
    }
    let n: u8 = lower.strip_prefix('f')?.parse().ok()?;
    (1..=12).contains(&n).then_some(KeyCode::F(n))
}

/// The canonical way to write the key, as the help overlay shows it: `ctrl-s`, `G`, `space`.
impl fmt::Display for Key {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (m, name) in [
            (KeyModifiers::CONTROL, "ctrl-"),
            (KeyModifiers::ALT, "alt-"),
            (KeyModifiers::SHIFT, "shift-"),
        ] {
            if self.mods.contains(m) {
                f.write_str(name)?;
            }
        }
        if let Some((name, _)) = NAMES.iter().find(|(_, c)| *c == self.code) {
            return f.write_str(name);
        }
        match self.code {
            KeyCode::Char(c) => write!(f, "{c}"),
            KeyCode::F(n) => write!(f, "f{n}"),
            other => write!(f, "{}", format!("{other:?}").to_lowercase()),
        }
    }
}

/// Parses `"g g"`: keys separated by spaces. `None` if any part is not a key.
pub fn parse_sequence(text: &str) -> Option<Vec<Key>> {
    let keys: Option<Vec<Key>> = text.split_whitespace().map(Key::parse).collect();
    keys.filter(|k| !k.is_empty())
}

pub fn sequence_to_string(keys: &[Key]) -> String {
    keys.iter()
        .map(Key::to_string)
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crossterm::event::KeyEventKind;

    fn k(code: KeyCode, mods: KeyModifiers) -> Key {
        Key::new(code, mods)
    }

    fn p(s: &str) -> Key {
        Key::parse(s).unwrap_or_else(|| panic!("{s:?} should parse"))
    }

    #[test]
    fn every_documented_key_form_parses() {
        let none = KeyModifiers::NONE;
        let cases: &[(&str, KeyCode, KeyModifiers)] = &[
            ("q", KeyCode::Char('q'), none),
            ("G", KeyCode::Char('G'), none),
            ("shift-g", KeyCode::Char('G'), none),
            ("?", KeyCode::Char('?'), none),
            ("/", KeyCode::Char('/'), none),
            ("-", KeyCode::Char('-'), none),
            ("1", KeyCode::Char('1'), none),
            ("ctrl-s", KeyCode::Char('s'), KeyModifiers::CONTROL),
            ("Ctrl-S", KeyCode::Char('s'), KeyModifiers::CONTROL),
            ("ctrl--", KeyCode::Char('-'), KeyModifiers::CONTROL),
            ("alt-x", KeyCode::Char('x'), KeyModifiers::ALT),
            ("alt-X", KeyCode::Char('X'), KeyModifiers::ALT),
            (
                "ctrl-alt-d",
                KeyCode::Char('d'),
                KeyModifiers::CONTROL | KeyModifiers::ALT,
            ),
            ("enter", KeyCode::Enter, none),
            ("Enter", KeyCode::Enter, none),
            ("esc", KeyCode::Esc, none),
            ("tab", KeyCode::Tab, none),
            ("backtab", KeyCode::BackTab, none),
            ("shift-tab", KeyCode::BackTab, none),
            ("backspace", KeyCode::Backspace, none),
            ("up", KeyCode::Up, none),
            ("down", KeyCode::Down, none),
            ("left", KeyCode::Left, none),
            ("right", KeyCode::Right, none),
            ("shift-up", KeyCode::Up, KeyModifiers::SHIFT),
            ("pageup", KeyCode::PageUp, none),
            ("pagedown", KeyCode::PageDown, none),
            ("home", KeyCode::Home, none),
            ("end", KeyCode::End, none),
            ("space", KeyCode::Char(' '), none),
            ("f1", KeyCode::F(1), none),
            ("F12", KeyCode::F(12), none),
            ("希", KeyCode::Char('希'), none),
        ];
        for (text, code, mods) in cases {
            assert_eq!(
                p(text),
                Key {
                    code: *code,
                    mods: *mods
                },
                "{text}"
            );
        }
    }

    #[test]
    fn nonsense_is_not_a_key() {
        for bad in [
            "",
            " ",
            "ctrl-",
            "f0",
            "f13",
            "fx",
            "enterr",
            "ctrl-ctrl-s",
            "shift-1",
            "hyper-x",
            "\t",
        ] {
            assert_eq!(Key::parse(bad), None, "{bad:?}");
        }
    }

    #[test]
    fn shift_and_case_reported_either_way_match() {
        let g = p("G");
        assert_eq!(k(KeyCode::Char('G'), KeyModifiers::SHIFT), g);
        assert_eq!(k(KeyCode::Char('G'), KeyModifiers::NONE), g);
        assert_eq!(k(KeyCode::Char('g'), KeyModifiers::SHIFT), g);
        assert_ne!(k(KeyCode::Char('g'), KeyModifiers::NONE), g);
        let q = p("?");
        assert_eq!(k(KeyCode::Char('?'), KeyModifiers::SHIFT), q);
        assert_eq!(k(KeyCode::Char('?'), KeyModifiers::NONE), q);
        let bt = p("backtab");
        assert_eq!(k(KeyCode::BackTab, KeyModifiers::SHIFT), bt);
        assert_eq!(k(KeyCode::BackTab, KeyModifiers::NONE), bt);
        assert_eq!(k(KeyCode::Tab, KeyModifiers::SHIFT), bt);
        let cs = p("ctrl-s");
        assert_eq!(
            k(
                KeyCode::Char('S'),
                KeyModifiers::CONTROL | KeyModifiers::SHIFT
            ),
            cs
        );
        // Super is dropped rather than making the key unmatchable.
        assert_eq!(
            k(
                KeyCode::Char('s'),
                KeyModifiers::CONTROL | KeyModifiers::SUPER
            ),
            cs
        );
        let ev =
            KeyEvent::new_with_kind(KeyCode::Char('G'), KeyModifiers::SHIFT, KeyEventKind::Press);
        assert_eq!(Key::from_event(&ev), g);
    }

    #[test]
    fn display_round_trips_through_parse() {
        for text in [
            "q",
            "G",
            "?",
            "ctrl-s",
            "alt-x",
            "enter",
            "esc",
            "shift-tab",
            "space",
            "f7",
            "shift-up",
            "pagedown",
            "-",
        ] {
            let key = p(text);
            assert_eq!(key.to_string(), text);
            assert_eq!(p(&key.to_string()), key);
        }
        assert_eq!(p("backtab").to_string(), "shift-tab");
        assert_eq!(p("shift-g").to_string(), "G");
    }

    #[test]
    fn sequences_split_on_spaces() {
        assert_eq!(parse_sequence("g g"), Some(vec![p("g"), p("g")]));
        assert_eq!(parse_sequence("  g   G "), Some(vec![p("g"), p("G")]));
        assert_eq!(parse_sequence("ctrl-x enter").map(|s| s.len()), Some(2));
        assert_eq!(parse_sequence("g nope"), None);
        assert_eq!(parse_sequence(""), None);
        assert_eq!(sequence_to_string(&[p("g"), p("g")]), "g g");
    }
}
