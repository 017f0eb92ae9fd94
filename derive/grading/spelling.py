"""Quantity names as students type them: ``v1``, ``v_1``, ``v_{1}``, ``δ1``, ``δ[1]``,
``delta_1``, ``w23``, ``w_{23}``, ``w[2][3]``, ``\\Delta w_{23}`` ... read as the contract's
canonical names (``v[1]``, ``delta[1]``, ``w[2,3]``, ``dw[2,3]``).

The symbols are data (:data:`SPELLINGS`: how a symbol is typed -> its kind); a notation adds
its own symbols by passing a bigger table. The indices are matched against the network: a
spelling is read as the canonical name when exactly one quantity of the network fits it, and
is an error naming the candidates when several do (``w123`` with neurons 1 and 12).
"""
from __future__ import annotations

import re
import unicodedata

from derive.model.names import ERROR, ONE_INDEX, TWO_INDEX, parse
from derive.model.numbers import ascii_number

#: How a symbol is typed -> the kind of quantity (names.py). Backslashes, ``$`` and spaces are
#: dropped before matching, so ``\delta_{1}`` and ``\Delta w_{23}`` need no entry of their own.
SPELLINGS: dict[str, str] = {
    "v": "v", "y": "y", "b": "b", "w": "w", "e": "e", "s": "s", "E": ERROR,
    "delta": "delta", "δ": "delta",
    "dphi": "dphi", "phi'": "dphi", "φ'": "dphi", "ϕ'": "dphi", "varphi'": "dphi",
    "grad_w": "grad_w", "dE/dw": "grad_w", "∂E/∂w": "grad_w", "partialE/partialw": "grad_w",
    "grad_b": "grad_b", "dE/db": "grad_b", "∂E/∂b": "grad_b", "partialE/partialb": "grad_b",
    "dw": "dw", "Δw": "dw", "Deltaw": "dw",
    "db": "db", "Δb": "db", "Deltab": "db",
    "theta": "theta", "θ": "theta",
}

_WRAPPED = re.compile(r"\{(.*)\}|\[(.*)\]|\((.*)\)")
_PAIR = re.compile(r"[\[{(](.+?)[\]})]\s*[\[{(](.+?)[\]})]")      # [2][3], {2}{3}
_DROP = re.compile(r"[\s$\\]")


class NameError_(ValueError):
    """A quantity name that cannot be read; the message says what to write."""


def _clean(key: str) -> str:
    return _DROP.sub("", ascii_number(unicodedata.normalize("NFKC", key)))


def _unwrap(rest: str) -> str:
    if rest.startswith("_"):
        rest = rest[1:]
    m = _WRAPPED.fullmatch(rest)
    return next(g for g in m.groups() if g is not None) if m else rest


def _pairs(rest: str) -> list[tuple[str, str]]:
    """Every way of reading ``rest`` as a neuron id and a position: ``23`` -> (2, 3);
    ``[2][3]``, ``{2,3}``, ``_2_3`` are read one way only."""
    if rest.startswith("_"):
        rest = rest[1:]
    m = _PAIR.fullmatch(rest)
    if m:
        return [(m.group(1), m.group(2))]
    inner = _unwrap(rest)
    if "," in inner:
        j, _, k = inner.partition(",")
        return [(j, k)]
    out = [(inner[:i], inner[i:]) for i in range(1, len(inner))]
    out += [(inner[:i], inner[i + 1:]) for i, c in enumerate(inner) if c == "_"]
    return out


class NameReader:
    """Reads typed names against one network's set of canonical quantity names."""

    def __init__(self, known, spellings: dict[str, str] = SPELLINGS):
        self.known = set(known)
        self.spellings = sorted(spellings.items(), key=lambda kv: -len(kv[0]))

    def candidates(self, key: str) -> list[str]:
        name = _clean(key)
        found: list[str] = []
        for spelling, kind in self.spellings:
            if not name.startswith(spelling):
                continue
            rest = name[len(spelling):]
            if kind == ERROR:
                options = [ERROR] if rest in ("", "_{}", "total", "_total") else []
            elif kind in ONE_INDEX:
                options = [f"{kind}[{_unwrap(rest)}]"]
            elif kind in TWO_INDEX:
                options = [f"{kind}[{j},{k}]" for j, k in _pairs(rest)]
            else:
                options = []
            found += [q for q in options if q in self.known and q not in found]
        return found

    def read(self, key: str) -> str:
        """The canonical name of ``key``, or :class:`NameError_` saying what to write."""
        if key in self.known:
            return key
        found = self.candidates(key)
        if len(found) == 1:
            return found[0]
        if found:
            raise NameError_(f"{key!r} could be {' or '.join(found)}: write one of them")
        if parse(key) is not None or any(_clean(key).startswith(s) for s, _ in self.spellings):
            raise NameError_(f"no quantity {key!r} in this network ({self.example()})")
        raise NameError_(f"unknown quantity name {key!r} ({self.example()})")

    def example(self) -> str:
        """A few of the network's names, as a hint."""
        names = []
        for kind in ("v", "y", "delta", "w", "b"):
            first = next((q for q in sorted(self.known) if q.startswith(kind + "[")), None)
            if first:
                names.append(first)
        return "write names such as " + ", ".join(names + [ERROR] if ERROR in self.known else names)
