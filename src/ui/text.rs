//! Text for the screens: the sanitiser and widths (`crate::text`, shared with the command
//! line), the mood sparkline and search highlights.

pub use crate::text::{fit, fit_parts, safe, width};
use ratatui::style::{Modifier, Style};
use ratatui::text::Span;

/// `s` (sanitised) in rows of at most `width` columns: each of its lines broken between words
/// where there are spaces (English), anywhere in a run without them (Chinese). The one way
/// text is wrapped on the screens.
pub fn wrap(s: &str, columns: usize) -> Vec<String> {
    let max = columns.max(2);
    let mut rows = Vec::new();
    for line in s.lines() {
        let mut row = String::new();
        for word in safe(line).split_inclusive(' ') {
            if !row.is_empty() && width(&row) + width(word.trim_end()) > max {
                rows.push(std::mem::take(&mut row).trim_end().to_string());
            }
            for c in word.chars() {
                let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                if width(&row) + w > max && c != ' ' && !row.is_empty() {
                    rows.push(std::mem::take(&mut row));
                }
                if !(row.is_empty() && c == ' ' && !rows.is_empty()) {
                    row.push(c);
                }
            }
        }
        rows.push(row.trim_end().to_string());
    }
    if rows.is_empty() {
        rows.push(String::new());
    }
    rows
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
