//! An absence case (控辍保学) from the export back to the model: its codes parsed, the child,
//! every staff member and every incident it names found in the file, and the limits every
//! way in keeps (`limits::check_absence`).

use super::{Kind, Known, bad, code, valid, worded};
use crate::interchange::json::AbsenceJson;
use crate::model::limits;
use crate::model::*;

pub(super) fn absence(a: AbsenceJson, known: &Known) -> Result<AbsenceCase, String> {
    let k = Kind::Absence;
    let id = a.id;
    known.need(k, id, Kind::Child, a.child)?;
    known.need(k, id, Kind::Counselor, a.registered_by)?;
    let mut attempts = Vec::with_capacity(a.attempts.len());
    for t in a.attempts {
        known.need(k, id, Kind::Counselor, t.logged_by)?;
        attempts.push(Attempt {
            on: t.on,
            went: t.went,
            way: code(AttemptWay::parse, k, id, "way", &t.way)?,
            met: t.met,
            result: t.result,
            failed: t.failed,
            logged_by: CounselorId(t.logged_by),
            logged_at: t.logged_at,
        });
    }
    // The incidents it raised, and the one of an earlier version it replaced, are in the file.
    for i in a.incidents.iter().chain(&a.from_incident) {
        if !known.incidents.contains(i) {
            return Err(crate::tr!(
                "store.json.missing_ref",
                record = super::label(k, id),
                target = super::label(Kind::Incident, *i)
            ));
        }
    }
    let closed = match a.closed {
        Some(c) => {
            known.need(k, id, Kind::Counselor, c.by)?;
            Some(AbsenceClosure {
                at: c.at,
                by: CounselorId(c.by),
                outcome: code(AbsenceOutcome::parse, k, id, "outcome", &c.outcome)?,
                note: c.note,
            })
        }
        None => None,
    };
    // The store's rule: 劝返无效 closes a case only once its written report was printed.
    if closed
        .as_ref()
        .is_some_and(|c| c.outcome == AbsenceOutcome::ReportedIneffective)
        && a.report_printed.is_none()
    {
        return Err(bad(k, id, "report_printed", "null"));
    }
    let case = AbsenceCase {
        id: AbsenceId(id),
        child: ChildId(a.child),
        kind: code(AbsenceKind::parse, k, id, "kind", &a.kind)?,
        first_day: a.first_day,
        note: a.note,
        registered_by: CounselorId(a.registered_by),
        registered_at: a.registered_at,
        attempts,
        report_printed: a.report_printed,
        incidents: a.incidents.into_iter().map(IncidentId).collect(),
        from_incident: a.from_incident.map(IncidentId),
        closed,
    };
    valid(k, id, case, |c| worded(limits::check_absence(c)))
}
