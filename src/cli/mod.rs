//! The command line (SPEC §4): arguments (clap) here, their execution in `run`.
//! Help texts carry a Chinese gloss so that a coordinator reading either language understands.

mod access;
mod admin;
mod docs;
mod export;
mod report;
mod run;
mod say;
mod secret;

pub use run::{CliError, Outcome, db_path, open_store, run};
pub use say::{say, warn};
pub use secret::{forget_environment, passphrase_from_env, take_from_environment};

pub mod exit;
pub mod help;

/// The command line's definition with its help: what is parsed, the manual page and the
/// completions are all made from this.
pub fn command() -> clap::Command {
    <Cli as clap::CommandFactory>::command().after_help(help::after_help())
}

/// Parses the process's arguments. A usage error is printed by clap and exits
/// `exit::USAGE`; `--help` and `--version` exit 0.
pub fn parse() -> Cli {
    use clap::FromArgMatches;
    let parsed = command()
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m));
    match parsed {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            std::process::exit(if e.use_stderr() {
                i32::from(exit::USAGE)
            } else {
                i32::from(exit::DONE)
            });
        }
    }
}

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

#[derive(Parser, Debug)]
#[command(
    name = "shouwang",
    version,
    about = "Shouwang (守望): care records for left-behind children — archives, weekly contacts, the whisper mailbox, mood follow-ups.",
    long_about = "Shouwang (守望) keeps, in one file on the school's computer, each left-behind child's archive \
(一人一档), the record of every talk, tutoring session, home visit and call, the anonymous letters of the \
whisper mailbox (悄悄话信箱) and the mood follow-ups.\n\n\
Run without a subcommand to open the full-screen app. The subcommands do the same work without a screen.\n\
不带子命令运行即打开全屏程序；子命令用于脚本或习惯命令行的老师。"
)]
pub struct Cli {
    // The help names this computer's folders (`db_help`), which differ by system and user.
    #[arg(
        long,
        global = true,
        env = "SHOUWANG_DB",
        value_name = "PATH",
        help = db_help(false),
        long_help = db_help(true)
    )]
    pub db: Option<PathBuf>,

    /// Language of the screens and messages (default: from the system locale). 界面语言
    #[arg(long, global = true, value_enum)]
    pub lang: Option<LangArg>,

    /// Who you are: a staff member's name. In the app it skips choosing; on the command line the
    /// permission table decides by it what you may run, and the audit log names you. 您的姓名
    #[arg(long, global = true, value_name = "NAME")]
    pub user: Option<String>,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// `--db`'s help (`-h`), and with the config folder (`--help`, the manual page): the folders
/// of the system it runs on (`~/.local/share/shouwang/…` on Linux, `%APPDATA%\shouwang\data\…`
/// on Windows) as found at run time, never a path written for one system.
fn db_help(long: bool) -> String {
    let store = crate::store::default_path();
    let store = store.display();
    let short =
        format!("The store file (default here: {store}). 数据文件位置（本机默认：{store}）");
    if !long {
        return short;
    }
    format!(
        "{short}\n\nIts daily backups go in backups{sep} beside it. keymap.toml and config.toml \
are read from {config}. 按键和设置文件在 {config}。",
        sep = std::path::MAIN_SEPARATOR,
        config = crate::paths::config_dir().display(),
    )
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LangArg {
    Zh,
    En,
}

#[derive(Subcommand, Debug)]
pub enum Command {
    /// Bring data in: a roster, typed-in letters, or a full export. 导入
    #[command(subcommand)]
    Import(ImportCommand),
    /// Write data out: everything as JSON, or the roster as CSV/XLSX. 导出
    #[command(subcommand)]
    Export(ExportCommand),
    /// Reports: the semester summary, the quarterly roster update, the school statistics, a child's archive on paper. 报表
    #[command(subcommand)]
    Report(ReportCommand),
    /// Staff members: add, list, change a role or classes, deactivate someone who left. 教师管理
    #[command(subcommand)]
    Counselor(CounselorCommand),
    /// Assign children (by student id) to a counselor; an earlier assignment ends and is kept as history. 分配孩子
    Assign(AssignArgs),
    /// Hand a counselor's children (all, or the student ids given) to another from a day; open follow-ups go with them. 交接
    Handover(HandoverArgs),
    /// A child leaving the register of left-behind children, or back on it. 退出留守儿童名册或重新列入
    #[command(subcommand)]
    Child(ChildCommand),
    /// Fill a store with invented demonstration data (refuses a store that already holds children). 生成演示数据
    Demo(DemoArgs),
    /// Write a consistent copy of the store to FILE (a new file). 备份
    Backup {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Replace FILE if it exists (never the store itself). 覆盖已有文件
        #[arg(long)]
        force: bool,
    },
    /// Replace the store by the backup FILE; the replaced store is kept beside it. 从备份恢复
    Restore {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// Check the store's integrity: the file, every record and every index (on an encrypted store, name yourself with --user to open the records too). 检查数据文件
    Check,
    /// Encrypt a store made before encryption; the coordinator named by --user chooses the passphrase. 加密旧数据文件
    Encrypt,
    /// Change your own passphrase (--user), or, as the coordinator, give NAME a new one with --for. 修改口令
    Passphrase {
        /// The staff member who gets a new passphrase (coordinator only). 为谁重设口令
        #[arg(long = "for", value_name = "NAME")]
        of: Option<String>,
    },
    /// The audit log: who did what to which record, newest first, filtered; CSV or JSON (coordinators only). 操作日志
    Audit(AuditArgs),
    /// Tab completion for a shell, on standard output, e.g. `shouwang completions bash > /etc/bash_completion.d/shouwang`. 命令补全脚本
    Completions {
        #[arg(value_enum, value_name = "SHELL")]
        shell: ShellArg,
    },
    /// The manual page, on standard output, e.g. `shouwang man > shouwang.1; man ./shouwang.1`. 手册页
    Man,
}

/// The shells `completions` writes for.
#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum ShellArg {
    Bash,
    Zsh,
    Fish,
    Powershell,
}

#[derive(Subcommand, Debug)]
pub enum ImportCommand {
    /// A roster (CSV or XLSX, Chinese or English headers; UTF-8 or GBK). Updates children already known. 导入名单
    Roster {
        #[arg(value_name = "FILE")]
        file: PathBuf,
        /// Show what would change and write nothing. 只预览，不写入
        #[arg(long)]
        dry_run: bool,
    },
    /// Letters typed in from the whisper mailbox: separated by lines of ---, optional 署名: and 日期: lines. 导入信件
    Letters {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
    /// A full JSON export, into an empty store. 导入完整导出
    Json {
        #[arg(value_name = "FILE")]
        file: PathBuf,
    },
}

#[derive(Subcommand, Debug)]
pub enum ExportCommand {
    /// Everything, as JSON that `import json` reads back. 全部数据（JSON）
    Json {
        /// The file to write; - or none for standard output. 输出文件（- 为标准输出）
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Replace FILE if it exists (never the store itself). 覆盖已有文件
        #[arg(long)]
        force: bool,
        /// Include the audit log (coordinators only). 包含操作日志
        #[arg(long)]
        audit: bool,
    },
    /// The roster as CSV (UTF-8 with BOM, opens in Excel), in the import's own columns. 名单（CSV）
    Csv {
        /// The file to write; - or none for standard output. 输出文件（- 为标准输出）
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Replace FILE if it exists (never the store itself). 覆盖已有文件
        #[arg(long)]
        force: bool,
    },
    /// The roster as an Excel workbook, in the import's own columns. 名单（Excel）
    Xlsx {
        /// The workbook to write; - for standard output. 输出文件（- 为标准输出）
        #[arg(long, value_name = "FILE", required = true)]
        out: PathBuf,
        /// Replace FILE if it exists (never the store itself). 覆盖已有文件
        #[arg(long)]
        force: bool,
    },
    /// A week's whisper-mailbox replies for printing, one letter per page; marks them printed. 打印回信
    Replies {
        /// The ISO week, e.g. 2026-W48 (default: this week). 哪一周
        #[arg(long, value_name = "WEEK")]
        week: Option<String>,
        /// The file to write; - or none for standard output. 输出文件（- 为标准输出）
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
        /// Replace FILE if it exists (never the store itself). 覆盖已有文件
        #[arg(long)]
        force: bool,
        /// txt (form feed between pages), md or html (A4 pages when printed from a browser);
        /// default: from the extension of --out, else txt. 文件格式（默认按 --out 的扩展名）
        #[arg(long, value_enum)]
        format: Option<RepliesFormat>,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum RepliesFormat {
    Txt,
    Md,
    Html,
}

/// Where a report goes and whether it may replace a file.
#[derive(Args, Debug)]
pub struct ReportOut {
    /// The file to write; - or none for standard output (a workbook needs a file). 输出文件（- 为标准输出）
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace FILE if it exists (never the store itself). 覆盖已有文件
    #[arg(long)]
    pub force: bool,
}

#[derive(Subcommand, Debug)]
pub enum ReportCommand {
    /// A counselor's semester summary (学期总结): contacts by kind against the cadence rules, weeks without a talk, mood, follow-ups, incidents. A counselor gets their own; the coordinator anyone's.
    Semester {
        /// Whose summary (default: yours). 帮扶教师姓名
        #[arg(long, value_name = "NAME")]
        counselor: Option<String>,
        /// First day (default: the start of the term, from the config), e.g. 2026-09-01. 开始日期
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last day (default: the end of the term). 结束日期
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// md (prints well), csv (a row per child) or xlsx. 文件格式
        #[arg(long, value_enum, default_value_t = TableFormat::Md)]
        format: TableFormat,
        #[command(flatten)]
        out: ReportOut,
    },
    /// The quarterly roster update for the district (季度动态更新): every child, and who came, left or changed hands, with the counts; what would make it wrong is listed first. Coordinator only.
    Quarterly {
        /// The quarter, e.g. 2026Q4 (default: this quarter). 季度
        #[arg(long, value_name = "QUARTER")]
        quarter: Option<String>,
        /// csv or xlsx. 文件格式
        #[arg(long, value_enum, default_value_t = SheetFormat::Csv)]
        format: SheetFormat,
        #[command(flatten)]
        out: ReportOut,
    },
    /// The school statistics: children by village, grade, type, flag and concern; workload; contacts and letters per week. Coordinator only. 学校统计
    Stats {
        /// First day (default: the start of the term). 开始日期
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last day (default: the end of the term). 结束日期
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// md, csv (section,item,value rows) or xlsx. 文件格式
        #[arg(long, value_enum, default_value_t = TableFormat::Md)]
        format: TableFormat,
        #[command(flatten)]
        out: ReportOut,
    },
    /// The archive on paper (一人一档): an A4 page per child — profile, care history, the period's contacts, mood chart, open follow-ups — to print from a browser.
    Archive {
        /// Student ids (学号) of the children, each in your care (the coordinator: any).
        #[arg(value_name = "STUDENT_ID", required = true)]
        student_ids: Vec<String>,
        /// First day of the contacts listed (default: the start of the term). 开始日期
        #[arg(long, value_name = "DATE")]
        from: Option<String>,
        /// Last day (default: the end of the term). 结束日期
        #[arg(long, value_name = "DATE")]
        to: Option<String>,
        /// Also print the child's mandatory reports and registered absences (coordinator only). 包含强制报告
        #[arg(long)]
        incidents: bool,
        /// html: print it from a browser (A4, a page per child). 文件格式
        #[arg(long, value_enum, default_value_t = PageFormat::Html)]
        format: PageFormat,
        #[command(flatten)]
        out: ReportOut,
    },
    /// The written report of a child's absence case (控辍保学书面报告) to the district education bureau and the township: the child, the case, every attempt to bring them back, to sign and seal. The open case (else the latest) of a child in your care; printing an open case lets it close as 劝返无效.
    Absence {
        /// The child: student id (学号) or name. 学号或姓名
        #[arg(long, value_name = "CHILD")]
        child: String,
        /// html: print it from a browser (A4). 文件格式
        #[arg(long, value_enum, default_value_t = PageFormat::Html)]
        format: PageFormat,
        #[command(flatten)]
        out: ReportOut,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum PageFormat {
    Html,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum TableFormat {
    Md,
    Csv,
    Xlsx,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum SheetFormat {
    Csv,
    Xlsx,
}

#[derive(Subcommand, Debug)]
pub enum CounselorCommand {
    /// Add a staff member. 添加教师
    Add {
        #[arg(value_name = "NAME")]
        name: String,
        /// counselor (帮扶教师/代理家长), head-teacher (班主任) or coordinator (政教处).
        #[arg(long, value_enum, default_value_t = RoleArg::Counselor)]
        role: RoleArg,
        /// Classes led by a head teacher, as the roster writes them, e.g. "八年级(3)班". 所带班级
        #[arg(long, value_name = "CLASS", num_args = 1..)]
        classes: Vec<String>,
    },
    /// List staff: names, roles, number of children in their care. 教师名单
    List,
    /// Give a staff member another role (a head teacher's classes go when the role does). 修改角色
    Role {
        /// The staff member's name. 教师姓名
        #[arg(value_name = "NAME")]
        name: String,
        /// counselor (帮扶教师/代理家长), head-teacher (班主任) or coordinator (政教处).
        #[arg(value_enum, value_name = "ROLE")]
        role: RoleArg,
    },
    /// Set the classes a head teacher leads, as the roster writes them (none: no class). 设置所带班级
    Classes {
        /// The head teacher's name. 班主任姓名
        #[arg(value_name = "NAME")]
        name: String,
        /// Classes, e.g. "八年级(3)班". 班级
        #[arg(value_name = "CLASS")]
        classes: Vec<String>,
    },
    /// Someone left the school: they can no longer open the store; their records keep their name. Hand their children over first. 停用
    Deactivate {
        /// The staff member's name. 教师姓名
        #[arg(value_name = "NAME")]
        name: String,
    },
    /// Someone came back: their passphrase opens the store again. 恢复
    Activate {
        /// The staff member's name. 教师姓名
        #[arg(value_name = "NAME")]
        name: String,
    },
}

#[derive(Args, Debug)]
pub struct HandoverArgs {
    /// The counselor whose children go. 交出孩子的老师
    #[arg(value_name = "FROM_NAME")]
    pub from_name: String,
    /// The counselor who takes them. 接手的老师
    #[arg(long, value_name = "TO_NAME")]
    pub to: String,
    /// First day of the new care (default today), e.g. 2026-12-01; the earlier care ends the day before. 交接日期
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Only these children (学号); none: all of them. 只交接这些孩子
    #[arg(value_name = "STUDENT_ID")]
    pub student_ids: Vec<String>,
}

#[derive(Subcommand, Debug)]
pub enum ChildCommand {
    /// The child left the register of left-behind children: their care ends that day, the archive stays. 退出留守儿童名册
    Leave {
        /// The child's student id (学号).
        #[arg(value_name = "STUDENT_ID")]
        student_id: String,
        /// Why. 原因
        #[arg(long, value_enum)]
        reason: LeaveReasonArg,
        /// The day they left (default today). 退出日期
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
        /// A few words on it. 说明
        #[arg(long, value_name = "TEXT", default_value = "")]
        note: String,
    },
    /// The child is back on the register of left-behind children (an undo, or a return), with their counselor if still on the staff. 重新列入留守儿童名册
    Return {
        /// The child's student id (学号).
        #[arg(value_name = "STUDENT_ID")]
        student_id: String,
        /// The day they came back (default today). 回来日期
        #[arg(long, value_name = "DATE")]
        on: Option<String>,
    },
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeaveReasonArg {
    /// 父母返乡
    ParentsReturned,
    /// 转学
    Moved,
    /// 毕业
    Graduated,
    /// 其他
    Other,
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum RoleArg {
    Counselor,
    HeadTeacher,
    Coordinator,
}

#[derive(Args, Debug)]
pub struct AssignArgs {
    /// Student ids (学号) of the children.
    #[arg(value_name = "STUDENT_ID", required = true)]
    pub student_ids: Vec<String>,
    /// The counselor's name. 帮扶教师姓名
    #[arg(long, value_name = "NAME")]
    pub to: String,
    /// First day of care (default today), e.g. 2026-09-01. 开始日期
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
}

#[derive(Args, Debug)]
pub struct AuditArgs {
    /// Only what this person did: a staff member's name, or the login name of command-line runs. 操作人
    #[arg(long, value_name = "NAME")]
    pub person: Option<String>,
    /// Only this kind of action. 操作类型
    #[arg(long, value_name = "ACTION", value_parser = audit_actions())]
    pub action: Option<String>,
    /// Only what concerns this child (学号): the archive, its notes, moods, follow-ups, incidents, assignments. 孩子
    #[arg(long, value_name = "STUDENT_ID")]
    pub child: Option<String>,
    /// From this day on, e.g. 2026-11-01. 起始日期
    #[arg(long, value_name = "DATE")]
    pub from: Option<String>,
    /// Up to this day, included. 截止日期
    #[arg(long, value_name = "DATE")]
    pub to: Option<String>,
    /// csv (UTF-8 with BOM, opens in Excel) or json. 文件格式
    #[arg(long, value_enum, default_value_t = AuditFormatArg::Csv)]
    pub format: AuditFormatArg,
    /// The file to write; - or none for standard output. 输出文件（- 为标准输出）
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Replace FILE if it exists (never the store itself). 覆盖已有文件
    #[arg(long)]
    pub force: bool,
}

/// The action codes of the audit, as the JSON export and `--action` spell them.
fn audit_actions() -> clap::builder::PossibleValuesParser {
    use crate::interchange::json::{AUDIT_ACTIONS, action_code};
    clap::builder::PossibleValuesParser::new(AUDIT_ACTIONS.map(action_code))
}

#[derive(ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum AuditFormatArg {
    Csv,
    Json,
}

#[derive(Args, Debug)]
pub struct DemoArgs {
    /// Number of children. 孩子人数
    #[arg(long, default_value_t = 120)]
    pub children: usize,
    /// Contact notes per child over the term. 每个孩子的记录条数
    #[arg(long, default_value_t = 24)]
    pub notes_per_child: usize,
    /// The same seed gives the same data. 随机种子
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

#[cfg(test)]
mod tests {
    /// `--help` names the folders of the system it runs on: on Windows those under
    /// `%APPDATA%`, never the `~/.local/share/…` it once showed there.
    #[test]
    fn db_help_names_this_systems_folders() {
        let help = super::db_help(true);
        let store = crate::store::default_path();
        assert!(help.contains(&store.display().to_string()), "{help}");
        assert!(help.contains(&crate::paths::config_dir().display().to_string()));
        #[cfg(windows)]
        {
            assert!(
                help.contains(r"AppData\Roaming\shouwang\data\shouwang.redb"),
                "{help}"
            );
            assert!(help.contains(r"AppData\Roaming\shouwang\config"), "{help}");
            assert!(!help.contains('/'), "{help}");
        }
        #[cfg(not(windows))]
        assert!(help.contains("/shouwang/shouwang.redb"), "{help}");
    }
}
