//! The search index that `gongkai build` writes under `search/`, read back the way the
//! browser reads it: a Rust twin of `themes/default/static/search.js` (load
//! `search/meta.js`, compute the shard of each query term, load only those shards and
//! the files of large lists, intersect, check the position masks, rank title hits
//! first). Also that a public build's index holds nothing internal, and, when `node` is
//! installed, the real `search.js` run against the same files.
//!
//! The format is documented in `src/search/mod.rs` and `src/search/encode.rs`; this
//! file repeats it on purpose, as an independent reader.

#![allow(clippy::unwrap_used, clippy::expect_used)]

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use common::Repo;

const AS_OF: &str = "2026-11-26";

/// Records added to the `site/basic` fixture for these tests.
const RECORDS: &[(&str, &str)] = &[
    (
        "units/city/town/external/notes/2026-09-15-funds.md",
        "+++\ntitle = \"2026年第三季度财政资金收支情况\"\npublished = 2026-09-15\nreviewed_by = \"张某某\"\nreviewed_on = 2026-09-14\nindex_no = \"321012100/2026-00012\"\n+++\n本季度镇级财政收入1200万元，专项资金按进度拨付。\n",
    ),
    (
        "units/city/town/external/notes/2026-09-16-aid.md",
        "+++\ntitle = \"城乡低保对象公示\"\npublished = 2026-09-16\nreviewed_by = \"张某某\"\nreviewed_on = 2026-09-15\n+++\n低保户3户，家庭成员共8人。资金按月发放。\n",
    ),
    (
        "units/city/town/external/notes/2026-09-17-council.md",
        "+++\ntitle = \"换届选举结果\"\npublished = 2026-09-17\nreviewed_by = \"张某某\"\nreviewed_on = 2026-09-16\n+++\n村务监督委员会成员名单如下。\n",
    ),
    (
        // Every bigram of 监督委员会, none in a row, and 低保 next to 参保户 (no 低保户).
        "units/city/town/external/notes/2026-09-18-scattered.md",
        "+++\ntitle = \"工作会议纪要\"\npublished = 2026-09-18\nreviewed_by = \"张某某\"\nreviewed_on = 2026-09-17\n+++\n加强监督，督委托项目，委员会的全体委员，员会。\n",
    ),
    (
        "units/city/town/internal/ledger/2026-09-21-canary.md",
        "+++\ntitle = \"CANARY内部资金台账\"\npublished = 2026-09-21\nreviewed_by = \"王某某\"\nreviewed_on = 2026-09-20\n+++\n内部低保资金明细，仅限本单位查阅。\n",
    ),
];

fn repo() -> Repo {
    let repo = Repo::fixture("site/basic");
    for (path, text) in RECORDS {
        repo.write(path, text);
    }
    repo
}

fn built(repo: &Repo, out: &str, extra: &[&str]) -> PathBuf {
    let mut args = vec!["build", "--as-of", AS_OF, "--lang", "en", "--out", out];
    args.extend_from_slice(extra);
    let result = repo.run(&args);
    assert_eq!(result.code, 0, "build failed:\n{}", result.stderr);
    repo.path().join(out)
}

// ---- The reader (search.js in Rust) ------------------------------------------------

/// Term keys as in `src/search/tokenize.rs`: Han unigrams and bigrams tagged with the
/// top bit, ASCII words as base-37 numbers of their first 12 characters.
const HAN_TAG: u64 = 1 << 63;
const MAX_WORD: usize = 12;

fn normalize(c: char) -> char {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    };
    c.to_ascii_lowercase()
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{3007}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3FFFF}')
}

#[derive(Clone, Debug)]
enum Unit {
    Han(char, bool),
    Word(String),
}

fn units(text: &str) -> Vec<Unit> {
    let mut out = Vec::new();
    let (mut word, mut kind, mut prev_han) = (String::new(), 0, false);
    for c in text.chars().map(normalize) {
        let k = match c {
            'a'..='z' => 1,
            '0'..='9' => 2,
            _ => 0,
        };
        if k != kind {
            if !word.is_empty() {
                out.push(Unit::Word(std::mem::take(&mut word)));
            }
            kind = k;
        }
        if k != 0 {
            word.push(c);
            prev_han = false;
        } else if is_han(c) {
            out.push(Unit::Han(c, prev_han));
            prev_han = true;
        } else {
            prev_han = false;
        }
    }
    if !word.is_empty() {
        out.push(Unit::Word(word));
    }
    out
}

/// A query term: its text (as in the shard dictionaries), key and position in its group.
#[derive(Clone, Debug)]
struct Term {
    text: String,
    key: u64,
    pos: u32,
}

fn word_key(word: &str) -> u64 {
    word.chars().chain(std::iter::repeat('\0')).take(MAX_WORD).fold(0, |key, c| {
        let digit = match c {
            '0'..='9' => c as u64 - '0' as u64 + 1,
            'a'..='z' => c as u64 - 'a' as u64 + 11,
            _ => 0,
        };
        key * 37 + digit
    })
}

fn han_term(a: char, b: Option<char>, pos: u32) -> Term {
    let text: String = std::iter::once(a).chain(b).collect();
    Term { text, key: HAN_TAG | (a as u64) << 21 | b.map_or(0, |c| c as u64), pos }
}

/// The query's groups: whitespace-separated parts; Han runs give their bigrams (a lone
/// character its unigram), words give themselves.
fn query_groups(query: &str) -> Vec<Vec<Term>> {
    let normalized: String = query.chars().map(normalize).collect();
    let mut groups = Vec::new();
    for part in normalized.split([' ', '\t', '\n', '\r']) {
        let us = units(part);
        let mut terms = Vec::new();
        for (i, u) in us.iter().enumerate() {
            let pos = i as u32;
            match u {
                Unit::Word(w) => {
                    let w: String = w.chars().take(MAX_WORD).collect();
                    terms.push(Term { key: word_key(&w), text: w, pos })
                }
                Unit::Han(c, joined) => match us.get(i + 1) {
                    Some(Unit::Han(next, true)) => terms.push(han_term(*c, Some(*next), pos)),
                    _ if !joined => terms.push(han_term(*c, None, pos)),
                    _ => {}
                },
            }
        }
        if !terms.is_empty() {
            groups.push(terms);
        }
    }
    groups
}

fn shard_hash(key: u64) -> u32 {
    let mut h = ((key >> 32) as u32).wrapping_mul(0x9E37_79B1) ^ key as u32;
    h ^= h >> 15;
    h = h.wrapping_mul(0x85EB_CA77);
    h ^= h >> 13;
    h = h.wrapping_mul(0xC2B2_AE3D);
    h ^ h >> 16
}

fn unbase64(text: &str) -> Vec<u8> {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let value = |c: u8| ALPHABET.iter().position(|&x| x == c).unwrap_or(0) as u32;
    let mut out = Vec::new();
    for quad in text.as_bytes().chunks(4) {
        let n = quad.iter().fold(0, |n, &c| n << 6 | value(c));
        let n = n << (6 * (4 - quad.len()));
        let bytes = [(n >> 16) as u8, (n >> 8) as u8, n as u8];
        out.extend_from_slice(&bytes[..quad.iter().filter(|&&c| c != b'=').count() - 1]);
    }
    out
}

fn varint(bytes: &[u8], at: &mut usize) -> u64 {
    let (mut v, mut shift) = (0u64, 0);
    loop {
        let b = bytes[*at];
        *at += 1;
        v |= u64::from(b & 0x7F) << shift;
        if b < 0x80 {
            return v;
        }
        shift += 7;
    }
}

/// A posting list: record numbers and one position mask each (0xFF when not stored).
#[derive(Clone, Debug, Default)]
struct List {
    docs: Vec<u32>,
    masks: Vec<u8>,
}

fn read_list(bytes: &[u8]) -> List {
    let mut at = 0;
    let header = varint(bytes, &mut at);
    let n = (header >> 2) as usize;
    let mut docs = Vec::with_capacity(n);
    if header & 2 != 0 {
        let len = varint(bytes, &mut at) as usize;
        for (i, byte) in bytes[at..at + len].iter().enumerate() {
            docs.extend((0..8).filter(|b| byte & (1 << b) != 0).map(|b| (i * 8 + b) as u32));
        }
        at += len;
    } else {
        let mut prev: Option<u32> = None;
        for _ in 0..n {
            let gap = varint(bytes, &mut at) as u32;
            let d = prev.map_or(gap, |p| p + gap + 1);
            docs.push(d);
            prev = Some(d);
        }
    }
    if header & 1 == 0 {
        return List { masks: vec![0xFF; docs.len()], docs };
    }
    let nibbles = bytes[at..at + n.div_ceil(2)].to_vec();
    at += nibbles.len();
    let masks = (0..n)
        .map(|i| match nibbles[i / 2] >> (4 * (i % 2)) & 15 {
            15 => {
                at += 1;
                bytes[at - 1]
            }
            code => 1 << code,
        })
        .collect();
    List { docs, masks }
}

struct Site {
    dir: PathBuf,
    meta: serde_json::Value,
    /// Index files read so far (relative to `search/`), with their sizes.
    loaded: std::cell::RefCell<BTreeMap<String, usize>>,
}

/// A shard's dictionary: term text → (any-list, title-list), or the own-file number.
enum Entry {
    Lists(List, List),
    Own(usize),
}

impl Site {
    fn open(dir: &Path) -> Site {
        let site = Site {
            dir: dir.to_path_buf(),
            meta: serde_json::Value::Null,
            loaded: Default::default(),
        };
        let meta = serde_json::from_str(&site.payload("meta.js")).expect("meta is JSON");
        Site { meta, ..site }
    }

    /// The payload of `search/<rel>`: the second argument of `gongkaiSearchData(…)`.
    fn payload(&self, rel: &str) -> String {
        let text = std::fs::read_to_string(self.dir.join("search").join(rel))
            .unwrap_or_else(|e| panic!("search/{rel}: {e}"));
        self.loaded.borrow_mut().insert(rel.to_owned(), text.len());
        assert!(text.starts_with("gongkaiSearchData(\"") && text.ends_with(");\n"), "{rel}");
        let start = text.find(',').expect("comma") + 1;
        text[start..text.len() - 3].to_owned()
    }

    fn id(&self) -> String {
        self.meta["id"].as_str().expect("id").to_owned()
    }

    fn shard_name(&self, key: u64) -> String {
        let count = self.meta["shards"].as_u64().expect("shards") as u32;
        let bits = count.trailing_zeros();
        let n = if bits == 0 { 0 } else { shard_hash(key) >> (32 - bits) };
        let width = format!("{:x}", count - 1).len();
        format!("{n:0width$x}")
    }

    /// Every term of a shard file with its lists.
    fn shard(&self, name: &str) -> BTreeMap<String, Entry> {
        let bytes = unbase64(self.payload(&format!("{}/s/{name}.js", self.id())).trim_matches('"'));
        let mut at = 0;
        let mut dict = Vec::new();
        for _ in 0..varint(&bytes, &mut at) {
            let len = varint(&bytes, &mut at) as usize;
            let text = String::from_utf8(bytes[at..at + len].to_vec()).expect("utf-8 term");
            at += len;
            dict.push((text, varint(&bytes, &mut at) as usize, varint(&bytes, &mut at) as usize));
        }
        let mut out = BTreeMap::new();
        for (i, (text, any, title)) in dict.into_iter().enumerate() {
            if any == 0 {
                out.insert(text, Entry::Own(i));
                continue;
            }
            let lists = &bytes[at..at + any + title];
            at += any + title;
            let title = if title == 0 { List::default() } else { read_list(&lists[any..]) };
            out.insert(text, Entry::Lists(read_list(&lists[..any]), title));
        }
        out
    }

    fn lists(&self, term: &Term) -> Option<(List, List)> {
        let name = self.shard_name(term.key);
        match self.shard(&name).remove(&term.text)? {
            Entry::Lists(any, title) => Some((any, title)),
            Entry::Own(i) => {
                let rel = format!("{}/l/{name}-{i}.js", self.id());
                let bytes = unbase64(self.payload(&rel).trim_matches('"'));
                let mut at = 0;
                let any = varint(&bytes, &mut at) as usize;
                let title = &bytes[at + any..];
                let title = if title.is_empty() { List::default() } else { read_list(title) };
                Some((read_list(&bytes[at..at + any]), title))
            }
        }
    }

    /// Record numbers for `query`, ranked: more groups in the title first, then newest.
    fn search(&self, query: &str) -> Vec<u32> {
        let groups = query_groups(query);
        let mut lists = BTreeMap::new();
        for term in groups.iter().flatten() {
            match self.lists(term) {
                Some(l) => lists.insert(term.text.clone(), l),
                None => return Vec::new(),
            };
        }
        let fits = |doc: u32, title: bool, group: &[Term]| {
            let mut mask = 0xFFu8;
            for t in group {
                let (any, in_title) = &lists[&t.text];
                let list = if title { in_title } else { any };
                let Ok(i) = list.docs.binary_search(&doc) else { return false };
                mask &= list.masks[i].rotate_right(t.pos % 8);
            }
            mask != 0
        };
        let Some(first) = groups.first().and_then(|g| g.first()) else { return Vec::new() };
        let mut hits: Vec<(std::cmp::Reverse<usize>, u32)> = lists[&first.text]
            .0
            .docs
            .iter()
            .filter(|&&d| groups.iter().all(|g| fits(d, false, g)))
            .map(|&d| (std::cmp::Reverse(groups.iter().filter(|g| fits(d, true, g)).count()), d))
            .collect();
        hits.sort();
        hits.into_iter().map(|h| h.1).collect()
    }

    /// The result rows (url, title, …) of `query`, ranked.
    fn rows(&self, query: &str) -> Vec<Vec<String>> {
        let chunk = self.meta["chunk"].as_u64().expect("chunk") as u32;
        self.search(query)
            .into_iter()
            .map(|d| {
                let rel = format!("{}/d/{}.js", self.id(), d / chunk);
                let rows: serde_json::Value =
                    serde_json::from_str(&self.payload(&rel)).expect("chunk JSON");
                rows[(d % chunk) as usize]
                    .as_array()
                    .expect("row")
                    .iter()
                    .map(|v| v.as_str().unwrap_or_default().to_owned())
                    .collect()
            })
            .collect()
    }

    fn titles(&self, query: &str) -> Vec<String> {
        self.rows(query).into_iter().map(|r| r[1].clone()).collect()
    }
}

// ---- Tests -------------------------------------------------------------------------

#[test]
fn finds_chinese_words_codes_and_numbers() {
    let repo = repo();
    let site = Site::open(&built(&repo, "public", &[]));
    let funds = "2026年第三季度财政资金收支情况";
    let aid = "城乡低保对象公示";
    // Title hits first (资金 in the funds title), then body hits.
    assert_eq!(site.titles("资金"), [funds, aid]);
    assert_eq!(site.titles("低保"), [aid]);
    assert_eq!(site.titles("低保户"), [aid]);
    // An odd-length word: all four bigrams, in a row (the scattered record has them all).
    assert_eq!(site.titles("监督委员会"), ["换届选举结果"]);
    assert_eq!(site.titles("321012100/2026-00012"), [funds]);
    assert_eq!(site.titles("测政发〔2026〕12号"), ["关于村道维修工程的公告"]);
    assert_eq!(site.titles("1200"), [funds]);
    // A single character: its unigram.
    assert_eq!(site.titles("税"), Vec::<String>::new());
    assert!(site.titles("道").contains(&"关于村道维修工程的公告".to_owned()));
    assert_eq!(site.titles("资金 低保"), [aid]);
    assert!(site.titles("没有这个词").is_empty());
    // A row: url, title, unit, class, date, snippet; the url is the record's page.
    let row = &site.rows("低保户")[0];
    assert_eq!(row[0], "city/town/external/notes/2026-09-16-aid/");
    assert!(repo.path().join("public").join(&row[0]).join("index.html").exists());
    assert_eq!((row[2].as_str(), row[4].as_str()), ("测试镇", "2026-09-16"));
    assert!(row[5].starts_with("低保户3户"), "{row:?}");
}

#[test]
fn a_query_loads_only_the_files_of_its_terms() {
    let repo = repo();
    let site = Site::open(&built(&repo, "public", &[]));
    site.loaded.borrow_mut().clear();
    assert_eq!(site.search("低保").len(), 1);
    let loaded: Vec<String> = site.loaded.borrow().keys().cloned().collect();
    assert_eq!(
        loaded,
        [format!("{}/s/{}.js", site.id(), site.shard_name(query_groups("低保")[0][0].key))]
    );
}

/// Every file of the search index, relative to `search/`, with its text.
fn index_files(dir: &Path) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let mut stack = vec![dir.join("search")];
    while let Some(folder) = stack.pop() {
        for entry in std::fs::read_dir(&folder).expect("folder") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                stack.push(path);
            } else {
                let rel = path
                    .strip_prefix(dir.join("search"))
                    .expect("inside")
                    .to_string_lossy()
                    .replace('\\', "/");
                files.insert(rel, std::fs::read_to_string(&path).expect("text"));
            }
        }
    }
    files
}

/// Every term text of every shard of the index.
fn all_terms(site: &Site, files: &BTreeMap<String, String>) -> BTreeSet<String> {
    let prefix = format!("{}/s/", site.id());
    files
        .keys()
        .filter_map(|rel| rel.strip_prefix(&prefix)?.strip_suffix(".js"))
        .flat_map(|name| site.shard(name).into_keys())
        .collect()
}

#[test]
fn a_public_index_holds_nothing_internal() {
    let repo = repo();
    let out = built(&repo, "public", &[]);
    let site = Site::open(&out);
    let files = index_files(&out);
    for (rel, text) in &files {
        for canary in ["CANARY", "内部资金台账", "镇机关第三季度账目", "internal/"] {
            assert!(!text.contains(canary) && !rel.contains(canary), "{canary} in search/{rel}");
        }
    }
    // Decoded: no term of an internal (or unpublished) record, and the public count.
    let terms = all_terms(&site, &files);
    for term in ["canary", "台账", "账目", "干部", "内部", "draft", "scheduled", "草稿"] {
        assert!(!terms.contains(term), "the term {term} is in the public index");
    }
    assert!(terms.contains("低保") && terms.contains("321012100"));
    let catalogue: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(out.join("catalogue.json")).expect("json"))
            .expect("json");
    assert_eq!(site.meta["docs"], catalogue["count"]);
    assert!(site.search("CANARY").is_empty() && site.search("台账").is_empty());
    // The intranet's index has them; their 索引号 (generated, so read from the
    // intranet's catalogue) are nowhere in the public index, not even as a term.
    let intranet_dir = built(&repo, "intranet", &["--audience", "internal"]);
    let intranet_catalogue: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(intranet_dir.join("catalogue.json")).expect("json"),
    )
    .expect("json");
    let internal_numbers: Vec<String> = intranet_catalogue["records"]
        .as_array()
        .expect("records")
        .iter()
        .filter(|r| r["audience"] == "internal")
        .map(|r| r["index_no"].as_str().expect("index_no").to_owned())
        .collect();
    assert_eq!(internal_numbers.len(), 2);
    for number in &internal_numbers {
        let serial = number.rsplit('-').next().expect("serial");
        assert!(!terms.contains(serial), "{number} is in the public index");
        assert!(files.values().all(|text| !text.contains(number.as_str())), "{number}");
    }
    let intranet = Site::open(&intranet_dir);
    assert_eq!(intranet.titles("台账"), ["CANARY内部资金台账"]);
    assert_eq!(intranet.titles("低保"), ["城乡低保对象公示", "CANARY内部资金台账"]);
}

#[test]
fn the_index_is_byte_identical_whatever_the_threads() {
    let repo = repo();
    let one = index_files(&built(&repo, "one", &["-j", "1"]));
    let four = index_files(&built(&repo, "four", &["-j", "4"]));
    assert!(one.len() >= 3);
    assert!(one == four, "-j 1 and -j 4 write different indexes");
}

#[test]
fn the_search_page_works_without_javascript() {
    let repo = repo();
    let out = built(&repo, "public", &[]);
    let page = std::fs::read_to_string(out.join("search/index.html")).expect("page");
    assert!(page.contains("<form role=\"search\" method=\"get\" action=\"index.html\">"), "{page}");
    let noscript = &page[page.find("<noscript>").expect("noscript")..];
    assert!(noscript.contains("href=\"../catalogue.csv\""), "{noscript}");
    assert!(page.contains("<script src=\"../static/search.js\" defer></script>"));
}

/// The real search.js under node, on the same files; skipped when node is missing.
#[test]
fn the_theme_script_finds_the_same_records() {
    if std::process::Command::new("node").arg("--version").output().is_err() {
        eprintln!("node is not installed: the search.js test is skipped");
        return;
    }
    let repo = repo();
    let out = built(&repo, "public", &[]);
    let site = Site::open(&out);
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js/search.cjs");
    let queries = [
        "资金",
        "低保",
        "低保户",
        "监督委员会",
        "321012100/2026-00012",
        "测政发〔2026〕12号",
        "道",
        "资金 低保",
        "CANARY",
    ];
    let output = std::process::Command::new("node")
        .arg(&script)
        .arg(&out)
        .args(queries)
        .output()
        .expect("node runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let got: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    for query in queries {
        let rows: Vec<Vec<String>> =
            serde_json::from_value(got[query]["rows"].clone()).expect("rows");
        assert_eq!(rows, site.rows(query), "{query}");
    }
    assert_eq!(got["资金"]["rows"].as_array().map(Vec::len), Some(2));
}
