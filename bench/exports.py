"""Exporting a 100,000-row task ledger (任务台账), or any kind of export, as a job: the request that
queues it (the filters checked and counted as the user) and the runner that writes the file, as
`luoshi export-jobs` does. Time and peak memory of each.

    LUOSHI_DATA_DIR=/tmp/province .venv/bin/python bench/datagen.py --tasks 100000   # once
    LUOSHI_DATA_DIR=/tmp/province .venv/bin/python bench/exports.py                   # head: every task
    LUOSHI_DATA_DIR=/tmp/province .venv/bin/python bench/exports.py --user gb1-staff --query is_key=true

An imported ledger back in its own layout (its uploader, the import's id; bench/imports.py makes one):

    LUOSHI_DATA_DIR=/tmp/bench-imports .venv/bin/python bench/exports.py --kind imports-layout \
        --user bgs-staff --query pk=1

Each part runs in a child process of its own, so its peak memory (maximum resident set size) is its own;
its CPU time (user and system) is given beside the wall time, as the wall time on a shared machine grows
with the others' load. The job and its file are removed afterwards.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from bench.child import measured


def measure_queue(key: str, query: str, username: str) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.http import QueryDict

    from luoshi.exports import services

    actor = get_user_model().objects.get(username=username)
    started = time.perf_counter()
    job = services.queue_export(key, QueryDict(query), actor=actor)
    assert job is not None  # no inline_rows: always a job
    return {"job": job.pk, "seconds": round(time.perf_counter() - started, 3), "total": job.total}


def measure_run(job: int) -> dict[str, Any]:
    """The runner's part: the job written as `luoshi export-jobs` writes it; the job and file removed."""
    from luoshi.exports.jobs import run_export_jobs
    from luoshi.exports.models import ExportJob

    started = time.perf_counter()
    ran = run_export_jobs()
    seconds = time.perf_counter() - started
    done = ExportJob.objects.get(pk=job)
    figures = {
        "ran": ran,
        "seconds": round(seconds, 2),
        "status": done.status,
        "error": done.error,
        "rows": done.done,
        "file": done.suffix,
        "file_megabytes": round((done.size or 0) / 2**20, 2),
        "rows_per_second": round(done.done / seconds) if seconds else None,
    }
    if done.path:
        done.path.unlink(missing_ok=True)
    done.delete()
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--kind", default="tasks-ledger", help="what to export (default tasks-ledger)")
    parser.add_argument("--user", default="head", help="who exports (default head: every task)")
    parser.add_argument("--query", default="", help="the list's filters as a query string (default none)")
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")
    os.environ["LUOSHI_EXPORT_RUNNER"] = "tick"  # this script is the runner
    figures: dict[str, Any] = {"kind": args.kind, "user": args.user, "query": args.query}
    figures["queue"] = measured(measure_queue, args.kind, args.query, args.user)
    if "job" in figures["queue"]:
        figures["run"] = measured(measure_run, figures["queue"]["job"])
    print(json.dumps(figures, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
