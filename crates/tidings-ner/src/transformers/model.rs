//! Loading a rust-bert token-classification model from a local directory, and
//! running its forward pass on a padded batch of windows.

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};

use rust_bert::pipelines::common::{ModelType, TokenizerOption};
use rust_tokenizers::{Mask, TokenIdsWithOffsets};
use serde_json::Value;
use tch::{nn, Device, Kind, Tensor};
use tidings_core::BuildError;

use super::encoder::Encoder;
pub(crate) use super::family::Family;
use super::TransformersNerConfig;

pub(crate) const STAGE: &str = "ner";

/// The network (not `Sync`: tch tensors are only `Send`), kept with its weights.
pub(crate) struct Net {
    encoder: Encoder,
    _vs: nn::VarStore,
}

impl Net {
    /// Logits `[batch, len, labels]` for padded `input_ids` and `mask` (both `[batch, len]`).
    pub(crate) fn forward(&self, input_ids: &Tensor, mask: &Tensor) -> Result<Tensor, String> {
        let run = || tch::no_grad(|| self.encoder.forward(input_ids, mask));
        catch_unwind(AssertUnwindSafe(run)).map_err(|payload| {
            tidings_core::panic_message(payload.as_ref())
                .unwrap_or("libtorch panicked")
                .to_owned()
        })
    }
}

/// Everything read from the model directory.
pub(crate) struct Loaded {
    pub net: Net,
    pub tokenizer: TokenizerOption,
    pub family: Family,
    pub labels: Vec<String>,
    pub device: Device,
    /// Special token ids before and after a window's content tokens.
    pub prefix: Vec<i64>,
    pub suffix: Vec<i64>,
    pub pad_id: i64,
    /// Tokens per window, special tokens included.
    pub max_len: usize,
    /// Content tokens shared by consecutive windows.
    pub stride: usize,
    /// A short name for `Entity::model`: `bert:<model dir name>`.
    pub tag: String,
}

fn file_error(path: &Path, message: impl Into<String>) -> BuildError {
    BuildError::File {
        stage: STAGE.into(),
        path: path.display().to_string(),
        message: message.into(),
    }
}

fn config_error(message: impl Into<String>) -> BuildError {
    BuildError::Config {
        stage: STAGE.into(),
        message: message.into(),
    }
}

fn require(path: PathBuf, what: &str) -> Result<PathBuf, BuildError> {
    if path.is_file() {
        Ok(path)
    } else {
        Err(file_error(
            &path,
            format!(
                "{what} not found (models are loaded from local files only; nothing is downloaded)"
            ),
        ))
    }
}

fn read_json(path: &Path) -> Result<(String, Value), BuildError> {
    let text = std::fs::read_to_string(path).map_err(|e| file_error(path, e.to_string()))?;
    let value = serde_json::from_str(&text)
        .map_err(|e| file_error(path, format!("not valid JSON: {e}")))?;
    Ok((text, value))
}

/// `id2label` as a dense list, index = label id.
fn labels_of(config: &Value, path: &Path) -> Result<Vec<String>, BuildError> {
    let map = config
        .get("id2label")
        .and_then(Value::as_object)
        .ok_or_else(|| {
            file_error(
                path,
                "no `id2label` object: not a token-classification model",
            )
        })?;
    let mut labels = vec![None; map.len()];
    for (k, v) in map {
        let id: usize = k
            .parse()
            .map_err(|_| file_error(path, format!("`id2label` key `{k}` is not a number")))?;
        let name = v
            .as_str()
            .ok_or_else(|| file_error(path, format!("`id2label[{k}]` is not a string")))?;
        match labels.get_mut(id) {
            Some(slot) => *slot = Some(name.to_owned()),
            None => {
                return Err(file_error(
                    path,
                    format!("`id2label` ids must be 0..{}, found {id}", map.len()),
                ))
            }
        }
    }
    labels
        .into_iter()
        .collect::<Option<Vec<_>>>()
        .filter(|l| !l.is_empty())
        .ok_or_else(|| file_error(path, "`id2label` has gaps or is empty"))
}

fn path_str(path: &Path) -> Result<&str, BuildError> {
    path.to_str()
        .ok_or_else(|| file_error(path, "path is not valid UTF-8"))
}

/// Loads the weights file into `vs`, checking every tensor's name and shape.
fn load_weights(vs: &mut nn::VarStore, path: &Path) -> Result<(), BuildError> {
    let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
    let read = || {
        match ext {
        "safetensors" => Tensor::read_safetensors(path),
        "bin" | "pt" | "pth" => Err(tch::TchError::FileFormat(
            "PyTorch pickles are not read; save the model as safetensors (save_pretrained(..., safe_serialization=True))".into(),
        )),
        _ => Tensor::load_multi(path),
    }
    };
    let named: HashMap<String, Tensor> = match catch_unwind(AssertUnwindSafe(read)) {
        Ok(Ok(v)) => v.into_iter().collect(),
        Ok(Err(e)) => return Err(file_error(path, format!("cannot read weights: {e}"))),
        Err(_) => return Err(file_error(path, "cannot read weights: libtorch panicked")),
    };
    let mut names: Vec<(String, Tensor)> = vs.variables().into_iter().collect();
    names.sort_by(|a, b| a.0.cmp(&b.0));
    for (name, mut var) in names {
        let src = named.get(&name).ok_or_else(|| {
            file_error(
                path,
                format!("tensor `{name}` is missing (wrong model type in config.json, or weights of another model?)"),
            )
        })?;
        if src.size() != var.size() {
            return Err(file_error(
                path,
                format!(
                    "tensor `{name}` has shape {:?}, config.json implies {:?}",
                    src.size(),
                    var.size()
                ),
            ));
        }
        tch::no_grad(|| var.f_copy_(&src.to_kind(var.kind())))
            .map_err(|e| file_error(path, format!("tensor `{name}`: {e}")))?;
    }
    Ok(())
}

fn pick_device(choice: tidings_core::Device) -> Result<Device, BuildError> {
    choice.resolve(STAGE)
}

/// Reads config, vocabulary and weights from `cfg.model_dir`.
pub(crate) fn load(cfg: &TransformersNerConfig) -> Result<Loaded, BuildError> {
    let dir = &cfg.model_dir;
    if !dir.is_dir() {
        return Err(file_error(dir, "model directory not found"));
    }
    if cfg.batch_size == 0 {
        return Err(config_error("batch_size must be at least 1"));
    }
    let config_path = require(dir.join("config.json"), "config.json")?;
    let (config_text, config) = read_json(&config_path)?;
    let family = family_of(&config, &config_path)?;
    let labels = labels_of(&config, &config_path)?;
    let (tokenizer, vocab_path) = load_tokenizer(cfg, family)?;
    let (prefix, suffix) = special_tokens(&tokenizer, &vocab_path)?;
    let pad_id = tokenizer.get_pad_id().unwrap_or(0);
    let (max_len, stride) = window(
        cfg,
        &config,
        &config_path,
        family,
        prefix.len() + suffix.len(),
    )?;

    let device = pick_device(cfg.device)?;
    if let Some(n) = cfg.threads {
        tch::set_num_threads(n.max(1) as i32);
    }
    let mut vs = nn::VarStore::new(device);
    let mut encoder = build_encoder(&vs, family, &config_text, &config_path, labels.len())?;
    load_weights(&mut vs, &weights_path(cfg)?)?;
    encoder.finish();

    let tag = format!(
        "{}:{}",
        family.as_str(),
        dir.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| dir.display().to_string())
    );
    Ok(Loaded {
        net: Net { encoder, _vs: vs },
        tokenizer,
        family,
        labels,
        device,
        prefix,
        suffix,
        pad_id,
        max_len,
        stride,
        tag,
    })
}

/// The model family `config.json` names in `model_type`.
fn family_of(config: &Value, config_path: &Path) -> Result<Family, BuildError> {
    match config.get("model_type").and_then(Value::as_str) {
        Some("bert") => Ok(Family::Bert),
        Some("distilbert") => Ok(Family::DistilBert),
        Some("roberta") => Ok(Family::Roberta),
        Some("xlm-roberta") => Ok(Family::XlmRoberta),
        Some(other) => Err(file_error(
            config_path,
            format!(
                "model_type `{other}` is not supported (bert, distilbert, roberta, xlm-roberta)"
            ),
        )),
        None => Err(file_error(config_path, "no `model_type`")),
    }
}

/// The family's tokenizer from its vocabulary files, with the options of
/// `tokenizer_config.json` (and `cfg.lower_case`); also the vocabulary path,
/// which errors name.
fn load_tokenizer(
    cfg: &TransformersNerConfig,
    family: Family,
) -> Result<(TokenizerOption, PathBuf), BuildError> {
    let dir = &cfg.model_dir;
    let tok_config_path = dir.join("tokenizer_config.json");
    let tok_config = if tok_config_path.is_file() {
        read_json(&tok_config_path)?.1
    } else {
        Value::Null
    };
    let lower_case = cfg.lower_case.unwrap_or_else(|| {
        tok_config
            .get("do_lower_case")
            .and_then(Value::as_bool)
            .unwrap_or(false)
    });
    let strip_accents = tok_config.get("strip_accents").and_then(Value::as_bool);
    let add_prefix_space = tok_config.get("add_prefix_space").and_then(Value::as_bool);

    let (tokenizer, vocab_path) = match family {
        Family::Bert | Family::DistilBert => {
            let vocab = require(dir.join("vocab.txt"), "vocab.txt (WordPiece vocabulary)")?;
            let model_type = if family == Family::Bert {
                ModelType::Bert
            } else {
                ModelType::DistilBert
            };
            let t = TokenizerOption::from_file(
                model_type,
                path_str(&vocab)?,
                None,
                lower_case,
                strip_accents,
                None,
            );
            (t, vocab)
        }
        Family::Roberta => {
            let vocab = require(dir.join("vocab.json"), "vocab.json (BPE vocabulary)")?;
            let merges = require(dir.join("merges.txt"), "merges.txt (BPE merges)")?;
            let t = TokenizerOption::from_file(
                ModelType::Roberta,
                path_str(&vocab)?,
                Some(path_str(&merges)?),
                lower_case,
                None,
                add_prefix_space,
            );
            (t, vocab)
        }
        Family::XlmRoberta => {
            let spm = require(
                dir.join("sentencepiece.bpe.model"),
                "sentencepiece.bpe.model",
            )?;
            let t = TokenizerOption::from_file(
                ModelType::XLMRoberta,
                path_str(&spm)?,
                None,
                lower_case,
                None,
                None,
            );
            (t, spm)
        }
    };
    match catch_unwind(AssertUnwindSafe(|| tokenizer)) {
        Ok(Ok(t)) => Ok((t, vocab_path)),
        Ok(Err(e)) => Err(file_error(
            &vocab_path,
            format!("cannot load the tokenizer: {e}"),
        )),
        Err(_) => Err(file_error(&vocab_path, "cannot load the tokenizer")),
    }
}

/// The special tokens the tokenizer puts before and after a window's
/// content (found by wrapping one unknown token).
fn special_tokens(
    tokenizer: &TokenizerOption,
    vocab_path: &Path,
) -> Result<(Vec<i64>, Vec<i64>), BuildError> {
    let unk = tokenizer.get_unk_id();
    let probe = tokenizer.build_input_with_special_tokens(
        TokenIdsWithOffsets {
            ids: vec![unk],
            offsets: vec![None],
            reference_offsets: vec![vec![]],
            masks: vec![Mask::None],
        },
        None,
    );
    let content_at = probe
        .special_tokens_mask
        .iter()
        .position(|&m| m == 0)
        .ok_or_else(|| file_error(vocab_path, "the tokenizer adds no room for content"))?;
    Ok((
        probe.token_ids[..content_at].to_vec(),
        probe.token_ids[content_at + 1..].to_vec(),
    ))
}

/// Tokens per window (`max_len`, special tokens included) and the overlap of
/// consecutive windows (`stride`), checked against the model's positions.
fn window(
    cfg: &TransformersNerConfig,
    config: &Value,
    config_path: &Path,
    family: Family,
    specials: usize,
) -> Result<(usize, usize), BuildError> {
    let positions = config
        .get("max_position_embeddings")
        .and_then(Value::as_u64)
        .unwrap_or(512) as usize;
    // RoBERTa/XLM-R positions start after the padding index.
    let model_max = match family {
        Family::Roberta | Family::XlmRoberta => positions.saturating_sub(2),
        _ => positions,
    }
    .min(512);
    let max_len = cfg.max_len.unwrap_or(model_max);
    if max_len > model_max {
        return Err(config_error(format!(
            "max_len {max_len} is more than the model's {model_max} positions ({})",
            config_path.display()
        )));
    }
    if max_len <= specials + 1 {
        return Err(config_error(format!(
            "max_len {max_len} leaves no room for text"
        )));
    }
    let width = max_len - specials;
    let stride = cfg.stride.unwrap_or(max_len / 4);
    if stride >= width {
        return Err(config_error(format!(
            "stride {stride} must be less than max_len minus special tokens ({width})"
        )));
    }
    Ok((max_len, stride))
}

/// The network of `family` ([`Encoder`]), shaped by `config.json`, declared in `vs`.
fn build_encoder(
    vs: &nn::VarStore,
    family: Family,
    config_text: &str,
    config_path: &Path,
    labels: usize,
) -> Result<Encoder, BuildError> {
    let built = catch_unwind(AssertUnwindSafe(|| {
        Encoder::new(&vs.root(), family, config_text, labels as i64)
    }));
    match built {
        Ok(Ok(e)) => Ok(e),
        Ok(Err(e)) => Err(file_error(config_path, e)),
        Err(_) => Err(file_error(
            config_path,
            "libtorch could not build the model it describes",
        )),
    }
}

/// The weights file: `cfg.weights` (relative to the model directory), else
/// `rust_model.ot`, else `model.safetensors`.
fn weights_path(cfg: &TransformersNerConfig) -> Result<PathBuf, BuildError> {
    let dir = &cfg.model_dir;
    match &cfg.weights {
        Some(w) if w.is_absolute() => require(w.clone(), "weights file"),
        Some(w) => require(dir.join(w), "weights file"),
        None => {
            let ot = dir.join("rust_model.ot");
            let st = dir.join("model.safetensors");
            if ot.is_file() {
                Ok(ot)
            } else if st.is_file() {
                Ok(st)
            } else {
                Err(file_error(
                    &st,
                    format!(
                        "no weights: neither {} nor {} exists",
                        ot.display(),
                        st.display()
                    ),
                ))
            }
        }
    }
}

/// Converts `logits` (any float kind, any device) to a flat `Vec<f32>`.
pub(crate) fn to_vec(logits: &Tensor) -> Result<Vec<f32>, String> {
    let flat = logits
        .f_to_device(Device::Cpu)
        .and_then(|t| t.f_to_kind(Kind::Float))
        .and_then(|t| t.f_contiguous())
        .and_then(|t| t.f_view([-1i64]))
        .map_err(|e| e.to_string())?;
    Vec::<f32>::try_from(&flat).map_err(|e| e.to_string())
}
