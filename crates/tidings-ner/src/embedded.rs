//! The models compiled into the library (feature `embedded-models`): each is
//! parsed once per process, the first time a paragraph of its language is
//! tagged, and shared afterwards. A stage that never sees Korean never
//! parses the Korean model.

use std::sync::{Arc, OnceLock};

use tidings_core::{ErrorKind, StageError};

use crate::backend::NerBackend;
use crate::model::{Mention, Mixture, ModelError, NerModel};

/// Names of the embedded models, and the languages (ISO 639-3) each serves
/// first; `multi` also serves every language without its own model. Malay
/// takes the Indonesian model: the two share most words, names and spelling.
pub const EMBEDDED: &[(&str, &[&str])] = &[
    ("en", &["eng"]),
    ("id", &["ind", "msa"]),
    ("multi", &[]),
    ("ar", &["ara"]),
    ("bg", &["bul", "mkd"]),
    ("bn", &["ben"]),
    ("el", &["ell"]),
    ("fa", &["pes"]),
    ("he", &["heb"]),
    ("hi", &["hin", "mar"]),
    ("ja", &["jpn"]),
    ("ko", &["kor"]),
    ("ru", &["rus", "bel"]),
    ("th", &["tha"]),
    ("tr", &["tur"]),
    ("sr", &["srp", "hrv", "bos", "slv"]),
    ("pl", &["pol"]),
    ("cs", &["ces"]),
    ("sk", &["slk"]),
    ("uk", &["ukr"]),
    ("zh", &["cmn"]),
];

#[cfg(feature = "embedded-models")]
fn bytes(name: &str) -> Option<&'static [u8]> {
    use tidings_model_ner as core;
    use tidings_model_ner_central as central;
    use tidings_model_ner_cyrillic as cyrillic;
    use tidings_model_ner_east as east;
    use tidings_model_ner_europe as europe;
    use tidings_model_ner_south as south;
    use tidings_model_ner_west as west;
    Some(match name {
        "en" => core::EN,
        "id" => core::ID,
        "multi" => core::MULTI,
        "ar" => west::AR,
        "el" => europe::EL,
        "fa" => west::FA,
        "he" => west::HE,
        "tr" => europe::TR,
        "sr" => europe::SR,
        "pl" => central::PL,
        "cs" => central::CS,
        "sk" => central::SK,
        "bg" => cyrillic::BG,
        "ru" => cyrillic::RU,
        "uk" => cyrillic::UK,
        "bn" => south::BN,
        "hi" => south::HI,
        "ja" => east::JA,
        "ko" => east::KO,
        "th" => east::TH,
        "zh" => east::ZH,
        _ => return None,
    })
}

#[cfg(not(feature = "embedded-models"))]
fn bytes(_name: &str) -> Option<&'static [u8]> {
    None
}

type Slot = OnceLock<Result<Arc<NerModel>, String>>;

/// One parse slot per entry of [`EMBEDDED`], in its order.
static SLOTS: [Slot; EMBEDDED.len()] = [const { OnceLock::new() }; EMBEDDED.len()];

/// Whether this build has an embedded model called `name`.
pub(crate) fn has_embedded(name: &str) -> bool {
    EMBEDDED.iter().any(|(n, _)| *n == name) && bytes(name).is_some()
}

/// The embedded model called `name` (see [`EMBEDDED`]), parsed on first use
/// and shared afterwards. `Ok(None)` when this build has no embedded models
/// (the `embedded-models` feature is off) or no model of that name.
pub fn embedded_model(name: &str) -> Result<Option<Arc<NerModel>>, ModelError> {
    let Some(k) = EMBEDDED.iter().position(|(n, _)| *n == name) else {
        return Ok(None);
    };
    let Some(b) = bytes(name) else {
        return Ok(None);
    };
    let id = format!("embedded:{name}");
    SLOTS[k]
        .get_or_init(|| {
            NerModel::from_bytes(&id, b)
                .map(Arc::new)
                .map_err(|e| e.to_string())
        })
        .clone()
        .map(Some)
        .map_err(|message| ModelError::Format { name: id, message })
}

/// An embedded model as a backend, parsed the first time it tags anything.
#[derive(Debug)]
pub(crate) struct Lazy {
    id: String,
    name: &'static str,
    /// The model (for `id`, its mixture with `multi`), built on first use.
    model: OnceLock<Result<Mixture, String>>,
}

impl Lazy {
    pub(crate) fn new(name: &'static str) -> Self {
        Lazy {
            id: format!("embedded:{name}"),
            name,
            model: OnceLock::new(),
        }
    }

    fn build(&self) -> Result<Mixture, String> {
        let model = embedded_model(self.name)
            .map_err(|e| e.to_string())?
            .ok_or_else(|| format!("{}: not in this build", self.id))?;
        Ok(match self.name {
            // Indonesian: `id` (case-aware, more Indonesian than `multi`
            // holds) mixed 1:1 with `multi`, which has seen more names in
            // more contexts ("Pemimpin Korea Utara Kim Jong-un bertemu Xi
            // Jinping di Beijing." loses both names with `id` alone).
            "id" => match embedded_model("multi") {
                Ok(Some(multi)) => Mixture::new(vec![(model, 1.0), (multi, 1.0)]),
                _ => Mixture::single(model),
            },
            _ => Mixture::single(model),
        })
    }
}

impl NerBackend for Lazy {
    fn id(&self) -> &str {
        &self.id
    }

    fn find(&self, docs: &[Vec<&str>]) -> Result<Vec<Vec<Vec<Mention>>>, StageError> {
        let model = self
            .model
            .get_or_init(|| self.build())
            .as_ref()
            .map_err(|e| StageError::new("ner", ErrorKind::Model, e.clone()))?;
        Ok(docs
            .iter()
            .map(|paragraphs| model.find_in_document(paragraphs))
            .collect())
    }
}
