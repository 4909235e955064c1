//! Loads the care of the children in the person's own care (This week): their summaries from
//! the store, assessed by the domain (`domain::care`). The caseload builds its rows in the same
//! pass (`CaseloadState::load`).

use crate::config::Config;
use crate::domain::care::{self, Care};
use crate::store::{SessionReader, StoreError};
use chrono::NaiveDate;

/// The active children in the reader's person's own care, each assessed, most in need first.
pub fn load_in_care(
    reader: &SessionReader,
    config: &Config,
    today: NaiveDate,
) -> Result<Vec<Care>, StoreError> {
    let active = reader
        .summaries_in_care()?
        .into_iter()
        .filter(|s| s.active)
        .collect();
    Ok(care::assess_all(active, config, today))
}
