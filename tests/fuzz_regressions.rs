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
