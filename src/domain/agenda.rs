//! This week's agenda as plain data: who is overdue, who is due before Sunday, follow-ups due,
//! open mandatory reports, letters waiting and falling moods. The screen puts it into words.

use super::care::Care;
use crate::domain::cadence::{DueState, week_of};
use crate::domain::left_behind::sixteenth_birthday;
use crate::domain::mood::MoodAlert;
use crate::domain::report::class_order;
use crate::model::{
    AbsenceCase, AbsenceId, AbsenceKind, ChildId, FollowUp, FollowUpId, Incident, IncidentId,
    IncidentKind, RecordRef,
};
use chrono::{Datelike, NaiveDate, Weekday};

/// The sections, in the order they are shown (letters move to the top on Fridays).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Section {
    Letters,
    Incidents,
    /// Open absence cases (控辍保学): the written report first when it is due.
    Absences,
    /// Children in the programme whom nobody cares for (the coordinator's).
    NoCounselor,
    Mood,
    Overdue,
    FollowUps,
    /// Children who turn 16 by Sunday, or have: no longer left-behind children by the plan's
    /// definition, to be taken off the roster.
    Sixteen,
    DueThisWeek,
}

/// One rule due this week, and when.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Due {
    Today {
        rule: String,
    },
    /// The school's target has passed; the minimum runs out on `deadline`.
    PastTarget {
        rule: String,
        deadline: NaiveDate,
    },
    On {
        rule: String,
        day: NaiveDate,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum AgendaKind {
    /// Letters waiting for a reply, and letters whose "needs attention" no one has closed
    /// (answered or printed or not).
    LettersWaiting {
        count: usize,
        attention: usize,
    },
    Incident {
        id: IncidentId,
        kind: IncidentKind,
        found: NaiveDate,
    },
    /// An open absence case: `failed` bring-back attempts so far; `report_due` once they
    /// reach the school's number (`[absence] attempts_before_report`): the written report.
    Absence {
        id: AbsenceId,
        kind: AbsenceKind,
        first_day: NaiveDate,
        failed: usize,
        report_due: bool,
    },
    MoodFalling(MoodAlert),
    /// Each overdue rule of the child with the days it is overdue by.
    Overdue(Vec<(String, i64)>),
    DueThisWeek(Vec<Due>),
    FollowUp {
        id: FollowUpId,
        due: NaiveDate,
        text: String,
    },
    /// A child in the programme with no counselor, and their class.
    NoCounselor {
        class: String,
    },
    /// More children with no counselor than are listed one by one.
    MoreWithoutCounselor {
        count: usize,
    },
    /// The child turns 16 on `on` (by Sunday), or did.
    TurnsSixteen {
        on: NaiveDate,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub struct AgendaItem {
    pub section: Section,
    pub child: Option<ChildId>,
    /// The child's name; empty for the letters and for a report about no named child.
    pub name: String,
    pub kind: AgendaKind,
    /// Shown as urgent: overdue, an open report, a falling mood, a follow-up past its day.
    pub urgent: bool,
}

impl AgendaItem {
    /// The follow-up or report the row is about, for marking done and opening.
    pub fn target(&self) -> Option<RecordRef> {
        match &self.kind {
            AgendaKind::Incident { id, .. } => Some(RecordRef::Incident(id.0)),
            AgendaKind::FollowUp { id, .. } => Some(RecordRef::FollowUp(id.0)),
            _ => None,
        }
    }
}

/// What the agenda is made of, read by the caller.
pub struct AgendaInput<'a> {
    pub today: NaiveDate,
    /// The children in this person's care, most in need first.
    pub cares: &'a [Care],
    /// Open reports this person answers for, each with the child's name if there is a child.
    pub incidents: Vec<(Incident, Option<String>)>,
    /// Open absence cases of the children this person may see, each with the child's name.
    pub absences: Vec<(AbsenceCase, String)>,
    /// Failed attempts after which a case asks for its written report.
    pub absence_attempts: u32,
    /// Open follow-ups of the children in care.
    pub followups: Vec<FollowUp>,
    pub letters_waiting: usize,
    /// Letters still needing attention (0 for who does not read the mailbox).
    pub letters_attention: usize,
    /// Children in the programme whom nobody cares for: (child, name, class). Given only to
    /// whoever assigns children.
    pub without_counselor: Vec<(ChildId, String, String)>,
}

/// Children with no counselor listed one by one; the rest are counted in one row (after a
/// county's first roster import that is every child).
pub const NO_COUNSELOR_LISTED: usize = 20;

pub fn build(input: AgendaInput<'_>) -> Vec<AgendaItem> {
    let today = input.today;
    let (_, sunday) = week_of(today);
    let mut items = Vec::new();
    if input.letters_waiting > 0 || input.letters_attention > 0 {
        items.push(AgendaItem {
            section: Section::Letters,
            child: None,
            name: String::new(),
            kind: AgendaKind::LettersWaiting {
                count: input.letters_waiting,
                attention: input.letters_attention,
            },
            urgent: input.letters_attention > 0,
        });
    }
    for (incident, name) in input.incidents {
        items.push(AgendaItem {
            section: Section::Incidents,
            child: incident.child,
            name: name.unwrap_or_default(),
            kind: AgendaKind::Incident {
                id: incident.id,
                kind: incident.kind,
                found: incident.found_at.date(),
            },
            urgent: true,
        });
    }
    for (case, name) in input.absences {
        let report_due = case.needs_written_report(input.absence_attempts);
        items.push(AgendaItem {
            section: Section::Absences,
            child: Some(case.child),
            name,
            kind: AgendaKind::Absence {
                id: case.id,
                kind: case.kind,
                first_day: case.first_day,
                failed: case.failed_attempts(),
                report_due,
            },
            urgent: report_due,
        });
    }
    let mut without = input.without_counselor;
    // Each key made once: after a county's first import every child is here.
    without.sort_by_cached_key(|(child, name, class)| {
        (class_order(class).0, class.clone(), name.clone(), *child)
    });
    let more = without.len().saturating_sub(NO_COUNSELOR_LISTED);
    for (child, name, class) in without.into_iter().take(NO_COUNSELOR_LISTED) {
        items.push(AgendaItem {
            section: Section::NoCounselor,
            child: Some(child),
            name,
            kind: AgendaKind::NoCounselor { class },
            urgent: false,
        });
    }
    if more > 0 {
        items.push(AgendaItem {
            section: Section::NoCounselor,
            child: None,
            name: String::new(),
            kind: AgendaKind::MoreWithoutCounselor { count: more },
            urgent: false,
        });
    }
    for c in input.cares {
        if let Some(alert) = &c.mood_alert {
            items.push(AgendaItem {
                section: Section::Mood,
                child: Some(c.child.child),
                name: c.child.name.clone(),
                kind: AgendaKind::MoodFalling(alert.clone()),
                urgent: true,
            });
        }
    }
    // One line per child and section, the rules together: a child with four duties overdue
    // is one child to see, not four rows.
    for c in input.cares {
        let mut overdue = Vec::new();
        let mut due = Vec::new();
        for s in &c.statuses {
            let rule = s.rule.to_string();
            match s.state {
                DueState::Overdue { days, .. } => overdue.push((rule, days)),
                DueState::DueToday => due.push(Due::Today { rule }),
                // "Due this week" holds only what falls due by Sunday.
                DueState::PastTarget { deadline, .. } if deadline <= sunday => {
                    due.push(Due::PastTarget { rule, deadline })
                }
                DueState::DueSoon { due: day } if day <= sunday => due.push(Due::On { rule, day }),
                _ => {}
            }
        }
        if !overdue.is_empty() {
            items.push(AgendaItem {
                section: Section::Overdue,
                child: Some(c.child.child),
                name: c.child.name.clone(),
                kind: AgendaKind::Overdue(overdue),
                urgent: true,
            });
        }
        if !due.is_empty() {
            items.push(AgendaItem {
                section: Section::DueThisWeek,
                child: Some(c.child.child),
                name: c.child.name.clone(),
                kind: AgendaKind::DueThisWeek(due),
                urgent: false,
            });
        }
    }
    let mut followups: Vec<FollowUp> = input
        .followups
        .into_iter()
        .filter(|f| f.is_open() && f.due <= sunday)
        .collect();
    followups.sort_by_key(|f| (f.due, f.id));
    for f in followups {
        let Some(c) = input.cares.iter().find(|c| c.child.child == f.child) else {
            continue;
        };
        items.push(AgendaItem {
            section: Section::FollowUps,
            child: Some(f.child),
            name: c.child.name.clone(),
            urgent: f.due < today,
            kind: AgendaKind::FollowUp {
                id: f.id,
                due: f.due,
                text: f.text,
            },
        });
    }
    for c in input.cares.iter().filter(|c| c.child.active) {
        let on = sixteenth_birthday(c.child.birth_date);
        if on <= sunday {
            items.push(AgendaItem {
                section: Section::Sixteen,
                child: Some(c.child.child),
                name: c.child.name.clone(),
                kind: AgendaKind::TurnsSixteen { on },
                urgent: false,
            });
        }
    }
    // On Fridays the mailbox comes first; on other days the letters wait below the children,
    // unless one needs attention: a child's safety does not wait for Friday.
    let friday = today.weekday() == Weekday::Fri;
    items.sort_by_key(|i| match i.section {
        Section::Letters if !friday && !i.urgent => (Section::DueThisWeek, 1),
        s => (s, 0),
    });
    items
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::config::Config;
    use crate::domain::care::assess;
    use crate::model::{ChildSummary, CounselorId, FollowUp, Gender, NoteKind};

    fn day(m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, m, d).unwrap()
    }

    fn child(id: u64, name: &str) -> ChildSummary {
        ChildSummary {
            child: ChildId(id),
            student_id: None,
            name: name.into(),
            gender: Gender::Female,
            birth_date: day(1, 1),
            class: String::new(),
            village: String::new(),
            guardian_name: String::new(),
            guardian_relation: String::new(),
            flags: vec![],
            active: true,
            counselor: Some(CounselorId(9)),
            care_started: Some(day(9, 1)),
            contact_days: vec![],
            contact_counts: vec![0; NoteKind::ALL.len()],
            moods: vec![],
            open_followups: 0,
            next_followup: None,
            open_incidents: 0,
        }
    }

    fn followup(id: u64, child: u64, due: NaiveDate) -> FollowUp {
        FollowUp {
            id: FollowUpId(id),
            child: ChildId(child),
            counselor: CounselorId(9),
            due,
            text: "回访".into(),
            note: None,
            created: day(9, 1).and_hms_opt(8, 0, 0).unwrap(),
            done: None,
        }
    }

    /// A child in the programme whose 16th birthday is by Sunday, or past, is flagged once:
    /// across New Year and on a leap day too; one who turns 16 next week, or who has left, is
    /// not.
    #[test]
    fn a_child_turning_sixteen_by_sunday_is_flagged() {
        let config = Config::default();
        let ymd = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).unwrap();
        let flagged = |today: NaiveDate, born: &[NaiveDate]| {
            let cares: Vec<_> = born
                .iter()
                .enumerate()
                .map(|(i, b)| {
                    let mut c = child(i as u64 + 1, &format!("孩子{i}"));
                    c.birth_date = *b;
                    assess(c, &config, today)
                })
                .collect();
            let items = build(AgendaInput {
                today,
                cares: &cares,
                incidents: vec![],
                absences: vec![],
                absence_attempts: 3,
                followups: vec![],
                letters_waiting: 0,
                letters_attention: 0,
                without_counselor: vec![],
            });
            items
                .into_iter()
                .filter(|i| i.section == Section::Sixteen)
                .map(|i| match i.kind {
                    AgendaKind::TurnsSixteen { on } => (i.name, on),
                    other => panic!("{other:?}"),
                })
                .collect::<Vec<_>>()
        };
        // Thursday 26 November 2026; Sunday is the 29th.
        let thursday = ymd(2026, 11, 26);
        assert_eq!(
            flagged(
                thursday,
                &[ymd(2010, 11, 29), ymd(2010, 11, 30), ymd(2009, 5, 1)]
            ),
            [
                ("孩子0".to_string(), ymd(2026, 11, 29)),
                ("孩子2".to_string(), ymd(2025, 5, 1))
            ]
        );
        // The week of New Year: Thursday 31 December, Sunday 3 January.
        assert_eq!(
            flagged(ymd(2026, 12, 31), &[ymd(2011, 1, 2), ymd(2011, 1, 4)]),
            [("孩子0".to_string(), ymd(2027, 1, 2))]
        );
        // A leap day: born on 29 February 2008, 16 on 29 February 2024, a Thursday.
        assert_eq!(
            flagged(ymd(2024, 2, 26), &[ymd(2008, 2, 29)]),
            [("孩子0".to_string(), ymd(2024, 2, 29))]
        );
        // Who has left the programme is not this week's.
        let mut gone = child(1, "孩子0");
        gone.birth_date = ymd(2009, 5, 1);
        gone.active = false;
        let cares = vec![assess(gone, &config, thursday)];
        let items = build(AgendaInput {
            today: thursday,
            cares: &cares,
            incidents: vec![],
            absences: vec![],
            absence_attempts: 3,
            followups: vec![],
            letters_waiting: 0,
            letters_attention: 0,
            without_counselor: vec![],
        });
        assert!(items.iter().all(|i| i.section != Section::Sixteen));
    }

    /// A letter needing attention keeps the mailbox row (answered and printed or not), urgent
    /// and first on any day, with both counts.
    #[test]
    fn letters_needing_attention_stay_first_with_their_count() {
        let config = Config::default();
        let thursday = day(11, 26);
        let cares = vec![assess(child(1, "张伟"), &config, thursday)];
        let items = build(AgendaInput {
            today: thursday,
            cares: &cares,
            incidents: vec![],
            absences: vec![],
            absence_attempts: 3,
            followups: vec![],
            letters_waiting: 0,
            letters_attention: 1,
            without_counselor: vec![],
        });
        let first = items.first().unwrap();
        assert_eq!(first.section, Section::Letters);
        assert!(first.urgent);
        assert_eq!(
            first.kind,
            AgendaKind::LettersWaiting {
                count: 0,
                attention: 1
            }
        );
    }

    /// A child never contacted since September is overdue on several rules: one row with
    /// every rule; follow-ups due after Sunday wait; letters come first on Friday only.
    #[test]
    fn one_row_per_child_and_section_letters_first_on_friday() {
        let config = Config::default();
        let build_on = |today: NaiveDate| {
            let cares = vec![assess(child(1, "张伟"), &config, today)];
            build(AgendaInput {
                today,
                cares: &cares,
                incidents: vec![],
                absences: vec![],
                absence_attempts: 3,
                followups: vec![followup(5, 1, today), followup(6, 1, day(12, 30))],
                letters_waiting: 2,
                letters_attention: 0,
                without_counselor: vec![],
            })
        };
        let thursday = build_on(day(11, 26));
        let overdue: Vec<&AgendaItem> = thursday
            .iter()
            .filter(|i| i.section == Section::Overdue)
            .collect();
        assert_eq!(overdue.len(), 1);
        let AgendaKind::Overdue(rules) = &overdue[0].kind else {
            panic!("{overdue:?}")
        };
        assert!(
            rules.len() > 1 && rules.iter().all(|(_, days)| *days > 0),
            "{rules:?}"
        );
        let follow: Vec<_> = thursday.iter().filter_map(|i| i.target()).collect();
        assert_eq!(follow, vec![RecordRef::FollowUp(5)]);
        assert_eq!(thursday.last().map(|i| i.section), Some(Section::Letters));
        let friday = build_on(day(11, 27));
        assert_eq!(friday.first().map(|i| i.section), Some(Section::Letters));
        // "Due this week" holds only what falls due by Sunday: a semester rule behind its
        // school target, due at the end of term, waits for its own week.
        let sunday = day(11, 29);
        for item in &thursday {
            if let AgendaKind::DueThisWeek(due) = &item.kind {
                for d in due {
                    let by = match d {
                        Due::Today { .. } => day(11, 26),
                        Due::On { day, .. } => *day,
                        Due::PastTarget { deadline, .. } => *deadline,
                    };
                    assert!(by <= sunday, "{d:?} is not due this week");
                }
            }
        }
        let last_week_of_term = build_on(NaiveDate::from_ymd_opt(2027, 1, 18).unwrap());
        assert!(
            last_week_of_term.iter().any(|i| matches!(
                &i.kind,
                AgendaKind::DueThisWeek(due)
                    if due.iter().any(|d| matches!(d, Due::PastTarget { .. }))
            )),
            "in the term's last week the semester rule is due: {last_week_of_term:?}"
        );
    }

    /// The coordinator's children without a counselor: by class and name, the first ones
    /// listed, the rest counted in one row.
    #[test]
    fn children_without_a_counselor_are_listed_then_counted() {
        let today = day(11, 26);
        let mut without: Vec<(ChildId, String, String)> = (0..NO_COUNSELOR_LISTED as u64 + 3)
            .map(|i| {
                (
                    ChildId(100 + i),
                    format!("孩子{i:02}"),
                    "七年级(2)班".into(),
                )
            })
            .collect();
        without.push((ChildId(7), "王芳".into(), "七年级(1)班".into()));
        let items = build(AgendaInput {
            today,
            cares: &[],
            incidents: vec![],
            absences: vec![],
            absence_attempts: 3,
            followups: vec![],
            letters_waiting: 0,
            letters_attention: 0,
            without_counselor: without,
        });
        assert!(items.iter().all(|i| i.section == Section::NoCounselor));
        assert_eq!(items.len(), NO_COUNSELOR_LISTED + 1);
        assert_eq!(items[0].name, "王芳", "by class first, then by name");
        assert_eq!(
            items.last().map(|i| &i.kind),
            Some(&AgendaKind::MoreWithoutCounselor { count: 4 })
        );
    }
}

#[cfg(test)]
mod absence_tests {
    use super::*;
    use crate::model::{AbsenceClosure, AbsenceOutcome, Attempt, AttemptWay, CounselorId};

    fn case(failed: usize) -> AbsenceCase {
        let day = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap_or_default();
        let at = day.and_hms_opt(9, 0, 0).unwrap_or_default();
        AbsenceCase {
            id: AbsenceId(7),
            child: ChildId(3),
            kind: AbsenceKind::DroppedOut,
            first_day: day,
            note: String::new(),
            registered_by: CounselorId(1),
            registered_at: at,
            attempts: (0..failed)
                .map(|_| Attempt {
                    on: day,
                    went: "班主任".into(),
                    way: AttemptWay::HomeVisit,
                    met: "爷爷".into(),
                    result: "不肯来".into(),
                    failed: true,
                    logged_by: CounselorId(1),
                    logged_at: at,
                })
                .collect(),
            report_printed: None,
            incidents: vec![],
            from_incident: None,
            closed: None,
        }
    }

    fn items(cases: Vec<AbsenceCase>) -> Vec<AgendaItem> {
        build(AgendaInput {
            today: NaiveDate::from_ymd_opt(2026, 12, 2).unwrap_or_default(),
            cares: &[],
            incidents: vec![],
            absences: cases.into_iter().map(|c| (c, "张伟".to_string())).collect(),
            absence_attempts: 3,
            followups: vec![],
            letters_waiting: 0,
            letters_attention: 0,
            without_counselor: vec![],
        })
    }

    #[test]
    fn three_failed_attempts_ask_for_the_written_report_and_no_police_report() {
        let two = items(vec![case(2)]);
        assert_eq!(two.len(), 1);
        assert!(!two[0].urgent);
        let three = items(vec![case(3)]);
        assert_eq!(three[0].section, Section::Absences);
        assert!(three[0].urgent, "the written report is asked");
        assert!(matches!(
            three[0].kind,
            AgendaKind::Absence {
                failed: 3,
                report_due: true,
                ..
            }
        ));
        assert!(three.iter().all(|i| i.section != Section::Incidents));
        // Closed as 复学: the case no longer asks (the session gives only open cases; the
        // rule itself says so too).
        let mut closed = case(3);
        closed.closed = Some(AbsenceClosure {
            at: closed.registered_at,
            by: CounselorId(1),
            outcome: AbsenceOutcome::Returned,
            note: String::new(),
        });
        assert!(!closed.needs_written_report(3));
    }
}
