//! `shouwang report …` through the real binary, on the term school of tests/common/school.rs
//! (whose figures tests/library/reports.rs checks): the files it writes, read back — the workbook
//! with calamine, for its headers, cell types and values — who may run which report, and the
//! audit each run leaves.

use crate::common;

use calamine::{Data, Reader as _, Xlsx, open_workbook};
use common::Home;
use common::school::{closed, reopen, session, term_school};
use shouwang::model::{AuditAction, Detail};
use std::path::{Path, PathBuf};

struct Env {
    home: Home,
    _school: tempfile::TempDir,
    db: PathBuf,
}

fn env() -> Env {
    let (dir, db) = closed(term_school());
    Env {
        home: Home::at("2026-12-04T10:00"),
        _school: dir,
        db,
    }
}

impl Env {
    fn run(&self, user: &str, args: &[&str]) -> std::process::Output {
        let db = self.db.display().to_string();
        let mut all = vec!["--db", &db, "--user", user];
        all.extend_from_slice(args);
        self.home.command(&all).output().unwrap()
    }

    fn ok(&self, user: &str, args: &[&str]) -> String {
        let out = self.run(user, args);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    fn out(&self, name: &str) -> PathBuf {
        self.home.path().join(name)
    }
}

const AUTUMN: [&str; 4] = ["--from", "2026-09-01", "--to", "2026-11-30"];

fn sheet(path: &Path) -> Vec<Vec<Data>> {
    let mut wb: Xlsx<_> = open_workbook(path).unwrap();
    let name = wb.sheet_names()[0].clone();
    let range = wb.worksheet_range(&name).unwrap();
    range.rows().map(|r| r.to_vec()).collect()
}

fn text(d: &Data) -> String {
    match d {
        Data::String(s) => s.clone(),
        other => panic!("not text: {other:?}"),
    }
}

fn number(d: &Data) -> f64 {
    match d {
        Data::Float(f) => *f,
        Data::Int(i) => *i as f64,
        other => panic!("not a number: {other:?}"),
    }
}

fn date(d: &Data) -> String {
    match d {
        Data::DateTime(dt) if dt.is_datetime() => {
            let (y, m, day, ..) = dt.to_ymd_hms_milli();
            format!("{y}-{m:02}-{day:02}")
        }
        other => panic!("not a date: {other:?}"),
    }
}

#[test]
fn the_semester_in_markdown_reads_as_the_counselor_would_print_it() {
    let env = env();
    // The coordinator's report of 李老师 covers every child of her term; her own leaves out
    // the two whose care ended (handed over, left): their records are sealed under keys she
    // no longer holds (issue 20).
    let md = env.ok(
        "周主任",
        &[
            &["report", "semester", "--counselor", "李老师"][..],
            &AUTUMN,
        ]
        .concat(),
    );
    assert!(md.starts_with("# 学期总结 · 李老师\n"), "{md}");
    assert!(md.contains("统计时段：2026-09-01 至 2026-11-30"), "{md}");
    assert!(md.contains("## 各类联系次数"), "{md}");
    // 张伟: two talks and the group session.
    assert!(md.contains("| 张伟 | 2 | 1 | 3 |"), "{md}");
    assert!(md.contains("| **合计** | **4** | **4** | **8** |"), "{md}");
    assert!(md.contains("2026-10-30 退出留守儿童名册"), "{md}");
    let own = env.ok("李老师", &[&["report", "semester"][..], &AUTUMN].concat());
    assert!(own.contains("| 张伟 | 2 | 1 | 3 |"), "{own}");
    for gone in ["王芳", "刘洋"] {
        assert!(
            !own.contains(gone),
            "{gone} is no longer in her care: {own}"
        );
    }
}

#[test]
fn the_semester_csv_has_a_row_per_child_with_the_json_kind_names() {
    let env = env();
    let csv = env.ok(
        "周主任",
        &[
            &[
                "--lang",
                "en",
                "report",
                "semester",
                "--counselor",
                "李老师",
            ][..],
            &AUTUMN,
            &["--format", "csv"],
        ]
        .concat(),
    );
    let csv = csv.trim_start_matches('\u{feff}');
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    assert_eq!(&header[..4], ["student_id", "name", "talk", "tutoring"]);
    let kinds = shouwang::model::NoteKind::ALL;
    assert_eq!(header[2 + kinds.len() - 1], "holiday_safety_check");
    assert_eq!(header[2 + kinds.len()], "compliance_talk");
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 4, "a row per child, no totals: {csv}");
    let zhang = rows.iter().find(|r| r[1] == "张伟").unwrap();
    assert_eq!(zhang[0], "T001");
    assert_eq!(zhang[2], "2", "talks");
    let talk_kept = header.iter().position(|h| *h == "compliance_talk").unwrap();
    // 91 days less the National Day break (10-01..10-07), when the talk rule rests.
    assert_eq!(zhang[talk_kept], "10.7", "9 days of 84");
}

#[test]
fn the_semester_workbook_has_typed_cells_a_frozen_header_and_totals() {
    let env = env();
    let file = env.out("学期总结.xlsx");
    let path = file.display().to_string();
    env.ok(
        "周主任",
        &[
            &["report", "semester", "--counselor", "李老师"][..],
            &AUTUMN,
            &["--format", "xlsx", "--out", &path],
        ]
        .concat(),
    );
    let rows = sheet(&file);
    let header: Vec<String> = rows[0].iter().map(text).collect();
    assert_eq!(&header[..3], ["学号", "姓名", "谈心"]);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(rows.len(), 1 + 4 + 1, "header, four children, totals");
    let zhang = rows
        .iter()
        .find(|r| r[1] == Data::String("张伟".into()))
        .unwrap();
    assert_eq!(text(&zhang[0]), "T001", "student ids stay text");
    assert_eq!(number(&zhang[col("谈心")]), 2.0);
    let kept = number(&zhang[col("谈心达标率")]);
    assert!((kept - 9.0 / 84.0).abs() < 1e-9, "{kept}");
    assert_eq!(date(&zhang[col("帮扶起始")]), "2026-09-01");
    let zeng = rows
        .iter()
        .find(|r| r[1] == Data::String("曾小燕".into()))
        .unwrap();
    assert_eq!(date(&zeng[col("帮扶起始")]), "2026-10-12");
    let totals = rows.last().unwrap();
    assert_eq!(text(&totals[1]), "合计");
    assert_eq!(number(&totals[col("集体心理辅导")]), 4.0);
    // The header row is frozen: the sheet's view says so.
    let xml = sheet_xml(&file);
    assert!(xml.contains(r#"ySplit="1""#), "{xml}");
    // Columns as wide as their text on screen (a Chinese character is two): 曾小燕 is 6,
    // 谈心达标率 10, each with a margin of 2.
    assert!(column_width(&xml, 2) >= 8.0, "{xml}");
    assert!(column_width(&xml, col("谈心达标率") + 1) >= 12.0, "{xml}");
}

/// The width the sheet's XML gives the 1-based column `n`.
fn column_width(xml: &str, n: usize) -> f64 {
    let tag = format!(r#"<col min="{n}" max="{n}" width=""#);
    let at = xml
        .find(&tag)
        .unwrap_or_else(|| panic!("no width for column {n}"));
    let rest = &xml[at + tag.len()..];
    rest[..rest.find('"').unwrap()].parse().unwrap()
}

/// The first sheet's XML, to see what calamine does not show (panes, widths).
fn sheet_xml(path: &Path) -> String {
    let file = std::fs::File::open(path).unwrap();
    let mut zip = zip::ZipArchive::new(file).unwrap();
    let mut entry = zip.by_name("xl/worksheets/sheet1.xml").unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut entry, &mut xml).unwrap();
    xml
}

#[test]
fn the_quarterly_workbook_names_each_change() {
    let env = env();
    let file = env.out("2026Q4.xlsx");
    let path = file.display().to_string();
    env.ok(
        "周主任",
        &[
            "report",
            "quarterly",
            "--quarter",
            "2026Q4",
            "--format",
            "xlsx",
            "--out",
            &path,
        ],
    );
    let rows = sheet(&file);
    let header: Vec<String> = rows[0].iter().map(text).collect();
    assert_eq!(&header[..4], ["学校", "学号", "姓名", "性别"]);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    assert_eq!(rows.len(), 5);
    let row = |name: &str| {
        rows.iter()
            .find(|r| r[2] == Data::String(name.into()))
            .unwrap()
            .clone()
    };
    assert_eq!(date(&row("张伟")[col("出生日期")]), "2013-03-02");
    assert_eq!(text(&row("曾小燕")[col("本季度变动")]), "新增");
    assert_eq!(date(&row("曾小燕")[col("新增日期")]), "2026-10-12");
    let wang = row("王芳");
    assert_eq!(text(&wang[col("帮扶教师")]), "王老师");
    assert_eq!(text(&wang[col("原帮扶教师")]), "李老师");
    assert_eq!(date(&wang[col("更换教师日期")]), "2026-11-02");
    let liu = row("刘洋");
    assert_eq!(text(&liu[col("状态")]), "退出");
    assert_eq!(text(&liu[col("退出原因")]), "父母返乡");
    assert_eq!(date(&liu[col("退出日期")]), "2026-10-30");
    // The record's own changes, from its history, each with its day as a date.
    assert_eq!(
        text(&wang[col("本季度变动")]),
        "更换帮扶教师、监护人变更、父母联系方式变更、困难类型变更"
    );
    assert_eq!(date(&wang[col("监护人变更日期")]), "2026-12-04");
    assert_eq!(
        text(&wang[col("原监护人")]),
        "张大山 祖父 13800000000 青山村3组8号"
    );
    assert_eq!(text(&wang[col("监护人电话")]), "13800000099");
    assert_eq!(date(&wang[col("困难类型变更日期")]), "2026-12-04");
    assert_eq!(text(&wang[col("新增困难类型")]), "辍学风险");
    assert_eq!(wang[col("取消困难类型")], Data::Empty);
    assert_eq!(date(&wang[col("父母联系方式变更日期")]), "2026-12-04");
    assert_eq!(
        text(&wang[col("父母原联系方式")]),
        "父亲：13900000001 广东东莞"
    );
    assert_eq!(text(&wang[col("父亲务工地")]), "浙江义乌");
    let zhang = row("张伟");
    assert_eq!(zhang[col("本季度变动")], Data::Empty);
    assert_eq!(zhang[col("监护人变更日期")], Data::Empty);

    // As CSV, the same columns, headed as the workbook is (issue 23, 5).
    let csv = env.ok(
        "周主任",
        &[
            "report",
            "quarterly",
            "--quarter",
            "2026Q4",
            "--format",
            "csv",
        ],
    );
    let first = csv.trim_start_matches('\u{feff}').lines().next().unwrap();
    assert_eq!(first, header.join(","));
}

/// The columns of the quarterly update, in order, as the workbook heads them in Chinese.
const QUARTERLY_ZH: [&str; 47] = [
    "学校",
    "学号",
    "姓名",
    "性别",
    "出生日期",
    "年级班级",
    "村/社区",
    "留守类型",
    "父亲姓名",
    "父亲务工地",
    "父亲电话",
    "母亲姓名",
    "母亲务工地",
    "母亲电话",
    "监护人姓名",
    "监护人关系",
    "监护人电话",
    "监护人住址",
    "监护能力",
    "委托监护人",
    "委托时间",
    "爱好",
    "寄宿",
    "困难类型",
    "就学状态",
    "义务教育阶段辍学",
    "家庭生活困难",
    "监护人缺失",
    "事实无人抚养",
    "残疾",
    "关注方面",
    "状态",
    "帮扶教师",
    "本季度变动",
    "新增日期",
    "退出日期",
    "退出原因",
    "退出说明",
    "更换教师日期",
    "原帮扶教师",
    "监护人变更日期",
    "原监护人",
    "父母联系方式变更日期",
    "父母原联系方式",
    "困难类型变更日期",
    "新增困难类型",
    "取消困难类型",
];

/// The quarterly update the township and the civil affairs bureau take (issue 23, 5): exactly
/// its columns, in Chinese under `--lang zh` in the CSV as in the workbook and in English
/// under `--lang en`; the school's name on every row, the enrolment state, the focus
/// categories; none of the most private fields (personality, medical history, remarks: the
/// term school's children all have the first two); the counts on a sheet of their own and said
/// on the terminal; and the check before it is sent, naming each child whose row would be
/// wrong.
#[test]
fn the_quarterly_update_carries_what_the_district_asks_and_nothing_private() {
    let env = env();
    let config = env.home.path().join("config/shouwang");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        "[school]\nname = \"青山镇中心小学\"\n",
    )
    .unwrap();
    // 张伟: his mother is at home and can care; 曾小燕: no guardian phone; 王芳 is truant.
    {
        let store = reopen(&env.db);
        let boss = session(&store, "周主任");
        boss.write(|w| {
            let mut zw = w.child_by_student_id("T001")?.unwrap();
            zw.left_behind_type = "父亲外出".into();
            zw.guardian_capacity = Some(shouwang::model::Capacity::Able);
            w.update_child(&zw)?;
            let mut zx = w.child_by_student_id("T002")?.unwrap();
            zx.guardian.phone.clear();
            w.update_child(&zx)?;
            // Truant through a case: the enrolment is the cases' to set.
            let wf = w.child_by_student_id("T003")?.unwrap();
            let first_day = chrono::NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
            w.register_absence(wf.id, shouwang::model::AbsenceKind::Truancy, first_day, "")
                .map(|_| ())
        })
        .unwrap();
    }
    let args = ["report", "quarterly", "--quarter", "2026Q4"];
    let out = env.run(
        "周主任",
        &[&args[..], &["--format", "csv", "--lang", "zh"]].concat(),
    );
    assert!(out.status.success());
    let csv = String::from_utf8(out.stdout).unwrap();
    let csv = csv.trim_start_matches('\u{feff}');
    let mut lines = csv.lines();
    assert_eq!(lines.next().unwrap(), QUARTERLY_ZH.join(","));
    for line in lines {
        assert!(line.starts_with("青山镇中心小学,T00"), "{line}");
    }
    for private in ["性格", "病史", "备注", "哮喘", "文静", "懂事"] {
        assert!(!csv.contains(private), "{private} in {csv}");
    }
    let err = String::from_utf8(out.stderr).unwrap();
    for said in [
        "报送前请核对：以下 3 个孩子的信息会使季度更新有误：",
        "七年级(1)班 张伟：一方外出，在家一方有监护能力",
        "六年级(2)班 曾小燕：未填写监护人电话",
        "七年级(1)班 王芳：就学状态为旷课，请先核实劝返情况",
        "2026Q4：季末在册 3 人，新增 1 人，退出 1 人；义务教育阶段辍学 0 人、家庭生活困难 1 人、\
         监护人缺失 0 人、事实无人抚养 0 人、残疾 0 人。",
    ] {
        assert!(err.contains(said), "{said} not in {err}");
    }
    assert!(!err.contains("刘洋"), "{err}");

    // The workbook: the same columns, and the counts on the second sheet.
    let file = env.out("2026Q4.xlsx");
    let path = file.display().to_string();
    env.ok(
        "周主任",
        &[&args[..], &["--format", "xlsx", "--out", &path]].concat(),
    );
    let rows = sheet(&file);
    let header: Vec<String> = rows[0].iter().map(text).collect();
    assert_eq!(header, QUARTERLY_ZH);
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let wang = rows
        .iter()
        .find(|r| r[2] == Data::String("王芳".into()))
        .unwrap();
    assert_eq!(text(&wang[col("就学状态")]), "旷课");
    let zhang = rows
        .iter()
        .find(|r| r[2] == Data::String("张伟".into()))
        .unwrap();
    assert_eq!(text(&zhang[col("家庭生活困难")]), "是");
    assert_eq!(zhang[col("残疾")], Data::Empty);
    assert_eq!(text(&zhang[col("监护能力")]), "有监护能力");
    let mut wb: Xlsx<_> = open_workbook(&file).unwrap();
    let names = wb.sheet_names();
    assert_eq!(names.len(), 2, "{names:?}");
    let counts = wb.worksheet_range(&names[1]).unwrap();
    let counts: Vec<(String, f64)> = counts
        .rows()
        .skip(1)
        .map(|r| (text(&r[0]), number(&r[1])))
        .collect();
    let want = [
        ("季末在册", 3.0),
        ("本季度新增", 1.0),
        ("本季度退出", 1.0),
        ("义务教育阶段辍学", 0.0),
        ("家庭生活困难", 1.0),
        ("监护人缺失", 0.0),
        ("事实无人抚养", 0.0),
        ("残疾", 0.0),
    ];
    assert_eq!(counts, want.map(|(k, v)| (k.to_string(), v)).to_vec());

    // Under --lang en the CSV is headed in English, as the workbook would be.
    let csv = env.ok(
        "周主任",
        &[&args[..], &["--format", "csv", "--lang", "en"]].concat(),
    );
    let header = csv.trim_start_matches('\u{feff}').lines().next().unwrap();
    assert!(
        header.starts_with("School,student_id,name,gender,birth_date,"),
        "{header}"
    );
    assert!(
        header.contains(",Enrolment,Dropped out of compulsory education,Hardship,"),
        "{header}"
    );
    assert!(
        !header.contains("personality") && !header.contains("remarks"),
        "{header}"
    );
}

#[test]
fn the_statistics_as_csv_are_section_item_value_rows() {
    let env = env();
    let csv = env.ok(
        "周主任",
        &[&["report", "stats"][..], &AUTUMN, &["--format", "csv"]].concat(),
    );
    let csv = csv.trim_start_matches('\u{feff}');
    assert!(csv.starts_with("section,item,value\n"), "{csv}");
    assert!(csv.contains("children,,3\n"), "{csv}");
    assert!(csv.contains("village,青山村,2\n"), "{csv}");
    assert!(csv.contains("workload_contacts,李老师,6\n"), "{csv}");
    assert!(csv.contains("contacts_per_week,2026-11-02,1\n"), "{csv}");
    assert!(csv.contains("attention_per_week,2026-11-02,1\n"), "{csv}");
    let md = env.ok("周主任", &[&["report", "stats"][..], &AUTUMN].concat());
    assert!(md.contains("## 按村/社区"), "{md}");
}

#[test]
fn who_may_run_which_report_and_every_run_is_audited() {
    let env = env();
    let refused = |user: &str, args: &[&str], says: &str| {
        let out = env.run(user, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
    };
    refused("李老师", &["report", "quarterly"], "只有政教处");
    refused("李老师", &["report", "stats"], "只有政教处");
    refused(
        "李老师",
        &["report", "semester", "--counselor", "王老师"],
        "只能生成自己的学期总结",
    );
    refused(
        "周主任",
        &["report", "quarterly", "--quarter", "2026Q5"],
        "不是季度",
    );
    refused(
        "周主任",
        &[
            "report",
            "stats",
            "--from",
            "2026-12-01",
            "--to",
            "2026-11-01",
        ],
        "早于",
    );
    refused("周主任", &["report", "stats", "--format", "xlsx"], "--out");
    let file = env.out("s.md");
    std::fs::write(&file, "mine").unwrap();
    refused(
        "周主任",
        &["report", "stats", "--out", &file.display().to_string()],
        "--force",
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "mine");
    env.ok("王老师", &["report", "semester"]);
    env.ok(
        "周主任",
        &[
            "report",
            "stats",
            "--out",
            &file.display().to_string(),
            "--force",
        ],
    );
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&file).unwrap().permissions().mode();
        assert_eq!(mode & 0o777, 0o600);
    }
    let store = reopen(&env.db);
    let boss = session(&store, "周主任");
    let events = boss.reader().unwrap().audit_events().unwrap();
    // What was written, kept as data: the report as its writer named it, and where.
    let exports: Vec<String> = events
        .iter()
        .filter(|e| e.action == AuditAction::Export)
        .map(|e| match Detail::read(e.action, e.target, &e.detail) {
            Detail::Report { what, .. } => what,
            other => format!("{other:?}"),
        })
        .collect();
    assert_eq!(exports.len(), 2, "{exports:?}");
    assert!(exports[0].starts_with("semester 王老师 2026-09-01..2027-01-20"));
    assert!(exports[1].starts_with("stats"));
    let refusals = events
        .iter()
        .filter(|e| e.action == AuditAction::Refused)
        .count();
    assert_eq!(refusals, 3);
}

/// The small school of the screen tests (a falling mood, an open report, a follow-up), with
/// a note whose text tries to be HTML, and the school's name set in the config.
fn archive_env() -> Env {
    // Before this process's clock is first read: the term school's tests fix it too.
    let school = common::school::school();
    let li = session(&school.store, "李老师");
    let zhang = li
        .reader()
        .unwrap()
        .child_by_student_id("T001")
        .unwrap()
        .unwrap();
    li.write(|w| {
        w.add_note(shouwang::store::NoteInput {
            children: vec![zhang.id],
            kind: shouwang::model::NoteKind::HomeVisit,
            at: common::school::at(2026, 11, 18, 17),
            duration_min: Some(45),
            text: "<script>alert(1)</script> 爷爷说他晚上按时写作业 & 睡觉。".into(),
            mood: Some(4),
            support: String::new(),
            follow_up: None,
        })
    })
    .unwrap();
    drop(li);
    let (dir, db) = closed(school);
    let home = Home::at("2026-11-26T10:00");
    let config = home.path().join("config/shouwang");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("config.toml"),
        "[school]\nname = \"青山镇<中心>小学\"\n",
    )
    .unwrap();
    Env {
        home,
        _school: dir,
        db,
    }
}

#[test]
fn the_archive_page_has_every_section_for_each_child_and_escapes_what_was_typed() {
    let env = archive_env();
    let file = env.out("一人一档.html");
    let path = file.display().to_string();
    env.ok(
        "周主任",
        &[
            "report",
            "archive",
            "T001",
            "T002",
            "T003",
            "--incidents",
            "--out",
            &path,
        ],
    );
    let html = std::fs::read_to_string(&file).unwrap();
    assert!(html.contains("@page { size: A4"), "print CSS");
    assert!(html.contains("break-after: page"), "a page per child");
    let pages: Vec<&str> = html.split("<section class=\"page\"").skip(1).collect();
    assert_eq!(pages.len(), 3);
    for page in &pages {
        for section in [
            "profile",
            "assignments",
            "contacts",
            "moods",
            "followups",
            "incidents",
        ] {
            assert!(
                page.contains(&format!("data-section=\"{section}\"")),
                "{section} missing in {page}"
            );
        }
    }
    let (zhang, zeng, wang) = (pages[0], pages[1], pages[2]);
    assert!(zhang.contains("<h1>一人一档 · 张伟</h1>"));
    assert!(zhang.contains("张大山  祖父  13800000000"), "the guardian");
    assert!(
        zhang.contains(
            "<td class=\"short\">李老师</td><td class=\"short\">2026-09-01</td>\
             <td class=\"short\">至今</td>"
        ),
        "care"
    );
    assert!(zhang.contains("聊了这次月考"), "the term's talk");
    assert!(zhang.contains("周五一起订正错题"), "the open follow-up");
    // Typed text is text: nothing of it becomes markup (the template writes `<` `>` `&` as
    // `&#60;` `&#62;` `&#38;`).
    assert!(!html.contains("<script>"));
    assert!(
        zhang.contains(
            "&#60;script&#62;alert(1)&#60;/script&#62; 爷爷说他晚上按时写作业 &#38; 睡觉。"
        )
    );
    assert!(
        zeng.contains("青山镇派出所") && zeng.contains("QS-2026-118"),
        "the incident"
    );
    // 王芳's seven mood entries, drawn.
    assert!(wang.contains("<svg"));
    assert_eq!(wang.matches("<circle").count(), 7);
    // 张伟 has no mood entry, but his talk, his tutoring and the call typed with markup
    // observed a 4 each: the same history draws them (the group session's mood is the
    // group's, not his).
    assert_eq!(zhang.matches("<circle").count(), 3);
    // The scale in the words of the mood form and the note editor.
    assert!(wang.contains("情绪变化（1 很差 … 5 很好）"), "{wang}");
    // Each child's sheet: the school at the top, the counselor's signature and the foot at
    // the end, in normal flow (a fixed footer covered the last row of every sheet).
    for page in &pages {
        assert!(page.contains("<p class=\"school\">青山镇&#60;中心&#62;小学</p>\n<h1>"));
        assert!(page.contains(
            "<p class=\"signature\">帮扶教师签名：____________　　日期：____________</p>\n\
             <footer class=\"foot\">青山镇&#60;中心&#62;小学 · 打印日期 2026-11-26</footer>"
        ));
    }
    assert!(!html.contains("position: fixed"));
    // Short cells stay on one line in columns of fixed width (they wrapped a character a
    // line: 帮/扶/教/师, 45/分/钟); long text breaks anywhere.
    assert!(html.contains("table-layout: fixed"));
    assert!(html.contains("th.short, td.short { white-space: nowrap;"));
    assert!(html.contains("overflow-wrap: anywhere"));
    assert!(zhang.contains(
        "<tr><td class=\"short\">2026-11-18 17:00</td><td>家访</td>\
         <td class=\"short\">李老师</td><td class=\"short\">45 分钟</td>\
         <td class=\"short\">4</td><td>&#60;script&#62;"
    ));
    assert!(zhang.contains("<col style=\"width: 18%\">"));
    // A heading is never left at the foot of a sheet; the chart keeps its heading.
    assert!(html.contains("h1, h2 { break-after: avoid;"));
    assert!(html.contains("div.keep { break-inside: avoid;"));
    assert!(wang.contains("<div class=\"section keep\" data-section=\"moods\">"));

    // Without --incidents there is no incident section.
    let plain = env.ok("李老师", &["report", "archive", "T002"]);
    assert!(!plain.contains("data-section=\"incidents\"") && !plain.contains("QS-2026-118"));
}

#[test]
fn the_archive_is_printed_only_for_children_in_care_and_incidents_only_for_the_coordinator() {
    let env = archive_env();
    let refused = |user: &str, args: &[&str], says: &str| {
        let out = env.run(user, args);
        assert_eq!(out.status.code(), Some(1), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(says), "{args:?}: {err}");
        assert!(out.stdout.is_empty(), "nothing is written");
    };
    refused(
        "李老师",
        &["report", "archive", "T001", "--incidents"],
        "只有政教处",
    );
    refused(
        "李老师",
        &["report", "archive", "T001", "T004"],
        "不在其帮扶范围",
    );
    refused("周主任", &["report", "archive", "T999"], "T999");
    env.ok("周主任", &["report", "archive", "T004"]);
    let store = reopen(&env.db);
    let boss = session(&store, "周主任");
    let events = boss.reader().unwrap().audit_events().unwrap();
    let printed: Vec<_> = events
        .iter()
        .filter(|e| e.action == AuditAction::Print)
        .map(|e| e.target)
        .collect();
    assert_eq!(printed.len(), 1, "{printed:?}");
}
