"""Reading input files safely, and writing output files atomically: a failed or interrupted
run never leaves half a file."""
from __future__ import annotations

import errno
import os
import stat
import tempfile
from contextlib import contextmanager, suppress
from pathlib import Path

from derive.errors import InputError


def read_regular(path, limit: int) -> bytes:
    """The bytes of ``path`` if it is a regular file of at most ``limit`` bytes.

    A directory, device or FIFO is refused (the file is opened non-blocking, so a FIFO cannot
    hang the run) and the bound is applied while reading, so ``/dev/zero`` or a file that grows
    cannot exhaust memory. Raises :class:`derive.errors.InputError` with a one-line reason."""
    name = str(path)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0))
    except FileNotFoundError:
        raise InputError(name, "", "no such file") from None
    except ValueError:                                  # an embedded NUL character
        raise InputError(name, "", "not a valid file name (it holds a NUL character)") from None
    except OSError as e:
        reason = {errno.ELOOP: "too many symbolic links (a link loop)",
                  errno.ENOTDIR: "a part of the path is not a folder",
                  errno.ENAMETOOLONG: "file name too long"}.get(e.errno, e.strerror or "cannot open")
        raise InputError(name, "", f"cannot read: {reason}") from None
    try:
        mode = os.fstat(fd).st_mode
        if not stat.S_ISREG(mode):
            kind = ("a directory" if stat.S_ISDIR(mode) else "a FIFO" if stat.S_ISFIFO(mode)
                    else "a device" if stat.S_ISCHR(mode) or stat.S_ISBLK(mode) else "not a regular file")
            raise InputError(name, "", f"is {kind}, not a regular file")
        chunks, total = [], 0
        while True:
            chunk = os.read(fd, 1 << 16)
            if not chunk:
                break
            total += len(chunk)
            if total > limit:
                raise InputError(name, "", f"file larger than {limit} bytes")
            chunks.append(chunk)
        return b"".join(chunks)
    except OSError as e:
        raise InputError(name, "", f"cannot read: {e.strerror}") from None
    finally:
        os.close(fd)


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
