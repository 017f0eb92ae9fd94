"""HTML: one self-contained page — MathML for the mathematics (rendered by the browser itself,
no JavaScript), pictures inline as SVG, the style in the page; nothing is fetched.

A fragment (``standalone=False``: Jupyter's ``_repr_html_``, feedback pasted into a page) is
one ``<div class="handgrad">`` that carries its own style, scoped to that class.
"""
from __future__ import annotations

from html import escape

from derive.render import math as M
from derive.render.backends import DisplayBackend, handles
from derive.render.blocks import Document, Figure, Heading, Items, Para, Table, Title

#: width of a display in em (the page is 46 em wide)
DISPLAY_EM = 42.0

STYLE = """
.handgrad { font-family: "Latin Modern Roman", "CMU Serif", "DejaVu Serif", Georgia, serif;
  max-width: 46em; margin: 1.5em auto; padding: 0 1em; line-height: 1.45; color: #111;
  background: #fff; }
.handgrad math { font-family: "Latin Modern Math", "STIX Two Math", "DejaVu Math TeX Gyre", math; }
.handgrad mi.it { font-style: italic; }
.handgrad h1 { font-size: 1.6em; text-align: center; font-weight: normal; margin: 0.6em 0 1em; }
.handgrad h2 { font-size: 1.25em; margin: 1.4em 0 0.5em; }
.handgrad h3 { font-size: 1.05em; margin: 1.1em 0 0.4em; }
.handgrad p { margin: 0.5em 0; }
.handgrad ul { margin: 0.3em 0 0.6em; padding-left: 1.6em; }
.handgrad .display { overflow-x: auto; overflow-y: hidden; margin: 0.4em 0 0.8em; padding: 0.1em 0; }
.handgrad math[display="block"] { margin: 0; }
.handgrad mtd { padding: 0.12em 0; }
.handgrad mtd.l { text-align: right; padding-right: 0; }
.handgrad mtd.r { text-align: left; padding-left: 0; }
.handgrad mtd.n { text-align: left; padding-left: 3em; }
.handgrad table.values { border-collapse: collapse; margin: 0.6em auto; border-top: 1.5px solid #000;
  border-bottom: 1.5px solid #000; }
.handgrad table.values th { border-bottom: 1px solid #000; font-weight: normal; }
.handgrad table.values th, .handgrad table.values td { padding: 0.15em 0.8em; text-align: center; }
.handgrad figure { margin: 1em 0; text-align: center; }
.handgrad figure svg { max-width: 100%; height: auto; }
.handgrad figcaption { font-size: 0.9em; margin-top: 0.3em; }
.handgrad figcaption b { margin-right: 0.3em; }
"""


def inline(parts) -> str:
    return "".join(escape(p) if isinstance(p, str) else f"<math>{M.mathml(p)}</math>" for p in parts)


def _cell(node, cls: str) -> str:
    return f'<mtd class="{cls}">{M.mathml(node)}</mtd>' if node is not None else f'<mtd class="{cls}"></mtd>'


def _display(rows) -> str:
    """Rows (left, right[, note]) as one MathML table, aligned where left meets right."""
    out = []
    for r in rows:
        left, right = r[0], r[1]
        note = r[2] if len(r) > 2 else None
        out.append("<mtr>" + _cell(left, "l") + _cell(right, "r") + (_cell(note, "n") if note is not None else "")
                   + "</mtr>")
    return ('<div class="display"><math display="block"><mtable>' + "".join(out)
            + "</mtable></math></div>")


class HtmlBackend(DisplayBackend):
    name = "html"
    display_em = DISPLAY_EM
    display = staticmethod(_display)

    def __init__(self):
        self.figures = 0

    @handles(Title)
    def title(self, b: Title) -> str:
        return f"<h1>{escape(b.text)}</h1>"

    @handles(Heading)
    def heading(self, b: Heading) -> str:
        tag = "h2" if b.level == 1 else "h3"
        return f"<{tag}>{inline(b.parts)}</{tag}>"

    @handles(Para)
    def para(self, b: Para) -> str:
        return f"<p>{inline(b.parts)}</p>"

    @handles(Items)
    def items(self, b: Items) -> str:
        return "<ul>" + "".join(f"<li>{inline(it)}</li>" for it in b.items) + "</ul>"

    @handles(Table)
    def table(self, b: Table) -> str:
        cap = f"<caption>{inline(b.caption)}</caption>" if b.caption else ""
        head = "".join(f"<th>{inline((h,))}</th>" for h in b.header)
        rows = "".join("<tr>" + "".join(f"<td>{inline((c,))}</td>" for c in r) + "</tr>" for r in b.rows)
        return f'<table class="values">{cap}<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table>'

    @handles(Figure)
    def figure(self, b: Figure) -> str:
        from derive.render.draw import svg
        self.figures += 1
        ident = f' id="{escape(b.label)}"' if b.label else ""
        return (f"<figure{ident}>{svg(b.scene)}<figcaption><b>Figure {self.figures}.</b>"
                f"{inline(b.caption)}</figcaption></figure>")

    def document(self, doc: Document, standalone: bool = True) -> str:
        body = self.body((Title(doc.title),) + tuple(doc.blocks))
        if not standalone:
            return f'<div class="handgrad"><style>{STYLE}</style>\n{body}\n</div>\n'
        return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                f"<title>{escape(doc.title)}</title>\n<style>{STYLE}</style>\n</head>\n"
                f"<body>\n<main class=\"handgrad\">\n{body}\n</main>\n</body>\n</html>\n")
