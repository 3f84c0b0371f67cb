#!/usr/bin/env python3
"""The gongkai benchmark runner (issue #7). Python 3.11, standard library only.

For each N it generates a repository (benches/gen, cached by N, seed and generator
version), then times, in release mode and with a warm page cache:

  read-all   find . -type f ( -name '*.md' -o -name '*.toml' ) | xargs cat > /dev/null
             (the files gongkai reads: the floor for any tool that reads its input)
  check      gongkai check REPO --as-of 2026-11-26
  build      gongkai build REPO --as-of 2026-11-26 --out TMP   (into an emptied folder)
  rebuild    the same over the previous output (opt-in: --commands ...,rebuild): the swap
             and the removal of the old site, what a user pays on every rebuild
  sheets     gongkai sheets REPO --as-of 2026-11-26 --window 2026-08 --out TMP
             (the window the generator fills: every unit has current records in it)
  hugo       hugo --quiet on the same public records as a Hugo site (Debian `hugo`)

The page cache is dropped before each N (as root), every run starts after a sync, and
the output of the run before is evicted from the page cache (posix_fadvise), as deleting
it would have: no run pays for writing out or evicting an earlier run's output.

Each command runs once to warm up, then all of them in turn, --repeat rounds (so every
command meets the disk in the same state); wall time is the median, CPU time
(user + sys, children included) the median, peak memory the largest max RSS (from
wait4(2), so no GNU time is needed). Ratios (check / read-all, build / Hugo, t(10N) / t(N))
are computed from figures measured in the same run. Output: a Markdown table on stdout
and in --markdown, the raw figures in --json.

    python3 benches/run.py                                # N = 1000, 10000
    python3 benches/run.py --sizes 1000,10000,50000,100000
    python3 benches/run.py --sizes 10000 --commands check --repeat 5
    python3 benches/run.py --sizes 10000,100000 --commands build --repeat 5 --interleave

With --interleave every size is measured in the same rounds (the page cache is dropped
once, before the warm-ups): the 10,000- and 100,000-record builds of a round meet the
same machine, where one size after the other the larger always came later, onto a disk
holding the smaller's outputs too. The scaling table then also gives each round's ratio.
With --drop-inodes the cached inodes and dentries (those of the set-aside outputs among
them) are dropped before each run and the input read back in.

With --pause-page-reporting (root, on a VM whose virtio balloon reports free pages to its
host) the guest stops handing free memory back while the commands run, and the setting
is restored afterwards: every run then touches memory the guest already holds, as on a
machine without a balloon. On such a VM a run's first touch of memory the host took back
costs a fault in the host too, which a 100,000-record build (4-5 GB of new pages) pays
and a 10,000-record one (0.5 GB, found among small free blocks) does not: the option
tells gongkai's own scaling from the VM's. Report figures with it beside figures without.
"""

from __future__ import annotations

import argparse
import concurrent.futures
import contextlib
import fcntl
import hashlib
import json
import os
import platform
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AS_OF = "2026-11-26"
COMMANDS = ["read-all", "check", "build", "rebuild", "sheets", "hugo"]
# The refresh window whose records the generator publishes (15–25 August 2026).
SHEETS_WINDOW = "2026-08"
# Free-page reporting (virtio balloon): free blocks of this order and up go back to the
# host. No block is larger than order 10 on x86-64, so 11 reports none.
PAGE_REPORTING = Path("/sys/module/page_reporting/parameters")
READ_ALL = "find . -type f \\( -name '*.md' -o -name '*.toml' \\) -print0 | xargs -0 cat > /dev/null"
TARGETS = {"check/read-all": 2.0, "build/hugo": 0.25, "scaling": 11.0}


def main() -> int:
    args = parse_args()
    commands = ["read-all"] + [c for c in args.commands.split(",") if c and c != "read-all"]
    unknown = [c for c in commands if c not in COMMANDS]
    if unknown:
        sys.exit(f"unknown command(s): {', '.join(unknown)}; known: {', '.join(COMMANDS)}")
    sizes = [int(s) for s in args.sizes.split(",") if s]
    target_dir = Path(os.environ.get("CARGO_TARGET_DIR", ROOT / "target"))
    cache = Path(args.cache) if args.cache else target_dir / "bench"
    cache.mkdir(parents=True, exist_ok=True)
    # One runner at a time per cache: a second one would time its commands against the
    # first's and empty the same trash under it (two runs failed that way, 2026-12-06).
    # The lock goes with the process, however it ends.
    lock = open(cache / "lock", "w")
    try:
        fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        sys.exit(f"another benchmark runner is using {cache}: wait for it to finish")
    global TRASH, DROP_INODES
    TRASH = cache / "trash"
    DROP_INODES = args.drop_inodes
    if TRASH.exists():
        log(f"removing {TRASH}, left by an interrupted run")
        empty_trash()
    # Whatever was deleted just before (a previous run's trash, a user's rm -rf) would
    # slow the first sizes' file creation: always let it age first.
    settle()
    if not args.no_build:
        log("cargo build --release --bin gongkai --example gen-repo")
        subprocess.run(
            ["cargo", "build", "--release", "--bin", "gongkai", "--example", "gen-repo"],
            cwd=ROOT,
            check=True,
        )
    gongkai = target_dir / "release" / "gongkai"
    generator = target_dir / "release" / "examples" / "gen-repo"
    hugo = ensure_hugo() if "hugo" in commands else None

    results = {
        "about": about(gongkai, hugo),
        "as_of": AS_OF,
        "seed": args.seed,
        "repeat": args.repeat,
        "interleave": args.interleave,
        "drop_inodes": args.drop_inodes,
        "page_reporting": None,
        "command_line": "python3 benches/run.py " + " ".join(sys.argv[1:]),
        "sizes": {},
    }
    plans = []
    for n in sizes:
        repo, hugo_site, generated = ensure_repo(generator, cache, n, args.seed)
        inputs = input_stats(repo)
        log(f"N = {n}: {inputs['files']} input files, {inputs['mb']:.1f} MB in {repo}")
        figures, to_measure = {}, []
        for command in commands:
            argv, cwd, out = command_line(command, n, gongkai, hugo, repo, hugo_site, cache)
            if argv is None:
                figures[command] = {"status": "skipped", "reason": "hugo is not installed"}
            elif command == "hugo" and n > args.hugo_max:
                figures[command] = {"status": "skipped", "reason": f"N > --hugo-max {args.hugo_max}"}
            elif command == "sheets" and args.sheets_max is not None and n > args.sheets_max:
                figures[command] = {"status": "skipped", "reason": f"N > --sheets-max {args.sheets_max}"}
            else:
                to_measure.append(((n, command), argv, cwd, out))
        plans.append((n, inputs, generated, figures, to_measure))
    measured = {}
    with page_reporting_paused(args.pause_page_reporting) as reporting:
        if args.interleave:
            drop_caches()
            measured = measure_rounds([spec for *_, to_measure in plans for spec in to_measure], args.repeat)
        else:
            for *_, to_measure in plans:
                drop_caches()
                measured.update(measure_rounds(to_measure, args.repeat))
    results["page_reporting"] = reporting
    for n, inputs, generated, figures, to_measure in plans:
        figures.update({command: measured[(m, command)] for (m, command), *_ in to_measure})
        figures = {c: figures[c] for c in commands}
        log(f"N = {n}:")
        for command in commands:
            log(f"  {command:8} {describe(figures[command])}")
        results["sizes"][str(n)] = {"inputs": inputs, "generated": generated, "commands": figures}
    results["ratios"] = ratios(results["sizes"], args.interleave)
    markdown = render(results)
    print(markdown)
    json_path = Path(args.json) if args.json else cache / "results.json"
    md_path = Path(args.markdown) if args.markdown else cache / "results.md"
    json_path.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    md_path.write_text(markdown + "\n")
    log(f"wrote {md_path} and {json_path}")
    empty_trash()
    return 0


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--sizes", default="1000,10000", help="comma-separated N (default: 1000,10000)")
    p.add_argument("--commands", default="check,build,sheets,hugo",
                   help="comma-separated subset of check,build,rebuild,sheets,hugo (read-all always runs)")
    p.add_argument("--repeat", type=int, default=3, help="measured runs per command (default 3)")
    p.add_argument("--hugo-max", type=int, default=50000,
                   help="skip Hugo above this N (default 50000; it takes minutes there)")
    p.add_argument("--sheets-max", type=int, default=None,
                   help="skip sheets above this N (its target is set at 10,000 records: 19 townships "
                        "and 285 villages; 100,000 records print ~3,900 sheets)")
    p.add_argument("--seed", type=int, default=1)
    p.add_argument("--cache", help="where repositories and outputs go (default target/bench)")
    p.add_argument("--json", help="raw figures (default <cache>/results.json)")
    p.add_argument("--markdown", help="the table (default <cache>/results.md)")
    p.add_argument("--no-build", action="store_true", help="use the binaries already built")
    p.add_argument("--drop-inodes", action="store_true",
                   help="before each run, drop the cached inodes and dentries (root) and read the "
                        "input back in")
    p.add_argument("--pause-page-reporting", action="store_true",
                   help="while the commands run, stop the VM's balloon from handing free memory back "
                        "to its host (root; restored afterwards): gongkai's scaling without the "
                        "host's faults")
    p.add_argument("--interleave", action="store_true",
                   help="measure every size in the same rounds (a round runs each command at each N), "
                        "not one N after the other, so the sizes a ratio compares meet the machine in "
                        "the same state")
    return p.parse_args()


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def ensure_hugo() -> str | None:
    """Hugo from PATH, installed with apt (Debian package `hugo`) when missing and possible."""
    found = shutil.which("hugo")
    if found or not shutil.which("apt-get") or os.geteuid() != 0:
        return found
    log("hugo is missing: apt-get install hugo")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    subprocess.run(["apt-get", "update", "-qq"], env=env, check=False)
    subprocess.run(["apt-get", "install", "-y", "-qq", "hugo"], env=env, check=False)
    return shutil.which("hugo")


def generator_version() -> str:
    """A hash of everything the generated repository depends on."""
    h = hashlib.sha256()
    for path in sorted((ROOT / "benches" / "gen").iterdir()) + sorted((ROOT / "catalogues").glob("*.toml")):
        h.update(path.name.encode())
        h.update(path.read_bytes())
    return h.hexdigest()[:12]


def ensure_repo(generator: Path, cache: Path, n: int, seed: int) -> tuple[Path, Path, dict]:
    key = f"n{n}-s{seed}-{generator_version()}"
    repo, hugo_site, stamp = cache / f"repo-{key}", cache / f"hugo-{key}", cache / f"repo-{key}.json"
    if stamp.exists() and repo.is_dir() and hugo_site.is_dir():
        return repo, hugo_site, json.loads(stamp.read_text())
    for stale in cache.glob(f"*-n{n}-s{seed}-*"):
        shutil.rmtree(stale) if stale.is_dir() else stale.unlink()
    log(f"generating N = {n} into {repo}")
    tmp = Path(tempfile.mkdtemp(dir=cache, prefix=".gen-"))
    started = time.perf_counter()
    out = subprocess.run(
        [str(generator), "--records", str(n), "--seed", str(seed),
         "--out", str(tmp / "repo"), "--hugo", str(tmp / "hugo")],
        check=True, capture_output=True, text=True,
    )
    summary = json.loads(out.stdout)
    summary["seconds"] = round(time.perf_counter() - started, 2)
    (tmp / "repo").rename(repo)
    (tmp / "hugo").rename(hugo_site)
    tmp.rmdir()
    stamp.write_text(json.dumps(summary) + "\n")
    return repo, hugo_site, summary


def input_stats(repo: Path) -> dict:
    files, size = 0, 0
    for dirpath, _, names in os.walk(repo):
        for name in names:
            if name.endswith((".md", ".toml")):
                files += 1
                size += os.path.getsize(os.path.join(dirpath, name))
    return {"files": files, "bytes": size, "mb": size / 1e6}


def command_line(command, n, gongkai, hugo, repo, hugo_site, cache):
    """(argv, cwd, output dir to clear before each run) for a command at N = n."""
    out = cache / f"out-n{n}-{command}"
    if command == "read-all":
        return ["sh", "-c", READ_ALL], repo, None
    if command == "hugo":
        if hugo is None:
            return None, None, None
        return [hugo, "--quiet", "--destination", str(out)], hugo_site, out
    verb = "build" if command == "rebuild" else command
    argv = [str(gongkai), verb, str(repo), "--as-of", AS_OF, "--color", "never", "--lang", "en"]
    if command == "sheets":
        argv += ["--window", SHEETS_WINDOW]
    if command in ("build", "rebuild", "sheets"):
        argv += ["--out", str(out)]
        return argv, repo, out
    return argv, repo, None


# Where earlier outputs go until the end of the run (see `set_aside`).
TRASH: Path | None = None
# --drop-inodes: see `drop_inodes_and_rewarm`.
DROP_INODES = False


def set_aside(out: Path) -> Path | None:
    """Moves an output out of the way instead of deleting it: ext4 without a journal (as
    here) makes every inode created in the next 1–6 minutes skip, one by one, the inodes
    freed meanwhile (`recently_deleted`), which tripled the system time of a build or a
    Hugo run started right after deleting the previous output. Nothing is deleted until
    all measurements are done. Returns where it went."""
    if TRASH is None or not out.exists():
        return None
    TRASH.mkdir(exist_ok=True)
    aside = TRASH / f"{out.name}-{time.monotonic_ns()}"
    out.rename(aside)
    return aside


def evict(tree: Path | None) -> None:
    """Drops a set-aside output, written out by a sync, from the page cache, as deleting
    it would have. Kept there, the outputs of the earlier rounds (2 GB a round at 100,000
    records) filled the machine's memory: in one run the five 100,000-record builds took
    8.6, 9.2, 11.0, 12.4 and 13.4 s, their user time flat (8.6–9.0 s) and their system
    time from 6.9 to 14.1 s, the slowdown starting once free memory fell below ~10 GB;
    builds in a row with the cache dropped in between stayed at 8.3–8.8 s. It does not
    remove the rise entirely (run J: 9.05 to 11.30 s): the set-aside outputs' inodes stay
    cached and on disk."""
    if tree is None:
        return
    for folder, _, files in os.walk(tree):
        for name in files:
            try:
                fd = os.open(os.path.join(folder, name), os.O_RDONLY | os.O_NOFOLLOW)
            except OSError:
                continue
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def empty_trash() -> None:
    """Deletes the set-aside outputs, many subtrees at a time (one by one, this disk takes
    minutes)."""
    if TRASH is None or not TRASH.exists():
        return
    started = time.perf_counter()
    subtrees = [p for top in TRASH.iterdir() for p in (top.iterdir() if top.is_dir() else [top])]
    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        list(pool.map(lambda p: shutil.rmtree(p) if p.is_dir() and not p.is_symlink() else p.unlink(), subtrees))
    shutil.rmtree(TRASH)
    log(f"removed the outputs in {time.perf_counter() - started:.0f} s")


def drop_caches() -> None:
    """Writes out and drops the page cache before each N, when allowed (root). The outputs
    of earlier runs fill the page cache (several GB by N = 50,000) until every new page
    must first be reclaimed: the 10,000-record build once took 3.5 times its CPU time
    that way, Hugo 1.5 times. Each command's warm-up run reads its input back in."""
    subprocess.run(["sync"], check=False)
    try:
        Path("/proc/sys/vm/drop_caches").write_text("3\n")
        log("dropped the page cache (sync; echo 3 > /proc/sys/vm/drop_caches)")
    except OSError:
        log("could not drop the page cache (not root): figures may suffer from memory pressure")


def settle() -> None:
    """Waits until inodes freed before the run no longer count as recently deleted (see
    `set_aside`): ext4 skips those freed in the last 60 s, or 360 s while their inode
    table block is dirty, so write the blocks out and wait a minute. Without this, runs
    started right after a large delete measured a 10,000-record build at 1.8 s instead
    of 1.2 s."""
    log("sync, then 65 s for the freed inodes to age (ext4 recently_deleted)")
    subprocess.run(["sync"], check=False)
    time.sleep(65)


def run_once(argv, cwd, out, keep=False) -> dict:
    """One run: wall time, CPU time and max RSS of the process and its children (wait4).
    The output folder is set aside first, unless `keep` (a rebuild over the last output)."""
    aside = set_aside(out) if out is not None and not keep else None
    # Earlier runs' outputs (a gigabyte at 50,000 records) are written out first: the
    # kernel's flusher threads would otherwise do it on the same two cores during this
    # run, which made a 50,000-record build take 9.3 s in the runner and 6.0 s alone.
    # (For a rebuild, too: what a user rebuilds over was written long ago.)
    os.sync()
    evict(aside)
    if DROP_INODES:
        drop_inodes_and_rewarm(cwd)
    small_free, large_free = free_memory_by_block()
    with tempfile.TemporaryFile() as stderr:
        started = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=stderr)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        stderr.seek(0)
        err = stderr.read().decode("utf-8", "replace")
    return {
        "code": proc.returncode,
        "wall": wall,
        "user": usage.ru_utime,
        "sys": usage.ru_stime,
        "cpu": usage.ru_utime + usage.ru_stime,
        "max_rss_mb": usage.ru_maxrss / 1024,
        # Page faults: about 2,000 for a 100,000-record build that got transparent huge
        # pages, half a million for one that did not (see src/main.rs).
        "minor_faults": usage.ru_minflt,
        "free_small_blocks_mb": small_free,
        "free_large_blocks_mb": large_free,
        "stderr_tail": err[-400:],
    }


def drop_inodes_and_rewarm(cwd: Path) -> None:
    """Drops the kernel's cached inodes and dentries (`echo 2 > drop_caches`: those of
    the set-aside outputs, 270,000 a 100,000-record build, stay cached otherwise), then
    reads the run's input back in, so that it starts warm."""
    try:
        Path("/proc/sys/vm/drop_caches").write_text("2\n")
    except OSError:
        return
    subprocess.run(["sh", "-c", READ_ALL], cwd=cwd, check=False)


@contextlib.contextmanager
def page_reporting_paused(pause: bool):
    """With `pause`, raises the balloon's reporting order above the largest free block for
    the duration, and restores it; yields what was set and how much the guest reported to
    its host meanwhile (read at the end: 0 KiB if the pause held), else None."""
    if not pause:
        yield None
        return
    order, reported = PAGE_REPORTING / "page_reporting_order", PAGE_REPORTING / "reported_kib"
    try:
        before = order.read_text().strip()
        order.write_text("11\n")
    except OSError as error:
        sys.exit(f"--pause-page-reporting: cannot set {order} ({error.strerror}); it needs root "
                 "on a VM whose balloon reports free pages")
    # A runner stopped with SIGTERM (timeout, kill) still restores it: only SIGKILL does not.
    # The handler lasts as long as the pause.
    on_sigterm = signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    log(f"page reporting paused (page_reporting_order {before} -> 11)")
    state = {"paused": True, "order_before": int(before)}
    start = int(reported.read_text()) if reported.exists() else None
    try:
        yield state
    finally:
        order.write_text(before + "\n")
        signal.signal(signal.SIGTERM, on_sigterm)
        log(f"page reporting restored (page_reporting_order {before})")
        if start is not None:
            state["reported_kib_meanwhile"] = int(reported.read_text()) - start


def free_memory_by_block() -> tuple[int | None, int | None]:
    """Free memory (MB) in blocks below 2 MiB and of 2 MiB and up, from /proc/buddyinfo.
    A VM whose balloon reports free pages (virtio `free_page_reporting`, order 9 and up
    by default) hands the large blocks back to the host once free for 2 s; the kernel
    serves small allocations from the small blocks first, so what a run needs beyond
    them is memory the host must fault in again (see benches/README.md)."""
    try:
        text = Path("/proc/buddyinfo").read_text()
    except OSError:
        return None, None
    small = large = 0
    for line in text.splitlines():
        counts = [int(c) for c in line.split()[4:]]
        for order, count in enumerate(counts):
            if order < 9:
                small += count << (order + 12)
            else:
                large += count << (order + 12)
    return small >> 20, large >> 20


def measure_rounds(specs, repeat) -> dict:
    """Times commands in rounds: each once to warm up, then each once per round, `repeat`
    rounds. `specs` are (key, argv, cwd, out), the key an (N, command) pair; the figures
    come back by key. File creation on this disk varies from run to run (1.48 to 1.71 s
    of CPU for eight builds in a row): one command after the other, Hugo always met a
    disk holding eight more outputs than the build it is compared with; in rounds, every
    command meets the same."""
    figures, live = {}, []
    for key, argv, cwd, out in specs:
        warm = run_once(argv, cwd, out)
        if warm["code"] == 2 and "not implemented" in warm["stderr_tail"]:
            figures[key] = {"status": "skipped", "reason": "not implemented yet"}
            continue
        if warm["code"] != 0:
            figures[key] = {"status": "failed", "code": warm["code"], "stderr_tail": warm["stderr_tail"]}
            continue
        files = count_files(out)
        if out is not None and files == 0:
            figures[key] = {"status": "failed", "code": 0, "stderr_tail": f"no output in {out}"}
            continue
        live.append((key, argv, cwd, out, files))
    runs = {key: [] for key, *_ in live}
    for _ in range(repeat):
        for key, argv, cwd, out, _ in live:
            runs[key].append(run_once(argv, cwd, out, keep=key[1] == "rebuild"))
    for key, _, _, out, files in live:
        if out is not None:
            set_aside(out)
        figures[key] = summarise(runs[key], files)
    return figures


def summarise(runs, files) -> dict:
    """Median wall and CPU time, largest peak memory, of runs that must all have passed."""
    failed = [r for r in runs if r["code"] != 0]
    if failed:
        return {"status": "failed", "code": failed[0]["code"], "stderr_tail": failed[0]["stderr_tail"]}
    for r in runs:
        r.pop("stderr_tail")
    return {
        "status": "ok",
        "output_files": files,
        "wall": statistics.median(r["wall"] for r in runs),
        "cpu": statistics.median(r["cpu"] for r in runs),
        "user": statistics.median(r["user"] for r in runs),
        "sys": statistics.median(r["sys"] for r in runs),
        "max_rss_mb": max(r["max_rss_mb"] for r in runs),
        "runs": runs,
    }


def count_files(out: Path | None) -> int | None:
    """Files a command wrote (a build or sheets run that writes nothing has failed)."""
    if out is None:
        return None
    return sum(len(names) for _, _, names in os.walk(out))


def describe(f: dict) -> str:
    if f["status"] != "ok":
        return f"{f['status']}: {f.get('reason') or f.get('stderr_tail', '').strip()[-200:]}"
    files = f" ({f['output_files']:,} files written)" if f.get("output_files") else ""
    return f"{f['wall']:.3f} s wall, {f['cpu']:.3f} s CPU, {f['max_rss_mb']:.0f} MB peak{files}"


def figure(sizes: dict, n: str, command: str, what: str = "wall") -> float | None:
    f = sizes.get(n, {}).get("commands", {}).get(command, {})
    return f.get(what) if f.get("status") == "ok" else None


def ratios(sizes: dict, interleaved: bool) -> dict:
    out: dict = {"per_size": {}, "scaling": {}, "scaling_user": {}, "scaling_sys": {}, "scaling_rounds": {}}
    for n in sizes:
        row = {}
        pairs = {"check/read-all": ("check", "read-all"), "build/hugo": ("build", "hugo")}
        for name, (a, b) in pairs.items():
            for what, suffix in (("wall", ""), ("cpu", " cpu"), ("max_rss_mb", " rss")):
                ta, tb = figure(sizes, n, a, what), figure(sizes, n, b, what)
                row[name + suffix] = ta / tb if ta is not None and tb else None
        out["per_size"][n] = row
    for command in COMMANDS:
        for n in sizes:
            big = str(int(n) * 10)
            t1, t10 = figure(sizes, n, command), figure(sizes, big, command)
            if t1 and t10 is not None:
                key = f"{command} {n}->{big}"
                out["scaling"][key] = t10 / t1
                # User and system CPU apart: on a VM whose balloon takes free memory back,
                # the first touch of fresh memory shows up as system time (benches/README.md).
                for part in ("user", "sys"):
                    a, b = figure(sizes, n, command, part), figure(sizes, big, command, part)
                    out[f"scaling_{part}"][key] = b / a if a and b is not None else None
            if t1 and t10 is not None and interleaved:
                # Round by round: the two runs of a round met the machine in the same
                # state (one size after the other, the n-th runs of each did not).
                small, large = (sizes[m]["commands"][command]["runs"] for m in (n, big))
                out["scaling_rounds"][f"{command} {n}->{big}"] = [
                    b["wall"] / a["wall"] for a, b in zip(small, large)]
    return out


def render(results: dict) -> str:
    sizes = results["sizes"]
    a = results["about"]
    lines = [
        f"Measured {a['date']} on {a['cpus']} CPUs ({a['system']}), gongkai {a['git']}, "
        f"{a['hugo'] or 'no hugo'}; `{results['command_line']}`; median of {results['repeat']} warm runs"
        + (", every size in the same rounds" if results.get("interleave") else "")
        + ("; the VM's free-page reporting paused (--pause-page-reporting)." if results.get("page_reporting")
           else "."),
        "",
        "| N records | input files | MB | command | wall s | CPU s | peak RSS MB |",
        "|---:|---:|---:|---|---:|---:|---:|",
    ]
    for n, s in sizes.items():
        for command, f in s["commands"].items():
            cells = [f"{int(n):,}", f"{s['inputs']['files']:,}", f"{s['inputs']['mb']:.0f}", command]
            if f["status"] == "ok":
                cells += [f"{f['wall']:.2f}", f"{f['cpu']:.2f}", f"{f['max_rss_mb']:.0f}"]
            else:
                cells += [f["status"], "", ""]
            lines.append("| " + " | ".join(cells) + " |")
    lines += [
        "",
        "| N records | check ÷ read-all, wall (target ≤ 2) | same, CPU | build ÷ Hugo, wall (target ≤ 0.25) | same, peak RSS |",
        "|---:|---:|---:|---:|---:|",
    ]
    keys = ("check/read-all", "check/read-all cpu", "build/hugo", "build/hugo rss")
    for n, row in results["ratios"]["per_size"].items():
        cells = [f"{row[k]:.2f}×" if row[k] is not None else "–" for k in keys]
        lines.append(f"| {int(n):,} | " + " | ".join(cells) + " |")
    if results["ratios"]["scaling"]:
        by_round = results["ratios"]["scaling_rounds"]
        extra = (" round by round |", "---|") if by_round else ("", "")
        lines += ["", "| command, N → 10N | t(10N) ÷ t(N), wall (target ≤ 11) | user CPU | system CPU |"
                  + extra[0], "|---|---:|---:|---:|" + extra[1]]
        for key, value in results["ratios"]["scaling"].items():
            parts = [results["ratios"][f"scaling_{p}"][key] for p in ("user", "sys")]
            cells = " | ".join(f"{r:.2f}×" if r is not None else "–" for r in parts)
            rounds = f" {', '.join(f'{r:.2f}' for r in by_round[key])} |" if by_round else ""
            lines.append(f"| {key.replace('->', ' → ')} | {value:.2f}× | {cells} |{rounds}")
    return "\n".join(lines)


def about(gongkai: Path, hugo: str | None) -> dict:
    def output(argv):
        try:
            return subprocess.run(argv, cwd=ROOT, capture_output=True, text=True, check=False).stdout.strip()
        except OSError:
            return ""
    return {
        "date": time.strftime("%Y-%m-%d"),
        "cpus": os.cpu_count(),
        "system": f"{platform.system()} {platform.release()} {platform.machine()}",
        "git": output(["git", "describe", "--always", "--dirty"]),
        "gongkai": output([str(gongkai), "--version"]),
        "hugo": output([hugo, "version"]).split(" BuildDate")[0] if hugo else None,
    }


if __name__ == "__main__":
    sys.exit(main())
