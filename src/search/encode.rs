//! Byte layouts of the search index: varints, posting lists, shard files, and the
//! `.js` wrapper every index file travels in. `search.js` decodes all of this; the
//! layouts are described in `mod.rs` and must change together with it.

/// Appends `v` as an LEB128 varint (7 bits a byte, low first, high bit = more).
pub(crate) fn put_varint(out: &mut Vec<u8>, v: u64) {
    let mut bytes = [0; 10];
    let len = write_varint(&mut bytes, v);
    out.extend_from_slice(&bytes[..len]);
}

/// Writes `v` as an LEB128 varint at the start of `out` (which has the [`varint_len`]
/// bytes it needs, at most 10); returns how many it wrote.
pub(crate) fn write_varint(out: &mut [u8], mut v: u64) -> usize {
    let mut len = 0;
    while v >= 0x80 {
        out[len] = (v as u8) | 0x80;
        v >>= 7;
        len += 1;
    }
    out[len] = v as u8;
    len + 1
}

/// Reads the varint at `*at` and moves `at` past it (a truncated one ends with `bytes`).
pub(crate) fn read_varint(bytes: &[u8], at: &mut usize) -> u64 {
    let mut v = 0u64;
    let mut shift = 0;
    while let Some(&b) = bytes.get(*at) {
        *at += 1;
        if shift < 64 {
            v |= u64::from(b & 0x7F) << shift;
        }
        if b < 0x80 {
            break;
        }
        shift += 7;
    }
    v
}

/// Bytes `put_varint` writes for `v`.
pub(crate) fn varint_len(v: u64) -> usize {
    (64 - (v | 1).leading_zeros() as usize).div_ceil(7)
}

/// Appends one posting list: the ascending doc ids and, when `masks` is given, one
/// position mask per doc (bit `p % 8` set for every unit position `p` of the term).
///
/// Header varint `n << 2 | bitmap << 1 | has_masks`, then either `n` gap varints
/// (first id, then `id - previous - 1`) or, when that is longer, a varint byte count and
/// a bitmap (bit `id % 8` of byte `id / 8`), then the masks (see [`put_masks`]).
/// Bitmaps bound a list for a term found in most records (的, 工作) at `docs / 8` bytes.
pub(crate) fn put_list(out: &mut Vec<u8>, docs: &[u32], masks: Option<&[u8]>) {
    let Some(&last) = docs.last() else {
        put_varint(out, 0);
        return;
    };
    // The gap before `d` is `d - (previous + 1)`, or `d` for the first: `next` starts
    // at 0 and holds `previous + 1`. Lists are long (the postings of 100,000 records
    // go through here), so the sizes are summed first and the gaps written into place.
    let sparse_len: usize = gaps(docs).map(gap_len).sum();
    let bitmap_bytes = last as usize / 8 + 1;
    let bitmap = bitmap_bytes + varint_len(bitmap_bytes as u64) < sparse_len;
    let header = (docs.len() as u64) << 2 | u64::from(bitmap) << 1 | u64::from(masks.is_some());
    put_varint(out, header);
    if bitmap {
        put_varint(out, bitmap_bytes as u64);
        let start = out.len();
        out.resize(start + bitmap_bytes, 0);
        let bitmap = &mut out[start..];
        for &d in docs {
            bitmap[d as usize / 8] |= 1 << (d % 8);
        }
    } else {
        let start = out.len();
        out.resize(start + sparse_len, 0);
        let mut at = start;
        for mut gap in gaps(docs) {
            while gap >= 0x80 {
                out[at] = (gap as u8) | 0x80;
                gap >>= 7;
                at += 1;
            }
            out[at] = gap as u8;
            at += 1;
        }
    }
    if let Some(masks) = masks {
        put_masks(out, masks);
    }
}

/// The gaps `put_list` writes: the first id, then `id - previous - 1`.
fn gaps(docs: &[u32]) -> impl Iterator<Item = u32> + '_ {
    docs.iter().scan(0u32, |next, &d| {
        let gap = d.wrapping_sub(*next);
        *next = d.wrapping_add(1);
        Some(gap)
    })
}

/// Bytes of the varint of a gap (what [`varint_len`] says, without the division).
fn gap_len(gap: u32) -> usize {
    1 + usize::from(gap >= 1 << 7)
        + usize::from(gap >= 1 << 14)
        + usize::from(gap >= 1 << 21)
        + usize::from(gap >= 1 << 28)
}

/// Masks as one nibble each (two a byte, low nibble first): 0–7 for a mask with that
/// single bit, which is what a term seen once in a record has (>90% of postings),
/// and 15 for any other mask, whose full byte then follows the nibbles, in order.
/// Half the size of a byte per mask; masks were half the index.
fn put_masks(out: &mut Vec<u8>, masks: &[u8]) {
    let start = out.len();
    out.resize(start + masks.len().div_ceil(2), 0);
    let nibbles = &mut out[start..];
    for (i, &m) in masks.iter().enumerate() {
        let code = if single_bit(m) { m.trailing_zeros() as u8 } else { 15 };
        nibbles[i / 2] |= code << (4 * (i % 2));
    }
    out.extend(masks.iter().filter(|&&m| !single_bit(m)));
}

/// Whether a mask has exactly one bit set (`count_ones` is a loop of bit tricks on
/// x86-64 without `popcnt`, and this runs once a posting).
fn single_bit(m: u8) -> bool {
    m != 0 && m & (m - 1) == 0
}

/// One term: its key, its two encoded lists (the title list is empty when the term
/// is in no title), and whether the lists live in a file of their own.
pub(crate) struct TermLists {
    pub(crate) key: u64,
    pub(crate) any: Vec<u8>,
    pub(crate) title: Vec<u8>,
    pub(crate) own_file: bool,
}

impl TermLists {
    /// Bytes this term adds to its shard (about: dictionary entry, and lists unless
    /// in a file of their own).
    pub(crate) fn shard_bytes(&self, text_len: usize) -> usize {
        let lists = self.any.len() + self.title.len();
        let entry = varint_len(text_len as u64) + text_len + 2 * varint_len(lists as u64);
        entry + if self.own_file { 0 } else { lists }
    }
}

/// A shard: varint term count; per term (in key order) its UTF-8 text with a varint
/// length, then the varint byte lengths of its two lists; then all the lists, in the
/// same order, any-list before title-list. The dictionary comes first so a reader
/// can find its few terms without decoding lists it does not need. A term whose
/// lists have a file of their own ([`put_list_file`]) has any-length 0 (a real
/// any-list is never empty) and that file's size as title-length, so a reader can
/// judge whether to fetch it.
pub(crate) fn put_shard(terms: &[&TermLists], key_text: impl Fn(u64) -> String) -> Vec<u8> {
    let mut out = Vec::new();
    put_varint(&mut out, terms.len() as u64);
    for term in terms {
        let text = key_text(term.key);
        put_varint(&mut out, text.len() as u64);
        out.extend_from_slice(text.as_bytes());
        let (any, title) = if term.own_file {
            (0, term.any.len() + term.title.len() + varint_len(term.any.len() as u64))
        } else {
            (term.any.len(), term.title.len())
        };
        put_varint(&mut out, any as u64);
        put_varint(&mut out, title as u64);
    }
    for term in terms.iter().filter(|t| !t.own_file) {
        out.extend_from_slice(&term.any);
        out.extend_from_slice(&term.title);
    }
    out
}

/// The file of one large term: varint any-list length, any-list, title-list.
pub(crate) fn put_list_file(term: &TermLists) -> Vec<u8> {
    let mut out = Vec::with_capacity(term.any.len() + term.title.len() + 4);
    put_varint(&mut out, term.any.len() as u64);
    out.extend_from_slice(&term.any);
    out.extend_from_slice(&term.title);
    out
}

pub(crate) const BASE64: &[u8; 64] =
    b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Appends standard base64 with padding (what `atob` reads), three bytes a step.
pub(crate) fn put_base64(out: &mut Vec<u8>, bytes: &[u8]) {
    let digit = |n: u32, shift: u32| BASE64[(n >> shift & 63) as usize];
    out.reserve(bytes.len().div_ceil(3) * 4);
    let mut triples = bytes.chunks_exact(3);
    for t in &mut triples {
        let n = u32::from(t[0]) << 16 | u32::from(t[1]) << 8 | u32::from(t[2]);
        out.extend_from_slice(&[digit(n, 18), digit(n, 12), digit(n, 6), digit(n, 0)]);
    }
    match *triples.remainder() {
        [a] => {
            let n = u32::from(a) << 16;
            out.extend_from_slice(&[digit(n, 18), digit(n, 12), b'=', b'=']);
        }
        [a, b] => {
            let n = u32::from(a) << 16 | u32::from(b) << 8;
            out.extend_from_slice(&[digit(n, 18), digit(n, 12), digit(n, 6), b'=']);
        }
        _ => {}
    }
}

/// An index file as a classic script: `gongkaiSearchData("KEY",PAYLOAD);`. Pages opened
/// from file:// cannot fetch() (Chromium gives file URLs an opaque origin) but can
/// load scripts, and `script-src 'self'` allows these; mdBook's searchindex.js and
/// Sphinx's searchindex.js use the same trick. `payload` must be a JS expression.
pub(crate) fn js_file(key: &str, payload: &[u8]) -> Vec<u8> {
    js_file_with(key, payload.len(), |out| out.extend_from_slice(payload))
}

/// An index file whose payload is `bytes` as a base64 string literal, written in place
/// (no intermediate strings: the index is 14 MB at 10,000 records).
pub(crate) fn js_base64_file(key: &str, bytes: &[u8]) -> Vec<u8> {
    js_file_with(key, bytes.len().div_ceil(3) * 4 + 2, |out| {
        out.push(b'"');
        put_base64(out, bytes);
        out.push(b'"');
    })
}

fn js_file_with(key: &str, payload_len: usize, payload: impl FnOnce(&mut Vec<u8>)) -> Vec<u8> {
    let mut out = Vec::with_capacity(key.len() + payload_len + 24);
    out.extend_from_slice(b"gongkaiSearchData(\"");
    out.extend_from_slice(key.as_bytes());
    out.extend_from_slice(b"\",");
    payload(&mut out);
    out.extend_from_slice(b");\n");
    out
}

/// A stable 64-bit hash (not SipHash: `DefaultHasher` may change between Rust
/// releases, and the build id must not).
pub(crate) fn hash64(seed: u64, bytes: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = seed ^ (bytes.len() as u64).wrapping_mul(K);
    for chunk in bytes.chunks(8) {
        let mut word = [0u8; 8];
        word[..chunk.len()].copy_from_slice(chunk);
        h = (h ^ u64::from_le_bytes(word)).wrapping_mul(K).rotate_left(31);
    }
    h ^= h >> 33;
    h = h.wrapping_mul(0xFF51_AFD7_ED55_8CCD);
    h ^ h >> 33
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
pub(crate) mod tests {
    use super::*;

    /// Reads what `put_list` wrote: (doc ids, masks if any), and the bytes used.
    pub(crate) fn read_list(bytes: &[u8]) -> (Vec<u32>, Option<Vec<u8>>, usize) {
        let mut at = 0;
        let header = read_varint(bytes, &mut at);
        let n = (header >> 2) as usize;
        let mut docs = Vec::with_capacity(n);
        if header & 2 != 0 {
            let len = read_varint(bytes, &mut at) as usize;
            for (i, byte) in bytes[at..at + len].iter().enumerate() {
                docs.extend((0..8).filter(|b| byte & (1 << b) != 0).map(|b| (i * 8 + b) as u32));
            }
            at += len;
        } else {
            let mut prev: Option<u32> = None;
            for _ in 0..n {
                let gap = read_varint(bytes, &mut at) as u32;
                let d = prev.map_or(gap, |p| p + gap + 1);
                docs.push(d);
                prev = Some(d);
            }
        }
        if header & 1 == 0 {
            return (docs, None, at);
        }
        let nibbles = &bytes[at..at + n.div_ceil(2)];
        at += nibbles.len();
        let mut masks = Vec::with_capacity(n);
        for i in 0..n {
            match nibbles[i / 2] >> (4 * (i % 2)) & 15 {
                15 => {
                    masks.push(bytes[at]);
                    at += 1;
                }
                code => masks.push(1 << code),
            }
        }
        (docs, Some(masks), at)
    }

    #[test]
    fn varints_round_trip() {
        let mut known = Vec::new();
        put_varint(&mut known, 300);
        assert_eq!(known, [0xAC, 0x02]);
        for v in [0, 1, 127, 128, 300, 16_383, 16_384, u64::from(u32::MAX), u64::MAX] {
            let mut out = Vec::new();
            put_varint(&mut out, v);
            assert_eq!(out.len(), varint_len(v));
            assert_eq!(read_varint(&out, &mut 0), v);
            let mut slice = [0xFF; 10];
            assert_eq!(write_varint(&mut slice, v), out.len());
            assert_eq!(slice[..out.len()], out[..]);
        }
    }

    #[test]
    fn a_truncated_varint_ends_with_its_bytes() {
        let mut at = 0;
        assert_eq!(read_varint(&[0x81, 0x82], &mut at), 1 | 2 << 7);
        assert_eq!(at, 2);
        assert_eq!(read_varint(&[0xFF; 12], &mut 0) >> 63, 1);
    }

    #[test]
    fn sparse_and_dense_lists_round_trip() {
        let sparse = vec![3, 900, 70_000];
        let dense: Vec<u32> = (0..5000).filter(|d| d % 3 != 0).collect();
        for docs in [sparse, dense, vec![0]] {
            // Zero never occurs in a real list, but the encoding must not care.
            let masks: Vec<u8> =
                docs.iter().map(|d| [1, 2, 128, 0x81, 0xFF, 0][*d as usize % 6]).collect();
            let mut out = Vec::new();
            put_list(&mut out, &docs, Some(&masks));
            let (got, got_masks, used) = read_list(&out);
            assert_eq!((got, used), (docs.clone(), out.len()));
            assert_eq!(got_masks, Some(masks));
        }
    }

    #[test]
    fn dense_lists_use_a_bitmap() {
        let docs: Vec<u32> = (0..8000).collect();
        let mut out = Vec::new();
        put_list(&mut out, &docs, None);
        assert!(out.len() < 1010, "{}", out.len());
    }

    fn base64(bytes: &[u8]) -> String {
        let mut out = Vec::new();
        put_base64(&mut out, bytes);
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn index_files_are_scripts_calling_the_loader() {
        assert_eq!(js_base64_file("s/0a", b"foo"), b"gongkaiSearchData(\"s/0a\",\"Zm9v\");\n");
        assert_eq!(js_file("meta", b"{}"), b"gongkaiSearchData(\"meta\",{});\n");
    }

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foo"), "Zm9v");
        assert_eq!(base64(&[0xFB, 0xFF]), "+/8=");
        assert_eq!(base64(b"gongkai"), "Z29uZ2thaQ==");
    }

    #[test]
    fn hash_is_stable() {
        // Pinned: the build id depends on it, so a change must be deliberate.
        assert_eq!(format!("{:016x}", hash64(0, b"gongkai")), "1b675415464d4b59");
        assert_ne!(hash64(0, b"a"), hash64(0, b"b"));
        assert_ne!(hash64(0, b"a"), hash64(0, b"a\0"));
    }
}
