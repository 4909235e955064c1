//! The demo's absence cases (控辍保学): of the children at risk of dropping out, the first
//! dropped out and three bring-back attempts failed (This week asks for the written report),
//! the second stayed away three days and came back after a talk (closed as 复学).

use super::notes::{Ctx, fill};
use super::people::{Kid, Term, at};
use super::rng::Rng;
use super::texts::*;
use crate::model::*;
use crate::store::{StoreError, Writer};
use chrono::Duration;

pub fn absences(
    w: &mut Writer,
    rng: &mut Rng,
    term: &Term,
    absent: &[(Kid, CounselorId)],
) -> Result<usize, StoreError> {
    for (i, (kid, by)) in absent.iter().take(2).enumerate() {
        let closed = i == 1;
        let ctx = Ctx {
            n: "",
            g: kid.guardian,
            p: "",
            w: "",
            s: "",
            k: 0,
        };
        let first_day = if closed {
            term.day_back(rng, 14, 40)
        } else {
            term.day_back(rng, 10, 20)
        };
        let registered_at = at(term.clamp(first_day + Duration::days(2)), rng, 8, 17);
        let plan: &[(AttemptWay, &str, &str, &str)] = if closed {
            std::slice::from_ref(&ABSENCE_CLOSED_ATTEMPT)
        } else {
            ABSENCE_ATTEMPTS
        };
        let mut t = registered_at;
        let attempts = plan
            .iter()
            .map(|(way, went, met, result)| {
                let day = term.clamp(t.date() + Duration::days(rng.range(1, 3)));
                t = at(day, rng, 8, 18).max(t + Duration::minutes(30));
                Attempt {
                    on: t.date(),
                    went: went.to_string(),
                    way: *way,
                    met: fill(met, &ctx),
                    result: fill(result, &ctx),
                    failed: !closed,
                    logged_by: *by,
                    logged_at: t,
                }
            })
            .collect();
        let kind = if closed {
            AbsenceKind::Truancy
        } else {
            AbsenceKind::DroppedOut
        };
        let case = AbsenceCase {
            id: AbsenceId(w.next_id()?),
            child: kid.id,
            kind,
            first_day,
            note: fill(
                if closed {
                    ABSENCE_CLOSED_NOTE
                } else {
                    ABSENCE_NOTE
                },
                &ctx,
            ),
            registered_by: *by,
            registered_at,
            attempts,
            report_printed: None,
            incidents: Vec::new(),
            from_incident: None,
            closed: closed.then(|| AbsenceClosure {
                at: (t + Duration::days(1)).min(term.today.and_hms_opt(18, 0, 0).unwrap_or(t)),
                by: *by,
                outcome: AbsenceOutcome::Returned,
                note: ABSENCE_CLOSED_REASON.to_string(),
            }),
        };
        w.load(&case)?;
        if !closed && let Some(mut child) = w.get::<Child>(kid.id.0)? {
            child.enrolment = kind.enrolment();
            w.put_child(&child)?;
        }
    }
    Ok(absent.len().min(2))
}
