//! End-to-end mailbox: the real binary in tmux — open the mailbox, type two letters (one
//! with danger words), reply to both, print, and read the printed file. The flow runs on a
//! Friday of week 48, on Friday 2027-01-01 (ISO week 2026-W53) and on the Monday after it:
//! letters are numbered by the program's clock, `SHOUWANG_NOW`, never the wall's.

use crate::common;

use common::{Home, Session};

#[test]
fn open_the_mailbox_type_two_letters_reply_and_print() {
    mailbox_flow("2026-11-27T10:00", "2026-W48");
}

#[test]
fn letters_on_new_years_day_2027_belong_to_week_53_of_2026() {
    mailbox_flow("2027-01-01T15:00", "2026-W53");
}

/// Letters typed in on Monday were taken from the box on the Friday just gone, across the
/// year's end too.
#[test]
fn letters_typed_in_on_the_monday_after_belong_to_that_friday() {
    mailbox_flow("2027-01-04", "2026-W53");
}

fn mailbox_flow(now: &str, week: &str) {
    let home = Home::at(now);
    let db = home.db();
    home.run(&["--db", &db, "counselor", "add", "李老师"]);
    // Printed replies go beside the store.
    let replies_dir = home.path().join("replies");
    let s = Session::start(&home, &format!("--db {db} --user 李老师"), 100, 30);
    // On Fridays the mailbox is the first screen; other days This week is.
    s.wait_for("守望");
    s.send("3");
    s.wait_for("悄悄话信箱");
    s.send("o");
    s.wait_for("开信箱");
    s.type_text("老师，我想妈妈了。");
    s.send("<ret>");
    s.type_text("她什么时候回来？");
    s.send("<tab>");
    s.type_text("小星星");
    s.send("<C-s>");
    s.wait_for("已保存，编号");
    s.type_text("晚上家里没人管，我一个人 住，害怕。");
    s.send("<C-s>");
    let screen = s.wait_for("需要关注");
    assert!(screen.contains("一个人住"), "{screen}");
    s.send("<esc>");
    // Triage: the letter with danger words is on top, in its own section.
    let triage = s.wait_for("⚠ 需要关注");
    let top = triage.find("⚠ 需要关注").unwrap();
    let second = triage.find("小星星").unwrap();
    assert!(top < second, "{triage}");
    assert!(triage.contains("【一个人住、没人管】"), "{triage}");
    // Reply to both: the first row each time is a letter still waiting.
    // The letter needing attention stays on top, answered, printed or not.
    for (row, number, reply) in [
        ("<home>", format!("{week}-02"), "别怕，老师明天就去看你。"),
        ("<end>", format!("{week}-01"), "妈妈也想你，过年就回来。"),
    ] {
        s.send(&format!("{row}r"));
        s.wait_for(&format!("信件 {number}"));
        s.wait_for(&format!("写给 {number} 的回信（回车换行）"));
        s.type_text(reply);
        s.send("<C-s>");
        s.wait_for(&format!("{number} 的回信已保存"));
    }
    s.send("p");
    let printed = s.wait_for("2 封回信已存为网页文件");
    let file = std::fs::read_dir(&replies_dir)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path();
    let html = std::fs::read_to_string(&file).unwrap();
    assert_eq!(
        html.matches("page-break-after: always").count(),
        1,
        "{html}"
    );
    for part in [
        "小星星：",
        "别怕，老师明天就去看你。",
        "妈妈也想你",
        "老师，我想妈妈了。……",
    ] {
        assert!(html.contains(part), "{part} missing in\n{html}");
    }
    // The box is shared: neither the letter's later lines nor a danger word go back in it.
    for absent in ["她什么时候回来", "一个人", "没人管", "署名"] {
        assert!(!html.contains(absent), "{absent} printed in\n{html}");
    }
    assert!(!html.contains("李老师"), "no staff name on paper");
    assert!(printed.contains("用浏览器打开"), "{printed}");
    assert!(
        file.display().to_string().contains(week),
        "the file is named by the week: {}",
        file.display()
    );
    for number in [format!("{week}-01"), format!("{week}-02")] {
        assert!(html.contains(&number), "{number} missing in\n{html}");
    }
    s.send("q");
    assert_eq!(s.wait_for_exit(), 0);
}
