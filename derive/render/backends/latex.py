"""LaTeX (pdflatex, amsmath): a standalone article or a fragment to paste; and the MathJax
display that Jupyter's ``text/latex`` shows.

Typography: every symbol in math mode, words inside math in ``\\text``, one paragraph style
(no indent, a skip between paragraphs), no blank line before a display, displays broken to the
text width (:mod:`derive.render.breaking`), figures as floats with captions kept in their section.
"""
from __future__ import annotations

import re

from derive.render import breaking
from derive.render import math as M
from derive.render.backends import DisplayBackend, handles
from derive.render.blocks import Document, Equations, Figure, Heading, Items, Para, Region, Table, Title

#: width of a display in em of the body font (a4, 11 pt, 2.2 cm margins: 470 pt = 43 em),
#: kept under the text width because :func:`derive.render.math.width` only estimates
DISPLAY_EM = 40.0
#: a table with more rows than this becomes a longtable (it may break across pages)
LONG_TABLE = 40

#: what a fragment (``--fragment``) needs from the document it is pasted into
FRAGMENT_PACKAGES = r"\usepackage{amsmath,amssymb,tikz,booktabs,longtable,float}"

PREAMBLE = r"""\documentclass[11pt,a4paper]{article}
\usepackage{amsmath,amssymb}
\usepackage[margin=2.2cm]{geometry}
\usepackage{parskip}
\usepackage{booktabs,longtable}
\usepackage{microtype}
\usepackage{tikz}
\usepackage{float}
\usepackage[font=small,labelfont=bf]{caption}
\allowdisplaybreaks
\renewcommand{\labelitemi}{$\bullet$}
\setlength{\emergencystretch}{3em}
"""


def inline(parts) -> str:
    return "".join(M.latex_escape_text(p) if isinstance(p, str) else f"${M.latex(p)}$" for p in parts)


def _row(left, right, note=None) -> str:
    return ((M.latex(left) + " " if left is not None else "") + "&" + M.latex(right)
            + (" &&" + M.latex(note) if note is not None else ""))


def aligned(rows, env: str) -> str:
    return f"\\begin{{{env}}}\n" + " \\\\\n".join(_row(*r) for r in rows) + f"\n\\end{{{env}}}"


class LatexBackend(DisplayBackend):
    name = "latex"
    display_env = "align*"
    display_em = DISPLAY_EM

    def __init__(self, fragment: bool = False):
        self.fragment = fragment

    # -- joining: a display continues the paragraph before it (no blank line) --------------
    def body(self, blocks) -> str:
        out: list[str] = []                # joined once: += on one string is quadratic
        prev = None
        for b in blocks:
            s = self.block(b)
            if not s:
                continue
            if out:
                out.append("\n" if isinstance(prev, Para) and isinstance(b, (Equations, Region, Items)) else "\n\n")
            out.append(s)
            prev = b
        return "".join(out)

    @handles(Title)
    def title(self, b: Title) -> str:
        return f"\\section*{{{M.latex_escape_text(b.text)}}}"

    @handles(Heading)
    def heading(self, b: Heading) -> str:
        cmd = "section" if b.level == 1 else "subsection"
        return f"\\{cmd}*{{{inline(b.parts)}}}"

    @handles(Para)
    def para(self, b: Para) -> str:
        return inline(b.parts)

    @handles(Items)
    def items(self, b: Items) -> str:
        return "\\begin{itemize}\n" + "\n".join("\\item " + inline(it) for it in b.items) + "\n\\end{itemize}"

    def display(self, rows) -> str:
        return aligned(rows, self.display_env)

    @handles(Table)
    def table(self, b: Table) -> str:
        cols = b.align or "c" * len(b.header)
        head = " & ".join(inline((h,)) for h in b.header) + r" \\"
        rows = [" & ".join(inline((c,)) for c in r) + r" \\" for r in b.rows]
        cap = f"\\caption*{{{inline(b.caption)}}}\\\\\n" if b.caption else ""
        if len(b.rows) > LONG_TABLE:
            return (f"\\begin{{longtable}}{{{cols}}}\n{cap}\\toprule\n{head}\n\\midrule\n\\endhead\n"
                    + "\n".join(rows) + "\n\\bottomrule\n\\end{longtable}")
        return ("\\begin{center}\n" + (f"{inline(b.caption)}\n\n" if b.caption else "")
                + f"\\begin{{tabular}}{{{cols}}}\n\\toprule\n{head}\n\\midrule\n"
                + "\n".join(rows) + "\n\\bottomrule\n\\end{tabular}\n\\end{center}")

    @handles(Figure)
    def figure(self, b: Figure) -> str:
        from derive.render.draw import tikz
        label = f"\\label{{{b.label}}}" if b.label else ""
        # [H] (float package): a captioned figure kept exactly where its section shows it
        return ("\\begin{figure}[H]\n\\centering\n" + tikz(b.scene, max_width=r"\linewidth")
                + f"\n\\caption{{{inline(b.caption)}}}{label}\n\\end{{figure}}")

    def document(self, doc: Document, standalone: bool = True) -> str:
        if self.fragment or not standalone:
            return self.body((Title(doc.title),) + tuple(doc.blocks)).rstrip() + "\n"
        return (PREAMBLE + "\\begin{document}\n"
                f"\\begin{{center}}\\LARGE {M.latex_escape_text(doc.title)}\\end{{center}}\n\n"
                + self.body(doc.blocks).rstrip() + "\n\n\\end{document}\n")


class MathJaxBackend(LatexBackend):
    """Everything as one MathJax display (Jupyter's ``text/latex``): prose as ``\\text``, the
    truth table as an array; pictures are left out (MathJax cannot draw TikZ)."""
    name = "mathjax"
    #: characters of a prose row, before it wraps (the display fits a printed page too)
    PROSE_CHARS = 72

    def body(self, blocks) -> str:
        return " \\\\\n".join(s for s in (self.block(b) for b in blocks) if s)

    def _prose(self, parts, lead: str = "") -> str:
        """Prose rows of at most PROSE_CHARS characters, words in \\text, math as math."""
        rows, cur, words, n = [], "", "", 0

        def flush_words():
            nonlocal cur, words
            if words:
                cur += rf"\text{{{M.latex_escape_text(words)}}}"
                words = ""

        def new_row():
            nonlocal cur, n
            flush_words()
            rows.append(cur)
            cur, n = "", 0
        for p in parts:
            if isinstance(p, str):
                for chunk in re.findall(r"\s*\S+|\s+$", p):      # a word with the spaces before it
                    if n + len(chunk) > self.PROSE_CHARS and (cur or words):
                        new_row()
                        chunk = chunk.lstrip()
                    words += chunk
                    n += len(chunk)
            else:
                size = len(M.text(p))
                if n + size > self.PROSE_CHARS and (cur or words):
                    new_row()
                flush_words()
                cur += M.latex(p)
                n += size
        flush_words()
        rows.append(cur)
        rows = [r for r in rows if r]
        return " \\\\\n".join(("&" + lead if i == 0 else "&" + (r"\quad " if lead else "")) + r
                                for i, r in enumerate(rows))

    @handles(Title)
    def title(self, b: Title) -> str:
        return rf"&\large\textbf{{{M.latex_escape_text(b.text)}}}"

    @handles(Heading)
    def heading(self, b: Heading) -> str:
        return "&" + "".join(rf"\textbf{{{M.latex_escape_text(p)}}}" if isinstance(p, str) else M.latex(p)
                             for p in b.parts)

    @handles(Para)
    def para(self, b: Para) -> str:
        return self._prose(b.parts)

    @handles(Items)
    def items(self, b: Items) -> str:
        return " \\\\\n".join(self._prose(it, lead=r"\bullet\ ") for it in b.items)

    @handles(Equations)
    def equations(self, b: Equations) -> str:
        rows = breaking.equation_rows(b, DISPLAY_EM)     # notes inline: one column set for all
        return " \\\\\n".join(_row(r[0], M.row(r[1], M.Space(2), r[2]) if r[2] is not None else r[1])
                                for r in rows)

    def display(self, rows) -> str:
        return " \\\\\n".join(_row(*r) for r in rows)

    @handles(Table)
    def table(self, b: Table) -> str:
        cols = b.align or "c" * len(b.header)
        lines = [" & ".join(M.latex(breaking.as_math((c,))) for c in r) for r in b.rows]
        head = " & ".join(M.latex(breaking.as_math((h,))) for h in b.header)
        return (f"&\\begin{{array}}{{{cols}}}\n{head} \\\\ \\hline\n" + " \\\\\n".join(lines)
                + "\n\\end{array}")

    @handles(Figure)
    def figure(self, b: Figure) -> str:
        return ""     # MathJax cannot draw the picture; the other formats carry it

    def document(self, doc: Document, standalone: bool = True) -> str:
        return "$$\\begin{aligned}\n" + self.body((Title(doc.title),) + tuple(doc.blocks)) + "\n\\end{aligned}$$\n"
