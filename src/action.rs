//! Everything a key can ask for. Keys resolve to an `Action` (keymap.rs); `App::dispatch`
//! carries it out. Each action names itself for the keymap files and describes itself for
//! the help overlay, so the help is generated from the keymap in force and never lies.

macro_rules! actions {
    ($($variant:ident = $name:literal),* $(,)?) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum Action { $($variant),* }

        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$variant),*];

            /// The name used in keymap files, e.g. `goto_caseload`.
            pub fn name(self) -> &'static str {
                match self { $(Action::$variant => $name),* }
            }

            pub fn from_name(name: &str) -> Option<Action> {
                match name { $($name => Some(Action::$variant),)* _ => None }
            }

            /// What the action does, in the language in force (catalogue `keys.<name>`).
            pub fn description(self) -> String {
                match self { $(Action::$variant => $crate::i18n::text(concat!("keys.", $name)).to_string()),* }
            }

            /// What the action does on one screen, when that differs from what it does
            /// elsewhere (catalogue `keys.on.<table>.<name>`): the mailbox's search searches
            /// letters, not children.
            pub fn description_on(self, table: &str) -> String {
                let key = format!("keys.on.{table}.{}", self.name());
                match $crate::i18n::text(&key) {
                    found if found != key => found.to_string(),
                    _ => self.description(),
                }
            }
        }
    };
}

actions!(
    Quit = "quit",
    ToggleHelp = "toggle_help",
    Back = "back",
    GotoThisWeek = "goto_this_week",
    GotoCaseload = "goto_caseload",
    GotoMailbox = "goto_mailbox",
    GotoReports = "goto_reports",
    HideScreen = "hide_screen",
    Lock = "lock",
    ChangePassphrase = "change_passphrase",
    FocusSearch = "focus_search",
    SelectNext = "select_next",
    SelectPrev = "select_prev",
    SelectFirst = "select_first",
    SelectLast = "select_last",
    PageDown = "page_down",
    PageUp = "page_up",
    Open = "open",
    NextTab = "next_tab",
    PrevTab = "prev_tab",
    NewNote = "new_note",
    EditProfile = "edit_profile",
    NewMood = "new_mood",
    TogglePrivate = "toggle_private",
    Save = "save",
    Cancel = "cancel",
    NextField = "next_field",
    PrevField = "prev_field",
    Score1 = "score_1",
    Score2 = "score_2",
    Score3 = "score_3",
    Score4 = "score_4",
    Score5 = "score_5",
    Toggle = "toggle",
    NextChoice = "next_choice",
    PrevChoice = "prev_choice",
    MarkDone = "mark_done",
    NewIncident = "new_incident",
    CorrectIncident = "correct_incident",
    AddEvent = "add_event",
    CloseIncident = "close_incident",
    OpenMailbox = "open_mailbox",
    Reply = "reply",
    Print = "print",
    ToggleAttention = "toggle_attention",
    RaiseIncident = "raise_incident",
    NextTemplate = "next_template",
    ToggleMark = "toggle_mark",
    SearchNotes = "search_notes",
    EditNote = "edit_note",
    DeleteNote = "delete_note",
    FilterKind = "filter_kind",
    ToggleHistory = "toggle_history",
    GotoAudit = "goto_audit",
    FilterPerson = "filter_person",
    FilterPersonBack = "filter_person_back",
    FilterAction = "filter_action",
    FilterActionBack = "filter_action_back",
    FilterChild = "filter_child",
    FilterFrom = "filter_from",
    FilterTo = "filter_to",
    ClearFilters = "clear_filters",
    Export = "export",
    PickRange = "pick_range",
    ExportReport = "export_report",
    PrintArchive = "print_archive",
    GotoAdmin = "goto_admin",
    AddStaff = "add_staff",
    ChangeRole = "change_role",
    SetClasses = "set_classes",
    ToggleActive = "toggle_active",
    ResetPassphrase = "reset_passphrase",
    AssignTo = "assign_to",
    Handover = "handover",
    ChooseFile = "choose_file",
    Complete = "complete",
    ConfirmImport = "confirm_import",
    NewAbsence = "new_absence",
    LogAttempt = "log_attempt",
    PrintAbsenceReport = "print_absence_report",
    CloseAbsence = "close_absence",
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip_and_are_unique() {
        let mut seen = std::collections::HashSet::new();
        for a in Action::ALL {
            assert!(seen.insert(a.name()), "duplicate name {}", a.name());
            assert_eq!(Action::from_name(a.name()), Some(*a));
        }
        assert_eq!(Action::from_name("no_such_action"), None);
    }

    #[test]
    fn every_action_is_described_in_both_languages() {
        for lang in [crate::i18n::Lang::Zh, crate::i18n::Lang::En] {
            for a in Action::ALL {
                let key = format!("keys.{}", a.name());
                assert_ne!(
                    crate::i18n::text_in(lang, &key),
                    key,
                    "{lang:?} lacks {key}"
                );
            }
        }
    }
}
