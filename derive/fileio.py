"""Writing output files atomically: a failed or interrupted run never leaves half a file."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path


def write_atomic(path, data: str | bytes) -> None:
    """Write to a temporary file beside ``path``, then rename it over ``path``."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data.encode("utf-8") if isinstance(data, str) else data)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:
            os.unlink(tmp)
        except FileNotFoundError:
            pass
        raise


def save_figure(fig, path, **savefig_options) -> None:
    """Save a matplotlib figure atomically (format from the file's ending), then close it."""
    import matplotlib.pyplot as plt
    tmp, commit = atomic_target(path)
    try:
        fig.savefig(tmp, format=str(path).rsplit(".", 1)[-1], **savefig_options)
        commit(True)
    except BaseException:
        commit(False)
        raise
    finally:
        plt.close(fig)


def atomic_target(path) -> tuple[str, callable]:
    """A temporary file name for a writer that wants a path (matplotlib), and a commit function."""
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=path.suffix, dir=directory)
    os.close(fd)

    def commit(ok: bool = True):
        if ok:
            os.replace(tmp, path)
        else:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass
    return tmp, commit
