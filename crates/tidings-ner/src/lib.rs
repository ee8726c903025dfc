//! (placeholder: being built)

#[cfg(feature = "transformers")]
mod transformers;
#[cfg(feature = "transformers")]
pub use transformers::{
    Aggregation, TokenPrediction, TorchDevice, TransformersNer, TransformersNerConfig,
    TransformersNerStage,
};
