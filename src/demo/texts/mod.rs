//! Every Chinese word the demo invents with: name parts, places, and the sentence fragments
//! notes are composed from. All invented; no real person or village is meant.
//!
//! Split by use: names and places here, note fragments in `notes`, incidents in `mailbox`
//! (the mailbox's letters are whole, in `demo/letters/`).

mod mailbox;
mod notes;

pub use mailbox::*;
pub use notes::*;

pub const SURNAMES: &[&str] = &[
    "王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾",
    "肖", "田", "董", "袁", "潘", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "任",
    "沈", "姚", "卢", "姜", "崔", "钟", "谭", "陆", "汪", "范", "金", "石", "廖", "贾", "夏", "韦",
    "付", "方", "白", "邹", "孟", "熊", "秦", "邱", "江", "尹", "薛", "闫", "段", "雷", "侯", "龙",
    "史", "陶", "黎", "贺", "顾", "毛", "郝", "龚", "邵", "万", "覃", "武", "单", "解", "区",
    "欧阳", "诸葛", "司马", "上官",
];

/// Given-name characters that suit either a boy or a girl.
pub const GIVEN_ANY: &[&str] = &[
    "子", "梓", "宇", "晨", "欣", "思", "雨", "佳", "一", "诗", "可", "嘉", "语", "心", "安", "文",
    "明", "星", "乐", "若", "清", "天", "书", "逸", "亦", "沐", "云", "晓", "春", "秋",
];
pub const GIVEN_BOY: &[&str] = &[
    "浩", "轩", "杰", "俊", "博", "涛", "鹏", "磊", "强", "伟", "军", "豪", "航", "昊", "睿", "泽",
    "凯", "毅", "铭", "辰", "阳", "骏", "远", "林", "峰", "勇", "健", "志", "家", "振",
];
pub const GIVEN_GIRL: &[&str] = &[
    "涵", "萱", "怡", "琪", "婷", "雪", "丽", "娜", "静", "悦", "彤", "馨", "瑶", "颖", "妍", "芳",
    "霞", "玲", "蕾", "璐", "甜", "蓉", "菲", "月", "燕", "倩", "洁", "珊", "敏", "雯",
];
/// For the grown-ups: fathers, grandfathers and uncles; then mothers, grandmothers, aunts.
pub const GIVEN_MAN: &[&str] = &[
    "建", "国", "华", "明", "平", "军", "德", "富", "贵", "生", "海", "春", "志", "成", "福", "全",
    "荣", "金", "永", "庆", "文", "强", "林", "良", "双", "发",
];
pub const GIVEN_WOMAN: &[&str] = &[
    "红", "秀", "英", "桂", "兰", "芬", "玉", "珍", "凤", "琴", "丽", "梅", "翠", "香", "娟", "萍",
    "花", "霞", "菊", "芳", "云", "燕", "莲", "群",
];

pub const VILLAGES: &[&str] = &[
    "青山村",
    "龙潭村",
    "石桥村",
    "枫林社区",
    "柳溪村",
    "白沙村",
    "马家坝村",
    "清水村",
    "新华社区",
    "杨柳湾村",
    "桃花村",
    "松林村",
    "大石村",
    "河口社区",
    "茶园村",
    "竹坪村",
    "凤凰村",
    "黄土岭村",
    "双河村",
    "梨树坪村",
    "高坎村",
    "水井湾村",
    "长岭村",
    "金竹村",
];
pub const HAMLETS: &[&str] = &["组", "队"];

pub const WORK_PLACES: &[&str] = &[
    "广东东莞",
    "广东深圳",
    "广东广州",
    "广东佛山",
    "浙江义乌",
    "浙江宁波",
    "浙江温州",
    "江苏苏州",
    "江苏昆山",
    "上海",
    "福建晋江",
    "福建厦门",
    "北京",
    "湖北武汉",
    "四川成都",
    "重庆",
    "新疆乌鲁木齐",
    "天津",
];

/// Whose family name a guardian carries.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kin {
    Father,
    Mother,
    /// Married in: a grandmother's own family name.
    Other,
}

/// (relation as the roster writes it, is it a woman, whose family name)
pub const GUARDIANS: &[(&str, bool, Kin)] = &[
    ("祖父", false, Kin::Father),
    ("祖母", true, Kin::Other),
    ("外祖父", false, Kin::Mother),
    ("外祖母", true, Kin::Other),
    ("叔叔", false, Kin::Father),
    ("姑姑", true, Kin::Father),
    ("舅舅", false, Kin::Mother),
    ("姨妈", true, Kin::Mother),
    ("哥哥", false, Kin::Father),
];
/// What a child calls that guardian, in the same order as `GUARDIANS`.
pub const GUARDIAN_CALLED: &[&str] = &[
    "爷爷", "奶奶", "外公", "外婆", "叔叔", "姑姑", "舅舅", "姨妈", "哥哥",
];
/// How much of the roster's guardian list are grandparents: most of them.
pub const GUARDIAN_WEIGHTS: &[u32] = &[22, 30, 10, 14, 6, 6, 4, 4, 4];

/// The left-behind types are the model's (`model::LEFT_BEHIND_TYPES`), which have words in
/// both languages; these are how often each is drawn.
pub const LEFT_BEHIND_WEIGHTS: &[u32] = &[55, 25, 10, 5, 5];

pub const PERSONALITIES: &[&str] = &[
    "活泼", "文静", "内向", "开朗", "敏感", "胆小", "倔强", "懂事", "好动", "腼腆", "热心", "自卑",
];
pub const HOBBIES: &[&str] = &[
    "画画",
    "篮球",
    "跳绳",
    "唱歌",
    "看书",
    "下棋",
    "足球",
    "手工",
    "跳舞",
    "写字",
    "乒乓球",
    "养小动物",
];
pub const MEDICAL: &[&str] = &["近视", "贫血", "哮喘", "过敏性鼻炎", "龋齿", "营养不良"];

pub const STUDY: &[&str] = &[
    "成绩中等，作业基本能按时完成。",
    "数学基础较弱，计算容易出错。",
    "语文阅读理解不错，作文字数偏少。",
    "上课注意力不集中，作业常要督促。",
    "学习认真，成绩在班里靠前。",
    "英语单词记不住，需要多听多读。",
    "成绩不稳定，情绪好时学得进去。",
];
pub const REMARKS: &[&str] = &[
    "周末由奶奶接送。",
    "家离学校较远，需走山路。",
    "父母过年才回来一次。",
    "有一个弟弟也在本校。",
    "喜欢帮老师做事。",
    "家里没有智能手机，联系父母要借邻居的。",
];

pub const SUBJECTS: &[&str] = &["语文", "数学", "英语", "科学", "道德与法治"];
