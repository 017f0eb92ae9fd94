"""Quantity names as students type them: ``v1``, ``v_1``, ``v_{1}``, ``δ1``, ``δ[1]``,
``delta_1``, ``w23``, ``w_{23}``, ``w[2][3]``, ``\\Delta w_{23}`` ... read as the contract's
canonical names (``v[1]``, ``delta[1]``, ``w[2,3]``, ``dw[2,3]``).

The symbols are data (:data:`SPELLINGS`: how a symbol is typed -> its kind); a notation adds
its own symbols by passing a bigger table. The indices are matched against the network: a
spelling is read as the canonical name when exactly one quantity of the network fits it, and
is an error naming the candidates when several do (``w123`` with neurons 1 and 12).

A textbook notation (:mod:`derive.notations`) adds its own names as data: the table of
:func:`derive.notations.names.answer_names` (Hagan's ``s[a2]``, ``a[1]`` for a layer's
outputs, ``W[2]``; Negnevitsky's ``theta[5]``; Nielsen's ``delta[3]`` = ∂C/∂z), read first
when an answers file (or its network) declares the notation; :meth:`NameReader.resolve`
gives the :class:`~derive.notations.names.Meaning` of a key either way.
"""
from __future__ import annotations

import re
import unicodedata

from difflib import get_close_matches

from derive.model.names import ERROR, ONE_INDEX, TWO_INDEX, meaning, parse
from derive.model.numbers import ascii_number
from derive.notations.names import Meaning, keys, spellings as notation_spellings

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


#: the most names compared with a mistyped one for the "closest" hint
MAX_CLOSE = 2000


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

    def __init__(self, known, spellings: dict[str, str] = SPELLINGS, notation=None, table=None, others=None):
        self.known = set(known)
        self.spellings = sorted(spellings.items(), key=lambda kv: -len(kv[0]))
        self.notation = notation                 # the file's notation (its names are read first)
        self.table = table or {}                 # its names -> meanings
        self.bases = notation_spellings(notation) if notation is not None else {}
        self.others = others                     # () -> {notation name: table}, for hints

    def meanings(self, key: str) -> list[Meaning]:
        """The readings of ``key`` as a name of the file's notation."""
        if self.notation is None:
            return []
        found: dict = {}
        for k in [key] + keys(key, self.notation, self.bases):
            for m in self.table.get(k, []):
                found.setdefault((m.quantities, m.sign, m.shape), m)     # one meaning, several names
        return list(found.values())

    def resolve(self, key: str) -> Meaning:
        """What ``key`` answers: a name of the file's notation, or a contract name (or a
        student's spelling of one); :class:`NameError_` when it is no name of the network or
        could be several quantities."""
        found = self.meanings(key)
        if len(found) > 1:
            raise NameError_(f"{key!r} could be " + " or ".join(
                f"{m.what} ({', '.join(m.elements or m.alias)})" for m in found) +
                ": write the element names or the contract's names")
        if found:
            return found[0]
        from derive.grading.derivation import canonical
        name = self.read(key)
        q, sign = canonical(name)
        return Meaning((q,), sign, None, meaning(name))

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
        hint = self.hint(key)
        if parse(key) is not None or any(_clean(key).startswith(s) for s, _ in self.spellings):
            raise NameError_(f"no quantity {key!r} in this network ({hint})")
        raise NameError_(f"unknown quantity name {key!r} ({hint})")

    def _close(self, key: str) -> list[str]:
        """The network's names nearest to ``key`` (among those of the same symbol, at most
        ``MAX_CLOSE`` of them: a class of mistyped names stays fast)."""
        if len(key) > 60:
            return []
        head = _clean(key)[:1]
        pool = [n for n in self.known | set(self.table) if n[:1] == head][:MAX_CLOSE]
        return get_close_matches(key, sorted(pool), n=3, cutoff=0.6)

    def hint(self, key: str) -> str:
        """The closest names the file's notations know, and the notations that know ``key``."""
        close = self._close(key)
        out = f"closest: {', '.join(close)}" if close else self.example()
        if self.others is not None:
            known_by = []
            for nname, table in self.others().items():
                if self.notation is not None and nname == self.notation.name:
                    continue
                from derive.notations import NOTATIONS
                probe = [key] + keys(key, NOTATIONS[nname])
                ms = [m for k in probe for m in table.get(k, [])]
                if ms:
                    known_by.append(f"{nname} ({ms[0].what})")
            if known_by:
                out += "; a name of the notation " + " and of ".join(known_by) + \
                    ": add notation = \"...\" to the answers file"
        return out

    def example(self) -> str:
        """A few of the network's names, as a hint."""
        names = []
        for kind in ("v", "y", "delta", "w", "b"):
            first = next((q for q in sorted(self.known) if q.startswith(kind + "[")), None)
            if first:
                names.append(first)
        return "write names such as " + ", ".join(names + [ERROR] if ERROR in self.known else names)
