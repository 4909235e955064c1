//! End-to-end: the real binary in a real terminal (tmux), driven the way a counselor would:
//! keys in with `send-keys`, the screen read back with `capture-pane`.

use crate::common;

use common::{FOUR_CHILDREN, Home, Session};

#[test]
fn caseload_search_help_resize_and_quit() {
    let home = Home::new();
    let db = home.school(FOUR_CHILDREN);
    let s = Session::start(&home, &format!("--db {db} --user 李老师"), 100, 30);
    s.wait_for("本周");
    s.send("2");
    let caseload = s.wait_for("张伟");
    for name in ["曾小燕", "王芳", "刘洋"] {
        assert!(
            caseload.contains(name),
            "caseload lacks {name}:\n{caseload}"
        );
    }
    // Pinyin initials: zxy finds 曾小燕 (曾 read as the surname zeng), and typing q in the
    // search box must not quit.
    s.send("/");
    s.type_text("zxy");
    let found = s.wait_for("1 / 4");
    assert!(found.contains("曾小燕"), "{found}");
    assert!(!found.contains("张伟"), "{found}");
    s.type_text("q");
    s.wait_for("0 / 4");
    s.send("<backspace><backspace><backspace><backspace><esc>");
    s.wait_for("4 / 4");
    // Help is generated from the keymap.
    s.send("?");
    let help = s.wait_for("按键说明");
    assert!(help.contains("退出守望"), "{help}");
    s.send("<esc>");
    // Resize down to tiny and back: no panic, the notice shows, then the screen again.
    s.resize(20, 5);
    s.wait_for("窗口太小");
    s.resize(80, 24);
    s.wait_for("张伟");
    s.send("q");
    assert_eq!(s.wait_for_exit(), 0);
    // Quitting leaves today's backup beside the store (SHOUWANG_NOW is 2026-11-26).
    let backup = home.path().join("backups").join("school-2026-11-26.redb");
    assert!(backup.exists(), "no daily backup at {}", backup.display());
}

#[test]
fn opening_a_child_shows_the_archive() {
    let home = Home::new();
    let db = home.school(FOUR_CHILDREN);
    let s = Session::start(&home, &format!("--db {db} --user 李老师"), 100, 30);
    s.wait_for("本周");
    s.send("2");
    s.wait_for("王芳");
    s.send("/");
    s.type_text("wangf");
    s.wait_for("1 / 4");
    s.send("<ret>");
    let archive = s.wait_for("档案");
    assert!(archive.contains("石桥村"), "{archive}");
    assert!(archive.contains("王建国"), "{archive}");
    s.send("<esc>q");
    assert_eq!(s.wait_for_exit(), 0);
}

#[test]
fn a_bad_user_keymap_is_shown_with_its_line_and_the_defaults_still_work() {
    let home = Home::new();
    let db = home.school(FOUR_CHILDREN);
    let config = home.path().join("config/shouwang");
    std::fs::create_dir_all(&config).unwrap();
    std::fs::write(
        config.join("keymap.toml"),
        "[global]\n\"ctrl-q\" = \"quit\"\n\"x\" = \"no_such_action\"\n",
    )
    .unwrap();
    let s = Session::start(&home, &format!("--db {db} --user 李老师"), 100, 30);
    let screen = s.wait_for("本周");
    assert!(
        screen.contains("第 3 行"),
        "the problem names its line:\n{screen}"
    );
    s.send("2");
    s.wait_for("张伟");
    // The user's own binding works, and so do the defaults.
    s.send("<C-q>");
    assert_eq!(s.wait_for_exit(), 0);
}

#[test]
fn an_empty_store_welcomes_and_opens_a_separate_demo_store() {
    let home = Home::new();
    let db = home.path().join("real.redb");
    let s = Session::start(&home, &format!("--db {}", db.display()), 100, 30);
    s.wait_for("打开演示数据");
    s.send("<ret>");
    // The status line says where we are (waited for whole: a capture can fall between the
    // list being drawn and the line below it).
    let start = s.wait_for("正式数据没有任何改动");
    assert!(
        start.contains("周主任"),
        "the demo's staff are listed:\n{start}"
    );
    s.send("q");
    assert_eq!(s.wait_for_exit(), 0);
    // The real store stayed empty: the demo lives in its own file.
    let store = shouwang::store::Store::open(&db, common::clock(common::NOW)).unwrap();
    assert!(!store.has_staff().unwrap(), "no one, so no child either");
}

/// Issue 10: the start screen asks for the passphrase after the name; a wrong one is said and
/// nothing opens; the right one opens This week; ctrl-b blanks the screen and ctrl-l locks it
/// back to the same person's passphrase.
#[test]
fn the_passphrase_opens_the_store_and_the_lock_keys_hide_it() {
    let home = Home::new();
    let db = home.school(FOUR_CHILDREN);
    let s = Session::start(&home, &format!("--db {db}"), 100, 30);
    s.wait_for("您是哪位老师");
    // 周主任 is listed first (coordinators first).
    s.send("<ret>");
    s.wait_for("周主任的口令");
    s.type_text("不是这个口令啊");
    s.send("<ret>");
    let refused = s.wait_for("口令不对");
    assert!(!refused.contains("本周"), "{refused}");
    assert!(
        !refused.contains("不是这个口令"),
        "the typing shows:\n{refused}"
    );
    s.type_text(common::PASSPHRASE);
    s.send("<ret>");
    s.wait_for("本周");
    s.send("<C-b>");
    let hidden = s.wait_for("已隐藏");
    assert!(!hidden.contains("周主任"), "{hidden}");
    s.send("x");
    s.wait_for("本周");
    s.send("<C-l>");
    s.wait_for("周主任的口令");
    s.type_text(common::PASSPHRASE);
    s.send("<ret>");
    s.wait_for("本周");
    s.send("q");
    assert_eq!(s.wait_for_exit(), 0);
}

/// The colour parameters of the escape sequences on a captured screen (30–37, 38, 40–47, 48,
/// 90–97, 100–107); the defaults 39 and 49 are not colours.
fn colour_codes(screen: &str) -> Vec<String> {
    let mut found = Vec::new();
    for seq in screen.split("\u{1b}[").skip(1) {
        let Some(end) = seq.find('m') else { continue };
        let params = &seq[..end];
        if params
            .split(';')
            .filter_map(|p| p.parse::<u32>().ok())
            .any(|p| matches!(p, 30..=38 | 40..=48 | 90..=97 | 100..=107))
        {
            found.push(params.to_string());
        }
    }
    found
}

/// NO_COLOR: the real terminal gets no colour, and the current tab is still shown reversed.
#[test]
fn no_color_means_no_colour_on_the_terminal() {
    let home = Home::new();
    let db = home.school(FOUR_CHILDREN);
    let args = format!("--db {db} --user 李老师");
    let plain = Session::start_with(&home, &[("NO_COLOR", "1")], &args, 100, 30);
    plain.wait_for("本周");
    let screen = plain.screen_with_styles();
    assert!(
        colour_codes(&screen).is_empty(),
        "{:?}",
        colour_codes(&screen)
    );
    assert!(
        screen.contains("\u{1b}[7m"),
        "nothing reversed:\n{screen:?}"
    );
    plain.send("q");
    assert_eq!(plain.wait_for_exit(), 0);
    // Without NO_COLOR the same screen is in colour: the check above can fail.
    let coloured = Session::start(&home, &args, 100, 30);
    coloured.wait_for("本周");
    assert!(!colour_codes(&coloured.screen_with_styles()).is_empty());
    coloured.send("q");
    assert_eq!(coloured.wait_for_exit(), 0);
}
