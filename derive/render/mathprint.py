"""Formulas, quantities and numbers of a worked solution as presentation math.

A formula prints either with symbols (the general formula) or with every symbol replaced by its
value (the substituted line), so "formula → numbers → result" is one tree printed twice. The
result is a :mod:`derive.render.math` tree, which every output format prints; nothing here
knows about formats.
"""
from __future__ import annotations

import re
from fractions import Fraction

from derive.model.formula import Add, Div, Expr, Func, Mul, Neg, Num, Pow, Sym
from derive.model.names import parse
from derive.model.constants import Constant
from derive.model.numbers import PLAIN_CHARS, exact_scientific, format_sig
from derive.render.math import (Alt, Apply, Fence, Frac, Mi, Mn, Mo, Name, Node, Raw, Row, Sub, Sup, has_superscript,
                                join, row)
from derive.render.math import Sym as MSym
from derive.notations import HAYKIN, Notation
from derive.notations.layers import Layers

_TRAILING_DIGITS = re.compile(r"([A-Za-z][A-Za-z]*)(\d+)")
_PREC_ADD, _PREC_MUL, _PREC_NEG, _PREC_POW, _PREC_ATOM = 1, 2, 2, 3, 4
_HALF = Fraction(1, 2)


def function_name(f) -> Name:
    """How a function (an activation, exp, ln) is printed: the function object says so."""
    uni = f.printed("unicode")
    return Name(f.printed("text"), f.printed("latex"), uni, upright=len(uni) > 1)


#: a factor no book writes: φ' = 1 of a linear unit in δ = φ'(v) · 2(d − y)
_ONE = Num(Fraction(1))


def _flatten(e: Mul) -> list[Expr]:
    out = []
    for fac in e.factors:
        out += _flatten(fac) if isinstance(fac, Mul) else [fac]
    return out


#: quantities only a notation writes: the change and gradient of a threshold θ = −b
_NOTATION_ONLY = re.compile(r"(dtheta|dtheta_prev|grad_theta)\[([A-Za-z0-9_]+)\]")
#: quantities of the output layer that the layered books write without the layer (e, the target)
_UNLAYERED = frozenset({"e", "d"})
#: a quantity with letter indices, in a general rule: ``w[j,i]``, ``dw_prev[k,j]``
_GENERAL = re.compile(r"([A-Za-z_]+)\[([A-Za-z0-9_]+)(?:,([A-Za-z0-9_]+))?\]")
#: the kinds of quantity that are changes, previous changes and gradients of a parameter
_OF_PARAMETER = {"dw": ("Delta", "w", ""), "dw_prev": ("Delta", "w", "prev"), "grad_w": ("grad", "w", ""),
                 "db": ("Delta", "b", ""), "db_prev": ("Delta", "b", "prev"), "grad_b": ("grad", "b", ""),
                 "dtheta": ("Delta", "theta", ""), "dtheta_prev": ("Delta", "theta", "prev"),
                 "grad_theta": ("grad", "theta", "")}


def _read(name: str) -> tuple[str, str, str | None] | None:
    """(kind, j, k) of a quantity name: the contract's, a notation's own (``dtheta[3]``), or
    one with letter indices (``w[j,i]``); k is a string."""
    p = parse(name)
    if p is not None:
        return p[0], p[1], None if p[2] is None else str(p[2])
    m = _NOTATION_ONLY.fullmatch(name) or _GENERAL.fullmatch(name)
    if m is None:
        return None
    return m.group(1), m.group(2), (m.group(3) if m.re is _GENERAL else None)


class Printer:
    """Prints quantities, formulas and numbers in one notation (default: Haykin's, the
    seed's). With ``net``, a notation that names weights by their source (Mitchell's w_ji:
    from unit i into unit j) or numbers its layers (Nielsen's z^l_j, Hagan's a^m_i) can say
    which; without, weights are named by position as the contract does."""

    def __init__(self, digits: int = 4, compact_indices: bool = True, notation: Notation = HAYKIN, net=None):
        self.digits = digits
        self.compact = compact_indices
        self.notation = notation
        self.net = net
        self.layers = Layers.of_network(net) if net is not None else None
        self.layered = (notation.layout != "neuron" and self.layers is not None and self.layers.layered)
        self._labels = _input_labels(net) if net is not None else {}
        #: symbols printed as given nodes (Hagan's vectors: ``e[k]`` as **e**)
        self.nodes: dict = {}
        #: what this printer has printed (nodes are immutable): a long training repeats the same
        #: few names and values thousands of times
        self._printed: dict = {}
        self._values: dict = {}

    @classmethod
    def for_network(cls, net, digits: int = 4, **options) -> "Printer":
        """A printer for ``net``: indices written w₂₃ (not w₂,₃) where every id is one
        character and no neuron has ten inputs."""
        return cls(digits, all(len(n.id) == 1 and len(n.inputs) < 10 for n in net.neurons), net=net, **options)

    # -- names -------------------------------------------------------------------------------
    def ident(self, name: str) -> Node:
        """An input name or neuron id: ``x1`` is written x₁ (text keeps ``x1``)."""
        m = _TRAILING_DIGITS.fullmatch(name)
        node = Sub(Mi(m.group(1)), Mn(m.group(2))) if m else Mi(name)
        return Alt(name, node)

    def _index(self, j: str) -> Node:
        return Mn(j) if j.isdigit() else Mi(j)

    def neuron(self, nid: str) -> Node:
        """A neuron's id in running text and tables: ``1``, ``h1``."""
        return self._index(nid)

    def sym(self, kind: str) -> Node:
        """The notation's symbol of a quantity kind (η, E, φ …)."""
        return self.notation.sym(kind)

    def _own_name(self, act) -> str | None:
        """The notation's name of an activation with its default parameters (Hagan's logsig)."""
        if getattr(act, "to_json", lambda: None)() != getattr(act, "name", None):
            return None
        return next((a for a in getattr(act, "aliases", ()) if a in self.notation.functions), None)

    def function(self, f) -> Name:
        """How the notation names a function: Hagan's ``logsig`` for the sigmoid (with its
        default parameters), else the function's own name."""
        own = self._own_name(f)
        if own is not None:
            return Name(own, rf"\operatorname{{{own}}}", own, upright=True)
        return function_name(f)

    def function_label(self, act) -> str:
        """An activation's name in lists: Hagan's ``logsig``, else ``sigmoid (a = 2)``."""
        return self._own_name(act) or act.label

    def rule_layer(self, at: str = "l") -> str | None:
        """The superscript layer of a general rule's symbol where the notation numbers its
        layers (Nielsen's z^l_j) and the network has them, else None."""
        return at if self.layered and self.notation.layout == "layered" else None

    def time(self) -> Node:
        t = self.notation.update.time
        return MSym(t) if isinstance(t, Name) else Mi(t)

    def quantity(self, name: str) -> Node:
        """``w[2,3]`` is written w₂₃ (or w_{2,3}), ``dw[2,3]`` Δw₂₃, ``grad_b[1]`` ∂E/∂b₁ — in
        the notation's symbols; the text format writes the notation's name (the contract's
        for Haykin: ``w[2,3]``)."""
        if name in self.nodes:
            return self.nodes[name]
        node = self._printed.get(name)
        if node is None:
            node = self._printed[name] = self._quantity(name)
        return node

    def _quantity(self, name: str) -> Node:
        N = self.notation
        parsed = _read(name)
        if parsed is None:
            if name in N.symbols:
                return Alt(N.symbols[name].text, N.sym(name))
            return self.ident(name)
        kind, j, k = parsed
        if kind == "E":
            return Alt(N.symbols["E"].text, N.sym("E"))
        node, text = self._named(kind, j, k)
        return Alt(name if N is HAYKIN and kind != "dphi" else text, node)

    def _named(self, kind: str, j: str, k: str | None) -> tuple[Node, str]:
        """(node, text name) of one quantity in the notation."""
        N = self.notation
        if kind in _OF_PARAMETER:
            how, base, prev = _OF_PARAMETER[kind]
            p, text = self._weight(j, k) if base == "w" else self._bias(j, base)
            head = "d" if how == "Delta" else "grad_"
            text = head + text + ("_prev" if prev else "") if "[" not in text else \
                head + text.replace("[", "_prev[" if prev else "[", 1)
            if how == "grad":
                return Frac(row(self.sym("partial"), self.sym("E")), row(self.sym("partial"), p), big=True), text
            node = row(self.sym("Delta"), p)
            if prev:
                node = row(node, Fence(row(self.time(), Mo("-"), Mn("1"))))
            return node, text
        if kind == "w":
            return self._weight(j, k)
        if kind in ("b", "theta"):
            return self._bias(j, kind)
        if kind == "dphi":               # φ′(v_j): in text too (phi'(v[1]), Hagan's fdot(n[1]))
            field, field_text = self._unit("v", j)
            return Apply(self.sym("dphi"), field), f"{N.symbols['dphi'].text}({field_text})"
        return self._unit(kind, j)

    def _unit_text(self, j: str) -> str:
        if self.layered and j in self.layers.of:
            return f"{self._layer_no(j)},{self.layers.position(j)}"
        return j

    def _layer_no(self, j: str) -> int:
        return self.layers.layer(j) + self.notation.first_layer - 1

    def _unit(self, kind: str, j: str) -> tuple[Node, str]:
        """A quantity of one neuron: v_j, y_j, δ_j, d_k … (a^m_i where layers are numbered)."""
        N = self.notation
        name = N.symbols.get(kind) or Name(kind, kind, kind)
        if kind == "y" and N.output_y is not None and (j == "k" or self.net is not None and j in self.net.outputs):
            name = N.output_y
        base = MSym(name)
        if self.layered and j in self.layers.of:
            pos = str(self.layers.position(j))
            idx = Mn(pos)
            if kind in N.index_prefix:
                idx = row(Mi(N.index_prefix[kind]), Mo(","), idx)
            if kind in _UNLAYERED:         # Hagan's e_i = t_i − a_i, Nielsen's target y_j
                return Sub(base, idx), f"{name.text}[{pos}]"
            return Sup(Sub(base, idx), Mn(str(self._layer_no(j)))), f"{name.text}[{self._unit_text(j)}]"
        idx = self._index(j)
        if kind in N.index_prefix:
            idx = row(Mi(N.index_prefix[kind]), Mo(","), idx)
        return Sub(base, idx), f"{name.text}[{j}]"

    def _pair(self, a: Node, b: Node, a_text: str, b_text: str) -> Node:
        """Two indices: ``23`` when both are one character (and the notation does not write a
        comma), else ``2,3``."""
        if self.compact and not self.notation.index_comma and len(a_text) == 1 and len(b_text) == 1:
            return Mn(a_text + b_text) if (a_text + b_text).isdigit() else row(a, b)
        return row(a, Mo(","), b)

    def _weight(self, j: str, k: str | None) -> tuple[Node, str]:
        """w_jk of neuron j's k-th input (k a position, or a letter in a general rule)."""
        N = self.notation
        base = self.sym("w")
        net = self.net
        known = net is not None and k is not None and k.isdigit() and j in net._by_id
        if self.layered and known:
            src = net.neuron(j).inputs[int(k) - 1]
            row_, col = str(self.layers.position(j)), str(self.layers.column(j, src))
            node = Sup(Sub(base, self._pair(Mn(row_), Mn(col), row_, col)), Mn(str(self._layer_no(j))))
            return node, f"{N.symbols['w'].text}[{self._layer_no(j)},{row_},{col}]"
        if N.weight_index == "source" and known:
            src = net.neuron(j).inputs[int(k) - 1]
            a, a_text = self._index(j), j
            if net.is_neuron(src):
                b_node, b_text = self._index(src), src
            else:
                b_text = self._labels[src]
                b_node = self.ident(src) if b_text == src else self._index(b_text)
        else:
            a, a_text = self._index(j), j
            b_text = k if k is not None else ""
            b_node = self._index(b_text)
        if N.weight_order == "ij":
            a, b_node, a_text, b_text = b_node, a, b_text, a_text
        return Sub(base, self._pair(a, b_node, a_text, b_text)), f"{N.symbols['w'].text}[{a_text},{b_text}]"

    def _bias(self, j: str, kind: str) -> tuple[Node, str]:
        """b_j, θ_j (Negnevitsky) or w_j0 (Mitchell, Bishop: the weight on a fixed +1 input)."""
        N = self.notation
        if N.bias == "weight0" and kind == "b":
            if self.layered and j in self.layers.of:
                pos = str(self.layers.position(j))
                return (Sup(Sub(self.sym("w"), self._pair(Mn(pos), Mn("0"), pos, "0")), Mn(str(self._layer_no(j)))),
                        f"{N.symbols['w'].text}[{self._layer_no(j)},{pos},0]")
            return Sub(self.sym("w"), self._pair(self._index(j), Mn("0"), j, "0")), f"{N.symbols['w'].text}[{j},0]"
        return self._unit(kind, j)

    def general(self, kind: str, *indices: str, layer: str | None = None) -> Node:
        """A quantity with letter indices: ``δ_j``, ``w_ji`` (in the notation's order); with
        ``layer``, Nielsen's superscript ``z^l_j``."""
        N = self.notation
        base = N.sym(kind)
        if not indices:
            return base
        if kind == "w" and len(indices) == 2 and N.weight_order == "ij":
            indices = indices[::-1]
        if kind in N.index_prefix:
            node = Sub(base, row(Mi(N.index_prefix[kind]), Mo(","), Mi(indices[0])))
        elif kind == "w" and N.index_comma and len(indices) == 2:
            node = Sub(base, row(Mi(indices[0]), Mo(","), Mi(indices[1])))
        else:
            node = Sub(base, row(*(Mi(i) for i in indices)))
        if layer is not None:
            node = Sup(node, Mi(layer) if len(layer) == 1 else _layer_expr(layer))
        return Alt(f"{N.symbols[kind].text}[{','.join(indices)}]", node)

    # -- numbers -----------------------------------------------------------------------------
    def value(self, x) -> Mn:
        """A computed value to ``digits`` significant digits (exact ones exactly)."""
        key = (type(x), x)
        node = self._values.get(key)
        if node is None:
            node = self._values[key] = Mn(*format_sig(x, self.digits))
        return node

    def exact(self, q) -> Node:
        """A number of the network file, exactly: ``-1.5``, ``1/3`` (a fraction), ``1e400``,
        or a constant as it was written (``1 + sin(π/4)``)."""
        if isinstance(q, Constant):
            return Raw(q.printed("text"), q.printed("latex"), q.printed("unicode"))
        q = Fraction(q)
        mant, exp = format_sig(q, 60)
        if exp is None and len(mant) <= 12:
            return Mn(mant)
        if exp is not None and (sci := exact_scientific(q)) and len(sci[0]) <= PLAIN_CHARS:
            return Mn(*sci)                          # 1e400 exactly, not 401 digits
        if q.denominator == 1:
            return Mn(str(q))
        frac = Alt(f"{abs(q.numerator)}/{q.denominator}",
                   Frac(Mn(str(abs(q.numerator))), Mn(str(q.denominator))))
        return row(Mo("neg"), frac) if q < 0 else frac

    def vector(self, xs) -> Node:
        """``(0, 1)``."""
        return Fence(join([self.exact(x) for x in xs], ","))

    # -- formulas ----------------------------------------------------------------------------
    def formula(self, e: Expr, values: dict | None = None) -> Node:
        """The formula with symbols, or with each symbol replaced by ``values[name]`` (a
        number, or a node already printed: Hagan's vectors)."""
        return self._p(e, values)[0]

    def _leaf(self, name: str, values) -> tuple[Node, int, bool]:
        if values is None:
            return self.quantity(name), _PREC_ATOM, False
        x = values[name]
        if isinstance(x, Node):
            return x, _PREC_ATOM, isinstance(x, Mn) and x.negative
        n = self.value(x)
        return n, _PREC_ATOM, n.negative

    def _p(self, e: Expr, values) -> tuple[Node, int, bool]:
        """(node, precedence, starts with a minus sign)."""
        if isinstance(e, Sym):
            return self._leaf(e.name, values)
        if isinstance(e, Num):
            n = self.exact(e.value)
            neg = e.value < 0
            return n, (_PREC_MUL if isinstance(n, Row) or isinstance(n, Alt) else _PREC_ATOM), neg
        if isinstance(e, Neg):
            n, p, neg = self._p(e.arg, values)
            return row(Mo("neg"), Fence(n) if p <= _PREC_ADD or neg else n), _PREC_NEG, True
        if isinstance(e, Add):
            if len(e.terms) == 1:
                return self._p(e.terms[0], values)
            items: list = []
            for i, t in enumerate(e.terms):
                if isinstance(t, Neg):
                    n, p, neg = self._p(t.arg, values)
                    n = Fence(n) if p <= _PREC_ADD or neg else n
                    items += [Mo("neg") if i == 0 else Mo("-"), n]
                    continue
                n, p, neg = self._p(t, values)
                if i == 0:
                    items.append(n)
                elif neg and p >= _PREC_MUL:
                    items += [Mo("-"), _drop_minus(n)]     # a + (-2 * 0.18)  ->  a - 2 * 0.18
                else:
                    items += [Mo("+"), Fence(n) if neg else n]
            return row(*items), _PREC_ADD, _starts_negative(items[0])
        if isinstance(e, Mul):
            parts = []
            factors = [f for f in _flatten(e) if f != _ONE] or [_ONE]    # 1 · 2(d − y) is 2(d − y)
            if len(factors) == 1:
                return self._p(factors[0], values)
            for i, fac in enumerate(factors):
                if i == 0 and fac == Num(_HALF) and len(factors) == 2 and isinstance(factors[1], (Add, Pow)):
                    parts.append(self.half())                  # ½ (d - y)², as Haykin writes E
                    continue
                n, p, neg = self._p(fac, values)
                if p < _PREC_MUL or (i > 0 and neg):
                    n = Fence(n)
                parts.append(n)
            # a substituted line shows its products explicitly: 1 · (-0.06179) · 0.1824; a
            # formula too where a number follows a factor (2 · 3 would read 23 juxtaposed)
            items: list = []
            for i, part in enumerate(parts):
                if i:
                    items.append(Mo("cdot" if values is not None or _numeric(part) else "times"))
                items.append(part)
            return row(*items), _PREC_MUL, _starts_negative(parts[0])
        if isinstance(e, Pow):
            n, p, neg = self._p(e.base, values)
            if p < _PREC_ATOM or neg or has_superscript(n):
                n = Fence(n)
            return Sup(n, Mn(str(e.exp))), _PREC_POW, False
        if isinstance(e, Div):
            return Frac(self.formula(e.num, values), self.formula(e.den, values), big=True), _PREC_ATOM, False
        if isinstance(e, Func):
            if getattr(e.act, "identity", False):
                return self._p(e.arg, values)
            return Apply(MSym(self.function(e.act)), self.formula(e.arg, values)), _PREC_ATOM, False
        raise TypeError(e)

    # -- linear expressions ------------------------------------------------------------------
    def linear(self, terms: list[tuple[Fraction, str]], const: Fraction, name=None) -> Node:
        """Σ c·name + const with unit coefficients implicit and zero terms dropped."""
        name = name or self.ident
        items: list = []
        for c, n in terms:
            if c == 0:
                continue
            mag = abs(c)
            term = name(n) if mag == 1 else row(self.exact(mag), Mo("times"), name(n))
            items += [Mo("neg" if not items else "-") if c < 0 else (Mo("+") if items else None), term]
        if const != 0 or not items:
            if not items:
                items.append(self.exact(const))
            else:
                items += [Mo("-" if const < 0 else "+"), self.exact(abs(const))]
        return row(*items)

    def relation_of(self, form, names, op: str = "==") -> Node:
        """A linear form ``coeffs·x + const`` against 0, written ``x1 + x2 <= 3/2`` (see
        :func:`upright`)."""
        coeffs, const, op = upright(form.coeffs, form.const, op)
        return row(self.linear(list(zip(coeffs, names)), 0), self.relation(op), self.exact(-const))

    @staticmethod
    def relation(op: str) -> Mo:
        return Mo({"==": "="}.get(op, op))

    @staticmethod
    def half() -> Node:
        return Alt("1/2", Frac(Mn("1"), Mn("2")))


def _layer_expr(text: str) -> Node:
    """``l-1`` as l − 1, ``l+1`` as l + 1."""
    for op in "-+":
        a, _, b = text.partition(op)
        if b:
            return row(Mi(a), Mo(op), Mn(b))
    return Mi(text)


def _input_labels(net) -> dict:
    """How a notation that names a weight by its source (Negnevitsky's w_13: from node 1)
    labels the network's inputs: by their numbers (x1 -> 1) where every input is one
    letter-prefix and a number that is no neuron's id, else by their names."""
    nums = [_TRAILING_DIGITS.fullmatch(x) for x in net.inputs]
    if all(nums) and len({m.group(1) for m in nums}) == 1:
        labels = {x: m.group(2) for x, m in zip(net.inputs, nums)}
        if len(set(labels.values())) == len(labels) and not any(net.is_neuron(l) for l in labels.values()):
            return labels
    return {x: x for x in net.inputs}


def _numeric(n: Node) -> bool:
    """Does ``n`` start with a digit (a number, a fraction, a constant)?"""
    if isinstance(n, (Mn, Frac, Raw)):
        return True
    if isinstance(n, Alt):
        return _numeric(n.node)
    if isinstance(n, Row) and n.items:
        return _numeric(n.items[0]) or (isinstance(n.items[0], Mo) and n.items[0].op == "neg")
    return False


def _starts_negative(n: Node) -> bool:
    if isinstance(n, Mn):
        return n.negative
    if isinstance(n, Row) and n.items:
        first = n.items[0]
        return (isinstance(first, Mo) and first.op == "neg") or _starts_negative(first)
    return False


def _drop_minus(n: Node) -> Node:
    """The same product without its leading minus sign."""
    if isinstance(n, Mn):
        return Mn(n.mant[1:], n.exp)
    if isinstance(n, Row):
        first = n.items[0]
        if isinstance(first, Mo) and first.op == "neg":
            return row(*n.items[1:])
        return row(_drop_minus(first), *n.items[1:])
    raise TypeError(n)


_FLIP = {">": "<", "<": ">", ">=": "<=", "<=": ">=", "==": "==", "!=": "!="}


def upright(coeffs, const, op: str = "=="):
    """``coeffs·x + const op 0`` the way a student writes it: the first coefficient positive,
    and a single variable alone (``-q/2 - 1 > 0`` is ``q < -2``). Returns (coeffs, const, op)."""
    nz = [c for c in coeffs if c]
    if not nz:
        return tuple(coeffs), const, op
    scale = Fraction(1) / abs(nz[0]) if len(nz) == 1 else Fraction(1)
    if nz[0] < 0:
        scale, op = -scale, _FLIP[op]
    return tuple(c * scale for c in coeffs), const * scale, op


def needs_parens(n: Node) -> bool:
    """Does ``n`` need parentheses as a term of a sum (it has a sign or a + − of its own)?"""
    if _starts_negative(n):
        return True
    return isinstance(n, Row) and any(isinstance(i, Mo) and i.op in ("+", "-") for i in n.items)


# --------------------------------------------------------------------------- SymPy
def sympy_node(e, names: dict | None = None) -> Node:
    """A SymPy expression (an activation's φ) as math: constants first, ``e^{x}`` for exp,
    quotients as fractions; ``names`` writes a symbol as a node (``v`` as Hagan's n)."""
    import sympy
    if e.is_Symbol:
        return (names or {}).get(e.name) or Mi(e.name)
    if e.is_Integer:
        return Mn(str(e))
    if e.is_Rational:
        return Frac(Mn(str(abs(e.p))), Mn(str(e.q))) if e > 0 else row(Mo("neg"), Frac(Mn(str(-e.p)), Mn(str(e.q))))
    if e.is_Add:
        terms = sorted(e.args, key=lambda t: (not t.is_number, str(t)))
        items: list = []
        for i, t in enumerate(terms):
            neg = t.could_extract_minus_sign()
            node = sympy_node(-t if neg else t, names)
            items += ([Mo("-" if i else "neg")] if neg else ([Mo("+")] if i else [])) + [node]
        return row(*items)
    if e.is_Mul:
        if e.could_extract_minus_sign():
            return row(Mo("neg"), sympy_node(-e, names))
        coeff, rest = e.as_coeff_Mul()
        if coeff.is_Rational and coeff != 1:          # 1.7159 tanh(…), 2/3 v: the number first
            return row(Printer().exact(Fraction(int(coeff.p), int(coeff.q))), Mo("times"), sympy_node(rest, names))
        num, den = e.as_numer_denom()
        if den != 1:
            return Frac(sympy_node(num, names), sympy_node(den, names))
        return join([_sympy_factor(f, names) for f in e.as_ordered_factors()], "times")
    if e.is_Pow:
        if e.exp == -1:
            return Frac(Mn("1"), sympy_node(e.base, names))
        return Sup(_sympy_factor(e.base, names), sympy_node(e.exp, names))
    if isinstance(e, sympy.exp):
        return Sup(Mi("e"), sympy_node(e.args[0], names))
    if isinstance(e, sympy.log):
        return Apply(MSym(Name("ln", r"\ln", "ln", upright=True)), sympy_node(e.args[0], names))
    if isinstance(e, sympy.core.relational.Relational):
        return row(sympy_node(e.lhs, names), Mo(_REL_OPS[e.rel_op]), sympy_node(e.rhs, names))
    if isinstance(e, (sympy.Max, sympy.Min)):
        name = "max" if isinstance(e, sympy.Max) else "min"
        args = sorted(e.args, key=lambda t: (not t.is_number, str(t)))
        return Apply(MSym(Name(name, rf"\{name}", name, upright=True)), join([sympy_node(a, names) for a in args], ","))
    if isinstance(e, sympy.Function) and len(e.args) == 1:
        fn = type(e).__name__
        return Apply(MSym(Name(fn, rf"\operatorname{{{fn}}}" if fn not in ("tanh", "exp", "ln") else rf"\{fn}",
                               fn, upright=True)), sympy_node(e.args[0], names))
    raise TypeError(f"cannot print {e!r}")


_REL_OPS = {">": ">", "<": "<", ">=": ">=", "<=": "<=", "==": "=", "!=": "!="}


def sympy_cases(e, names: dict | None = None) -> list[tuple[Node, Node | None]]:
    """A SymPy Piecewise as (value, condition) pairs; the last condition None ("otherwise"),
    or the complement of a single earlier one."""
    import sympy
    pieces = list(e.args)
    out = []
    for val, cond in pieces:
        if cond is sympy.true:
            if len(pieces) == 2 and isinstance(pieces[0][1], sympy.core.relational.Relational):
                out.append((sympy_node(val, names), sympy_node(pieces[0][1].negated, names)))
            else:
                out.append((sympy_node(val, names), None))
        else:
            out.append((sympy_node(val, names), sympy_node(cond, names)))
    return out


def _sympy_factor(f, names=None) -> Node:
    n = sympy_node(f, names)
    return Fence(n) if f.is_Add else n
