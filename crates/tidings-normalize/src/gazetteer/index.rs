//! Reading an index: memory-mapped finite-state maps and candidate lists.

use std::fs::File;
use std::path::{Path, PathBuf};

use memmap2::Mmap;
use serde::{Deserialize, Serialize};

use super::build::{BuildStats, COUNT_BITS, COUNT_MASK};
use super::{varint, EntityId, Kinds, FORMAT_VERSION};
use crate::{normalize_key, NormalizeError};

/// The index files [`super::build`] writes besides [`META`].
pub(super) const FILES: [&str; 4] = ["names.fst", "candidates.bin", "entities.fst", "english.bin"];
/// The file written last: an index without it is incomplete.
pub(super) const META: &str = "gazetteer.json";

/// `gazetteer.json`.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct Meta {
    pub format: String,
    pub version: u32,
    pub inputs: Vec<String>,
    pub stats: BuildStats,
}

/// Maps a file into memory read-only.
pub(super) fn map_file(path: &Path) -> Result<Mmap, NormalizeError> {
    let file = File::open(path).map_err(|source| NormalizeError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    // SAFETY: the mapping is read-only and every read of it is bounds-checked
    // (fst validates its own structure; candidate and name records are decoded
    // with checked slicing). What a mapping cannot guard against is another
    // process truncating the file while it is mapped, which would fault; the
    // index files are written once under `.partial` names and renamed into
    // place, and the documentation tells users not to rebuild an index in
    // place while runs are using it.
    #[allow(unsafe_code)]
    let map = unsafe { Mmap::map(&file) };
    map.map_err(|source| NormalizeError::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// One entity a name may refer to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Candidate {
    /// The entity.
    pub id: EntityId,
    /// Its types in the inputs.
    pub kinds: Kinds,
    /// How many names the inputs give it (ParaNames: about one per language
    /// with a label), the index's measure of how widely it is known.
    pub names: u32,
}

/// An index built by [`super::build`], memory-mapped.
pub struct Gazetteer {
    dir: PathBuf,
    names: fst::Map<Mmap>,
    candidates: Mmap,
    entities: fst::Map<Mmap>,
    english: Mmap,
    meta: Meta,
}

impl std::fmt::Debug for Gazetteer {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Gazetteer")
            .field("dir", &self.dir)
            .field("names", &self.meta.stats.names)
            .field("entities", &self.meta.stats.entities)
            .finish()
    }
}

impl Gazetteer {
    /// Opens the index in `dir`; an error names the file that is missing,
    /// incomplete or of another format version.
    pub fn open(dir: impl AsRef<Path>) -> Result<Gazetteer, NormalizeError> {
        let dir = dir.as_ref();
        let meta_path = dir.join(META);
        let bad = |path: &Path, message: String| NormalizeError::Format {
            path: path.to_path_buf(),
            line: 0,
            message,
        };
        let text = std::fs::read(&meta_path).map_err(|source| NormalizeError::Io {
            path: meta_path.clone(),
            source,
        })?;
        let meta: Meta = serde_json::from_slice(&text).map_err(|e| {
            bad(
                &meta_path,
                format!("not a tidings gazetteer ({e}); build one with `tidings gazetteer build`"),
            )
        })?;
        if meta.format != "tidings-gazetteer" || meta.version != FORMAT_VERSION {
            return Err(bad(
                &meta_path,
                format!(
                    "format {} version {}, this build reads tidings-gazetteer version {FORMAT_VERSION}: rebuild the index",
                    meta.format, meta.version
                ),
            ));
        }
        let fst_map = |name: &str| -> Result<fst::Map<Mmap>, NormalizeError> {
            let path = dir.join(name);
            fst::Map::new(map_file(&path)?).map_err(|e| bad(&path, e.to_string()))
        };
        Ok(Gazetteer {
            dir: dir.to_path_buf(),
            names: fst_map("names.fst")?,
            candidates: map_file(&dir.join("candidates.bin"))?,
            entities: fst_map("entities.fst")?,
            english: map_file(&dir.join("english.bin"))?,
            meta,
        })
    }

    /// The directory the index was opened from.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// What the build read and wrote.
    pub fn stats(&self) -> &BuildStats {
        &self.meta.stats
    }

    /// The entities a name may refer to, most widely named first.
    pub fn lookup(&self, name: &str) -> Vec<Candidate> {
        self.candidates_of_key(&normalize_key(name)).collect()
    }

    /// Like [`Gazetteer::lookup`], for a key already made by
    /// [`normalize_key`]; lazy, so a caller can stop after the first few.
    pub fn candidates_of_key(&self, key: &str) -> Candidates<'_> {
        let (bytes, pos, left) = match self.names.get(key) {
            Some(offset) => {
                let mut pos = usize::try_from(offset).unwrap_or(usize::MAX);
                let left = varint::read(&self.candidates, &mut pos).unwrap_or(0);
                (&self.candidates[..], pos, left)
            }
            None => (&[][..], 0, 0),
        };
        Candidates { bytes, pos, left }
    }

    /// Whether the index knows `key` as a name.
    pub fn contains_key(&self, key: &str) -> bool {
        self.names.contains_key(key)
    }

    /// The English name of an entity.
    pub fn english(&self, id: EntityId) -> Option<&str> {
        let value = self.entities.get(id.0.to_be_bytes())?;
        let mut pos = usize::try_from(value >> COUNT_BITS).ok()?;
        let len = usize::try_from(varint::read(&self.english, &mut pos)?).ok()?;
        let bytes = self.english.get(pos..pos.checked_add(len)?)?;
        std::str::from_utf8(bytes).ok()
    }

    /// How many names the inputs give an entity (0 when it is unknown).
    pub fn names_of(&self, id: EntityId) -> u32 {
        self.entities
            .get(id.0.to_be_bytes())
            .map_or(0, |v| (v & COUNT_MASK) as u32)
    }
}

/// The candidates of one name ([`Gazetteer::candidates_of_key`]).
#[derive(Debug, Clone)]
pub struct Candidates<'a> {
    bytes: &'a [u8],
    pos: usize,
    left: u64,
}

impl Iterator for Candidates<'_> {
    type Item = Candidate;

    fn next(&mut self) -> Option<Candidate> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let decoded = (|| {
            let id = varint::read(self.bytes, &mut self.pos)?;
            let kinds = *self.bytes.get(self.pos)?;
            self.pos += 1;
            let names = varint::read(self.bytes, &mut self.pos)?;
            Some(Candidate {
                id: EntityId(id),
                kinds: Kinds(kinds),
                names: names.min(u64::from(u32::MAX)) as u32,
            })
        })();
        if decoded.is_none() {
            // A corrupt record: stop rather than read garbage.
            self.left = 0;
        }
        decoded
    }
}
