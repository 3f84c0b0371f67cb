//! Phase timings for profiling: `GONGKAI_TIMINGS=1 gongkai build …` prints how long
//! each phase of a command took to stderr, so a benchmark figure can be split into its
//! parts without a profiler (cf. `cargo build --timings`), with the process's resident
//! memory at the end of the phase (Linux), to see which phase holds the peak. Silent
//! otherwise.

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
    let (started, cpu_started) = (Instant::now(), cpu_ms());
    let value = f();
    let ms = started.elapsed().as_secs_f64() * 1000.0;
    // CPU time of the whole process over the phase, all threads and whatever else
    // ran beside it: against `ms`, how well the phase kept the cores busy.
    let cpu = match (cpu_started, cpu_ms()) {
        (Some(a), Some(b)) => format!(" {:>9.1} ms CPU", b - a),
        _ => String::new(),
    };
    match resident_mb() {
        Some(mb) => eprintln!("[timings] {name:<24} {ms:>9.1} ms{cpu} {mb:>7} MB resident"),
        None => eprintln!("[timings] {name:<24} {ms:>9.1} ms{cpu}"),
    }
    value
}

/// The CPU time of the process so far (all threads, user and system), in ms.
#[cfg(target_os = "linux")]
fn cpu_ms() -> Option<f64> {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    Some(t.tv_sec as f64 * 1000.0 + t.tv_nsec as f64 / 1e6)
}

#[cfg(not(target_os = "linux"))]
fn cpu_ms() -> Option<f64> {
    None
}

/// The resident set size in MiB, from `/proc/self/statm` (pages; 4 KiB on the machines
/// we measure), or `None` where there is no procfs.
fn resident_mb() -> Option<u64> {
    let statm = std::fs::read_to_string("/proc/self/statm").ok()?;
    let pages: u64 = statm.split_whitespace().nth(1)?.parse().ok()?;
    Some(pages * 4 / 1024)
}
