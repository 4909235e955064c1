//! One letter beside its reply: the letter (number, pseudonym, day, attention in red) on the
//! left, the reply on the right — the editor while writing, read-only once printed.

use super::mailbox::{attention_lines, draw_prompt, signed, status_word};
use super::{dim, heading, text};
use crate::app::{App, HitAreas};
use crate::tr;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

fn draw(frame: &mut Frame, app: &App, state: &crate::app::LetterState, area: Rect) {
    let l = &state.letter;
    let [main, prompt_area] = Layout::vertical([
        Constraint::Min(1),
        Constraint::Length(u16::from(state.prompt.is_some())),
    ])
    .areas(area);
    let [left, right] =
        Layout::horizontal([Constraint::Percentage(50), Constraint::Percentage(50)]).areas(main);

    let title = tr!("mailbox.letter.title", number = l.number);
    let block = Block::default().borders(Borders::ALL).title(title);
    let inner = block.inner(left);
    frame.render_widget(block, left);
    let mut lines = vec![Line::styled(
        format!("{}  {}  {}", signed(l), l.received, status_word(l)),
        heading(),
    )];
    lines.extend(attention_lines(l, &state.matched, state.closed_by.clone()));
    lines.push(Line::raw(""));
    for t in l.text.lines() {
        lines.push(Line::raw(text::safe(t).into_owned()));
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);

    let reply_title = if state.editing {
        // Bound to this letter: its number on the editor, so a reply never goes astray.
        tr!("mailbox.letter.reply_editing", number = l.number)
    } else {
        tr!("mailbox.reply_heading")
    };
    let block = Block::default().borders(Borders::ALL).title(reply_title);
    let inner = block.inner(right);
    frame.render_widget(block, right);
    if state.editing {
        super::multiline::draw(frame, inner, &state.reply, state.prompt.is_none());
    } else {
        let mut lines = Vec::new();
        if let Some(why) = crate::mailbox::reply_locked_reason(l) {
            lines.push(Line::styled(why, dim()));
            lines.push(Line::raw(""));
        }
        if l.reply.is_empty() {
            let key = app
                .keymap
                .key_for(crate::keymap::Context::Letter, crate::action::Action::Reply)
                .unwrap_or_default();
            lines.push(Line::styled(
                tr!("mailbox.letter.no_reply", key = key),
                dim(),
            ));
        } else {
            for t in l.reply.lines() {
                lines.push(Line::raw(text::safe(t).into_owned()));
            }
        }
        frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
    }
    if let Some(p) = &state.prompt {
        draw_prompt(frame, p, prompt_area);
    }
}

impl super::Drawn for crate::app::LetterState {
    fn draw(&self, frame: &mut Frame, app: &App, area: Rect, _hits: &mut HitAreas) {
        draw(frame, app, self, area);
    }
    fn hints(&self, app: &App) -> Vec<String> {
        super::mailbox::letter_hints(app, self)
    }
}
