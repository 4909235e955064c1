//! `shouwang demo`: a store full of invented but believable data — staff, children, a term of
//! notes, moods, follow-ups, letters and incidents — the same for the same seed and day.

mod absences;
mod letters;
mod mailbox;
mod notes;
mod people;
mod rng;
mod texts;

use crate::model::*;
use crate::store::{Session, Store, StoreError, Writer};
use crate::tr;
use chrono::{Duration, NaiveDate, NaiveTime};
use mailbox::{IncidentPlan, Names};
use notes::{Caseload, Placed};
use people::{Kid, Term};
use rng::Rng;
use std::collections::HashSet;
use std::fmt;

/// Records per unflushed transaction: big enough to be fast, small enough to keep memory flat.
const BATCH: usize = 20_000;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DemoOptions {
    pub children: usize,
    pub notes_per_child: usize,
    pub seed: u64,
    /// The day the demo is "now": the term is the one containing it, and nothing is later.
    pub today: NaiveDate,
}

impl DemoOptions {
    /// The usual demo school (120 children, 24 notes each) as it stands on `today`.
    pub fn on(today: NaiveDate) -> DemoOptions {
        DemoOptions {
            children: 120,
            notes_per_child: 24,
            seed: 1,
            today,
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DemoSummary {
    pub counselors: usize,
    pub children: usize,
    pub notes: usize,
    pub moods: usize,
    pub followups: usize,
    pub letters: usize,
    pub incidents: usize,
}

impl fmt::Display for DemoSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&tr!(
            "demo.summary",
            counselors = crate::trn!("ui.count.staff", count = self.counselors),
            children = crate::trn!("ui.count.children", count = self.children),
            notes = crate::trn!("ui.count.notes", count = self.notes),
            moods = crate::trn!("ui.count.moods", count = self.moods),
            followups = crate::trn!("ui.count.followups", count = self.followups),
            letters = crate::trn!("ui.count.letters", count = self.letters),
            incidents = crate::trn!("ui.count.incidents", count = self.incidents)
        ))
    }
}

/// The names a test or a first look can log in with.
pub const FIRST_COORDINATOR: &str = "周主任";
pub const FIRST_COUNSELOR: &str = "李老师";
pub const FIRST_HEAD_TEACHER: &str = "陈老师";

struct Staff {
    coordinators: Vec<CounselorId>,
    counselors: Vec<CounselorId>,
    written: usize,
}

/// Caseload sizes between 2 and 10 (mostly 3–8) that add up to `children`; the first one has
/// at least five so that `李老师` always has a full list.
fn caseload_sizes(rng: &mut Rng, children: usize) -> Vec<usize> {
    let mut sizes = Vec::new();
    let mut left = children;
    while left > 0 {
        let mut s = (rng.range(3, 8) as usize).min(left);
        if sizes.is_empty() {
            s = s.max(5).min(left);
        }
        if left - s == 1 {
            s += 1;
        }
        sizes.push(s);
        left -= s;
    }
    sizes
}

fn add_staff(
    w: &mut Writer,
    rng: &mut Rng,
    term: &Term,
    classes: &[(u8, String)],
    caseloads: usize,
    children: usize,
) -> Result<Staff, StoreError> {
    let mut taken: HashSet<String> = w.all::<Counselor>()?.into_iter().map(|c| c.name).collect();
    let created = term
        .start
        .and_time(NaiveTime::from_hms_opt(7, 30, 0).unwrap_or_default());
    let mut put = |w: &mut Writer,
                   rng: &mut Rng,
                   fixed: Option<&str>,
                   role: Role,
                   classes: Vec<String>|
     -> Result<CounselorId, StoreError> {
        let name = match fixed {
            Some(n) if taken.insert(n.to_string()) => n.to_string(),
            _ => people::unique_name(rng, &[texts::GIVEN_MAN, texts::GIVEN_WOMAN], &mut taken),
        };
        let c = Counselor {
            id: CounselorId(w.next_id()?),
            name,
            role,
            classes,
            passphrase_hash: None,
            created,
            active: true,
        };
        w.load(&c)?;
        Ok(c.id)
    };
    let mut coordinators = Vec::new();
    for i in 0..3 + children / 20_000 {
        let fixed = (i == 0).then_some(FIRST_COORDINATOR);
        coordinators.push(put(w, rng, fixed, Role::Coordinator, Vec::new())?);
    }
    // 陈老师 leads 三年级(2)班, so a head teacher's view is easy to find.
    let chen = classes
        .iter()
        .position(|(_, c)| c == "三年级(2)班")
        .unwrap_or(0);
    for (i, (_, class)) in classes.iter().enumerate() {
        let fixed = (i == chen).then_some(FIRST_HEAD_TEACHER);
        put(w, rng, fixed, Role::HeadTeacher, vec![class.clone()])?;
    }
    let mut counselors = Vec::new();
    for i in 0..caseloads {
        let fixed = (i == 0).then_some(FIRST_COUNSELOR);
        counselors.push(put(w, rng, fixed, Role::Counselor, Vec::new())?);
    }
    Ok(Staff {
        written: coordinators.len() + classes.len() + counselors.len(),
        coordinators,
        counselors,
    })
}

/// What the generation carries from one batch to the next: small, whatever the store's size.
struct State {
    term: Term,
    root: Rng,
    classes: Vec<(u8, String)>,
    sizes: Vec<usize>,
    staff: Staff,
    next_caseload: usize,
    next_child: usize,
    used: HashSet<(String, NaiveDate)>,
    names: Names,
    alone: Vec<(Kid, CounselorId)>,
    absent: Vec<(Kid, CounselorId)>,
    few: usize,
    summary: DemoSummary,
}

impl State {
    /// Writes whole caseloads (children, assignments, notes, moods, follow-ups) until about
    /// `BATCH` records are in this transaction. Returns the progress units done.
    fn batch(&mut self, w: &mut Writer, notes_per_child: usize) -> Result<u64, StoreError> {
        let mut records = 0;
        let mut units = 0;
        while records < BATCH && self.next_caseload < self.sizes.len() {
            let ci = self.next_caseload;
            self.next_caseload += 1;
            let mut rng = self.root.fork(1_000 + ci as u64);
            let counselor = self.staff.counselors[ci];
            let home = rng.below(self.classes.len());
            let mut kids = Vec::with_capacity(self.sizes[ci]);
            for _ in 0..self.sizes[ci] {
                let class = if rng.chance(0.7) {
                    home
                } else {
                    rng.below(self.classes.len())
                };
                let (grade, class) = &self.classes[class];
                let id = ChildId(w.next_id()?);
                let (child, kid) = people::child(
                    &mut rng,
                    id,
                    self.next_child,
                    (*grade, class),
                    &self.term,
                    &mut self.used,
                );
                self.next_child += 1;
                w.load(&child)?;
                self.names.add(&child.name);
                let previous = self.moved_here(&mut rng, ci);
                match previous {
                    Some((earlier, moved)) => {
                        w.assign(id, earlier, self.term.start)?;
                        w.assign(id, counselor, moved)?;
                    }
                    None => {
                        w.assign(id, counselor, self.term.start)?;
                    }
                }
                self.remember(&kid, counselor);
                kids.push(Placed {
                    kid,
                    previous,
                    overdue: rng.chance(0.15),
                    falling: rng.chance(0.06),
                });
            }
            let written = Caseload {
                counselor,
                kids: &kids,
                notes_per_child,
                term: &self.term,
            }
            .write(w, &mut rng)?;
            self.summary.children += kids.len();
            self.summary.notes += written.notes;
            self.summary.moods += written.moods;
            self.summary.followups += written.followups;
            records += kids.len() * 3 + written.notes + written.moods + written.followups;
            units += (kids.len() + written.notes) as u64;
        }
        Ok(units)
    }

    /// A few children were moved to this counselor during the term, so history exists.
    fn moved_here(&self, rng: &mut Rng, ci: usize) -> Option<(CounselorId, NaiveDate)> {
        let n = self.staff.counselors.len();
        let days = self.term.days();
        if n < 2 || days < 21 || !rng.chance(0.04) {
            return None;
        }
        let earlier = self.staff.counselors[(ci + 1 + rng.below(n - 1)) % n];
        let moved = self.term.start + Duration::days(rng.range(7, days - 7));
        Some((earlier, moved))
    }

    fn remember(&mut self, kid: &Kid, counselor: CounselorId) {
        let f = &kid.flags;
        if self.alone.len() < self.few
            && (f.contains(&Flag::Unsupported) || f.contains(&Flag::NoGuardianship))
        {
            self.alone.push((kid.clone(), counselor));
        } else if self.absent.len() < 2 * self.few && f.contains(&Flag::DropoutRisk) {
            self.absent.push((kid.clone(), counselor));
        }
    }
}

/// Fills an empty store with a demo school. Refuses a store that already has children, so a
/// real archive never gets invented data mixed in. `progress(done, total)` is called after
/// each batch; the last call has `done == total`.
pub fn fill(
    store: &Store,
    session: Option<&Session>,
    actor: &Actor,
    options: &DemoOptions,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<DemoSummary, StoreError> {
    // Demo data is never mixed with real records: that sentence first, whoever asks.
    if store.reader()?.count::<Child>()? > 0 {
        return Err(StoreError::Refused(Refusal::DemoNotEmpty {
            path: store.path().display().to_string(),
        }));
    }
    // A coordinator's session, or none on a store with no staff yet (the demo makes them).
    store.allow_or_first(session, crate::domain::access::Operation::FillDemo)?;
    // A new store filled with invented children stays plain, and says so on every screen.
    if session.is_none() {
        store.mark_demo()?;
    }
    let term = Term::containing(options.today);
    let root = Rng::new(options.seed);
    let mut rng = root.fork(1);
    let classes = people::classes(options.children);
    let sizes = caseload_sizes(&mut rng, options.children);
    let total = (options.children * (1 + options.notes_per_child)) as u64;
    let staff = store.write_unflushed(actor, |w| {
        if w.count::<Child>()? > 0 {
            return Err(StoreError::Refused(Refusal::DemoNotEmpty {
                path: store.path().display().to_string(),
            }));
        }
        add_staff(w, &mut rng, &term, &classes, sizes.len(), options.children)
    })?;
    progress(0, total);
    let mut state = State {
        term: term.clone(),
        root: root.clone(),
        classes,
        sizes,
        summary: DemoSummary {
            counselors: staff.written,
            ..DemoSummary::default()
        },
        staff,
        next_caseload: 0,
        next_child: 0,
        used: HashSet::new(),
        names: Names::new(),
        alone: Vec::new(),
        absent: Vec::new(),
        few: 1 + options.children / 10_000,
    };
    let mut done = 0;
    while state.next_caseload < state.sizes.len() {
        done += store.write_unflushed(actor, |w| state.batch(w, options.notes_per_child))?;
        progress(done.min(total), total);
    }
    // The last transaction is durable: it makes every batch before it safe on disk too.
    let mut rng = root.fork(2);
    store.write(actor, |w| {
        let repliers: Vec<CounselorId> = state
            .staff
            .counselors
            .iter()
            .take(3)
            .chain(state.staff.coordinators.first())
            .copied()
            .collect();
        let (letters, danger) = mailbox::letters(
            w,
            &mut rng,
            &state.term,
            options.children,
            &repliers,
            &state.names,
        )?;
        state.summary.letters = letters;
        state.summary.incidents = mailbox::incidents(
            w,
            &mut rng,
            &state.term,
            &IncidentPlan {
                alone: &state.alone,
                coordinator: state.staff.coordinators[0],
                letter: danger,
            },
        )?;
        absences::absences(w, &mut rng, &state.term, &state.absent)?;
        w.audit(
            AuditAction::Create,
            RecordRef::Store,
            crate::model::Detail::Demo { seed: options.seed },
        )
    })?;
    progress(total, total);
    Ok(state.summary)
}

#[cfg(test)]
mod fill_tests;
#[cfg(test)]
mod story_tests;

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Datelike;

    #[test]
    fn caseloads_hold_two_to_ten_and_add_up() {
        for seed in 0..200 {
            for children in [2, 3, 5, 6, 7, 11, 120, 1001] {
                let sizes = caseload_sizes(&mut Rng::new(seed), children);
                assert_eq!(sizes.iter().sum::<usize>(), children);
                assert!(sizes.iter().all(|s| (2..=10).contains(s)), "{sizes:?}");
                assert!(sizes[0] >= 5.min(children));
            }
        }
    }

    #[test]
    fn the_term_follows_today() {
        let d = |y, m, dd| NaiveDate::from_ymd_opt(y, m, dd).unwrap();
        let t = Term::containing(d(2026, 11, 25));
        assert_eq!((t.start, t.school_year), (d(2026, 9, 1), 2026));
        let t = Term::containing(d(2027, 1, 5));
        assert_eq!((t.start, t.school_year), (d(2026, 9, 1), 2026));
        let t = Term::containing(d(2027, 4, 1));
        assert_eq!(t.start.month(), 2);
        assert_eq!(t.school_year, 2026);
        assert!(t.in_break(d(2027, 7, 20)) && !t.in_break(d(2027, 5, 20)));
    }

    #[test]
    fn names_are_found_inside_text_and_slots_are_filled() {
        let mut names = Names::new();
        names.add("王思雨");
        names.add("欧阳浩");
        assert!(names.any_in("我和王思雨是同桌"));
        assert!(names.any_in("欧阳浩"));
        assert!(!names.any_in("王思和思雨"));
        let kid = Kid {
            id: ChildId(1),
            given: "思雨".into(),
            guardian: "奶奶",
            parent: "妈妈",
            work_place: "广东东莞",
            flags: Default::default(),
        };
        let ctx = notes::Ctx::of(&kid, &mut Rng::new(1));
        let s = notes::fill("{n}说{p}在{w}，{g}在家。{x}", &ctx);
        assert_eq!(s, "思雨说妈妈在广东东莞，奶奶在家。{x}");
    }
}
