"""bench/child.py: a part's figures come back from its own process, with its memory, or its failure."""

import os
import resource

from bench.child import measured


def nothing() -> None:
    """No django.setup(): these parts need none."""


def holding(megabytes: int) -> dict:
    block = b"x" * (megabytes * 2**20)  # written, so resident (a zeroed block may not be)
    return {"held": len(block) // 2**20}


def failing() -> dict:
    raise ValueError("没有这个批次")


def dying() -> dict:
    os._exit(3)


def test_the_figures_come_back_with_the_childs_peak_memory():
    # more than pytest's own peak: a spawned child's peak starts at its parent's resident size
    megabytes = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024 + 64
    figures = measured(holding, megabytes, setup=nothing)
    assert figures["held"] == megabytes and figures["cpu_seconds"] >= 0
    assert figures["peak_rss_mb"] >= megabytes and "rss_after_setup_mb" in figures


def test_a_failing_part_answers_its_error():
    assert measured(failing, setup=nothing) == {"error": "ValueError: 没有这个批次"}


def test_a_child_that_dies_without_figures_does_not_leave_the_parent_waiting():
    assert measured(dying, setup=nothing) == {"error": "the child ended without figures (exit code 3)"}
