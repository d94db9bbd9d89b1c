"""Command line: parse the arguments, run the command (commands/), turn failures into messages and exit codes."""

from __future__ import annotations

import argparse
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from . import __version__

INTERRUPTED = 130  # the exit status after Ctrl-C
COMMANDS = ("build", "inspect", "import", "new", "check", "serve")


def _root(parser: argparse.ArgumentParser, help: str) -> None:
    parser.add_argument("--root", type=Path, default=Path("."), help=help)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cseas-build",
        usage="cseas-build [COMMAND] [OPTIONS]",
        description="Build a static news archive from content/ (Markdown and raw text reports).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", title="commands")
    b = commands.add_parser("build", help="build the site into the output folder (the default command)",
                            description="Build the site whose root holds content/ into build/.")  # fmt: skip
    _root(b, "site root holding content/ (default: .)")
    b.add_argument("--output", type=Path, help="output folder (default: ROOT/build)")  # (parse fills it in)
    b.add_argument("--drafts", action="store_true", help="include drafts and future-dated articles")
    b.add_argument("--force", action="store_true", help="replace an output folder that holds another static site")
    b.add_argument("--quiet", action="store_true", help="print nothing but problems")
    b.add_argument("--no-search", action="store_true", help="skip the Pagefind search index")
    b.add_argument("--no-cache", action="store_true", help="ignore what the last build knew: a full, cold build")
    b.add_argument("--verbose", action="store_true", help="also print the seconds each stage took")
    b.add_argument(
        "--jobs", type=int, default=os.cpu_count() or 1, metavar="N", help="processes to use (default: all cores)"
    )
    b.add_argument(
        "--daemon",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="keep a build process for this site's next build (default: at a terminal, not in CI)",
    )
    b.add_argument("--stop-daemon", action="store_true", help="stop this site's build daemons, build nothing")
    b.set_defaults(run="build:run", resident=False)
    i = commands.add_parser("inspect", help="print parsed articles as JSON",
                            description="Print what the loader reads from each file, as a JSON array.")  # fmt: skip
    i.add_argument("files", nargs="+", type=Path, metavar="FILE", help="a content file (.md, .markdown or .txt)")
    _root(i, "site root whose content/site.yaml applies")
    i.set_defaults(run="inspect:run")
    new = commands.add_parser(
        "new",
        help="start a new article (a draft)",
        description="Write content/<slug>.md with front matter, as a draft, in the site this folder is in.",
    )
    new.add_argument("title", metavar="TITLE", help="the article's title (quote it); the file is named after it")
    new.add_argument("--root", type=Path, help="site root (default: this folder, or the first above it with content/)")
    new.add_argument("--publish", action="store_true", help="no 'draft: true': published once the body is written")
    new.add_argument("--tag", action="append", default=[], metavar="T", help="a tag (repeat for more)")
    new.add_argument("--source", help="the news agency")
    new.add_argument("--category", help="the category")
    new.add_argument("--lang", help="the language code (en, id ...)")
    new.set_defaults(run="new:run")
    srv = commands.add_parser(
        "serve",
        help="build, serve on this machine, rebuild and reload on every change",
        description="Build the site, serve it over HTTP, rebuild what changed on every save and reload open tabs.",
    )
    _root(srv, "site root")
    srv.add_argument("--bind", default="127.0.0.1", help="address to listen on (default: this machine only)")
    srv.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    srv.add_argument("--drafts", action="store_true", help="include drafts and future-dated articles")
    srv.add_argument("--no-search", action="store_true", help="skip the search index (faster rebuilds)")
    srv.set_defaults(run="serve:run")
    chk = commands.add_parser(
        "check",
        help="lint content and check every link, publishing nothing",
        description="Lint the content and check every internal link of a trial build.",
    )
    _root(chk, "site root")
    chk.add_argument("--drafts", action="store_true", help="include drafts and future-dated articles")
    chk.set_defaults(run="check:run")
    imp = commands.add_parser(
        "import",
        help="turn other formats into content files",
        description="Turn a WordPress export or raw text reports into Markdown content files.",
    )
    kinds = imp.add_subparsers(dest="kind", metavar="KIND", required=True)
    wp = kinds.add_parser(
        "wordpress",
        help="import a WordPress export (WXR 1.0-1.2)",
        description="Import posts, pages and their images from a WordPress export file.",
    )
    wp.add_argument("export", type=Path, metavar="EXPORT.xml", help="the file of Tools > Export in WordPress")
    _root(wp, "site root (content/ is written there)")
    wp.add_argument(
        "--uploads",
        type=Path,
        help="a local copy of wp-content/uploads (or a backup holding it) to take images and documents from",
    )
    wp.add_argument("--comments", action="store_true", help="keep approved comments, read-only, under each article")
    wp.add_argument("--menu", metavar="NAME", help="the export's menu to show as the header menu (default: guessed)")
    wp.add_argument("--force", action="store_true", help="also replace files edited by hand since the last import")
    wp.set_defaults(run="importing:run_wordpress")
    tx = kinds.add_parser(
        "text",
        help="turn raw text reports into Markdown with front matter",
        description="Write what the loader reads from raw text reports as Markdown files.",
    )
    tx.add_argument("paths", nargs="+", type=Path, metavar="FILE_OR_DIR", help="a .txt report, or a folder of them")
    _root(tx, "site root (content/ is written there)")
    tx.add_argument("--force", action="store_true", help="also replace files edited by hand since the last import")
    tx.set_defaults(run="importing:run_text")
    parser.epilog = (
        "Without a command, build runs: 'cseas-build --root site' is 'cseas-build build --root site'.\n"
        "'cseas-build COMMAND --help' explains each command. The build options:\n\n"
        + b.format_help().split("options:\n", 1)[1]
    )
    return parser


def _command(name: str) -> Callable[[argparse.Namespace], int]:
    """The function a command runs ('module:function' in commands/), imported only when it runs: a build does
    not pay for the importers or the server."""
    module, function = name.split(":")
    run: Callable[[argparse.Namespace], int] = getattr(
        importlib.import_module(f"{__package__}.commands.{module}"), function
    )
    return run


def parse(argv: Sequence[str]) -> argparse.Namespace:
    """The command and options of a command line (build when none is named); exits with status 2 on a usage
    error, as argparse does."""
    args_list = list(argv)
    if not args_list or args_list[0] not in (*COMMANDS, "-h", "--help", "--version"):
        args_list.insert(0, "build")
    args = _parser().parse_args(args_list)
    if args.run == "build:run" and args.output is None:
        args.output = args.root / "build"  # the one place the default output folder is made
    return args


def main(argv: Sequence[str] | None = None) -> int:
    """Run cseas-build; return the exit status (0 ok, 1 bad content or config, 2 usage). A build at a terminal
    goes to the site's build daemon when one is there, and starts one after building otherwise (daemon.py)."""
    args_list = list(sys.argv[1:] if argv is None else argv)
    args = parse(args_list)
    if args.run != "build:run":
        return execute(args)
    from . import daemon

    if args.stop_daemon:
        return daemon.stop(args)
    if not daemon.wanted(args):
        return execute(args)
    try:
        status = daemon.build_there(args, args_list)
    except KeyboardInterrupt:  # the daemon's build is interrupted too (the connection closed)
        return _interrupted()
    except OSError as exc:  # printing failed (a closed pipe): as when the command builds itself
        return _os_error(exc)
    if status is None:
        status = execute(args)
        if status != INTERRUPTED:  # (after Ctrl-C the editor wants nothing more to run)
            daemon.start(args, args_list)
    return status


def execute(args: argparse.Namespace) -> int:
    """Run a parsed command line; turn its failures into messages and an exit status. (Imported here: a build
    sent to the build daemon does not pay for them.)"""
    from .commands.common import count, print_problems, say
    from .errors import SiteError, errors_in
    from .write.writer import OutputError

    try:
        return _command(args.run)(args)
    except SiteError as exc:
        print_problems(exc.problems)
        say(f"{count(len(errors_in(exc.problems)), 'problem')} found; nothing was published.")
        return 1
    except OutputError as exc:
        say(str(exc))
        return 1
    except OSError as exc:
        return _os_error(exc)
    except KeyboardInterrupt:
        return _interrupted()


def _os_error(exc: OSError) -> int:
    """A failure of the system (an unreadable templates/ folder, a closed pipe): a clear line, never a
    traceback."""
    from .commands.common import say

    where = f": {exc.filename}" if exc.filename else ""
    say(f"{exc.strerror or exc}{where}")
    return 1


def _interrupted() -> int:
    """Ctrl-C: the old site is still in place (the swap is one step)."""
    from .commands.common import say

    say("interrupted; nothing was published")
    return INTERRUPTED


if __name__ == "__main__":
    sys.exit(main())
