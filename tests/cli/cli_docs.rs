//! What a command-line program is expected to give about itself, through the real binary:
//! completions for four shells that know the subcommands, a manual page, and neither needs a
//! store nor touches one.

use crate::common;

use common::Home;

fn stdout(home: &Home, args: &[&str]) -> String {
    let out = home.run(args);
    String::from_utf8(out.stdout).unwrap()
}

/// No store file anywhere in the home (the log file may be made, as for every run).
fn no_store(home: &Home) -> bool {
    fn walk(dir: &std::path::Path) -> bool {
        std::fs::read_dir(dir)
            .into_iter()
            .flatten()
            .flatten()
            .all(|e| {
                let p = e.path();
                if p.is_dir() {
                    walk(&p)
                } else {
                    p.extension().is_none_or(|x| x != "redb")
                }
            })
    }
    walk(home.path())
}

#[test]
fn completions_know_every_subcommand_in_every_shell() {
    let home = Home::new();
    for shell in ["bash", "zsh", "fish", "powershell"] {
        let script = stdout(&home, &["completions", shell]);
        for sub in [
            "import",
            "export",
            "report",
            "counselor",
            "assign",
            "demo",
            "backup",
            "restore",
            "check",
            "audit",
            "completions",
            "man",
        ] {
            assert!(script.contains(sub), "{shell} lacks {sub}");
        }
        // The values of an option are completed too.
        assert!(script.contains("coordinator"), "{shell} lacks the roles");
    }
    let bash = stdout(&home, &["completions", "bash"]);
    assert!(bash.contains("complete -F _shouwang"), "{bash}");
    let fish = stdout(&home, &["completions", "fish"]);
    assert!(fish.contains("complete -c shouwang"), "{fish}");
    // No store was made by asking.
    assert!(no_store(&home));
}

#[test]
fn an_unknown_shell_is_refused_with_the_ones_there_are() {
    let home = Home::new();
    let out = home.command(&["completions", "tcsh"]).output().unwrap();
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("bash, zsh, fish, powershell"), "{err}");
}

/// The manual page in `lang`, as `shouwang man` writes it.
fn man(home: &Home, lang: &str) -> String {
    stdout(home, &["--lang", lang, "man"])
}

/// A line of roff as it reads: fonts, escapes and the break points left out.
fn plain(line: &str) -> String {
    line.replace("\\:", "")
        .replace("\\fB", "")
        .replace("\\fI", "")
        .replace("\\fR", "")
        .replace("\\-", "-")
        .replace("\\*(Aq", "'")
        .replace("\\\\", "\\")
}

/// The roff lines of the section headed `heading`, up to the next `.SH`.
fn section<'a>(page: &'a str, heading: &str) -> Vec<&'a str> {
    let head = if heading.contains(' ') {
        format!(".SH \"{heading}\"")
    } else {
        format!(".SH {heading}")
    };
    let mut lines = page.lines().skip_while(|l| *l != head);
    assert!(lines.next().is_some(), "no {head}:\n{page}");
    lines.take_while(|l| !l.starts_with(".SH")).collect()
}

#[test]
fn the_manual_page_has_its_sections_and_every_command() {
    let home = Home::new();
    let page = man(&home, "en");
    assert!(page.contains(".TH SHOUWANG 1 "), "{page}");
    for heading in [
        "NAME",
        "SYNOPSIS",
        "DESCRIPTION",
        "OPTIONS",
        "COMMANDS",
        "KEYS",
        "PERMISSIONS",
        "EXIT STATUS",
        "ENVIRONMENT",
        "EXAMPLES",
    ] {
        section(&page, heading);
    }
    assert!(page.contains("shouwang \\- Shouwang"), "{page}");
    let commands: Vec<String> = section(&page, "COMMANDS")
        .iter()
        .map(|l| plain(l))
        .collect();
    for command in [
        "import roster FILE",
        "report archive STUDENT_ID...",
        "audit",
        "completions bash|zsh|fish|powershell",
        "man",
    ] {
        assert!(
            commands.iter().any(|l| l == command),
            "{command}:\n{commands:#?}"
        );
    }
    // The headings are in the language asked for.
    let zh = man(&home, "zh");
    for heading in ["名称", "大纲", "命令", "按键", "退出值", "示例"] {
        section(&zh, heading);
    }
    // Ends as every line the program prints: one line break, no escape codes.
    assert!(page.ends_with('\n') && !page.ends_with("\n\n"));
    assert!(!page.contains('\u{1b}'));
    assert!(no_store(&home));
}

/// The synopsis says what each option takes: `--db PATH`, `--lang zh|en`, one form a command.
#[test]
fn the_synopsis_names_the_values_of_options() {
    let home = Home::new();
    let page = man(&home, "en");
    let synopsis: Vec<String> = section(&page, "SYNOPSIS")
        .iter()
        .filter(|l| !l.starts_with('.'))
        .map(|l| plain(l))
        .collect();
    for form in [
        "[--db PATH] [--lang zh|en] [--user NAME]",
        "import roster FILE [--dry-run]",
        "export replies [--week WEEK] [--out FILE] [--force] [--format txt|md|html]",
        "counselor add NAME [--role counselor|head-teacher|coordinator] [--classes CLASS...]",
        "assign STUDENT_ID... --to NAME [--from DATE]",
        "handover FROM_NAME [STUDENT_ID...] --to TO_NAME [--from DATE]",
        "audit [--person NAME] [--action ACTION] [--child STUDENT_ID] [--from DATE] [--to DATE] [--format csv|json] [--out FILE] [--force]",
        "completions bash|zsh|fish|powershell",
    ] {
        assert!(synopsis.iter().any(|l| l == form), "{form}:\n{synopsis:#?}");
    }
    // Each form starts with the program's name.
    let forms = section(&page, "SYNOPSIS")
        .iter()
        .filter(|l| **l == ".SY shouwang")
        .count();
    assert_eq!(forms, synopsis.len());
}

/// `shouwang man` writes one page, and the page names no other page of this program.
#[test]
fn the_manual_page_refers_to_no_page_it_does_not_make() {
    let home = Home::new();
    for lang in ["en", "zh"] {
        let page = plain(&man(&home, lang));
        assert_eq!(page.matches(".TH ").count(), 1);
        let mut rest = page.as_str();
        while let Some(at) = rest.find("shouwang") {
            rest = &rest[at + "shouwang".len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
            let after = &rest[name.len()..];
            let cites_a_page = after.starts_with('(')
                && after[1..].starts_with(|c: char| c.is_ascii_digit())
                && after[2..].starts_with(')');
            assert!(
                !cites_a_page,
                "shouwang{name}{} is cited but never written",
                &after[..3]
            );
        }
    }
}

/// Each example is a command on a line of its own, in a block that is not filled.
#[test]
fn each_example_is_a_line_of_its_own() {
    let home = Home::new();
    let page = man(&home, "en");
    let lines: Vec<&str> = page.lines().collect();
    for example in shouwang::cli::help::EXAMPLES {
        let at = lines
            .iter()
            .position(|l| plain(l) == example.command)
            .unwrap_or_else(|| panic!("{} is not a line:\n{page}", example.command));
        assert_eq!(lines[at - 1], ".nf", "{}", example.command);
        assert_eq!(lines[at + 1], ".fi", "{}", example.command);
        assert!(
            plain(lines[at - 3]) == example.purpose,
            "{}",
            example.purpose
        );
    }
    // And so they read when the page is formatted, where groff is installed.
    let file = home.file("shouwang.1", page.as_bytes());
    let Ok(out) = std::process::Command::new("groff")
        .args(["-k", "-man", "-Tutf8", "-P-cbou"])
        .arg(&file)
        .output()
    else {
        eprintln!("groff is not installed: the formatted page was not checked");
        return;
    };
    let text = String::from_utf8_lossy(&out.stdout);
    for example in shouwang::cli::help::EXAMPLES {
        assert!(
            text.lines().any(|l| l.trim() == example.command),
            "{}:\n{text}",
            example.command
        );
    }
}

/// KEYS lists the keymap in force: the defaults, then the user's keymap.toml over them.
#[test]
fn the_keys_section_is_the_keymap_in_force() {
    use shouwang::action::Action;
    use shouwang::i18n::{Lang, text_in};
    use shouwang::keymap::{Context, Keymap};
    let home = Home::new();
    let (quit_keys, _) = Keymap::default()
        .bindings(Context::Global)
        .into_iter()
        .find(|(_, a)| *a == Action::Quit)
        .unwrap();
    let row = |keys: &str, lang: Lang| {
        let tag: Vec<String> = keys.split(", ").map(|k| format!("\\fB{k}\\fR")).collect();
        format!(".TP\n{}\n{}\n", tag.join(", "), text_in(lang, "keys.quit"))
    };
    let page = man(&home, "en");
    let keys = section(&page, "KEYS").join("\n");
    assert!(
        plain(&keys).contains(&plain(&row(&quit_keys, Lang::En))),
        "{keys}"
    );
    let zh = section(&man(&home, "zh"), "按键").join("\n");
    assert!(
        plain(&zh).contains(&plain(&row(&quit_keys, Lang::Zh))),
        "{zh}"
    );

    // The person's own keymap changes what the page says.
    let folder = home.path().join("config/shouwang");
    std::fs::create_dir_all(&folder).unwrap();
    std::fs::write(
        folder.join("keymap.toml"),
        "[global]\n\"q\" = \"none\"\n\"ctrl-q\" = \"quit\"\n",
    )
    .unwrap();
    let page = man(&home, "en");
    let keys = plain(&section(&page, "KEYS").join("\n"));
    assert!(
        keys.contains(&plain(&row("ctrl-c, ctrl-q", Lang::En))),
        "{keys}"
    );
    assert!(!keys.contains(&plain(&row(&quit_keys, Lang::En))), "{keys}");
}

/// EXIT STATUS is the table of `cli::exit`, in the language of the page.
#[test]
fn the_exit_statuses_are_the_table() {
    let home = Home::new();
    let en = plain(&section(&man(&home, "en"), "EXIT STATUS").join("\n"));
    let zh = plain(&section(&man(&home, "zh"), "退出值").join("\n"));
    for s in shouwang::cli::exit::STATUSES {
        assert!(en.contains(&format!(".TP\n{}\n{}", s.code, s.en)), "{en}");
        assert!(zh.contains(&format!(".TP\n{}\n{}", s.code, s.zh)), "{zh}");
    }
}
