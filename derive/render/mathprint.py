"""Printing formulas and numbers for a worked solution, in text or LaTeX.

The two flavours differ only in the rules below (kept as data); the walk over a formula is one
function. A formula prints either with symbols (the general formula) or with every symbol
replaced by its value (the substituted line), so "formula → numbers → result" is one tree
printed twice.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from fractions import Fraction
from typing import Callable

from derive.model.constants import Constant
from derive.model.formula import Add, Div, Expr, Func, Mul, Neg, Num, Pow, Sym
from derive.model.names import parse
from derive.model.numbers import PLAIN_CHARS, exact_scientific, format_sig

_TRAILING_DIGITS = re.compile(r"([A-Za-z_]*[A-Za-z])_?(\d+)")


@dataclass(frozen=True)
class Flavour:
    name: str
    times_symbols: str       # between factors that are all symbols
    times_numbers: str       # when a number is involved
    minus: str
    leq: str
    geq: str
    neq: str
    half: str
    power: str               # format with base, exp
    frac: Callable[[int, int], str]
    sci: Callable[[str, int], str]
    greek: dict


# A function's printed name comes from the function itself (``fn.printed(flavour.name)``).
TEXT = Flavour(
    "text", "*", " * ", "-", "<=", ">=", "!=", "1/2",
    "{}^{}", lambda p, q: f"{p}/{q}", lambda m, e: f"{m}e{e}",
    {"eta": "eta", "delta": "delta", "E": "E", "alpha": "alpha"},
)

LATEX = Flavour(
    "latex", r" \, ", r" \cdot ", "-", r"\le", r"\ge", r"\ne", r"\tfrac{1}{2}",
    "{}^{{{}}}", lambda p, q: rf"\tfrac{{{p}}}{{{q}}}", lambda m, e: rf"{m} \times 10^{{{e}}}",
    {"eta": r"\eta", "delta": r"\delta", "E": "E", "alpha": r"\alpha"},
)

#: LaTeX of the version-2 quantities: {0} is the index (``23`` or ``2,3``)
_LATEX_KINDS = {"w": "w_{{{0}}}", "dw": r"\Delta w_{{{0}}}", "db": r"\Delta b_{{{0}}}",
                "dw_prev": r"\Delta w_{{{0}}}(n-1)", "db_prev": r"\Delta b_{{{0}}}(n-1)",
                "grad_w": r"\frac{{\partial E}}{{\partial w_{{{0}}}}}",
                "grad_b": r"\frac{{\partial E}}{{\partial b_{{{0}}}}}",
                "dphi": r"\varphi'(v_{{{0}}})", "theta": r"\theta_{{{0}}}"}

_PREC_ADD, _PREC_MUL, _PREC_NEG, _PREC_POW, _PREC_ATOM = 1, 2, 2, 3, 4


def latex_escape_text(s: str) -> str:
    """Prose for LaTeX: every special character made literal; accents dropped and any other
    non-ASCII character replaced by ``?`` (pdflatex has no glyph for most of them)."""
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    s = "".join(c if 32 <= ord(c) < 127 else "?" for c in s)
    table = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&",
             "#": r"\#", "^": r"\textasciicircum{}", "_": r"\_", "%": r"\%",
             "~": r"\textasciitilde{}", "<": r"\textless{}", ">": r"\textgreater{}",
             "|": r"\textbar{}"}
    return "".join(table.get(c, c) for c in s)


def _flatten(e: Mul) -> list[Expr]:
    out = []
    for fac in e.factors:
        out += _flatten(fac) if isinstance(fac, Mul) else [fac]
    return out


class Printer:
    def __init__(self, flavour: Flavour, digits: int = 4, compact_indices: bool = True):
        self.f = flavour
        self.digits = digits
        self.compact = compact_indices

    # -- names -------------------------------------------------------------------------------
    def ident(self, name: str) -> str:
        """An input name or neuron id: ``x1`` -> ``x_{1}`` in LaTeX."""
        if self.f.name == "text":
            return name
        m = _TRAILING_DIGITS.fullmatch(name)
        if m and "_" not in m.group(1):
            base = m.group(1)
            base = rf"\mathit{{{base}}}" if len(base) > 1 else base
            return f"{base}_{{{m.group(2)}}}"
        body = name.replace("_", r"\_")
        return rf"\mathit{{{body}}}" if len(name) > 1 else body

    def _sub(self, s: str) -> str:
        return s.replace("_", r"\_")

    def quantity(self, name: str) -> str:
        """``w[2,3]`` -> ``w[2,3]`` in text, ``w_{23}`` (or ``w_{2,3}``) in LaTeX."""
        if self.f.name == "text":
            return name
        if name in self.f.greek:
            return self.f.greek[name]
        parsed = parse(name)
        if parsed is None:
            return self.ident(name)
        kind, j, k = parsed
        if k is None:
            if kind in _LATEX_KINDS:
                return _LATEX_KINDS[kind].format(self._sub(j))
            return f"{self.f.greek.get(kind, kind)}_{{{self._sub(j)}}}"
        sep = "" if self.compact and len(j) == 1 and k < 10 else ","
        return _LATEX_KINDS[kind].format(f"{self._sub(j)}{sep}{k}")

    # -- numbers -----------------------------------------------------------------------------
    def value(self, x) -> str:
        """A computed value to ``digits`` significant digits (exact ones exactly)."""
        mant, exp = format_sig(x, self.digits)
        return mant if exp is None else self.f.sci(mant, exp)

    def exact(self, q: Fraction) -> str:
        """A number of the network file, exactly: ``-1.5``, ``1/3`` or ``1 + sin(pi/4)``."""
        if isinstance(q, Constant):
            return q.printed(self.f.name)
        q = Fraction(q)
        mant, exp = format_sig(q, 60)
        if exp is None and len(mant) <= 12:
            return mant
        if exp is not None and (sci := exact_scientific(q)) and len(sci[0]) <= PLAIN_CHARS:
            return self.f.sci(*sci)          # 1e400 exactly, not 401 digits
        if q.denominator == 1:
            return str(q)
        sign = "-" if q < 0 else ""
        return sign + self.f.frac(abs(q.numerator), q.denominator)

    # -- formulas ----------------------------------------------------------------------------
    def formula(self, e: Expr, values: dict | None = None) -> str:
        """The formula with symbols, or with each symbol replaced by ``values[name]``."""
        return self._p(e, values)[0]

    def _leaf(self, name: str, values) -> tuple[str, int, bool]:
        if values is None:
            return self.quantity(name), _PREC_ATOM, False
        s = self.value(values[name])
        return s, _PREC_ATOM, s.startswith("-")

    def _p(self, e: Expr, values) -> tuple[str, int, bool]:
        """(text, precedence, starts with a minus sign)."""
        f = self.f
        if isinstance(e, Sym):
            return self._leaf(e.name, values)
        if isinstance(e, Num):
            s = self.exact(e.value)
            return s, (_PREC_ATOM if "/" not in s or f.name != "text" else _PREC_MUL), s.startswith("-")
        if isinstance(e, Neg):
            s, p, _ = self._p(e.arg, values)
            return f.minus + (self._paren(s) if p <= _PREC_NEG or s.startswith("-") else s), _PREC_NEG, True
        if isinstance(e, Add):
            if len(e.terms) == 1:
                return self._p(e.terms[0], values)
            out = ""
            for i, t in enumerate(e.terms):
                if isinstance(t, Neg):
                    s, p, _ = self._p(t.arg, values)
                    s = self._paren(s) if p <= _PREC_ADD or s.startswith("-") else s
                    out += (f.minus if i == 0 else f" {f.minus} ") + s
                    continue
                s, p, neg = self._p(t, values)
                if i == 0:
                    out += s
                elif neg and p >= _PREC_MUL:
                    out += f" {f.minus} " + s[1:]     # a + (-2 * 0.18)  ->  a - 2 * 0.18
                else:
                    out += " + " + (self._paren(s) if neg else s)
            return out, _PREC_ADD, out.startswith("-")
        if isinstance(e, Mul):
            parts = []
            factors = _flatten(e)
            for i, fac in enumerate(factors):
                if i == 0 and fac == Num(Fraction(1, 2)) and len(factors) == 2 \
                        and isinstance(factors[1], (Add, Pow)):
                    parts.append(f.half)                   # ½ (d - y)², as Haykin writes E
                    continue
                s, p, neg = self._p(fac, values)
                if p < _PREC_MUL or (i > 0 and neg):
                    s = self._paren(s)
                parts.append(s)
            # a substituted line shows its products explicitly: 1 · (-0.06179) · 0.1824
            sep = f.times_numbers if values is not None else f.times_symbols
            s = sep.join(parts)
            return s, _PREC_MUL, s.startswith("-")
        if isinstance(e, Pow):
            s, p, neg = self._p(e.base, values)
            if p < _PREC_ATOM or neg:
                s = self._paren(s)
            return f.power.format(s, e.exp), _PREC_POW, False
        if isinstance(e, Div):
            num, den = self.formula(e.num, values), self.formula(e.den, values)
            if f.name == "latex":
                return rf"\frac{{{num}}}{{{den}}}", _PREC_ATOM, False
            pn, pd = self._p(e.num, values)[1], self._p(e.den, values)[1]
            num = num if pn >= _PREC_POW else self._paren(num)
            den = den if pd >= _PREC_POW else self._paren(den)
            # parenthesised inside a product: a / b * c would read as a / (b * c)
            return f"{num} / {den}", _PREC_ADD, num.startswith("-")
        if isinstance(e, Func):
            arg = self.formula(e.arg, values)
            return f"{e.act.printed(f.name)}{self._paren(arg)}", _PREC_ATOM, False
        raise TypeError(e)

    def _paren(self, s: str) -> str:
        return rf"\left({s}\right)" if self.f.name == "latex" and ("frac" in s) else f"({s})"

    # -- linear expressions ------------------------------------------------------------------
    def linear(self, terms: list[tuple[Fraction, str]], const: Fraction, name=None) -> str:
        """Σ c·name + const with unit coefficients implicit and zero terms dropped."""
        name = name or self.ident
        out = ""
        for c, n in terms:
            if c == 0:
                continue
            sign = "-" if c < 0 else "+"
            mag = abs(c)
            coef = "" if mag == 1 else self.exact(mag) + (self.f.times_symbols if self.f.name == "latex" else "*")
            out += (("-" if sign == "-" else "") if not out else f" {sign} ") + coef + name(n)
        if const != 0 or not out:
            if not out:
                out = self.exact(const)
            else:
                out += f" {'-' if const < 0 else '+'} {self.exact(abs(const))}"
        return out

    def relation_of(self, form, names, op: str = "==") -> str:
        """A linear form ``coeffs·x + const`` against 0, written ``x1 + x2 <= 3/2``."""
        return f"{self.linear(list(zip(form.coeffs, names)), 0)} {self.relation(op)} {self.exact(-form.const)}"

    def relation(self, op: str) -> str:
        return {"<=": self.f.leq, ">=": self.f.geq, "==": "=", ">": ">", "<": "<", "!=": self.f.neq}[op]
