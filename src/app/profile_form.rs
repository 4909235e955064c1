//! Editing a child's profile: one text field per roster column (parsed and validated by the
//! same rules as the roster import) plus the concern areas; saved in one transaction.

use crate::action::Action;
use crate::i18n::labels;
use crate::interchange::columns::Column;
use crate::model::Child;
use crate::tr;
use ratatui_textarea::TextArea;

/// A field of the form: a roster column, or the concern areas the roster does not carry.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormField {
    Column(Column),
    Concerns,
}

impl FormField {
    pub fn label(self) -> String {
        match self {
            FormField::Column(c) => crate::i18n::text(&format!("ui.column.{}", c.en())).to_string(),
            FormField::Concerns => tr!("ui.child.concerns"),
        }
    }

    fn value(self, child: &Child) -> String {
        match self {
            // A left-behind type the program knows is shown in words of the language in force
            // (and read back from them by the column).
            FormField::Column(Column::LeftBehindType) => {
                labels::left_behind_type(&child.left_behind_type)
            }
            FormField::Column(c) => c.get(child, crate::i18n::lang()),
            FormField::Concerns => labels::concerns(child.concerns.iter().copied()),
        }
    }

    fn apply(self, child: &mut Child, text: &str) -> Result<(), String> {
        match self {
            FormField::Column(c) if Column::is_blank(text) => c.clear(child),
            FormField::Column(c) => c.set(child, text),
            FormField::Concerns => {
                let mut set = std::collections::BTreeSet::new();
                for part in text
                    .split([';', '；', '、', ',', '，'])
                    .map(str::trim)
                    .filter(|p| !p.is_empty())
                {
                    set.insert(
                        labels::parse_concern(part)
                            .ok_or_else(|| tr!("ui.form.bad_concern", value = part))?,
                    );
                }
                child.concerns = set;
                Ok(())
            }
        }
    }
}

pub struct ProfileForm {
    pub original: Child,
    pub fields: Vec<(FormField, TextArea<'static>)>,
    pub focus: usize,
    /// Set after a first Esc with unsaved changes: a second Esc leaves without saving.
    pub confirm_discard: bool,
}

impl ProfileForm {
    pub fn new(child: &Child) -> ProfileForm {
        let mut fields: Vec<FormField> =
            Column::ALL.iter().copied().map(FormField::Column).collect();
        fields.push(FormField::Concerns);
        let fields = fields
            .into_iter()
            .map(|f| {
                let mut input = TextArea::default();
                input.insert_str(f.value(child));
                (f, input)
            })
            .collect();
        ProfileForm {
            original: child.clone(),
            fields,
            focus: 0,
            confirm_discard: false,
        }
    }

    pub fn focused_input(&mut self) -> Option<&mut TextArea<'static>> {
        self.fields.get_mut(self.focus).map(|(_, input)| input)
    }

    pub fn is_changed(&self) -> bool {
        self.fields
            .iter()
            .any(|(f, input)| input.lines().concat() != f.value(&self.original))
    }

    /// The child as the form describes it, or the first problem as a sentence naming its field.
    /// On a problem the focus moves to that field.
    pub fn validated(&mut self) -> Result<Child, String> {
        let mut child = self.original.clone();
        for (i, (field, input)) in self.fields.iter().enumerate() {
            if let Err(reason) = field.apply(&mut child, &input.lines().concat()) {
                self.focus = i;
                return Err(tr!(
                    "ui.form.field_problem",
                    field = field.label(),
                    reason = reason
                ));
            }
        }
        Ok(child)
    }

    pub fn select(&mut self, row: usize) {
        self.focus = row.min(self.fields.len().saturating_sub(1));
    }

    pub fn action(&mut self, action: Action) {
        let len = self.fields.len();
        match action {
            Action::NextField | Action::SelectNext => self.focus = (self.focus + 1) % len,
            Action::PrevField | Action::SelectPrev => self.focus = (self.focus + len - 1) % len,
            other => self.focus = super::list::moved(self.focus, len, other),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::{Lang, set_lang};
    use crate::model::{ChildId, Gender};

    fn form_with(column: Column, text: &str) -> ProfileForm {
        let day = chrono::NaiveDate::from_ymd_opt(2014, 3, 2).unwrap();
        let mut form = ProfileForm::new(&Child::new(ChildId(1), "张伟".into(), Gender::Male, day));
        let (_, input) = form
            .fields
            .iter_mut()
            .find(|(f, _)| *f == FormField::Column(column))
            .unwrap();
        *input = TextArea::default();
        input.insert_str(text);
        form
    }

    #[test]
    fn the_form_refuses_what_the_roster_refuses_saying_the_limit() {
        set_lang(Lang::En);
        for (column, text, says) in [
            (Column::Name, "张".repeat(51), "at most 50"),
            (
                Column::Name,
                "李\u{202E}明".to_string(),
                "direction override",
            ),
            (
                Column::Name,
                "X\u{1b}]0;PWNED\u{7}Y".to_string(),
                "control character",
            ),
            (Column::Remarks, "很".repeat(20_001), "at most 20,000"),
            (Column::FatherPhone, "abc".to_string(), "not a phone number"),
        ] {
            let mut form = form_with(column, &text);
            let err = form.validated().unwrap_err();
            assert!(err.contains(says), "{column:?}: {err}");
            assert_eq!(form.fields[form.focus].0, FormField::Column(column));
        }
        assert!(
            form_with(Column::Name, &"张".repeat(50))
                .validated()
                .is_ok()
        );
    }
}
