"""Imports point one way: cli -> build -> load, archive, output, write -> config -> models, errors."""

from __future__ import annotations

import ast
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "cseas_site"
STAGES = ["load", "archive", "output", "write"]
# What each part may import from the package (besides itself).
ALLOWED = {
    "errors": set(),
    "models": set(),
    "slugs": set(),
    "yamltools": {"errors"},
    "config": {"errors", "yamltools"},
    "workers": set(),
    "progress": set(),
    "load": {"errors", "models", "config", "yamltools", "slugs", "workers", "progress"},
    "archive": {"errors", "models", "config", "slugs"},
    "output": {"errors", "models", "config", "slugs", "archive", "load"},
    "write": {"errors", "models", "workers", "progress"},
    "build": {"errors", "models", "config", "workers", *STAGES},
    "importers": {"errors", "models", "config", "slugs", "load"},
}


def part_of(module: str) -> str:
    return module.split(".")[0]


def imports(file: Path) -> set[str]:
    tree = ast.parse(file.read_text(encoding="utf-8"))
    package = file.relative_to(SRC).parts
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level > 0:
            base = list(package[: len(package) - node.level])
            target = ".".join([*base, node.module or ""]).strip(".")
            found.add(part_of(target) if target else "__init__")  # from .. import __version__
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("cseas_site"):
            found.add(part_of((node.module or "").removeprefix("cseas_site.")))
    return found


def test_stages_never_import_later_stages() -> None:
    checked = 0
    for file in SRC.rglob("*.py"):
        part = part_of(file.relative_to(SRC).with_suffix("").as_posix().replace("/", "."))
        if part not in ALLOWED:
            continue
        extra = imports(file) - ALLOWED[part] - {part, "__init__"}
        assert not extra, f"{file.relative_to(SRC)} imports {sorted(extra)}"
        checked += 1
    assert checked >= 15


def test_only_the_writer_and_importers_write_files() -> None:
    for file in SRC.rglob("*.py"):
        text = file.read_text(encoding="utf-8")
        part = file.relative_to(SRC).parts[0]
        if "write_bytes(" in text or "write_text(" in text or '"wb"' in text:
            assert part in ("write", "importers"), f"{file} writes files"
