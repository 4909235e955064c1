//! Keys to actions: the embedded `keymaps/default.toml`, the user's `keymap.toml` merged over
//! it key by key, and resolution of key events (sequences like `g g` too) per screen.

mod key;
mod load;

use std::fmt;
use std::path::{Path, PathBuf};

use crossterm::event::{KeyCode, KeyEvent, KeyEventKind};

pub use key::Key;

use crate::action::Action;
use crate::tr;

/// The defaults, compiled in so that a missing or broken file never leaves the app keyless.
/// (Spelled with `concat!`: the i18n test takes any `tr` call with a literal for a catalogue key.)
pub const DEFAULT_KEYMAP: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/keymaps/default.toml"));

/// The name of the user's file in `crate::paths::config_dir()`.
pub const USER_FILE_NAME: &str = "keymap.toml";

/// One table of the keymap: a screen or mode, plus `Global` which applies beneath them all.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Context {
    Global,
    Start,
    ThisWeek,
    Caseload,
    Child,
    Form,
    Help,
    Editor,
    RecordForm,
    Prompt,
    Incident,
    Absence,
    Mailbox,
    Letter,
    Notes,
    Audit,
    Reports,
    ReportRange,
    Admin,
    AdminStaff,
    AdminAssignments,
    AdminRoster,
    AdminReaders,
    AdminDialog,
    RosterFile,
    RosterPreview,
}

impl Context {
    pub const ALL: &'static [Context] = &[
        Context::Global,
        Context::Start,
        Context::ThisWeek,
        Context::Caseload,
        Context::Child,
        Context::Form,
        Context::Help,
        Context::Editor,
        Context::RecordForm,
        Context::Prompt,
        Context::Incident,
        Context::Absence,
        Context::Mailbox,
        Context::Letter,
        Context::Notes,
        Context::Audit,
        Context::Reports,
        Context::ReportRange,
        Context::Admin,
        Context::AdminStaff,
        Context::AdminAssignments,
        Context::AdminRoster,
        Context::AdminReaders,
        Context::AdminDialog,
        Context::RosterFile,
        Context::RosterPreview,
    ];

    /// The table name in the keymap files, e.g. `this_week`.
    pub fn name(self) -> &'static str {
        match self {
            Context::Global => "global",
            Context::Start => "start",
            Context::ThisWeek => "this_week",
            Context::Caseload => "caseload",
            Context::Child => "child",
            Context::Form => "form",
            Context::Help => "help",
            Context::Editor => "editor",
            Context::RecordForm => "record_form",
            Context::Prompt => "prompt",
            Context::Incident => "incident",
            Context::Absence => "absence",
            Context::Mailbox => "mailbox",
            Context::Letter => "letter",
            Context::Notes => "notes",
            Context::Audit => "audit",
            Context::Reports => "reports",
            Context::ReportRange => "report_range",
            Context::Admin => "admin",
            Context::AdminStaff => "admin_staff",
            Context::AdminAssignments => "admin_assignments",
            Context::AdminRoster => "admin_roster",
            Context::AdminReaders => "admin_readers",
            Context::AdminDialog => "admin_dialog",
            Context::RosterFile => "roster_file",
            Context::RosterPreview => "roster_preview",
        }
    }

    pub fn from_name(name: &str) -> Option<Context> {
        Context::ALL.iter().copied().find(|c| c.name() == name)
    }

    /// The heading of this table in the help overlay, in the language in force.
    pub fn title(self) -> String {
        match self {
            Context::Global => tr!("keys.keymap.context.global"),
            Context::Start => tr!("keys.keymap.context.start"),
            Context::ThisWeek => tr!("keys.keymap.context.this_week"),
            Context::Caseload => tr!("keys.keymap.context.caseload"),
            Context::Child => tr!("keys.keymap.context.child"),
            Context::Form => tr!("keys.keymap.context.form"),
            Context::Help => tr!("keys.keymap.context.help"),
            Context::Editor => tr!("keys.keymap.context.editor"),
            Context::RecordForm => tr!("keys.keymap.context.record_form"),
            Context::Prompt => tr!("keys.keymap.context.prompt"),
            Context::Incident => tr!("keys.keymap.context.incident"),
            Context::Absence => tr!("keys.keymap.context.absence"),
            Context::Mailbox => tr!("keys.keymap.context.mailbox"),
            Context::Letter => tr!("keys.keymap.context.letter"),
            Context::Notes => tr!("keys.keymap.context.notes"),
            Context::Audit => tr!("keys.keymap.context.audit"),
            Context::Reports => tr!("keys.keymap.context.reports"),
            Context::ReportRange => tr!("keys.keymap.context.report_range"),
            Context::Admin => tr!("keys.keymap.context.admin"),
            Context::AdminStaff => tr!("keys.keymap.context.admin_staff"),
            Context::AdminAssignments => tr!("keys.keymap.context.admin_assignments"),
            Context::AdminRoster => tr!("keys.keymap.context.admin_roster"),
            Context::AdminReaders => tr!("keys.keymap.context.admin_readers"),
            Context::AdminDialog => tr!("keys.keymap.context.admin_dialog"),
            Context::RosterFile => tr!("keys.keymap.context.roster_file"),
            Context::RosterPreview => tr!("keys.keymap.context.roster_preview"),
        }
    }
}

/// What a key event means in the contexts in force.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolved {
    Action(Action),
    /// The keys so far start a sequence (the first `g` of `g g`); wait for the next key.
    Pending,
    Unbound,
}

/// Something wrong in the user's keymap file. `line` is 1-based; 0 when the problem is with
/// the file as a whole (it could not be read).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct KeymapProblem {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for KeymapProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            f.write_str(&self.message)
        } else {
            let text = tr!(
                "keys.keymap.at_line",
                line = self.line,
                message = self.message
            );
            f.write_str(&text)
        }
    }
}

/// Bindings of one table in the order they were written: short, so a scan is fastest.
type Table = Vec<(Vec<Key>, Action)>;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Keymap {
    tables: Vec<Table>,
}

impl Default for Keymap {
    /// The embedded defaults (a test makes sure they parse without a single problem).
    fn default() -> Keymap {
        let mut tables = vec![Table::new(); Context::ALL.len()];
        let _ = load::apply_file(DEFAULT_KEYMAP, &mut tables);
        Keymap { tables }
    }
}

impl Keymap {
    /// `config_dir()/keymap.toml`, where `load` looks by default.
    pub fn user_file() -> PathBuf {
        crate::paths::config_dir().join(USER_FILE_NAME)
    }

    /// The defaults with the user's file over them. A missing file is no problem; a file
    /// that cannot be read or parsed leaves the defaults whole; a bad entry is skipped.
    pub fn load(user_file: Option<&Path>) -> (Keymap, Vec<KeymapProblem>) {
        let Some(path) = user_file else {
            return (Keymap::default(), Vec::new());
        };
        let read = crate::paths::read_regular(path).and_then(|bytes| {
            String::from_utf8(bytes)
                .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))
        });
        match read {
            Ok(text) => Keymap::with_user_text(&text),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => (Keymap::default(), Vec::new()),
            Err(e) => {
                let problem = KeymapProblem {
                    line: 0,
                    message: tr!("keys.keymap.unreadable", path = path.display(), error = e),
                };
                (Keymap::default(), vec![problem])
            }
        }
    }

    /// The defaults with `text` (the content of a user file) merged over them.
    pub fn with_user_text(text: &str) -> (Keymap, Vec<KeymapProblem>) {
        let mut map = Keymap::default();
        let mut problems = load::apply_file(text, &mut map.tables);
        // A keymap with no way out would trap whoever uses it: refused whole.
        if map.key_for(Context::Global, Action::Quit).is_none() {
            problems.push(KeymapProblem {
                line: 0,
                message: tr!("keys.keymap.no_quit"),
            });
            return (Keymap::default(), problems);
        }
        (map, problems)
    }

    fn table(&self, context: Context) -> &Table {
        &self.tables[context as usize]
    }

    /// Resolves `key` after the keys already in `pending`, trying `contexts` in order (the
    /// screen's table, then `Global`): the first table that knows the keys decides, either
    /// with an action or by waiting for more. `pending` is cleared on `Action` and `Unbound`
    /// and grows on `Pending`; a timeout is the caller's. Key releases (Windows reports them)
    /// are `Unbound` and leave `pending` alone, or `g g` could never be typed there.
    pub fn resolve(
        &self,
        contexts: &[Context],
        pending: &mut Vec<KeyEvent>,
        key: KeyEvent,
    ) -> Resolved {
        if key.kind == KeyEventKind::Release || matches!(key.code, KeyCode::Modifier(_)) {
            return Resolved::Unbound;
        }
        let keys: Vec<Key> = pending
            .iter()
            .chain(std::iter::once(&key))
            .map(Key::from_event)
            .collect();
        for &context in contexts {
            let table = self.table(context);
            if let Some((_, action)) = table.iter().find(|(k, _)| *k == keys) {
                pending.clear();
                return Resolved::Action(*action);
            }
            if table
                .iter()
                .any(|(k, _)| k.len() > keys.len() && k.starts_with(&keys))
            {
                pending.push(key);
                return Resolved::Pending;
            }
        }
        pending.clear();
        Resolved::Unbound
    }

    /// The bindings of one table for the help overlay: one row per action, in the order of
    /// `Action::ALL` (which groups related actions), with all its keys merged: `"j, down"`.
    pub fn bindings(&self, context: Context) -> Vec<(String, Action)> {
        let mut rows: Vec<(Action, Vec<&Vec<Key>>)> = Vec::new();
        for (keys, action) in self.table(context) {
            match rows.iter_mut().find(|(a, _)| a == action) {
                Some((_, list)) => list.push(keys),
                None => rows.push((*action, vec![keys])),
            }
        }
        rows.sort_by_key(|(a, _)| *a);
        rows.into_iter()
            .map(|(action, mut list)| {
                list.sort_by_key(|k| sort_key(k));
                let written: Vec<String> =
                    list.iter().map(|k| key::sequence_to_string(k)).collect();
                (written.join(", "), action)
            })
            .collect()
    }

    /// The first key bound to `action` in this one table (for hints such as "? help").
    pub fn key_for(&self, context: Context, action: Action) -> Option<String> {
        // The first binding as written: the file lists the key it means people to learn first.
        self.table(context)
            .iter()
            .find(|(_, a)| *a == action)
            .map(|(k, _)| key::sequence_to_string(k))
    }

    /// The first key that really gives `action` through `contexts` in order: a global key
    /// that the screen's table takes for something else is not offered.
    pub fn key_for_in(&self, contexts: &[Context], action: Action) -> Option<String> {
        self.first_key_in(contexts, action, false)
    }

    /// As `key_for_in`, among the keys a focused text box leaves alone (f1, not `?`): the
    /// hint shown while someone types.
    pub fn untyped_key_for_in(&self, contexts: &[Context], action: Action) -> Option<String> {
        self.first_key_in(contexts, action, true)
    }

    fn first_key_in(&self, contexts: &[Context], action: Action, untyped: bool) -> Option<String> {
        let mut candidates: Vec<&Vec<Key>> = contexts
            .iter()
            .flat_map(|c| self.table(*c).iter())
            .filter(|(k, a)| *a == action && !(untyped && k.first().is_some_and(Key::is_typed)))
            .map(|(k, _)| k)
            .collect();
        candidates.sort_by_key(|k| sort_key(k));
        candidates
            .into_iter()
            .find(|keys| self.resolve_keys(contexts, keys) == Resolved::Action(action))
            .map(|k| key::sequence_to_string(k))
    }

    fn resolve_keys(&self, contexts: &[Context], keys: &[Key]) -> Resolved {
        let mut pending = Vec::new();
        let mut last = Resolved::Unbound;
        for k in keys {
            last = self.resolve(contexts, &mut pending, KeyEvent::new(k.code, k.mods));
        }
        last
    }
}

/// Short keys first, plain characters before named keys, so the help reads "j, down".
fn sort_key(keys: &[Key]) -> (usize, u8, String) {
    let first = keys.first();
    let rank = match first.map(|k| (k.code, k.mods.is_empty())) {
        Some((KeyCode::Char(' '), _)) => 2,
        Some((KeyCode::Char(_), true)) => 0,
        Some((KeyCode::Char(_), false)) => 1,
        Some((KeyCode::F(_), _)) => 3,
        _ => 2,
    };
    (keys.len(), rank, key::sequence_to_string(keys))
}

#[cfg(test)]
mod tests;
