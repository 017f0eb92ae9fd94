"""A picture as a list of primitives in points (y grows downwards), drawn by
:mod:`derive.render.draw` as TikZ, SVG or (through matplotlib) PNG/PDF — one picture, three
writers, so the network diagram and the region plot look the same everywhere.
"""
from __future__ import annotations

from dataclasses import dataclass

from derive.render.math import Node


@dataclass(frozen=True)
class Box:
    """An axis-parallel rectangle ``[x0, x1] × [y0, y1]``."""
    x0: float
    y0: float
    x1: float
    y1: float

    @staticmethod
    def around(x: float, y: float, w: float, h: float) -> "Box":
        return Box(x - w / 2, y - h / 2, x + w / 2, y + h / 2)

    def overlaps(self, o: "Box", pad: float = 0.0) -> bool:
        return (self.x0 < o.x1 + pad and o.x0 < self.x1 + pad
                and self.y0 < o.y1 + pad and o.y0 < self.y1 + pad)

    def inside(self, o: "Box") -> bool:
        return o.x0 <= self.x0 and self.x1 <= o.x1 and o.y0 <= self.y0 and self.y1 <= o.y1


@dataclass(frozen=True)
class Path:
    points: tuple                      # ((x, y), ...)
    stroke: str | None = "#000000"
    width: float = 0.6
    fill: str | None = None
    closed: bool = False
    arrow: bool = False                # an arrow head at the last point
    dashed: bool = False
    role: str = ""                     # "edge", "boundary", … (SVG class; tests count them)


@dataclass(frozen=True)
class Circle:
    x: float
    y: float
    r: float
    fill: str = "#ffffff"
    stroke: str | None = "#000000"
    width: float = 0.8
    role: str = ""


@dataclass(frozen=True)
class Label:
    """Lines of math centred at (x, y) in a ``w`` × ``h`` box (the layout's estimate, which
    the text fits inside); ``fill`` paints the box (white over the lines below it)."""
    x: float
    y: float
    lines: tuple                       # math Nodes, one per line
    size: float                        # font size in pt
    w: float
    h: float
    fill: str | None = None
    color: str = "#000000"
    role: str = ""

    @property
    def box(self) -> Box:
        return Box.around(self.x, self.y, self.w, self.h)


@dataclass(frozen=True)
class Scene:
    width: float
    height: float
    items: tuple
    title: str = ""                    # a short description (SVG <title>, alt text)
    view: tuple | None = None          # a plot's data range (lo, hi) on both axes


#: line height of a label, in multiples of its font size
LINE = 1.25
#: padding around a label's text, pt
PAD = 1.5


def label_size(lines, size: float) -> tuple[float, float]:
    """The box (w, h) in pt that holds these math lines at ``size`` pt."""
    from derive.render.math import Frac, width
    w = max(width(n) for n in lines) * size
    tall = sum(1.6 if _has(n, Frac) else 1.0 for n in lines)
    return w + 2 * PAD + 1.0, tall * LINE * size + 2 * PAD


def _has(n: Node, kind) -> bool:
    if isinstance(n, kind):
        return True
    for attr in ("items", "base", "sub", "sup", "num", "den", "body", "fn", "arg", "node", "under"):
        v = getattr(n, attr, None)
        if v is None:
            continue
        if isinstance(v, tuple):
            if any(_has(i, kind) for i in v):
                return True
        elif _has(v, kind):
            return True
    return False
