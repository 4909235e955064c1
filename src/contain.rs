//! Libraries that answer some malformed input with a panic instead of an error: redb on a
//! garbled page, calamine on a crafted XLS record (it indexes record bytes unchecked). Code that
//! calls into one runs inside `contained`, which turns a panic raised in that library's own
//! source into an `Err` with what it said; the sentence is the caller's. A panic raised anywhere
//! else is a bug: it is printed as ever and goes on unwinding. One panic hook serves every
//! library, chained to the hook that was there before (a fuzzer's, which then sees only the
//! panics that escape).

use std::cell::RefCell;
use std::panic::{self, AssertUnwindSafe};
use std::sync::Once;

thread_local! {
    /// The libraries contained on this thread, innermost last.
    static CONTAINED: RefCell<Vec<&'static str>> = const { RefCell::new(Vec::new()) };
    /// What a contained library said when it panicked.
    static CAUGHT: RefCell<Option<String>> = const { RefCell::new(None) };
}

static HOOK: Once = Once::new();

/// Whether `file` is compiled from the crate `name` (its folder is `<name>-<version>`).
fn in_crate(file: &str, name: &str) -> bool {
    [format!("/{name}-"), format!("\\{name}-")]
        .iter()
        .any(|folder| file.contains(folder.as_str()))
}

fn install_hook() {
    HOOK.call_once(|| {
        let previous = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            let file = info.location().map(|l| l.file()).unwrap_or_default();
            let library = CONTAINED.with(|c| {
                c.borrow()
                    .iter()
                    .rev()
                    .copied()
                    .find(|name| in_crate(file, name))
            });
            if let Some(library) = library {
                let said = info
                    .payload()
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| info.payload().downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                // The log names the library and the place, never the input.
                tracing::error!(library, location = %info.location().map(|l| l.to_string()).unwrap_or_default(), "a library panicked on malformed input");
                CAUGHT.with(|c| *c.borrow_mut() = Some(said));
                return;
            }
            previous(info);
        }));
    });
}

/// Runs `f`; a panic raised in the crate `library`'s own code becomes `Err(what it said)`.
/// Containments nest: the innermost one that sees the panic answers.
pub fn contained<T>(library: &'static str, f: impl FnOnce() -> T) -> Result<T, String> {
    install_hook();
    CONTAINED.with(|c| c.borrow_mut().push(library));
    let ran = panic::catch_unwind(AssertUnwindSafe(f));
    CONTAINED.with(|c| c.borrow_mut().pop());
    match ran {
        Ok(v) => Ok(v),
        Err(payload) => match CAUGHT.with(|c| c.borrow_mut().take()) {
            Some(said) => Err(said),
            None => panic::resume_unwind(payload),
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_of_our_own_is_not_contained() {
        let ours = panic::catch_unwind(|| {
            let _ = contained("redb", || panic!("a bug"));
        });
        assert!(ours.is_err());
        assert!(CONTAINED.with(|c| c.borrow().is_empty()));
    }

    #[test]
    fn a_file_is_placed_in_its_crate() {
        assert!(in_crate("/r/src/calamine-0.38.0/src/utils.rs", "calamine"));
        assert!(in_crate(r"C:\r\redb-4.6.0\src\tree.rs", "redb"));
        assert!(!in_crate("/r/src/redbx-1.0/src/lib.rs", "redb"));
        assert!(!in_crate("src/import/rows.rs", "calamine"));
    }
}
