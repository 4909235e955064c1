//! The roster and letters imports and the roster export, on messy files built here.

use chrono::NaiveDate;
use shouwang::export::roster::{write_csv, write_xlsx};
use shouwang::i18n::Lang;
use shouwang::import::ImportError;
use shouwang::import::letters::import_letters;
use shouwang::import::roster::{RosterReport, import_roster};
use shouwang::model::{
    Actor, AuditAction, AuditEvent, Child, Detail, Flag, Gender, Letter, RecordRef,
};
use shouwang::store::Store;
use std::path::{Path, PathBuf};
use tempfile::TempDir;

/// The passphrase of every staff member in these tests' stores.
const TEST_PASSPHRASE: &str = "青山绿水 test 2026";

const HEADER_ZH: &str = "学号,姓名,性别,出生日期,年级班级,父亲电话,寄宿,困难类型,备注";

fn danger() -> Vec<String> {
    shouwang::config::Config::default().danger_words
}

fn actor() -> Actor {
    Actor::CommandLine("tester".into())
}

/// The clock of these tests' stores: fixed, so that they pass on any day.
fn clock() -> shouwang::clock::Clock {
    shouwang::clock::Clock::fixed(day(2026, 12, 7).and_hms_opt(10, 0, 0).unwrap())
}

fn fresh() -> (TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("test.redb"), clock()).unwrap();
    (dir, store)
}

/// The coordinator's session: the store's first staff member, made on first use.
fn coordinator(store: &Store) -> shouwang::store::Session<'_> {
    if let Some(s) = store.session_by_name("周主任").unwrap() {
        return s;
    }
    let who = store
        .bootstrap(
            &actor(),
            "周主任",
            shouwang::model::Role::Coordinator,
            vec![],
            &shouwang::store::Passphrase::new(TEST_PASSPHRASE),
        )
        .unwrap();
    store.session(&who).unwrap()
}

fn file(dir: &TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let p = dir.path().join(name);
    std::fs::write(&p, bytes).unwrap();
    p
}

fn children(store: &Store) -> Vec<Child> {
    coordinator(store).reader().unwrap().children().unwrap()
}

fn audit(store: &Store) -> Vec<AuditEvent> {
    coordinator(store).reader().unwrap().audit_events().unwrap()
}

fn letters(store: &Store) -> Vec<Letter> {
    coordinator(store).reader().unwrap().letters().unwrap()
}

fn child<'a>(all: &'a [Child], name: &str) -> &'a Child {
    all.iter()
        .find(|c| c.name == name)
        .unwrap_or_else(|| panic!("no child named {name} in {:?}", names(all)))
}

fn names(all: &[Child]) -> Vec<&str> {
    all.iter().map(|c| c.name.as_str()).collect()
}

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn import(store: &Store, path: &Path) -> RosterReport {
    import_roster(&coordinator(store), path, false).unwrap()
}

fn rejected_lines(r: &RosterReport) -> Vec<usize> {
    r.rejected.iter().map(|x| x.line).collect()
}

/// The specification's sample files (invented data), copied into the repository so that a
/// clean checkout has them.
fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

#[test]
fn the_sample_roster_imports_once() {
    let (_d, store) = fresh();
    let path = examples().join("roster.csv");
    let data_rows = std::fs::read_to_string(&path)
        .unwrap()
        .lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .count();
    assert_eq!(data_rows, 24);
    let r = import(&store, &path);
    assert_eq!(r.added.len(), 24, "{r}");
    assert!(r.rejected.is_empty() && r.updated.is_empty(), "{r}");
    let all = children(&store);
    assert_eq!(all.len(), 24);
    let c = child(&all, "蔡燕曦");
    assert_eq!(c.student_id.as_deref(), Some("S2026003"));
    assert_eq!(c.birth_date, day(2012, 3, 4));
    assert_eq!(
        c.flags,
        [Flag::Unsupported, Flag::Hardship].into_iter().collect()
    );
    assert_eq!(c.boarding, Some(false));
    assert_eq!(c.guardian.relation, "叔叔");

    let again = import(&store, &path);
    assert_eq!((again.added.len(), again.updated.len()), (0, 0));
    assert_eq!(again.unchanged, 24);
    assert_eq!(children(&store).len(), 24);

    let audit: Vec<AuditEvent> = audit(&store);
    let imports: Vec<&AuditEvent> = audit
        .iter()
        .filter(|e| e.action == AuditAction::Import)
        .collect();
    assert_eq!(imports.len(), 2, "one audit event per import");
    assert!(imports.iter().all(|e| e.target == RecordRef::Store));
    assert!(
        matches!(
            Detail::read(imports[0].action, imports[0].target, &imports[0].detail),
            Detail::RosterImport { added: 24, .. }
        ),
        "{}",
        imports[0].detail
    );
}

#[test]
fn the_sample_letters_import_once() {
    let (_d, store) = fresh();
    let path = examples().join("letters.txt");
    let r = import_letters(&coordinator(&store), &path, day(2026, 12, 1), &danger()).unwrap();
    assert_eq!(r.added.len(), 6, "{r}");
    assert_eq!(r.added[0], "2026-W48-01");
    assert_eq!(r.added[5], "2026-W48-06");
    let letters: Vec<Letter> = letters(&store);
    assert_eq!(letters.iter().filter(|l| l.pseudonym.is_some()).count(), 3);
    assert!(letters.iter().all(|l| l.received == day(2026, 11, 27)));
    assert!(letters.iter().all(|l| l.reply.is_empty()));
    // The fifth letter tells of living alone: the import marks it as the intake would.
    let flagged: Vec<String> = letters
        .iter()
        .filter(|l| l.needs_attention)
        .map(|l| l.number.to_string())
        .collect();
    assert_eq!(flagged, vec!["2026-W48-05"]);
    assert_eq!(r.attention, vec!["2026-W48-05"]);
    assert!(letters[4].attention_reason.contains("一个人住"));
    assert!(letters[0].text.starts_with("老师，我很想妈妈"));

    let again = import_letters(&coordinator(&store), &path, day(2026, 12, 1), &danger()).unwrap();
    assert_eq!((again.added.len(), again.skipped), (0, 6));
    let mut audit: Vec<AuditEvent> = audit(&store);
    // Beside the coordinator's own creation (the store's first staff).
    audit.retain(|e| !matches!(e.target, RecordRef::Counselor(_)));
    assert_eq!(audit.len(), 6);
    assert!(
        audit
            .iter()
            .all(|e| matches!(e.target, RecordRef::Letter(_)))
    );
}

#[test]
fn letters_without_a_date_are_received_today_and_numbered_in_its_week() {
    let (d, store) = fresh();
    let path = file(
        &d,
        "l.txt",
        "第一封\n---\n署名： 小草\n第二封\n---\n\n".as_bytes(),
    );
    let r = import_letters(&coordinator(&store), &path, day(2026, 1, 1), &danger()).unwrap();
    // 2026-01-01 is the Thursday of ISO week 1 of 2026.
    assert_eq!(r.added, vec!["2026-W01-01", "2026-W01-02"]);
    let bad = file(&d, "bad.txt", "日期: 明天\n你好\n".as_bytes());
    let e = import_letters(&coordinator(&store), &bad, day(2026, 1, 1), &danger()).unwrap_err();
    assert!(
        matches!(e, ImportError::BadLetterDate { line: 1, .. }),
        "{e}"
    );
    let empty = file(&d, "e.txt", b"\n---\n \n");
    assert!(matches!(
        import_letters(&coordinator(&store), &empty, day(2026, 1, 1), &danger()),
        Err(ImportError::Empty { .. })
    ));
}

#[test]
fn gbk_files_are_read() {
    let (d, store) = fresh();
    let text = format!("{HEADER_ZH}\r\nS1,王小明,男,2014/3/5,五年级(1)班,,否,残疾,父母在浙江\r\n");
    let (gbk, _, unmappable) = encoding_rs::GBK.encode(&text);
    assert!(!unmappable);
    let r = import(&store, &file(&d, "gbk.csv", &gbk));
    assert_eq!(r.added, vec!["王小明"], "{r}");
    let all = children(&store);
    let c = child(&all, "王小明");
    assert_eq!(c.class, "五年级(1)班");
    assert_eq!(c.remarks, "父母在浙江");
    assert_eq!(c.birth_date, day(2014, 3, 5));
}

#[test]
fn bom_english_headers_every_date_form_and_full_width_digits() {
    let (d, store) = fresh();
    let text = "\u{FEFF} Student_ID ,NAME,Gender,Birth Date,father_phone,boarding,flags\n\
        A1,Li Ming,M,2013-07-21,138 0013 8000,yes,hardship\n\
        \n\
        A2,张\u{3000}伟,F,2013/7/21,１３８－００１３－８００１,y,残疾；dropout_risk\n\
        A3,\u{3000}刘 洋\u{3000},male,2013年7月21日,,走读,\n\
        \n\
        \n\
        A4,陈静,female,20130721,,0,\n\
        A5,赵雷,男,2013.7.21,,1,\n\
        A6,周敏,女,２０１３年７月２１日,,否,\n\
        A7,吴刚,男,２０１３－０７－２１,,是,\n";
    let r = import(&store, &file(&d, "en.csv", text.as_bytes()));
    assert_eq!(r.added.len(), 7, "{r}");
    assert!(r.rejected.is_empty(), "{r}");
    let all = children(&store);
    assert!(all.iter().all(|c| c.birth_date == day(2013, 7, 21)));
    assert_eq!(child(&all, "Li Ming").father.phone, "13800138000");
    assert_eq!(child(&all, "张伟").father.phone, "13800138001");
    assert_eq!(
        child(&all, "张伟").flags,
        [Flag::Disability, Flag::DropoutRisk].into_iter().collect()
    );
    assert_eq!(child(&all, "刘洋").boarding, Some(false));
    assert_eq!(child(&all, "刘洋").gender, Gender::Male);
    assert_eq!(child(&all, "陈静").student_id.as_deref(), Some("A4"));
    assert_eq!(child(&all, "吴刚").boarding, Some(true));
}

#[test]
fn the_same_child_twice_in_a_file_is_one_child() {
    let (d, store) = fresh();
    let text = format!(
        "{HEADER_ZH}\n\
         S1,王芳,女,2013-01-02,,,,,\n\
         S1,王芳,女,2013-01-02,,,,,\n\
         ,李雷,男,2012-05-06,六年级(2)班,,,,\n\
         ,李　雷,男,2012/5/6,六年级(3)班,,,,\n"
    );
    let r = import(&store, &file(&d, "dup.csv", text.as_bytes()));
    assert_eq!(r.added, vec!["王芳", "李雷"], "{r}");
    assert_eq!(r.updated_names(), vec!["李雷"]);
    assert_eq!(r.unchanged, 1);
    let all = children(&store);
    assert_eq!(all.len(), 2);
    assert_eq!(child(&all, "李雷").class, "六年级(3)班");
}

#[test]
fn an_update_changes_only_the_fields_the_file_gives() {
    let (d, store) = fresh();
    import(&store, &examples().join("roster.csv"));
    let before = children(&store);
    let text =
        "姓名,性别,出生日期,爱好,班主任\n杜萱,男,2013年7月21日,航模,王老师\n杜萱,男,2013-07-21,,\n";
    let r = import(&store, &file(&d, "upd.csv", text.as_bytes()));
    assert_eq!(r.updated_names(), vec!["杜萱"], "{r}");
    assert_eq!((r.added.len(), r.unchanged), (0, 1));
    assert_eq!(r.ignored_columns, vec!["班主任"]);
    assert!(r.to_string().contains("班主任"));
    let after = children(&store);
    let (b, a) = (child(&before, "杜萱"), child(&after, "杜萱"));
    assert_eq!(a.hobbies, "航模");
    assert_eq!(a.id, b.id);
    assert_eq!(
        Child {
            hobbies: b.hobbies.clone(),
            ..a.clone()
        },
        *b
    );
}

/// A stored child that rows change and change back is written as it was: not at all. And a
/// stored child met by one row unchanged, then changed by a later row, is changed from the
/// stored values (the planner reads it again rather than keeping every child it met).
#[test]
fn a_change_undone_by_a_later_row_writes_nothing() {
    let (d, store) = fresh();
    import(&store, &examples().join("roster.csv"));
    let before = children(&store);
    let events = audit(&store).len();
    let text = "姓名,性别,出生日期,爱好\n\
                杜萱,男,2013-07-21,航模\n\
                杜萱,男,2013-07-21,\n\
                杜萱,男,2013-07-21,";
    let hobbies = &child(&before, "杜萱").hobbies;
    let text = format!("{text}{hobbies}\n");
    let r = import(&store, &file(&d, "undo.csv", text.as_bytes()));
    assert_eq!(r.updated_names(), vec!["杜萱", "杜萱"], "{r}");
    assert_eq!(children(&store), before);
    // Only the import's own event: no child was written.
    let new: Vec<_> = audit(&store).into_iter().skip(events).collect();
    assert!(
        new.iter()
            .all(|e| e.action == shouwang::model::AuditAction::Import),
        "{new:?}"
    );

    let text = "姓名,性别,出生日期,爱好\n杜萱,男,2013-07-21,\n杜萱,男,2013-07-21,篮球\n";
    let r = import(&store, &file(&d, "later.csv", text.as_bytes()));
    assert_eq!((r.unchanged, r.updated_names()), (1, vec!["杜萱"]), "{r}");
    let after = children(&store);
    let (b, a) = (child(&before, "杜萱"), child(&after, "杜萱"));
    assert_eq!(
        *a,
        Child {
            hobbies: "篮球".into(),
            ..b.clone()
        }
    );
}

#[test]
fn rejected_rows_name_their_physical_line_and_reason() {
    let (d, store) = fresh();
    let text = format!(
        "{HEADER_ZH}\n\
         S1,王芳,女,2013-01-02,,,,,\"第一行\n第二行\n第三行\"\n\
         S2,,男,2013-01-02,,,,,\n\
         \n\
         S3,张三,未知,2013-01-02,,,,,\n\
         S4,李四,男,2099-01-01,,,,,\n\
         S5,王五,男,1989-12-31,,,,,\n\
         S6,赵六,男,,,,,,\n\
         S7,钱七,男,2013-02-30,,,,,\n\
         S8,孙八,男,2013-01-02,,138abc,,,\n\
         S9,周九,男,2013-01-02,,,,贫困,\n\
         S10,吴十,男,2013-01-02,,,有时,,\n\
         S11,郑十一,男,2013-01-02,,,,,\n"
    );
    let r = import(&store, &file(&d, "bad.csv", text.as_bytes()));
    assert_eq!(r.added, vec!["王芳", "郑十一"], "{r}");
    assert_eq!(
        rejected_lines(&r),
        vec![5, 7, 8, 9, 10, 11, 12, 13, 14],
        "{r}"
    );
    let reason = |line: usize| {
        r.rejected
            .iter()
            .find(|x| x.line == line)
            .map(|x| x.reason.clone())
            .unwrap()
    };
    assert!(reason(5).contains("name"), "{}", reason(5));
    assert!(reason(7).contains("未知"));
    assert!(reason(8).contains("future"));
    assert!(reason(9).contains("1990"));
    assert!(reason(10).contains("birth_date"));
    assert!(reason(11).contains("2013-02-30"));
    assert!(reason(12).contains("138abc"));
    assert!(reason(13).contains("贫困"));
    assert!(reason(14).contains("有时"));
    assert!(r.to_string().contains("line 5: "), "{r}");
    assert_eq!(children(&store).len(), 2);
    assert_eq!(
        child(&children(&store), "王芳").remarks,
        "第一行\n第二行\n第三行"
    );
}

#[test]
fn a_student_id_that_disagrees_with_the_same_name_and_birth_is_refused() {
    let (d, store) = fresh();
    let text = format!(
        "{HEADER_ZH}\nS1,王芳,女,2013-01-02,,,,,\nS2,王芳,女,2013-01-02,,,,,\nS1,李娜,女,2013-01-02,,,,,\n"
    );
    let r = import(&store, &file(&d, "c.csv", text.as_bytes()));
    assert_eq!(r.added, vec!["王芳"], "{r}");
    assert_eq!(rejected_lines(&r), vec![3]);
    // The same student id with a new name: the same child, renamed.
    assert_eq!(r.updated_names(), vec!["李娜"]);
    let all = children(&store);
    assert_eq!(all.len(), 1);
    assert_eq!(all[0].name, "李娜");
}

fn xlsx_roster(path: &Path, with_header: bool) {
    use rust_xlsxwriter::{ExcelDateTime, Format, Workbook};
    let mut wb = Workbook::new();
    let s = wb.add_worksheet();
    let date = Format::new().set_num_format("yyyy/m/d");
    let mut row = 0;
    s.write_string(row, 0, "某某小学留守儿童名单").unwrap();
    row += 1;
    if with_header {
        for (i, h) in ["学号", "姓名", "性别", "出生日期", "父亲电话", "寄宿"]
            .iter()
            .enumerate()
        {
            s.write_string(row, i as u16, *h).unwrap();
        }
        row += 1;
    }
    // A plain number serial, a real date cell, a text date, and a row without a name.
    s.write_number(row, 0, 2026001.0).unwrap();
    s.write_string(row, 1, "王小丫").unwrap();
    s.write_string(row, 2, "女").unwrap();
    s.write_number(row, 3, 41476.0).unwrap();
    s.write_number(row, 4, 13800138000.0).unwrap();
    s.write_boolean(row, 5, true).unwrap();
    row += 1;
    s.write_string(row, 0, "2026002").unwrap();
    s.write_string(row, 1, "赵 小 虎").unwrap();
    s.write_string(row, 2, "M").unwrap();
    s.write_datetime_with_format(row, 3, ExcelDateTime::from_ymd(2012, 2, 29).unwrap(), &date)
        .unwrap();
    row += 1;
    s.write_string(row, 1, "孙小美").unwrap();
    s.write_string(row, 2, "女").unwrap();
    s.write_string(row, 3, "2014年1月5日").unwrap();
    s.write_string(row, 5, "否").unwrap();
    row += 1;
    s.write_string(row, 2, "女").unwrap();
    s.write_string(row, 3, "2014-01-05").unwrap();
    wb.save(path).unwrap();
}

#[test]
fn xlsx_with_a_title_row_serials_and_date_cells() {
    let (d, store) = fresh();
    let path = d.path().join("roster.xlsx");
    xlsx_roster(&path, true);
    let r = import(&store, &path);
    assert_eq!(r.added, vec!["王小丫", "赵小虎", "孙小美"], "{r}");
    assert_eq!(rejected_lines(&r), vec![6], "the sheet's row number");
    let all = children(&store);
    let a = child(&all, "王小丫");
    assert_eq!(a.birth_date, day(2013, 7, 21));
    assert_eq!(a.student_id.as_deref(), Some("2026001"));
    assert_eq!(a.father.phone, "13800138000");
    assert_eq!(a.boarding, Some(true));
    assert_eq!(child(&all, "赵小虎").birth_date, day(2012, 2, 29));
    assert_eq!(child(&all, "孙小美").birth_date, day(2014, 1, 5));
    assert_eq!(import(&store, &path).unchanged, 3);
}

#[test]
fn a_letters_file_that_is_not_text_has_its_own_sentence() {
    let (d, store) = fresh();
    let random: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let with_nul = "老师，我很想妈妈。\0\0\0\n---\n我考试没考好。\n".as_bytes();
    for (name, bytes) in [("binary.txt", &random[..]), ("nul.txt", with_nul)] {
        let path = file(&d, name, bytes);
        let e =
            import_letters(&coordinator(&store), &path, day(2026, 12, 1), &danger()).unwrap_err();
        assert!(matches!(e, ImportError::LettersNotText { .. }), "{e:?}");
        for lang in [Lang::Zh, Lang::En] {
            shouwang::i18n::set_lang(lang);
            let said = e.to_string();
            assert!(said.contains(name), "{said}");
            assert!(!said.contains("Excel") && !said.contains("名单"), "{said}");
            assert!(said.contains(".txt"), "{said}");
        }
    }
    assert!(letters(&store).is_empty());
}

type Expect = fn(&ImportError) -> bool;

#[test]
fn files_that_are_not_rosters_are_refused_with_a_sentence() {
    let (d, store) = fresh();
    let random: Vec<u8> = (0..4096u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let nohead = d.path().join("nohead.xlsx");
    xlsx_roster(&nohead, false);
    let cases: Vec<(PathBuf, Expect)> = vec![
        (file(&d, "random.csv", &random), |e| {
            matches!(e, ImportError::NotText { .. })
        }),
        (file(&d, "empty.csv", b""), |e| {
            matches!(e, ImportError::Empty { .. })
        }),
        (file(&d, "blank.csv", b"\r\n\n  \n"), |e| {
            matches!(e, ImportError::Empty { .. })
        }),
        (
            file(&d, "nohead.csv", "王芳,女,2013-01-02\n".as_bytes()),
            |e| matches!(e, ImportError::NoHeader { .. }),
        ),
        (
            file(&d, "half.csv", "姓名,班级\n王芳,一班\n".as_bytes()),
            |e| {
                matches!(e, ImportError::NoHeader { missing, .. }
                    if missing.contains("gender") && !missing.contains("name"))
            },
        ),
        (
            file(&d, "broken.xlsx", b"PK\x03\x04not really a zip"),
            |e| matches!(e, ImportError::BadSpreadsheet { .. }),
        ),
        (nohead, |e| matches!(e, ImportError::NoHeader { .. })),
    ];
    for (path, expected) in cases {
        let e = import_roster(&coordinator(&store), &path, false).unwrap_err();
        assert!(expected(&e), "{}: {e:?}", path.display());
        assert!(e.to_string().len() > 20, "{e}");
    }
    assert!(children(&store).is_empty());
    // Nothing audited but the coordinator's own creation (the store's first staff).
    let audit: Vec<AuditEvent> = audit(&store);
    assert!(
        audit
            .iter()
            .all(|e| matches!(e.target, RecordRef::Counselor(_)))
    );
}

#[test]
fn a_dry_run_reports_the_same_and_writes_nothing() {
    let (d, store) = fresh();
    import(&store, &examples().join("roster.csv"));
    let text = format!(
        "{HEADER_ZH}\nS2026000,杜萱,男,2013-07-21,九年级(1)班,,,,\nN1,新同学,女,2015-01-01,,,,,\n,,男,2015-01-01,,,,,\n"
    );
    let path = file(&d, "dry.csv", text.as_bytes());
    let before = children(&store);
    let audits = audit(&store).len();
    let dry = import_roster(&coordinator(&store), &path, true).unwrap();
    assert_eq!(children(&store), before);
    assert_eq!(audit(&store).len(), audits);
    let real = import(&store, &path);
    assert_eq!(dry, real);
    assert_eq!(
        (real.added.len(), real.updated.len(), real.rejected.len()),
        (1, 1, 1)
    );
}

fn comparable(mut all: Vec<Child>) -> Vec<Child> {
    for c in &mut all {
        c.id = shouwang::model::ChildId(0);
    }
    all.sort_by(|a, b| a.student_id.cmp(&b.student_id).then(a.name.cmp(&b.name)));
    all
}

#[test]
fn an_export_imports_back_into_the_same_children() {
    let (d, store) = fresh();
    import(&store, &examples().join("roster.csv"));
    // A remark over several lines with a comma, and a child without student id or boarding.
    let extra = format!("{HEADER_ZH}\n,无学号,女,2016-06-06,,,,,\"多行\n备注, 带逗号\"\n");
    import(&store, &file(&d, "extra.csv", extra.as_bytes()));
    let original = children(&store);
    assert_eq!(original.len(), 25);

    for lang in [Lang::Zh, Lang::En] {
        let csv = d.path().join(format!("out-{lang:?}.csv"));
        let mut bytes = Vec::new();
        write_csv(&original, lang, &mut bytes).unwrap();
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"));
        let head = String::from_utf8_lossy(&bytes[3..60]).to_string();
        match lang {
            Lang::Zh => assert!(head.starts_with("学号,姓名,性别,出生日期"), "{head}"),
            Lang::En => assert!(
                head.starts_with("student_id,name,gender,birth_date"),
                "{head}"
            ),
        }
        std::fs::write(&csv, &bytes).unwrap();
        let xlsx = d.path().join(format!("out-{lang:?}.xlsx"));
        let mut book = Vec::new();
        write_xlsx(&original, lang, &mut book, "out.xlsx").unwrap();
        std::fs::write(&xlsx, &book).unwrap();
        for path in [csv, xlsx] {
            let (_d2, copy) = fresh();
            let r = import(&copy, &path);
            assert_eq!(r.added.len(), 25, "{}: {r}", path.display());
            assert_eq!(
                comparable(children(&copy)),
                comparable(original.clone()),
                "{}",
                path.display()
            );
        }
    }
}

mod properties {
    use super::*;
    use proptest::prelude::*;
    use shouwang::domain::when::parse_date;

    proptest! {
        #[test]
        fn the_date_parser_never_panics(s in "\\PC*") {
            let _ = parse_date(&s);
        }

        #[test]
        fn date_like_strings_never_panic(s in "[0-9０-９年月日号/.:T -]{0,24}") {
            if let Some(d) = parse_date(&s) {
                prop_assert!((0..=9999).contains(&chrono::Datelike::year(&d)));
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        #[test]
        fn no_bytes_make_the_roster_import_panic(
            bytes in prop_oneof![
                proptest::collection::vec(any::<u8>(), 0..600),
                "[学号姓名性别出生日期,男女\n\"0-9年月日 -]{0,300}".prop_map(String::into_bytes),
                "姓名,性别,出生日期\n[^\u{0}]{0,200}".prop_map(String::into_bytes),
            ]
        ) {
            let (d, store) = fresh();
            let path = file(&d, "p.csv", &bytes);
            let _ = import_roster(&coordinator(&store), &path, true);
            let zip: Vec<u8> = b"PK\x03\x04".iter().copied().chain(bytes).collect();
            let path = file(&d, "p.xlsx", &zip);
            let _ = import_roster(&coordinator(&store), &path, true);
        }
    }
}
