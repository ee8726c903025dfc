use serde::{Deserialize, Serialize};

/// A named-entity label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum EntityLabel {
    /// Person.
    #[serde(rename = "PER")]
    Person,
    /// Organisation.
    #[serde(rename = "ORG")]
    Organization,
    /// Location / place.
    #[serde(rename = "LOC")]
    Location,
    /// Miscellaneous (nationalities, events, works…), where the model has it.
    #[serde(rename = "MISC")]
    Misc,
}

impl EntityLabel {
    /// The CoNLL tag name (`PER`, `ORG`, `LOC`, `MISC`).
    pub fn as_str(self) -> &'static str {
        match self {
            EntityLabel::Person => "PER",
            EntityLabel::Organization => "ORG",
            EntityLabel::Location => "LOC",
            EntityLabel::Misc => "MISC",
        }
    }

    /// Parses a tag name; accepts the CoNLL names and common synonyms
    /// (`PERSON`, `PPL`, `ORGANIZATION`, `IND`, `GPE`, `PLC`…).
    pub fn parse(tag: &str) -> Option<EntityLabel> {
        Some(match tag.to_ascii_uppercase().as_str() {
            "PER" | "PERSON" | "PPL" => EntityLabel::Person,
            "ORG" | "ORGANIZATION" | "ORGANISATION" | "IND" => EntityLabel::Organization,
            "LOC" | "LOCATION" | "GPE" | "PLC" => EntityLabel::Location,
            "MISC" | "EVT" | "NORP" => EntityLabel::Misc,
            _ => return None,
        })
    }
}

impl std::fmt::Display for EntityLabel {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A named entity found in [`crate::Document::content`].
///
/// `start..end` are **byte** offsets into `Document::content`:
/// `&doc.content[e.start..e.end] == e.text`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entity {
    /// Byte offset into `Document::content` of the first byte of the mention.
    pub start: usize,
    /// Byte offset into `Document::content` just past the mention.
    pub end: usize,
    /// The mention as it appears in `content`.
    pub text: String,
    /// What kind of entity it is.
    pub label: EntityLabel,
    /// Model confidence in `[0, 1]`.
    pub score: f32,
    /// The model that found it (e.g. `embedded:en`, `bert:/models/ner`).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub model: String,
    /// One canonical English name for the entity, set by the normalize stage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical: Option<String>,
    /// How `canonical` was decided (`gazetteer`, `cldr`, `alias`, `wikidata`,
    /// `geonames`, `coref`, `heads`, `names`, `transliteration`, `surface`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical_source: Option<String>,
    /// The entity's Wikidata id (`"Q56226"`), set by the normalize stage when
    /// a configured gazetteer or its compiled-in Wikidata entities resolve the
    /// mention.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wikidata_id: Option<String>,
}
