import datetime as dt
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from docx.shared import Mm

from luoshi.reports.decomposition import rows_from_extraction, write_docx, write_xlsx

CRAFTED = ['=HYPERLINK("http://x","y")', "+1", "-1+2", "@SUM(A1)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("text", CRAFTED)
def test_text_that_looks_like_a_formula_is_written_as_text(text):
    rows = [{"序号": 1, "任务内容": text, "牵头单位": text, "备注": text}]
    ws = openpyxl.load_workbook(io.BytesIO(write_xlsx(rows, title=text))).active
    for ref in ("A1", "B3", "C3", "G3"):
        assert ws[ref].data_type == "s" and ws[ref].value == text
    assert ws["A3"].value == 1 and ws["A3"].data_type == "n"


# ---------------------------------------------------------------- printed as one would hand it in

SEED = Path(__file__).parents[2] / "src/luoshi/directives/data/seed-speech.txt"
A4_LANDSCAPE = (841.9, 595.3)  # PDF points


def _pdf_pages(path: Path) -> list[tuple[float, float]]:
    """(width, height) of every page of a PDF LibreOffice wrote (its page objects carry a MediaBox)."""
    data = path.read_bytes()
    boxes = re.findall(
        rb"/Type\s*/Page\b[^s].*?/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", data, re.DOTALL
    )
    if not boxes:
        boxes = [m for m in re.findall(rb"/MediaBox\s*\[\s*([\d.]+)\s+([\d.]+)\s+([\d.]+)\s+([\d.]+)", data)][
            1:
        ]
    return [(float(x1) - float(x0), float(y1) - float(y0)) for x0, y0, x1, y1 in boxes]


def _render(tmp_path: Path, name: str, content: bytes) -> list[tuple[float, float]]:
    soffice = shutil.which("soffice")
    if soffice is None:
        if os.environ.get("CI"):
            pytest.fail(
                "soffice is missing: scripts/system-packages.sh installs libreoffice-writer-nogui and "
                "libreoffice-calc-nogui"
            )
        pytest.skip("LibreOffice (soffice) is not installed here; scripts/system-packages.sh installs it")
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
    return _pdf_pages(source.with_suffix(".pdf"))


@pytest.fixture(scope="module")
def seed_rows():
    from luoshi.extract import extract, read_document

    return rows_from_extraction(extract(read_document(SEED), base_date=dt.date(2023, 2, 1)))


def test_the_docx_prints_on_few_a4_landscape_pages_with_the_content_column_widest(tmp_path, seed_rows):
    content = write_docx(seed_rows, title="部长在春节收心会上的讲话任务分解表")
    document = docx.Document(io.BytesIO(content))
    widths = [int(c.get(qn("w:w"))) for c in document.tables[0]._tbl.tblGrid.findall(qn("w:gridCol"))]
    assert widths[1] == max(widths) and sum(widths) <= Mm(243).twips + 7
    assert document.tables[0].rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None  # header on every page
    assert document.paragraphs[0].text == "部长在春节收心会上的讲话任务分解表"
    pages = _render(tmp_path, "分解表.docx", content)
    assert all(
        w == pytest.approx(A4_LANDSCAPE[0], abs=1) and h == pytest.approx(A4_LANDSCAPE[1], abs=1)
        for w, h in pages
    )
    assert (
        len(pages) <= (len(seed_rows) + 7) // 8
    )  # at least eight rows a page (nine pages for 32 rows before)


def test_the_xlsx_prints_every_column_on_a4_landscape_fitted_to_width(tmp_path, seed_rows):
    content = write_xlsx(seed_rows, title="部长在春节收心会上的讲话任务分解表")
    ws = openpyxl.load_workbook(io.BytesIO(content)).active
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.print_title_rows == "$2:$2" and ws["B3"].alignment.wrap_text
    widths = [ws.column_dimensions[c].width for c in "ABCDEFG"]
    assert widths[1] == max(widths)
    pages = _render(tmp_path, "分解表.xlsx", content)
    assert all(w == pytest.approx(A4_LANDSCAPE[0], abs=1) for w, _ in pages)
    assert len(pages) <= 3  # all seven columns on each page: cut columns would double the pages


def test_a_cadence_is_written_in_the_words_the_task_pages_use():
    """The CLI's and the web's tables say 每月月底前, as a task's page does, never the stored monthly:31."""
    from luoshi.extract import extract

    result = extract("一、组织一科牵头，每月底报送干部监督工作进展情况。", base_date=dt.date(2026, 2, 1))
    assert [row["完成时限"] for row in rows_from_extraction(result)] == ["每月月底前"]


DEADLINES = ["每季度末", "2026-12-31（2026年12月31日前）", "2026年12月31日前"]


def test_the_docx_deadline_column_holds_each_phrase_on_one_line(tmp_path):
    """A 完成时限 is read at a glance: neither 每季度末 nor 2026年12月31日前 is broken over two lines (the
    date read and its phrase may stand on two); 任务内容 gives up the width."""
    from tests.reports.pdf import page_text, to_pdf

    rows = [
        {"序号": n, "任务内容": "制定方案并组织实施" * 6, "完成时限": due}
        for n, due in enumerate(DEADLINES, 1)
    ]
    content = write_docx(rows)
    widths = [int(c.get(qn("w:w"))) for c in docx.Document(io.BytesIO(content)).tables[0]._tbl.tblGrid]
    assert widths[1] == max(widths) and sum(widths) <= Mm(243).twips + 7
    pdf = to_pdf(tmp_path, "分解表.docx", content)
    lines = [line.replace(" ", "") for line in page_text(pdf, 1)]  # pdftotext spaces 2026 年
    assert "每季度末" in lines and lines.count("2026年12月31日前") == 1
    assert "（2026年12月31日前）" in lines


def test_the_xlsx_gives_a_wrapped_row_the_height_of_its_lines(seed_rows):
    """Excel and WPS keep a row at one line's height unless the file says otherwise: printed, a wrapped
    row would be cut. Every row is as tall as its fullest cell's lines, and no taller."""
    rows = [
        {"序号": 1, "任务内容": "制定方案", "完成时限": "每季度末"},
        {"序号": 2, "任务内容": "制定方案并组织实施" * 8, "完成时限": "每季度末"},
        {"序号": 3, "任务内容": "制定方案并组织实施" * 16, "完成时限": "每季度末"},
        {"序号": 4, "任务内容": "制定方案", "备注": "出处：一、/（一）/1." * 6},
    ]
    ws = openpyxl.load_workbook(io.BytesIO(write_xlsx(rows))).active
    heights = [ws.row_dimensions[n].height for n in range(3, 7)]
    assert all(h is not None for h in heights)
    one = heights[0]
    assert heights[1] >= 3 * one and heights[2] >= 2 * heights[1] - one and heights[3] >= 3 * one
    assert heights[2] <= 8 * one  # no blank page of padding
    ws = openpyxl.load_workbook(io.BytesIO(write_xlsx(seed_rows))).active
    assert all(ws.row_dimensions[n].height for n in range(3, ws.max_row + 1))
