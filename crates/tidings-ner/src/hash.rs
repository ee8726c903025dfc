//! Stable feature hashing (FNV-1a, 64 bit). The hash is part of the model
//! format: changing it invalidates every trained model.

const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const PRIME: u64 = 0x0000_0100_0000_01b3;

/// An incremental FNV-1a hasher over feature parts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Fnv(u64);

impl Fnv {
    /// Starts a feature of template `template`.
    #[inline]
    pub(crate) fn new(template: u8) -> Self {
        Fnv((OFFSET ^ template as u64).wrapping_mul(PRIME))
    }

    /// Adds a string part (followed by a separator, so parts never run together).
    #[inline]
    pub(crate) fn str(mut self, s: &str) -> Self {
        for &b in s.as_bytes() {
            self.0 = (self.0 ^ b as u64).wrapping_mul(PRIME);
        }
        self.0 = (self.0 ^ 0xff).wrapping_mul(PRIME);
        self
    }

    /// Adds a small integer part.
    #[inline]
    pub(crate) fn num(mut self, n: u32) -> Self {
        for b in n.to_le_bytes() {
            self.0 = (self.0 ^ b as u64).wrapping_mul(PRIME);
        }
        self
    }

    /// The full 64-bit hash.
    #[inline]
    pub(crate) fn finish(self) -> u64 {
        self.0
    }

    /// The bucket of this feature in a table of `2^bits` rows.
    #[inline]
    pub(crate) fn bucket(self, bits: u32) -> u32 {
        (self.0.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> (64 - bits)) as u32
    }
}

/// Hash of a whole string (for gazetteer and vocabulary sets).
#[inline]
pub(crate) fn hash_str(s: &str) -> u64 {
    Fnv::new(0).str(s).finish()
}
