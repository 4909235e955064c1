//! Text for the screens: the sanitiser and widths (`crate::text`, shared with the command
//! line), the mood sparkline and search highlights.

pub use crate::text::{fit, fit_parts, safe, width};
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;

/// `s` (sanitised) in rows of at most `columns` columns (at least 2), measured by display width.
/// Each of its lines breaks where the Unicode line-breaking rules allow (UAX #14, through
/// `unicode-linebreak`): after spaces, between Chinese characters, never before closing
/// punctuation (，。、）」…) nor after opening punctuation (禁则). A run with no break that is
/// wider than a row (a long word, an address) is cut where it must be, but not just before a
/// mark that may not start a row when a cut a little earlier is possible. Spaces at a row's end
/// are dropped, nothing else. Linear in the length of `s`. The one way text is wrapped on the
/// screens.
pub fn wrap(s: &str, columns: usize) -> Vec<String> {
    let max = columns.max(2);
    let mut rows = Rows {
        max,
        done: Vec::new(),
        row: String::new(),
        used: 0,
    };
    for line in s.lines() {
        let line = safe(line);
        let before = rows.done.len();
        let mut start = 0;
        for (end, chance) in unicode_linebreak::linebreaks(&line) {
            rows.add(&line[start..end]);
            start = end;
            if chance == unicode_linebreak::BreakOpportunity::Mandatory {
                rows.end_row();
            }
        }
        if rows.done.len() == before {
            rows.end_row(); // every line is at least one row
        }
    }
    if rows.done.is_empty() {
        rows.done.push(String::new());
    }
    rows.done
}

/// The rows wrapped so far and the one being filled (`used` columns, spaces included).
struct Rows {
    max: usize,
    done: Vec<String>,
    row: String,
    used: usize,
}

impl Rows {
    /// Adds a segment between two break opportunities: a word and the spaces after it.
    fn add(&mut self, segment: &str) {
        let word = width(segment.trim_end_matches(' '));
        if self.used > 0 && self.used + word > self.max {
            if self.row.trim_end_matches(' ').is_empty() {
                // A line's leading spaces that leave no room for its first word go.
                self.row.clear();
                self.used = 0;
            } else {
                self.end_row();
            }
        }
        if word > self.max {
            self.cut(segment);
        } else {
            self.row.push_str(segment);
            self.used += width(segment);
        }
    }

    fn end_row(&mut self) {
        let row = std::mem::take(&mut self.row);
        self.done.push(row.trim_end_matches(' ').to_string());
        self.used = 0;
    }

    /// A segment wider than a row, on an empty row: cut into rows, each as full as it can be
    /// without starting the next with a mark that may not start a row.
    fn cut(&mut self, segment: &str) {
        let chars: Vec<(usize, char, usize)> = segment
            .char_indices()
            .map(|(i, c)| (i, c, unicode_width::UnicodeWidthChar::width(c).unwrap_or(0)))
            .collect();
        let mut from = 0;
        let mut used = 0;
        let mut at = 0;
        while at < chars.len() {
            let (_, c, w) = chars[at];
            if used + w > self.max && at > from && c != ' ' {
                let mut cut = at;
                while cut > from + 1 && no_row_start(chars[cut].1) {
                    cut -= 1;
                }
                let mut carried: usize = chars[cut..at].iter().map(|&(_, _, w)| w).sum();
                if no_row_start(chars[cut].1) || carried + w > self.max {
                    (cut, carried) = (at, 0);
                }
                self.row.push_str(&segment[chars[from].0..chars[cut].0]);
                self.end_row();
                from = cut;
                used = carried;
            }
            used += w;
            at += 1;
        }
        self.row.push_str(&segment[chars[from].0..]);
        self.used = used;
    }
}

/// Characters a row may not start with (UAX #14: no break before them): closing brackets and
/// quotes, ，。、；：！？ and the like, small kana, hyphens.
fn no_row_start(c: char) -> bool {
    use unicode_linebreak::BreakClass as B;
    matches!(
        unicode_linebreak::break_property(u32::from(c)),
        B::ClosePunctuation
            | B::CloseParenthesis
            | B::Exclamation
            | B::InfixSeparator
            | B::Symbol
            | B::NonStarter
            | B::ConditionalJapaneseStarter
            | B::After
            | B::Hyphen
            | B::CombiningMark
            | B::ZeroWidthJoiner
    )
}

/// The end of `text` in at most `max` columns, "…" standing for what scrolled off the left:
/// a one-row input longer than its row shows where the typing is.
pub fn fit_tail(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    let mut tail: Vec<char> = Vec::new();
    let mut used = 1;
    for c in text.chars().rev() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > max {
            break;
        }
        tail.push(c);
        used += w;
    }
    std::iter::once('…').chain(tail.into_iter().rev()).collect()
}

/// The footer's key hints: as many of `hints` as fit whole in `max` columns, in their order,
/// then `always` (help and quit), which are never dropped. A hint is never cut mid-word: the
/// help overlay lists the ones left out.
pub fn hint_line(hints: &[String], always: &[String], max: usize) -> String {
    const SEPARATOR: &str = "   ";
    let joined = |parts: &[&String]| {
        parts
            .iter()
            .map(|s| s.as_str())
            .collect::<Vec<_>>()
            .join(SEPARATOR)
    };
    let mut kept: Vec<&String> = Vec::new();
    for hint in hints {
        let mut trial = kept.clone();
        trial.push(hint);
        trial.extend(always);
        if width(&joined(&trial)) <= max {
            kept.push(hint);
        }
    }
    kept.extend(always);
    fit(&joined(&kept), max)
}

/// `spans` cut to at most `max` columns, ending in "…" when cut: the one truncation rule for
/// styled text (a table cell with a highlight in it).
pub fn fit_spans(spans: Vec<Span<'static>>, max: usize) -> Vec<Span<'static>> {
    let total: usize = spans.iter().map(|s| width(&s.content)).sum();
    if total <= max {
        return spans;
    }
    let mut out = Vec::new();
    let mut used = 0;
    for span in spans {
        let room = max.saturating_sub(used + 1);
        let w = width(&span.content);
        if w <= room {
            used += w;
            out.push(span);
            continue;
        }
        let mut cut = String::new();
        for c in span.content.chars() {
            let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if used + cw > room {
                break;
            }
            cut.push(c);
            used += cw;
        }
        out.push(Span::styled(cut, span.style));
        break;
    }
    out.push(Span::raw("…"));
    out
}

/// Mood scores 1–5 as a one-line bar chart.
pub fn sparkline(scores: &[u8]) -> String {
    const BARS: [char; 5] = ['▁', '▃', '▄', '▆', '█'];
    scores
        .iter()
        .map(|&s| BARS[usize::from(s.clamp(1, 5) - 1)])
        .collect()
}

/// Spans of `text` with the characters at `positions` (char indices) emphasised: how search
/// matches are shown. Emphasis is bold and underlined so it reads on light and dark themes.
pub fn highlighted(text: &str, positions: &[usize], base: Style) -> Vec<Span<'static>> {
    let text = safe(text);
    let strong = base.add_modifier(Modifier::BOLD | Modifier::UNDERLINED);
    let mut spans: Vec<Span<'static>> = Vec::new();
    let mut run = String::new();
    let mut run_strong = false;
    for (i, c) in text.chars().enumerate() {
        let is_strong = positions.contains(&i);
        if is_strong != run_strong && !run.is_empty() {
            spans.push(Span::styled(
                std::mem::take(&mut run),
                if run_strong { strong } else { base },
            ));
        }
        run_strong = is_strong;
        run.push(c);
    }
    if !run.is_empty() {
        spans.push(Span::styled(run, if run_strong { strong } else { base }));
    }
    spans
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wraps_english_between_words_and_chinese_anywhere() {
        assert_eq!(
            wrap("Ask the coordinator to name you", 12),
            ["Ask the", "coordinator", "to name you"]
        );
        assert_eq!(wrap("大课间和子倩聊天", 8), ["大课间和", "子倩聊天"]);
        assert_eq!(wrap("a\nb", 5), ["a", "b"]);
        assert_eq!(wrap("", 5), [""]);
        for row in wrap(
            "李老师 (counselor) may not read the audit log: only a coordinator may.",
            20,
        ) {
            assert!(width(&row) <= 20, "{row}");
        }
    }

    /// Closing punctuation and the marks that follow a word (，。、；：！？）」』】》…) never
    /// start a row when a break elsewhere fits (禁则): the character before goes down with it.
    #[test]
    fn no_row_starts_with_closing_punctuation() {
        assert_eq!(
            wrap("大课间和子倩聊天。", 8),
            ["大课间和", "子倩聊", "天。"]
        );
        assert_eq!(
            wrap("爷爷说他晚上按时写作业，睡觉前读书。", 12),
            ["爷爷说他晚上", "按时写作业，", "睡觉前读书。"]
        );
        assert_eq!(
            wrap("他说：“我想妈妈了。”", 10),
            ["他说：“我", "想妈妈", "了。”"]
        );
        for mark in "，。、；：！？）」』】》".chars() {
            // From 4 columns: at 2 a row holds one Chinese character, no other break exists.
            for columns in 4..12 {
                let text = format!("今天和子倩聊了很久{mark}她说想妈妈{mark}");
                let rows = wrap(&text, columns);
                for row in &rows[1..] {
                    assert!(!row.starts_with(mark), "{columns}: {rows:?}");
                }
            }
        }
    }

    /// A run with no break wider than a row (a long word, a web address) is still cut, where
    /// the rules allow first (after a slash), and not just before a closing mark.
    #[test]
    fn long_words_and_addresses_still_break() {
        assert_eq!(
            wrap("see https://example.org/a/very/long/path now", 16),
            ["see https://", "example.org/a/", "very/long/path", "now"]
        );
        assert_eq!(wrap("abcdefghij。", 5), ["abcde", "fghi", "j。"]);
        assert_eq!(
            wrap("Supercalifragilistic", 8),
            ["Supercal", "ifragili", "stic"]
        );
        // Only closing marks: no break is possible, the row is cut anyway.
        assert_eq!(wrap("。。。。", 4), ["。。", "。。"]);
    }

    /// Every row fits, and only spaces at a row's end are dropped, on text that mixes Chinese,
    /// English, digits, punctuation and addresses.
    #[test]
    fn rows_fit_and_lose_nothing() {
        let texts = [
            "李老师 (counselor) may not read the audit log: only a coordinator may.",
            "2026-11-18 家访：爷爷说他晚上按时写作业，睡觉前读书。http://x.cn/a?b=c&d=e 好的！",
            "“我想妈妈了。”她说完就哭了……老师（李老师）抱了抱她。",
            "  indented line   with   spaces  ",
        ];
        for text in texts {
            for columns in 2..40 {
                let rows = wrap(text, columns);
                for row in &rows {
                    assert!(
                        width(row) <= columns.max(2),
                        "{columns}: {row:?} in {rows:?}"
                    );
                }
                let kept: String = rows.concat().chars().filter(|c| *c != ' ').collect();
                let all: String = text.chars().filter(|c| *c != ' ').collect();
                assert_eq!(kept, all, "{columns}: {rows:?}");
            }
        }
    }

    /// The wrap is linear: 100 KB in one line (no break at all, or Chinese with breaks
    /// everywhere) at a width of 80 or of the whole text takes well under a second even in a
    /// debug build (the old one measured each row again at every character).
    #[test]
    fn a_hundred_kilobytes_wrap_in_linear_time() {
        let chinese = "爷爷说他晚上按时写作业，睡觉前读书。".repeat(1900);
        let latin = "x".repeat(100_000);
        let start = std::time::Instant::now();
        for text in [&chinese, &latin] {
            for columns in [80, 200_000] {
                let rows = wrap(text, columns);
                assert!(rows.iter().all(|r| width(r) <= columns));
            }
        }
        let took = start.elapsed();
        assert!(took < std::time::Duration::from_secs(2), "{took:?}");
    }

    #[test]
    fn hints_that_do_not_fit_are_left_out_whole_and_help_stays() {
        let hints = ["o open".to_string(), "r reply".into(), "/ search".into()];
        let always = ["? help".to_string(), "q quit".into()];
        assert_eq!(
            hint_line(&hints, &always, 80),
            "o open   r reply   / search   ? help   q quit"
        );
        // "/ search" would need 11 more columns: it goes, help and quit stay.
        assert_eq!(
            hint_line(&hints, &always, 35),
            "o open   r reply   ? help   q quit"
        );
        assert_eq!(hint_line(&hints, &always, 8), "? help …");
    }

    #[test]
    fn a_long_input_shows_its_end() {
        assert_eq!(fit_tail("短", 4), "短");
        assert_eq!(fit_tail("今天聊了很多事情", 7), "…多事情");
        assert_eq!(fit_tail("she said so", 6), "…id so");
    }

    #[test]
    fn sparkline_maps_scores_and_clamps() {
        assert_eq!(sparkline(&[1, 3, 5]), "▁▄█");
        assert_eq!(sparkline(&[0, 9]), "▁█");
    }

    #[test]
    fn highlights_the_matched_characters() {
        let spans = highlighted("张伟明", &[0, 1], Style::default());
        assert_eq!(spans.len(), 2);
        assert_eq!(spans[0].content, "张伟");
        assert!(spans[0].style.add_modifier.contains(Modifier::UNDERLINED));
        assert_eq!(spans[1].content, "明");
    }
}
