use super::*;

fn item<'a>(name: &'a str, class: &'a str, village: &'a str, guardian: &'a str) -> SearchItem<'a> {
    SearchItem {
        name: name.into(),
        class: class.into(),
        village: village.into(),
        guardian: guardian.into(),
    }
}

fn names(names: &[&str]) -> SearchIndex {
    SearchIndex::new(
        &names
            .iter()
            .map(|n| item(n, "", "", ""))
            .collect::<Vec<_>>(),
    )
}

/// The items found, best first.
fn found(index: &SearchIndex, q: &str) -> Vec<usize> {
    index.query(q).into_iter().map(|h| h.item).collect()
}

fn finds(name: &str, q: &str) -> bool {
    !names(&[name]).query(q).is_empty()
}

#[test]
fn initials_and_full_pinyin_find_a_name() {
    let idx = names(&["李娜", "张伟", "王芳"]);
    assert_eq!(found(&idx, "zw"), vec![1]);
    assert_eq!(found(&idx, "zhangw"), vec![1]);
    assert_eq!(found(&idx, "zhangwei"), vec![1]);
    assert_eq!(found(&idx, "张伟"), vec![1]);
    assert_eq!(found(&idx, "wf"), vec![2]);
}

#[test]
fn pinyin_match_positions_point_at_the_chinese_characters() {
    let idx = names(&["张伟"]);
    let hit = &idx.query("zw")[0];
    assert_eq!(
        (hit.field, hit.positions.clone()),
        (Field::Name, vec![0, 1])
    );
    assert_eq!(idx.query("zhangw")[0].positions, vec![0, 1]);
    assert_eq!(idx.query("zhang")[0].positions, vec![0]);
    assert_eq!(idx.query("伟")[0].positions, vec![1]);
    let idx = names(&["欧阳小明"]);
    assert_eq!(idx.query("xm")[0].positions, vec![2, 3]);
}

#[test]
fn surnames_read_as_surnames() {
    let cases = [
        ("曾小红", "zeng"),
        ("单丽", "shanl"),
        ("解军", "xiej"),
        ("覃海", "qinh"),
        ("仇明", "qium"),
        ("区华", "ouh"),
        ("朴敏", "piaom"),
        ("查静", "zhaj"),
        ("乐乐", "yuele"),
        ("盖文", "gew"),
        ("缪勇", "miaoy"),
        ("尉迟恭", "yuchig"),
        ("万俟雪", "moqix"),
        ("长孙无忌", "zhangsun"),
    ];
    for (name, q) in cases {
        assert!(finds(name, q), "{q} should find {name}");
    }
    // The everyday reading of the surname is not its reading as a surname.
    assert!(!finds("曾小红", "cengx"));
    assert!(!finds("单丽", "danl"));
    assert!(!finds("长孙无忌", "changsun"));
    // Initials of a compound surname.
    assert!(finds("尉迟恭", "ycg"));
    assert_eq!(names(&["尉迟恭"]).query("ycg")[0].positions, vec![0, 1, 2]);
}

#[test]
fn other_characters_match_by_all_their_readings() {
    // 乐 in a given name: le or yue; 行: xing or hang; 重: zhong or chong.
    assert!(finds("张乐", "zhangle"));
    assert!(finds("张乐", "zhangyue"));
    assert!(finds("李行", "lihang"));
    assert!(finds("李行", "lixing"));
    assert!(finds("王重阳", "wangchongyang"));
    assert!(finds("王重阳", "wzy"));
    // ü typed as v or u.
    assert!(finds("吕小军", "lvxj"));
    assert!(finds("吕小军", "luxiaojun"));
}

#[test]
fn readings_are_capped() {
    let chars: Vec<char> = "重行乐长朝和".chars().collect();
    let ks = keys::pinyin_keys(&chars, false);
    assert!(ks.len() <= 2 * keys::MAX_READINGS, "{}", ks.len());
    assert!(
        ks.iter()
            .any(|k| k.text == "zhongxingleczhaohe" || k.text.starts_with("zhong"))
    );
}

#[test]
fn class_village_and_guardian_are_searched() {
    let idx = SearchIndex::new(&[
        item("张伟", "八年级(3)班", "李家村", "张大山"),
        item("王芳", "七年级(1)班", "石桥村", "刘桂英"),
    ]);
    let hit = &idx.query("(3)")[0];
    assert_eq!(
        (hit.item, hit.field, hit.positions.clone()),
        (0, Field::Class, vec![3, 4, 5])
    );
    let hit = &idx.query("石桥")[0];
    assert_eq!(
        (hit.item, hit.field, hit.positions.clone()),
        (1, Field::Village, vec![0, 1])
    );
    let hit = &idx.query("shiqiao")[0];
    assert_eq!(
        (hit.item, hit.field, hit.positions.clone()),
        (1, Field::Village, vec![0, 1])
    );
    let hit = &idx.query("lgy")[0];
    assert_eq!(
        (hit.item, hit.field, hit.positions.clone()),
        (1, Field::Guardian, vec![0, 1, 2])
    );
    // The name wins over the guardian when both match equally.
    let hit = &idx.query("张")[0];
    assert_eq!((hit.item, hit.field), (0, Field::Name));
    assert_eq!(idx.query("张").len(), 1, "one hit per child");
}

#[test]
fn case_and_full_width_input_do_not_matter() {
    let idx = SearchIndex::new(&[item("张伟", "", "", ""), item("Lily Wang", "", "", "")]);
    assert_eq!(found(&idx, "ZW"), vec![0]);
    assert_eq!(found(&idx, "Zhang"), vec![0]);
    assert_eq!(found(&idx, "ｚｗ"), vec![0], "full-width");
    assert_eq!(
        found(&idx, "ＺＨＡＮＧ　Ｗ"),
        vec![0],
        "full-width capitals, ideographic space"
    );
    assert_eq!(found(&idx, "lily"), vec![1]);
    assert_eq!(idx.query("LILY")[0].positions, vec![0, 1, 2, 3]);
}

#[test]
fn nothing_matches_and_empty_queries() {
    let idx = names(&["张伟", "王芳"]);
    assert!(idx.query("xyzq").is_empty());
    assert!(idx.query("赵").is_empty());
    assert!(idx.query("").is_empty());
    assert!(idx.query("   ").is_empty());
    assert!(SearchIndex::new(&[]).query("zw").is_empty());
}

#[test]
fn results_are_sorted_by_score() {
    let idx = names(&["赵晓武", "张伟", "周文", "张维武"]);
    let hits = idx.query("zw");
    assert!(hits.windows(2).all(|w| w[0].score >= w[1].score));
    assert!(hits.len() >= 3);
    // A closer, shorter match ranks above a scattered one.
    let hits = idx.query("zhangwei");
    assert_eq!(hits[0].item, 1);
}

#[test]
fn odd_text_does_not_break_the_index() {
    let long = "很".repeat(10_000);
    let idx = SearchIndex::new(&[
        item("", "", "", ""),
        item("买买提·艾力", "", "", ""),
        item(&long, "\u{1b}[31m", "🙂村", ""),
    ]);
    assert_eq!(found(&idx, "mmt"), vec![1]);
    assert_eq!(found(&idx, "🙂"), vec![2]);
    assert_eq!(found(&idx, "hen"), vec![2]);
}

#[test]
fn the_top_hits_are_the_first_of_all_hits() {
    let items = crate::search::bench_items(3_000);
    let idx = SearchIndex::new(&items);
    for q in [
        "z", "zh", "zhang", "zw", "l", "li", "村", "李", "3", "(3)", "wf", "xyz", "a", "zz",
    ] {
        let all = idx.query(q);
        for limit in [0, 1, 7, 200, 5_000] {
            let top = idx.query_top(q, limit);
            assert_eq!(top.total, all.len(), "{q}");
            assert_eq!(top.hits[..], all[..limit.min(all.len())], "{q} {limit}");
        }
    }
}

#[test]
fn typing_on_and_back_gives_what_a_fresh_query_gives() {
    let items = crate::search::bench_items(2_000);
    let typed = SearchIndex::new(&items);
    let fresh = SearchIndex::new(&items);
    for q in [
        "z", "zh", "zha", "zhan", "zhang", "zhan", "zh", "zhw", "z", "", "l", "lx", "李", "李家",
    ] {
        fresh.forget_recent();
        assert_eq!(typed.query_top(q, 50), fresh.query_top(q, 50), "{q}");
    }
}

/// What a letter alone finds, worked out ahead, is what the query would find: the same hits,
/// highlights and total, for every letter and digit, and for the limit asked (another limit
/// is answered as usual). Full-width and upper case fold to the same letter.
#[test]
fn letters_worked_out_ahead_are_what_the_query_finds() {
    let items = sample::bench_items(3_000);
    let cold = SearchIndex::new(&items);
    let warm = SearchIndex::new(&items);
    warm.warm_letters(50);
    for c in WARM_ORDER.chars() {
        let q = c.to_string();
        cold.forget_recent();
        assert_eq!(warm.query_top(&q, 50), cold.query_top(&q, 50), "{q}");
    }
    cold.forget_recent();
    assert_eq!(warm.query_top("Ｚ", 50), cold.query_top("z", 50));
    assert_eq!(warm.query_top("z", 10), cold.query_top("z", 10));
    assert_eq!(warm.query_top("zh", 50), cold.query_top("zh", 50));
}

/// A scan of a county's entries runs in parallel parts: it finds what one thread finds, in
/// the same order, highlights and totals included.
#[test]
fn a_scan_in_parallel_finds_what_one_thread_finds() {
    let items = sample::bench_items(12_000);
    let mut alone = SearchIndex::new(&items);
    alone.threads = 1;
    let mut split = SearchIndex::new(&items);
    split.threads = 3;
    assert!(split.entries.len() >= query::SCAN_IN_PARALLEL_FROM);
    for q in ["z", "zh", "zhang", "zw", "(3)", "李", "村", "xyz", "zufu"] {
        alone.forget_recent();
        split.forget_recent();
        assert_eq!(split.query_top(q, 50), alone.query_top(q, 50), "{q}");
    }
}
