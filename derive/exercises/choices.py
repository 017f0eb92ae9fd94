"""An exercise template: a network file in which any number may be a choice.

    weights = [ { choose = [-1, "-1/2", "1/2", 1] }, { range = [-2, 2], step = "1/2" } ]
    bias = { range = [-1, 1], step = "1/4", exclude = [0] }

A choice may stand wherever the network file has a number — weights, biases, the learning rate,
the slope, the inputs and targets of the patterns, and whatever numbers later versions of the
file add — because the template is read as a TOML tree and every ``{ choose }`` or ``{ range,
step }`` table in it is a choice, whatever its place. The values are exact: ``choose`` keeps the
numbers as written, ``range`` gives lo, lo + step, …, hi as Fractions (written back as integers,
short decimals or fractions: "nice numbers"). The ``[generate]`` table holds the settings.

Which value a student gets is decided by a hash of (seed, student id, attempt, the choice's
place in the file) alone, so a student's variant depends on nothing else.
"""
from __future__ import annotations

import hashlib
import math
import tomllib
from dataclasses import dataclass
from fractions import Fraction

from derive.errors import InputError
from derive.fileio import read_regular
from derive.model.network import MAX_FILE_BYTES, Network, from_dict
from derive.model.numbers import NumberError, TomlFloat, exact_str, parse_number

#: Bounds on a template (README, "Limits").
MAX_VALUES = 10_000            # values of one choice
MAX_CHOICES = 1_000            # choices in one template
MAX_TRIES = 10_000             # the largest `tries` a template may ask for
DEFAULT_TRIES = 1_000
MAX_DIGITS = 30
MAX_TITLE = 200
#: the fields of the [generate] table, and of a choice (docs/formats.md describes each)
SETTINGS = ("digits", "require", "tries", "title")
CHOICE_FIELDS = {"choose": ("choose",), "range": ("range", "step", "exclude")}


@dataclass(frozen=True)
class Choice:
    path: str                  # the field, as the loader names it: "neuron[0].weights[1]"
    values: tuple              # TOML values as written (choose) or Fractions (range)
    exact: tuple[Fraction, ...]

    def pick(self, seed: str, sid: str, attempt: int):
        """The value for student ``sid`` at ``attempt``: a hash of those and of this choice's
        place only (SHA-256, so the same on every machine and every Python)."""
        h = hashlib.sha256(f"{seed}\x1f{sid}\x1f{attempt}\x1f{self.path}".encode()).digest()
        return int.from_bytes(h, "big") % len(self.values)


@dataclass(frozen=True)
class Settings:
    digits: int = 4
    require: tuple[str, ...] = ()
    tries: int = DEFAULT_TRIES
    title: str | None = None


@dataclass(frozen=True)
class Exercise:
    source: str
    data: dict                 # the template's TOML tree without [generate]
    choices: tuple[Choice, ...]
    settings: Settings

    def size(self) -> int:
        """How many different variants the choices allow."""
        return math.prod(len(c.values) for c in self.choices)

    def picks(self, seed: str, sid: str, attempt: int) -> tuple[int, ...]:
        return tuple(c.pick(seed, sid, attempt) for c in self.choices)

    def tree(self, picks: tuple[int, ...]) -> dict:
        """The template's tree with every choice replaced by its picked value."""
        chosen = {c.path: c.values[i] for c, i in zip(self.choices, picks)}
        return _replace(self.data, "", chosen)

    def network(self, picks: tuple[int, ...], source: str | None = None) -> Network:
        return from_dict(self.tree(picks), source or self.source)


# --------------------------------------------------------------------------- reading
def read(path) -> Exercise:
    raw = read_regular(path, MAX_FILE_BYTES)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError(str(path), "", "not UTF-8 text") from None
    return reads(text, str(path))


def reads(text: str, source: str = "<template>") -> Exercise:
    try:
        data = tomllib.loads(text, parse_float=TomlFloat)
    except (tomllib.TOMLDecodeError, RecursionError) as e:
        raise InputError(source, "", f"not valid TOML: {e}") from None
    settings = _settings(source, data.pop("generate", {}))
    choices: list[Choice] = []
    _find(source, data, "", choices)
    if len(choices) > MAX_CHOICES:
        raise InputError(source, "", f"{len(choices)} choices; at most {MAX_CHOICES}")
    ex = Exercise(source, data, tuple(choices), settings)
    net = ex.network(tuple(0 for _ in choices))      # the structure is checked once, here
    if net.training is None:
        raise InputError(source, "training", "missing: an exercise needs a [training] table "
                         "(the steps the students compute)")
    if net.training.mode != "online":
        raise InputError(source, "training.mode", "exercises are online steps (each step one "
                         "pattern, as answers files and check expect); this template trains in batch mode")
    return ex


def _settings(source: str, g) -> Settings:
    if not isinstance(g, dict):
        raise InputError(source, "generate", "must be a table")
    for k in g:
        if k not in SETTINGS:
            raise InputError(source, f"generate.{k}", f"unknown field (expected one of: {', '.join(sorted(SETTINGS))})")
    from derive.exercises.rules import RULES
    digits = g.get("digits", Settings.digits)
    if not _is_int(digits) or not 1 <= digits <= MAX_DIGITS:
        raise InputError(source, "generate.digits", f"must be an integer from 1 to {MAX_DIGITS}")
    require = g.get("require", [])
    if not isinstance(require, list) or not all(isinstance(r, str) for r in require):
        raise InputError(source, "generate.require", "must be a list of rule names")
    for i, r in enumerate(require):
        if r not in RULES:
            raise InputError(source, f"generate.require[{i}]", f"unknown rule {r!r} (one of: {', '.join(RULES)})")
    tries = g.get("tries", DEFAULT_TRIES)
    if not _is_int(tries) or not 1 <= tries <= MAX_TRIES:
        raise InputError(source, "generate.tries", f"must be an integer from 1 to {MAX_TRIES}")
    title = g.get("title")
    if title is not None and (not isinstance(title, str) or not 0 < len(title) <= MAX_TITLE):
        raise InputError(source, "generate.title", f"must be a string of 1 to {MAX_TITLE} characters")
    return Settings(digits, tuple(dict.fromkeys(require)), tries, title)


def _is_int(v) -> bool:
    return isinstance(v, int) and not isinstance(v, bool)


def _is_choice(node) -> bool:
    return isinstance(node, dict) and any(kind in node for kind in CHOICE_FIELDS)


def _find(source: str, node, path: str, out: list) -> None:
    if _is_choice(node):
        out.append(_choice(source, node, path))
    elif isinstance(node, dict):
        for k, v in node.items():
            _find(source, v, f"{path}.{k}" if path else k, out)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            _find(source, v, f"{path}[{i}]", out)


def _number(source: str, where: str, value) -> Fraction:
    try:
        return parse_number(value)
    except NumberError as e:
        raise InputError(source, where, str(e)) from None


def _rational(source: str, where: str, value) -> Fraction:
    """A range's bounds and step are rational: lo + k·step must stay exact and comparable."""
    x = _number(source, where, value)
    if not isinstance(x, Fraction):
        raise InputError(source, where, f"{value!r} is not rational: a range steps through exact "
                         "fractions (a constant such as sqrt(2) may stand in a choose list)")
    return x


def _choice(source: str, node: dict, path: str) -> Choice:
    if "choose" in node:
        if set(node) != set(CHOICE_FIELDS["choose"]):
            extra = sorted(set(node) - set(CHOICE_FIELDS["choose"]))[0]
            raise InputError(source, f"{path}.{extra}", "a choice is either { choose = [...] } or "
                             "{ range = [lo, hi], step = s }, not both")
        vals = node["choose"]
        if not isinstance(vals, list) or not vals:
            raise InputError(source, f"{path}.choose", "needs at least one value, e.g. choose = [-1, 1]")
        if len(vals) > MAX_VALUES:
            raise InputError(source, f"{path}.choose", f"{len(vals)} values; at most {MAX_VALUES}")
        exact = tuple(_number(source, f"{path}.choose[{i}]", v) for i, v in enumerate(vals))
        return Choice(path, tuple(vals), exact)
    extra = sorted(set(node) - set(CHOICE_FIELDS["range"]))
    if extra:
        raise InputError(source, f"{path}.{extra[0]}", "unknown field of a range (expected range, step, exclude)")
    rng = node["range"]
    if not isinstance(rng, list) or len(rng) != 2:
        raise InputError(source, f"{path}.range", "must be [lo, hi]")
    lo, hi = (_rational(source, f"{path}.range[{i}]", v) for i, v in enumerate(rng))
    if lo > hi:
        raise InputError(source, f"{path}.range", f"lo {exact_str(lo)} is above hi {exact_str(hi)}")
    if "step" not in node:
        raise InputError(source, f"{path}.step", "missing: a range needs a step (values are exact: lo, lo + step, ..., hi)")
    step = _rational(source, f"{path}.step", node["step"])
    if step <= 0:
        raise InputError(source, f"{path}.step", "must be positive")
    n = (hi - lo) / step
    if n.denominator != 1:
        raise InputError(source, f"{path}.step", f"{exact_str(step)} does not divide the range "
                         f"[{exact_str(lo)}, {exact_str(hi)}] (its width {exact_str(hi - lo)} is not a whole "
                         "number of steps)")
    if n + 1 > MAX_VALUES:
        raise InputError(source, f"{path}.step", f"gives {int(n) + 1} values; at most {MAX_VALUES}")
    values = [lo + k * step for k in range(int(n) + 1)]
    exclude = node.get("exclude", [])
    if not isinstance(exclude, list):
        raise InputError(source, f"{path}.exclude", "must be a list of numbers")
    for i, v in enumerate(exclude):
        x = _rational(source, f"{path}.exclude[{i}]", v)
        if x not in values:
            raise InputError(source, f"{path}.exclude[{i}]", f"{exact_str(x)} is not one of the range's values")
        values.remove(x)
    if not values:
        raise InputError(source, f"{path}.exclude", "excludes every value of the range")
    return Choice(path, tuple(nice(v) for v in values), tuple(values))


def nice(q: Fraction):
    """An exact value as a TOML value that reads back as exactly it: an integer, a short
    decimal (a TOML float is read as the decimal written) or a fraction string."""
    if q.denominator == 1:
        return int(q)
    s = exact_str(q)
    if "/" in s or "e" in s or parse_number(s) != q:
        return str(q)
    return TomlFloat(s)


def _replace(node, path: str, chosen: dict):
    if path in chosen:
        return chosen[path]
    if isinstance(node, dict):
        return {k: _replace(v, f"{path}.{k}" if path else k, chosen) for k, v in node.items()}
    if isinstance(node, list):
        return [_replace(v, f"{path}[{i}]", chosen) for i, v in enumerate(node)]
    return node
