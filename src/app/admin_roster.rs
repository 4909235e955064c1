//! The roster from the app: type the file's path (Tab completes folders and `.csv`/`.xlsx`
//! files, as a shell does), see what the import would do — the command line's `--dry-run`:
//! new children, those updated with the fields that change, unchanged, rejected rows with
//! their line and reason — then import it or cancel. The preview and the import run on a
//! worker thread (`import::roster_job`) with a progress bar; the screen polls it on each tick
//! and never waits on it, and Esc stops it before anything is written.

use super::admin::AdminState;
use super::{Cx, Effect};
use crate::action::Action;
use crate::import::ImportError;
use crate::import::file_pick::{self, Candidate};
use crate::import::roster::RosterReport;
use crate::import::roster_job::RosterJob;
use crate::keymap::Context;
use crate::tr;
use ratatui_textarea::TextArea;
use std::path::{Path, PathBuf};

/// Typing the path of the file to import.
pub struct PathInput {
    pub input: TextArea<'static>,
    /// What the typed path may become, folders first.
    pub candidates: Vec<Candidate>,
    /// The candidate chosen with up and down, if any.
    pub selected: Option<usize>,
    /// Where a relative path starts: the person's home folder.
    pub base: PathBuf,
}

impl PathInput {
    fn new(base: PathBuf) -> PathInput {
        let mut p = PathInput {
            input: TextArea::default(),
            candidates: Vec::new(),
            selected: None,
            base,
        };
        p.refresh();
        p
    }

    pub fn typed(&self) -> String {
        self.input.lines().concat()
    }

    /// The candidates for the text as it is now.
    pub fn refresh(&mut self) {
        self.candidates = file_pick::candidates(&self.typed(), &self.base, &self.base);
        self.selected = None;
    }

    fn set(&mut self, text: &str) {
        self.input = TextArea::default();
        self.input.insert_str(text);
        self.refresh();
    }

    /// Tab: the chosen candidate, else as much as every candidate shares.
    fn complete(&mut self) {
        let typed = self.typed();
        let next = match self.selected.and_then(|i| self.candidates.get(i)) {
            Some(c) => Some(file_pick::with_candidate(&typed, c)),
            None => file_pick::complete(&typed, &self.candidates),
        };
        if let Some(next) = next {
            self.set(&next);
        }
    }

    fn resolved(&self) -> PathBuf {
        file_pick::resolve(&self.typed(), &self.base, &self.base)
    }
}

/// Where the roster tab is.
#[derive(Default)]
pub enum RosterStep {
    /// Nothing under way: the tab says how to begin.
    #[default]
    Idle,
    Path(Box<PathInput>),
    /// A preview or an import running.
    Working(RosterJob),
    /// What the import would do, to confirm or cancel.
    Preview {
        path: PathBuf,
        report: RosterReport,
        scroll: usize,
    },
    /// What the import did.
    Done {
        path: PathBuf,
        report: RosterReport,
        scroll: usize,
    },
}

#[derive(Default)]
pub struct RosterPane {
    pub step: RosterStep,
    /// The folder the last file was chosen in: the next path starts there.
    last_folder: Option<PathBuf>,
}

impl RosterPane {
    /// The keymap table while the pane takes the keys itself, if it does.
    pub fn context(&self) -> Option<Context> {
        match self.step {
            // The result stays on screen under the tab's own keys: the tabs go on from it.
            RosterStep::Idle | RosterStep::Done { .. } => None,
            RosterStep::Path(_) => Some(Context::RosterFile),
            RosterStep::Working(_) | RosterStep::Preview { .. } => Some(Context::RosterPreview),
        }
    }

    pub fn focused_input(&mut self) -> Option<&mut TextArea<'static>> {
        match &mut self.step {
            RosterStep::Path(p) => Some(&mut p.input),
            _ => None,
        }
    }

    pub fn input_changed(&mut self) {
        if let RosterStep::Path(p) = &mut self.step {
            p.refresh();
        }
    }

    pub fn is_idle(&self) -> bool {
        matches!(self.step, RosterStep::Idle)
    }

    /// Whether a preview or an import is running (the screen waits for nothing else then).
    pub fn working(&self) -> bool {
        matches!(self.step, RosterStep::Working(_))
    }

    /// Asks for the file's path, starting in the folder of the last one.
    pub(super) fn choose_file(&mut self) {
        let base = self.last_folder.clone().unwrap_or_else(home);
        self.step = RosterStep::Path(Box::new(PathInput::new(base)));
    }

    pub fn scroll_to(&mut self, row: usize) {
        match &mut self.step {
            RosterStep::Path(p) => {
                p.selected = (!p.candidates.is_empty()).then(|| row.min(p.candidates.len() - 1))
            }
            RosterStep::Preview { scroll, .. } | RosterStep::Done { scroll, .. } => *scroll = row,
            _ => {}
        }
    }
}

/// The person's home folder: where a typed path starts.
fn home() -> PathBuf {
    directories::BaseDirs::new()
        .map(|d| d.home_dir().to_path_buf())
        .unwrap_or_default()
}

fn scrolled(scroll: usize, action: Action) -> usize {
    match action {
        Action::SelectNext => scroll + 1,
        Action::SelectPrev => scroll.saturating_sub(1),
        Action::PageDown => scroll + 10,
        Action::PageUp => scroll.saturating_sub(10),
        Action::SelectFirst => 0,
        _ => scroll,
    }
}

impl AdminState {
    pub(super) fn roster_action(&mut self, action: Action, cx: &mut Cx) -> Effect {
        let pane = &mut self.roster;
        match &mut pane.step {
            RosterStep::Idle => {
                if matches!(action, Action::ChooseFile | Action::Open) {
                    pane.choose_file();
                }
            }
            RosterStep::Path(p) => match action {
                Action::Cancel | Action::Back => pane.step = RosterStep::Idle,
                Action::Complete => p.complete(),
                Action::SelectNext | Action::SelectPrev if !p.candidates.is_empty() => {
                    let n = p.candidates.len();
                    p.selected = Some(match (p.selected, action) {
                        (None, Action::SelectNext) => 0,
                        (None, _) => n - 1,
                        (Some(i), Action::SelectNext) => (i + 1) % n,
                        (Some(i), _) => (i + n - 1) % n,
                    });
                }
                Action::Save | Action::Open => {
                    // Enter on a candidate takes it; on a folder goes into it.
                    if p.selected.is_some() {
                        p.complete();
                    }
                    let path = p.resolved();
                    if path.is_dir() {
                        let typed = p.typed();
                        if !typed.is_empty() && !typed.ends_with(['/', std::path::MAIN_SEPARATOR]) {
                            p.set(&format!("{typed}/"));
                        }
                    } else if path.is_file() {
                        let job = roster_session(cx).and_then(|s| RosterJob::preview(&s, &path));
                        self.begin_job(job, &path, cx);
                    } else {
                        cx.set_error(tr!("admin.roster.no_file", path = path.display()));
                    }
                }
                _ => {}
            },
            RosterStep::Working(job) => {
                if matches!(action, Action::Cancel | Action::Back) {
                    job.stop();
                    cx.set_status(tr!("admin.roster.stopping"));
                }
            }
            RosterStep::Preview { path, scroll, .. } => match action {
                Action::ConfirmImport => {
                    let path = path.clone();
                    let job = roster_session(cx).and_then(|s| RosterJob::import(&s, &path));
                    self.begin_job(job, &path, cx);
                }
                Action::Cancel | Action::Back => {
                    pane.step = RosterStep::Idle;
                    cx.set_status(tr!("admin.roster.cancelled"));
                }
                other => *scroll = scrolled(*scroll, other),
            },
            RosterStep::Done { scroll, .. } => match action {
                Action::Cancel | Action::Back => pane.step = RosterStep::Idle,
                Action::ChooseFile => pane.choose_file(),
                other => *scroll = scrolled(*scroll, other),
            },
        }
        Effect::Stay
    }

    fn begin_job(&mut self, job: Result<RosterJob, ImportError>, path: &Path, cx: &mut Cx) {
        match job {
            Ok(job) => {
                self.roster.last_folder = path.parent().map(Path::to_path_buf);
                self.roster.step = RosterStep::Working(job);
            }
            Err(e) => cx.set_error(e.to_string()),
        }
    }

    /// Takes in the roster job's progress and, once it is done, its report: called on every
    /// tick.
    pub(super) fn poll_roster(&mut self, cx: &mut Cx) {
        let RosterStep::Working(job) = &mut self.roster.step else {
            return;
        };
        let Some(result) = job.poll() else {
            return;
        };
        let (path, writes) = (job.path.clone(), job.writes);
        match result {
            Ok(report) if !writes => {
                self.roster.step = RosterStep::Preview {
                    path,
                    report,
                    scroll: 0,
                };
                cx.clear_status();
            }
            Ok(report) => {
                let summary = report.summary();
                let written = !report.all_rejected();
                self.roster.step = RosterStep::Done {
                    path,
                    report,
                    scroll: 0,
                };
                if written {
                    // The children are read again when next needed, not now: a county's take
                    // a moment, and the import's result is what is on screen.
                    self.children_loaded = false;
                    self.reload(cx);
                    cx.set_status(tr!("admin.roster.imported", summary = summary));
                } else {
                    cx.set_error(tr!("cli.import_all_rejected"));
                }
            }
            Err(e) => {
                // Back to the path, to choose another file or try again.
                let mut input =
                    PathInput::new(path.parent().map(Path::to_path_buf).unwrap_or_else(home));
                input.set(&path.display().to_string());
                self.roster.step = match writes {
                    true => RosterStep::Idle,
                    false => RosterStep::Path(Box::new(input)),
                };
                cx.set_error(e.to_string());
            }
        }
    }
}

/// The person's session, for a roster job (it reads and writes on its own thread).
fn roster_session<'a>(cx: &Cx<'a>) -> Result<crate::store::Session<'a>, ImportError> {
    Ok(cx.session()?)
}
