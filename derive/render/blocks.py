"""The blocks a document is made of: one typed block per kind, the same for every output format.

The story builder (:mod:`derive.render.story`) and the answer checker's feedback make lists of
these; a backend (:mod:`derive.render.backends`) has one handler per block type and refuses a
block it has no handler for. Inline content (``Inline``) is prose (``str``) or math (a
:mod:`derive.render.math` node).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Union

from derive.render.math import Node

Inline = Union[str, Node]


def inline(*parts) -> tuple:
    """A tuple of inline parts (prose strings and math nodes), None dropped."""
    return tuple(p for p in parts if p is not None)


class Block:
    __slots__ = ()
    #: the field whose rows a block shows; a block without any is written as nothing
    filled_by = ""

    @property
    def empty(self) -> bool:
        """Nothing to show (a display, list or table without rows): written as nothing."""
        return bool(self.filled_by) and not getattr(self, self.filled_by)


@dataclass(frozen=True)
class Title(Block):
    text: str


@dataclass(frozen=True)
class Heading(Block):
    """A section (level 1) or a sub-section such as a training step (level 2)."""
    parts: tuple
    level: int = 1


@dataclass(frozen=True)
class Para(Block):
    parts: tuple


@dataclass(frozen=True)
class Items(Block):
    """A bulleted list; each item is a tuple of inline parts."""
    items: tuple
    filled_by = "items"


@dataclass(frozen=True)
class Equations(Block):
    """Displayed equation chains ``lhs = rhs1 = rhs2 …``, aligned at the first ``=``.
    ``notes`` (optional, one per row) are words set after the chain: ``(output neuron)``."""
    rows: tuple                     # (lhs Node | None, (rhs Node, ...))
    notes: tuple = ()
    filled_by = "rows"


@dataclass(frozen=True)
class Region(Block):
    """A union of cells, one row each, joined by "or"; ``pieces`` are lower-dimensional parts
    said separately ("and on the line …")."""
    cells: tuple                    # Nodes
    pieces: tuple = ()              # (words, Node): ("on the line", x1 + x2 = 1 ∧ …)


@dataclass(frozen=True)
class Table(Block):
    header: tuple                   # Inline per column
    rows: tuple                     # tuples of Inline
    align: str = ""                 # one of l c r per column ("" = all centred)
    caption: tuple = ()
    filled_by = "rows"


@dataclass(frozen=True)
class Figure(Block):
    """A picture (a :class:`derive.render.scene.Scene`) with its caption; ``file`` is a picture
    written next to the document, for formats that cannot draw it inline (Markdown)."""
    scene: object
    caption: tuple
    label: str = ""
    file: str | None = None


@dataclass(frozen=True)
class Document:
    title: str
    blocks: tuple = field(default_factory=tuple)
