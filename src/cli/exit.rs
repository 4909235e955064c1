//! The exit statuses: one table, from which `--help`, the manual page and the README's
//! section are written (a test compares the README with it), so that one status has one
//! meaning everywhere.
//!
//! A usage error (an unknown command, a missing argument, a bad value such as `--lang fr`) is
//! 64, `EX_USAGE` of sysexits(3), and not clap's 2: 2 was documented, and scripted, as "an
//! import wrote some rows and rejected others" before usage errors were told apart, so the
//! meaning scripts rely on stays and the new one takes a number nothing used.

/// Everything asked was done.
pub const DONE: u8 = 0;
/// Nothing was written: bad input, refused, no store.
pub const FAILED: u8 = 1;
/// An import wrote the accepted rows and rejected others.
pub const PARTIAL: u8 = 2;
/// The command line itself was wrong (`EX_USAGE`).
pub const USAGE: u8 = 64;
/// The reader of the output closed it (128 + SIGPIPE, as `cat` or `grep` under `| head`).
pub const CLOSED_PIPE: u8 = 141;

/// One status: its number and what it means, in English and in Chinese.
pub struct Status {
    pub code: u8,
    pub en: &'static str,
    pub zh: &'static str,
}

pub const STATUSES: &[Status] = &[
    Status {
        code: DONE,
        en: "everything asked was done",
        zh: "全部完成",
    },
    Status {
        code: FAILED,
        en: "nothing was written: bad input, refused, no store (a roster whose every row is rejected too)",
        zh: "没有写入（输入有误、被拒绝、没有数据文件；名单的每一行都被拒绝也是）",
    },
    Status {
        code: PARTIAL,
        en: "an import wrote the accepted rows and rejected others",
        zh: "导入写入了合格的行，有些行被拒绝",
    },
    Status {
        code: USAGE,
        en: "the command line is wrong: an unknown command or option, a missing argument, a bad value (e.g. --lang fr)",
        zh: "命令行写错了：未知的命令或选项、缺少参数、取值不对（例如 --lang fr）",
    },
    Status {
        code: CLOSED_PIPE,
        en: "the program reading the output closed it (e.g. | head), as other tools do",
        zh: "读取输出的程序提前关闭",
    },
];

/// The lines of `--help`'s "Exit status" section, indented as clap shows after_help.
pub fn help_lines() -> Vec<String> {
    STATUSES
        .iter()
        .map(|s| format!("{:<4} {} / {}", s.code, s.en, s.zh))
        .collect()
}

/// The README's list, one status a line.
pub fn markdown() -> String {
    use std::fmt::Write;
    let mut out = String::new();
    for s in STATUSES {
        // Writing into a String cannot fail.
        let _ = writeln!(out, "- **{}** {} / {}", s.code, s.en, s.zh);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_status_one_meaning() {
        let mut codes: Vec<u8> = STATUSES.iter().map(|s| s.code).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), STATUSES.len());
        assert_eq!(codes, [DONE, FAILED, PARTIAL, USAGE, CLOSED_PIPE]);
    }

    /// The README says what the table says, word for word.
    #[test]
    fn the_readme_lists_the_table() {
        let readme =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/README.md")).unwrap();
        assert!(
            readme.contains(&markdown()),
            "README.md's exit status list should read:\n{}",
            markdown()
        );
    }
}
