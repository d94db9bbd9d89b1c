"""How long `serve` takes to show an edit: from saving an article to the browser's page having the new text.

    python benchmarks/serve.py --root /work/bench/news10k/cseas-nosearch --repeat 5 [--search] [--settle 15]

Starts ``python -m cseas_site serve`` on a free port (its first build can take minutes on a large corpus; it is
not timed), then for each repetition appends a marked sentence to one article (a different one each time) and
does what the browser does: it listens to the site's reload events (the page's EventSource), and on each one
loads the article's page, until the sentence is there. Prints each latency and the median. ``--poll`` asks for
the page every 10 ms instead (what this script did until the twentieth session): each request is answered by
the process that is building, and slows it down.
"""

from __future__ import annotations

import argparse
import http.client
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def fetch(port: int, path: str) -> bytes:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path)
        return connection.getresponse().read()
    finally:
        connection.close()


class Events:
    """The site's reload events, as the page's EventSource reads them (serve's /__cseas/events)."""

    def __init__(self, port: int) -> None:
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        self.connection.request("GET", "/__cseas/events")
        self.response = self.connection.getresponse()

    def next_reload(self) -> None:
        """Wait for the next event: a reload, or the comment serve sends after 15 s without one (the caller then
        looks at the page again, and gives up after a minute)."""
        while True:
            line = self.response.readline()
            if not line:
                raise SystemExit("the event stream ended")
            if line.startswith((b"data: reload", b": waiting")):
                return

    def close(self) -> None:
        self.connection.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--root", type=Path, required=True)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--search", action="store_true", help="serve with search (default: --no-search)")
    parser.add_argument(
        "--settle", type=float, default=15.0, help="seconds from the first build to the first edit (opening a file)"
    )
    parser.add_argument("--poll", action="store_true", help="ask for the page every 10 ms, not on reload events")
    args = parser.parse_args()
    port = free_port()
    command = [sys.executable, "-m", "cseas_site", "serve", "--root", str(args.root), "--port", str(port)]
    server = subprocess.Popen(command + ([] if args.search else ["--no-search"]), stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True)  # fmt: skip
    lines: list[str] = []
    threading.Thread(target=lambda: lines.extend(iter(server.stdout.readline, "")), daemon=True).start()  # type: ignore[union-attr]
    try:
        started = time.perf_counter()
        while not any("Serving http://" in line for line in lines):
            if server.poll() is not None:
                raise SystemExit("serve stopped:\n" + "".join(lines))
            time.sleep(0.1)
        print(f"first build and start: {time.perf_counter() - started:.1f} s", flush=True)
        time.sleep(args.settle)  # serve readies the next build's tree meanwhile (after a full build)
        latencies = []
        for rep in range(args.repeat):
            number = 200 + rep * 53
            article = args.root / "content" / f"article-{number:06d}.md"
            marker = f"Serve edit {time.time_ns()}."
            time.sleep(1.0)  # let the watcher settle after the last build
            events = None if args.poll else Events(port)
            before = time.perf_counter()
            with open(article, "a", encoding="utf-8") as handle:
                handle.write(f"\n{marker}\n")
            while marker.encode() not in fetch(port, f"/article-{number:06d}/"):
                if time.perf_counter() - before > 60:
                    raise SystemExit("the edit did not show within 60 s:\n" + "".join(lines[-20:]))
                if events is None:
                    time.sleep(0.01)
                else:
                    events.next_reload()
            latencies.append(time.perf_counter() - before)
            if events is not None:
                events.close()
            print(f"edit {rep}: {latencies[-1]:.3f} s", flush=True)
        print(f"median {statistics.median(latencies):.3f} s over {len(latencies)} edits")
        # serve's own report of each build ("Rebuilt N files in S s."): the rest of a latency is the watcher's
        # wait for the save to settle, the reload event and the page's request
        builds = [float(line.rsplit(" in ", 1)[1].split()[0]) for line in lines if "Rebuilt " in line]
        builds = builds[-len(latencies) :]
        if builds:
            print(f"serve's builds: median {statistics.median(builds):.3f} s over {len(builds)}")
    finally:
        server.terminate()
        server.wait(timeout=30)


if __name__ == "__main__":
    main()
