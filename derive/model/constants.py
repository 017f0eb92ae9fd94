"""Exact constants written in a network file: ``"1 + sin(pi/4)"``, ``"sqrt(2)/2"``, ``"exp(-1)"``.

Read by a grammar of its own (recursive descent; nothing is ever evaluated as code):

    expr   := term (("+" | "-") term)*
    term   := unary (("*" | "/") unary)*
    unary  := ("+" | "-") unary | power
    power  := atom (("^" | "**") unary)?            right-associative: 2^3^2 = 2^9
    atom   := number | "pi" | "π" | "e" | func "(" expr ")" | "(" expr ")"
    func   := sqrt | exp | log | ln | sin | cos | tan | tanh   (log is the natural logarithm)
    number := digits ["." digits] [("e" | "E") ["+" | "-"] digits]  (also ".5")

At most ``MAX_NUMBER_CHARS`` characters and ``MAX_DEPTH`` levels of nesting. The value is built
in SymPy, exactly; every operation is checked where it is defined (no division by zero, no log
of a non-positive number, no square root of a negative one, tan away from its poles, powers
bounded), and the result must be real and within 10^±400. A rational result is a Fraction
(``"1/2 + 1/3"`` is 5/6); anything else a :class:`Constant`, which keeps the expression as
written for printing, the SymPy value, and an mpf of ``WORK_DPS`` digits for computing.
"""
from __future__ import annotations

import re
from contextlib import contextmanager
from fractions import Fraction

import sympy

MAX_DEPTH = 20
#: |value| and |1/value| at most 10^MAX_MAGNITUDE; integer powers at most this many digits
MAX_MAGNITUDE = 400

_TOKEN = re.compile(r"\s*(?:(\d+\.?\d*(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?)|(\*\*|[-+*/^()])|([A-Za-z_π][A-Za-z0-9_π]*))")
_FUNCS = {"sqrt": sympy.sqrt, "exp": sympy.exp, "log": sympy.log, "ln": sympy.log, "sin": sympy.sin,
          "cos": sympy.cos, "tan": sympy.tan, "tanh": sympy.tanh}
_NAMES = {"pi": sympy.pi, "π": sympy.pi, "e": sympy.E, "E": sympy.E}      # E: SymPy's spelling
#: printed names per format: text (for people), latex, unicode, sympy (what SymPy reads back)
_PRINT = {"pi": {"text": "pi", "latex": r"\pi", "unicode": "π", "sympy": "pi"},
          "π": {"text": "pi", "latex": r"\pi", "unicode": "π", "sympy": "pi"},
          "e": {"text": "e", "latex": "e", "unicode": "e", "sympy": "E"},
          "E": {"text": "e", "latex": "e", "unicode": "e", "sympy": "E"}}


class ConstantError(ValueError):
    """A constant expression without a real finite value (``log(0)``, ``1/(1-1)``)."""


class ConstantSyntaxError(ConstantError):
    """Text that is not a constant expression of the grammar."""


# --------------------------------------------------------------------------- the tree
# Nodes: ("num", text) · ("name", name) · ("neg", a) · ("add"|"sub"|"mul"|"div"|"pow", a, b) ·
# ("func", name, a) — kept for printing the constant as written.
#: kind -> (precedence, operator per format); LaTeX writes div and pow as \frac and ^{}
_OPS = {"add": (1, {"text": " + ", "latex": " + ", "unicode": " + ", "sympy": " + "}),
        "sub": (1, {"text": " - ", "latex": " - ", "unicode": " − ", "sympy": " - "}),
        "mul": (2, {"text": "*", "latex": r" \cdot ", "unicode": "·", "sympy": "*"}),
        "div": (2, {"text": "/", "unicode": "/", "sympy": "/"}),
        "pow": (4, {"text": "^", "unicode": "^", "sympy": "**"})}
_NEG, _ATOM = 3, 5


def _print(node, fmt: str) -> str:
    return _p(node, fmt)[0]


def _p(node, fmt: str) -> tuple[str, int]:
    """(text, precedence) of a tree printed in ``fmt``."""
    kind = node[0]
    if kind == "num":
        return node[1], _ATOM
    if kind == "name":
        return _PRINT[node[1]][fmt], _ATOM
    if kind == "func":
        arg = _print(node[2], fmt)
        if fmt != "latex":
            return f"{node[1]}({arg})", _ATOM
        if node[1] == "sqrt":
            return rf"\sqrt{{{arg}}}", _ATOM
        return rf"\{node[1]}\left({arg}\right)", _ATOM
    if kind == "neg":
        return ("−" if fmt == "unicode" else "-") + _wrap(node[1], fmt, _NEG + 1), _NEG
    prec, ops = _OPS[kind]
    if fmt == "latex" and kind == "div":
        return rf"\frac{{{_print(node[1], fmt)}}}{{{_print(node[2], fmt)}}}", _ATOM
    if fmt == "latex" and kind == "pow":
        return f"{_wrap(node[1], fmt, prec + 1)}^{{{_print(node[2], fmt)}}}", prec
    # a − (b − c), a/(b/c) and (a^b)^c keep their parentheses; a + (b + c) needs none
    left = prec + 1 if kind == "pow" else prec
    right = prec + 1 if kind in ("sub", "div") else prec
    return _wrap(node[1], fmt, left) + ops[fmt] + _wrap(node[2], fmt, right), prec


def _wrap(node, fmt: str, least: int) -> str:
    """``node`` printed, in parentheses when it binds less tightly than ``least``."""
    s, prec = _p(node, fmt)
    if prec >= least:
        return s
    return rf"\left({s}\right)" if fmt == "latex" else f"({s})"


class Constant:
    """An irrational number written in a file: the expression as written, exact in SymPy, and
    its value with ``WORK_DPS`` digits. Compares and computes with Fractions and mpfs."""
    __slots__ = ("tree", "expr", "value", "_finer")

    def __init__(self, tree, expr: sympy.Expr, value):
        self.tree, self.expr, self.value = tree, expr, value
        self._finer: dict = {}

    def at(self, dps: int):
        """The value with ``dps`` digits: the runs that certify the training steps' digits
        (derive.backprop.training) compute with more than ``WORK_DPS``, and a constant known to
        fewer digits than they carry would be an error common to both runs."""
        from derive.model.numbers import MP, WORK_DPS
        if dps <= WORK_DPS:
            return self.value
        if dps not in self._finer:
            val = sympy.N(self.expr, dps + 20)
            self._finer[dps] = MP.mpf(val._mpf_) if val.is_Float else MP.mpf(int(val.p)) / int(val.q)
        return self._finer[dps]

    def printed(self, fmt: str = "text") -> str:
        """As written: ``1 + sin(pi/4)`` in text, LaTeX, Unicode (``1 + sin(π/4)``) or SymPy's
        syntax (``E``, ``**``)."""
        return _print(self.tree, fmt)

    def __repr__(self):
        return f"Constant({self.printed()!r})"

    def __str__(self):
        return self.printed()

    def __float__(self):
        return float(self.value)

    def _other(self, x):
        from derive.model.numbers import to_mpf
        return to_mpf(x)

    def __lt__(self, x): return self.value < self._other(x)
    def __le__(self, x): return self.value <= self._other(x)
    def __gt__(self, x): return self.value > self._other(x)
    def __ge__(self, x): return self.value >= self._other(x)

    def __eq__(self, x):
        if isinstance(x, Constant):
            return bool(sympy.simplify(self.expr - x.expr) == 0)
        return False          # a Constant is irrational: never equal to a Fraction

    def __hash__(self):
        return hash(self.expr)

    def __neg__(self):
        return _combine(("neg", self.tree), -self.expr)

    def __abs__(self):
        return -self if self.value < 0 else self

    def _binary(self, kind, other, swap=False):
        o_tree, o_expr = _operand(other)
        trees = (o_tree, self.tree) if swap else (self.tree, o_tree)
        exprs = (o_expr, self.expr) if swap else (self.expr, o_expr)
        value = {"add": exprs[0] + exprs[1], "sub": exprs[0] - exprs[1], "mul": exprs[0] * exprs[1],
                 "div": exprs[0] / exprs[1]}[kind]
        return _combine((kind,) + trees, value)

    def __add__(self, o): return self._binary("add", o)
    def __radd__(self, o): return self._binary("add", o, True)
    def __sub__(self, o): return self._binary("sub", o)
    def __rsub__(self, o): return self._binary("sub", o, True)
    def __mul__(self, o): return self._binary("mul", o)
    def __rmul__(self, o): return self._binary("mul", o, True)
    def __truediv__(self, o): return self._binary("div", o)
    def __rtruediv__(self, o): return self._binary("div", o, True)


def _operand(x):
    if isinstance(x, Constant):
        return x.tree, x.expr
    q = Fraction(x)
    return ("num", str(q)), sympy.Rational(q.numerator, q.denominator)


def _combine(tree, expr):
    """A Fraction when ``expr`` is rational, else a Constant."""
    if expr.is_Rational:
        return Fraction(int(expr.p), int(expr.q))
    return Constant(tree, expr, _mpf(expr, "the result"))


def _mpf(expr: sympy.Expr, what: str):
    """``expr`` as an mpf of ``WORK_DPS`` digits; it must be real, finite and within 10^±400."""
    from derive.model.numbers import MP, WORK_DPS
    val = sympy.N(expr, WORK_DPS + 20)
    if not (val.is_Float or val.is_Rational):
        raise ConstantError(f"{what} is not a real number")
    m = MP.mpf(val._mpf_) if val.is_Float else MP.mpf(int(val.p)) / int(val.q)
    if m != 0 and not MP.mpf(10) ** -MAX_MAGNITUDE <= abs(m) <= MP.mpf(10) ** MAX_MAGNITUDE:
        raise ConstantError(f"{what} is beyond 10^±{MAX_MAGNITUDE}")
    return m


# --------------------------------------------------------------------------- the parser
class _Parser:
    def __init__(self, text: str):
        self.text = text
        self.tokens: list[tuple[str, str, int]] = []        # (kind, text, position)
        pos = 0
        while pos < len(text):
            m = _TOKEN.match(text, pos)
            if m is None or m.end() == pos:
                if text[pos:].strip() == "":
                    break
                raise ConstantSyntaxError(f"unexpected {text[pos:].strip()[0]!r} at position {pos + 1}")
            kind = "num" if m.group(1) else "op" if m.group(2) else "name"
            self.tokens.append((kind, m.group(m.lastindex), m.start(m.lastindex)))
            pos = m.end()
        self.i = 0
        self.depth = 0

    def peek(self):
        return self.tokens[self.i] if self.i < len(self.tokens) else ("end", "", len(self.text))

    def take(self, op=None):
        tok = self.peek()
        if op is not None and tok[1] != op:
            where = "the end" if tok[0] == "end" else f"{tok[1]!r} at position {tok[2] + 1}"
            raise ConstantSyntaxError(f"expected {op!r}, found {where}")
        self.i += 1
        return tok

    @contextmanager
    def nested(self):
        """One level deeper (an operand of a sign or a power, parentheses, a function's argument)."""
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise ConstantSyntaxError(f"nested more than {MAX_DEPTH} levels deep")
        yield
        self.depth -= 1

    def parse(self):
        node = self.expr()
        tok = self.peek()
        if tok[0] != "end":
            raise ConstantSyntaxError(f"unexpected {tok[1]!r} at position {tok[2] + 1}")
        return node

    def expr(self):
        return self._chain(self.term, {"+": "add", "-": "sub"})

    def term(self):
        return self._chain(self.unary, {"*": "mul", "/": "div"})

    def _chain(self, operand, ops: dict):
        """``operand (op operand)*``, left-associative; ``ops``: operator -> node kind."""
        node = operand()
        while self.peek()[1] in ops:
            node = (ops[self.take()[1]], node, operand())
        return node

    def unary(self):
        if self.peek()[1] in ("+", "-"):
            op = self.take()[1]
            with self.nested():
                arg = self.unary()
            return arg if op == "+" else ("neg", arg)
        return self.power()

    def power(self):
        base = self.atom()
        if self.peek()[1] in ("^", "**"):
            self.take()
            with self.nested():
                exp = self.unary()
            return ("pow", base, exp)
        return base

    def atom(self):
        kind, text, pos = self.take()
        if kind == "num":
            return ("num", text)
        if kind == "name":
            if text in _NAMES:
                return ("name", text)
            if text in _FUNCS:
                self.take("(")
                with self.nested():
                    arg = self.expr()
                self.take(")")
                return ("func", text, arg)
            raise ConstantSyntaxError(f"unknown name {text!r} (constants: pi, e; functions: "
                                f"{', '.join(_FUNCS)})")
        if text == "(":
            with self.nested():
                node = self.expr()
            self.take(")")
            return node
        where = "the end" if kind == "end" else f"{text!r} at position {pos + 1}"
        raise ConstantSyntaxError(f"expected a number, a constant or a function, found {where}")


def _value(node) -> sympy.Expr:
    """The exact value of a tree, every operation checked where it is defined."""
    kind = node[0]
    if kind == "num":
        from derive.model.numbers import parse_decimal
        q = parse_decimal(node[1])
        return sympy.Rational(q.numerator, q.denominator)
    if kind == "name":
        return _NAMES[node[1]]
    if kind == "neg":
        return -_value(node[1])
    if kind == "func":
        x = _value(node[2])
        name = node[1]
        if name in ("log", "ln") and not _positive(x, f"the argument of {name}"):
            raise ConstantError(f"{name} of {_show(x)}: not positive")
        if name == "sqrt" and _negative(x, "the argument of sqrt"):
            raise ConstantError(f"square root of the negative number {_show(x)}")
        if name == "tan" and _zero(sympy.cos(x), "cos of the argument of tan"):
            raise ConstantError(f"tan({_show(x)}) is infinite")
        if name == "exp":
            from derive.model.numbers import MP
            if abs(_mpf(x, "the argument of exp")) > MAX_MAGNITUDE * MP.log(10):
                raise ConstantError(f"exp({_show(x)}) is beyond 10^±{MAX_MAGNITUDE}")
        return _FUNCS[name](x)
    a, b = _value(node[1]), _value(node[2])
    if kind == "add":
        return a + b
    if kind == "sub":
        return a - b
    if kind == "mul":
        return a * b
    if kind == "div":
        if _zero(b, "the divisor"):
            raise ConstantError("divides by zero")
        return a / b
    # pow: bounded before SymPy computes it (10^10^10 would never finish)
    if _zero(a, "the base"):
        if _zero(b, "the exponent of 0"):
            raise ConstantError("0^0 is undefined")
        if _negative(b, "the exponent of 0"):
            raise ConstantError("0 to a negative power divides by zero")
        return sympy.Integer(0)
    if _negative(a, "the base") and not b.is_integer:
        raise ConstantError(f"{_show(a)} to the power {_show(b)} is not real")
    # |a^b| = e^(b ln|a|): within 10^±400 means |b ln|a|| <= 400 ln 10
    from derive.model.numbers import MP
    if abs(_mpf(b, "the exponent") * MP.log(abs(_mpf(a, "the base")))) > MAX_MAGNITUDE * MP.log(10):
        raise ConstantError(f"the power is beyond 10^±{MAX_MAGNITUDE}")
    return a ** b


def _show(x) -> str:
    return str(x) if len(str(x)) < 40 else "this value"


def _sign(x: sympy.Expr, what: str) -> int:
    """The sign of an exact real value: SymPy's where it knows, else 100 digits that decide."""
    if x.is_zero:
        return 0
    if x.is_positive:
        return 1
    if x.is_negative:
        return -1
    val = sympy.N(x, 100)
    if not val.is_real:
        raise ConstantError(f"{what} is not a real number")
    if abs(val) < sympy.Float(10) ** -90:
        raise ConstantError(f"{what} is too close to 0 to decide its sign")
    return 1 if val > 0 else -1


def _positive(x, what):
    return _sign(x, what) > 0


def _negative(x, what):
    return _sign(x, what) < 0


def _zero(x, what):
    return _sign(x, what) == 0


def parse_constant(text: str):
    """A Fraction for a rational value, else a :class:`Constant`; ConstantError otherwise."""
    tree = _Parser(text).parse()
    expr = _value(tree)
    if expr.is_Rational:
        return Fraction(int(expr.p), int(expr.q))
    return Constant(tree, expr, _mpf(expr, "the value"))
