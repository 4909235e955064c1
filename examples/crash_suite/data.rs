//! The invented files the suite feeds the binary: a roster of many children and a pile of
//! letters. Every name, village and guardian is made up from a few characters.

const SURNAMES: &[&str] = &[
    "张", "王", "李", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
    "何", "高", "林", "罗", "覃", "韦", "蒙", "曾",
];
const GIVEN: &[&str] = &[
    "伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
    "超", "秀", "霞", "平", "刚", "桂", "英", "华", "玉", "兰", "语", "桐", "雨", "星",
];
const VILLAGES: &[&str] = &["青山村", "龙潭村", "石桥村", "枫林社区", "白沙村", "梧桐村"];
const RELATIONS: &[&str] = &["祖父", "祖母", "外祖父", "外祖母", "叔叔", "姑姑"];
const GRADES: &[&str] = &["三", "四", "五", "六", "七", "八"];

pub const ROSTER_HEADER: &str = "学号,姓名,性别,出生日期,年级班级,村/社区,监护人姓名,监护人关系\n";

/// The invented school's four children (tests/common's `FOUR_CHILDREN`).
pub const FOUR_CHILDREN: &str = "学号,姓名,性别,出生日期,年级班级,村/社区,监护人姓名,监护人关系\n\
T001,张伟,男,2014-03-02,七年级(1)班,青山村,张大山,祖父\n\
T002,曾小燕,女,2015-06-11,六年级(2)班,龙潭村,曾秀英,祖母\n\
T003,王芳,女,2013-09-30,八年级(3)班,石桥村,王建国,叔叔\n\
T004,刘洋,男,2016-01-15,五年级(1)班,枫林社区,刘桂兰,外祖母\n";

fn pick(list: &[&'static str], i: usize) -> &'static str {
    list.get(i % list.len()).copied().unwrap_or("")
}

/// A roster of `n` new children (student ids R00000…), none of them in `FOUR_CHILDREN`,
/// each name different (24 × 30 × 30 of them).
pub fn roster(n: usize) -> String {
    let mut out = String::from(ROSTER_HEADER);
    for i in 0..n {
        let surname = pick(SURNAMES, i);
        let name = format!(
            "{surname}{}{}",
            pick(GIVEN, i / SURNAMES.len()),
            pick(GIVEN, i / (SURNAMES.len() * GIVEN.len()))
        );
        out.push_str(&format!(
            "R{i:05},{name},{},{}-{:02}-{:02},{}年级({})班,{},{surname}{},{}\n",
            if i % 2 == 0 { "女" } else { "男" },
            2012 + i % 6,
            1 + i % 12,
            1 + i % 28,
            pick(GRADES, i),
            1 + i % 4,
            pick(VILLAGES, i),
            pick(GIVEN, i + 11),
            pick(RELATIONS, i),
        ));
    }
    out
}

/// `n` letters typed in from the whisper mailbox, each one different.
pub fn letters(n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        if i > 0 {
            out.push_str("---\n");
        }
        out.push_str(&format!(
            "署名: 小星星{i}\n日期: 2026-11-27\n老师，我想妈妈了，这是我写的第{i}封信。奶奶说{}的路修好了，过年妈妈就回来。\n",
            pick(VILLAGES, i)
        ));
    }
    out
}
