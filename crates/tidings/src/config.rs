//! Serialisable pipeline descriptions: a [`PipelineConfig`](crate::PipelineConfig)
//! is a list of [`StageConfig`]s, each tagged by `"type"` like Hugging Face
//! tokenizers' stage configs. The stages themselves are registered in
//! [`crate::stages`], one line each.

pub use crate::stages::StageConfig;
