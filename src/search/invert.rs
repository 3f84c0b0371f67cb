//! Records → posting lists: the build-time half of the search index, and the part
//! that must stay fast (100,000 records, 90 million postings, in about 2 s on two
//! cores). Tokenizes records in parallel tasks that each sort their postings by term
//! group and key, then merges and encodes each group in parallel. Output order never
//! depends on threads.

use super::encode::{self, TermLists};
use super::{GROUP_BITS, OWN_FILE_BYTES, SearchDoc, shard_hash, snippet_source_len, tokenize};
use rayon::prelude::*;

/// Records per tokenizing task: enough to amortise a task's term table, few enough
/// that a record's place in its task fits the 16 bits `task_lists` sorts it by.
const DOCS_PER_TASK: usize = 512;
const _: () = assert!(DOCS_PER_TASK <= 1 << 16);

/// The postings of one task's records, grouped by term: the terms in (group, key)
/// order, each with a run of postings in record order, packed in bytes (see
/// [`put_posting`]). All the tasks' postings are alive at once: at 100,000 records, 90
/// million of them, which took 1.3 GB of the build's peak at sixteen bytes each
/// (key, record, masks), 360 MB at four, and take about 200 MB packed (#7).
struct TaskLists {
    /// The record number of the task's first record.
    base: u32,
    /// The distinct terms, by group then key.
    keys: Vec<u64>,
    /// Where each term's run starts in `postings` (one more entry: the end).
    starts: Vec<u32>,
    /// The first term of each group in `keys` (one more entry: the end).
    groups: Vec<u32>,
    /// The runs of postings, one after another.
    postings: Vec<u8>,
}

/// Inverts records into per-group term lists, each group sorted by key, each term
/// with the bytes it adds to a shard. Tasks of [`DOCS_PER_TASK`] records are
/// tokenized and grouped by term in parallel; then each group merges the tasks' runs
/// of its terms, in task order, so every list is in record order whatever the
/// thread count. `docs` are numbered in the order given.
///
/// Leaves each record's `text` cut to the start that makes its snippet, all the index
/// needs of it afterwards: freed as the tasks go, the texts (270 MB at 100,000 records)
/// make room for the postings instead of adding to them, and fresh memory is what grows
/// faster than the records on the machines we measure (#7).
pub(super) fn invert(docs: &mut [SearchDoc]) -> Vec<Vec<(TermLists, usize)>> {
    let tasks: Vec<TaskLists> = docs
        .par_chunks_mut(DOCS_PER_TASK)
        .enumerate()
        .map(|(task, chunk)| task_lists(chunk, (task * DOCS_PER_TASK) as u32))
        .collect();
    (0..1usize << GROUP_BITS).into_par_iter().map(|group| encode_group(&tasks, group)).collect()
}

/// Tokenizes one task's records and sorts their postings by term (a counting sort on
/// task-local term numbers: one small-table lookup per posting).
fn task_lists(chunk: &mut [SearchDoc], base: u32) -> TaskLists {
    let mut set = TermSet::default();
    let mut numbers = KeyNumbers::default();
    // Bytes of each term's run, and the task record it last had (see `put_posting`).
    let mut sizes: Vec<u32> = Vec::new();
    let mut last: Vec<u32> = Vec::new();
    // A Chinese record has about a third as many distinct terms as bytes (a Han
    // character is 3 bytes and 2 terms, most of them repeated). Reserving half its
    // bytes (a hint, not a bound) saves the copies and fresh pages of a doubling
    // vector of ~4 MB a task.
    let bytes: usize = chunk.iter().map(|doc| doc.text.len() + doc.title.len()).sum();
    let mut flat: Vec<(u32, u32)> = Vec::with_capacity(bytes / 2);
    for (i, doc) in chunk.iter_mut().enumerate() {
        doc_postings(doc, &mut set);
        doc.text.truncate(snippet_source_len(&doc.text));
        doc.text.shrink_to_fit();
        let i = i as u32;
        for (key, any, title) in set.iter() {
            let n = numbers.number(key) as usize;
            if n == sizes.len() {
                sizes.push(0);
                last.push(0);
            }
            sizes[n] += posting_len(i - last[n], title) as u32;
            last[n] = i;
            flat.push((n as u32, i << 16 | u32::from(any) << 8 | u32::from(title)));
        }
    }
    let mut by_key: Vec<(u32, u64, u32)> = (0..sizes.len() as u32)
        .map(|n| {
            let key = numbers.keys[n as usize];
            (group_of(key) as u32, key, n)
        })
        .collect();
    by_key.sort_unstable();
    let mut keys = Vec::with_capacity(by_key.len());
    let mut starts = Vec::with_capacity(by_key.len() + 1);
    let mut groups = vec![0u32; (1 << GROUP_BITS) + 1];
    let mut next = vec![0u32; sizes.len()];
    let mut at = 0;
    for &(group, key, n) in &by_key {
        keys.push(key);
        starts.push(at);
        groups[group as usize + 1] += 1;
        next[n as usize] = at;
        at += sizes[n as usize];
    }
    starts.push(at);
    for g in 1..groups.len() {
        groups[g] += groups[g - 1];
    }
    let mut postings = vec![0u8; at as usize];
    last.fill(0);
    for (n, posting) in flat {
        let (n, i) = (n as usize, posting >> 16);
        let written = put_posting(
            &mut postings[next[n] as usize..],
            i - last[n],
            (posting >> 8) as u8,
            posting as u8,
        );
        next[n] += written as u32;
        last[n] = i;
    }
    TaskLists { base, keys, starts, groups, postings }
}

/// Bytes [`put_posting`] writes.
fn posting_len(gap: u32, title: u8) -> usize {
    encode::varint_len(u64::from(gap) << 1) + 1 + usize::from(title != 0)
}

/// Writes one posting at the start of `out`, returns its length: a varint of the gap
/// from the term's previous record in the task (from 0 for its first) shifted left
/// once, its low bit telling whether a title mask follows; then the any-mask, then the
/// title mask. Most terms recur within a few records, so a posting is two or three
/// bytes.
fn put_posting(out: &mut [u8], gap: u32, any: u8, title: u8) -> usize {
    let mut len = encode::write_varint(out, u64::from(gap) << 1 | u64::from(title != 0));
    out[len] = any;
    len += 1;
    if title != 0 {
        out[len] = title;
        len += 1;
    }
    len
}

/// Reads the postings [`put_posting`] wrote, calling `each(record in the task, any,
/// title)`.
fn read_postings(bytes: &[u8], mut each: impl FnMut(u32, u8, u8)) {
    let mut record = 0u32;
    let mut at = 0;
    let next_byte = |at: &mut usize| {
        *at += 1;
        bytes.get(*at - 1).copied().unwrap_or(0)
    };
    while at < bytes.len() {
        let v = encode::read_varint(bytes, &mut at);
        record += (v >> 1) as u32;
        let any = next_byte(&mut at);
        let title = if v & 1 == 1 { next_byte(&mut at) } else { 0 };
        each(record, any, title);
    }
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

/// Encodes one group's terms in key order: each term's runs from every task that
/// has it, in task order (so in record order), as one pair of lists.
fn encode_group(tasks: &[TaskLists], group: usize) -> Vec<(TermLists, usize)> {
    let mut found: Vec<(u64, u32, u32)> = Vec::new();
    for (t, task) in tasks.iter().enumerate() {
        for i in task.groups[group]..task.groups[group + 1] {
            found.push((task.keys[i as usize], t as u32, i));
        }
    }
    // (key, task) pairs are distinct: the order is total and does not depend on threads.
    found.sort_unstable();
    let mut lists = ListScratch::default();
    found
        .chunk_by(|a, b| a.0 == b.0)
        .map(|same_key| {
            lists.clear();
            for &(_, t, i) in same_key {
                let task = &tasks[t as usize];
                let (from, to) = (task.starts[i as usize], task.starts[i as usize + 1]);
                read_postings(&task.postings[from as usize..to as usize], |record, any, title| {
                    lists.push(task.base + record, any, title);
                });
            }
            lists.encode(same_key[0].0)
        })
        .collect()
}

/// One term's postings, in record order, as the lists they become.
#[derive(Default)]
struct ListScratch {
    docs: Vec<u32>,
    masks: Vec<u8>,
    title_docs: Vec<u32>,
    title_masks: Vec<u8>,
}

impl ListScratch {
    fn clear(&mut self) {
        self.docs.clear();
        self.masks.clear();
        self.title_docs.clear();
        self.title_masks.clear();
    }

    fn push(&mut self, doc: u32, any: u8, title: u8) {
        self.docs.push(doc);
        self.masks.push(any);
        if title != 0 {
            self.title_docs.push(doc);
            self.title_masks.push(title);
        }
    }

    fn encode(&self, key: u64) -> (TermLists, usize) {
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
    if tokenize::is_unigram(key) {
        return None;
    }
    let bits: usize = masks.iter().map(|&m| usize::from(BITS[usize::from(m)])).sum();
    (bits < 2 * masks.len()).then_some(masks)
}

/// Bits set in each byte: `count_ones` is a loop of bit tricks on x86-64 without
/// `popcnt`, and this runs once a posting.
const BITS: [u8; 256] = {
    let mut bits = [0u8; 256];
    let mut i = 0;
    while i < 256 {
        bits[i] = (i as u8).count_ones() as u8;
        i += 1;
    }
    bits
};

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
        let mut docs: Vec<SearchDoc> =
            (0..1500).map(|i| doc("", if i % 2 == 0 { "甲乙" } else { "乙" })).collect();
        let groups = invert(&mut docs);
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
    fn masks_and_title_lists_survive_the_task_boundaries() {
        // Records 0, 511, 512 and 1300 (three tasks) have 资金 in the title; all have
        // it in the body too, 资金 at unit 0 of the title and after the gap units.
        let mut docs: Vec<SearchDoc> = (0..1400)
            .map(|i| {
                let title = if [0, 511, 512, 1300].contains(&i) { "资金" } else { "公告" };
                doc(title, "专项资金")
            })
            .collect();
        let key = tokenize::han_key('资', Some('金'));
        let groups = invert(&mut docs);
        let term = &groups.iter().flatten().find(|t| t.0.key == key).unwrap().0;
        let (any, any_masks, _) = crate::search::encode::tests::read_list(&term.any);
        assert_eq!(any, (0..1400).collect::<Vec<u32>>());
        // Body 资金 at unit 2 + 6 = 8 → bit 0; in a title record also at 0 → bit 0.
        assert!(any_masks.is_some_and(|m| m.iter().all(|&m| m == 1)));
        let (title, title_masks, _) = crate::search::encode::tests::read_list(&term.title);
        assert_eq!(title, [0, 511, 512, 1300]);
        assert_eq!(title_masks, Some(vec![1, 1, 1, 1]));
    }

    #[test]
    fn texts_are_cut_to_the_start_of_their_snippet() {
        let long = "低保资金".repeat(100);
        let mut docs = vec![doc("", &long), doc("", "短 文")];
        invert(&mut docs);
        // 100 characters, and the one that ended the snippet.
        assert_eq!(docs[0].text, format!("{}低", "低保资金".repeat(25)));
        assert_eq!(docs[1].text, "短 文");
    }

    proptest::proptest! {
        /// Postings read back as written, whatever the gaps (up to a whole task) and
        /// masks, one run after another.
        #[test]
        fn postings_read_back_as_written(
            postings in proptest::collection::vec((0u32..512, 0u8.., 0u8..), 0..50),
        ) {
            let mut records: Vec<u32> = postings.iter().map(|p| p.0).collect();
            records.sort_unstable();
            records.dedup();
            let written: Vec<(u32, u8, u8)> =
                records.iter().zip(&postings).map(|(&r, &(_, any, title))| (r, any, title)).collect();
            let mut bytes = vec![0u8; written.len() * 5];
            let (mut at, mut last) = (0, 0);
            for &(record, any, title) in &written {
                let len = put_posting(&mut bytes[at..], record - last, any, title);
                proptest::prop_assert_eq!(len, posting_len(record - last, title));
                at += len;
                last = record;
            }
            let mut read = Vec::new();
            read_postings(&bytes[..at], |record, any, title| read.push((record, any, title)));
            proptest::prop_assert_eq!(read, written);
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
