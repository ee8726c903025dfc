"""Minimal reader for spaCy v3 DocBin (.spacy) files: returns per-doc lists of (orth, space_after, ent_iob, ent_type)."""
import zlib, struct, msgpack

M = 0xc6a4a7935bd1e995
MASK = (1 << 64) - 1

def murmur64a(data: bytes, seed: int = 1) -> int:
    r = 47
    n = len(data)
    h = (seed ^ ((n * M) & MASK)) & MASK
    nblocks = n // 8
    for i in range(nblocks):
        k = struct.unpack_from('<Q', data, i * 8)[0]
        k = (k * M) & MASK
        k ^= k >> r
        k = (k * M) & MASK
        h ^= k
        h = (h * M) & MASK
    tail = data[nblocks * 8:]
    rem = n & 7
    if rem:
        for j in range(rem - 1, -1, -1):
            h ^= tail[j] << (8 * j)
        h = (h * M) & MASK
    h ^= h >> r
    h = (h * M) & MASK
    h ^= h >> r
    return h

def hash_string(s: str) -> int:
    return murmur64a(s.encode('utf8'), 1)

def read_docbin(path):
    m = msgpack.unpackb(zlib.decompress(open(path, 'rb').read()), raw=False, strict_map_key=False)
    attrs = m['attrs']
    ncol = len(attrs)
    toks = m['tokens']
    ntok = len(toks) // (8 * ncol)
    arr = struct.unpack('<%dQ' % (ntok * ncol), toks)
    spaces = m['spaces']
    assert len(spaces) == ntok, (len(spaces), ntok)
    lengths = struct.unpack('<%di' % (len(m['lengths']) // 4), m['lengths'])
    strings = {hash_string(s): s for s in m['strings']}
    strings[0] = ''
    return attrs, ncol, arr, spaces, lengths, strings
