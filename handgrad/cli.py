"""``handgrad``: parse, call, print. Exit 0 success, 1 a problem found, 2 bad input.

Each subcommand lives in :mod:`handgrad.commands` as ``add(subparsers)`` and ``run(args)``.
"""
from __future__ import annotations

import argparse
import signal
import sys
import threading

from derive.errors import InputError
from handgrad import __version__
from handgrad.commands import check, generate, sine, solve, template, verify
from handgrad.options import EXIT_CODES, EXIT_INPUT, EXIT_OK, HelpFormatter

COMMANDS = (solve, check, verify, sine, template, generate)


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("formatter_class", HelpFormatter)   # subcommands too
        super().__init__(*args, **kwargs)

    def error(self, message):
        # one line, exit 2: "handgrad: solve: argument --format: invalid choice ..."
        where = self.prog.removeprefix("handgrad").strip() or "usage"
        raise InputError(where, "", f"{message} (see '{self.prog} --help')")


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="handgrad",
                description="Backprop worked out by hand, checked by machine: exact worked\n"
                            "solutions, students' answers checked with error carried forward,\n"
                            "gradients verified four ways.",
                epilog="Run 'handgrad COMMAND --help' for a command's input, outputs and options.\n"
                       + EXIT_CODES)
    p.add_argument("--version", action="version", version=f"handgrad {__version__}")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for command in COMMANDS:
        command.add(sub)
    return p


class Terminated(BaseException):
    """SIGTERM, raised where the run is, so every ``finally`` (temporary files) runs."""


def _terminate(signum, frame):
    raise Terminated()


def main(argv=None) -> int:
    if threading.current_thread() is not threading.main_thread():
        return _main(argv)
    previous = signal.signal(signal.SIGTERM, _terminate)
    try:
        return _main(argv)
    finally:
        signal.signal(signal.SIGTERM, previous)


def _main(argv) -> int:
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if args.command is None:            # `handgrad` alone is `handgrad --help`
            parser.print_help()
            return EXIT_OK
        return args.run(args)
    except InputError as err:
        print(f"handgrad: {err}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("handgrad: interrupted", file=sys.stderr)
        return 130
    except Terminated:
        print("handgrad: terminated", file=sys.stderr)
        return 128 + signal.SIGTERM
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
