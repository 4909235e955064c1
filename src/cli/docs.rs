//! What a command-line program is expected to give about itself: shell completions
//! (`clap_complete`) and a manual page, both made from the one definition of the arguments in
//! `cli::Cli`, so they never disagree with `--help`. Neither opens a store.
//!
//! The manual page is one page, `shouwang(1)`, that describes every command: `shouwang man`
//! writes one file, as `man ./shouwang.1` reads it, and a page per subcommand
//! (`shouwang-import(1)`…) would be files nobody installs for commands of a few options
//! each. So the page is written here with `roff` rather than by `clap_mangen`, whose page
//! names the subcommands' pages, leaves the values out of the synopsis and reflows the
//! examples into one paragraph. Its KEYS come from the keymap in force, as the help overlay's.

use super::{CliError, ShellArg, help, say, warn};
use crate::action::Action;
use crate::keymap::{Context, Keymap};
use crate::tr;
use clap::{Arg, ArgAction, Command};
use roff::{Inline, Roff, bold, italic, roman};

/// The completion script for `shell`, on standard output.
pub fn completions(shell: ShellArg) -> Result<(), CliError> {
    use clap_complete::Shell;
    let shell = match shell {
        ShellArg::Bash => Shell::Bash,
        ShellArg::Zsh => Shell::Zsh,
        ShellArg::Fish => Shell::Fish,
        ShellArg::Powershell => Shell::PowerShell,
    };
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut super::command(), "shouwang", &mut script);
    print(script)
}

/// The manual page (roff), on standard output, with the keys of the user's keymap in force;
/// what is wrong in that keymap is said on standard error, as the app says it on screen.
pub fn man() -> Result<(), CliError> {
    let file = Keymap::user_file();
    let (keymap, problems) = Keymap::load(Some(&file));
    for problem in problems {
        warn(&format!("shouwang: {}: {problem}", file.display()));
    }
    print(page(&keymap).into_bytes())
}

/// Generated text through the same printing as every other line (a closed pipe ends quietly).
fn print(bytes: Vec<u8>) -> Result<(), CliError> {
    let text = String::from_utf8_lossy(&bytes);
    say(text.trim_end())
}

/// The whole manual page, in the language in force.
pub(crate) fn page(keymap: &Keymap) -> String {
    let mut cmd = super::command();
    cmd.build();
    let mut r = Roff::new();
    let source = format!("shouwang {}", cmd.get_version().unwrap_or_default());
    // No date: the page is made at run time and the program reads no clock for it; `""`
    // keeps the place so that the source and manual stay in theirs.
    r.control(
        "TH",
        ["SHOUWANG", "1", "\"\"", &source, &tr!("cli.man.manual")],
    );
    // Ragged right: the formatter cannot break inside a run of Chinese, so justified lines
    // beside one open wide gaps between the English words.
    r.control("ad", ["l"]);

    r.control("SH", [tr!("cli.man.name").as_str()]);
    let about = cmd.get_about().map(|a| a.to_string()).unwrap_or_default();
    r.text([roman(format!("shouwang - {about}"))]);

    r.control("SH", [tr!("cli.man.synopsis").as_str()]);
    synopsis_form(&mut r, &[], &cmd);
    for (words, leaf) in leaves(&cmd) {
        synopsis_form(&mut r, &words, leaf);
    }

    r.control("SH", [tr!("cli.man.description").as_str()]);
    let long_about = cmd.get_long_about().or(cmd.get_about());
    paragraphs(
        &mut r,
        &long_about.map(|a| a.to_string()).unwrap_or_default(),
    );

    r.control("SH", [tr!("cli.man.options").as_str()]);
    r.text([roman(tr!("cli.man.options_anywhere"))]);
    for arg in cmd.get_arguments().filter(|a| !a.is_hide_set()) {
        describe_arg(&mut r, arg);
    }

    r.control("SH", [tr!("cli.man.commands").as_str()]);
    for (words, leaf) in leaves(&cmd) {
        describe_command(&mut r, &words, leaf);
    }

    keys(&mut r, keymap);
    epilogue(&mut r);
    // The NAME line is read by whatis and apropos as it is written: no breaks put in there.
    let mut sections = 0;
    r.render()
        .lines()
        .map(|line| {
            sections += usize::from(line.starts_with(".SH"));
            if line.starts_with('.') || sections < 2 {
                format!("{line}\n")
            } else {
                format!("{}\n", with_cjk_breaks(line))
            }
        })
        .collect()
}

/// `\:` (a break allowed, nothing printed) wherever Chinese may wrap: the formatter breaks
/// lines only at spaces, so a Chinese sentence ran past the margin as one long word. Not
/// before closing punctuation nor after opening punctuation. Text lines only: the roff crate
/// has escaped every backslash of the text, so an escape is whole before a break is put in.
fn with_cjk_breaks(line: &str) -> String {
    fn cjk(c: char) -> bool {
        matches!(c, '\u{2E80}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{FF00}'..='\u{FFEF}')
    }
    const NO_BREAK_BEFORE: &str = "，。、；：！？）」』》〉】”’,.;:!?)]}…";
    const NO_BREAK_AFTER: &str = "（「『《〈【“‘([{\\";
    let mut out = String::with_capacity(line.len() * 2);
    let mut prev: Option<char> = None;
    for c in line.chars() {
        if let Some(p) = prev
            && (cjk(p) || cjk(c))
            && !p.is_whitespace()
            && !c.is_whitespace()
            && !NO_BREAK_BEFORE.contains(c)
            && !NO_BREAK_AFTER.contains(p)
        {
            out.push_str("\\:");
        }
        out.push(c);
        prev = Some(c);
    }
    out
}

/// The commands that run, with the words that name them (`["import", "roster"]`), in the
/// order of `--help`; the groups (`import`) are named by their leaves.
fn leaves(cmd: &Command) -> Vec<(Vec<&str>, &Command)> {
    let mut out = Vec::new();
    for sub in cmd.get_subcommands().filter(|s| shown(s)) {
        if sub.has_subcommands() {
            for (mut words, leaf) in leaves(sub) {
                words.insert(0, sub.get_name());
                out.push((words, leaf));
            }
        } else {
            out.push((vec![sub.get_name()], sub));
        }
    }
    out
}

/// Not the `help` subcommand clap adds (`--help` says it all), nor anything hidden.
fn shown(sub: &Command) -> bool {
    !sub.is_hide_set() && sub.get_name() != "help"
}

/// The arguments a command takes itself: not `--help`/`--version`, and, below the top, not
/// the global options clap copies into every subcommand.
fn own_args(cmd: &Command, top: bool) -> impl Iterator<Item = &Arg> {
    cmd.get_arguments().filter(move |a| {
        !a.is_hide_set()
            && !matches!(
                a.get_action(),
                ArgAction::Help | ArgAction::HelpShort | ArgAction::HelpLong | ArgAction::Version
            )
            && (top || !a.is_global_set())
    })
}

/// One form of the synopsis: `shouwang import roster FILE [--dry-run]`, each value named.
fn synopsis_form(r: &mut Roff, words: &[&str], cmd: &Command) {
    r.control("SY", ["shouwang"]);
    let mut line = Vec::new();
    if !words.is_empty() {
        line.push(bold(words.join(" ")));
    }
    let args: Vec<&Arg> = own_args(cmd, words.is_empty()).collect();
    let (positionals, options): (Vec<&Arg>, Vec<&Arg>) =
        args.into_iter().partition(|a| a.is_positional());
    for arg in positionals.into_iter().chain(options) {
        if !line.is_empty() {
            line.push(roman(" "));
        }
        line.extend(bracketed_usage(arg));
    }
    r.text(line);
    r.control("YS", []);
}

/// `arg_usage` in brackets when the argument may be left out: `[--out FILE]`.
fn bracketed_usage(arg: &Arg) -> Vec<Inline> {
    let usage = arg_usage(arg);
    if arg.is_required_set() {
        return usage;
    }
    let mut out = vec![roman("[")];
    out.extend(usage);
    out.push(roman("]"));
    out
}

/// An argument as it is typed: `--out FILE`, `--format md|csv|xlsx`, `STUDENT_ID...`.
fn arg_usage(arg: &Arg) -> Vec<Inline> {
    let mut out = Vec::new();
    if !arg.is_positional() {
        match (arg.get_short(), arg.get_long()) {
            (Some(s), Some(l)) => {
                out.extend([bold(format!("-{s}")), roman(", "), bold(format!("--{l}"))])
            }
            (Some(s), None) => out.push(bold(format!("-{s}"))),
            (None, Some(l)) => out.push(bold(format!("--{l}"))),
            (None, None) => {}
        }
        if !takes_value(arg) {
            return out;
        }
        out.push(roman(" "));
    }
    let values = values(arg);
    if values.is_empty() || values.len() > MAX_VALUES_INLINE {
        let name = arg
            .get_value_names()
            .map(|names| {
                names
                    .iter()
                    .map(|n| n.as_str())
                    .collect::<Vec<_>>()
                    .join(" ")
            })
            .unwrap_or_else(|| arg.get_id().as_str().to_uppercase());
        out.push(italic(name));
    } else {
        for (i, (value, _)) in values.iter().enumerate() {
            if i > 0 {
                out.push(roman("|"));
            }
            out.push(bold(value.clone()));
        }
    }
    if arg.get_num_args().is_some_and(|n| n.max_values() > 1) {
        out.push(roman("..."));
    }
    out
}

/// More values than this are named (`ACTION`) and listed under the option instead.
const MAX_VALUES_INLINE: usize = 4;

fn takes_value(arg: &Arg) -> bool {
    arg.get_num_args().is_some_and(|n| n.takes_values())
}

/// The values an argument accepts, each with its gloss if it has one.
fn values(arg: &Arg) -> Vec<(String, Option<String>)> {
    arg.get_possible_values()
        .iter()
        .filter(|v| !v.is_hide_set())
        .map(|v| {
            (
                v.get_name().to_string(),
                v.get_help().map(|h| h.to_string()),
            )
        })
        .collect()
}

/// One command under COMMANDS: its words and operands, what it does, then its arguments.
fn describe_command(r: &mut Roff, words: &[&str], cmd: &Command) {
    r.control("TP", []);
    let mut tag = vec![bold(words.join(" "))];
    for arg in own_args(cmd, false).filter(|a| a.is_positional()) {
        tag.push(roman(" "));
        tag.extend(bracketed_usage(arg));
    }
    r.text(tag);
    let about = cmd.get_long_about().or(cmd.get_about());
    paragraphs(r, &about.map(|a| a.to_string()).unwrap_or_default());
    let args: Vec<&Arg> = own_args(cmd, false)
        .filter(|a| !a.is_positional() || help_of(a).is_some())
        .collect();
    if !args.is_empty() {
        r.control("RS", []);
        for arg in args {
            describe_arg(r, arg);
        }
        r.control("RE", []);
    }
}

fn help_of(arg: &Arg) -> Option<String> {
    arg.get_long_help()
        .or(arg.get_help())
        .map(|h| h.to_string())
}

/// One argument as a tagged paragraph: how it is typed, what it means, its values when the
/// tag could not show them or they have a gloss, its default and its variable.
fn describe_arg(r: &mut Roff, arg: &Arg) {
    r.control("TP", []);
    r.text(arg_usage(arg));
    paragraphs(r, &help_of(arg).unwrap_or_default());
    let values = values(arg);
    let glossed = values.iter().any(|(_, gloss)| gloss.is_some());
    if values.len() > MAX_VALUES_INLINE || glossed {
        r.control("br", []);
        let mut line = vec![roman(format!("{} ", tr!("cli.man.values")))];
        for (i, (value, gloss)) in values.iter().enumerate() {
            if i > 0 {
                line.push(roman(", "));
            }
            line.push(bold(value.clone()));
            if let Some(gloss) = gloss {
                line.push(roman(format!(" ({gloss})")));
            }
        }
        r.text(line);
    }
    let defaults: Vec<String> = arg
        .get_default_values()
        .iter()
        .map(|v| v.to_string_lossy().into_owned())
        .filter(|v| !v.is_empty())
        .collect();
    if takes_value(arg) && !defaults.is_empty() && !arg.is_hide_default_value_set() {
        r.control("br", []);
        r.text([roman(tr!("cli.man.default", value = defaults.join(", ")))]);
    }
    if let Some(var) = arg.get_env().filter(|_| !arg.is_hide_env_set()) {
        r.control("br", []);
        r.text([roman(tr!("cli.man.env", name = var.to_string_lossy()))]);
    }
}

/// Text as filled paragraphs: a line of its own stays a line, an empty line leaves space.
fn paragraphs(r: &mut Roff, text: &str) {
    let mut first = true;
    for line in text.lines() {
        if line.trim().is_empty() {
            r.control("sp", []);
            first = true;
            continue;
        }
        if !first {
            r.control("br", []);
        }
        r.text([roman(line)]);
        first = false;
    }
}

/// KEYS: the app's keys from the keymap in force, a table a subsection, in the order and
/// with the descriptions of the help overlay (`ui::help`).
fn keys(r: &mut Roff, keymap: &Keymap) {
    r.control("SH", [tr!("cli.man.keys").as_str()]);
    let file = Keymap::user_file();
    r.text([roman(tr!("cli.man.keys_intro", file = file.display()))]);
    for &context in Context::ALL {
        let bindings = keymap.bindings(context);
        if bindings.is_empty() {
            continue;
        }
        r.control("SS", [context.title().as_str()]);
        for (keys, action) in bindings {
            key_row(r, context, &keys, action);
        }
    }
}

fn key_row(r: &mut Roff, context: Context, keys: &str, action: Action) {
    r.control("TP", []);
    let mut tag = Vec::new();
    for (i, key) in keys.split(", ").enumerate() {
        if i > 0 {
            tag.push(roman(", "));
        }
        tag.push(bold(key));
    }
    r.text(tag);
    r.text([roman(action.description_on(context.name()))]);
}

/// The sections `--help` closes with (`cli::help`), and the exit statuses from their one
/// table, in the order of man-pages(7).
fn epilogue(r: &mut Roff) {
    r.control("SH", [tr!("cli.man.permissions").as_str()]);
    for (who, commands) in help::PERMISSIONS {
        r.control("TP", []);
        r.text([italic(*who)]);
        r.text([roman(*commands)]);
    }
    r.control("PP", []);
    r.text([roman(help::PERMISSIONS_NOTE)]);

    r.control("SH", [tr!("cli.man.passphrases").as_str()]);
    r.text([roman(help::PASSPHRASES)]);

    r.control("SH", [tr!("cli.man.files_written").as_str()]);
    r.text([roman(help::FILES_WRITTEN)]);

    r.control("SH", [tr!("cli.man.exit_status").as_str()]);
    let zh = crate::i18n::lang() == crate::i18n::Lang::Zh;
    for status in super::exit::STATUSES {
        r.control("TP", []);
        r.text([bold(status.code.to_string())]);
        r.text([roman(if zh { status.zh } else { status.en })]);
    }

    r.control("SH", [tr!("cli.man.environment").as_str()]);
    for (var, what) in help::ENVIRONMENT {
        r.control("TP", []);
        r.text([bold(*var)]);
        r.text([roman(*what)]);
    }

    // Each example its own paragraph, the command as typed on a line of its own: filled
    // text would run the commands together.
    r.control("SH", [tr!("cli.man.examples").as_str()]);
    for example in help::EXAMPLES {
        r.control("PP", []);
        r.text([roman(example.purpose)]);
        r.control("RS", ["4"]);
        r.control("nf", []);
        r.text([roman(example.command)]);
        r.control("fi", []);
        r.control("RE", []);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_may_wrap_between_characters_but_not_before_punctuation() {
        assert_eq!(with_cjk_breaks("导入名单。"), "导\\:入\\:名\\:单。");
        assert_eq!(with_cjk_breaks("（学号）ok"), "（学\\:号）\\:ok");
        // An escape stays whole: the break goes beside it.
        assert_eq!(with_cjk_breaks("\\fB周\\fR"), "\\fB\\:周\\:\\fR");
        assert_eq!(
            with_cjk_breaks("no \\-change, here."),
            "no \\-change, here."
        );
    }

    #[test]
    fn the_keys_are_those_of_the_keymap_given() {
        let tag = "\\fBx\\fR, \\fBenter\\fR";
        assert!(!page(&Keymap::default()).contains(tag));
        let (map, problems) = Keymap::with_user_text("[caseload]\n\"x\" = \"open\"\n");
        assert!(problems.is_empty(), "{problems:?}");
        assert!(page(&map).contains(&format!(".TP\n{tag}\n")));
    }
}
