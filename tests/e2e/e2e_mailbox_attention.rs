//! End-to-end, the real binary in tmux (issue 18, items 1.1 and 1.3): a letter that says
//! 不想活了 and a plain one are typed in, answered one after the other (`j`, `r`: the second
//! reply lands on the second letter), printed; the danger letter keeps its mark on the letter,
//! in the list and on This week, until a reader closes it with a reason, which is audited.

use crate::common;

use common::{Home, Session};
use shouwang::model::{Actor, AuditAction, RecordRef};

#[test]
fn attention_outlives_reply_and_print_until_closed_with_a_reason() {
    // Friday of week 49: the app opens on the mailbox.
    let home = Home::at("2026-12-04T10:00");
    let db = home.db();
    home.run(&[
        "--db",
        &db,
        "counselor",
        "add",
        "周主任",
        "--role",
        "coordinator",
    ]);
    home.run(&[
        "--db",
        &db,
        "--user",
        "周主任",
        "counselor",
        "add",
        "李老师",
    ]);
    let s = Session::start(&home, &format!("--db {db} --user 李老师"), 100, 30);
    s.wait_for("守望");
    s.send("3");
    s.wait_for("悄悄话信箱");
    s.send("o");
    s.wait_for("开信箱");
    s.type_text("老师，我不想活了。");
    s.send("<C-s>");
    s.wait_for("需要关注");
    s.type_text("今天我考了一百分。");
    s.send("<tab>");
    s.type_text("小星星");
    s.send("<C-s>");
    s.wait_for("2026-W49-02");
    s.send("<esc>");
    s.wait_for("⚠ 需要关注");

    // Reply to the letter on top, then `j`, `r`: the editor names the letter it writes to.
    s.send("<home>r");
    s.wait_for("写给 2026-W49-01 的回信");
    s.type_text("老师想和你说说话，明天来找你。");
    s.send("<C-s>");
    s.wait_for("2026-W49-01 的回信已保存");
    s.send("jr");
    s.wait_for("写给 2026-W49-02 的回信");
    s.type_text("一百分，真棒！");
    s.send("<C-s>");
    s.wait_for("2026-W49-02 的回信已保存");

    // Print: the app says a file was written, and where.
    s.send("p");
    let printed = s.wait_for("2 封回信已存为网页文件");
    assert!(printed.contains("replies"), "{printed}");
    // Still marked in the list, with the words, though answered and printed.
    let list = s.wait_for("⚠ 需要关注");
    let mark = list.find("⚠ 需要关注").unwrap();
    let first = list.find("2026-W49-01").unwrap();
    let second = list.find("2026-W49-02").unwrap();
    assert!(mark < first && first < second, "{list}");
    assert!(list.contains("【不想活】"), "{list}");
    // On the letter.
    s.send("<home><ret>");
    let letter = s.wait_for("信件 2026-W49-01");
    assert!(letter.contains("需要关注：信里有“不想活”"), "{letter}");
    s.send("<esc>");
    // On This week, with the count.
    s.send("1");
    let week = s.wait_for("1 封信需要关注");
    assert!(week.contains("悄悄话信箱"), "{week}");

    // Closed with a reason: the mark is gone everywhere.
    s.send("3");
    s.wait_for("⚠ 需要关注");
    s.send("<home>a");
    s.wait_for("结束“需要关注”");
    s.type_text("心理老师已找到孩子谈过，家长已联系");
    s.send("<ret>");
    let closed = s.wait_for("的“需要关注”已结束");
    assert!(!closed.contains("⚠ 需要关注"), "{closed}");
    s.send("1");
    let week = s.wait_for("本周");
    assert!(!week.contains("需要关注"), "{week}");
    s.send("3");
    s.wait_for("悄悄话信箱");
    // Both letters are plain answered ones now, the first on top.
    s.send("<home><ret>");
    let letter = s.wait_for("已由 李老师 于");
    assert!(letter.contains("心理老师已找到孩子谈过"), "{letter}");
    s.send("<esc>q");
    assert_eq!(s.wait_for_exit(), 0);

    // Audited: who closed it, the letter, and never the reason.
    let store = home.open_store(&db);
    let boss = common::school::session(&store, "周主任");
    let r = boss.reader().unwrap();
    let li = r
        .counselors()
        .unwrap()
        .into_iter()
        .find(|c| c.name == "李老师")
        .unwrap();
    let letter = r
        .letters()
        .unwrap()
        .into_iter()
        .find(|l| l.number.to_string() == "2026-W49-01")
        .unwrap();
    assert!(!letter.needs_attention && letter.printed);
    let closing = letter.attention_closed.clone().unwrap();
    assert_eq!(closing.by, Some(li.id));
    let events = r.audit_events().unwrap();
    let close = events
        .iter()
        .find(|e| e.action == AuditAction::Close)
        .expect("the close is audited");
    assert_eq!(close.actor, Actor::Counselor(li.id));
    assert_eq!(close.target, RecordRef::Letter(letter.id.0));
    assert!(!close.detail.contains("心理老师"), "{}", close.detail);
    // The second reply is on the second letter; the first is unchanged.
    let second = r
        .letters()
        .unwrap()
        .into_iter()
        .find(|l| l.number.to_string() == "2026-W49-02")
        .unwrap();
    assert_eq!(second.reply, "一百分，真棒！");
    assert_eq!(letter.reply, "老师想和你说说话，明天来找你。");
}
