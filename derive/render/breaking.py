"""Long displayed formulas broken over lines, so no line runs off the page.

An equation chain ``lhs = r1 = r2 = r3`` becomes the rows of an aligned display: as many
``= r`` as fit on a row; a right-hand side wider than the line is itself broken before a
``+``/``−`` (the outermost first, then inside parentheses, then before ``·``), and its
continuation rows are indented. Widths are :func:`derive.render.math.width` estimates in em.
"""
from __future__ import annotations

from dataclasses import dataclass

from derive.render.math import OPS, Alt, Apply, Fence, Frac, Mo, Node, Row, Space, Text, row, starts_with_relation, width

#: indentation of a continuation row, in em
INDENT = 2.0
#: space before a column of notes, in em
NOTE_GAP = 3.0


@dataclass(frozen=True)
class _Break:
    priority: float              # 0: outermost + −; deeper parentheses higher; · a half more


def _tokens(n: Node, depth: int, out: list, limit: float = float("inf")) -> None:
    """``n`` as a flat list of atoms and break points; a fraction wider than ``limit`` is
    written (numerator) / (denominator), so it can be broken too."""
    if isinstance(n, Frac) and width(n) > limit:
        _tokens(Fence(n.num), depth, out, limit)
        out.append(_Break(depth))
        out.append(Mo("/"))
        _tokens(Fence(n.den), depth, out, limit)
        return
    if isinstance(n, Row):
        for i, it in enumerate(n.items):
            if i and isinstance(it, Mo) and OPS[it.op].kind in ("bin", "rel"):
                out.append(_Break(depth + (0.5 if it.op == "cdot" else 0)))
            elif i and isinstance(it, Text) and it.words.startswith(" "):
                out.append(_Break(depth))
            _tokens(it, depth, out, limit)
    elif isinstance(n, Fence):
        out.append(Mo("("))
        _tokens(n.body, depth + 1, out, limit)
        out.append(Mo(")"))
    elif isinstance(n, Apply):
        out += [n.fn, Mo("(")]
        _tokens(n.arg, depth + 1, out, limit)
        out.append(Mo(")"))
    elif isinstance(n, Alt) and isinstance(n.node, Row):
        out.append(n)                 # a quantity's spelling is never broken
    else:
        out.append(n)


def split(n: Node, first: float, rest: float) -> list[Node] | None:
    """``n`` as lines of at most ``first`` em (the first) and ``rest`` em (the others),
    breaking at the lowest priorities that make every line fit; None if nothing fits."""
    if width(n) <= first:
        return [n]
    toks: list = []
    _tokens(n, 0, toks, rest)
    levels = sorted({t.priority for t in toks if isinstance(t, _Break)})
    for level in levels:
        lines = _greedy(toks, level, first, rest)
        if lines is not None:
            return lines
    return None


def _greedy(toks, level, first, rest) -> list[Node] | None:
    lines, cur, cur_w, last_break = [], [], 0.0, None
    limit = first
    for t in toks:
        if isinstance(t, _Break):
            if t.priority <= level:
                last_break = len(cur)
            continue
        w = width(t)
        if cur_w + w > limit and cur:
            if last_break is None or last_break == 0:
                return None
            lines.append(row(*cur[:last_break]))
            cur = cur[last_break:]
            cur_w = sum(width(x) for x in cur)
            last_break = None
            limit = rest
            if cur_w + w > limit:
                return None
        cur.append(t)
        cur_w += w
    lines.append(row(*cur))
    return lines


def chain_rows(lhs: Node | None, rhss, avail: float) -> list[tuple[Node | None, Node]]:
    """The rows ``(left, right)`` of one chain in an aligned display; ``avail`` is the width
    of the right column in em. Each right part starts with its ``=``."""
    rows: list[tuple[Node | None, Node]] = []
    cur: list = []
    cur_w = 0.0                  # width(row(*cur)): a row is as wide as its items together
    for r in rhss:
        joined = (lhs is not None or rows or cur) and not (not rows and not cur and starts_with_relation(r))
        piece = row(Mo("="), r) if joined else r
        w = width(piece)
        if cur_w + w <= avail:
            cur.append(piece)
            cur_w += w
            continue
        if cur:
            rows.append((lhs if not rows else None, row(*cur)))
            cur, cur_w = [], 0.0
        if w <= avail:
            cur.append(piece)
            cur_w = w
            continue
        lines = split(piece, avail, avail - INDENT) or [piece]
        for i, line in enumerate(lines):
            rows.append((lhs if not rows else None, line if i == 0 else row(Space(INDENT), line)))
    if cur:
        rows.append((lhs if not rows else None, row(*cur)))
    return rows


def lines(n: Node, avail: float) -> list[Node]:
    """One formula as lines of at most ``avail`` em, continuation lines indented."""
    parts = split(n, avail, avail - INDENT) or [n]
    return [p if i == 0 else row(Space(INDENT), p) for i, p in enumerate(parts)]


# --------------------------------------------------------------------------- displays
def as_math(parts) -> Node:
    """Inline parts (prose and math) as one math row: prose becomes ``\\text``."""
    return row(*(Text(p) if isinstance(p, str) else p for p in parts))


def equation_rows(b, total: float) -> list[tuple[Node | None, Node, Node | None]]:
    """The rows ``(left, right, note)`` of an :class:`~derive.render.blocks.Equations` block
    in a display ``total`` em wide, aligned at the relation after the left-hand sides; notes
    (words such as "output neuron k") in a column of their own."""
    lhs_w = max((width(lhs) for lhs, _ in b.rows if lhs is not None), default=0.0)
    notes = [as_math(n) if n else None for n in b.notes] + [None] * (len(b.rows) - len(b.notes))
    note_w = max((width(n) + NOTE_GAP for n in notes if n is not None), default=0.0)
    avail = total - lhs_w - note_w
    out: list = []
    for (lhs, rhs), note in zip(b.rows, notes):
        rows = [(left, right, None) for left, right in chain_rows(lhs, rhs, avail)]
        if note is not None:
            rows[0] = rows[0][:2] + (note,)
        out += rows
    return out


def region_rows(b, total: float) -> list[tuple[Node | None, Node]]:
    """A :class:`~derive.render.blocks.Region` as rows: the first cell, then "or" cells, then
    "and on the line …" pieces, the words in the left column."""
    lefts = [None] + [row(Text("or"), Space(1))] * (len(b.cells) - 1)
    items = list(zip(lefts, b.cells)) + [(row(Text(f"and {words}"), Space(1)), cell) for words, cell in b.pieces]
    lhs_w = max((width(left) for left, _ in items if left is not None), default=0.0)
    out = []
    for left, cell in items:
        for k, line in enumerate(lines(cell, total - lhs_w - 1)):
            out.append((left if k == 0 else None, line))
    return out
