"""handgrad's symbolic layer: network model, fields, boundaries, truth tables, exact backprop,
rendering and answer checking. Imports neither torch nor matplotlib."""
from derive.errors import InputError
from derive.model.network import Network, Neuron, Pattern, Training, load, loads


def solve(network, digits: int = 4, budget=None):
    """What ``handgrad solve --format json`` prints, as Python objects (a :class:`Solution`);
    ``budget``: a :class:`derive.budget.Budget` (default: the README's limits)."""
    from derive.solution import solve as _solve
    return _solve(network, digits=digits, budget=budget)


__all__ = ["InputError", "Network", "Neuron", "Pattern", "Training", "load", "loads", "solve"]
