"""Rendering: a worked solution (or any list of blocks) as text, Markdown, LaTeX or HTML.

The story (:mod:`derive.render.story`) says what a solution shows as typed blocks
(:mod:`derive.render.blocks`) whose math is a tree (:mod:`derive.render.math`); a backend
(:mod:`derive.render.backends`) writes them in one format. Other parts of handgrad (the answer
checker's feedback) use the same backends through :func:`render_blocks`.
"""
from __future__ import annotations

from derive.render.backends import MissingHandler, backend
from derive.render.blocks import Document

__all__ = ["render", "render_blocks", "MissingHandler", "FORMATS"]

FORMATS = ("text", "markdown", "latex", "html")


def render_blocks(blocks, fmt: str, title: str | None = None, standalone: bool = True) -> str:
    """``blocks`` (a list of :mod:`derive.render.blocks`) as one document in ``fmt`` (text,
    markdown, latex, html); its title is ``title`` or the first block when that is a
    :class:`~derive.render.blocks.Title`. ``standalone=False`` gives a fragment to paste into
    a page (LaTeX without preamble, HTML as one styled ``div``)."""
    from derive.render.blocks import Title
    blocks = list(blocks)
    if title is None:
        title = blocks.pop(0).text if blocks and isinstance(blocks[0], Title) else ""
    be = backend(fmt, **({"fragment": not standalone} if fmt == "latex" else {}))
    return be.document(Document(title, tuple(blocks)), standalone=standalone)


def render(sol, fmt: str = "text", digits: int | None = None, fragment: bool = False,
           plot: str | None = None, math_only: bool = False, figures: bool | None = None,
           diagram: str | None = None, notation=None) -> str:
    """The worked solution ``sol`` (a :class:`derive.solution.Solution`) in ``fmt``, written in
    ``notation`` (a name of :data:`derive.notations.NOTATIONS`; default: the network file's
    ``notation``, else Haykin's) — the same numbers in every notation."""
    from derive.notations import notation as find
    from derive.render.mathprint import Printer
    from derive.render.story import build
    digits = digits or sol.digits
    if not 1 <= digits <= 30:
        raise ValueError("digits must be from 1 to 30 (values carry 80 significant digits)")
    if math_only:
        fmt = "mathjax"
    draw = fmt in ("latex", "html", "markdown") if figures is None else figures
    files = {k: f for k, f in (("regions", plot), ("diagram", diagram)) if f}
    N = find(notation if notation is not None else sol.net.notation, "solve", "--notation")
    doc = build(sol, Printer.for_network(sol.net, digits, notation=N), figures=draw, files=files)
    be = backend(fmt, **({"fragment": fragment} if fmt == "latex" else {}))
    return be.document(doc, standalone=not fragment)


__all__ += ["backend"]
