"""Notations: how each textbook writes and names backpropagation, as data (one module per book).

``NOTATIONS`` maps each name to its :class:`~derive.notations.base.Notation`; importing this
package imports every module in it, and defining a notation registers it, so adding a book is
one module (and its golden test). ``notation(name)`` looks one up; ``DEFAULT`` is the seed's
(Haykin's).
"""
import importlib
import pkgutil

from derive.errors import InputError
from derive.notations.base import NOTATIONS, Notation, UpdateForm  # noqa: F401

for _module in pkgutil.iter_modules(__path__):
    if _module.name not in ("base", "layers", "formulas", "names"):
        importlib.import_module(f"{__name__}.{_module.name}")

DEFAULT = "haykin"
HAYKIN = NOTATIONS[DEFAULT]


def notation(name, source: str = "", field: str = "notation") -> Notation:
    """The notation called ``name`` (None: the default); an unknown name is an
    :class:`~derive.errors.InputError` of ``source``'s ``field`` listing the known ones."""
    if name is None:
        return HAYKIN
    if isinstance(name, Notation):
        return name
    if not isinstance(name, str) or name not in NOTATIONS:
        raise InputError(source, field, f"unknown notation {name!r} (known: {', '.join(sorted(NOTATIONS))})")
    return NOTATIONS[name]
