//! The incidents' wording (`{g}` is the guardian). The whisper mailbox's letters and replies
//! are whole letters in `demo/letters/`.

use crate::model::AttemptWay;

// ---- incidents ---------------------------------------------------------------------------

pub const POLICE: &str = "镇派出所";

pub const LIVING_ALONE_FOUND: &str =
    "家访时发现孩子近一周独自在家居住，{g}住院，父母在外地，家中无其他成年人照看。";
pub const LIVING_ALONE_EVENTS: &[&str] = &[
    "已电话报告派出所，民警当晚上门查看。",
    "联系村委会，暂由邻居代为照看。",
    "已联系父母，母亲表示下周返乡。",
];
// ---- absence cases (控辍保学) ---------------------------------------------------------------

pub const ABSENCE_NOTE: &str = "连续三天未到校，请假未说明原因，{g}电话打不通。";
/// The open case's attempts, all failed: (how, who went, whom they met, what came of it).
pub const ABSENCE_ATTEMPTS: &[(AttemptWay, &str, &str, &str)] = &[
    (
        AttemptWay::HomeVisit,
        "班主任、帮扶老师",
        "孩子和{g}",
        "孩子说不想读书了，{g}劝不动。",
    ),
    (
        AttemptWay::Call,
        "帮扶老师",
        "在外务工的父亲",
        "父亲答应电话里做工作，孩子仍未返校。",
    ),
    (
        AttemptWay::WithVillage,
        "班主任、村委会主任",
        "孩子和{g}",
        "孩子答应考虑，第二天仍没有来。",
    ),
];
pub const ABSENCE_CLOSED_NOTE: &str = "周一至周三未到校，{g}说孩子在家生闷气不肯出门。";
pub const ABSENCE_CLOSED_ATTEMPT: (AttemptWay, &str, &str, &str) = (
    AttemptWay::HomeVisit,
    "帮扶老师",
    "孩子本人",
    "和同学闹了矛盾，谈心后答应周四返校。",
);
pub const ABSENCE_CLOSED_REASON: &str = "孩子已返校并正常上课两周，矛盾已调解。";
pub const LETTER_DANGER_FOUND: &str =
    "悄悄话信箱第{num}号信件中写到晚上一个人住、感到害怕，写信人未署名，身份不明。";
pub const LETTER_DANGER_EVENTS: &[&str] = &[
    "已向派出所报备；在各班开展安全教育，告诉孩子们遇到危险怎么求助。",
    "请班主任留意近期独自在家的学生。",
];
pub const RECEIPT_PREFIX: &str = "接报回执";
