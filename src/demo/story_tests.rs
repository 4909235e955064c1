//! The demo tells one consistent story (issue 13): a mood score agrees with the words beside
//! it, a text that names a weekday is dated on that weekday, and a letter that shows danger
//! (by the mailbox's own rule) needs attention and gets no cheerful template reply. Read back
//! with the raw reader, as `fill_tests.rs` does; the word lists here are the test's own.

use crate::demo::{DemoOptions, fill};
use crate::model::*;
use crate::store::Store;
use chrono::{Datelike, NaiveDate, Weekday};

/// The clock of a demo store: the morning of the demo's own day.
fn on(today: NaiveDate) -> crate::clock::Clock {
    crate::clock::Clock::fixed(today.and_hms_opt(10, 0, 0).unwrap())
}

fn demo(dir: &tempfile::TempDir, seed: u64) -> Store {
    let o = DemoOptions {
        children: 240,
        notes_per_child: 12,
        seed,
        // A Wednesday in late November: well into the autumn term.
        today: NaiveDate::from_ymd_opt(2026, 11, 25).unwrap(),
    };
    let store = Store::open(&dir.path().join(format!("story-{seed}.db")), on(o.today)).unwrap();
    fill(
        &store,
        None,
        &Actor::CommandLine("test".into()),
        &o,
        &mut |_, _| {},
    )
    .unwrap();
    store
}

/// Words that cannot go with a low mood, and words that cannot go with a good one.
const GLAD: &[&str] = &["开心", "高兴", "笑", "兴奋", "开朗"];
const SAD: &[&str] = &[
    "哭",
    "眼泪",
    "低着头",
    "眼睛有点红",
    "发呆",
    "闷闷不乐",
    "不想说话",
    "没精神",
    "心不在焉",
    "心里不舒服",
    "梦见",
];

fn disagrees(score: u8, text: &str) -> Option<&'static str> {
    let words = match score {
        0..=2 => GLAD,
        4.. => SAD,
        _ => return None,
    };
    words.iter().copied().find(|w| text.contains(w))
}

#[test]
fn a_mood_score_agrees_with_its_words() {
    let dir = tempfile::tempdir().unwrap();
    for seed in [1, 2] {
        let store = demo(&dir, seed);
        let r = store.reader().unwrap();
        let mut scored = 0;
        for n in r.all::<Note>().unwrap() {
            if let Some(mood) = n.mood {
                scored += 1;
                if let Some(w) = disagrees(mood, &n.text) {
                    panic!("a note with mood {mood} says {w:?}: {}", n.text);
                }
            }
        }
        let moods = r.all::<MoodEntry>().unwrap();
        for m in &moods {
            if let Some(w) = disagrees(m.score, &m.note) {
                panic!("a mood of {} is noted {w:?}: {}", m.score, m.note);
            }
            let feelings = m.feelings.join("、");
            if let Some(w) = disagrees(m.score, &feelings) {
                panic!("a mood of {} is felt as {w:?}", m.score);
            }
        }
        // Enough of both to mean something: low and good scores, with words.
        assert!(scored > 300, "{scored} notes with a mood");
        assert!(moods.iter().any(|m| m.score <= 2 && !m.note.is_empty()));
        assert!(moods.iter().any(|m| m.score >= 4 && !m.note.is_empty()));
    }
}

/// The weekday a text's first sentence says it happened on: the last 周一…周日 or
/// 星期一…星期日 in it that is not 上周/下周/每周 (another week), or the weekend (周末).
fn named_day(text: &str) -> Option<Vec<Weekday>> {
    let first = text.split('。').next().unwrap_or("");
    let chars: Vec<char> = first.chars().collect();
    let mut named = None;
    for i in 0..chars.len() {
        let (prefix_len, is_day) = if chars[i] == '周' {
            (1, true)
        } else if chars[i..].starts_with(&['星', '期']) {
            (2, true)
        } else {
            (0, false)
        };
        if !is_day || (i > 0 && matches!(chars[i - 1], '上' | '下' | '每')) {
            continue;
        }
        let Some(&d) = chars.get(i + prefix_len) else {
            continue;
        };
        use Weekday::*;
        named = Some(match d {
            '一' => vec![Mon],
            '二' => vec![Tue],
            '三' => vec![Wed],
            '四' => vec![Thu],
            '五' => vec![Fri],
            '六' => vec![Sat],
            '日' | '天' => vec![Sun],
            '末' => vec![Sat, Sun],
            _ => continue,
        });
    }
    named
}

#[test]
fn a_text_that_names_a_weekday_is_dated_on_it() {
    assert_eq!(
        named_day("周一升旗后单独和小雨谈了谈。"),
        Some(vec![Weekday::Mon])
    );
    assert_eq!(
        named_day("周一至周三未到校，奶奶说。"),
        Some(vec![Weekday::Wed])
    );
    assert_eq!(named_day("孩子答应下周一返校。"), None);
    assert_eq!(named_day("课间聊天。约好周五再聊。"), None);
    let dir = tempfile::tempdir().unwrap();
    for seed in [1, 2] {
        let store = demo(&dir, seed);
        let r = store.reader().unwrap();
        let mut checked = 0;
        let mut check = |what: &str, text: &str, day: NaiveDate| {
            if let Some(days) = named_day(text) {
                checked += 1;
                assert!(
                    days.contains(&day.weekday()),
                    "{what} on {day} ({}) says: {text}",
                    day.weekday()
                );
            }
        };
        for n in r.all::<Note>().unwrap() {
            check("a note", &n.text, n.at.date());
        }
        for i in r.all::<Incident>().unwrap() {
            check("an incident", &i.found, i.found_at.date());
            for e in &i.events {
                check("an incident's event", &e.text, e.at.date());
            }
        }
        assert!(checked > 20, "only {checked} texts name a day");
    }
}

#[test]
fn a_letter_that_shows_danger_needs_attention_and_gets_no_cheerful_reply() {
    let words = crate::config::Config::default().danger_words;
    // What the mailbox's templates and the demo's everyday replies say to an ordinary letter.
    let cheerful: Vec<String> = crate::config::Config::default()
        .reply_templates
        .into_iter()
        .filter(|t| !t.contains("害怕"))
        .chain(["开心", "暖暖的", "闪光"].map(String::from))
        .collect();
    let dir = tempfile::tempdir().unwrap();
    let mut alone = 0;
    for seed in [1, 2, 3] {
        let store = demo(&dir, seed);
        let r = store.reader().unwrap();
        let letters = r.all::<Letter>().unwrap();
        let incidents = r.all::<Incident>().unwrap();
        for l in &letters {
            let (danger, _) = crate::mailbox::attention_by_words(&words, &l.text);
            if !danger {
                continue;
            }
            assert!(
                l.needs_attention,
                "letter {} is not marked: {}",
                l.number, l.text
            );
            assert!(!l.attention_reason.is_empty());
            if let Some(c) = cheerful.iter().find(|c| l.reply.contains(c.as_str())) {
                panic!(
                    "letter {} ({}) is answered with {c:?}: {}",
                    l.number, l.text, l.reply
                );
            }
            if l.text.contains("晚上我一个人住，有点害怕") {
                alone += 1;
                // The incident raised from it names the letter, and no child; the letter
                // links it, as the mailbox links an incident raised from a letter.
                let number = l.number.to_string();
                assert!(
                    incidents
                        .iter()
                        .any(|i| i.kind == IncidentKind::LetterDanger
                            && i.child.is_none()
                            && i.found.contains(&number)
                            && l.incident == Some(i.id)),
                    "no incident for letter {number}"
                );
            }
        }
    }
    assert!(alone >= 3, "the letter of a child alone at night: {alone}");
}

/// Issue 18, 3.10: a demo letter is one child's whole letter from the table, with the reply
/// written to that letter — never sentences of several letters stitched together — and it
/// needs attention exactly when the table says so, which is what the mailbox's rule says.
#[test]
fn each_letter_is_one_whole_letter_of_the_table_with_its_own_reply() {
    let table = crate::demo::letters::table();
    let dir = tempfile::tempdir().unwrap();
    for seed in [1, 2] {
        let store = demo(&dir, seed);
        let letters = store.reader().unwrap().all::<Letter>().unwrap();
        assert!(letters.len() > 40, "{} letters", letters.len());
        for l in &letters {
            let entry = table.iter().find(|e| e.text == l.text).unwrap_or_else(|| {
                panic!("letter {} is no letter of the table: {}", l.number, l.text)
            });
            match l.status {
                LetterStatus::New => assert!(l.reply.is_empty()),
                _ => assert_eq!(l.reply, entry.reply, "letter {}: {}", l.number, l.text),
            }
            assert_eq!(l.pseudonym, entry.signed, "letter {}", l.number);
            assert_eq!(l.needs_attention, entry.attention, "letter {}", l.number);
        }
        assert!(letters.iter().any(|l| l.needs_attention));
    }
}

/// A school of the default size gets a term of letters none of which comes twice.
#[test]
fn a_default_school_reads_no_letter_twice_in_a_term() {
    let dir = tempfile::tempdir().unwrap();
    for seed in [1, 2, 3] {
        let today = NaiveDate::from_ymd_opt(2026, 12, 4).unwrap();
        let store = Store::open(&dir.path().join(format!("default-{seed}.db")), on(today)).unwrap();
        let o = DemoOptions {
            notes_per_child: 2,
            seed,
            ..DemoOptions::on(today)
        };
        fill(
            &store,
            None,
            &Actor::CommandLine("test".into()),
            &o,
            &mut |_, _| {},
        )
        .unwrap();
        let letters = store.reader().unwrap().all::<Letter>().unwrap();
        let texts: std::collections::HashSet<&str> =
            letters.iter().map(|l| l.text.as_str()).collect();
        assert_eq!(
            texts.len(),
            letters.len(),
            "seed {seed}: a letter came twice"
        );
    }
}
