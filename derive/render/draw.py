"""The writers of a :class:`~derive.render.scene.Scene`: TikZ (inside a LaTeX document, no
external file), SVG (inline in HTML, or a file) and PNG/PDF through matplotlib (imported only
when a picture file is written)."""
from __future__ import annotations

from html import escape

from derive.render import math as M
from derive.render.scene import Circle, Label, Path, Scene

#: a picture wider than this (pt) is scaled to the text width in LaTeX
TEXT_WIDTH_PT = 460.0
BLACK, WHITE = "#000000", "#ffffff"


# --------------------------------------------------------------------------- TikZ
def _tikz_color(c: str) -> str:
    r, g, b = (int(c[i:i + 2], 16) for i in (1, 3, 5))
    return f"{{rgb,255:red,{r};green,{g};blue,{b}}}"


def _f(x: float) -> str:
    return f"{x:.2f}".rstrip("0").rstrip(".")


def tikz(scene: Scene, max_width: str = r"\linewidth") -> str:
    out = [r"\begin{tikzpicture}[x=1pt,y=-1pt,line cap=round,line join=round]"]
    for it in scene.items:
        if isinstance(it, Path):
            opts = []
            if it.stroke:
                opts += ["draw" if it.stroke == BLACK else f"draw={_tikz_color(it.stroke)}",
                         f"line width={_f(it.width)}pt"]
            if it.fill:
                opts.append(f"fill={_tikz_color(it.fill)}")
            if it.arrow:
                opts.append("-stealth")          # a core arrow tip: a fragment needs no TikZ library
            if it.dashed:
                opts.append("dash pattern=on 3pt off 2pt")
            pts = " -- ".join(f"({_f(x)},{_f(y)})" for x, y in it.points) + (" -- cycle" if it.closed else "")
            out.append(f"\\path[{', '.join(opts)}] {pts};")
        elif isinstance(it, Circle):
            opts = ["fill=white" if it.fill == WHITE else f"fill={_tikz_color(it.fill)}"]
            if it.stroke:
                opts += ["draw" if it.stroke == BLACK else f"draw={_tikz_color(it.stroke)}",
                         f"line width={_f(it.width)}pt"]
            out.append(f"\\path[{', '.join(opts)}] ({_f(it.x)},{_f(it.y)}) circle[radius={_f(it.r)}];")
        elif isinstance(it, Label):
            opts = [f"font=\\fontsize{{{_f(it.size)}}}{{{_f(it.size * 1.2)}}}\\selectfont", "inner sep=0pt",
                    "align=center"] + ([] if it.color == BLACK else [f"text={_tikz_color(it.color)}"])
            if it.fill:
                opts.append(("fill=white" if it.fill == WHITE else f"fill={_tikz_color(it.fill)}")
                            + f", minimum width={_f(it.w)}pt, minimum height={_f(it.h)}pt")
            text = r"\\".join(f"${M.latex(n)}$" for n in it.lines)
            out.append(f"\\node[{', '.join(opts)}] at ({_f(it.x)},{_f(it.y)}) {{{text}}};")
        else:
            raise TypeError(it)
    out.append(r"\end{tikzpicture}")
    pic = "\n".join(out)
    if scene.width > TEXT_WIDTH_PT:
        return f"\\resizebox{{{max_width}}}{{!}}{{%\n{pic}}}"
    return pic


# --------------------------------------------------------------------------- SVG
_ITALIC = {"font-style": "italic"}


def svg_text(n: M.Node, sub: bool = False) -> str:
    """Math as SVG ``<tspan>``s: italic letters, upright digits, lowered subscripts."""
    if isinstance(n, M.Mi):
        return f'<tspan font-style="italic">{escape(n.name)}</tspan>'
    if isinstance(n, M.Sym):
        style = "" if n.name.upright else ' font-style="italic"'
        return f"<tspan{style}>{escape(n.name.unicode)}</tspan>"
    if isinstance(n, M.Mn):
        s = n.mant.replace("-", "\u2212")
        if n.exp is not None:
            s += f"\u00d710<tspan baseline-shift=\"super\" font-size=\"70%\">{str(n.exp).replace('-', chr(0x2212))}</tspan>"
        return escape(s) if n.exp is None else s
    if isinstance(n, M.Mo):
        o = M.OPS[n.op]
        u = o.unicode if n.op != "times" else "\u2009"
        return escape(f" {u} " if o.kind in ("bin", "rel") else u)
    if isinstance(n, M.Row):
        return "".join(svg_text(i, sub) for i in n.items)
    if isinstance(n, M.Sub):
        return (svg_text(n.base, sub) + '<tspan baseline-shift="sub" font-size="70%">'
                + svg_text(n.sub, True) + "</tspan>")
    if isinstance(n, M.Sup):
        return (svg_text(n.base, sub) + '<tspan baseline-shift="super" font-size="70%">'
                + svg_text(n.sup, True) + "</tspan>")
    if isinstance(n, M.Frac):
        return svg_text(n.num, sub) + "/" + svg_text(n.den, sub)
    if isinstance(n, M.Fence):
        return "(" + svg_text(n.body, sub) + ")"
    if isinstance(n, M.Apply):
        return svg_text(n.fn, sub) + "(" + svg_text(n.arg, sub) + ")"
    if isinstance(n, M.Text):
        return escape(n.words)
    if isinstance(n, M.Alt):
        return svg_text(n.node, sub)
    if isinstance(n, M.Raw):
        return escape(n.unicode)
    if isinstance(n, M.Space):
        return " "
    if isinstance(n, M.Under):
        return svg_text(n.base, sub) + svg_text(n.under, True)
    raise TypeError(n)


def svg(scene: Scene) -> str:
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {_f(scene.width)} {_f(scene.height)}" '
           f'width="{_f(scene.width * 4 / 3)}" height="{_f(scene.height * 4 / 3)}" role="img" '
           'font-family="\'Latin Modern Roman\', \'CMU Serif\', \'DejaVu Serif\', \'Times New Roman\', serif">']
    if scene.title:
        out.append(f"<title>{escape(scene.title)}</title>")
    out.append('<defs><marker id="hg-arrow" viewBox="0 0 6 4.4" refX="6" refY="2.2" markerWidth="6" '
               'markerHeight="4.4" markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L6,2.2 L0,4.4 z"/>'
               "</marker></defs>")
    for it in scene.items:
        cls = f' class="{it.role}"' if getattr(it, "role", "") else ""
        if isinstance(it, Path):
            d = "M" + " L".join(f"{_f(x)},{_f(y)}" for x, y in it.points) + (" Z" if it.closed else "")
            attrs = [f'd="{d}"', f'fill="{it.fill or "none"}"']
            if it.stroke:
                attrs += [f'stroke="{it.stroke}"', f'stroke-width="{_f(it.width)}"']
            if it.arrow:
                attrs.append('marker-end="url(#hg-arrow)"')
            if it.dashed:
                attrs.append('stroke-dasharray="3 2"')
            out.append(f"<path{cls} {' '.join(attrs)}/>")
        elif isinstance(it, Circle):
            stroke = f' stroke="{it.stroke}" stroke-width="{_f(it.width)}"' if it.stroke else ""
            out.append(f'<circle{cls} cx="{_f(it.x)}" cy="{_f(it.y)}" r="{_f(it.r)}" fill="{it.fill}"{stroke}/>')
        elif isinstance(it, Label):
            g = [f"<g{cls}>"]
            if it.fill:
                b = it.box
                g.append(f'<rect x="{_f(b.x0)}" y="{_f(b.y0)}" width="{_f(it.w)}" height="{_f(it.h)}" '
                         f'fill="{it.fill}"/>')
            n = len(it.lines)
            for i, line in enumerate(it.lines):
                y = it.y + (i - (n - 1) / 2) * it.size * 1.25
                g.append(f'<text x="{_f(it.x)}" y="{_f(y)}" font-size="{_f(it.size)}" fill="{it.color}" '
                         f'text-anchor="middle" dominant-baseline="central">{svg_text(line)}</text>')
            out.append("\n".join(g) + "</g>")
        else:
            raise TypeError(it)
    out.append("</svg>")
    return "\n".join(out)


# --------------------------------------------------------------------------- files
def save(scene: Scene, path: str, dpi: int = 150) -> None:
    """The picture as a file: ``.svg`` written directly, ``.png``/``.pdf`` through matplotlib."""
    from derive.fileio import write_atomic
    if path.endswith(".svg"):
        write_atomic(path, '<?xml version="1.0" encoding="UTF-8"?>\n' + svg(scene) + "\n")
        return
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    with plt.rc_context({"mathtext.fontset": "cm"}):      # the look of the LaTeX document
        _draw(plt, scene, path, dpi)


def _draw(plt, scene: Scene, path: str, dpi: int) -> None:
    from derive.fileio import save_figure
    from matplotlib.patches import Circle as MCircle, FancyArrowPatch, Polygon, Rectangle
    fig = plt.figure(figsize=(scene.width / 72, scene.height / 72))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, scene.width)
    ax.set_ylim(scene.height, 0)
    ax.axis("off")
    z = 1
    for it in scene.items:
        z += 1
        if isinstance(it, Path):
            if it.closed or it.fill:
                ax.add_patch(Polygon(it.points, closed=it.closed, facecolor=it.fill or "none",
                                     edgecolor=it.stroke or "none", linewidth=it.width, zorder=z))
                continue
            xs, ys = zip(*it.points)
            ax.plot(xs[:-1] if it.arrow else xs, ys[:-1] if it.arrow else ys, color=it.stroke,
                    linewidth=it.width, linestyle=(0, (3, 2)) if it.dashed else "-", zorder=z,
                    solid_capstyle="round")
            if it.arrow:
                ax.add_patch(FancyArrowPatch(it.points[-2], it.points[-1], arrowstyle="-|>,head_length=4,head_width=1.8",
                                             color=it.stroke, linewidth=it.width, zorder=z, shrinkA=0, shrinkB=0,
                                             mutation_scale=1))
        elif isinstance(it, Circle):
            ax.add_patch(MCircle((it.x, it.y), it.r, facecolor=it.fill, edgecolor=it.stroke or "none",
                                 linewidth=it.width, zorder=z))
        elif isinstance(it, Label):
            if it.fill:
                b = it.box
                ax.add_patch(Rectangle((b.x0, b.y0), it.w, it.h, facecolor=it.fill, edgecolor="none", zorder=z))
            text = "\n".join("$" + _mathtext(n) + "$" for n in it.lines)
            ax.text(it.x, it.y, text, fontsize=it.size, color=it.color, ha="center", va="center",
                    zorder=z + 0.5, linespacing=1.25)
        else:
            raise TypeError(it)
    save_figure(fig, path, dpi=dpi)


def _mathtext(n: M.Node) -> str:
    """LaTeX as matplotlib's mathtext reads it."""
    return M.latex(n).replace(r"\tfrac", r"\frac").replace(r"\operatorname", r"\mathrm")
