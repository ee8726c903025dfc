//! A corpus-scale gazetteer: names in any language → Wikidata entities with an
//! English name, from the user's own download (feature `gazetteer`).
//!
//! [`build`] compiles name files into an index directory; [`Gazetteer::open`]
//! memory-maps it, so that every worker process of a corpus run shares one copy
//! in the page cache. With `{"type": "normalize", "gazetteer": "DIR"}` the
//! normalize stage gives each entity the index resolves its `wikidata_id`
//! (e.g. `"Q56226"`); see the crate documentation for the resolution rules.
//!
//! # Inputs
//! - **ParaNames** (<https://github.com/bltlab/paranames>, Wikidata-derived,
//!   CC0 like Wikidata): a TSV, gzipped or not, with the columns
//!   `wikidata_id`, `eng`, `label`, `language`, `type` (`PER`, `LOC`, `ORG`),
//!   found by the header row (any column order) or, without a header, in that
//!   order.
//! - **tidings' alias TSV** ([`crate::Aliases::extend_from`]'s format,
//!   `kind<TAB>alias<TAB>English name`): names without a Wikidata id, which
//!   give a canonical name but no `wikidata_id`.
//!
//! # The index
//! | file | what |
//! |---|---|
//! | `names.fst` | [`normalize_key`](crate::normalize_key) of every name → its candidate list in `candidates.bin` |
//! | `candidates.bin` | per name: the entities it may name, most widely named first (entity, types, name count) |
//! | `entities.fst` | entity (8-byte big-endian id) → its record in `english.bin` |
//! | `english.bin` | per entity: how many names the inputs give it, and its English name |
//! | `gazetteer.json` | format version and the build's counts, written last |
//!
//! A name's candidates are ordered by how many names (in how many languages)
//! the inputs give each entity: Wikidata's prominent entities have labels in
//! hundreds of languages, a homonymous village in a few.
//!
//! ```
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! use tidings_normalize::gazetteer::{build, BuildOptions, Gazetteer, Kinds};
//!
//! let dir = tempfile::tempdir()?;
//! let tsv = dir.path().join("paranames.tsv");
//! std::fs::write(&tsv, "wikidata_id\teng\tlabel\tlanguage\ttype\n\
//!     Q56226\tKim Jong Un\tKim Jong Un\ten\tPER\n\
//!     Q56226\tKim Jong Un\t김정은\tko\tPER\n\
//!     Q56226\tKim Jong Un\tКим Чен Ын\tru\tPER\n")?;
//! let index = dir.path().join("index");
//! let stats = build(&[tsv], &index, &BuildOptions::default())?;
//! assert_eq!((stats.rows, stats.entities), (3, 1));
//!
//! let gazetteer = Gazetteer::open(&index)?;
//! let found = gazetteer.lookup("Ким Чен Ын");
//! assert_eq!(found.len(), 1);
//! assert_eq!(found[0].id.wikidata().as_deref(), Some("Q56226"));
//! assert_eq!(found[0].kinds, Kinds::PERSON);
//! assert_eq!(gazetteer.english(found[0].id), Some("Kim Jong Un"));
//! # Ok(()) }
//! ```

mod build;
mod choose;
mod extsort;
mod index;
mod link;
mod varint;

pub use build::{build, BuildOptions, BuildStats};
pub(crate) use choose::{choose, Choice, Context};
pub use index::{Candidate, Candidates, Gazetteer};
pub(crate) use link::{first_pass, resolve_in_document};

/// The index's format version (`gazetteer.json`'s `version`).
pub const FORMAT_VERSION: u32 = 1;

/// Ids from this value up name entities of alias files, which have no Wikidata
/// id; below it, an id is a Wikidata item's number (`Q56226` → 56226).
const LOCAL_ID_BASE: u64 = 1 << 62;

/// An entity of the index: a Wikidata item, or a name of an alias file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct EntityId(pub u64);

impl EntityId {
    /// Parses `Q56226` (or `q56226`, or a URI ending in it).
    pub fn parse_wikidata(s: &str) -> Option<EntityId> {
        let s = s.trim();
        let s = s.rsplit('/').next().unwrap_or(s);
        let digits = s.strip_prefix('Q').or_else(|| s.strip_prefix('q'))?;
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let n: u64 = digits.parse().ok()?;
        (n > 0 && n < LOCAL_ID_BASE).then_some(EntityId(n))
    }

    /// The Wikidata id (`"Q56226"`), or `None` for a name from an alias file.
    pub fn wikidata(self) -> Option<String> {
        (self.0 < LOCAL_ID_BASE).then(|| format!("Q{}", self.0))
    }
}

/// The entity types a candidate has (a bit set: ParaNames lists an entity once
/// per type when Wikidata gives it several, e.g. a university as LOC and ORG).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Kinds(pub u8);

impl Kinds {
    /// `PER`.
    pub const PERSON: Kinds = Kinds(1);
    /// `LOC`.
    pub const LOCATION: Kinds = Kinds(2);
    /// `ORG`.
    pub const ORGANIZATION: Kinds = Kinds(4);
    /// Any other type the input names.
    pub const OTHER: Kinds = Kinds(8);

    /// The kind of a ParaNames `type` value (`PER`, `LOC`, `ORG`; anything
    /// else is [`Kinds::OTHER`]).
    pub fn from_paranames(s: &str) -> Kinds {
        match s.trim() {
            "PER" => Kinds::PERSON,
            "LOC" => Kinds::LOCATION,
            "ORG" => Kinds::ORGANIZATION,
            _ => Kinds::OTHER,
        }
    }

    /// Whether the two sets share a type.
    pub fn intersects(self, other: Kinds) -> bool {
        self.0 & other.0 != 0
    }
}

/// `PER,LOC`: the types a set holds, comma-separated.
impl std::fmt::Display for Kinds {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let names = [
            (Kinds::PERSON, "PER"),
            (Kinds::LOCATION, "LOC"),
            (Kinds::ORGANIZATION, "ORG"),
            (Kinds::OTHER, "OTHER"),
        ];
        let held: Vec<&str> = names
            .iter()
            .filter(|(kind, _)| self.intersects(*kind))
            .map(|(_, name)| *name)
            .collect();
        f.write_str(&held.join(","))
    }
}

impl std::ops::BitOr for Kinds {
    type Output = Kinds;
    fn bitor(self, rhs: Kinds) -> Kinds {
        Kinds(self.0 | rhs.0)
    }
}
