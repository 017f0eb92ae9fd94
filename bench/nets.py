"""Networks for the benchmarks: layered tanh nets with reproducible random weights."""
from fractions import Fraction

import numpy as np

from derive.model.network import Pattern, Training, layered


def tanh_net(sizes, seed=0, patterns=1, output="linear", loss="half_sse"):
    """A layered tanh network; ``output="softmax", loss="cross_entropy"`` makes the last layer a
    softmax group trained on one-hot targets."""
    rng = np.random.default_rng(seed)
    W = [np.round(rng.uniform(-1, 1, (m, n)) / np.sqrt(n), 3) for n, m in zip(sizes[:-1], sizes[1:])]
    B = [np.round(rng.uniform(-1, 1, m) / np.sqrt(n), 3) for n, m in zip(sizes[:-1], sizes[1:])]
    conv = lambda a: [[Fraction(str(x)) for x in row] for row in a]
    def target():
        if output == "softmax":
            return tuple(Fraction(int(k == rng.integers(sizes[-1]))) for k in range(sizes[-1]))
        return tuple(Fraction(str(round(x, 2))) for x in rng.uniform(-1, 1, sizes[-1]))
    pats = tuple(Pattern(tuple(Fraction(str(round(x, 2))) for x in rng.uniform(-1, 1, sizes[0])), target())
                 for _ in range(patterns))
    t = Training(Fraction(1, 10), pats, steps=1, loss=loss)
    return layered(sizes, [conv(w) for w in W], [[Fraction(str(x)) for x in b] for b in B],
                   output=output, training=t, name="-".join(map(str, sizes)))
