//! Caseload: the table of my children with the search box above it.

use super::{dim, place_caret, selected, text, urgent};
use crate::action::Action;
use crate::app::{App, CaseloadRow, CaseloadState, HitAreas, RowMatch};
use crate::labels;
use crate::search::Field as SearchField;
use crate::tr;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Cell, Paragraph, Row, Table, TableState};

fn draw(frame: &mut Frame, app: &App, state: &CaseloadState, area: Rect, hits: &mut HitAreas) {
    let [search, table_area] =
        Layout::vertical([Constraint::Length(1), Constraint::Min(1)]).areas(area);
    draw_search(frame, app, state, search);
    let table_area = draw_legend(frame, state, table_area);
    // From 120 columns the village and the overdue duties get columns of their own: the
    // order (most in need first) then explains itself.
    let wide = area.width >= 120;
    draw_table(frame, app, state, table_area, wide, hits);
}

/// The search box, with how many children it finds, their order and how many are marked.
fn draw_search(frame: &mut Frame, app: &App, state: &CaseloadState, search: Rect) {
    let query = state.search.lines().concat();
    let label = format!("{} ", tr!("ui.caseload.search"));
    let mut counts = tr!(
        "ui.caseload.count",
        // Children matching the search (the list holds the best few hundred of them).
        shown = state.matching,
        total = state.rows.len()
    );
    // The order is said: most in need first without a search, best match first with one.
    counts.push_str(&if query.trim().is_empty() {
        tr!("ui.caseload.order_need")
    } else {
        tr!("ui.caseload.order_match")
    });
    // Picked with space for a group session's note: how many, so the note holds no surprise.
    if !state.marked.is_empty() {
        let key = app
            .keymap
            .key_for_in(&app.contexts(), crate::action::Action::NewNote)
            .unwrap_or_default();
        counts.push_str(&tr!(
            "ui.caseload.marked",
            count = state.marked.len(),
            key = key
        ));
    }
    let search_line = Line::from(vec![
        Span::styled(
            label.clone(),
            if state.search_focused {
                super::heading()
            } else {
                dim()
            },
        ),
        Span::raw(text::safe(&query).into_owned()),
        Span::raw("  "),
        Span::styled(counts, dim()),
    ]);
    frame.render_widget(Paragraph::new(search_line), search);
    if state.search_focused {
        let caret = Rect {
            x: search.x + text::width(&label) as u16,
            ..search
        };
        place_caret(frame, caret, &state.search);
    }
}

/// The marks of the flag column that the list holds, spelt out below the table when there is
/// room: returns what is left for the table.
fn draw_legend(frame: &mut Frame, state: &CaseloadState, table_area: Rect) -> Rect {
    let legend = legend(&state.rows)
        .map(|words| legend_rows(&words, usize::from(table_area.width)))
        .filter(|rows| table_area.height > 4 + rows.len() as u16);
    match legend {
        Some(rows) => {
            let [table, legend_area] =
                Layout::vertical([Constraint::Min(1), Constraint::Length(rows.len() as u16)])
                    .areas(table_area);
            let lines: Vec<Line> = rows.into_iter().map(|r| Line::styled(r, dim())).collect();
            frame.render_widget(Paragraph::new(lines), legend_area);
            table
        }
        None => table_area,
    }
}

/// The table's header, its column widths, and the widths its cells are fitted to.
fn columns(wide: bool) -> (Row<'static>, Vec<Constraint>, Columns) {
    let mut headers = vec![
        tr!("ui.caseload.name"),
        tr!("ui.caseload.class"),
        tr!("ui.caseload.age"),
        tr!("ui.caseload.guardian"),
    ];
    if wide {
        headers.push(tr!("ui.caseload.village"));
    }
    headers.extend([
        tr!("ui.caseload.last_talk"),
        tr!("ui.caseload.mood"),
        tr!("ui.caseload.flags"),
    ]);
    if wide {
        headers.push(tr!("ui.caseload.overdue"));
    }
    let header = Row::new(headers).style(super::heading());
    let cols = if wide {
        Columns {
            name: 12,
            class: 14,
            guardian: 20,
            village: 12,
            flags: 6,
        }
    } else {
        Columns {
            name: 8,
            class: 12,
            guardian: 14,
            village: 0,
            flags: 6,
        }
    };
    let mut widths = vec![
        Constraint::Length(cols.name),
        Constraint::Length(cols.class),
        Constraint::Length(4),
        Constraint::Length(cols.guardian),
    ];
    if wide {
        widths.push(Constraint::Length(cols.village));
    }
    widths.extend([
        Constraint::Length(8),
        Constraint::Length(8),
        Constraint::Length(cols.flags),
    ]);
    if wide {
        widths.push(Constraint::Fill(1));
    }
    (header, widths, cols)
}

/// The children's table from the selected row's page (only the rows that fit are built), or
/// why it is empty.
fn draw_table(
    frame: &mut Frame,
    app: &App,
    state: &CaseloadState,
    table_area: Rect,
    wide: bool,
    hits: &mut HitAreas,
) {
    let (header, widths, cols) = columns(wide);
    // What the overdue column has: the table's width less the other columns and the gaps.
    let fixed: u16 = cols.name + cols.class + 4 + cols.guardian + cols.village + 8 + 8 + cols.flags;
    let overdue_width = usize::from(table_area.width.saturating_sub(fixed + 8));
    let config = &app.config;
    // Only the rows that fit are built: a coordinator's list holds the whole county, and
    // building fifty thousand table rows on every key press would cost seconds and megabytes.
    let height = usize::from(table_area.height.saturating_sub(1)).max(1);
    let offset = state.selected.saturating_sub(height - 1);
    let rows: Vec<Row> = state
        .visible
        .iter()
        .skip(offset)
        .take(height)
        .map(|(i, m)| {
            let marked = state.marked.contains(&state.rows[*i].child);
            let overdue = wide.then(|| {
                let reasons: Vec<String> = state.rows[*i]
                    .overdue
                    .iter()
                    .map(|(id, days)| {
                        text::safe(&labels::overdue_reason(config, id, *days)).into_owned()
                    })
                    .collect();
                text::fit_parts(&reasons, &tr!("ui.week.separator"), overdue_width)
            });
            row(&state.rows[*i], m.as_ref(), marked, cols, overdue)
        })
        .collect();
    if rows.is_empty() {
        let msg = if state.rows.is_empty() {
            tr!("ui.caseload.empty")
        } else {
            tr!("ui.caseload.no_match")
        };
        let block = Block::default().borders(Borders::TOP);
        let inner = block.inner(table_area);
        frame.render_widget(block, table_area);
        frame.render_widget(Paragraph::new(msg), inner);
        return;
    }
    let table = Table::new(rows, widths)
        .header(header)
        .column_spacing(1)
        .row_highlight_style(selected());
    let mut table_state = TableState::default().with_selected(Some(state.selected - offset));
    frame.render_stateful_widget(table, table_area, &mut table_state);
    let body = Rect {
        y: table_area.y + 1,
        height: table_area.height.saturating_sub(1),
        ..table_area
    };
    hits.list = Some((body, offset + table_state.offset()));
}

/// `marked`: picked (space) for a group session's note, shown with a tick before the name.
/// The widths of the columns whose cells are fitted to them ("…"); `village` 0 when the
/// village has no column (it then goes before the class when the search found it there).
#[derive(Clone, Copy)]
struct Columns {
    name: u16,
    class: u16,
    guardian: u16,
    village: u16,
    flags: u16,
}

/// One child's row; `overdue`, on a wide screen, the overdue duties already fitted.
fn row(
    r: &CaseloadRow,
    m: Option<&RowMatch>,
    marked: bool,
    cols: Columns,
    overdue: Option<String>,
) -> Row<'static> {
    let [name_width, class_width, guardian_width, village_width] =
        [cols.name, cols.class, cols.guardian, cols.village].map(usize::from);
    let positions = |field: SearchField| {
        m.filter(|m| m.field == field)
            .map(|m| m.positions.as_slice())
            .unwrap_or(&[])
    };
    let base = if r.open_incidents > 0 {
        urgent()
    } else {
        Style::default()
    };
    let mut name_spans = Vec::new();
    if marked {
        name_spans.push(Span::styled("✓", super::heading()));
    }
    name_spans.extend(text::highlighted(
        &r.name,
        positions(SearchField::Name),
        base,
    ));
    let name = Line::from(text::fit_spans(name_spans, name_width));
    let mut class_spans =
        text::highlighted(&r.class, positions(SearchField::Class), Style::default());
    let village = (village_width > 0).then(|| {
        text::fit_spans(
            text::highlighted(
                &r.village,
                positions(SearchField::Village),
                Style::default(),
            ),
            village_width,
        )
    });
    // Found by the village and no column for it: it comes first in the class, so the reason
    // the child is listed shows.
    if village.is_none() && m.is_some_and(|m| m.field == SearchField::Village) {
        let mut village = text::highlighted(
            &r.village,
            positions(SearchField::Village),
            Style::default(),
        );
        village.push(Span::raw(" · "));
        village.extend(class_spans);
        class_spans = village;
    }
    let class_spans = text::fit_spans(class_spans, class_width);
    let guardian = Line::from(text::fit_spans(
        text::highlighted(
            &r.guardian(),
            positions(SearchField::Guardian),
            Style::default(),
        ),
        guardian_width,
    ));
    let days = match r.days_since_talk {
        Some(0) => tr!("ui.caseload.today"),
        Some(d) => tr!("ui.caseload.days", days = d),
        None => tr!("ui.caseload.never"),
    };
    let days_style = if !r.overdue.is_empty() {
        urgent()
    } else {
        Style::default()
    };
    let flags: String = marks(r).into_iter().map(|(mark, _)| mark).collect();
    let flags_style = if r.open_incidents > 0 || r.mood_falling {
        urgent()
    } else {
        Style::default()
    };
    let mut cells = vec![
        Cell::from(name),
        Cell::from(Line::from(class_spans)),
        Cell::from(r.age.to_string()),
        Cell::from(guardian),
    ];
    cells.extend(village.map(|v| Cell::from(Line::from(v))));
    cells.extend([
        Cell::from(Span::styled(days, days_style)),
        Cell::from(text::sparkline(&r.moods)),
        Cell::from(Span::styled(
            text::fit(&flags, usize::from(cols.flags)),
            flags_style,
        )),
    ]);
    cells.extend(overdue.map(|o| Cell::from(Span::styled(o, urgent()))));
    Row::new(cells)
}

/// What a mark of the flag column stands for.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mark {
    MoodFalling,
    Incident,
    Flag(crate::model::Flag),
}

/// A row's marks in the flag column, in the order they are shown, each with its meaning.
fn marks(r: &CaseloadRow) -> Vec<(String, Mark)> {
    let mut out = Vec::new();
    if r.mood_falling {
        out.push((MOOD_FALLING.to_string(), Mark::MoodFalling));
    }
    if r.open_incidents > 0 {
        out.push((tr!("ui.caseload.incident_flag"), Mark::Incident));
    }
    out.extend(
        r.flags
            .iter()
            .map(|f| (labels::flag_short(*f).to_string(), Mark::Flag(*f))),
    );
    out
}

/// The mark of a child whose mood is falling.
const MOOD_FALLING: &str = "↓";

/// "↓ 情绪下降  困 家庭生活困难 …": the marks the list holds, each with the words it stands
/// for, from the same labels the column is made of; `None` when no row has a mark.
fn legend(rows: &[CaseloadRow]) -> Option<Vec<String>> {
    use crate::model::Flag;
    // Which marks occur, without building any row's words: a county's list is long.
    let (mut falling, mut incident) = (false, false);
    let mut flags = [false; Flag::ALL.len()];
    for r in rows {
        falling |= r.mood_falling;
        incident |= r.open_incidents > 0;
        for f in &r.flags {
            if let Some(i) = Flag::ALL.iter().position(|x| x == f) {
                flags[i] = true;
            }
        }
        if falling && incident && flags.iter().all(|f| *f) {
            break;
        }
    }
    let mut seen: Vec<(String, Mark)> = Vec::new();
    if falling {
        seen.push((MOOD_FALLING.to_string(), Mark::MoodFalling));
    }
    if incident {
        seen.push((tr!("ui.caseload.incident_flag"), Mark::Incident));
    }
    for (f, _) in Flag::ALL.iter().zip(flags).filter(|(_, on)| *on) {
        seen.push((labels::flag_short(*f).to_string(), Mark::Flag(*f)));
    }
    if seen.is_empty() {
        return None;
    }
    let mut words: Vec<String> = seen
        .into_iter()
        .map(|(mark, m)| {
            let meaning = match m {
                Mark::MoodFalling => tr!("ui.week.mood"),
                Mark::Incident => tr!("ui.caseload.legend_incident"),
                Mark::Flag(f) => labels::flag(f),
            };
            format!("{mark} {meaning}")
        })
        .collect();
    words[0] = format!("{} {}", tr!("ui.caseload.legend"), words[0]);
    Some(words)
}

/// The legend's words on as few rows of `width` as they need, at most two (every mark there
/// is fits on two at 80 columns, in both languages); a word is never split between rows.
fn legend_rows(words: &[String], width: usize) -> Vec<String> {
    const GAP: &str = "  ";
    let mut rows: Vec<String> = vec![String::new()];
    for (i, word) in words.iter().enumerate() {
        let last = rows.len() - 1;
        let row = &mut rows[last];
        if row.is_empty() || text::width(row) + GAP.len() + text::width(word) <= width {
            if !row.is_empty() {
                row.push_str(GAP);
            }
            row.push_str(word);
        } else if rows.len() < 2 {
            rows.push(word.clone());
        } else {
            // No third row: the rest as many as fit, then +N.
            let rest: Vec<String> = std::iter::once(rows[last].clone())
                .chain(words[i..].iter().cloned())
                .collect();
            rows[last] = text::fit_parts(&rest, GAP, width);
            break;
        }
    }
    rows.into_iter().map(|r| text::fit(&r, width)).collect()
}

impl super::Drawn for crate::app::CaseloadState {
    fn draw(&self, frame: &mut Frame, app: &App, area: Rect, hits: &mut HitAreas) {
        draw(frame, app, self, area, hits);
    }
    fn hints(&self, app: &App) -> Vec<String> {
        super::hint(app, Action::FocusSearch, tr!("ui.hint.search"))
            .into_iter()
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{ChildId, Flag};

    /// Every mark there is, in both languages, fits whole on two rows of 80 columns.
    #[test]
    fn the_whole_legend_fits_two_rows_of_80_columns() {
        let row = CaseloadRow {
            child: ChildId(1),
            name: "张伟".into(),
            class: String::new(),
            village: String::new(),
            age: 10,
            guardian_name: String::new(),
            guardian_relation: String::new(),
            days_since_talk: None,
            moods: vec![],
            flags: Flag::ALL.to_vec(),
            open_incidents: 1,
            mood_falling: true,
            overdue: vec![],
            need: 0,
        };
        for lang in [crate::i18n::Lang::Zh, crate::i18n::Lang::En] {
            crate::i18n::set_thread_lang(lang);
            let words = legend(std::slice::from_ref(&row)).unwrap();
            assert_eq!(words.len(), 2 + Flag::ALL.len());
            let rows = legend_rows(&words, 80);
            assert!(rows.len() <= 2, "{rows:?}");
            let all = rows.join("  ");
            for w in &words {
                assert!(all.contains(w.as_str()), "{w} in {rows:?}");
            }
        }
        assert_eq!(legend(&[]), None);
    }
}
