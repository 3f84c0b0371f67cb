//! The `gongkai` binary: everything happens in the library's `main`.

/// mimalloc instead of glibc's malloc: a build allocates millions of small strings on
/// two threads, and glibc spent ~19% of `build`'s cycles in malloc/free (perf, 50k
/// records); mimalloc's thread-local free lists take most of that away.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    gongkai::main()
}
