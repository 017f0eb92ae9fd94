"""`--help` teaches: every subcommand names its input, its outputs and its exit codes, and
every option says what it does and shows its default."""
import argparse

import pytest

from handgrad.cli import COMMANDS, build_parser


def _subparsers():
    parser = build_parser()
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return action.choices


@pytest.mark.parametrize("name", sorted(_subparsers()))
def test_every_subcommand_help_teaches(name):
    sub = _subparsers()[name]
    text = sub.format_help()
    assert "exit codes" in text and "0 " in text and "2 " in text
    assert sub.description and len(sub.description.splitlines()) >= 3     # what goes in
    for action in sub._actions:
        if isinstance(action, argparse._HelpAction):
            continue
        assert action.help, f"{name}: {action.dest} has no help"
        shown = sub._get_formatter()._get_help_string(action)
        if action.option_strings and action.default not in (None, False) and action.default is not argparse.SUPPRESS:
            assert "default" in shown, f"{name}: {action.dest}'s default {action.default!r} is not shown"


def test_every_command_is_registered_once():
    assert sorted(_subparsers()) == sorted({c.__name__.rsplit(".", 1)[1] for c in COMMANDS})
