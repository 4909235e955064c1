//! Text made safe and fitted for the terminal: control characters and escape sequences in
//! stored text never reach it, and widths are measured in display columns (Chinese is 2).

use ratatui::style::{Modifier, Style};
use ratatui::text::Span;
use std::borrow::Cow;
use unicode_width::UnicodeWidthStr;

/// Replaces control characters (ESC, BEL, CR, tabs, C1 controls...) by spaces, so that typed
/// or imported text is shown as text and cannot drive the terminal.
pub fn safe(text: &str) -> Cow<'_, str> {
    if text.chars().any(char::is_control) {
        Cow::Owned(
            text.chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect(),
        )
    } else {
        Cow::Borrowed(text)
    }
}

/// Display width in terminal columns.
pub fn width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// `text` cut to at most `max` columns, with `…` when cut.
pub fn fit(text: &str, max: usize) -> String {
    if width(text) <= max {
        return text.to_string();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > max {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
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
    fn escape_sequences_are_defused() {
        let evil = "张三\x1b[2J\x1b]0;title\x07\r\n";
        let shown = safe(evil);
        assert!(!shown.chars().any(|c| c.is_control()), "{shown:?}");
        assert!(shown.starts_with("张三"));
        assert!(matches!(safe("平常的字"), Cow::Borrowed(_)));
        assert!(
            !safe("a\u{9b}31m").chars().any(|c| c.is_control()),
            "C1 CSI must go too"
        );
    }

    #[test]
    fn widths_count_chinese_as_two_columns() {
        assert_eq!(width("张伟"), 4);
        assert_eq!(fit("八年级(3)班", 6), "八年…");
        assert!(width(&fit("八年级(3)班", 6)) <= 6);
        assert_eq!(fit("abc", 5), "abc");
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
