"""The decision region of a 2-input threshold network, drawn from the solution's one analysis.

Each boundary line is drawn only over the part of the plane where it holds (the cell of
upstream states it belongs to), labelled there; the region where the output is 1 is shaded
exactly — pieces with interior as polygons, pieces of lines as thick segments, points as dots.
"""
from __future__ import annotations

from fractions import Fraction

from derive.regions.boundaries import Condition, Linear
from derive.render.math import Mn
from derive.render.mathprint import Printer
from derive.render.scene import Box, Circle, Label, Path, Scene, label_size

SIDE = 190.0              # pt: the plotting square
LEFT, BOTTOM, TOP, RIGHT = 30.0, 30.0, 6.0, 8.0
SHADE, BACK, PIECE = "#9ecae1", "#f3f3f3", "#3182bd"
LABEL_SIZE = 8.0


def unit(form) -> tuple[float, float, float]:
    """(a, b, c) of the line a x1 + b x2 + c = 0 as floats, scaled so the larger coefficient is
    ±1 (exact coefficients of any size: 1e400 x1 + x2 is the line x1 = 0 to the eye)."""
    m = max(abs(q) for q in form.coeffs) or Fraction(1)
    return tuple(_clamped(q / m) for q in (*form.coeffs, form.const))


def _clamped(q) -> float:
    try:
        return float(q)
    except OverflowError:
        return 1e300 if q > 0 else -1e300


def view(forms) -> tuple[float, float]:
    """One range for both axes: the 0/1 square and where every line crosses the axes and the
    diagonal, with room around, at most [-10, 10]."""
    lo, hi = -0.5, 1.5
    for f in forms:
        a, b, c = unit(f)
        for v in ([-c / a] if a else []) + ([-c / b] if b else []) + ([-c / (a + b)] if a + b else []):
            lo, hi = min(lo, v - 0.5), max(hi, v + 0.5)
    return max(lo, -10.0), min(hi, 10.0)


def _interval(conds, p0, d) -> tuple[float, float] | None:
    """The t for which p0 + t·d satisfies every condition (closure), or None."""
    lo, hi = -float("inf"), float("inf")
    for c in conds:
        ka, kb, kc = unit(c.form)
        a = ka * d[0] + kb * d[1]
        b = ka * p0[0] + kb * p0[1] + kc
        # condition on a t + b: > or >= 0, < or <= 0, == 0
        sign = 1 if c.op in (">", ">=") else -1 if c.op in ("<", "<=") else 0
        if sign == 0:
            if abs(a) > 1e-12 or abs(b) > 1e-9:
                return None
            continue
        a, b = a * sign, b * sign
        if abs(a) < 1e-15:
            if b < -1e-12:
                return None
            continue
        t = -b / a
        if a > 0:
            lo = max(lo, t)
        else:
            hi = min(hi, t)
    return (lo, hi) if lo < hi - 1e-12 else None


def _clip_polygon(poly, c) -> list:
    """Sutherland–Hodgman: the part of a convex polygon where condition c holds (closure)."""
    sign = 1 if c.op in (">", ">=") else -1

    def val(p):
        a, b, k = unit(c.form)
        return sign * (a * p[0] + b * p[1] + k)
    out = []
    for i, p in enumerate(poly):
        q = poly[(i + 1) % len(poly)]
        vp, vq = val(p), val(q)
        if vp >= 0:
            out.append(p)
        if (vp >= 0) != (vq >= 0):
            t = vp / (vp - vq)
            out.append((p[0] + t * (q[0] - p[0]), p[1] + t * (q[1] - p[1])))
    return out


def region_scene(sol, output: str, P: Printer) -> Scene:
    net, analysis = sol.net, sol.analysis
    upstream = set(net.ancestors(output)) | {output}       # the units the output depends on
    lines = [bl for bl in analysis.lines if bl.neuron in upstream]
    lo, hi = view([bl.form for bl in lines])

    def to(p):
        return _to(lo, hi, p)
    frame = [(lo, lo), (hi, lo), (hi, hi), (lo, hi)]
    items: list = [Path(tuple(to(p) for p in frame), stroke=None, fill=BACK, closed=True)]
    parts = analysis.parts[output]
    for part in parts:
        if part.dim == 2:
            poly = frame
            for c in part.conditions:
                poly = _clip_polygon(poly, c) if poly else poly
            if len(poly) >= 3:
                items.append(Path(tuple(to(p) for p in poly), stroke=None, fill=SHADE, closed=True, role="region"))
    placed: list[Box] = []
    marks = _marks(sol, output)
    for p, one in marks:
        x, yy = to(p)
        placed.append(Box(x - 5, yy - 5, x + 5, yy + 5))
    segments: dict = {}
    for bl in lines:
        seg = _segment(bl.form, bl.cell.conditions, lo, hi)
        if seg is not None:
            segments.setdefault(bl.form.key(), []).append((bl, seg))
    for part in parts:            # lower-dimensional pieces of the region
        if part.dim == 1:
            eq = next(c for c in part.conditions if c.op == "==")
            seg = _segment(eq.form, [c for c in part.conditions if c is not eq], lo, hi)
            if seg is not None:
                items.append(Path((to(seg[0]), to(seg[1])), stroke=PIECE, width=2.4, role="region"))
        elif part.dim == 0:
            pt = _point(part.conditions)
            if pt is not None and lo <= pt[0] <= hi and lo <= pt[1] <= hi:
                items.append(Circle(*to(pt), 2.6, fill=PIECE, stroke=None, role="region"))
    labels = []
    for key, segs in segments.items():
        for bl, (a, b) in segs:
            mine = bl.neuron == output
            items.append(Path((to(a), to(b)), stroke="#000000" if mine else "#555555",
                              width=1.1 if mine else 0.8, dashed=not mine, role="boundary"))
        bl, (a, b) = max(segs, key=lambda sg: (sg[1][1][0] - sg[1][0][0]) ** 2 + (sg[1][1][1] - sg[1][0][1]) ** 2)
        lab = _label(P.relation_of(bl.form, net.inputs), to(a), to(b), placed)
        if lab is not None:
            placed.append(lab.box)
            labels.append(lab)
    for p, one in marks:
        x, yy = to(p)
        if one:
            items.append(Circle(x, yy, 3.6, fill="#08519c", stroke="#000000", width=0.6, role="mark"))
        else:
            items.append(Path(((x - 3.2, yy - 3.2), (x + 3.2, yy - 3.2), (x + 3.2, yy + 3.2), (x - 3.2, yy + 3.2)),
                              fill="#ffffff", width=0.6, closed=True, role="mark"))
    items.append(Path(tuple(to(p) for p in frame), width=0.6, closed=True))
    items += _axes(P, net, lo, hi, to)
    items += labels
    return Scene(LEFT + SIDE + RIGHT, TOP + SIDE + BOTTOM, tuple(items),
                 f"decision region of output {output}", (lo, hi))


def _to(lo, hi, p):
    s = SIDE / (hi - lo)
    return (LEFT + (p[0] - lo) * s, TOP + (hi - p[1]) * s)


def to_scene(scene: Scene, p) -> tuple[float, float]:
    """A point of the input plane in the picture's coordinates."""
    return _to(*scene.view, p)


def to_data(scene: Scene, q) -> tuple[float, float]:
    """A point of the picture in the input plane."""
    lo, hi = scene.view
    s = SIDE / (hi - lo)
    return (lo + (q[0] - LEFT) / s, hi - (q[1] - TOP) / s)


def in_view(scene: Scene, p) -> bool:
    lo, hi = scene.view
    return lo < p[0] < hi and lo < p[1] < hi


def _segment(form, conds, lo, hi):
    """The part of the line form = 0 inside the view and where ``conds`` hold, or None."""
    a, b, c = unit(form)
    if abs(a) < 1e-15 and abs(b) < 1e-15:
        return None
    n2 = a * a + b * b
    p0 = (-a * c / n2, -b * c / n2)
    d = (-b, a)
    box = _box_conditions(lo, hi)
    iv = _interval(list(conds) + box, p0, d)
    if iv is None:
        return None
    t0, t1 = iv
    return (p0[0] + t0 * d[0], p0[1] + t0 * d[1]), (p0[0] + t1 * d[0], p0[1] + t1 * d[1])


def _box_conditions(lo, hi):
    """lo <= x_i <= hi as conditions."""
    lo, hi = Fraction(lo).limit_denominator(10**6), Fraction(hi).limit_denominator(10**6)
    one, zero = Fraction(1), Fraction(0)
    return [Condition(Linear((one, zero), -lo), ">="), Condition(Linear((one, zero), -hi), "<="),
            Condition(Linear((zero, one), -lo), ">="), Condition(Linear((zero, one), -hi), "<=")]


def _point(conds):
    eqs = [c for c in conds if c.op == "=="]
    if len(eqs) < 2:
        return None
    (a1, b1), c1 = eqs[0].form.coeffs, eqs[0].form.const
    (a2, b2), c2 = eqs[1].form.coeffs, eqs[1].form.const
    det = a1 * b2 - a2 * b1
    if det == 0:
        return None
    return (_clamped((-c1 * b2 + c2 * b1) / det), _clamped((-a1 * c2 + a2 * c1) / det))


def _marks(sol, output):
    net = sol.net
    k = net.outputs.index(output)
    if net.training is not None:
        return [((_clamped(p.x[0]), _clamped(p.x[1])), p.d[k] > 0) for p in net.training.patterns]
    return [((float(r["x"][0]), float(r["x"][1])), r["y"][k] > 0) for r in sol.get("truth_table", [])]


def _label(text, a, b, placed) -> Label | None:
    w, h = label_size((text,), LABEL_SIZE)
    area = Box(LEFT + 1, TOP + 1, LEFT + SIDE - 1, TOP + SIDE - 1)
    for t in (0.5, 0.35, 0.65, 0.25, 0.75, 0.15, 0.85, 0.45, 0.55):
        x, yy = a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])
        box = Box.around(x, yy, w, h)
        if box.inside(area) and not any(box.overlaps(o, 1.0) for o in placed):
            return Label(x, yy, (text,), LABEL_SIZE, w, h, fill="#ffffff", role="line-label")
    return None


def _ticks(lo, hi):
    span = hi - lo
    step = next(s for s in (0.25, 0.5, 1, 2, 5) if span / s <= 8)
    first = -(-lo // step) * step
    out, t = [], first
    while t <= hi + 1e-9:
        out.append(round(t, 6))
        t += step
    return out


def _axes(P: Printer, net, lo, hi, to) -> list:
    items = []
    for t in _ticks(lo, hi):
        x, y0 = to((t, lo))
        items.append(Path(((x, y0), (x, y0 + 3)), width=0.5))
        lab = Mn(_num(t))
        w, h = label_size((lab,), 7.0)
        items.append(Label(x, y0 + 4 + h / 2, (lab,), 7.0, w, h))
        x0, y = to((lo, t))
        items.append(Path(((x0 - 3, y), (x0, y)), width=0.5))
        items.append(Label(x0 - 4 - w / 2, y, (lab,), 7.0, w, h))
    xl, yl = P.ident(net.inputs[0]), P.ident(net.inputs[1])
    cx, by = to(((lo + hi) / 2, lo))
    items.append(Label(cx, by + 20, (xl,), 8.5, *label_size((xl,), 8.5)))
    lx, cy = to((lo, (lo + hi) / 2))
    items.append(Label(lx - 23, cy, (yl,), 8.5, *label_size((yl,), 8.5)))
    return items


def _num(t: float) -> str:
    s = f"{t:g}"
    return "0" if s == "-0" else s


def plot_check(sol, path: str) -> None:
    """Can ``sol`` be drawn? (InputError naming ``--plot`` if not.)"""
    from derive.errors import InputError
    if len(sol.net.inputs) != 2 or not sol.net.threshold:
        raise InputError(sol.net.source, "--plot", "decision regions are drawn for 2-input threshold "
                         "networks only (step/sign units)")
    if sol.analysis is None:
        raise InputError(path, "--plot", "no picture: the decision regions were left out "
                         "(see the solution's notes)")


def plot_regions(sol, path: str, output: str | None = None) -> None:
    """The region picture of ``sol`` (a solution of a 2-input threshold network) as a file."""
    from derive.render.draw import save
    plot_check(sol, path)
    save(region_scene(sol, output or sol.net.outputs[0], Printer()), path)

