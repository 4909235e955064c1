//! End-to-end: a coordinator sets up a school without the command line. On an empty store
//! the real binary (in tmux) welcomes them; they create themselves (name, then the passphrase
//! twice), bring in `shared/examples/roster.csv` from the app (the path completed with tab,
//! the preview, the import), add a counselor with a first passphrase and give them three
//! children picked by pinyin initials. The binary's own command line then confirms it.

use crate::common;

use common::{COORDINATOR, Home, PASSPHRASE, Session};
use std::path::PathBuf;

/// The shared sample roster (`../shared/examples/roster.csv` beside the repository); a copy
/// of it is kept in tests/data for a checkout without the shared folder.
fn sample_roster() -> PathBuf {
    let manifest = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let shared = manifest.join("../shared/examples/roster.csv");
    match shared.canonicalize() {
        Ok(path) => path,
        Err(_) => manifest.join("tests/data/roster.csv"),
    }
}

#[test]
fn a_coordinator_sets_up_the_school_from_an_empty_store_without_the_command_line() {
    let home = Home::new();
    let db = home.db();
    let s = Session::start(&home, &format!("--db {db}"), 100, 30);
    s.wait_for("创建政教处的第一位老师");
    s.send("<down><ret>");
    s.wait_for("请输入政教处老师的姓名");
    s.type_text(COORDINATOR);
    s.send("<ret>");
    s.wait_for("周主任的新口令");
    s.type_text(PASSPHRASE);
    s.send("<ret>");
    s.wait_for("再输入一次同样的口令");
    s.type_text(PASSPHRASE);
    s.send("<ret>");

    // The welcome leads to the roster: the path, completed with tab.
    s.wait_for("名单文件");
    let roster = sample_roster();
    let folder = roster.parent().unwrap().display().to_string();
    s.type_text(&format!("{folder}/ros"));
    s.send("<tab>");
    s.wait_for(&format!("> {folder}/roster.csv"));
    s.send("<ret>");
    let preview = s.wait_for("新增（24）");
    assert!(preview.contains("0 行未导入"), "{preview}");
    s.send("<ret>");
    s.wait_for("名单已导入");

    // A counselor, with a first passphrase typed twice.
    s.send("<tab><tab>");
    s.wait_for("所带班级");
    s.send("a");
    s.wait_for("添加教师");
    s.type_text("李老师");
    s.send("<ret>");
    s.wait_for("李老师的新口令");
    s.type_text(PASSPHRASE);
    s.send("<ret>");
    s.wait_for("再输入一次同样的口令");
    s.type_text(PASSPHRASE);
    s.send("<ret>");
    s.wait_for("已添加 李老师");

    // Three children, found by their initials and marked, assigned in one step.
    s.send("<tab>");
    s.wait_for("教师 · 孩子数");
    for (query, name) in [("dux", "杜萱"), ("bwx", "白文萱"), ("xqh", "徐琪涵")] {
        s.send("/");
        for _ in 0..3 {
            s.send("<backspace>");
        }
        s.type_text(query);
        let found = s.wait_for("显示 1 个");
        assert!(found.contains(name), "{query} finds {name}:\n{found}");
        s.send("<esc><space>");
    }
    s.wait_for("已勾选 3 个");
    s.send("a");
    s.wait_for("分配给谁");
    s.send("<ret>");
    s.wait_for("从今天起由李老师帮扶：共 3 个孩子");
    s.send("q");
    assert_eq!(s.wait_for_exit(), 0);

    // What the command line sees: 李老师 has the three, and her passphrase opens the store.
    let list = home.run(&["--db", &db, "--user", COORDINATOR, "counselor", "list"]);
    let list = String::from_utf8_lossy(&list.stdout);
    let li = list.lines().find(|l| l.starts_with("李老师")).unwrap_or("");
    assert!(li.contains("3 个孩子"), "{list}");
    let report = home.run(&["--db", &db, "--user", "李老师", "report", "semester"]);
    let report = String::from_utf8_lossy(&report.stdout);
    for name in ["杜萱", "白文萱", "徐琪涵"] {
        assert!(report.contains(name), "{name} is in her summary:\n{report}");
    }
}
