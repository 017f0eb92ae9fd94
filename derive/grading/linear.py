"""A small safe parser for linear equations such as ``x2 = -x1 + 1.5`` or ``2*x1 + x2 = 5/2``.

Tokens: numbers (decimals, ``3/2`` is read as division), the network's input names, ``+ - * /
( ) =``. Multiplication needs a constant on one side and division a constant divisor, so the
result is always linear. Nothing is evaluated as code.
"""
from __future__ import annotations

import re
from fractions import Fraction

from derive.model.numbers import NumberError, parse_decimal

_TOKEN = re.compile(r"\s*(?:(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|([A-Za-z_][A-Za-z0-9_]*)|(.))")
MAX_LENGTH = 300


class LinearError(ValueError):
    pass


# A linear form: (coefficients by name, constant)
Form = tuple[dict, Fraction]


def _tokens(text: str):
    if len(text) > MAX_LENGTH:
        raise LinearError(f"equation longer than {MAX_LENGTH} characters")
    out = []
    for m in _TOKEN.finditer(text):
        num, name, op = m.groups()
        if num is not None:
            try:
                out.append(("num", parse_decimal(num)))
            except NumberError as e:              # 1e999, 201 digits: that answer's error
                raise LinearError(str(e)) from None
        elif name is not None:
            out.append(("name", name))
        elif op is not None:
            if op not in "+-*/()=":
                raise LinearError(f"unexpected character {op!r}")
            out.append(("op", op))
    return out


class _Parser:
    def __init__(self, tokens, names):
        self.t, self.i, self.names = tokens, 0, names

    def peek(self):
        return self.t[self.i] if self.i < len(self.t) else ("end", None)

    def take(self, op=None):
        tok = self.peek()
        if op is not None and tok != ("op", op):
            raise LinearError(f"expected {op!r}")
        self.i += 1
        return tok

    def expr(self) -> Form:
        sign = 1
        while self.peek() in (("op", "+"), ("op", "-")):
            sign *= -1 if self.take()[1] == "-" else 1
        acc = _scale(self.term(), sign)
        while self.peek() in (("op", "+"), ("op", "-")):
            s = -1 if self.take()[1] == "-" else 1
            acc = _add(acc, _scale(self.term(), s))
        return acc

    def term(self) -> Form:
        acc = self.factor()
        while self.peek() in (("op", "*"), ("op", "/")) or self.peek()[0] in ("name", "num") \
                or self.peek() == ("op", "("):
            if self.peek()[0] == "op" and self.peek()[1] in "*/":
                op = self.take()[1]
            else:
                op = "*"                       # implicit multiplication: 2x1, 2(x1 + x2)
            rhs = self.factor()
            if op == "*":
                if not acc[0]:
                    acc = _scale(rhs, acc[1])
                elif not rhs[0]:
                    acc = _scale(acc, rhs[1])
                else:
                    raise LinearError("not linear: a product of two inputs")
            else:
                if rhs[0]:
                    raise LinearError("not linear: division by an input")
                if rhs[1] == 0:
                    raise LinearError("division by zero")
                acc = _scale(acc, 1 / rhs[1])
        return acc

    def factor(self) -> Form:
        kind, val = self.take()
        if kind == "num":
            return {}, val
        if kind == "name":
            if val not in self.names:
                raise LinearError(f"unknown name {val!r} (the inputs are {', '.join(self.names)})")
            return {val: Fraction(1)}, Fraction(0)
        if (kind, val) == ("op", "("):
            inner = self.expr()
            self.take(")")
            return inner
        if (kind, val) == ("op", "-"):
            return _scale(self.factor(), -1)
        raise LinearError("incomplete equation" if kind == "end" else f"unexpected {val!r}")


def _scale(f: Form, c) -> Form:
    return {k: v * c for k, v in f[0].items()}, f[1] * c


def _add(a: Form, b: Form) -> Form:
    out = dict(a[0])
    for k, v in b[0].items():
        out[k] = out.get(k, 0) + v
    return {k: v for k, v in out.items() if v}, a[1] + b[1]


def parse_equation(text: str, names) -> tuple[tuple[Fraction, ...], Fraction]:
    """``lhs = rhs`` as (coefficients in the order of ``names``, constant) of lhs − rhs = 0."""
    tokens = _tokens(text)
    if sum(1 for t in tokens if t == ("op", "=")) != 1:
        raise LinearError("an equation needs exactly one '='")
    p = _Parser(tokens, list(names))
    lhs = p.expr()
    p.take("=")
    rhs = p.expr()
    if p.peek()[0] != "end":
        raise LinearError(f"unexpected {p.peek()[1]!r}")
    coeffs, const = _add(lhs, _scale(rhs, -1))
    if not coeffs:
        raise LinearError("no input appears in it: not a line")
    return tuple(Fraction(coeffs.get(n, 0)) for n in names), Fraction(const)
