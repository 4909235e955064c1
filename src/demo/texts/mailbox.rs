//! The incidents' wording (`{g}` is the guardian). The whisper mailbox's letters and replies
//! are whole letters in `demo/letters/`.

// ---- incidents ---------------------------------------------------------------------------

pub const POLICE: &str = "镇派出所";
pub const EDUCATION_OFFICE: &str = "县教育局";

pub const LIVING_ALONE_FOUND: &str =
    "家访时发现孩子近一周独自在家居住，{g}住院，父母在外地，家中无其他成年人照看。";
pub const LIVING_ALONE_EVENTS: &[&str] = &[
    "已电话报告派出所，民警当晚上门查看。",
    "联系村委会，暂由邻居代为照看。",
    "已联系父母，母亲表示下周返乡。",
];
pub const ABSENCE_FOUND: &str = "连续三天未到校，请假未说明原因，{g}电话打不通。";
pub const ABSENCE_EVENTS: &[&str] = &[
    "第一次劝返：班主任和帮扶老师上门，孩子说不想读书了。",
    "第二次劝返：联系在外务工的父亲，父亲电话里做工作。",
    "已书面报告县教育局控辍保学办公室。",
    "第三次劝返：和村干部一起上门，孩子答应下周一返校。",
];
pub const ABSENCE_CLOSED_FOUND: &str = "周一至周三未到校，{g}说孩子在家生闷气不肯出门。";
pub const ABSENCE_CLOSED_EVENTS: &[&str] = &[
    "劝返：帮扶老师上门谈心，了解到是和同学闹矛盾。",
    "孩子周四返校，已安排心理老师跟进。",
];
pub const ABSENCE_CLOSED_REASON: &str = "孩子已返校并正常上课两周，矛盾已调解，结案。";
pub const LETTER_DANGER_FOUND: &str =
    "悄悄话信箱第{num}号信件中写到晚上一个人住、感到害怕，写信人未署名，身份不明。";
pub const LETTER_DANGER_EVENTS: &[&str] = &[
    "已向派出所报备；在各班开展安全教育，告诉孩子们遇到危险怎么求助。",
    "请班主任留意近期独自在家的学生。",
];
pub const RECEIPT_PREFIX: &str = "接报回执";
