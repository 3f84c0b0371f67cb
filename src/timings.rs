//! Phase timings for profiling: `GONGKAI_TIMINGS=1 gongkai build …` prints how long
//! each phase of a command took to stderr, so a benchmark figure can be split into its
//! parts without a profiler (cf. `cargo build --timings`). Silent otherwise.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ENABLED: OnceLock<bool> = OnceLock::new();
    *ENABLED.get_or_init(|| std::env::var_os("GONGKAI_TIMINGS").is_some_and(|v| v != "0"))
}

/// Runs `f`, and prints `name` with the time it took when timings are on.
pub(crate) fn phase<T>(name: &str, f: impl FnOnce() -> T) -> T {
    if !enabled() {
        return f();
    }
    let started = Instant::now();
    let value = f();
    eprintln!("[timings] {name:<24} {:>9.1} ms", started.elapsed().as_secs_f64() * 1000.0);
    value
}
