"""A period's results taken away: the scores and ranking workbooks (what the reader may see), and the
考核结果通报 of a published period as a Word document."""

import io

import docx
import openpyxl
from django.test import Client

from luoshi.accounts.models import SecurityEvent
from luoshi.assessment import services
from luoshi.assessment.models import UnitScore


def client(person):
    made = Client()
    made.force_login(person.user)
    return made


def sheet(response):
    assert response.status_code == 200
    return openpyxl.load_workbook(io.BytesIO(response.content)).active


def test_the_scores_workbook_has_each_indicator_and_only_the_readers_units(org, october, month):
    rows = list(sheet(client(org.head).get(f"/assessment/periods/{october.pk}/scores.xlsx")).values)
    assert rows[0][0] == f"{october.name}考核得分"
    header = rows[2]
    assert header[:2] == ("单位", "比较组") and "按时签收" in header and header[-1] == "名次"
    units = [row[0] for row in rows[3:]]
    assert "干部一科" in units and "清河县委组织部" in units
    own = list(sheet(client(org.heads["a"]).get(f"/assessment/periods/{october.pk}/scores.xlsx")).values)
    assert [row[0] for row in own[3:]] == ["干部一科"]


def test_the_ranking_workbook_lists_places_by_group(org, october, month):
    rows = list(sheet(client(org.head).get(f"/assessment/periods/{october.pk}/ranking.xlsx")).values)
    (export,) = SecurityEvent.objects.filter(kind="export")
    assert export.target == f"{october.name}排名" and export.detail == {
        "format": "xlsx",
        "period": october.pk,
    }
    assert rows[2] == ("比较组", "名次", "单位", "总分", "较上期", "榜单", "说明")
    first = UnitScore.objects.filter(period=october, rank=1, peer_group="section:1")
    assert rows[3][:2] == ("科室", 1) and rows[3][2] in {s.unit.name for s in first}
    assert rows[3][5] == "暂列红榜", "an open period's board is not the published one"


def test_the_results_document_only_once_published(org, october, month):
    url = f"/assessment/periods/{october.pk}/results.docx"
    assert client(org.head).get(url).status_code == 404
    assert client(org.heads["a"]).get(url).status_code == 403
    services.publish_period(october, actor=org.head.user)
    response = client(org.deputy).get(url)
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    texts = [p.text for p in document.paragraphs]
    assert f"关于{october.name}考核结果的通报" in texts and "考核通报〔2026〕1号" in texts
    assert any("红榜" in t for t in texts)
    table = document.tables[0]
    assert table.rows[0].cells[1].text == "单位"
    assert {row.cells[1].text for row in table.rows[1:]} >= {"干部一科", "清河县委组织部"}
    (export,) = SecurityEvent.objects.filter(kind="export")
    assert export.actor == org.deputy.user and export.detail == {"format": "docx", "period": october.pk}
    assert export.target == f"考核通报〔2026〕1号关于{october.name}考核结果的通报"


def test_before_publication_a_tie_names_only_the_units_the_reader_may_see(org, october, month):
    own = client(org.heads["b"])  # 干部二科, tied for first with 组织一科
    rows = list(sheet(own.get(f"/assessment/periods/{october.pk}/ranking.xlsx")).values)
    assert [row[2] for row in rows[3:]] == ["干部二科"]
    assert "组织一科" not in rows[3][6] and rows[3][6].startswith("与另外1个单位并列第1名")
    page = own.get(f"/assessment/periods/{october.pk}/").content.decode()
    assert "与另外1个单位并列第1名" in page and "组织一科" not in page
    services.publish_period(october, actor=org.head.user)
    rows = list(sheet(own.get(f"/assessment/periods/{october.pk}/ranking.xlsx")).values)
    assert any(row[6].startswith("与组织一科并列第1名") for row in rows[3:] if row[2] == "干部二科")
