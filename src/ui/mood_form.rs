//! The mood form: the score as five choices, the feelings as tick boxes, the note and the
//! follow-up date as one-line inputs, and a line saying which keys do what.

use super::{dim, heading, place_caret, selected, text};
use crate::action::Action;
use crate::app::{App, HitAreas, MoodField};
use crate::keymap::Context;
use crate::labels;
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

/// A form row of choices (`label`, then each choice and `gap` blanks) on as many rows as
/// `room` columns need; the rows after the first are indented under the first choice.
pub(super) fn choice_rows(
    label: &str,
    width: usize,
    choices: impl Iterator<Item = (String, Style)>,
    gap: usize,
    room: usize,
) -> Vec<Line<'static>> {
    let mut rows: Vec<Vec<Span<'static>>> = Vec::new();
    let mut current = Vec::new();
    let mut used = 0;
    for (choice, style) in choices {
        let w = text::width(&choice) + gap;
        if used > 0 && used + w > room {
            rows.push(std::mem::take(&mut current));
            used = 0;
        }
        used += w;
        current.push(Span::styled(choice, style));
        current.push(Span::raw(" ".repeat(gap)));
    }
    rows.push(current);
    rows.into_iter()
        .enumerate()
        .map(|(i, spans)| row(if i == 0 { label } else { "" }, width, spans))
        .collect()
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

fn draw(
    frame: &mut Frame,
    app: &App,
    form: &crate::app::MoodForm,
    area: Rect,
    hits: &mut HitAreas,
) {
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
    // The score: five choices, the picked one reversed. The feelings: tick boxes, the cursor
    // reversed while the row has the focus. Each goes on as many rows as it needs, a choice
    // never split between two, so the rows below stay where the caret is put.
    let room = usize::from(inner.width).saturating_sub(width + 1);
    // The picked score is bracketed as well as reversed: on the focused (reversed) row, and
    // without colour, the brackets still say which it is.
    let scores = (1..=5u8).map(|s| {
        let (style, open, close) = if form.score == Some(s) {
            (selected(), '[', ']')
        } else {
            (Style::default(), ' ', ' ')
        };
        (format!("{open}{s} {}{close}", score_word(s)), style)
    });
    lines.extend(
        choice_rows(&MoodField::Score.label(), width, scores, 0, room)
            .into_iter()
            .map(|l| l.style(focus_style(MoodField::Score))),
    );
    let feelings = form.feelings.iter().enumerate().map(|(i, (feeling, on))| {
        let mark = if *on { "[x]" } else { "[ ]" };
        let style = if form.focus == MoodField::Feelings && i == form.feeling_cursor {
            selected()
        } else {
            Style::default()
        };
        let label = format!("{mark}{}", text::safe(&labels::feeling(feeling)));
        (label, style)
    });
    lines.extend(choice_rows(
        &MoodField::Feelings.label(),
        width,
        feelings,
        1,
        room,
    ));
    let note_row = lines.len();
    lines.push(
        row(
            &MoodField::Note.label(),
            width,
            vec![Span::raw(text::fit_tail(
                &text::safe(&form.note.lines().join(" ")),
                room,
            ))],
        )
        .style(focus_style(MoodField::Note)),
    );
    let follow_row = lines.len();
    let typed = form.follow_up.lines().join(" ");
    let value = if typed.is_empty() && form.focus != MoodField::FollowUp {
        Span::styled(text::fit(&tr!("care.mood.follow_up_hint"), room), dim())
    } else {
        Span::raw(text::fit_tail(&text::safe(&typed), room))
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
    // The caret sits in the focused text box, on the row counted above.
    let caret_row = match form.focus {
        MoodField::Note => Some((note_row, &form.note)),
        MoodField::FollowUp => Some((follow_row, &form.follow_up)),
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
    hits.list = Some((inner, 0));
}

impl super::Drawn for crate::app::MoodForm {
    fn draw(&self, frame: &mut Frame, app: &App, area: Rect, hits: &mut HitAreas) {
        draw(frame, app, self, area, hits);
    }
    fn hints(&self, app: &App) -> Vec<String> {
        super::save_cancel(app)
    }
}
