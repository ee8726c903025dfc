//! Canonical English names for tidings entities — always on, no model needed.
//!
//! The [`NormalizeStage`] gives every entity in [`Document::entities`] one
//! English name in [`Entity::canonical`] and says how it was decided in
//! [`Entity::canonical_source`]:
//!
//! | source | what | example |
//! |---|---|---|
//! | `gazetteer` | your Wikidata index ([`NormalizeConfig::gazetteer`]), which also sets [`Entity::wikidata_id`] | `Ким Чен Ын` → `Kim Jong Un`, `Q56226` |
//! | `cldr` | a territory or city name in any of CLDR 48's 62 locales, or a state, province or region in CLDR 41's 89 | `Korea Utara`, `북한`, `Tiongkok`, `평양`, `Новая Шотландия` |
//! | `alias` | the curated table for what CLDR lacks but news uses | `Korut`, `DPRK`, `KCNA`, `Partai Komunis China`, `김정은` |
//! | `wikidata` | one of the 11,000 Wikidata entities compiled in (`models/normalize/wikidata.tsv`), by its name in Russian, French, Spanish, Greek, Hebrew, Korean, Bengali, Hungarian, Turkish, Vietnamese, Chinese, Japanese or Dutch, outside English text; also sets [`Entity::wikidata_id`] ([`entities`]) | `Unión Soviética` → `Soviet Union`, `Q15180` |
//! | `geonames` | a city of 200,000 people or more that CLDR lacks, by its GeoNames name in another script than Latin ([`Places::embedded_cities`]) | `Мюнхен` → `Munich`, `アトランタ` → `Atlanta` |
//! | `coref` | another mention in the same document | `Kim` → `Kim Jong Un`, `WPK` ↔ `Workers’ Party of Korea` |
//! | `heads` | a head noun's English template around its modifier's English name (`models/normalize/heads.tsv`) | `Стэнфордского университета` → `Stanford University`, `جامعة فرجينيا` → `University of Virginia` |
//! | `names` | the English spelling of every word of a name in another script, learned from Wikidata's names ([`NameWords`]) | `Генри Киссинджера` → `Henry Kissinger` |
//! | `transliteration` | a Latin form of a name in another script (a word the learned table lacks), spelt by the learned spelling model of its script ([`spell`]) or by rule | `Уайтхолл` → `Whitehall`, `Шойгу` → `Shoygu` |
//! | `surface` | the mention itself, tidied | `Kim Jong-Un` → `Kim Jong Un` |
//!
//! Names match whatever their case, diacritics, punctuation and spacing
//! ([`normalize_key`]). The tables are compiled in
//! (`models/normalize/places.tsv`, derived from CLDR by
//! `cargo run -p tidings-tools --bin build_gazetteer`; `models/normalize/cities.tsv`,
//! derived from GeoNames by `build_cities`; and `models/normalize/aliases.tsv`),
//! so the stage needs no data at run time; [`NormalizeConfig::alias_files`]
//! adds your own aliases.
//!
//! ```
//! use tidings_core::{Document, Entity, EntityLabel, Stage};
//! use tidings_normalize::{NormalizeConfig, NormalizeStage};
//!
//! let mut doc = Document::new("id", "");
//! doc.content = "Pemimpin Korea Utara (Korut) Kim Jong-un bertemu delegasi China. \
//!                Kim juga berterima kasih kepada Tiongkok, menurut KCNA.".into();
//! // Entities as the NER stage gives them: byte offsets into `content`.
//! let mention = |text: &str, label| {
//!     let start = doc.content.find(text).unwrap();
//!     Entity { start, end: start + text.len(), text: text.into(), label, score: 1.0,
//!              model: String::new(), canonical: None, canonical_source: None, wikidata_id: None }
//! };
//! doc.entities = vec![
//!     mention("Korea Utara", EntityLabel::Location),
//!     mention("Korut", EntityLabel::Location),
//!     mention("Kim Jong-un", EntityLabel::Person),
//!     mention("Kim juga", EntityLabel::Person), // (a sloppy span: still linked below)
//!     mention("Tiongkok", EntityLabel::Location),
//!     mention("KCNA", EntityLabel::Organization),
//! ];
//! doc.entities[3].end = doc.entities[3].start + 3;
//! doc.entities[3].text = "Kim".into();
//!
//! let stage = NormalizeStage::new(NormalizeConfig::default()).unwrap();
//! stage.process(&mut doc).unwrap();
//! let got: Vec<(&str, &str, &str)> = doc.entities.iter().map(|e| (
//!     &doc.content[e.start..e.end],
//!     e.canonical.as_deref().unwrap(),
//!     e.canonical_source.as_deref().unwrap(),
//! )).collect();
//! assert_eq!(got, [
//!     ("Korea Utara", "North Korea", "cldr"),
//!     ("Korut", "North Korea", "alias"),
//!     ("Kim Jong-un", "Kim Jong Un", "alias"),
//!     ("Kim", "Kim Jong Un", "coref"),
//!     ("Tiongkok", "China", "cldr"),
//!     ("KCNA", "Korean Central News Agency", "alias"),
//! ]);
//! ```
//!
//! # People
//! Spellings of one name fold together: the words are split at spaces and
//! hyphens and capitalised ([`render_person`]), so `Kim Jong-un`, `Kim Jong-Un`
//! and `Kim Jong Un` are all `Kim Jong Un`; initials are ignored for matching
//! (`Donald J. Trump` = `Donald Trump`). Within a document a short mention
//! (`Trump`, `Kim`) links to the full name whose first or last words it is;
//! when several fit (`Kim Jong Un`, `Kim Yo Jong`), to the one the document
//! mentions most, then to the one nearest before it (or, with none before,
//! nearest after it).
//!
//! # Organisations
//! An acronym links to the multi-word name in the same document whose
//! initials spell it (`KCNA` ↔ `Korean Central News Agency`), and
//! `Name (ABBR)` links the two; common news organisations are in the alias
//! table in English and Indonesian.
//!
//! # Names in other scripts
//! A name in Cyrillic, Arabic, Hebrew, Chinese, Japanese or Korean script
//! that the tables lack is spelt word by word as English spells those words in
//! Wikidata's person names ([`NameWords`]: `Генри Киссинджера` → `Henry
//! Kissinger`, `ドナルド・トランプ` → `Donald Trump`), base forms chosen by what
//! the table knows. A word it lacks, and a name in any other script, gets a
//! Latin form from [any_ascii](https://docs.rs/any_ascii) ([`transliterate`]):
//! Cyrillic close to BGN/PCGN (`Сергей Шойгу` → `Sergey Shoygu`, where English
//! news writes Sergei), Chinese as toneless pinyin grouped as surname + given
//! name (`李鸿忠` → `Li Hongzhong`), Hangul by Revised Romanization (`김정은` →
//! `Gim Jeongeun`, not the customary Kim Jong Un — which is why the alias table
//! lists the people news names most), Arabic without vowels. It makes a name
//! searchable in Latin script; it is not a translation.
//!
//! # Wikidata ids
//! With [`NormalizeConfig::gazetteer`] set to an index that
//! `tidings gazetteer build` compiled from ParaNames (or any file in its
//! format) and alias TSVs ([`gazetteer`]), each entity is also looked up
//! there, memory-mapped, with no table loaded into memory:
//! - a name the curated tables know keeps their English name, and gains the
//!   id of the entity that name denotes (`Korea Utara` → `North Korea`, CLDR,
//!   `Q423`);
//! - any other name the index knows, by itself or by its base form
//!   (`Бобом Диланом`), takes the index's English name, `canonical_source`
//!   `gazetteer` and its id;
//! - a name several entities share is resolved by the mention's type, then by
//!   the document's other names (`Springfield` beside `Illinois`), then by
//!   prominence (the candidate with [`NormalizeConfig::gazetteer_prominence`]
//!   × as many names as the next, default 2); still ambiguous, it gets no id;
//! - short mentions linked within the document take their full name's id, and
//!   a one-word person the index resolved alone still yields to a full name in
//!   the document (`Trump` beside `Ivanka Trump`).
//!
//! Names from alias files in the index have no Wikidata id: they give a
//! canonical name only.
//!
//! # Labels
//! `LOC` looks in the place aliases, CLDR, then organisation aliases; `ORG`
//! in organisation aliases, place aliases, then CLDR (a country acting as a
//! government); `MISC` like `LOC`; `PER` in the person, place and organisation
//! aliases but never in CLDR (`Jordan`, `Chad` are people too).

#![warn(missing_docs)]
mod aliases;
mod devanagari;
pub mod entities;
mod error;
#[cfg(feature = "gazetteer")]
pub mod gazetteer;
mod heads;
mod inflection;
mod key;
mod name_words;
mod names;
mod places;
mod resolve;
pub mod spell;
mod translit;

use std::path::PathBuf;
use std::sync::{Arc, OnceLock};

use serde::{Deserialize, Serialize};
use tidings_core::{
    BuildError, BuildStage, Document, Entity, Language, Paragraph, Stage, StageError,
};

pub use aliases::{AliasKind, Aliases, EMBEDDED_ALIASES};
pub use error::NormalizeError;
pub use key::normalize_key;
pub use name_words::NameWords;
pub use names::render_person;
pub use places::{derive_places, DeriveStats, Places, EMBEDDED_PLACES};
pub use resolve::Source;
pub use translit::transliterate;

/// Options of the normalize stage. Every field has a default; a config file
/// may name only the ones it changes.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct NormalizeConfig {
    /// Look places up in the compiled-in CLDR gazetteer and GeoNames' large
    /// cities.
    pub places: bool,
    /// Use the compiled-in alias table.
    pub aliases: bool,
    /// More alias files (`kind<TAB>alias<TAB>English name`, see
    /// [`Aliases::extend_from`]), read when the stage is built; their rows
    /// override the compiled-in ones.
    pub alias_files: Vec<PathBuf>,
    /// Link mentions within a document (short names, acronyms, `Name (ABBR)`).
    pub coref: bool,
    /// Give names in non-Latin scripts a Latin transliteration when no English
    /// name is known.
    pub transliterate: bool,
    /// Look names outside English text up in the compiled-in Wikidata
    /// entities (`models/normalize/wikidata.tsv`): their English name and
    /// [`Entity::wikidata_id`].
    pub wikidata: bool,
    /// A Wikidata index built by `tidings gazetteer build` (feature
    /// `gazetteer`): names it resolves get its English name and
    /// [`Entity::wikidata_id`].
    pub gazetteer: Option<PathBuf>,
    /// How many times more names (languages) the most widely named candidate
    /// must have than the next for the gazetteer to choose it when neither
    /// type nor document decides; `null` never chooses by prominence.
    pub gazetteer_prominence: Option<f32>,
}

impl Default for NormalizeConfig {
    fn default() -> Self {
        NormalizeConfig {
            places: true,
            aliases: true,
            alias_files: Vec::new(),
            coref: true,
            transliterate: true,
            wikidata: true,
            gazetteer: None,
            gazetteer_prominence: Some(2.0),
        }
    }
}

impl NormalizeConfig {
    /// Turns the CLDR gazetteer on or off.
    pub fn places(mut self, on: bool) -> Self {
        self.places = on;
        self
    }

    /// Turns the compiled-in alias table on or off.
    pub fn aliases(mut self, on: bool) -> Self {
        self.aliases = on;
        self
    }

    /// Adds an alias file.
    pub fn alias_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.alias_files.push(path.into());
        self
    }

    /// Turns within-document linking on or off.
    pub fn coref(mut self, on: bool) -> Self {
        self.coref = on;
        self
    }

    /// Turns transliteration on or off.
    pub fn transliterate(mut self, on: bool) -> Self {
        self.transliterate = on;
        self
    }

    /// Uses the gazetteer index in `dir`.
    pub fn gazetteer(mut self, dir: impl Into<PathBuf>) -> Self {
        self.gazetteer = Some(dir.into());
        self
    }
}

impl BuildStage for NormalizeConfig {
    fn build(&self) -> Result<Box<dyn Stage>, BuildError> {
        Ok(Box::new(NormalizeStage::new(self.clone())?))
    }
}

/// The `normalize` stage.
#[derive(Debug)]
pub struct NormalizeStage {
    config: NormalizeConfig,
    places: Option<Arc<Places>>,
    cities: Option<Arc<Places>>,
    aliases: Aliases,
    #[cfg(feature = "gazetteer")]
    gazetteer: Option<gazetteer::Gazetteer>,
}

/// A compiled-in place table, parsed once per process by `parse`.
fn parsed_once(
    cell: &'static OnceLock<Result<Arc<Places>, String>>,
    parse: fn() -> Result<Places, NormalizeError>,
) -> Result<Arc<Places>, BuildError> {
    cell.get_or_init(|| parse().map(Arc::new).map_err(|e| e.to_string()))
        .clone()
        .map_err(|message| BuildError::Config {
            stage: "normalize".into(),
            message,
        })
}

/// The compiled-in gazetteer (CLDR and world regions).
fn embedded_places() -> Result<Arc<Places>, BuildError> {
    static PLACES: OnceLock<Result<Arc<Places>, String>> = OnceLock::new();
    parsed_once(&PLACES, Places::embedded)
}

/// The compiled-in large cities (GeoNames).
fn embedded_cities() -> Result<Arc<Places>, BuildError> {
    static CITIES: OnceLock<Result<Arc<Places>, String>> = OnceLock::new();
    parsed_once(&CITIES, Places::embedded_cities)
}

impl NormalizeStage {
    /// Builds the stage: parses the compiled-in tables and reads any alias
    /// files (a missing or malformed one is an error naming it).
    pub fn new(config: NormalizeConfig) -> Result<Self, BuildError> {
        let (places, cities) = if config.places {
            (Some(embedded_places()?), Some(embedded_cities()?))
        } else {
            (None, None)
        };
        let table_error = |path: &std::path::Path, e: NormalizeError| BuildError::File {
            stage: "normalize".into(),
            path: path.display().to_string(),
            message: e.to_string(),
        };
        let mut aliases = if config.aliases {
            Aliases::embedded()
                .map_err(|e| table_error(std::path::Path::new("models/normalize/aliases.tsv"), e))?
        } else {
            Aliases::default()
        };
        for path in &config.alias_files {
            aliases
                .extend_from_file(path)
                .map_err(|e| table_error(path, e))?;
        }
        #[cfg(feature = "gazetteer")]
        let gazetteer = match &config.gazetteer {
            Some(dir) => Some(gazetteer::Gazetteer::open(dir).map_err(|e| table_error(dir, e))?),
            None => None,
        };
        #[cfg(not(feature = "gazetteer"))]
        if let Some(dir) = &config.gazetteer {
            return Err(BuildError::Config {
                stage: "normalize".into(),
                message: format!(
                    "gazetteer {}: tidings-normalize was built without its `gazetteer` feature",
                    dir.display()
                ),
            });
        }
        Ok(NormalizeStage {
            config,
            places,
            cities,
            aliases,
            #[cfg(feature = "gazetteer")]
            gazetteer,
        })
    }

    /// The place gazetteer in use (`None` when turned off).
    pub fn places(&self) -> Option<&Places> {
        self.places.as_deref()
    }

    /// The alias tables in use.
    pub fn aliases(&self) -> &Aliases {
        &self.aliases
    }

    /// Sets `canonical` and `canonical_source` on `entities`, whose byte
    /// offsets index `content` (they are used only to spot `Name (ABBR)`;
    /// offsets that do not fit `content` are ignored). The stage also splits a
    /// country code from a known person ("КНР Си Цзиньпином") first; on a
    /// slice, entities are neither added nor removed.
    ///
    /// The language of the text is not known here, so every language's
    /// inflection rules are tried; the stage gives each entity its
    /// paragraph's language (see [`NormalizeStage::normalize_entities_in`]).
    pub fn normalize_entities(&self, content: &str, entities: &mut [Entity]) {
        resolve::resolve(self.tables(), content, entities, &[]);
    }

    /// [`NormalizeStage::normalize_entities`], with `languages[i]` the
    /// language (ISO 639-1) `entities[i]` is written in: a name's case
    /// endings are looked for only in the languages that have them, so
    /// that English "Latin" is not taken for Estonian "Läti" (Latvia) in the
    /// genitive. `None`, or a list shorter than `entities`, tries every
    /// language's.
    pub fn normalize_entities_in(
        &self,
        content: &str,
        entities: &mut [Entity],
        languages: &[Option<&str>],
    ) {
        resolve::resolve(self.tables(), content, entities, languages);
    }

    fn tables(&self) -> resolve::Tables<'_> {
        resolve::Tables {
            places: self.places.as_deref(),
            cities: self.cities.as_deref(),
            aliases: &self.aliases,
            coref: self.config.coref,
            transliterate: self.config.transliterate,
            entities: self.config.wikidata,
            #[cfg(feature = "gazetteer")]
            gazetteer: self.gazetteer.as_ref(),
            #[cfg(feature = "gazetteer")]
            prominence: self.config.gazetteer_prominence,
        }
    }
}

impl Stage for NormalizeStage {
    fn name(&self) -> &str {
        "normalize"
    }

    fn process(&self, doc: &mut Document) -> Result<(), StageError> {
        let Document {
            content,
            entities,
            paragraphs,
            language,
            ..
        } = doc;
        resolve::split_place_and_person(self.tables(), content, entities);
        let languages = entity_languages(language.as_ref(), paragraphs, entities);
        self.normalize_entities_in(content, entities, &languages);
        Ok(())
    }
}

/// The language of each entity's text: its paragraph's, else the
/// document's, as ISO 639-1 (ISO 639-3 where there is none); `None` where
/// neither is known.
fn entity_languages<'a>(
    document: Option<&'a Language>,
    paragraphs: &'a [Paragraph],
    entities: &[Entity],
) -> Vec<Option<&'a str>> {
    let code = |l: &'a Language| Some(l.iso639_1.as_deref().unwrap_or(&l.iso639_3));
    entities
        .iter()
        .map(|e| {
            let i = paragraphs.partition_point(|p| p.start <= e.start);
            let paragraph = i
                .checked_sub(1)
                .map(|i| &paragraphs[i])
                .filter(|p| e.start < p.end);
            paragraph
                .and_then(|p| p.language.as_ref())
                .or(document)
                .and_then(code)
        })
        .collect()
}

/// The tables compiled in from `tidings-model-normalize` (feature
/// `embedded-models`); empty without it, so that only user tables are used.
#[cfg(feature = "embedded-models")]
static EMBEDDED_PLACES_TEXT: &str = tidings_model_normalize::PLACES;
#[cfg(feature = "embedded-models")]
static EMBEDDED_ALIASES_TEXT: &str = tidings_model_normalize::ALIASES;
#[cfg(feature = "embedded-models")]
static EMBEDDED_REGIONS_TEXT: &str = tidings_model_normalize::REGIONS;
#[cfg(not(feature = "embedded-models"))]
static EMBEDDED_REGIONS_TEXT: &str = "";
#[cfg(feature = "embedded-models")]
static EMBEDDED_SUBDIVISIONS_TEXT: &str = tidings_model_normalize::SUBDIVISIONS;
#[cfg(not(feature = "embedded-models"))]
static EMBEDDED_SUBDIVISIONS_TEXT: &str = "";
#[cfg(feature = "embedded-models")]
static EMBEDDED_CITIES_TEXT: &str = tidings_model_normalize::CITIES;
#[cfg(not(feature = "embedded-models"))]
static EMBEDDED_CITIES_TEXT: &str = "";
#[cfg(feature = "embedded-models")]
static EMBEDDED_WIKIDATA_TEXT: &str = tidings_model_normalize::WIKIDATA;
#[cfg(not(feature = "embedded-models"))]
static EMBEDDED_WIKIDATA_TEXT: &str = "";
#[cfg(feature = "embedded-models")]
static EMBEDDED_NAMES_FST: &[u8] = tidings_model_normalize::NAMES_FST;
#[cfg(feature = "embedded-models")]
static EMBEDDED_NAME_WORDS: &str = tidings_model_normalize::NAME_WORDS;
#[cfg(not(feature = "embedded-models"))]
static EMBEDDED_NAMES_FST: &[u8] = &[];
#[cfg(feature = "embedded-models")]
static EMBEDDED_SPELL: &[u8] = tidings_model_normalize::SPELL;
#[cfg(not(feature = "embedded-models"))]
static EMBEDDED_SPELL: &[u8] = &[];
#[cfg(not(feature = "embedded-models"))]
static EMBEDDED_NAME_WORDS: &str = "";
#[cfg(not(feature = "embedded-models"))]
static EMBEDDED_PLACES_TEXT: &str = "";
#[cfg(not(feature = "embedded-models"))]
static EMBEDDED_ALIASES_TEXT: &str = "";
