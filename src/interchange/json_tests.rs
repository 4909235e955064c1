//! The full JSON export and its import: round trip, refusals, and the anonymity of letters.
//! Within the crate: the fixtures write whole records with the store's raw writer, a path
//! that only the crate has.

use crate::export::json::{LETTER_KEYS, write_json};
use crate::import::ImportError;
use crate::import::json::import_json;
use crate::model::*;
use crate::store::{Store, StoreError, Writer};
use chrono::{NaiveDate, NaiveDateTime};
use proptest::prelude::*;
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::Path;

fn day(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
    day(y, m, d).and_hms_opt(h, 15, 0).unwrap()
}

fn cli() -> Actor {
    Actor::CommandLine("tester".into())
}

fn child(w: &mut Writer, name: &str, sid: Option<&str>) -> Result<Child, StoreError> {
    let mut c = Child::new(
        ChildId(w.next_id()?),
        name.into(),
        Gender::Female,
        day(2014, 3, 9),
    );
    c.student_id = sid.map(String::from);
    c.class = "五年级(2)班".into();
    c.village = "石桥村".into();
    w.load(&c)?;
    Ok(c)
}

/// A store with one of everything and the awkward cases: Chinese text, a group note with three
/// children, a child who left, a closed incident with events, a replied letter, a done follow-up.
fn fill(store: &Store) {
    store
        .write(&cli(), |w| {
            let t1 = w.add_counselor("李老师", Role::Counselor, vec![])?;
            let t2 = w.add_counselor("王主任", Role::Coordinator, vec!["五年级(2)班".into()])?;
            let mut a = child(w, "张小雨", Some("20140309"))?;
            a.gender = Gender::Male;
            a.left_behind_type = "父母均外出".into();
            a.father = Parent {
                name: "张建国".into(),
                work_place: "广东东莞".into(),
                phone: "13800000001".into(),
            };
            a.mother.name = "刘芳".into();
            a.guardian = Guardian {
                name: "张奶奶".into(),
                relation: "祖母".into(),
                phone: "13800000002".into(),
                address: "石桥村三组12号".into(),
            };
            a.personality = "内向，爱笑".into();
            a.hobbies = "画画\n跳绳".into();
            a.boarding = Some(true);
            a.flags = BTreeSet::from([Flag::Hardship, Flag::DropoutRisk]);
            a.concerns = BTreeSet::from([Concern::Study, Concern::Mind]);
            a.study = vec![StudyNote {
                term: "2026秋".into(),
                text: "数学进步明显 \"引号\" \\ 反斜杠".into(),
            }];
            a.remarks = "怕黑".into();
            a.guardian_capacity = Some(Capacity::Unable);
            a.entrustment = Entrustment {
                to: "张奶奶".into(),
                since: Some(day(2024, 2, 29)),
            };
            w.load(&a)?;
            // Two earlier versions of 张小雨: the guardian's phone and then the flags changed.
            let mut earlier = a.clone();
            earlier.flags.remove(&Flag::DropoutRisk);
            let mut earliest = earlier.clone();
            earliest.guardian.phone = "13800000009".into();
            let versions = [
                (earliest, at(2026, 9, 15, 8), cli()),
                (earlier, at(2026, 10, 9, 10), Actor::Counselor(t2.id)),
            ];
            for (before, replaced_at, replaced_by) in versions {
                let id = ChildRevisionId(w.next_id()?);
                w.load(&ChildRevision {
                    id,
                    child: a.id,
                    replaced_at,
                    replaced_by,
                    before,
                })?;
            }
            let b = child(w, "李明", None)?;
            let mut c = child(w, "王芳", Some("20140311"))?;
            c.boarding = Some(false);
            c.enrolment = Enrolment::DroppedOut;
            c.status = ChildStatus::Left {
                date: day(2026, 10, 8),
                reason: LeaveReason::ParentsReturned,
                note: "父母回乡开店".into(),
            };
            w.load(&c)?;
            w.assign(a.id, t1.id, day(2026, 9, 1))?;
            w.assign(b.id, t1.id, day(2026, 9, 1))?;
            w.assign(a.id, t2.id, day(2026, 10, 1))?;
            let note_id = NoteId(w.next_id()?);
            let fu_id = FollowUpId(w.next_id()?);
            w.load(&Note {
                id: note_id,
                children: vec![a.id, b.id, c.id],
                counselor: t1.id,
                kind: NoteKind::GroupCounseling,
                at: at(2026, 9, 20, 14),
                duration_min: Some(45),
                text: "集体心理辅导：说说想念的人。".into(),
                mood: Some(3),
                support: String::new(),
                follow_up: Some(fu_id),
                created: at(2026, 9, 20, 16),
                revisions: vec![NoteRevision {
                    replaced_at: at(2026, 9, 21, 8),
                    replaced_by: t1.id,
                    kind: NoteKind::Talk,
                    at: at(2026, 9, 20, 14),
                    text: "初稿".into(),
                }],
                deleted: None,
            })?;
            w.load(&FollowUp {
                id: fu_id,
                child: a.id,
                counselor: t1.id,
                due: day(2026, 9, 27),
                text: "给妈妈打视频电话".into(),
                note: Some(note_id),
                created: at(2026, 9, 20, 16),
                done: Some(FollowUpDone {
                    at: at(2026, 9, 26, 18),
                    by: t1.id,
                    note: "通话二十分钟".into(),
                }),
            })?;
            let id = NoteId(w.next_id()?);
            w.load(&Note {
                id,
                children: vec![b.id],
                counselor: t1.id,
                kind: NoteKind::MaterialSupport,
                at: at(2026, 10, 2, 10),
                duration_min: None,
                text: "送冬衣".into(),
                mood: None,
                support: "棉衣一件".into(),
                follow_up: None,
                created: at(2026, 10, 2, 11),
                revisions: vec![],
                deleted: Some(Deletion {
                    at: at(2026, 10, 3, 9),
                    by: t2.id,
                    reason: "重复录入".into(),
                }),
            })?;
            let id = MoodId(w.next_id()?);
            w.load(&MoodEntry {
                id,
                child: a.id,
                at: at(2026, 9, 22, 12),
                score: 2,
                feelings: vec!["想念父母".into(), "孤独".into()],
                observer: t1.id,
                note: "午饭吃得少".into(),
                follow_up: Some(day(2026, 9, 29)),
            })?;
            // The incident this letter raised (saved below, its id taken first).
            let raised = IncidentId(w.next_id()?);
            let number = w.next_letter_number(day(2026, 11, 27))?;
            let id = LetterId(w.next_id()?);
            w.load(&Letter {
                id,
                number,
                received: day(2026, 11, 27),
                pseudonym: Some("小星星".into()),
                text: "老师，我晚上一个人住，有点害怕。".into(),
                status: LetterStatus::Replied,
                needs_attention: true,
                attention_reason: "一个人住".into(),
                reply: "小星星你好：谢谢你告诉老师……".into(),
                replied_by: Some(t1.id),
                replied_at: Some(at(2026, 11, 28, 9)),
                printed: true,
                attention_closed: None,
                incident: Some(raised),
            })?;
            let number = w.next_letter_number(day(2026, 11, 27))?;
            let id = LetterId(w.next_id()?);
            w.load(&Letter {
                id,
                number,
                received: day(2026, 11, 27),
                pseudonym: None,
                text: "我想爸爸。".into(),
                status: LetterStatus::New,
                needs_attention: false,
                attention_reason: "字迹潦草".into(),
                reply: String::new(),
                replied_by: None,
                replied_at: None,
                printed: false,
                attention_closed: Some(AttentionClosed {
                    at: at(2026, 11, 30, 8),
                    by: Some(t1.id),
                    reason: "心理老师已问过，是想家".into(),
                }),
                incident: None,
            })?;
            let id = IncidentId(w.next_id()?);
            w.load(&Incident {
                id,
                child: Some(a.id),
                kind: IncidentKind::LivingAlone,
                other: String::new(),
                found: "家访发现孩子独自在家三天".into(),
                found_at: at(2026, 10, 12, 17),
                reported_by: t2.id,
                reported_to: "石桥派出所".into(),
                reported_at: Some(at(2026, 10, 12, 18)),
                receipt: "JJ2026-1012".into(),
                events: vec![IncidentEvent {
                    at: at(2026, 10, 13, 9),
                    by: t1.id,
                    text: "姑姑接回家照看".into(),
                }],
                revisions: vec![],
                closed: Some(Closure {
                    at: at(2026, 10, 20, 9),
                    by: t2.id,
                    reason: "母亲已返乡".into(),
                }),
            })?;
            w.load(&Incident {
                id: raised,
                child: None,
                kind: IncidentKind::LetterDanger,
                other: String::new(),
                found: "信中写到晚上一个人住".into(),
                found_at: at(2026, 11, 28, 9),
                reported_by: t2.id,
                reported_to: String::new(),
                reported_at: None,
                receipt: String::new(),
                events: vec![],
                revisions: vec![],
                closed: None,
            })?;
            // An absence case (控辍保学) with its attempts, its report printed, the incident
            // raised from it, closed as brought back in vain and reported.
            let attempt = |d: u32, failed: bool| Attempt {
                on: day(2026, 10, d),
                went: "班主任、村主任".into(),
                way: if failed {
                    AttemptWay::WithVillage
                } else {
                    AttemptWay::Call
                },
                met: "张奶奶".into(),
                result: format!("第{d}日：孩子不肯回校"),
                failed,
                logged_by: t1.id,
                logged_at: at(2026, 10, d, 20),
            };
            let case = AbsenceId(w.next_id()?);
            w.load(&AbsenceCase {
                id: case,
                child: a.id,
                kind: AbsenceKind::DroppedOut,
                first_day: day(2026, 10, 8),
                note: "说要去东莞找爸爸".into(),
                registered_by: t1.id,
                registered_at: at(2026, 10, 9, 8),
                attempts: vec![attempt(10, true), attempt(11, false), attempt(12, true)],
                report_printed: Some(at(2026, 10, 15, 10)),
                incidents: vec![id],
                from_incident: None,
                closed: Some(AbsenceClosure {
                    at: at(2026, 10, 20, 10),
                    by: t2.id,
                    outcome: AbsenceOutcome::ReportedIneffective,
                    note: "已报区教育局和石桥镇".into(),
                }),
            })?;
            Ok(())
        })
        .unwrap();
}

fn export(store: &Store, audit: bool) -> Vec<u8> {
    let mut out = Vec::new();
    let coordinator = store
        .staff()
        .unwrap()
        .into_iter()
        .find(|c| c.role == crate::model::Role::Coordinator)
        .unwrap();
    let session = store.session(&coordinator).unwrap();
    write_json(&session, audit, &mut out).unwrap();
    out
}

/// A plain store (marked demo, so that sessions need no passphrase): the round trip is about
/// the file's shape; encryption is tested in the store.
fn fresh(dir: &Path, name: &str) -> Store {
    // Fixed, so that the file's times are the same on any day.
    let at = crate::clock::parse_fixed("2026-12-07T10:00").unwrap();
    let store = Store::open(&dir.join(name), crate::clock::Clock::fixed(at)).unwrap();
    store.mark_demo().unwrap();
    store
}

#[test]
fn export_import_export_is_byte_identical() {
    let dir = tempfile::tempdir().unwrap();
    let a = fresh(dir.path(), "a.redb");
    fill(&a);
    let first = export(&a, false);
    let file = dir.path().join("export.json");
    std::fs::write(&file, &first).unwrap();

    let b = fresh(dir.path(), "b.redb");
    let summary = import_json(&b, None, &cli(), &file).unwrap();
    assert_eq!(summary.children, 3);
    assert_eq!(summary.notes, 2);
    assert_eq!(summary.letters, 2);
    assert_eq!(summary.incidents, 2);
    assert_eq!(summary.assignments, 3);
    assert_eq!(summary.child_revisions, 2);
    let second = export(&b, false);
    assert_eq!(
        String::from_utf8(first).unwrap(),
        String::from_utf8(second).unwrap()
    );

    // Records, indexes and the id counter came back, not only the text.
    let r = b.reader().unwrap();
    let ra = a.reader().unwrap();
    assert_eq!(r.all::<Child>().unwrap(), ra.all::<Child>().unwrap());
    assert_eq!(r.all::<Note>().unwrap(), ra.all::<Note>().unwrap());
    let cases = r.all::<AbsenceCase>().unwrap();
    assert_eq!((summary.absences, cases.len()), (1, 1));
    assert_eq!(cases, ra.all::<AbsenceCase>().unwrap());
    assert_eq!(cases[0].attempts.len(), 3);
    let zhang = r.child_by_student_id("20140309").unwrap().unwrap();
    let history = r.revisions_of_child(zhang.id).unwrap();
    assert_eq!(history, ra.revisions_of_child(zhang.id).unwrap());
    assert_eq!(history[0].before.guardian.phone, "13800000009");
    assert_eq!(r.note_ids_of_child(zhang.id).unwrap().len(), 1);
    assert_eq!(r.open_incidents().unwrap().len(), 1);
    let li = r.counselor_by_name("李老师").unwrap().unwrap();
    assert_eq!(r.children_of_counselor(li.id).unwrap().len(), 1);
    // The letter's author is deliberately not exported, nor who ended its attention; when
    // and why, and the incident it raised, come back.
    let letters = r.all::<Letter>().unwrap();
    assert!(letters.iter().all(|l| l.replied_by.is_none()));
    let closed = letters[1].attention_closed.as_ref().unwrap();
    assert_eq!(
        (closed.by, closed.at, closed.reason.as_str()),
        (None, at(2026, 11, 30, 8), "心理老师已问过，是想家")
    );
    let raised = letters[0].incident.unwrap();
    assert!(
        r.get::<Incident>(raised.0)
            .unwrap()
            .unwrap()
            .child
            .is_none()
    );
    let max = r
        .all::<Incident>()
        .unwrap()
        .iter()
        .map(|i| i.id.0)
        .max()
        .unwrap();
    let next = b.write(&cli(), |w| w.next_id()).unwrap();
    assert!(next > max, "id counter must move past imported ids");
    // One audit event for the import.
    let audit = r.all::<AuditEvent>().unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].action, AuditAction::Import);
}

#[test]
fn child_and_letter_objects_use_the_documented_keys() {
    let dir = tempfile::tempdir().unwrap();
    let a = fresh(dir.path(), "a.redb");
    fill(&a);
    let v: Value = serde_json::from_slice(&export(&a, false)).unwrap();
    assert_eq!(v["format"], "shouwang-export");
    assert_eq!(v["version"], 1);
    assert!(v.get("audit").is_none());
    let zhang = &v["children"][0];
    assert_eq!(zhang["name"], "张小雨");
    assert_eq!(zhang["gender"], "M");
    assert_eq!(zhang["birth_date"], "2014-03-09");
    assert_eq!(zhang["father_phone"], "13800000001");
    assert_eq!(zhang["guardian_relation"], "祖母");
    assert_eq!(zhang["boarding"], true);
    assert_eq!(
        zhang["flags"],
        serde_json::json!(["hardship", "dropout_risk"])
    );
    assert_eq!(zhang["concerns"], serde_json::json!(["study", "mind"]));
    assert_eq!(zhang["status"], "active");
    assert!(zhang.get("left_date").is_none());
    assert_eq!(zhang["guardian_capacity"], "unable");
    assert_eq!(zhang["entrusted_to"], "张奶奶");
    assert_eq!(zhang["entrusted_since"], "2024-02-29");
    assert_eq!(zhang["enrolment"], "at_school");
    assert!(v["children"][1]["boarding"].is_null());
    assert!(v["children"][1]["guardian_capacity"].is_null());
    let wang = &v["children"][2];
    assert_eq!(wang["status"], "left");
    assert_eq!(wang["left_date"], "2026-10-08");
    assert_eq!(wang["left_reason"], "parents_returned");
    assert_eq!(wang["enrolment"], "dropped_out");
    let letter = v["letters"][0].as_object().unwrap();
    assert_eq!(letter["number"], "2026-W48-01");
    assert_eq!(letter["status"], "replied");
    assert_eq!(letter["needs_attention"], true);
    assert!(!letter.contains_key("replied_by"));
    for key in letter.keys() {
        assert!(LETTER_KEYS.contains(&key.as_str()), "unexpected key {key}");
    }
    assert_eq!(v["letters"][1]["number"], "2026-W48-02");
    let with_audit: Value = serde_json::from_slice(&export(&a, true)).unwrap();
    assert!(!with_audit["audit"].as_array().unwrap().is_empty());
}

#[test]
fn an_export_with_audit_imports_its_history_too() {
    let dir = tempfile::tempdir().unwrap();
    let a = fresh(dir.path(), "a.redb");
    fill(&a);
    let file = dir.path().join("export.json");
    std::fs::write(&file, export(&a, true)).unwrap();
    let b = fresh(dir.path(), "b.redb");
    let summary = import_json(&b, None, &cli(), &file).unwrap();
    let before = a.reader().unwrap().all::<AuditEvent>().unwrap();
    assert_eq!(summary.audit, before.len());
    let after = b.reader().unwrap().all::<AuditEvent>().unwrap();
    assert_eq!(&after[..before.len()], &before[..]);
    assert_eq!(after.len(), before.len() + 1);
}

fn import_text(text: &str) -> (ImportError, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("in.json");
    std::fs::write(&file, text).unwrap();
    let store = fresh(dir.path(), "s.redb");
    let err = import_json(&store, None, &cli(), &file).unwrap_err();
    // Nothing was written.
    assert!(store.reader().unwrap().is_empty().unwrap());
    assert_eq!(store.reader().unwrap().count::<AuditEvent>().unwrap(), 0);
    (err, dir)
}

fn bad_json_detail(text: &str) -> String {
    match import_text(text).0 {
        ImportError::BadJson { detail, .. } => detail,
        other => panic!("expected BadJson, got {other:?}"),
    }
}

fn valid_export() -> Value {
    let dir = tempfile::tempdir().unwrap();
    let a = fresh(dir.path(), "a.redb");
    fill(&a);
    serde_json::from_slice(&export(&a, false)).unwrap()
}

#[test]
fn garbage_and_wrong_shapes_are_refused_with_a_reason() {
    crate::i18n::set_lang(crate::i18n::Lang::En);
    assert!(bad_json_detail("{\"format\": \"shouwang-export\", ").contains("not valid JSON"));
    assert!(bad_json_detail("hello").contains("not valid JSON"));
    assert!(bad_json_detail("[1, 2, 3]").contains("not a JSON object"));
    assert!(bad_json_detail("{\"version\": 1}").contains("no \"format\""));
    assert!(
        bad_json_detail("{\"format\": \"other-app\", \"version\": 1}").contains("\"other-app\"")
    );
    assert!(
        bad_json_detail("{\"format\": \"shouwang-export\", \"version\": 2}").contains("version 2")
    );
    assert!(matches!(import_text("  \n").0, ImportError::Empty { .. }));
    let mut v = valid_export();
    v.as_object_mut().unwrap().remove("notes");
    assert!(bad_json_detail(&v.to_string()).contains("\"notes\" is missing"));
    // The whole message is a sentence naming the file.
    let (err, dir) = import_text("[]");
    let msg = err.to_string();
    assert!(msg.contains(&dir.path().join("in.json").display().to_string()));
    assert!(msg.contains("not a Shouwang export"));
}

#[test]
fn broken_references_and_values_are_refused() {
    crate::i18n::set_lang(crate::i18n::Lang::En);
    let mut v = valid_export();
    v["notes"][0]["children"][1] = 9999.into();
    let d = bad_json_detail(&v.to_string());
    assert!(
        d.contains("child 9999") && d.contains("not in the file"),
        "{d}"
    );

    let mut v = valid_export();
    v["letters"][1]["id"] = v["letters"][0]["id"].clone();
    assert!(bad_json_detail(&v.to_string()).contains("used by two records"));

    let mut v = valid_export();
    v["children"][0]["flags"][0] = "rich".into();
    assert!(bad_json_detail(&v.to_string()).contains("\"rich\""));

    let mut v = valid_export();
    v["letters"][0]["child"] = 3.into();
    let d = bad_json_detail(&v.to_string());
    assert!(d.contains("\"letters\"") && d.contains("child"), "{d}");

    // A letter may point only to an incident that names no child.
    let mut v = valid_export();
    let childs = v["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| !i["child"].is_null())
        .unwrap()["id"]
        .clone();
    v["letters"][0]["incident"] = childs;
    let d = bad_json_detail(&v.to_string());
    assert!(d.contains("not in the file"), "{d}");

    let mut v = valid_export();
    v["children"][2]
        .as_object_mut()
        .unwrap()
        .remove("left_date");
    assert!(bad_json_detail(&v.to_string()).contains("left_date"));

    let mut v = valid_export();
    v["moods"][0]["score"] = 9.into();
    assert!(bad_json_detail(&v.to_string()).contains("score"));

    // A session longer than a day is refused as the note editor refuses it (`Minutes`).
    let mut v = valid_export();
    v["notes"][0]["duration_min"] = 1441.into();
    let d = bad_json_detail(&v.to_string());
    assert!(d.contains("duration_min") && d.contains("1441"), "{d}");

    // An earlier version names its child, and is that child's.
    let mut v = valid_export();
    v["child_revisions"][0]["child"] = 9999.into();
    let d = bad_json_detail(&v.to_string());
    assert!(
        d.contains("earlier version") && d.contains("child 9999"),
        "{d}"
    );
    let mut v = valid_export();
    v["child_revisions"][1]["child"] = v["children"][1]["id"].clone();
    assert!(bad_json_detail(&v.to_string()).contains("before.id"));
}

/// Each kind added after the first exports (sexual abuse, self-harm, "other" with what it is,
/// a correction that was "other") and comes back the same; an "other" without what it is, or
/// a description on another kind, is refused with the form's sentence.
#[test]
fn the_later_incident_kinds_round_trip_and_other_needs_its_description() {
    let dir = tempfile::tempdir().unwrap();
    let a = fresh(dir.path(), "a.redb");
    fill(&a);
    a.write(&cli(), |w| {
        let by = w.counselor_by_name("李老师")?.unwrap().id;
        for (kind, other) in [
            (IncidentKind::SexualAbuse, ""),
            (IncidentKind::SelfHarm, ""),
            (IncidentKind::Other, "校园欺凌"),
            (IncidentKind::GuardianNeglect, ""),
            (IncidentKind::Begging, ""),
        ] {
            let id = IncidentId(w.next_id()?);
            w.load(&Incident {
                id,
                child: None,
                kind,
                other: other.into(),
                found: "班主任发现的情况".into(),
                found_at: at(2026, 11, 20, 9),
                reported_by: by,
                reported_to: String::new(),
                reported_at: None,
                receipt: String::new(),
                events: vec![],
                revisions: vec![IncidentRevision {
                    replaced_at: at(2026, 11, 21, 9),
                    replaced_by: by,
                    kind: IncidentKind::Other,
                    other: "网络诈骗".into(),
                    found: "先前的描述".into(),
                    reported_to: String::new(),
                    receipt: String::new(),
                }],
                closed: None,
            })?;
        }
        Ok(())
    })
    .unwrap();
    let first = export(&a, false);
    let v: Value = serde_json::from_slice(&first).unwrap();
    let kinds: Vec<&str> = v["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["kind"].as_str().unwrap())
        .collect();
    for code in [
        "sexual_abuse",
        "self_harm",
        "other",
        "guardian_neglect",
        "begging",
    ] {
        assert!(kinds.contains(&code), "{kinds:?}");
    }
    let file = dir.path().join("export.json");
    std::fs::write(&file, &first).unwrap();
    let b = fresh(dir.path(), "b.redb");
    import_json(&b, None, &cli(), &file).unwrap();
    assert_eq!(
        String::from_utf8(first).unwrap(),
        String::from_utf8(export(&b, false)).unwrap()
    );
    let back = b.reader().unwrap().all::<Incident>().unwrap();
    let other = back.iter().find(|i| i.kind == IncidentKind::Other).unwrap();
    assert_eq!(other.other, "校园欺凌");
    assert_eq!(other.revisions[0].other, "网络诈骗");

    crate::i18n::set_lang(crate::i18n::Lang::En);
    let index = |v: &Value| {
        v["incidents"]
            .as_array()
            .unwrap()
            .iter()
            .position(|i| i["kind"] == "other")
            .unwrap()
    };
    let mut v: Value = serde_json::from_slice(&export(&a, false)).unwrap();
    let i = index(&v);
    v["incidents"][i].as_object_mut().unwrap().remove("other");
    let d = bad_json_detail(&v.to_string());
    assert!(d.contains("say what it is"), "{d}");
    let mut v: Value = serde_json::from_slice(&export(&a, false)).unwrap();
    let i = index(&v);
    v["incidents"][i]["revisions"][0]["other"] = " ".into();
    let d = bad_json_detail(&v.to_string());
    assert!(d.contains("say what it is"), "{d}");
    let mut v: Value = serde_json::from_slice(&export(&a, false)).unwrap();
    let i = index(&v);
    v["incidents"][i]["kind"] = "abuse".into();
    let d = bad_json_detail(&v.to_string());
    assert!(d.contains("Only the kind \"other\""), "{d}");
}

/// An absence case names its child, its staff and its incidents in the file, in the codes of
/// the format, and closes as 劝返无效 only with its report printed (the store's rule).
#[test]
fn an_absence_case_is_checked_as_the_store_checks_it() {
    crate::i18n::set_lang(crate::i18n::Lang::En);
    let refused = |change: &dyn Fn(&mut Value), says: &str| {
        let mut v = valid_export();
        change(&mut v["absences"][0]);
        let d = bad_json_detail(&v.to_string());
        assert!(
            d.contains("absence case") && d.contains(says),
            "{says}: {d}"
        );
    };
    refused(&|a| a["incidents"][0] = 9999.into(), "incident 9999");
    refused(&|a| a["child"] = 9998.into(), "child 9998");
    refused(
        &|a| a["attempts"][1]["way"] = "by pigeon".into(),
        "by pigeon",
    );
    refused(&|a| a["closed"]["outcome"] = "vanished".into(), "vanished");
    refused(&|a| a["report_printed"] = Value::Null, "report_printed");
}

#[test]
fn an_export_made_before_the_record_history_or_absence_cases_still_imports() {
    let mut v = valid_export();
    v.as_object_mut().unwrap().remove("child_revisions");
    v.as_object_mut().unwrap().remove("absences");
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("old.json");
    std::fs::write(&file, v.to_string()).unwrap();
    let store = fresh(dir.path(), "s.redb");
    let summary = import_json(&store, None, &cli(), &file).unwrap();
    let counts = (summary.children, summary.child_revisions, summary.absences);
    assert_eq!(counts, (3, 0, 0));
    assert!(
        store
            .reader()
            .unwrap()
            .all::<AbsenceCase>()
            .unwrap()
            .is_empty()
    );
}

#[test]
fn a_non_empty_store_is_refused_and_left_alone() {
    let dir = tempfile::tempdir().unwrap();
    let a = fresh(dir.path(), "a.redb");
    fill(&a);
    let file = dir.path().join("export.json");
    std::fs::write(&file, export(&a, false)).unwrap();
    let b = fresh(dir.path(), "b.redb");
    b.write(&cli(), |w| {
        w.add_counselor("赵老师", Role::Coordinator, vec![])
    })
    .unwrap();
    let before = export(&b, true);
    // Without anyone named the table refuses; the coordinator is told the store is not empty.
    let err = import_json(&b, None, &cli(), &file).unwrap_err();
    assert!(matches!(err, ImportError::Store(_)), "{err:?}");
    let coordinator = b.session_by_name("赵老师").unwrap().unwrap();
    let err = import_json(&b, Some(&coordinator), &cli(), &file).unwrap_err();
    assert!(matches!(err, ImportError::StoreNotEmpty), "{err:?}");
    drop(coordinator);
    assert_eq!(export(&b, true), before);
}

#[test]
fn a_missing_file_is_unreadable() {
    let dir = tempfile::tempdir().unwrap();
    let b = fresh(dir.path(), "b.redb");
    let err = import_json(&b, None, &cli(), &dir.path().join("nope.json")).unwrap_err();
    assert!(matches!(err, ImportError::Unreadable { .. }));
}

const NAME_FIRST: &[char] = &['张', '王', '李', '赵', '刘', '陈'];
const NAME_REST: &[char] = &['伟', '芳', '娜', '敏', '静', '丽'];
const STAFF: &[char] = &['孙', '吴', '郑', '冯', '红', '军'];
const LETTER_CHARS: &[char] = &[
    '我', '想', '妈', '爸', '学', '校', '你', '好', '今', '天', '不', '开', '心', '害', '怕', '回',
    '家', '的', ' ', '\n', 'a', 'b',
];

fn word(
    first: &'static [char],
    rest: &'static [char],
    len: usize,
) -> impl Strategy<Value = String> {
    (
        prop::sample::select(first),
        prop::collection::vec(prop::sample::select(rest), 1..len),
    )
        .prop_map(|(f, r)| std::iter::once(f).chain(r).collect())
}

fn letter_text() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(LETTER_CHARS), 0..40)
        .prop_map(|v| v.into_iter().collect())
}

#[derive(Debug, Clone)]
struct LetterSpec {
    pseudonym: Option<String>,
    text: String,
    reply: String,
    reason: String,
    status: LetterStatus,
    attention: bool,
    replied: bool,
    printed: bool,
    day: u32,
}

fn letter_spec() -> impl Strategy<Value = LetterSpec> {
    (
        // A pseudonym is one line (model::limits).
        prop::option::of(letter_text().prop_map(|s| s.replace('\n', " "))),
        letter_text(),
        letter_text(),
        letter_text(),
        prop::sample::select(vec![
            LetterStatus::New,
            LetterStatus::Draft,
            LetterStatus::Replied,
        ]),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        0u32..400,
    )
        .prop_map(
            |(pseudonym, text, reply, reason, status, attention, replied, printed, day)| {
                LetterSpec {
                    pseudonym,
                    text,
                    reply,
                    reason,
                    status,
                    attention,
                    replied,
                    printed,
                    day,
                }
            },
        )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// A letter object has only the allowed keys and carries no child's or staff member's
    /// name or id, whatever the store holds.
    #[test]
    fn letters_never_name_a_child_or_a_staff_member(
        names in prop::collection::vec(word(NAME_FIRST, NAME_REST, 3), 1..6),
        staff in prop::collection::vec(word(STAFF, STAFF, 3), 1..3),
        letters in prop::collection::vec(letter_spec(), 1..8),
    ) {
        let dir = tempfile::tempdir().unwrap();
        let store = fresh(dir.path(), "p.redb");
        let (child_ids, staff_ids) = store.write_unflushed(&cli(), |w| {
            let mut staff_ids = Vec::new();
            for (i, s) in staff.iter().enumerate() {
                let name = format!("{s}{}", STAFF[i % STAFF.len()]);
                if w.counselor_by_name(&name)?.is_none() {
                    // The first is a coordinator: who may export.
                    let role = if i == 0 { Role::Coordinator } else { Role::Counselor };
                    staff_ids.push(w.add_counselor(&name, role, vec![])?.id);
                }
            }
            let mut child_ids = Vec::new();
            for (i, n) in names.iter().enumerate() {
                let mut c = Child::new(ChildId(w.next_id()?), n.clone(), Gender::Male,
                    day(2013, 1, 1) + chrono::Days::new(i as u64));
                c.father.name = format!("{n}父");
                w.load(&c)?;
                child_ids.push(c.id.0);
                w.assign(c.id, staff_ids[i % staff_ids.len()], day(2026, 9, 1))?;
            }
            for l in &letters {
                let received = day(2026, 1, 1) + chrono::Days::new(u64::from(l.day));
                let number = w.next_letter_number(received)?;
                let id = LetterId(w.next_id()?);
                w.load(&Letter {
                    id,
                    number,
                    received,
                    pseudonym: l.pseudonym.clone(),
                    text: l.text.clone(),
                    status: l.status,
                    needs_attention: l.attention,
                    attention_reason: l.reason.clone(),
                    reply: l.reply.clone(),
                    replied_by: l.replied.then_some(staff_ids[0]),
                    replied_at: l.replied.then(|| at(2026, 12, 1, 9)),
                    printed: l.printed,
                    attention_closed: None,
                    incident: None,
                })?;
            }
            Ok((child_ids, staff_ids.iter().map(|s| s.0).collect::<Vec<_>>()))
        }).unwrap();
        let v: Value = serde_json::from_slice(&export(&store, true)).unwrap();
        let out = v["letters"].as_array().unwrap();
        prop_assert_eq!(out.len(), letters.len());
        let staff_names: Vec<String> = v["counselors"].as_array().unwrap().iter()
            .map(|c| c["name"].as_str().unwrap().to_string()).collect();
        for letter in out {
            let obj = letter.as_object().unwrap();
            for (key, value) in obj {
                prop_assert!(LETTER_KEYS.contains(&key.as_str()), "key {}", key);
                if let Some(n) = value.as_u64() {
                    prop_assert!(!child_ids.contains(&n) && !staff_ids.contains(&n),
                        "{} = {} is a person's id", key, n);
                }
                if let Some(s) = value.as_str() {
                    for name in names.iter().chain(&staff_names) {
                        prop_assert!(!s.contains(name.as_str()), "{} holds {}", key, name);
                    }
                }
            }
        }
    }
}
