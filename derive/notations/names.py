"""The names a notation's students answer with, read as the contract's quantities.

For one network and one notation, :func:`answer_names` lists every name the notation writes
for a quantity of a training step — the names of its text output: Hagan's ``n[h1]``,
``s[a2]``; Negnevitsky's ``theta[5]``, ``w[1,3]`` (from unit 1 to neuron 3); Nielsen's
``delta[3]`` (= ∂C/∂z, the contract's s[3]) and, in a layered network, ``z[2,1]`` (z²₁);
Mitchell's ``w[3,0]`` (the bias weight) — and, where the book writes layers as vectors
(Hagan, Nielsen), ``a[1]`` (the outputs of layer 1), ``W[2]`` (a matrix) and ``e``. Each
name means one or more contract quantities with a sign (:class:`Meaning`): the checker
judges every element as the contract's quantity, so verdicts and error carried forward are
the same in every notation.

:func:`keys` turns a name as typed (``a^1``, ``W²``, ``w^1_{2,1}``, ``θ3``, ``δ_3``) into
the bracket forms the table holds; :func:`cells` reads a vector or matrix answer
(``["0.321", "0.368"]``, ``"[0.321; 0.368]"``, ``[[0.171, -0.0772]]``).
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from derive.model.names import ERROR, NEGATED, NEGATION, parse
from derive.notations.formulas import rename


@dataclass(frozen=True)
class Meaning:
    quantities: tuple          # contract names: one, or a layer's (row-major for a matrix)
    sign: int                  # the notation's quantity = sign × the contract's
    shape: tuple | None        # None: one number; (n,) a vector; (rows, columns) a matrix
    what: str                  # for messages: "the sensitivity of neuron a2"
    elements: tuple = ()       # the notation's name of each element (vectors and matrices)
    own: str = ""              # the notation's name (of a single quantity)

    @property
    def alias(self) -> tuple:
        """The names the checker reports the quantities under, in the notation's sign: the
        contract's (s[j] = −delta[j], theta[j] = −b[j]), or the notation's own where the
        contract has none (Negnevitsky's dtheta[j] = −db[j])."""
        if self.sign == 1:
            return self.quantities
        out = []
        for i, q in enumerate(self.quantities):
            kind, _, rest = q.partition("[")
            out.append(f"{NEGATION[kind]}[{rest}" if kind in NEGATION else
                       (self.elements[i] if self.elements else self.own))
        return tuple(out)


#: what each kind is, in words, for messages
_WHAT = {"v": "field", "y": "output", "delta": "delta", "s": "s = dE/dv", "b": "bias", "theta": "threshold",
         "w": "weight", "e": "error", "dphi": "derivative", "grad_w": "gradient", "grad_b": "gradient",
         "dw": "change", "db": "change"}
#: the kinds a layered book also writes as one vector per layer
_VECTOR_KINDS = ("v", "y", "delta", "b")


def _what(N, q: str) -> str:
    kind, j, k = parse(q)
    if kind == ERROR:
        return f"{N.word('E')} E"
    shown, sign = rename(N, kind)
    return f"{_WHAT.get(shown, shown)} of neuron {j}" + (f", input {k}" if k else "")


def answer_names(net, N, quantities) -> dict[str, list[Meaning]]:
    """{name in notation ``N``: its meanings} for the contract ``quantities`` of a step of
    ``net`` (the network as trained)."""
    from derive.render.math import text as plain
    from derive.render.mathprint import Printer
    table: dict[str, list[Meaning]] = {}

    def add(name: str, m: Meaning):
        if m not in table.setdefault(name, []):
            table[name].append(m)

    printers = [Printer(notation=N, net=net)]
    if printers[0].layered:                 # also the neuron ids: n[h1] beside n[1,1]
        flat = Printer(notation=N, net=net)
        flat.layered = False
        printers.append(flat)
    for q in quantities:
        p = parse(q)
        if p is None or p[0] in NEGATED:
            continue
        kind, j, _ = p
        qn, sign = rename(N, q)
        for P in printers:
            if kind == "dphi":
                name = f"{N.symbols['dphi'].text}[{P._unit_text(j)}]"
            else:
                name = plain(P.quantity(qn))
            add(name, Meaning((q,), sign, None, _what(N, q), own=name))
    if printers[0].layered:
        _layer_vectors(printers[0], N, set(quantities), add)
    add(N.symbols["eta"].text, Meaning(("eta",), 1, None, f"the {N.word('eta')}", own=N.symbols["eta"].text))
    if net.training is not None and net.training.momentum is not None:
        add(N.symbols["alpha"].text, Meaning(("alpha",), 1, None, f"the {N.word('alpha')}",
                                             own=N.symbols["alpha"].text))
    return table


def _layer_vectors(P, N, quantities: set, add) -> None:
    """Hagan's and Nielsen's layer vectors a[m], n[m], s[m], b[m], the matrices W[m], and e."""
    from derive.render.math import text as plain
    L, net = P.layers, P.net
    for m, ids in enumerate(L.members, 1):
        shown_m = m + N.first_layer - 1
        for kind in _VECTOR_KINDS:
            if kind == "b" and N.bias == "weight0":
                continue
            qs = tuple(f"{kind}[{j}]" for j in ids)
            if not all(q in quantities for q in qs):
                continue
            qn, sign = rename(N, kind)
            base = N.symbols[qn].text
            elements = tuple(plain(P.quantity(rename(N, q)[0])) for q in qs)
            add(f"{base}[{shown_m}]", Meaning(qs, sign, (len(qs),),
                                              f"the {_WHAT.get(qn, qn)}s of layer {shown_m} (neurons {', '.join(ids)})",
                                              elements))
        before = L.before(m)
        ws = tuple(f"w[{j},{net.neuron(j).inputs.index(src) + 1}]" for j in ids for src in before)
        if all(q in quantities for q in ws):
            elements = tuple(plain(P.quantity(q)) for q in ws)
            add(f"W[{shown_m}]", Meaning(ws, 1, (len(ids), len(before)),
                                         f"the weight matrix of layer {shown_m} ({len(ids)} x {len(before)})", elements))
    outs = L.members[-1]
    es = tuple(f"e[{k}]" for k in outs)
    if set(outs) == set(net.outputs) and all(q in quantities for q in es):
        elements = tuple(plain(P.quantity(q)) for q in es)
        add(N.symbols["e"].text, Meaning(es, 1, (len(es),) if len(es) > 1 else None,
                                         "the error vector of the outputs", elements if len(es) > 1 else ()))
    if ERROR in quantities:
        add(N.symbols["E"].text, Meaning((ERROR,), 1, None, f"the {N.word('E')}"))


# --------------------------------------------------------------------------- typed names
#: a typed name longer than this is no notation's name (the checker says so); a run of digits
#: longer than this is not split into indices (w13 is w[1,3]; a 12-digit run is no weight)
MAX_NAME_CHARS = 60
MAX_SPLIT_DIGITS = 6
_SUPERSCRIPT = re.compile(r"\^(\{[^{}]*\}|\([^()]*\)|[A-Za-z0-9]+)")
_GROUP = re.compile(r"\{([^{}]*)\}|\[([^\[\]]*)\]|\(([^()]*)\)")


def _clean(key: str) -> str:
    from derive.model.numbers import ascii_number
    key = unicodedata.normalize("NFKC", key)
    return re.sub(r"[\s$\\]", "", ascii_number(key))


def spellings(N) -> dict[str, str]:
    """How a student may type each of the notation's symbols -> its base in the table
    (``θ`` and ``\\theta`` -> ``theta``, ``ḟ`` -> ``fdot``, ``W`` for Hagan's matrices)."""
    out = {}
    for kind, name in N.symbols.items():
        base = name.text
        for s in (name.text, name.unicode, name.latex.replace("\\", "").replace("{", "").replace("}", "")):
            s = _clean(s)
            if s and s.isprintable():
                out.setdefault(s, base)
    out["W"] = "W"
    E = [_clean(x) for x in (N.symbols["E"].text, N.symbols["E"].unicode)]
    for kind in ("w", "b", "theta"):          # Δw, dw, ∂E/∂w, dE/dw, grad_w (the table's dw, grad_w)
        name = N.symbols[kind]
        base = N.symbols[kind].text if not (kind == "b" and N.bias == "weight0") else "w"
        head = "theta" if kind == "theta" else base
        for sym in {_clean(name.text), _clean(name.unicode)}:
            for d in ("\u0394", "Delta", "d"):
                out.setdefault(d + sym, "d" + head)
            for e in E:
                for part in ("\u2202", "d", "partial"):
                    out.setdefault(f"{part}{e}/{part}{sym}", "grad_" + head)
            out.setdefault("grad_" + sym, "grad_" + head)
    return out


def keys(key: str, N, bases: dict[str, str] | None = None) -> list[str]:
    """The bracket forms a typed name may stand for in notation ``N``: ``a^1`` -> ``a[1]``,
    ``w^1_{2,1}`` -> ``w[1,2,1]``, ``n_1^2`` -> ``n[2,1]``, ``s2`` -> ``s[2]``, ``θ3`` ->
    ``theta[3]``; a run of digits is split every way (``w13`` -> ``w[1,3]``, ``w[13]``)."""
    name = _clean(key)
    if len(name) > MAX_NAME_CHARS:
        return []
    bases = bases or spellings(N)
    out: list[str] = []
    for spelled in sorted(bases, key=len, reverse=True):
        if not name.startswith(spelled):
            continue
        base, rest = bases[spelled], name[len(spelled):]
        if not rest:
            out.append(base)
            continue
        for idx in _indices(rest):
            out.append(f"{base}[{','.join(idx)}]")
    return list(dict.fromkeys(out))


def _indices(rest: str) -> list[tuple]:
    """Index tuples of the rest of a typed name, a superscript (a layer) first."""
    sup = []
    m = _SUPERSCRIPT.search(rest)
    if m:
        sup = [_strip(m.group(1))]
        rest = rest[:m.start()] + rest[m.end():]
    rest = rest.lstrip("_")
    groups = [next(g for g in gm.groups() if g is not None) for gm in _GROUP.finditer(rest)]
    leftover = _GROUP.sub("", rest).replace("_", ",").strip(",")
    parts: list[list[str]] = []
    for g in groups + ([leftover] if leftover else []):
        parts.append([p for p in re.split(r"[,_]", g) if p])
    flat = [p for ps in parts for p in ps]
    out = []
    if flat:
        out.append(tuple(sup + flat))
    if len(flat) == 1 and flat[0].isdigit() and 1 < len(flat[0]) <= MAX_SPLIT_DIGITS:   # w13: every split
        s = flat[0]
        for i in range(1, len(s)):
            out.append(tuple(sup + [s[:i], s[i:]]))
            for k in range(i + 1, len(s)):
                out.append(tuple(sup + [s[:i], s[i:k], s[k:]]))
    if not flat and sup:
        out.append(tuple(sup))
    return out


def _strip(s: str) -> str:
    return s[1:-1] if s[:1] in "{(" else s


# --------------------------------------------------------------------------- vector answers
class ShapeError(ValueError):
    """A vector or matrix answer that cannot be read; the message says what to write."""


def cells(raw) -> list[list]:
    """The rows of a vector or matrix answer, each a list of raw numbers: a TOML array
    (``[0.321, 0.368]``, ``[[0.171, -0.0772]]``) or a string ``"[0.321; 0.368]"`` (rows
    separated by ``;``, numbers by spaces or ``", "``; a trailing ``ᵀ``, ``'`` or ``^T``
    is allowed)."""
    if isinstance(raw, list):
        if all(isinstance(r, list) for r in raw) and raw:
            return [list(r) for r in raw]
        if any(isinstance(r, (list, dict)) for r in raw):
            raise ShapeError("write a vector as [a, b] and a matrix as [[a, b], [c, d]]")
        return [[x] for x in raw]                  # a vector: a column
    if not isinstance(raw, str):
        raise ShapeError("write the values as a list, e.g. [\"0.321\", \"0.368\"]")
    text = raw.strip()
    text = re.sub(r"(\u1d40|\^T|\^\{T\}|')$", "", text).strip()
    if not (text.startswith("[") and text.endswith("]")):
        raise ShapeError("write the values in brackets, e.g. \"[0.321; 0.368]\", or as a list")
    rows = []
    for r in text[1:-1].split(";"):
        r = r.strip()
        sep = r",\s*|\s+" if ("." in r or ", " in r) else r"\s+"     # else a comma is a decimal comma
        rows.append([x for x in re.split(sep, r) if x])
    return rows


def flatten(rows: list[list], shape: tuple) -> list:
    """The values of ``rows`` in the order of a meaning of ``shape`` (row-major); a vector may
    be written as a row or a column, a 1 x n or n x 1 matrix in either orientation."""
    n = 1
    for d in shape:
        n *= d
    values = [x for r in rows for x in r]
    if len(values) != n:
        dims = " x ".join(map(str, shape))
        raise ShapeError(f"{len(values)} value{'s' if len(values) != 1 else ''} for a {dims} "
                         f"{'vector' if len(shape) == 1 else 'matrix'}")
    if len(shape) == 2 and shape[0] > 1 and shape[1] > 1:
        if len(rows) != shape[0] or any(len(r) != shape[1] for r in rows):
            raise ShapeError(f"the matrix is {shape[0]} x {shape[1]}: write {shape[0]} rows of {shape[1]}")
    return values
