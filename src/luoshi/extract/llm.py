"""Optional model engine: an OpenAI-compatible chat endpoint picks the requirement sentences.

Configured by LUOSHI_LLM_BASE_URL, LUOSHI_LLM_MODEL and LUOSHI_LLM_API_KEY (intranets run their own
servers). The model only quotes sentences; offsets, owners and deadlines come from luoshi's own
grammar, so the output contract is the rule engine's. Any failure falls back to the rules.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import urllib.error
import urllib.request
from typing import Any

from .deadlines import IsWorkday
from .model import Extraction

PROMPT = """你是党政机关的文稿分析助手。请从下面的讲话或文件中找出所有"可执行的工作要求"：
讲话人要求某个单位或个人去做某件事的句子（常见信号：要、必须、务必、确保、抓好、推动、开展，
以及"一要…二要…"、"一是…二是…"、"（一）…"、"1."等列举）。回顾成绩、背景论述、网站广告不算。
只输出 JSON：{"items": [{"quote": "原文中连续的一段文字，逐字照抄", "owners": ["责任单位，照录原文"]}]}"""


class LLMError(Exception):
    pass


def _config() -> tuple[str, str, str]:
    base = os.environ.get("LUOSHI_LLM_BASE_URL", "").rstrip("/")
    model = os.environ.get("LUOSHI_LLM_MODEL", "")
    if not base or not model:
        raise LLMError("未配置模型服务（LUOSHI_LLM_BASE_URL / LUOSHI_LLM_MODEL）")
    return base, model, os.environ.get("LUOSHI_LLM_API_KEY", "")


def call_model(text: str, timeout: float = 60.0) -> dict[str, Any]:
    """POST /chat/completions and return the JSON object the model answered."""
    base, model, key = _config()
    body = json.dumps(
        {
            "model": model,
            "temperature": 0,
            "response_format": {"type": "json_object"},
            "messages": [{"role": "system", "content": PROMPT}, {"role": "user", "content": text}],
        }
    ).encode("utf-8")
    headers = {"Content-Type": "application/json"}
    if key:
        headers["Authorization"] = f"Bearer {key}"
    req = urllib.request.Request(  # noqa: S310 (the configured service)
        f"{base}/chat/completions",
        data=body,
        headers=headers,
        method="POST",
    )
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:  # noqa: S310 (the configured model service)
            payload = json.loads(resp.read().decode("utf-8"))
        content = payload["choices"][0]["message"]["content"]
    except (urllib.error.URLError, OSError, ValueError, KeyError, IndexError, TypeError) as exc:
        raise LLMError(f"模型服务调用失败：{exc}") from exc
    content = content.strip()
    if content.startswith("```"):
        content = content.strip("`").removeprefix("json").strip()
    try:
        data = json.loads(content)
    except ValueError as exc:
        raise LLMError("模型返回的不是 JSON") from exc
    if not isinstance(data, dict) or not isinstance(data.get("items"), list):
        raise LLMError("模型返回的 JSON 缺少 items 列表")
    return data


def spans_from_answer(text: str, data: dict[str, Any]) -> list[tuple[int, int]]:
    """Locate each quote in the text; quotes that are not verbatim are dropped."""
    spans, pos = [], 0
    for it in data["items"]:
        q = (it.get("quote") if isinstance(it, dict) else None) or ""
        q = q.strip()
        if len(q) < 4:
            continue
        s = text.find(q, pos)
        if s < 0:
            s = text.find(q)
        if s < 0:
            continue
        spans.append((s, s + len(q)))
        pos = s + len(q)
    return sorted(set(spans))


def extract_llm(text: str, base_date: dt.date | None = None, calendar: IsWorkday | None = None) -> Extraction:
    """The model engine with the rule engine as a safety net (endpoint down, nonsense answers)."""
    from .engine import extract_rules, extraction_from_spans

    try:
        data = call_model(text)
        spans = spans_from_answer(text, data)
        if not spans:
            raise LLMError("模型返回的条目都无法在原文中定位")
    except LLMError as exc:
        result = extract_rules(text, base_date, calendar)
        result.notes.append(f"模型引擎不可用，已改用规则引擎：{exc}")
        return result
    return extraction_from_spans(text, spans, base_date, calendar, engine="llm")
