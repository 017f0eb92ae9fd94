"""moodle.xml: one Moodle "Embedded answers (Cloze)" question per variant, for import into a
question bank (Question bank → Import → Moodle XML format).

Each answer is a NUMERICAL sub-question ``{1:NUMERICAL:=ANSWER:TOLERANCE}``: ANSWER is the key's
value rounded to ``digits`` significant digits, TOLERANCE half a unit of its last digit, so
Moodle accepts exactly the numbers that round to the key at ``digits`` digits (more digits are
welcome, fewer are not). The category is ``$course$/top/TITLE``; each question is named
``TITLE - ID`` and carries the student's id as its ID number.
"""
from __future__ import annotations

import html
from fractions import Fraction

from derive.exercises.answers import KeyValue, Questions
from derive.model.constants import Constant
from derive.model.names import parse
from derive.model.network import Network
from derive.model.numbers import exact_str, text_number

#: a quantity's kind as plain HTML (Moodle's editor keeps <sub>, not MathML)
_SYMBOL = {"delta": "&delta;", "dphi": "&phi;&prime;", "grad_w": "&part;E/&part;w", "grad_b": "&part;E/&part;b",
           "dw": "&Delta;w", "db": "&Delta;b"}


def label(q: str) -> str:
    """A quantity as HTML: ``w[2,3]`` -> w<sub>23</sub> (w<sub>2,3</sub> for longer ids)."""
    parsed = parse(q)
    if parsed is None:
        return html.escape(q)
    kind, j, k = parsed
    if kind == "E":
        return "E"
    sub = j if k is None else (f"{j}{k}" if len(j) == 1 and k < 10 else f"{j},{k}")
    return f"{_SYMBOL.get(kind, html.escape(kind))}<sub>{_text(sub)}</sub>"


def _text(s: str) -> str:
    """User text in the question: HTML-escaped, and no brace that Moodle could read as Cloze."""
    return html.escape(s).replace("{", "&#123;").replace("}", "&#125;")


def _cdata(s: str) -> str:
    return "<![CDATA[" + s.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _number(x) -> str:
    """A number of the network as written: exactly, a constant as its expression."""
    if isinstance(x, Fraction):
        return exact_str(x)
    return html.escape(x.printed("unicode")) if isinstance(x, Constant) else text_number(x, 12)


def question_html(st, net: Network, qs: Questions, key: list[KeyValue], digits: int) -> str:
    t = net.training
    out = [f"<p><b>{_text(st.name or st.id)}</b> ({_text(st.id)})</p>",
           "<p>The network (w<sub>jk</sub> is the weight of neuron j's k-th input):</p>",
           '<table border="1" cellpadding="4"><tr><th>neuron j</th><th>inputs k = 1, 2, ...</th>'
           "<th>weights w<sub>jk</sub></th><th>bias b<sub>j</sub></th><th>activation</th></tr>"]
    for n in net.neurons:
        ins = ", ".join(f"y<sub>{_text(s)}</sub>" if net.is_neuron(s) else _text(s) for s in n.inputs)
        out.append(f"<tr><td>{_text(n.id)}</td><td>{ins}</td><td>{', '.join(map(_number, n.weights))}</td>"
                   f"<td>{'none' if n.bias is None else _number(n.bias)}</td><td>{_text(n.activation.label)}</td></tr>")
    out.append("</table>")
    acts = sorted({n.activation.label for n in qs.net.neurons})
    out_acts = [qs.net.neuron(o).activation for o in qs.net.outputs]
    out.append(f"<p>Train it by backpropagation, online, with learning rate &eta; = {_number(t.learning_rate)} "
               f"and {_text(t.loss.error_rule('unicode', out_acts))}"
               + (f"; for training every neuron uses {_text(acts[0])}" if t.activation else "")
               + f". Give every value to {digits} significant digits; weights and biases after the update.</p>")
    answers: dict[int, list[KeyValue]] = {}
    for k in key:
        answers.setdefault(k.step, []).append(k)
    for s in qs.steps:
        p = s.passes[0].pattern
        out.append(f"<p>Step {s.index}: x = ({', '.join(map(_number, p.x))}), "
                   f"d = ({', '.join(map(_number, p.d))})</p>")
        out.append('<table border="1" cellpadding="4">')
        for k in answers[s.index]:
            out.append(f"<tr><td>{label(k.quantity)}</td><td>"
                       f"{{1:NUMERICAL:={k.rounded}:{k.tolerance()}}}</td></tr>")
        out.append("</table>")
    return "\n".join(out)


def quiz(items, title: str, digits: int) -> str:
    """``items``: (student, network, questions, key) for every student, in roster order."""
    out = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>",
           '  <question type="category">',
           f"    <category><text>{html.escape('$course$/top/' + title.replace('/', '-'))}</text></category>",
           "  </question>"]
    for st, net, qs, key in items:
        out += ['  <question type="cloze">',
                f"    <name><text>{html.escape(f'{title} - {st.id}')}</text></name>",
                f'    <questiontext format="html"><text>{_cdata(question_html(st, net, qs, key, digits))}</text></questiontext>',
                '    <generalfeedback format="html"><text></text></generalfeedback>',
                "    <penalty>0.3333333</penalty>",
                "    <hidden>0</hidden>",
                f"    <idnumber>{html.escape(st.id)}</idnumber>",
                "  </question>"]
    return "\n".join(out + ["</quiz>"]) + "\n"
