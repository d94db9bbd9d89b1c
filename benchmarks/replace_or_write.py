"""What replacing a file costs on this disk against writing into it (write/writer._rewrite).

    python benchmarks/replace_or_write.py /work/tmp/fsb

For 2,000 files of 24 KB, three rounds: a new file renamed over each (the kernel frees the old one), each
truncated and written, each written into and cut to length.
"""

import os
import sys
import time

COUNT = 2000
DATA = os.urandom(12000) * 2


def setup(folder: str) -> None:
    os.makedirs(folder, exist_ok=True)
    for number in range(COUNT):
        with open(f"{folder}/f{number}.html", "wb") as handle:
            handle.write(DATA)


def new_bytes(number: int) -> bytes:
    return DATA[::-1] if number % 2 else DATA


def rename(folder: str) -> float:
    started = time.perf_counter()
    for number in range(COUNT):
        with open(f"{folder}/.f{number}.tmp", "xb") as handle:
            handle.write(new_bytes(number))
        os.replace(f"{folder}/.f{number}.tmp", f"{folder}/f{number}.html")
    return time.perf_counter() - started


def truncate(folder: str) -> float:
    started = time.perf_counter()
    for number in range(COUNT):
        handle = os.open(f"{folder}/f{number}.html", os.O_WRONLY | os.O_TRUNC)
        os.write(handle, new_bytes(number))
        os.close(handle)
    return time.perf_counter() - started


def write_into(folder: str) -> float:
    started = time.perf_counter()
    for number in range(COUNT):
        handle = os.open(f"{folder}/f{number}.html", os.O_WRONLY)
        os.write(handle, new_bytes(number))
        os.ftruncate(handle, len(DATA))
        os.close(handle)
    return time.perf_counter() - started


if __name__ == "__main__":
    where = sys.argv[1]
    for round_ in range(3):
        for name, way in (("rename", rename), ("truncate", truncate), ("write into", write_into)):
            folder = f"{where}/{name.replace(' ', '-')}{round_}"
            setup(folder)
            os.sync()
            time.sleep(1)
            print(f"{name}: {way(folder):.3f} s")
