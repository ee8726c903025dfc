//! Wikidata entities compiled in: the English name and Wikidata id of
//! `소련`, `Unión Soviética`, `ソビエト連邦`, `Καθολική Εκκλησία`
//! without the user's gazetteer.
//!
//! The table (`models/normalize/wikidata.tsv`, see its card) lists about
//! 11,000 entities of Wikidata that T-REx's facts name, with their labels in
//! Russian, French, Spanish, Greek, Hebrew, Korean, Bengali, Hungarian,
//! Turkish and Vietnamese and their names in Chinese, Japanese and Dutch.
//! Each row is `QID<TAB>P|O<TAB>English name<TAB>name…`, `P` marking a
//! person; a name's lookup key ([`crate::normalize_key`]) belongs to one
//! entity only, which the table's generator checks and [`Entities::parse`]
//! enforces again (a key two rows claim is dropped).

use std::collections::HashMap;
use std::sync::OnceLock;

use crate::normalize_key;

/// One entity of the table.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WikidataEntity {
    /// The Wikidata id (`Q15180`).
    pub qid: String,
    /// Its English name (`Soviet Union`).
    pub english: String,
    /// Whether it is a person (instance of Q5).
    pub person: bool,
}

/// The entities by the lookup keys of their names.
#[derive(Debug, Default)]
pub struct Entities {
    rows: Vec<WikidataEntity>,
    by_key: HashMap<String, u32>,
}

impl Entities {
    /// Reads a table in the format above; lines that do not have it (fewer
    /// than four fields, an id not `Q` and digits, a type not `P` or `O`) and
    /// `#` comments are skipped.
    pub fn parse(text: &str) -> Entities {
        let mut out = Entities::default();
        let mut clashes: Vec<String> = Vec::new();
        for line in text.lines() {
            if line.starts_with('#') {
                continue;
            }
            let mut f = line.split('\t');
            let (Some(qid), Some(kind), Some(english)) = (f.next(), f.next(), f.next()) else {
                continue;
            };
            let valid_id = qid.len() > 1
                && qid.starts_with('Q')
                && qid[1..].bytes().all(|b| b.is_ascii_digit());
            if !valid_id || !matches!(kind, "P" | "O") || english.trim().is_empty() {
                continue;
            }
            let Ok(index) = u32::try_from(out.rows.len()) else {
                break;
            };
            let mut named = false;
            for name in f {
                let key = normalize_key(name);
                if key.is_empty() {
                    continue;
                }
                match out.by_key.get(&key) {
                    Some(&other) if other != index => clashes.push(key),
                    Some(_) => {}
                    None => {
                        out.by_key.insert(key, index);
                        named = true;
                    }
                }
            }
            if named {
                out.rows.push(WikidataEntity {
                    qid: qid.to_owned(),
                    english: english.trim().to_owned(),
                    person: kind == "P",
                });
            }
        }
        for key in clashes {
            out.by_key.remove(&key);
        }
        out
    }

    /// The table compiled in, parsed once (empty without the
    /// `embedded-models` feature).
    pub fn embedded() -> &'static Entities {
        static TABLE: OnceLock<Entities> = OnceLock::new();
        TABLE.get_or_init(|| Entities::parse(crate::EMBEDDED_WIKIDATA_TEXT))
    }

    /// The entity a lookup key names, if one does.
    pub fn lookup_key(&self, key: &str) -> Option<&WikidataEntity> {
        let index = *self.by_key.get(key)?;
        self.rows.get(index as usize)
    }

    /// How many entities the table holds.
    pub fn len(&self) -> usize {
        self.rows.len()
    }

    /// Whether the table is empty.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_in_any_script_find_their_entity_and_clashing_keys_find_none() {
        let t = Entities::parse(
            "# comment\n\
             Q15180\tO\tSoviet Union\tСоветский Союз\tUnión Soviética\tSU\n\
             Q23559\tP\tBenito Mussolini\tМуссолини\n\
             Q1\tO\tOther\tSU\n\
             bad line\n\
             Q2\tX\tWrong type\tname\n",
        );
        let e = t.lookup_key(&normalize_key("Советский Союз")).unwrap();
        assert_eq!(
            (e.qid.as_str(), e.english.as_str(), e.person),
            ("Q15180", "Soviet Union", false)
        );
        assert_eq!(t.lookup_key("union sovietica").unwrap().qid, "Q15180");
        assert!(t.lookup_key("муссолини").unwrap().person);
        // Two entities claim `SU`: neither gets it.
        assert!(t.lookup_key("su").is_none());
        assert!(t.lookup_key("name").is_none());
        // Q1 has no name of its own left; the bad lines are skipped.
        assert_eq!(t.len(), 2);
    }

    #[cfg(feature = "embedded-models")]
    #[test]
    fn the_shipped_table_parses_whole() {
        let t = Entities::embedded();
        assert!(t.len() > 10_000, "{}", t.len());
        for name in ["Unión Soviética", "ソビエト連邦", "소련", "ברית המועצות"]
        {
            let e = t.lookup_key(&normalize_key(name)).unwrap();
            assert_eq!(
                (e.qid.as_str(), e.english.as_str()),
                ("Q15180", "Soviet Union")
            );
        }
        // English names are no keys: English text keeps its own.
        assert!(t.lookup_key("soviet union").is_none());
    }
}
