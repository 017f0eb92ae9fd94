"""The network diagram's layout on random DAGs: every connection drawn once, no label overlaps
another label or a neuron, each weight sits on its own connection, no connection passes
through a neuron it does not touch; and the three writers draw the same picture."""
import re

import pytest
from hypothesis import given, settings, strategies as st
from support import examples

import derive
from derive.render.diagram import diagram
from derive.render.draw import svg, tikz
from derive.render.layout import _dist
from derive.render.mathprint import Printer
from numeric.testing import networks


def _check(net, lay):
    connections = {(n.id, k + 1): s for n in net.neurons for k, s in enumerate(n.inputs)}
    drawn = [(e.target, e.k) for e in lay.edges]
    assert sorted(drawn) == sorted(connections), "every connection exactly once"
    for e in lay.edges:
        assert e.source == connections[(e.target, e.k)]
    boxes = lay.obstacles()
    for i, (a, ba) in enumerate(boxes):
        for b, bb in boxes[i + 1:]:
            if a.startswith("circle") and b.startswith("note") and a.split()[1] == b.split()[1]:
                continue                      # a neuron and the note under it touch by design
            assert not ba.overlaps(bb), f"{a} overlaps {b}"
    for e in lay.edges:                       # the label lies on its own connection
        x, y = e.label.x, e.label.y
        assert min(_dist(x, y, p, q) for p, q in zip(e.points, e.points[1:])) < 1e-6
        for node, (cx, cy, r) in lay.centers.items():
            if node not in (e.source, e.target):
                assert all(_dist(cx, cy, p, q) >= r for p, q in zip(e.points, e.points[1:])), \
                    f"{e.source}->{e.target} passes through {node}"
    for b in lay.labels():
        assert 0 <= b.box.x0 and b.box.x1 <= lay.width and 0 <= b.box.y0 and b.box.y1 <= lay.height


@settings(max_examples=examples(200))
@given(networks(max_neurons=10, max_inputs=4, training=False))
def test_layout_properties_on_random_dags(net):
    _check(net, diagram(net, Printer()))


@settings(max_examples=examples(60))
@given(networks(max_neurons=6, max_inputs=3, max_patterns=1), st.data())
def test_annotated_copies_keep_the_properties(net, data):
    sol = derive.solve(net)
    s = sol.steps[0]
    tnet = net.for_training()
    lay = diagram(tnet, Printer(), params=s.before, env=s.passes[0].env)
    _check(tnet, lay)
    notes = {k: len(lab.lines) for k, lab in lay.notes.items()}
    # b (when the neuron has one), v, y, δ under every neuron
    assert all(notes[n.id] == 3 + (n.bias is not None) for n in tnet.neurons)


def test_layers_by_longest_path():
    lay = diagram(derive.load("xor"), Printer())
    xs = {k: x for k, (x, y, r) in lay.centers.items()}
    assert xs["x1"] == xs["x2"] < xs["1"] < xs["2"]
    skip = [e for e in lay.edges if e.source == "x1" and e.target == "2"][0]
    assert len(skip.points) > 2                                # routed around neuron 1


@pytest.mark.parametrize("writer", [svg, tikz])
def test_writers_draw_every_edge_once(writer):
    net = derive.load("xor")
    lay = diagram(net, Printer())
    out = writer(lay.scene())
    if writer is svg:
        assert out.count('class="edge"') == 5 and out.count('class="output"') == 1
    else:
        assert len(re.findall(r"-stealth\] \(", out)) == 6      # 5 connections + the output
    for e in lay.edges:
        mant = e.label.lines[0].mant
        assert (mant.replace("-", "\u2212") if writer is svg else mant) in out
