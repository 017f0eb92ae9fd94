"""The fewest cells for a region: cells whose union is convex merged into one.

Two cells P and Q (intersections of linear inequalities) are merged when their union is itself
such an intersection: their *envelope* — the inequalities of P that hold on all of Q and those
of Q that hold on all of P — contains nothing outside P ∪ Q (Bemporad, Fukuda and Torrisi,
"Convexity recognition of the union of polyhedra", 2001). The test is exact (Fourier–Motzkin
over rationals), so a merged cell is the same set of points, never an approximation.

A merged cell that still holds an equality is a lower-dimensional piece (a line, a point),
which the worked solution says separately: "and on the line …".
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

from derive.regions.polyhedra import Constraint, feasible, irredundant, negate

#: Merging tries every pair of cells: regions of more cells are left as they are.
MAX_MERGE_CELLS = 48


@dataclass(frozen=True)
class Piece:
    """A merged cell: its inequalities (``coeffs·x + const > 0``, or ``>= 0`` when not
    strict), irredundant, and how many independent equalities it holds (0 for a region with
    interior, 1 for a piece of a line in the plane …)."""
    rows: tuple
    equalities: int


def _within(rows: list[Constraint], c: Constraint, n: int, budget) -> bool:
    """Does every point of ``rows`` satisfy ``c``?"""
    return not feasible(rows + [negate(c)], n, budget)


def merge_pair(p: list[Constraint], q: list[Constraint], n: int, budget=None) -> list[Constraint] | None:
    """The union of two cells as one cell, or None when it is not convex."""
    env_p = [c for c in p if _within(q, c, n, budget)]
    env_q = [d for d in q if _within(p, d, n, budget)]
    env = env_p + env_q
    rest_p = [c for c in p if c not in env_p]
    rest_q = [d for d in q if d not in env_q]
    for c in rest_p:
        for d in rest_q:
            if feasible(env + [negate(c), negate(d)], n, budget):
                return None
    return env          # (when one cell holds the other, env is that cell)


def _clean(rows: list[Constraint], n: int, budget) -> list[Constraint]:
    return [rows[i] for i in irredundant(rows, n, budget=budget)]


def merge_cells(cells: list[list[Constraint]], n: int, budget=None) -> list[tuple[Piece, tuple]]:
    """The cells (each irredundant) merged pairwise while some pair has a convex union (or
    left as they are past MAX_MERGE_CELLS cells): (piece, indices of the cells it joins).
    Every feasibility test is charged to ``budget`` (unit ``fm``)."""
    cells = [list(c) for c in cells]
    members = [(i,) for i in range(len(cells))]
    if len(cells) <= MAX_MERGE_CELLS:
        merged = True
        while merged:
            merged = False
            for i in range(len(cells)):
                for j in range(i + 1, len(cells)):
                    u = merge_pair(cells[i], cells[j], n, budget)
                    if u is not None:
                        cells[i] = _clean(u, n, budget)
                        members[i] = members[i] + members[j]
                        del cells[j], members[j]
                        merged = True
                        break
                if merged:
                    break
    return [(Piece(tuple(c), equalities(c)), m) for c, m in zip(cells, members)]


def equalities(rows: list[Constraint]) -> int:
    """Independent equalities among the rows (pairs ``a ≥ 0`` and ``−a ≥ 0``)."""
    eqs = []
    for c in rows:
        if c[2]:
            continue
        if any(not d[2] and _opposite(c, d) for d in rows):
            if not any(_parallel(c, e) for e in eqs):
                eqs.append(c)
    return _rank([e[0] for e in eqs])


def _opposite(c: Constraint, d: Constraint) -> bool:
    return all(a == -b for a, b in zip(c[0], d[0])) and c[1] == -d[1] and any(c[0])


def _parallel(c: Constraint, d: Constraint) -> bool:
    ratio = None
    for a, b in zip(c[0], d[0]):
        if (a == 0) != (b == 0):
            return False
        if a:
            r = Fraction(a) / Fraction(b)
            if ratio is not None and r != ratio:
                return False
            ratio = r
    return True


def _rank(vectors) -> int:
    rows = [list(map(Fraction, v)) for v in vectors]
    rank = 0
    cols = len(rows[0]) if rows else 0
    for col in range(cols):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][col] != 0), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for r in range(len(rows)):
            if r != rank and rows[r][col] != 0:
                f = rows[r][col] / rows[rank][col]
                rows[r] = [a - f * b for a, b in zip(rows[r], rows[rank])]
        rank += 1
    return rank
