//! Who may do what: the one permission table (operation × role) that the store's sessions,
//! the app and the command line all consult. Scope (which children) is decided by the store,
//! which knows the assignments and classes; this table only says whether scope applies.

use crate::model::Role;

/// Everything a person can ask of the store, named as they would name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Operation {
    /// Staff names and roles (the start screen, `counselor list`).
    ListStaff,
    /// The store's integrity check.
    Check,
    AddStaff,
    ChangeStaff,
    /// Put a child in someone's care, or end it; hand a counselor's children over.
    Assign,
    /// Record that a child left the programme, or came back to it.
    RecordLeaving,
    ImportRoster,
    ImportJson,
    /// Personal data leaving the store: `export json|csv|xlsx`.
    ExportPersonal,
    Backup,
    Restore,
    ReadAudit,
    /// Give a staff member a new passphrase (their own is always theirs to change).
    ResetPassphrase,
    /// Encrypt a store made before encryption.
    Encrypt,
    /// Open a child's archive: profile, notes, moods, follow-ups, incidents.
    ViewChild,
    /// The profile form.
    EditChild,
    WriteNote,
    WriteMood,
    WriteFollowUp,
    RaiseIncident,
    /// Correct, add to or close an incident (its history is kept either way).
    CorrectIncident,
    ReadLetters,
    TakeInLetters,
    ReplyLetters,
    /// End a letter's "needs attention", with a reason.
    CloseAttention,
    PrintReplies,
    SetMailboxReaders,
    ReportSemester,
    ReportQuarterly,
    ReportStats,
    /// Print a child's incidents on the archive page (一人一档): mandatory reports go on paper
    /// only when the coordinator asks.
    PrintIncidents,
    /// Fill a store with invented demonstration data.
    FillDemo,
    /// Register a child's absence case (控辍保学): the head teacher or a carer.
    RegisterAbsence,
    /// Log an attempt to bring the child back (劝返), print the written report, close the
    /// case with its outcome.
    FollowAbsence,
}

impl Operation {
    pub const ALL: [Operation; 34] = [
        Operation::ListStaff,
        Operation::Check,
        Operation::AddStaff,
        Operation::ChangeStaff,
        Operation::Assign,
        Operation::RecordLeaving,
        Operation::ImportRoster,
        Operation::ImportJson,
        Operation::ExportPersonal,
        Operation::Backup,
        Operation::Restore,
        Operation::ReadAudit,
        Operation::ResetPassphrase,
        Operation::Encrypt,
        Operation::ViewChild,
        Operation::EditChild,
        Operation::WriteNote,
        Operation::WriteMood,
        Operation::WriteFollowUp,
        Operation::RaiseIncident,
        Operation::CorrectIncident,
        Operation::ReadLetters,
        Operation::TakeInLetters,
        Operation::ReplyLetters,
        Operation::CloseAttention,
        Operation::PrintReplies,
        Operation::SetMailboxReaders,
        Operation::ReportSemester,
        Operation::ReportQuarterly,
        Operation::ReportStats,
        Operation::PrintIncidents,
        Operation::FillDemo,
        Operation::RegisterAbsence,
        Operation::FollowAbsence,
    ];

    /// The i18n key naming the operation in a refusal ("add a staff member").
    pub fn key(self) -> &'static str {
        match self {
            Operation::ListStaff => "access.op.list_staff",
            Operation::Check => "access.op.check",
            Operation::AddStaff => "access.op.add_staff",
            Operation::ChangeStaff => "access.op.change_staff",
            Operation::Assign => "access.op.assign",
            Operation::RecordLeaving => "access.op.record_leaving",
            Operation::ImportRoster => "access.op.import_roster",
            Operation::ImportJson => "access.op.import_json",
            Operation::ExportPersonal => "access.op.export_personal",
            Operation::Backup => "access.op.backup",
            Operation::Restore => "access.op.restore",
            Operation::ReadAudit => "access.op.read_audit",
            Operation::ResetPassphrase => "access.op.reset_passphrase",
            Operation::Encrypt => "access.op.encrypt",
            Operation::ViewChild => "access.op.view_child",
            Operation::EditChild => "access.op.edit_child",
            Operation::WriteNote => "access.op.write_note",
            Operation::WriteMood => "access.op.write_mood",
            Operation::WriteFollowUp => "access.op.write_followup",
            Operation::RaiseIncident => "access.op.raise_incident",
            Operation::CorrectIncident => "access.op.correct_incident",
            Operation::ReadLetters => "access.op.read_letters",
            Operation::TakeInLetters => "access.op.take_in_letters",
            Operation::ReplyLetters => "access.op.reply_letters",
            Operation::CloseAttention => "access.op.close_attention",
            Operation::PrintReplies => "access.op.print_replies",
            Operation::SetMailboxReaders => "access.op.set_mailbox_readers",
            Operation::ReportSemester => "access.op.report_semester",
            Operation::ReportQuarterly => "access.op.report_quarterly",
            Operation::ReportStats => "access.op.report_stats",
            Operation::PrintIncidents => "access.op.print_incidents",
            Operation::FillDemo => "access.op.fill_demo",
            Operation::RegisterAbsence => "access.op.register_absence",
            Operation::FollowAbsence => "access.op.follow_absence",
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Permission {
    Allowed,
    /// Only on children in the person's scope: a counselor their assigned children, a head
    /// teacher also the children of their classes, a coordinator everyone.
    InScope,
    /// On any child still in the programme, scope aside: a mandatory report (强制报告), which
    /// the plan asks of every member of the school, wherever they find the child. It opens
    /// nothing else of the child.
    AnyActiveChild,
    /// The mailbox readers the coordinator named; every staff member until some are named.
    MailboxReader,
    Denied,
}

/// The table. Read a row as: this operation, for a counselor | head teacher | coordinator.
#[rustfmt::skip] // a table, read as one
pub fn permission(role: Role, op: Operation) -> Permission {
    use Operation as O;
    use Permission::{
        AnyActiveChild as Any, Allowed as Yes, Denied as No, InScope as Scope,
        MailboxReader as Mail,
    };
    let [counselor, head_teacher, coordinator] = match op {
        //                         counselor  head teacher  coordinator
        O::ListStaff =>          [Yes,   Yes,          Yes],
        O::Check =>              [Yes,   Yes,          Yes],
        O::AddStaff =>           [No,    No,           Yes],
        O::ChangeStaff =>        [No,    No,           Yes],
        O::Assign =>             [No,    No,           Yes],
        O::RecordLeaving =>      [No,    No,           Yes],
        O::ImportRoster =>       [No,    No,           Yes],
        O::ImportJson =>         [No,    No,           Yes],
        O::ExportPersonal =>     [No,    No,           Yes],
        O::Backup =>             [No,    No,           Yes],
        O::Restore =>            [No,    No,           Yes],
        O::ReadAudit =>          [No,    No,           Yes],
        O::ResetPassphrase =>    [No,    No,           Yes],
        O::Encrypt =>            [No,    No,           Yes],
        O::ViewChild =>          [Scope, Scope,        Yes],
        O::EditChild =>          [Scope, Scope,        Yes],
        O::WriteNote =>          [Scope, Scope,        Yes],
        O::WriteMood =>          [Scope, Scope,        Yes],
        O::WriteFollowUp =>      [Scope, Scope,        Yes],
        O::RaiseIncident =>      [Any,   Any,          Yes],
        O::CorrectIncident =>    [Scope, Scope,        Yes],
        O::ReadLetters =>        [Mail,  Mail,         Mail],
        O::TakeInLetters =>      [Mail,  Mail,         Mail],
        O::ReplyLetters =>       [Mail,  Mail,         Mail],
        O::CloseAttention =>     [Mail,  Mail,         Mail],
        O::PrintReplies =>       [Mail,  Mail,         Mail],
        O::SetMailboxReaders =>  [No,    No,           Yes],
        O::ReportSemester =>     [Scope, Scope,        Yes],
        O::ReportQuarterly =>    [No,    No,           Yes],
        O::ReportStats =>        [No,    No,           Yes],
        O::PrintIncidents =>     [No,    No,           Yes],
        O::FillDemo =>           [No,    No,           Yes],
        O::RegisterAbsence =>    [Scope, Scope,        Yes],
        O::FollowAbsence =>      [Scope, Scope,        Yes],
    };
    match role {
        Role::Counselor => counselor,
        Role::HeadTeacher => head_teacher,
        Role::Coordinator => coordinator,
    }
}

/// Operations that a command line may run without naming anyone, because anyone may.
pub fn needs_nobody(op: Operation) -> bool {
    Role::ALL
        .into_iter()
        .all(|r| permission(r, op) == Permission::Allowed)
}

/// Why a person was refused by the table or their session: the facts its sentence names
/// (`labels::refusals::denial`), with no words of its own. The refusal is in the audit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Denial {
    /// `op` refused to `who` (a staff member's name, with their `role`), and why.
    Table {
        who: String,
        role: Role,
        op: Operation,
        why: Why,
    },
    /// `who` was removed or deactivated since they chose themselves.
    Gone { who: String },
    /// The store has staff already: what runs only on an empty store is refused.
    NotEmpty,
    /// `who` asked for the semester summary of a colleague's children.
    ReportNotYours { who: String },
}

/// Why the table refuses an operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Why {
    /// The operation is for other roles.
    RoleOnly,
    /// The child is not one of the person's.
    OutOfScope,
    /// The person is not one of the mailbox's readers.
    NotAReader,
    /// The child left the programme: only who may see them acts on them.
    NotActive,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinator_alone_keeps_the_school_data() {
        for op in [
            Operation::AddStaff,
            Operation::Assign,
            Operation::RecordLeaving,
            Operation::ChangeStaff,
            Operation::ImportRoster,
            Operation::ImportJson,
            Operation::ExportPersonal,
            Operation::Backup,
            Operation::Restore,
            Operation::ResetPassphrase,
            Operation::Encrypt,
            Operation::ReportQuarterly,
            Operation::ReportStats,
            Operation::PrintIncidents,
        ] {
            assert_eq!(permission(Role::Coordinator, op), Permission::Allowed);
            assert_eq!(permission(Role::Counselor, op), Permission::Denied);
            assert_eq!(permission(Role::HeadTeacher, op), Permission::Denied);
        }
    }

    /// The plan: 学校…及其工作人员…发现…应当在第一时间向公安机关报告. Anyone reports about any
    /// child in the programme; that opens nothing else of the child.
    #[test]
    fn anyone_at_the_school_raises_a_report_about_any_active_child() {
        for role in Role::ALL {
            assert_ne!(
                permission(role, Operation::RaiseIncident),
                Permission::InScope
            );
            assert_ne!(
                permission(role, Operation::RaiseIncident),
                Permission::Denied
            );
        }
        assert_eq!(
            permission(Role::Counselor, Operation::ViewChild),
            Permission::InScope
        );
    }

    #[test]
    fn anyone_lists_staff_and_checks() {
        assert!(needs_nobody(Operation::ListStaff));
        assert!(needs_nobody(Operation::Check));
        assert!(!needs_nobody(Operation::TakeInLetters));
    }

    #[test]
    fn every_operation_has_a_name() {
        let mut keys: Vec<_> = Operation::ALL.iter().map(|o| o.key()).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), Operation::ALL.len());
    }
}
