//! School time: which days are school days and which are break days (between terms, and the
//! breaks set inside them), and counting a rule's clock only over the days it runs on (school
//! days for school rules, break days for holidays).

use crate::config::{Config, Term};
use chrono::{Days, NaiveDate};

/// Whose clock: school-day rules run in terms, the holiday rule in breaks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Clock {
    School,
    Holiday,
}

pub(crate) struct Calendar<'a> {
    /// The terms: what a semester rule counts within.
    terms: &'a [Term],
    /// The runs of school days (the terms less the breaks), sorted, disjoint.
    school: Vec<(NaiveDate, NaiveDate)>,
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
    /// With no terms configured every day outside the breaks is a school day.
    pub fn new(config: &'a Config) -> Calendar<'a> {
        let whole = [(NaiveDate::MIN, NaiveDate::MAX)];
        let terms = config.terms.iter().map(|t| (t.start, t.end));
        let spans: Vec<(NaiveDate, NaiveDate)> = if config.terms.is_empty() {
            whole.to_vec()
        } else {
            terms.collect()
        };
        let mut school = Vec::with_capacity(spans.len() + config.breaks.len());
        let mut breaks = config.breaks.iter().peekable();
        for (start, end) in spans {
            let mut from = start;
            while let Some(b) = breaks.peek() {
                if b.end < from {
                    breaks.next();
                    continue;
                }
                if b.start > end {
                    break;
                }
                if b.start > from {
                    school.push((from, b.start.pred_opt().unwrap_or(from)));
                }
                if b.end >= end {
                    from = NaiveDate::MAX;
                    break;
                }
                from = next(b.end);
                breaks.next();
            }
            if from <= end && from != NaiveDate::MAX {
                school.push((from, end));
            }
        }
        Calendar {
            terms: &config.terms,
            school,
        }
    }

    /// The term `day` is in (a break inside it too): what a semester rule counts within.
    pub fn term_at(&self, day: NaiveDate) -> Option<&'a Term> {
        let i = self.terms.partition_point(|t| t.end < day);
        self.terms.get(i).filter(|t| t.contains(day))
    }

    fn school_at(&self, day: NaiveDate) -> Option<(NaiveDate, NaiveDate)> {
        let i = self.school.partition_point(|s| s.1 < day);
        self.school.get(i).copied().filter(|s| s.0 <= day)
    }

    pub fn runs(&self, clock: Clock, day: NaiveDate) -> bool {
        self.school_at(day).is_some() == (clock == Clock::School)
    }

    /// The last day of the break `day` is in (`NaiveDate::MAX` after the last term).
    pub fn break_end(&self, day: NaiveDate) -> NaiveDate {
        self.segment(day).end
    }

    fn segment(&self, day: NaiveDate) -> Segment {
        let i = self.school.partition_point(|s| s.1 < day);
        match self.school.get(i) {
            Some(&(start, end)) if start <= day => Segment { end, term: true },
            Some(&(start, _)) => Segment {
                end: start.pred_opt().unwrap_or(day),
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
        match self.school_at(day) {
            Some((_, end)) => next(end),
            None => {
                let i = self.school.partition_point(|s| s.1 < day);
                match i.checked_sub(1).and_then(|p| self.school.get(p)) {
                    Some(prev) => next(prev.1),
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
