"""problems.tex (one page per student: name and id, the network, the question; no solution) and
solutions.tex (one worked solution per student), both for pdflatex without shell escape."""
from __future__ import annotations

import unicodedata

from derive.exercises.answers import Questions, headings, notation
from derive.model.names import group, y
from derive.model.network import Network
from derive.render.backends.latex import PREAMBLE as LATEX_PREAMBLE
from derive.render.math import latex, latex_escape_text
from derive.render.mathprint import Printer

#: the worked solution's preamble (TikZ, booktabs, parskip), and array for the table's columns
PREAMBLE = LATEX_PREAMBLE + "\\usepackage{array}\n"

# accents pdflatex sets in its default (OT1) encoding, by Unicode combining mark
_ACCENTS = {"\u0301": "'", "\u0300": "`", "\u0302": "^", "\u0308": '"', "\u0303": "~", "\u0304": "=",
            "\u0307": ".", "\u0306": "u", "\u030c": "v", "\u030b": "H", "\u030a": "r", "\u0327": "c"}
_LETTERS = {"ß": r"\ss{}", "Ł": r"\L{}", "ł": r"\l{}", "Ø": r"\O{}", "ø": r"\o{}", "Æ": r"\AE{}",
            "æ": r"\ae{}", "Œ": r"\OE{}", "œ": r"\oe{}", "Å": r"\AA{}", "å": r"\aa{}", "ı": r"\i{}"}


def latex_name(s: str) -> str:
    """A student's name for LaTeX: accented Latin letters as accent commands (Zoë, Dvořák,
    Łukasz print as written), special characters made literal, anything else ``?``."""
    out = []
    for ch in s:
        if ord(ch) < 128:
            out.append(latex_escape_text(ch))
        elif ch in _LETTERS:
            out.append(_LETTERS[ch])
        else:
            base, *marks = unicodedata.normalize("NFD", ch)
            if ord(base) < 128 and base.isalpha() and len(marks) == 1 and marks[0] in _ACCENTS:
                base = r"\i" if base == "i" else base
                out.append(f"\\{_ACCENTS[marks[0]]}{{{base}}}")
            else:
                out.append(latex_escape_text(ch))
    return "".join(out)


def _source(P: Printer, net: Network, s: str) -> str:
    return latex(P.quantity(y(s)) if net.is_neuron(s) else P.ident(s))


def network_table(P: Printer, net: Network) -> list[str]:
    """The network as a table: each neuron's inputs in order, their weights, bias, activation."""
    rows = [r"\begin{center}", r"\begin{tabular}{c>{\raggedright\arraybackslash}p{0.28\linewidth}"
            r">{\raggedright\arraybackslash}p{0.28\linewidth}cl}", r"\toprule",
            r"neuron $j$ & inputs $k = 1, 2, \dots$ & weights $w_{jk}$ & bias $b_j$ & activation \\", r"\midrule"]
    for n in net.neurons:
        ins = ", ".join(f"${_source(P, net, s)}$" for s in n.inputs)
        ws = ", ".join(f"${latex(P.exact(wk))}$" for wk in n.weights)
        bias = "none" if n.bias is None else f"${latex(P.exact(n.bias))}$"
        rows.append(f"${latex(P.ident(n.id))}$ & {ins} & {ws} & {bias} & "
                    f"{latex_escape_text(n.activation.label)} \\\\")
    return rows + [r"\bottomrule", r"\end{tabular}", r"\end{center}"]


def drawing(P: Printer, net: Network) -> list[str]:
    """The network drawn (TikZ, the worked solution's picture), in place on the student's page
    (not a float, which could drift onto the next student's page)."""
    from derive.render.diagram import diagram
    from derive.render.draw import tikz
    from derive.render.story import drawable
    if not drawable(net):
        return []
    return [r"\begin{center}", tikz(diagram(net, P).scene(f"the network {net.name or ''}"),
                                     max_width=r"\linewidth"), r"\end{center}"]


def question(P: Printer, net: Network, qs: Questions, digits: int, answers_file: str) -> list[str]:
    t = net.training
    tnet = qs.net
    acts = sorted({n.activation.label for n in tnet.neurons})
    out_acts = [tnet.neuron(o).activation for o in tnet.outputs]
    many = len(qs.steps) > 1
    text = [r"\subsection*{Question}",
            (f"Train the network by backpropagation, online (the weights are updated after each "
             f"pattern), for {len(qs.steps)} step{'s' if many else ''}, with learning rate "
             f"$\\eta = {latex(P.exact(t.learning_rate))}$ and the error ${t.loss.error_rule('latex', out_acts)}$. ")
            + (f"For training, every neuron uses the activation {latex_escape_text(acts[0])}. "
               if t.activation else "")
            + "The patterns:",
            r"\begin{center}", r"\begin{tabular}{ccc}", r"\toprule", r"step & inputs $x$ & target $d$ \\",
            r"\midrule"]
    for s in qs.steps:
        p = s.passes[0].pattern
        text.append(f"{s.index} & ${latex(P.vector(p.x))}$ & ${latex(P.vector(p.d))}$ \\\\")
    text += [r"\bottomrule", r"\end{tabular}", r"\end{center}",
             f"For {'each step' if many else 'the step'}, give in this order, each to {digits} "
             f"significant digits, in your answers file \\texttt{{{latex_escape_text(answers_file)}}}:",
             r"\begin{itemize}"]
    groups: dict[str, list] = {}
    for q in qs.quantities:
        groups.setdefault(group(q), []).append(q)
    heads = headings(notation(None))
    for g, names in groups.items():
        text.append(f"\\item {latex_escape_text(heads[g])}: "
                    + ", ".join(f"${latex(P.quantity(q))}$" for q in names))
    return text + [r"\end{itemize}"]


def _header(title: str, name: str, sid: str) -> list[str]:
    who = (latex_name(name) + r" \hfill ") if name else r"\hfill "
    return [f"\\section*{{{latex_escape_text(title)}}}",
            f"\\textbf{{Student:}} {who}\\textbf{{Id:}} \\texttt{{{latex_escape_text(sid)}}}", ""]


def problems(pages, title: str, digits: int) -> str:
    """``pages``: (student, network, questions) for every student, in roster order."""
    body = []
    for st, net, qs in pages:
        P = Printer.for_network(net, digits)
        body += _header(title, st.name, st.id)
        body += [r"\subsection*{The network}"] + drawing(P, net) + network_table(P, net) + [""]
        body += question(P, net, qs, digits, f"answers/{st.id}.toml") + ["", r"\clearpage", ""]
    return PREAMBLE + "\\begin{document}\n\n" + "\n".join(body) + "\\end{document}\n"


def solutions(pages, title: str, digits: int) -> str:
    """``pages``: (student, solution) for every student; each worked solution on its own pages."""
    body = []
    for st, sol in pages:
        body += _header(f"{title}: solution", st.name, st.id)
        body += [sol.render("latex", digits=digits, fragment=True), r"\clearpage", ""]
    return PREAMBLE + "\\begin{document}\n\n" + "\n".join(body) + "\\end{document}\n"
