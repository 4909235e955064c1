//! The mood form: the score as five choices, the feelings as tick boxes, the note and the
//! follow-up date as one-line inputs, and a line saying which keys do what.

use super::{dim, heading, place_caret, selected, text};
use crate::action::Action;
use crate::app::{App, MoodField, Screen};
use crate::i18n::labels;
use crate::keymap::Context;
use crate::tr;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

/// The words for each score, shown beside the digit.
pub fn score_word(score: u8) -> String {
    match score {
        0 | 1 => tr!("care.mood.score_1"),
        2 => tr!("care.mood.score_2"),
        3 => tr!("care.mood.score_3"),
        4 => tr!("care.mood.score_4"),
        _ => tr!("care.mood.score_5"),
    }
}

/// A form row: the label padded to `width`, then the value spans.
pub(super) fn row(label: &str, width: usize, value: Vec<Span<'static>>) -> Line<'static> {
    let label = text::fit(label, width);
    let pad = " ".repeat(width.saturating_sub(text::width(&label)));
    let mut spans = vec![Span::styled(format!("{label}{pad} "), heading())];
    spans.extend(value);
    Line::from(spans)
}

/// "keys what" from the keymap in force, for the form's last line; several actions' keys are
/// joined by `sep` (`1~5`, `←/→`).
pub(super) fn keys_line(app: &App, pairs: &[(&[Action], &str, String)]) -> Line<'static> {
    let parts: Vec<String> = pairs
        .iter()
        .filter_map(|(actions, sep, what)| {
            let keys: Option<Vec<String>> = actions
                .iter()
                .map(|a| app.keymap.key_for(Context::RecordForm, *a))
                .collect();
            keys.map(|k| format!("{} {what}", k.join(sep)))
        })
        .collect();
    Line::styled(parts.join("  "), dim())
}

pub fn draw(frame: &mut Frame, app: &mut App, area: Rect) {
    let Screen::MoodForm(form) = &app.screen else {
        return;
    };
    let title = tr!("care.mood.title", name = text::safe(&form.child_name));
    let block = Block::default().borders(Borders::ALL).title(title);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = MoodField::ALL
        .iter()
        .map(|f| text::width(&f.label()))
        .max()
        .unwrap_or(8);
    let focus_style = |f: MoodField| {
        if form.focus == f {
            selected()
        } else {
            Style::default()
        }
    };
    let mut lines = Vec::new();
    // The score: five choices, the picked one reversed.
    let mut spans = Vec::new();
    for s in 1..=5u8 {
        let style = if form.score == Some(s) {
            selected()
        } else {
            Style::default()
        };
        spans.push(Span::styled(format!("{s} {}", score_word(s)), style));
        spans.push(Span::raw("  "));
    }
    lines.push(row(&MoodField::Score.label(), width, spans).style(focus_style(MoodField::Score)));
    // The feelings: tick boxes; the cursor is underlined while the row has the focus.
    let mut spans = Vec::new();
    for (i, (feeling, on)) in form.feelings.iter().enumerate() {
        let mark = if *on { "[x]" } else { "[ ]" };
        let mut style = Style::default();
        if form.focus == MoodField::Feelings && i == form.feeling_cursor {
            style = selected();
        }
        spans.push(Span::styled(
            format!("{mark}{}", text::safe(&labels::feeling(feeling))),
            style,
        ));
        spans.push(Span::raw(" "));
    }
    lines.push(row(&MoodField::Feelings.label(), width, spans));
    let note_row = lines.len();
    lines.push(
        row(
            &MoodField::Note.label(),
            width,
            vec![Span::raw(
                text::safe(&form.note.lines().join(" ")).into_owned(),
            )],
        )
        .style(focus_style(MoodField::Note)),
    );
    let follow_row = lines.len();
    let typed = form.follow_up.lines().join(" ");
    let value = if typed.is_empty() && form.focus != MoodField::FollowUp {
        Span::styled(tr!("care.mood.follow_up_hint"), dim())
    } else {
        Span::raw(text::safe(&typed).into_owned())
    };
    lines.push(
        row(&MoodField::FollowUp.label(), width, vec![value])
            .style(focus_style(MoodField::FollowUp)),
    );
    lines.push(Line::raw(""));
    lines.push(keys_line(
        app,
        &[
            (
                &[Action::Score1, Action::Score5],
                "~",
                tr!("care.keys.score"),
            ),
            (&[Action::Toggle], "", tr!("care.keys.toggle")),
            (
                &[Action::PrevChoice, Action::NextChoice],
                "/",
                tr!("care.keys.move"),
            ),
            (&[Action::NextField], "", tr!("care.keys.next_field")),
            (&[Action::Save], "", tr!("ui.hint.save")),
        ],
    ));
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    // The caret sits in the focused text box (the rows above it are one line each at any
    // width the form supports, except the feelings which may wrap: measure them).
    let feelings_width: usize = form
        .feelings
        .iter()
        .map(|(f, _)| text::width(&labels::feeling(f)) + 4)
        .sum::<usize>()
        + width
        + 1;
    let feeling_lines = feelings_width
        .div_ceil(usize::from(inner.width.max(1)))
        .max(1);
    let extra = feeling_lines.saturating_sub(1);
    let caret_row = match form.focus {
        MoodField::Note => Some((note_row + extra, &form.note)),
        MoodField::FollowUp => Some((follow_row + extra, &form.follow_up)),
        _ => None,
    };
    if let Some((r, input)) = caret_row {
        let x = inner.x + width as u16 + 1;
        let caret = Rect {
            x,
            y: inner.y + r as u16,
            width: inner.right().saturating_sub(x),
            height: 1,
        };
        if caret.y < inner.bottom() {
            place_caret(frame, caret, input);
        }
    }
    app.hit_areas.list = Some((inner, 0));
}
