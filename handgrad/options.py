"""What every subcommand shares: argument types, exit codes, writing the output."""
from __future__ import annotations

import argparse
import math
import sys

from derive.errors import InputError

EXIT_OK, EXIT_FOUND, EXIT_INPUT = 0, 1, 2
EXIT_CODES = ("exit codes: 0 success; 1 the command ran and found a problem; "
              "2 bad input or usage (one line on stderr naming the file and the field)")


class HelpFormatter(argparse.RawDescriptionHelpFormatter):
    """Descriptions and epilogs keep their line breaks (file formats, exit codes); every option
    with a default shows it, unless its help already says it."""

    def _get_help_string(self, action):
        text = action.help or ""
        default = action.default
        if (default is not None and default is not False and default is not argparse.SUPPRESS
                and "default" not in text and action.option_strings):
            text += f" (default: {default})"
        return text


def positive(kind):
    """A finite number > 0 (``nan`` and ``inf`` are refused)."""
    def conv(s):
        try:
            v = kind(s)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{s!r} is not a valid {kind.__name__}") from None
        if not math.isfinite(v):
            raise argparse.ArgumentTypeError(f"{s!r} must be a finite number")
        if v <= 0:
            raise argparse.ArgumentTypeError(f"{s!r} must be positive")
        return v
    return conv


def integer(lo: int, hi: int):
    """An integer from ``lo`` to ``hi``."""
    def conv(s):
        try:
            v = int(s)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{s!r} is not a valid int") from None
        if not lo <= v <= hi:
            raise argparse.ArgumentTypeError(f"{s!r} must be from {lo} to {hi:,}")
        return v
    return conv


#: Random seeds: numpy's generators take any integer ≥ 0; 2^63 − 1 is plenty.
seed = integer(0, 2**63 - 1)


def digits(s):
    v = positive(int)(s)
    if v > 30:
        raise argparse.ArgumentTypeError(f"{s!r}: at most 30 significant digits (values carry 80)")
    return v


def require_torch(command: str) -> None:
    """torch is an optional dependency: say exactly what to install when it is missing."""
    try:
        import torch  # noqa: F401  (the command needs it next anyway)
    except ImportError:
        raise InputError(command, "",
                         "needs PyTorch, which is not installed: pip install 'handgrad[torch]'") from None


def check_outputs(**paths) -> None:
    """Every output path of a command (option name with its dashes -> path or None) checked
    before any work or writing: exit 2 naming the first that cannot be written."""
    from derive.fileio import check_writable
    for option, path in paths.items():
        if path is not None:
            check_writable(path, option)


def emit(text: str, output: str | None) -> None:
    """The command's result to ``output`` (atomically; see derive.fileio.output_path) or, when
    it is None, to stdout. ``-o ""`` is refused, never taken for stdout."""
    if output is None:
        sys.stdout.write(text)
        return
    from derive.fileio import check_writable, write_atomic
    check_writable(output, "-o")
    try:
        write_atomic(output, text)
    except OSError as err:
        raise InputError(output, "-o", f"cannot write: {err.strerror or err}") from None


def write_figure(draw, path: str, option: str = "--plot") -> None:
    """Run ``draw()``, which saves a picture to ``path``; a write error is exit 2."""
    try:
        draw()
    except OSError as err:
        raise InputError(path, option, f"cannot write: {err.strerror or err}") from None
