#!/usr/bin/env python3
"""Generate table-renwufengong.docx (a 任务分工表 with a real Word table), its extracted text
table-renwufengong.docx.txt and its gold table-renwufengong.gold.json.

Extracted text rule (see ../README.md): body blocks in document order; a paragraph is its text; a
table row is its cells' texts joined with "\t"; blocks joined with "\n".
Gold rule for tables: each 具体措施 cell is one item (its whole cell text); when the cell holds
several numbered measures (1.…；2.…) each measure is its own item (numbering included, the
separating ；/。 excluded). owners = 牵头单位 cell then 配合单位 cell, split on 、; deadline from
完成时限 (持续推进/每季度… → none; X月 → placeholder; N个工作日内 → N-th working day after
base_date by chinese_calendar).
"""

import datetime as dt
import json
import os
import sys

import chinese_calendar as cc
import docx
from docx.shared import Pt

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
from check_gold import docx_text

NAME = "table-renwufengong"
BASE = dt.date(2026, 3, 5)


def split_units(cell):
    """Split a unit cell on 、 (or ,/，) but not inside brackets: 各县（市、区）委组织部 stays whole."""
    out, buf, depth = [], "", 0
    for ch in cell:
        depth += ch in "（("
        depth -= ch in "）)"
        if ch in "、,，" and depth == 0:
            out.append(buf)
            buf = ""
        else:
            buf += ch
    out.append(buf)
    return [o.strip() for o in out if o.strip()]


def workday(n):
    d = BASE
    while n:
        d += dt.timedelta(days=1)
        n -= cc.is_workday(d)
    return d.isoformat()


TITLE = "临江市委组织部2026年重点工作任务分工表"
INTRO = (
    "为推动全市组织工作会议部署落到实处，经部务会研究，现将2026年重点工作任务分解如下。"
    "请各牵头单位对照任务清单，细化工作措施，按时保质完成。"
)
HEADER = ["序号", "重点任务", "具体措施", "牵头单位/负责处室", "配合单位", "完成时限"]
# (重点任务, [measures], 牵头, 配合, 完成时限, deadline spec)
ROWS = [
    (
        "深化党的创新理论武装",
        ["制定全市干部教育培训规划，分层分类组织县处级以上领导干部开展党的创新理论集中轮训"],
        "干部教育科",
        "市委党校、各县（市、区）委组织部",
        "2026年4月底前",
        "2026-04-30",
    ),
    (
        "",
        ["建立健全理论学习中心组学习列席旁听和通报制度，每半年对各单位学习情况进行一次通报"],
        "组织一科",
        "市委宣传部",
        "持续推进",
        None,
    ),
    (
        "加强领导班子建设",
        ["开展市管领导班子运行情况综合分析研判，形成分析报告报市委"],
        "干部一科",
        "干部二科、干部监督科",
        "6月底前",
        "2026-06-30",
    ),
    (
        "",
        ["1.完成市直部门任期届满领导班子调整配备", "2.推动国有企业领导班子配备“一企一策”"],
        "干部二科",
        "市国资委",
        "9月30日前",
        "2026-09-30",
    ),
    (
        "推进年轻干部工作",
        ["建立市管优秀年轻干部储备库，实行动态管理、定期更新，储备人数不少于150名"],
        "干部一科",
        "各县（市、区）委组织部",
        "第二季度",
        "2026-06-30",
    ),
    (
        "加强干部监督",
        ["制定领导干部个人有关事项报告抽查核实工作细则，并报部务会审议"],
        "干部监督科",
        "",
        "印发后15个工作日内",
        "wd15",
    ),
    (
        "",
        ["开展选人用人专项检查，对检查发现的问题建立整改台账，逐项跟踪销号"],
        "干部监督科",
        "市委巡察办",
        "年底前",
        "2026-12-31",
    ),
    (
        "抓党建促乡村振兴",
        ["实施村级集体经济“强村富民”工程，推动年收入50万元以上的村达到120个"],
        "组织二科",
        "市农业农村局、市财政局",
        "年内",
        "2026-12-31",
    ),
    (
        "",
        ["1.组织开展软弱涣散村党组织排查整顿", "2.对整顿对象逐村明确1名县级领导包联、1名第一书记驻村"],
        "组织二科",
        "各县（市、区）委组织部",
        "上半年",
        "2026-06-30",
    ),
    (
        "深化城市基层党建",
        ["推行“街道吹哨、部门报到”工作机制，建立健全社区党组织兼职委员制度"],
        "组织二科",
        "市委社会工作部、市民政局",
        "第三季度",
        "2026-09-30",
    ),
    (
        "加强党员队伍建设",
        ["召开全市发展党员工作推进会，部署年度发展党员计划，严把发展党员入口关"],
        "组织三科",
        "",
        "2026年X月底前",
        "X",
    ),
    (
        "建设区域人才高地",
        ["修订“临江英才计划”实施细则，完善人才分类评价和激励保障机制"],
        "人才办",
        "市人社局、市科技局",
        "上半年",
        "2026-06-30",
    ),
    (
        "",
        ["举办第三届临江人才发展大会，集中签约一批人才项目"],
        "人才办",
        "市科技局、市投促局",
        "10月底前",
        "2026-10-31",
    ),
    (
        "加强组织部门自身建设",
        ["开展“讲政治、重公道、业务精、作风好”模范部门创建活动，组织组工干部业务大练兵"],
        "部机关党委",
        "部办公室",
        "每季度开展1次",
        None,
    ),
]
FOOT = [
    "各牵头单位要于每季度末月25日前将任务推进情况报送部办公室，部办公室汇总后提交部务会。",
    "本表自印发之日起执行。",
]


def main():
    d = docx.Document()
    d.styles["Normal"].font.size = Pt(11)
    d.add_paragraph(TITLE)
    d.add_paragraph(INTRO)
    t = d.add_table(rows=1, cols=len(HEADER))
    t.style = "Table Grid"
    for c, h in zip(t.rows[0].cells, HEADER):
        c.text = h
    for i, (task, measures, lead, co, when, _) in enumerate(ROWS, 1):
        cells = t.add_row().cells
        vals = [str(i), task, "；".join(measures), lead, co, when]
        for c, v in zip(cells, vals):
            c.text = v
    for p in FOOT:
        d.add_paragraph(p)
    path = os.path.join(HERE, NAME + ".docx")
    d.save(path)
    text = docx_text(path).replace("\r\n", "\n").replace("\r", "\n")
    with open(path + ".txt", "w", encoding="utf-8", newline="") as f:
        f.write(text)
    items = []
    intro = "请各牵头单位对照任务清单，细化工作措施，按时保质完成"
    s = text.index(intro)
    items.append(
        {"quote": intro, "required": True, "owners": ["各牵头单位"], "start": s, "end": s + len(intro)}
    )
    for task, measures, lead, co, when, spec in ROWS:
        owners = split_units(lead) + split_units(co)
        for m in measures:
            s = text.index(m)
            it = {"quote": m, "required": True, "owners": owners}
            if spec == "X":
                it["deadline"] = {"placeholder": True, "phrase": when}
            elif spec and spec.startswith("wd"):
                it["deadline"] = {"date": workday(int(spec[2:])), "phrase": when}
            elif spec:
                it["deadline"] = {"date": spec, "phrase": when}
            it["start"], it["end"] = s, s + len(m)
            items.append(it)
    foot = "各牵头单位要于每季度末月25日前将任务推进情况报送部办公室，部办公室汇总后提交部务会"
    s = text.index(foot)
    items.append(
        {"quote": foot, "required": True, "owners": ["各牵头单位"], "start": s, "end": s + len(foot)}
    )
    gold = {
        "text_file": NAME + ".docx",
        "genre": "task_table",
        "base_date": BASE.isoformat(),
        "note": "任务分工表（Word 表格）。每个“具体措施”单元格为一个条目；同一单元格内1.2.编号的措施各为一个条目。"
        "owners = 牵头单位 + 配合单位（按、拆分）；deadline 取“完成时限”列；“持续推进”“每季度开展1次”无时限；"
        "“印发后15个工作日内”按法定工作日（含调休）从 base_date 次日起数。表后“每季度末月25日前报送”为频次，不设 deadline。"
        "文本抽取规则见 ../README.md。",
        "items": items,
    }
    with open(os.path.join(HERE, NAME + ".gold.json"), "w", encoding="utf-8") as f:
        json.dump(gold, f, ensure_ascii=False, indent=1)
        f.write("\n")
    print(NAME, len(text), "chars", len(items), "items")


if __name__ == "__main__":
    main()
