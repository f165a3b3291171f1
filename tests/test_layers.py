"""Layers point one way: ``core`` imports nothing of the domain apps, and no two apps import each other,
directly or round a longer circle. Every import counts, those inside functions too."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

import luoshi

PACKAGE = Path(luoshi.__file__).parent
# The packages of luoshi: Django apps and the plain ones (extract, reports).
APPS = sorted(path.name for path in PACKAGE.iterdir() if (path / "__init__.py").exists())
# Circles still being taken apart: each must disappear from this list when it is broken (the test fails
# on a listed circle that no longer exists, so the list cannot outlive it).
KNOWN_CIRCLES: set[frozenset[str]] = set()


def _module_name(relative: Path) -> list[str]:
    parts = ["luoshi", *relative.with_suffix("").parts]
    return parts[:-1] if parts[-1] == "__init__" else parts


def imports_between_apps(package: Path = PACKAGE) -> dict[str, dict[str, list[str]]]:
    """app → other app → where (file:line) the first imports the second; migrations left out."""
    found: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path in sorted(package.rglob("*.py")):
        relative = path.relative_to(package)
        if len(relative.parts) < 2 or relative.parts[0] not in APPS or "migrations" in relative.parts:
            continue
        app, module = relative.parts[0], _module_name(relative)
        package_parts = module if path.name == "__init__.py" else module[:-1]
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = package_parts[: len(package_parts) - node.level + 1] if node.level else []
                targets = [".".join([*base, *([node.module] if node.module else [])])]
            else:
                continue
            for target in targets:
                parts = target.split(".")
                if len(parts) > 1 and parts[0] == "luoshi" and parts[1] in APPS and parts[1] != app:
                    found[app][parts[1]].append(f"{relative}:{node.lineno}")
    return found


def circles(graph: dict[str, dict[str, list[str]]]) -> list[set[str]]:
    """The groups of apps that reach each other (strongly connected components of two or more)."""
    reach = {app: set(graph.get(app, {})) for app in APPS}
    changed = True
    while changed:
        changed = False
        for app, targets in reach.items():
            wider = targets.union(*(reach[other] for other in targets))
            if wider != targets:
                reach[app], changed = wider, True
    groups = {frozenset({app, *(other for other in reach[app] if app in reach[other])}) for app in APPS}
    return [set(group) for group in groups if len(group) > 1]


def test_core_imports_no_domain_app():
    assert dict(imports_between_apps().get("core", {})) == {}


def test_no_circle_between_apps_but_the_known_ones():
    graph = imports_between_apps()
    found = {frozenset(group) for group in circles(graph)}
    unexpected = {
        group: {app: {other: graph[app][other] for other in group if other in graph[app]} for app in group}
        for group in found - KNOWN_CIRCLES
    }
    assert not unexpected
    assert KNOWN_CIRCLES <= found, f"broken, remove from KNOWN_CIRCLES: {KNOWN_CIRCLES - found}"


def test_the_check_sees_function_level_and_relative_imports(tmp_path):
    for app in ("core", "tasks", "reports"):
        (tmp_path / app).mkdir()
        (tmp_path / app / "__init__.py").write_text("")
    (tmp_path / "core" / "views.py").write_text("def page():\n    from luoshi.tasks.models import Task\n")
    (tmp_path / "tasks" / "models.py").write_text("from ..reports import ledger\n")
    (tmp_path / "reports" / "ledger.py").write_text("import luoshi.core.views\n")
    graph = imports_between_apps(tmp_path)
    assert set(graph["core"]) == {"tasks"} and set(graph["tasks"]) == {"reports"}
    assert circles(graph) == [{"core", "tasks", "reports"}]
