//! The `gongkai` binary: everything happens in the library's `main`.

/// mimalloc instead of glibc's malloc: a build allocates millions of small strings on
/// two threads, and glibc spent ~19% of `build`'s cycles in malloc/free (perf, 50k
/// records); mimalloc's thread-local free lists take most of that away.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    keep_freed_memory();
    no_transparent_huge_pages();
    gongkai::main()
}

/// `mi_option_purge_delay` in mimalloc v3's `mi_option_e` (not among the crate's
/// constants; the test below checks it is the option whose default is 1000 ms).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Tells mimalloc to keep freed memory instead of handing it back to the system a
/// second later. Our commands run for seconds and free and allocate in waves (a sheet's
/// layout, a page's HTML): giving pages back and faulting them in again, zeroed, cost
/// `gongkai sheets` 4% of its time (#7). `serve` keeps its peak, which the next
/// rebuild reuses.
#[allow(unsafe_code)]
fn keep_freed_memory() {
    // SAFETY: mi_option_set only stores an integer in mimalloc's option table; any
    // value is valid for any option, and it may be called at any time.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) }
}

/// Turns transparent huge pages off for this process. mimalloc asks for them
/// (`madvise(MADV_HUGEPAGE)` on its arenas), and on a machine whose memory is
/// fragmented — a full page cache, as on any machine that has built a few sites — the
/// kernel then compacts memory inside our page faults: a 10,000-record build spent 25%
/// of its cycles in `clear_page`, its system time swinging from 1.0 to 1.7 s. With
/// 4 KiB pages it was 0.8–0.9 s, every time, and the build 15% faster (#7).
/// The flag takes precedence over the arena's `madvise`, made before `main`.
#[cfg(target_os = "linux")]
#[allow(unsafe_code)]
fn no_transparent_huge_pages() {
    // SAFETY: PR_SET_THP_DISABLE takes integer arguments only and touches no memory of
    // ours; on a kernel without it (before 3.15) it fails with EINVAL, which changes
    // nothing, so the result is ignored.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(not(target_os = "linux"))]
fn no_transparent_huge_pages() {}

#[cfg(test)]
mod tests {
    #[allow(unsafe_code)]
    fn option(option: libmimalloc_sys::mi_option_t) -> std::ffi::c_long {
        // SAFETY: reading an option has no preconditions.
        unsafe { libmimalloc_sys::mi_option_get(option) }
    }

    #[test]
    fn the_purge_delay_option_is_the_one_we_set() {
        // mi_option_purge_delay's default in mimalloc v3's options.c (ms); the
        // neighbouring options default to 0 or 1.
        assert_eq!(option(super::MI_OPTION_PURGE_DELAY), 1000);
        super::keep_freed_memory();
        assert_eq!(option(super::MI_OPTION_PURGE_DELAY), -1);
    }

    #[cfg(target_os = "linux")]
    #[test]
    #[allow(unsafe_code)]
    fn transparent_huge_pages_are_off() {
        super::no_transparent_huge_pages();
        // SAFETY: PR_GET_THP_DISABLE reads the calling process's flag.
        let flag = unsafe { libc::prctl(libc::PR_GET_THP_DISABLE, 0, 0, 0, 0) };
        assert_eq!(flag, 1);
    }
}
