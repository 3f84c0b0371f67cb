//! The `gongkai` binary: everything happens in the library's `main`.

/// mimalloc instead of glibc's malloc: a build allocates millions of small strings on
/// two threads, and glibc spent ~19% of `build`'s cycles in malloc/free (perf, 50k
/// records); mimalloc's thread-local free lists take most of that away.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    keep_freed_memory();
    if !huge_pages_to_spare() {
        no_transparent_huge_pages();
    }
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

/// Free memory in blocks of 2 MiB or more (a transparent huge page each) above which
/// a build keeps mimalloc's huge pages: twice what the biggest measured build needs
/// (2 GB of heap and 1.5 GB of new page cache at 100,000 records), so its faults do not
/// run out of free huge pages and start compacting memory.
const HUGE_PAGES_TO_SPARE: u64 = 8 << 30;

/// Whether the kernel has free huge pages lying around, enough that taking them costs
/// no compaction (see [`no_transparent_huge_pages`]): right after a boot or a
/// `drop_caches`, on a machine with memory to spare. Then huge pages make a
/// 100,000-record build 15% faster (user time 11.2–11.9 s instead of 13.9–15.1 s, wall
/// 10.2–11.7 s instead of 12.9–15.7 s, output on tmpfs): 512 times fewer page faults on
/// a 2 GB heap, and fewer TLB misses, which a VM pays twice (#7). Where there is no
/// `/proc/buddyinfo` (not Linux) the answer is no, and nothing changes.
fn huge_pages_to_spare() -> bool {
    std::fs::read_to_string("/proc/buddyinfo")
        .is_ok_and(|text| free_huge_page_bytes(&text) >= HUGE_PAGES_TO_SPARE)
}

/// Free bytes in blocks of order 9 and up (2 MiB with 4 KiB pages) in `/proc/buddyinfo`,
/// whose lines read `Node 0, zone Normal <free blocks of order 0> <order 1> …`.
fn free_huge_page_bytes(buddyinfo: &str) -> u64 {
    const PAGE: u64 = 4096;
    const HUGE_ORDER: usize = 9;
    buddyinfo
        .lines()
        .filter_map(|line| line.split_once("zone"))
        .flat_map(|(_, counts)| {
            counts.split_whitespace().skip(1).map(|n| n.parse::<u64>().unwrap_or(0)).enumerate()
        })
        .filter(|&(order, _)| order >= HUGE_ORDER)
        // Real lines stop at order 10; the cap only keeps a garbled one from overflowing.
        .map(|(order, blocks)| blocks.saturating_mul(PAGE << order.min(40)))
        .fold(0, u64::saturating_add)
}

/// Turns transparent huge pages off for this process, unless [`huge_pages_to_spare`].
/// mimalloc asks for them (`madvise(MADV_HUGEPAGE)` on its arenas), and on a machine
/// whose memory is fragmented — a full page cache, as on any machine that has built a
/// few sites — the kernel then compacts memory inside our page faults: a 10,000-record
/// build spent 25% of its cycles in `clear_page`, its system time swinging from 1.0 to
/// 1.7 s. With 4 KiB pages it was 0.8–0.9 s, every time, and the build 15% faster (#7).
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

    #[test]
    fn free_huge_pages_are_counted_from_buddyinfo() {
        // Read off a VM with a full page cache: 745 + 18 + 1 blocks of 2 MiB (order 9),
        // 145 + 142 + 3 of 4 MiB (order 10); order 8 and below do not count.
        let text = "\
Node 0, zone      DMA      0      0      0      0      0      0      0      0      1      1      3
Node 0, zone    DMA32   3000   1006    846    741    562    378     55     11      9     18    142
Node 0, zone   Normal  40925  25313  13835  13123   6377   2573    538    153    108    745    145
";
        let mib = 1 << 20;
        assert_eq!(super::free_huge_page_bytes(text), (764 * 2 + 290 * 4) * mib);
        assert!(super::free_huge_page_bytes(text) < super::HUGE_PAGES_TO_SPARE);
        let plenty = "Node 0, zone   Normal  10 10 10 10 10 10 10 10 10 10 2100\n";
        assert!(super::free_huge_page_bytes(plenty) >= super::HUGE_PAGES_TO_SPARE);
        assert_eq!(super::free_huge_page_bytes(""), 0);
        assert_eq!(super::free_huge_page_bytes("Node 0, zone Normal x y"), 0);
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
