//! Records → posting lists: the build-time half of the search index, and the part
//! that must stay fast (100,000 records, 90 million postings, in about 2 s on two
//! cores). Tokenizes records in parallel, buckets postings by term group, then
//! sorts and encodes each group in parallel. Output order never depends on threads.

use super::encode::{self, TermLists};
use super::{GROUP_BITS, OWN_FILE_BYTES, SearchDoc, shard_hash, tokenize};
use rayon::prelude::*;

/// Records per tokenizing task: enough to amortise the 256 buckets of a task.
const DOCS_PER_TASK: usize = 512;

/// One posting on its way to a list: term key, record number, position masks.
#[derive(Clone, Copy)]
struct Entry {
    key: u64,
    doc: u32,
    any: u8,
    title: u8,
}

/// Inverts records into per-group term lists, each group sorted by key, each term
/// with the bytes it adds to a shard. Records are tokenized in parallel tasks that
/// bucket postings by group; groups are then sorted and encoded in parallel. Rayon's
/// ordered collect keeps every list in record order, whatever the thread count.
pub(super) fn invert(docs: &[SearchDoc], order: &[usize]) -> Vec<Vec<(TermLists, usize)>> {
    let groups = 1usize << GROUP_BITS;
    let tasks: Vec<Vec<Vec<Entry>>> = order
        .par_chunks(DOCS_PER_TASK)
        .enumerate()
        .map(|(task, chunk)| {
            let mut set = TermSet::default();
            let mut flat = Vec::new();
            let mut counts = vec![0usize; groups];
            for (i, &index) in chunk.iter().enumerate() {
                let doc = (task * DOCS_PER_TASK + i) as u32;
                doc_postings(&docs[index], &mut set);
                for (key, any, title) in set.iter() {
                    counts[group_of(key)] += 1;
                    flat.push(Entry { key, doc, any, title });
                }
            }
            // Exact capacities: growing 256 buckets by doubling cost more than this pass.
            // The group is hashed again rather than stored: a byte beside each 16-byte
            // entry padded it to 24 (a third more memory to fill and read, #7).
            let mut buckets: Vec<Vec<Entry>> =
                counts.iter().map(|&n| Vec::with_capacity(n)).collect();
            for entry in flat {
                buckets[group_of(entry.key)].push(entry);
            }
            buckets
        })
        .collect();
    let mut by_group: Vec<Vec<Vec<Entry>>> = (0..groups).map(|_| Vec::new()).collect();
    for task in tasks {
        for (group, bucket) in task.into_iter().enumerate() {
            by_group[group].push(bucket);
        }
    }
    by_group.into_par_iter().map(encode_group).collect()
}

/// The group of a term key: the top [`GROUP_BITS`] bits of its shard hash.
fn group_of(key: u64) -> usize {
    (shard_hash(key) >> (32 - GROUP_BITS)) as usize
}

/// The distinct terms of one record with their position masks (any field, title),
/// in no particular order: the group sort orders them, and each record adds a key
/// once. Fields are numbered one after another with a gap of one unit, so no phrase
/// spans two fields.
fn doc_postings(doc: &SearchDoc, set: &mut TermSet) {
    let fields = [&doc.title, &doc.unit, &doc.class, &doc.date, &doc.text];
    set.clear(fields.iter().map(|f| f.len()).sum());
    let mut pos = tokenize::for_each_term(&doc.title, 0, |key, p| {
        let bit = 1 << (p % 8);
        set.add(key, bit, bit);
    });
    for field in &fields[1..] {
        pos = tokenize::for_each_term(field, pos + 1, |key, p| set.add(key, 1 << (p % 8), 0));
    }
}

/// A reusable open-addressing set of term keys with their masks. Sorting each
/// record's ~1,800 term occurrences instead took 3 s of CPU at 100,000 records.
#[derive(Default)]
struct TermSet {
    slots: Vec<Slot>,
    stamp: u32,
    used: Vec<u32>,
}

/// One slot: in use for the current record when `stamp` matches the set's, so
/// clearing the set is one increment.
#[derive(Clone, Copy, Default)]
struct Slot {
    key: u64,
    stamp: u32,
    any: u8,
    title: u8,
}

impl TermSet {
    /// Empties the set for a record of `bytes` bytes of text. A record has at most
    /// one term occurrence per byte (a Han character: 3 bytes, 2 terms), so a table of
    /// twice that many slots is never more than half full.
    fn clear(&mut self, bytes: usize) {
        let size = (2 * bytes + 2).next_power_of_two().max(64);
        if size > self.slots.len() || self.stamp == u32::MAX {
            self.slots = vec![Slot::default(); size.max(self.slots.len())];
            self.stamp = 0;
        }
        self.stamp += 1;
        self.used.clear();
    }

    fn add(&mut self, key: u64, any: u8, title: u8) {
        let mask = self.slots.len() - 1;
        let mut i = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 40) as usize & mask;
        loop {
            let slot = &mut self.slots[i];
            if slot.stamp != self.stamp {
                *slot = Slot { key, stamp: self.stamp, any, title };
                self.used.push(i as u32);
                return;
            }
            if slot.key == key {
                slot.any |= any;
                slot.title |= title;
                return;
            }
            i = (i + 1) & mask;
        }
    }

    /// The terms added since `clear`, in insertion order.
    fn iter(&self) -> impl Iterator<Item = (u64, u8, u8)> + '_ {
        self.used.iter().map(|&i| self.slots[i as usize]).map(|s| (s.key, s.any, s.title))
    }
}

/// Groups one group's postings by term and encodes each term's two lists, in key
/// order. A counting sort on dense per-group term numbers: the postings arrive in
/// record order and stay so, and it costs one small-table lookup per posting where
/// sorting 90 million postings by key cost twice the CPU.
fn encode_group(parts: Vec<Vec<Entry>>) -> Vec<(TermLists, usize)> {
    let total: usize = parts.iter().map(Vec::len).sum();
    let mut numbers = KeyNumbers::default();
    let mut counts: Vec<u32> = Vec::new();
    let mut local: Vec<u32> = Vec::with_capacity(total);
    for e in parts.iter().flatten() {
        let n = numbers.number(e.key) as usize;
        if n == counts.len() {
            counts.push(0);
        }
        counts[n] += 1;
        local.push(n as u32);
    }
    let mut by_key: Vec<u32> = (0..counts.len() as u32).collect();
    by_key.sort_unstable_by_key(|&n| numbers.keys[n as usize]);
    let mut starts = vec![0u32; counts.len()];
    let mut next = 0;
    for &n in &by_key {
        starts[n as usize] = next;
        next += counts[n as usize];
    }
    let mut postings = vec![(0u32, 0u8, 0u8); total];
    for (e, &n) in parts.iter().flatten().zip(&local) {
        postings[starts[n as usize] as usize] = (e.doc, e.any, e.title);
        starts[n as usize] += 1;
    }
    drop(parts);
    let mut lists = ListScratch::default();
    let mut at = 0;
    by_key
        .iter()
        .map(|&n| {
            let run = &postings[at..at + counts[n as usize] as usize];
            at += run.len();
            lists.encode(numbers.keys[n as usize], run)
        })
        .collect()
}

/// Reused buffers for one term's lists.
#[derive(Default)]
struct ListScratch {
    docs: Vec<u32>,
    masks: Vec<u8>,
    title_docs: Vec<u32>,
    title_masks: Vec<u8>,
}

impl ListScratch {
    fn encode(&mut self, key: u64, run: &[(u32, u8, u8)]) -> (TermLists, usize) {
        self.docs.clear();
        self.masks.clear();
        self.title_docs.clear();
        self.title_masks.clear();
        for &(doc, any, title) in run {
            self.docs.push(doc);
            self.masks.push(any);
            if title != 0 {
                self.title_docs.push(doc);
                self.title_masks.push(title);
            }
        }
        let mut term = TermLists { key, any: Vec::new(), title: Vec::new(), own_file: false };
        let masks = useful_masks(key, &self.masks);
        encode::put_list(&mut term.any, &self.docs, masks);
        if !self.title_docs.is_empty() {
            encode::put_list(&mut term.title, &self.title_docs, Some(&self.title_masks));
        }
        term.own_file = term.any.len() + term.title.len() > OWN_FILE_BYTES;
        let size = term.shard_bytes(tokenize::key_text(key).len());
        (term, size)
    }
}

/// The masks worth storing for a term's any-list. A lone character's position only
/// matters next to a word or another lone character (12号), and unigram masks would
/// be a fifth of the index: none. Nor when the term occurs at two or more positions
/// of an average record: a mask of k bits passes a wrong alignment with odds k/8, so
/// two such terms (2 × 2 bits: 8 × 2/8 × 2/8 = 1/2) barely filter, and the masks of
/// a term in most records (工作) would be 100 KB at 100,000 records.
fn useful_masks(key: u64, masks: &[u8]) -> Option<&[u8]> {
    let bits: usize = masks.iter().map(|m| m.count_ones() as usize).sum();
    (!tokenize::is_unigram(key) && bits < 2 * masks.len()).then_some(masks)
}

/// Numbers term keys 0, 1, 2... in order of first sight (open addressing; a group
/// has a few thousand terms, so the table stays in cache).
#[derive(Default)]
struct KeyNumbers {
    keys: Vec<u64>,
    table: Vec<u32>,
}

impl KeyNumbers {
    fn number(&mut self, key: u64) -> u32 {
        if self.keys.len() * 2 >= self.table.len() {
            self.grow();
        }
        let mask = self.table.len() - 1;
        let mut i = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 32) as usize & mask;
        loop {
            match self.table[i] {
                u32::MAX => {
                    self.table[i] = self.keys.len() as u32;
                    self.keys.push(key);
                    return self.table[i];
                }
                n if self.keys[n as usize] == key => return n,
                _ => i = (i + 1) & mask,
            }
        }
    }

    fn grow(&mut self) {
        let size = (self.table.len() * 2).max(1024);
        self.table = vec![u32::MAX; size];
        let keys = std::mem::take(&mut self.keys);
        for key in keys {
            self.number(key);
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    fn doc(title: &str, text: &str) -> SearchDoc {
        SearchDoc { title: title.into(), text: text.into(), ..Default::default() }
    }

    #[test]
    fn a_record_adds_each_term_once_with_all_its_positions() {
        let mut set = TermSet::default();
        doc_postings(&doc("资金", "资金 资金"), &mut set);
        let key = tokenize::han_key('资', Some('金'));
        let found: Vec<_> = set.iter().filter(|t| t.0 == key).collect();
        // Title at 0; each of the three empty fields between adds a gap unit, so the
        // body starts at 6: 资金 at 6 and 8, bits 6 and 0 (8 % 8).
        assert_eq!(found, [(key, 0b0100_0001, 0b0000_0001)]);
        doc_postings(&doc("", "税"), &mut set);
        assert_eq!(set.iter().count(), 1, "clearing forgets the previous record");
    }

    #[test]
    fn lists_come_out_in_key_order_and_record_order() {
        let docs: Vec<SearchDoc> =
            (0..1500).map(|i| doc("", if i % 2 == 0 { "甲乙" } else { "乙" })).collect();
        let order: Vec<usize> = (0..docs.len()).collect();
        let groups = invert(&docs, &order);
        let terms: Vec<&TermLists> = groups.iter().flatten().map(|t| &t.0).collect();
        assert_eq!(terms.len(), 3); // 甲, 甲乙, 乙
        let (yi, _, _) = crate::search::encode::tests::read_list(
            &terms.iter().find(|t| t.key == tokenize::han_key('乙', None)).unwrap().any,
        );
        assert_eq!(yi, (0..1500).collect::<Vec<u32>>());
        for group in &groups {
            assert!(group.windows(2).all(|w| w[0].0.key < w[1].0.key));
        }
    }

    #[test]
    fn masks_are_kept_only_where_they_filter() {
        let han = tokenize::han_key('资', Some('金'));
        assert!(useful_masks(han, &[1, 2, 4, 0b11]).is_some());
        assert!(useful_masks(han, &[0b11, 0b101, 1, 0xFF]).is_none());
        assert!(useful_masks(tokenize::han_key('资', None), &[1]).is_none());
    }
}
