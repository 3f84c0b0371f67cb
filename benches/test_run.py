"""Tests of the benchmark runner's arithmetic and reporting (benches/run.py), without
running gongkai: the ratios a run reports and the setting it changes must be right, since
the README quotes them. Run by scripts/test.sh:

    python3 -m unittest discover -s benches -p 'test_*.py'
"""

from __future__ import annotations

import importlib.util
import shutil
import signal
import tempfile
import unittest
from pathlib import Path

HERE = Path(__file__).resolve().parent
spec = importlib.util.spec_from_file_location("run", HERE / "run.py")
run = importlib.util.module_from_spec(spec)
spec.loader.exec_module(run)


def command(rounds: list[tuple[float, float, float]]) -> dict:
    """A command's figures from (wall, user, sys) per round, as the runner keeps them."""
    runs = [
        {"code": 0, "wall": w, "user": u, "sys": s, "cpu": u + s, "max_rss_mb": 100.0, "stderr_tail": ""}
        for w, u, s in rounds
    ]
    return run.summarise(runs, None)


def results(small: dict, large: dict, interleave: bool, page_reporting=None) -> dict:
    sizes = {
        n: {"inputs": {"files": 1, "mb": 1.0}, "commands": {"build": figures}}
        for n, figures in (("10000", small), ("100000", large))
    }
    out = {
        "about": {"date": "2026-12-06", "cpus": 2, "system": "Linux", "git": "abc", "hugo": None},
        "command_line": "python3 benches/run.py",
        "repeat": 3,
        "interleave": interleave,
        "page_reporting": page_reporting,
        "sizes": sizes,
    }
    out["ratios"] = run.ratios(sizes, interleave)
    return out


class Scaling(unittest.TestCase):
    def setUp(self):
        # Medians: 10,000 records wall 1.0, user 1.0, sys 0.5; 100,000 records wall 12.0,
        # user 10.0, sys 7.0. Round by round 11, 12, 13 (rounds paired in order).
        self.small = command([(1.0, 1.0, 0.5), (1.0, 0.9, 0.6), (1.0, 1.1, 0.4)])
        self.large = command([(11.0, 9.0, 7.0), (12.0, 10.0, 6.0), (13.0, 11.0, 8.0)])

    def test_wall_user_and_system_ratios_are_of_the_medians(self):
        r = results(self.small, self.large, interleave=True)["ratios"]
        key = "build 10000->100000"
        self.assertAlmostEqual(r["scaling"][key], 12.0)
        self.assertAlmostEqual(r["scaling_user"][key], 10.0)
        self.assertAlmostEqual(r["scaling_sys"][key], 14.0)
        self.assertEqual([round(x, 6) for x in r["scaling_rounds"][key]], [11.0, 12.0, 13.0])

    def test_the_table_gives_each_ratio_in_its_column(self):
        table = run.render(results(self.small, self.large, interleave=True))
        self.assertIn("| t(10N) ÷ t(N), wall (target ≤ 11) | user CPU | system CPU | round by round |", table)
        self.assertIn("| build 10000 → 100000 | 12.00× | 10.00× | 14.00× | 11.00, 12.00, 13.00 |", table)

    def test_a_failed_run_leaves_its_ratios_out(self):
        failed = run.summarise([{"code": 1, "stderr_tail": "boom"}], None)
        r = results(self.small, failed, interleave=False)["ratios"]
        self.assertEqual(r["scaling"], {})
        self.assertNotIn("10000 → 100000", run.render(results(self.small, failed, interleave=False)))

    def test_the_heading_says_when_page_reporting_was_paused(self):
        paused = run.render(results(self.small, self.large, True, {"paused": True, "order_before": 9}))
        self.assertIn("free-page reporting paused", paused.splitlines()[0])
        self.assertNotIn("paused", run.render(results(self.small, self.large, True)).splitlines()[0])


class PageReporting(unittest.TestCase):
    def setUp(self):
        self.dir = Path(tempfile.mkdtemp())
        (self.dir / "page_reporting_order").write_text("9\n")
        (self.dir / "reported_kib").write_text("1000\n")
        self.saved = run.PAGE_REPORTING
        run.PAGE_REPORTING = self.dir

    def tearDown(self):
        run.PAGE_REPORTING = self.saved
        shutil.rmtree(self.dir)

    def order(self) -> str:
        return (self.dir / "page_reporting_order").read_text().strip()

    def test_paused_for_the_run_and_restored_after_with_what_was_reported(self):
        with run.page_reporting_paused(True) as state:
            self.assertEqual(self.order(), "11")
            (self.dir / "reported_kib").write_text("1512\n")
        self.assertEqual(self.order(), "9")
        self.assertEqual(state, {"paused": True, "order_before": 9, "reported_kib_meanwhile": 512})

    def test_the_sigterm_handler_lasts_as_long_as_the_pause(self):
        before = signal.getsignal(signal.SIGTERM)
        with run.page_reporting_paused(True):
            self.assertIsNot(signal.getsignal(signal.SIGTERM), before)
        self.assertIs(signal.getsignal(signal.SIGTERM), before)

    def test_restored_when_the_run_fails(self):
        with self.assertRaises(RuntimeError):
            with run.page_reporting_paused(True):
                raise RuntimeError("a command failed")
        self.assertEqual(self.order(), "9")

    def test_left_alone_unless_asked(self):
        with run.page_reporting_paused(False) as state:
            self.assertEqual(self.order(), "9")
        self.assertIsNone(state)

    def test_a_machine_without_the_setting_stops_the_runner_with_a_reason(self):
        run.PAGE_REPORTING = self.dir / "absent"
        with self.assertRaises(SystemExit) as stopped:
            with run.page_reporting_paused(True):
                self.fail("ran without pausing")
        self.assertIn("--pause-page-reporting", str(stopped.exception.code))


if __name__ == "__main__":
    unittest.main()
