//! Bounded input (issue 8, item 5): every way in refuses what is over the limits of
//! `model::limits`, saying the limit, and a roster workbook that unpacks to millions of rows
//! (a "zip bomb") is refused quickly and in little memory. The real binary runs each way in.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
// a failing test panics
// The workbook builders serve the two measured tests, which need Unix's wait4.
#![cfg_attr(not(unix), allow(dead_code, unused_imports))]

use assert_cmd::Command;
use predicates::prelude::*;
use std::path::PathBuf;
use std::time::{Duration, Instant};

/// The passphrase of every staff member in these tests' stores.
const TEST_PASSPHRASE: &str = "青山绿水 test 2026";

/// A Thursday; no test reads the clock.
const NOW: &str = "2026-11-26T10:00";

struct Env {
    dir: tempfile::TempDir,
    /// Who the commands run as: the coordinator, once the store has one.
    user: Option<&'static str>,
}

impl Env {
    /// A store whose first staff member is the coordinator 周主任, who runs the commands.
    fn new() -> Env {
        let mut env = Env::empty();
        env.cmd(&["counselor", "add", "周主任", "--role", "coordinator"])
            .assert()
            .success();
        env.user = Some("周主任");
        env
    }

    /// No store yet (`import json` makes one).
    fn empty() -> Env {
        Env {
            dir: tempfile::tempdir().unwrap(),
            user: None,
        }
    }

    fn db(&self) -> PathBuf {
        self.dir.path().join("store.redb")
    }

    fn file(&self, name: &str, content: &[u8]) -> String {
        let p = self.dir.path().join(name);
        std::fs::write(&p, content).unwrap();
        p.display().to_string()
    }

    fn envs(&self, c: &mut std::process::Command) {
        let home = self.dir.path();
        c.env("SHOUWANG_NOW", NOW)
            .env("SHOUWANG_PASSPHRASE", TEST_PASSPHRASE)
            .env("SHOUWANG_NEW_PASSPHRASE", TEST_PASSPHRASE)
            .env("HOME", home)
            .env("XDG_DATA_HOME", home.join("data"))
            .env("XDG_CONFIG_HOME", home.join("config"))
            .env_remove("SHOUWANG_DB")
            .arg("--db")
            .arg(self.db())
            .args(["--lang", "en"]);
        if let Some(user) = self.user {
            c.args(["--user", user]);
        }
    }

    fn cmd(&self, args: &[&str]) -> Command {
        let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_shouwang"));
        self.envs(&mut c);
        c.args(args);
        Command::from_std(c)
    }
}

fn no_panic() -> impl Predicate<str> {
    predicate::str::contains("panicked").not()
}

// ---------------------------------------------------------------------------------------
// The XLSX bomb.

/// One zip part: (name, method, crc, compressed bytes, unpacked size).
struct Part {
    name: &'static str,
    method: u16,
    crc: u32,
    data: Vec<u8>,
    size: u32,
}

fn stored(name: &'static str, text: &str) -> Part {
    Part {
        name,
        method: 0,
        crc: crc32fast::hash(text.as_bytes()),
        data: text.as_bytes().to_vec(),
        size: text.len() as u32,
    }
}

/// A zip file as the format says: local headers and data, the central directory, its end.
fn zip(parts: &[Part]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for p in parts {
        let offset = out.len() as u32;
        let head = |sig: u32, central: bool| {
            let mut h = Vec::new();
            h.extend(sig.to_le_bytes());
            if central {
                h.extend(20u16.to_le_bytes()); // made by
            }
            h.extend(20u16.to_le_bytes()); // needed
            h.extend(0u16.to_le_bytes()); // flags
            h.extend(p.method.to_le_bytes());
            h.extend(0u16.to_le_bytes()); // time
            h.extend(0x21u16.to_le_bytes()); // date: 1980-01-01
            h.extend(p.crc.to_le_bytes());
            h.extend((p.data.len() as u32).to_le_bytes());
            h.extend(p.size.to_le_bytes());
            h.extend((p.name.len() as u16).to_le_bytes());
            h.extend(0u16.to_le_bytes()); // extra
            if central {
                h.extend(0u16.to_le_bytes()); // comment
                h.extend(0u16.to_le_bytes()); // disk
                h.extend(0u16.to_le_bytes()); // internal attributes
                h.extend(0u32.to_le_bytes()); // external attributes
                h.extend(offset.to_le_bytes());
            }
            h.extend(p.name.as_bytes());
            h
        };
        out.extend(head(0x04034b50, false));
        out.extend(&p.data);
        central.extend(head(0x02014b50, true));
    }
    let cd_offset = out.len() as u32;
    out.extend(&central);
    out.extend(0x06054b50u32.to_le_bytes());
    out.extend([0u8; 4]);
    out.extend((parts.len() as u16).to_le_bytes());
    out.extend((parts.len() as u16).to_le_bytes());
    out.extend((central.len() as u32).to_le_bytes());
    out.extend(cd_offset.to_le_bytes());
    out.extend(0u16.to_le_bytes());
    out
}

fn deflate(z: &mut flate2::Compress, mut input: &[u8], flush: flate2::FlushCompress) -> Vec<u8> {
    let finish = matches!(flush, flate2::FlushCompress::Finish);
    let mut out = Vec::new();
    loop {
        out.reserve(64 * 1024);
        let before = z.total_in();
        let status = z.compress_vec(input, &mut out, flush).unwrap();
        input = &input[(z.total_in() - before) as usize..];
        let room_left = out.len() < out.capacity();
        if (finish && status == flate2::Status::StreamEnd)
            || (!finish && input.is_empty() && room_left)
        {
            return out;
        }
    }
}

const MAIN: &str = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
const RELS: &str = "http://schemas.openxmlformats.org/package/2006/relationships";
const DOC: &str = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

/// An XLSX of a roster header and then `chunks` × 20,000 rows of one short cell. The sheet is
/// deflated cheaply: a chunk is compressed once after an identical one, with a sync flush, and
/// that block is repeated (it refers only to the 32 KiB before it, which is always the same).
/// The result is a real deflate stream with a real CRC: it unpacks to every row.
fn xlsx_bomb(chunks: usize) -> (Vec<u8>, u64) {
    use flate2::FlushCompress;
    let row = "<row><c t=\"inlineStr\"><is><t>x</t></is></c></row>";
    let chunk = row.repeat(20_000);
    let head = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"{MAIN}\"><sheetData>\
         <row><c t=\"inlineStr\"><is><t>name</t></is></c><c t=\"inlineStr\"><is><t>gender</t>\
         </is></c><c t=\"inlineStr\"><is><t>birth_date</t></is></c></row>"
    );
    let tail = "</sheetData></worksheet>";
    let mut z = flate2::Compress::new(flate2::Compression::best(), false);
    let mut data = deflate(&mut z, head.as_bytes(), FlushCompress::None);
    data.extend(deflate(&mut z, chunk.as_bytes(), FlushCompress::Sync));
    let again = deflate(&mut z, chunk.as_bytes(), FlushCompress::Sync);
    for _ in 1..chunks {
        data.extend(&again);
    }
    data.extend(deflate(&mut z, tail.as_bytes(), FlushCompress::Finish));

    let mut crc = crc32fast::Hasher::new();
    crc.update(head.as_bytes());
    let mut chunk_crc = crc32fast::Hasher::new();
    chunk_crc.update(chunk.as_bytes());
    for _ in 0..chunks {
        crc.combine(&chunk_crc);
    }
    crc.update(tail.as_bytes());
    let size = (head.len() + chunk.len() * chunks + tail.len()) as u64;
    let sheet = Part {
        name: "xl/worksheets/sheet1.xml",
        method: 8,
        crc: crc.finalize(),
        data,
        size: u32::try_from(size).unwrap(),
    };
    (workbook(sheet, None), size)
}

/// A workbook of one sheet, and a shared-strings part when given.
fn workbook(sheet: Part, shared_strings: Option<Part>) -> Vec<u8> {
    let mut parts = vec![
        stored(
            "[Content_Types].xml",
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\"><Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/><Default Extension=\"xml\" ContentType=\"application/xml\"/><Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/><Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/></Types>",
        ),
        stored(
            "_rels/.rels",
            &format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"{RELS}\"><Relationship Id=\"rId1\" Type=\"{DOC}/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"
            ),
        ),
        stored(
            "xl/workbook.xml",
            &format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><workbook xmlns=\"{MAIN}\" xmlns:r=\"{DOC}\"><sheets><sheet name=\"Sheet1\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"
            ),
        ),
        stored(
            "xl/_rels/workbook.xml.rels",
            &format!(
                "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Relationships xmlns=\"{RELS}\"><Relationship Id=\"rId1\" Type=\"{DOC}/worksheet\" Target=\"worksheets/sheet1.xml\"/></Relationships>"
            ),
        ),
        sheet,
    ];
    parts.extend(shared_strings);
    zip(&parts)
}

/// The crafted workbook of issue 18: 2 KB whose shared-strings part declares 4,294,967,295
/// strings, which calamine would reserve room for at once (100 GB: the program aborted).
fn xlsx_declaring_strings(unique_count: &str) -> Vec<u8> {
    let sheet = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"{MAIN}\"><sheetData>\
         <row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>\
         <c r=\"C1\" t=\"s\"><v>2</v></c></row></sheetData></worksheet>"
    );
    let strings = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><sst xmlns=\"{MAIN}\" count=\"{unique_count}\" \
         uniqueCount=\"{unique_count}\"><si><t>name</t></si><si><t>gender</t></si>\
         <si><t>birth_date</t></si></sst>"
    );
    let sheet = stored("xl/worksheets/sheet1.xml", &sheet);
    let strings = stored("xl/sharedStrings.xml", &strings);
    workbook(sheet, Some(strings))
}

/// Runs the binary to the end; its stderr, the CPU time it used (user and system: unlike the
/// wall clock, not inflated by other tests running beside it) and its peak memory (KiB), read
/// with wait4 for this child alone.
#[cfg(unix)] // wait4 reports the child's own CPU time and peak memory
#[allow(unsafe_code)] // wait4, on our own child
fn run_measured(env: &Env, args: &[&str]) -> (i32, String, Duration, i64) {
    use std::io::Read;
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_shouwang"));
    env.envs(&mut c);
    c.args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped());
    let start = Instant::now();
    // Reaped by wait4 below, which also gives its rusage; std's wait would not.
    #[allow(clippy::zombie_processes)]
    let mut child = c.spawn().unwrap();
    let mut status = 0;
    // SAFETY: a zeroed rusage is a valid value for wait4 to fill.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: the pid is our own child, not yet waited for; the pointers are to live locals.
    let pid = unsafe { libc::wait4(child.id() as i32, &raw mut status, 0, &raw mut usage) };
    let wall = start.elapsed();
    assert_eq!(pid, child.id() as i32, "wait4 failed");
    let cpu = |t: libc::timeval| Duration::new(t.tv_sec as u64, t.tv_usec as u32 * 1000);
    let took = cpu(usage.ru_utime) + cpu(usage.ru_stime);
    eprintln!("(wall clock {wall:?})");
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let code = if libc::WIFEXITED(status) {
        libc::WEXITSTATUS(status)
    } else {
        -1
    };
    (code, stderr, took, usage.ru_maxrss)
}

#[test]
#[cfg(unix)]
fn an_xlsx_bomb_is_refused_quickly_in_little_memory() {
    let env = Env::new();
    // 150 × 20,000 = 3,000,000 rows: 150 MB of sheet in a file of a few hundred KB.
    let (bytes, unpacked) = xlsx_bomb(150);
    assert!(
        bytes.len() * 100 < unpacked as usize,
        "a real bomb: {} bytes",
        bytes.len()
    );
    let path = env.file("bomb.xlsx", &bytes);
    let (code, stderr, took, max_rss_kib) = run_measured(&env, &["import", "roster", &path]);
    eprintln!(
        "XLSX bomb ({} KB, unpacks to {} MB, 3,000,000 rows): refused in {:?} of CPU, peak RSS {} MB",
        bytes.len() / 1024,
        unpacked / (1024 * 1024),
        took,
        max_rss_kib / 1024
    );
    assert_ne!(code, 0, "{stderr}");
    assert!(
        stderr.contains("more than 200,000 rows"),
        "the sentence says the limit: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(took < Duration::from_secs(5), "took {took:?}");
    assert!(
        max_rss_kib < 200 * 1024,
        "peak memory {} MB",
        max_rss_kib / 1024
    );
    // Nothing was written.
    env.cmd(&["check"]).assert().stdout(no_panic());
}

#[test]
#[cfg(unix)]
fn a_workbook_declaring_four_billion_shared_strings_is_refused_with_a_sentence() {
    let env = Env::new();
    let bytes = xlsx_declaring_strings("4294967295");
    assert!(bytes.len() < 4096, "a small file: {} bytes", bytes.len());
    let path = env.file("strings.xlsx", &bytes);
    let (code, stderr, took, max_rss_kib) = run_measured(&env, &["import", "roster", &path]);
    eprintln!(
        "XLSX declaring 4,294,967,295 strings ({} bytes): refused in {:?} of CPU, peak RSS {} MB",
        bytes.len(),
        took,
        max_rss_kib / 1024
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("declares 4,294,967,295 different texts")
            && stderr.contains("refused before being read"),
        "{stderr}"
    );
    assert!(!stderr.contains("memory allocation"), "{stderr}");
    assert!(
        max_rss_kib < 100 * 1024,
        "peak memory {} MB",
        max_rss_kib / 1024
    );
    // The same count, honestly written, reads: the three strings are the header.
    let honest = env.file("honest.xlsx", &xlsx_declaring_strings("3"));
    let (code, stderr, ..) = run_measured(&env, &["import", "roster", "--dry-run", &honest]);
    assert!(!stderr.contains("different texts"), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(code == 0 || code == 1, "{code}: {stderr}");
}

#[test]
#[cfg(unix)]
fn a_workbook_declaring_a_huge_unpacked_size_is_refused_before_unpacking() {
    let env = Env::new();
    // 600 × 1 MB of sheet: over the 500 MB a workbook may unpack to.
    let (bytes, unpacked) = xlsx_bomb(600);
    assert!(unpacked > 500 * 1024 * 1024);
    let path = env.file("bomb.xlsx", &bytes);
    let (code, stderr, took, max_rss_kib) = run_measured(&env, &["import", "roster", &path]);
    eprintln!(
        "XLSX bomb ({} KB, unpacks to {} MB): refused in {:?} of CPU, peak RSS {} MB",
        bytes.len() / 1024,
        unpacked / (1024 * 1024),
        took,
        max_rss_kib / 1024
    );
    assert_ne!(code, 0);
    assert!(
        stderr.contains("more than the 500 MB") && stderr.contains("without being unpacked"),
        "{stderr}"
    );
    assert!(took < Duration::from_secs(2), "took {took:?}");
}

#[test]
fn a_roster_over_100_mb_is_refused_unread() {
    let env = Env::new();
    let path = env.dir.path().join("big.csv");
    let f = std::fs::File::create(&path).unwrap();
    // Sparse: the size is what the limit looks at, before reading.
    f.set_len(101 * 1024 * 1024).unwrap();
    env.cmd(&["import", "roster", path.to_str().unwrap()])
        .assert()
        .failure()
        .stderr(predicate::str::contains("at most 100 MB").and(no_panic()));
}

// ---------------------------------------------------------------------------------------
// Every way in, the same limits.

#[test]
fn the_roster_refuses_long_names_and_remarks_and_hidden_characters_saying_the_limit() {
    let env = Env::new();
    let long_name = "张".repeat(51);
    let long_remark = "很".repeat(20_001);
    let csv = format!(
        "姓名,性别,出生日期,备注\n{long_name},男,2014-03-02,\n王芳,女,2014-03-02,{long_remark}\n\
         \"X\u{1b}]0;PWNED\u{7}Y\",男,2014-03-02,\n\u{202E}李明,男,2014-03-02,\n赵六,男,2014-03-02,好\n"
    );
    let path = env.file("roster.csv", csv.as_bytes());
    env.cmd(&["import", "roster", &path])
        .assert()
        .stdout(
            predicate::str::contains("1 added")
                .and(predicate::str::contains("4 rows not imported"))
                .and(predicate::str::contains(
                    "line 2: name is 51 characters long; at most 50",
                ))
                .and(predicate::str::contains(
                    "line 3: remarks is 20,001 characters long; at most 20,000",
                ))
                .and(predicate::str::contains(
                    "line 4: name contains an invisible control character",
                ))
                .and(predicate::str::contains(
                    "line 5: name contains a Unicode direction override",
                ))
                .and(predicate::str::contains("PWNED").not()),
        )
        .stderr(no_panic());
}

#[test]
fn counselor_add_refuses_long_names_control_characters_and_overrides() {
    let env = Env::new();
    let long = "李".repeat(51);
    for (name, says) in [
        (long.as_str(), "51 characters long; at most 50"),
        ("X\u{1b}]0;PWNED\u{7}Y", "control character"),
        ("李\u{202E}老师", "direction override"),
        ("李\u{2066}老师", "direction override"),
    ] {
        env.cmd(&["counselor", "add", name])
            .assert()
            .failure()
            .stderr(predicate::str::contains(says).and(no_panic()));
    }
    env.cmd(&["counselor", "add", &"李".repeat(50)])
        .assert()
        .success();
}

#[test]
fn import_letters_refuses_a_date_in_the_future_or_before_2000_and_a_long_letter() {
    let env = Env::new();
    for (text, says) in [
        ("日期: 2099-01-01\n我想妈妈。\n", "dated in the future"),
        ("日期: 1999-12-31\n我想妈妈。\n", "dated before 2000-01-01"),
        (
            &*format!("第一封\n---\n{}\n", "信".repeat(20_001)),
            "20,001 characters long; at most 20,000",
        ),
    ] {
        let path = env.file("letters.txt", text.as_bytes());
        env.cmd(&["import", "letters", &path])
            .assert()
            .failure()
            .stderr(predicate::str::contains(says).and(no_panic()));
    }
    // Nothing of the refused files went in: the first letter taken is number 01.
    let path = env.file("letters.txt", "日期: 2026-11-25\n我想妈妈。\n".as_bytes());
    env.cmd(&["import", "letters", &path])
        .assert()
        .success()
        .stdout(predicate::str::contains("2026-W48-01"));
}

#[test]
fn import_json_runs_the_roster_rules_on_each_child() {
    let env = Env::new();
    let roster = env.file(
        "roster.csv",
        "姓名,性别,出生日期,父亲电话\n张伟,男,2014-03-02,13800000001\n".as_bytes(),
    );
    env.cmd(&["import", "roster", &roster]).assert().success();
    let json = env.dir.path().join("all.json");
    env.cmd(&["export", "json", "--out", json.to_str().unwrap()])
        .assert()
        .success();
    let good: serde_json::Value = serde_json::from_slice(&std::fs::read(&json).unwrap()).unwrap();
    for (field, value, says) in [
        ("name", "", "name is missing"),
        ("father_phone", "abc", "is not a phone number"),
        ("name", &"张".repeat(51), "at most 50"),
        ("remarks", &"很".repeat(20_001), "at most 20,000"),
        ("name", "李\u{202E}明", "direction override"),
    ] {
        let mut bad = good.clone();
        bad["children"][0][field] = serde_json::Value::String(value.to_string());
        let path = env.file("bad.json", &serde_json::to_vec(&bad).unwrap());
        let fresh = Env::empty();
        fresh
            .cmd(&["import", "json", &path])
            .assert()
            .failure()
            .stderr(
                predicate::str::contains("child")
                    .and(predicate::str::contains(says))
                    .and(no_panic()),
            );
        // Nothing went in: the store is still empty, so the good file can be imported.
        fresh
            .cmd(&["import", "json", json.to_str().unwrap()])
            .assert()
            .success();
    }
}

#[test]
fn a_roster_of_200_000_rows_is_read_and_one_of_200_001_is_refused() {
    let env = Env::new();
    // Blank lines and a line of empty cells between the rows are not rows of the roster.
    let roster = |rows: usize| {
        let mut csv = String::from("姓名,性别,出生日期\n\n,,\n");
        for i in 0..rows {
            csv.push_str(&format!("童{},男,2014-03-02\n", i % 100));
        }
        csv
    };
    let at = env.file("at.csv", roster(200_000).as_bytes());
    env.cmd(&["import", "roster", "--dry-run", &at])
        .assert()
        .stderr(
            predicate::str::contains("more than 200,000 rows")
                .not()
                .and(no_panic()),
        )
        .stdout(predicate::str::contains("100 added"));
    let over = env.file("over.csv", roster(200_001).as_bytes());
    env.cmd(&["import", "roster", "--dry-run", &over])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("more than 200,000 rows").and(no_panic()));
}

#[test]
#[cfg(unix)]
fn import_json_refuses_a_file_over_512_mb_unread() {
    let env = Env::empty();
    let path = env.dir.path().join("huge.json");
    let f = std::fs::File::create(&path).unwrap();
    // Sparse: the size is what the limit looks at, before reading.
    f.set_len(513 * 1024 * 1024).unwrap();
    let (code, stderr, took, max_rss_kib) =
        run_measured(&env, &["import", "json", path.to_str().unwrap()]);
    assert_eq!(code, 1, "{stderr}");
    assert!(stderr.contains("may be at most 512 MB"), "{stderr}");
    assert!(took < Duration::from_secs(2), "took {took:?}");
    assert!(
        max_rss_kib < 100 * 1024,
        "peak memory {} MB",
        max_rss_kib / 1024
    );
}

#[test]
fn the_log_holds_the_kind_of_a_refusal_never_what_was_typed_or_a_name() {
    let env = Env::new();
    let letters = env.file(
        "letters.txt",
        "日期: 孩子说晚上想妈妈\n我想妈妈。\n".as_bytes(),
    );
    env.cmd(&["import", "letters", &letters])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("孩子说晚上想妈妈"));
    let roster = env.file(
        "roster.csv",
        "姓名,性别,出生日期\n林小花,女,2014-13-40\n王小明,男,2014-03-02\n".as_bytes(),
    );
    env.cmd(&["import", "roster", &roster])
        .assert()
        .stdout(predicate::str::contains("1 row not imported"));
    let json = env.file(
        "bad.json",
        "{\"format\":\"shouwang-export\",\"version\":1,\"children\":[{\"name\":\"林小花\"}]}"
            .as_bytes(),
    );
    Env::empty()
        .cmd(&["import", "json", &json])
        .assert()
        .code(1);
    let log_path = env.dir.path().join("data/shouwang/shouwang.log");
    let log = std::fs::read_to_string(&log_path).unwrap();
    assert!(
        log.contains("command failed") && log.contains("BadLetterDate"),
        "{log}"
    );
    for personal in ["想妈妈", "林小花", "王小明", "2014-13-40", "letters.txt"] {
        assert!(!log.contains(personal), "{personal} in the log: {log}");
    }
}

/// Found by the fuzz target `xlsx`: a cell reference far outside any sheet made calamine
/// overflow while reading it (a panic in a build that checks overflow).
#[test]
fn a_cell_reference_outside_any_sheet_is_refused_with_a_sentence() {
    let env = Env::new();
    let sheet = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet xmlns=\"{MAIN}\"><sheetData>\
         <row r=\"1\"><c r=\"A99999999999\" t=\"inlineStr\"><is><t>name</t></is></c></row>\
         </sheetData></worksheet>"
    );
    let bytes = workbook(stored("xl/worksheets/sheet1.xml", &sheet), None);
    let path = env.file("far.xlsx", &bytes);
    env.cmd(&["import", "roster", &path])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("“A99999999999”, outside any sheet").and(no_panic()));
}

/// Found by the fuzz target `xls`: an OLE file of 518 bytes (a header and 6 bytes of a
/// sector) made calamine panic on an assertion while reading its sector table.
#[test]
fn an_xls_cut_short_is_refused_with_a_sentence() {
    let env = Env::new();
    // The fuzzer's input as it found it.
    let ole = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/xls_cut_short.xls"
    ))
    .unwrap();
    let path = env.file("short.xls", &ole);
    env.cmd(&["import", "roster", &path])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("cut short").and(no_panic()));
}

/// Found by the fuzz target `xls` from a real roster: a record shorter than calamine expects
/// made it panic indexing the record's bytes (`read_u16`). calamine's panics are contained
/// (`contain.rs`): the file is refused with a sentence, nothing written.
#[test]
fn an_xls_whose_record_makes_calamine_panic_is_refused_with_a_sentence() {
    let env = Env::new();
    let path = env.file("malformed.xls", &data_file("xls_malformed_record.xls"));
    env.cmd(&["import", "roster", &path])
        .assert()
        .code(1)
        .stderr(predicate::str::contains("malformed").and(no_panic()));
}

fn data_file(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))).unwrap()
}

/// calamine reserves room for the rows × columns an XLS sheet's DIMENSIONS record declares
/// before it reads a cell: `xls_huge_dimensions.xls` is `roster.xls` (three children, made by
/// another program than this one's) with that record saying 4,294,967,295 rows by 255
/// columns, and aborted the program asking for 43 TB. It is refused before calamine reads it.
#[test]
#[cfg(unix)]
fn an_xls_declaring_a_sheet_of_four_billion_rows_is_refused_in_little_memory() {
    let env = Env::new();
    let path = env.file("huge.xls", &data_file("xls_huge_dimensions.xls"));
    let (code, stderr, took, max_rss_kib) = run_measured(&env, &["import", "roster", &path]);
    eprintln!(
        "XLS declaring 4,294,967,295 × 255 cells (5.5 KB): refused in {took:?} of CPU, peak RSS {} MB",
        max_rss_kib / 1024
    );
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("a sheet of 4,294,967,295 rows by 255 columns")
            && stderr.contains("at most 5,000,000"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(
        max_rss_kib < 200 * 1024,
        "peak memory {} MB",
        max_rss_kib / 1024
    );
    // Nothing was written: the honest workbook it was made from adds its three children.
    let honest = env.file("roster.xls", &data_file("roster.xls"));
    env.cmd(&["import", "roster", &honest])
        .assert()
        .success()
        .stdout(predicate::str::contains("3 added"));
}
