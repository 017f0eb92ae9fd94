"""Plain text: the contract's quantity names (``w[2,3]``, ``delta[1]``), one formula a line."""
from __future__ import annotations

import textwrap

from derive.render import math as M
from derive.render.backends import Backend, handles
from derive.render.blocks import Document, Equations, Figure, Heading, Items, Para, Region, Table, Title


#: prose is wrapped at this many columns (formulas are not: one formula a line)
COLUMNS = 88


def inline(parts) -> str:
    return "".join(p if isinstance(p, str) else M.text(p) for p in parts)


def wrap(s: str, first: str = "", rest: str = "") -> str:
    return textwrap.fill(s, COLUMNS, initial_indent=first, subsequent_indent=rest,
                         break_long_words=False, break_on_hyphens=False)


class TextBackend(Backend):
    name = "text"

    @handles(Title)
    def title(self, b: Title) -> str:
        return f"{b.text}\n{'=' * len(b.text)}"

    @handles(Heading)
    def heading(self, b: Heading) -> str:
        s = inline(b.parts)
        return f"{s}\n{'-' * len(s)}" if b.level == 1 else s

    @handles(Para)
    def para(self, b: Para) -> str:
        return wrap(inline(b.parts))

    @handles(Items)
    def items(self, b: Items) -> str:
        return "\n".join(wrap(inline(it), "  - ", "    ") for it in b.items)

    @handles(Equations)
    def equations(self, b: Equations) -> str:
        out = []
        for i, (lhs, rhs) in enumerate(b.rows):
            chain = [M.text(lhs)] if lhs is not None else []
            chain += [M.text(r) for r in rhs]
            own = lhs is not None and rhs and M.starts_with_relation(rhs[0])    # w -> w - eta*delta*a
            line = "    " + (chain[0] + chain[1] + "".join(" = " + c for c in chain[2:]) if own
                             else " = ".join(chain))
            note = b.notes[i] if i < len(b.notes) else ()
            out.append(line + (f"    ({inline(note)})" if note else ""))
        return "\n".join(out)

    @handles(Region)
    def region(self, b: Region) -> str:
        out = ["    " + ("or  " if i else "    ") + M.text(c) for i, c in enumerate(b.cells)]
        out += [f"    and {words} {M.text(c)}" for words, c in b.pieces]
        return "\n".join(out)

    @handles(Table)
    def table(self, b: Table) -> str:
        header = [inline((h,)) for h in b.header]
        rows = [[inline((c,)) for c in r] for r in b.rows]
        widths = [max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(header)]

        def line(cells):
            return "    " + "  ".join(c.rjust(wd) for c, wd in zip(cells, widths))
        out = [line(header), "    " + "  ".join("-" * wd for wd in widths)] + [line(r) for r in rows]
        if b.caption:
            out.insert(0, inline(b.caption))
        return "\n".join(out)

    @handles(Figure)
    def figure(self, b: Figure) -> str:
        # text cannot draw: the picture is named when it was written to a file, else left out
        return f"[Figure: {inline(b.caption)} ({b.file})]" if b.file else ""

    def document(self, doc: Document, standalone: bool = True) -> str:
        return self.body((Title(doc.title),) + tuple(doc.blocks)).rstrip() + "\n"
