//! The start screen: who are you? Or, on an empty store, the welcome.

use super::{heading, place_caret, selected, text};
use crate::app::{App, HitAreas};
use crate::tr;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

fn draw(
    frame: &mut Frame,
    state: &crate::app::StartState,
    app: &App,
    area: Rect,
    hits: &mut HitAreas,
) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title(tr!("ui.start.title"));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if let Some(ask) = &state.ask {
        draw_ask(frame, ask, &ask_keys(app), inner);
        return;
    }
    if let Some(w) = &state.welcome {
        let [intro, choices, name] = Layout::vertical([
            Constraint::Length(4),
            Constraint::Length(3),
            Constraint::Min(1),
        ])
        .areas(inner);
        // Wrapped by the one rule (`text::wrap`), so that no row starts with ，or 。
        let welcome: Vec<Line> =
            super::text::wrap(&tr!("ui.start.welcome"), usize::from(intro.width))
                .into_iter()
                .map(Line::from)
                .collect();
        frame.render_widget(Paragraph::new(welcome), intro);
        let options = [
            tr!("ui.start.open_demo"),
            tr!("ui.start.create_coordinator"),
        ];
        let lines: Vec<Line> = options
            .iter()
            .enumerate()
            .map(|(i, o)| {
                let style = if i == w.choice {
                    selected()
                } else {
                    Default::default()
                };
                Line::styled(
                    format!(" {} {o} ", if i == w.choice { '›' } else { ' ' }),
                    style,
                )
            })
            .collect();
        frame.render_widget(Paragraph::new(lines), choices);
        hits.list = Some((choices, 0));
        if w.naming {
            let [label, input] =
                Layout::vertical([Constraint::Length(1), Constraint::Length(1)]).areas(name);
            frame.render_widget(
                Paragraph::new(tr!("ui.start.name_prompt")).style(heading()),
                label,
            );
            let typed = w.name.lines().concat();
            frame.render_widget(Paragraph::new(format!("> {}", text::safe(&typed))), input);
            let caret_area = Rect {
                x: input.x + 2,
                ..input
            };
            place_caret(frame, caret_area, &w.name);
        }
        return;
    }
    let [prompt, list] = Layout::vertical([Constraint::Length(2), Constraint::Min(1)]).areas(inner);
    frame.render_widget(Paragraph::new(tr!("ui.start.choose")), prompt);
    let height = usize::from(list.height);
    let offset = state.selected.saturating_sub(height.saturating_sub(1));
    let lines: Vec<Line> = state
        .counselors
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, c)| {
            let label = format!(" {}  {}", text::safe(&c.name), crate::labels::role(c.role));
            let style = if i == state.selected {
                selected()
            } else {
                Default::default()
            };
            Line::styled(label, style)
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
    hits.list = Some((list, offset));
}

/// The keys that answer a passphrase prompt and that leave it, as the keymap in force binds
/// them where the prompt is: the first written in the first table that binds them, as the
/// footer names them.
pub struct AskKeys {
    go: String,
    back: String,
}

pub fn ask_keys(app: &App) -> AskKeys {
    use crate::action::Action;
    let contexts = app.contexts();
    let first = |actions: [Action; 2]| {
        actions
            .into_iter()
            .find_map(|a| contexts.iter().find_map(|c| app.keymap.key_for(*c, a)))
            .unwrap_or_default()
    };
    AskKeys {
        go: first([Action::Open, Action::Save]),
        back: first([Action::Cancel, Action::Back]),
    }
}

/// The passphrase prompt: whose, and the typing masked, one star per character.
pub fn draw_ask(frame: &mut Frame, ask: &crate::app::Ask, keys: &AskKeys, area: Rect) {
    use crate::app::AskPurpose;
    let [intro, rest] = Layout::vertical([Constraint::Length(3), Constraint::Min(3)]).areas(area);
    let name = text::safe(&ask.name);
    let intro_text = match ask.purpose {
        AskPurpose::Unlock => tr!("ui.start.unlock_intro", name = name, back = keys.back),
        AskPurpose::Create => tr!("ui.start.create_intro", name = name),
        AskPurpose::Encrypt => tr!("ui.start.encrypt_intro", name = name),
        AskPurpose::Change => tr!("ui.start.change_intro", name = name, back = keys.back),
    };
    frame.render_widget(Paragraph::new(intro_text).wrap(Wrap { trim: true }), intro);
    draw_ask_fields(frame, ask, keys, rest);
}

/// The passphrase being typed, without the intro: whose it is, one star per character, and
/// the hint below (the Admin screen's dialogs say their own intro).
pub fn draw_ask_fields(frame: &mut Frame, ask: &crate::app::Ask, keys: &AskKeys, area: Rect) {
    use crate::app::AskPurpose;
    let [label, input, hint] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(area);
    let name = text::safe(&ask.name);
    let prompt = match (ask.purpose, &ask.first) {
        (AskPurpose::Unlock, _) => tr!("privacy.ask", name = name),
        (AskPurpose::Change, _) if ask.current.is_none() => {
            tr!("privacy.ask_current", name = name)
        }
        (_, None) => tr!("privacy.ask_new", name = name),
        (_, Some(_)) => tr!("privacy.ask_again"),
    };
    frame.render_widget(Paragraph::new(prompt).style(heading()), label);
    let typed = ask.input.lines().concat().chars().count();
    frame.render_widget(Paragraph::new(format!("> {}", "*".repeat(typed))), input);
    let caret_area = Rect {
        x: input.x + 2,
        ..input
    };
    place_caret(frame, caret_area, &ask.input);
    // A passphrase that exists is helped by what goes wrong in typing it, and by who can
    // reset it; the rules for choosing one are for a new passphrase only.
    let existing = ask.purpose == AskPurpose::Unlock
        || (ask.purpose == AskPurpose::Change && ask.current.is_none());
    let advice = match existing {
        true => tr!("ui.start.unlock_hint", go = keys.go, back = keys.back),
        false => tr!("ui.start.passphrase_hint", go = keys.go, back = keys.back),
    };
    frame.render_widget(Paragraph::new(advice).wrap(Wrap { trim: true }), hint);
}

/// Changing one's own passphrase, in a frame of its own.
fn draw_change(frame: &mut Frame, ask: &crate::app::Ask, app: &App, area: Rect) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title(crate::i18n::text("keys.change_passphrase").to_string());
    let inner = block.inner(area);
    frame.render_widget(block, area);
    draw_ask(frame, ask, &ask_keys(app), inner);
}

impl super::Drawn for crate::app::StartState {
    fn draw(&self, frame: &mut Frame, app: &App, area: Rect, hits: &mut HitAreas) {
        draw(frame, self, app, area, hits);
    }
}

impl super::Drawn for crate::app::Ask {
    fn draw(&self, frame: &mut Frame, app: &App, area: Rect, _hits: &mut HitAreas) {
        draw_change(frame, self, app, area);
    }
}
