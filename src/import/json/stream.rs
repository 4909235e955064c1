//! Reading an export from the file as it goes: each list's entries become records one by one,
//! so the file is never held whole, nor as a tree of values beside the records made from it
//! (a 734 MB export read whole, then as a tree, peaked at 1.4 GB).

use super::convert::Files;
use super::{LISTS, OPTIONAL_LISTS};
use crate::interchange::json::{FORMAT, VERSION};
use crate::tr;
use serde::de::{self, DeserializeOwned, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::cell::RefCell;
use std::fmt;
use std::io::Read;
use std::marker::PhantomData;

/// Why a file is not an export: a fragment of a sentence, or a file of nothing but blanks.
#[derive(Debug, PartialEq)]
pub enum Refusal {
    Blank,
    Bad(String),
}

/// The lists of the export read from `input`; the format tag, the version and the keys
/// checked as they come.
pub fn read_files(input: impl Read) -> Result<Files, Refusal> {
    let mut input = Watched {
        inner: input,
        started: false,
        bom: 0,
    };
    // Our own words for what the file is, kept here: serde_json adds a place to any error.
    let said = RefCell::new(None);
    let result = {
        let mut de = serde_json::Deserializer::from_reader(&mut input);
        let files = Top { said: &said }.deserialize(&mut de);
        files.and_then(|files| de.end().map(|()| files))
    };
    match result {
        Ok(files) => Ok(files),
        Err(_) if !input.started => Err(Refusal::Blank),
        Err(e) => Err(Refusal::Bad(
            said.into_inner()
                .unwrap_or_else(|| tr!("store.json.syntax", detail = e)),
        )),
    }
}

/// The file's bytes, noting whether anything but blanks came, and dropping a UTF-8 byte-order
/// mark at the start (Notepad writes one).
struct Watched<R> {
    inner: R,
    started: bool,
    /// How many bytes of a BOM were seen at the start.
    bom: usize,
}

impl<R: Read> Read for Watched<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        const BOM: [u8; 3] = [0xEF, 0xBB, 0xBF];
        loop {
            let n = self.inner.read(buf)?;
            if self.started || n == 0 {
                return Ok(n);
            }
            let mut skip = 0;
            while skip < n && self.bom < 3 && buf[skip] == BOM[self.bom] {
                self.bom += 1;
                skip += 1;
            }
            if skip < n {
                self.bom = 3;
            }
            self.started = buf[skip..n].iter().any(|b| !b.is_ascii_whitespace());
            if skip == 0 {
                return Ok(n);
            }
            if skip < n {
                buf.copy_within(skip..n, 0);
                return Ok(n - skip);
            }
        }
    }
}

struct Top<'a> {
    said: &'a RefCell<Option<String>>,
}

impl Top<'_> {
    fn refuse<E: de::Error>(&self, sentence: String) -> E {
        let error = E::custom(&sentence);
        self.said.borrow_mut().get_or_insert(sentence);
        error
    }
}

impl<'de> DeserializeSeed<'de> for Top<'_> {
    type Value = Files;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Files, D::Error> {
        d.deserialize_any(self)
    }
}

macro_rules! not_an_object {
    ($($name:ident: $t:ty),*) => {$(
        fn $name<E: de::Error>(self, _: $t) -> Result<Files, E> {
            Err(self.refuse(tr!("store.json.not_object")))
        }
    )*};
}

impl<'de> Visitor<'de> for Top<'_> {
    type Value = Files;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object")
    }

    not_an_object!(visit_bool: bool, visit_i64: i64, visit_u64: u64, visit_f64: f64, visit_str: &str);

    fn visit_unit<E: de::Error>(self) -> Result<Files, E> {
        Err(self.refuse(tr!("store.json.not_object")))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, _: A) -> Result<Files, A::Error> {
        Err(self.refuse(tr!("store.json.not_object")))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Files, A::Error> {
        let mut files = Files::default();
        let mut seen: Vec<String> = Vec::new();
        let mut format = None;
        let mut version = None;
        while let Some(key) = map.next_key::<String>()? {
            let said = self.said;
            match key.as_str() {
                "format" => format = Some(map.next_value::<Value>()?),
                "version" => version = Some(map.next_value::<Value>()?),
                "counselors" => {
                    files.counselors = map.next_value_seed(List::new("counselors", said))?
                }
                "children" => files.children = map.next_value_seed(List::new("children", said))?,
                "assignments" => {
                    files.assignments = map.next_value_seed(List::new("assignments", said))?
                }
                "notes" => files.notes = map.next_value_seed(List::new("notes", said))?,
                "moods" => files.moods = map.next_value_seed(List::new("moods", said))?,
                "followups" => {
                    files.followups = map.next_value_seed(List::new("followups", said))?
                }
                "letters" => files.letters = map.next_value_seed(List::new("letters", said))?,
                "incidents" => {
                    files.incidents = map.next_value_seed(List::new("incidents", said))?
                }
                "absences" => files.absences = map.next_value_seed(List::new("absences", said))?,
                "child_revisions" => {
                    files.child_revisions =
                        map.next_value_seed(List::new("child_revisions", said))?
                }
                "audit" => files.audit = map.next_value_seed(List::new("audit", said))?,
                _ => return Err(self.refuse(tr!("store.json.unknown_key", key = key))),
            }
            seen.push(key);
        }
        match format {
            None => return Err(self.refuse(tr!("store.json.no_format"))),
            Some(Value::String(s)) if s == FORMAT => {}
            Some(Value::String(s)) => {
                return Err(self.refuse(tr!("store.json.wrong_format", found = s)));
            }
            Some(other) => return Err(self.refuse(tr!("store.json.wrong_format", found = other))),
        }
        match version {
            Some(v) if v.as_u64() == Some(VERSION) => {}
            other => {
                let found = other.map_or_else(|| "null".to_string(), |v| v.to_string());
                return Err(self.refuse(tr!(
                    "store.json.wrong_version",
                    found = found,
                    supported = VERSION
                )));
            }
        }
        if let Some(key) = LISTS.iter().find(|k| !seen.iter().any(|s| s == *k)) {
            return Err(self.refuse(tr!("store.json.missing_list", key = key)));
        }
        debug_assert!(OPTIONAL_LISTS.iter().all(|k| !LISTS.contains(k)));
        Ok(files)
    }
}

/// One of the export's lists, each entry read on its own so that an error can say which.
struct List<'a, T> {
    key: &'static str,
    said: &'a RefCell<Option<String>>,
    records: PhantomData<T>,
}

impl<'a, T> List<'a, T> {
    fn new(key: &'static str, said: &'a RefCell<Option<String>>) -> Self {
        List {
            key,
            said,
            records: PhantomData,
        }
    }
}

impl<'de, T: DeserializeOwned> DeserializeSeed<'de> for List<'_, T> {
    type Value = Vec<T>;
    fn deserialize<D: de::Deserializer<'de>>(self, d: D) -> Result<Vec<T>, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de, T: DeserializeOwned> Visitor<'de> for List<'_, T> {
    type Value = Vec<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a list")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let mut out = Vec::new();
        loop {
            // Each entry is read as a value first: an entry that is not a record is said with
            // its number, and the syntax of the file is still serde_json's to tell.
            let Some(item) = seq.next_element::<Value>()? else {
                return Ok(out);
            };
            match T::deserialize(item) {
                Ok(record) => out.push(record),
                Err(e) => {
                    let sentence = tr!(
                        "store.json.bad_record",
                        key = self.key,
                        index = out.len() + 1,
                        detail = e
                    );
                    let error = de::Error::custom(&sentence);
                    self.said.borrow_mut().get_or_insert(sentence);
                    return Err(error);
                }
            }
        }
    }

    fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Vec<T>, A::Error> {
        Err(self.not_a_list())
    }
    fn visit_str<E: de::Error>(self, _: &str) -> Result<Vec<T>, E> {
        Err(self.not_a_list())
    }
    fn visit_bool<E: de::Error>(self, _: bool) -> Result<Vec<T>, E> {
        Err(self.not_a_list())
    }
    fn visit_i64<E: de::Error>(self, _: i64) -> Result<Vec<T>, E> {
        Err(self.not_a_list())
    }
    fn visit_u64<E: de::Error>(self, _: u64) -> Result<Vec<T>, E> {
        Err(self.not_a_list())
    }
    fn visit_f64<E: de::Error>(self, _: f64) -> Result<Vec<T>, E> {
        Err(self.not_a_list())
    }
    fn visit_unit<E: de::Error>(self) -> Result<Vec<T>, E> {
        Err(self.not_a_list())
    }
}

impl<T> List<'_, T> {
    fn not_a_list<E: de::Error>(&self) -> E {
        let sentence = tr!("store.json.not_list", key = self.key);
        let error = E::custom(&sentence);
        self.said.borrow_mut().get_or_insert(sentence);
        error
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Result<Files, Refusal> {
        read_files(text.as_bytes())
    }

    fn bad(text: &str) -> String {
        match read(text) {
            Err(Refusal::Bad(s)) => s,
            Err(Refusal::Blank) => "blank".into(),
            Ok(_) => "read".into(),
        }
    }

    const LISTS_EMPTY: &str = r#""counselors":[],"children":[],"assignments":[],"notes":[],"moods":[],"followups":[],"letters":[],"incidents":[]"#;

    #[test]
    fn an_export_reads_with_a_bom_and_blanks_are_blank() {
        let ok =
            format!("\u{feff} {{\"format\":\"{FORMAT}\",\"version\":{VERSION},{LISTS_EMPTY}}}\n");
        assert!(read(&ok).is_ok());
        assert_eq!(read(" \n\t").err(), Some(Refusal::Blank));
        assert_eq!(read("\u{feff}\n").err(), Some(Refusal::Blank));
    }

    #[test]
    fn each_refusal_says_what_is_wrong() {
        crate::i18n::set_thread_lang(crate::i18n::Lang::En);
        assert!(bad("[1]").contains("not a JSON object"));
        assert!(bad("{").contains("not valid JSON"));
        assert!(bad(&format!("{{\"version\":{VERSION},{LISTS_EMPTY}}}")).contains("no \"format\""));
        assert!(
            bad(&format!(
                "{{\"format\":\"{FORMAT}\",\"version\":{VERSION}}}"
            ))
            .contains("\"counselors\" is missing")
        );
        assert!(bad(r#"{"format":"x","extra":1}"#).contains("\"extra\""));
        let not_list = format!("{{\"format\":\"{FORMAT}\",\"version\":{VERSION},\"notes\":{{}}}}");
        assert!(bad(&not_list).contains("\"notes\" should be a list"));
        let bad_entry =
            format!("{{\"format\":\"{FORMAT}\",\"version\":{VERSION},\"children\":[1]}}");
        assert!(
            bad(&bad_entry).contains("entry 1 of \"children\""),
            "{}",
            bad(&bad_entry)
        );
    }
}
