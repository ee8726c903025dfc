//! The models compiled into the library (feature `embedded-models`), parsed
//! once per process on first use.

use std::sync::{Arc, OnceLock};

use crate::model::{ModelError, NerModel};

/// Names of the embedded models, and the languages (ISO 639-3) each serves
/// first; `multi` also serves every language without its own model.
pub const EMBEDDED: &[(&str, &[&str])] = &[("en", &["eng"]), ("id", &["ind"]), ("multi", &[])];

#[cfg(feature = "embedded-models")]
fn bytes(name: &str) -> Option<&'static [u8]> {
    match name {
        "en" => Some(tidings_model_ner::EN),
        "id" => Some(tidings_model_ner::ID),
        "multi" => Some(tidings_model_ner::MULTI),
        _ => None,
    }
}

#[cfg(not(feature = "embedded-models"))]
fn bytes(_name: &str) -> Option<&'static [u8]> {
    None
}

type Slot = OnceLock<Result<Arc<NerModel>, String>>;
static EN: Slot = OnceLock::new();
static ID: Slot = OnceLock::new();
static MULTI: Slot = OnceLock::new();

/// The embedded model called `name` (`en`, `id` or `multi`), parsed on first use and
/// shared afterwards. `Ok(None)` when this build has no embedded models (the
/// `embedded-models` feature is off) or no model of that name.
pub fn embedded_model(name: &str) -> Result<Option<Arc<NerModel>>, ModelError> {
    let slot = match name {
        "en" => &EN,
        "id" => &ID,
        "multi" => &MULTI,
        _ => return Ok(None),
    };
    let Some(b) = bytes(name) else {
        return Ok(None);
    };
    let id = format!("embedded:{name}");
    slot.get_or_init(|| {
        NerModel::from_bytes(&id, b)
            .map(Arc::new)
            .map_err(|e| e.to_string())
    })
    .clone()
    .map(Some)
    .map_err(|message| ModelError::Format { name: id, message })
}
