"""Helpers shared by the benchmark scripts (not a benchmark itself: `make bench` skips
files starting with "_")."""
from __future__ import annotations

import platform
from pathlib import Path

HEADER = "# Benchmarks\n\nEach section is written by the benchmark named in its heading.\n\n"


def cpu_model() -> str:
    """The CPU's model name from /proc/cpuinfo (platform.processor() elsewhere)."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def write_section(path: Path, begin: str, end: str, section: str) -> None:
    """Replace the text between the markers `begin` and `end` in BENCHMARKS.md with `section`
    (which carries the markers), appending it when absent; other sections are left as they are."""
    if path.exists():
        text = path.read_text()
        i, j = text.find(begin), text.find(end)
        if i >= 0 and j > i:
            text = text[:i] + section.rstrip("\n") + text[j + len(end):]
        else:
            text = text.rstrip("\n") + "\n\n" + section
    else:
        text = HEADER + section
    path.write_text(text)
