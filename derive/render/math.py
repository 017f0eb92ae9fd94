"""Presentation math: a small tree of what a formula looks like, printed as text, LaTeX or MathML.

The story builder says *what* to write (``v_1 = w_11 x_1 + … = −1.5``) as a tree of these
nodes; each output format prints the same tree (:func:`text`, :func:`latex`, :func:`mathml`),
so a formula is written once, never once per format. Spellings are data: a :class:`Name`
carries its ASCII text (the contract's quantity names), its LaTeX and its Unicode (MathML,
SVG) forms; operators are rows of :data:`OPS`.

:func:`width` estimates the printed width in em (of the LaTeX font, conservatively), which the
line breaker of :mod:`derive.render.breaking` and the diagram layout use.
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape as _xml

# --------------------------------------------------------------------------- nodes


@dataclass(frozen=True)
class Name:
    """A symbol spelled for each output: ASCII text, LaTeX, Unicode. ``upright`` names are
    words (tanh, ReLU), printed roman; others are italic letters (v, δ)."""
    text: str
    latex: str
    unicode: str
    upright: bool = False


class Node:
    __slots__ = ()


@dataclass(frozen=True, slots=True)
class Mi(Node):
    """An identifier as a user wrote it (an input name, a neuron id): ``x``, ``out``, ``h_1``."""
    name: str


@dataclass(frozen=True, slots=True)
class Sym(Node):
    """A named symbol: η, δ, σ, tanh."""
    name: Name


@dataclass(frozen=True, slots=True)
class Mn(Node):
    """A number as printed: mantissa text (may start with ``-``) and a power of ten, or None."""
    mant: str
    exp: int | None = None

    @property
    def negative(self) -> bool:
        return self.mant.startswith("-")


@dataclass(frozen=True, slots=True)
class Mo(Node):
    """An operator, relation or punctuation mark: a key of :data:`OPS`."""
    op: str


@dataclass(frozen=True, slots=True)
class Row(Node):
    items: tuple


@dataclass(frozen=True, slots=True)
class Sub(Node):
    base: Node
    sub: Node


@dataclass(frozen=True, slots=True)
class Sup(Node):
    base: Node
    sup: Node


@dataclass(frozen=True, slots=True)
class Frac(Node):
    num: Node
    den: Node
    big: bool = False        # \frac in a display (else \tfrac, a small fraction)


@dataclass(frozen=True, slots=True)
class Fence(Node):
    """``( body )``."""
    body: Node


@dataclass(frozen=True, slots=True)
class Apply(Node):
    """A function applied to its argument: ``σ(v_1)``."""
    fn: Node
    arg: Node


@dataclass(frozen=True, slots=True)
class Under(Node):
    """A big operator with a limit below it: ``Σ_p``."""
    base: Node
    under: Node


@dataclass(frozen=True, slots=True)
class Text(Node):
    """Words inside math (``\\text{and}``)."""
    words: str


@dataclass(frozen=True, slots=True)
class Space(Node):
    """Horizontal space of ``em`` ems (``\\quad`` is 1)."""
    em: float


@dataclass(frozen=True, slots=True)
class Raw(Node):
    """A formula as an object prints it itself, per format (a loss's E rule): ASCII text,
    LaTeX, and plain Unicode (set as one run of text in MathML and SVG)."""
    text: str
    latex: str
    unicode: str


@dataclass(frozen=True, slots=True)
class Matrix(Node):
    """A matrix or vector in brackets (Hagan's W¹, a¹ = [0.321; 0.368]): rows of cells."""
    rows: tuple


@dataclass(frozen=True, slots=True)
class Alt(Node):
    """``text`` in the text format (the contract's names: ``w[2,3]``), ``node`` elsewhere."""
    text: str
    node: Node


# --------------------------------------------------------------------------- operators


@dataclass(frozen=True)
class Op:
    text: str          # in the text format, with its spacing
    latex: str
    unicode: str
    kind: str          # bin, rel, punct, open, close, ord
    em: float          # printed width with TeX's spacing (binary 4mu, relation 5mu a side)


OPS: dict[str, Op] = {o_key: o for o_key, o in {
    "+": Op(" + ", "+", "+", "bin", 1.23),
    "-": Op(" - ", "-", "\u2212", "bin", 1.23),
    "cdot": Op(" * ", r"\cdot", "\u22c5", "bin", 0.73),
    "times": Op("*", r"\,", "\u2062", "ord", 0.17),         # implicit product of symbols
    "x": Op(" x ", r"\times", "\u00d7", "bin", 1.23),
    "/": Op(" / ", "/", "/", "bin", 0.5),
    "=": Op(" = ", "=", "=", "rel", 1.34),
    "<": Op(" < ", "<", "<", "rel", 1.34),
    ">": Op(" > ", ">", ">", "rel", 1.34),
    "<=": Op(" <= ", r"\le", "\u2264", "rel", 1.34),
    ">=": Op(" >= ", r"\ge", "\u2265", "rel", 1.34),
    "!=": Op(" != ", r"\ne", "\u2260", "rel", 1.34),
    ",": Op(", ", ",", ",", "punct", 0.45),
    "(": Op("(", "(", "(", "open", 0.39),
    ")": Op(")", ")", ")", "close", 0.39),
    "prime": Op("'", "'", "\u2032", "ord", 0.3),
    "neg": Op("-", "-", "\u2212", "ord", 0.8),             # a leading minus sign
    "to": Op(" -> ", r"\to", "\u2192", "rel", 1.6),
    "gets": Op(" <- ", r"\gets", "\u2190", "rel", 1.6),
}.items()}


def row(*items) -> Row:
    """A row of nodes; strings become identifiers, nested rows are flattened."""
    out = []
    for it in items:
        if isinstance(it, str):
            it = Mi(it)
        if isinstance(it, Row):
            out.extend(it.items)
        elif it is not None:
            out.append(it)
    return Row(tuple(out))


def join(items, op: str) -> Row:
    """``a op b op c``."""
    out: list = []
    for i, it in enumerate(items):
        if i:
            out.append(Mo(op))
        out.append(it)
    return row(*out)


def relation(lhs: Node, op: str, rhs: Node) -> Row:
    return row(lhs, Mo(op), rhs)


def starts_with_relation(n: Node) -> bool:
    """Does ``n`` open with a relation of its own (``→ w − η δ a``: a right-hand side that is
    not joined to its left side by ``=``)?"""
    return isinstance(n, Row) and bool(n.items) and isinstance(n.items[0], Mo) \
        and OPS[n.items[0].op].kind == "rel"


# --------------------------------------------------------------------------- text
def text(n: Node) -> str:
    """Plain ASCII, as the text format and the contract's names write it."""
    if isinstance(n, Mi):
        return n.name
    if isinstance(n, Sym):
        return n.name.text
    if isinstance(n, Mn):
        return n.mant if n.exp is None else f"{n.mant}e{n.exp}"
    if isinstance(n, Mo):
        return OPS[n.op].text
    if isinstance(n, Row):
        return "".join(text(i) for i in n.items)
    if isinstance(n, Sub):
        return f"{text(n.base)}_{text(n.sub)}"
    if isinstance(n, Sup):
        return f"{text(n.base)}^{_text_atom(n.sup)}"
    if isinstance(n, Frac):
        return f"{_text_atom(n.num)}/{_text_atom(n.den)}"
    if isinstance(n, Fence):
        return f"({text(n.body)})"
    if isinstance(n, Apply):
        return f"{text(n.fn)}({text(n.arg)})"
    if isinstance(n, Under):
        return f"{text(n.base)}_{text(n.under)} "
    if isinstance(n, Text):
        return n.words
    if isinstance(n, Space):
        return " " * max(1, round(n.em * 2))
    if isinstance(n, Alt):
        return n.text
    if isinstance(n, Raw):
        return n.text
    if isinstance(n, Matrix):          # [0.321; 0.368], [0.09 -0.17] as in MATLAB and Hagan's text
        return "[" + "; ".join(" ".join(text(c) for c in r) for r in n.rows) + "]"
    raise TypeError(n)


def _text_atom(n: Node) -> str:
    s = text(n)
    return s if isinstance(n, (Mi, Mn, Sym, Alt, Fence)) and not s.startswith("-") else f"({s})"


# --------------------------------------------------------------------------- LaTeX
_TEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "$": r"\$", "&": r"\&",
                "#": r"\#", "^": r"\textasciicircum{}", "_": r"\_", "%": r"\%",
                "~": r"\textasciitilde{}", "<": r"\textless{}", ">": r"\textgreater{}",
                "|": r"\textbar{}"}


def latex_escape_text(s: str) -> str:
    """Prose for LaTeX: every special character made literal; accents dropped and any other
    non-ASCII character replaced by ``?`` (pdflatex has no glyph for most of them)."""
    import unicodedata
    s = "".join(c for c in unicodedata.normalize("NFKD", s) if not unicodedata.combining(c))
    s = "".join(c if 32 <= ord(c) < 127 else "?" for c in s)
    return "".join(_TEX_SPECIAL.get(c, c) for c in s)


def _tex_ident(name: str) -> str:
    body = name.replace("_", r"\_")
    return body if len(name) == 1 else rf"\mathit{{{body}}}"


def latex(n: Node, plain_fences: bool = False) -> str:
    """LaTeX math (amsmath). ``plain_fences``: no ``\\left``/``\\right`` (a broken line)."""
    if isinstance(n, Mi):
        return _tex_ident(n.name)
    if isinstance(n, Sym):
        return n.name.latex
    if isinstance(n, Mn):
        return n.mant if n.exp is None else rf"{n.mant} \times 10^{{{n.exp}}}"
    if isinstance(n, Mo):
        return OPS[n.op].latex
    if isinstance(n, Row):
        out = ""
        for it in n.items:
            s = latex(it, plain_fences)
            if isinstance(it, Mo) and OPS[it.op].kind in ("bin", "rel"):
                s = f" {s} "
            elif out[-1:].isalpha() and s[:1].isalnum():
                out += " "                       # \eta x, not \etax
            out += s
        return out.strip()
    if isinstance(n, Sub):
        return f"{_tex_base(n.base, plain_fences)}_{{{latex(n.sub, plain_fences)}}}"
    if isinstance(n, Sup):
        return f"{_tex_base(n.base, plain_fences)}^{{{latex(n.sup, plain_fences)}}}"
    if isinstance(n, Frac):
        cmd = r"\frac" if n.big else r"\tfrac"
        return rf"{cmd}{{{latex(n.num, plain_fences)}}}{{{latex(n.den, plain_fences)}}}"
    if isinstance(n, Fence):
        body = latex(n.body, plain_fences)
        if not plain_fences and _tall(n.body):
            return rf"\left({body}\right)"
        return f"({body})"
    if isinstance(n, Apply):
        return latex(n.fn, plain_fences) + latex(Fence(n.arg), plain_fences)
    if isinstance(n, Under):
        return f"{latex(n.base, plain_fences)}_{{{latex(n.under, plain_fences)}}}"
    if isinstance(n, Text):
        return rf"\text{{{latex_escape_text(n.words)}}}"
    if isinstance(n, Space):
        return r"\quad" if n.em >= 1 else r"\,"
    if isinstance(n, Alt):
        return latex(n.node, plain_fences)
    if isinstance(n, Raw):
        return n.latex
    if isinstance(n, Matrix):
        body = r" \\ ".join(" & ".join(latex(c, plain_fences) for c in r) for r in n.rows)
        return rf"\begin{{bmatrix}} {body} \end{{bmatrix}}"
    raise TypeError(n)


def _tex_base(n: Node, plain: bool) -> str:
    """The base of a script, braced unless it takes one more script as it is: ``y_{1}^{2}``,
    but ``{a^{2}_{1}}^{2}`` (Nielsen's layer superscript squared: no double superscript)."""
    s = latex(n, plain)
    return s if _bare(n) else f"{{{s}}}"


def has_superscript(n: Node) -> bool:
    """Does ``n`` end in a superscript (Nielsen's a^l_j)? Raised to a power it is fenced."""
    while isinstance(n, (Alt, Sub)):
        n = n.node if isinstance(n, Alt) else n.base
    return isinstance(n, Sup)


def _bare(n: Node, scripts: int = 1) -> bool:
    """Does ``n`` take a script unbraced: an atom, or an atom with one subscript?"""
    while isinstance(n, Alt):
        n = n.node
    if isinstance(n, Sub):
        return scripts > 0 and _bare(n.base, scripts - 1)
    return isinstance(n, (Mi, Sym, Fence)) or isinstance(n, Mn) and not n.exp


def _tall(n: Node) -> bool:
    """Does it hold a fraction or a big operator (so its parentheses should grow)?"""
    if isinstance(n, (Frac, Under)) or (isinstance(n, Matrix) and len(n.rows) > 1):
        return True
    if isinstance(n, Row):
        return any(_tall(i) for i in n.items)
    if isinstance(n, (Fence,)):
        return _tall(n.body)
    if isinstance(n, Apply):
        return _tall(n.arg)
    if isinstance(n, (Sub, Sup)):
        return _tall(n.base)
    if isinstance(n, Alt):
        return _tall(n.node)
    return False


# --------------------------------------------------------------------------- MathML
def mathml(n: Node) -> str:
    """Presentation MathML (MathML Core: renders natively in Chromium and Firefox)."""
    if isinstance(n, Mi):       # a name of several letters in italic, as LaTeX's \mathit writes it
        return f"<mi>{_xml(n.name)}</mi>" if len(n.name) == 1 else f'<mi class="it">{_xml(n.name)}</mi>'
    if isinstance(n, Sym):
        if n.name.unicode.endswith("\u0307"):      # a dot above (Hagan's ḟ): an accent, which fonts draw
            base = Sym(Name(n.name.text, n.name.latex, n.name.unicode[:-1], n.name.upright))
            return f'<mover accent="true">{mathml(base)}<mo>\u02d9</mo></mover>'
        if n.name.upright and len(n.name.unicode) == 1:
            return f'<mi mathvariant="normal">{_xml(n.name.unicode)}</mi>'
        return f"<mi>{_xml(n.name.unicode)}</mi>"
    if isinstance(n, Mn):
        neg, mant = (True, n.mant[1:]) if n.negative else (False, n.mant)
        s = f"<mn>{mant}</mn>"
        if n.exp is not None:
            s = f"<mrow>{s}<mo>\u00d7</mo><msup><mn>10</mn>{_mml_num(n.exp)}</msup></mrow>"
        return f"<mrow><mo>\u2212</mo>{s}</mrow>" if neg else s
    if isinstance(n, Mo):
        o = OPS[n.op]
        if n.op == "times":
            return "<mo>\u2062</mo><mspace width=\"0.17em\"></mspace>"
        if o.kind in ("open", "close"):
            return f'<mo stretchy="false">{_xml(o.unicode)}</mo>'
        return f"<mo>{_xml(o.unicode)}</mo>"
    if isinstance(n, Row):
        return "<mrow>" + "".join(mathml(i) for i in n.items) + "</mrow>"
    if isinstance(n, Sub):
        return f"<msub>{mathml(n.base)}{mathml(n.sub)}</msub>"
    if isinstance(n, Sup):
        return f"<msup>{mathml(n.base)}{mathml(n.sup)}</msup>"
    if isinstance(n, Frac):
        big = ' displaystyle="true"' if n.big else ""
        return f"<mfrac{big}>{mathml(n.num)}{mathml(n.den)}</mfrac>"
    if isinstance(n, Fence):
        # Latin Modern Math's stretchy parentheses carry wide side bearings: stretch only
        # around something tall
        st = "" if _tall(n.body) else ' stretchy="false"'
        return f"<mrow><mo{st}>(</mo>{mathml(n.body)}<mo{st}>)</mo></mrow>"
    if isinstance(n, Apply):
        return f"<mrow>{mathml(n.fn)}<mo>\u2061</mo>{mathml(Fence(n.arg))}</mrow>"
    if isinstance(n, Under):
        return f"<munder>{mathml(n.base)}{mathml(n.under)}</munder>"
    if isinstance(n, Text):       # MathML trims an mtext's outer spaces: keep them as no-break spaces
        words = n.words
        core = words.strip(" ")
        lead, trail = len(words) - len(words.lstrip(" ")), len(words) - len(words.rstrip(" "))
        return f"<mtext>{chr(0xa0) * lead}{_xml(core)}{chr(0xa0) * trail}</mtext>"
    if isinstance(n, Space):
        return f'<mspace width="{n.em:g}em"></mspace>'
    if isinstance(n, Alt):
        return mathml(n.node)
    if isinstance(n, Raw):
        return unicode_mathml(n.unicode)
    if isinstance(n, Matrix):
        pad = ' style="padding:0.1em 0.35em"'                # MathML Core has no columnspacing
        cells = "".join("<mtr>" + "".join(f"<mtd{pad}>{mathml(c)}</mtd>" for c in r) + "</mtr>" for r in n.rows)
        return f'<mrow><mo>[</mo><mtable class="matrix">{cells}</mtable><mo>]</mo></mrow>'
    raise TypeError(n)


_SUBS = dict(zip("₀₁₂₃₄₅₆₇₈₉ₐₑₒₓₕₖₗₘₙₚₛₜᵢⱼ", "0123456789aeoxhklmnpstij"))
_SUPS = dict(zip("⁰¹²³⁴⁵⁶⁷⁸⁹⁻ⁿᵀ", "0123456789−nT"))
_WORDS = ("ln", "exp", "sin", "cos", "tan", "tanh", "max", "min", "log", "sgn", "step")
_UPRIGHT = set("ΓΔΘΛΞΠΣΦΨΩ")


def _mml_token(t: str) -> str:
    if t.isdigit() or t.replace(".", "", 1).isdigit() or t in "½¼¾":
        return f"<mn>{t}</mn>"
    if t == "\u03a3":                               # Σ in a rule is the summation sign
        return "<mo>\u2211</mo>"
    if t in _UPRIGHT:
        return f'<mi mathvariant="normal">{t}</mi>'
    if t.isalpha():
        return f"<mi>{_xml(t)}</mi>"
    return f'<mo stretchy="false">{_xml(t)}</mo>' if t in "()" else f"<mo>{_xml(t)}</mo>"


def unicode_mathml(s: str) -> str:
    """A formula written in plain Unicode (``E = ½ Σₖ (dₖ − yₖ)²``, as a loss object prints its
    rule) as MathML: letters as identifiers, subscript and superscript characters as scripts,
    function names upright, operators as operators."""
    out: list[str] = []
    i = 0
    while i < len(s):
        c = s[i]
        if c.isspace():
            i += 1
            continue
        if c in _SUBS or c in _SUPS:
            table, tag = (_SUBS, "msub") if c in _SUBS else (_SUPS, "msup")
            j = i
            while j < len(s) and s[j] in table:
                j += 1
            script = "".join(table[ch] for ch in s[i:j])
            base = out.pop() if out else "<mrow></mrow>"
            out.append(f"<{tag}>{base}{_mml_token(script) if len(script) == 1 else '<mrow>' + ''.join(_mml_token(ch) for ch in script) + '</mrow>'}</{tag}>")
            i = j
            continue
        if c == "\u2032":                       # a prime: a superscript of what precedes
            base = out.pop() if out else "<mrow></mrow>"
            out.append(f"<msup>{base}<mo>\u2032</mo></msup>")
            i += 1
            continue
        if c.isdigit():
            j = i
            while j < len(s) and (s[j].isdigit() or s[j] == "."):
                j += 1
            out.append(_mml_token(s[i:j]))
            i = j
            continue
        if c.isalpha():
            j = i
            while j < len(s) and s[j].isalpha() and s[j] not in _SUBS and s[j] not in _SUPS:
                j += 1
            word = s[i:j]
            k = next((len(w) for w in sorted(_WORDS, key=len, reverse=True) if word.startswith(w)), 0)
            if k:                               # a function name, thin spaces around it as \ln
                thin = '<mspace width="0.17em"></mspace>'
                before = thin if out and not out[-1].startswith("<mo") else ""
                after = thin if s[i + k:i + k + 1] != "(" else ""
                out.append(f"{before}<mi>{word[:k]}</mi>{after}")
                i += k
            else:
                out.append(_mml_token(c))
                i += 1
            continue
        out.append(_mml_token(c))
        i += 1
    return "<mrow>" + "".join(out) + "</mrow>"


def _mml_num(k: int) -> str:
    return f"<mrow><mo>\u2212</mo><mn>{-k}</mn></mrow>" if k < 0 else f"<mn>{k}</mn>"


# --------------------------------------------------------------------------- width
_NARROW = set("ijlt.,;:'!|()[]1f")
_WIDE = set("mwMW")


def _chars_em(s: str, italic: bool = True) -> float:
    em = 0.0
    for c in s:
        if c.isdigit():
            em += 0.5
        elif c in _WIDE:
            em += 0.9
        elif c.isupper():
            em += 0.78
        elif c in _NARROW:
            em += 0.3
        elif c == " ":
            em += 0.33
        else:
            em += 0.56
    return em


def width(n: Node, scale: float = 1.0) -> float:
    """Printed width in em of the LaTeX font, a slight overestimate (so nothing overflows)."""
    if isinstance(n, Mi):
        return scale * _chars_em(n.name)
    if isinstance(n, Sym):
        s = n.name.unicode
        return scale * (_chars_em(s) + (0.35 if n.name.upright and len(s) > 1 else 0))
    if isinstance(n, Mn):
        w = _chars_em(n.mant.lstrip("-")) + (0.8 if n.negative else 0)
        if n.exp is not None:
            w += 1.25 + 1.0 + 0.7 * (_chars_em(str(n.exp)) + 0.2)
        return scale * w
    if isinstance(n, Mo):
        return scale * OPS[n.op].em
    if isinstance(n, Row):
        return sum(width(i, scale) for i in n.items)
    if isinstance(n, Sub):
        return width(n.base, scale) + width(n.sub, scale * 0.72) + 0.05 * scale
    if isinstance(n, Sup):
        return width(n.base, scale) + width(n.sup, scale * 0.72) + 0.05 * scale
    if isinstance(n, Frac):
        s = scale if n.big else scale * 0.72
        return max(width(n.num, s), width(n.den, s)) + 0.25 * scale
    if isinstance(n, Fence):
        return width(n.body, scale) + 0.8 * scale
    if isinstance(n, Apply):
        return width(n.fn, scale) + width(n.arg, scale) + 0.85 * scale
    if isinstance(n, Under):
        return max(width(n.base, scale) * 1.4, width(n.under, scale * 0.72)) + 0.2 * scale
    if isinstance(n, Text):
        return scale * _chars_em(n.words, italic=False)
    if isinstance(n, Space):
        return scale * n.em
    if isinstance(n, Alt):
        return width(n.node, scale)
    if isinstance(n, Raw):
        return scale * _chars_em(n.unicode) * 1.1
    if isinstance(n, Matrix):          # the widest cell of each column, a quad between columns
        cols = max(len(r) for r in n.rows)
        return sum(max(width(r[c], scale) for r in n.rows if c < len(r)) for c in range(cols)) \
            + scale * (1.0 * (cols - 1) + 1.2)
    raise TypeError(n)


#: Σ, the summation sign (not a notation's choice: every book writes it)
SUM = Name("sum", r"\sum", "\u2211")
