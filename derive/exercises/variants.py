"""Each student's variant of an exercise, and its network file.

A student's candidates are fixed by the seed and their id alone: candidate k takes, for every
choice, the value a hash of (seed, id, k, the choice's place) picks. The student gets their
first candidate that meets every ``require`` rule. With ``distinct``, a candidate equal to the
variant of a student listed earlier is passed over too, so adding students at the end of a
roster changes no one's variant (and a student's variant changes only when an earlier
student already holds it).

Work is bounded: at most ``tries`` candidates a student (the template's ``[generate] tries``),
``MAX_TOTAL_TRIES`` candidates for the class, and ``MAX_WORK`` units of exact training work
(updates × (connections + neurons), summed over the candidates tried).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from derive.backprop.training import run, trained_network
from derive.errors import InputError
from derive.exercises.choices import Exercise
from derive.exercises.roster import Student
from derive.exercises.rules import RULES, Candidate
from derive.model.network import Network
from derive.model.numbers import TomlFloat

MAX_TOTAL_TRIES = 100_000
MAX_WORK = 2_000_000
#: an exercise is worked by hand: updates × (connections + neurons) of one variant
MAX_VARIANT_WORK = 1_000


@dataclass
class Variant:
    student: Student
    attempt: int               # which candidate of the student's sequence (0 = the first)
    tree: dict                 # the network file's TOML tree
    candidate: Candidate

    @property
    def net(self) -> Network:
        return self.candidate.net


def work(net: Network) -> int:
    t = net.training
    updates = t.steps or t.epochs * len(t.patterns)
    updates = min(updates, t.epochs * len(t.patterns))
    return updates * (sum(len(n.inputs) for n in net.neurons) + len(net.neurons))


def _candidate(ex: Exercise, picks, sid: str) -> Candidate:
    net = ex.network(picks, source=ex.source)
    tnet, F = trained_network(net)
    return Candidate(net, F, run(net, (tnet, F)), ex.settings.digits)


def no_progress(iterable, **_):
    return iterable


def draw(ex: Exercise, students: list[Student], seed: str, progress=no_progress) -> list[Variant]:
    """Every student's variant, in roster order (InputError when the rules cannot be met);
    ``progress`` may wrap the loop over the students in a progress bar."""
    s = ex.settings
    rules = [RULES[r] for r in s.require if RULES[r].check is not None]
    distinct = "distinct" in s.require
    if distinct and ex.size() < len(students):
        raise InputError(ex.source, "generate.require", f"'distinct' needs {len(students)} different "
                         f"variants but the choices allow only {ex.size()}")
    first = ex.network(tuple(0 for _ in ex.choices))
    unit = work(first)
    if unit > MAX_VARIANT_WORK:
        raise InputError(ex.source, "training", f"{unit:,} units of work a variant (updates x "
                         f"(connections + neurons)); an exercise worked by hand has at most {MAX_VARIANT_WORK:,}")
    cache: dict[tuple, tuple[Candidate, dict]] = {}
    taken: set[tuple] = set()
    out: list[Variant] = []
    tries_total = 0
    for st in progress(students, total=len(students), unit="student", desc="variants"):
        failed: Counter = Counter()
        example: dict[str, str] = {}
        for attempt in range(s.tries):
            picks = ex.picks(seed, st.id, attempt)
            key = tuple(c.exact[i] for c, i in zip(ex.choices, picks))
            if distinct and key in taken:
                failed["distinct"] += 1
                example.setdefault("distinct", "the variant of a student listed earlier")
                continue
            if key not in cache:
                tries_total += 1
                if tries_total > MAX_TOTAL_TRIES or tries_total * unit > MAX_WORK:
                    raise InputError(ex.source, "generate.require", f"gave up after {tries_total - 1:,} "
                                     f"candidates for the class (at student {st.id!r}): the require rules "
                                     "are met too rarely; widen the choices or drop a rule")
                cand = _candidate(ex, picks, st.id)
                cache[key] = (cand, {r.name: msg for r in rules if (msg := r.check(cand)) is not None})
            cand, failures = cache[key]
            for name, msg in failures.items():
                failed[name] += 1
                example.setdefault(name, msg)
            if not failures:
                if distinct:
                    taken.add(key)
                out.append(Variant(st, attempt, ex.tree(picks), cand))
                break
        else:
            rule, n = failed.most_common(1)[0]
            raise InputError(ex.source, "generate.require", f"no variant for student {st.id!r} meets "
                             f"{rule!r} in {s.tries:,} tries (it failed {n:,} of them, e.g. {example[rule]})")
    return out


# --------------------------------------------------------------------------- the file
_BARE_KEY = re.compile(r"[A-Za-z0-9_-]+")


def network_file(tree: dict, header: str) -> str:
    """A TOML network file of ``tree`` (tables as ``[name]``, arrays of tables as ``[[name]]``,
    anything deeper inline), numbers as they were written or drawn."""
    lines = [f"# {h}" for h in header.splitlines()]
    scalars = {k: v for k, v in tree.items() if not _is_tables(v)}
    for k, v in scalars.items():
        lines.append(f"{_key(k)} = {_value(v)}")
    for k, v in tree.items():
        if k in scalars:
            continue
        items = [v] if isinstance(v, dict) else v
        for item in items:
            lines += ["", f"[{_key(k)}]" if isinstance(v, dict) else f"[[{_key(k)}]]"]
            lines += [f"{_key(ik)} = {_value(iv, multiline=True)}" for ik, iv in item.items()]
    return "\n".join(lines).lstrip("\n") + "\n"


def _is_tables(v) -> bool:
    return isinstance(v, dict) or (isinstance(v, list) and bool(v) and all(isinstance(x, dict) for x in v))


def _key(k: str) -> str:
    return k if _BARE_KEY.fullmatch(k) else _string(k)


def _string(s: str) -> str:
    out = []
    for ch in s:
        if ch in '"\\':
            out.append("\\" + ch)
        elif ord(ch) < 32 or ord(ch) == 127:
            out.append(f"\\u{ord(ch):04x}")
        else:
            out.append(ch)
    return '"' + "".join(out) + '"'


def _value(v, multiline: bool = False) -> str:
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, TomlFloat)):
        return str(v) if isinstance(v, int) else v.text
    if isinstance(v, str):
        return _string(v)
    if isinstance(v, dict):
        return "{ " + ", ".join(f"{_key(k)} = {_value(x)}" for k, x in v.items()) + " }" if v else "{}"
    if isinstance(v, list):
        if multiline and len(v) > 1 and all(isinstance(x, dict) for x in v):
            return "[\n" + "".join(f"  {_value(x)},\n" for x in v) + "]"
        return "[" + ", ".join(_value(x) for x in v) + "]"
    raise TypeError(f"cannot write {type(v).__name__} to TOML")
