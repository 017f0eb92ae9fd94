"""Which network an answers file is graded against — the instructor decides.

- ``--network FILE|BUILTIN``: every file against that network;
- ``--variants DIR`` (a ``generate`` folder): each file against ``DIR/variants/ID.toml``, ID being
  the file's ``id`` key, else its file name's stem;
- with either, a student's own ``network`` key is not followed; where it names something else,
  the result says so (a note);
- without them, a file's ``network`` may name a built-in network, or a regular file, relative to
  the answers file, that resolves inside the folder ``check`` runs in (the working directory):
  never an absolute path, nothing that resolves outside that folder (``..`` too far, a link out),
  never a device, FIFO or directory. A built-in name always means the built-in network.

Every network is read by :func:`derive.fileio.read_regular` (regular files only, the size bound
applied while reading) and derived once per content: 300 per-student variants of which many
are identical cost one derivation each distinct file.
"""
from __future__ import annotations

import hashlib
import os
import re
from pathlib import Path

from derive.errors import InputError
from derive.fileio import read_regular
from derive.grading.derivation import Derivation, Parts
from derive.model.network import BUILTINS, MAX_FILE_BYTES, builtin, loads

_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.@-]{0,127}")


class Networks:
    """The instructor's choice of network, and the derivations of a class (cached by content)."""

    def __init__(self, network: str | None = None, variants: str | None = None, root: str | None = None):
        if network is not None and variants is not None:
            raise InputError("handgrad check", "--network", "give --network or --variants, not both")
        self.network = network
        self.variants = None if variants is None else Path(variants)
        self.root = os.path.realpath(root or os.getcwd())
        self._cache: dict[str, object] = {}
        if self.variants is not None and not (self.variants / "variants").is_dir():
            raise InputError(str(variants), "--variants", "no variants/ folder in it (expected a "
                             "`handgrad generate` output folder)")

    # -- the choice ------------------------------------------------------------------------------
    def choose(self, path: Path, data: dict) -> tuple[str, object, str | None]:
        """(name to report, derivation or parts, note) for one answers file; raises InputError
        naming the ``network`` field when the file's own choice is not allowed."""
        own = data.get("network")
        if own is not None and not isinstance(own, str):
            raise InputError(str(path), "network", "must be a string: a built-in name or a network file's path")
        if self.network is not None:
            name = self.network
            D = self._instructor(self.network)
        elif self.variants is not None:
            sid = student_id(path, data)
            if not isinstance(sid, str) or not _ID.fullmatch(sid) or ".." in sid:
                raise InputError(str(path), "id", f"{sid!r} is not a student id (letters, digits, _ . @ -)")
            target = self.variants / "variants" / f"{sid}.toml"
            name = str(target)
            D = self._file(target, str(target))
        else:
            if own is None:
                raise InputError(str(path), "network", "missing: a built-in name or a network file's path")
            return own, self._student(path, own), None
        note = None
        if own is not None and not self._same(path, own, name):
            note = f"the file names network {own!r}; graded against {name!r} as the instructor chose"
        return name, D, note

    def _same(self, path: Path, own: str, chosen: str) -> bool:
        if own in BUILTINS or chosen in BUILTINS:
            return own == chosen
        mine = os.path.normpath(os.path.join(os.path.abspath(path.parent), own))
        return mine == os.path.normpath(os.path.abspath(chosen)) or \
            os.path.realpath(mine) == os.path.realpath(chosen)

    def _instructor(self, spec: str):
        if spec in BUILTINS:
            return self._builtin(spec)
        return self._file(Path(spec), spec)

    def _student(self, path: Path, spec: str):
        if spec in BUILTINS:
            return self._builtin(spec)
        if "\0" in spec or not spec.strip():
            raise InputError(str(path), "network", "not a file name")
        if os.path.isabs(spec) or re.match(r"[A-Za-z]:[\\/]", spec) or spec.startswith(("\\", "~")):
            raise InputError(str(path), "network", f"{spec!r}: an absolute path is not allowed; name a "
                             "built-in network or a file relative to the answers file (or the instructor "
                             "runs check with --network)")
        target = os.path.realpath(os.path.join(path.parent, spec))
        if os.path.commonpath([target, self.root]) != self.root:
            raise InputError(str(path), "network", f"{spec!r} resolves outside the folder check runs in; "
                             "only network files inside it may be named (or the instructor runs check "
                             "with --network)")
        return self._file(Path(target), spec)

    # -- loading, once per content -------------------------------------------------------------
    def _builtin(self, name: str):
        key = "builtin:" + name
        if key not in self._cache:
            self._cache[key] = _derive(lambda: builtin(name))
        return _raise(self._cache[key], name)

    def _file(self, target: Path, shown: str):
        try:
            raw = read_regular(target, MAX_FILE_BYTES)
        except InputError as e:
            raise InputError(shown, "", e.message) from None
        key = hashlib.sha256(raw).hexdigest()
        if key not in self._cache:
            def load():
                try:
                    text = raw.decode("utf-8-sig")
                except UnicodeDecodeError:
                    raise InputError(shown, "", "not UTF-8 text") from None
                return loads(text, source=shown)
            self._cache[key] = _derive(load)
        return _raise(self._cache[key], shown)


def student_id(path, data: dict):
    """A student's id: the answers file's ``id`` key, else its file name's stem (the variant
    ``--variants`` grades it against, the ``id`` column of ``--format grades``)."""
    return data.get("id", Path(path).stem)


def _derive(load):
    """A network's Derivation, or its Parts (a) and (b) when it has no [training] or cannot be
    trained (with the reason kept for numeric answers), or the InputError it raises."""
    try:
        net = load()
    except InputError as e:
        return e
    if net.training is None:
        return Parts(net)
    try:
        return Derivation(net)
    except InputError as e:
        parts = Parts(net)
        parts.training_error = e
        return parts


def _raise(got, shown: str):
    if isinstance(got, InputError):
        raise got
    return got
