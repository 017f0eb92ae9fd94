"""Writing output files atomically: a failed or interrupted run never leaves half a file."""
from __future__ import annotations

import os
import tempfile
from contextlib import contextmanager, suppress
from pathlib import Path


@contextmanager
def atomic_path(path, suffix: str = ".tmp"):
    """A temporary file beside ``path``, renamed over ``path`` when the block completes and
    removed when it fails: an existing file is replaced only by a complete new one."""
    path = Path(path)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=suffix, dir=path.parent)
    os.close(fd)
    try:
        yield tmp
        os.replace(tmp, path)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_atomic(path, data: str | bytes) -> None:
    with atomic_path(path) as tmp, open(tmp, "wb") as fh:
        fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        fh.flush()
        os.fsync(fh.fileno())


def save_figure(fig, path, **savefig_options) -> None:
    """Save a matplotlib figure atomically (format from the file's ending), then close it."""
    import matplotlib.pyplot as plt
    try:
        with atomic_path(path, suffix=Path(path).suffix) as tmp:
            fig.savefig(tmp, format=Path(path).suffix.lstrip("."), **savefig_options)
    finally:
        plt.close(fig)


@contextmanager
def atomic_folder(path, replace: bool = False):
    """A temporary folder beside ``path`` to fill; when the block completes it becomes ``path``
    (an existing empty folder, or with ``replace`` a non-empty one, is swapped out and removed),
    and when it fails it is removed: ``path`` is never left half-written."""
    import shutil
    path = Path(path)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    try:
        yield tmp
        if path.is_dir() and not path.is_symlink():
            if any(path.iterdir()) and not replace:
                raise FileExistsError(f"{path} is not empty")
            old = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".old", dir=path.parent))
            os.replace(path, old / path.name)
            try:
                os.replace(tmp, path)
            except BaseException:
                os.replace(old / path.name, path)
                raise
            shutil.rmtree(old, ignore_errors=True)
        else:
            os.replace(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
