"""Write imported files without losing an editor's work: a manifest remembers what the importer wrote."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from ..digests import digest
from ..write.writer import atomic_write

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
        if self.manifest_file.is_file():
            self.manifest = json.loads(self.manifest_file.read_text(encoding="utf-8"))
        self.outcome = Outcome()

    def write(self, relative: str, data: bytes) -> None:
        """Write one file (relative to the site root, POSIX separators)."""
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

    def finish(self) -> Outcome:
        """Save the manifest and return what happened."""
        data = json.dumps(dict(sorted(self.manifest.items())), indent=1) + "\n"
        atomic_write(self.manifest_file, data.encode("utf-8"))
        return self.outcome
