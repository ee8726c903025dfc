//! Writers: records as JSON Lines ([`JsonLinesWriter`]) or in any output
//! format ([`sink::RecordWriter`]), into a file that is complete or absent
//! ([`output::OutputFile`]).

pub mod output;
pub mod sink;

use std::io::{self, Write};

use tidings_core::Document;

/// Writes documents as JSON Lines.
#[derive(Debug)]
pub struct JsonLinesWriter<W: Write> {
    out: W,
}

impl<W: Write> JsonLinesWriter<W> {
    /// A writer over `out` (wrap files in a `BufWriter`).
    pub fn new(out: W) -> Self {
        JsonLinesWriter { out }
    }

    /// Writes one record and a newline.
    pub fn write(&mut self, doc: &Document) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, doc)?;
        self.out.write_all(b"\n")
    }

    /// Flushes and returns the inner writer.
    pub fn finish(mut self) -> io::Result<W> {
        self.out.flush()?;
        Ok(self.out)
    }
}
