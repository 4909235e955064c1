//! An absence case's written report (控辍保学书面报告) printed from a screen: the page is
//! `export::report::absence`'s, written in `reports/` beside the store as the archive is, and
//! the case notes that it was printed. Reached as `reports::print_absence_report`.

use super::reports::file_stem;
use crate::export::report as files;
use crate::model::{AuditAction, RecordRef};
use crate::store::StoreError;
use crate::tr;

/// An absence case's written report (控辍保学书面报告) on A4 paper, written in `reports/` beside
/// the store; an open case notes that it was printed (so it may close as 劝返无效 reported).
/// The path is shown until the next key.
pub(super) fn print_absence_report(case: crate::model::AbsenceId, cx: &mut super::Cx) {
    let Some(user) = cx.user else {
        return;
    };
    let written = cx
        .store
        .session(user)
        .map_err(crate::export::ExportError::from)
        .and_then(|session| {
            let page = {
                let reader = session.reader()?;
                files::absence::page(&reader, case)?
            };
            let Some(page) = page else {
                return Err(crate::export::ExportError::from(StoreError::Refused(
                    crate::model::Refusal::Absence(crate::model::AbsenceRefusal::Gone),
                )));
            };
            let stem = tr!("report.file.absence", name = page.child.name);
            let stem = file_stem(&stem);
            let path = crate::export::output::free_name(cx.dirs.reports, &stem, "html");
            crate::paths::create_private_dir(cx.dirs.reports).map_err(|e| {
                crate::export::ExportError::Io {
                    target: path.display().to_string(),
                    detail: e.to_string(),
                }
            })?;
            let staff = cx.store.staff()?;
            let paper = files::absence::Paper {
                school: &cx.config.school_name,
                township: &cx.config.township,
                printed: cx.today,
                staff: &staff,
            };
            let what = "absence".to_string();
            let audit = [(AuditAction::Print, RecordRef::Child(page.case.child.0))];
            files::write_report(&session, Some(&path), false, &what, &audit, |w, name| {
                files::absence::write_html(&page, &paper, w, name)
            })?;
            // Noted once the page is whole: a closed case stays as it was closed.
            if page.case.is_open() {
                session.write(|w| w.absence_report_printed(case))?;
            }
            Ok(path)
        });
    match written {
        Ok(path) => cx.set_status(format!(
            "{}\n{}",
            tr!("report.screen.absence_written"),
            path.display()
        )),
        Err(e) => cx.set_error(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Cx, Dirs};
    use crate::config::Config;
    use crate::keymap::Keymap;
    use crate::model::*;
    use crate::store::{AttemptInput, Passphrase, Store};
    use chrono::NaiveDate;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).expect("a day of November")
    }

    /// Printed from a screen: the page lands in `reports/`, names the attempts, is audited as
    /// printed, and the open case notes it, so it may close as 劝返无效 reported.
    #[test]
    fn the_written_report_is_written_beside_the_store_and_noted_on_the_case() {
        crate::i18n::set_thread_lang(crate::i18n::Lang::Zh);
        let dir = tempfile::tempdir().expect("a temporary folder");
        let clock =
            crate::clock::Clock::fixed(day(27).and_hms_opt(16, 0, 0).expect("a time of day"));
        let store = Store::open(&dir.path().join("s.redb"), clock).expect("a new store");
        let me = Actor::CommandLine("test".into());
        let pass = Passphrase::new("青山绿水 test 2026");
        let boss = store
            .bootstrap(&me, "周主任", Role::Coordinator, vec![], &pass)
            .expect("the first staff member");
        let session = store.session(&boss).expect("the coordinator's session");
        let case = session
            .write(|w| {
                let mut c = Child::new(
                    ChildId(w.next_id()?),
                    "张伟".into(),
                    Gender::Male,
                    NaiveDate::from_ymd_opt(2012, 3, 2).expect("a birthday"),
                );
                c.class = "七年级(1)班".into();
                w.add_child(&c)?;
                let case = w.register_absence(c.id, AbsenceKind::DroppedOut, day(2), "")?;
                w.log_attempt(
                    case.id,
                    AttemptInput {
                        on: day(4),
                        went: "班主任陈老师".into(),
                        way: AttemptWay::HomeVisit,
                        met: "爷爷".into(),
                        result: "孩子不肯回校".into(),
                        failed: true,
                    },
                )
            })
            .expect("a case with an attempt");
        let (config, keymap) = (Config::default(), Keymap::default());
        let reports = dir.path().join("reports");
        let mut status = None;
        let mut cx = Cx {
            store: &store,
            user: Some(&boss),
            config: &config,
            keymap: &keymap,
            today: day(27),
            clock_time: None,
            status: &mut status,
            dirs: Dirs {
                demo_path: dir.path(),
                replies: dir.path(),
                exports: dir.path(),
                reports: &reports,
            },
        };
        super::super::reports::print_absence_report(case.id, &mut cx);
        let files: Vec<_> = std::fs::read_dir(&reports)
            .expect("reports/ made")
            .map(|e| e.expect("an entry").path())
            .collect();
        assert_eq!(files.len(), 1, "{files:?}");
        let html = std::fs::read_to_string(&files[0]).expect("the page");
        assert!(
            html.contains("孩子不肯回校") && html.contains("区教育局"),
            "{html}"
        );
        let shown = format!("{status:?}");
        assert!(shown.contains(&files[0].display().to_string()), "{shown}");
        let reader = session.reader().expect("a reader");
        let stored = reader.absence(case.id).expect("read").expect("the case");
        assert!(stored.report_printed.is_some());
        assert!(
            reader
                .audit_events()
                .expect("the audit")
                .iter()
                .any(|e| e.action == AuditAction::Print
                    && e.target == RecordRef::Child(case.child.0))
        );
        drop(reader);
        session
            .write(|w| w.close_absence(case.id, AbsenceOutcome::ReportedIneffective, ""))
            .expect("closed as reported once printed");
    }
}
