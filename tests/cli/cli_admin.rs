//! The coordinator's desk through the real binary: `handover`, `counselor role|classes|
//! deactivate|activate`, `child leave|return`. The school of tests/common: 周主任, and 李老师
//! caring for four children from 09-01; the clock reads Thursday 2026-11-26.

use crate::common;

use common::{COORDINATOR, FOUR_CHILDREN, Home};
use std::process::Output;

fn out(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn fails_with(o: &Output, words: &str) {
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "stderr: {err}");
    assert!(err.contains(words), "expected {words:?} in: {err}");
    assert!(!err.contains("panicked"), "{err}");
}

struct School {
    home: Home,
    db: String,
}

impl School {
    fn new() -> School {
        let home = Home::new();
        let db = home.school(FOUR_CHILDREN);
        let s = School { home, db };
        s.ok(&["counselor", "add", "王老师"]);
        s
    }

    fn as_user(&self, user: &str, args: &[&str]) -> Output {
        let mut all = vec!["--db", self.db.as_str(), "--user", user];
        all.extend(args);
        self.home.command(&all).output().unwrap()
    }

    /// Runs as the coordinator and insists that it succeeds.
    fn ok(&self, args: &[&str]) -> String {
        let o = self.as_user(COORDINATOR, args);
        assert!(
            o.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&o.stderr)
        );
        out(&o)
    }

    fn boss(&self, args: &[&str]) -> Output {
        self.as_user(COORDINATOR, args)
    }

    /// The `counselor list` line of `name`.
    fn listed(&self, name: &str) -> String {
        self.ok(&["counselor", "list"])
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_default()
            .to_string()
    }
}

#[test]
fn a_handover_moves_all_of_a_counselors_children_or_the_chosen_ones() {
    let s = School::new();
    let said = s.ok(&["handover", "李老师", "--to", "王老师", "T001", "T003"]);
    assert!(said.contains("张伟从 2026-11-26 起由王老师帮扶"), "{said}");
    assert!(said.contains("王芳"), "{said}");
    assert!(!said.contains("曾小燕"), "{said}");
    assert!(s.listed("王老师").contains("2 个孩子"));
    assert!(s.listed("李老师").contains("2 个孩子"));
    // The rest, all at once, from a day given as the roster writes dates.
    let said = s.ok(&[
        "handover",
        "李老师",
        "--to",
        "王老师",
        "--from",
        "2026/11/30",
    ]);
    assert!(said.contains("曾小燕从 2026-11-30 起"), "{said}");
    assert!(said.contains("刘洋"), "{said}");
    assert!(s.listed("王老师").contains("4 个孩子"));
    assert!(s.listed("李老师").contains("0 个孩子"));
    // Nothing left to hand over; an unknown child, person or date is a sentence.
    fails_with(
        &s.boss(&["handover", "李老师", "--to", "王老师"]),
        "没有需要交接",
    );
    fails_with(
        &s.boss(&["handover", "王老师", "--to", "李老师", "T999"]),
        "没有学号为 T999",
    );
    fails_with(&s.boss(&["handover", "赵老师", "--to", "李老师"]), "赵老师");
    fails_with(
        &s.boss(&["handover", "王老师", "--to", "李老师", "--from", "下周"]),
        "下周",
    );
    // A counselor may not hand over, not even their own children.
    fails_with(
        &s.as_user("王老师", &["handover", "王老师", "--to", "李老师"]),
        "只有政教处",
    );
    assert!(s.listed("王老师").contains("4 个孩子"));
}

#[test]
fn roles_classes_and_deactivation_on_the_command_line() {
    let s = School::new();
    let said = s.ok(&["counselor", "role", "王老师", "head-teacher"]);
    assert!(said.contains("王老师现在是班主任"), "{said}");
    let said = s.ok(&[
        "counselor",
        "classes",
        "王老师",
        "七年级(1)班",
        "八年级(3)班",
    ]);
    assert!(said.contains("七年级(1)班、八年级(3)班"), "{said}");
    assert!(s.listed("王老师").contains("七年级(1)班"));
    // A counselor leads no class.
    fails_with(
        &s.boss(&["counselor", "classes", "李老师", "七年级(1)班"]),
        "不是班主任",
    );
    // 李老师 still cares for four children: hand them over, then she may go.
    fails_with(
        &s.boss(&["counselor", "deactivate", "李老师"]),
        "还在帮扶 4 个孩子",
    );
    s.ok(&["handover", "李老师", "--to", "王老师"]);
    let said = s.ok(&["counselor", "deactivate", "李老师"]);
    assert!(said.contains("已停用李老师"), "{said}");
    assert!(
        s.listed("李老师").ends_with("已停用"),
        "{}",
        s.listed("李老师")
    );
    fails_with(&s.as_user("李老师", &["report", "semester"]), "李老师");
    // The coordinator cannot deactivate themselves.
    fails_with(
        &s.boss(&["counselor", "deactivate", COORDINATOR]),
        "另一位老师",
    );
    s.ok(&["counselor", "activate", "李老师"]);
    let mine = s.as_user("李老师", &["report", "semester"]);
    assert!(
        mine.status.success(),
        "{}",
        String::from_utf8_lossy(&mine.stderr)
    );
    // Changing the staff is the coordinator's.
    fails_with(
        &s.as_user("李老师", &["counselor", "role", "李老师", "coordinator"]),
        "只有政教处",
    );
}

#[test]
fn a_child_leaves_the_programme_and_comes_back() {
    let s = School::new();
    let said = s.ok(&[
        "child",
        "leave",
        "T002",
        "--reason",
        "parents-returned",
        "--on",
        "2026-11-20",
        "--note",
        "父母回乡务工",
    ]);
    assert!(
        said.contains("曾小燕于 2026-11-20 退出留守儿童名册（父母返乡）"),
        "{said}"
    );
    assert!(s.listed("李老师").contains("3 个孩子"));
    fails_with(
        &s.boss(&["child", "leave", "T002", "--reason", "moved"]),
        "已经退出留守儿童名册",
    );
    fails_with(
        &s.boss(&["assign", "T002", "--to", "王老师"]),
        "已退出留守儿童名册",
    );
    fails_with(
        &s.as_user("李老师", &["child", "return", "T002"]),
        "只有政教处",
    );
    let said = s.ok(&["child", "return", "T002"]);
    assert!(
        said.contains("曾小燕已重新列入留守儿童名册，由李老师帮扶"),
        "{said}"
    );
    assert!(s.listed("李老师").contains("4 个孩子"));
    fails_with(&s.boss(&["child", "return", "T002"]), "仍在留守儿童名册中");
    fails_with(
        &s.boss(&[
            "child",
            "leave",
            "T002",
            "--reason",
            "moved",
            "--on",
            "2026-12-24",
        ]),
        "将来",
    );
}
