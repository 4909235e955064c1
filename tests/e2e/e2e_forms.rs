//! End-to-end, issue 13 item 2: the forms take keys where a person types them, in a real
//! terminal. A mood entered by its keys (a digit on the score, a stray `q` that quits nothing,
//! tab, space on a feeling, the remark typed), and a letter typed in with a pseudonym, tabbing
//! down the screen.

use crate::common;

use common::{FOUR_CHILDREN, Home, Session};

#[test]
fn a_mood_entered_by_its_keys() {
    let home = Home::new();
    let db = home.school(FOUR_CHILDREN);
    let s = Session::start(&home, &format!("--db {db} --user 李老师"), 100, 30);
    s.wait_for("本周");
    s.send("2");
    s.wait_for("张伟");
    s.send("/");
    s.type_text("wangf");
    s.wait_for("1 / 4");
    s.send("<ret>");
    s.wait_for("档案");
    s.send("m");
    s.wait_for("记录情绪");
    // The digit sets the score and the caret stays. A `q` typed there neither quits nor
    // leaves the form: the line below says which keys the score takes.
    s.type_text("2");
    s.type_text("q");
    let stray = s.wait_for("这一栏不用打字");
    assert!(stray.contains("记录情绪"), "the form was left:\n{stray}");
    // Tab goes on to the feelings.
    s.send("<tab><space><tab>");
    s.type_text("说想妈妈 晚上偷偷哭");
    s.send("<C-s>");
    s.wait_for("已保存");
    // The archive's mood tab shows the entry with its words.
    let shown = s.screen();
    assert!(
        !shown.contains("记录情绪 ·"),
        "the form stayed open:\n{shown}"
    );
    s.send("q");
    assert_eq!(s.wait_for_exit(), 0);
    let store = home.open_store(&db);
    let li = common::school::session(&store, "李老师");
    let r = li.reader().unwrap();
    let wf = r
        .children_in_care()
        .unwrap()
        .into_iter()
        .find(|c| c.name == "王芳")
        .unwrap();
    let moods = r.moods_of_child(wf.id).unwrap();
    let entry = moods.last().expect("a mood entry");
    assert_eq!(entry.score, 2);
    assert_eq!(entry.note, "说想妈妈 晚上偷偷哭");
    assert!(!entry.feelings.is_empty(), "space ticked a feeling");
}

#[test]
fn a_letter_typed_in_with_a_pseudonym() {
    let home = Home::at("2026-11-27T10:00");
    let db = home.db();
    home.run(&["--db", &db, "counselor", "add", "李老师"]);
    let s = Session::start(&home, &format!("--db {db} --user 李老师"), 100, 30);
    s.wait_for("守望");
    s.send("3");
    s.wait_for("悄悄话信箱");
    s.send("o");
    s.wait_for("开信箱");
    // The caret starts in the letter; tab goes down to the signature under it.
    s.type_text("老师，我想奶奶了。");
    s.send("<tab>");
    s.type_text("小星星");
    s.send("<C-s>");
    s.wait_for("本次已录入 1 封");
    s.send("<esc>");
    let mailbox = s.wait_for("小星星");
    assert!(mailbox.contains("2026-W48-01"), "{mailbox}");
    s.send("q");
    assert_eq!(s.wait_for_exit(), 0);
}
