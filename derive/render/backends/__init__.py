"""Backends: a document of typed blocks written as text, Markdown, LaTeX, HTML or one MathJax
display. Each backend has exactly one handler per block type; a block type without a handler
is an error (:class:`MissingHandler`), never silently dropped."""
from __future__ import annotations

from derive.render import breaking
from derive.render.blocks import Block, Document, Equations, Region


class MissingHandler(TypeError):
    """A backend was given a block type it has no handler for."""


def handles(kind: type):
    """Mark a backend method as the handler of one block type."""
    def mark(fn):
        fn.handles = kind
        return fn
    return mark


class Backend:
    name = ""
    handlers: dict = {}

    def __init_subclass__(cls, **kw):
        super().__init_subclass__(**kw)
        cls.handlers = {}
        for klass in reversed(cls.__mro__):
            for attr in vars(klass).values():
                if callable(attr) and hasattr(attr, "handles"):
                    cls.handlers[attr.handles] = attr

    def block(self, b: Block, following: Block | None = None) -> str:
        fn = self.handlers.get(type(b))
        if fn is None:
            raise MissingHandler(f"the {self.name} backend has no handler for {type(b).__name__} blocks")
        return "" if b.empty else fn(self, b)

    def body(self, blocks) -> str:
        """The blocks, one after the other (a backend may join them its own way)."""
        return "\n\n".join(s for s in (self.block(b) for b in blocks) if s)

    def document(self, doc: Document, standalone: bool = True) -> str:
        raise NotImplementedError


class DisplayBackend(Backend):
    """A backend that shows equations and regions as one display of rows (left, right[, note])
    broken to ``display_em`` (a display's width in em): only ``display(rows)`` is its own."""
    display_em = 40.0

    def display(self, rows) -> str:
        raise NotImplementedError

    @handles(Equations)
    def equations(self, b: Equations) -> str:
        return self.display(breaking.equation_rows(b, self.display_em))

    @handles(Region)
    def region(self, b: Region) -> str:
        return self.display(breaking.region_rows(b, self.display_em))


def backend(fmt: str, **options) -> Backend:
    from derive.render.backends import html, latex, markdown, text
    table = {"text": text.TextBackend, "markdown": markdown.MarkdownBackend, "latex": latex.LatexBackend,
             "html": html.HtmlBackend, "mathjax": latex.MathJaxBackend}
    if fmt not in table:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(table)})")
    return table[fmt](**options)
