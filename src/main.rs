//! The `gongkai` binary: everything happens in the library's `main`.

/// mimalloc: glibc's allocator grows each worker thread's heap with an `mprotect` call at a
/// time (24,000 of them for 10,000 records) and its malloc/free were a fifth of `check` (#7).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    gongkai::main()
}
