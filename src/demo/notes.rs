//! A term of contact notes, moods and follow-ups for one counselor's caseload, composed from
//! the fragments in `texts` so that no two notes read alike.

use super::people::{Kid, Term, at, weighted};
use super::rng::Rng;
use super::texts::*;
use crate::model::*;
use crate::store::{StoreError, Writer};
use chrono::{Datelike, Duration, NaiveDate, Weekday};

/// What fills a fragment's slots.
pub struct Ctx<'a> {
    pub n: &'a str,
    pub g: &'a str,
    pub p: &'a str,
    pub w: &'a str,
    pub s: &'a str,
    pub k: usize,
}

impl<'a> Ctx<'a> {
    pub fn of(kid: &'a Kid, rng: &mut Rng) -> Ctx<'a> {
        Ctx {
            n: &kid.given,
            g: kid.guardian,
            p: kid.parent,
            w: kid.work_place,
            s: rng.pick(SUBJECTS),
            k: 1,
        }
    }
}

/// Appends `template` to `out` with its `{x}` slots filled.
pub fn fill_into(out: &mut String, template: &str, ctx: &Ctx) {
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) => {
                match &after[..close] {
                    "n" => out.push_str(ctx.n),
                    "g" => out.push_str(ctx.g),
                    "p" => out.push_str(ctx.p),
                    "w" => out.push_str(ctx.w),
                    "s" => out.push_str(ctx.s),
                    "k" => out.push_str(&ctx.k.to_string()),
                    other => {
                        out.push('{');
                        out.push_str(other);
                        out.push('}');
                    }
                }
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

pub fn fill(template: &str, ctx: &Ctx) -> String {
    let mut s = String::with_capacity(template.len() + 16);
    fill_into(&mut s, template, ctx);
    s
}

/// The days of the week a sentence says it happened on (`周四下午…` Thursday, `周末…` Saturday
/// or Sunday); none when it names no day of this week (`下周一` is another week).
pub fn days_named(sentence: &str) -> &'static [Weekday] {
    use Weekday::*;
    const DAYS: [(&str, &[Weekday]); 8] = [
        ("一", &[Mon]),
        ("二", &[Tue]),
        ("三", &[Wed]),
        ("四", &[Thu]),
        ("五", &[Fri]),
        ("六", &[Sat]),
        ("日", &[Sun]),
        ("末", &[Sat, Sun]),
    ];
    let mut named: &'static [Weekday] = &[];
    for (i, _) in sentence.match_indices('周') {
        let other_week = sentence[..i].ends_with(['上', '下', '每']);
        let after = &sentence[i + '周'.len_utf8()..];
        if let Some((_, days)) = DAYS.iter().find(|(d, _)| after.starts_with(d))
            && !other_week
        {
            named = days;
        }
    }
    named
}

/// Whether an opening may begin a note of `day`: it names no day, or that day's.
fn fits(opening: &str, day: NaiveDate) -> bool {
    let named = days_named(opening);
    named.is_empty() || named.contains(&day.weekday())
}

/// Opening, then usually what was seen, said and agreed; sometimes a second thing said. The
/// opening says when it happened, so it never names another day than `day`.
pub fn compose(
    rng: &mut Rng,
    f: &Fragments,
    ctx: &Ctx,
    opening: Option<&str>,
    day: NaiveDate,
) -> String {
    let mut out = String::with_capacity(200);
    let opening = opening.filter(|o| fits(o, day)).unwrap_or_else(|| {
        let fitting: Vec<&str> = f.opening.iter().copied().filter(|o| fits(o, day)).collect();
        if fitting.is_empty() {
            rng.pick(f.opening)
        } else {
            rng.pick(&fitting)
        }
    });
    fill_into(&mut out, opening, ctx);
    if rng.chance(0.8) {
        fill_into(&mut out, rng.pick(f.seen), ctx);
    }
    let first = rng.below(f.said.len());
    if rng.chance(0.85) {
        fill_into(&mut out, f.said[first], ctx);
    }
    if rng.chance(0.25) && f.said.len() > 1 {
        let second = (first + 1 + rng.below(f.said.len() - 1)) % f.said.len();
        fill_into(&mut out, f.said[second], ctx);
    }
    if rng.chance(0.8) {
        fill_into(&mut out, rng.pick(f.agreed), ctx);
    }
    out
}

/// A talk's mood score as its note tells it: good spirits 4–5, low spirits 2–3, both 3,
/// neither 3–4 (a counselor does not write 2 under "笑得很开心").
fn mood_of(text: &str, rng: &mut Rng) -> u8 {
    let glad = GLAD_WORDS.iter().any(|w| text.contains(w));
    let low = LOW_WORDS.iter().any(|w| text.contains(w));
    let (lo, hi) = match (glad, low) {
        (true, false) => (4, 5),
        (false, true) => (2, 3),
        (true, true) => (3, 3),
        (false, false) => (3, 4),
    };
    rng.range(lo, hi) as u8
}

/// The notes that may go beside a mood score.
fn mood_notes(score: i64, rng: &mut Rng) -> &'static [&'static str] {
    match score {
        ..=2 => MOOD_NOTES_LOW,
        3 if rng.chance(0.5) => MOOD_NOTES_LOW,
        3 => MOOD_NOTES_PLAIN,
        _ if rng.chance(0.3) => MOOD_NOTES_PLAIN,
        _ => MOOD_NOTES_GOOD,
    }
}

fn fragments(kind: NoteKind) -> &'static Fragments {
    match kind {
        NoteKind::Talk => &TALK,
        NoteKind::Tutoring => &TUTORING,
        NoteKind::HomeVisit => &HOME_VISIT,
        NoteKind::ParentCall => &PARENT_CALL,
        NoteKind::GuardianCall => &GUARDIAN_CALL,
        NoteKind::TeacherContact => &TEACHER_CONTACT,
        NoteKind::GroupCounseling => &GROUP_COUNSELING,
        NoteKind::LetterToParents => &LETTER_TO_PARENTS,
        NoteKind::Forum => &FORUM,
        NoteKind::HolidayCare => &HOLIDAY_CARE,
        NoteKind::MaterialSupport => &MATERIAL_SUPPORT,
        NoteKind::HolidaySafetyCheck => &HOLIDAY_CHECK,
    }
}

/// Individual kinds and how often a counselor logs each (talks and tutoring most).
const KINDS: [(NoteKind, u32); 9] = [
    (NoteKind::Talk, 34),
    (NoteKind::Tutoring, 24),
    (NoteKind::ParentCall, 11),
    (NoteKind::GuardianCall, 9),
    (NoteKind::TeacherContact, 5),
    (NoteKind::HomeVisit, 4),
    (NoteKind::LetterToParents, 6),
    (NoteKind::HolidayCare, 3),
    (NoteKind::MaterialSupport, 4),
];

fn duration(kind: NoteKind, rng: &mut Rng) -> Option<u16> {
    let (lo, hi) = match kind {
        NoteKind::Talk => (10, 30),
        NoteKind::Tutoring => (30, 60),
        NoteKind::HomeVisit => (40, 120),
        NoteKind::ParentCall | NoteKind::GuardianCall => (5, 20),
        NoteKind::TeacherContact => (5, 15),
        NoteKind::GroupCounseling | NoteKind::Forum => (40, 90),
        NoteKind::LetterToParents => (30, 45),
        _ => (15, 40),
    };
    Some(rng.range(lo, hi) as u16)
}

/// A child in this caseload, and where the child was before being moved here.
pub struct Placed {
    pub kid: Kid,
    /// (the earlier counselor, the day the child moved to this one)
    pub previous: Option<(CounselorId, NaiveDate)>,
    /// No talk for more than a week: shows as overdue this week.
    pub overdue: bool,
    /// Mood falling over the last entries.
    pub falling: bool,
}

impl Placed {
    fn counselor_on(&self, day: NaiveDate, current: CounselorId) -> CounselorId {
        match self.previous {
            Some((earlier, moved)) if day < moved => earlier,
            _ => current,
        }
    }
}

#[derive(Default, Clone, Copy)]
pub struct Written {
    pub notes: usize,
    pub moods: usize,
    pub followups: usize,
}

pub struct Caseload<'a> {
    pub counselor: CounselorId,
    pub kids: &'a [Placed],
    pub notes_per_child: usize,
    pub term: &'a Term,
}

impl Caseload<'_> {
    /// Writes the caseload's notes (exactly `kids × notes_per_child`), moods and follow-ups.
    pub fn write(&self, w: &mut Writer, rng: &mut Rng) -> Result<Written, StoreError> {
        let mut done = Written::default();
        let k = self.kids.len();
        let slots = k * self.notes_per_child;
        let months = (self.term.days() / 30).max(1) as usize;
        let groups = if k >= 2 {
            (months + 1).min(slots / 4)
        } else {
            0
        };
        for g in 0..groups {
            self.group_note(w, rng, g)?;
            done.notes += 1;
        }
        let individual = slots - groups;
        for (i, placed) in self.kids.iter().enumerate() {
            let mine = individual / k + usize::from(i < individual % k);
            let written = self.child_notes(w, rng, placed, mine)?;
            done.notes += written.notes;
            done.followups += written.followups;
            done.moods += self.moods(w, rng, placed)?;
        }
        Ok(done)
    }

    fn group_note(&self, w: &mut Writer, rng: &mut Rng, index: usize) -> Result<(), StoreError> {
        let term = self.term;
        let mut day = term.any_day(rng);
        if term.in_break(day) {
            day = term.day_back(rng, term.days() / 2, term.days());
        }
        let kind = if index == 0 && term.days() > 20 {
            NoteKind::Forum
        } else {
            NoteKind::GroupCounseling
        };
        // Only the children who were in this caseload on that day.
        let children: Vec<ChildId> = self
            .kids
            .iter()
            .filter(|p| p.counselor_on(day, self.counselor) == self.counselor)
            .map(|p| p.kid.id)
            .collect();
        let children = if children.is_empty() {
            vec![self.kids[0].kid.id]
        } else {
            children
        };
        let mut ctx = Ctx::of(&self.kids[0].kid, rng);
        ctx.p = "爸爸妈妈";
        ctx.k = children.len();
        let text = compose(rng, fragments(kind), &ctx, None, day);
        let when = at(day, rng, 14, 16);
        let note = Note {
            id: NoteId(w.next_id()?),
            children,
            counselor: self.counselor,
            kind,
            at: when,
            duration_min: duration(kind, rng),
            text,
            mood: None,
            support: String::new(),
            follow_up: None,
            created: when + Duration::minutes(rng.range(60, 300)),
            revisions: Vec::new(),
            deleted: None,
        };
        w.load(&note)
    }

    fn child_notes(
        &self,
        w: &mut Writer,
        rng: &mut Rng,
        placed: &Placed,
        count: usize,
    ) -> Result<Written, StoreError> {
        let term = self.term;
        let kid = &placed.kid;
        let mut done = Written::default();
        for i in 0..count {
            let last = i + 1 == count;
            let (mut kind, day) = if last && !placed.overdue {
                // Most children had a talk in the last few days.
                (NoteKind::Talk, term.day_back(rng, 0, 5))
            } else {
                let kind = KINDS[weighted(rng, &KINDS.map(|(_, w)| w))].0;
                let day = if kind == NoteKind::Talk && placed.overdue {
                    term.day_back(rng, 9, term.days())
                } else {
                    term.any_day(rng)
                };
                (kind, day)
            };
            if kind == NoteKind::MaterialSupport && !kid.flags.contains(&Flag::Hardship) {
                kind = NoteKind::Tutoring;
            }
            if term.in_break(day) {
                kind = NoteKind::HolidaySafetyCheck;
            }
            // Home visits are often made at the weekend, when the family is at home.
            let day = if kind == NoteKind::HomeVisit && rng.chance(0.4) {
                let back = i64::from(day.weekday().num_days_from_monday()) + rng.range(1, 2);
                Some(day - Duration::days(back)).filter(|d| *d >= term.start)
            } else {
                None
            }
            .unwrap_or(day);
            let ctx = Ctx::of(kid, rng);
            let festival: Vec<&str> = if kind == NoteKind::HolidayCare {
                FESTIVAL_OPENINGS
                    .iter()
                    .filter(|(m, _)| *m == day.month())
                    .map(|(_, t)| *t)
                    .collect()
            } else {
                Vec::new()
            };
            let opening = (!festival.is_empty() && rng.chance(0.7)).then(|| rng.pick(&festival));
            let text = compose(rng, fragments(kind), &ctx, opening, day);
            let mood = (kind == NoteKind::Talk && rng.chance(0.6)).then(|| mood_of(&text, rng));
            let (from, to) = match kind {
                NoteKind::HomeVisit => (9, 17),
                NoteKind::ParentCall | NoteKind::GuardianCall => (12, 20),
                _ => (8, 17),
            };
            let when = at(day, rng, from, to);
            let counselor = placed.counselor_on(day, self.counselor);
            let id = NoteId(w.next_id()?);
            let follow_up = if rng.chance(0.08) {
                let f = self.follow_up(w, rng, &ctx, kid.id, counselor, id, when)?;
                done.followups += 1;
                Some(f)
            } else {
                None
            };
            let note = Note {
                id,
                children: vec![kid.id],
                counselor,
                kind,
                at: when,
                duration_min: duration(kind, rng),
                text,
                mood,
                support: if kind == NoteKind::MaterialSupport {
                    rng.pick(SUPPORT_ITEMS).to_string()
                } else {
                    String::new()
                },
                follow_up,
                created: when + Duration::minutes(rng.range(5, 240)),
                revisions: Vec::new(),
                deleted: None,
            };
            w.load(&note)?;
            done.notes += 1;
        }
        Ok(done)
    }

    #[allow(clippy::too_many_arguments)]
    fn follow_up(
        &self,
        w: &mut Writer,
        rng: &mut Rng,
        ctx: &Ctx,
        child: ChildId,
        counselor: CounselorId,
        note: NoteId,
        when: Timestamp,
    ) -> Result<FollowUpId, StoreError> {
        let term = self.term;
        let due = when.date() + Duration::days(rng.range(2, 14));
        // Most past follow-ups were done; the rest are overdue now.
        let done = (due < term.today && rng.chance(0.75)).then(|| {
            let day = term
                .clamp(due - Duration::days(rng.range(0, 2)))
                .max(when.date());
            FollowUpDone {
                at: at(day, rng, 9, 17).max(when),
                by: counselor,
                note: rng.pick(FOLLOWUP_DONE).to_string(),
            }
        });
        let f = FollowUp {
            id: FollowUpId(w.next_id()?),
            child,
            counselor,
            due,
            text: fill(rng.pick(FOLLOWUPS), ctx),
            note: Some(note),
            created: when,
            done,
        };
        w.load(&f)?;
        Ok(f.id)
    }

    fn moods(&self, w: &mut Writer, rng: &mut Rng, placed: &Placed) -> Result<usize, StoreError> {
        let term = self.term;
        let count = (self.notes_per_child / 4).max(2);
        let mut days: Vec<NaiveDate> = (0..count).map(|_| term.any_day(rng)).collect();
        days.sort_unstable();
        let mut score: i64 = rng.range(3, 4);
        let ctx = Ctx::of(&placed.kid, rng);
        for (i, day) in days.iter().enumerate() {
            let from_end = count - i;
            score = if placed.falling && from_end <= 3 {
                from_end as i64 // 3, 2, 1: a fall a counselor should notice
            } else {
                (score + rng.range(-1, 1)).clamp(2, 5)
            };
            let low: &[&str] = &DEFAULT_FEELINGS[..5];
            let high: &[&str] = &DEFAULT_FEELINGS[5..];
            let mut feelings = vec![rng.pick(if score <= 3 { low } else { high }).to_string()];
            if score <= 2 && rng.chance(0.5) {
                let more = rng.pick(low).to_string();
                if !feelings.contains(&more) {
                    feelings.push(more);
                }
            }
            let m = MoodEntry {
                id: MoodId(w.next_id()?),
                child: placed.kid.id,
                at: at(*day, rng, 8, 17),
                score: score as u8,
                feelings,
                observer: placed.counselor_on(*day, self.counselor),
                note: {
                    let notes = mood_notes(score, rng);
                    fill(rng.pick(notes), &ctx)
                },
                follow_up: (score <= 2).then(|| *day + Duration::days(3)),
            };
            w.load(&m)?;
        }
        Ok(count)
    }
}
