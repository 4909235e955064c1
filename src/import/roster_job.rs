//! A roster preview or import run on a worker thread, so that the screen keeps answering
//! while a county's file is checked and written: the thread reports how far it got through a
//! channel, the screen polls it on each tick, and Esc stops it before anything is committed.
//! The permission is asked here, on the screen's thread, before the work leaves it; the
//! import's transaction is begun here too and carried out and committed by the worker.

use super::ImportError;
use super::roster::{RosterReport, Stage, Watch, import_on, preview_on};
use crate::domain::access::Operation;
use crate::store::Session;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, Receiver, Sender, TryRecvError};

/// How far the work got.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Progress {
    pub stage: Stage,
    pub done: usize,
    pub total: usize,
}

enum Event {
    Progress(Progress),
    Done(Result<RosterReport, ImportError>),
}

/// A preview (nothing written) or an import running on its own thread.
pub struct RosterJob {
    pub path: PathBuf,
    /// A preview writes nothing; an import commits the accepted rows.
    pub writes: bool,
    pub progress: Progress,
    events: Receiver<Event>,
    stop: Arc<AtomicBool>,
}

/// The worker's side: forwards progress, hears a stop.
struct Reporter {
    events: Sender<Event>,
    stop: Arc<AtomicBool>,
}

impl Watch for Reporter {
    fn progress(&mut self, stage: Stage, done: usize, total: usize) {
        // The screen may be gone; the work goes on to its end all the same.
        let _ = self
            .events
            .send(Event::Progress(Progress { stage, done, total }));
    }

    fn cancelled(&self) -> bool {
        self.stop.load(Ordering::Relaxed)
    }
}

impl RosterJob {
    /// Starts checking `path` against the store as `session` sees it: what importing it would
    /// do. Refused (and audited) unless the table lets the person import the roster.
    pub fn preview(session: &Session, path: &Path) -> Result<RosterJob, ImportError> {
        session.allow(Operation::ImportRoster)?;
        let reader = session.store().reader()?;
        let file = path.to_path_buf();
        let today = session.today();
        Ok(RosterJob::spawn(path, false, move |watch| {
            preview_on(&reader, &file, today, watch)
        }))
    }

    /// Starts importing `path` as `session`: one transaction, begun now. Until it commits,
    /// other writes to the store wait; the screen must not make any.
    pub fn import(session: &Session, path: &Path) -> Result<RosterJob, ImportError> {
        session.allow(Operation::ImportRoster)?;
        let (reader, writer) = session.store().begin_write_elsewhere(&session.actor())?;
        let file = path.to_path_buf();
        Ok(RosterJob::spawn(path, true, move |watch| {
            import_on(reader, writer, &file, watch)
        }))
    }

    fn spawn(
        path: &Path,
        writes: bool,
        work: impl FnOnce(&mut Reporter) -> Result<RosterReport, ImportError> + Send + 'static,
    ) -> RosterJob {
        let (events, received) = mpsc::channel();
        let stop = Arc::new(AtomicBool::new(false));
        let lang = crate::i18n::lang();
        let mut reporter = Reporter {
            events,
            stop: stop.clone(),
        };
        std::thread::spawn(move || {
            // A rejected row's reasons are worded as the rows are planned (`interchange::columns`):
            // in the language of the screen that asked. The store's refusals need none.
            crate::i18n::set_thread_lang(lang);
            let result = work(&mut reporter);
            let _ = reporter.events.send(Event::Done(result));
        });
        RosterJob {
            path: path.to_path_buf(),
            writes,
            progress: Progress {
                stage: Stage::Reading,
                done: 0,
                total: 0,
            },
            events: received,
            stop,
        }
    }

    /// Takes in what the worker said since the last call: the result once it has finished.
    pub fn poll(&mut self) -> Option<Result<RosterReport, ImportError>> {
        loop {
            match self.events.try_recv() {
                Ok(Event::Progress(p)) => self.progress = p,
                Ok(Event::Done(result)) => return Some(result),
                Err(TryRecvError::Empty) => return None,
                // The worker ended without a word: it panicked.
                Err(TryRecvError::Disconnected) => {
                    return Some(Err(ImportError::Store(crate::store::StoreError::Internal(
                        "the import stopped unexpectedly".into(),
                    ))));
                }
            }
        }
    }

    /// Waits for the worker to finish (a test, or a screen that cannot go on without it).
    pub fn wait(mut self) -> Result<RosterReport, ImportError> {
        loop {
            match self.events.recv() {
                Ok(Event::Progress(p)) => self.progress = p,
                Ok(Event::Done(result)) => return result,
                Err(_) => {
                    return Err(ImportError::Store(crate::store::StoreError::Internal(
                        "the import stopped unexpectedly".into(),
                    )));
                }
            }
        }
    }

    /// Asks the worker to stop before it commits anything.
    pub fn stop(&self) {
        self.stop.store(true, Ordering::Relaxed);
    }
}
