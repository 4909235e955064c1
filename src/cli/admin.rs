//! The coordinator's desk on the command line: `handover`, `counselor role|classes|deactivate|
//! activate` and `child leave|return`. Each is one named operation of the person's session
//! (the table decides, `cli/access.rs` maps the command), printed as sentences.

use super::run::{CliError, find_counselor, session};
use super::{
    ChildCommand, Command, CounselorCommand, HandoverArgs, LeaveReasonArg, RoleArg, access::Acting,
    say,
};
use crate::model::{Child, LeaveReason, Role};
use crate::store::{Session, SessionWriter, Store, StoreError};
use crate::text::safe;
use crate::tr;
use chrono::NaiveDate;

/// Runs one of the desk's commands; `false` when `command` is not one of them.
pub(super) fn run_admin(store: &Store, who: &Acting, command: &Command) -> Result<bool, CliError> {
    match command {
        Command::Handover(args) => handover(store, session(who)?, args)?,
        Command::Counselor(CounselorCommand::Role { name, role }) => {
            let staff = find_counselor(store, name)?;
            let role = role_of(*role);
            let c = session(who)?.write(|w| w.set_role(staff.id, role))?;
            say(&tr!(
                "admin.cli.role_set",
                name = safe(&c.name),
                role = crate::labels::role(c.role)
            ))?;
        }
        Command::Counselor(CounselorCommand::Classes { name, classes }) => {
            let staff = find_counselor(store, name)?;
            let c = session(who)?.write(|w| w.set_classes(staff.id, classes.clone()))?;
            let line = if c.classes.is_empty() {
                tr!("admin.cli.no_classes", name = safe(&c.name))
            } else {
                tr!(
                    "admin.cli.classes_set",
                    name = safe(&c.name),
                    classes = safe(&c.classes.join("、"))
                )
            };
            say(&line)?;
        }
        Command::Counselor(CounselorCommand::Deactivate { name }) => {
            let staff = find_counselor(store, name)?;
            let c = session(who)?.write(|w| w.deactivate(staff.id))?;
            say(&tr!("admin.cli.deactivated", name = safe(&c.name)))?;
        }
        Command::Counselor(CounselorCommand::Activate { name }) => {
            let staff = find_counselor(store, name)?;
            let c = session(who)?.write(|w| w.reactivate(staff.id))?;
            say(&tr!("admin.cli.activated", name = safe(&c.name)))?;
        }
        Command::Child(ChildCommand::Leave {
            student_id,
            reason,
            on,
            note,
        }) => {
            let date = day(on.as_deref(), store.clock().today())?;
            let reason = reason_of(*reason);
            let c = session(who)?.write(|w| {
                let child = child(w, student_id)?;
                w.child_leaves(child.id, date, reason, note)
            })?;
            say(&tr!(
                "admin.cli.left",
                child = safe(&c.name),
                date = date,
                reason = crate::labels::leave_reason(reason)
            ))?;
        }
        Command::Child(ChildCommand::Return { student_id, on }) => {
            let date = day(on.as_deref(), store.clock().today())?;
            let (name, back_to) = session(who)?.write(|w| {
                let child = child(w, student_id)?;
                Ok((child.name.clone(), w.child_returns(child.id, date)?))
            })?;
            let line = match back_to {
                Some(c) => tr!(
                    "admin.cli.returned",
                    child = safe(&name),
                    name = safe(&c.name)
                ),
                None => tr!("admin.cli.returned_alone", child = safe(&name)),
            };
            say(&line)?;
        }
        _ => return Ok(false),
    }
    Ok(true)
}

fn handover(store: &Store, session: &Session, args: &HandoverArgs) -> Result<(), CliError> {
    let from = find_counselor(store, &args.from_name)?;
    let to = find_counselor(store, &args.to)?;
    let date = day(args.from.as_deref(), store.clock().today())?;
    let done = session.write(|w| {
        let mut chosen = Vec::new();
        for sid in &args.student_ids {
            chosen.push(child(w, sid)?.id);
        }
        w.hand_over(from.id, to.id, date, &chosen)
    })?;
    let reader = session.reader()?;
    for id in &done.children {
        let name = reader.child(*id)?.map(|c| c.name).unwrap_or_default();
        say(&tr!(
            "admin.cli.handed_over",
            child = safe(&name),
            to = safe(&to.name),
            date = date
        ))?;
    }
    say(&tr!("admin.cli.followups_moved", count = done.followups))?;
    Ok(())
}

/// The child with this student id (typed as the roster reads it), or a sentence.
fn child(w: &mut SessionWriter, student_id: &str) -> Result<Child, StoreError> {
    let sid = crate::text::fold_width(student_id);
    w.child_by_student_id(sid.trim())?.ok_or_else(|| {
        StoreError::Refused(crate::model::Refusal::NoSuchStudent {
            student_id: sid.trim().to_string(),
            assigning: false,
        })
    })
}

/// The day typed (`2026-11-30`, `11-30`…, read around `today`), or today.
fn day(typed: Option<&str>, today: NaiveDate) -> Result<NaiveDate, CliError> {
    match typed {
        Some(s) => crate::domain::when::parse_day(s, today)
            .ok_or_else(|| CliError::Usage(tr!("cli.bad_date", date = s))),
        None => Ok(today),
    }
}

pub(super) fn role_of(role: RoleArg) -> Role {
    match role {
        RoleArg::Counselor => Role::Counselor,
        RoleArg::HeadTeacher => Role::HeadTeacher,
        RoleArg::Coordinator => Role::Coordinator,
    }
}

fn reason_of(reason: LeaveReasonArg) -> LeaveReason {
    match reason {
        LeaveReasonArg::ParentsReturned => LeaveReason::ParentsReturned,
        LeaveReasonArg::Moved => LeaveReason::Moved,
        LeaveReasonArg::Graduated => LeaveReason::Graduated,
        LeaveReasonArg::Other => LeaveReason::Other,
    }
}
