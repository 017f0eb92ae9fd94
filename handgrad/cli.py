"""``handgrad``: parse, call, print. Exit 0 success, 1 a problem found, 2 bad input.

Each subcommand lives in :mod:`handgrad.commands` as ``add(subparsers)`` and ``run(args)``.
"""
from __future__ import annotations

import argparse
import sys

from derive.errors import InputError
from handgrad.commands import check, sine, solve, verify
from handgrad.options import EXIT_INPUT, EXIT_OK

COMMANDS = (solve, check, verify, sine)


class _Parser(argparse.ArgumentParser):
    def error(self, message):          # one line, exit 2 (argparse prints usage + message)
        raise InputError(self.prog, "arguments", message)


def build_parser() -> argparse.ArgumentParser:
    p = _Parser(prog="handgrad", description="Backprop worked out by hand, checked by machine.")
    sub = p.add_subparsers(dest="command", required=True, parser_class=_Parser)
    for command in COMMANDS:
        command.add(sub)
    return p


def main(argv=None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return args.run(args)
    except InputError as err:
        print(f"handgrad: {err}", file=sys.stderr)
        return EXIT_INPUT
    except KeyboardInterrupt:
        print("handgrad: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":
    sys.exit(main())
