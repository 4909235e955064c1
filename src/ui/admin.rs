//! The Admin screen: the sections as tabs in the frame, then the staff table, the assignments
//! (the staff with their loads beside the children, searched and marked), the roster
//! (`admin_roster.rs`) or the mailbox readers; a dialog over it when one is open. Only the
//! rows that fit are built: a county's children are tens of thousands.

use super::{dim, heading, place_caret, selected, text, urgent};
use crate::action::Action;
use crate::app::{AdminState, AdminTab, App, ChildFilter, HitAreas};
use crate::domain::staffing::{Load, load};
use crate::keymap::Context;
use crate::search::Field as SearchField;
use crate::tr;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState, Wrap};

fn draw(
    frame: &mut Frame,
    app: &App,
    state: &crate::app::AdminState,
    area: Rect,
    hits: &mut HitAreas,
) {
    let mut tabs = vec![Span::styled(
        format!(" {} ", tr!("admin.screen.title")),
        heading(),
    )];
    for tab in AdminTab::ALL {
        let label = format!(" {} ", tab_label(tab));
        let style = if tab == state.tab { selected() } else { dim() };
        tabs.push(Span::styled(label, style));
    }
    let block = Block::default()
        .borders(Borders::ALL)
        .title(Line::from(tabs));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let hit = match state.tab {
        AdminTab::Staff => draw_staff(frame, state, inner, app.config.most_children),
        AdminTab::Assignments => draw_assignments(frame, state, inner, app.config.most_children),
        AdminTab::Roster => super::admin_roster::draw(frame, app, state, inner),
        AdminTab::Readers => draw_readers(frame, state, inner),
    };
    if state.dialog.is_some() {
        let keys = super::start::ask_keys(app);
        super::admin_dialog::draw(frame, state, &keys, area);
    } else {
        hits.list = hit;
    }
}

fn tab_label(tab: AdminTab) -> String {
    match tab {
        AdminTab::Staff => tr!("admin.screen.tab_staff"),
        AdminTab::Assignments => tr!("admin.screen.tab_assignments"),
        AdminTab::Roster => tr!("admin.screen.tab_roster"),
        AdminTab::Readers => tr!("admin.screen.tab_readers"),
    }
}

/// What a staff member's load says beside their name: nothing when it is usual.
fn load_note(in_care: usize, role: crate::model::Role, most: usize) -> Option<(String, Style)> {
    match load(role, in_care, most) {
        Load::None => Some((tr!("admin.screen.load_none"), dim())),
        Load::TooMany => Some((tr!("admin.screen.load_too_many"), urgent())),
        Load::Usual => None,
    }
}

/// The first row shown so that `selected` is on screen in `height` rows.
fn offset(selected: usize, height: usize) -> usize {
    selected.saturating_sub(height.max(1) - 1)
}

fn draw_staff(
    frame: &mut Frame,
    state: &AdminState,
    area: Rect,
    most: usize,
) -> Option<(Rect, usize)> {
    let wide = area.width >= 120;
    let header = Row::new([
        tr!("admin.screen.col_name"),
        tr!("admin.screen.col_role"),
        tr!("admin.screen.col_children"),
        tr!("admin.screen.col_classes"),
        tr!("admin.screen.col_note"),
    ])
    .style(heading());
    let widths = [
        Constraint::Length(if wide { 16 } else { 10 }),
        Constraint::Length(12),
        Constraint::Length(8),
        Constraint::Length(if wide { 40 } else { 20 }),
        Constraint::Min(8),
    ];
    let height = usize::from(area.height.saturating_sub(1)).max(1);
    let first = offset(state.staff_selected, height);
    let rows: Vec<Row> = state
        .staff
        .iter()
        .skip(first)
        .take(height)
        .map(|s| {
            let c = &s.who;
            let (note, style) = if !c.active {
                (tr!("admin.screen.inactive"), dim())
            } else {
                load_note(s.in_care, c.role, most).unwrap_or_default()
            };
            let row_style = if c.active { Style::default() } else { dim() };
            Row::new([
                Cell::from(text::safe(&c.name).into_owned()),
                Cell::from(crate::labels::role(c.role)),
                Cell::from(s.in_care.to_string()),
                Cell::from(text::safe(&c.classes.join("、")).into_owned()),
                Cell::from(Span::styled(note, style)),
            ])
            .style(row_style)
        })
        .collect();
    let table = Table::new(rows, widths)
        .header(header)
        .column_spacing(1)
        .row_highlight_style(selected());
    let mut ts = TableState::default().with_selected(Some(state.staff_selected - first));
    frame.render_stateful_widget(table, area, &mut ts);
    Some((
        Rect {
            y: area.y + 1,
            height: area.height.saturating_sub(1),
            ..area
        },
        first,
    ))
}

fn draw_assignments(
    frame: &mut Frame,
    state: &AdminState,
    area: Rect,
    most: usize,
) -> Option<(Rect, usize)> {
    let staff_width = if area.width >= 120 { 36 } else { 24 };
    let [left, right] =
        Layout::horizontal([Constraint::Length(staff_width), Constraint::Min(20)]).areas(area);
    draw_loads(frame, state, left, most);
    let kids = &state.children;
    let [search, filter, table_area] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(1),
    ])
    .areas(right);
    let label = format!("{} ", tr!("admin.screen.search"));
    let query = kids.search.lines().concat();
    frame.render_widget(
        Paragraph::new(Line::from(vec![
            Span::styled(
                label.clone(),
                if kids.search_focused {
                    heading()
                } else {
                    dim()
                },
            ),
            Span::raw(text::safe(&query).into_owned()),
        ])),
        search,
    );
    if kids.search_focused {
        let caret = Rect {
            x: search.x + text::width(&label) as u16,
            ..search
        };
        place_caret(frame, caret, &kids.search);
    }
    let shown = match kids.filter {
        ChildFilter::All => tr!("admin.screen.filter_all"),
        ChildFilter::NoCounselor => tr!("admin.screen.filter_none"),
        ChildFilter::Of(c) => tr!(
            "admin.screen.filter_of",
            name = text::safe(&state.name_of(c))
        ),
    };
    let line = tr!(
        "admin.screen.children_line",
        shown = shown,
        count = kids.visible.len(),
        marked = kids.marked.len()
    );
    frame.render_widget(Paragraph::new(Span::styled(line, dim())), filter);
    if kids.rows.is_empty() {
        frame.render_widget(
            Paragraph::new(tr!("admin.screen.no_children")).wrap(Wrap { trim: true }),
            table_area,
        );
        return None;
    }
    let wide = right.width >= 90;
    let widths = [
        Constraint::Length(2),
        Constraint::Length(if wide { 12 } else { 10 }),
        Constraint::Length(if wide { 10 } else { 0 }),
        Constraint::Length(if wide { 16 } else { 12 }),
        Constraint::Length(if wide { 12 } else { 10 }),
        Constraint::Min(4),
    ];
    let header = Row::new([
        String::new(),
        tr!("admin.screen.col_name"),
        tr!("admin.screen.col_student_id"),
        tr!("admin.screen.col_class"),
        tr!("admin.screen.col_counselor"),
        tr!("admin.screen.col_note"),
    ])
    .style(heading());
    let height = usize::from(table_area.height.saturating_sub(1)).max(1);
    let first = offset(kids.selected, height);
    let rows: Vec<Row> = kids
        .visible
        .iter()
        .skip(first)
        .take(height)
        .map(|(i, m)| {
            let r = &kids.rows[*i];
            let mark = if kids.marked.contains(&r.child) {
                "✓"
            } else {
                ""
            };
            let name = match m {
                Some(m) if m.field == SearchField::Name => {
                    Line::from(text::highlighted(&r.name, &m.positions, Style::default()))
                }
                _ => Line::raw(text::safe(&r.name).into_owned()),
            };
            let class = match m {
                Some(m) if m.field == SearchField::Class => {
                    Line::from(text::highlighted(&r.class, &m.positions, Style::default()))
                }
                _ => Line::raw(text::safe(&r.class).into_owned()),
            };
            let counselor = match r.counselor {
                Some(c) => text::safe(&state.name_of(c)).into_owned(),
                None => tr!("admin.screen.nobody"),
            };
            let note = if r.active {
                String::new()
            } else {
                tr!("admin.screen.left")
            };
            let style = if r.active { Style::default() } else { dim() };
            Row::new([
                Cell::from(mark),
                Cell::from(name),
                Cell::from(text::safe(r.student_id.as_deref().unwrap_or("")).into_owned()),
                Cell::from(class),
                Cell::from(counselor),
                Cell::from(note),
            ])
            .style(style)
        })
        .collect();
    let table = Table::new(rows, widths)
        .header(header)
        .column_spacing(1)
        .row_highlight_style(selected());
    let mut ts = TableState::default()
        .with_selected((!kids.visible.is_empty()).then(|| kids.selected.saturating_sub(first)));
    frame.render_stateful_widget(table, table_area, &mut ts);
    Some((
        Rect {
            y: table_area.y + 1,
            height: table_area.height.saturating_sub(1),
            ..table_area
        },
        first,
    ))
}

/// The staff at the school with the children in their care: who has too many, who has none.
fn draw_loads(frame: &mut Frame, state: &AdminState, area: Rect, most: usize) {
    let block = Block::default()
        .borders(Borders::RIGHT)
        .title(Span::styled(tr!("admin.screen.loads"), heading()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    // Room for the count and the longer of the notes; the name gets the rest.
    let note_width = text::width(&tr!("admin.screen.load_none"))
        .max(text::width(&tr!("admin.screen.load_too_many")));
    let name_width = usize::from(inner.width)
        .saturating_sub(5 + note_width)
        .clamp(4, 16);
    // Who cares for children, or should: those needing a look first (too many, a counselor
    // with none), then by name. A head teacher or coordinator without children is left out.
    let mut staff: Vec<_> = state
        .active_staff()
        .into_iter()
        .filter(|s| s.who.role == crate::model::Role::Counselor || s.in_care > 0)
        .collect();
    staff.sort_by(|a, b| {
        (load(a.who.role, a.in_care, most), &a.who.name)
            .cmp(&(load(b.who.role, b.in_care, most), &b.who.name))
    });
    let height = usize::from(inner.height);
    let more = staff.len().saturating_sub(height);
    let shown = if more > 0 {
        height.saturating_sub(1)
    } else {
        height
    };
    let mut lines: Vec<Line> = staff
        .into_iter()
        .take(shown)
        .map(|s| {
            let name = text::fit(&text::safe(&s.who.name), name_width);
            let pad = " ".repeat(name_width.saturating_sub(text::width(&name)));
            let mut spans = vec![Span::raw(format!("{name}{pad} {:>3} ", s.in_care))];
            if let Some((note, style)) = load_note(s.in_care, s.who.role, most) {
                spans.push(Span::styled(note, style));
            }
            let focused = matches!(state.children.filter, ChildFilter::Of(c) if c == s.who.id);
            let line = Line::from(spans);
            if focused { line.style(heading()) } else { line }
        })
        .collect();
    if more > 0 {
        // The rest are reached with the filter keys, one counselor at a time.
        let hidden = more + 1;
        lines.push(Line::styled(
            crate::trn!("admin.screen.loads_more", count = hidden),
            dim(),
        ));
    }
    frame.render_widget(Paragraph::new(lines), inner);
}

/// A name's column in the readers' list: the longest names people have (复姓 and two more).
const NAME_WIDTH: usize = 10;

fn draw_readers(frame: &mut Frame, state: &AdminState, area: Rect) -> Option<(Rect, usize)> {
    let [intro, list] = Layout::vertical([Constraint::Length(3), Constraint::Min(1)]).areas(area);
    let intro_text = if state.readers.is_empty() {
        tr!("admin.screen.readers_everyone")
    } else {
        tr!("admin.screen.readers_named")
    };
    frame.render_widget(Paragraph::new(intro_text).wrap(Wrap { trim: true }), intro);
    let staff = state.active_staff();
    let height = usize::from(list.height).max(1);
    let first = offset(state.readers_selected, height);
    let lines: Vec<Line> = staff
        .iter()
        .enumerate()
        .skip(first)
        .take(height)
        .map(|(i, s)| {
            // The same tick box as the mood form's feelings.
            let tick = if state.readers.contains(&s.who.id) {
                "[x]"
            } else {
                "[ ]"
            };
            let name = text::fit(&text::safe(&s.who.name), NAME_WIDTH);
            let pad = " ".repeat(NAME_WIDTH.saturating_sub(text::width(&name)));
            let line = Line::raw(format!(
                " {tick} {name}{pad}  {}",
                crate::labels::role(s.who.role)
            ));
            if i == state.readers_selected {
                line.style(selected())
            } else {
                line
            }
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), list);
    Some((list, first))
}

/// The status line's hints for the Admin screen: the keys of what can be done now.
fn hints(app: &App, state: &AdminState) -> Vec<String> {
    let contexts = state.contexts();
    let hint = |a: Action, key: &str| {
        contexts
            .iter()
            .find_map(|c| app.keymap.key_for(*c, a))
            .map(|k| format!("{k} {}", crate::i18n::text(key)))
    };
    if state.dialog.is_none() && state.tab == AdminTab::Assignments && state.children.search_focused
    {
        // Typing in the search box: space is a letter there, so the footer offers the way to
        // the list (where space marks) instead of marking.
        // Keys the box does not take as text (down, not j).
        let untyped = |a: Action| app.keymap.untyped_key_for_in(&contexts, a);
        return [
            (Action::SelectNext, "admin.hint.to_list"),
            (Action::Open, "admin.hint.open_child"),
            (Action::Back, "admin.hint.leave_search"),
        ]
        .into_iter()
        .filter_map(|(a, key)| untyped(a).map(|k| format!("{k} {}", crate::i18n::text(key))))
        .collect();
    }
    let wanted: &[(Action, &str)] = if state.dialog.is_some() {
        &[
            (Action::NextField, "admin.hint.next_field"),
            (Action::Save, "ui.hint.save"),
            (Action::Cancel, "ui.hint.cancel"),
        ]
    } else if contexts[0] == Context::RosterFile {
        &[
            (Action::Complete, "admin.hint.complete"),
            (Action::Save, "admin.hint.check"),
            (Action::Cancel, "ui.hint.cancel"),
        ]
    } else if contexts[0] == Context::RosterPreview {
        &[
            (Action::ConfirmImport, "admin.hint.import"),
            (Action::Cancel, "ui.hint.cancel"),
        ]
    } else {
        match state.tab {
            AdminTab::Staff => &[
                (Action::NextTab, "ui.hint.tabs"),
                (Action::AddStaff, "admin.hint.add"),
                (Action::ChangeRole, "admin.hint.role"),
                (Action::SetClasses, "admin.hint.classes"),
                (Action::ToggleActive, "admin.hint.active"),
                (Action::ResetPassphrase, "admin.hint.passphrase"),
            ],
            AdminTab::Assignments => &[
                (Action::FocusSearch, "ui.hint.search"),
                (Action::Toggle, "admin.hint.mark"),
                (Action::AssignTo, "admin.hint.assign"),
                (Action::Handover, "admin.hint.handover"),
                (Action::FilterPerson, "admin.hint.filter"),
            ],
            AdminTab::Roster => &[
                (Action::NextTab, "ui.hint.tabs"),
                (Action::ChooseFile, "admin.hint.choose_file"),
            ],
            AdminTab::Readers => &[
                (Action::NextTab, "ui.hint.tabs"),
                (Action::Toggle, "admin.hint.reader"),
            ],
        }
    };
    wanted.iter().filter_map(|(a, k)| hint(*a, k)).collect()
}

impl super::Drawn for crate::app::AdminState {
    fn draw(&self, frame: &mut Frame, app: &App, area: Rect, hits: &mut HitAreas) {
        draw(frame, app, self, area, hits);
    }
    fn hints(&self, app: &App) -> Vec<String> {
        hints(app, self)
    }
}
