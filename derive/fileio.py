"""Reading input files safely, and writing output files atomically: a failed or interrupted
run never leaves half a file, and a file that is not a regular file (a device, a FIFO) is
never replaced by one."""
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


def _target(path) -> tuple[Path, os.stat_result | None]:
    """Where writing ``path`` lands — the final target of a chain of symbolic links, so the
    link stays a link — and that file's status (None when it does not exist yet)."""
    target = Path(os.path.realpath(path))
    try:
        return target, os.stat(target)
    except FileNotFoundError:
        return target, None


def check_writable(path, option: str) -> None:
    """Raise InputError (one line naming ``option``) unless ``path`` can be written: a
    non-empty name, not a directory, in an existing folder handgrad may write in (or an
    existing device or FIFO it may write to). Called for every output before anything is
    written, so a bad second output never leaves the first one replaced."""
    name = str(path)
    if not name:
        raise InputError("''", option, "empty file name")
    try:
        target, st = _target(name)
        if st is not None and stat.S_ISDIR(st.st_mode):
            raise InputError(name, option, "is a directory")
        if st is not None and not os.access(target, os.W_OK):
            raise InputError(name, option, "cannot write: permission denied (the file is read-only)")
        if st is not None and not stat.S_ISREG(st.st_mode):
            return
        if len(target.name.encode()) > 200:
            raise InputError(name, option, "file name too long (at most 200 bytes)")
        folder = os.stat(target.parent)
    except FileNotFoundError:
        raise InputError(name, option, "no such folder") from None
    except OSError as e:
        reason = {errno.ELOOP: "too many symbolic links (a link loop)",
                  errno.ENOTDIR: "a part of the path is not a folder",
                  errno.ENAMETOOLONG: "file name too long"}.get(e.errno, e.strerror or "cannot write")
        raise InputError(name, option, f"cannot write: {reason}") from None
    except ValueError:                                  # an embedded NUL character
        raise InputError(name, option, "not a valid file name (it holds a NUL character)") from None
    if not stat.S_ISDIR(folder.st_mode):
        raise InputError(name, option, "a part of the path is not a folder")
    if not os.access(target.parent, os.W_OK | os.X_OK):
        raise InputError(name, option, "cannot write: the folder is not writable")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


@contextmanager
def output_path(path, suffix: str = ".tmp"):
    """The file name to write ``path``'s new content to.

    A regular file (or a new one) gets a temporary file beside it, renamed over it when the
    block completes and removed when it fails or the run is terminated: the old file is only
    ever replaced by a complete new one, which keeps its mode (and owner, where allowed); a new
    file's mode follows the umask. A symbolic link is followed, so its target is replaced and
    the link stays. A device or FIFO is written directly: there is nothing to replace."""
    target, st = _target(path)
    if st is not None and not stat.S_ISREG(st.st_mode):
        yield str(target)
        return
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name[:100]}.", suffix=suffix, dir=target.parent)
    os.close(fd)
    try:
        yield tmp
        if st is None:
            os.chmod(tmp, 0o666 & ~_umask())
        else:
            os.chmod(tmp, stat.S_IMODE(st.st_mode))
            with suppress(PermissionError):
                os.chown(tmp, st.st_uid, st.st_gid)
        os.replace(tmp, target)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_atomic(path, data: str | bytes) -> None:
    """``data`` to ``path`` (see :func:`output_path`): complete or not at all."""
    with output_path(path) as out, open(out, "wb") as fh:
        fh.write(data.encode("utf-8") if isinstance(data, str) else data)
        fh.flush()
        if stat.S_ISREG(os.fstat(fh.fileno()).st_mode):
            os.fsync(fh.fileno())


def save_figure(fig, path, **savefig_options) -> None:
    """Save a matplotlib figure atomically (format from the file's ending), then close it."""
    import matplotlib.pyplot as plt
    try:
        with output_path(path, suffix=Path(path).suffix) as out:
            fig.savefig(out, format=Path(path).suffix.lstrip("."), **savefig_options)
    finally:
        plt.close(fig)


@contextmanager
def atomic_folder(path, replace: bool = False):
    """A temporary folder beside ``path`` to fill; when the block completes it becomes ``path``
    (an existing empty folder, or with ``replace`` a non-empty one, is swapped out and removed),
    and when it fails it is removed: ``path`` is never left half-written."""
    import shutil
    path = Path(path)
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name[:100]}.", suffix=".tmp", dir=path.parent))
    try:
        yield tmp
        existing = path.is_dir() and not path.is_symlink()
        # mkdtemp's folder is private (0700): the result takes the old folder's mode, or the umask's
        os.chmod(tmp, stat.S_IMODE(os.stat(path).st_mode) if existing else 0o777 & ~_umask())
        if existing:
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
