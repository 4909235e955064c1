//! The roster's columns (SPEC §5), defined once for the import and the export: their Chinese
//! and English headers, whether they are required, and how a cell reads into a `Child`.

use super::cells::{clean_cell, clean_name, header_key, phone_digits, quoted};
use crate::domain::when::{format_date, parse_date};
use crate::i18n::Lang;
use crate::model::limits::{self, FieldKind};
use crate::model::{Capacity, Child, ChildId, Flag, Gender};
use crate::text::fold_width;
use crate::tr;
use chrono::NaiveDate;
use std::collections::BTreeSet;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Column {
    StudentId,
    Name,
    Gender,
    BirthDate,
    Class,
    Village,
    LeftBehindType,
    FatherName,
    FatherWorkPlace,
    FatherPhone,
    MotherName,
    MotherWorkPlace,
    MotherPhone,
    GuardianName,
    GuardianRelation,
    GuardianPhone,
    GuardianAddress,
    GuardianCapacity,
    EntrustedTo,
    EntrustedSince,
    Personality,
    Hobbies,
    MedicalHistory,
    Boarding,
    Flags,
    Remarks,
}

use Column::*;

/// Birth dates before this are typing mistakes, not pupils.
pub fn earliest_birth() -> NaiveDate {
    NaiveDate::from_ymd_opt(1990, 1, 1).unwrap_or(NaiveDate::MIN)
}

impl Column {
    /// In the order of the header the export writes.
    pub const ALL: [Column; 26] = [
        StudentId,
        Name,
        Gender,
        BirthDate,
        Class,
        Village,
        LeftBehindType,
        FatherName,
        FatherWorkPlace,
        FatherPhone,
        MotherName,
        MotherWorkPlace,
        MotherPhone,
        GuardianName,
        GuardianRelation,
        GuardianPhone,
        GuardianAddress,
        GuardianCapacity,
        EntrustedTo,
        EntrustedSince,
        Personality,
        Hobbies,
        MedicalHistory,
        Boarding,
        Flags,
        Remarks,
    ];

    pub fn zh(self) -> &'static str {
        match self {
            StudentId => "学号",
            Name => "姓名",
            Gender => "性别",
            BirthDate => "出生日期",
            Class => "年级班级",
            Village => "村/社区",
            LeftBehindType => "留守类型",
            FatherName => "父亲姓名",
            FatherWorkPlace => "父亲务工地",
            FatherPhone => "父亲电话",
            MotherName => "母亲姓名",
            MotherWorkPlace => "母亲务工地",
            MotherPhone => "母亲电话",
            GuardianName => "监护人姓名",
            GuardianRelation => "监护人关系",
            GuardianPhone => "监护人电话",
            GuardianAddress => "监护人住址",
            GuardianCapacity => "监护能力",
            EntrustedTo => "委托监护人",
            EntrustedSince => "委托时间",
            Personality => "性格",
            Hobbies => "爱好",
            MedicalHistory => "病史",
            Boarding => "寄宿",
            Flags => "困难类型",
            Remarks => "备注",
        }
    }

    pub fn en(self) -> &'static str {
        match self {
            StudentId => "student_id",
            Name => "name",
            Gender => "gender",
            BirthDate => "birth_date",
            Class => "class",
            Village => "village",
            LeftBehindType => "left_behind_type",
            FatherName => "father_name",
            FatherWorkPlace => "father_work_place",
            FatherPhone => "father_phone",
            MotherName => "mother_name",
            MotherWorkPlace => "mother_work_place",
            MotherPhone => "mother_phone",
            GuardianName => "guardian_name",
            GuardianRelation => "guardian_relation",
            GuardianPhone => "guardian_phone",
            GuardianAddress => "guardian_address",
            GuardianCapacity => "guardian_capacity",
            EntrustedTo => "entrusted_to",
            EntrustedSince => "entrusted_since",
            Personality => "personality",
            Hobbies => "hobbies",
            MedicalHistory => "medical_history",
            Boarding => "boarding",
            Flags => "flags",
            Remarks => "remarks",
        }
    }

    pub fn header(self, lang: Lang) -> &'static str {
        match lang {
            Lang::Zh => self.zh(),
            Lang::En => self.en(),
        }
    }

    pub fn required(self) -> bool {
        matches!(self, Name | Gender | BirthDate)
    }

    /// The column a header cell names (Chinese, or English in any case), if any.
    pub fn from_header(cell: &str) -> Option<Column> {
        let key = header_key(cell);
        if key.is_empty() {
            return None;
        }
        Column::ALL
            .into_iter()
            .find(|c| header_key(c.zh()) == key || c.en() == key)
    }

    /// The value as the import reads it back: dates `YYYY-MM-DD`, flags joined, gender and
    /// boarding in the language of the header.
    pub fn get(self, c: &Child, lang: Lang) -> String {
        let zh = lang == Lang::Zh;
        match self {
            StudentId => c.student_id.clone().unwrap_or_default(),
            Name => c.name.clone(),
            Gender => match (zh, c.gender) {
                (true, g) => g.label_zh().to_string(),
                (false, g) => g.code().to_string(),
            },
            BirthDate => format_date(c.birth_date),
            Class => c.class.clone(),
            Village => c.village.clone(),
            LeftBehindType => c.left_behind_type.clone(),
            FatherName => c.father.name.clone(),
            FatherWorkPlace => c.father.work_place.clone(),
            FatherPhone => c.father.phone.clone(),
            MotherName => c.mother.name.clone(),
            MotherWorkPlace => c.mother.work_place.clone(),
            MotherPhone => c.mother.phone.clone(),
            GuardianName => c.guardian.name.clone(),
            GuardianRelation => c.guardian.relation.clone(),
            GuardianPhone => c.guardian.phone.clone(),
            GuardianAddress => c.guardian.address.clone(),
            GuardianCapacity => match (c.guardian_capacity, zh) {
                (None, _) => String::new(),
                (Some(g), true) => g.label_zh().to_string(),
                (Some(g), false) => g.code().to_string(),
            },
            EntrustedTo => c.entrustment.to.clone(),
            EntrustedSince => c.entrustment.since.map(format_date).unwrap_or_default(),
            Personality => c.personality.clone(),
            Hobbies => c.hobbies.clone(),
            MedicalHistory => c.medical_history.clone(),
            Boarding => match (c.boarding, zh) {
                (None, _) => String::new(),
                (Some(true), true) => "是".into(),
                (Some(false), true) => "否".into(),
                (Some(true), false) => "yes".into(),
                (Some(false), false) => "no".into(),
            },
            Flags => {
                let words: Vec<&str> = c
                    .flags
                    .iter()
                    .map(|f| if zh { f.label_zh() } else { f.code() })
                    .collect();
                words.join(if zh { "、" } else { "; " })
            }
            Remarks => c.remarks.clone(),
        }
    }

    /// Whether a raw cell says nothing (then the import leaves the field as it was).
    pub fn is_blank(raw: &str) -> bool {
        clean_cell(raw).is_empty()
    }

    /// Empties an optional field (a form cleared by hand). Required columns cannot be empty:
    /// the reason is a sentence.
    pub fn clear(self, c: &mut Child) -> Result<(), String> {
        match self {
            Name | Gender | BirthDate => {
                return Err(tr!(
                    "import.reason.missing",
                    column = self.header(crate::i18n::lang())
                ));
            }
            StudentId => c.student_id = None,
            Class => c.class.clear(),
            Village => c.village.clear(),
            LeftBehindType => c.left_behind_type.clear(),
            FatherName => c.father.name.clear(),
            FatherWorkPlace => c.father.work_place.clear(),
            FatherPhone => c.father.phone.clear(),
            MotherName => c.mother.name.clear(),
            MotherWorkPlace => c.mother.work_place.clear(),
            MotherPhone => c.mother.phone.clear(),
            GuardianName => c.guardian.name.clear(),
            GuardianRelation => c.guardian.relation.clear(),
            GuardianPhone => c.guardian.phone.clear(),
            GuardianAddress => c.guardian.address.clear(),
            GuardianCapacity => c.guardian_capacity = None,
            EntrustedTo => c.entrustment.to.clear(),
            EntrustedSince => c.entrustment.since = None,
            Personality => c.personality.clear(),
            Hobbies => c.hobbies.clear(),
            MedicalHistory => c.medical_history.clear(),
            Boarding => c.boarding = None,
            Flags => c.flags.clear(),
            Remarks => c.remarks.clear(),
        }
        Ok(())
    }

    /// What the column holds, for its limits (`model::limits`).
    pub fn kind(self) -> FieldKind {
        match self {
            Name | FatherName | MotherName | GuardianName | EntrustedTo => FieldKind::Name,
            FatherPhone | MotherPhone | GuardianPhone => FieldKind::Phone,
            GuardianAddress | Personality | Hobbies | MedicalHistory | Remarks => FieldKind::Text,
            StudentId | Gender | BirthDate | Class | Village | LeftBehindType | FatherWorkPlace
            | MotherWorkPlace | GuardianRelation | GuardianCapacity | EntrustedSince | Boarding
            | Flags => FieldKind::Short,
        }
    }

    /// Reads a raw cell into the child. The cell must not be blank. On a bad value the child
    /// is untouched and the reason is a sentence for the import report. Every way a child's
    /// fields come in (roster, profile form, `import json`) reads them here, so the limits of
    /// `model::limits` hold the same for all. `today` is the school's: no one is born after it.
    pub fn set(self, c: &mut Child, raw: &str, today: NaiveDate) -> Result<(), String> {
        let field = limits::FieldName::Column {
            zh: self.zh(),
            en: self.en(),
        };
        let said = |p: limits::Problem| crate::labels::refusals::field_error(&p.of(field));
        limits::check_raw(raw).map_err(said)?;
        // A cell far over any limit is refused before it is cleaned (which copies it).
        if raw.len() > 4 * limits::TEXT_CHARS + 1024 {
            return limits::check(FieldKind::Text, raw).map_err(said);
        }
        let checked = |value: String| {
            limits::check(self.kind(), &value)
                .map(|()| value)
                .map_err(said)
        };
        let text = clean_cell(raw);
        let phone = |raw: &str| {
            phone_digits(raw).ok_or_else(|| {
                tr!(
                    "import.reason.bad_phone",
                    column = self.header(crate::i18n::lang()),
                    value = quoted(&clean_cell(raw))
                )
            })
        };
        match self {
            StudentId => {
                let id: String = fold_width(&text)
                    .chars()
                    .filter(|c| !c.is_whitespace())
                    .collect();
                c.student_id = Some(checked(id)?);
            }
            Name => c.name = checked(clean_name(raw))?,
            Gender => {
                c.gender = Gender::parse(&fold_width(&text))
                    .ok_or_else(|| tr!("import.reason.bad_gender", value = quoted(&text)))?;
            }
            BirthDate => c.birth_date = parse_birth(&text, today)?,
            Class => c.class = checked(text)?,
            Village => c.village = checked(text)?,
            LeftBehindType => {
                c.left_behind_type = checked(crate::labels::left_behind_value(&text))?
            }
            FatherName => c.father.name = checked(clean_name(raw))?,
            FatherWorkPlace => c.father.work_place = checked(text)?,
            FatherPhone => c.father.phone = checked(phone(raw)?)?,
            MotherName => c.mother.name = checked(clean_name(raw))?,
            MotherWorkPlace => c.mother.work_place = checked(text)?,
            MotherPhone => c.mother.phone = checked(phone(raw)?)?,
            GuardianName => c.guardian.name = checked(clean_name(raw))?,
            GuardianRelation => c.guardian.relation = checked(text)?,
            GuardianPhone => c.guardian.phone = checked(phone(raw)?)?,
            GuardianAddress => c.guardian.address = checked(text)?,
            GuardianCapacity => {
                c.guardian_capacity = Some(
                    parse_capacity(&text)
                        .ok_or_else(|| tr!("import.reason.bad_capacity", value = quoted(&text)))?,
                );
            }
            EntrustedTo => c.entrustment.to = checked(clean_name(raw))?,
            EntrustedSince => {
                let day = parse_date(&text)
                    .ok_or_else(|| tr!("import.reason.bad_date", value = quoted(&text)))?;
                if day > today {
                    return Err(tr!("import.reason.date_future", value = quoted(&text)));
                }
                c.entrustment.since = Some(day);
            }
            Personality => c.personality = checked(text)?,
            Hobbies => c.hobbies = checked(text)?,
            MedicalHistory => c.medical_history = checked(text)?,
            Boarding => {
                c.boarding = Some(
                    parse_boarding(&text)
                        .ok_or_else(|| tr!("import.reason.bad_boarding", value = quoted(&text)))?,
                );
            }
            Flags => c.flags = parse_flags(&text)?,
            Remarks => c.remarks = checked(text)?,
        }
        Ok(())
    }
}

/// A placeholder birth date for checking cells before the row's own date is known.
fn placeholder_day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2000, 1, 1).unwrap_or(NaiveDate::MIN)
}

/// Applies the given cells to `child` (on `today`, the school's); the reasons of every bad
/// cell, joined, on failure.
pub fn fill(child: &mut Child, given: &[(Column, String)], today: NaiveDate) -> Result<(), String> {
    let mut reasons = Vec::new();
    for (col, text) in given {
        if let Err(r) = col.set(child, text, today) {
            reasons.push(r);
        }
    }
    if reasons.is_empty() {
        Ok(())
    } else {
        Err(reasons.join(&tr!("import.reason.separator")))
    }
}

/// A new child from the non-blank cells of a row, checked whole: every required column
/// present, every cell valid (on `today`, the school's). On failure, the reasons of every
/// problem, joined.
pub fn read_child(given: &[(Column, String)], today: NaiveDate) -> Result<Child, String> {
    let lang = crate::i18n::lang();
    let mut probe = Child::new(ChildId(0), String::new(), Gender::Male, placeholder_day());
    let mut reasons = Vec::new();
    for required in Column::ALL.into_iter().filter(|c| c.required()) {
        if !given.iter().any(|(c, _)| *c == required) {
            reasons.push(tr!("import.reason.missing", column = required.header(lang)));
        }
    }
    if let Err(r) = fill(&mut probe, given, today) {
        reasons.push(r);
    }
    if probe.name.is_empty() && reasons.is_empty() {
        reasons.push(tr!("import.reason.missing", column = Name.header(lang)));
    }
    if reasons.is_empty() {
        Ok(probe)
    } else {
        Err(reasons.join(&tr!("import.reason.separator")))
    }
}

/// Whether a stored (or restored) child would pass the roster import: each of its roster
/// fields, written as the export writes it, read back by the roster's own column rules on
/// `today`.
pub fn check_child(c: &Child, today: NaiveDate) -> Result<(), String> {
    let given: Vec<(Column, String)> = Column::ALL
        .into_iter()
        .map(|col| (col, col.get(c, Lang::En)))
        .filter(|(_, text)| !Column::is_blank(text))
        .collect();
    read_child(&given, today).map(|_| ())
}

/// A birth date that is a real day, not after `today` and not before 1990.
fn parse_birth(text: &str, today: NaiveDate) -> Result<NaiveDate, String> {
    let day =
        parse_date(text).ok_or_else(|| tr!("import.reason.bad_date", value = quoted(text)))?;
    if day > today {
        return Err(tr!("import.reason.date_future", value = quoted(text)));
    }
    if day < earliest_birth() {
        return Err(tr!("import.reason.date_too_old", value = quoted(text)));
    }
    Ok(day)
}

/// 是/否, yes/no, y/n, 1/0, 住校/走读.
pub fn parse_boarding(s: &str) -> Option<bool> {
    match fold_width(s).trim().to_lowercase().as_str() {
        "是" | "yes" | "y" | "1" | "住校" | "寄宿" | "true" => Some(true),
        "否" | "no" | "n" | "0" | "走读" | "不寄宿" | "false" => Some(false),
        _ => None,
    }
}

/// 有/无 (监护能力), or the words and codes of `Capacity`.
pub fn parse_capacity(s: &str) -> Option<Capacity> {
    let s = fold_width(s);
    match s.trim().to_lowercase().as_str() {
        "有" | "是" | "yes" | "能" => Some(Capacity::Able),
        "无" | "否" | "no" | "不能" => Some(Capacity::Unable),
        other => Capacity::parse(other),
    }
}

/// Flags separated by `;` `；` `、` `,` `，`, in Chinese or English; `无` / `none` is no flag.
pub fn parse_flags(s: &str) -> Result<BTreeSet<Flag>, String> {
    let mut out = BTreeSet::new();
    for word in fold_width(s).split([';', '；', '、', ',', '，']) {
        let word = word.trim();
        if word.is_empty() || word == "无" || word.eq_ignore_ascii_case("none") {
            continue;
        }
        let flag =
            Flag::parse(word).ok_or_else(|| tr!("import.reason.bad_flag", value = quoted(word)))?;
        out.insert(flag);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_are_found_in_both_languages() {
        for c in Column::ALL {
            assert_eq!(Column::from_header(c.zh()), Some(c));
            assert_eq!(Column::from_header(c.en()), Some(c));
            assert_eq!(Column::from_header(&c.en().to_uppercase()), Some(c));
        }
        assert_eq!(Column::from_header("\u{FEFF}学号"), Some(StudentId));
        assert_eq!(Column::from_header(" Birth Date "), Some(BirthDate));
        assert_eq!(Column::from_header("班主任"), None);
        assert_eq!(Column::from_header(""), None);
    }

    #[test]
    fn every_column_reads_back_what_it_writes() {
        let day = NaiveDate::from_ymd_opt(2013, 7, 21).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let mut c = Child::new(ChildId(1), "张伟".into(), crate::model::Gender::Female, day);
        c.student_id = Some("S1".into());
        c.boarding = Some(true);
        c.flags = [Flag::Hardship, Flag::Disability].into_iter().collect();
        c.father.phone = "13800138000".into();
        c.remarks = "第一行\n第二行".into();
        c.guardian_capacity = Some(crate::model::Capacity::Unable);
        c.entrustment.to = "王桂兰".into();
        c.entrustment.since = NaiveDate::from_ymd_opt(2024, 2, 29);
        for lang in [Lang::Zh, Lang::En] {
            let mut copy = Child::new(ChildId(1), String::new(), crate::model::Gender::Male, day);
            for col in Column::ALL {
                let v = col.get(&c, lang);
                if !Column::is_blank(&v) {
                    col.set(&mut copy, &v, today).unwrap();
                }
            }
            assert_eq!(copy, c, "{lang:?}");
        }
    }

    #[test]
    fn bad_values_are_refused_and_leave_the_child_alone() {
        let day = NaiveDate::from_ymd_opt(2013, 7, 21).unwrap();
        let today = NaiveDate::from_ymd_opt(2026, 11, 26).unwrap();
        let mut c = Child::new(ChildId(1), "张伟".into(), crate::model::Gender::Female, day);
        let before = c.clone();
        assert!(Gender.set(&mut c, "未知", today).is_err());
        assert!(BirthDate.set(&mut c, "1989-12-31", today).is_err());
        assert!(BirthDate.set(&mut c, "2999-01-01", today).is_err());
        assert!(BirthDate.set(&mut c, "去年", today).is_err());
        assert!(FatherPhone.set(&mut c, "138-abc", today).is_err());
        assert!(Boarding.set(&mut c, "有时", today).is_err());
        assert!(Flags.set(&mut c, "残疾；贫穷", today).is_err());
        assert_eq!(c, before);
        Flags.set(&mut c, "hardship，残疾", today).unwrap();
        assert_eq!(c.flags.len(), 2);
        Flags.set(&mut c, "无", today).unwrap();
        assert!(c.flags.is_empty());
        Boarding.set(&mut c, "走读", today).unwrap();
        assert_eq!(c.boarding, Some(false));
    }
}
