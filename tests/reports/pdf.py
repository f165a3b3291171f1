"""Render a document with LibreOffice headless and read the PDF back (text with poppler's pdftotext, a
page as PNG with pdftoppm): what a printed 公文 looks like, not only what the .docx says."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest


def need(tool: str, package: str) -> str:
    found = shutil.which(tool)
    if found is None:
        message = f"{tool} is missing: scripts/system-packages.sh installs {package}"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return found


def to_pdf(tmp_path: Path, name: str, content: bytes) -> Path:
    soffice = need("soffice", "libreoffice-writer-nogui")
    source = tmp_path / name
    source.write_bytes(content)
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{tmp_path}/profile",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return source.with_suffix(".pdf")


def page_text(pdf: Path, page: int) -> list[str]:
    """The non-empty lines of one page (1-based)."""
    tool = need("pdftotext", "poppler-utils")
    out = subprocess.run(
        [tool, "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True,
        capture_output=True,
        timeout=60,
    ).stdout.decode()
    return [line.strip() for line in out.splitlines() if line.strip()]


def page_count(pdf: Path) -> int:
    tool = need("pdfinfo", "poppler-utils")
    out = subprocess.run([tool, str(pdf)], check=True, capture_output=True, timeout=60).stdout.decode()
    return int(next(line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")))


def page_png(pdf: Path, page: int, dpi: int = 60) -> Path:
    tool = need("pdftoppm", "poppler-utils")
    prefix = pdf.with_name(f"{pdf.stem}-page{page}")
    subprocess.run(
        [
            tool,
            "-f",
            str(page),
            "-l",
            str(page),
            "-r",
            str(dpi),
            "-png",
            "-singlefile",
            str(pdf),
            str(prefix),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    return prefix.with_suffix(".png")
