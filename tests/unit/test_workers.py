"""How work is cut into runs for the forked workers, and that every result comes back in its place."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time

from hypothesis import given
from hypothesis import strategies as st

from cseas_site.workers import RUNS_PER_JOB, TAIL_SHARE, parallel_map, runs


@given(count=st.integers(0, 30_000), jobs=st.integers(1, 8))
def test_runs_cover_every_item_once_in_order_and_shrink_at_the_end(count: int, jobs: int) -> None:
    found = runs(count, jobs)
    assert [index for run in found for index in run] == list(range(count))
    size = -(-count // (jobs * RUNS_PER_JOB)) if count else 0
    for run in found:
        left = count - run.start
        assert 1 <= len(run) <= size
        # no run is longer than a TAIL_SHARE-th of what is left per worker: the last ones shrink to one item,
        # so no worker is left with a long run while the others have nothing
        assert len(run) <= -(-left // (jobs * TAIL_SHARE))
    if count:
        assert len(found[-1]) == 1
        assert [len(run) for run in found] == sorted((len(run) for run in found), reverse=True)


def test_a_large_count_keeps_its_long_runs_and_adds_few_short_ones() -> None:
    found = runs(47_000, 2)
    size = -(-47_000 // (2 * RUNS_PER_JOB))
    assert sum(len(run) == size for run in found) >= 2 * RUNS_PER_JOB - TAIL_SHARE * 2
    assert len(found) < 2 * RUNS_PER_JOB + 40  # the shrinking tail is a few dozen runs, not thousands


def test_parallel_map_returns_each_result_in_its_place_from_the_workers() -> None:
    count = 5_000
    results = parallel_map(lambda index: (index * index, os.getpid()), count, 2, "test", 1)
    assert [value for value, _ in results] == [index * index for index in range(count)]
    workers = {pid for _, pid in results}
    assert os.getpid() not in workers  # made by forked workers (which of the two took which run may vary)


def test_a_worker_does_not_map_what_its_build_let_go_of() -> None:
    # a build makes its records from parse results it then lets go of; the C heap keeps those pages unless they
    # are given back, and each forked worker would map them all (its resident set counts toward the peak)
    script = textwrap.dedent(
        """
        from cseas_site.workers import parallel_map

        def resident():
            with open("/proc/self/status") as status:
                return int(status.read().split("VmRSS:")[1].split()[0]) // 1024

        made = [bytes(range(256)) * 16 for _ in range(60_000)]  # 240 MB of 4 KB objects from the C heap
        kept = made[::16]  # a few stay, scattered: the heap cannot shrink from its top alone
        del made
        before = resident()
        print(before, max(parallel_map(lambda index: resident(), 2, 2, "test", 1)))
        """
    )
    found = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    before, worker = map(int, found.stdout.split())
    assert before > 200  # the freed memory was still held
    assert worker < before - 150, (before, worker)


def test_a_whole_run_is_made_by_one_worker_and_the_rest_are_shared() -> None:
    # the feeds are one such run: every feed that shows an article reuses the entry its worker made once. Each
    # item takes a millisecond, so both workers are busy at once: cut into runs as the rest are, the first 200
    # would be spread over both, and while one worker makes them whole the other takes the rest's first runs
    def work(index: int) -> tuple[int, int]:
        time.sleep(0.001)
        return index, os.getpid()

    results = parallel_map(work, 600, 2, "test", 1, whole=[range(0, 200)])
    assert [index for index, _ in results] == list(range(600))
    assert len({pid for _, pid in results[:200]}) == 1
    assert len({pid for _, pid in results[200:]}) == 2  # both workers took runs of the rest


def test_batches_come_first_each_in_runs_no_longer_than_a_workers_share() -> None:
    from cseas_site.models import OutputFile, Task
    from cseas_site.write.executor import batched

    def task(path: str, batch: str = "") -> Task:
        return Task(path, "test", lambda: OutputFile(path, b"", "test"), "key", batch)

    tasks = [task("a"), task("f1", "feeds"), task("b"), task("f2", "feeds"), task("c")]
    ordered, whole = batched(tasks, 2)
    assert [t.path for t in ordered] == ["f1", "f2", "a", "b", "c"]
    assert whole == [range(0, 2)]
    many = [task(f"f{i}", "feeds") for i in range(7)] + [task("a")]
    ordered, whole = batched(many, 2)  # 7 feeds of 8 tasks: more than a worker's share (4), so cut
    assert whole == [range(0, 4), range(4, 7)]
    plain = [task("a"), task("b")]
    assert batched(plain, 2) == (plain, [])  # no batch: the plan's order, every run cut as before
