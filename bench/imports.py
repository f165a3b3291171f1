"""Importing a 100,000-row ledger (台账): upload and preview of its first 200 rows, then the commit that
makes every row a task through the task service, then the ledger back in its own layout (按原表格式导出)
as the export job a ledger that size becomes (bench/exports.py's parts). Time and peak memory of each.

    LUOSHI_DATA_DIR=/tmp/bench-imports .venv/bin/python bench/imports.py               # SQLite, fresh
    LUOSHI_DATA_DIR=/tmp/bench-imports .venv/bin/python bench/imports.py --rows 2000   # a quick look
    LUOSHI_DATA_DIR=/tmp/bench-imports .venv/bin/python bench/imports.py --batch 1     # export back only

It migrates the database of LUOSHI_DATA_DIR (or LUOSHI_DATABASE_URL), loads the demo organisation if it
is not there, and writes the ledger to a temporary .xlsx the way a department's looks (title, 填报单位
line, merged header, 一、 headings every 50 rows with numbered rows below, 牵头单位 with and without the
市委组织部 prefix, dates in several spellings). Each part runs in a child process of its own, so its peak
memory (maximum resident set size) is its own; its CPU time (user and system) is given beside the wall
time, as the wall time on a shared machine grows with the others' load. The commit's tasks stay in the
database (a second run skips them all, which is the re-import figure).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

from bench.child import measured
from bench.exports import measure_queue, measure_run

UNITS = [
    "干部一科",
    "市委组织部干部二科",
    "组织一科",
    "基层党建科",
    "人才科",
    "公务员科",
    "研究室",
    "信息中心",
]
DUES = ["2099年3月底前", "2099.6.30", "2099-09-30", "2099年12月", "每月25日前", "长期坚持"]
CN = "一二三四五六七八九十"


def ledger(rows: int, path: str, tag: str = "") -> None:
    """A write-only workbook (streamed, as a big one must be written) of ``rows`` task rows."""
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("重点任务台账")
    ws.append(["2099年度重点工作任务推进台账"])
    ws.append(["填报单位：市委组织部办公室", "", "", "", "", "填报日期：2099年1月5日"])
    ws.append(["序号", "工作任务", "牵头单位", "配合单位", "完成时限", "进展情况", "备注"])
    heading = 0
    for n in range(rows):
        if n % 50 == 0:
            heading += 1
            numeral = _cn((heading - 1) % 99 + 1)  # 一 … 九十九, then again: a ledger's sections
            ws.append([f"{numeral}、", f"{tag}第{heading}方面重点工作", "", "", "", "", ""])
            continue
        ws.append(
            [
                n % 50,
                f"{tag}推进第{heading}方面第{n % 50}项重点工作，形成可检验的成果",
                UNITS[n % len(UNITS)],
                UNITS[(n + 3) % len(UNITS)] if n % 3 == 0 else "",
                DUES[n % len(DUES)],
                "已启动" if n % 7 == 0 else "",
                "",
            ]
        )
    wb.save(path)
    _record_dimension(path, f"A1:G{rows + 3}")


def _record_dimension(path: str, ref: str) -> None:
    """Write the sheet's <dimension> as Excel and WPS do (openpyxl's streaming writer leaves it out, and
    a reader then scans the whole sheet to size it every time it opens the file)."""
    import re
    import shutil
    import zipfile

    temporary = path + ".tmp"
    with zipfile.ZipFile(path) as source, zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            body = source.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                body = re.sub(rb"</sheetPr>", f'</sheetPr><dimension ref="{ref}"/>'.encode(), body, count=1)
            target.writestr(item, body)
    shutil.move(temporary, path)


def _cn(n: int) -> str:
    """一 … 九十九."""
    if n < 10:
        return CN[n - 1]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else CN[tens - 1]) + "十" + (CN[ones - 1] if ones else "")


def _setup() -> None:
    import django

    django.setup()
    from django.core.management import call_command

    from luoshi.org.models import Unit

    call_command("migrate", verbosity=0)
    if not Unit.objects.exists():
        from luoshi.demo import load_demo

        load_demo(with_work=False)


def measure_preview(path: str, username: str) -> dict[str, Any]:
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile

    from luoshi.imports import services

    actor = get_user_model().objects.get(username=username)
    data = Path(path).read_bytes()
    started = time.perf_counter()
    batch = services.upload_ledger(actor=actor, upload=SimpleUploadedFile("台账.xlsx", data))
    uploaded = time.perf_counter() - started
    started = time.perf_counter()
    body = services.preview(batch, actor=actor)
    previewed = time.perf_counter() - started
    return {
        "batch": batch.pk,
        "file_megabytes": round(len(data) / 2**20, 2),
        "upload_seconds": round(uploaded, 2),
        "preview_seconds": round(previewed, 2),
        "preview_rows": len(body["rows"]),
        "preview_errors": body["errors"],
        "upload_and_preview_seconds": round(uploaded + previewed, 2),
    }


def measure_commit(batch: int, username: str) -> dict[str, Any]:
    from django.contrib.auth import get_user_model

    from luoshi.imports import services

    actor = get_user_model().objects.get(username=username)
    started = time.perf_counter()
    report = services.commit(batch, actor=actor)
    return {
        "seconds": round(time.perf_counter() - started, 2),
        "created": report["created"],
        "skipped": report["skipped"],
        "rows": report["rows"],
    }


def measure_layout_in_request(batch: int, username: str) -> dict[str, Any]:
    """The same file written as the request writes a small ledger's (``layout_file``, streamed), to a
    sink: what a ledger that size would cost inside gunicorn's request timeout."""
    from django.contrib.auth import get_user_model

    from luoshi.imports.export import layout_file
    from luoshi.imports.models import ImportBatch

    actor = get_user_model().objects.get(username=username)
    started = time.perf_counter()
    size = sum(len(chunk) for chunk in layout_file(ImportBatch.objects.get(pk=batch), actor))
    return {"seconds": round(time.perf_counter() - started, 2), "file_megabytes": round(size / 2**20, 2)}


def export_back(batch: int, username: str, in_request: bool) -> dict[str, Any]:
    """The ledger back in its own layout as an export job (queued, then run), and as the request writes
    it when ``in_request``."""
    figures: dict[str, Any] = {}
    queued = figures["layout_export_queue"] = measured(
        measure_queue, "imports-layout", f"pk={batch}", username
    )
    if "job" in queued:
        figures["layout_export_run"] = measured(measure_run, queued["job"])
    if in_request:
        figures["layout_export_in_request"] = measured(measure_layout_in_request, batch, username)
    return figures


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=100_000, help="task rows in the ledger (default 100000)")
    parser.add_argument(
        "--user", default="bgs-staff", help="who imports (default bgs-staff: the whole department)"
    )
    parser.add_argument("--no-commit", action="store_true", help="upload and preview only")
    parser.add_argument("--no-export", action="store_true", help="no export back in the ledger's layout")
    parser.add_argument(
        "--batch",
        type=int,
        help="only the export back of this import (committed by --user), as a job and as the request "
        "writes it",
    )
    parser.add_argument(
        "--tag",
        default=time.strftime("%H%M%S"),
        help="text put before every task (default the time: each run imports new rows; "
        "repeat a run's tag to measure a re-import, which skips them all)",
    )
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "luoshi.settings")
    os.environ["LUOSHI_EXPORT_RUNNER"] = "tick"  # this script runs the export job
    if args.batch:
        print(json.dumps(export_back(args.batch, args.user, True), ensure_ascii=False, indent=1))
        return
    with tempfile.TemporaryDirectory() as folder:
        path = str(Path(folder) / "台账.xlsx")
        started = time.perf_counter()
        ledger(args.rows, path, args.tag)
        figures: dict[str, Any] = {
            "rows": args.rows,
            "tag": args.tag,
            "write_ledger_seconds": round(time.perf_counter() - started, 2),
        }
        figures["preview"] = measured(measure_preview, path, args.user, setup=_setup)
        if not args.no_commit and "batch" in figures["preview"]:
            figures["commit"] = measured(measure_commit, figures["preview"]["batch"], args.user, setup=_setup)
        if not args.no_export and "created" in figures.get("commit", {}):
            figures.update(export_back(figures["preview"]["batch"], args.user, False))
    print(json.dumps(figures, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main()
