import io

import openpyxl
import pytest

from luoshi.reports.decomposition import write_xlsx

CRAFTED = ['=HYPERLINK("http://x","y")', "+1", "-1+2", "@SUM(A1)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("text", CRAFTED)
def test_text_that_looks_like_a_formula_is_written_as_text(text):
    rows = [{"序号": 1, "任务内容": text, "牵头单位": text, "备注": text}]
    ws = openpyxl.load_workbook(io.BytesIO(write_xlsx(rows, title=text))).active
    for ref in ("A1", "B3", "C3", "G3"):
        assert ws[ref].data_type == "s" and ws[ref].value == text
    assert ws["A3"].value == 1 and ws["A3"].data_type == "n"
