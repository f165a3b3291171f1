"""A period's results taken away: the scores and ranking workbooks (what the reader may see), and the
考核结果通报 of a published period as a Word document."""

import io

import docx
import openpyxl
from django.test import Client

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
    assert rows[2] == ("比较组", "名次", "单位", "总分", "较上期", "榜单", "说明")
    first = UnitScore.objects.filter(period=october, rank=1, peer_group="section:1")
    assert rows[3][:2] == ("科室", 1) and rows[3][2] in {s.unit.name for s in first}


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
