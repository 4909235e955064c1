//! What a command-line program is expected to give about itself, through the real binary:
//! completions for four shells that know the subcommands, a manual page, and neither needs a
//! store nor touches one.

mod common;

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

#[test]
fn the_manual_page_has_name_synopsis_and_the_subcommands() {
    let home = Home::new();
    let page = stdout(&home, &["man"]);
    assert!(page.contains(".TH shouwang 1"), "{page}");
    for section in [".SH NAME", ".SH SYNOPSIS", ".SH DESCRIPTION", ".SH OPTIONS"] {
        assert!(page.contains(section), "no {section}:\n{page}");
    }
    assert!(page.contains("shouwang \\- Shouwang"), "{page}");
    for sub in ["import", "completions", "man", "audit"] {
        assert!(
            page.contains(&format!("shouwang\\-{sub}")),
            "{sub}:\n{page}"
        );
    }
    // Ends as every line the program prints: one line break, no escape codes.
    assert!(page.ends_with('\n') && !page.ends_with("\n\n"));
    assert!(!page.contains('\u{1b}'));
    assert!(no_store(&home));
}
