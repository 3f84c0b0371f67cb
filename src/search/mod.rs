//! The site's full-text search: turns the public records into a static, sharded index
//! that `themes/default/static/search.js` queries in the browser, offline. Ported from
//! the team's measured search prototype; `site::search` feeds it the records of
//! the build (so a public index is made from public records only), and its files go out
//! through the same `write::Staging` as every page.
//!
//! This module owns the index format and its build; it does no I/O (the caller writes
//! the returned files) and renders no page (`search/index.html` is a template that
//! includes the script). Which records go in is the caller's business: a public build
//! must pass only public records (SPEC §5).
//!
//! How it finds Chinese without a word segmenter: see [`tokenize`]. Every Han
//! character and every pair of neighbouring Han characters is a term, and so is every
//! ASCII word; a query needs all of its terms, so any substring of a title or body is
//! found (监督委员会, 督委员, 委员...). Title matches rank above body matches; ties go
//! to the newer record (records are numbered newest first).
//!
//! Phrases. Intersecting the bigrams of 低保户 also finds a record with 低保 here and
//! 参保户 there. So a posting carries a one-byte position mask (bit `p % 8` for each
//! unit position `p` of the term in the record) and the script keeps a record only if
//! one alignment fits every term of a query group. A wrong record with all the terms
//! passes with odds about 1/8 per extra term when each term occurs once (督委 and 委员
//! nine units apart do pass), and unchecked when masks were not kept: unigrams, and
//! terms that average two or more positions per record (see `invert::useful_masks`).
//! On the generated 100,000-record corpus that leaves 0–1.3% wrong results on 3–6
//! character queries, and 5 wrong of 6 for a 文号 whose digits (12) are everywhere.
//! Exact positions (a varint or two per occurrence) would about double the index, and
//! checking phrases against the stored text would mean shipping the text: the masks
//! are the chosen trade-off. A single-character query uses the unigram lists (every
//! Han character is indexed on its own), so 税 or 道 are found like words.
//!
//! Files (paths relative to the site root; `ID` is a hash of the index content, so
//! one page never mixes files of two builds, and a page older than the index fails
//! loudly instead of showing wrong records):
//!
//! ```text
//! search/meta.js          {"format","id","docs","shards","chunk"}
//! search/ID/s/HEX.js      shard HEX: base64 of the layout in `encode::put_shard`
//! search/ID/l/HEX-N.js    lists of the N-th term of shard HEX when over 4 KiB
//!                         (`encode::put_list_file`): a query for 资金 must not also
//!                         download the lists of 工作 that share its shard
//! search/ID/d/N.js        records N*chunk .. N*chunk+chunk-1 as JSON arrays
//!                         [[url,title,unit,class,date,snippet],...]
//! ```
//!
//! A term lives in shard `shard_hash(key) >> (32 - log2 shards)`. Every file is a
//! classic script calling `gongkaiSearchData(key, payload)`: browsers refuse fetch()
//! on file:// pages but do run scripts, and `script-src 'self'` allows them (the
//! trick of mdBook's and Sphinx's searchindex.js). The price is base64: a third more
//! bytes on disk, mostly won back by HTTP compression where the server has it. (Hence
//! `.js` files and not `meta.json` and JSON shards: JSON would need fetch().)
//!
//! Measured in `gongkai build` on the benchmark generator's repositories (2 cores shared
//! with other builds, load average about 9): 10,000 records (9,330 public) give 1,912
//! files, 14 MB, in 0.65 s; 100,000 records (92,576 public) give 15,768 files (512
//! shards, 3,683 list files, 11,572 chunks), 138 MB, in 9.7 s of a 62 s build. A query
//! loads 30–85 KiB for a word (资金, 低保, 税, 2026) and up to 370 KiB for a long phrase.

mod encode;
mod invert;
pub(crate) mod tokenize;

use encode::TermLists;
use rayon::prelude::*;
use std::cmp::Reverse;

/// Bumped whenever the tokenizer rules or a layout change; `search.js` checks it.
pub(crate) const FORMAT: u32 = 1;

/// Records per metadata chunk. A result page of 10 records fetches at most 10 chunks
/// of ~32 × 0.4 KB (results come newest first, so they often share chunks). Files are
/// what a build pays most for on disk (an inode each): chunks of 8 made 12,500 of the
/// 165,000 files of a 100,000-record site, chunks of 32 make 3,100 (#7).
pub(crate) const DOCS_PER_CHUNK: usize = 32;

/// Characters of body text kept for the result snippet.
pub(crate) const SNIPPET_CHARS: usize = 100;

/// Aimed-at average shard size (binary, before base64), and the most shards we write.
const TARGET_SHARD_BYTES: usize = 16 * 1024;
const MAX_SHARDS: usize = 1 << 14;

/// Lists longer than this (binary) get a file of their own, so that a query for 资金
/// does not also download the lists of 工作 and 公开 that share its shard.
const OWN_FILE_BYTES: usize = 4 * 1024;

/// Terms are first split into 2^GROUP_BITS groups by the top bits of their hash, so
/// the inversion runs in parallel before the shard count is known.
const GROUP_BITS: u32 = 8;

/// One public record, as the search sees it.
#[derive(Clone, Debug, Default)]
pub(crate) struct SearchDoc {
    /// Page URL relative to the site root, e.g. `xiannv/external/funds/2026-q1/`.
    pub(crate) url: String,
    pub(crate) title: String,
    /// Name of the publishing unit (发布机构), shown and searched.
    pub(crate) unit: String,
    /// Name of the class, shown and searched.
    pub(crate) class: String,
    /// `YYYY-MM-DD` (公开日期); newer records rank first among equals.
    pub(crate) date: String,
    /// Everything else to search: 索引号, 文号, summary, body text (no markup). Its
    /// first [`SNIPPET_CHARS`] characters are the snippet, so put the summary first.
    pub(crate) text: String,
}

/// Builds every file of the search index, sorted by path. Deterministic: the same
/// records, in any order, give the same bytes.
pub(crate) fn build_index(docs: Vec<SearchDoc>) -> Vec<(String, Vec<u8>)> {
    let mut docs = in_doc_order(docs);
    let groups = crate::timings::phase("search: invert", || invert::invert(&mut docs));
    let total: usize = groups.iter().flatten().map(|t| t.1).sum();
    let shard_count = shard_count(total);
    let binary = assemble_shards(&groups, shard_count);
    drop(groups);
    let chunks: Vec<(String, Vec<u8>)> = docs
        .par_chunks(DOCS_PER_CHUNK)
        .enumerate()
        .map(|(n, chunk)| (format!("d/{n}"), chunk_json(chunk)))
        .collect();
    let id = build_id(&binary, &chunks);
    let meta = format!(
        r#"{{"format":{FORMAT},"id":"{id}","docs":{},"shards":{shard_count},"chunk":{DOCS_PER_CHUNK}}}"#,
        docs.len()
    );
    let mut files = vec![("search/meta.js".to_string(), encode::js_file("meta", meta.as_bytes()))];
    files.par_extend(
        binary.par_iter().map(|(key, bytes)| {
            (format!("search/{id}/{key}.js"), encode::js_base64_file(key, bytes))
        }),
    );
    files.par_extend(
        chunks
            .par_iter()
            .map(|(key, json)| (format!("search/{id}/{key}.js"), encode::js_file(key, json))),
    );
    files.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
    files
}

/// The records in their numbering: newest first, then by URL, so ties in rank show
/// recent records first and the numbering does not depend on the order the caller
/// passed.
fn in_doc_order(mut docs: Vec<SearchDoc>) -> Vec<SearchDoc> {
    docs.sort_by(|x, y| {
        (Reverse(&x.date), &x.url, &x.title, &x.unit, &x.class, &x.text).cmp(&(
            Reverse(&y.date),
            &y.url,
            &y.title,
            &y.unit,
            &y.class,
            &y.text,
        ))
    });
    docs
}

/// The 32-bit hash that places a term key in a group and a shard. Murmur3's
/// finaliser over the key's two halves: 32-bit so `search.js` computes it exactly
/// with `Math.imul`.
pub(crate) fn shard_hash(key: u64) -> u32 {
    let mut h = ((key >> 32) as u32).wrapping_mul(0x9E37_79B1) ^ key as u32;
    h ^= h >> 15;
    h = h.wrapping_mul(0x85EB_CA77);
    h ^= h >> 13;
    h = h.wrapping_mul(0xC2B2_AE3D);
    h ^ h >> 16
}

/// Shard of a hash when there are `count` (a power of two) shards: its top bits.
fn shard_of(hash: u32, count: usize) -> usize {
    let bits = count.trailing_zeros();
    if bits == 0 { 0 } else { (hash >> (32 - bits)) as usize }
}

/// Enough shards that the average is about [`TARGET_SHARD_BYTES`]: a power of two,
/// so each group of the inversion falls into one shard or splits evenly.
fn shard_count(total_bytes: usize) -> usize {
    total_bytes.div_ceil(TARGET_SHARD_BYTES).next_power_of_two().clamp(1, MAX_SHARDS)
}

/// Hex digits in shard file names, enough for the largest.
fn hex_width(count: usize) -> usize {
    format!("{:x}", count.saturating_sub(1)).len()
}

/// Lays the groups' terms out into `count` shards (`s/HEX`) and the files of large
/// terms (`l/HEX-N`, N the term's place in its shard), as binary files by key.
fn assemble_shards(groups: &[Vec<(TermLists, usize)>], count: usize) -> Vec<(String, Vec<u8>)> {
    let mut members: Vec<Vec<&TermLists>> = vec![Vec::new(); count];
    // Groups in order, each sorted by key: every shard's terms come out in key order
    // when shards ≥ groups, and in (group, key) order otherwise; both are deterministic.
    for (term, _) in groups.iter().flatten() {
        members[shard_of(shard_hash(term.key), count)].push(term);
    }
    let width = hex_width(count);
    let per_shard: Vec<Vec<(String, Vec<u8>)>> = members
        .par_iter()
        .enumerate()
        .map(|(n, terms)| {
            let mut files =
                vec![(format!("s/{n:0width$x}"), encode::put_shard(terms, tokenize::key_text))];
            for (i, term) in terms.iter().enumerate().filter(|(_, t)| t.own_file) {
                files.push((format!("l/{n:0width$x}-{i}"), encode::put_list_file(term)));
            }
            files
        })
        .collect();
    per_shard.into_iter().flatten().collect()
}

/// The metadata of one chunk of records, as compact JSON arrays (tuples serialise
/// as arrays: no repeated field names in 100,000 rows).
fn chunk_json(chunk: &[SearchDoc]) -> Vec<u8> {
    let rows: Vec<_> = chunk
        .iter()
        .map(|d| (&d.url, &d.title, &d.unit, &d.class, &d.date, snippet(&d.text)))
        .collect();
    // Strings and arrays always serialise; the fallback only keeps `unwrap` out.
    let json = serde_json::to_string(&rows).unwrap_or_else(|_| "[]".to_owned());
    script_safe(&json).into_bytes()
}

/// JSON that reads as plain data to anything scanning the site for markup: `<`, `>`
/// and `&` as `\u` escapes (a title quoting `<script>` must not look like one), and `:`
/// too (no `javascript:` in the output, even as text). Valid because chunks are arrays
/// of strings: these characters can only occur inside string literals.
fn script_safe(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            ':' => out.push_str("\\u003a"),
            _ => out.push(c),
        }
    }
    out
}

/// The first [`SNIPPET_CHARS`] characters of `text`, whitespace runs collapsed.
fn snippet(text: &str) -> String {
    snippet_and_length(text).0
}

/// The length of the start of `text` that makes its [`snippet`]: cut there, `text`
/// gives the same one.
pub(super) fn snippet_source_len(text: &str) -> usize {
    snippet_and_length(text).1
}

fn snippet_and_length(text: &str) -> (String, usize) {
    // Character by character: `split_whitespace` found the end of each word first, and
    // a Chinese paragraph is one word, so it read the whole body for 100 characters.
    let mut out = String::with_capacity(SNIPPET_CHARS * 3);
    let mut count = 0;
    let mut gap = false;
    for (at, c) in text.char_indices() {
        if c.is_whitespace() {
            gap = count > 0;
            continue;
        }
        if gap {
            out.push(' ');
            count += 1;
            gap = false;
        }
        if count >= SNIPPET_CHARS {
            // The character that ended it stays in the source: after a space, its
            // presence is what put the space in.
            return (out, at + c.len_utf8());
        }
        out.push(c);
        count += 1;
    }
    (out, text.len())
}

/// A hash of all index content (names and bytes), as 16 hex digits.
fn build_id(binary: &[(String, Vec<u8>)], chunks: &[(String, Vec<u8>)]) -> String {
    let hashes: Vec<u64> = binary
        .par_iter()
        .chain(chunks.par_iter())
        .map(|(key, bytes)| encode::hash64(encode::hash64(0, key.as_bytes()), bytes))
        .collect();
    let all: Vec<u8> = hashes.iter().flat_map(|h| h.to_le_bytes()).collect();
    format!("{:016x}", encode::hash64(u64::from(FORMAT), &all))
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;
    use encode::read_varint;
    use encode::tests::read_list;
    use std::collections::BTreeMap;

    fn doc(url: &str, date: &str, title: &str, text: &str) -> SearchDoc {
        let (unit, class) = ("仙女镇人民政府".into(), "其他".into());
        SearchDoc {
            url: url.into(),
            title: title.into(),
            unit,
            class,
            date: date.into(),
            text: text.into(),
        }
    }

    fn fixture() -> Vec<SearchDoc> {
        vec![
            doc("a/", "2026-03-18", "2026年第一季度财政收支情况", "本季度资金收入1200万元。"),
            doc("b/", "2026-04-01", "关于资金使用的公示", "详见附表。索引号:321012100/2026-00012"),
            doc("c/", "2026-02-01", "城乡低保对象公示", "低保户张某某,家庭3人。"),
            doc("d/", "2026-02-02", "参保情况通报", "低保标准提高,参保户增加。"),
            doc("e/", "2025-12-30", "换届选举结果", "村务监督委员会成员名单如下。"),
            doc("f/", "2025-12-31", "工作会议", "加强监督,督委托项目,委员会,全体委员,员会。"),
            doc("g/", "2026-01-05", "WiFi覆盖工程", "仙政发〔2026〕12号 PPP项目"),
            doc("h/", "2026-01-06", "道路工程", "仙政发〔2026〕13号 ppp"),
        ]
    }

    /// The Rust twin of search.js, enough to check what the files say.
    struct Reader {
        files: BTreeMap<String, Vec<u8>>,
        meta: serde_json::Value,
    }

    type Lists = (Vec<u32>, Vec<u8>, Vec<u32>, Vec<u8>);

    impl Reader {
        fn new(files: Vec<(String, Vec<u8>)>) -> Reader {
            let files: BTreeMap<_, _> = files.into_iter().collect();
            let meta = serde_json::from_str(payload(&files["search/meta.js"])).unwrap();
            Reader { files, meta }
        }

        fn file(&self, key: &str) -> &str {
            let id = self.meta["id"].as_str().unwrap();
            payload(&self.files[&format!("search/{id}/{key}.js")])
        }

        fn lists(&self, key: u64) -> Option<Lists> {
            let count = self.meta["shards"].as_u64().unwrap() as usize;
            let shard = shard_of(shard_hash(key), count);
            let name = format!("s/{shard:0w$x}", w = hex_width(count));
            let bytes = unbase64(self.file(&name).trim_matches('"'));
            let mut at = 0;
            let mut offset = 0;
            let mut found = None;
            for i in 0..read_varint(&bytes, &mut at) {
                let len = read_varint(&bytes, &mut at) as usize;
                let text = std::str::from_utf8(&bytes[at..at + len]).unwrap().to_string();
                at += len;
                let any = read_varint(&bytes, &mut at) as usize;
                let title = read_varint(&bytes, &mut at) as usize;
                if text == tokenize::key_text(key) {
                    found = Some((i, offset, any, title));
                }
                if any > 0 {
                    offset += any + title;
                }
            }
            let (i, offset, any, title) = found?;
            let (lists, any, title) = if any == 0 {
                let file = unbase64(
                    self.file(&format!("l/{shard:0w$x}-{i}", w = hex_width(count)))
                        .trim_matches('"'),
                );
                let mut at = 0;
                let any = read_varint(&file, &mut at) as usize;
                let title = file.len() - at - any;
                (file[at..].to_vec(), any, title)
            } else {
                (bytes[at + offset..].to_vec(), any, title)
            };
            let (docs, masks, _) = read_list(&lists[..any]);
            let (tdocs, tmasks) = if title == 0 {
                (vec![], vec![])
            } else {
                let (d, m, _) = read_list(&lists[any..any + title]);
                (d, m.unwrap())
            };
            let masks = masks.unwrap_or_else(|| vec![0xFF; docs.len()]);
            Some((docs, masks, tdocs, tmasks))
        }

        /// Record numbers matching `query`, best first.
        fn search(&self, query: &str) -> Vec<u32> {
            let groups = tokenize::query_terms(query);
            let mut lists = BTreeMap::new();
            for &(key, _) in groups.iter().flatten() {
                match self.lists(key) {
                    Some(l) => lists.insert(key, l),
                    None => return vec![],
                };
            }
            let fits = |doc: u32, title: bool, group: &[(u64, u32)]| {
                group
                    .iter()
                    .try_fold(0xFFu8, |acc, (key, pos)| {
                        let l = &lists[key];
                        let (docs, masks) = if title { (&l.2, &l.3) } else { (&l.0, &l.1) };
                        let i = docs.binary_search(&doc).ok()?;
                        Some(acc & masks[i].rotate_right(pos % 8))
                    })
                    .is_some_and(|m| m != 0)
            };
            let first = &lists[&groups[0][0].0].0;
            let mut hits: Vec<(Reverse<usize>, u32)> = first
                .iter()
                .filter(|&&d| groups.iter().all(|g| fits(d, false, g)))
                .map(|&d| (Reverse(groups.iter().filter(|g| fits(d, true, g)).count()), d))
                .collect();
            hits.sort();
            hits.into_iter().map(|h| h.1).collect()
        }

        fn urls(&self, query: &str) -> Vec<String> {
            let chunk = self.meta["chunk"].as_u64().unwrap() as u32;
            self.search(query)
                .into_iter()
                .map(|d| {
                    let rows: serde_json::Value =
                        serde_json::from_str(self.file(&format!("d/{}", d / chunk))).unwrap();
                    rows[(d % chunk) as usize][0].as_str().unwrap().to_string()
                })
                .collect()
        }
    }

    fn payload(file: &[u8]) -> &str {
        let text = std::str::from_utf8(file).unwrap();
        let start = text.find(',').unwrap() + 1;
        &text[start..text.len() - 3]
    }

    fn unbase64(text: &str) -> Vec<u8> {
        let value = |c: u8| encode::BASE64.iter().position(|&x| x == c).unwrap_or(0) as u32;
        let mut out = Vec::new();
        for quad in text.as_bytes().chunks(4) {
            let n = quad.iter().fold(0, |n, &c| n << 6 | value(c));
            let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
            out.extend_from_slice(&bytes[..quad.iter().filter(|&&c| c != b'=').count() - 1]);
        }
        out
    }

    fn urls(query: &str) -> Vec<String> {
        Reader::new(build_index(fixture())).urls(query)
    }

    #[test]
    fn finds_chinese_words_in_titles_and_bodies() {
        assert_eq!(urls("资金"), ["b/", "a/"]); // b/ has it in the title
        assert_eq!(urls("低保"), ["c/", "d/"]);
        assert_eq!(urls("监督委员会"), ["e/"]);
        assert_eq!(urls("督委员"), ["e/"]);
        assert_eq!(urls("税"), Vec::<String>::new());
    }

    #[test]
    fn title_matches_rank_above_newer_body_matches() {
        let mut docs = fixture();
        docs.push(doc("z/", "2027-01-01", "新闻", "城乡低保对象"));
        let got = Reader::new(build_index(docs)).urls("低保对象");
        assert_eq!(got, ["c/", "z/"]);
    }

    #[test]
    fn position_masks_reject_scattered_bigrams() {
        // d/ has 低保 and 参保户 (so 保户) but never 低保户.
        assert_eq!(urls("低保户"), ["c/"]);
        // f/ has all four bigrams of 监督委员会, none in a row.
        assert!(!urls("监督委员会").contains(&"f/".to_string()));
    }

    #[test]
    fn finds_numbers_codes_and_latin_words() {
        assert_eq!(urls("321012100/2026-00012"), ["b/"]);
        assert_eq!(urls("仙政发〔2026〕12号"), ["g/"]);
        assert_eq!(urls("ppp"), ["h/", "g/"]);
        assert_eq!(urls("wifi"), ["g/"]);
        assert_eq!(urls("ＷｉＦｉ"), ["g/"]);
        assert_eq!(urls("1200"), ["a/"]);
        assert_eq!(urls("2026 低保"), ["c/", "d/"]);
    }

    #[test]
    fn same_records_in_any_order_give_the_same_bytes() {
        let docs = fixture();
        let mut reversed = docs.clone();
        reversed.reverse();
        assert_eq!(build_index(docs), build_index(reversed));
    }

    #[test]
    fn lays_out_meta_shards_and_chunks() {
        let files = build_index(fixture());
        let reader = Reader::new(files.clone());
        let id = reader.meta["id"].as_str().unwrap().to_string();
        assert_eq!(reader.meta["shards"], 1);
        assert_eq!(reader.meta["docs"], 8);
        let paths: Vec<&str> = files.iter().map(|f| f.0.as_str()).collect();
        assert_eq!(
            paths,
            [format!("search/{id}/d/0.js"), format!("search/{id}/s/0.js"), "search/meta.js".into()]
        );
        assert!(files.iter().all(|f| f.1.starts_with(b"gongkaiSearchData(\"")));
    }

    #[test]
    fn one_thread_or_many_give_the_same_bytes() {
        let docs: Vec<SearchDoc> = (0..3000)
            .map(|n| {
                doc(
                    &format!("x{n}/"),
                    "2020-01-01",
                    &format!("第{n}号公告"),
                    &"低保资金公示".repeat(n % 7),
                )
            })
            .collect();
        let one = rayon::ThreadPoolBuilder::new().num_threads(1).build().unwrap();
        let four = rayon::ThreadPoolBuilder::new().num_threads(4).build().unwrap();
        assert_eq!(one.install(|| build_index(docs.clone())), four.install(|| build_index(docs)));
    }

    #[test]
    fn large_lists_get_files_of_their_own() {
        let mut docs = fixture();
        for n in 0..3000 {
            docs.push(doc(&format!("x{n}/"), "2020-01-01", "工作简报", &format!("第{n}期 资金")));
        }
        let files = build_index(docs);
        assert!(files.iter().any(|f| f.0.contains("/l/")));
        let reader = Reader::new(files);
        assert_eq!(reader.search("工作简报").len(), 3000);
        assert_eq!(reader.urls("资金")[..2], ["b/", "a/"]);
        assert_eq!(reader.urls("1234"), ["x1234/"]);
    }

    #[test]
    fn no_records_still_make_a_valid_index() {
        let files = build_index(Vec::new());
        assert_eq!(files.len(), 2);
        assert!(Reader::new(files).search("资金").is_empty());
    }

    #[test]
    fn shard_count_follows_the_corpus_size() {
        assert_eq!(shard_count(0), 1);
        assert_eq!(shard_count(TARGET_SHARD_BYTES), 1);
        assert_eq!(shard_count(TARGET_SHARD_BYTES * 3), 4);
        assert_eq!(shard_count(usize::MAX / 2), MAX_SHARDS);
        assert_eq!(hex_width(1), 1);
        assert_eq!(hex_width(4096), 3);
        // Every group lands in exactly one shard, whatever the count.
        for count in [1, 2, 256, 4096] {
            for key in [1u64, 99, tokenize::han_key('资', Some('金'))] {
                let group = (shard_hash(key) >> (32 - GROUP_BITS)) as usize;
                let shard = shard_of(shard_hash(key), count);
                assert_eq!(
                    if count >= 256 {
                        shard >> (count.trailing_zeros() - 8)
                    } else {
                        group >> (8 - count.trailing_zeros())
                    },
                    if count >= 256 { group } else { shard }
                );
            }
        }
    }

    #[test]
    fn snippet_collapses_whitespace_and_stops() {
        assert_eq!(snippet("  一\n\n 二  "), "一 二");
        assert_eq!(snippet(&"字".repeat(500)).chars().count(), SNIPPET_CHARS);
        let full = "字".repeat(SNIPPET_CHARS);
        let spaced = format!("{full} 后文");
        assert_eq!(snippet(&spaced), format!("{full} "));
        assert_eq!(spaced[..snippet_source_len(&spaced)], format!("{full} 后"));
    }

    /// What `snippet` did by words (the reference for the character-by-character one).
    fn snippet_by_words(text: &str) -> String {
        let mut out = String::new();
        let mut count = 0;
        for word in text.split_whitespace() {
            if count > 0 {
                out.push(' ');
                count += 1;
            }
            for c in word.chars() {
                if count >= SNIPPET_CHARS {
                    return out;
                }
                out.push(c);
                count += 1;
            }
        }
        out
    }

    proptest::proptest! {
        #[test]
        fn snippet_is_the_words_joined_and_cut(text in "[字a \\n\u{3000}\u{a0}]{0,240}") {
            proptest::prop_assert_eq!(snippet(&text), snippet_by_words(&text));
        }

        /// `invert` keeps only this much of a record's text, and the chunks still
        /// show the same snippet (one that ends in a space, after a full 100, too).
        #[test]
        fn the_snippets_source_gives_the_same_snippet(text in "[字a \\n\u{3000}]{0,240}") {
            let end = snippet_source_len(&text);
            proptest::prop_assert_eq!(snippet(&text[..end]), snippet(&text));
        }
    }
}
