//! The model families the transformer backend loads: what both the encoder
//! (their layer shapes) and the loader (their tokenizers) dispatch on.

/// The model families the backend loads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Family {
    Bert,
    DistilBert,
    Roberta,
    XlmRoberta,
}

impl Family {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Family::Bert => "bert",
            Family::DistilBert => "distilbert",
            Family::Roberta => "roberta",
            Family::XlmRoberta => "xlm-roberta",
        }
    }
}
