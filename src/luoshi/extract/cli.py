"""``luoshi extract FILE``: a text or Word file in, the 任务分解表 out (json, md, xlsx, docx)."""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
from pathlib import Path
from typing import NoReturn

import click

from .errors import ExtractError
from .model import ENGINES


def _fail(msg: str) -> NoReturn:
    click.echo(f"错误：{msg}", err=True)
    sys.exit(2)


def render_markdown(result, title: str) -> str:
    """A 任务分解表 as a Markdown table, for reading in a terminal or pasting into a wiki."""
    from luoshi.reports.decomposition import rows_from_extraction

    lines = [
        f"# {title} 任务分解表",
        "",
        f"基准日期：{result.base_date}，共 {len(result.items)} 项",
        "",
        "| 序号 | 任务内容 | 牵头单位 | 配合单位 | 完成时限 | 问题 |",
        "|---|---|---|---|---|---|",
    ]
    for r in rows_from_extraction(result):
        cells = [str(r["序号"]), r["任务内容"], r["牵头单位"], r["配合单位"], r["完成时限"], r["问题"]]
        lines.append("| " + " | ".join(c.replace("|", "｜").replace("\n", " ") for c in cells) + " |")
    return "\n".join(lines) + "\n"


HEADING_LINES = 5
NOT_A_HEADING = re.compile(
    r"[。，；：！？,;:!?]|^同志们|^各位|^[一二三四五六七八九十]+[、是要]|^[（(0-9０-９]"
)


def heading_of(text: str) -> str:
    """The document's title line: one of its first lines, short and without a sentence's punctuation
    (在全市组织工作会议上的讲话); empty when the text starts straight with its body."""
    lines = [line.strip() for line in text.splitlines() if line.strip()][:HEADING_LINES]
    return next((line for line in lines if 6 <= len(line) <= 60 and not NOT_A_HEADING.search(line)), "")


@click.command("extract")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "md", "xlsx", "docx"]),
    default="json",
    show_default=True,
    help="输出格式",
)
@click.option(
    "--org",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="组织机构 YAML（units: id, name, short_name, aliases）",
)
@click.option("--base-date", help="文件日期 YYYY-MM-DD，相对时限据此计算（默认取文头日期或今天）")
@click.option(
    "--engine",
    type=click.Choice(ENGINES),
    help="learned：按语料学得的判断（默认）；rules：规则自身的判断；llm：模型服务"
    "（默认值可由环境变量 LUOSHI_EXTRACT_ENGINE 设定）",
)
@click.option(
    "-o", "--output", type=click.Path(dir_okay=False, path_type=Path), help="输出文件（默认标准输出）"
)
@click.option("--title", help="文件标题，用作分解表的表头（默认取正文的标题行，没有时取文件名）")
def extract_command(
    file: Path,
    fmt: str,
    org: Path | None,
    base_date: str | None,
    engine: str | None,
    output: Path | None,
    title: str | None,
) -> None:
    """把讲话或工作方案（.txt/.docx）分解为任务分解表。"""
    from . import extract, read_document

    base = None
    if base_date:
        try:
            base = dt.date.fromisoformat(base_date)
        except ValueError:
            _fail(f"日期格式不正确：{base_date}（应为 YYYY-MM-DD）")
    if fmt in ("xlsx", "docx"):
        if output is None:
            _fail(f"{fmt} 格式需要用 -o 指定输出文件。")
        target: Path = output
    try:
        chart = None
        if org is not None:
            from .orgchart import OrgChart

            chart = OrgChart.from_yaml(org)
        text = read_document(file)
        result = extract(text, base_date=base, org=chart, engine=engine)
    except ExtractError as exc:
        _fail(str(exc))
    if not result.items:
        click.echo("提示：未识别到可分解的工作要求。", err=True)
    title = title or heading_of(text) or file.stem
    if fmt == "json":
        out = json.dumps(result.to_dict(), ensure_ascii=False, indent=1) + "\n"
    elif fmt == "md":
        out = render_markdown(result, title)
    else:
        from luoshi.reports import decomposition

        writer = decomposition.write_xlsx if fmt == "xlsx" else decomposition.write_docx
        try:
            target.write_bytes(writer(result, title=f"{title}任务分解表"))
        except OSError as exc:
            _fail(f"无法写入输出文件：{output}（{exc.strerror}）")
        click.echo(f"已写入 {output}（{len(result.items)} 项）", err=True)
        return
    if output is None:
        click.echo(out, nl=False)
    else:
        try:
            output.write_text(out, encoding="utf-8")
        except OSError as exc:
            _fail(f"无法写入输出文件：{output}（{exc.strerror}）")
