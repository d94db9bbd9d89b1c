"""The layering, checked on the source: imports point one way, every module has a place, only write/ writes.

cli -> commands -> pipeline -> load, archive, output, cache, write -> config -> models, errors (docs/architecture.md)
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src" / "cseas_site"
ROOT = "__init__"  # the package itself (its __version__)
# What each part of the package may import from the package, besides itself. A module of a part that is not
# in this table fails the test: a newcomer adds the part here, deciding where it sits.
ALLOWED: dict[str, set[str]] = {
    ROOT: set(),
    "__main__": {"cli"},
    "errors": set(),
    "models": {"errors"},
    "digests": set(),
    "slugs": set(),
    "progress": set(),
    "yamltools": {"errors"},
    "config": {"errors", "yamltools"},
    "workers": {"progress"},
    "load": {"errors", "models", "config", "yamltools", "slugs", "workers", "digests"},
    "archive": {"errors", "models", "config", "slugs"},
    "media": {"digests"},  # images: pure records and Pillow's work on bytes
    "output": {ROOT, "errors", "models", "config", "slugs", "digests", "load", "archive", "media"},
    # cache/resident.py keeps what serve's last build collated (archive/ is pure: it never reads the cache)
    "cache": {ROOT, "errors", "models", "config", "digests", "load", "archive", "write", "media", "workers"},
    "write": {"errors", "models", "digests", "workers", "archive", "output"},
    "pipeline": {"errors", "models", "config", "load", "archive", "media", "output", "cache", "write"},
    "importers": {"errors", "models", "config", "slugs", "yamltools", "digests", "load", "archive", "write"},
    "commands": {
        "errors",
        "models",
        "config",
        "slugs",
        "progress",
        "load",
        "archive",
        "pipeline",
        "write",
        "importers",
    },
    "cli": {ROOT, "errors", "write", "commands", "daemon"},
    # the build daemon runs command lines (cli) in a process that stays; it warms up through the pipeline
    "daemon": {ROOT, "digests", "config", "pipeline", "cli"},
}
WRITERS = {"write"}  # the only part that calls the file system to write; everyone else goes through it
# Calls that change the file system, by the name of the function or method called.
ALWAYS_WRITES = {
    "write_text", "write_bytes", "unlink", "rmdir", "removedirs", "mkdir", "makedirs", "rename", "renames",
    "link", "symlink", "symlink_to", "hardlink_to", "touch", "rmtree", "truncate", "chmod", "chown", "utime",
    "mkstemp", "mkdtemp", "NamedTemporaryFile", "TemporaryDirectory", "copy", "copy2", "copyfile", "copytree",
    "copymode", "copystat", "move", "lchmod", "mkfifo", "mknod",
}  # fmt: skip
WRITING_MODES = set("wax+")


def module_name(file: Path) -> str:
    """'cseas_site.write.writer' for src/cseas_site/write/writer.py ('cseas_site.load' for its __init__)."""
    parts = ["cseas_site", *file.relative_to(SRC).with_suffix("").parts]
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def is_module(name: str) -> bool:
    """Whether a dotted name below cseas_site is a module or package of ours (not an attribute)."""
    relative = Path(*name.split(".")[1:]) if "." in name else Path()
    return (SRC / relative).with_suffix(".py").is_file() or (SRC / relative / "__init__.py").is_file()


def part_of(name: str) -> str:
    """The part of the package a dotted module name belongs to: 'write' for cseas_site.write.writer."""
    parts = name.split(".")
    return parts[1] if len(parts) > 1 else ROOT


def imported_parts(source: str, module: str, is_package: bool = False) -> set[str]:
    """Every part of the package that the source of ``module`` imports, relative imports resolved."""
    found = set()
    package = module if is_package else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found |= {part_of(a.name) for a in node.names if a.name.split(".")[0] == "cseas_site"}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                target = ".".join([*base, *([node.module] if node.module else [])])
            elif (node.module or "").split(".")[0] == "cseas_site":
                target = node.module or ""
            else:
                continue
            for alias in node.names:  # `from . import x` imports the module x when there is one
                inner = f"{target}.{alias.name}"
                found.add(part_of(inner if is_module(inner) else target))
    return found


def writes(source: str) -> list[str]:
    """Every call in the source that can change the file system, as 'line: call'."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""
        owner = func.value.id if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) else ""
        if (
            name in ALWAYS_WRITES
            or (name in ("replace", "remove") and owner == "os")
            or (name == "replace" and len(node.args) == 1 and not node.keywords)  # Path.replace(target)
            or (name in ("open", "fdopen") and _writing_mode(node))
        ):
            found.append(f"{node.lineno}: {ast.unparse(node)[:80]}")
    return found


def _writing_mode(call: ast.Call) -> bool:
    """open(..., "w"), Path.open("a"), os.open(..., os.O_WRONLY | os.O_CREAT), os.fdopen(fd, "wb") ... (the
    built-in open's first argument is the file, whose name may hold any letter: '/proc/net/unix')."""
    positional = call.args[1:] if isinstance(call.func, ast.Name) else call.args
    values = [*positional, *(k.value for k in call.keywords if k.arg in ("mode", "flags"))]
    for value in values:
        if isinstance(value, ast.Constant) and isinstance(value.value, str) and WRITING_MODES & set(value.value):
            return True
        if any(isinstance(n, ast.Attribute) and n.attr in ("O_WRONLY", "O_RDWR", "O_CREAT") for n in ast.walk(value)):
            return True
    return False


def sources() -> list[tuple[Path, str, str]]:
    return [(file, module_name(file), file.read_text(encoding="utf-8")) for file in sorted(SRC.rglob("*.py"))]


def test_every_module_has_a_place_and_imports_point_one_way() -> None:
    checked = 0
    for file, module, text in sources():
        part = part_of(module)
        assert part in ALLOWED, f"{file.relative_to(SRC)} belongs to no part of the table: add it to ALLOWED"
        extra = imported_parts(text, module, file.name == "__init__.py") - ALLOWED[part] - {part}
        assert not extra, f"{file.relative_to(SRC)} imports {sorted(extra)}"
        checked += 1
    assert checked >= 50


def test_only_the_writer_writes_files() -> None:
    for file, module, text in sources():
        if part_of(module) not in WRITERS:
            assert not writes(text), f"{file.relative_to(SRC)} writes outside write/: {writes(text)}"


# The checks above can fail: each of these sources breaks a rule, and must be caught.
@pytest.mark.parametrize(
    ("module", "source", "forbidden"),
    [
        ("cseas_site.load.loader", "from ..output import pages", "output"),
        ("cseas_site.load.loader", "from ..write.writer import put_file", "write"),
        ("cseas_site.archive.urls", "from .. import pipeline", "pipeline"),
        ("cseas_site.models", "import cseas_site.config", "config"),
        ("cseas_site.output.pages", "def f():\n    from cseas_site.cache import open_cache", "cache"),
        ("cseas_site.write", "from .publish import publish\nfrom ..commands import build", "commands"),
    ],
)
def test_a_forbidden_import_is_caught(module: str, source: str, forbidden: str) -> None:
    is_package = module == "cseas_site.write"
    found = imported_parts(source, module, is_package)
    assert forbidden in found and forbidden not in ALLOWED[part_of(module)]


def test_relative_imports_resolve_to_the_module_not_the_package() -> None:
    assert imported_parts("from . import markdown_article", "cseas_site.load.loader") == {"load"}
    assert imported_parts("from .. import progress", "cseas_site.load.loader") == {"progress"}
    assert imported_parts("from .. import __version__", "cseas_site.output.feeds") == {ROOT}
    assert imported_parts("from .writer import put_file", "cseas_site.write", is_package=True) == {"write"}


@pytest.mark.parametrize(
    "source",
    [
        'open(path, "w")',
        'open(path, mode="ab")',
        'open(path, "xb")',
        'open(path, "r+")',
        'path.open("w", encoding="utf-8")',
        'os.fdopen(handle, "wb")',
        "os.open(path, os.O_WRONLY | os.O_CREAT)",
        'path.write_text("x")',
        'path.write_bytes(b"x")',
        "shutil.rmtree(folder)",
        "os.replace(a, b)",
        "path.replace(target)",
        "os.link(a, b)",
        "os.rename(a, b)",
        "path.unlink()",
        "os.remove(path)",
        "path.mkdir(parents=True)",
        "tempfile.mkstemp(dir=folder)",
        "shutil.copy2(a, b)",
        "path.touch()",
    ],
)
def test_a_stray_write_is_caught(source: str) -> None:
    assert writes(source), source


def test_reads_are_not_writes() -> None:
    assert not writes('open(path, "rb")\nopen(path)\ntext.replace("a", "b")\nitems.remove(x)\nos.open(p, os.O_RDONLY)')
    assert not writes('open("/proc/net/unix", "rb")\nopen("index.wax")')
