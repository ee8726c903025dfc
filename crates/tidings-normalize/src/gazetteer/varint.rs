//! LEB128 unsigned integers, the index's and the sorter's number encoding.

use std::io::{self, Read};

/// Appends `n`.
pub(crate) fn write(out: &mut Vec<u8>, mut n: u64) {
    while n >= 0x80 {
        out.push((n as u8) | 0x80);
        n >>= 7;
    }
    out.push(n as u8);
}

/// Reads one number at `*pos` and moves past it; `None` when the bytes end
/// or the number runs past 64 bits (a corrupt index).
pub(crate) fn read(bytes: &[u8], pos: &mut usize) -> Option<u64> {
    let mut n: u64 = 0;
    for shift in (0..64).step_by(7) {
        let b = *bytes.get(*pos)?;
        *pos += 1;
        n |= u64::from(b & 0x7f) << shift;
        if b < 0x80 {
            return Some(n);
        }
    }
    None
}

/// Reads one number from a stream; `Ok(None)` at a clean end of the stream.
pub(crate) fn read_from(r: &mut impl Read) -> io::Result<Option<u64>> {
    let mut n: u64 = 0;
    let mut byte = [0u8; 1];
    for (i, shift) in (0..64).step_by(7).enumerate() {
        if r.read(&mut byte)? == 0 {
            return if i == 0 {
                Ok(None)
            } else {
                Err(io::ErrorKind::UnexpectedEof.into())
            };
        }
        n |= u64::from(byte[0] & 0x7f) << shift;
        if byte[0] < 0x80 {
            return Ok(Some(n));
        }
    }
    Err(io::Error::new(
        io::ErrorKind::InvalidData,
        "a number longer than 64 bits",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_through_bytes_and_streams() {
        let values = [0, 1, 127, 128, 300, 56226, u32::MAX as u64, u64::MAX];
        let mut bytes = Vec::new();
        for &v in &values {
            write(&mut bytes, v);
        }
        let mut pos = 0;
        let mut stream = &bytes[..];
        for &v in &values {
            assert_eq!(read(&bytes, &mut pos), Some(v));
            assert_eq!(read_from(&mut stream).unwrap(), Some(v));
        }
        assert_eq!(read(&bytes, &mut pos), None);
        assert_eq!(read_from(&mut stream).unwrap(), None);
        // A number cut short is an error in a stream, `None` in bytes.
        let mut cut: &[u8] = &[0x80];
        assert!(read_from(&mut cut).is_err());
        assert_eq!(read(&[0x80], &mut 0), None);
    }
}
