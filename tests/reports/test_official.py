import datetime as dt
import io

import docx
from docx.oxml.ns import qn
from docx.shared import Mm

from luoshi.reports import official
from luoshi.reports.official import Annex, OfficialDocument, Section, write_official

from .pdf import page_count, page_text, to_pdf

FULL_LINE = "督查发现各单位认真落实部务会议部署要求扎实推进各项工作取得明显成效"  # 32 characters


def spec(**changes):
    fields = dict(
        issuer_mark="江城市委组织部文件",
        number="江组督〔2026〕3号",
        title="关于年轻干部队伍建设专项督查情况的通报",
        addressee="各科室，各区县委组织部",
        opening=["现将有关情况通报如下。"],
        sections=[
            Section("一、总体情况", [FULL_LINE * 40]),
            Section("二、存在的问题", ["（一）干部一科", "没有初稿。"]),
        ],
        signature="江城市委组织部",
        date=dt.date(2026, 12, 4),
        annexes=[Annex("问题清单", ["序号", "单位", "问题"], [["1", "干部一科", "没有初稿"]], [12, 30, 114])],
        printed_by="江城市委组织部办公室",
    )
    fields.update(changes)
    return OfficialDocument(**fields)


def runs_of(document, text):
    return [r for p in document.paragraphs for r in p.runs if text in r.text]


def test_the_page_margins_and_grid_are_those_of_gb_t_9704():
    document = docx.Document(io.BytesIO(write_official(spec())))
    sec = document.sections[0]
    sizes = [
        sec.page_width,
        sec.page_height,
        sec.top_margin,
        sec.bottom_margin,
        sec.left_margin,
        sec.right_margin,
    ]
    assert [round(size.mm) for size in sizes] == [210, 297, 37, 35, 28, 26]
    grid = sec._sectPr.find(qn("w:docGrid"))
    assert (
        int(grid.get(qn("w:linePitch"))) * 28 <= Mm(225).twips < (int(grid.get(qn("w:linePitch"))) + 1) * 28
    )


def test_the_mark_is_red_the_rule_is_red_and_the_title_is_xiaobiaosong_2():
    document = docx.Document(io.BytesIO(write_official(spec())))
    mark = runs_of(document, "江城市委组织部文件")[0]
    assert mark.font.color.rgb == official.RED and mark.font.name == official.TITLE_FONT
    rule = next(
        p for p in document.paragraphs if p._p.pPr is not None and p._p.pPr.find(qn("w:pBdr")) is not None
    )
    assert rule._p.pPr.find(qn("w:pBdr")).find(qn("w:bottom")).get(qn("w:color")) == "FF0000"
    title = runs_of(document, "关于年轻干部队伍建设")[0]
    assert title.font.name == official.TITLE_FONT and title.font.size == official.SIZE_2
    body = runs_of(document, "现将有关情况")[0]
    assert body.font.name == official.BODY_FONT and body.font.size == official.SIZE_3
    assert runs_of(document, "（一）干部一科")[0].font.name == official.KAI_FONT
    assert runs_of(document, "一、总体情况")[0].font.name == official.HEADING_FONT


def test_odd_and_even_pages_carry_their_number_on_their_own_side():
    document = docx.Document(io.BytesIO(write_official(spec())))
    sec = document.sections[0]
    assert document.settings.odd_and_even_pages_header_footer
    for footer in (sec.footer, sec.even_page_footer):
        xml = footer.paragraphs[0]._p.xml
        assert "PAGE" in xml and "— " in xml


def test_printed_a_full_page_holds_28_lines_of_28_characters(tmp_path):
    pdf = to_pdf(tmp_path, "通报.docx", write_official(spec()))
    assert page_count(pdf) >= 3
    lines = page_text(pdf, 2)
    body = [line for line in lines if set(line) <= set(FULL_LINE)]
    assert len(body) == 28 and all(len(line) == 28 for line in body)
    assert "— 2 —" in " ".join(lines) or "—2—" in "".join(lines)
    assert page_text(pdf, 1)[0].startswith("江城市委组织部文件")
