"""The decision regions of a 2-input threshold network, drawn with matplotlib (imported here only)."""
from __future__ import annotations

from fractions import Fraction

import numpy as np

from derive.regions.boundaries import analyse
from derive.errors import InputError
from derive.fileio import save_figure
from derive.model.network import Network
from derive.render.mathprint import TEXT, Printer
from derive.regions.truth import truth_table


def _box(forms) -> tuple[float, float, float, float]:
    """A view that holds the 0/1 square and every line's crossing of the diagonal directions."""
    lo, hi = -0.5, 1.5
    for form in forms:
        a, b = (float(c) for c in form.coeffs)
        c = float(form.const)
        for p in ([-c / a, 0.0] if a else [], [0.0, -c / b] if b else []):
            for v in p:
                lo, hi = min(lo, v - 0.5), max(hi, v + 0.5)
    if a_b := [float(-f.const / sum(f.coeffs)) for f in forms if sum(f.coeffs)]:
        lo, hi = min(lo, min(a_b) - 0.5), max(hi, max(a_b) + 0.5)
    return max(lo, -10), min(hi, 10), max(lo, -10), min(hi, 10)


def plot_regions(net: Network, path: str, output: str | None = None, analysis=None) -> None:
    """``analysis``: the solution's :class:`~derive.regions.boundaries.Analysis`, when it has
    one (the regions are not enumerated twice)."""
    if len(net.inputs) != 2 or not net.threshold:
        raise InputError(net.source, "--plot", "decision regions are drawn for 2-input threshold "
                         "networks only (step/sign units)")
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    o = output or net.outputs[0]
    P = Printer(TEXT)
    analysis = analysis or analyse(net)
    forms = [bl.form for bl in analysis.distinct_lines()]
    x0, x1_, y0, y1_ = _box(forms)
    gx, gy = np.meshgrid(np.linspace(x0, x1_, 401), np.linspace(y0, y1_, 401))
    inside = np.zeros_like(gx, dtype=bool)
    for cell in analysis.regions[o]:
        mask = np.ones_like(inside)
        for c in cell.conditions:
            val = float(c.form.coeffs[0]) * gx + float(c.form.coeffs[1]) * gy + float(c.form.const)
            mask &= {">": val > 0, ">=": val >= 0, "<=": val <= 0, "<": val < 0, "==": np.isclose(val, 0)}[c.op]
        inside |= mask
    fig, ax = plt.subplots(figsize=(5.5, 5))
    ax.contourf(gx, gy, inside.astype(float), levels=[-0.5, 0.5, 1.5], colors=["#f3f3f3", "#9ecae1"])
    k = net.outputs.index(o)            # points with their exact targets
    pts = ([(tuple(map(float, p.x)), p.d[k]) for p in net.training.patterns] if net.training
           else [(tuple(map(float, r["x"])), Fraction(r["y"][k])) for r in truth_table(net)])
    marks = np.array([p for p, _ in pts]).reshape(-1, 2)
    for form in forms:
        a, b, c = (float(form.coeffs[0]), float(form.coeffs[1]), float(form.const))
        label = P.relation_of(form, net.inputs)
        ends = _clip(a, b, c, x0, x1_, y0, y1_)
        if len(ends) < 2:
            continue
        (px, py), (qx, qy) = sorted(ends)[:1] + sorted(ends)[-1:]
        ax.plot([px, qx], [py, qy], "k-", lw=1.2)
        # the label goes where it is farthest from the marked points
        ts = np.linspace(0.2, 0.8, 25)
        spots = np.stack([px + ts * (qx - px), py + ts * (qy - py)], axis=1)
        far = np.min(np.linalg.norm(spots[:, None, :] - marks[None, :, :], axis=2), axis=1) if len(marks) else ts
        lx, ly = spots[int(np.argmax(far))]
        ax.annotate(label, (lx, ly), fontsize=8,
                    ha="center", va="center", bbox=dict(boxstyle="round,pad=0.2", fc="white", ec="0.6"))
    for (px, py), d in pts:
        ax.plot(px, py, "o" if d > 0 else "s", ms=9, mfc="#08519c" if d > 0 else "white", mec="k")
        ax.annotate(f"d={P.exact(d)}", (px, py), xytext=(6, 6),
                    textcoords="offset points", fontsize=8)
    ax.set_xlim(x0, x1_)
    ax.set_ylim(y0, y1_)
    ax.set_xlabel(net.inputs[0])
    ax.set_ylabel(net.inputs[1])
    ax.set_title(f"{net.name or 'network'}: output {o} is 1 in the shaded region")
    ax.set_aspect("equal")
    save_figure(fig, path, dpi=120, bbox_inches="tight")


def _clip(a, b, c, x0, x1, y0, y1) -> list[tuple[float, float]]:
    """Where the line a x + b y + c = 0 crosses the edges of the box."""
    pts = []
    if b:
        pts += [(x, -(a * x + c) / b) for x in (x0, x1) if y0 - 1e-12 <= -(a * x + c) / b <= y1 + 1e-12]
    if a:
        pts += [(-(b * y + c) / a, y) for y in (y0, y1) if x0 - 1e-12 <= -(b * y + c) / a <= x1 + 1e-12]
    return sorted(set(pts))
