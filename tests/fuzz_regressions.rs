//! Every input a fuzz target ever crashed on (issue #8), replayed in the normal test
//! suite: `fuzz/regressions/<target>/<input>` runs through `gongkai::fuzz::<target>`,
//! which panics when the bug comes back. Add the file of a new crash here when it is fixed.
//!
//! Inputs the fuzzer reported as slow (`timeout-*`) are replayed too, and each input must
//! finish within [`DEADLINE`]: the six `record` timeouts of the first run take ~7 ms each
//! (they were the shared machine's load, not quadratic parsing — their bodies repeated
//! 150 times still parse in ~20 ms), and this keeps it that way.

use std::path::Path;
use std::time::{Duration, Instant};

/// The most one input may take (the slowest known one takes a few milliseconds in release).
const DEADLINE: Duration = Duration::from_secs(5);

type Target = fn(&[u8]);

const TARGETS: &[(&str, Target)] = &[
    ("record", |d| {
        gongkai::fuzz::record(d);
    }),
    ("unit_toml", |d| {
        gongkai::fuzz::unit_toml(d);
    }),
    ("settings_toml", |d| {
        gongkai::fuzz::settings_toml(d);
    }),
    ("markdown", |d| {
        gongkai::fuzz::markdown(d);
    }),
    ("personal", |d| {
        gongkai::fuzz::personal(d);
    }),
    ("dates", |d| {
        gongkai::fuzz::dates(d);
    }),
];

#[test]
fn every_past_crash_of_a_fuzz_target_stays_fixed() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/regressions");
    let mut replayed = 0;
    for (name, target) in TARGETS {
        let Ok(entries) = std::fs::read_dir(root.join(name)) else { continue };
        let mut files: Vec<_> = entries.flatten().map(|e| e.path()).collect();
        files.sort();
        for file in files {
            let data = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let started = Instant::now();
            let outcome = std::panic::catch_unwind(|| target(&data));
            assert!(outcome.is_ok(), "{name}: {} crashes again", file.display());
            let took = started.elapsed();
            assert!(took < DEADLINE, "{name}: {} took {took:?}", file.display());
            replayed += 1;
        }
    }
    assert!(replayed > 0, "no regression inputs found under {}", root.display());
}

/// The committed seeds of every target pass too (they are what each run starts from).
/// `GONGKAI_FUZZ_CORPUS=fuzz/work` replays a run's whole corpus instead, e.g. after a
/// target gained an invariant.
#[test]
fn every_seed_of_the_corpus_passes() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(std::env::var("GONGKAI_FUZZ_CORPUS").unwrap_or_else(|_| "fuzz/corpus".into()));
    let mut replayed = 0;
    for (name, target) in TARGETS {
        let Ok(entries) = std::fs::read_dir(root.join(name)) else { continue };
        for file in entries.flatten().map(|e| e.path()) {
            if !file.is_file() {
                continue;
            }
            let data = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let outcome = std::panic::catch_unwind(|| target(&data));
            assert!(outcome.is_ok(), "{name}: the seed {} fails", file.display());
            replayed += 1;
        }
    }
    assert!(replayed >= 100, "only {replayed} seeds under {}", root.display());
}

/// The sanitiser check of the `markdown` target finds what it must (so the target can
/// fail), and passes what a record page may hold.
#[test]
fn the_markdown_targets_html_check_finds_unsafe_html() {
    let unsafe_html = [
        "<p>a</p><script>alert(1)</script>",
        "<IFRAME src=x></IFRAME>",
        "<img src=\"x.png\" onerror=\"alert(1)\">",
        "<a href=\"JaVaScRiPt:alert(1)\">x</a>",
        "<a href=\" java\tscript:alert(1)\">x</a>",
        "<img src=\"data:image/svg+xml,x\">",
        "<p style=\"color:red\">x</p>",
        "<svg><circle/></svg>",
    ];
    for html in unsafe_html {
        assert!(gongkai::fuzz::check_sanitised(html).is_err(), "{html} passed");
    }
    let safe_html = [
        "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>",
        "<p><img alt=\"<script> onload=x\" src=\"a.png\"></p>",
        "<p><a href=\"https://example.org/?a=1&amp;b=javascript:\">x</a></p>",
        "<table><thead><tr><th scope=\"col\">a</th></tr></thead></table>",
    ];
    for html in safe_html {
        assert_eq!(gongkai::fuzz::check_sanitised(html), Ok(()), "{html}");
    }
    // And the renderer passes it on hostile bodies.
    for body in [
        "<script>alert(1)</script>",
        "[x](javascript:alert(1)) <a href=\"jav&#x09;ascript:alert(1)\">y</a>",
        "<img src=x onerror=alert(1)> <svg onload=alert(1)><script>1</script></svg>",
        "<iframe srcdoc=\"<script>1</script>\"></iframe><form action=\"javascript:1\">",
        "![a](data:image/png;base64,AAAA) <p style=\"x\">s</p>",
    ] {
        gongkai::fuzz::markdown(body.as_bytes());
    }
}
