//! Sorting more records than fit in memory: sorted runs in temporary files,
//! then one k-way merge.
//!
//! Records are byte strings compared as bytes. The sorter keeps at most
//! `budget` bytes of records in memory; each full buffer is sorted and written
//! to an anonymous temporary file as `len (LEB128) ‖ bytes` records, and
//! [`ExternalSorter::finish`] merges the runs with a binary heap, holding one
//! record per run. Memory is bounded by the budget plus one buffered reader per
//! run, whatever the input size.

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::PathBuf;

use super::varint;

/// Collects byte records and hands them back sorted.
#[derive(Debug)]
pub(crate) struct ExternalSorter {
    budget: usize,
    temp_dir: Option<PathBuf>,
    data: Vec<u8>,
    spans: Vec<(usize, usize)>,
    runs: Vec<File>,
    records: u64,
}

impl ExternalSorter {
    /// A sorter that spills to `temp_dir` (the system's temporary directory
    /// when `None`) whenever its buffer holds `budget` bytes of records.
    pub(crate) fn new(budget: usize, temp_dir: Option<PathBuf>) -> Self {
        ExternalSorter {
            budget: budget.max(1 << 16),
            temp_dir,
            data: Vec::new(),
            spans: Vec::new(),
            runs: Vec::new(),
            records: 0,
        }
    }

    /// Adds one record.
    pub(crate) fn push(&mut self, record: &[u8]) -> io::Result<()> {
        let start = self.data.len();
        self.data.extend_from_slice(record);
        self.spans.push((start, record.len()));
        self.records += 1;
        // The spans cost 16 bytes a record: count them against the budget.
        if self.data.len() + 16 * self.spans.len() >= self.budget {
            self.spill()?;
        }
        Ok(())
    }

    /// How many temporary runs have been written so far.
    pub(crate) fn runs(&self) -> usize {
        self.runs.len()
    }

    fn sort_buffer(&mut self) {
        let data = &self.data;
        self.spans
            .sort_unstable_by(|a, b| data[a.0..a.0 + a.1].cmp(&data[b.0..b.0 + b.1]));
    }

    fn spill(&mut self) -> io::Result<()> {
        if self.spans.is_empty() {
            return Ok(());
        }
        self.sort_buffer();
        let file = match &self.temp_dir {
            Some(dir) => tempfile::tempfile_in(dir)?,
            None => tempfile::tempfile()?,
        };
        let mut w = BufWriter::with_capacity(1 << 20, file);
        let mut len = Vec::with_capacity(10);
        for &(start, n) in &self.spans {
            len.clear();
            varint::write(&mut len, n as u64);
            w.write_all(&len)?;
            w.write_all(&self.data[start..start + n])?;
        }
        let mut file = w.into_inner().map_err(|e| e.into_error())?;
        file.seek(SeekFrom::Start(0))?;
        self.runs.push(file);
        self.data.clear();
        self.spans.clear();
        Ok(())
    }

    /// Every record pushed, in byte order (duplicates kept).
    pub(crate) fn finish(mut self) -> io::Result<Sorted> {
        if self.runs.is_empty() {
            // Everything fits in memory: no file at all.
            self.sort_buffer();
            let ExternalSorter { data, spans, .. } = self;
            return Ok(Sorted::Memory {
                data,
                spans: spans.into_iter(),
            });
        }
        self.spill()?;
        let mut readers: Vec<BufReader<File>> = self
            .runs
            .into_iter()
            .map(|f| BufReader::with_capacity(1 << 16, f))
            .collect();
        let mut heap = BinaryHeap::with_capacity(readers.len());
        for (i, r) in readers.iter_mut().enumerate() {
            if let Some(rec) = read_record(r)? {
                heap.push(Reverse((rec, i)));
            }
        }
        Ok(Sorted::Merge { readers, heap })
    }
}

fn read_record(r: &mut impl Read) -> io::Result<Option<Vec<u8>>> {
    let Some(n) = varint::read_from(r)? else {
        return Ok(None);
    };
    let mut rec = vec![0; n as usize];
    r.read_exact(&mut rec)?;
    Ok(Some(rec))
}

/// The records of an [`ExternalSorter`], in order.
#[derive(Debug)]
pub(crate) enum Sorted {
    /// All records fitted in the buffer.
    Memory {
        data: Vec<u8>,
        spans: std::vec::IntoIter<(usize, usize)>,
    },
    /// A merge of sorted runs.
    Merge {
        readers: Vec<BufReader<File>>,
        heap: BinaryHeap<Reverse<(Vec<u8>, usize)>>,
    },
}

impl Iterator for Sorted {
    type Item = io::Result<Vec<u8>>;

    fn next(&mut self) -> Option<Self::Item> {
        match self {
            Sorted::Memory { data, spans } => {
                let (start, n) = spans.next()?;
                Some(Ok(data[start..start + n].to_vec()))
            }
            Sorted::Merge { readers, heap } => {
                let Reverse((rec, i)) = heap.pop()?;
                match read_record(&mut readers[i]) {
                    Ok(Some(next)) => heap.push(Reverse((next, i))),
                    Ok(None) => {}
                    Err(e) => return Some(Err(e)),
                }
                Some(Ok(rec))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(budget: usize, records: &[Vec<u8>]) -> (Vec<Vec<u8>>, usize) {
        let mut s = ExternalSorter::new(budget, None);
        for r in records {
            s.push(r).unwrap();
        }
        let runs = s.runs();
        (s.finish().unwrap().map(|r| r.unwrap()).collect(), runs)
    }

    #[test]
    fn spilled_runs_merge_to_the_same_order_as_an_in_memory_sort() {
        // A pseudo-random sequence with duplicates and empty records.
        let mut x: u64 = 0x9E37_79B9_7F4A_7C15;
        let records: Vec<Vec<u8>> = (0..50_000)
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                let len = (x % 12) as usize;
                (0..len).map(|i| (x >> (i * 5)) as u8 % 7).collect()
            })
            .collect();
        let mut expected = records.clone();
        expected.sort();
        let (in_memory, runs) = sorted(usize::MAX, &records);
        assert_eq!(runs, 0);
        assert_eq!(in_memory, expected);
        // A 64 KiB budget forces several runs.
        let (merged, runs) = sorted(1 << 16, &records);
        assert!(runs > 3, "{runs} runs");
        assert_eq!(merged, expected);
    }
}
