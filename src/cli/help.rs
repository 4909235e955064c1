//! What `--help` says after the options, kept as data: the same examples, permissions,
//! files, exit statuses (from `exit::STATUSES`), passphrases and environment are written as
//! `--help`'s text here and as sections of the manual page in `docs`, so the two never part.
//! The texts carry their Chinese gloss, as every help text of the command line does.

use super::exit;

/// A command a person would type, and what it is for.
pub struct Example {
    pub command: &'static str,
    pub purpose: &'static str,
}

pub const EXAMPLES: &[Example] = &[
    Example {
        command: "shouwang",
        purpose: "open the app / 打开程序",
    },
    Example {
        command: "shouwang counselor add 周主任 --role coordinator",
        purpose: "the first staff member / 第一位教师",
    },
    Example {
        command: "shouwang --user 周主任 import roster 名单.xlsx --dry-run",
        purpose: "preview a roster import / 预览名单导入",
    },
    Example {
        command: "shouwang --user 周主任 import roster 名单.csv",
        purpose: "import it / 导入名单",
    },
    Example {
        command: "shouwang --user 周主任 counselor add 李老师 --role counselor",
        purpose: "add a counselor / 添加帮扶教师",
    },
    Example {
        command: "shouwang --user 周主任 assign S2026001 S2026002 --to 李老师",
        purpose: "put two children in her care / 把两个孩子分配给她",
    },
    Example {
        command: "shouwang --user 周主任 export xlsx --out 名单.xlsx",
        purpose: "the roster as a workbook / 导出名单（Excel）",
    },
    Example {
        command: "shouwang --user 李老师 report semester",
        purpose: "my semester summary / 我的学期总结",
    },
    Example {
        command: "shouwang --user 周主任 backup 备份-2026-11-28.redb",
        purpose: "a copy of the store / 备份数据文件",
    },
    Example {
        command: "shouwang --user 周主任 audit --child S2026001 --from 2026-11-01 --out 日志.csv",
        purpose: "who looked at a child / 谁查看过这个孩子",
    },
];

/// Who may run which commands: the permission table (`domain::access`) told in words.
pub const PERMISSIONS: &[(&str, &str)] = &[
    (
        "coordinator only / 仅政教处（德育处）",
        "counselor add|role|classes|deactivate|activate, assign, handover, child leave|return, import roster|json, export json|csv|xlsx, backup, restore, demo, encrypt, passphrase --for, audit, report quarterly|stats",
    ),
    (
        "your own, or anyone's for the coordinator / 本人的（政教处可看任何人的）",
        "report semester",
    ),
    (
        "the children in your care, any for the coordinator / 本人帮扶（班主任：本班）的孩子，政教处可看任何孩子",
        "report absence",
    ),
    (
        "mailbox readers (everyone until the coordinator names them) / 信箱负责人",
        "import letters, export replies",
    ),
    (
        "anyone, no --user needed / 任何人",
        "counselor list (names and roles), check, completions, man",
    ),
];

pub const PERMISSIONS_NOTE: &str = "On a store with no staff yet, counselor add, demo and import json need no --user: they make the first staff. \
Refusals exit 1 and are written to the audit log. 尚无教师的数据文件上，以上三个命令无需 --user。";

pub const FILES_WRITTEN: &str = "An export or backup never writes over the store, and never over an existing file unless --force \
is given; --out - writes to standard output. Files are readable by their owner only. \
导出和备份不会覆盖数据文件；已有的文件只有加 --force 才会被替换；--out - 表示输出到标准输出。";

pub const PASSPHRASES: &str = "A store is encrypted; each staff member opens it with their own passphrase. --user NAME asks for it on the \
terminal, or reads SHOUWANG_PASSPHRASE. The first coordinator's, a new staff member's and a changed one are read \
from SHOUWANG_NEW_PASSPHRASE or asked twice. A demo store is not encrypted and asks for none. \
数据文件是加密的，每位教师用自己的口令打开。";

/// The variables the program reads, and what for.
pub const ENVIRONMENT: &[(&str, &str)] = &[
    (
        "SHOUWANG_PASSPHRASE",
        "the passphrase of --user NAME / --user 的口令",
    ),
    (
        "SHOUWANG_NEW_PASSPHRASE",
        "a new passphrase (counselor add, passphrase, encrypt) / 新口令",
    ),
    ("SHOUWANG_DB", "the store file, like --db / 数据文件位置"),
    (
        "SHOUWANG_NOW",
        "a fixed \"now\" for tests and demonstrations, e.g. 2026-12-04T10:00 or 2026-12-04 \
(numbering, This week, cadences, form defaults, the Friday mailbox) / 固定“现在”的时间，用于测试和演示",
    ),
];

/// What `--help` says after the options, each section a heading and lines indented by two.
pub fn after_help() -> String {
    let mut text = String::from("Examples / 示例:\n");
    for e in EXAMPLES {
        text.push_str(&format!("  {}   {}\n", e.command, e.purpose));
    }
    text.push_str("\nWho may run what / 权限 (--user NAME says who you are / 说明您是谁):\n");
    for (who, commands) in PERMISSIONS {
        text.push_str(&format!("  {who}: {commands}\n"));
    }
    text.push_str(&format!("  {PERMISSIONS_NOTE}\n"));
    text.push_str(&format!(
        "\nFiles written / 写出的文件:\n  {FILES_WRITTEN}\n"
    ));
    text.push_str("\nExit status / 退出码:\n");
    for line in exit::help_lines() {
        text.push_str(&format!("  {line}\n"));
    }
    text.push_str(&format!("\nPassphrases / 口令:\n  {PASSPHRASES}\n"));
    text.push_str("\nEnvironment / 环境变量:\n");
    let width = ENVIRONMENT.iter().map(|(v, _)| v.len()).max().unwrap_or(0);
    for (var, what) in ENVIRONMENT {
        text.push_str(&format!("  {var:<width$}  {what}\n"));
    }
    text.trim_end().to_string()
}
