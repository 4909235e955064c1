//! Invented children for measuring search at county scale: deterministic, varied like a real
//! county roster (tests and benches only).

use super::SearchItem;

/// Invented children for measuring search at county scale (tests and benches only).
#[doc(hidden)]
pub fn bench_items(n: usize) -> Vec<SearchItem<'static>> {
    // Varied enough that most names are distinct, as in a real county roster.
    const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤乐单解仇区查盖缪";
    const GIVEN: &str = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英霞平刚桂华红玉兰建国志文斌辉鹏飞宇浩然子轩梓涵欣怡思雨佳琪诗雅晨阳博俊凯翔睿泽一鸣乐行重长朝和海波春梅小龙云天成林峰婷雪晓东";
    const VILLAGES: &[&str] = &[
        "李家村",
        "石桥村",
        "长岭村",
        "河湾村",
        "新华社区",
        "朝阳村",
        "龙井村",
        "柏树坪村",
        "乐安村",
        "重阳村",
    ];
    let surnames: Vec<char> = SURNAMES.chars().collect();
    let given: Vec<char> = GIVEN.chars().collect();
    // A small linear congruential generator: deterministic, no extra crate.
    let mut s: u64 = 0x2545_f491_4f6c_dd1d;
    let mut r = move |m: usize| {
        s = s
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((s >> 33) as usize) % m
    };
    (0..n)
        .map(|_| {
            let mut name = format!("{}{}", surnames[r(surnames.len())], given[r(given.len())]);
            if r(3) > 0 {
                name.push(given[r(given.len())]);
            }
            // As the caseload gives it: the relation in brackets, most of the time.
            const RELATIONS: &[&str] = &["祖父", "祖母", "外祖父", "外祖母", "姨妈", "叔叔"];
            let mut guardian = format!(
                "{}{}{}",
                surnames[r(surnames.len())],
                given[r(given.len())],
                given[r(given.len())]
            );
            if r(5) > 0 {
                guardian = format!("{guardian}({})", RELATIONS[r(RELATIONS.len())]);
            }
            SearchItem {
                name: name.into(),
                class: format!(
                    "{}年级({})班",
                    ["一", "二", "三", "四", "五", "六", "七", "八", "九"][r(9)],
                    1 + r(8)
                )
                .into(),
                village: VILLAGES[r(VILLAGES.len())].into(),
                guardian: guardian.into(),
            }
        })
        .collect()
}
