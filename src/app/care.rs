//! Loads the care of the children a screen is about: their summaries from the store, assessed
//! by the domain (`domain::care`). This week and the caseload are both views of this.

use crate::config::Config;
use crate::domain::care::{self, Care};
use crate::store::{SessionReader, StoreError};
use chrono::NaiveDate;

/// Whose children a summary covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    /// Everyone this person may see (the caseload; a coordinator sees the whole school).
    Visible,
    /// The children in this person's own care (This week: who needs *me*).
    InMyCare,
}

/// The active children of `scope` (as the reader's person sees them), each assessed, most in need first.
pub fn load(
    reader: &SessionReader,
    scope: Scope,
    config: &Config,
    today: NaiveDate,
) -> Result<Vec<Care>, StoreError> {
    let summaries = match scope {
        Scope::Visible => reader.summaries()?,
        Scope::InMyCare => reader.summaries_in_care()?,
    };
    let mut cares: Vec<Care> = summaries
        .into_iter()
        .filter(|s| s.active)
        .map(|s| care::assess(s, config, today))
        .collect();
    care::by_need(&mut cares);
    Ok(cares)
}
