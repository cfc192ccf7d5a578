"""The bench reads a worker's peak memory from /proc: tried on a real child process."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.memory import peak_mib, worker_pids

pytestmark = pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc")

CHILD = (
    "import sys\n"
    "print('ready', flush=True)\n"
    "sys.stdin.readline()\n"
    "block = b'x' * (64 << 20)\n"
    "print('allocated', flush=True)\n"
    "sys.stdin.readline()\n"
)


@pytest.fixture
def child():
    process = subprocess.Popen(
        [sys.executable, "-c", CHILD], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    assert process.stdout.readline().strip() == "ready"
    yield process
    process.stdin.close()
    process.wait(timeout=10)


def test_a_processs_children_are_found_by_their_parent_pid(child):
    assert child.pid in worker_pids(os.getpid())


def test_the_peak_grows_by_what_the_process_allocates(child):
    before = peak_mib(child.pid)
    child.stdin.write("go\n")
    child.stdin.flush()
    assert child.stdout.readline().strip() == "allocated"
    assert peak_mib(child.pid) - before >= 60
