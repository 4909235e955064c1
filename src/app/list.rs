//! Moving a selection through a list: the same keys mean the same thing on every screen.

use crate::action::Action;

const PAGE: usize = 10;

/// The selection after `action` in a list of `len` rows; unchanged for other actions.
pub fn moved(selected: usize, len: usize, action: Action) -> usize {
    let last = len.saturating_sub(1);
    match action {
        Action::SelectNext => (selected + 1).min(last),
        Action::SelectPrev => selected.saturating_sub(1),
        Action::SelectFirst => 0,
        Action::SelectLast => last,
        Action::PageDown => (selected + PAGE).min(last),
        Action::PageUp => selected.saturating_sub(PAGE),
        _ => selected.min(last),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stays_inside_the_list() {
        assert_eq!(moved(0, 3, Action::SelectPrev), 0);
        assert_eq!(moved(2, 3, Action::SelectNext), 2);
        assert_eq!(moved(1, 3, Action::SelectLast), 2);
        assert_eq!(moved(0, 0, Action::SelectNext), 0);
        assert_eq!(moved(5, 30, Action::PageDown), 15);
        assert_eq!(moved(5, 30, Action::PageUp), 0);
    }
}
