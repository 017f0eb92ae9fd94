"""Losses: one module per loss, each defining one :class:`~derive.model.losses.base.Loss`
subclass, registered by being defined; importing this package imports every module in it.

``LOSSES`` maps each name to its (stateless) loss object; ``HALF_SSE`` is the default.
"""
import importlib
import pkgutil

from derive.model.losses.base import LOSSES, Loss  # noqa: F401

for _module in pkgutil.iter_modules(__path__):
    if _module.name != "base":
        importlib.import_module(f"{__name__}.{_module.name}")

HALF_SSE = LOSSES["half_sse"]
