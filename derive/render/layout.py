"""The layered layout of a network diagram, computed once and drawn by every writer.

Layers by longest path from the inputs; a connection that skips layers passes each layer in
between through a lane of its own (a dummy slot, as in Sugiyama's method), so it is routed
around the neurons, never through one. Neurons are ordered within their layer by the mean
position of their neighbours (a few sweeps down and up) to keep crossings few. Every weight
label sits on its own connection, inside the gap between two columns, where it overlaps no
other label and no neuron; when a gap is too crowded the columns move apart until everything
fits (a gap of twice the labels' total width always does).
"""
from __future__ import annotations

from dataclasses import dataclass, field

from derive.render.math import Node, width
from derive.render.scene import Box, Circle, Label, Path, Scene, label_size

NODE_SIZE = 10.0       # pt: the names in the circles
LABEL_SIZE = 8.5       # pt: weights and notes
R_MIN = 12.0           # pt: smallest circle
LANE = 12.0            # pt: height of a skip connection's lane in a layer it passes
V_GAP = 16.0           # pt: between slots of a column
BASE_GAP = 80.0        # pt: least room between the columns' bands
OUT_ARROW = 22.0       # pt: length of an output's arrow
MARGIN = 4.0
CLEAR = 1.5            # pt: least distance between a connection and a neuron it does not touch


@dataclass(frozen=True)
class Graph:
    """What the layout needs: the network's shape and every text it shows."""
    inputs: tuple                     # input names, in order
    neurons: tuple                    # (id, (sources ...)) in topological order
    outputs: tuple                    # output neuron ids
    text: dict                        # node (input name or neuron id) -> Node, written in the circle
    notes: dict                       # node -> tuple of Nodes, written under it (bias, values)
    weights: dict                     # (neuron id, k) -> Node: the weight of its k-th input (1-based)
    out_text: dict                    # output id -> Node, at its arrow's end


@dataclass(frozen=True)
class Edge:
    source: str
    target: str
    k: int                            # position among the target's inputs, 1-based
    points: tuple                     # the polyline, from the source's circle to the target's
    label: Label


@dataclass
class Layout:
    centers: dict                     # node -> (x, y, r)
    notes: dict                       # node -> Label
    edges: list
    arrows: list                      # (points, Label) of the outputs
    width: float
    height: float
    texts: dict = field(default_factory=dict)   # node -> Label in its circle

    def labels(self) -> list[Label]:
        return [e.label for e in self.edges] + list(self.notes.values()) + [lab for _, lab in self.arrows]

    def obstacles(self) -> list[tuple[str, Box]]:
        """Every box that must not overlap another: labels, notes, circles."""
        out = [(f"circle {k}", Box(x - r, y - r, x + r, y + r)) for k, (x, y, r) in self.centers.items()]
        out += [(f"note {k}", lab.box) for k, lab in self.notes.items()]
        out += [(f"weight {e.target},{e.k}", e.label.box) for e in self.edges]
        out += [(f"output {i}", lab.box) for i, (_, lab) in enumerate(self.arrows)]
        return out

    def scene(self, title: str = "") -> Scene:
        items: list = []
        for e in self.edges:
            items.append(Path(e.points, arrow=True, role="edge"))
        for pts, _ in self.arrows:
            items.append(Path(pts, arrow=True, role="output"))
        for k, (x, y, r) in self.centers.items():
            items.append(Circle(x, y, r, role="node"))
        items += list(self.texts.values())
        items += list(self.notes.values())
        items += [e.label for e in self.edges]
        items += [lab for _, lab in self.arrows]
        return Scene(self.width, self.height, tuple(items), title)


def layout(g: Graph) -> Layout:
    layer = {x: 0 for x in g.inputs}
    for nid, srcs in g.neurons:
        layer[nid] = 1 + max(layer[s] for s in srcs)
    edges = [(s, nid, k + 1) for nid, srcs in g.neurons for k, s in enumerate(srcs)]
    edges += [(o, ("out", o), 0) for o in g.outputs]      # each output's arrow: an edge to a sink
    last = max(layer.values()) + 1
    for o in g.outputs:
        layer[("out", o)] = last
    columns = _order(g, layer, edges, last)
    sizes = _sizes(g, columns)
    gap = BASE_GAP
    widest = max((label_size((w,), LABEL_SIZE)[0] for w in g.weights.values()), default=10.0)
    crowd = max(sum(1 for s, t, _ in edges if layer[s] <= lv < layer[t]) for lv in range(last))
    for attempt in range(10):
        result = _attempt(g, layer, edges, columns, sizes, gap)
        if result is not None:
            return result
        gap = gap * 1.4 if attempt < 8 else 2.5 * (crowd + 1) * (widest + 2)
    raise RuntimeError("no layout found")      # unreachable: the last gap holds every label


# --------------------------------------------------------------------------- ordering
def _order(g: Graph, layer: dict, edges, last: int) -> list[list]:
    """Columns of slots: a node, or ``("lane", edge index, layer)`` where an edge passes."""
    columns: list[list] = [[] for _ in range(last + 1)]
    for x in g.inputs:
        columns[0].append(x)
    for nid, _ in g.neurons:
        columns[layer[nid]].append(nid)
    for o in g.outputs:
        columns[last].append(("out", o))
    prev_of: dict = {}
    next_of: dict = {}
    for i, (s, t, _) in enumerate(edges):
        chain = [s] + [("lane", i, lv) for lv in range(layer[s] + 1, layer[t])] + [t]
        for a, b in zip(chain, chain[1:]):
            next_of.setdefault(a, []).append(b)
            prev_of.setdefault(b, []).append(a)
        for lane in chain[1:-1]:
            columns[lane[2]].append(lane)
    for _ in range(4):
        for lv in range(1, last + 1):
            _sort(columns[lv], columns[lv - 1], prev_of)
        for lv in range(last - 1, 0, -1):
            _sort(columns[lv], columns[lv + 1], next_of)
    return columns


def _sort(col: list, ref: list, links: dict) -> None:
    pos = {item: i for i, item in enumerate(ref)}
    here = {item: i for i, item in enumerate(col)}

    def key(item):
        ps = [pos[p] for p in links.get(item, ()) if p in pos]
        return (sum(ps) / len(ps) if ps else here[item], here[item])
    col.sort(key=key)


# --------------------------------------------------------------------------- geometry
@dataclass(frozen=True)
class _Size:
    r: float                # circle radius (0 for a lane or a sink)
    half_w: float           # half the width the slot takes in its column
    h: float                # height of the slot
    note: tuple | None      # (w, h) of the note under the circle


def _sizes(g: Graph, columns) -> dict:
    out = {}
    for col in columns:
        for item in col:
            if isinstance(item, tuple) and item[0] == "lane":
                out[item] = _Size(0.0, 0.0, LANE, None)
            elif isinstance(item, tuple) and item[0] == "out":
                out[item] = _Size(0.0, 0.0, LANE, None)
            else:
                tw = width(g.text[item]) * NODE_SIZE
                r = max(R_MIN, tw / 2 + 3.0)
                note = label_size(g.notes[item], LABEL_SIZE) if g.notes.get(item) else None
                h = 2 * r + (note[1] + 2.0 if note else 0.0)
                out[item] = _Size(r, max(r, note[0] / 2 if note else 0.0), h, note)
    return out


def _attempt(g: Graph, layer, edges, columns, sizes, gap) -> Layout | None:
    # x of each column: its widest slot decides the band
    half = [max((sizes[i].half_w for i in col), default=0.0) for col in columns]
    xs = [MARGIN + half[0]]
    for lv in range(1, len(columns) - 1):
        xs.append(xs[-1] + half[lv - 1] + gap + half[lv])
    xs.append(xs[-1] + half[-2])              # the sinks: the outputs' arrows start here
    # y of each slot: a column stacked and centred
    spot: dict = {}
    tops = []
    for lv, col in enumerate(columns):
        y, ys = 0.0, []
        for i, item in enumerate(col):
            if i:
                both_lanes = _is_lane(item) and _is_lane(col[i - 1])
                y += V_GAP / 2 if both_lanes else V_GAP
            ys.append(y)
            y += sizes[item].h
        tops.append((ys, y))
    tallest = max(h for _, h in tops)
    centers, notes, texts = {}, {}, {}
    for lv, col in enumerate(columns):
        ys, h = tops[lv]
        off = MARGIN + (tallest - h) / 2
        for item, top in zip(col, ys):
            s = sizes[item]
            if _is_lane(item) or _is_sink(item):
                spot[item] = (xs[lv], off + top + s.h / 2)
                continue
            cx, cy = xs[lv], off + top + s.r
            spot[item] = (cx, cy)
            centers[item] = (cx, cy, s.r)
            texts[item] = Label(cx, cy, (g.text[item],), NODE_SIZE, 2 * s.r * 0.7, 2 * s.r * 0.7, role="name")
            if s.note:
                notes[item] = Label(cx, cy + s.r + 2.0 + s.note[1] / 2, g.notes[item], LABEL_SIZE,
                                    s.note[0], s.note[1], fill="#ffffff", role="note")
    # polylines
    placed: list[Box] = [Box(x - r, y - r, x + r, y + r) for x, y, r in centers.values()]
    placed += [lab.box for lab in notes.values()]
    routed = []
    for i, (s, t, k) in enumerate(edges):
        chain = [s] + [("lane", i, lv) for lv in range(layer[s] + 1, layer[t])] + [t]
        pts = [spot[c] for c in chain]
        pts[0] = _toward(pts[0], pts[1], sizes[s].r)
        if _is_sink(t):                       # the output's arrow, level with its last point
            if len(pts) == 2:
                pts[0] = (spot[s][0] + sizes[s].r, spot[s][1])
            pts[-1] = (xs[-1] + OUT_ARROW, pts[-2][1])
        else:
            pts[-1] = _toward(pts[-1], pts[-2], sizes[t].r)
        routed.append((s, t, k, _rounded(pts), layer[s]))
    # no connection passes through a neuron it does not touch
    for s, t, _, pts, _ in routed:
        for node, (cx, cy, r) in centers.items():
            if node in (s, t):
                continue
            if any(_dist(cx, cy, a, b) < r + CLEAR for a, b in zip(pts, pts[1:])):
                return None
    out_edges, arrows = [], []
    band = [(xs[lv] - half[lv], xs[lv] + half[lv]) for lv in range(len(columns))]
    for s, t, k, pts, lv0 in routed:
        if _is_sink(t):
            x, y = pts[-1]
            w, h = label_size((g.out_text[t[1]],), LABEL_SIZE + 1)
            arrows.append((pts, Label(x + 2.0 + w / 2, y, (g.out_text[t[1]],), LABEL_SIZE + 1, w, h,
                                      role="output-name")))
            continue
        lab = _place(g.weights[(t, k)], pts, xs, band, placed, [r[3] for r in routed])
        if lab is None:
            return None
        placed.append(lab.box)
        out_edges.append(Edge(s, t, k, pts, lab))
    # output labels must not hit anything either
    for _, lab in arrows:
        if any(lab.box.overlaps(b) for b in placed):
            return None
        placed.append(lab.box)
    right = max(max(lab.box.x1 for _, lab in arrows) if arrows else 0.0,
                max(x + r for x, _, r in centers.values()),
                max((lab.box.x1 for lab in notes.values()), default=0.0))
    bottom = max(max(b.y1 for b in placed), max(y for p in routed for _, y in p[3]))
    return Layout(centers, notes, out_edges, arrows, right + MARGIN, bottom + MARGIN, texts)


def _rounded(pts, radius: float = 14.0, steps: int = 6) -> tuple:
    """The polyline with each bend replaced by a quadratic curve (as points): the corner
    between two straight parts, cut ``radius`` pt before and after it."""
    if len(pts) < 3:
        return tuple(pts)
    out = [pts[0]]
    for a, b, c in zip(pts, pts[1:], pts[2:]):
        p = _toward(b, a, min(radius, _len(a, b) / 2))
        q = _toward(b, c, min(radius, _len(b, c) / 2))
        for i in range(steps + 1):
            t = i / steps
            out.append(((1 - t) ** 2 * p[0] + 2 * t * (1 - t) * b[0] + t * t * q[0],
                        (1 - t) ** 2 * p[1] + 2 * t * (1 - t) * b[1] + t * t * q[1]))
    out.append(pts[-1])
    return tuple(out)


def _len(a, b) -> float:
    return ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5


def _is_lane(item) -> bool:
    return isinstance(item, tuple) and item[0] == "lane"


def _is_sink(item) -> bool:
    return isinstance(item, tuple) and item[0] == "out"


def _toward(p, q, r):
    """The point at distance r from p towards q (where a connection leaves a circle)."""
    dx, dy = q[0] - p[0], q[1] - p[1]
    d = (dx * dx + dy * dy) ** 0.5 or 1.0
    return (p[0] + dx * r / d, p[1] + dy * r / d)


def _dist(cx, cy, a, b) -> float:
    """Distance from (cx, cy) to the segment ab."""
    ax, ay = a
    bx, by = b
    dx, dy = bx - ax, by - ay
    L = dx * dx + dy * dy
    t = 0.0 if L == 0 else max(0.0, min(1.0, ((cx - ax) * dx + (cy - ay) * dy) / L))
    px, py = ax + t * dx, ay + t * dy
    return ((px - cx) ** 2 + (py - cy) ** 2) ** 0.5


def _place(text: Node, pts, xs, band, placed, others=()) -> Label | None:
    """A weight's label on its connection, between two columns, clear of everything placed;
    near the target first (that is whose weight it is)."""
    w, h = label_size((text,), LABEL_SIZE)
    candidates = []
    for (ax, ay), (bx, by) in reversed(list(zip(pts, pts[1:]))):
        if abs(bx - ax) < 1e-9:
            continue
        mid = (ax + bx) / 2
        lv = max(i for i, x in enumerate(xs) if x <= mid) if mid >= xs[0] else 0
        if lv + 1 >= len(band):
            continue
        g_lo, g_hi = band[lv][1] + 2.0 + w / 2, band[lv + 1][0] - 2.0 - w / 2
        lo, hi = max(g_lo, min(ax, bx)), min(g_hi, max(ax, bx))
        if hi < lo:
            continue
        n = max(2, int((hi - lo) / (w / 3)) + 1)
        xs_ = [lo + (hi - lo) * i / (n - 1) for i in range(n)] if hi > lo else [lo]
        xs_.sort(key=lambda x: abs((x - g_lo) / ((g_hi - g_lo) or 1) - 0.7))
        for cx in xs_:
            candidates.append((cx, ay + (by - ay) * (cx - ax) / (bx - ax)))
    # first a place no other connection crosses (a label on a crossing is ambiguous), then any
    for strict in (True, False):
        for cx, cy in candidates:
            box = Box.around(cx, cy, w, h)
            if any(box.overlaps(b, 0.5) for b in placed):
                continue
            if strict and any(_crosses(box, q) for q in others if q is not pts):
                continue
            return Label(cx, cy, (text,), LABEL_SIZE, w, h, fill="#ffffff", role="weight")
    return None


def _crosses(box: Box, pts) -> bool:
    """Does the polyline pass through the box? (Liang–Barsky, segment by segment.)"""
    x0, x1, y0, y1 = box.x0, box.x1, box.y0, box.y1
    for (ax, ay), (bx, by) in zip(pts, pts[1:]):
        if ((ax < x0 and bx < x0) or (ax > x1 and bx > x1)          # both ends on one side:
                or (ay < y0 and by < y0) or (ay > y1 and by > y1)):   # no crossing (the quick test)
            continue
        t0, t1 = 0.0, 1.0
        for p, q in ((ax - bx, ax - box.x0), (bx - ax, box.x1 - ax), (ay - by, ay - box.y0), (by - ay, box.y1 - ay)):
            if p == 0:
                if q < 0:
                    break
                continue
            r = q / p
            if p < 0:
                t0 = max(t0, r)
            else:
                t1 = min(t1, r)
        else:
            if t0 <= t1:
                return True
    return False
