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
from derive.render.math import (Alt, Apply, Fence, Frac, Mi, Mn, Mo, Name, Node, Raw, Row, Sub, Sup,
                                join, row)
from derive.render.math import Sym as MSym
from derive.render.notation import HAYKIN, Notation

_TRAILING_DIGITS = re.compile(r"([A-Za-z][A-Za-z]*)(\d+)")
_PREC_ADD, _PREC_MUL, _PREC_NEG, _PREC_POW, _PREC_ATOM = 1, 2, 2, 3, 4
_HALF = Fraction(1, 2)


def function_name(f) -> Name:
    """How a function (an activation, exp, ln) is printed: the function object says so."""
    uni = f.printed("unicode")
    return Name(f.printed("text"), f.printed("latex"), uni, upright=len(uni) > 1)


def _plain(kind: str):
    return lambda nt, idx: Sub(nt.sym(kind), idx)


def _changed(kind: str, prev: bool = False):
    def build(nt, idx):
        out = row(nt.sym("Delta"), Sub(nt.sym(kind), idx))
        return row(out, Fence(row(Mi(nt.update.now), Mo("-"), Mn("1")))) if prev else out
    return build


def _partial(kind: str):
    return lambda nt, idx: Frac(row(nt.sym("partial"), nt.sym("E")), row(nt.sym("partial"), Sub(nt.sym(kind), idx)),
                                big=True)


#: how each kind of quantity is written, from the notation's symbols (``v[1]``: v₁ …)
_KINDS = {
    "dw": _changed("w"), "db": _changed("b"), "dw_prev": _changed("w", True), "db_prev": _changed("b", True),
    "grad_w": _partial("w"), "grad_b": _partial("b"),
    "dphi": lambda nt, idx: Apply(row(nt.sym("phi"), Mo("prime")), Sub(nt.sym("v"), idx)),
}


def _flatten(e: Mul) -> list[Expr]:
    out = []
    for fac in e.factors:
        out += _flatten(fac) if isinstance(fac, Mul) else [fac]
    return out


class Printer:
    def __init__(self, digits: int = 4, compact_indices: bool = True, notation: Notation = HAYKIN):
        self.digits = digits
        self.compact = compact_indices
        self.notation = notation

    @classmethod
    def for_network(cls, net, digits: int = 4, **options) -> "Printer":
        """A printer for ``net``: indices written w₂₃ (not w₂,₃) where every id is one
        character and no neuron has ten inputs."""
        return cls(digits, all(len(n.id) == 1 and len(n.inputs) < 10 for n in net.neurons), **options)

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

    def quantity(self, name: str) -> Node:
        """``w[2,3]`` is written w₂₃ (or w_{2,3}), ``dw[2,3]`` Δw₂₃, ``grad_b[1]`` ∂E/∂b₁; the
        text format keeps the contract's name."""
        parsed = parse(name)
        if parsed is None:
            if name in self.notation.symbols:
                return Alt(name, self.notation.sym(name))
            return self.ident(name)
        kind, j, k = parsed
        if kind == "E":
            return Alt(name, self.notation.sym("E"))
        if k is None:
            idx = self._index(j)
        elif self.compact and len(j) == 1 and k < 10:
            idx = Mn(f"{j}{k}") if j.isdigit() else row(Mi(j), Mn(str(k)))
        else:
            idx = row(self._index(j), Mo(","), Mn(str(k)))
        return Alt(name, _KINDS.get(kind, _plain(kind))(self.notation, idx))
    def general(self, kind: str, *indices: str) -> Node:
        """A quantity with letter indices: ``δ_j``, ``w_ji``."""
        base = self.notation.sym(kind)
        if not indices:
            return base
        return Alt(f"{self.notation.symbols[kind].text}[{','.join(indices)}]",
                   Sub(base, row(*(Mi(i) for i in indices))))

    # -- numbers -----------------------------------------------------------------------------
    def value(self, x) -> Mn:
        """A computed value to ``digits`` significant digits (exact ones exactly)."""
        mant, exp = format_sig(x, self.digits)
        return Mn(mant, exp)

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
        """The formula with symbols, or with each symbol replaced by ``values[name]``."""
        return self._p(e, values)[0]

    def _leaf(self, name: str, values) -> tuple[Node, int, bool]:
        if values is None:
            return self.quantity(name), _PREC_ATOM, False
        n = self.value(values[name])
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
            factors = _flatten(e)
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
            if p < _PREC_ATOM or neg:
                n = Fence(n)
            return Sup(n, Mn(str(e.exp))), _PREC_POW, False
        if isinstance(e, Div):
            return Frac(self.formula(e.num, values), self.formula(e.den, values), big=True), _PREC_ATOM, False
        if isinstance(e, Func):
            if getattr(e.act, "identity", False):
                return self._p(e.arg, values)
            return Apply(MSym(function_name(e.act)), self.formula(e.arg, values)), _PREC_ATOM, False
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
def sympy_node(e) -> Node:
    """A SymPy expression (an activation's φ) as math: constants first, ``e^{x}`` for exp,
    quotients as fractions."""
    import sympy
    if e.is_Symbol:
        return Mi(e.name)
    if e.is_Integer:
        return Mn(str(e))
    if e.is_Rational:
        return Frac(Mn(str(abs(e.p))), Mn(str(e.q))) if e > 0 else row(Mo("neg"), Frac(Mn(str(-e.p)), Mn(str(e.q))))
    if e.is_Add:
        terms = sorted(e.args, key=lambda t: (not t.is_number, str(t)))
        items: list = []
        for i, t in enumerate(terms):
            neg = t.could_extract_minus_sign()
            node = sympy_node(-t if neg else t)
            items += ([Mo("-" if i else "neg")] if neg else ([Mo("+")] if i else [])) + [node]
        return row(*items)
    if e.is_Mul:
        if e.could_extract_minus_sign():
            return row(Mo("neg"), sympy_node(-e))
        coeff, rest = e.as_coeff_Mul()
        if coeff.is_Rational and coeff != 1:          # 1.7159 tanh(…), 2/3 v: the number first
            return row(Printer().exact(Fraction(int(coeff.p), int(coeff.q))), Mo("times"), sympy_node(rest))
        num, den = e.as_numer_denom()
        if den != 1:
            return Frac(sympy_node(num), sympy_node(den))
        return join([_sympy_factor(f) for f in e.as_ordered_factors()], "times")
    if e.is_Pow:
        if e.exp == -1:
            return Frac(Mn("1"), sympy_node(e.base))
        return Sup(_sympy_factor(e.base), sympy_node(e.exp))
    if isinstance(e, sympy.exp):
        return Sup(Mi("e"), sympy_node(e.args[0]))
    if isinstance(e, sympy.log):
        return Apply(MSym(Name("ln", r"\ln", "ln", upright=True)), sympy_node(e.args[0]))
    if isinstance(e, sympy.core.relational.Relational):
        return row(sympy_node(e.lhs), Mo(_REL_OPS[e.rel_op]), sympy_node(e.rhs))
    if isinstance(e, (sympy.Max, sympy.Min)):
        name = "max" if isinstance(e, sympy.Max) else "min"
        args = sorted(e.args, key=lambda t: (not t.is_number, str(t)))
        return Apply(MSym(Name(name, rf"\{name}", name, upright=True)), join([sympy_node(a) for a in args], ","))
    if isinstance(e, sympy.Function) and len(e.args) == 1:
        fn = type(e).__name__
        return Apply(MSym(Name(fn, rf"\operatorname{{{fn}}}" if fn not in ("tanh", "exp", "ln") else rf"\{fn}",
                               fn, upright=True)), sympy_node(e.args[0]))
    raise TypeError(f"cannot print {e!r}")


_REL_OPS = {">": ">", "<": "<", ">=": ">=", "<=": "<=", "==": "=", "!=": "!="}


def sympy_cases(e) -> list[tuple[Node, Node | None]]:
    """A SymPy Piecewise as (value, condition) pairs; the last condition None ("otherwise"),
    or the complement of a single earlier one."""
    import sympy
    pieces = list(e.args)
    out = []
    for val, cond in pieces:
        if cond is sympy.true:
            if len(pieces) == 2 and isinstance(pieces[0][1], sympy.core.relational.Relational):
                out.append((sympy_node(val), sympy_node(pieces[0][1].negated)))
            else:
                out.append((sympy_node(val), None))
        else:
            out.append((sympy_node(val), sympy_node(cond)))
    return out


def _sympy_factor(f) -> Node:
    n = sympy_node(f)
    return Fence(n) if f.is_Add else n
