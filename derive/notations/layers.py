"""The layers of a network, as Hagan and Nielsen number them.

A neuron's layer is the longest path to it from the inputs (1: it sees only inputs). The
network is *layered* when every neuron of layer m takes exactly the outputs of layer m − 1
(the inputs for m = 1), each once, in any order: then each neuron has a position in its layer
(1-based, in the file's order) and each weight one in W^m (row: the neuron; column: the
position of its source in the layer before).
"""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Layers:
    of: dict              # neuron id -> its layer (1 = fed by inputs only)
    members: tuple        # members[m - 1]: the ids of layer m, in the network's order
    layered: bool         # fully connected layer to layer, nothing skipping a layer
    inputs: tuple         # the network's inputs (layer 0)

    @classmethod
    def of_network(cls, net) -> "Layers":
        of: dict[str, int] = {}
        for n in net.neurons:                    # topological order
            of[n.id] = 1 + max((of[s] for s in n.inputs if s in of), default=0)
        depth = max(of.values(), default=0)
        members = tuple(tuple(n.id for n in net.neurons if of[n.id] == m) for m in range(1, depth + 1))
        layered = True
        for n in net.neurons:
            m = of[n.id]
            before = net.inputs if m == 1 else members[m - 2]
            if len(n.inputs) != len(before) or set(n.inputs) != set(before):
                layered = False
                break
        return cls(of, members, layered, tuple(net.inputs))

    @property
    def depth(self) -> int:
        return len(self.members)

    def layer(self, nid: str) -> int:
        return self.of[nid]

    def position(self, nid: str) -> int:
        """1-based position of neuron ``nid`` in its layer."""
        return self.members[self.of[nid] - 1].index(nid) + 1

    def before(self, m: int) -> tuple:
        """The units feeding layer m: the inputs (m = 1) or the ids of layer m − 1."""
        return self.inputs if m == 1 else self.members[m - 2]

    def column(self, nid: str, source: str) -> int:
        """The column of the weight from ``source`` in neuron ``nid``'s row of W^m (1-based)."""
        return self.before(self.of[nid]).index(source) + 1

    def unit(self, m: int, i: int) -> str | None:
        """The id of the i-th neuron of layer m, or None."""
        if 1 <= m <= self.depth and 1 <= i <= len(self.members[m - 1]):
            return self.members[m - 1][i - 1]
        return None
