"""handgrad's symbolic layer: network model, fields, boundaries, truth tables, exact backprop,
rendering and answer checking. Imports neither torch nor matplotlib."""
from derive.errors import InputError
from derive.model.network import Network, Neuron, Pattern, Training, load, loads


def solve(network, digits: int = 4):
    """What ``handgrad solve --format json`` prints, as Python objects (a :class:`Solution`)."""
    from derive.solution import solve as _solve
    return _solve(network, digits=digits)


__all__ = ["InputError", "Network", "Neuron", "Pattern", "Training", "load", "loads", "solve"]
