"""Markdown with ``$…$`` and ``$$…$$`` math (Jupyter, GitHub, pandoc); pictures inline as SVG
(Jupyter draws them) or as an image file when one was written."""
from __future__ import annotations

import re

from derive.render import breaking
from derive.render import math as M
from derive.render.backends import DisplayBackend, handles
from derive.render.blocks import Document, Figure, Heading, Items, Para, Table, Title

#: MathJax and KaTeX displays: wider than a printed page
DISPLAY_EM = 60.0


def escape(s: str) -> str:
    """Prose for Markdown: no emphasis, links, HTML or math can start from user text; control
    characters shown as escapes."""
    s = "".join(c if c.isprintable() else repr(c)[1:-1] for c in s)
    s = s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return re.sub(r"([\\`*_{}\[\]#|$~])", r"\\\1", s)


def inline(parts) -> str:
    return "".join(escape(p) if isinstance(p, str) else f"${M.latex(p)}$" for p in parts)


def _display(rows) -> str:
    from derive.render.backends.latex import _row
    body = " \\\\\n".join(_row(*r) for r in rows)
    return "$$\n\\begin{aligned}\n" + body + "\n\\end{aligned}\n$$"


class MarkdownBackend(DisplayBackend):
    name = "markdown"
    display_em = DISPLAY_EM
    display = staticmethod(_display)

    @handles(Title)
    def title(self, b: Title) -> str:
        return "# " + escape(b.text)

    @handles(Heading)
    def heading(self, b: Heading) -> str:
        return "#" * (b.level + 1) + " " + inline(b.parts)

    @handles(Para)
    def para(self, b: Para) -> str:
        return inline(b.parts)

    @handles(Items)
    def items(self, b: Items) -> str:
        return "\n".join("- " + inline(it) for it in b.items)

    @handles(Table)
    def table(self, b: Table) -> str:
        out = ([inline(b.caption), ""] if b.caption else [])
        out += ["| " + " | ".join(inline((h,)) for h in b.header) + " |", "|" + "---|" * len(b.header)]
        out += ["| " + " | ".join(inline((c,)) for c in r) + " |" for r in b.rows]
        return "\n".join(out)

    @handles(Figure)
    def figure(self, b: Figure) -> str:
        if b.file:
            return f"![{escape(M.text(breaking.as_math(b.caption)))}]({b.file})"
        from derive.render.backends.html import inline as html_inline
        from derive.render.draw import svg
        caption = html_inline(b.caption).replace("</math> ", "</math>\n")     # short lines
        return f"<figure>\n{svg(b.scene)}\n<figcaption>{caption}</figcaption>\n</figure>"

    def document(self, doc: Document, standalone: bool = True) -> str:
        return self.body((Title(doc.title),) + tuple(doc.blocks)).rstrip() + "\n"
