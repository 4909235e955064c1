//! What children write to the whisper mailbox, the replies, and the incidents' wording.
//! Letters name no child; `{a}` in a reply is the pseudonym, `{g}` in incidents the guardian.

// ---- whisper mailbox ---------------------------------------------------------------------

pub const PSEUDONYMS: &[&str] = &[
    "小星星",
    "蓝色的鱼",
    "无名",
    "向日葵",
    "小蜗牛",
    "一只猫",
    "想飞的鸟",
    "月亮",
    "小草",
    "蒲公英",
    "不告诉你",
    "快乐的小熊",
];

pub const LETTER_OPENINGS: &[&str] = &[
    "老师，",
    "老师你好，",
    "亲爱的老师：",
    "悄悄话信箱你好，",
    "老师，我想跟你说一件事。",
    "",
];
pub const LETTER_BODIES: &[&str] = &[
    "我很想妈妈。她去年过年都没有回来，奶奶说今年也不回来。",
    "晚上睡觉的时候我会偷偷哭，我不敢让奶奶知道。",
    "这次数学考试我只考了六十分，我怕爸爸打电话来问。",
    "我上课听不懂分数，可是不敢问老师。",
    "班上有几个同学总是笑话我的衣服旧。",
    "谢谢老师上周给我讲题，我现在会做应用题了！",
    "为什么别人的爸爸妈妈都在家，我的不在？",
    "我想当老师，像你一样。",
    "爷爷的腿疼，每天还要去地里，我想帮他又帮不上。",
    "我和最好的朋友吵架了，她不理我了。",
    "我想要一本新的字典，旧的被弟弟撕坏了。",
    "妈妈说过年给我买新衣服，我好开心。",
    "宿舍里有人晚上讲鬼故事，我很害怕。",
    "我不想上体育课，因为我跑得最慢。",
    "爸爸打电话的时候总是问成绩，从来不问我开不开心。",
    "我们家的小狗生了小狗，我想送老师一只。",
    "我有时候觉得自己什么都做不好。",
    "周末我一个人在家看电视，很无聊。",
];
pub const LETTER_ENDINGS: &[&str] = &[
    "老师能帮帮我吗？",
    "你不要告诉别人好吗？",
    "谢谢老师。",
    "我是不是很没用？",
    "",
    "老师再见。",
];
/// Letters that show danger; each with the danger words they contain.
pub const LETTER_DANGERS: &[(&str, &str)] = &[
    ("爷爷生病住院了，现在晚上我一个人住，有点害怕。", "一个人住"),
    ("爸爸喝了酒就打我，我害怕回家。", "打我、害怕回家"),
    ("家里没人管我，我有时候不想活了。", "没人管、不想活"),
];

pub const REPLY_OPENINGS: &[&str] = &[
    "亲爱的{a}：",
    "你好，{a}：",
    "{a}，你好！",
    "收到你的信了，{a}：",
];
pub const REPLY_BODIES: &[&str] = &[
    "谢谢你愿意把心里话告诉老师。想念爸爸妈妈是很正常的，他们在远方也一样想着你。",
    "一次考试不代表什么，你愿意努力，老师就看得到。不会的地方随时来问，老师很愿意讲。",
    "你已经很勇敢了。被别人笑话不是你的错，老师会帮你。",
    "老师读了你的信，心里暖暖的。你的进步老师都记着呢。",
    "每个人都有觉得自己不好的时候，可你在老师眼里有很多闪光的地方。",
    "和好朋友吵架了心里会难受，试着先说一句“对不起”，也许她也在等你。",
    "周末如果觉得无聊，可以来学校图书室，老师也常在那里。",
];
pub const REPLY_ENDINGS: &[&str] = &[
    "老师一直在。",
    "有什么话，随时写信给老师。",
    "祝你每天都开心！",
    "老师相信你。",
];
/// How a reply addresses a letter that carries no pseudonym.
pub const REPLY_ANONYMOUS: &str = "同学";

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
