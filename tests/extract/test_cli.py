import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from luoshi.extract.cli import extract_command

from .conftest import ROOT, SEED_DIR

SEED = str(SEED_DIR / "seed-speech.txt")


def run(*args):
    return CliRunner().invoke(extract_command, list(args))


def test_json_contract():
    r = run(SEED, "--base-date", "2023-02-01")
    assert r.exit_code == 0, r.output
    d = json.loads(r.stdout)
    src = Path(SEED).read_text(encoding="utf-8")
    assert d["base_date"] == "2023-02-01" and d["items"]
    assert all(src[i["start"] : i["end"]] == i["text"] for i in d["items"])


def test_markdown_and_org(tmp_path):
    r = run(SEED, "--format", "md", "--org", str(ROOT / "docs" / "units.example.yaml"))
    assert r.exit_code == 0 and "| 序号 | 任务内容 |" in r.stdout


@pytest.mark.parametrize("fmt,magic", [("xlsx", b"PK"), ("docx", b"PK")])
def test_office_outputs(tmp_path, fmt, magic):
    out = tmp_path / f"t.{fmt}"
    r = run(SEED, "--format", fmt, "-o", str(out))
    assert r.exit_code == 0, r.output
    assert out.read_bytes()[:2] == magic


def test_output_file_json(tmp_path):
    out = tmp_path / "o.json"
    assert run(SEED, "-o", str(out)).exit_code == 0
    assert json.loads(out.read_text(encoding="utf-8"))["items"]


@pytest.mark.parametrize(
    "raw,name",
    [
        (b"", "e.txt"),
        (bytes(range(256)) * 8, "b.txt"),
        (b"PK\x03\x04broken", "c.docx"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512, "p.docx"),
    ],
)
def test_bad_input_exit_2_with_chinese_message(tmp_path, raw, name):
    p = tmp_path / name
    p.write_bytes(raw)
    r = run(str(p))
    assert r.exit_code == 2 and "错误：" in r.stderr and "Traceback" not in r.output


def test_bad_arguments(tmp_path):
    assert run(SEED, "--base-date", "2023-13-01").exit_code == 2
    assert run(SEED, "--format", "xlsx").exit_code == 2
    assert run(str(tmp_path / "missing.txt")).exit_code == 2


def test_no_requirements_is_not_an_error(tmp_path):
    p = tmp_path / "n.txt"
    p.write_text("今天天气很好。", encoding="utf-8")
    r = run(str(p))
    assert r.exit_code == 0 and json.loads(r.stdout)["items"] == [] and "未识别" in r.stderr


def test_five_megabyte_text(tmp_path):
    p = tmp_path / "big.txt"
    block = "会议听取了各科室的工作汇报，大家一致认为成绩来之不易。" * 200 + "\n各科室要在6月底前完成总结。\n"
    p.write_text(block * (5_000_000 // len(block.encode("utf-8")) + 1), encoding="utf-8")
    assert p.stat().st_size >= 5_000_000
    r = run(str(p), "--format", "md", "-o", str(tmp_path / "big.md"))
    assert r.exit_code == 0 and (tmp_path / "big.md").read_text(encoding="utf-8").count("6月底前") > 100


def test_docx_task_table_end_to_end(tmp_path):
    import docx

    d = docx.Document()
    d.add_paragraph("2026年重点工作任务分工表")
    t = d.add_table(rows=3, cols=5)
    rows = [
        ("序号", "具体措施", "牵头单位", "配合单位", "完成时限"),
        ("1", "制定全市干部教育培训规划", "干部教育科", "市委党校", "4月底前"),
        ("2", "建立优秀年轻干部储备库", "干部一科", "", "第二季度"),
    ]
    for row, values in zip(t.rows, rows):
        for cell, v in zip(row.cells, values):
            cell.text = v
    p = tmp_path / "分工表.docx"
    d.save(p)
    r = run(str(p), "--base-date", "2026-03-05")
    assert r.exit_code == 0, r.output
    items = json.loads(r.stdout)["items"]
    assert [i["text"] for i in items] == ["1\t制定全市干部教育培训规划", "2\t建立优秀年轻干部储备库"]
    assert [i["action"] for i in items] == ["制定全市干部教育培训规划", "建立优秀年轻干部储备库"]
    assert [(o["mention"], o["role"]) for o in items[0]["owners"]] == [
        ("干部教育科", "lead"),
        ("市委党校", "co"),
    ]
    assert [i["deadline"]["date"] for i in items] == ["2026-04-30", "2026-06-30"]


def test_the_table_is_headed_by_the_document_title_not_the_file_name(tmp_path):
    import docx

    source = tmp_path / "upload-2931.txt"
    source.write_text(
        "在全市组织工作会议上的讲话\n同志们：\n一、干部一科要在年底前完成年轻干部调研。\n", encoding="utf-8"
    )
    out = tmp_path / "t.docx"
    assert run(str(source), "--format", "docx", "-o", str(out)).exit_code == 0
    assert docx.Document(str(out)).paragraphs[0].text == "在全市组织工作会议上的讲话任务分解表"
    assert run(str(source), "--format", "docx", "-o", str(out), "--title", "部务会议定事项").exit_code == 0
    assert docx.Document(str(out)).paragraphs[0].text == "部务会议定事项任务分解表"
    source.write_text("一、干部一科要在年底前完成年轻干部调研。\n", encoding="utf-8")
    assert run(str(source), "--format", "docx", "-o", str(out)).exit_code == 0
    assert docx.Document(str(out)).paragraphs[0].text == "upload-2931任务分解表"
