"""Progress of long work (many seeds, many students) on stderr — only when stderr is a terminal,
so a log file or a pipe never receives carriage returns."""
from __future__ import annotations

import sys


def progress(iterable, total: int | None = None, unit: str = "it", desc: str | None = None):
    """``iterable`` wrapped in a tqdm bar on a terminal; the plain iterable otherwise."""
    if not sys.stderr.isatty():
        return iterable
    from tqdm import tqdm
    return tqdm(iterable, total=total, unit=unit, desc=desc, file=sys.stderr, leave=False,
                dynamic_ncols=True)
