//! rust-bert Marian / M2M100 / NLLB from local directories (feature `transformers`).

use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rust_bert::bart::BartConfig;
use rust_bert::m2m_100::{M2M100Config, M2M100Generator};
use rust_bert::marian::MarianGenerator;
use rust_bert::pipelines::common::{ModelResource, ModelType, TokenizerOption};
use rust_bert::pipelines::generation_utils::{GenerateConfig, GenerateOptions, LanguageGenerator};
use rust_bert::resources::LocalResource;
use rust_tokenizers::tokenizer::TruncationStrategy;
use serde_json::Value;
use tch::{Device, Kind, Tensor};
use tidings_core::{BuildError, Language};

use crate::config::{ModelKind, ModelSpec, TranslateConfig, WEIGHT_FILES};
use crate::{TranslateError, Translator};

const STAGE: &str = "translate";

enum Generator {
    Marian(MarianGenerator),
    /// M2M100 and NLLB (rust-bert's `NLLBGenerator` is `M2M100Generator`).
    M2m100(M2M100Generator),
}

/// A rust-bert translation model loaded from a local directory.
///
/// The generator (tch tensors, not `Sync`) sits behind a [`Mutex`]: one model
/// call at a time per model, from any thread; libtorch parallelises inside a
/// call. Token counting uses a second copy of the tokenizer outside the lock,
/// so batches can be planned while another thread is translating.
pub struct RustBertTranslator {
    id: String,
    kind: ModelKind,
    generator: Mutex<Generator>,
    tokenizer: TokenizerOption,
    pad_id: i64,
    max_input: usize,
    max_length: i64,
    num_beams: i64,
    device: Device,
    /// Token id of English for multilingual models (forced first token).
    english_id: Option<i64>,
}

impl std::fmt::Debug for RustBertTranslator {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RustBertTranslator")
            .field("id", &self.id)
            .field("kind", &self.kind)
            .field("device", &self.device)
            .finish()
    }
}

fn file_error(path: &Path, message: impl Into<String>) -> BuildError {
    BuildError::File {
        stage: STAGE.into(),
        path: path.display().to_string(),
        message: message.into(),
    }
}

fn need(dir: &Path, name: &str) -> Result<PathBuf, BuildError> {
    let p = dir.join(name);
    if p.is_file() {
        Ok(p)
    } else {
        Err(file_error(&p, "missing (needed by this model kind)"))
    }
}

fn utf8(p: &Path) -> Result<&str, BuildError> {
    p.to_str()
        .ok_or_else(|| file_error(p, "path is not valid UTF-8"))
}

/// Resolves the device choice (`auto` = `tch::Device::cuda_if_available`).
pub(crate) fn device_for(choice: crate::config::Device) -> Result<Device, BuildError> {
    choice.resolve(STAGE)
}

/// Marian keys rust-bert's `BartConfig` reads that Hugging Face's Marian
/// `config.json` may lack, with Marian's values.
const MARIAN_DEFAULTS: &[(&str, bool)] = &[
    ("normalize_embedding", false),
    ("static_position_embeddings", true),
    ("normalize_before", false),
    ("add_final_layer_norm", false),
    ("scale_embedding", true),
];

fn int(config: &Value, key: &str) -> Option<i64> {
    config.get(key).and_then(Value::as_i64)
}

impl RustBertTranslator {
    /// Loads the model `spec` with the generation options of `config`.
    /// A missing or malformed file is a [`BuildError::File`] naming it.
    pub fn load(spec: &ModelSpec, config: &TranslateConfig) -> Result<Self, BuildError> {
        let dir = &spec.dir;
        if !dir.is_dir() {
            return Err(file_error(dir, "model directory not found"));
        }
        let config_path = need(dir, "config.json")?;
        let text = std::fs::read_to_string(&config_path)
            .map_err(|e| file_error(&config_path, e.to_string()))?;
        let mut json: Value = serde_json::from_str(&text)
            .map_err(|e| file_error(&config_path, format!("invalid JSON: {e}")))?;
        // Validate with rust-bert's own config types (its loaders panic on bad files).
        let mut config_path = config_path;
        match spec.kind {
            ModelKind::Marian => {
                let mut patched = false;
                if let Some(obj) = json.as_object_mut() {
                    for (k, v) in MARIAN_DEFAULTS {
                        if !obj.contains_key(*k) {
                            obj.insert((*k).into(), Value::Bool(*v));
                            patched = true;
                        }
                    }
                }
                serde_json::from_value::<BartConfig>(json.clone())
                    .map_err(|e| file_error(&config_path, format!("not a Marian config: {e}")))?;
                if patched {
                    config_path = write_patched_config(&config_path, &json)?;
                }
            }
            ModelKind::M2m100 | ModelKind::Nllb => {
                serde_json::from_value::<M2M100Config>(json.clone()).map_err(|e| {
                    file_error(&config_path, format!("not an M2M100/NLLB config: {e}"))
                })?;
            }
        }
        let max_pos = int(&json, "max_position_embeddings").unwrap_or(512).max(8) as usize;
        let pad_id = int(&json, "pad_token_id")
            .ok_or_else(|| file_error(&config_path, "no pad_token_id"))?;

        let files: Vec<PathBuf> = spec
            .kind
            .tokenizer_files()
            .iter()
            .map(|f| need(dir, f))
            .collect::<Result<_, _>>()?;
        let weights = WEIGHT_FILES
            .iter()
            .map(|f| dir.join(f))
            .find(|p| p.is_file())
            .ok_or_else(|| {
                file_error(
                    &dir.join(WEIGHT_FILES[0]),
                    format!("no weights: expected one of {}", WEIGHT_FILES.join(", ")),
                )
            })?;

        let (model_type, vocab, merges) = match spec.kind {
            ModelKind::Marian => (ModelType::Marian, &files[0], &files[1]),
            ModelKind::M2m100 => (ModelType::M2M100, &files[0], &files[1]),
            ModelKind::Nllb => (ModelType::NLLB, &files[0], &files[1]),
        };
        let load_tokenizer = || {
            TokenizerOption::from_file(
                model_type,
                utf8(vocab)?,
                Some(utf8(merges)?),
                false,
                None,
                None,
            )
            .map_err(|e| {
                file_error(
                    vocab,
                    format!("cannot load tokenizer (with {}): {e}", merges.display()),
                )
            })
        };
        let tokenizer = load_tokenizer()?;
        let device = device_for(config.device)?;
        let generate_config = GenerateConfig {
            model_type,
            model_resource: ModelResource::Torch(Box::new(LocalResource::from(weights.clone()))),
            config_resource: Box::new(LocalResource::from(config_path.clone())),
            vocab_resource: Box::new(LocalResource::from(vocab.clone())),
            merges_resource: Some(Box::new(LocalResource::from(merges.clone()))),
            min_length: 0,
            max_length: Some(config.max_length as i64),
            do_sample: false,
            early_stopping: true,
            num_beams: config.num_beams as i64,
            temperature: 1.0,
            top_k: 0,
            top_p: 1.0,
            repetition_penalty: 1.0,
            length_penalty: 1.0,
            no_repeat_ngram_size: 0,
            num_return_sequences: 1,
            num_beam_groups: None,
            diversity_penalty: None,
            device,
            kind: None,
        };
        let weights_error =
            |e: rust_bert::RustBertError| file_error(&weights, format!("cannot load weights: {e}"));
        let generator = match spec.kind {
            ModelKind::Marian => Generator::Marian(
                MarianGenerator::new_with_tokenizer(generate_config, load_tokenizer()?)
                    .map_err(weights_error)?,
            ),
            ModelKind::M2m100 | ModelKind::Nllb => Generator::M2m100(
                M2M100Generator::new_with_tokenizer(generate_config, load_tokenizer()?)
                    .map_err(weights_error)?,
            ),
        };
        let english_id = match spec.kind {
            ModelKind::Marian => None,
            ModelKind::M2m100 => Some(tokenizer.convert_tokens_to_ids(&[">>en.<<"])[0]),
            ModelKind::Nllb => Some(tokenizer.convert_tokens_to_ids(&["eng_Latn"])[0]),
        };
        Ok(RustBertTranslator {
            id: spec.model_id(),
            kind: spec.kind,
            generator: Mutex::new(generator),
            tokenizer,
            pad_id,
            // Room for the language prefix and the end token.
            max_input: max_pos.saturating_sub(4).max(4),
            max_length: config.max_length as i64,
            num_beams: config.num_beams as i64,
            device,
            english_id,
        })
    }

    /// The source text as the model expects it (language prefix for
    /// multilingual models).
    fn prefixed(&self, text: &str, source: &Language) -> Result<String, TranslateError> {
        match self.kind {
            ModelKind::Marian => Ok(text.to_owned()),
            ModelKind::M2m100 => match source.iso639_1.as_deref() {
                Some(c) if c.len() == 2 => Ok(format!(">>{c}.<< {text}")),
                _ => Ok(format!(">>{}<< {text}", source.iso639_3)),
            },
            ModelKind::Nllb => Ok(format!("{}{text}", nllb_code(source))),
        }
    }

    /// Encoder input ids of `texts` (with special tokens), as the model sees them.
    pub fn encode(
        &self,
        texts: &[&str],
        source: &Language,
    ) -> Result<Vec<Vec<i64>>, TranslateError> {
        let prefixed: Vec<String> = texts
            .iter()
            .map(|t| self.prefixed(t, source))
            .collect::<Result<_, _>>()?;
        Ok(self
            .tokenizer
            .encode_list(
                &prefixed,
                usize::MAX / 2,
                &TruncationStrategy::DoNotTruncate,
                0,
            )
            .into_iter()
            .map(|t| t.token_ids)
            .collect())
    }

    /// Generated token ids for `texts` (decoder start token first), one batch.
    pub fn generate_ids(
        &self,
        texts: &[&str],
        source: &Language,
    ) -> Result<Vec<Vec<i64>>, TranslateError> {
        if texts.is_empty() {
            return Ok(Vec::new());
        }
        let ids = self.encode(texts, source)?;
        let longest = ids.iter().map(Vec::len).max().unwrap_or(0).max(1);
        let mut flat = Vec::with_capacity(longest * ids.len());
        for row in &ids {
            flat.extend_from_slice(row);
            flat.extend(std::iter::repeat_n(self.pad_id, longest - row.len()));
        }
        let err = |e: tch::TchError| TranslateError::new(&self.id, e.to_string());
        let input = Tensor::f_from_slice(&flat)
            .and_then(|t| t.f_view([ids.len() as i64, longest as i64]))
            .and_then(|t| t.f_to_device(self.device))
            .map_err(err)?;
        let mask = input
            .f_ne(self.pad_id)
            .and_then(|m| m.f_to_kind(Kind::Int64))
            .map_err(err)?;
        let options = GenerateOptions {
            max_length: Some(self.max_length),
            num_beams: Some(self.num_beams),
            do_sample: Some(false),
            forced_bos_token_id: self.english_id,
            ..Default::default()
        };
        let generator = self.generator.lock().map_err(|_| {
            TranslateError::new(&self.id, "model lock poisoned by an earlier panic")
        })?;
        let _guard = tch::no_grad_guard();
        let out = match &*generator {
            Generator::Marian(g) => g.generate_from_ids_and_past(input, Some(mask), Some(options)),
            Generator::M2m100(g) => g.generate_from_ids_and_past(input, Some(mask), Some(options)),
        }
        .map_err(|e| TranslateError::new(&self.id, e.to_string()))?;
        Ok(out.into_iter().map(|o| o.indices).collect())
    }
}

/// NLLB's language code (`ind_Latn`) from a detected language.
fn nllb_code(l: &Language) -> String {
    let script = match (l.iso639_3.as_str(), l.script.as_deref()) {
        ("cmn" | "zho", _) => return "zho_Hans".into(),
        (_, Some("Cyrillic")) => "Cyrl",
        (_, Some("Hangul")) => "Hang",
        (_, Some("Arabic")) => "Arab",
        (_, Some("Devanagari")) => "Deva",
        (_, Some("Hiragana" | "Katakana" | "Mandarin")) => "Jpan",
        (_, Some("Thai")) => "Thai",
        (_, Some("Greek")) => "Grek",
        (_, Some("Hebrew")) => "Hebr",
        _ => "Latn",
    };
    format!("{}_{script}", l.iso639_3)
}

fn write_patched_config(original: &Path, json: &Value) -> Result<PathBuf, BuildError> {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    original.hash(&mut h);
    let dir = std::env::temp_dir().join(format!(
        "tidings-translate-{}-{:016x}",
        std::process::id(),
        h.finish()
    ));
    std::fs::create_dir_all(&dir).map_err(|e| file_error(&dir, e.to_string()))?;
    let path = dir.join("config.json");
    std::fs::write(&path, json.to_string()).map_err(|e| file_error(&path, e.to_string()))?;
    Ok(path)
}

impl Translator for RustBertTranslator {
    fn id(&self) -> &str {
        &self.id
    }

    fn count_tokens(&self, text: &str) -> usize {
        // Source pieces + end token (+ language token for multilingual models).
        let extra = if self.kind.is_multilingual() { 2 } else { 1 };
        self.tokenizer.tokenize(text).len() + extra
    }

    fn max_input_tokens(&self) -> usize {
        self.max_input
    }

    fn translate(&self, texts: &[&str], source: &Language) -> Result<Vec<String>, TranslateError> {
        let ids = self.generate_ids(texts, source)?;
        Ok(ids
            .iter()
            .map(|row| self.tokenizer.decode(row, true, true))
            .collect())
    }
}
