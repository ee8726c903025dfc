//! Writers: records in any output format to any writer
//! ([`sink::RecordWriter`]), and a file that is complete or absent
//! ([`output::OutputFile`]).

pub mod output;
pub mod sink;
