//! Text → search terms: the single definition that the index builder and
//! `search.js` must both follow, character for character.
//!
//! Word segmenters (jieba and friends) split 监督委员会 into 监督 + 委员会 and then miss
//! 督委 or a bare 委员; Pagefind, elasticlunr and tantivy's default tokenizer fail on
//! Chinese for the same reason (DOMAIN.md §8.1). So we do not segment at all: every
//! Han character is a *unit*, and the index holds every single character (unigram)
//! and every pair of neighbouring characters (bigram). Any Chinese substring of two or
//! more characters is then found by requiring all of its bigrams, and a lone
//! character by its unigram. ASCII letters and digits form *word* units instead
//! (`2026`, `wifi`), matched whole and case-insensitively, because a bigram of
//! digits (`20`, `02`, `26`) would match nearly every record.
//!
//! Rules (mirror them in `search.js`, and bump `FORMAT` in `mod.rs` if they change):
//!
//! 1. Normalise each character: full-width ASCII U+FF01–U+FF5E becomes ASCII,
//!    U+3000 becomes a space, and A–Z become a–z. This is one character in, one out.
//! 2. Classify: `0`–`9` digit, `a`–`z` letter, [`is_han`] Han, anything else a separator.
//! 3. A Han character is one unit; a maximal run of digits, or of letters, is one word
//!    unit (`g328` is two units, `g` and `328`, so the road number alone is found). A
//!    word keeps its first [`MAX_WORD`] characters: longer words match on that prefix.
//! 4. Units are numbered from 0 across the text; separators take no number, so
//!    `仙政发〔2026〕12号` and `仙政发2026 12号` give the same numbering.
//! 5. A bigram exists only between two Han characters with nothing between them.

/// Longest word kept, in characters; 12 base-37 digits fit in 63 bits (see [`word_key`]).
pub(crate) const MAX_WORD: usize = 12;

/// Set on every Han term key, so Han keys and word keys never collide.
const HAN_TAG: u64 = 1 << 63;

/// Step 1: fold full-width forms and ASCII case.
pub(crate) fn normalize(c: char) -> char {
    let c = match c {
        '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
        '\u{3000}' => ' ',
        _ => c,
    };
    c.to_ascii_lowercase()
}

/// Han ideographs, including 〇 (used in dates such as 二〇二六年) and the
/// supplementary planes where rare characters of personal and place names live.
pub(crate) fn is_han(c: char) -> bool {
    matches!(c,
        '\u{3007}' | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}' | '\u{20000}'..='\u{3FFFF}')
}

/// Whitespace that separates query groups (phrases); it is also a plain separator.
#[cfg(test)]
pub(crate) fn is_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r')
}

/// One unit of text, see the module rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    /// A Han character, and whether it directly follows another Han character.
    Han(char, bool),
    /// A word, as its key.
    Word(u64),
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum WordKind {
    None,
    Letters,
    Digits,
}

/// Calls `f` for every unit of `text` in order (already normalised inside).
pub(crate) fn for_each_unit(text: &str, mut f: impl FnMut(Unit)) {
    let mut word = WordAcc::default();
    let mut prev_han = false;
    for c in text.chars() {
        // Most characters of a record are Han of the main block: no normalising, no
        // word, one compare (a fifth of the tokenizer's instructions, #7).
        if ('\u{4E00}'..='\u{9FFF}').contains(&c) {
            if let Some(key) = word.take() {
                f(Unit::Word(key));
            }
            f(Unit::Han(c, prev_han));
            prev_han = true;
            continue;
        }
        let c = normalize(c);
        let kind = match c {
            'a'..='z' => WordKind::Letters,
            '0'..='9' => WordKind::Digits,
            _ => WordKind::None,
        };
        if kind != word.kind {
            if let Some(key) = word.take() {
                f(Unit::Word(key));
            }
            word.kind = kind;
        }
        if kind != WordKind::None {
            word.push(c);
            prev_han = false;
        } else if is_han(c) {
            f(Unit::Han(c, prev_han));
            prev_han = true;
        } else {
            prev_han = false;
        }
    }
    if let Some(key) = word.take() {
        f(Unit::Word(key));
    }
}

/// The word being read: its key so far (base 37, see [`word_key`]) and length.
#[derive(Clone, Copy)]
struct WordAcc {
    kind: WordKind,
    key: u64,
    len: usize,
}

impl Default for WordAcc {
    fn default() -> Self {
        WordAcc { kind: WordKind::None, key: 0, len: 0 }
    }
}

impl WordAcc {
    fn push(&mut self, c: char) {
        if self.len < MAX_WORD {
            self.key += word_digit(c) * POW37[MAX_WORD - 1 - self.len];
        }
        self.len += 1;
    }

    fn take(&mut self) -> Option<u64> {
        let key = (self.len > 0).then_some(self.key);
        *self = WordAcc::default();
        key
    }
}

/// 37^i for i in 0..12.
const POW37: [u64; MAX_WORD] = {
    let mut p = [1u64; MAX_WORD];
    let mut i = 1;
    while i < MAX_WORD {
        p[i] = p[i - 1] * 37;
        i += 1;
    }
    p
};

/// `0`–`9` → 1–10, `a`–`z` → 11–36; 0 pads short words, so keys sort like the words.
fn word_digit(c: char) -> u64 {
    match c {
        '0'..='9' => c as u64 - '0' as u64 + 1,
        'a'..='z' => c as u64 - 'a' as u64 + 11,
        _ => 0,
    }
}

/// Key of a word: its first [`MAX_WORD`] characters as a base-37 number, left-aligned.
/// 37^12 < 2^63, so the top bit stays free for [`HAN_TAG`].
#[cfg(test)]
pub(crate) fn word_key(word: &str) -> u64 {
    let mut acc = WordAcc::default();
    word.chars().map(normalize).for_each(|c| acc.push(c));
    acc.key
}

/// Key of a Han unigram (`second` = None) or bigram.
pub(crate) fn han_key(first: char, second: Option<char>) -> u64 {
    HAN_TAG | (first as u64) << 21 | second.map_or(0, |c| c as u64)
}

/// Whether a key is a Han unigram.
pub(crate) fn is_unigram(key: u64) -> bool {
    key & HAN_TAG != 0 && key & 0x1F_FFFF == 0
}

/// The text of a term key, as written into shard dictionaries.
pub(crate) fn key_text(key: u64) -> String {
    if key & HAN_TAG != 0 {
        let first = char::from_u32(((key >> 21) & 0x1F_FFFF) as u32);
        let second = char::from_u32((key & 0x1F_FFFF) as u32).filter(|&c| c != '\0');
        return first.into_iter().chain(second).collect();
    }
    let mut out = String::new();
    for pow in POW37.iter().rev() {
        let digit = (key / pow) % 37;
        match digit {
            0 => break,
            1..=10 => out.push(char::from(b'0' + digit as u8 - 1)),
            _ => out.push(char::from(b'a' + digit as u8 - 11)),
        }
    }
    out
}

/// Calls `f(key, position)` for every term of a document field: each Han unigram,
/// each Han bigram (at the position of its first character) and each word. Units
/// are numbered from `start`; returns the number after the last unit.
pub(crate) fn for_each_term(text: &str, start: u32, mut f: impl FnMut(u64, u32)) -> u32 {
    let mut pos = start;
    let mut prev = '\0';
    for_each_unit(text, |unit| {
        match unit {
            Unit::Han(c, joined) => {
                if joined {
                    f(han_key(prev, Some(c)), pos - 1);
                }
                f(han_key(c, None), pos);
                prev = c;
            }
            Unit::Word(key) => f(key, pos),
        }
        pos += 1;
    });
    pos
}

/// The terms a query requires, as groups of `(key, position in the group)`. Groups
/// are the whitespace-separated parts of the query: terms of one group must be
/// adjacent in a record, terms of different groups need not. A Han run of one
/// character becomes its unigram; longer runs become their bigrams only.
/// (Only tests use this; `search.js` is the reader, and the tests check they agree.)
#[cfg(test)]
pub(crate) fn query_terms(query: &str) -> Vec<Vec<(u64, u32)>> {
    let normalized: String = query.chars().map(normalize).collect();
    normalized.split(is_space).filter_map(group_terms).collect()
}

#[cfg(test)]
fn group_terms(group: &str) -> Option<Vec<(u64, u32)>> {
    let mut units = Vec::new();
    for_each_unit(group, |u| units.push(u));
    let mut terms = Vec::new();
    for (i, unit) in units.iter().enumerate() {
        let pos = i as u32;
        match *unit {
            Unit::Word(key) => terms.push((key, pos)),
            Unit::Han(c, joined) => match units.get(i + 1) {
                Some(&Unit::Han(next, true)) => terms.push((han_key(c, Some(next)), pos)),
                // a lone character; the last of a longer run is in the bigram before it
                _ if !joined => terms.push((han_key(c, None), pos)),
                _ => {}
            },
        }
    }
    (!terms.is_empty()).then_some(terms)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(query: &str) -> Vec<Vec<(String, u32)>> {
        query_terms(query)
            .into_iter()
            .map(|g| g.into_iter().map(|(k, p)| (key_text(k), p)).collect())
            .collect()
    }

    fn doc(text: &str) -> Vec<(String, u32)> {
        let mut out = Vec::new();
        for_each_term(text, 0, |k, p| out.push((key_text(k), p)));
        out
    }

    #[test]
    fn normalises_full_width_and_case() {
        assert_eq!(normalize('Ａ'), 'a');
        assert_eq!(normalize('２'), '2');
        assert_eq!(normalize('\u{3000}'), ' ');
        assert_eq!(normalize('资'), '资');
        assert_eq!(normalize('〔'), '〔');
    }

    #[test]
    fn doc_terms_are_unigrams_bigrams_and_words() {
        let got = doc("低保户A2026");
        let want =
            [("低", 0), ("低保", 0), ("保", 1), ("保户", 1), ("户", 2), ("a", 3), ("2026", 4)];
        let want: Vec<_> = want.iter().map(|&(t, p)| (t.to_string(), p)).collect();
        assert_eq!(got, want);
    }

    #[test]
    fn separators_break_bigrams_but_take_no_position() {
        let got = doc("资金，管理");
        assert!(got.contains(&("金".into(), 1)) && got.contains(&("管".into(), 2)));
        assert!(!got.iter().any(|(t, _)| t == "金管"));
    }

    #[test]
    fn query_of_a_word_the_segmenter_splits() {
        let want = vec![vec![
            ("监督".to_string(), 0),
            ("督委".into(), 1),
            ("委员".into(), 2),
            ("员会".into(), 3),
        ]];
        assert_eq!(texts("监督委员会"), want);
    }

    #[test]
    fn doc_number_query_keeps_unit_positions() {
        let want: Vec<(String, u32)> =
            [("仙政", 0), ("政发", 1), ("2026", 3), ("12", 4), ("号", 5)]
                .iter()
                .map(|&(t, p)| (t.to_string(), p))
                .collect();
        assert_eq!(texts("仙政发〔2026〕12号"), vec![want.clone()]);
        assert_eq!(texts("仙政发［２０２６］１２号"), vec![want]);
    }

    #[test]
    fn whitespace_splits_groups() {
        assert_eq!(
            texts(" 低保\u{3000}WiFi  税 "),
            vec![
                vec![("低保".to_string(), 0)],
                vec![("wifi".to_string(), 0)],
                vec![("税".to_string(), 0)],
            ]
        );
        assert!(query_terms(" ，。 ").is_empty());
    }

    #[test]
    fn letters_and_digits_split_and_long_words_truncate() {
        assert_eq!(texts("G328"), vec![vec![("g".to_string(), 0), ("328".into(), 1)]]);
        assert_eq!(word_key("internationalization"), word_key("internationa"));
        assert_eq!(key_text(word_key("Internationalization")), "internationa");
        assert_ne!(word_key("ab"), word_key("ba"));
        assert!(word_key("zzzzzzzzzzzz") < HAN_TAG);
    }

    #[test]
    fn keys_round_trip_through_text() {
        for t in ["资", "资金", "𠀀", "〇二", "0", "2026", "wifi", "a1"] {
            for (key, _) in query_terms(t).concat() {
                assert_eq!(query_terms(&key_text(key)).concat()[0].0, key);
            }
        }
    }
}
