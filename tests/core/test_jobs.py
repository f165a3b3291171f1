"""Starting runners: one process per burst, holding its lock from the moment it is started."""

from __future__ import annotations

import fcntl
import os
import subprocess
import sys

import pytest

from luoshi.core import jobs


@pytest.fixture
def data_dir(settings, tmp_path):
    settings.DATA_DIR = tmp_path
    return tmp_path


@pytest.fixture
def sleepers(monkeypatch):
    """``start_command`` starting a process that keeps the descriptors and environment it was given and
    sleeps, instead of a runner: the lock it was handed is what the tests look at."""
    started: list[subprocess.Popen[bytes]] = []
    real = subprocess.Popen

    def popen(args, **kwargs):
        script = "import os, time; print(os.environ.get('LUOSHI_RUNNER_LOCK'), flush=True); time.sleep(30)"
        kwargs["stdout"] = subprocess.PIPE
        process = real([sys.executable, "-c", script], **kwargs)
        started.append(process)
        return process

    monkeypatch.setattr(jobs.subprocess, "Popen", popen)
    yield started
    for process in started:
        process.kill()
        process.wait()


def test_the_started_process_holds_the_lock_so_a_burst_starts_one(data_dir, sleepers):
    for _ in range(5):
        jobs.start_command("export-jobs")
    assert len(sleepers) == 1
    with jobs.runner_lock("export-jobs") as held:
        assert not held  # held by the started process, though it never took it itself
    jobs.start_command("import-jobs")  # another kind of work has its own lock
    assert len(sleepers) == 2


def test_the_lock_is_free_again_once_the_started_process_exits(data_dir, sleepers):
    jobs.start_command("export-jobs")
    sleepers[0].kill()
    sleepers[0].wait()
    with jobs.runner_lock("export-jobs") as held:
        assert held
    jobs.start_command("export-jobs")
    assert len(sleepers) == 2


def test_nothing_starts_while_a_runner_holds_the_lock(data_dir, sleepers):
    with jobs.runner_lock("export-jobs") as held:
        assert held
        jobs.start_command("export-jobs")  # the runner looks again after letting go
    assert sleepers == []


def test_the_started_process_is_told_which_descriptor_holds_its_lock(data_dir, sleepers):
    jobs.start_command("extract-jobs")
    told = sleepers[0].stdout.readline().decode().strip()
    command, _, fd = told.partition(":")
    assert command == "extract-jobs" and fd.isdigit()


def test_a_runner_given_the_lock_uses_it_once_then_locks_as_usual(data_dir, monkeypatch):
    with (data_dir / "export-jobs.lock").open("a") as starter:
        fcntl.flock(starter, fcntl.LOCK_EX | fcntl.LOCK_NB)
        given = os.dup(starter.fileno())  # what the started process inherits: the same locked file
    monkeypatch.setenv(jobs.INHERITED_LOCK, f"import-jobs:{given}")
    with jobs.runner_lock("export-jobs") as held:
        assert not held  # the descriptor named is another command's lock: not used here
    monkeypatch.setenv(jobs.INHERITED_LOCK, f"export-jobs:{given}")
    with jobs.runner_lock("export-jobs") as held:
        assert held
    assert jobs.INHERITED_LOCK not in os.environ
    with jobs.runner_lock("export-jobs") as held:
        assert held  # released on leaving, and now taken the usual way
