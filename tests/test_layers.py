"""The architecture, checked: layers import downwards only, and no two modules import each
other, even lazily inside a function.

    stop -> i18n -> errors -> store -> domain -> model -> query -> render -> cli

``vikentool/__init__.py`` (the lazy public API) and ``__main__.py`` stand above them all.
"""

from __future__ import annotations

import ast
from pathlib import Path

import vikentool

PACKAGE = Path(vikentool.__file__).parent
LAYERS = ("stop", "i18n", "errors", "store", "domain", "model", "query", "render", "cli")


def module_name(path: Path) -> str:
    parts = list(path.relative_to(PACKAGE.parent).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


MODULES = {module_name(p): p for p in PACKAGE.rglob("*.py")}


def imports_of(path: Path) -> set[str]:
    """Every vikentool module ``path`` imports, at module level or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names = [f"{node.module}.{alias.name}" for alias in node.names] + [node.module]
        else:
            continue
        for name in names:
            if name in MODULES and name.startswith("vikentool."):
                found.add(name)
    # ``from vikentool.x import y`` where y is a module: count y, not the package x too.
    return {m for m in found if not any(o.startswith(m + ".") for o in found)}


def layer(module: str) -> int | None:
    parts = module.split(".")
    if len(parts) < 2 or parts[1] == "__main__":
        return None
    return LAYERS.index(parts[1])


GRAPH = {name: imports_of(path) for name, path in MODULES.items()}


def test_every_module_sits_in_a_layer() -> None:
    for name in MODULES:
        if name not in ("vikentool", "vikentool.__main__"):
            assert layer(name) is not None, name


def test_layers_import_downwards_only() -> None:
    upward = [
        f"{module} ({LAYERS[own]}) imports {target} ({LAYERS[other]})"
        for module, targets in GRAPH.items()
        if (own := layer(module)) is not None
        for target in targets
        if (other := layer(target)) is not None and other > own
    ]
    assert upward == []


def test_no_import_cycles() -> None:
    def reach(start: str) -> set[str]:
        seen: set[str] = set()
        todo = list(GRAPH[start])
        while todo:
            current = todo.pop()
            if current not in seen:
                seen.add(current)
                todo.extend(GRAPH.get(current, ()))
        return seen

    cycles = [m for m in GRAPH if m in reach(m) and m != "vikentool"]
    assert cycles == []


def test_the_cli_holds_no_row_building() -> None:
    # Rows are built in query.reports; the CLI hands them to the one emit(). No dict built
    # in the CLI, literal or comprehension, and no dates formatted there.
    for module in ("vikentool.cli.commands", "vikentool.cli.app", "vikentool.cli.options"):
        source = MODULES[module].read_text(encoding="utf-8")
        tree = ast.parse(source)
        built = [
            node.lineno
            for node in ast.walk(tree)
            if isinstance(node, ast.Dict | ast.DictComp) and module == "vikentool.cli.commands"
        ]
        assert built == [], (module, built)
        assert "rows.append(" not in source and ".isoformat()" not in source, module
    commands = MODULES["vikentool.cli.commands"].read_text(encoding="utf-8")
    assert "to_csv(" not in commands and "csv.writer" not in commands
