"""Write imported files without losing an editor's work: a manifest remembers what the importer wrote."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..digests import digest
from ..write.writer import OutputError, atomic_write, outside

MANIFEST = ".import-manifest.json"  # in content/; hidden, so the loader ignores it


@dataclass
class Outcome:
    """What happened to each planned file."""

    written: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)  # edited by hand (or not ours): left alone without --force


class ImportWriter:
    """Writes files below a site root; never overwrites a file changed since the importer wrote it."""

    def __init__(self, root: Path, force: bool) -> None:
        self.root, self.force = root, force
        self.manifest_file = root / "content" / MANIFEST
        self.manifest: dict[str, str] = {}
        self.warnings: list[str] = []
        self.outcome = Outcome()
        try:
            loaded = json.loads(self.manifest_file.read_text(encoding="utf-8")) if self.manifest_file.is_file() else {}
        except (OSError, ValueError):  # damaged: every existing file is then treated as edited by hand
            loaded = None
        if isinstance(loaded, dict) and all(isinstance(k, str) and isinstance(v, str) for k, v in loaded.items()):
            self.manifest = loaded
        else:
            self.warnings.append(
                f"{MANIFEST} is damaged: files that exist are kept as they are (use --force to replace them)"
            )

    def check(self, relatives: list[str]) -> None:
        """Refuse, before anything is written, a plan that would write through a link out of the site."""
        problems = [problem for relative in relatives if (problem := outside(self.root, relative))]
        if problems:
            raise OutputError(
                "; ".join(problems[:5]) + ("; ..." if len(problems) > 5 else "") + "; nothing was written"
            )

    def write(self, relative: str, data: bytes) -> None:
        """Write one file (relative to the site root, POSIX separators)."""
        problem = outside(self.root, relative)
        if problem is not None:
            raise OutputError(problem)
        target = self.root.joinpath(*relative.split("/"))
        new = digest(data)
        if target.exists():
            current = digest(target.read_bytes())
            if current == new:
                self.manifest[relative] = new
                self.outcome.unchanged.append(relative)
                return
            if self.manifest.get(relative) != current and not self.force:
                self.outcome.kept.append(relative)
                return
        atomic_write(target, data)
        self.manifest[relative] = new
        self.outcome.written.append(relative)

    def write_own(self, relative: str, data: bytes) -> None:
        """Write a file the importer owns or only adds to (its list of missing media; a menu appended to
        site.yaml), whoever changed it last."""
        problem = outside(self.root, relative)
        if problem is not None:
            raise OutputError(problem)
        target = self.root.joinpath(*relative.split("/"))
        if target.is_file() and target.read_bytes() == data:
            self.outcome.unchanged.append(relative)
            return
        atomic_write(target, data)
        self.outcome.written.append(relative)

    def finish(self) -> Outcome:
        """Save the manifest and return what happened."""
        data = json.dumps(dict(sorted(self.manifest.items())), indent=1) + "\n"
        atomic_write(self.manifest_file, data.encode("utf-8"))
        return self.outcome
