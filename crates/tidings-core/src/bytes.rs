//! Reading the little-endian binary model files the stages ship (the clean
//! stage's boosted trees, the NER tagger's weights): one bounds-checked
//! cursor, so every format reader fails the same way on a cut-short file.

/// The bytes ended before a field did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("truncated: {wanted} bytes wanted at offset {at}, {len} in all")]
pub struct Truncated {
    /// Offset of the field, in bytes.
    pub at: usize,
    /// The field's length, in bytes.
    pub wanted: usize,
    /// The input's length, in bytes.
    pub len: usize,
}

/// A cursor over little-endian bytes.
///
/// ```
/// use tidings_core::ByteReader;
///
/// let mut r = ByteReader::new(&[1, 0, 2, 0, 0, 0, 9]);
/// assert_eq!(r.u16(), Ok(1));
/// assert_eq!(r.u32(), Ok(2));
/// assert!(r.u32().is_err());
/// assert_eq!(r.position(), 6);
/// assert_eq!(r.rest(), [9]);
/// ```
#[derive(Debug, Clone)]
pub struct ByteReader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> ByteReader<'a> {
    /// A cursor at the start of `bytes`.
    pub fn new(bytes: &'a [u8]) -> Self {
        ByteReader { bytes, at: 0 }
    }

    /// Bytes read so far.
    pub fn position(&self) -> usize {
        self.at
    }

    /// The bytes not yet read.
    pub fn rest(&self) -> &'a [u8] {
        &self.bytes[self.at..]
    }

    /// Whether every byte has been read.
    pub fn is_done(&self) -> bool {
        self.at == self.bytes.len()
    }

    /// The next `n` bytes.
    pub fn take(&mut self, n: usize) -> Result<&'a [u8], Truncated> {
        let end = self
            .at
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or(Truncated {
                at: self.at,
                wanted: n,
                len: self.bytes.len(),
            })?;
        let s = &self.bytes[self.at..end];
        self.at = end;
        Ok(s)
    }

    fn array<const N: usize>(&mut self) -> Result<[u8; N], Truncated> {
        let mut out = [0u8; N];
        out.copy_from_slice(self.take(N)?);
        Ok(out)
    }

    /// A `u16`.
    pub fn u16(&mut self) -> Result<u16, Truncated> {
        self.array().map(u16::from_le_bytes)
    }

    /// A `u32`.
    pub fn u32(&mut self) -> Result<u32, Truncated> {
        self.array().map(u32::from_le_bytes)
    }

    /// An `f32`.
    pub fn f32(&mut self) -> Result<f32, Truncated> {
        self.array().map(f32::from_le_bytes)
    }

    /// `n` `u64`s.
    pub fn u64s(&mut self, n: usize) -> Result<Vec<u64>, Truncated> {
        let bytes = self.take(n.saturating_mul(8))?;
        Ok(bytes
            .chunks_exact(8)
            .map(|c| u64::from_le_bytes(c.try_into().unwrap_or([0; 8])))
            .collect())
    }

    /// `n` `i16`s.
    pub fn i16s(&mut self, n: usize) -> Result<Vec<i16>, Truncated> {
        let bytes = self.take(n.saturating_mul(2))?;
        Ok(bytes
            .chunks_exact(2)
            .map(|c| i16::from_le_bytes([c[0], c[1]]))
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cut_short_field_names_where_it_was() {
        let mut r = ByteReader::new(&[1, 0, 0, 0, 5, 0]);
        assert_eq!(r.u32(), Ok(1));
        assert_eq!(
            r.u64s(1),
            Err(Truncated {
                at: 4,
                wanted: 8,
                len: 6
            })
        );
        // A failed read consumes nothing.
        assert_eq!(r.i16s(1), Ok(vec![5]));
        assert!(r.is_done());
        assert!(ByteReader::new(&[]).u64s(usize::MAX).is_err());
    }
}
