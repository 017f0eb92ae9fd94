"""Backends: the blocks of :mod:`derive.render.document` as text, Markdown or LaTeX."""
from __future__ import annotations

import re

from derive.render.document import Math, build
from derive.render.mathprint import LATEX, TEXT, Printer, latex_escape_text

SAFE_GRAPHIC = re.compile(r"[A-Za-z0-9_./-]+\.(png|pdf)")


def render(sol, fmt: str = "text", digits: int | None = None, fragment: bool = False,
           plot: str | None = None, math_only: bool = False) -> str:
    digits = digits or sol.digits
    if not 1 <= digits <= 30:
        raise ValueError("digits must be from 1 to 30 (values carry 80 significant digits)")
    compact = all(len(n.id) == 1 and len(n.inputs) < 10 for n in sol.net.neurons)
    if fmt == "text":
        return _text(build(sol, Printer(TEXT, digits, compact)))
    if fmt == "markdown":
        return _markdown(build(sol, Printer(LATEX, digits, compact)), plot)
    if fmt == "latex":
        blocks = build(sol, Printer(LATEX, digits, compact))
        return _math_only(blocks) if math_only else _latex(blocks, fragment, plot)
    raise ValueError(f"unknown format {fmt!r}")


def render_blocks(blocks, fmt: str) -> str:
    """Any list of blocks (the answer checker's feedback, say) as text, Markdown or a
    standalone LaTeX document."""
    if fmt == "text":
        return _text(blocks)
    if fmt == "markdown":
        return _markdown(blocks, None)
    if fmt == "latex":
        return _latex(blocks, False, None)
    raise ValueError(f"unknown format {fmt!r}")


# --------------------------------------------------------------------------- text
def _inline_text(parts) -> str:
    return "".join(p.text if isinstance(p, Math) else p for p in parts)


def _text(blocks) -> str:
    out: list[str] = []
    for blk in blocks:
        kind = blk[0]
        if kind == "title":
            out += [blk[1], "=" * len(blk[1]), ""]
        elif kind == "heading":
            out += [blk[1], "-" * len(blk[1]), ""]
        elif kind == "subheading":
            out += [blk[1], ""]
        elif kind == "para":
            out += [_inline_text(blk[1]), ""]
        elif kind == "equations":
            out += ["    " + (f"{lhs} = " if lhs else "") + " = ".join(rhs) for lhs, rhs in blk[1]] + [""]
        elif kind == "region":
            out += ["    " + ("or  " if i else "    ") + c for i, c in enumerate(blk[1])] + [""]
        elif kind == "table":
            header, rows = blk[1], blk[2]
            widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(header)]
            line = lambda cells: "    " + "  ".join(c.rjust(wd) for c, wd in zip(cells, widths))
            out += [line(header), "    " + "  ".join("-" * wd for wd in widths)]
            out += [line(r) for r in rows] + [""]
    return "\n".join(out).rstrip() + "\n"


# --------------------------------------------------------------------------- markdown
def _md_escape(s: str) -> str:
    """Prose for Markdown: no emphasis, links, HTML or math can start from user text."""
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_{}\[\]#|$~])", r"\\\1", s)


def _inline_md(parts) -> str:
    return "".join(f"${p.text}$" if isinstance(p, Math) else _md_escape(p) for p in parts)


def _equation_rows(eqs) -> list[str]:
    """``lhs &= rhs1 = rhs2``: one aligned row per equation chain."""
    return [(f"{lhs} &= " if lhs else "&") + " = ".join(rhs) for lhs, rhs in eqs]


def _region_rows(cells) -> list[str]:
    """A union of cells, one aligned row each: ``&c1``, ``\text{or }&c2``."""
    return [("\\text{or }" if i else "") + "&" + c for i, c in enumerate(cells)]


def _aligned(rows, env: str = "aligned") -> str:
    return f"\\begin{{{env}}}\n" + " \\\\\n".join(rows) + f"\n\\end{{{env}}}"


def _markdown(blocks, plot) -> str:
    out: list[str] = []
    for blk in blocks:
        kind = blk[0]
        if kind == "title":
            out += ["# " + _md_escape(blk[1]), ""]
        elif kind == "heading":
            out += ["## " + _md_escape(blk[1]), ""]
        elif kind == "subheading":
            out += ["### " + _md_escape(blk[1]), ""]
        elif kind == "para":
            out += [_inline_md(blk[1]), ""]
        elif kind == "equations":
            out += ["$$", _aligned(_equation_rows(blk[1])), "$$", ""]
        elif kind == "region":
            out += ["$$", _aligned(_region_rows(blk[1])), "$$", ""]
        elif kind == "table":
            header, rows = blk[1], blk[2]
            out += ["| " + " | ".join(f"${h}$" for h in header) + " |",
                    "|" + "---|" * len(header)]
            out += ["| " + " | ".join(r) + " |" for r in rows] + [""]
            if plot and SAFE_GRAPHIC.fullmatch(plot) and plot.endswith(".png"):
                out += [f"![decision regions]({plot})", ""]
    return "\n".join(out).rstrip() + "\n"


# --------------------------------------------------------------------------- LaTeX
def _inline_tex(parts) -> str:
    return "".join(f"${p.text}$" if isinstance(p, Math) else latex_escape_text(p) for p in parts)


_PREAMBLE = r"""\documentclass[11pt]{article}
\usepackage{amsmath,amssymb}
\usepackage{graphicx}
\usepackage[margin=2.2cm]{geometry}
\allowdisplaybreaks
"""


def _latex(blocks, fragment: bool, plot: str | None) -> str:
    body: list[str] = []
    title = ""
    for blk in blocks:
        kind = blk[0]
        if kind == "title":
            title = latex_escape_text(blk[1])
            if fragment:
                body += [f"\\section*{{{title}}}", ""]
        elif kind == "heading":
            body += [f"\\subsection*{{{latex_escape_text(blk[1])}}}", ""]
        elif kind == "subheading":
            body += [f"\\paragraph{{{latex_escape_text(blk[1])}}}", ""]
        elif kind == "para":
            body += [_inline_tex(blk[1]), ""]
        elif kind == "equations":
            body += [_aligned(_equation_rows(blk[1]), "align*"), ""]
        elif kind == "region":
            body += [_aligned(_region_rows(blk[1]), "align*"), ""]
        elif kind == "table":
            header, rows = blk[1], blk[2]
            body += ["\\begin{center}", "\\begin{tabular}{" + "c" * len(header) + "}",
                     " & ".join(f"${h}$" for h in header) + " \\\\ \\hline"]
            body += [" & ".join(r) + " \\\\" for r in rows]
            body += ["\\end{tabular}", "\\end{center}", ""]
            if plot:
                body += _figure(plot)
    if plot and not any(b[0] == "table" for b in blocks):
        body += _figure(plot)
    text = "\n".join(body).rstrip() + "\n"
    if fragment:
        return text
    return (_PREAMBLE + f"\\title{{{title}}}\n\\date{{}}\n\\begin{{document}}\n\\maketitle\n\n"
            + text + "\n\\end{document}\n")


def _math_only(blocks) -> str:
    """Every formula of the solution as one display (for MathJax, e.g. Jupyter's text/latex)."""
    rows = []
    for blk in blocks:
        if blk[0] in ("heading", "subheading"):
            rows.append(r"&\text{" + latex_escape_text(blk[1]) + "}")
        elif blk[0] == "equations":
            rows += _equation_rows(blk[1])
        elif blk[0] == "region":
            rows += _region_rows(blk[1])
    return "$$" + _aligned(rows) + "$$\n"


def _figure(plot: str) -> list[str]:
    if not SAFE_GRAPHIC.fullmatch(plot):
        raise ValueError(f"plot file name {plot!r}: use letters, digits, _ . / - and .png or .pdf")
    return ["\\begin{center}", f"\\includegraphics[width=0.6\\linewidth]{{{plot}}}",
            "\\end{center}", ""]
