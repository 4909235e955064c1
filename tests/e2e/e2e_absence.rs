//! End-to-end, issue 23 item 3: an absence case (控辍保学) done in a real terminal through the
//! built binary, no command line: registered from the child's archive, one bring-back attempt
//! logged, closed as 复学, each step seen on the screen (tmux capture-pane) and in the store.

use crate::common;

use common::{FOUR_CHILDREN, Home, Session};
use shouwang::model::{AbsenceOutcome, AttemptWay, Enrolment};

#[test]
fn an_absence_case_registered_followed_and_closed_on_screen() {
    let home = Home::new();
    let db = home.school(FOUR_CHILDREN);
    let s = Session::start(&home, &format!("--db {db} --user 李老师"), 100, 30);
    s.wait_for("本周");
    s.send("2");
    s.wait_for("张伟");
    s.send("/");
    s.type_text("zhangw");
    s.wait_for("1 / 4");
    s.send("<ret>");
    s.wait_for("档案");
    // Register: 辍学 chosen with the arrow, the first day typed.
    s.send("a");
    s.wait_for("登记控辍保学个案：张伟");
    s.send("<right><tab>");
    s.type_text("2026-11-23");
    s.send("<tab>");
    s.type_text("爷爷说孩子不想读了");
    s.send("<C-s>");
    let case = s.wait_for("劝返记录（0 次）");
    assert!(case.contains("控辍保学 · 张伟"), "{case}");
    assert!(case.contains("辍学"), "{case}");
    assert!(case.contains("2026-11-23"), "{case}");
    // One attempt: a home visit, still away.
    s.send("a");
    s.wait_for("记录劝返：张伟");
    s.type_text("李老师");
    s.send("<tab><right><tab>");
    s.type_text("爷爷");
    s.send("<tab>");
    s.type_text("孩子不肯来");
    s.send("<C-s>");
    let case = s.wait_for("劝返记录（1 次）");
    assert!(case.contains("孩子不肯来"), "{case}");
    assert!(case.contains("劝返未果 1/3 次"), "{case}");
    // Closed as 复学 with a note.
    s.send("c");
    s.wait_for("结案：张伟");
    s.send("<tab>");
    s.type_text("已返校上课");
    s.send("<C-s>");
    let closed = s.wait_for("已结案（复学）");
    assert!(!closed.contains("派出所"), "{closed}");
    s.send("q");
    assert_eq!(s.wait_for_exit(), 0);
    let store = home.open_store(&db);
    let li = common::school::session(&store, "李老师");
    let r = li.reader().unwrap();
    let zw = r
        .children_in_care()
        .unwrap()
        .into_iter()
        .find(|c| c.name == "张伟")
        .unwrap();
    let cases = r.absences_of_child(zw.id).unwrap();
    let [case] = cases.as_slice() else {
        panic!("one case: {cases:?}")
    };
    assert_eq!(case.attempts.len(), 1);
    assert_eq!(case.attempts[0].way, AttemptWay::HomeVisit);
    assert_eq!(
        case.closed.as_ref().map(|c| c.outcome),
        Some(AbsenceOutcome::Returned)
    );
    let child = r.child(zw.id).unwrap().unwrap();
    assert_eq!(child.enrolment, Enrolment::AtSchool);
}
