//! End-to-end: a note typed into the real binary in tmux survives `kill -9` as a draft and is
//! offered back on the next start (SPEC §6 "Drafts survive crashes").

use crate::common;

use common::{Home, Session};
use std::process::Command;

#[test]
fn a_note_typed_before_kill_9_is_offered_back_on_restart() {
    let home = Home::new();
    let db = home.school(
        "学号,姓名,性别,出生日期,年级班级,村/社区,监护人姓名,监护人关系\n\
         T001,张伟,男,2014-03-02,七年级(1)班,青山村,张大山,祖父\n\
         T002,曾小燕,女,2015-06-11,六年级(2)班,龙潭村,曾秀英,祖母\n",
    );

    let args = format!("--db {db} --user 李老师");
    let s = Session::start(&home, &args, 100, 30);
    s.wait_for("本周");
    s.send("2");
    s.wait_for("曾小燕");
    s.send("/");
    // Full pinyin: initials alone also meet the guardians' relations (祖母, zu mu).
    s.type_text("zhangw");
    s.wait_for("1 / 2");
    s.send("<ret>");
    s.wait_for("档案");
    s.send("n");
    s.wait_for("写记录");
    // The caret starts in the text: typing at once goes into the note.
    s.type_text("他说周末爷爷带他去赶集，买了新书包。");
    s.send("<ret>");
    s.type_text("想给妈妈打视频电话。");
    s.wait_for("想给妈妈打视频电话");
    // The editor says when the typing is kept as a draft: kill it only then.
    s.wait_for("草稿已保存");
    let pid = s.pid();
    assert!(!pid.is_empty());
    assert!(
        Command::new("kill")
            .args(["-9", &pid])
            .status()
            .unwrap()
            .success()
    );
    drop(s);

    let s = Session::start(&home, &args, 100, 30);
    let screen = s.wait_for("找回了上次没保存的记录草稿");
    assert!(
        screen.contains("他说周末爷爷带他去赶集，买了新书包。"),
        "{screen}"
    );
    assert!(screen.contains("想给妈妈打视频电话。"), "{screen}");
    assert!(screen.contains("张伟"), "{screen}");
    println!("{screen}");
    // Save it: the draft is gone and the note is on the timeline.
    s.send("<C-s>");
    let timeline = s.wait_for("已保存");
    assert!(
        timeline.contains("档案") || timeline.contains("本周"),
        "{timeline}"
    );
}

/// A talk logged with 情绪 1 in the real binary is the child's mood: the mood tab draws it
/// (it said 还没有情绪记录) and This week lists the child under 情绪下降 (the rule heard only the
/// mood form). The editor showed the day it understood while the When field was typed.
#[test]
fn a_talk_with_a_mood_shows_on_the_mood_tab_and_this_week() {
    let home = Home::new();
    let db = home.school(
        "学号,姓名,性别,出生日期,年级班级,村/社区,监护人姓名,监护人关系\n\
         T001,张伟,男,2014-03-02,七年级(1)班,青山村,张大山,祖父\n\
         T002,曾小燕,女,2015-06-11,六年级(2)班,龙潭村,曾秀英,祖母\n",
    );
    let args = format!("--db {db} --user 李老师");
    let s = Session::start(&home, &args, 80, 24);
    s.wait_for("本周");
    s.send("2");
    s.wait_for("曾小燕");
    s.send("/");
    s.type_text("zengxiaoyan");
    s.wait_for("1 / 2");
    s.send("<ret>");
    s.wait_for("档案");
    s.send("n");
    s.wait_for("写记录");
    s.type_text("她说奶奶的腿又疼了，晚上不敢一个人睡。");
    // Back to the When field: the day it understood is shown beside the typing.
    s.send("<S-tab><S-tab><S-tab>");
    for _ in 0..20 {
        s.send("<backspace>");
    }
    s.type_text("昨天 16:30");
    s.wait_for("→ 2026-11-25 周三 16:30");
    s.send("<tab><tab>");
    s.type_text("1");
    s.send("<C-s>");
    s.wait_for("已保存");
    // To the mood tab, whichever tab the archive came back on.
    for _ in 0..5 {
        if s.screen().contains("谈心时观察") {
            break;
        }
        s.send("<tab>");
    }
    let moods = s.wait_for("谈心时观察");
    assert!(!moods.contains("还没有情绪记录"), "{moods}");
    assert!(moods.contains("2026-11-25"), "{moods}");
    s.send("<esc>");
    s.send("1");
    let week = s.wait_for("情绪下降");
    assert!(week.contains("曾小燕"), "{week}");
    assert!(week.contains("最近一次情绪只有 1 分"), "{week}");
    assert!(week.contains("enter 打开"), "{week}");
}
