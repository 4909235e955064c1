//! The mailbox screen: the week's figures, the letters in sections (needing attention first,
//! in red with the words that matched), a preview when wide; and the intake form.

use super::{dim, heading, place_caret, selected, text, urgent};
use crate::app::{App, HitAreas, IntakeField, MailboxSection, MailboxState};
use crate::mailbox::{self, WeekStats};
use crate::model::{Letter, LetterStatus};
use crate::tr;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

/// The pseudonym as shown, or 无署名.
pub fn signed(letter: &Letter) -> String {
    match letter.pseudonym.as_deref() {
        Some(p) if !p.trim().is_empty() => text::safe(p).into_owned(),
        _ => tr!("mailbox.unsigned"),
    }
}

pub fn status_word(letter: &Letter) -> String {
    if letter.printed {
        return tr!("mailbox.status.printed");
    }
    match letter.status {
        LetterStatus::New => tr!("mailbox.status.new"),
        LetterStatus::Draft => tr!("mailbox.status.draft"),
        LetterStatus::Replied => tr!("mailbox.status.replied"),
    }
}

/// Every word `status_word` can say.
fn status_words() -> [String; 4] {
    [
        tr!("mailbox.status.printed"),
        tr!("mailbox.status.new"),
        tr!("mailbox.status.draft"),
        tr!("mailbox.status.replied"),
    ]
}

pub fn stats_line(week: (i32, u32), s: &WeekStats) -> String {
    let median = match s.median_days {
        None => tr!("mailbox.stats.no_median"),
        Some(d) if d < 1.0 => tr!("mailbox.stats.same_day"),
        Some(d) => tr!("mailbox.stats.days", days = format!("{d:.1}")),
    };
    crate::trn!(
        "mailbox.stats.line",
        attention = s.attention,
        week = mailbox::week_label(week.0, week.1),
        received = s.received,
        answered = s.answered,
        median = median
    )
}

fn one_line(s: &str) -> String {
    text::safe(&s.replace(['\n', '\r'], " ")).into_owned()
}

fn draw(frame: &mut Frame, state: &crate::app::MailboxState, area: Rect, hits: &mut HitAreas) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title(tr!("mailbox.title"));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let wide = inner.width >= 120;
    let (list_area, preview_area) = if wide {
        let [l, p] = Layout::horizontal([Constraint::Percentage(58), Constraint::Percentage(42)])
            .areas(inner);
        (l, Some(p))
    } else {
        (inner, None)
    };
    let show_search = state.search_focused || !state.query().is_empty();
    let [stats_area, search_area, rows_area, prompt_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(u16::from(show_search)),
        Constraint::Min(1),
        Constraint::Length(u16::from(state.prompt.is_some())),
    ])
    .areas(list_area);
    frame.render_widget(
        Paragraph::new(Line::styled(
            text::fit(
                &stats_line(state.focus_week(), &state.stats()),
                usize::from(stats_area.width),
            ),
            heading(),
        )),
        stats_area,
    );
    if show_search {
        draw_search(frame, state, search_area);
    }
    let offset = draw_rows(frame, state, rows_area);
    if let Some(prompt) = &state.prompt {
        draw_prompt(frame, prompt, prompt_area);
    }
    if let Some(p) = preview_area {
        draw_preview(frame, state, p);
    }
    hits.list = offset.map(|o| (rows_area, o));
}

fn draw_search(frame: &mut Frame, state: &MailboxState, area: Rect) {
    let label = tr!("mailbox.search");
    let count = format!("  {} / {}", state.shown.len(), state.rows.len());
    let q = text::safe(&state.query()).into_owned();
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(label.clone(), heading()),
            Span::raw(q),
            Span::styled(count, dim()),
        ])),
        area,
    );
    if state.search_focused && state.prompt.is_none() {
        let w = text::width(&label) as u16;
        let caret = Rect {
            x: area.x + w,
            width: area.width.saturating_sub(w),
            ..area
        };
        place_caret(frame, caret, &state.search);
    }
}

pub fn draw_prompt(frame: &mut Frame, prompt: &crate::app::ReasonPrompt, area: Rect) {
    let q = prompt.question();
    let line = Line::from(vec![
        Span::styled(q.clone(), urgent()),
        Span::raw(text::safe(&prompt.input.lines().concat()).into_owned()),
    ]);
    frame.render_widget(Paragraph::new(line), area);
    let w = text::width(&q) as u16;
    let caret = Rect {
        x: area.x + w.min(area.width.saturating_sub(1)),
        width: area.width.saturating_sub(w),
        ..area
    };
    place_caret(frame, caret, &prompt.input);
}

/// The list with a heading before each section; returns the list offset for mouse clicks
/// (only when no heading line sits inside, so a click always finds its row).
fn draw_rows(frame: &mut Frame, state: &MailboxState, area: Rect) -> Option<usize> {
    if state.rows.is_empty() {
        frame.render_widget(
            Paragraph::new(tr!("mailbox.empty")).wrap(Wrap { trim: true }),
            area,
        );
        return None;
    }
    let width = usize::from(area.width);
    let name_w = 10;
    // As wide as the longest status word in the language in force, so none is cut.
    let status_w = status_words()
        .iter()
        .map(|w| text::width(w))
        .max()
        .unwrap_or(0);
    let mut lines: Vec<(Option<usize>, Line)> = Vec::new();
    let mut section: Option<MailboxSection> = None;
    for (pos, &i) in state.shown.iter().enumerate() {
        let row = &state.rows[i];
        if section != Some(row.section) {
            section = Some(row.section);
            let style = if row.section == MailboxSection::Attention {
                urgent()
            } else {
                heading()
            };
            lines.push((None, Line::styled(row.section.title(), style)));
        }
        let l = &row.letter;
        let name = text::fit(&signed(l), name_w);
        let name_pad = " ".repeat(name_w.saturating_sub(text::width(&name)));
        let status = status_word(l);
        let status_pad = " ".repeat(status_w.saturating_sub(text::width(&status)));
        let head = format!(" {}  {name}{name_pad}  {status}{status_pad} ", l.number);
        let attention = row.section == MailboxSection::Attention;
        let mut spans = vec![Span::styled(
            head.clone(),
            if attention {
                urgent()
            } else {
                Style::default()
            },
        )];
        let mut used = text::width(&head);
        if attention {
            let words = if row.matched.is_empty() {
                one_line(&l.attention_reason)
            } else {
                row.matched.join(&crate::labels::list_separator())
            };
            let tag = text::fit(
                &tr!("mailbox.danger_tag", words = words),
                width.saturating_sub(used) / 2 + 4,
            );
            used += text::width(&tag);
            spans.push(Span::styled(tag, urgent()));
        }
        if l.incident.is_some() {
            let tag = tr!("mailbox.incident_tag");
            used += text::width(&tag);
            spans.push(Span::styled(tag, urgent()));
        }
        let preview = text::fit(&one_line(&l.text), width.saturating_sub(used));
        spans.push(Span::styled(preview, dim()));
        let mut line = Line::from(spans);
        if pos == state.selected {
            line = line.style(selected());
        }
        lines.push((Some(pos), line));
    }
    if state.shown.is_empty() {
        lines.push((None, Line::styled(tr!("mailbox.no_match"), dim())));
    }
    let height = usize::from(area.height);
    let sel_line = lines
        .iter()
        .position(|(p, _)| *p == Some(state.selected))
        .unwrap_or(0);
    let offset = sel_line.saturating_sub(height.saturating_sub(1));
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(offset)
        .take(height)
        .map(|(_, l)| l)
        .collect();
    frame.render_widget(Paragraph::new(shown), area);
    None
}

fn draw_preview(frame: &mut Frame, state: &MailboxState, area: Rect) {
    let block = Block::default().borders(Borders::LEFT);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let Some(row) = state.selected_row() else {
        return;
    };
    let l = &row.letter;
    let mut lines = vec![Line::styled(
        format!("{}  {}  {}", l.number, signed(l), l.received),
        heading(),
    )];
    lines.extend(attention_lines(l, &row.matched, state.closed_by(l)));
    lines.push(Line::raw(""));
    for t in l.text.lines() {
        lines.push(Line::raw(text::safe(t).into_owned()));
    }
    if !l.reply.is_empty() {
        lines.push(Line::raw(""));
        lines.push(Line::styled(tr!("mailbox.reply_heading"), heading()));
        for t in l.reply.lines() {
            lines.push(Line::styled(text::safe(t).into_owned(), dim()));
        }
    }
    frame.render_widget(Paragraph::new(lines).wrap(Wrap { trim: false }), inner);
}

/// What a letter says about its attention: the mark while it is on, the incident raised
/// from it (never a child), and who ended the mark, when and why.
pub fn attention_lines(
    l: &Letter,
    matched: &[String],
    closed_by: Option<String>,
) -> Vec<Line<'static>> {
    let mut lines = Vec::new();
    if l.needs_attention {
        lines.push(Line::styled(attention_text(l, matched), urgent()));
    }
    if l.incident.is_some() {
        lines.push(Line::styled(tr!("mailbox.incident_raised"), urgent()));
    }
    if let (false, Some(c)) = (l.needs_attention, &l.attention_closed) {
        let at = c.at.format("%Y-%m-%d %H:%M").to_string();
        let reason = one_line(&c.reason);
        let said = match closed_by {
            Some(name) => tr!(
                "mailbox.attention_closed",
                name = name,
                at = at,
                reason = reason
            ),
            None => tr!(
                "mailbox.attention_closed_imported",
                at = at,
                reason = reason
            ),
        };
        lines.push(Line::styled(said, dim()));
    }
    lines
}

/// "需要关注：危险词 不想活、打我" or the reason given by hand.
pub fn attention_text(l: &Letter, matched: &[String]) -> String {
    if !matched.is_empty() {
        let mut s = tr!(
            "mailbox.attention_words",
            words = matched.join(&crate::labels::list_separator())
        );
        // A reason that only lists the matched words (the automatic one) is not repeated.
        let automatic = matched
            .iter()
            .all(|w| l.attention_reason.contains(w.as_str()));
        if !l.attention_reason.is_empty() && !automatic {
            s.push_str(&tr!(
                "mailbox.attention_note",
                reason = one_line(&l.attention_reason)
            ));
        }
        s
    } else {
        tr!(
            "mailbox.attention_reason",
            reason = one_line(&l.attention_reason)
        )
    }
}

fn draw_intake(frame: &mut Frame, state: &crate::app::IntakeState, area: Rect) {
    let block = Block::default()
        .borders(Borders::ALL)
        .title(tr!("mailbox.intake.title"));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // In the order the fields are filled and tabbed through: the letter, then who signed it
    // and when it came.
    let [taken_area, label_area, text_area, fields_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(2),
    ])
    .areas(inner);
    // What this batch has saved so far, the ones needing attention marked.
    let mut spans = vec![Span::styled(
        crate::trn!("mailbox.intake.taken", count = state.taken.len()),
        heading(),
    )];
    for t in state.taken.iter().rev().take(6).rev() {
        let style = if t.attention { urgent() } else { dim() };
        let mark = if t.attention { "⚠" } else { "" };
        spans.push(Span::styled(format!(" {}{mark}", t.number), style));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), taken_area);
    let label_w = [IntakeField::Pseudonym, IntakeField::Date]
        .iter()
        .map(|f| text::width(&f.label()))
        .max()
        .unwrap_or(6) as u16
        + 1;
    for (i, (field, input)) in [
        (IntakeField::Pseudonym, &state.pseudonym),
        (IntakeField::Date, &state.date),
    ]
    .into_iter()
    .enumerate()
    {
        let row = Rect {
            y: fields_area.y + i as u16,
            height: 1,
            ..fields_area
        };
        let focused = state.focus == field;
        let mut value = text::safe(&input.lines().concat()).into_owned();
        if field == IntakeField::Pseudonym && value.is_empty() && !focused {
            value = tr!("mailbox.intake.pseudonym_hint");
        }
        let mut line = Line::from(vec![
            Span::styled(
                format!(
                    "{}{}",
                    field.label(),
                    " ".repeat(usize::from(label_w).saturating_sub(text::width(&field.label())))
                ),
                heading(),
            ),
            Span::raw(value),
        ]);
        if focused {
            line = line.style(selected());
            let caret = Rect {
                x: row.x + label_w,
                width: row.width.saturating_sub(label_w),
                ..row
            };
            place_caret(frame, caret, input);
        }
        frame.render_widget(Paragraph::new(line), row);
    }
    let text_focused = state.focus == IntakeField::Text;
    let label_style = if text_focused { selected() } else { heading() };
    frame.render_widget(
        Paragraph::new(Line::styled(IntakeField::Text.label(), label_style)),
        label_area,
    );
    super::multiline::draw(frame, text_area, &state.text, text_focused);
}

/// Status-bar hints for the mailbox: answering a question, or the list's keys.
fn hints(app: &App, state: &MailboxState) -> Vec<String> {
    use crate::action::Action;
    use crate::keymap::Context;
    let hint = |ctx: Context, a: Action, label: String| {
        app.keymap.key_for(ctx, a).map(|k| format!("{k} {label}"))
    };
    let mut out = Vec::new();
    if state.prompt.is_some() {
        out.extend(hint(
            Context::Mailbox,
            Action::Open,
            tr!("mailbox.hint.confirm"),
        ));
        out.extend(hint(
            Context::Global,
            Action::Back,
            tr!("mailbox.hint.cancel"),
        ));
    } else {
        for (a, k) in [
            (Action::OpenMailbox, "mailbox.hint.open_mailbox"),
            (Action::Reply, "mailbox.hint.reply"),
            (Action::Print, "mailbox.hint.print"),
            (Action::ToggleAttention, "mailbox.hint.attention"),
            (Action::RaiseIncident, "mailbox.hint.incident"),
            (Action::FocusSearch, "mailbox.hint.search"),
        ] {
            out.extend(hint(Context::Mailbox, a, crate::i18n::text(k).to_string()));
        }
    }
    out
}

/// Status-bar hints for a letter: the reply being typed, or the letter's keys.
pub(super) fn letter_hints(app: &App, state: &crate::app::LetterState) -> Vec<String> {
    use crate::action::Action;
    use crate::keymap::Context;
    let hint = |ctx: Context, a: Action, label: String| {
        app.keymap.key_for(ctx, a).map(|k| format!("{k} {label}"))
    };
    let mut out = Vec::new();
    if state.editing {
        out.extend(hint(
            Context::Editor,
            Action::Save,
            tr!("mailbox.hint.save_reply"),
        ));
        out.extend(hint(
            Context::Editor,
            Action::Cancel,
            tr!("mailbox.hint.keep_draft"),
        ));
        out.extend(hint(
            Context::Letter,
            Action::NextTemplate,
            tr!("mailbox.hint.template"),
        ));
    } else {
        out.extend(hint(
            Context::Letter,
            Action::Reply,
            tr!("mailbox.hint.reply"),
        ));
        out.extend(hint(
            Context::Letter,
            Action::ToggleAttention,
            tr!("mailbox.hint.attention"),
        ));
        out.extend(hint(
            Context::Letter,
            Action::RaiseIncident,
            tr!("mailbox.hint.incident"),
        ));
    }
    out
}

/// Status-bar hints for letters being typed in.
fn intake_hints(app: &App) -> Vec<String> {
    use crate::action::Action;
    use crate::keymap::Context;
    let hint = |ctx: Context, a: Action, label: String| {
        app.keymap.key_for(ctx, a).map(|k| format!("{k} {label}"))
    };
    let mut out = Vec::new();
    out.extend(hint(
        Context::Editor,
        Action::Save,
        tr!("mailbox.hint.save_letter"),
    ));
    out.extend(hint(
        Context::Editor,
        Action::NextField,
        tr!("mailbox.hint.next_field"),
    ));
    out.extend(hint(
        Context::Editor,
        Action::Cancel,
        tr!("mailbox.hint.end_batch"),
    ));

    out
}

impl super::Drawn for crate::app::MailboxState {
    fn draw(&self, frame: &mut Frame, _app: &App, area: Rect, hits: &mut HitAreas) {
        draw(frame, self, area, hits);
    }
    fn hints(&self, app: &App) -> Vec<String> {
        hints(app, self)
    }
}

impl super::Drawn for crate::app::IntakeState {
    fn draw(&self, frame: &mut Frame, _app: &App, area: Rect, _hits: &mut HitAreas) {
        draw_intake(frame, self, area);
    }
    fn hints(&self, app: &App) -> Vec<String> {
        intake_hints(app)
    }
}
