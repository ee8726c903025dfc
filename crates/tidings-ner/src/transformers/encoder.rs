//! tidings' own forward pass for the token classifiers it loads: BERT,
//! RoBERTa, XLM-R (one post-norm encoder, differing in how positions are
//! numbered) and DistilBERT (the same layer under other names), over the
//! weights rust-bert's networks read, by the same tensor names.
//!
//! Why not rust-bert's `*ForTokenClassification` (which tidings used
//! before this encoder, and which the tests still compare with):
//! - **GELU.** rust-bert 0.23 computes `x * 0.5 * (1 + erf(x / √2))` as five
//!   elementwise kernels over every layer's `[batch, tokens, intermediate]`
//!   activations, and keeps its layers' activation private. Here it is
//!   libtorch's one fused `gelu` kernel, as in PyTorch. On a BERT-base the
//!   unfused GELU made tidings 0.83× Python transformers' speed (README,
//!   "Transformer NER throughput").
//! - **Attention** is libtorch's `scaled_dot_product_attention`, as Python
//!   transformers runs BERT by default, with the three projections done as
//!   one matrix product.
//! - **`layer_norm_eps`** comes from `config.json`; rust-bert fixes 1e-12,
//!   which differs from RoBERTa and XLM-R's 1e-5.
//!
//! Dropout is absent: the network only ever runs inference.

use serde::Deserialize;
use tch::{nn, Kind, Tensor};

use super::family::Family;

/// The activation between a layer's two feed-forward projections.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Activation {
    /// Exact GELU, `x Φ(x)` (`"gelu"`), one fused kernel.
    Gelu,
    /// GELU's tanh approximation (`"gelu_new"`, `"gelu_pytorch_tanh"`).
    GeluTanh,
    Relu,
    /// `x σ(x)` (`"silu"`, `"swish"`).
    Silu,
    Mish,
    Tanh,
}

impl Activation {
    fn parse(name: &str) -> Result<Self, String> {
        Ok(match name {
            "gelu" => Activation::Gelu,
            "gelu_new" | "gelu_pytorch_tanh" | "gelu_fast" => Activation::GeluTanh,
            "relu" => Activation::Relu,
            "silu" | "swish" => Activation::Silu,
            "mish" => Activation::Mish,
            "tanh" => Activation::Tanh,
            other => {
                return Err(format!(
                    "activation `{other}` is not supported (gelu, gelu_new, gelu_pytorch_tanh, relu, silu, mish, tanh)"
                ))
            }
        })
    }

    fn apply(self, x: &Tensor) -> Tensor {
        match self {
            Activation::Gelu => x.gelu("none"),
            Activation::GeluTanh => x.gelu("tanh"),
            Activation::Relu => x.relu(),
            Activation::Silu => x.silu(),
            Activation::Mish => x.mish(),
            Activation::Tanh => x.tanh(),
        }
    }
}

/// The `config.json` of a BERT, RoBERTa or XLM-R model (Python transformers'
/// names and defaults).
#[derive(Debug, Deserialize)]
struct BertShape {
    vocab_size: i64,
    #[serde(default = "d_hidden")]
    hidden_size: i64,
    #[serde(default = "d_layers")]
    num_hidden_layers: i64,
    #[serde(default = "d_heads")]
    num_attention_heads: i64,
    #[serde(default = "d_intermediate")]
    intermediate_size: i64,
    #[serde(default = "d_act")]
    hidden_act: String,
    #[serde(default = "d_positions")]
    max_position_embeddings: i64,
    #[serde(default = "d_types")]
    type_vocab_size: i64,
    #[serde(default = "d_eps")]
    layer_norm_eps: f64,
    #[serde(default)]
    pad_token_id: Option<i64>,
    #[serde(default)]
    position_embedding_type: Option<String>,
}

/// The `config.json` of a DistilBERT model.
#[derive(Debug, Deserialize)]
struct DistilShape {
    vocab_size: i64,
    #[serde(default = "d_hidden")]
    dim: i64,
    #[serde(default = "d_distil_layers")]
    n_layers: i64,
    #[serde(default = "d_heads")]
    n_heads: i64,
    #[serde(default = "d_intermediate")]
    hidden_dim: i64,
    #[serde(default = "d_act")]
    activation: String,
    #[serde(default = "d_positions")]
    max_position_embeddings: i64,
}

fn d_hidden() -> i64 {
    768
}
fn d_layers() -> i64 {
    12
}
fn d_distil_layers() -> i64 {
    6
}
fn d_heads() -> i64 {
    12
}
fn d_intermediate() -> i64 {
    3072
}
fn d_act() -> String {
    "gelu".into()
}
fn d_positions() -> i64 {
    512
}
fn d_types() -> i64 {
    2
}
fn d_eps() -> f64 {
    1e-12
}

/// How a token's position id is found.
#[derive(Debug, Clone, Copy)]
enum Positions {
    /// `0, 1, 2, …` (BERT, DistilBERT).
    FromZero,
    /// RoBERTa and XLM-R: real tokens count from `pad + 1`, padding gets `pad`.
    AfterPadding(i64),
}

/// One post-norm transformer layer.
struct Layer {
    query: nn::Linear,
    key: nn::Linear,
    value: nn::Linear,
    /// `query`, `key` and `value` stacked for one matrix product (built by
    /// [`Encoder::finish`] once the weights are loaded).
    qkv: Option<(Tensor, Tensor)>,
    attn_out: nn::Linear,
    attn_norm: nn::LayerNorm,
    ffn_in: nn::Linear,
    ffn_out: nn::Linear,
    out_norm: nn::LayerNorm,
}

/// The tensor names of one layer, relative to the layer's path.
struct LayerNames {
    query: &'static str,
    key: &'static str,
    value: &'static str,
    attn_out: &'static str,
    attn_norm: &'static str,
    ffn_in: &'static str,
    ffn_out: &'static str,
    out_norm: &'static str,
}

const BERT_NAMES: LayerNames = LayerNames {
    query: "attention/self/query",
    key: "attention/self/key",
    value: "attention/self/value",
    attn_out: "attention/output/dense",
    attn_norm: "attention/output/LayerNorm",
    ffn_in: "intermediate/dense",
    ffn_out: "output/dense",
    out_norm: "output/LayerNorm",
};

const DISTIL_NAMES: LayerNames = LayerNames {
    query: "attention/q_lin",
    key: "attention/k_lin",
    value: "attention/v_lin",
    attn_out: "attention/out_lin",
    attn_norm: "sa_layer_norm",
    ffn_in: "ffn/lin1",
    ffn_out: "ffn/lin2",
    out_norm: "output_layer_norm",
};

/// `p / "a" / "b" / "c"` for `"a/b/c"`.
fn sub<'a>(p: &nn::Path<'a>, path: &str) -> nn::Path<'a> {
    let mut parts = path.split('/');
    let first = p / parts.next().unwrap_or_default();
    parts.fold(first, |p, part| &p / part)
}

impl Layer {
    fn new(p: &nn::Path, names: &LayerNames, hidden: i64, inner: i64, eps: f64) -> Layer {
        let lin = |name, i, o| nn::linear(sub(p, name), i, o, Default::default());
        let norm = |name| {
            let cfg = nn::LayerNormConfig {
                eps,
                ..Default::default()
            };
            nn::layer_norm(sub(p, name), vec![hidden], cfg)
        };
        Layer {
            query: lin(names.query, hidden, hidden),
            key: lin(names.key, hidden, hidden),
            value: lin(names.value, hidden, hidden),
            qkv: None,
            attn_out: lin(names.attn_out, hidden, hidden),
            attn_norm: norm(names.attn_norm),
            ffn_in: lin(names.ffn_in, hidden, inner),
            ffn_out: lin(names.ffn_out, inner, hidden),
            out_norm: norm(names.out_norm),
        }
    }

    fn forward(&self, x: &Tensor, mask: &Tensor, heads: i64, act: Activation) -> Tensor {
        let size = x.size();
        let (b, l, hidden) = (size[0], size[1], size[2]);
        let d = hidden / heads;
        let split = |t: Tensor| t.view([b, l, heads, d]).transpose(1, 2);
        let (q, k, v) = match &self.qkv {
            Some((w, bias)) => {
                // [b, l, 3 hidden] → [3, b, heads, l, d]
                let all = x
                    .linear(w, Some(bias))
                    .view([b, l, 3, heads, d])
                    .permute([2, 0, 3, 1, 4]);
                (all.get(0), all.get(1), all.get(2))
            }
            None => (
                split(x.apply(&self.query)),
                split(x.apply(&self.key)),
                split(x.apply(&self.value)),
            ),
        };
        let ctx = Tensor::scaled_dot_product_attention(&q, &k, &v, Some(mask), 0.0, false, None)
            .transpose(1, 2)
            .reshape([b, l, hidden]);
        let x = (ctx.apply(&self.attn_out) + x).apply(&self.attn_norm);
        let y = act.apply(&x.apply(&self.ffn_in)).apply(&self.ffn_out);
        (y + x).apply(&self.out_norm)
    }
}

/// A token classifier: embeddings, `layers`, a linear classifier.
pub(crate) struct Encoder {
    word: nn::Embedding,
    position: nn::Embedding,
    /// Token-type row 0 is added to every token (inputs are one segment);
    /// `None` for DistilBERT, which has no token types.
    token_type: Option<nn::Embedding>,
    norm: nn::LayerNorm,
    layers: Vec<Layer>,
    classifier: nn::Linear,
    heads: i64,
    act: Activation,
    positions: Positions,
}

/// What declaring the network needs, read from either kind of config.
struct Shape {
    /// The model's top-level name: `bert`, `roberta` or `distilbert`.
    prefix: &'static str,
    /// Where the layers are under it, and their tensors' names.
    layers_at: &'static str,
    names: &'static LayerNames,
    vocab: i64,
    hidden: i64,
    layers: i64,
    heads: i64,
    inner: i64,
    positions: i64,
    /// Token types (`None`: the family has none).
    types: Option<i64>,
    eps: f64,
    act: Activation,
    numbering: Positions,
}

impl Shape {
    fn read(family: Family, config_text: &str) -> Result<Shape, String> {
        let shape = match family {
            Family::Bert | Family::Roberta | Family::XlmRoberta => {
                let c: BertShape = serde_json::from_str(config_text)
                    .map_err(|e| format!("not a BERT config: {e}"))?;
                if let Some(t) = c
                    .position_embedding_type
                    .as_deref()
                    .filter(|t| *t != "absolute")
                {
                    return Err(format!(
                        "position_embedding_type `{t}` is not supported (absolute)"
                    ));
                }
                let (prefix, numbering) = match family {
                    Family::Bert => ("bert", Positions::FromZero),
                    _ => (
                        "roberta",
                        Positions::AfterPadding(c.pad_token_id.unwrap_or(1)),
                    ),
                };
                Shape {
                    prefix,
                    layers_at: "encoder/layer",
                    names: &BERT_NAMES,
                    vocab: c.vocab_size,
                    hidden: c.hidden_size,
                    layers: c.num_hidden_layers,
                    heads: c.num_attention_heads,
                    inner: c.intermediate_size,
                    positions: c.max_position_embeddings,
                    types: Some(c.type_vocab_size),
                    eps: c.layer_norm_eps,
                    act: Activation::parse(&c.hidden_act)?,
                    numbering,
                }
            }
            Family::DistilBert => {
                let c: DistilShape = serde_json::from_str(config_text)
                    .map_err(|e| format!("not a DistilBERT config: {e}"))?;
                Shape {
                    prefix: "distilbert",
                    layers_at: "transformer/layer",
                    names: &DISTIL_NAMES,
                    vocab: c.vocab_size,
                    hidden: c.dim,
                    layers: c.n_layers,
                    heads: c.n_heads,
                    inner: c.hidden_dim,
                    positions: c.max_position_embeddings,
                    types: None,
                    // Python transformers' DistilBERT fixes its epsilon at 1e-12.
                    eps: 1e-12,
                    act: Activation::parse(&c.activation)?,
                    numbering: Positions::FromZero,
                }
            }
        };
        let (hidden, heads) = (shape.hidden, shape.heads);
        if heads <= 0 || hidden <= 0 || hidden % heads != 0 {
            return Err(format!(
                "hidden size {hidden} is not a multiple of {heads} attention heads"
            ));
        }
        Ok(shape)
    }
}

impl Encoder {
    /// Declares the network of `family`, shaped by `config.json`, in `root`
    /// (its tensors get their values when the weights are loaded into the
    /// var store; call [`Encoder::finish`] after that).
    pub(crate) fn new(
        root: &nn::Path,
        family: Family,
        config_text: &str,
        labels: i64,
    ) -> Result<Encoder, String> {
        let c = Shape::read(family, config_text)?;
        let p = root / c.prefix;
        let emb = &p / "embeddings";
        let layers_at = sub(&p, c.layers_at);
        let norm = nn::LayerNormConfig {
            eps: c.eps,
            ..Default::default()
        };
        let embedding =
            |name: &str, n: i64| nn::embedding(&emb / name, n, c.hidden, Default::default());
        Ok(Encoder {
            word: embedding("word_embeddings", c.vocab),
            position: embedding("position_embeddings", c.positions),
            token_type: c.types.map(|n| embedding("token_type_embeddings", n)),
            norm: nn::layer_norm(&emb / "LayerNorm", vec![c.hidden], norm),
            layers: (0..c.layers)
                .map(|i| Layer::new(&(&layers_at / i), c.names, c.hidden, c.inner, c.eps))
                .collect(),
            classifier: nn::linear(root / "classifier", c.hidden, labels, Default::default()),
            heads: c.heads,
            act: c.act,
            positions: c.numbering,
        })
    }

    /// Stacks each layer's query, key and value weights (call once the
    /// weights are loaded).
    pub(crate) fn finish(&mut self) {
        tch::no_grad(|| {
            for layer in &mut self.layers {
                let w = Tensor::cat(&[&layer.query.ws, &layer.key.ws, &layer.value.ws], 0);
                let bias = |l: &nn::Linear| {
                    l.bs.as_ref()
                        .map(Tensor::shallow_clone)
                        .unwrap_or_else(|| l.ws.zeros_like().select(1, 0))
                };
                let b = Tensor::cat(
                    &[bias(&layer.query), bias(&layer.key), bias(&layer.value)],
                    0,
                );
                layer.qkv = Some((w, b));
            }
        });
    }

    /// Logits `[batch, len, labels]` for `input_ids` padded with `pad_id`
    /// and `mask` (1 for a token, 0 for padding), both `[batch, len]`.
    pub(crate) fn forward(&self, input_ids: &Tensor, mask: &Tensor) -> Tensor {
        let size = input_ids.size();
        let (b, l) = (size[0], size[1]);
        let positions = match self.positions {
            Positions::FromZero => {
                Tensor::arange(l, (Kind::Int64, input_ids.device())).unsqueeze(0)
            }
            Positions::AfterPadding(pad) => {
                let real = input_ids.ne(pad).to_kind(Kind::Int64);
                real.cumsum(1, Kind::Int64) * &real + pad
            }
        };
        let mut x = input_ids.apply(&self.word) + positions.apply(&self.position);
        if let Some(types) = &self.token_type {
            x += types.ws.get(0);
        }
        let mut x = x.apply(&self.norm);
        // True where a query may attend: every real token of its window.
        let keep = mask.ne(0).view([b, 1, 1, l]);
        for layer in &self.layers {
            x = layer.forward(&x, &keep, self.heads, self.act);
        }
        x.apply(&self.classifier)
    }
}
