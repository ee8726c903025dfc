//! Curated aliases: what CLDR lacks but news uses (`Korut`, `DPRK`, `KCNA`…).

use std::collections::HashMap;
use std::path::Path;

use crate::{normalize_key, NormalizeError, EMBEDDED_ALIASES_TEXT};

/// The shipped alias table (`models/normalize/aliases.tsv`).
pub static EMBEDDED_ALIASES: &str = EMBEDDED_ALIASES_TEXT;

/// What an alias names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum AliasKind {
    /// A country, region or city.
    Place,
    /// An organisation.
    Org,
    /// A person.
    Person,
}

impl AliasKind {
    fn parse(s: &str) -> Option<AliasKind> {
        Some(match s {
            "place" => AliasKind::Place,
            "org" => AliasKind::Org,
            "person" => AliasKind::Person,
            _ => return None,
        })
    }
}

/// Alias tables by kind: normalised alias → English canonical name. The
/// English name of an organisation or person is also its own alias (a place's
/// is in the CLDR gazetteer).
#[derive(Debug, Clone, Default)]
pub struct Aliases {
    tables: HashMap<AliasKind, HashMap<String, String>>,
    rows: usize,
}

impl Aliases {
    /// The table compiled into the crate.
    pub fn embedded() -> Result<Aliases, NormalizeError> {
        let mut a = Aliases::default();
        a.extend_from(
            EMBEDDED_ALIASES,
            Path::new("embedded:models/normalize/aliases.tsv"),
        )?;
        Ok(a)
    }

    /// Adds the rows of an alias file: `#` comments and blank lines ignored,
    /// otherwise `kind<TAB>alias<TAB>English name` with kind `place`, `org` or
    /// `person`. A later row for the same key replaces an earlier one, so a
    /// user's file can correct the shipped table.
    pub fn extend_from(&mut self, text: &str, path: &Path) -> Result<(), NormalizeError> {
        for (n, line) in text.lines().enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let bad = |message: String| NormalizeError::Format {
                path: path.to_path_buf(),
                line: n + 1,
                message,
            };
            let fields: Vec<&str> = line.split('\t').collect();
            let [kind, alias, canonical] = fields.as_slice() else {
                return Err(bad(format!(
                    "expected kind<TAB>alias<TAB>name, found {} fields",
                    fields.len()
                )));
            };
            let kind = AliasKind::parse(kind)
                .ok_or_else(|| bad(format!("unknown kind `{kind}` (place, org, person)")))?;
            let (key, canonical) = (normalize_key(alias), canonical.trim());
            if key.is_empty() || canonical.is_empty() {
                return Err(bad("empty alias or name".into()));
            }
            let table = self.tables.entry(kind).or_default();
            table.insert(key, canonical.to_owned());
            // Place names are CLDR's own English names, found there; organisations
            // and people are their own aliases.
            if kind != AliasKind::Place {
                table
                    .entry(normalize_key(canonical))
                    .or_insert_with(|| canonical.to_owned());
            }
            self.rows += 1;
        }
        Ok(())
    }

    /// Reads an alias file from disk (see [`Aliases::extend_from`]).
    pub fn extend_from_file(&mut self, path: &Path) -> Result<(), NormalizeError> {
        let text = std::fs::read_to_string(path).map_err(|source| NormalizeError::Io {
            path: path.to_path_buf(),
            source,
        })?;
        self.extend_from(&text, path)
    }

    /// The English name for a normalised key of the given kind.
    pub fn lookup_key(&self, kind: AliasKind, key: &str) -> Option<&str> {
        self.tables.get(&kind)?.get(key).map(String::as_str)
    }

    /// The English name for a name of the given kind.
    pub fn lookup(&self, kind: AliasKind, name: &str) -> Option<&str> {
        self.lookup_key(kind, &normalize_key(name))
    }

    /// Number of alias rows read.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of keys of a kind (aliases plus canonical names).
    pub fn len_keys(&self, kind: AliasKind) -> usize {
        self.tables.get(&kind).map_or(0, HashMap::len)
    }

    /// All (key, English name) pairs of a kind, in no particular order.
    pub fn entries(&self, kind: AliasKind) -> impl Iterator<Item = (&str, &str)> {
        self.tables
            .get(&kind)
            .into_iter()
            .flat_map(|t| t.iter().map(|(k, v)| (k.as_str(), v.as_str())))
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used, clippy::expect_used)]
mod tests {
    use super::*;

    #[test]
    fn embedded_table_loads_and_covers_the_news_forms() {
        let a = Aliases::embedded().unwrap();
        assert_eq!(a.lookup(AliasKind::Place, "Korut"), Some("North Korea"));
        assert_eq!(a.lookup(AliasKind::Place, "D.P.R.K."), Some("North Korea"));
        assert_eq!(a.lookup(AliasKind::Place, "N. Korea"), Some("North Korea"));
        assert_eq!(
            a.lookup(AliasKind::Org, "Kantor Berita Pusat Korea"),
            Some("Korean Central News Agency")
        );
        assert_eq!(
            a.lookup(AliasKind::Org, "Partai Komunis China"),
            Some("Communist Party of China")
        );
        assert_eq!(a.lookup(AliasKind::Org, "PBB"), Some("United Nations"));
        assert_eq!(a.lookup(AliasKind::Org, "Tidak Ada"), None);
    }

    #[test]
    fn bad_rows_name_file_and_line() {
        let mut a = Aliases::default();
        let err = a
            .extend_from("# c\nplace\tX\n", Path::new("mine.tsv"))
            .unwrap_err();
        assert!(err.to_string().starts_with("mine.tsv:2:"), "{err}");
        let err = a
            .extend_from("planet\tX\tY\n", Path::new("mine.tsv"))
            .unwrap_err();
        assert!(err.to_string().contains("unknown kind"), "{err}");
    }
}
