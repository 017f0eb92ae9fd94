"""Activations: one module per activation, each defining one
:class:`~derive.model.activations.base.Activation` subclass. Importing this package imports
every module in it, and defining the subclass registers it: adding an activation touches only
its own module (and its tests).

``ACTIVATIONS`` maps each canonical name to its class; ``activation(spec)`` reads a network
file's value (a name, an alias such as Hagan's ``logsig``, or a table with parameters).
"""
import importlib
import pkgutil

from derive.model.activations.base import ACTIVATIONS, SPELLINGS, Activation, SpecError, activation  # noqa: F401

for _module in pkgutil.iter_modules(__path__):
    if _module.name != "base":
        importlib.import_module(f"{__name__}.{_module.name}")
