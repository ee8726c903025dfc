//! `tidings gazetteer build`: name files → an index directory, in bounded
//! memory.
//!
//! 1. Every input row becomes two sortable records: the name's key with the
//!    entity (`key ‖ 0 ‖ id ‖ types`) and the entity with its English name
//!    (`id ‖ English ‖ 0 ‖ types ‖ rows`; consecutive rows of one entity, as
//!    ParaNames writes them, collapse into one record).
//! 2. The entity records, sorted, give `english.bin` and `entities.fst` (id →
//!    where its English name is, and how many names the inputs give it), and
//!    one more name record per entity: its English name.
//! 3. The name records, sorted, give `candidates.bin` (per name, its entities
//!    ordered by that count) and `names.fst`.
//!
//! Both sorts are external ([`super::extsort`]), so memory stays within
//! [`BuildOptions::memory`] whatever the input size.

use std::collections::HashMap;
use std::fs::{self, File};
use std::io::{self, BufRead, BufReader, BufWriter, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::extsort::ExternalSorter;
use super::index::{map_file, Meta, FILES, META};
use super::{varint, EntityId, Kinds, FORMAT_VERSION, LOCAL_ID_BASE};
use crate::{normalize_key, NormalizeError};

/// How to build an index.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// Bytes of records held in memory while sorting (default 512 MiB); more
    /// spill to temporary files.
    pub memory: usize,
    /// Where the temporary files go (default: the system's temporary directory).
    pub temp_dir: Option<PathBuf>,
}

impl Default for BuildOptions {
    fn default() -> Self {
        BuildOptions {
            memory: 512 << 20,
            temp_dir: None,
        }
    }
}

/// What a build read and wrote.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct BuildStats {
    /// Input rows used (header, comments and blank lines aside).
    pub rows: u64,
    /// Rows skipped as malformed (too few fields, no Wikidata id, empty name).
    pub skipped: u64,
    /// The first skipped row, as `file:line: why`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_skipped: Option<String>,
    /// Distinct name keys in the index.
    pub names: u64,
    /// Distinct entities in the index.
    pub entities: u64,
    /// Entities with a Wikidata id.
    pub wikidata_entities: u64,
    /// Sorted runs spilled to temporary files (0: the build fitted in memory).
    pub spilled_runs: usize,
    /// Bytes of the index files.
    pub index_bytes: u64,
}

/// One line: rows in and skipped, names, entities and the index's size.
impl std::fmt::Display for BuildStats {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} rows ({} skipped) -> {} names, {} entities ({} with a Wikidata id), {:.1} MiB",
            self.rows,
            self.skipped,
            self.names,
            self.entities,
            self.wikidata_entities,
            self.index_bytes as f64 / f64::from(1 << 20)
        )
    }
}

/// Builds an index in `out` (created if missing) from ParaNames TSVs and
/// alias TSVs, each plain or gzipped, the format recognised by its first row.
/// An index already in `out` is replaced; until the build completes, `out`
/// holds no `gazetteer.json` and [`super::Gazetteer::open`] refuses it.
pub fn build(
    inputs: &[PathBuf],
    out: &Path,
    options: &BuildOptions,
) -> Result<BuildStats, NormalizeError> {
    let io_err = |path: &Path| {
        let path = path.to_path_buf();
        move |source: io::Error| NormalizeError::Io { path, source }
    };
    fs::create_dir_all(out).map_err(io_err(out))?;
    let meta_path = out.join(META);
    match fs::remove_file(&meta_path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(io_err(&meta_path)(e)),
        _ => {}
    }
    let mut stats = BuildStats::default();
    let budget = options.memory / 2;
    let mut names = ExternalSorter::new(budget, options.temp_dir.clone());
    let mut entities = ExternalSorter::new(budget, options.temp_dir.clone());
    let mut reader = RowReader::default();
    for input in inputs {
        reader.read_file(input, &mut names, &mut entities, &mut stats)?;
    }
    let tmp_io = |e: io::Error| NormalizeError::Io {
        path: options.temp_dir.clone().unwrap_or_else(std::env::temp_dir),
        source: e,
    };
    reader.flush(&mut entities).map_err(tmp_io)?;
    stats.spilled_runs += entities.runs();

    // Entities: english.bin and entities.fst.
    let partial = |name: &str| out.join(format!("{name}.partial"));
    let english_path = partial("english.bin");
    let entities_path = partial("entities.fst");
    {
        let mut english =
            BufWriter::new(File::create(&english_path).map_err(io_err(&english_path))?);
        let fst_file = File::create(&entities_path).map_err(io_err(&entities_path))?;
        let mut map = fst::MapBuilder::new(BufWriter::new(fst_file))
            .map_err(|e| fst_error(&entities_path, e))?;
        let mut offset: u64 = 0;
        let mut current: Option<(u64, Vec<u8>, u8, u64)> = None;
        let mut finish_entity = |(id, eng, kinds, count): (u64, Vec<u8>, u8, u64),
                                 names: &mut ExternalSorter,
                                 stats: &mut BuildStats|
         -> Result<(), NormalizeError> {
            let mut rec = Vec::with_capacity(eng.len() + 10);
            varint::write(&mut rec, eng.len() as u64);
            rec.extend_from_slice(&eng);
            english.write_all(&rec).map_err(io_err(&english_path))?;
            let count = count.min(COUNT_MASK);
            map.insert(id.to_be_bytes(), (offset << COUNT_BITS) | count)
                .map_err(|e| fst_error(&entities_path, e))?;
            offset += rec.len() as u64;
            stats.entities += 1;
            if id < LOCAL_ID_BASE {
                stats.wikidata_entities += 1;
            }
            // The English name is a name of the entity too.
            let key = normalize_key(&String::from_utf8_lossy(&eng));
            push_name(names, &key, id, Kinds(kinds)).map_err(tmp_io)?;
            Ok(())
        };
        for rec in entities.finish().map_err(tmp_io)? {
            let rec = rec.map_err(tmp_io)?;
            let Some((id, eng, kinds, count)) = parse_entity_record(&rec) else {
                continue;
            };
            match &mut current {
                Some((cur, _, types, total)) if *cur == id => {
                    *types |= kinds;
                    *total += count;
                }
                _ => {
                    if let Some(done) = current.take() {
                        finish_entity(done, &mut names, &mut stats)?;
                    }
                    current = Some((id, eng.to_vec(), kinds, count));
                }
            }
        }
        if let Some(done) = current.take() {
            finish_entity(done, &mut names, &mut stats)?;
        }
        let w = map.into_inner().map_err(|e| fst_error(&entities_path, e))?;
        finish_writer(w, &entities_path)?;
        finish_writer(english, &english_path)?;
    }
    stats.spilled_runs += names.runs();

    // Names: candidates.bin and names.fst, each candidate with its count.
    let entity_map =
        fst::Map::new(map_file(&entities_path)?).map_err(|e| fst_error(&entities_path, e))?;
    let candidates_path = partial("candidates.bin");
    let names_path = partial("names.fst");
    {
        let mut candidates =
            BufWriter::new(File::create(&candidates_path).map_err(io_err(&candidates_path))?);
        let fst_file = File::create(&names_path).map_err(io_err(&names_path))?;
        let mut map = fst::MapBuilder::new(BufWriter::new(fst_file))
            .map_err(|e| fst_error(&names_path, e))?;
        let mut offset: u64 = 0;
        let mut key: Vec<u8> = Vec::new();
        let mut group: Vec<(u64, u8)> = Vec::new();
        let mut rec_buf = Vec::new();
        let mut write_group = |key: &[u8], group: &mut Vec<(u64, u8)>| {
            if key.is_empty() || group.is_empty() {
                group.clear();
                return Ok(());
            }
            // (count, id, kinds), most widely named first.
            let mut cands: Vec<(u64, u64, u8)> = group
                .drain(..)
                .map(|(id, kinds)| {
                    let count = entity_map
                        .get(id.to_be_bytes())
                        .map_or(0, |v| v & COUNT_MASK);
                    (count, id, kinds)
                })
                .collect();
            cands.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
            rec_buf.clear();
            varint::write(&mut rec_buf, cands.len() as u64);
            for (count, id, kinds) in cands {
                varint::write(&mut rec_buf, id);
                rec_buf.push(kinds);
                varint::write(&mut rec_buf, count);
            }
            candidates
                .write_all(&rec_buf)
                .map_err(io_err(&candidates_path))?;
            map.insert(key, offset)
                .map_err(|e| fst_error(&names_path, e))?;
            offset += rec_buf.len() as u64;
            stats.names += 1;
            Ok::<(), NormalizeError>(())
        };
        for rec in names.finish().map_err(tmp_io)? {
            let rec = rec.map_err(tmp_io)?;
            let Some((k, id, kinds)) = parse_name_record(&rec) else {
                continue;
            };
            if k != key.as_slice() {
                write_group(&key, &mut group)?;
                key.clear();
                key.extend_from_slice(k);
            }
            match group.last_mut() {
                Some((last, types)) if *last == id => *types |= kinds,
                _ => group.push((id, kinds)),
            }
        }
        write_group(&key, &mut group)?;
        let w = map.into_inner().map_err(|e| fst_error(&names_path, e))?;
        finish_writer(w, &names_path)?;
        finish_writer(candidates, &candidates_path)?;
    }
    drop(entity_map);

    for name in FILES {
        let (from, to) = (partial(name), out.join(name));
        fs::rename(&from, &to).map_err(io_err(&to))?;
        stats.index_bytes += fs::metadata(&to).map_err(io_err(&to))?.len();
    }
    let meta = Meta {
        format: "tidings-gazetteer".into(),
        version: FORMAT_VERSION,
        inputs: inputs.iter().map(|p| p.display().to_string()).collect(),
        stats: stats.clone(),
    };
    let json = serde_json::to_vec_pretty(&meta).map_err(|e| NormalizeError::Format {
        path: meta_path.clone(),
        line: 0,
        message: e.to_string(),
    })?;
    fs::write(&meta_path, json).map_err(io_err(&meta_path))?;
    Ok(stats)
}

/// The low bits of an `entities.fst` value hold the entity's name count, the
/// high bits the offset of its English name in `english.bin`.
pub(super) const COUNT_BITS: u32 = 20;
pub(super) const COUNT_MASK: u64 = (1 << COUNT_BITS) - 1;

fn fst_error(path: &Path, e: fst::Error) -> NormalizeError {
    match e {
        fst::Error::Io(source) => NormalizeError::Io {
            path: path.to_path_buf(),
            source,
        },
        other => NormalizeError::Format {
            path: path.to_path_buf(),
            line: 0,
            message: other.to_string(),
        },
    }
}

fn finish_writer<W: Write>(mut w: BufWriter<W>, path: &Path) -> Result<(), NormalizeError> {
    w.flush().map_err(|source| NormalizeError::Io {
        path: path.to_path_buf(),
        source,
    })
}

fn push_name(sorter: &mut ExternalSorter, key: &str, id: u64, kinds: Kinds) -> io::Result<()> {
    if key.is_empty() || key.contains('\0') {
        return Ok(());
    }
    let mut rec = Vec::with_capacity(key.len() + 10);
    rec.extend_from_slice(key.as_bytes());
    rec.push(0);
    rec.extend_from_slice(&id.to_be_bytes());
    rec.push(kinds.0);
    sorter.push(&rec)
}

fn parse_name_record(rec: &[u8]) -> Option<(&[u8], u64, u8)> {
    let n = rec.len().checked_sub(10)?;
    let id = u64::from_be_bytes(rec[n + 1..n + 9].try_into().ok()?);
    Some((&rec[..n], id, rec[n + 9]))
}

fn parse_entity_record(rec: &[u8]) -> Option<(u64, &[u8], u8, u64)> {
    let id = u64::from_be_bytes(rec.get(..8)?.try_into().ok()?);
    let n = rec.len().checked_sub(6)?;
    let kinds = *rec.get(n + 1)?;
    let count = u32::from_be_bytes(rec.get(n + 2..)?.try_into().ok()?);
    Some((id, rec.get(8..n)?, kinds, u64::from(count)))
}

/// What kind of file an input is.
#[derive(Debug, Clone, Copy)]
enum Format {
    /// ParaNames: the column of each field.
    ParaNames {
        id: usize,
        eng: usize,
        label: usize,
        kind: Option<usize>,
    },
    /// `kind<TAB>alias<TAB>English name`.
    Aliases,
}

/// Turns rows into sort records, collapsing runs of one entity.
#[derive(Debug, Default)]
struct RowReader {
    /// The entity record being collapsed: (id, English name, types, rows).
    pending: Option<(u64, String, u8, u32)>,
    /// Alias entities: (kind, English name) → local id.
    local_ids: HashMap<(u8, String), u64>,
}

impl RowReader {
    fn read_file(
        &mut self,
        path: &Path,
        names: &mut ExternalSorter,
        entities: &mut ExternalSorter,
        stats: &mut BuildStats,
    ) -> Result<(), NormalizeError> {
        let err = |source: io::Error| NormalizeError::Io {
            path: path.to_path_buf(),
            source,
        };
        let mut input = open(path).map_err(err)?;
        let mut format: Option<Format> = None;
        let mut buf = Vec::new();
        let mut line_no = 0usize;
        loop {
            buf.clear();
            if input.read_until(b'\n', &mut buf).map_err(err)? == 0 {
                break;
            }
            line_no += 1;
            let line = String::from_utf8_lossy(&buf);
            let line = line.trim_end_matches(['\n', '\r']);
            if line.trim().is_empty() || line.starts_with('#') {
                continue;
            }
            let fields: Vec<&str> = line.split('\t').collect();
            let format = match format {
                Some(f) => f,
                None => {
                    let (f, header) = detect(&fields).ok_or_else(|| NormalizeError::Format {
                        path: path.to_path_buf(),
                        line: line_no,
                        message: "neither a ParaNames TSV (wikidata_id, eng, label, language, \
                                  type) nor an alias TSV (kind, alias, English name)"
                            .into(),
                    })?;
                    format = Some(f);
                    if header {
                        continue;
                    }
                    f
                }
            };
            let row = match format {
                Format::ParaNames {
                    id,
                    eng,
                    label,
                    kind,
                } => paranames_row(&fields, id, eng, label, kind),
                Format::Aliases => self.alias_row(&fields),
            };
            match row {
                Ok((id, english, label, kinds)) => {
                    stats.rows += 1;
                    let key = normalize_key(label);
                    if key.is_empty() {
                        skip(stats, path, line_no, "the name has no letters or digits");
                        continue;
                    }
                    push_name(names, &key, id, kinds).map_err(err)?;
                    self.entity(id, english, kinds, entities).map_err(err)?;
                }
                Err(why) => skip(stats, path, line_no, why),
            }
        }
        Ok(())
    }

    fn alias_row<'a>(
        &mut self,
        fields: &[&'a str],
    ) -> Result<(u64, &'a str, &'a str, Kinds), &'static str> {
        let [kind, alias, english] = fields else {
            return Err("expected kind<TAB>alias<TAB>English name");
        };
        let kinds = match *kind {
            "person" => Kinds::PERSON,
            "place" => Kinds::LOCATION,
            "org" => Kinds::ORGANIZATION,
            _ => return Err("unknown kind (place, org, person)"),
        };
        let english = english.trim();
        if english.is_empty() || alias.trim().is_empty() {
            return Err("empty alias or name");
        }
        let next = LOCAL_ID_BASE + self.local_ids.len() as u64;
        let id = *self
            .local_ids
            .entry((kinds.0, english.to_owned()))
            .or_insert(next);
        Ok((id, english, alias, kinds))
    }

    fn entity(
        &mut self,
        id: u64,
        english: &str,
        kinds: Kinds,
        sorter: &mut ExternalSorter,
    ) -> io::Result<()> {
        if let Some((pid, peng, types, count)) = &mut self.pending {
            if *pid == id && peng == english && *count < u32::MAX {
                *types |= kinds.0;
                *count += 1;
                return Ok(());
            }
        }
        self.flush(sorter)?;
        self.pending = Some((id, english.to_owned(), kinds.0, 1));
        Ok(())
    }

    fn flush(&mut self, sorter: &mut ExternalSorter) -> io::Result<()> {
        if let Some((id, english, kinds, count)) = self.pending.take() {
            if english.contains('\0') {
                return Ok(());
            }
            let mut rec = Vec::with_capacity(english.len() + 14);
            rec.extend_from_slice(&id.to_be_bytes());
            rec.extend_from_slice(english.as_bytes());
            rec.push(0);
            rec.push(kinds);
            rec.extend_from_slice(&count.to_be_bytes());
            sorter.push(&rec)?;
        }
        Ok(())
    }
}

fn skip(stats: &mut BuildStats, path: &Path, line: usize, why: &str) {
    stats.skipped += 1;
    if stats.first_skipped.is_none() {
        stats.first_skipped = Some(format!("{}:{line}: {why}", path.display()));
    }
}

/// A ParaNames row as (id, English name, label, types).
fn paranames_row<'a>(
    fields: &[&'a str],
    id: usize,
    eng: usize,
    label: usize,
    kind: Option<usize>,
) -> Result<(u64, &'a str, &'a str, Kinds), &'static str> {
    let field = |i: usize| fields.get(i).copied().ok_or("too few fields");
    let qid = EntityId::parse_wikidata(field(id)?).ok_or("no Wikidata id (Q…)")?;
    let (english, label) = (field(eng)?.trim(), field(label)?.trim());
    if english.is_empty() || label.is_empty() {
        return Err("empty English name or label");
    }
    let kinds = match kind {
        Some(k) => Kinds::from_paranames(field(k)?),
        None => Kinds::OTHER,
    };
    Ok((qid.0, english, label, kinds))
}

/// The format of a file from its first row, and whether that row is a header.
fn detect(fields: &[&str]) -> Option<(Format, bool)> {
    let col = |name: &str| fields.iter().position(|f| f.trim() == name);
    if let (Some(id), Some(eng), Some(label)) = (col("wikidata_id"), col("eng"), col("label")) {
        let kind = col("type");
        return Some((
            Format::ParaNames {
                id,
                eng,
                label,
                kind,
            },
            true,
        ));
    }
    if fields.len() >= 5 && EntityId::parse_wikidata(fields[0]).is_some() {
        return Some((
            Format::ParaNames {
                id: 0,
                eng: 1,
                label: 2,
                kind: Some(4),
            },
            false,
        ));
    }
    if fields.len() == 3 && matches!(fields[0], "place" | "org" | "person") {
        return Some((Format::Aliases, false));
    }
    None
}

/// A file, gunzipped when it starts with gzip's magic bytes.
fn open(path: &Path) -> io::Result<Box<dyn BufRead>> {
    let mut file = BufReader::with_capacity(1 << 20, File::open(path)?);
    let gz = file.fill_buf()?.starts_with(&[0x1f, 0x8b]);
    Ok(if gz {
        Box::new(BufReader::with_capacity(
            1 << 20,
            flate2::read::MultiGzDecoder::new(file),
        ))
    } else {
        Box::new(file)
    })
}
