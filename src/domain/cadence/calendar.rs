//! School time: which days are term days and which are break days, and counting a rule's
//! clock only over the days it runs on (term days for school rules, break days for holidays).

use crate::config::Term;
use chrono::{Days, NaiveDate};

/// Whose clock: school-day rules run in terms, the holiday rule in breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Clock {
    School,
    Holiday,
}

pub(crate) struct Calendar<'a> {
    terms: &'a [Term],
}

/// A run of days of one kind, both ends inclusive.
struct Segment {
    end: NaiveDate,
    term: bool,
}

fn next(d: NaiveDate) -> NaiveDate {
    d.succ_opt().unwrap_or(NaiveDate::MAX)
}

impl<'a> Calendar<'a> {
    pub fn new(terms: &'a [Term]) -> Calendar<'a> {
        Calendar { terms }
    }

    /// With no terms configured there are no breaks: school rules always run.
    pub fn term_at(&self, day: NaiveDate) -> Option<&'a Term> {
        let i = self.terms.partition_point(|t| t.end < day);
        self.terms.get(i).filter(|t| t.contains(day))
    }

    pub fn runs(&self, clock: Clock, day: NaiveDate) -> bool {
        let term = self.terms.is_empty() || self.term_at(day).is_some();
        term == (clock == Clock::School)
    }

    fn segment(&self, day: NaiveDate) -> Segment {
        if self.terms.is_empty() {
            return Segment {
                end: NaiveDate::MAX,
                term: true,
            };
        }
        let i = self.terms.partition_point(|t| t.end < day);
        match self.terms.get(i) {
            Some(t) if t.start <= day => Segment {
                end: t.end,
                term: true,
            },
            Some(t) => Segment {
                end: t.start.pred_opt().unwrap_or(day),
                term: false,
            },
            None => Segment {
                end: NaiveDate::MAX,
                term: false,
            },
        }
    }

    /// How many days in `(after, upto]` the clock runs on.
    pub fn count(&self, clock: Clock, after: NaiveDate, upto: NaiveDate) -> i64 {
        let mut total = 0;
        let mut day = next(after);
        while day <= upto {
            let seg = self.segment(day);
            let end = seg.end.min(upto);
            if seg.term == (clock == Clock::School) {
                total += (end - day).num_days() + 1;
            }
            if end == NaiveDate::MAX {
                break;
            }
            day = next(end);
        }
        total
    }

    /// The day on which the clock, started after `from`, has run `n` days (n ≥ 1).
    /// `NaiveDate::MAX` when it never will (no more days of that kind).
    pub fn advance(&self, clock: Clock, from: NaiveDate, n: i64) -> NaiveDate {
        let mut left = n.max(1);
        let mut day = next(from);
        loop {
            let seg = self.segment(day);
            if seg.term == (clock == Clock::School) {
                let len = (seg.end - day).num_days() + 1;
                if left <= len {
                    return day
                        .checked_add_days(Days::new((left - 1) as u64))
                        .unwrap_or(NaiveDate::MAX);
                }
                left -= len;
            }
            if seg.end == NaiveDate::MAX {
                return NaiveDate::MAX;
            }
            day = next(seg.end);
        }
    }

    /// The first day of the break `day` is in, or of the next break after it.
    pub fn break_start(&self, day: NaiveDate) -> NaiveDate {
        match self.term_at(day) {
            Some(t) => next(t.end),
            None => {
                let i = self.terms.partition_point(|t| t.end < day);
                match i.checked_sub(1).and_then(|p| self.terms.get(p)) {
                    Some(prev) => next(prev.end),
                    None => NaiveDate::MIN,
                }
            }
        }
    }

    /// The term after the one containing `day` (or the next one from a break).
    pub fn next_term(&self, day: NaiveDate) -> Option<&'a Term> {
        let i = self.terms.partition_point(|t| t.start <= day);
        self.terms.get(i)
    }
}
