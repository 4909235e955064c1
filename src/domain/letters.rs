//! The whisper mailbox's rule that is not about words or the store: when a letter may raise
//! a mandatory report. The mailbox's screen asks it before opening the form, the store's
//! `raise_letter_incident` again in the transaction that saves the report.

use crate::model::{Incident, IncidentKind, Letter, LetterRefusal, Refusal};

/// Why a letter cannot raise a report now.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotRaisable {
    /// The letter does not need attention.
    NoAttention,
    /// An open report already quotes it.
    AlreadyRaised,
}

impl NotRaisable {
    /// The refusal said to whom tried, naming the letter by its number.
    pub fn refusal(self, letter: &Letter) -> Refusal {
        Refusal::Letter(match self {
            NotRaisable::NoAttention => LetterRefusal::IncidentNeedsAttention,
            NotRaisable::AlreadyRaised => LetterRefusal::IncidentExists {
                number: letter.number.to_string(),
            },
        })
    }
}

/// Whether `letter` may raise a report, given the reports raised from letters so far: only
/// a letter that needs attention, and only one open report per letter.
pub fn incident_raisable(letter: &Letter, incidents: &[Incident]) -> Result<(), NotRaisable> {
    if !letter.needs_attention {
        return Err(NotRaisable::NoAttention);
    }
    let number = letter.number.to_string();
    // Linked on the letter since layout 2; letters raised before are known by their number.
    let already = incidents.iter().any(|i| {
        i.is_open()
            && (letter.incident == Some(i.id)
                || (i.kind == IncidentKind::LetterDanger && i.found.contains(&number)))
    });
    if already {
        Err(NotRaisable::AlreadyRaised)
    } else {
        Ok(())
    }
}
