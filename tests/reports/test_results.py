import datetime as dt
import io

import docx

from luoshi.reports.results import Group, Placed, ResultsContent, document_of, write_results

from .pdf import page_count, page_text, to_pdf


def content(**changes):
    fields = dict(
        issuer_mark="江城市委组织部文件",
        number="考核通报〔2026〕2号",
        title="关于2026年11月考核结果的通报",
        addressee="各科室，各区县委组织部",
        signature="江城市委组织部",
        date=dt.date(2026, 12, 4),
        overview="对5个单位进行了考核。",
        groups=[
            Group(
                "科室",
                [Placed("干部一科", "第1名", "95.00", "↑1"), Placed("干部二科", "第2名", "90.00")],
                red=["干部一科"],
                black=["干部二科"],
                idle=["研究室"],
            ),
            Group("下级组织部", [Placed("清河县委组织部", "第1名", "88.00")]),
        ],
        requirements=["黑榜单位要查找原因"],
        annex_rows=[["1", "干部一科", "科室", "96.00", "94.00", "1.0", "0.0", "95.00", "1"]],
    )
    fields.update(changes)
    return ResultsContent(**fields)


def test_the_ranking_by_group_then_the_boards():
    doc = document_of(content())
    assert [s.heading for s in doc.sections] == [
        "一、总体情况",
        "二、比学赶超排名",
        "三、红榜",
        "四、黑榜",
        "五、有关要求",
    ]
    ranking = doc.sections[1].paragraphs
    assert ranking[0] == "（一）科室"
    assert ranking[1] == (
        "第1名干部一科（95.00分，较上期↑1）；第2名干部二科（90.00分）。研究室本期无可考核事项，不参加排名。"
    )
    assert doc.sections[2].paragraphs == ["科室：干部一科。"]


def test_the_document_has_its_title_and_the_score_table(tmp_path):
    body = write_results(content())
    document = docx.Document(io.BytesIO(body))
    assert "关于2026年11月考核结果的通报" in [p.text for p in document.paragraphs]
    table = document.tables[0]
    assert [c.text for c in table.rows[0].cells] == [
        "序号",
        "单位",
        "比较组",
        "过程得分",
        "效果得分",
        "加分",
        "扣分",
        "总分",
        "名次",
    ]
    assert table.rows[1].cells[1].text == "干部一科"
    pdf = to_pdf(tmp_path, "考核结果通报.docx", body)  # skipped without LibreOffice
    first = [line.replace(" ", "") for line in page_text(pdf, 1)]
    assert first[:3] == ["江城市委组织部文件", "考核通报〔2026〕2号", "关于2026年11月考核结果的通报"]
    assert "考核得分表" in "".join(page_text(pdf, page_count(pdf))).replace(" ", "")
